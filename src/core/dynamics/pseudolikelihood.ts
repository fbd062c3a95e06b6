/**
 * Zero-temperature parallel dynamics of pseudo-likelihood couplings (paper 000 Eq. 5): x_i ← sign(Σ_{j≠i} J_ij x_j),
 * all spins at once, for many starts together (one GEMM per step), and the retrieval measurements built on it —
 * final overlaps from corrupted targets, retrieval maps m_F(m_IN) (Fig. 2) and the basin size 1 − m_IN^max (Fig. 3).
 * The couplings are trained in core/models/pseudolikelihood.ts.
 */
import { backend } from '../linalg/index.js';
import { transpose } from '../models/classical.js';
import { corruptToOverlap, type PatternSet, patternRow } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import type { Bounds } from '../validate.js';

/** Outcome of a batch of zero-temperature parallel runs. */
export interface BatchRunResult {
  /** Final states, B×N row-major. */
  readonly states: Float64Array;
  /** Steps taken by each run. */
  readonly steps: Int32Array;
  /** 1 where the run reached a fixed point, 2 where it ended in a 2-cycle, 0 where it hit maxSteps. */
  readonly outcome: Uint8Array;
}

/**
 * Zero-temperature parallel dynamics x ← sign(J x) (paper 000 Eq. 5; sign(0) keeps the spin) for B starting
 * states at once (B×N row-major, not modified). Each run stops at a fixed point or a 2-cycle (then the last state
 * before the repeat is returned), as runDynamics({kind: 'parallel'}) does; the still-running states are advanced
 * together by one GEMM per step. The diagonal of J is ignored.
 */
export function runParallelBatch(
  couplings: Float64Array,
  n: number,
  starts: Float64Array,
  maxSteps: number,
): BatchRunResult {
  if (couplings.length !== n * n)
    throw new RangeError(`couplings must have N² = ${n * n} entries (got ${couplings.length})`);
  if (starts.length % n !== 0)
    throw new RangeError(`starts must hold whole states of N = ${n} spins (got ${starts.length} numbers)`);
  if (!Number.isInteger(maxSteps) || maxSteps < 0)
    throw new RangeError(`maxSteps must be an integer ≥ 0 (got ${maxSteps})`);
  const b = starts.length / n;
  const jt = transpose(n, n, couplings);
  for (let i = 0; i < n; i++) jt[i * n + i] = 0;
  const cur = Float64Array.from(starts);
  const prev = Float64Array.from(starts);
  const steps = new Int32Array(b);
  const outcome = new Uint8Array(b);
  let active = Int32Array.from({ length: b }, (_, k) => k);
  const buf = new Float64Array(b * n);
  const fields = new Float64Array(b * n);
  const kernel = backend();
  for (let t = 0; t < maxSteps && active.length > 0; t++) {
    const m = active.length;
    for (let a = 0; a < m; a++) buf.set(cur.subarray(active[a] * n, (active[a] + 1) * n), a * n);
    kernel.gemm(m, n, n, buf, jt, fields);
    const still: number[] = [];
    for (let a = 0; a < m; a++) {
      const r = active[a];
      const o = r * n;
      const fo = a * n;
      let changed = 0;
      let cycle = t >= 1;
      for (let i = 0; i < n; i++) {
        const f = fields[fo + i];
        const old = cur[o + i];
        const v = f > 0 ? 1 : f < 0 ? -1 : old;
        if (v !== old) changed++;
        if (cycle && v !== prev[o + i]) cycle = false;
        prev[o + i] = old;
        cur[o + i] = v;
      }
      steps[r] = t + 1;
      if (changed === 0) outcome[r] = 1;
      else if (cycle) {
        outcome[r] = 2;
        // Return the state before the repeat, as runDynamics does.
        cur.set(prev.subarray(o, o + n), o);
      } else still.push(r);
    }
    active = Int32Array.from(still);
  }
  return { states: cur, steps, outcome };
}

/** Mean Mattis overlaps (1/N) Σ_i a_i^r b_i^r of two B×N batches, one per row. */
export function rowOverlaps(n: number, a: Float64Array, b: Float64Array): Float64Array {
  const rows = a.length / n;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * n;
    for (let i = 0; i < n; i++) s += a[o + i] * b[o + i];
    out[r] = s / n;
  }
  return out;
}

/** Options of retrieval measurements. */
export interface RetrievalOptions {
  /** Step limit of the parallel dynamics (default 100). */
  readonly maxSteps?: number;
}

/** One point of a retrieval map. */
export interface RetrievalPoint {
  readonly m0: number;
  /** Mean final overlap m_F over the targets. */
  readonly meanOverlap: number;
  readonly std: number;
  /** Share of targets with m_F ≥ 0.99. */
  readonly success: number;
}

/**
 * Final overlaps m_F = x^F·ξ/N of the parallel dynamics started from each target corrupted to overlap m_IN
 * (round((1 − m_IN)N/2) spins flipped); paper 000 section IV.
 */
export function finalOverlaps(
  couplings: Float64Array,
  targets: PatternSet,
  m0: number,
  rng: Rng,
  opts: RetrievalOptions = {},
): Float64Array {
  const { p, n } = targets;
  const starts = new Float64Array(p * n);
  for (let mu = 0; mu < p; mu++)
    starts.set(
      m0 === 1 ? patternRow(targets, mu) : corruptToOverlap(rng, patternRow(targets, mu), m0),
      mu * n,
    );
  const res = runParallelBatch(couplings, n, starts, opts.maxSteps ?? 100);
  return rowOverlaps(n, res.states, targets.data);
}

function summarize(m0: number, m: Float64Array): RetrievalPoint {
  let s = 0;
  let ok = 0;
  for (const v of m) {
    s += v;
    if (v >= 0.99) ok++;
  }
  const mean = s / m.length;
  let v2 = 0;
  for (const v of m) v2 += (v - mean) ** 2;
  return { m0, meanOverlap: mean, std: Math.sqrt(v2 / m.length), success: ok / m.length };
}

/** Retrieval map m_F(m_IN) averaged over the targets (paper 000 Fig. 2). */
export function retrievalMap(
  couplings: Float64Array,
  targets: PatternSet,
  m0s: readonly number[],
  rng: Rng,
  opts: RetrievalOptions = {},
): RetrievalPoint[] {
  for (const m of m0s)
    if (!(m >= -1 && m <= 1)) throw new RangeError(`initial overlaps must be in [-1, 1] (got ${m})`);
  return m0s.map((m) => summarize(m, finalOverlaps(couplings, targets, m, rng, opts)));
}

/** Options of the basin-size scan. */
export interface BasinOptions extends RetrievalOptions {
  /** Grid step of m_IN, scanned down from 1 (default 0.02). */
  readonly step?: number;
  /** Mean final overlap that counts as retrieval (default 0.99). */
  readonly threshold?: number;
}

/**
 * Basin size 1 − m_IN^max, where m_IN^max is the largest m_IN on the grid 1, 1 − step, … at which the mean
 * retrieval map falls below m_F = threshold (paper 000 Fig. 3); 0 when it fails already at m_IN = 1, 1 when it
 * never fails down to m_IN = 0.
 */
export function basinSize(
  couplings: Float64Array,
  n: number,
  targets: PatternSet,
  rng: Rng,
  opts: BasinOptions = {},
): number {
  const step = opts.step ?? 0.02;
  const threshold = opts.threshold ?? 0.99;
  if (!(step >= PL_BASIN_MIN_STEP && step <= 1))
    throw new RangeError(`basin step must be in [1e-4, 1] (got ${step}): at most about 10,000 grid values`);
  if (targets.n !== n) throw new RangeError(`targets must have N = ${n} spins (got ${targets.n})`);
  const count = Math.round(1 / step);
  for (let k = 0; k <= count; k++) {
    const m0 = Math.max(0, Number((1 - k * step).toFixed(10)));
    const m = finalOverlaps(couplings, targets, m0, rng, opts);
    let s = 0;
    for (const v of m) s += v;
    if (s / m.length < threshold) return Number((1 - m0).toFixed(10));
  }
  return 1;
}

/** Step limit of one run of the parallel dynamics (`maxSteps`; `--max-sweeps`, one sweep = one parallel step). */
export const PL_MAX_STEPS: Bounds = { integer: true, min: 1, max: 100_000 };
/** Initial overlap m_IN of a retrieval measurement with a clean target. */
export const PL_OVERLAP_IN: Bounds = { min: 0, max: 1 };
/** Grid step of m_IN in the basin scan (`step` of {@link basinSize} as the surfaces allow it). */
export const PL_BASIN_STEP: Bounds = { min: 0, minExclusive: true, max: 0.5 };
/** Smallest basin-scan step: the grid 1, 1 − step, …, 0 holds at most about 10,000 values. */
export const PL_BASIN_MIN_STEP = 1e-4;

/** Bytes of one batch of B parallel runs of N spins: starts, current, previous, gathered and field buffers. */
export function parallelBatchBytes(b: number, n: number): number {
  return 8 * (5 * b * n + n * n);
}

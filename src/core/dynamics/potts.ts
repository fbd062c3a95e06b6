/**
 * Dynamics of Potts models (paper 000 section IV.D): the zero-temperature sequential dynamics whose fixed points
 * are the memories, and finite-temperature Monte Carlo sampling of sequences (Gibbs or Metropolis).
 *
 * T = 0 (paper 000 Eq. 3 with Potts variables): sites visited in a fresh random order each sweep,
 * a_i ← argmax_a e_i(a) with e_i(a) = h_i(a) + Σ_{j≠i} J_ij(a, a_j) (the current letter is kept on ties), until a
 * sweep changes nothing.
 *
 * T > 0: the Boltzmann distribution P(a) ∝ exp(−E(a)/T) with E(a) = −Σ_i h_i(a_i) − Σ_{i<j} J^s_ij(a_i, a_j), where
 * J^s is the symmetrized coupling ½[J_ij(a, b) + J_ji(b, a)] (asymmetric couplings define no joint distribution;
 * plmDCA users sample this one). A Gibbs update draws a_i from p(a) ∝ exp(e_i(a)/T); a Metropolis update proposes a
 * uniform other letter and accepts with probability min(1, exp(ΔE·(−1/T))).
 */
import { drawFromLocalFields, type PottsModel } from '../models/potts.js';
import type { Rng } from '../rng/index.js';

/** Options of the zero-temperature dynamics. */
export interface PottsDynamicsOptions {
  /** Sweep limit (default 100). */
  readonly maxSweeps?: number;
  /** Called after each change of a letter (site, old letter, new letter). */
  readonly onMove?: (i: number, from: number, to: number) => void;
}

export interface PottsDynamicsResult {
  readonly final: Uint8Array;
  readonly sweeps: number;
  /** True when the last sweep changed nothing (a fixed point). */
  readonly converged: boolean;
  /** Letters changed in total. */
  readonly moves: number;
}

/** Couplings by column, JC[((j·q + b)·N + i)·q + a] = J_ij(a, b): the change of a_j touches one contiguous block. */
function columnCouplings(model: PottsModel): Float64Array {
  const { n, q, couplings } = model;
  const t = new Float64Array(couplings.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const o = (i * n + j) * q * q;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) t[((j * q + b) * n + i) * q + a] = couplings[o + a * q + b];
    }
  return t;
}

/** S_i = max_c |h_i(c)| + Σ_{j≠i} max_{c,b} |J_ij(c, b)|: a bound on every term sum of e_i (for rounding bounds). */
function fieldScales(model: PottsModel): Float64Array {
  const { n, q, fields, couplings } = model;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let c = 0; c < q; c++) t = Math.max(t, Math.abs(fields[i * q + c]));
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let m = 0;
      const o = (i * n + j) * q * q;
      for (let k = 0; k < q * q; k++) m = Math.max(m, Math.abs(couplings[o + k]));
      t += m;
    }
    s[i] = t;
  }
  return s;
}

/** e_i(·) = h_i(·) + Σ_{j≠i} J_ij(·, a_j), summed in site order, into e[o .. o+q) (jc: columnCouplings). */
function localEnergies(
  model: PottsModel,
  jc: Float64Array,
  a: Uint8Array,
  i: number,
  e: Float64Array,
  o: number,
) {
  const { n, q, fields } = model;
  for (let c = 0; c < q; c++) e[o + c] = fields[i * q + c];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const base = ((j * q + a[j]) * n + i) * q;
    for (let c = 0; c < q; c++) e[o + c] += jc[base + c];
  }
}

/** Every e_i at once, column by column (the same additions in the same order as localEnergies, read contiguously). */
function allLocalEnergies(model: PottsModel, jc: Float64Array, a: Uint8Array, kept: Float64Array) {
  const { n, q, fields } = model;
  kept.set(fields.subarray(0, n * q));
  for (let j = 0; j < n; j++) {
    const block = (j * q + a[j]) * n * q;
    for (let r = 0; r < n; r++) {
      if (r === j) continue;
      const o = r * q;
      for (let c = 0; c < q; c++) kept[o + c] += jc[block + o + c];
    }
  }
}

/**
 * The T = 0 dynamics with every e_i kept up to date (a change of a_j adds J_ij(·, new) − J_ij(·, old) to each
 * row, one contiguous block of the column layout). When the kept row's leading letter is ahead of every other by
 * more than the rounding bound of both sums, (2(N + 2) + 8k_i)·2⁻⁵²·S_i after k_i updates, the exact sum would pick
 * the same letter: the site keeps it or moves to it without a look at the couplings. Otherwise e_i is summed afresh
 * in site order and decided exactly as the plain loop does (keep the letter on ties). The same moves as recomputing
 * every site, at N·q per quiet sweep instead of N²·q.
 */
function runOne(
  model: PottsModel,
  jc: Float64Array,
  scales: Float64Array,
  start: ArrayLike<number>,
  rng: Rng,
  opts: PottsDynamicsOptions,
): PottsDynamicsResult {
  const { n, q } = model;
  const maxSweeps = opts.maxSweeps ?? 100;
  const a = Uint8Array.from(start as ArrayLike<number>);
  const kept = new Float64Array(n * q);
  const updates = new Float64Array(n);
  allLocalEnergies(model, jc, a, kept);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sweeps = 0;
  let moves = 0;
  let converged = false;
  while (sweeps < maxSweeps) {
    rng.shuffle(order);
    let changed = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const old = a[i];
      const best = siteChoice(model, jc, scales[i], a, i, kept, updates);
      if (best === old) continue;
      a[i] = best;
      changed++;
      opts.onMove?.(i, old, best);
      const to = (i * q + best) * n * q;
      const from = (i * q + old) * n * q;
      for (let r = 0; r < n; r++) {
        if (r === i) continue;
        const o = r * q;
        for (let c = 0; c < q; c++) kept[o + c] += jc[to + o + c] - jc[from + o + c];
        updates[r]++;
      }
    }
    sweeps++;
    moves += changed;
    if (changed === 0) {
      converged = true;
      break;
    }
  }
  return { final: a, sweeps, converged, moves };
}

/** The letter site i takes (see runOne): from the kept row when its leader is clear, else from a fresh exact sum. */
function siteChoice(
  model: PottsModel,
  jc: Float64Array,
  scale: number,
  a: Uint8Array,
  i: number,
  kept: Float64Array,
  updates: Float64Array,
): number {
  const { n, q } = model;
  const o = i * q;
  let lead = 0;
  for (let c = 1; c < q; c++) if (kept[o + c] > kept[o + lead]) lead = c;
  let rival = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < q; c++) if (c !== lead && kept[o + c] > rival) rival = kept[o + c];
  const tol = (2 * (n + 2) + 8 * updates[i]) * 2.220446049250313e-16 * scale;
  if (kept[o + lead] - rival > tol) return lead;
  localEnergies(model, jc, a, i, kept, o);
  updates[i] = 0;
  let best = a[i];
  for (let c = 0; c < q; c++) if (kept[o + c] > kept[o + best]) best = c;
  return best;
}

function checkStart(model: PottsModel, start: ArrayLike<number>): void {
  if (start.length !== model.n)
    throw new RangeError(`start must have N = ${model.n} letters (got ${start.length})`);
}

/**
 * Zero-temperature sequential dynamics from `start` (not modified): each sweep visits the sites in a fresh random
 * order and sets a_i ← argmax_a e_i(a), keeping a_i on ties (paper 000 section IV.D); stops at a fixed point (a
 * sweep without changes) or after `maxSweeps`.
 */
export function pottsZeroTemperature(
  model: PottsModel,
  start: ArrayLike<number>,
  rng: Rng,
  opts: PottsDynamicsOptions = {},
): PottsDynamicsResult {
  checkStart(model, start);
  return runOne(model, columnCouplings(model), fieldScales(model), start, rng, opts);
}

/**
 * Final overlaps q(a^ini, a^fin) = (1/N) Σ_n δ(a_n^ini, a_n^fin) of the zero-temperature dynamics from each of K
 * starts (K×N row-major); the couplings are rearranged once for the whole batch.
 */
export function pottsFinalOverlaps(
  model: PottsModel,
  starts: Uint8Array,
  rng: Rng,
  opts: Omit<PottsDynamicsOptions, 'onMove'> = {},
): { overlaps: Float64Array; converged: number } {
  const { n } = model;
  if (starts.length % n !== 0)
    throw new RangeError(`starts must hold a multiple of N = ${n} letters (got ${starts.length})`);
  const k = starts.length / n;
  const jc = columnCouplings(model);
  const scales = fieldScales(model);
  const overlaps = new Float64Array(k);
  let converged = 0;
  for (let r = 0; r < k; r++) {
    const s = starts.subarray(r * n, (r + 1) * n);
    const res = runOne(model, jc, scales, s, rng, opts);
    let same = 0;
    for (let i = 0; i < n; i++) if (res.final[i] === s[i]) same++;
    overlaps[r] = same / n;
    if (res.converged) converged++;
  }
  return { overlaps, converged };
}

/** Monte Carlo move of the sampler. */
export type PottsSampler = { readonly kind: 'gibbs' } | { readonly kind: 'metropolis' };

export interface PottsSamplingConfig {
  readonly sampler: PottsSampler;
  /** Temperature T > 0 (1 samples the model itself). */
  readonly temperature: number;
  /** Sweeps (N site updates each) discarded before the first sample. */
  readonly burnIn: number;
  /** Sweeps between two recorded samples. */
  readonly thinning: number;
  /** Samples recorded by this chain. */
  readonly samples: number;
}

/** Couplings J^s_ij(a, b) = ½[J_ij(a, b) + J_ji(b, a)] laid out JT[((i·N + j)·q + b)·q + a] for fast local fields. */
export function symmetricTransposedCouplings(model: PottsModel): Float64Array {
  const { n, q, couplings } = model;
  const t = new Float64Array(couplings.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const o = (i * n + j) * q * q;
      const r = (j * n + i) * q * q;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++)
          t[o + b * q + a] = 0.5 * (couplings[o + a * q + b] + couplings[r + b * q + a]);
    }
  return t;
}

/**
 * One Markov chain of sequences from P(a) ∝ exp(−E(a)/T) (see the module comment), started from `start` (a random
 * sequence when omitted): `burnIn` sweeps, then `samples` samples `thinning` sweeps apart; each sweep updates the
 * sites in a fresh random order. Returns the samples as a samples×N array of letters. `jt` is the output of
 * {@link symmetricTransposedCouplings} (pass it to share it between chains).
 */
export function samplePotts(
  model: PottsModel,
  cfg: PottsSamplingConfig,
  rng: Rng,
  start?: ArrayLike<number>,
  jt: Float64Array = symmetricTransposedCouplings(model),
  onSweep?: (done: number, total: number) => void,
): Uint8Array {
  const { n, q, fields } = model;
  const { temperature, burnIn, thinning, samples } = cfg;
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new RangeError(`temperature must be a finite number > 0 (got ${temperature})`);
  for (const [k, v, lo] of [
    ['burnIn', burnIn, 0],
    ['thinning', thinning, 1],
    ['samples', samples, 1],
  ] as const)
    if (!Number.isInteger(v) || v < lo) throw new RangeError(`${k} must be an integer ≥ ${lo} (got ${v})`);
  const beta = 1 / temperature;
  const a = new Uint8Array(n);
  if (start) {
    if (start.length !== n) throw new RangeError(`start must have N = ${n} letters (got ${start.length})`);
    a.set(start as ArrayLike<number>);
  } else for (let i = 0; i < n; i++) a[i] = rng.int(q);
  const out = new Uint8Array(samples * n);
  const e = new Float64Array(q);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const gibbs = cfg.sampler.kind === 'gibbs';
  const total = burnIn + samples * thinning;
  let recorded = 0;
  for (let sweep = 1; sweep <= total; sweep++) {
    rng.shuffle(order);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      if (gibbs) {
        for (let c = 0; c < q; c++) e[c] = fields[i * q + c];
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const base = ((i * n + j) * q + a[j]) * q;
          for (let c = 0; c < q; c++) e[c] += jt[base + c];
        }
        a[i] = drawFromLocalFields(e, q, beta, rng);
      } else {
        const old = a[i];
        let to = rng.int(q - 1);
        if (to >= old) to++;
        let delta = fields[i * q + to] - fields[i * q + old];
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const base = ((i * n + j) * q + a[j]) * q;
          delta += jt[base + to] - jt[base + old];
        }
        // delta = −ΔE; accept with probability min(1, e^{β·delta}).
        if (delta >= 0 || rng.uniform() < Math.exp(beta * delta)) a[i] = to;
      }
    }
    if (sweep > burnIn && (sweep - burnIn) % thinning === 0) out.set(a, n * recorded++);
    onSweep?.(sweep, total);
  }
  return out;
}

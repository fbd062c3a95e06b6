/**
 * Potts pseudo-likelihood memories for protein sequences (paper 000 section IV.D, Appendix D; the model of plmDCA).
 *
 * Variables a_i ∈ {0, …, q−1} (q = 21: 20 amino acids and the gap), fields h_i(a) (N×q) and couplings J_ij(a, b)
 * (N×N×q×q, J_ii = 0, not necessarily J_ij(a, b) = J_ji(b, a)). The conditional of site i is (paper 000 Eq. 11)
 *
 *   p(a_i = a | a_∖i) = e^{e_i(a)} / Σ_c e^{e_i(c)},   e_i(a) = h_i(a) + Σ_{j≠i} J_ij(a, a_j).
 *
 * Training (asymmetric plmDCA): each site's conditional is a multinomial logistic regression fitted on its own,
 *
 *   f_i = −Σ_s ŵ_s log p(a_i^s | a_∖i^s) + λ_h Σ_a h_i(a)² + λ_J Σ_{j≠i,a,b} J_ij(a, b)²,   ŵ_s = w_s / Σ_t w_t,
 *
 * minimized by L-BFGS (hand-written, backtracking Armijo line search). λ_h = λ_J = 0.01 by default, the plmDCA
 * defaults with weights normalized to sum 1 (the paper ran plmDCA with its defaults). The `symmetric` option
 * averages J_ij(a, b) and J_ji(b, a) after training, as plmDCA does before it reads out couplings.
 *
 * Dynamics at T = 0 (paper 000 section IV.D, Eq. 3 with Potts variables): sites visited in a fresh random order each
 * sweep, a_i ← argmax_a e_i(a) (the current letter is kept on ties), until a sweep changes nothing.
 *
 * Layouts: fields h[i·q + a]; couplings J[((i·N + j)·q + a)·q + b] = J_ij(a, b) with a the letter at i, b at j.
 */
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, encodeFloat64 } from '../serialize.js';

/** Coded sequences: M×N letters in 0..q−1 (the shape of an `Alignment` from src/data/msa.ts). */
export interface PottsData {
  readonly m: number;
  readonly n: number;
  readonly q: number;
  readonly seqs: Uint8Array;
}

/** Symmetry of the couplings after training. */
export type PottsSymmetry =
  /** Each site's conditional trained on its own: J_ij(a, b) ≠ J_ji(b, a) in general (paper 000's choice). */
  | { readonly kind: 'asymmetric' }
  /** After training, J_ij(a, b) and J_ji(b, a) are both replaced by their mean. */
  | { readonly kind: 'symmetric' };

export interface PottsModel {
  readonly n: number;
  readonly q: number;
  /** h[i·q + a]. */
  readonly fields: Float64Array;
  /** J[((i·N + j)·q + a)·q + b] = J_ij(a, b); J_ii = 0. */
  readonly couplings: Float64Array;
  readonly symmetry: PottsSymmetry['kind'];
}

export interface PottsTrainConfig {
  readonly symmetry: PottsSymmetry;
  /** L-BFGS iterations per site (each one is about one pass over the training sequences). */
  readonly maxIterations: number;
  /** λ_h (default 0.01). */
  readonly lambdaH?: number;
  /** λ_J (default 0.01). */
  readonly lambdaJ?: number;
  /** Stop a site when max |∇f_i| ≤ tolerance (default 1e-5). */
  readonly tolerance?: number;
  /** L-BFGS history length (default 10). */
  readonly memory?: number;
}

export interface PottsTrainResult {
  readonly model: PottsModel;
  /** L-BFGS iterations used by each site. */
  readonly iterations: Int32Array;
  /** Final objective f_i of each site. */
  readonly loss: Float64Array;
}

export interface PottsTrainHooks {
  /** Called after each site is trained. */
  readonly onSite?: (done: number, total: number) => void;
}

/** plmDCA's default regularization strengths. */
export const POTTS_DEFAULT_LAMBDA = 0.01;

/** Parameters of one site: q fields then, for j = 0..N−1 and b = 0..q−1, the q entries J_ij(·, b). */
export function pottsSiteSize(n: number, q: number): number {
  return q + n * q * q;
}

/**
 * Objective f_i of site i and its gradient (see the module comment; paper 000 Eq. 11) at the site parameters `x`
 * (layout of {@link pottsSiteSize}: x[a] = h_i(a), x[q + (j·q + b)·q + a] = J_ij(a, b); the block j = i is ignored
 * and its gradient is 0). `weights` are used as given (normalize them to sum 1 for the plmDCA objective).
 * Returns f_i; writes ∇f_i into `grad`.
 *
 * ∂f_i/∂h_i(a) = Σ_s w_s [p_s(a) − δ(a, a_i^s)] + 2λ_h h_i(a);
 * ∂f_i/∂J_ij(a, b) = Σ_s w_s [p_s(a) − δ(a, a_i^s)] δ(b, a_j^s) + 2λ_J J_ij(a, b).
 */
export function pottsSiteLossGrad(
  i: number,
  x: Float64Array,
  data: PottsData,
  weights: ArrayLike<number>,
  lambdaH: number,
  lambdaJ: number,
  grad: Float64Array,
): number {
  const { m, n, q, seqs } = data;
  const offsets = new Int32Array(m * n);
  for (let k = 0; k < m * n; k++) offsets[k] = q + ((k % n) * q + seqs[k]) * q;
  const loss = siteKernel(i, x, m, n, q, seqs, offsets, weights, lambdaH, lambdaJ, grad);
  // The block j = i holds no parameters of the model.
  grad.fill(0, q + i * q * q, q + (i + 1) * q * q);
  let own = 0;
  for (let k = q + i * q * q; k < q + (i + 1) * q * q; k++) own += x[k] * x[k];
  return loss - lambdaJ * own;
}

/**
 * The kernel of f_i on a compact parameter vector: x[0..q) = h_i, and the q entries J_ij(·, b) start at
 * offsets[s·N + j] for the letter b = a_j^s of sequence s (only the (j, b) pairs present in the data need a block:
 * the others get no data gradient and stay at zero under L2). The regularizer covers x[q..] entirely.
 */
function siteKernel(
  i: number,
  x: Float64Array,
  m: number,
  n: number,
  q: number,
  seqs: Uint8Array,
  offsets: Int32Array,
  weights: ArrayLike<number>,
  lambdaH: number,
  lambdaJ: number,
  grad: Float64Array,
): number {
  grad.fill(0);
  const e = new Float64Array(q);
  let loss = 0;
  for (let s = 0; s < m; s++) {
    const w = weights[s];
    if (w === 0) continue;
    const o = s * n;
    for (let a = 0; a < q; a++) e[a] = x[a];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = offsets[o + j];
      for (let a = 0; a < q; a++) e[a] += x[base + a];
    }
    let max = e[0];
    for (let a = 1; a < q; a++) if (e[a] > max) max = e[a];
    let z = 0;
    for (let a = 0; a < q; a++) {
      e[a] = Math.exp(e[a] - max);
      z += e[a];
    }
    const ai = seqs[o + i];
    loss -= w * Math.log(e[ai] / z);
    // e now holds c(a) = w (p(a) − δ(a, a_i)).
    for (let a = 0; a < q; a++) e[a] = (w * e[a]) / z;
    e[ai] -= w;
    for (let a = 0; a < q; a++) grad[a] += e[a];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = offsets[o + j];
      for (let a = 0; a < q; a++) grad[base + a] += e[a];
    }
  }
  let rh = 0;
  for (let a = 0; a < q; a++) {
    rh += x[a] * x[a];
    grad[a] += 2 * lambdaH * x[a];
  }
  let rj = 0;
  for (let k = q; k < x.length; k++) {
    rj += x[k] * x[k];
    grad[k] += 2 * lambdaJ * x[k];
  }
  return loss + lambdaH * rh + lambdaJ * rj;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]);
    if (v > s) s = v;
  }
  return s;
}

/**
 * Minimize a smooth function by L-BFGS (two-loop recursion, history `memory`) with a backtracking Armijo line search
 * (c₁ = 1e-4, halving; first step scaled to 1/‖g‖∞). `x` is updated in place. Stops when max|∇f| ≤ tolerance, when
 * the relative decrease of f falls below 1e-10, when the line search fails, or after `maxIterations`.
 */
export function lbfgsMinimize(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x: Float64Array,
  maxIterations: number,
  tolerance = 1e-5,
  memory = 10,
): { value: number; iterations: number } {
  const d = x.length;
  const g = new Float64Array(d);
  const gNew = new Float64Array(d);
  const xNew = new Float64Array(d);
  const dir = new Float64Array(d);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alphaBuf = new Float64Array(memory);
  let f = fg(x, g);
  let it = 0;
  while (it < maxIterations && maxAbs(g) > tolerance) {
    // Two-loop recursion: dir = −H g.
    for (let k = 0; k < d; k++) dir[k] = -g[k];
    for (let h = S.length - 1; h >= 0; h--) {
      const a = rho[h] * dot(S[h], dir);
      alphaBuf[h] = a;
      const y = Y[h];
      for (let k = 0; k < d; k++) dir[k] -= a * y[k];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let k = 0; k < d; k++) dir[k] *= gamma;
    }
    for (let h = 0; h < S.length; h++) {
      const b = rho[h] * dot(Y[h], dir);
      const c = alphaBuf[h] - b;
      const s = S[h];
      for (let k = 0; k < d; k++) dir[k] += c * s[k];
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let k = 0; k < d; k++) dir[k] = -g[k];
      slope = dot(g, dir);
    }
    let step = S.length === 0 ? Math.min(1, 1 / maxAbs(g)) : 1;
    let fNew = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let t = 0; t < 40; t++) {
      for (let k = 0; k < d; k++) xNew[k] = x[k] + step * dir[k];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    it++;
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      s[k] = xNew[k] - x[k];
      y[k] = gNew[k] - g[k];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    const decrease = f - fNew;
    f = fNew;
    if (decrease <= 1e-10 * Math.max(1, Math.abs(f))) break;
  }
  return { value: f, iterations: it };
}

function checkData(data: PottsData): void {
  if (!Number.isInteger(data.n) || data.n < 2) throw new RangeError(`need N ≥ 2 sites (got ${data.n})`);
  if (!Number.isInteger(data.q) || data.q < 2) throw new RangeError(`need q ≥ 2 letters (got ${data.q})`);
  if (data.m < 1) throw new RangeError(`need at least one training sequence (got M = ${data.m})`);
  if (data.seqs.length !== data.m * data.n)
    throw new RangeError(`seqs must hold M·N = ${data.m * data.n} letters (got ${data.seqs.length})`);
  for (const v of data.seqs)
    if (v >= data.q) throw new RangeError(`letters must be < q = ${data.q} (got ${v})`);
}

/**
 * Train a Potts model by pseudo-likelihood (asymmetric plmDCA; see the module comment): one L-BFGS minimization of
 * f_i per site from zero parameters, with sequence weights `weights` (uniform when omitted; normalized to sum 1),
 * then the optional symmetrization.
 */
export function trainPotts(
  data: PottsData,
  weights: ArrayLike<number> | undefined,
  cfg: PottsTrainConfig,
  hooks?: PottsTrainHooks,
): PottsTrainResult {
  checkData(data);
  const { m, n, q } = data;
  const lambdaH = cfg.lambdaH ?? POTTS_DEFAULT_LAMBDA;
  const lambdaJ = cfg.lambdaJ ?? POTTS_DEFAULT_LAMBDA;
  const tolerance = cfg.tolerance ?? 1e-5;
  const memory = cfg.memory ?? 10;
  if (!Number.isInteger(cfg.maxIterations) || cfg.maxIterations < 0)
    throw new RangeError(`maxIterations must be an integer ≥ 0 (got ${cfg.maxIterations})`);
  if (!(lambdaH >= 0 && Number.isFinite(lambdaH)))
    throw new RangeError(`lambdaH must be a finite number ≥ 0 (got ${lambdaH})`);
  if (!(lambdaJ >= 0 && Number.isFinite(lambdaJ)))
    throw new RangeError(`lambdaJ must be a finite number ≥ 0 (got ${lambdaJ})`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0 (got ${tolerance})`);
  if (!Number.isInteger(memory) || memory < 1)
    throw new RangeError(`memory must be an integer ≥ 1 (got ${memory})`);
  const w = new Float64Array(m);
  if (weights) {
    if (weights.length !== m)
      throw new RangeError(`weights must have M = ${m} entries (got ${weights.length})`);
    let sum = 0;
    for (let s = 0; s < m; s++) {
      if (!(weights[s] >= 0 && Number.isFinite(weights[s])))
        throw new RangeError(`weights must be finite and ≥ 0 (got ${weights[s]} at ${s})`);
      sum += weights[s];
    }
    if (!(sum > 0)) throw new RangeError('weights must not all be zero');
    for (let s = 0; s < m; s++) w[s] = weights[s] / sum;
  } else w.fill(1 / m);

  // Compact layout: one block of q parameters per (column j, letter b) present in the data.
  const block = new Int32Array(n * q).fill(-1);
  const pairs: number[] = [];
  for (let k = 0; k < m * n; k++) {
    const jb = (k % n) * q + data.seqs[k];
    if (block[jb] < 0) {
      block[jb] = pairs.length;
      pairs.push(jb);
    }
  }
  const offsets = new Int32Array(m * n);
  for (let k = 0; k < m * n; k++) offsets[k] = q + block[(k % n) * q + data.seqs[k]] * q;
  const fields = new Float64Array(n * q);
  const couplings = new Float64Array(n * n * q * q);
  const iterations = new Int32Array(n);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Blocks of column i itself are dropped (J_ii = 0): keep them in the vector but never touched by data.
    const x = new Float64Array(q + pairs.length * q);
    const r = lbfgsMinimize(
      (xx, gg) => siteKernel(i, xx, m, n, q, data.seqs, offsets, w, lambdaH, lambdaJ, gg),
      x,
      cfg.maxIterations,
      tolerance,
      memory,
    );
    iterations[i] = r.iterations;
    loss[i] = r.value;
    for (let a = 0; a < q; a++) fields[i * q + a] = x[a];
    for (let k = 0; k < pairs.length; k++) {
      const j = Math.floor(pairs[k] / q);
      if (j === i) continue;
      const b = pairs[k] % q;
      for (let a = 0; a < q; a++) couplings[((i * n + j) * q + a) * q + b] = x[q + k * q + a];
    }
    hooks?.onSite?.(i + 1, n);
  }
  if (cfg.symmetry.kind === 'symmetric') symmetrizePottsInPlace(n, q, couplings);
  return { model: { n, q, fields, couplings, symmetry: cfg.symmetry.kind }, iterations, loss };
}

/** J_ij(a, b), J_ji(b, a) ← ½[J_ij(a, b) + J_ji(b, a)] for all i < j (in place). */
export function symmetrizePottsInPlace(n: number, q: number, couplings: Float64Array): Float64Array {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const u = ((i * n + j) * q + a) * q + b;
          const v = ((j * n + i) * q + b) * q + a;
          const mean = 0.5 * (couplings[u] + couplings[v]);
          couplings[u] = mean;
          couplings[v] = mean;
        }
  return couplings;
}

/** Asymmetry ‖J − J^T‖/‖J‖ with (J^T)_ij(a, b) = J_ji(b, a); 0 when J = 0. */
export function pottsAsymmetry(model: PottsModel): number {
  const { n, q, couplings } = model;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const u = couplings[((i * n + j) * q + a) * q + b];
          const d = u - couplings[((j * n + i) * q + b) * q + a];
          num += d * d;
          den += u * u;
        }
  return den > 0 ? Math.sqrt(num / den) : 0;
}

/** Local fields e_i(a) = h_i(a) + Σ_{j≠i} J_ij(a, a_j) of site i in state `seq` (paper 000 Eq. 11, the exponent). */
export function pottsLocalFields(
  model: PottsModel,
  seq: ArrayLike<number>,
  i: number,
  out: Float64Array = new Float64Array(model.q),
): Float64Array {
  const { n, q, fields, couplings } = model;
  for (let a = 0; a < q; a++) out[a] = fields[i * q + a];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const b = seq[j];
    const base = (i * n + j) * q * q + b;
    for (let a = 0; a < q; a++) out[a] += couplings[base + a * q];
  }
  return out;
}

/** Conditional p(a_i = a | a_∖i) of Eq. 11 (paper 000) as a length-q vector. */
export function pottsConditional(model: PottsModel, seq: ArrayLike<number>, i: number): Float64Array {
  const e = pottsLocalFields(model, seq, i);
  let max = e[0];
  for (const v of e) if (v > max) max = v;
  let z = 0;
  for (let a = 0; a < e.length; a++) {
    e[a] = Math.exp(e[a] - max);
    z += e[a];
  }
  for (let a = 0; a < e.length; a++) e[a] /= z;
  return e;
}

/**
 * Pseudo-energy E(a) = −Σ_i h_i(a_i) − ½ Σ_{i≠j} J_ij(a_i, a_j). For symmetric couplings it is the Potts energy,
 * and it never increases under the zero-temperature sequential dynamics.
 */
export function pottsEnergy(model: PottsModel, seq: ArrayLike<number>): number {
  const { n, q, fields, couplings } = model;
  let e = 0;
  for (let i = 0; i < n; i++) {
    e -= fields[i * q + seq[i]];
    for (let j = 0; j < n; j++) if (j !== i) e -= 0.5 * couplings[((i * n + j) * q + seq[i]) * q + seq[j]];
  }
  return e;
}

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

/** Couplings with the a index innermost, JT[((i·N + j)·q + b)·q + a] = J_ij(a, b), for fast local fields. */
function transposedCouplings(model: PottsModel): Float64Array {
  const { n, q, couplings } = model;
  const t = new Float64Array(couplings.length);
  for (let ij = 0; ij < n * n; ij++) {
    const o = ij * q * q;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) t[o + b * q + a] = couplings[o + a * q + b];
  }
  return t;
}

function runOne(
  model: PottsModel,
  jt: Float64Array,
  start: ArrayLike<number>,
  rng: Rng,
  opts: PottsDynamicsOptions,
): PottsDynamicsResult {
  const { n, q, fields } = model;
  const maxSweeps = opts.maxSweeps ?? 100;
  const a = Uint8Array.from(start as ArrayLike<number>);
  const e = new Float64Array(q);
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
      for (let c = 0; c < q; c++) e[c] = fields[i * q + c];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const base = ((i * n + j) * q + a[j]) * q;
        for (let c = 0; c < q; c++) e[c] += jt[base + c];
      }
      const old = a[i];
      let best = old;
      for (let c = 0; c < q; c++) if (e[c] > e[best]) best = c;
      if (best !== old) {
        a[i] = best;
        changed++;
        opts.onMove?.(i, old, best);
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
  return runOne(model, transposedCouplings(model), start, rng, opts);
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
  const jt = transposedCouplings(model);
  const overlaps = new Float64Array(k);
  let converged = 0;
  for (let r = 0; r < k; r++) {
    const s = starts.subarray(r * n, (r + 1) * n);
    const res = runOne(model, jt, s, rng, opts);
    let same = 0;
    for (let i = 0; i < n; i++) if (res.final[i] === s[i]) same++;
    overlaps[r] = same / n;
    if (res.converged) converged++;
  }
  return { overlaps, converged };
}

const MODEL_TYPE = 'hopfield.potts';
const MODEL_VERSION = 1;

/**
 * Serialize to the shared envelope `{type: 'hopfield.potts', version: 1, params: {n, q, symmetry, ...training},
 * fields, couplings, meta}` (base64 little-endian Float64 arrays, as the other model files).
 */
export function savePotts(
  model: PottsModel,
  training: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: MODEL_TYPE,
    version: MODEL_VERSION,
    params: { n: model.n, q: model.q, symmetry: model.symmetry, ...training },
    fields: encodeFloat64(model.fields),
    couplings: encodeFloat64(model.couplings),
    meta: {},
  };
}

/** Parse a saved Potts model; throws TypeError naming what is malformed (type, version, sizes). */
export function loadPotts(value: unknown): { model: PottsModel; training: Record<string, unknown> } {
  const env = checkEnvelope(value, MODEL_TYPE, [MODEL_VERSION]);
  const { n, q, symmetry, ...training } = env.params;
  if (!Number.isInteger(n) || (n as number) < 2)
    throw new TypeError(`model params.n must be an integer ≥ 2 (got ${JSON.stringify(n)})`);
  if (!Number.isInteger(q) || (q as number) < 2)
    throw new TypeError(`model params.q must be an integer ≥ 2 (got ${JSON.stringify(q)})`);
  if (symmetry !== 'asymmetric' && symmetry !== 'symmetric')
    throw new TypeError(
      `model params.symmetry must be asymmetric or symmetric (got ${JSON.stringify(symmetry)})`,
    );
  const nn = n as number;
  const qq = q as number;
  const fields = decodeFloat64(env.fields, 'model fields', nn * qq);
  const couplings = decodeFloat64(env.couplings, 'model couplings', nn * nn * qq * qq);
  return { model: { n: nn, q: qq, fields, couplings, symmetry }, training };
}

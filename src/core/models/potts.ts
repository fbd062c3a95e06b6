/**
 * Potts pseudo-likelihood models of protein sequences (paper 000 section IV.D, Appendix D; the model of plmDCA).
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
 * minimized by L-BFGS with the Moré–Thuente line search (src/core/optimize/lbfgs.ts). λ_h = λ_J = 0.01 by default,
 * the plmDCA defaults with weights normalized to sum 1 (the paper ran plmDCA with its defaults). Identical
 * sequences are merged (their weights summed) before training: the objective is unchanged. The site problems are
 * independent: {@link preparePotts} builds the shared read-only data once and {@link trainPottsSite} solves one
 * site, so a caller can spread sites over threads (src/node/pottsTrain.ts). The `symmetric` option averages
 * J_ij(a, b) and J_ji(b, a) after training, as plmDCA does before it reads out couplings.
 *
 * Layouts: fields h[i·q + a]; couplings J[((i·N + j)·q + a)·q + b] = J_ij(a, b) with a the letter at i, b at j.
 */
import { lbfgsMinimize } from '../optimize/lbfgs.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, type Envelope, encodeFloat64 } from '../serialize.js';

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

/** Optimizer and regularization settings of one site problem. */
export interface PottsSiteSettings {
  /** L-BFGS iterations per site (each one is about one pass over the training sequences). */
  readonly maxIterations: number;
  /** λ_h (default 0.01). */
  readonly lambdaH?: number;
  /** λ_J (default 0.01). */
  readonly lambdaJ?: number;
  /** Stop a site when max |∇f_i| ≤ tolerance (default 1e-5). */
  readonly tolerance?: number;
  /** Stop a site when the relative decrease of f_i in one iteration is ≤ ftol (default 1e-7). */
  readonly ftol?: number;
  /** L-BFGS history length (default 10). */
  readonly memory?: number;
  /**
   * Start each site's fields at h_i(a) = log(f_i(a)·M_eff + 1) in the zero-sum gauge (the independent-site solution
   * with one pseudocount, plmc's start) instead of 0 (default false). The optimum is the same; with a weak field
   * prior the fields of rare letters then start near it instead of being walked there by L-BFGS.
   */
  readonly warmStart?: boolean;
}

export interface PottsTrainConfig extends PottsSiteSettings {
  readonly symmetry: PottsSymmetry;
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
/** Default gradient tolerance of a site problem. */
export const POTTS_DEFAULT_TOLERANCE = 1e-5;
/** Default relative-decrease tolerance of a site problem. */
export const POTTS_DEFAULT_FTOL = 1e-7;

/** Parameters of one site: q fields then, for j = 0..N−1 and b = 0..q−1, the q entries J_ij(·, b). */
export function pottsSiteSize(n: number, q: number): number {
  return q + n * q * q;
}

/**
 * Bytes a training run holds at its peak: the couplings 8N²q² (twice when they are symmetrized or rearranged for
 * the dynamics), the letters M·N and offsets 4M·N, and per thread one site vector of q + K·q doubles with its
 * gradient and an L-BFGS history of 2·10 such vectors (K ≤ N·q the (column, letter) pairs present). N = 202,
 * q = 21, M = 18334 on 2 threads: about 0.39 GB.
 */
export function pottsMemoryBytes(n: number, q: number, m: number, threads = 1): number {
  const couplings = 8 * n * n * q * q;
  const data = m * n * 5 + m * 8;
  const site = 8 * (q + n * q * q) * 26;
  return 2 * couplings + data * (1 + threads) + site * threads;
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
  const loss = siteKernel(i, x, m, n, q, seqs, offsets, Float64Array.from(weights), lambdaH, lambdaJ, grad);
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
  weights: Float64Array,
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
      const v = Math.exp(e[a] - max);
      e[a] = v;
      z += v;
    }
    const ai = seqs[o + i];
    loss -= w * Math.log(e[ai] / z);
    // e now holds c(a) = w (p(a) − δ(a, a_i)).
    const wz = w / z;
    for (let a = 0; a < q; a++) e[a] *= wz;
    e[ai] -= w;
    for (let a = 0; a < q; a++) grad[a] += e[a];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = offsets[o + j];
      for (let a = 0; a < q; a++) grad[base + a] += e[a];
    }
  }
  return withL2(loss, x, q, lambdaH, lambdaJ, grad);
}

/**
 * A site's objective with its L2 terms, loss + λ_h‖h‖² + λ_J‖J‖² (x = [h (q entries), J …]); adds their gradient
 * to grad.
 */
function withL2(
  loss: number,
  x: Float64Array,
  q: number,
  lambdaH: number,
  lambdaJ: number,
  grad: Float64Array,
): number {
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

function checkData(data: PottsData): void {
  if (!Number.isInteger(data.n) || data.n < 2) throw new RangeError(`need N ≥ 2 sites (got ${data.n})`);
  if (!Number.isInteger(data.q) || data.q < 2) throw new RangeError(`need q ≥ 2 letters (got ${data.q})`);
  if (data.m < 1) throw new RangeError(`need at least one training sequence (got M = ${data.m})`);
  if (data.seqs.length !== data.m * data.n)
    throw new RangeError(`seqs must hold M·N = ${data.m * data.n} letters (got ${data.seqs.length})`);
  for (const v of data.seqs)
    if (v >= data.q) throw new RangeError(`letters must be < q = ${data.q} (got ${v})`);
}

/** Resolved and validated site settings. */
export interface ResolvedSiteSettings {
  readonly maxIterations: number;
  readonly lambdaH: number;
  readonly lambdaJ: number;
  readonly tolerance: number;
  readonly ftol: number;
  readonly memory: number;
  readonly warmStart: boolean;
}

/** Defaults filled in and every setting checked (RangeError naming the setting, its range and the value). */
export function resolvePottsSettings(cfg: PottsSiteSettings): ResolvedSiteSettings {
  const lambdaH = cfg.lambdaH ?? POTTS_DEFAULT_LAMBDA;
  const lambdaJ = cfg.lambdaJ ?? POTTS_DEFAULT_LAMBDA;
  const tolerance = cfg.tolerance ?? POTTS_DEFAULT_TOLERANCE;
  const ftol = cfg.ftol ?? POTTS_DEFAULT_FTOL;
  const memory = cfg.memory ?? 10;
  if (!Number.isInteger(cfg.maxIterations) || cfg.maxIterations < 0)
    throw new RangeError(`maxIterations must be an integer ≥ 0 (got ${cfg.maxIterations})`);
  if (!(lambdaH >= 0 && Number.isFinite(lambdaH)))
    throw new RangeError(`lambdaH must be a finite number ≥ 0 (got ${lambdaH})`);
  if (!(lambdaJ >= 0 && Number.isFinite(lambdaJ)))
    throw new RangeError(`lambdaJ must be a finite number ≥ 0 (got ${lambdaJ})`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0 (got ${tolerance})`);
  if (!(ftol >= 0)) throw new RangeError(`ftol must be ≥ 0 (got ${ftol})`);
  if (!Number.isInteger(memory) || memory < 1)
    throw new RangeError(`memory must be an integer ≥ 1 (got ${memory})`);
  return {
    maxIterations: cfg.maxIterations,
    lambdaH,
    lambdaJ,
    tolerance,
    ftol,
    memory,
    warmStart: cfg.warmStart ?? false,
  };
}

/**
 * Training data ready for the site problems: identical sequences merged (weights summed), weights normalized to
 * sum 1, and the compact parameter layout (one block of q entries per (column j, letter b) present in the data;
 * `offsets[s·N + j]` is where the block of sequence s at column j starts in a site vector). Plain typed arrays, so
 * it can be copied to worker threads.
 */
export interface PreparedPotts {
  readonly m: number;
  readonly n: number;
  readonly q: number;
  readonly seqs: Uint8Array;
  readonly weights: Float64Array;
  /** pairs[k] = j·q + b of the k-th block. */
  readonly pairs: Int32Array;
  readonly offsets: Int32Array;
  /** The warm-start fields log(f_i(a)·M_eff + 1) − mean_a (N×q; M_eff the sum of the weights as given). */
  readonly startFields: Float64Array;
}

/** Build the shared data of the site problems (see {@link PreparedPotts}); `weights` uniform when omitted. */
export function preparePotts(data: PottsData, weights?: ArrayLike<number>): PreparedPotts {
  checkData(data);
  const { m, n, q } = data;
  const w0 = normalizedWeights(weights, m);
  // Merge identical rows (keyed by their letters) and drop zero weights.
  const index = new Map<string, number>();
  const keep: number[] = [];
  const merged: number[] = [];
  const dec = new TextDecoder('latin1');
  for (let s = 0; s < m; s++) {
    if (w0[s] === 0) continue;
    const key = dec.decode(data.seqs.subarray(s * n, (s + 1) * n));
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, keep.length);
      keep.push(s);
      merged.push(w0[s]);
    } else merged[at] += w0[s];
  }
  const mu = keep.length;
  const seqs = new Uint8Array(mu * n);
  keep.forEach((s, r) => {
    seqs.set(data.seqs.subarray(s * n, (s + 1) * n), r * n);
  });
  const block = new Int32Array(n * q).fill(-1);
  const pairs: number[] = [];
  for (let k = 0; k < mu * n; k++) {
    const jb = (k % n) * q + seqs[k];
    if (block[jb] < 0) {
      block[jb] = pairs.length;
      pairs.push(jb);
    }
  }
  const offsets = new Int32Array(mu * n);
  for (let k = 0; k < mu * n; k++) offsets[k] = q + block[(k % n) * q + seqs[k]] * q;
  let mEff = m;
  if (weights) {
    mEff = 0;
    for (let s = 0; s < m; s++) mEff += weights[s];
  }
  const startFields = new Float64Array(n * q);
  for (let r = 0; r < mu; r++)
    for (let i = 0; i < n; i++) startFields[i * q + seqs[r * n + i]] += merged[r] * mEff;
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let a = 0; a < q; a++) {
      startFields[i * q + a] = Math.log(startFields[i * q + a] + 1);
      mean += startFields[i * q + a] / q;
    }
    for (let a = 0; a < q; a++) startFields[i * q + a] -= mean;
  }
  const w = Float64Array.from(merged);
  return { m: mu, n, q, seqs, weights: w, pairs: Int32Array.from(pairs), offsets, startFields };
}

/** The solution of one site problem: h_i, the row J_i·· (N·q·q, layout of the couplings), and how it went. */
export interface PottsSiteSolution {
  readonly site: number;
  readonly fields: Float64Array;
  readonly row: Float64Array;
  readonly iterations: number;
  readonly loss: number;
}

/**
 * The columns j ≠ i of site i packed into groups for {@link groupedSiteKernel}: consecutive columns join a group
 * while the group's distinct letter combinations in the data stay ≤ max(64, M/8) (at most 8 columns). A sequence
 * then needs one q-vector per group instead of one per column: the combination table T_g(c) = Σ_{j∈g} J_ij(·, c_j)
 * is rebuilt once per evaluation, at a cost of (combinations × group size) q-vectors, far below M per group.
 */
export interface SiteGroups {
  /** Groups G. */
  readonly groups: number;
  /** Combinations K in total. */
  readonly combos: number;
  /** For combination k, its blocks are blockOf[start[k] .. start[k + 1]) (offsets of q-vectors in x). */
  readonly start: Int32Array;
  readonly blockOf: Int32Array;
  /** comboOf[s·G + g]: the combination of sequence s in group g. */
  readonly comboOf: Int32Array;
}

/** Build the groups of site i (see {@link SiteGroups}). */
export function siteGroups(prep: PreparedPotts, i: number): SiteGroups {
  const { m, n, q, seqs, offsets } = prep;
  const limit = Math.max(64, Math.floor(m / 8));
  const cols = [];
  for (let j = 0; j < n; j++) if (j !== i) cols.push(j);
  const comboOfCols: Int32Array[] = [];
  const blocks: number[] = [];
  const start: number[] = [];
  let cur = new Int32Array(m);
  let next = new Int32Array(m);
  let k = 0;
  let groupCount = 0;
  while (k < cols.length) {
    // Start a group with column cols[k]: combinations are its letters.
    const members = [cols[k]];
    for (let s = 0; s < m; s++) cur[s] = seqs[s * n + cols[k]];
    let count = q;
    k++;
    while (k < cols.length && members.length < 8) {
      const j = cols[k];
      const ids = new Map<number, number>();
      for (let s = 0; s < m; s++) {
        const key = cur[s] * q + seqs[s * n + j];
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        next[s] = id;
      }
      if (ids.size > limit) break;
      [cur, next] = [next, cur];
      count = ids.size;
      members.push(j);
      k++;
    }
    // Renumber combinations densely (the single-column case keeps letter codes) and record their blocks.
    const dense = new Int32Array(Math.max(count, q)).fill(-1);
    const first = start.length;
    const ofSeq = new Int32Array(m);
    for (let s = 0; s < m; s++) {
      let c = dense[cur[s]];
      if (c < 0) {
        c = start.length - first;
        dense[cur[s]] = c;
        start.push(blocks.length);
        for (const j of members) blocks.push(offsets[s * n + j]);
      }
      ofSeq[s] = first + c;
    }
    comboOfCols.push(ofSeq);
    groupCount++;
  }
  start.push(blocks.length);
  const comboOf = new Int32Array(m * groupCount);
  for (let g = 0; g < groupCount; g++) {
    const ofSeq = comboOfCols[g];
    for (let s = 0; s < m; s++) comboOf[s * groupCount + g] = ofSeq[s];
  }
  return {
    groups: groupCount,
    combos: start.length - 1,
    start: Int32Array.from(start),
    blockOf: Int32Array.from(blocks),
    comboOf,
  };
}

/**
 * f_i and ∇f_i on the compact vector (as the plain kernel) through the combination tables of {@link siteGroups}:
 * T(k) = Σ_{blocks b of k} x_b; e_s = h + Σ_g T(comboOf[s, g]); the gradient is accumulated per combination and
 * then spread over its blocks. `t` and `gt` are K·q work buffers.
 */
function groupedSiteKernel(
  i: number,
  x: Float64Array,
  prep: PreparedPotts,
  sg: SiteGroups,
  lambdaH: number,
  lambdaJ: number,
  grad: Float64Array,
  t: Float64Array,
  gt: Float64Array,
): number {
  const { m, n, q, seqs, weights } = prep;
  const { groups, combos, start, blockOf, comboOf } = sg;
  for (let k = 0; k < combos; k++) {
    const o = k * q;
    const b0 = blockOf[start[k]];
    for (let a = 0; a < q; a++) t[o + a] = x[b0 + a];
    for (let r = start[k] + 1; r < start[k + 1]; r++) {
      const b = blockOf[r];
      for (let a = 0; a < q; a++) t[o + a] += x[b + a];
    }
  }
  gt.fill(0);
  grad.fill(0);
  const e = new Float64Array(q);
  let loss = 0;
  for (let s = 0; s < m; s++) {
    const w = weights[s];
    for (let a = 0; a < q; a++) e[a] = x[a];
    const og = s * groups;
    for (let g = 0; g < groups; g++) {
      const o = comboOf[og + g] * q;
      for (let a = 0; a < q; a++) e[a] += t[o + a];
    }
    let max = e[0];
    for (let a = 1; a < q; a++) if (e[a] > max) max = e[a];
    let z = 0;
    for (let a = 0; a < q; a++) {
      const v = Math.exp(e[a] - max);
      e[a] = v;
      z += v;
    }
    const ai = seqs[s * n + i];
    loss -= w * Math.log(e[ai] / z);
    const wz = w / z;
    for (let a = 0; a < q; a++) e[a] *= wz;
    e[ai] -= w;
    for (let a = 0; a < q; a++) grad[a] += e[a];
    for (let g = 0; g < groups; g++) {
      const o = comboOf[og + g] * q;
      for (let a = 0; a < q; a++) gt[o + a] += e[a];
    }
  }
  for (let k = 0; k < combos; k++) {
    const o = k * q;
    for (let r = start[k]; r < start[k + 1]; r++) {
      const b = blockOf[r];
      for (let a = 0; a < q; a++) grad[b + a] += gt[o + a];
    }
  }
  return withL2(loss, x, q, lambdaH, lambdaJ, grad);
}

/** f_i and ∇f_i of site i on the compact vector of `prep` (plain kernel or grouped, same value up to rounding). */
export function pottsCompactLossGrad(
  prep: PreparedPotts,
  i: number,
  x: Float64Array,
  lambdaH: number,
  lambdaJ: number,
  grad: Float64Array,
  grouped = true,
): number {
  if (!grouped)
    return siteKernel(
      i,
      x,
      prep.m,
      prep.n,
      prep.q,
      prep.seqs,
      prep.offsets,
      prep.weights,
      lambdaH,
      lambdaJ,
      grad,
    );
  const sg = siteGroups(prep, i);
  const t = new Float64Array(sg.combos * prep.q);
  return groupedSiteKernel(i, x, prep, sg, lambdaH, lambdaJ, grad, t, new Float64Array(t.length));
}

/** Minimize f_i of site i (see the module comment) by L-BFGS with Moré–Thuente, from zero (or warm-started fields). */
export function trainPottsSite(prep: PreparedPotts, i: number, s: ResolvedSiteSettings): PottsSiteSolution {
  const { n, q, pairs } = prep;
  const x = new Float64Array(q + pairs.length * q);
  if (s.warmStart) x.set(prep.startFields.subarray(i * q, (i + 1) * q));
  const sg = siteGroups(prep, i);
  const t = new Float64Array(sg.combos * q);
  const gt = new Float64Array(t.length);
  const r = lbfgsMinimize(
    (xx, gg) => groupedSiteKernel(i, xx, prep, sg, s.lambdaH, s.lambdaJ, gg, t, gt),
    x,
    { maxIterations: s.maxIterations, gtol: s.tolerance, ftol: s.ftol, memory: s.memory },
  );
  const fields = x.slice(0, q);
  const row = new Float64Array(n * q * q);
  for (let k = 0; k < pairs.length; k++) {
    const j = Math.floor(pairs[k] / q);
    if (j === i) continue;
    const b = pairs[k] % q;
    for (let a = 0; a < q; a++) row[(j * q + a) * q + b] = x[q + k * q + a];
  }
  return { site: i, fields, row, iterations: r.iterations, loss: r.value };
}

/** Assemble site solutions (any order, one per site) into a model, symmetrized when asked. */
export function assemblePotts(
  n: number,
  q: number,
  solutions: readonly PottsSiteSolution[],
  symmetry: PottsSymmetry,
): PottsTrainResult {
  const fields = new Float64Array(n * q);
  const couplings = new Float64Array(n * n * q * q);
  const iterations = new Int32Array(n);
  const loss = new Float64Array(n);
  for (const sol of solutions) {
    const i = sol.site;
    fields.set(sol.fields, i * q);
    couplings.set(sol.row, i * n * q * q);
    iterations[i] = sol.iterations;
    loss[i] = sol.loss;
  }
  if (symmetry.kind === 'symmetric') symmetrizePottsInPlace(n, q, couplings);
  return { model: { n, q, fields, couplings, symmetry: symmetry.kind }, iterations, loss };
}

/**
 * Train a Potts model by pseudo-likelihood (asymmetric plmDCA; see the module comment) on this thread: one L-BFGS
 * minimization of f_i per site from zero parameters, with sequence weights `weights` (uniform when omitted;
 * normalized to sum 1), then the optional symmetrization.
 */
export function trainPotts(
  data: PottsData,
  weights: ArrayLike<number> | undefined,
  cfg: PottsTrainConfig,
  hooks?: PottsTrainHooks,
): PottsTrainResult {
  const settings = resolvePottsSettings(cfg);
  const prep = preparePotts(data, weights);
  const sols: PottsSiteSolution[] = [];
  for (let i = 0; i < data.n; i++) {
    sols.push(trainPottsSite(prep, i, settings));
    hooks?.onSite?.(i + 1, data.n);
  }
  return assemblePotts(data.n, data.q, sols, cfg.symmetry);
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
 * Draw a letter from p(a) ∝ e^{β e[a]}, a < q (Gibbs updates, ancestral sampling): one uniform deviate of `rng`.
 * `e` is overwritten with the unnormalized weights.
 */
export function drawFromLocalFields(e: Float64Array, q: number, beta: number, rng: Rng): number {
  let max = e[0];
  for (let a = 1; a < q; a++) if (e[a] > max) max = e[a];
  let z = 0;
  for (let a = 0; a < q; a++) {
    e[a] = Math.exp(beta * (e[a] - max));
    z += e[a];
  }
  let u = rng.uniform() * z;
  for (let a = 0; a < q; a++) {
    u -= e[a];
    if (u < 0) return a;
  }
  return q - 1;
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
  const sizes = checkedSizes(n, q);
  if (symmetry !== 'asymmetric' && symmetry !== 'symmetric')
    throw new TypeError(
      `model params.symmetry must be asymmetric or symmetric (got ${JSON.stringify(symmetry)})`,
    );
  return { model: { ...decodePottsArrays(env, sizes), symmetry }, training };
}

/** N and q of a saved model's params: integers ≥ 2 (TypeError naming the field otherwise). */
export function checkedSizes(n: unknown, q: unknown): { n: number; q: number } {
  if (!Number.isInteger(n) || (n as number) < 2)
    throw new TypeError(`model params.n must be an integer ≥ 2 (got ${JSON.stringify(n)})`);
  if (!Number.isInteger(q) || (q as number) < 2)
    throw new TypeError(`model params.q must be an integer ≥ 2 (got ${JSON.stringify(q)})`);
  return { n: n as number, q: q as number };
}

/** The fields (N·q) and couplings (N·N·q·q) of a saved Potts-shaped model, decoded and size-checked. */
export function decodePottsArrays(
  env: Envelope,
  { n, q }: { n: number; q: number },
): { n: number; q: number; fields: Float64Array; couplings: Float64Array } {
  const fields = decodeFloat64(env.fields, 'model fields', n * q);
  const couplings = decodeFloat64(env.couplings, 'model couplings', n * n * q * q);
  return { n, q, fields, couplings };
}

/** Sequence weights normalized to sum 1 (uniform 1/M when none are given); RangeError on a wrong count, a negative
 * or non-finite weight, or all zeros. */
export function normalizedWeights(weights: ArrayLike<number> | undefined, m: number): Float64Array {
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
  return w;
}

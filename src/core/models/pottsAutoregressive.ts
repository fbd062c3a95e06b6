/**
 * Autoregressive Potts model of protein sequences (arDCA: Trinquier, Uguzzoni, Pagnani, Zamponi, Weigt, "Efficient
 * generative modeling of protein sequences using simple autoregressive models", Nat. Commun. 12, 5800 (2021)).
 *
 * With the sites visited in an order π (π_0 first), the joint distribution is the product of its conditionals,
 *
 *   P(a) = Π_k P(a_{π_k} | a_{π_0}, …, a_{π_{k−1}}),   P(a_i = a | ·) = e^{e_i(a)} / Σ_c e^{e_i(c)},
 *   e_i(a) = h_i(a) + Σ_{j before i} J_ij(a, a_j),
 *
 * so sampling is exact (ancestral: draw the sites one after the other) and log P(a) is a sum of N log-softmaxes.
 * Each conditional is a multinomial logistic regression on the preceding sites, fitted on its own:
 *
 *   f_i = −Σ_s ŵ_s log P(a_i^s | a_<i^s) + λ_h Σ_a h_i(a)² + λ_J Σ_{j<i,a,b} J_ij(a, b)²,   ŵ_s = w_s / Σ_t w_t,
 *
 * the site objective of pseudo-likelihood training (src/core/models/potts.ts) restricted to the preceding columns,
 * so the same compact layout, grouped kernel and L-BFGS solve it: site k is the last column of the alignment cut to
 * its first k + 1 columns (in the order π). Defaults are arDCA's: λ_J = 1e-4, λ_h = 1e-6 (weights summing to 1),
 * and the entropic order (sites by increasing entropy of their weighted frequencies, the most conserved first).
 *
 * Layouts (by alignment column, as the Potts model): fields h[i·q + a]; couplings J[((i·N + j)·q + a)·q + b] =
 * J_ij(a, b), zero unless j comes before i in the order.
 */
import { lbfgsMinimize } from '../optimize/lbfgs.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, encodeFloat64 } from '../serialize.js';
import {
  checkedSizes,
  decodePottsArrays,
  drawFromLocalFields,
  loadPotts,
  normalizedWeights,
  type PottsData,
  type PottsModel,
  type PottsSiteSolution,
  preparePotts,
  type ResolvedSiteSettings,
  resolvePottsSettings,
  trainPottsSite,
} from './potts.js';

/** Order in which the conditionals are chained. */
export type ArOrder =
  /** Columns as in the alignment. */
  | { readonly kind: 'alignment' }
  /** By increasing entropy of the weighted single-site frequencies (arDCA's entropic order). */
  | { readonly kind: 'entropy' };

export interface ArModel {
  readonly n: number;
  readonly q: number;
  /** order[k]: the column drawn k-th. */
  readonly order: Int32Array;
  /** h[i·q + a]. */
  readonly fields: Float64Array;
  /** J[((i·N + j)·q + a)·q + b] = J_ij(a, b); zero unless j precedes i in the order. */
  readonly couplings: Float64Array;
}

/** arDCA's regularization of the fields (weights normalized to sum 1). */
export const AR_DEFAULT_LAMBDA_H = 1e-6;
/** arDCA's regularization of the couplings (weights normalized to sum 1). */
export const AR_DEFAULT_LAMBDA_J = 1e-4;

export interface ArTrainConfig {
  readonly order: ArOrder;
  readonly maxIterations: number;
  /** λ_h (default 1e-6). */
  readonly lambdaH?: number;
  /** λ_J (default 1e-4). */
  readonly lambdaJ?: number;
  readonly tolerance?: number;
  readonly ftol?: number;
}

export interface ArTrainResult {
  readonly model: ArModel;
  /** L-BFGS iterations of each conditional, by position k in the order. */
  readonly iterations: Int32Array;
  /** Final objective of each conditional, by position k. */
  readonly loss: Float64Array;
}

/** Sequences with their columns permuted into the order, and the normalized weights: what the site problems share. */
export interface PreparedAr {
  readonly m: number;
  readonly n: number;
  readonly q: number;
  /** seqs[s·N + k] = a_{order[k]} of sequence s. */
  readonly seqs: Uint8Array;
  readonly weights: Float64Array;
  readonly order: Int32Array;
}

/** Entropy S_i = −Σ_a f_i(a) log f_i(a) of each column under the weights (uniform when omitted). */
export function columnEntropies(data: PottsData, weights?: ArrayLike<number>): Float64Array {
  const { m, n, q, seqs } = data;
  const f = new Float64Array(n * q);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const w = weights ? weights[s] : 1;
    total += w;
    for (let i = 0; i < n; i++) f[i * q + seqs[s * n + i]] += w;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let a = 0; a < q; a++) {
      const p = f[i * q + a] / total;
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h;
  }
  return out;
}

/** The column order of a config: 0..N−1, or by increasing entropy (ties by column). */
export function arSiteOrder(data: PottsData, order: ArOrder, weights?: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: data.n }, (_, i) => i);
  switch (order.kind) {
    case 'alignment':
      return idx;
    case 'entropy': {
      const s = columnEntropies(data, weights);
      return idx.sort((a, b) => s[a] - s[b] || a - b);
    }
  }
}

/** Permute the columns into `order` and normalize the weights (uniform when omitted). */
export function prepareAr(data: PottsData, order: Int32Array, weights?: ArrayLike<number>): PreparedAr {
  const { m, n, q } = data;
  if (order.length !== n) throw new RangeError(`order must list the N = ${n} columns (got ${order.length})`);
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (!(i >= 0 && i < n) || seen[i]) throw new RangeError(`order must be a permutation of 0..${n - 1}`);
    seen[i] = 1;
  }
  // preparePotts validates data and weights (and merges rows); its normalized weights are reused here.
  const w = normalizedWeights(weights, m);
  const seqs = new Uint8Array(m * n);
  for (let s = 0; s < m; s++)
    for (let k = 0; k < n; k++) {
      const v = data.seqs[s * n + order[k]];
      if (v >= q) throw new RangeError(`letters must be < q = ${q} (got ${v})`);
      seqs[s * n + k] = v;
    }
  return { m, n, q, seqs, weights: w, order: Int32Array.from(order) };
}

/** The first site of the order: fields only, f = −Σ_a f(a) log softmax(h)(a) + λ_h ‖h‖². */
function trainFirstSite(prep: PreparedAr, s: ResolvedSiteSettings): PottsSiteSolution {
  const { m, n, q, seqs, weights } = prep;
  const f = new Float64Array(q);
  for (let r = 0; r < m; r++) f[seqs[r * n]] += weights[r];
  const h = new Float64Array(q);
  const p = new Float64Array(q);
  const r = lbfgsMinimize(
    (x, g) => {
      let max = x[0];
      for (let a = 1; a < q; a++) if (x[a] > max) max = x[a];
      let z = 0;
      for (let a = 0; a < q; a++) {
        p[a] = Math.exp(x[a] - max);
        z += p[a];
      }
      const lz = max + Math.log(z);
      let loss = 0;
      for (let a = 0; a < q; a++) {
        loss += f[a] * (lz - x[a]) + s.lambdaH * x[a] * x[a];
        g[a] = p[a] / z - f[a] + 2 * s.lambdaH * x[a];
      }
      return loss;
    },
    h,
    { maxIterations: s.maxIterations, gtol: s.tolerance, ftol: s.ftol, memory: s.memory },
  );
  return { site: 0, fields: h, row: new Float64Array(0), iterations: r.iterations, loss: r.value };
}

/**
 * Fit the conditional of position k of the order (see the module comment): the pseudo-likelihood site problem of
 * the last column of the alignment cut to its first k + 1 columns. `row` holds J_{π_k π_j}(a, b) at
 * (j·q + a)·q + b for j < k (positions in the order).
 */
export function trainArSite(prep: PreparedAr, k: number, s: ResolvedSiteSettings): PottsSiteSolution {
  if (k === 0) return trainFirstSite(prep, s);
  const { m, n, q } = prep;
  const cut = new Uint8Array(m * (k + 1));
  for (let r = 0; r < m; r++) cut.set(prep.seqs.subarray(r * n, r * n + k + 1), r * (k + 1));
  const sol = trainPottsSite(preparePotts({ m, n: k + 1, q, seqs: cut }, prep.weights), k, s);
  return { ...sol, site: k };
}

/** Resolved settings with arDCA's λ defaults. */
export function resolveArSettings(cfg: ArTrainConfig): ResolvedSiteSettings {
  return resolvePottsSettings({
    ...cfg,
    lambdaH: cfg.lambdaH ?? AR_DEFAULT_LAMBDA_H,
    lambdaJ: cfg.lambdaJ ?? AR_DEFAULT_LAMBDA_J,
  });
}

/** Assemble the conditionals (any order of arrival, one per position) into a model indexed by column. */
export function assembleAr(prep: PreparedAr, solutions: readonly PottsSiteSolution[]): ArTrainResult {
  const { n, q, order } = prep;
  const fields = new Float64Array(n * q);
  const couplings = new Float64Array(n * n * q * q);
  const iterations = new Int32Array(n);
  const loss = new Float64Array(n);
  for (const sol of solutions) {
    const k = sol.site;
    const i = order[k];
    fields.set(sol.fields, i * q);
    for (let p = 0; p < k; p++) {
      const j = order[p];
      const src = p * q * q;
      const dst = (i * n + j) * q * q;
      couplings.set(sol.row.subarray(src, src + q * q), dst);
    }
    iterations[k] = sol.iterations;
    loss[k] = sol.loss;
  }
  return { model: { n, q, order: Int32Array.from(order), fields, couplings }, iterations, loss };
}

/** Train the autoregressive model on this thread (weights uniform when omitted; see the module comment). */
export function trainAutoregressive(
  data: PottsData,
  weights: ArrayLike<number> | undefined,
  cfg: ArTrainConfig,
  onSite?: (done: number, total: number) => void,
): ArTrainResult {
  const settings = resolveArSettings(cfg);
  const prep = prepareAr(data, arSiteOrder(data, cfg.order, weights), weights);
  const sols: PottsSiteSolution[] = [];
  for (let k = 0; k < data.n; k++) {
    sols.push(trainArSite(prep, k, settings));
    onSite?.(k + 1, data.n);
  }
  return assembleAr(prep, sols);
}

/** Couplings laid out JT[((i·N + j)·q + b)·q + a] = J_ij(a, b): the q-vector of a preceding letter is contiguous. */
export function arTransposedCouplings(model: ArModel): Float64Array {
  const { n, q, couplings } = model;
  const t = new Float64Array(couplings.length);
  for (let ij = 0; ij < n * n; ij++) {
    const o = ij * q * q;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) t[o + b * q + a] = couplings[o + a * q + b];
  }
  return t;
}

/** e_i(·) of the k-th site of the order in state `seq` (only the preceding sites are read), into `e`. */
function arLocalFields(model: ArModel, jt: Float64Array, seq: ArrayLike<number>, k: number, e: Float64Array) {
  const { n, q, order, fields } = model;
  const i = order[k];
  for (let a = 0; a < q; a++) e[a] = fields[i * q + a];
  for (let p = 0; p < k; p++) {
    const j = order[p];
    const base = ((i * n + j) * q + seq[j]) * q;
    for (let a = 0; a < q; a++) e[a] += jt[base + a];
  }
}

/** log P(a) = Σ_k log softmax(e_{π_k})(a_{π_k}) (exact; see the module comment). `jt` from arTransposedCouplings. */
export function arLogLikelihood(
  model: ArModel,
  seq: ArrayLike<number>,
  jt: Float64Array = arTransposedCouplings(model),
): number {
  const { n, q, order } = model;
  if (seq.length !== n) throw new RangeError(`sequence must have N = ${n} letters (got ${seq.length})`);
  const e = new Float64Array(q);
  let ll = 0;
  for (let k = 0; k < n; k++) {
    arLocalFields(model, jt, seq, k, e);
    let max = e[0];
    for (let a = 1; a < q; a++) if (e[a] > max) max = e[a];
    let z = 0;
    for (let a = 0; a < q; a++) z += Math.exp(e[a] - max);
    ll += e[seq[order[k]]] - max - Math.log(z);
  }
  return ll;
}

/**
 * `count` exact independent samples (ancestral sampling: each site drawn from its conditional given the sites
 * before it), count×N letters by column. At temperature T ≠ 1 each conditional is tempered, p ∝ e^{e_i(a)/T}.
 */
export function sampleAutoregressive(
  model: ArModel,
  count: number,
  rng: Rng,
  temperature = 1,
  jt: Float64Array = arTransposedCouplings(model),
  onSample?: (done: number, total: number) => void,
): Uint8Array {
  const { n, q, order } = model;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`samples must be an integer ≥ 1 (got ${count})`);
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new RangeError(`temperature must be a finite number > 0 (got ${temperature})`);
  const beta = 1 / temperature;
  const out = new Uint8Array(count * n);
  const e = new Float64Array(q);
  for (let s = 0; s < count; s++) {
    const seq = out.subarray(s * n, (s + 1) * n);
    for (let k = 0; k < n; k++) {
      arLocalFields(model, jt, seq, k, e);
      seq[order[k]] = drawFromLocalFields(e, q, beta, rng);
    }
    if (onSample && (s + 1) % 256 === 0) onSample(s + 1, count);
  }
  onSample?.(count, count);
  return out;
}

/** Type tag of saved autoregressive models. */
export const AR_MODEL_TYPE = 'hopfield.potts.autoregressive';
const AR_MODEL_VERSION = 1;

/**
 * Serialize to `{type: 'hopfield.potts.autoregressive', version: 1, params: {n, q, order, ...training}, fields,
 * couplings, meta}` (base64 little-endian Float64 arrays, the layout of the Potts model file).
 */
export function saveAutoregressive(
  model: ArModel,
  training: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: AR_MODEL_TYPE,
    version: AR_MODEL_VERSION,
    params: { ...training, n: model.n, q: model.q, order: Array.from(model.order) },
    fields: encodeFloat64(model.fields),
    couplings: encodeFloat64(model.couplings),
    meta: {},
  };
}

/** Parse a saved autoregressive model; throws TypeError naming what is malformed (type, version, order, sizes). */
export function loadAutoregressive(value: unknown): { model: ArModel; training: Record<string, unknown> } {
  const env = checkEnvelope(value, AR_MODEL_TYPE, [AR_MODEL_VERSION]);
  const { n, q, order, ...training } = env.params;
  const sizes = checkedSizes(n, q);
  const nn = sizes.n;
  const seen = new Uint8Array(nn);
  if (!Array.isArray(order) || order.length !== nn)
    throw new TypeError(`model params.order must list the N = ${nn} columns`);
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= nn || seen[i])
      throw new TypeError(`model params.order must be a permutation of 0..${nn - 1}`);
    seen[i] = 1;
  }
  return { model: { ...decodePottsArrays(env, sizes), order: Int32Array.from(order) }, training };
}

/** The kind of a saved model envelope ('potts', 'autoregressive'), or undefined for another type. */
export function pottsModelKind(value: unknown): 'potts' | 'autoregressive' | undefined {
  const t = (value as { type?: unknown } | null)?.type;
  if (t === 'hopfield.potts') return 'potts';
  if (t === AR_MODEL_TYPE) return 'autoregressive';
  return undefined;
}

/** A saved model of either kind. */
export type AnyPottsModel =
  | { readonly kind: 'potts'; readonly model: PottsModel; readonly training: Record<string, unknown> }
  | { readonly kind: 'autoregressive'; readonly model: ArModel; readonly training: Record<string, unknown> };

/** Parse a saved Potts or autoregressive model (by its type tag); TypeError naming what is malformed. */
export function loadAnyPotts(value: unknown): AnyPottsModel {
  if (pottsModelKind(value) === 'autoregressive')
    return { kind: 'autoregressive', ...loadAutoregressive(value) };
  return { kind: 'potts', ...loadPotts(value) };
}

/** Parse a saved Potts model; a saved model of the other kind is refused with an error naming both kinds. */
export function loadPottsOnly(value: unknown): { model: PottsModel; training: Record<string, unknown> } {
  if (pottsModelKind(value) === 'autoregressive')
    throw new TypeError(
      `is an autoregressive model ("${AR_MODEL_TYPE}"); this command needs a Potts model ("hopfield.potts", from potts train --kind potts)`,
    );
  return loadPotts(value);
}

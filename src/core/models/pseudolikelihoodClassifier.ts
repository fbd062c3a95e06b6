/**
 * Label neurons trained by pseudo-likelihood: the network of paper 000's model with L extra ±1 neurons that
 * read the N input neurons (the library's `Classifier`, `PL/model/model_classifier.py`, at d = 1). Each label
 * neuron c has couplings W_c (length N) and field h_c = Σ_j W_cj x_j; its conditional given the inputs is the
 * Ising one, so the loss is the pseudo-likelihood term of the label sites,
 *
 *   L̄ = (1/(L·P)) Σ_{μ,c} log(1 + e^{−2λ y_c^μ h_c^μ}) + (γ/2)‖W‖²,
 *
 * the same loss as core/models/pseudolikelihood.ts restricted to the rows of the label neurons (their inputs
 * are clamped, so only those rows enter). With one label neuron and y = sign(T·x) it is the teacher–student
 * perceptron (the library's `Dataset_Teacher` at d = 1); with one neuron per class (y_c = +1 for the true class,
 * −1 otherwise) it is a classifier that predicts argmax_c h_c. Full-batch gradient descent from W = 0, whose
 * first step is the Hebbian student W ∝ Σ_μ y^μ x^μ.
 */
import { backend, type SparseSigns, sparseSigns } from '../linalg/index.js';
import { SPARSE_SIGN_SHARE } from './pseudolikelihood.js';

/** Inputs and ±1 labels of P examples: x is P×N, y is P×L. */
export interface LabelledSet {
  readonly p: number;
  readonly n: number;
  readonly l: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface LabelTrainConfig {
  readonly epochs: number;
  readonly learningRate: number;
  readonly decay: number;
  readonly lambda?: number;
  readonly l2?: number;
}

/** The label couplings W (L×N) and the loss per epoch. */
export interface LabelTrainResult {
  readonly weights: Float64Array;
  readonly losses: Float64Array;
}

/**
 * Loss L̄ and its gradient (L×N, into `grad`) at W: fields H = X Wᵀ (P×L), C_μc = −λ y_c^μ [1 − tanh(λ y_c^μ h_c^μ)]
 * /(L·P), gradient Cᵀ X (+ γW), by two GEMMs.
 */
export function labelLossGrad(
  set: LabelledSet,
  w: Float64Array,
  grad: Float64Array,
  lambda = 1,
  l2 = 0,
  ws?: LabelWorkspace,
): number {
  const { p, n, l, x, y } = set;
  const b = backend();
  const wt = ws?.wt ?? new Float64Array(n * l);
  const h = ws?.h ?? new Float64Array(p * l);
  const ct = ws?.ct ?? new Float64Array(l * p);
  for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) wt[j * l + c] = w[c * n + j];
  b.gemm(p, l, n, x, wt, h);
  const scale = 1 / (l * p);
  // the Ising coefficients of the label sites (wasm kernel plCoefficients, the Ising trainer's): C (P×L) with
  // C_μc = −λ·scale·y_c^μ [1 − tanh(λ y_c^μ h_c^μ)], loss Σ log(1 + e^{−2λ y h})
  const coef = ws?.c ?? new Float64Array(p * l);
  let loss = b.plCoefficients(p, l, y, h, null, lambda, -lambda * scale, coef) * scale;
  for (let mu = 0; mu < p; mu++) for (let cc = 0; cc < l; cc++) ct[cc * p + mu] = coef[mu * l + cc];
  b.gemm(l, n, p, ct, x, grad);
  if (l2 > 0) {
    let sq = 0;
    for (let k = 0; k < l * n; k++) {
      sq += w[k] * w[k];
      grad[k] += l2 * w[k];
    }
    loss += 0.5 * l2 * sq;
  }
  return loss;
}

/** Buffers of {@link labelLossGrad}. */
export interface LabelWorkspace {
  readonly wt: Float64Array;
  readonly h: Float64Array;
  /** The coefficients C (P×L) and their transpose (L×P). */
  readonly c: Float64Array;
  readonly ct: Float64Array;
}

/** Sparse-sign view of ±1 inputs when the rarer sign is at most SPARSE_SIGN_SHARE of the entries, else null. */
function sparseInputs(p: number, n: number, x: Float64Array): SparseSigns | null {
  let plus = 0;
  for (let k = 0; k < p * n; k++) {
    if (x[k] === 1) plus++;
    else if (x[k] !== -1) return null;
  }
  if (Math.min(plus, p * n - plus) > SPARSE_SIGN_SHARE * p * n) return null;
  return sparseSigns(p, n, x, false, plus);
}

/**
 * Train the label couplings by full-batch gradient descent from W = 0: W ← W − η₀·decay^t ∇L̄. ±1 inputs whose
 * rarer sign is at most SPARSE_SIGN_SHARE of the entries (binarized images) train by the backend's fused epochs
 * (labelTrainSparse: additions at the minority entries only, both products and the coefficients in one pass);
 * other inputs by two GEMMs per epoch (labelLossGrad).
 */
export function trainLabelNeurons(
  set: LabelledSet,
  cfg: LabelTrainConfig,
  onEpoch?: (epoch: number, total: number) => void,
): LabelTrainResult {
  const { p, n } = set;
  if (p < 1) throw new RangeError(`need at least one training example (got P = ${p})`);
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 0)
    throw new RangeError(`epochs must be an integer ≥ 0 (got ${cfg.epochs})`);
  const sp = sparseInputs(p, n, set.x);
  return sp ? trainSparse(set, sp, cfg, onEpoch) : trainDense(set, cfg, onEpoch);
}

/** trainLabelNeurons on sparse ±1 inputs: Wᵀ (N×L) in the backend's memory, one labelTrainSparse call. */
function trainSparse(
  set: LabelledSet,
  sp: SparseSigns,
  cfg: LabelTrainConfig,
  onEpoch?: (epoch: number, total: number) => void,
): LabelTrainResult {
  const { p, n, l } = set;
  const b = backend();
  const yw = b.allocFloat64(p * l);
  yw.set(set.y);
  const wt = b.allocFloat64(n * l);
  const rates = Float64Array.from({ length: cfg.epochs }, (_, e) => cfg.learningRate * cfg.decay ** e);
  const losses = new Float64Array(cfg.epochs);
  const w = new Float64Array(l * n);
  try {
    const train = { lambda: cfg.lambda ?? 1, scale: 1 / (l * p), l2: cfg.l2 ?? 0, rates };
    b.labelTrainSparse(sp, l, yw, wt, train, losses, onEpoch && ((e) => onEpoch(e, cfg.epochs)));
    for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) w[c * n + j] = wt[j * l + c];
  } finally {
    b.release(yw);
    b.release(wt);
  }
  return { weights: w, losses };
}

/** trainLabelNeurons on other inputs: two GEMMs per epoch (labelLossGrad). */
function trainDense(
  set: LabelledSet,
  cfg: LabelTrainConfig,
  onEpoch?: (epoch: number, total: number) => void,
): LabelTrainResult {
  const { p, n, l } = set;
  const b = backend();
  const xw = b.allocFloat64(p * n);
  xw.set(set.x);
  const yw = b.allocFloat64(p * l);
  yw.set(set.y);
  const work = { ...set, x: xw, y: yw };
  const w = new Float64Array(l * n);
  const grad = b.allocFloat64(l * n);
  const ws: LabelWorkspace = {
    wt: b.allocFloat64(n * l),
    h: b.allocFloat64(p * l),
    c: b.allocFloat64(p * l),
    ct: b.allocFloat64(l * p),
  };
  const losses = new Float64Array(cfg.epochs);
  try {
    for (let e = 0; e < cfg.epochs; e++) {
      const lr = cfg.learningRate * cfg.decay ** e;
      losses[e] = labelLossGrad(work, w, grad, cfg.lambda ?? 1, cfg.l2 ?? 0, ws);
      for (let k = 0; k < l * n; k++) w[k] -= lr * grad[k];
      onEpoch?.(e + 1, cfg.epochs);
    }
  } finally {
    for (const a of [xw, yw, grad, ws.wt, ws.h, ws.c, ws.ct]) b.release(a);
  }
  return { weights: w, losses };
}

/** Fields H = X Wᵀ (P×L) of inputs X (P×N). */
export function labelFields(x: Float64Array, p: number, n: number, w: Float64Array, l: number): Float64Array {
  const wt = new Float64Array(n * l);
  for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) wt[j * l + c] = w[c * n + j];
  return backend().gemm(p, l, n, x, wt, new Float64Array(p * l));
}

/** Predicted class per example: argmax_c h_c (L ≥ 2), or sign(h) as class 1 / 0 for one label neuron. */
export function predictClasses(
  x: Float64Array,
  p: number,
  n: number,
  w: Float64Array,
  l: number,
): Int32Array {
  const h = labelFields(x, p, n, w, l);
  const out = new Int32Array(p);
  for (let mu = 0; mu < p; mu++) {
    if (l === 1) {
      out[mu] = h[mu] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < l; c++) if (h[mu * l + c] > h[mu * l + best]) best = c;
    out[mu] = best;
  }
  return out;
}

/** One-hot ±1 labels (P×L): +1 at the class, −1 elsewhere. */
export function oneHotPm(classes: ArrayLike<number>, l: number): Float64Array {
  const y = new Float64Array(classes.length * l).fill(-1);
  for (let mu = 0; mu < classes.length; mu++) y[mu * l + classes[mu]] = 1;
  return y;
}

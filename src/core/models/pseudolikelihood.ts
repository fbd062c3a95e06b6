/**
 * Associative memories learned by maximizing the pseudo-likelihood of binary data (paper 000 sections II–III).
 *
 * Model: pairwise couplings J (N×N, zero diagonal, not necessarily symmetric) and no fields. The conditional of
 * spin i given the others is p_i(x_i | x_∖i) = e^{λ x_i h_i} / 2cosh(λ h_i) with h_i = Σ_{j≠i} J_ij x_j, so the
 * negative log-pseudo-likelihood (paper 000 Eqs. 1, 4) factorizes by rows, L = Σ_i ℓ_i, with
 *
 *   ℓ_i(J_i) = Σ_μ [−λΔ_i^μ + log 2cosh(λΔ_i^μ)] = Σ_μ log(1 + e^{−2λΔ_i^μ}),   Δ_i^μ = ξ_i^μ Σ_{j≠i} J_ij ξ_j^μ
 *
 * (paper 000 Eqs. 4, 7, 9; Eq. 7 prints the exponent without the factor 2 and Eq. 10 prints the potential with
 * the wrong sign — the form above is the one Eq. 4 gives, derived and tested by finite differences).
 *
 * Loss normalization used for training: the mean over sites and examples, L̄ = L / (N·P). The gradient of one row
 * is ∂L̄/∂J_ij = −(λ/(N·P)) Σ_μ ξ_i^μ ξ_j^μ [1 − tanh(λΔ_i^μ)]. With this normalization the settings of paper 000
 * Appendix C (learning rate 100, decay 0.999, 1000 epochs) give a first step J ≈ (100/P)·J_Hebb, so that the
 * stabilities start at O(1) whatever N and P (the same scale as a mean-reduced logistic loss in a deep-learning
 * library).
 *
 * Zero-temperature dynamics (paper 000 Eq. 5): x_i ← sign(Σ_{j≠i} J_ij x_j), all spins at once, and the retrieval
 * measurements live in core/dynamics/pseudolikelihood.ts.
 */
import { basinSize } from '../dynamics/pseudolikelihood.js';
import { type Backend, backend, packSpins, pmGram, type SparseSigns, sparseSigns } from '../linalg/index.js';
import { type PatternSet, patternSet } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, decodePatterns, encodeFloat64, encodePatterns } from '../serialize.js';
import { type ClassicalNetwork, networkFromCouplings, transpose } from './classical.js';

/** Symmetry constraint of the couplings during training. */
export type CouplingSymmetry =
  /** Every row is an independent logistic regression (the paper's default). */
  | { readonly kind: 'asymmetric' }
  /** J = Jᵀ: the gradient is projected onto symmetric matrices, (G + Gᵀ)/2. */
  | { readonly kind: 'symmetric' };

/** When training stops. */
export type StoppingRule =
  /** Run all the epochs. */
  | { readonly kind: 'epochs' }
  /**
   * Every `every` epochs, measure the basin size of (up to `probe`) training examples; stop when it has not
   * changed by more than `tolerance` for `patience` consecutive checks (paper 000 section II, "The training
   * procedure").
   */
  | {
      readonly kind: 'basins';
      readonly every: number;
      readonly patience: number;
      readonly tolerance: number;
      /** Training examples used for the basin estimate (default 50). */
      readonly probe?: number;
      /** Grid step of m_IN in the basin estimate (default 0.02). */
      readonly step?: number;
    };

export interface PLTrainConfig {
  readonly symmetry: CouplingSymmetry;
  readonly epochs: number;
  /** Learning rate at epoch 0 (paper 000 Appendix C: 100). */
  readonly learningRate: number;
  /** Per-epoch multiplicative decay of the learning rate (Appendix C: 0.999). */
  readonly decay: number;
  /** Inverse temperature λ in the loss (default 1; the norm of J plays the role of an effective λ). */
  readonly lambda?: number;
  /** L2 regularization γ: adds (γ/2)‖J‖²_F to the normalized loss (default 0). */
  readonly l2?: number;
  readonly stopping?: StoppingRule;
  /** Epochs (0 = before training) at which a copy of J is kept in the result. */
  readonly snapshots?: readonly number[];
  /** Starting couplings (default zero). Not modified. */
  readonly init?: Float64Array;
  /**
   * How each epoch is computed (default 'auto': the cheaper exact form, see plTrainingForm); 'gram' needs
   * J = 0 at the start and ±1 data. The forms give the same iterates up to rounding.
   */
  readonly form?: 'auto' | PLTrainingForm;
}

export interface PLEpochRecord {
  readonly epoch: number;
  /** Normalized loss L̄ (plus the L2 term) before the update of this epoch. */
  readonly loss: number;
  readonly learningRate: number;
  /** Mean Frobenius norm of the rows of J. */
  readonly rowNorm: number;
  /** Basin size of the probe examples when it was measured at this epoch. */
  readonly basinSize?: number;
}

export interface PLTrainResult {
  readonly n: number;
  readonly couplings: Float64Array;
  /** Epochs actually run. */
  readonly epochs: number;
  readonly stoppedBy: 'epochs' | 'basins';
  readonly history: readonly PLEpochRecord[];
  /** Copies of J at the requested epochs (those reached). */
  readonly snapshots: ReadonlyMap<number, Float64Array>;
}

/** Hooks called during training (for progress bars). */
export interface PLTrainHooks {
  readonly onEpoch?: (epoch: number, total: number) => void;
}

const DEFAULT_LAMBDA = 1;

/** log(1 + e^{−x}) evaluated without overflow. */
function softplusNeg(x: number): number {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

/**
 * Loss of one row and its gradient: ℓ_i = Σ_μ log(1 + e^{−2λΔ_i^μ}) and ∂ℓ_i/∂J_ij = −λ Σ_μ ξ_i^μ ξ_j^μ
 * [1 − tanh(λΔ_i^μ)] (paper 000 Eqs. 4, 7; unnormalized). `row` is J_i (length N; entry i ignored); `grad`
 * (length N) receives the gradient with grad[i] = 0.
 */
export function plRowLossGrad(
  i: number,
  row: ArrayLike<number>,
  xi: PatternSet,
  lambda = DEFAULT_LAMBDA,
  grad: Float64Array = new Float64Array(xi.n),
): { loss: number; grad: Float64Array } {
  const { p, n, data } = xi;
  grad.fill(0);
  let loss = 0;
  for (let mu = 0; mu < p; mu++) {
    const o = mu * n;
    let h = 0;
    for (let j = 0; j < n; j++) if (j !== i) h += row[j] * data[o + j];
    const si = data[o + i];
    const delta = si * h;
    loss += softplusNeg(2 * lambda * delta);
    const c = -lambda * si * (1 - Math.tanh(lambda * delta));
    for (let j = 0; j < n; j++) grad[j] += c * data[o + j];
  }
  grad[i] = 0;
  return { loss, grad };
}

/** Workspace for {@link plLossGrad} (reused across epochs). */
export interface PLWorkspace {
  readonly jt: Float64Array<ArrayBuffer>;
  readonly fields: Float64Array<ArrayBuffer>;
  readonly coef: Float64Array<ArrayBuffer>;
  readonly coefT: Float64Array<ArrayBuffer>;
}

/** Buffers for P examples of N spins. */
export function plWorkspace(p: number, n: number): PLWorkspace {
  return {
    jt: new Float64Array(n * n),
    fields: new Float64Array(p * n),
    coef: new Float64Array(p * n),
    coefT: new Float64Array(n * p),
  };
}

/**
 * Normalized loss L̄ = (1/(N·P)) Σ_{i,μ} log(1 + e^{−2λΔ_i^μ}) + (γ/2)‖J‖²_F and its gradient (all rows at once:
 * fields H = Ξ Jᵀ and gradient G = Cᵀ Ξ by two GEMMs, C_μi = −λ ξ_i^μ [1 − tanh(λΔ_i^μ)] / (N·P)); paper 000
 * Eqs. 4, 7. The diagonal of J is treated as zero and the gradient's diagonal is zero. Returns the loss.
 */
export function plLossGrad(
  couplings: Float64Array,
  xi: PatternSet,
  grad: Float64Array,
  lambda = DEFAULT_LAMBDA,
  l2 = 0,
  ws: PLWorkspace = plWorkspace(xi.p, xi.n),
): number {
  const { p, n, data } = xi;
  const b = backend();
  transpose(n, n, couplings, ws.jt);
  for (let i = 0; i < n; i++) ws.jt[i * n + i] = 0;
  b.gemm(p, n, n, data, ws.jt, ws.fields); // H[μ,i] = Σ_j J_ij ξ_j^μ
  const scale = 1 / (n * p);
  let loss = b.plCoefficients(p, n, data, ws.fields, null, lambda, -lambda * scale, ws.coef) * scale;
  transpose(p, n, ws.coef, ws.coefT);
  b.gemm(n, n, p, ws.coefT, data, grad); // G[i,j] = Σ_μ C[μ,i] ξ_j^μ
  for (let i = 0; i < n; i++) grad[i * n + i] = 0;
  if (l2 > 0) {
    let sq = 0;
    for (let k = 0; k < n * n; k++) {
      const v = (k % (n + 1) === 0 ? 0 : couplings[k]) as number;
      sq += v * v;
      grad[k] += l2 * v;
    }
    loss += 0.5 * l2 * sq;
  }
  return loss;
}

/** Project a matrix onto symmetric matrices in place: A ← (A + Aᵀ)/2. */
export function symmetrizeInPlace(n: number, a: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Validate a training config at the public edge (RangeError naming the field). */
export function checkPLConfig(cfg: PLTrainConfig, n: number): void {
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 0)
    throw new RangeError(`epochs must be an integer ≥ 0 (got ${cfg.epochs})`);
  if (!(cfg.learningRate > 0 && Number.isFinite(cfg.learningRate)))
    throw new RangeError(`learningRate must be a finite number > 0 (got ${cfg.learningRate})`);
  if (!(cfg.decay > 0 && cfg.decay <= 1)) throw new RangeError(`decay must be in (0, 1] (got ${cfg.decay})`);
  const lambda = cfg.lambda ?? DEFAULT_LAMBDA;
  if (!(lambda > 0 && Number.isFinite(lambda)))
    throw new RangeError(`lambda must be a finite number > 0 (got ${lambda})`);
  const l2 = cfg.l2 ?? 0;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`l2 must be a finite number ≥ 0 (got ${l2})`);
  if (cfg.init && cfg.init.length !== n * n)
    throw new RangeError(`init must have N² = ${n * n} entries (got ${cfg.init.length})`);
  const s = cfg.stopping;
  if (s && s.kind === 'basins') {
    if (!Number.isInteger(s.every) || s.every < 1)
      throw new RangeError(`stopping.every must be an integer ≥ 1 (got ${s.every})`);
    if (!Number.isInteger(s.patience) || s.patience < 1)
      throw new RangeError(`stopping.patience must be an integer ≥ 1 (got ${s.patience})`);
    if (!(s.tolerance >= 0)) throw new RangeError(`stopping.tolerance must be ≥ 0 (got ${s.tolerance})`);
  }
}

/** Mean Euclidean norm of the rows of J. */
export function meanRowNorm(n: number, couplings: Float64Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += couplings[i * n + j] ** 2;
    total += Math.sqrt(s);
  }
  return total / n;
}

/** How training computes each epoch: with the N×N couplings, or in the span of the data (see plTrainingForm). */
export type PLTrainingForm = 'direct' | 'gram';

/**
 * The cheaper exact form of full-batch training for P examples of N spins. Gradient descent from J = 0 keeps
 * every row of J in the span of the examples, J = AᵀΞ − diag (symmetric: ½(AᵀΞ + ΞᵀA) − diag), so the epoch can
 * update the P×N coefficients A through the P×P Gram matrix K = ΞΞᵀ instead of the N×N matrix J. Flops per
 * epoch: direct 4PN²; Gram 2P²N (asymmetric) or 12P²N (symmetric, which also needs the row norms of J);
 * 'gram' is chosen when it costs less, i.e. P < 2N (asymmetric) or P < N/3 (symmetric); `eligible` = false
 * (training from a nonzero J, or data other than ±1) forces 'direct'.
 */
export function plTrainingForm(p: number, n: number, symmetric: boolean, eligible = true): PLTrainingForm {
  if (!eligible) return 'direct';
  return (symmetric ? 12 * p * p * n : 2 * p * p * n) < 4 * p * n * n ? 'gram' : 'direct';
}

/** out (n×m) ← aᵀ for a (m×n) row-major; out may be any Float64Array (e.g. a view of wasm memory). */
function transposeInto(m: number, n: number, a: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

/** True when every entry is +1 or −1. */
function isPm1(x: ArrayLike<number>): boolean {
  for (let k = 0; k < x.length; k++) if (x[k] !== 1 && x[k] !== -1) return false;
  return true;
}

/** Per-epoch outcome of a training form: the loss before the update and the mean row norm after it. */
export interface EpochStep {
  loss: number;
  rowNorm: number;
}

/** A training form: `step(lr)` runs one epoch; `couplings()` forms J (N×N, zero diagonal, a new array). */
export interface Trainer {
  step(lr: number): EpochStep;
  couplings(): Float64Array;
  dispose(): void;
}

/** Largest share of the rarer sign for which the direct form multiplies by its minority entries (additions only). */
export const SPARSE_SIGN_SHARE = 1 / 3;

/** The minority entries of ±1 data and of its transpose when the rarer sign is at most SPARSE_SIGN_SHARE. */
function sparseData(xi: PatternSet): { x: SparseSigns; xt: SparseSigns } | null {
  const { p, n, data } = xi;
  let plus = 0;
  for (let k = 0; k < p * n; k++) {
    const v = data[k];
    if (v === 1) plus++;
    else if (v !== -1) return null;
  }
  if (Math.min(plus, p * n - plus) > SPARSE_SIGN_SHARE * p * n) return null;
  return { x: sparseSigns(p, n, data), xt: sparseSigns(p, n, data, true) };
}

/**
 * The per-epoch pass of a direct trainer from fields to coefficients: C (P×M) from the data X and the fields H,
 * returning the normalized loss (without L2). The Ising pass is the wasm kernel plCoefficients.
 */
export type CoefficientPass = (x: Float64Array, fields: Float64Array, coef: Float64Array) => number;

/**
 * Direct form: keeps T = Jᵀ so that both products need no per-epoch transpose — fields H = Ξ·T, gradient
 * Gᵀ = Ξᵀ·C — and the row norms of J are column norms of T (same summation order as meanRowNorm). For ±1 data
 * whose rarer sign is at most a third of the entries (binarized images), both products add rows at the
 * minority entries (Ξ = v(2B − 1): Ξ·M = v(2·B·M − 1·colsum M)) instead of multiplying. `block` > 1: the M
 * columns are N sites of `block` components each (vector spins, J of M×M with zero block×block diagonal blocks,
 * row norm of a site = norm of its `block` rows); `pass` replaces the Ising coefficients.
 */
export function directTrainer(
  xi: PatternSet,
  j0: Float64Array,
  symmetric: boolean,
  lambda: number,
  l2: number,
  block = 1,
  pass?: CoefficientPass,
): Trainer {
  const { p, n, data } = xi;
  const b = backend();
  const x = b.allocFloat64(p * n);
  x.set(data);
  const sparse = sparseData(xi);
  const xt = b.allocFloat64(sparse ? 0 : n * p);
  if (!sparse) transposeInto(p, n, data, xt);
  const t = b.allocFloat64(n * n);
  transposeInto(n, n, j0, t);
  const fields = b.allocFloat64(p * n);
  const coef = b.allocFloat64(p * n);
  const gt = b.allocFloat64(n * n);
  const colSq = new Float64Array(n);
  const sites = n / block;
  const scale = 1 / (sites * p);
  const coefficients =
    pass ?? ((xx, h, c) => b.plCoefficients(p, n, xx, h, null, lambda, -lambda * scale, c) * scale);
  return {
    step(lr) {
      // H[μ,i] = Σ_j J_ij ξ_j^μ
      if (sparse) b.pmSparseProduct(sparse.x, n, t, fields);
      else b.gemm(p, n, n, x, t, fields);
      let loss = coefficients(x, fields, coef);
      // Gᵀ[j,i] = Σ_μ ξ_j^μ C[μ,i]
      if (sparse) b.pmSparseProduct(sparse.xt, n, coef, gt);
      else b.gemm(n, n, p, xt, coef, gt);
      zeroDiagonalBlocks(n, block, gt);
      if (l2 > 0) {
        let sq = 0;
        for (let k = 0; k < n * n; k++) {
          const v = t[k];
          sq += v * v;
          gt[k] += l2 * v;
        }
        loss += 0.5 * l2 * sq;
      }
      if (symmetric) symmetrizeInPlace(n, gt);
      colSq.fill(0);
      for (let r = 0; r < n; r++) {
        const o = r * n;
        for (let i = 0; i < n; i++) {
          const v = t[o + i] - lr * gt[o + i];
          t[o + i] = v;
          colSq[i] += v * v;
        }
      }
      let total = 0;
      if (block === 1) for (let i = 0; i < n; i++) total += Math.sqrt(colSq[i]);
      else
        for (let i = 0; i < n; i += block) {
          let s = 0;
          for (let a = 0; a < block; a++) s += colSq[i + a];
          total += Math.sqrt(s);
        }
      return { loss, rowNorm: total / sites };
    },
    couplings: () => transpose(n, n, t),
    dispose() {
      for (const a of [x, xt, t, fields, coef, gt]) b.release(a);
    },
  };
}

/** Zero the `block`×`block` diagonal blocks of an M×M matrix in place (block 1: the diagonal). */
export function zeroDiagonalBlocks(m: number, block: number, a: Float64Array): Float64Array {
  if (block === 1) for (let i = 0; i < m; i++) a[i * m + i] = 0;
  else
    for (let i = 0; i < m; i += block)
      for (let r = i; r < i + block; r++) a.fill(0, r * m + i, r * m + i + block);
  return a;
}

/**
 * Gram form (J = 0 at the start). State: A (P×N) with J = AᵀΞ − D (asymmetric) or ½(AᵀΞ + ΞᵀA) − D
 * (symmetric), D = diag(d), d_i = Σ_μ A_μi ξ_i^μ, so the diagonal of J stays zero. One epoch:
 *   F = K·A (asymmetric) or ½(K·A + M·Ξ) with M = ΞAᵀ (symmetric);  H = F − Ξ∘d, so Δ_i^μ = ξ_i^μ F_μi − d_i;
 *   C from the epilogue;  A ← (1 − ηγ)A − ηC;  d ← (1 − ηγ)d − η·diag(CᵀΞ)  (one fused pass, plGramStep)
 * which is J ← J − η(∇L̄ + γJ) written in A. Row norms: ‖J_i‖² = Σ_μ A_μi (KA)_μi − d_i² (asymmetric);
 * symmetric: ‖J_i‖² = ¼ Σ_μ [ξ_i^μ Y_μi + A_μi F'_μi] − d_i² with Y = AAᵀΞ + MᵀA, F' = KA + MΞ
 * (the diagonal of S² for S = ½UᵀEU, U = [Ξ; A]). ‖J‖²_F for the L2 term is the sum of the row norms².
 */
function gramTrainer(xi: PatternSet, symmetric: boolean, lambda: number, l2: number): Trainer {
  const { p, n, data } = xi;
  const b = backend();
  const scale = 1 / (n * p);
  const g = gramBuffers(xi, symmetric, b);
  const { a, x, f, d, cd, q } = g;
  let sqNorm = 0; // ‖J‖²_F of the current J

  /** F (and Y) for the current A, then the row norms; returns the mean row norm. */
  const refresh = (): number => {
    gramRowSquares(g);
    sqNorm = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = Math.max(0, q[i] - d[i] * d[i]);
      sqNorm += s;
      total += Math.sqrt(s);
    }
    return total / n;
  };

  return {
    step(lr) {
      const shrink = 1 - lr * l2;
      cd.fill(0);
      let loss = b.plGramStep(p, n, x, f, d, lambda, -lambda * scale, { a, shrink, lr, cd }) * scale;
      if (l2 > 0) loss += 0.5 * l2 * sqNorm;
      for (let i = 0; i < n; i++) d[i] = shrink * d[i] - lr * cd[i];
      return { loss, rowNorm: refresh() };
    },
    couplings() {
      const tA = transpose(p, n, a);
      const gj = b.gemm(n, n, p, tA, data, new Float64Array(n * n)); // AᵀΞ
      if (symmetric) symmetrizeInPlace(n, gj);
      for (let i = 0; i < n; i++) gj[i * n + i] = 0;
      return gj;
    },
    dispose() {
      const { r, kk, left2, xt, at, w, aat, y } = g;
      for (const v of [r, x, kk, left2, xt, at, w, aat, y, f]) if (v) b.release(v);
    },
  };
}

/** The Gram form's buffers; the symmetric ones (left, left2, xt, at, m, w, aat, y) only when `symmetric`. */
interface GramBuffers {
  readonly p: number;
  readonly n: number;
  readonly b: Backend;
  readonly symmetric: boolean;
  /** R = [A; Ξ] (2P×N, symmetric) or A (P×N); `a` is its first P rows. */
  readonly r: Float64Array;
  readonly a: Float64Array;
  readonly x: Float64Array;
  /** K (asymmetric) or L = [K | M] (symmetric, the same array as `left`). */
  readonly kk: Float64Array;
  readonly left?: Float64Array;
  readonly left2?: Float64Array;
  readonly xt?: Float64Array;
  readonly at?: Float64Array;
  readonly m?: Float64Array;
  readonly w?: Float64Array;
  readonly aat?: Float64Array;
  readonly y?: Float64Array;
  readonly f: Float64Array;
  readonly d: Float64Array;
  readonly cd: Float64Array;
  readonly q: Float64Array;
}

/** Allocate the Gram form's state for A = 0 (so F = 0 and d = 0). */
function gramBuffers(xi: PatternSet, symmetric: boolean, b: Backend): GramBuffers {
  const { p, n, data } = xi;
  // K = ΞΞᵀ from bit-packed rows (exact integers; the data is ±1, which Δ = ξ·F − d also relies on)
  const kGram = pmGram(packSpins(p, n, data, b), new Float64Array(p * p), b);
  // R = [A; Ξ] (2P×N): A is its first half. Symmetric: L = [K | M], L2 = [W | AAᵀ] (P×2P), W = AΞᵀ = Mᵀ.
  const r = b.allocFloat64((symmetric ? 2 * p : p) * n);
  const a = r.subarray(0, p * n);
  const x = b.allocFloat64(p * n);
  x.set(data);
  if (symmetric) r.set(data, p * n);
  let kk: Float64Array;
  let sym: Partial<GramBuffers> = {};
  if (symmetric) {
    const left = b.allocFloat64(p * 2 * p);
    const left2 = b.allocFloat64(p * 2 * p);
    for (let mu = 0; mu < p; mu++) left.set(kGram.subarray(mu * p, (mu + 1) * p), mu * 2 * p);
    kk = left;
    const xt = b.allocFloat64(n * p);
    transposeInto(p, n, data, xt);
    const at = b.allocFloat64(n * p);
    const m = new Float64Array(p * p);
    const w = b.allocFloat64(p * p);
    const aat = b.allocFloat64(p * p);
    const y = b.allocFloat64(p * n);
    sym = { left, left2, xt, at, m, w, aat, y };
  } else {
    kk = b.allocFloat64(p * p);
    kk.set(kGram);
  }
  const f = b.allocFloat64(p * n); // F = KA (asymmetric) or KA + MΞ (symmetric); all zero for A = 0
  const d = new Float64Array(n);
  const cd = new Float64Array(n);
  const q = new Float64Array(n);
  return { p, n, b, symmetric, r, a, x, kk, ...sym, f, d, cd, q };
}

/**
 * F for the current A and q_i = Σ_μ A_μi (KA)_μi (asymmetric) or ¼ Σ_μ [ξ_i^μ Y_μi + A_μi F'_μi] (symmetric,
 * then F = ½F'), so that ‖J_i‖² = q_i − d_i².
 */
function gramRowSquares(g: GramBuffers): void {
  const { p, n, b, r, a, x, kk, f, q } = g;
  q.fill(0);
  if (!g.symmetric) {
    b.gemm(p, n, p, kk, a, f);
    b.columnDots(p, n, a, f, q);
    return;
  }
  const left = g.left!;
  const left2 = g.left2!;
  const w = g.w!;
  const m = g.m!;
  const at = g.at!;
  const aat = g.aat!;
  const y = g.y!;
  b.gemm(p, p, n, a, g.xt!, w); // W = AΞᵀ (= Mᵀ)
  transposeInto(p, p, w, m); // M = Wᵀ = ΞAᵀ
  for (let mu = 0; mu < p; mu++) {
    left.set(m.subarray(mu * p, (mu + 1) * p), mu * 2 * p + p);
    left2.set(w.subarray(mu * p, (mu + 1) * p), mu * 2 * p);
  }
  transposeInto(p, n, a, at);
  b.gemm(p, p, n, a, at, aat); // AAᵀ
  for (let mu = 0; mu < p; mu++) left2.set(aat.subarray(mu * p, (mu + 1) * p), mu * 2 * p + p);
  b.gemm(p, n, 2 * p, left, r, f); // F' = KA + MΞ
  b.gemm(p, n, 2 * p, left2, r, y); // Y = WA + AAᵀΞ
  for (let mu = 0; mu < p; mu++) {
    const o = mu * n;
    for (let i = 0; i < n; i++) q[i] += x[o + i] * y[o + i] + a[o + i] * f[o + i];
  }
  for (let i = 0; i < n; i++) q[i] *= 0.25;
  for (let k = 0; k < p * n; k++) f[k] *= 0.5;
}

/**
 * Train couplings by gradient descent on the normalized negative log-pseudo-likelihood (paper 000 section II):
 * J ← J − η_t ∇L̄, η_t = η₀·decay^t, symmetric variant by projecting the gradient, optional L2, optional
 * basin-based stopping. `rng` is used only by the basin-based stopping rule. Each epoch runs in the cheaper of
 * two exact forms (plTrainingForm; `cfg.form` forces one): they give the same iterates up to rounding.
 */
export function trainPseudoLikelihood(
  xi: PatternSet,
  cfg: PLTrainConfig,
  rng?: Rng,
  hooks?: PLTrainHooks,
): PLTrainResult {
  const { p, n } = xi;
  if (p < 1) throw new RangeError(`need at least one training example (got P = ${p})`);
  checkPLConfig(cfg, n);
  const lambda = cfg.lambda ?? DEFAULT_LAMBDA;
  const l2 = cfg.l2 ?? 0;
  const stopping = cfg.stopping ?? { kind: 'epochs' };
  if (stopping.kind === 'basins' && !rng)
    throw new TypeError('basin-based stopping needs a random generator (rng)');
  const symmetric = cfg.symmetry.kind === 'symmetric';
  const j0 = cfg.init ? Float64Array.from(cfg.init) : new Float64Array(n * n);
  for (let i = 0; i < n; i++) j0[i * n + i] = 0;
  if (symmetric) symmetrizeInPlace(n, j0);
  const zeroInit = j0.every((v) => v === 0);
  const pm1 = isPm1(xi.data);
  const requested = cfg.form ?? 'auto';
  if (requested === 'gram' && !zeroInit)
    throw new RangeError("form 'gram' needs training to start from J = 0 (got a nonzero init)");
  if (requested === 'gram' && !pm1)
    throw new RangeError("form 'gram' needs ±1 training data (got entries other than +1 and −1)");
  const form = requested === 'auto' ? plTrainingForm(p, n, symmetric, zeroInit && pm1) : requested;
  const history: PLEpochRecord[] = [];
  const snapshots = new Map<number, Float64Array>();
  const wanted = new Set(cfg.snapshots ?? []);
  if (wanted.has(0)) snapshots.set(0, Float64Array.from(j0));

  let probe: PatternSet | undefined;
  let lastBasin = Number.NaN;
  let stable = 0;
  if (stopping.kind === 'basins') {
    const k = Math.min(p, stopping.probe ?? 50);
    probe = patternSet(k, n, xi.data.slice(0, k * n));
  }

  const trainer =
    form === 'gram' ? gramTrainer(xi, symmetric, lambda, l2) : directTrainer(xi, j0, symmetric, lambda, l2);
  let epoch = 0;
  let stoppedBy: 'epochs' | 'basins' = 'epochs';
  try {
    while (epoch < cfg.epochs) {
      const lr = cfg.learningRate * cfg.decay ** epoch;
      const { loss, rowNorm } = trainer.step(lr);
      epoch++;
      let basin: number | undefined;
      if (stopping.kind === 'basins' && probe && rng && epoch % stopping.every === 0) {
        basin = basinSize(trainer.couplings(), n, probe, rng, { step: stopping.step ?? 0.02 });
        if (Math.abs(basin - lastBasin) <= stopping.tolerance) stable++;
        else stable = 0;
        lastBasin = basin;
      }
      history.push({
        epoch,
        loss,
        learningRate: lr,
        rowNorm,
        ...(basin === undefined ? {} : { basinSize: basin }),
      });
      if (wanted.has(epoch)) snapshots.set(epoch, trainer.couplings());
      hooks?.onEpoch?.(epoch, cfg.epochs);
      if (stopping.kind === 'basins' && stable >= stopping.patience) {
        stoppedBy = 'basins';
        break;
      }
    }
    const j = epoch === 0 ? j0 : trainer.couplings();
    return { n, couplings: j, epochs: epoch, stoppedBy, history, snapshots };
  } finally {
    trainer.dispose();
  }
}

/** Stabilities Δ_i^μ = ξ_i^μ Σ_{j≠i} J_ij ξ_j^μ (paper 000 Eq. 9) as a P×N row-major array. */
export function stabilities(couplings: Float64Array, xi: PatternSet): Float64Array {
  const { p, n, data } = xi;
  const jt = transpose(n, n, couplings);
  for (let i = 0; i < n; i++) jt[i * n + i] = 0;
  const h = backend().gemm(p, n, n, data, jt, new Float64Array(p * n));
  for (let k = 0; k < p * n; k++) h[k] *= data[k];
  return h;
}

/**
 * Normalized stabilities κ_i^μ = Δ_i^μ / ‖J_i‖ (‖J_i‖² = Σ_{j≠i} J_ij²): the margin of row i as a perceptron
 * with unit-norm weights, the variable of the stability distribution P_λ(Δ) (paper 000 Eq. 9, Appendix A).
 */
export function normalizedStabilities(couplings: Float64Array, xi: PatternSet): Float64Array {
  const { p, n } = xi;
  const d = stabilities(couplings, xi);
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += couplings[i * n + j] ** 2;
    inv[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) d[mu * n + i] *= inv[i];
  return d;
}

/** Asymmetry ‖J − Jᵀ‖_F / ‖J‖_F (paper 000 Fig. 3 inset); 0 for J = 0. */
export function asymmetry(n: number, couplings: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = couplings[i * n + j];
      const d = a - couplings[j * n + i];
      num += d * d;
      den += a * a;
    }
  }
  return den > 0 ? Math.sqrt(num / den) : 0;
}

/** A network (shared classical type) from trained couplings, for runDynamics and the other tools. */
export function plNetwork(n: number, couplings: Float64Array): ClassicalNetwork {
  return networkFromCouplings(n, couplings, null);
}

const MODEL_TYPE = 'hopfield.pseudolikelihood';
const MODEL_VERSION = 1;

/** A trained pseudo-likelihood model ready to save. */
export interface PLModel {
  readonly n: number;
  readonly couplings: Float64Array;
  readonly symmetry: CouplingSymmetry['kind'];
  /** Training settings and outcome (epochs run, loss, data set), stored as params. */
  readonly training: Record<string, unknown>;
  readonly patterns?: PatternSet;
}

/**
 * Serialize to the shared envelope `{type: 'hopfield.pseudolikelihood', version: 1, params, couplings, field,
 * patterns, labels, meta}` (the layout of the classical model file: base64 little-endian Float64 arrays).
 */
export function savePseudoLikelihood(model: PLModel): Record<string, unknown> {
  return {
    type: MODEL_TYPE,
    version: MODEL_VERSION,
    params: {
      n: model.n,
      symmetry: model.symmetry,
      symmetric: model.symmetry === 'symmetric',
      ...model.training,
    },
    couplings: encodeFloat64(model.couplings),
    field: null,
    patterns: encodePatterns(model.patterns),
    labels: null,
    meta: {},
  };
}

/** Parse a saved pseudo-likelihood model; throws TypeError naming what is malformed. */
export function loadPseudoLikelihood(value: unknown): PLModel {
  const env = checkEnvelope(value, MODEL_TYPE, [MODEL_VERSION]);
  const n = env.params.n;
  if (!Number.isInteger(n) || (n as number) < 1)
    throw new TypeError(`model params.n must be an integer ≥ 1 (got ${n})`);
  const nn = n as number;
  const symmetry = env.params.symmetry;
  if (symmetry !== 'asymmetric' && symmetry !== 'symmetric')
    throw new TypeError(
      `model params.symmetry must be asymmetric or symmetric (got ${JSON.stringify(symmetry)})`,
    );
  const couplings = decodeFloat64(env.couplings, 'model couplings', nn * nn);
  const patterns = decodePatterns(env.patterns, nn);
  const { n: _n, symmetry: _s, symmetric: _y, ...training } = env.params;
  return { n: nn, couplings, symmetry, training, patterns };
}

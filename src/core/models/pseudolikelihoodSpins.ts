/**
 * Pseudo-likelihood beyond Ising spins: vector spins (unit vectors in R^d) and continuous spins (Gaussian
 * conditionals), the two-body model of the library of paper 000's authors (`PL/model/model.py`, TwoBodiesModel).
 *
 * Couplings: one scalar J_ij per pair acting as J_ij·1_d on the d components — the library's isotropic form
 * (its `Hebb(form="Isotropic")` fills J[i,j,:,:] with one number per pair; the field is u_i = Σ_j J_ij s_j).
 * Scalars because the question the model asks is how many patterns N² numbers can store; d×d blocks have
 * d² times the parameters and a rotation-dependent field. The field of site i in example μ is
 * u_i^μ = Σ_{j≠i} J_ij ξ_j^μ ∈ R^d; with λ the inverse temperature, each site contributes
 *
 *   vector spins (|ξ_i| = 1):  ℓ_i^μ = −λ ξ_i^μ·u_i^μ + log K_d(λ|u_i^μ|)   (von Mises–Fisher conditional,
 *                               K_d(0) = |S^{d−1}|, from core/theory/bessel.ts; the library's
 *                               `_crossentropy_vector_ddim` and `utils/k_d.py`),
 *   continuous spins:          ℓ_i^μ = −λ ξ_i^μ·u_i^μ + (λ²/(2γ)) |u_i^μ|²           (conditional
 *                               p(s|u) ∝ e^{λ s·u − (γ/2)|s|²}, the library's `_crossentropy_continuous`)
 *
 * The vector loss is the negative log of the conditional density on the sphere (surface measure), so at d = 1
 * (K_1 = 2cosh, S⁰ = {±1}) it is the Ising loss log(1 + e^{−2λΔ}) of core/models/pseudolikelihood.ts exactly;
 * the continuous one drops J-free constants. The library's docstrings divide both by λ (same minimiser; its
 * vector-spin code omits that 1/λ, which changes the minimiser for λ ≠ 1 — we follow the docstring). Training minimizes the mean over sites and
 * examples plus (γ_J/2)‖J‖²_F, as the Ising trainer does; the gradient with respect to the field is
 * ∂ℓ/∂u = −λξ + λ²(A_d(x)/x)u at x = λ|u| (vector) or −λξ + (λ²/γ)u (continuous).
 *
 * Layout: examples arrive as the library's P×N×d arrays (site-major); the kernels work on the "planar" layout,
 * (P·d)×N with row μd + a holding component a of every site, so that fields are one GEMM with the N×N couplings.
 */
import { backend } from '../linalg/index.js';
import { type PatternSet, rademacher } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, encodeFloat64 } from '../serialize.js';
import { logGammaHalf, vmfPair } from '../theory/bessel.js';
import { symmetricEigenvalues } from '../theory/lagrangian.js';
import { type Bounds, ParamError } from '../validate.js';
import { transpose } from './classical.js';
import {
  type CouplingSymmetry,
  checkPLConfig,
  type PLEpochRecord,
  type PLTrainConfig,
  type PLTrainHooks,
  symmetrizeInPlace,
  trainPseudoLikelihood,
} from './pseudolikelihood.js';

/** The spin type of the model. */
export type PLSpins =
  /** Unit vectors in R^dim (dim = 1: Ising ±1). */
  | { readonly kind: 'vector'; readonly dim: number }
  /** Real numbers with Gaussian conditionals of precision gamma (the library's γ). */
  | { readonly kind: 'continuous'; readonly gamma: number };

/** Spin dimension d of vector spins (the library allows any d ≥ 1; beyond 64 the sphere is nearly Gaussian). */
export const PL_SPIN_DIM: Bounds = { integer: true, min: 1, max: 64 };
/** Spin dimensions allowed for continuous spins: scalars (isotropic couplings make d components d copies). */
export const PL_CONTINUOUS_DIM: Bounds = { integer: true, min: 1, max: 1 };
/** Precision γ of the Gaussian conditional of continuous spins. */
export const PL_GAMMA: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Largest | |ξ_i| − 1 | accepted for a vector-spin pattern read from a file. */
export const UNIT_NORM_TOLERANCE = 1e-6;

/** P examples of N spins of dimension d, P×N×d row-major (the library's [P, N, d]). */
export interface SpinPatterns {
  readonly p: number;
  readonly n: number;
  readonly d: number;
  readonly data: Float64Array;
}

/** Spin dimension of a spin type (continuous spins are scalars). */
export const spinDim = (s: PLSpins): number => (s.kind === 'vector' ? s.dim : 1);

/** P×N×d → planar (P·d)×N: out[(μd + a)N + j] = x[(μN + j)d + a]. */
export function toPlanar(
  x: SpinPatterns,
  out: Float64Array = new Float64Array(x.p * x.n * x.d),
): Float64Array {
  const { p, n, d, data } = x;
  for (let mu = 0; mu < p; mu++)
    for (let j = 0; j < n; j++)
      for (let a = 0; a < d; a++) out[(mu * d + a) * n + j] = data[(mu * n + j) * d + a];
  return out;
}

/** Planar (P·d)×N → P×N×d. */
export function fromPlanar(p: number, n: number, d: number, planar: ArrayLike<number>): SpinPatterns {
  const data = new Float64Array(p * n * d);
  for (let mu = 0; mu < p; mu++)
    for (let j = 0; j < n; j++)
      for (let a = 0; a < d; a++) data[(mu * n + j) * d + a] = planar[(mu * d + a) * n + j];
  return { p, n, d, data };
}

/**
 * Random patterns of the spin type: vector spins uniform on S^{d−1} (normalized Gaussians; d = 1 draws ±1 with
 * rademacher, the Ising patterns, from the same stream), continuous spins N(0, 1).
 */
export function randomSpinPatterns(rng: Rng, p: number, n: number, spins: PLSpins): SpinPatterns {
  const d = spinDim(spins);
  if (spins.kind === 'vector' && d === 1) return { p, n, d, data: rademacher(rng, p, n).data };
  const data = new Float64Array(p * n * d);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  if (spins.kind === 'vector') for (let s = 0; s < p * n; s++) normalizeSite(data, s * d, d);
  return { p, n, d, data };
}

function normalizeSite(x: Float64Array, o: number, d: number): void {
  let s = 0;
  for (let a = 0; a < d; a++) s += x[o + a] * x[o + a];
  const f = 1 / Math.sqrt(s);
  for (let a = 0; a < d; a++) x[o + a] *= f;
}

/**
 * Check examples against the spin type (RangeError naming the first bad entry): dimension d, finite entries,
 * and for vector spins unit norms within UNIT_NORM_TOLERANCE (d = 1: exactly ±1).
 */
export function checkSpinPatterns(x: SpinPatterns, spins: PLSpins, what = 'patterns'): void {
  const d = spinDim(spins);
  if (x.d !== d) throw new RangeError(`${what} must have spin dimension ${d} (got ${x.d})`);
  if (x.data.length !== x.p * x.n * d)
    throw new RangeError(`${what} must hold P·N·d = ${x.p * x.n * d} numbers (got ${x.data.length})`);
  for (let s = 0; s < x.p * x.n; s++) {
    let sq = 0;
    for (let a = 0; a < d; a++) {
      const v = x.data[s * d + a];
      if (!Number.isFinite(v))
        throw new RangeError(`${what} entry ${s * d + a} must be a finite number (got ${v})`);
      sq += v * v;
    }
    if (spins.kind !== 'vector') continue;
    const mu = Math.floor(s / x.n);
    const i = s % x.n;
    if (d === 1 && sq !== 1)
      throw new RangeError(`${what}: spin ${i} of pattern ${mu} must be +1 or −1 (got ${x.data[s]})`);
    if (Math.abs(Math.sqrt(sq) - 1) > UNIT_NORM_TOLERANCE)
      throw new RangeError(
        `${what}: spin ${i} of pattern ${mu} must be a unit vector (|norm − 1| ≤ ${UNIT_NORM_TOLERANCE.toExponential(0)}; got norm ${Math.sqrt(sq)})`,
      );
  }
}

/**
 * Loss of every site from the planar fields H and data X (both (P·d)×N) and the coefficients
 * C = scale·∂ℓ/∂u (written into `coef`); returns Σ_{μ,i} ℓ_i^μ. The only non-GEMM work of an epoch.
 */
export function spinCoefficients(
  p: number,
  n: number,
  spins: PLSpins,
  x: Float64Array,
  h: Float64Array,
  lambda: number,
  scale: number,
  coef: Float64Array,
): number {
  const d = spinDim(spins);
  const pair = new Float64Array(2);
  const l2 = lambda * lambda;
  const cont = spins.kind === 'continuous' ? l2 / spins.gamma : 0;
  const logSphere = Math.LN2 + 0.5 * d * Math.log(Math.PI) - logGammaHalf(d); // log |S^{d−1}| = log K_d(0)
  // per pattern: |u_i|² and ξ_i·u_i over contiguous rows, then one scalar per site, then the coefficients
  const hh = new Float64Array(n);
  const xh = new Float64Array(n);
  const g = new Float64Array(n);
  let loss = 0;
  // d = 3: Σ log((1 − e)/(2z)) as the log of running products of 16 factors (each in [5e-11, ½] for z ≤ 1e10),
  // one logarithm per 16 sites
  let prod = 1;
  let factors = 0;
  for (let mu = 0; mu < p; mu++) {
    const base = mu * d * n;
    hh.fill(0);
    xh.fill(0);
    for (let a = 0; a < d; a++) {
      const o = base + a * n;
      for (let i = 0; i < n; i++) {
        const hv = h[o + i];
        hh[i] += hv * hv;
        xh[i] += x[o + i] * hv;
      }
    }
    for (let i = 0; i < n; i++) {
      if (spins.kind === 'continuous') {
        loss += -lambda * xh[i] + 0.5 * cont * hh[i];
        g[i] = cont;
        continue;
      }
      const z = lambda * Math.sqrt(hh[i]);
      if (d === 3 && z >= 1) {
        // vmfPair's d = 3 closed form, inlined (the hot path of the bench row)
        const e = Math.exp(-2 * z);
        loss += -lambda * xh[i] + z + logSphere;
        prod *= (1 - e) / (2 * z);
        if (++factors === 16 || z > 1e10) {
          loss += Math.log(prod);
          prod = 1;
          factors = 0;
        }
        g[i] = (l2 * ((1 + e) / (1 - e) - 1 / z)) / z;
        continue;
      }
      vmfPair(d, z, pair);
      loss += -lambda * xh[i] + pair[0] + logSphere;
      g[i] = l2 * pair[1];
    }
    for (let a = 0; a < d; a++) {
      const o = base + a * n;
      for (let i = 0; i < n; i++) coef[o + i] = scale * (g[i] * h[o + i] - lambda * x[o + i]);
    }
  }
  if (factors > 0) loss += Math.log(prod);
  return loss;
}

/**
 * Normalized loss L̄ = (1/(N·P)) Σ_{i,μ} ℓ_i^μ + (γ_J/2)‖J‖²_F and its gradient (N×N, zero diagonal) for
 * couplings J (N×N, diagonal ignored): the reference the trainer is tested against (finite differences).
 */
export function spinLossGrad(
  couplings: Float64Array,
  xi: SpinPatterns,
  spins: PLSpins,
  grad: Float64Array,
  lambda = 1,
  l2 = 0,
): number {
  const { p, n, d } = xi;
  const b = backend();
  const x = toPlanar(xi);
  const jt = transpose(n, n, couplings);
  for (let i = 0; i < n; i++) jt[i * n + i] = 0;
  const h = b.gemm(p * d, n, n, x, jt, new Float64Array(p * d * n));
  const coef = new Float64Array(p * d * n);
  const scale = 1 / (n * p);
  let loss = spinCoefficients(p, n, spins, x, h, lambda, scale, coef) * scale;
  const gt = b.gemm(n, n, p * d, transpose(p * d, n, x), coef, new Float64Array(n * n));
  transpose(n, n, gt, grad);
  for (let i = 0; i < n; i++) grad[i * n + i] = 0;
  if (l2 > 0) {
    let sq = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const v = couplings[i * n + j];
        sq += v * v;
        grad[i * n + j] += l2 * v;
      }
    loss += 0.5 * l2 * sq;
  }
  return loss;
}

export interface SpinTrainResult {
  readonly n: number;
  readonly couplings: Float64Array;
  readonly epochs: number;
  readonly history: readonly PLEpochRecord[];
  readonly snapshots: ReadonlyMap<number, Float64Array>;
}

/** Options of {@link trainSpinPseudoLikelihood} beyond the Ising trainer's config. */
export interface SpinTrainOptions {
  /**
   * Train d = 1 vector spins with the general vector loop instead of the Ising trainer (which they otherwise
   * use, bit for bit; the two agree to rounding — tested).
   */
  readonly general?: boolean;
  /**
   * Epoch form of the general loop (default 'auto': 'gram' when it needs fewer flops, see spinTrainingForm). The
   * forms give the same iterates up to rounding (tested).
   */
  readonly form?: 'auto' | 'direct' | 'gram';
}

/**
 * The cheaper exact epoch form for R = P·d planar rows of N spins: direct (two GEMMs, 4RN² flops) or Gram (one
 * R×R by R×N GEMM, 2R²N flops; needs J = 0 at the start and asymmetric couplings, as the Ising trainer's).
 */
export function spinTrainingForm(rows: number, n: number, eligible: boolean): 'direct' | 'gram' {
  return eligible && rows < 2 * n ? 'gram' : 'direct';
}

/**
 * Train couplings on vector or continuous spins by full-batch gradient descent on the normalized
 * pseudo-likelihood (module comment), J ← J − η_t(∇L̄ + γ_J J), η_t = η₀·decay^t, symmetric variant by projecting
 * the gradient. Vector spins with d = 1 are Ising spins and run trainPseudoLikelihood unchanged (its Gram form
 * and ±1 kernels). Basin-based stopping is an Ising-only rule (refused here).
 */
export function trainSpinPseudoLikelihood(
  xi: SpinPatterns,
  spins: PLSpins,
  cfg: PLTrainConfig,
  hooks?: PLTrainHooks,
  opts: SpinTrainOptions = {},
): SpinTrainResult {
  const { p, n, d } = xi;
  if (p < 1) throw new RangeError(`need at least one training example (got P = ${p})`);
  checkPLConfig(cfg, n);
  checkSpinPatterns(xi, spins);
  if (cfg.stopping && cfg.stopping.kind !== 'epochs')
    throw new RangeError('stopping by basins is defined for Ising spins only (use stopping: epochs)');
  if (spins.kind === 'vector' && d === 1 && !opts.general) {
    const res = trainPseudoLikelihood({ p, n, data: xi.data } as PatternSet, cfg, undefined, hooks);
    return {
      n,
      couplings: res.couplings,
      epochs: res.epochs,
      history: res.history,
      snapshots: res.snapshots,
    };
  }
  const eligible = cfg.symmetry.kind === 'asymmetric' && !cfg.init?.some((v) => v !== 0);
  const requested = opts.form ?? 'auto';
  if (requested === 'gram' && !eligible)
    throw new RangeError("form 'gram' needs asymmetric couplings and training from J = 0");
  const form = requested === 'auto' ? spinTrainingForm(p * d, n, eligible) : requested;
  const trainer = form === 'gram' ? spinGramTrainer(xi, spins, cfg) : spinTrainer(xi, spins, cfg);
  const history: PLEpochRecord[] = [];
  const snapshots = new Map<number, Float64Array>();
  const wanted = new Set(cfg.snapshots ?? []);
  if (wanted.has(0)) snapshots.set(0, trainer.couplings());
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const lr = cfg.learningRate * cfg.decay ** epoch;
      const { loss, rowNorm } = trainer.step(lr);
      if (!Number.isFinite(loss) || !Number.isFinite(rowNorm))
        throw new ParamError(
          'lr',
          `${cfg.learningRate} makes training diverge (epoch ${epoch + 1}: loss ${loss}, mean row norm ${rowNorm}); lower it${cfg.l2 ? ' or l2' : ''}`,
        );
      history.push({ epoch: epoch + 1, loss, learningRate: lr, rowNorm });
      if (wanted.has(epoch + 1)) snapshots.set(epoch + 1, trainer.couplings());
      hooks?.onEpoch?.(epoch + 1, cfg.epochs);
    }
    return { n, couplings: trainer.couplings(), epochs: cfg.epochs, history, snapshots };
  } finally {
    trainer.dispose();
  }
}

/**
 * The direct form of the Ising trainer with P·d planar rows: T = Jᵀ, fields H = X·T, coefficients C, gradient
 * Gᵀ = Xᵀ·C (two GEMMs of 2·P·d·N² flops each), update of T and the row norms of J (column norms of T).
 */
function spinTrainer(xi: SpinPatterns, spins: PLSpins, cfg: PLTrainConfig) {
  const { p, n, d } = xi;
  const rows = p * d;
  const lambda = cfg.lambda ?? 1;
  const l2 = cfg.l2 ?? 0;
  const symmetric = cfg.symmetry.kind === 'symmetric';
  const b = backend();
  const x = b.allocFloat64(rows * n);
  toPlanar(xi, x);
  const xt = b.allocFloat64(n * rows);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) xt[j * rows + r] = x[r * n + j];
  const t = b.allocFloat64(n * n);
  if (cfg.init) {
    transpose(n, n, cfg.init, t);
    for (let i = 0; i < n; i++) t[i * n + i] = 0;
    if (symmetric) symmetrizeInPlace(n, t);
  }
  const h = b.allocFloat64(rows * n);
  const coef = b.allocFloat64(rows * n);
  const gt = b.allocFloat64(n * n);
  const colSq = new Float64Array(n);
  const scale = 1 / (n * p);
  return {
    step(lr: number) {
      b.gemm(rows, n, n, x, t, h);
      let loss = spinCoefficients(p, n, spins, x, h, lambda, scale, coef) * scale;
      b.gemm(n, n, rows, xt, coef, gt);
      for (let i = 0; i < n; i++) gt[i * n + i] = 0;
      if (l2 > 0) {
        let sq = 0;
        for (let k = 0; k < n * n; k++) {
          sq += t[k] * t[k];
          gt[k] += l2 * t[k];
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
      for (let i = 0; i < n; i++) total += Math.sqrt(colSq[i]);
      return { loss, rowNorm: total / n };
    },
    couplings: () => transpose(n, n, t),
    dispose() {
      for (const a of [x, xt, t, h, coef, gt]) b.release(a);
    },
  };
}

/**
 * Gram form (from J = 0, asymmetric), the vector-spin version of the Ising trainer's: gradient descent keeps J in
 * the span of the planar rows, J = AᵀX − diag(δ) with A (R×N), δ_i = Σ_r A_ri X_ri (so J_ii = 0). With K = XXᵀ
 * (R×R, once) and F = KA: fields H = F − X∘δ; coefficients C; A ← (1 − ηγ)A − ηC, δ ← (1 − ηγ)δ − η·diag(CᵀX);
 * ‖J_i‖² = Σ_r A_ri F_ri − δ_i² after the update (F recomputed once per epoch serves both).
 */
function spinGramTrainer(xi: SpinPatterns, spins: PLSpins, cfg: PLTrainConfig) {
  const { p, n, d } = xi;
  const rows = p * d;
  const lambda = cfg.lambda ?? 1;
  const l2 = cfg.l2 ?? 0;
  const b = backend();
  const x = b.allocFloat64(rows * n);
  toPlanar(xi, x);
  const xt = transpose(rows, n, x);
  const k = b.allocFloat64(rows * rows);
  b.gemm(rows, rows, n, x, xt, k);
  const a = b.allocFloat64(rows * n);
  const f = b.allocFloat64(rows * n);
  const coef = b.allocFloat64(rows * n);
  const delta = new Float64Array(n);
  const q = new Float64Array(n);
  const scale = 1 / (n * p);
  let sqNorm = 0;
  return {
    step(lr: number) {
      for (let r = 0; r < rows; r++) {
        const o = r * n;
        for (let i = 0; i < n; i++) f[o + i] -= x[o + i] * delta[i]; // F → H
      }
      let loss = spinCoefficients(p, n, spins, x, f, lambda, scale, coef) * scale;
      if (l2 > 0) loss += 0.5 * l2 * sqNorm;
      const shrink = 1 - lr * l2;
      for (let r = 0; r < rows; r++) {
        const o = r * n;
        for (let i = 0; i < n; i++) {
          const c = coef[o + i];
          a[o + i] = shrink * a[o + i] - lr * c;
          q[i] += c * x[o + i]; // q holds diag(CᵀX) here
        }
      }
      for (let i = 0; i < n; i++) {
        delta[i] = shrink * delta[i] - lr * q[i];
        q[i] = 0;
      }
      b.gemm(rows, n, rows, k, a, f);
      b.columnDots(rows, n, a, f, q);
      sqNorm = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const s2 = Math.max(0, q[i] - delta[i] * delta[i]);
        sqNorm += s2;
        total += Math.sqrt(s2);
        q[i] = 0;
      }
      return { loss, rowNorm: total / n };
    },
    couplings() {
      const j = b.gemm(n, n, rows, transpose(rows, n, a), x, new Float64Array(n * n));
      for (let i = 0; i < n; i++) j[i * n + i] = 0;
      return j;
    },
    dispose() {
      for (const v of [x, k, a, f, coef]) b.release(v);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Zero-temperature dynamics and retrieval

/** Outcome of a batch of parallel runs (planar states, B·d × N). */
export interface SpinRunResult {
  readonly states: Float64Array;
  /** Steps taken by the batch (all runs advance together). */
  readonly steps: number;
  /** 1 where a run reached a fixed point (largest change ≤ 1e-10), else 0. */
  readonly converged: Uint8Array;
}

/**
 * Zero-temperature parallel dynamics for B planar start states (B·d × N, not modified): vector spins
 * s_i ← u_i/|u_i| (sign(u_i) at d = 1; a zero field keeps the spin), continuous spins s_i ← (λ/γ) u_i (the mode
 * of the Gaussian conditional; the library's `dyn_step` instead steps s ← Ju − γs), u_i = Σ_{j≠i} J_ij s_j.
 * All runs advance together by one GEMM per step until every run is at a fixed point or maxSteps.
 */
export function runSpinDynamics(
  couplings: Float64Array,
  n: number,
  spins: PLSpins,
  starts: Float64Array,
  maxSteps: number,
  lambda = 1,
): SpinRunResult {
  const d = spinDim(spins);
  if (starts.length % (n * d) !== 0)
    throw new RangeError(`starts must hold whole states of N·d = ${n * d} numbers (got ${starts.length})`);
  const bRuns = starts.length / (n * d);
  const kernel = backend();
  const jt = transpose(n, n, couplings);
  for (let i = 0; i < n; i++) jt[i * n + i] = 0;
  const cur = Float64Array.from(starts);
  const h = new Float64Array(cur.length);
  const converged = new Uint8Array(bRuns);
  const gain = spins.kind === 'continuous' ? lambda / spins.gamma : 1;
  let steps = 0;
  while (steps < maxSteps && converged.some((c) => c === 0)) {
    kernel.gemm(bRuns * d, n, n, cur, jt, h);
    steps++;
    for (let r = 0; r < bRuns; r++) {
      const base = r * d * n;
      let change = 0;
      let size = 0;
      for (let i = 0; i < n; i++) {
        let hh = 0;
        for (let a = 0, k = base + i; a < d; a++, k += n) hh += h[k] * h[k];
        const f = spins.kind === 'continuous' ? gain : hh > 0 ? 1 / Math.sqrt(hh) : 0;
        for (let a = 0, k = base + i; a < d; a++, k += n) {
          const v = f === 0 ? cur[k] : f * h[k];
          change = Math.max(change, Math.abs(v - cur[k]));
          size = Math.max(size, Math.abs(v));
          cur[k] = v;
        }
      }
      converged[r] = change <= 1e-10 * Math.max(1, size) ? 1 : 0;
    }
  }
  return { states: cur, steps, converged };
}

/**
 * Overlap of a planar state s with a planar pattern ξ (both d×N). Isotropic couplings J_ij·1_d commute with every
 * global rotation or reflection O ∈ O(d), so Oξ is a memory whenever ξ is and the dynamics may carry a state
 * along that orbit; the overlap is therefore taken up to it: m = max_O (1/N) Σ_i ξ_i·O s_i = (1/N)‖Σ_i s_i ξ_iᵀ‖_*
 * (nuclear norm of the d×d matrix). At d = 1 it is the signed Mattis overlap (1/N) Σ_i ξ_i s_i, as for Ising
 * spins. Continuous spins: the cosine ξ·s/(|ξ||s|) (0 for s = 0). {@link plainSpinOverlap} gives the overlap
 * without the rotation.
 */
export function spinOverlap(spins: PLSpins, xi: ArrayLike<number>, s: ArrayLike<number>, n: number): number {
  const d = spinDim(spins);
  if (spins.kind !== 'vector' || d === 1) return plainSpinOverlap(spins, xi, s, n);
  const m = new Float64Array(d * d); // M_ab = Σ_i s_ia ξ_ib
  for (let a = 0; a < d; a++)
    for (let c = 0; c < d; c++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += s[a * n + i] * xi[c * n + i];
      m[a * d + c] = v;
    }
  const mtm = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let c = 0; c < d; c++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += m[k * d + a] * m[k * d + c];
      mtm[a * d + c] = v;
    }
  let nuclear = 0;
  for (const ev of symmetricEigenvalues(d, mtm)) nuclear += Math.sqrt(Math.max(0, ev));
  return nuclear / n;
}

/**
 * Overlap without the global rotation: vector spins (1/N) Σ_i ξ_i·s_i, continuous spins the cosine. (The
 * library's `overlap` reports |cosine| for both.)
 */
export function plainSpinOverlap(
  spins: PLSpins,
  xi: ArrayLike<number>,
  s: ArrayLike<number>,
  n: number,
): number {
  let dot = 0;
  let ss = 0;
  let xx = 0;
  for (let k = 0; k < s.length; k++) {
    dot += xi[k] * s[k];
    ss += s[k] * s[k];
    xx += xi[k] * xi[k];
  }
  if (spins.kind === 'vector') return dot / n;
  return ss > 0 && xx > 0 ? dot / Math.sqrt(ss * xx) : 0;
}

/**
 * A planar copy of pattern ξ (d×N) at overlap m0: vector spins s_i = m0 ξ_i + √(1 − m0²) t_i with t_i a random
 * unit vector orthogonal to ξ_i, so ξ_i·s_i = m0 at every site (d = 1: round((1 − m0)N/2) spins flipped);
 * continuous spins s = m0 ξ + √(1 − m0²)|ξ| η̂ with η̂ a random unit vector orthogonal to ξ (cosine m0).
 */
export function corruptSpins(
  rng: Rng,
  spins: PLSpins,
  xi: ArrayLike<number>,
  n: number,
  m0: number,
): Float64Array {
  const d = spinDim(spins);
  const out = Float64Array.from(xi);
  const c = Math.sqrt(Math.max(0, 1 - m0 * m0));
  if (spins.kind === 'vector' && d === 1) {
    const idx = rng.sampleWithoutReplacement(n, Math.round(((1 - m0) * n) / 2));
    for (const i of idx) out[i] = -out[i];
    return out;
  }
  if (spins.kind === 'continuous') {
    const eta = orthogonalUnit(rng, Float64Array.from(xi));
    let norm = 0;
    for (let k = 0; k < n; k++) norm += xi[k] * xi[k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < n; k++) out[k] = m0 * xi[k] + c * norm * eta[k];
    return out;
  }
  const site = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) site[a] = xi[a * n + i];
    const t = orthogonalUnit(rng, site);
    for (let a = 0; a < d; a++) out[a * n + i] = m0 * site[a] + c * t[a];
  }
  return out;
}

/** A random unit vector orthogonal to the unit-or-not vector v (Gaussian, projected, normalized). */
function orthogonalUnit(rng: Rng, v: Float64Array): Float64Array {
  const m = v.length;
  let vv = 0;
  for (let k = 0; k < m; k++) vv += v[k] * v[k];
  for (;;) {
    const g = new Float64Array(m);
    let gv = 0;
    for (let k = 0; k < m; k++) {
      g[k] = rng.normal();
      gv += g[k] * v[k];
    }
    let s = 0;
    for (let k = 0; k < m; k++) {
      g[k] -= vv > 0 ? (gv / vv) * v[k] : 0;
      s += g[k] * g[k];
    }
    if (s > 1e-20) {
      const f = 1 / Math.sqrt(s);
      for (let k = 0; k < m; k++) g[k] *= f;
      return g;
    }
  }
}

/** One point of a retrieval map. */
export interface SpinMapPoint {
  readonly m0: number;
  /** Mean final overlap over the probed patterns. */
  readonly mF: number;
  readonly std: number;
  /** Share of probed patterns with final overlap ≥ 0.9. */
  readonly success: number;
  /** Share of runs that reached a fixed point. */
  readonly converged: number;
}

/**
 * Retrieval map m_F(m_IN) (paper 000 Fig. 2, for any spin type): the first `probe` examples are corrupted to each
 * initial overlap m0 (corruptSpins), run to a fixed point (runSpinDynamics) and compared with their pattern.
 */
export function spinRetrievalMap(
  couplings: Float64Array,
  xi: SpinPatterns,
  spins: PLSpins,
  m0s: readonly number[],
  rng: Rng,
  opts: { probe?: number; maxSteps?: number; lambda?: number } = {},
): SpinMapPoint[] {
  const { n, d } = xi;
  const k = Math.min(xi.p, opts.probe ?? xi.p);
  const planar = toPlanar({ ...xi, p: k, data: xi.data.subarray(0, k * n * d) });
  const block = n * d;
  return m0s.map((m0) => {
    const starts = new Float64Array(k * block);
    for (let mu = 0; mu < k; mu++)
      starts.set(corruptSpins(rng, spins, planar.subarray(mu * block, (mu + 1) * block), n, m0), mu * block);
    const run = runSpinDynamics(couplings, n, spins, starts, opts.maxSteps ?? 100, opts.lambda ?? 1);
    const ms = Array.from({ length: k }, (_, mu) =>
      spinOverlap(
        spins,
        planar.subarray(mu * block, (mu + 1) * block),
        run.states.subarray(mu * block, (mu + 1) * block),
        n,
      ),
    );
    const mean = ms.reduce((s, v) => s + v, 0) / k;
    const std = Math.sqrt(ms.reduce((s, v) => s + (v - mean) ** 2, 0) / k);
    const success = ms.filter((v) => v >= 0.9).length / k;
    const converged = run.converged.reduce((s, v) => s + v, 0) / k;
    return { m0, mF: mean, std, success, converged };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Serialization

const MODEL_TYPE = 'hopfield.pseudolikelihood-spins';
const MODEL_VERSION = 1;

/** A trained vector- or continuous-spin model ready to save. */
export interface SpinModel {
  readonly n: number;
  readonly spins: PLSpins;
  readonly couplings: Float64Array;
  readonly symmetry: CouplingSymmetry['kind'];
  readonly training: Record<string, unknown>;
  readonly patterns?: SpinPatterns;
}

/**
 * Serialize to `{type: 'hopfield.pseudolikelihood-spins', version: 1, params: {n, spins, dim, gamma, symmetry,
 * …training}, couplings, patterns: {p, d, data} | null}` (base64 little-endian Float64, patterns P×N×d).
 */
export function saveSpinModel(m: SpinModel): Record<string, unknown> {
  return {
    type: MODEL_TYPE,
    version: MODEL_VERSION,
    params: {
      n: m.n,
      spins: m.spins.kind,
      dim: spinDim(m.spins),
      gamma: m.spins.kind === 'continuous' ? m.spins.gamma : null,
      symmetry: m.symmetry,
      ...m.training,
    },
    couplings: encodeFloat64(m.couplings),
    patterns: m.patterns ? { p: m.patterns.p, d: m.patterns.d, data: encodeFloat64(m.patterns.data) } : null,
  };
}

/** Parse a saved spin model; TypeError naming what is malformed. */
export function loadSpinModel(value: unknown): SpinModel {
  const env = checkEnvelope(value, MODEL_TYPE, [MODEL_VERSION]);
  const { n, spins, dim, gamma, symmetry, ...training } = env.params as Record<string, unknown>;
  if (!Number.isInteger(n) || (n as number) < 1)
    throw new TypeError(`model params.n must be an integer ≥ 1 (got ${n})`);
  if (!Number.isInteger(dim) || (dim as number) < 1)
    throw new TypeError(`model params.dim must be an integer ≥ 1 (got ${dim})`);
  let s: PLSpins;
  if (spins === 'vector') s = { kind: 'vector', dim: dim as number };
  else if (spins === 'continuous' && typeof gamma === 'number' && gamma > 0)
    s = { kind: 'continuous', gamma };
  else
    throw new TypeError(
      `model params.spins must be vector or continuous with gamma > 0 (got ${JSON.stringify(spins)})`,
    );
  if (symmetry !== 'asymmetric' && symmetry !== 'symmetric')
    throw new TypeError(
      `model params.symmetry must be asymmetric or symmetric (got ${JSON.stringify(symmetry)})`,
    );
  const nn = n as number;
  const couplings = decodeFloat64(env.couplings, 'model couplings', nn * nn);
  const pv = (value as { patterns?: { p?: unknown; d?: unknown; data?: unknown } | null }).patterns;
  let patterns: SpinPatterns | undefined;
  if (pv) {
    if (!Number.isInteger(pv.p) || (pv.p as number) < 1 || pv.d !== spinDim(s))
      throw new TypeError(`model patterns must have p ≥ 1 and d = ${spinDim(s)}`);
    const p = pv.p as number;
    patterns = {
      p,
      n: nn,
      d: spinDim(s),
      data: decodeFloat64(pv.data, 'model patterns', p * nn * spinDim(s)),
    };
  }
  return { n: nn, spins: s, couplings, symmetry, training, patterns };
}

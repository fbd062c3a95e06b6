/**
 * Pseudo-likelihood beyond Ising spins: vector spins (unit vectors in R^d) and continuous spins (Gaussian
 * conditionals), the two-body model of the library of paper 000's authors (`PL/model/model.py`, TwoBodiesModel).
 *
 * Couplings: a d×d block J_ij per ordered pair, the library's definition — its parameter is
 * `J = nn.Parameter(torch.randn(N, N, d, d))`, masked to zero on the diagonal blocks, the field is
 * `einsum('ijab,mjb->mia', J, x)`, training starts from its `Hebb(xi, 'Tensorial')` and the gradient moves every
 * entry of every block. (Its `Hebb(form="Isotropic")` fills the blocks with multiples of 1_d, but nothing keeps
 * them so during training.) Stored as one M×M matrix, M = N·d, entry (i·d + a, j·d + b) = J_ij^{ab}, with zero
 * d×d diagonal blocks. Scalar couplings J_ij·1_d were measured to store far fewer stable patterns under
 * s_i ← u_i/|u_i| (docs/pseudolikelihood.md): their trained patterns become linearly unstable (for the projection
 * rule once P·d/N > ½). The field of site i in example μ is u_i^μ = Σ_{j≠i} J_ij ξ_j^μ ∈ R^d; with λ the inverse
 * temperature, each site contributes
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
 * vector-spin code omits that 1/λ, which changes the minimiser for λ ≠ 1 — we follow the docstring). Training
 * minimizes the mean over sites and examples plus (γ_J/2)‖J‖²_F, as the Ising trainer does; the gradient with
 * respect to the field is ∂ℓ/∂u = −λξ + λ²(A_d(x)/x)u at x = λ|u| (vector) or −λξ + (λ²/γ)u (continuous).
 *
 * Layout: examples are the library's P×N×d arrays, that is P rows of M = N·d numbers (site-major), so that the
 * fields of all examples are one P×M by M×M product, as the Ising trainer's P×N by N×N.
 */
import { backend } from '../linalg/index.js';
import { type PatternSet, rademacher } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, encodeFloat64 } from '../serialize.js';
import { logGammaHalf, vmfPair } from '../theory/bessel.js';
import { type Bounds, ParamError } from '../validate.js';
import { transpose } from './classical.js';
import {
  type CouplingSymmetry,
  checkPLConfig,
  directTrainer,
  type PLEpochRecord,
  type PLTrainConfig,
  type PLTrainHooks,
  symmetrizeInPlace,
  type Trainer,
  trainPseudoLikelihood,
  zeroDiagonalBlocks,
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
 * The loss of one site from |u|² and ξ·u, and the coefficient g of its field gradient ∂ℓ/∂u = g·u − λξ, summed
 * over the sites it is given (`add`, then `total()`). d = 3 keeps Σ log((1 − e)/(2z)) as the log of running
 * products of 16 factors (each in [5e-11, ½] for z ≤ 1e10): one logarithm per 16 sites.
 */
class SiteLoss {
  /** g of the last site added. */
  g = 0;
  private loss = 0;
  private prod = 1;
  private factors = 0;
  private readonly d: number;
  private readonly l2: number;
  private readonly cont: number;
  private readonly logSphere: number;
  private readonly pair = new Float64Array(2);
  constructor(
    private readonly spins: PLSpins,
    private readonly lambda: number,
  ) {
    this.d = spinDim(spins);
    this.l2 = lambda * lambda;
    this.cont = spins.kind === 'continuous' ? this.l2 / spins.gamma : 0;
    this.logSphere = Math.LN2 + 0.5 * this.d * Math.log(Math.PI) - logGammaHalf(this.d); // log |S^{d−1}|
  }
  add(hh: number, xh: number): void {
    const lambda = this.lambda;
    if (this.spins.kind === 'continuous') {
      this.loss += -lambda * xh + 0.5 * this.cont * hh;
      this.g = this.cont;
      return;
    }
    const z = lambda * Math.sqrt(hh);
    if (this.d === 3 && z >= 1) {
      // vmfPair's d = 3 closed form, inlined (the hot path of the bench row)
      const e = Math.exp(-2 * z);
      this.loss += -lambda * xh + z + this.logSphere;
      this.prod *= (1 - e) / (2 * z);
      if (++this.factors === 16 || z > 1e10) this.flush();
      this.g = (this.l2 * ((1 + e) / (1 - e) - 1 / z)) / z;
      return;
    }
    vmfPair(this.d, z, this.pair);
    this.loss += -lambda * xh + this.pair[0] + this.logSphere;
    this.g = this.l2 * this.pair[1];
  }
  private flush(): void {
    this.loss += Math.log(this.prod);
    this.prod = 1;
    this.factors = 0;
  }
  /** Σ ℓ over the sites added. */
  total(): number {
    if (this.factors > 0) this.flush();
    return this.loss;
  }
}

/**
 * Loss of every site from the fields H and data X (both P×M, site-major: site i of example μ at μM + i·d) and the
 * coefficients C = scale·∂ℓ/∂u (written into `coef`); returns Σ_{μ,i} ℓ_i^μ. The only non-GEMM work of an epoch.
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
  const site = new SiteLoss(spins, lambda);
  for (let o = 0; o < p * n * d; o += d) {
    let hh = 0;
    let xh = 0;
    for (let a = o; a < o + d; a++) {
      hh += h[a] * h[a];
      xh += x[a] * h[a];
    }
    site.add(hh, xh);
    const g = site.g;
    for (let a = o; a < o + d; a++) coef[a] = scale * (g * h[a] - lambda * x[a]);
  }
  return site.total();
}

/**
 * Normalized loss L̄ = (1/(N·P)) Σ_{i,μ} ℓ_i^μ + (γ_J/2)‖J‖²_F and its gradient (M×M, zero diagonal blocks) for
 * block couplings J (M×M, M = N·d, diagonal blocks ignored): the reference the trainer is tested against
 * (finite differences).
 */
export function spinLossGrad(
  couplings: Float64Array,
  xi: SpinPatterns,
  spins: PLSpins,
  grad: Float64Array,
  lambda = 1,
  l2 = 0,
): number {
  const { p, n, d, data } = xi;
  const m = n * d;
  const b = backend();
  const j = zeroDiagonalBlocks(m, d, Float64Array.from(couplings));
  const h = b.gemm(p, m, m, data, transpose(m, m, j), new Float64Array(p * m));
  const coef = new Float64Array(p * m);
  const scale = 1 / (n * p);
  let loss = spinCoefficients(p, n, spins, data, h, lambda, scale, coef) * scale;
  b.gemm(m, m, p, transpose(p, m, coef), data, grad);
  zeroDiagonalBlocks(m, d, grad);
  if (l2 > 0) {
    let sq = 0;
    for (let k = 0; k < m * m; k++) {
      sq += j[k] * j[k];
      grad[k] += l2 * j[k];
    }
    loss += 0.5 * l2 * sq;
  }
  return loss;
}

/** Tensorial Hebb couplings J_ij^{ab} = (1/N) Σ_μ ξ_ia^μ ξ_jb^μ, zero diagonal blocks (the library's `Hebb`). */
export function spinHebbCouplings(xi: SpinPatterns): Float64Array {
  const { p, n, d, data } = xi;
  const m = n * d;
  const j = backend().gemm(m, m, p, transpose(p, m, data), data, new Float64Array(m * m));
  for (let k = 0; k < m * m; k++) j[k] /= n;
  return zeroDiagonalBlocks(m, d, j);
}

export interface SpinTrainResult {
  readonly n: number;
  /** Block couplings, M×M with M = N·d (N×N for d = 1). */
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
 * The cheaper exact epoch form for P examples of M = N·d numbers: direct (two GEMMs, 4PM² flops) or Gram (one
 * P×P by P×M GEMM, 2P²M flops; needs J = 0 at the start and asymmetric couplings, as the Ising trainer's).
 */
export function spinTrainingForm(p: number, m: number, eligible: boolean): 'direct' | 'gram' {
  return eligible && p < 2 * m ? 'gram' : 'direct';
}

/**
 * Train block couplings on vector or continuous spins by full-batch gradient descent on the normalized
 * pseudo-likelihood (module comment), J ← J − η_t(∇L̄ + γ_J J), η_t = η₀·decay^t, symmetric variant (J = Jᵀ as an
 * M×M matrix, J_ij^{ab} = J_ji^{ba}) by projecting the gradient. `cfg.init`, if given, is M×M. Vector spins with
 * d = 1 are Ising spins and run trainPseudoLikelihood unchanged (its Gram form and ±1 kernels). Basin-based
 * stopping is an Ising-only rule (refused here).
 */
export function trainSpinPseudoLikelihood(
  xi: SpinPatterns,
  spins: PLSpins,
  cfg: PLTrainConfig,
  hooks?: PLTrainHooks,
  opts: SpinTrainOptions = {},
): SpinTrainResult {
  const { p, n, d } = xi;
  const m = n * d;
  if (p < 1) throw new RangeError(`need at least one training example (got P = ${p})`);
  checkPLConfig({ ...cfg, init: undefined }, n);
  if (cfg.init && cfg.init.length !== m * m)
    throw new RangeError(`init must have (N·d)² = ${m * m} entries (got ${cfg.init.length})`);
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
  const symmetric = cfg.symmetry.kind === 'symmetric';
  const eligible = !symmetric && !cfg.init?.some((v) => v !== 0);
  const requested = opts.form ?? 'auto';
  if (requested === 'gram' && !eligible)
    throw new RangeError("form 'gram' needs asymmetric couplings and training from J = 0");
  const form = requested === 'auto' ? spinTrainingForm(p, m, eligible) : requested;
  const lambda = cfg.lambda ?? 1;
  const l2 = cfg.l2 ?? 0;
  const scale = 1 / (n * p);
  const pass = (x: Float64Array, h: Float64Array, c: Float64Array) =>
    spinCoefficients(p, n, spins, x, h, lambda, scale, c) * scale;
  let trainer: Trainer;
  if (form === 'gram') trainer = spinGramTrainer(xi, spins, lambda, l2);
  else {
    const j0 = zeroDiagonalBlocks(m, d, cfg.init ? Float64Array.from(cfg.init) : new Float64Array(m * m));
    if (symmetric) symmetrizeInPlace(m, j0);
    trainer = directTrainer({ p, n: m, data: xi.data } as PatternSet, j0, symmetric, lambda, l2, d, pass);
  }
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
 * Gram form (from J = 0, asymmetric), the block version of the Ising trainer's: gradient descent keeps every row
 * of J in the span of the examples, J = AᵀX − BD with A (P×M) and BD the d×d diagonal blocks D_i of AᵀX
 * (D_i^{ab} = Σ_μ A_{μ,ia} X_{μ,ib}, so J_ii = 0). With K = XXᵀ (P×P, once) and F = KA: fields
 * H_{μ,ia} = F_{μ,ia} − Σ_b D_i^{ab} X_{μ,ib}; coefficients C; A ← (1 − ηγ)A − ηC,
 * D_i^{ab} ← (1 − ηγ)D_i^{ab} − η Σ_μ C_{μ,ia} X_{μ,ib}; ‖J_(ia)‖² = Σ_μ A_{μ,ia} F_{μ,ia} − Σ_b (D_i^{ab})²
 * after the update (F recomputed once per epoch serves both). Everything but the GEMM F = KA and the column dots
 * is one pass over the sites (gramSitePass).
 */
function spinGramTrainer(xi: SpinPatterns, spins: PLSpins, lambda: number, l2: number): Trainer {
  const { p, n, d, data } = xi;
  const m = n * d;
  const dd = d * d;
  const b = backend();
  const x = b.allocFloat64(p * m);
  x.set(data);
  const k = b.allocFloat64(p * p);
  b.gemm(p, p, m, x, transpose(p, m, data), k);
  const a = b.allocFloat64(p * m);
  const f = b.allocFloat64(p * m);
  const blocks = new Float64Array(n * dd); // D_i, row-major d×d per site
  const cd = new Float64Array(n * dd);
  const q = new Float64Array(m);
  const scale = 1 / (n * p);
  let sqNorm = 0;
  return {
    step(lr: number) {
      const shrink = 1 - lr * l2;
      const site = new SiteLoss(spins, lambda);
      cd.fill(0);
      // the data read from an ordinary array: JS reads of views of the kernels' (shared, growable) memory cost more
      gramSitePass({
        p,
        n,
        d,
        x: data,
        f,
        blocks,
        site,
        lambdaScale: lambda * scale,
        scale,
        a,
        shrink,
        lr,
        cd,
      });
      let loss = site.total() * scale;
      if (l2 > 0) loss += 0.5 * l2 * sqNorm;
      for (let t = 0; t < n * dd; t++) blocks[t] = shrink * blocks[t] - lr * cd[t];
      b.gemm(p, m, p, k, a, f);
      q.fill(0);
      b.columnDots(p, m, a, f, q);
      sqNorm = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        let s2 = 0;
        for (let r = 0; r < d; r++) s2 += q[i * d + r];
        for (let t = i * dd; t < (i + 1) * dd; t++) s2 -= blocks[t] * blocks[t];
        s2 = Math.max(0, s2);
        sqNorm += s2;
        total += Math.sqrt(s2);
      }
      return { loss, rowNorm: total / n };
    },
    couplings() {
      const j = b.gemm(m, m, p, transpose(p, m, a), x, new Float64Array(m * m));
      return zeroDiagonalBlocks(m, d, j);
    },
    dispose() {
      for (const v of [x, k, a, f]) b.release(v);
    },
  };
}

/** The arrays and numbers of one Gram site pass (see gramSitePass). */
interface GramPass {
  readonly p: number;
  readonly n: number;
  readonly d: number;
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly blocks: Float64Array;
  readonly site: SiteLoss;
  readonly lambdaScale: number;
  readonly scale: number;
  readonly a: Float64Array;
  readonly shrink: number;
  readonly lr: number;
  readonly cd: Float64Array;
}

/**
 * The Gram form's pass over the P·N sites, fused: the field h = F − D_i x of the site (F, the fields without the
 * diagonal blocks, is overwritten), its loss (into `site`), the coefficients c = scale·(g·h) − λ·scale·x, then
 * A ← shrink·A − lr·c and cd_i += c xᵀ (the d×d gradient of the diagonal block).
 */
function gramSitePass(pass: GramPass): void {
  if (pass.d === 3) {
    gramSitePass3(pass);
    return;
  }
  const { p, n, d, x, f, blocks, site, lambdaScale, scale, a, shrink, lr, cd } = pass;
  const dd = d * d;
  for (let o = 0, i = 0; o < p * n * d; o += d, i = i + 1 === n ? 0 : i + 1) {
    const bo = i * dd;
    let hh = 0;
    let xh = 0;
    for (let r = 0; r < d; r++) {
      let v = f[o + r];
      for (let c = 0; c < d; c++) v -= blocks[bo + r * d + c] * x[o + c];
      f[o + r] = v;
      hh += v * v;
      xh += x[o + r] * v;
    }
    site.add(hh, xh);
    const g = scale * site.g;
    for (let r = 0; r < d; r++) {
      const c = g * f[o + r] - lambdaScale * x[o + r];
      a[o + r] = shrink * a[o + r] - lr * c;
      for (let cc = 0; cc < d; cc++) cd[bo + r * d + cc] += c * x[o + cc];
    }
  }
}

/** gramSitePass at d = 3 with the site in locals (the same operations in the same order; the bench row's case). */
function gramSitePass3(pass: GramPass): void {
  const { p, n, x, f, blocks, site, lambdaScale, scale, a, shrink, lr, cd } = pass;
  for (let o = 0, bo = 0; o < p * n * 3; o += 3, bo = bo + 9 === n * 9 ? 0 : bo + 9) {
    const x0 = x[o];
    const x1 = x[o + 1];
    const x2 = x[o + 2];
    const h0 = f[o] - blocks[bo] * x0 - blocks[bo + 1] * x1 - blocks[bo + 2] * x2;
    const h1 = f[o + 1] - blocks[bo + 3] * x0 - blocks[bo + 4] * x1 - blocks[bo + 5] * x2;
    const h2 = f[o + 2] - blocks[bo + 6] * x0 - blocks[bo + 7] * x1 - blocks[bo + 8] * x2;
    f[o] = h0;
    f[o + 1] = h1;
    f[o + 2] = h2;
    let hh = h0 * h0;
    hh += h1 * h1;
    hh += h2 * h2;
    let xh = x0 * h0;
    xh += x1 * h1;
    xh += x2 * h2;
    site.add(hh, xh);
    const g = scale * site.g;
    const c0 = g * h0 - lambdaScale * x0;
    const c1 = g * h1 - lambdaScale * x1;
    const c2 = g * h2 - lambdaScale * x2;
    a[o] = shrink * a[o] - lr * c0;
    a[o + 1] = shrink * a[o + 1] - lr * c1;
    a[o + 2] = shrink * a[o + 2] - lr * c2;
    cd[bo] += c0 * x0;
    cd[bo + 1] += c0 * x1;
    cd[bo + 2] += c0 * x2;
    cd[bo + 3] += c1 * x0;
    cd[bo + 4] += c1 * x1;
    cd[bo + 5] += c1 * x2;
    cd[bo + 6] += c2 * x0;
    cd[bo + 7] += c2 * x1;
    cd[bo + 8] += c2 * x2;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Zero-temperature dynamics and retrieval

/** Outcome of a batch of parallel runs (B states of M = N·d numbers, site-major). */
export interface SpinRunResult {
  readonly states: Float64Array;
  /** Steps taken by the batch (all runs advance together). */
  readonly steps: number;
  /** 1 where a run reached a fixed point (largest change ≤ 1e-10·max(1, largest entry)), else 0. */
  readonly converged: Uint8Array;
}

/**
 * Zero-temperature parallel dynamics for B start states (B × M, site-major, not modified): vector spins
 * s_i ← u_i/|u_i| (sign(u_i) at d = 1; a zero field keeps the spin), continuous spins s_i ← (λ/γ) u_i (the mode
 * of the Gaussian conditional; the library's `dyn_step` instead steps s ← Ju − γs), u_i = Σ_{j≠i} J_ij s_j with
 * block couplings J (M×M). All spins at once, as the library's `dyn_step`; all runs advance together by one GEMM
 * per step until every run is at a fixed point or maxSteps.
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
  const m = n * d;
  if (starts.length % m !== 0)
    throw new RangeError(`starts must hold whole states of N·d = ${m} numbers (got ${starts.length})`);
  const bRuns = starts.length / m;
  const kernel = backend();
  const jt = zeroDiagonalBlocks(m, d, transpose(m, m, couplings));
  const cur = Float64Array.from(starts);
  const h = new Float64Array(cur.length);
  const converged = new Uint8Array(bRuns);
  const gain = spins.kind === 'continuous' ? lambda / spins.gamma : 1;
  let steps = 0;
  while (steps < maxSteps && converged.some((c) => c === 0)) {
    kernel.gemm(bRuns, m, m, cur, jt, h);
    steps++;
    for (let r = 0; r < bRuns; r++) {
      let change = 0;
      let size = 0;
      for (let o = r * m; o < (r + 1) * m; o += d) {
        let hh = 0;
        for (let k = o; k < o + d; k++) hh += h[k] * h[k];
        const f = spins.kind === 'continuous' ? gain : hh > 0 ? 1 / Math.sqrt(hh) : 0;
        for (let k = o; k < o + d; k++) {
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
 * Overlap of a state s with a pattern ξ (both N·d numbers): vector spins the Mattis overlap (1/N) Σ_i ξ_i·s_i
 * (signed; the library's `overlap` reports its absolute value), continuous spins the cosine ξ·s/(|ξ||s|)
 * (0 for s = 0).
 */
export function spinOverlap(spins: PLSpins, xi: ArrayLike<number>, s: ArrayLike<number>, n: number): number {
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
 * A copy of pattern ξ (N·d numbers, site-major) at overlap m0: vector spins s_i = m0 ξ_i + √(1 − m0²) t_i with
 * t_i a random unit vector orthogonal to ξ_i, so ξ_i·s_i = m0 at every site (d = 1: round((1 − m0)N/2) spins
 * flipped); continuous spins s = m0 ξ + √(1 − m0²)|ξ| η̂ with η̂ a random unit vector orthogonal to ξ (cosine m0).
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
  for (let o = 0; o < n * d; o += d) {
    const site = Float64Array.from({ length: d }, (_, a) => xi[o + a]);
    const t = orthogonalUnit(rng, site);
    for (let a = 0; a < d; a++) out[o + a] = m0 * site[a] + c * t[a];
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
  readonly meanOverlap: number;
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
  const block = n * d;
  const pattern = (mu: number) => xi.data.subarray(mu * block, (mu + 1) * block);
  return m0s.map((m0) => {
    const starts = new Float64Array(k * block);
    for (let mu = 0; mu < k; mu++) starts.set(corruptSpins(rng, spins, pattern(mu), n, m0), mu * block);
    const run = runSpinDynamics(couplings, n, spins, starts, opts.maxSteps ?? 100, opts.lambda ?? 1);
    const ms = Array.from({ length: k }, (_, mu) =>
      spinOverlap(spins, pattern(mu), run.states.subarray(mu * block, (mu + 1) * block), n),
    );
    const mean = ms.reduce((s, v) => s + v, 0) / k;
    const std = Math.sqrt(ms.reduce((s, v) => s + (v - mean) ** 2, 0) / k);
    const success = ms.filter((v) => v >= 0.9).length / k;
    const converged = run.converged.reduce((s, v) => s + v, 0) / k;
    return { m0, meanOverlap: mean, std, success, converged };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Serialization

const MODEL_TYPE = 'hopfield.pseudolikelihood-spins';
/** Version 2: block couplings (M×M, M = N·d). Version 1 held scalar couplings J_ij·1_d (N×N); still read. */
const MODEL_VERSION = 2;

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
 * Serialize to `{type: 'hopfield.pseudolikelihood-spins', version: 2, params: {n, spins, dim, gamma, symmetry,
 * …training}, couplings, patterns: {p, d, data} | null}` (base64 little-endian Float64; couplings (N·d)×(N·d),
 * entry (i·d + a, j·d + b) = J_ij^{ab}; patterns P×N×d).
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
  const env = checkEnvelope(value, MODEL_TYPE, [1, MODEL_VERSION]);
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
  const d = spinDim(s);
  const couplings =
    env.version === 1
      ? isotropicBlocks(nn, d, decodeFloat64(env.couplings, 'model couplings', nn * nn))
      : decodeFloat64(env.couplings, 'model couplings', nn * d * nn * d);
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

/** Block couplings J_ij·1_d (M×M) of scalar couplings J (N×N): how a version-1 file is read. */
function isotropicBlocks(n: number, d: number, j: Float64Array): Float64Array {
  const m = n * d;
  const out = new Float64Array(m * m);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) for (let a = 0; a < d; a++) out[(i * d + a) * m + k * d + a] = j[i * n + k];
  return out;
}

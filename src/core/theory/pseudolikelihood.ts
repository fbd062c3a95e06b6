/**
 * Stability distribution of a perceptron row trained by pseudo-likelihood (paper 000 section III and
 * Appendix A). Each row J_i minimizes Σ_μ V_λ(Δ^μ) at fixed norm, with the stabilities Δ^μ = ξ_i^μ Σ_j J_ij ξ_j^μ
 * normalized so that Δ = O(1) (‖J_i‖² = N, Δ = ξ_i J_i·ξ/√N) and the logistic loss of paper 000 Eq. 7,
 *   V_λ(Δ) = log(1 + e^{−2λΔ}).
 * (Paper 000 Eq. 10 writes V = λΔ − log 2cosh(λΔ) = −log(1 + e^{−2λΔ}): the sign is flipped, and only the loss
 * written here has minimizers.) In the replica-symmetric zero-temperature limit (Appendix A),
 *   Δ₀(t, x) = argmin_Δ [V(Δ) + (Δ − t)²/(2x)],   1 = α ∫Dy [Δ₀(y, x̄) − y]²,
 * and Δ is distributed as Δ₀(t, x̄) with t ~ N(0, 1). Since t(Δ) = Δ + x̄ V'(Δ) is increasing, the density is
 * explicit: P_λ(Δ) = φ(Δ + x̄V'(Δ)) (1 + x̄V''(Δ)).
 * Limits: λ → 0 gives the Hebbian Gaussian N(1/√α, 1); λ → ∞ gives the maximally stable perceptron,
 * Δ = max(t, κ) with Gardner's α = 1/∫_{−∞}^κ Dt (κ − t)² (α_c = 2 at κ = 0).
 */
import type { Bounds } from '../validate.js';
import { findRoot, gaussianNodes, normalCdf, normalPdf } from './numerics.js';

/** Loads α = P/N of the stability distribution. */
export const STABILITY_LOAD: Bounds = { min: 0, minExclusive: true, max: 100 };
/** Inverse temperatures λ of the logistic loss (the saddle point overflows beyond, depending on α). */
export const STABILITY_LAMBDA: Bounds = { min: 0, minExclusive: true, max: 1000 };
/** Stabilities Δ at which the density P_λ(Δ) is tabulated. */
export const STABILITY_DELTA: Bounds = { min: -100, max: 100 };

function checkPositive(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0))
    throw new RangeError(`${name} must be a finite number > 0 (got ${v})`);
}

/** Logistic sigmoid s(u) = 1/(1 + e^{−u}), without overflow. */
function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** Logistic pseudo-likelihood loss V_λ(Δ) = log(1 + e^{−2λΔ}) (paper 000 Eq. 7 per pattern; Eq. 10 with the sign fixed). */
export function logisticLoss(lambda: number, delta: number): number {
  const u = -2 * lambda * delta;
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

/** V'_λ(Δ) = −2λ/(1 + e^{2λΔ}). */
export function logisticLossPrime(lambda: number, delta: number): number {
  return -2 * lambda * sigmoid(-2 * lambda * delta);
}

/** V''_λ(Δ) = 4λ² s(2λΔ) s(−2λΔ), s the logistic sigmoid. */
export function logisticLossSecond(lambda: number, delta: number): number {
  const u = 2 * lambda * delta;
  return 4 * lambda * lambda * sigmoid(u) * sigmoid(-u);
}

/**
 * Proximal map Δ₀(t, x) = argmin_Δ [V_λ(Δ) + (Δ − t)²/(2x)] (paper 000 Appendix A): the root of
 * Δ − t + x V'_λ(Δ) = 0, which lies in [t, t + 2λx] (safeguarded Newton).
 */
export function proximalStability(t: number, x: number, lambda: number): number {
  checkPositive('x', x);
  checkPositive('lambda', lambda);
  if (!Number.isFinite(t)) throw new RangeError(`t must be a finite number (got ${t})`);
  // Δ − t = 2λx s(−2λΔ) > 0. In logs, G(Δ) = log(Δ − t) − log(2λx) − log s(−2λΔ) is increasing and concave
  // enough for Newton; the bracket is [t, hi] with hi = min(t + 2λx, max(t, 0) + max(0, log 2λx)/(2λ) + 1),
  // where 2λx s(−2λ·hi) ≤ 1 ≤ hi − t or hi = t + 2λx (so G(hi) ≥ 0): an O(1) bracket even for x ~ e^{300}.
  const l2x = Math.log(2 * lambda) + Math.log(x);
  let lo = t;
  let hi = Math.min(t + 2 * lambda * x, Math.max(t, 0) + Math.max(0, l2x) / (2 * lambda) + 1);
  const logSigmoid = (u: number) => (u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u)));
  const G = (d: number) => Math.log(d - t) - l2x - logSigmoid(-2 * lambda * d);
  let d = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const g = G(d);
    if (g > 0) hi = d;
    else lo = d;
    const gp = 1 / (d - t) + 2 * lambda * sigmoid(2 * lambda * d);
    let next = d - g / gp;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - d) <= 1e-15 * (1 + Math.abs(d)) || hi - lo <= 1e-15 * (1 + Math.abs(hi))) return next;
    d = next;
  }
  return d;
}

/** Gardner's capacity at margin κ: α(κ) = 1/∫_{−∞}^κ Dt (κ − t)² = 1/[(1 + κ²)Φ(κ) + κφ(κ)]; α(0) = 2. */
export function gardnerCapacity(kappa: number): number {
  if (typeof kappa !== 'number' || !Number.isFinite(kappa))
    throw new RangeError(`kappa must be a finite number (got ${kappa})`);
  return 1 / ((1 + kappa * kappa) * normalCdf(kappa) + kappa * normalPdf(kappa));
}

/** Largest margin κ(α) of the maximally stable perceptron at load α: the inverse of {@link gardnerCapacity}. */
export function maximalMargin(alpha: number): number {
  checkPositive('alpha', alpha);
  const g = (k: number) => gardnerCapacity(k) - alpha;
  let lo = -1;
  while (g(lo) < 0) lo *= 2;
  let hi = 1;
  while (g(hi) > 0) hi *= 2;
  return findRoot(g, lo, hi);
}

/** Summary of P_λ(Δ). */
export interface StabilityDistribution {
  readonly alpha: number;
  readonly lambda: number;
  /** x̄(α, λ), the solution of 1 = α ∫Dy [Δ₀(y, x̄) − y]². */
  readonly x: number;
  /** ∫Δ P(Δ) dΔ. */
  readonly mean: number;
  /** ∫(Δ − mean)² P(Δ) dΔ. */
  readonly variance: number;
  /** P(Δ < 0) = Φ(−λx̄): the fraction of misaligned spins. */
  readonly negativeTail: number;
  /** The density P_λ(Δ) = φ(Δ + x̄V'(Δ))(1 + x̄V''(Δ)). */
  readonly density: (delta: number) => number;
  /** Δ₀(t, x̄): the stability reached from the cavity field t. */
  readonly quantileMap: (t: number) => number;
}

/** Nodes in Δ on which ∫Dt g(Δ₀(t, x)) = ∫ dΔ P(Δ) g(Δ) is evaluated (t ∈ [−9, 9], refined at the kink). */
function deltaNodes(x: number, lambda: number): { d: Float64Array; w: Float64Array } {
  const tOf = (d: number) => d + x * logisticLossPrime(lambda, d);
  // t(Δ) is increasing with t(Δ) ≤ Δ: bracket t(Δ) = −9 and t(Δ) = 9 from Δ = ±9 outwards.
  let hiMin = 9;
  while (tOf(hiMin) < -9) hiMin *= 2;
  const dMin = findRoot((d) => tOf(d) + 9, -9, hiMin);
  let hi = Math.max(10, hiMin);
  while (tOf(hi) < 9) hi *= 2;
  const dMax = findRoot((d) => tOf(d) - 9, Math.max(9, dMin), hi);
  // The mass of all cavity fields t below the margin piles up where x V''(Δ) ~ 1, i.e. near
  // Δ_b = log(4λ²x)/(2λ), over a width 1/(2λ).
  const db = Math.log(Math.max(4 * lambda * lambda * x, 1)) / (2 * lambda);
  const center = 0.5 * (dMin + dMax);
  const half = 0.5 * (dMax - dMin);
  // Reuse the refined Gauss–Legendre panels of the Gaussian expectation, mapped to [dMin, dMax], with the
  // weight φ divided back out.
  const scale = half / 9;
  const nodes = gaussianNodes({
    breakpoints: [(db - center) / scale, -center / scale],
    scale: 1 / (2 * lambda * scale),
  });
  const d = new Float64Array(nodes.z.length);
  const w = new Float64Array(nodes.z.length);
  for (let k = 0; k < d.length; k++) {
    const z = nodes.z[k];
    d[k] = center + scale * z;
    w[k] = (nodes.w[k] / normalPdf(z)) * scale * density(d[k], x, lambda);
  }
  return { d, w };
}

function density(d: number, x: number, lambda: number): number {
  return normalPdf(d + x * logisticLossPrime(lambda, d)) * (1 + x * logisticLossSecond(lambda, d));
}

/** α ∫Dy [Δ₀(y, x) − y]² − 1 = α ∫dΔ P(Δ) x² V'(Δ)² − 1, increasing in x. */
function scaleEquation(alpha: number, lambda: number, x: number): number {
  const { d, w } = deltaNodes(x, lambda);
  let s = 0;
  for (let k = 0; k < d.length; k++) {
    const u = x * logisticLossPrime(lambda, d[k]);
    s += w[k] * u * u;
  }
  return alpha * s - 1;
}

/**
 * Solve 1 = α ∫Dy [Δ₀(y, x̄) − y]² for x̄ (paper 000 Appendix A) and return P_λ(Δ) with its mean, variance and
 * negative-tail mass Φ(−λx̄).
 */
export function stabilityDistribution(alpha: number, lambda: number): StabilityDistribution {
  checkPositive('alpha', alpha);
  checkPositive('lambda', lambda);
  // Hebbian guess λx = 1/√α, then bracket in log x.
  const h = (lx: number) => scaleEquation(alpha, lambda, Math.exp(lx));
  let lo = Math.log(1 / (lambda * Math.sqrt(alpha)));
  let hi = lo;
  let step = 1;
  while (h(lo) > 0) {
    lo -= step;
    step *= 2;
    if (lo < -700)
      throw new RangeError(`stabilityDistribution: no solution for alpha = ${alpha}, lambda = ${lambda}`);
  }
  step = 1;
  while (h(hi) < 0) {
    hi += step;
    step *= 2;
    if (hi > 700)
      throw new RangeError(
        `stabilityDistribution: x̄ overflows for alpha = ${alpha}, lambda = ${lambda} (λ too large for this load)`,
      );
  }
  const lx = lo === hi ? lo : findRoot(h, lo, hi, { xtol: 1e-13 });
  const x = Math.exp(lx);
  const { d, w } = deltaNodes(x, lambda);
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let k = 0; k < d.length; k++) {
    m0 += w[k];
    m1 += w[k] * d[k];
    m2 += w[k] * d[k] * d[k];
  }
  const mean = m1 / m0;
  return {
    alpha,
    lambda,
    x,
    mean,
    variance: m2 / m0 - mean * mean,
    negativeTail: normalCdf(-lambda * x),
    density: (delta: number) => density(delta, x, lambda),
    quantileMap: (t: number) => proximalStability(t, x, lambda),
  };
}

/** Hebbian limit λ → 0: P(Δ) = N(1/√α, 1) (paper 000 section III, item 1). */
export function hebbianStabilityLimit(alpha: number): {
  mean: number;
  variance: number;
  negativeTail: number;
} {
  checkPositive('alpha', alpha);
  const mean = 1 / Math.sqrt(alpha);
  return { mean, variance: 1, negativeTail: normalCdf(-mean) };
}

/**
 * Large-λ limit: the maximally stable perceptron, Δ = max(t, κ(α)) (paper 000 section III, item 2): an atom of
 * mass Φ(κ) at κ plus the Gaussian above; mean κΦ(κ) + φ(κ), second moment κ²Φ(κ) + κφ(κ) + 1 − Φ(κ).
 */
export function maximallyStableLimit(alpha: number): {
  kappa: number;
  mean: number;
  variance: number;
  atomMass: number;
  negativeTail: number;
} {
  const kappa = maximalMargin(alpha);
  const P = normalCdf(kappa);
  const p = normalPdf(kappa);
  const mean = kappa * P + p;
  const second = kappa * kappa * P + kappa * p + (1 - P);
  return {
    kappa,
    mean,
    variance: second - mean * mean,
    atomMass: P,
    negativeTail: kappa < 0 ? normalCdf(0) : 0,
  };
}

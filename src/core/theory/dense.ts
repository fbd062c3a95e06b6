/**
 * Random-energy-model theory of dense associative memories with P = e^{αN} patterns and energy
 * E(x) = −(1/λ) log Σ_μ e^{λ x·ξ^μ} + ½‖x‖² (paper 001 Eq. 1; published version paper 003).
 *
 * Two pattern ensembles: 'spherical' (uniform on ‖ξ‖² = N, paper 001 SM C) and 'gaussian' (i.i.d. N(0, 1)
 * components, SM D). In both r_ξ = lim √(E‖ξ‖²/N) = 1. Every quantity is the N → ∞ limit.
 *
 * Vocabulary (paper 001 section II):
 * - ζ_ρ(λ) = lim (1/N) log E e^{λ x·ξ} for ‖x‖ = ρ√N (Eq. 5), and its Legendre transform ζ̂_ρ(ε) (Eq. 6);
 * - the REM free energy φ_{α,ρ}(λ) (Eq. 7) with condensation energy ε_* (largest ε with ζ̂_ρ(ε) ≤ α) and
 *   condensation point λ_* = ζ̂'_ρ(ε_*);
 * - the typical-pattern threshold α₁(λ) = sup{α : r_ξ² > φ_{α,r_ξ}(λ)} (Eq. 9);
 * - the all-pattern lower bound α_c^lb(λ) from the union bound (Eqs. 11–12, D6–D11);
 * - the basin: cos θ_c = φ_{α,ρ}(λ)/ρ (section IV, SM C.3), frozen at c_max(α) = ε_*(α, 1) for λ ≥ λ_*;
 * - the Ramsauer et al. bound (Eq. E7) and the scaled dot-product threshold α̃₁ = λ̃ (section VI).
 */
import type { Bounds } from '../validate.js';
import { findRoot, lambertW0 } from './numerics.js';

/** Pattern ensembles with a closed-form REM theory. */
export type DenseEnsemble = 'spherical' | 'gaussian';

/** The ensembles, for CLI choices and loops. */
export const DENSE_ENSEMBLES: readonly DenseEnsemble[] = ['spherical', 'gaussian'];

/** Interaction strengths λ of the REM thresholds. */
export const REM_LAMBDA: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Loads α = (log P)/N of the REM quantities (λ₁(α) is finite up to α ≈ 350). */
export const REM_LOAD: Bounds = { min: 0, minExclusive: true, max: 100 };

function checkEnsemble(ensemble: DenseEnsemble): void {
  if (ensemble !== 'spherical' && ensemble !== 'gaussian')
    throw new TypeError(`ensemble must be 'spherical' or 'gaussian' (got ${JSON.stringify(ensemble)})`);
}

function checkPositive(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0))
    throw new RangeError(`${name} must be a finite number > 0 (got ${v})`);
}

function checkFinite(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new RangeError(`${name} must be a finite number (got ${v})`);
}

/**
 * For spherical patterns, with s = √(1 + 4λ²ρ²): h = s/2 and (s − 1)/2 = λρ·λρ/(h + ½), computed without
 * cancellation at small λρ and without overflow of 4λ²ρ² at large λρ (the closed forms below need both).
 */
function sphericalRoot(lambda: number, rho: number): { h: number; halfSm1: number } {
  const lr = Math.abs(lambda * rho);
  const h = Math.hypot(0.5, lr);
  return { h, halfSm1: lr * (lr / (h + 0.5)) };
}

/**
 * Cumulant generating function ζ_ρ(λ) of the energy levels x·ξ/N (paper 001 Eq. 5):
 * spherical ½(√(1+4λ²ρ²) − 1 − log[(1+√(1+4λ²ρ²))/2]) (Eq. C3); gaussian λ²ρ²/2 (Eq. D3).
 */
export function zeta(ensemble: DenseEnsemble, lambda: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkFinite('lambda', lambda);
  checkPositive('rho', rho);
  switch (ensemble) {
    case 'spherical': {
      // ½(s − 1 − log((1 + s)/2)) with (s − 1)/2 from sphericalRoot and log((1+s)/2) = log1p((s − 1)/2).
      const { halfSm1 } = sphericalRoot(lambda, rho);
      return halfSm1 - 0.5 * Math.log1p(halfSm1);
    }
    case 'gaussian':
      return 0.5 * lambda * lambda * rho * rho;
  }
}

/** ζ'_ρ(λ): spherical 2λρ²/(1 + √(1+4λ²ρ²)); gaussian λρ² (derivatives of Eqs. C3, D3). */
export function zetaPrime(ensemble: DenseEnsemble, lambda: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkFinite('lambda', lambda);
  checkPositive('rho', rho);
  switch (ensemble) {
    case 'spherical':
      // 2λρ²/(1 + s) = ρ · λρ/(h + ½), finite for any λρ.
      return rho * ((lambda * rho) / (sphericalRoot(lambda, rho).h + 0.5));
    case 'gaussian':
      return lambda * rho * rho;
  }
}

/**
 * Rate function ζ̂_ρ(ε) = sup_λ [λε − ζ_ρ(λ)] (paper 001 Eq. 6): spherical −½ log(1 − ε²/ρ²) for |ε| < ρ and
 * +∞ otherwise (Eq. C4); gaussian ε²/(2ρ²) (Eq. D2).
 */
export function zetaHat(ensemble: DenseEnsemble, eps: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkFinite('eps', eps);
  checkPositive('rho', rho);
  const t = eps / rho;
  switch (ensemble) {
    case 'spherical':
      return Math.abs(t) < 1 ? -0.5 * Math.log1p(-t * t) : Number.POSITIVE_INFINITY;
    case 'gaussian':
      return 0.5 * t * t;
  }
}

/**
 * Condensation energy ε_*(α, ρ) = max{ε : ζ̂_ρ(ε) ≤ α} (paper 001 Eq. 7): spherical ρ√(1 − e^{−2α}) (Eq. C5),
 * gaussian ρ√(2α) (Eq. D4).
 */
export function condensationEnergy(ensemble: DenseEnsemble, alpha: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  checkPositive('rho', rho);
  switch (ensemble) {
    case 'spherical':
      return rho * Math.sqrt(-Math.expm1(-2 * alpha));
    case 'gaussian':
      return rho * Math.sqrt(2 * alpha);
  }
}

/**
 * Condensation point λ_*(α, ρ) = ζ̂'_ρ(ε_*): spherical e^{2α}√(1 − e^{−2α})/ρ (Eq. C6), gaussian √(2α)/ρ (Eq. D5).
 */
export function condensationLambda(ensemble: DenseEnsemble, alpha: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  checkPositive('rho', rho);
  switch (ensemble) {
    case 'spherical':
      return (Math.exp(2 * alpha) * Math.sqrt(-Math.expm1(-2 * alpha))) / rho;
    case 'gaussian':
      return Math.sqrt(2 * alpha) / rho;
  }
}

/**
 * Condensation line α_*(λ, ρ) = λζ'_ρ(λ) − ζ_ρ(λ), the inverse of λ_*(α, ρ): spherical
 * ½ log[(1 + √(1+4λ²ρ²))/2], gaussian λ²ρ²/2 (derived from Eqs. C6, D5; the α_* line of paper 001 Figs. 1, 3).
 */
export function condensationAlpha(ensemble: DenseEnsemble, lambda: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkPositive('lambda', lambda);
  checkPositive('rho', rho);
  switch (ensemble) {
    case 'spherical':
      return 0.5 * Math.log1p(sphericalRoot(lambda, rho).halfSm1);
    case 'gaussian':
      return 0.5 * lambda * lambda * rho * rho;
  }
}

/**
 * REM free energy φ_{α,ρ}(λ) = (α + ζ_ρ(λ))/λ for λ < λ_*(α, ρ), ε_*(α, ρ) otherwise (paper 001 Eq. 7; Eqs. C5, D4).
 */
export function remFreeEnergy(ensemble: DenseEnsemble, alpha: number, lambda: number, rho = 1): number {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  checkPositive('lambda', lambda);
  checkPositive('rho', rho);
  if (lambda < condensationLambda(ensemble, alpha, rho))
    return (alpha + zeta(ensemble, lambda, rho)) / lambda;
  return condensationEnergy(ensemble, alpha, rho);
}

/** True when the REM at (α, λ, ρ) is condensed: λ ≥ λ_*(α, ρ) (paper 001 Eq. 7). */
export function isCondensed(ensemble: DenseEnsemble, alpha: number, lambda: number, rho = 1): boolean {
  checkPositive('lambda', lambda);
  return lambda >= condensationLambda(ensemble, alpha, rho);
}

/**
 * λ − ζ₁(λ), the α where (α + ζ₁(λ))/λ = 1; for spherical patterns at λ ≥ 1 written without cancellation as
 * ½(1 − 1/(2λ + s)) + ½ log((1 + s)/2) = ½ − ¼/(λ + h) + ½ log1p((s − 1)/2), s = √(1 + 4λ²) = 2h.
 */
function uncondensedCrossing(ensemble: DenseEnsemble, lambda: number): number {
  switch (ensemble) {
    case 'spherical': {
      if (lambda < 1) return lambda - zeta('spherical', lambda, 1);
      const { h, halfSm1 } = sphericalRoot(lambda, 1);
      return 0.5 - 0.25 / (lambda + h) + 0.5 * Math.log1p(halfSm1);
    }
    case 'gaussian':
      return lambda - 0.5 * lambda * lambda;
  }
}

/**
 * Typical-pattern retrieval threshold α₁(λ) = sup{α : 1 > φ_{α,1}(λ)} (paper 001 Eq. 9): the uncondensed
 * crossing α = λ − ζ₁(λ) when it lies above α_*(λ), else ζ̂₁(1). Spherical: λ − ζ₁(λ) (≈ ½ log λ at large λ);
 * gaussian: λ(1 − λ/2) for λ < 1 and ½ for λ ≥ 1 (SM D.1).
 */
export function retrievalThreshold(ensemble: DenseEnsemble, lambda: number): number {
  checkEnsemble(ensemble);
  checkPositive('lambda', lambda);
  const candidate = uncondensedCrossing(ensemble, lambda);
  // φ is continuous and increasing in α; the crossing is uncondensed iff it lies above the condensation line.
  if (candidate > condensationAlpha(ensemble, lambda, 1)) return candidate;
  return zetaHat(ensemble, 1, 1);
}

/**
 * Inverse threshold λ₁(α) = min{λ : α₁(λ) ≥ α}, the interaction strength above which a typical pattern is
 * retrieved (paper 001 SM F, Figs. 8–10). Gaussian: 1 − √(1 − 2α) for α ≤ ½ and +∞ beyond (never retrieved);
 * spherical: root of λ − ζ₁(λ) = α.
 */
export function retrievalLambda(ensemble: DenseEnsemble, alpha: number): number {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  switch (ensemble) {
    case 'gaussian':
      return alpha <= 0.5 ? 1 - Math.sqrt(1 - 2 * alpha) : Number.POSITIVE_INFINITY;
    case 'spherical': {
      const g = (l: number) => uncondensedCrossing('spherical', l) - alpha;
      let hi = Math.max(1, 2 * alpha);
      while (g(hi) < 0) {
        hi *= 2;
        if (!Number.isFinite(hi))
          throw new RangeError(`alpha must be ≤ 350 for λ₁(α) to be finite (got ${alpha})`);
      }
      return findRoot(g, 0, hi);
    }
  }
}

/**
 * Large-deviation rate Ĩ(r) of the pattern norm r = ‖ξ‖/√N: gaussian ½(r² − 1) − log r (paper 001 Eq. D6);
 * spherical 0 at r = 1 and +∞ elsewhere (all patterns on the sphere).
 */
export function patternNormRate(ensemble: DenseEnsemble, r: number): number {
  checkEnsemble(ensemble);
  checkPositive('r', r);
  switch (ensemble) {
    case 'spherical':
      return r === 1 ? 0 : Number.POSITIVE_INFINITY;
    case 'gaussian':
      return 0.5 * (r * r - 1) - Math.log(r);
  }
}

/**
 * Rate A(α, λ) of the failure to retrieve one pattern, 1 − p₁ ≈ e^{−N A} (paper 001 Eq. 11). Gaussian (Eq. D11):
 * min(min_{r ≤ r₀} Ĩ(r), min_{r ≥ r₀} [Ĩ(r) + r²/2] − α) with r₀ from Eq. D10; spherical (Eq. C8): +∞ for
 * α < α₁(λ), 0 otherwise.
 */
export function retrievalFailureRate(ensemble: DenseEnsemble, alpha: number, lambda: number): number {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  checkPositive('lambda', lambda);
  switch (ensemble) {
    case 'spherical':
      return alpha < retrievalThreshold('spherical', lambda) ? Number.POSITIVE_INFINITY : 0;
    case 'gaussian': {
      // r₀: the norm at which r² = φ_{α,r}(λ) (Eq. D10).
      const r0 = lambda < 1 ? Math.sqrt(alpha / (lambda * (1 - lambda / 2))) : Math.sqrt(2 * alpha);
      const typical = r0 < 1 ? patternNormRate('gaussian', r0) : 0;
      // Ĩ(r) + r²/2 = r² − ½ − log r, minimal at r = 1/√2.
      const rr = Math.max(r0, Math.SQRT1_2);
      const atypical = rr * rr - 0.5 - Math.log(rr) - alpha;
      return Math.min(typical, atypical);
    }
  }
}

/**
 * All-pattern capacity lower bound α_c^lb(λ) = sup{α : A(α, λ) − α > 0} (paper 001 Eq. 12): equal to α₁(λ) for
 * spherical patterns (SM C.2); for gaussian patterns the root of A(α, λ) = α (Eq. D11), ≈ λ at small λ and
 * log 2 / 4 for λ ≳ 0.70091.
 */
export function capacityLowerBound(ensemble: DenseEnsemble, lambda: number): number {
  checkEnsemble(ensemble);
  checkPositive('lambda', lambda);
  switch (ensemble) {
    case 'spherical':
      return retrievalThreshold('spherical', lambda);
    case 'gaussian': {
      const a1 = retrievalThreshold('gaussian', lambda);
      // A(α, λ) − α decreases from ½ log 2 > 0 at α → 0 to < 0 at α = α₁ (where r₀ = 1 and A = 0).
      const h = (a: number) => retrievalFailureRate('gaussian', a, lambda) - a;
      return findRoot(h, a1 * 1e-9, a1);
    }
  }
}

/**
 * Nearest-pattern overlap c_max(α) = ε_*(α, 1), the largest root of α − ζ̂₁(c) = 0 (paper 001 Eq. B4; the
 * Gilbert–Varshamov analogue): spherical √(1 − e^{−2α}), gaussian √(2α) (Eq. D21).
 */
export function nearestPatternOverlap(ensemble: DenseEnsemble, alpha: number): number {
  return condensationEnergy(ensemble, alpha, 1);
}

/**
 * Basin boundary cos θ_c = φ_{α,ρ}(λ)/ρ for an initialization of norm ρ√N (paper 001 section IV; SM C.3 with
 * ρ = 1: cos θ_c = φ_{α,1}(λ)). Returns null when there is no basin: the pattern is not a minimum
 * (α ≥ α₁(λ)) or the boundary lies beyond cos θ = 1.
 */
export function criticalCosine(
  ensemble: DenseEnsemble,
  alpha: number,
  lambda: number,
  rho = 1,
): number | null {
  checkEnsemble(ensemble);
  checkPositive('alpha', alpha);
  checkPositive('lambda', lambda);
  checkPositive('rho', rho);
  if (!(remFreeEnergy(ensemble, alpha, lambda, 1) < 1)) return null;
  const c = remFreeEnergy(ensemble, alpha, lambda, rho) / rho;
  return c < 1 ? c : null;
}

/** Critical angle θ_c = arccos(φ_{α,ρ}(λ)/ρ) in radians, or null without a basin (paper 001 Fig. 2). */
export function criticalAngle(
  ensemble: DenseEnsemble,
  alpha: number,
  lambda: number,
  rho = 1,
): number | null {
  const c = criticalCosine(ensemble, alpha, lambda, rho);
  return c === null ? null : Math.acos(c);
}

/**
 * Asymptotic Ramsauer et al. lower bound α_c > ¼ log[(2λ/5)/W₀(2λ/5)] = W₀(2λ/5)/4 (paper 001 Eq. E7, using
 * b/W₀(b) = e^{W₀(b)}); ≈ λ/10 for small λ and ≈ ¼ log λ for large λ.
 */
export function ramsauerCapacityBound(lambda: number): number {
  checkPositive('lambda', lambda);
  return 0.25 * lambertW0((2 * lambda) / 5);
}

/**
 * Scaled dot-product regime λ = λ̃/N^a, P = e^{α̃ N^{1−a}}: typical and all-pattern thresholds coincide,
 * α̃₁ = α̃_c = λ̃ (paper 001 section VI).
 */
export function scaledDotProductThreshold(lambdaTilde: number): number {
  checkPositive('lambdaTilde', lambdaTilde);
  return lambdaTilde;
}

/** One row of the dense-memory phase diagram at interaction strength λ. */
export interface DenseThresholds {
  readonly ensemble: DenseEnsemble;
  readonly lambda: number;
  /** α₁(λ), Eq. 9. */
  readonly alpha1: number;
  /** α_c^lb(λ), Eq. 12. */
  readonly alphaCLowerBound: number;
  /** α_*(λ), the condensation line at ρ = 1. */
  readonly alphaStar: number;
  /** Ramsauer et al. bound, Eq. E7. */
  readonly ramsauer: number;
}

/** The thresholds α₁, α_c^lb, α_* and the Ramsauer bound at λ (paper 001 Figs. 1, 3). */
export function denseThresholds(ensemble: DenseEnsemble, lambda: number): DenseThresholds {
  return {
    ensemble,
    lambda,
    alpha1: retrievalThreshold(ensemble, lambda),
    alphaCLowerBound: capacityLowerBound(ensemble, lambda),
    alphaStar: condensationAlpha(ensemble, lambda, 1),
    ramsauer: ramsauerCapacityBound(lambda),
  };
}

/** The REM quantities at one (α, λ) with ρ = 1. */
export interface DenseLoadPoint {
  readonly alpha: number;
  /** φ_{α,1}(λ), Eq. 7. */
  readonly phi: number;
  /** λ_*(α, 1). */
  readonly lambdaStar: number;
  /** cos θ_c, or null when the pattern is not retrieved. */
  readonly cosThetaC: number | null;
  /** c_max(α). */
  readonly cMax: number;
  /** α < α₁(λ): a typical pattern is a minimum. */
  readonly retrieved: boolean;
  readonly condensed: boolean;
}

/** φ, λ_*, cos θ_c and c_max at load α and strength λ (ρ = 1; paper 001 Eq. 7, SM C.3, Eq. B4). */
export function denseLoadPoint(ensemble: DenseEnsemble, alpha: number, lambda: number): DenseLoadPoint {
  const phi = remFreeEnergy(ensemble, alpha, lambda, 1);
  const lambdaStar = condensationLambda(ensemble, alpha, 1);
  return {
    alpha,
    phi,
    lambdaStar,
    cosThetaC: criticalCosine(ensemble, alpha, lambda, 1),
    cMax: nearestPatternOverlap(ensemble, alpha),
    retrieved: phi < 1,
    condensed: lambda >= lambdaStar,
  };
}

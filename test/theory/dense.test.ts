import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  capacityLowerBound,
  condensationAlpha,
  condensationEnergy,
  condensationLambda,
  criticalAngle,
  criticalCosine,
  DENSE_ENSEMBLES,
  type DenseEnsemble,
  nearestPatternOverlap,
  patternNormRate,
  ramsauerCapacityBound,
  remFreeEnergy,
  retrievalFailureRate,
  retrievalLambda,
  retrievalThreshold,
  scaledDotProductThreshold,
  zeta,
  zetaHat,
  zetaPrime,
} from '../../src/core/theory/dense.js';
import { legendreTransform } from '../../src/core/theory/numerics.js';

/** Independent SciPy values: test/fixtures/theory/make.py. */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/theory/theory.json', import.meta.url), 'utf8'));

describe('dense memories, Gaussian ensemble (paper 001 SM D) — issue acceptance', () => {
  it('α₁(λ) = λ(1 − λ/2) below λ = 1 and ½ above: α₁(0.5) = 0.375, α₁(2) = 0.5', () => {
    expect(retrievalThreshold('gaussian', 0.5)).toBeCloseTo(0.375, 12);
    expect(retrievalThreshold('gaussian', 2)).toBeCloseTo(0.5, 12);
    for (const l of [0.05, 0.3, 0.9, 0.999])
      expect(retrievalThreshold('gaussian', l)).toBeCloseTo(l * (1 - l / 2), 12);
    for (const l of [1, 1.5, 10, 1e4]) expect(retrievalThreshold('gaussian', l)).toBe(0.5);
  });

  it('α_c^lb(λ) = ln 2 / 4 ≈ 0.1733 for λ ≥ 0.71 (saturation from λ ≈ 0.70091), below it for smaller λ', () => {
    for (const l of [0.71, 0.8, 1, 2, 10, 100])
      expect(Math.abs(capacityLowerBound('gaussian', l) - Math.LN2 / 4)).toBeLessThan(1e-3);
    expect(capacityLowerBound('gaussian', 0.701)).toBeCloseTo(Math.LN2 / 4, 6);
    expect(capacityLowerBound('gaussian', 0.69)).toBeLessThan(Math.LN2 / 4 - 1e-4);
    // Small λ: α_c^lb ~ λ, like α₁ (SM D.2), and always α_c^lb ≤ α₁.
    expect(capacityLowerBound('gaussian', 1e-3) / 1e-3).toBeGreaterThan(0.5);
    for (const l of [0.01, 0.1, 0.5, 2])
      expect(capacityLowerBound('gaussian', l)).toBeLessThan(retrievalThreshold('gaussian', l));
  });

  it('λ_*(α) = √(2α), c_max = √(2α), α_* = λ²/2', () => {
    for (const a of [0.01, 0.1, 0.3, 0.5, 2]) {
      expect(condensationLambda('gaussian', a)).toBeCloseTo(Math.sqrt(2 * a), 12);
      expect(nearestPatternOverlap('gaussian', a)).toBeCloseTo(Math.sqrt(2 * a), 12);
      expect(condensationAlpha('gaussian', condensationLambda('gaussian', a))).toBeCloseTo(a, 12);
    }
  });

  it('A(α, λ) of Eq. D11: Ĩ(r₀) when the typical-norm term binds, ½ log 2 − α at large λ and small α', () => {
    expect(patternNormRate('gaussian', 1)).toBe(0);
    expect(retrievalFailureRate('gaussian', 0.1, 2)).toBeCloseTo(Math.LN2 / 2 - 0.1, 12);
    expect(retrievalFailureRate('gaussian', 0.6, 2)).toBe(0); // α > α₁: a typical pattern already fails
  });

  it('matches the independent Eq. (11) minimization over the pattern norm (fixture)', () => {
    for (const row of fixture.dense.gaussian.alphaCLowerBound)
      expect(capacityLowerBound('gaussian', row.lambda)).toBeCloseTo(row.alphaCLowerBound, 6);
  });
});

describe('dense memories, spherical ensemble (paper 001 SM C) — issue acceptance', () => {
  it('λ_*(α) = e^{2α}√(1 − e^{−2α}) and the condensation line is its inverse', () => {
    for (const a of [0.01, 0.1, 0.5, 1, 3]) {
      const ls = condensationLambda('spherical', a);
      expect(ls).toBeCloseTo(Math.exp(2 * a) * Math.sqrt(1 - Math.exp(-2 * a)), 12);
      expect(condensationAlpha('spherical', ls)).toBeCloseTo(a, 12);
    }
  });

  it('at large λ, cos θ_c = √(1 − e^{−2α}) = c_max(α)', () => {
    for (const a of [0.05, 0.1, 0.3]) {
      const c = Math.sqrt(1 - Math.exp(-2 * a));
      expect(criticalCosine('spherical', a, 1e3)).toBeCloseTo(c, 12);
      expect(nearestPatternOverlap('spherical', a)).toBeCloseTo(c, 12);
      // The basin grows monotonically with λ up to the frozen value.
      const l1 = retrievalLambda('spherical', a);
      let prev = Number.POSITIVE_INFINITY;
      for (const l of [l1 * 1.01, l1 * 1.5, l1 * 3, condensationLambda('spherical', a)]) {
        const cos = criticalCosine('spherical', a, l) as number;
        expect(cos).toBeLessThan(prev + 1e-15);
        prev = cos;
      }
    }
  });

  it('α₁(λ) = λ − ζ₁(λ) grows like ½ log λ, and α_c^lb = α₁', () => {
    const d = retrievalThreshold('spherical', 1e6) - retrievalThreshold('spherical', 1e5);
    expect(d / (0.5 * Math.log(10))).toBeCloseTo(1, 5);
    // Exact asymptote: α₁ = ½ + ½ log λ + O(1/λ).
    expect(retrievalThreshold('spherical', 1e6) - (0.5 + 0.5 * Math.log(1e6))).toBeCloseTo(0, 5);
    for (const l of [0.1, 1, 10])
      expect(capacityLowerBound('spherical', l)).toBe(retrievalThreshold('spherical', l));
    // The retrieval line lies in the uncondensed region: α_* < α_c (paper 001 section V.A).
    for (const l of [0.01, 0.1, 1, 10, 100])
      expect(condensationAlpha('spherical', l)).toBeLessThan(retrievalThreshold('spherical', l));
  });

  it('cos θ_c at α = 0.1, λ = 0.2 (the setting of paper 001 Fig. 11) equals φ_{0.1,1}(0.2)', () => {
    const phi = (0.1 + zeta('spherical', 0.2)) / 0.2;
    expect(criticalCosine('spherical', 0.1, 0.2)).toBeCloseTo(phi, 14);
    expect(criticalAngle('spherical', 0.1, 0.2)).toBeCloseTo(Math.acos(phi), 14);
    // No basin once the pattern itself is unstable.
    expect(criticalCosine('spherical', 0.5, 0.2)).toBeNull();
  });
});

describe('dense memories: both ensembles against the independent SciPy fixture', () => {
  for (const e of DENSE_ENSEMBLES) {
    const f = fixture.dense[e];
    it(`${e}: ζ (Eq. 5 as a sup over the marginal), ζ̂, φ (1RSB form A11), α₁, c_max, Ramsauer`, () => {
      for (const row of f.thresholds) {
        expect(zeta(e, row.lambda)).toBeCloseTo(row.zeta, 9);
        expect(zeta(e, row.lambda, 2)).toBeCloseTo(row.zeta_rho2, 9);
        expect(retrievalThreshold(e, row.lambda)).toBeCloseTo(row.alpha1, 8);
        expect(ramsauerCapacityBound(row.lambda)).toBeCloseTo(row.ramsauer, 12);
      }
      for (const row of f.phi) {
        expect(remFreeEnergy(e, row.alpha, row.lambda)).toBeCloseTo(row.phi, 8);
        expect(remFreeEnergy(e, row.alpha, row.lambda, 0.5)).toBeCloseTo(row.phi_rho05, 8);
      }
      for (const row of f.zetaHat) expect(zetaHat(e, row.eps)).toBeCloseTo(row.zetaHat, 8);
      for (const row of f.cMax) expect(nearestPatternOverlap(e, row.alpha)).toBeCloseTo(row.cMax, 9);
    });
  }

  it('ζ̂ is the Legendre transform of ζ and ζ′ its derivative (numerically)', () => {
    for (const e of DENSE_ENSEMBLES as readonly DenseEnsemble[]) {
      for (const eps of [0.2, 0.5, 0.8]) {
        const num = legendreTransform((l) => zeta(e, l, 1.3), eps, 0, 100);
        expect(num).toBeCloseTo(zetaHat(e, eps, 1.3), 8);
      }
      const h = 1e-6;
      expect(zetaPrime(e, 0.7, 1.2)).toBeCloseTo(
        (zeta(e, 0.7 + h, 1.2) - zeta(e, 0.7 - h, 1.2)) / (2 * h),
        8,
      );
    }
    expect(zetaHat('spherical', 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('φ is continuous at the condensation point, and equals ε_* beyond', () => {
    for (const e of DENSE_ENSEMBLES) {
      const a = 0.2;
      const ls = condensationLambda(e, a);
      expect(remFreeEnergy(e, a, ls * (1 - 1e-9))).toBeCloseTo(condensationEnergy(e, a), 7);
      expect(remFreeEnergy(e, a, ls * 5)).toBe(condensationEnergy(e, a));
    }
  });
});

describe('Ramsauer bound and scaled dot product (paper 001 Eq. E7, section VI)', () => {
  it('≈ λ/10 for small λ and ≈ ¼ log λ for large λ', () => {
    expect(ramsauerCapacityBound(1e-4) / 1e-5).toBeCloseTo(1, 4);
    const big = ramsauerCapacityBound(1e12) - ramsauerCapacityBound(1e11);
    expect(big / (0.25 * Math.log(10))).toBeGreaterThan(0.95);
    expect(big / (0.25 * Math.log(10))).toBeLessThan(1);
  });

  it('α̃₁ = λ̃ and λ₁ inverts α₁', () => {
    expect(scaledDotProductThreshold(0.37)).toBe(0.37);
    for (const e of DENSE_ENSEMBLES)
      for (const a of [0.05, 0.2, 0.45])
        expect(retrievalThreshold(e, retrievalLambda(e, a))).toBeCloseTo(a, 10);
    expect(retrievalLambda('gaussian', 0.6)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('dense theory at extreme λ inside the domain (spherical closed forms)', () => {
  it('stay finite where 4λ² overflows: α₁ = ½ + ½ log λ + O(1/λ), ζ′ → 1, α_* → ½ log λ', () => {
    for (const l of [1e100, 1e200, 1e300]) {
      expect(retrievalThreshold('spherical', l) / (0.5 + 0.5 * Math.log(l))).toBeCloseTo(1, 14);
      expect(capacityLowerBound('spherical', l)).toBe(retrievalThreshold('spherical', l));
      expect(zetaPrime('spherical', l)).toBeCloseTo(1, 14);
      expect(zeta('spherical', l) / l).toBeCloseTo(1, 12);
      expect(condensationAlpha('spherical', l) / (0.5 * Math.log(l))).toBeCloseTo(1, 12);
      expect(criticalCosine('spherical', 0.1, l)).toBeCloseTo(nearestPatternOverlap('spherical', 0.1), 14);
    }
  });

  it('λ₁(α) inverts α₁ up to α ≈ 350 and says so beyond', () => {
    for (const a of [50, 200, 300]) {
      const l = retrievalLambda('spherical', a);
      expect(Number.isFinite(l)).toBe(true);
      expect(retrievalThreshold('spherical', l)).toBeCloseTo(a, 9);
    }
    expect(() => retrievalLambda('spherical', 1000)).toThrow(/alpha must be ≤ 350/);
  });
});

describe('dense theory: domain errors', () => {
  it('rejects α ≤ 0, λ ≤ 0, ρ ≤ 0, non-finite values and unknown ensembles with a clear error', () => {
    expect(() => retrievalThreshold('gaussian', 0)).toThrow(/lambda must be a finite number > 0 \(got 0\)/);
    expect(() => retrievalThreshold('gaussian', -1)).toThrow(RangeError);
    expect(() => capacityLowerBound('spherical', Number.NaN)).toThrow(RangeError);
    expect(() => remFreeEnergy('spherical', 0, 1)).toThrow(/alpha must be a finite number > 0/);
    expect(() => remFreeEnergy('spherical', -0.1, 1)).toThrow(RangeError);
    expect(() => remFreeEnergy('spherical', 0.1, 1, 0)).toThrow(/rho/);
    expect(() => condensationLambda('gaussian', Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => ramsauerCapacityBound(0)).toThrow(RangeError);
    expect(() => zeta('binary' as DenseEnsemble, 1)).toThrow(TypeError);
  });
});

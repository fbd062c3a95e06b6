import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrateGL } from '../../src/core/theory/numerics.js';
import {
  gardnerCapacity,
  hebbianStabilityLimit,
  logisticLoss,
  logisticLossPrime,
  logisticLossSecond,
  maximallyStableLimit,
  maximalMargin,
  proximalStability,
  stabilityDistribution,
} from '../../src/core/theory/pseudolikelihood.js';

/** Independent SciPy values: test/fixtures/theory/make.py. */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/theory/theory.json', import.meta.url), 'utf8'));

/** ∫ g(Δ) P(Δ) dΔ on a fine composite rule. */
function integrate(g: (d: number) => number, lo = -12, hi = 14): number {
  let s = 0;
  const panels = 2600;
  const h = (hi - lo) / panels;
  for (let k = 0; k < panels; k++) s += integrateGL(g, lo + k * h, lo + (k + 1) * h, 8);
  return s;
}

describe('pseudo-likelihood stability distribution (paper 000 Appendix A) — issue acceptance', () => {
  it('loss V_λ(Δ) = log(1 + e^{−2λΔ}) = −(λΔ − log 2cosh λΔ) (Eq. 10 with the sign fixed), with its derivatives', () => {
    for (const d of [-3, -0.2, 0, 0.7, 4]) {
      const l = 1.7;
      expect(logisticLoss(l, d)).toBeCloseTo(-(l * d - Math.log(2 * Math.cosh(l * d))), 12);
      const h = 1e-5;
      expect(logisticLossPrime(l, d)).toBeCloseTo(
        (logisticLoss(l, d + h) - logisticLoss(l, d - h)) / (2 * h),
        8,
      );
      expect(logisticLossSecond(l, d)).toBeCloseTo(
        (logisticLossPrime(l, d + h) - logisticLossPrime(l, d - h)) / (2 * h),
        7,
      );
    }
    expect(logisticLoss(50, -30)).toBeCloseTo(3000, 9); // no overflow
  });

  it('Δ₀(t, x) minimizes V(Δ) + (Δ − t)²/2x', () => {
    for (const [t, x, l] of [
      [-2, 0.5, 1],
      [0.3, 10, 2],
      [1.5, 1e8, 10],
    ]) {
      const d = proximalStability(t, x, l);
      expect(d - t + x * logisticLossPrime(l, d)).toBeCloseTo(0, 6);
      const obj = (z: number) => logisticLoss(l, z) + (z - t) ** 2 / (2 * x);
      expect(obj(d)).toBeLessThanOrEqual(obj(d + 1e-4));
      expect(obj(d)).toBeLessThanOrEqual(obj(d - 1e-4));
    }
  });

  it('matches the independent SciPy solution (brentq + quad over the cavity field)', () => {
    for (const row of fixture.pl) {
      const s = stabilityDistribution(row.alpha, row.lambda);
      expect(s.x / row.x).toBeCloseTo(1, 7);
      expect(s.mean).toBeCloseTo(row.mean, 7);
      expect(s.variance).toBeCloseTo(row.variance, 7);
      expect(s.negativeTail).toBeCloseTo(row.negativeTail, 7);
    }
  });

  it('the density is normalized and carries the reported mean, variance and negative tail', () => {
    const s = stabilityDistribution(1, 1);
    expect(integrate(s.density)).toBeCloseTo(1, 9);
    expect(integrate((d) => d * s.density(d))).toBeCloseTo(s.mean, 8);
    expect(integrate((d) => (d - s.mean) ** 2 * s.density(d))).toBeCloseTo(s.variance, 8);
    expect(integrate(s.density, -12, 0)).toBeCloseTo(s.negativeTail, 8);
    // The saddle-point condition itself: α ∫Dy [Δ₀(y) − y]² = 1, as an integral over Δ.
    expect(integrate((d) => (s.x * logisticLossPrime(1, d)) ** 2 * s.density(d))).toBeCloseTo(1, 8);
  });

  it('Hebbian limit λ → 0: P(Δ) → N(1/√α, 1)', () => {
    for (const a of [0.1, 0.4, 2]) {
      const s = stabilityDistribution(a, 1e-5);
      const h = hebbianStabilityLimit(a);
      expect(s.mean).toBeCloseTo(h.mean, 3);
      expect(s.variance).toBeCloseTo(1, 3);
      expect(s.negativeTail).toBeCloseTo(h.negativeTail, 3);
      expect(s.x * 1e-5 * Math.sqrt(a)).toBeCloseTo(1, 3); // λx̄ → 1/√α
    }
  });

  it('large λ → the maximally stable perceptron: Gaussian cut at Gardner’s κ(α) with the rest at κ', () => {
    const lim = maximallyStableLimit(0.4);
    expect(lim.kappa).toBeCloseTo(fixture.gardner[0].kappa, 10);
    const s = stabilityDistribution(0.4, 100);
    expect(s.mean).toBeCloseTo(lim.mean, 2);
    expect(s.variance).toBeCloseTo(lim.variance, 2);
    expect(s.negativeTail).toBe(0);
    // Quantiles: cavity fields above κ are left nearly untouched, those below are lifted to ≈ κ.
    expect(s.quantileMap(2)).toBeCloseTo(2, 3);
    expect(s.quantileMap(-1)).toBeCloseTo(lim.kappa, 1);
    // The convergence is monotone in λ.
    const m = [2, 10, 100].map((l) => Math.abs(stabilityDistribution(0.4, l).mean - lim.mean));
    expect(m[1]).toBeLessThan(m[0]);
    expect(m[2]).toBeLessThan(m[1]);
  });

  it('Gardner: α_c = 2 at zero margin; κ(α) matches the fixture', () => {
    expect(gardnerCapacity(0)).toBe(2);
    for (const row of fixture.gardner) expect(maximalMargin(row.alpha)).toBeCloseTo(row.kappa, 10);
    expect(gardnerCapacity(maximalMargin(0.7))).toBeCloseTo(0.7, 12);
  });

  it('rejects α ≤ 0, λ ≤ 0 and non-finite input with a clear error', () => {
    expect(() => stabilityDistribution(0, 1)).toThrow(/alpha must be a finite number > 0 \(got 0\)/);
    expect(() => stabilityDistribution(0.4, -1)).toThrow(/lambda must be a finite number > 0 \(got -1\)/);
    expect(() => stabilityDistribution(Number.NaN, 1)).toThrow(RangeError);
    expect(() => proximalStability(0, 0, 1)).toThrow(RangeError);
    expect(() => maximalMargin(-1)).toThrow(RangeError);
    expect(() => gardnerCapacity(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  erf,
  erfc,
  findRoot,
  gaussianExpectation,
  gaussLegendre,
  lambertW0,
  legendreTransform,
  maximizeUnimodal,
  normalCdf,
} from '../../src/core/theory/numerics.js';

describe('theory numerics', () => {
  it('erf/erfc match scipy.special values across the series/continued-fraction switch', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497148, 15);
    expect(erf(2.4)).toBeCloseTo(0.999311486103355, 15);
    expect(erf(2.6)).toBeCloseTo(0.9997639655834707, 15);
    expect(erf(-1.5)).toBeCloseTo(-0.9661051464753108, 15);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
    expect(erfc(-3)).toBeCloseTo(1.9999779095030015, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });

  it('Gauss–Legendre integrates polynomials of degree 2n − 1 exactly', () => {
    const { nodes, weights } = gaussLegendre(6);
    let s = 0;
    for (let i = 0; i < 6; i++) s += weights[i] * nodes[i] ** 10;
    expect(s).toBeCloseTo(2 / 11, 14);
  });

  it('Gaussian expectations: moments, a shifted exponential, and a sharp tanh against erf', () => {
    expect(gaussianExpectation((z) => z * z)).toBeCloseTo(1, 13);
    expect(gaussianExpectation((z) => z ** 4)).toBeCloseTo(3, 12);
    expect(gaussianExpectation((z) => Math.exp(0.7 * z))).toBeCloseTo(Math.exp(0.245), 13);
    // ⟨tanh(β(m + σz))⟩ → erf(m/(σ√2)) as β → ∞; at β = 1e6 the difference is O(1/β²).
    const m = 0.3;
    const s = 0.8;
    const beta = 1e6;
    const v = gaussianExpectation((z) => Math.tanh(beta * (m + s * z)), {
      breakpoints: [-m / s],
      scale: 1 / (beta * s),
    });
    expect(v).toBeCloseTo(erf(m / (s * Math.SQRT2)), 10);
  });

  it('Lambert W₀ satisfies w e^w = x, with W₀(−1/e) = −1 and W₀(e) = 1', () => {
    for (const x of [-0.36, -0.2, 0.01, 0.5, 1, 3, 100, 1e8]) {
      const w = lambertW0(x);
      expect(w * Math.exp(w)).toBeCloseTo(x, 10 - Math.max(0, Math.log10(Math.abs(x))));
    }
    expect(lambertW0(Math.E)).toBeCloseTo(1, 14);
    expect(lambertW0(-1 / Math.E)).toBeCloseTo(-1, 6);
    expect(() => lambertW0(-0.5)).toThrow(RangeError);
  });

  it('roots, maxima and Legendre transforms', () => {
    expect(findRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 14);
    expect(() => findRoot((x) => x * x + 1, -1, 1)).toThrow(/change sign/);
    expect(maximizeUnimodal((x) => -((x - 0.3) ** 2), -1, 2).x).toBeCloseTo(0.3, 7);
    // f(λ) = λ²/2 is self-dual: f̂(ε) = ε²/2.
    expect(legendreTransform((l) => (l * l) / 2, 0.8, -10, 10)).toBeCloseTo(0.32, 12);
  });
});

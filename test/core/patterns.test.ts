import { describe, expect, it } from 'vitest';
import {
  corruptByFraction,
  corruptToOverlap,
  flipSpins,
  mattisOverlap,
  mattisOverlaps,
  patternSet,
  rademacher,
} from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';

describe('Mattis overlap and corruption', () => {
  it('computes m = (1/N) Σ ξ_i σ_i', () => {
    expect(mattisOverlap([1, -1, 1, 1], [1, 1, 1, -1])).toBe(0);
    expect(mattisOverlap([1, -1, 1, 1], [1, -1, 1, 1])).toBe(1);
    const xi = patternSet(2, 4, Float64Array.from([1, 1, 1, 1, 1, -1, 1, -1]));
    expect(Array.from(mattisOverlaps(xi, [1, 1, 1, -1]))).toEqual([0.5, 0.5]);
  });

  it('flips exactly round(rN) distinct spins', () => {
    const r = createRng(11);
    const x = rademacher(r, 1, 101).data;
    for (const frac of [0, 0.1, 0.2, 0.5, 1]) {
      const y = corruptByFraction(r, x, frac);
      let d = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) d++;
      expect(d).toBe(Math.round(frac * 101));
    }
    expect(x.length).toBe(101); // input untouched
  });

  it('corrupts to initial overlap m0 by flipping round((1 − m0)N/2) spins', () => {
    const r = createRng(12);
    const x = rademacher(r, 1, 200).data;
    for (const m0 of [1, 0.8, 0.3, 0, -1]) {
      const y = corruptToOverlap(r, x, m0);
      expect(mattisOverlap(x, y)).toBeCloseTo(1 - (2 * Math.round(((1 - m0) * 200) / 2)) / 200, 12);
    }
  });

  it('rejects out-of-range corruption parameters', () => {
    const r = createRng(1);
    expect(() => corruptByFraction(r, [1, 1], 1.5)).toThrow(/r must be in \[0, 1\] \(got 1.5\)/);
    expect(() => corruptToOverlap(r, [1, 1], -2)).toThrow(/m0 must be in \[-1, 1\]/);
    expect(() => flipSpins(r, [1, 1], 3)).toThrow(/\[0, 2\]/);
  });
});

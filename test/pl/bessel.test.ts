import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEBYE_FROM,
  logBesselI,
  vmfLogNormalizer,
  vmfMeanResultant,
  vmfPair,
  vmfRatioOverX,
} from '../../src/core/theory/bessel.js';

// mpmath at 50 digits (test/fixtures/bessel/make_bessel.py)
const ref = JSON.parse(readFileSync(join(__dirname, '../fixtures/bessel/bessel.json'), 'utf8')) as {
  rows: { d: number; x: number; logI: number; logNormalizer: number; meanResultant: number }[];
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('von Mises–Fisher normaliser against mpmath (x from 1e-6 to 1e4, d = 2, 3, 10)', () => {
  it('covers the three dimensions and both sides of the series/Debye switch', () => {
    for (const d of [2, 3, 10]) {
      const xs = ref.rows.filter((r) => r.d === d).map((r) => r.x);
      expect(Math.min(...xs)).toBe(1e-6);
      expect(Math.max(...xs)).toBe(1e4);
      expect(xs.some((x) => x < DEBYE_FROM) && xs.some((x) => x >= DEBYE_FROM)).toBe(true);
    }
  });
  for (const r of ref.rows) {
    it(`d = ${r.d}, x = ${r.x}`, () => {
      const nu = r.d / 2 - 1;
      expect(rel(logBesselI(nu, r.x), r.logI)).toBeLessThan(1e-12);
      // the normaliser is ~x²/(2d) near 0: relative accuracy there too
      expect(rel(vmfLogNormalizer(r.d, r.x), r.logNormalizer)).toBeLessThan(1e-12);
      expect(rel(vmfMeanResultant(r.d, r.x), r.meanResultant)).toBeLessThan(1e-12);
      expect(rel(vmfRatioOverX(r.d, r.x), r.meanResultant / r.x)).toBeLessThan(1e-12);
      const pair = vmfPair(r.d, r.x, new Float64Array(2));
      expect(rel(pair[0], r.logNormalizer)).toBeLessThan(1e-12);
      expect(rel(pair[1], r.meanResultant / r.x)).toBeLessThan(1e-12);
    });
  }
  it('A_d(x)/x → 1/d at x = 0 and the normaliser is 0 there', () => {
    for (const d of [1, 2, 3, 10]) {
      expect(vmfRatioOverX(d, 0)).toBeCloseTo(1 / d, 15);
      expect(vmfLogNormalizer(d, 0)).toBe(0);
    }
  });
  it('d = 1 is log cosh and tanh (Ising spins)', () => {
    for (const x of [1e-6, 0.3, 5, 40, 800]) {
      expect(vmfLogNormalizer(1, x)).toBeCloseTo(x + Math.log1p(Math.exp(-2 * x)) - Math.LN2, 14);
      expect(vmfMeanResultant(1, x)).toBe(Math.tanh(x));
    }
  });
  it('A_d is the derivative of the log normaliser (central differences, both regions)', () => {
    for (const d of [2, 3, 10])
      for (const x of [0.7, 12, 45, 600]) {
        const h = 1e-5 * Math.max(1, x);
        const fd = (vmfLogNormalizer(d, x + h) - vmfLogNormalizer(d, x - h)) / (2 * h);
        expect(rel(fd, vmfMeanResultant(d, x))).toBeLessThan(1e-7);
      }
  });
});

import { describe, expect, it } from 'vitest';
import { rademacher, sampleSphere, spherePatterns } from '../../src/core/patterns.js';
import { createRng, Rng } from '../../src/core/rng/index.js';

describe('Rng', () => {
  it('is reproducible from a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 20 }, () => a.uniform());
    const xb = Array.from({ length: 20 }, () => b.uniform());
    const xc = Array.from({ length: 20 }, () => c.uniform());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('restores its exact state from JSON, including a cached normal deviate', () => {
    const r = createRng(7);
    r.normal(); // leaves a spare deviate cached
    const saved = JSON.parse(JSON.stringify(r.state()));
    const expected = [r.normal(), r.uniform(), r.int(1000)];
    const restored = Rng.fromState(saved);
    expect([restored.normal(), restored.uniform(), restored.int(1000)]).toEqual(expected);
  });

  it('rejects malformed state and non-integer seeds', () => {
    expect(() =>
      Rng.fromState({
        type: 'xoroshiro128plus',
        version: 2,
        words: [1, 2, 3, 4],
        spareNormal: null,
      } as never),
    ).toThrow(/version: 1/);
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
  });

  it('splits into streams that are distinct and uncorrelated', () => {
    const [s1, s2] = createRng(1).split(2);
    const n = 20000;
    let c = 0;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = s1.uniform() - 0.5;
      b[i] = s2.uniform() - 0.5;
      c += a[i] * b[i];
    }
    // correlation of independent uniforms: sd of the estimate is 1/√n; allow 4 sd
    expect(Math.abs(c / n / (1 / 12))).toBeLessThan(4 / Math.sqrt(n));
    expect(a.slice(0, 5)).not.toEqual(b.slice(0, 5));
  });

  it('samples uniform, normal and integers with the right moments (seeded)', () => {
    const r = createRng(2026);
    const n = 100000;
    let su = 0;
    let su2 = 0;
    let sn = 0;
    let sn2 = 0;
    let sn4 = 0;
    const counts = new Array(7).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      su2 += u * u;
      const g = r.normal();
      sn += g;
      sn2 += g * g;
      sn4 += g ** 4;
      counts[r.int(7)]++;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(su2 / n - (su / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(sn / n)).toBeLessThan(0.015);
    expect(sn2 / n).toBeCloseTo(1, 1);
    expect(sn4 / n).toBeGreaterThan(2.85); // kurtosis 3
    expect(sn4 / n).toBeLessThan(3.15);
    // chi-square with 6 dof: 99.9% quantile is 22.5
    const chi = counts.reduce((s, c) => s + (c - n / 7) ** 2 / (n / 7), 0);
    expect(chi).toBeLessThan(22.5);
  });

  it('samples without replacement and permutations', () => {
    const r = createRng(3);
    const s = r.sampleWithoutReplacement(50, 20);
    expect(new Set(s).size).toBe(20);
    expect(Math.max(...s)).toBeLessThan(50);
    const p = Array.from(r.permutation(30)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe('pattern samplers', () => {
  it('draws Rademacher patterns with mean 0 and entries ±1', () => {
    const xi = rademacher(createRng(5), 100, 100);
    let s = 0;
    for (const v of xi.data) {
      expect(Math.abs(v)).toBe(1);
      s += v;
    }
    expect(Math.abs(s / xi.data.length)).toBeLessThan(0.04); // 4 sd
  });

  it('puts sphere samples on the sphere of radius √N with isotropic coordinates', () => {
    const r = createRng(9);
    const x = sampleSphere(r, new Float64Array(50));
    expect(Math.hypot(...x)).toBeCloseTo(Math.sqrt(50), 10);
    const xi = spherePatterns(r, 2000, 10);
    // each coordinate has mean 0 and variance 1 (since ‖x‖² = N)
    let m = 0;
    let v = 0;
    for (let mu = 0; mu < 2000; mu++) {
      m += xi.data[mu * 10];
      v += xi.data[mu * 10] ** 2;
    }
    expect(Math.abs(m / 2000)).toBeLessThan(0.1);
    expect(v / 2000).toBeCloseTo(1, 1);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import {
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturHyperbolic,
  marchenkoPasturMass,
  marchenkoPasturZeroFraction,
  psdFactor,
  symmetricEigenvalues,
} from '../../src/core/theory/lagrangian.js';
import { marchenkoPasturExperiment } from '../../src/experiments/lagrangian/run.js';

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/lagrangian/fixtures.json'), 'utf8'),
) as {
  mp: { alpha: number; min: number; max: number }[];
  eig: { n: number; matrix: number[]; values: number[] };
};

describe('symmetric eigenvalues (Householder + Sturm bisection)', () => {
  it('match numpy.linalg.eigvalsh on the fixture matrix', () => {
    const ev = symmetricEigenvalues(fixtures.eig.n, fixtures.eig.matrix);
    fixtures.eig.values.forEach((v, i) => {
      expect(ev[i]).toBeCloseTo(v, 12);
    });
  });

  it('preserve trace and Frobenius norm on random matrices, handle diagonal and repeated eigenvalues', () => {
    const r = createRng(1);
    for (const n of [1, 2, 5, 40]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          const v = r.normal();
          a[i * n + j] = v;
          a[j * n + i] = v;
        }
      const ev = symmetricEigenvalues(n, a);
      let tr = 0;
      let fro = 0;
      for (let i = 0; i < n; i++) {
        tr += a[i * n + i];
        for (let j = 0; j < n; j++) fro += a[i * n + j] ** 2;
      }
      expect(ev.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 10);
      expect(ev.reduce((s, x) => s + x * x, 0)).toBeCloseTo(fro, 9);
      for (let i = 1; i < n; i++) expect(ev[i]).toBeGreaterThanOrEqual(ev[i - 1]);
    }
    const diag = Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 3]);
    expect(Array.from(symmetricEigenvalues(3, diag))).toEqual([-1, 3, 3]);
    expect(() => symmetricEigenvalues(2, [1, 2, 3])).toThrow(/n² = 4/);
  });

  it('psdFactor gives LLᵀ = S for a rank-deficient PSD matrix', () => {
    const r = createRng(2);
    const n = 6;
    const b = Float64Array.from({ length: n * 2 }, () => r.normal());
    const s = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) s[i * n + j] = b[i * 2] * b[j * 2] + b[i * 2 + 1] * b[j * 2 + 1];
    const l = psdFactor(n, s);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += l[i * n + k] * l[j * n + k];
        expect(t).toBeCloseTo(s[i * n + j], 12);
      }
  });
});

describe('Marchenko–Pastur law of ΞᵀΞ (paper 002 §5.4)', () => {
  it('edges λ± = (1 ± α^{−1/2})² (NumPy fixture); λ₋ = 1 exactly at α = 1/4; hyperbolic iff α < 1/4', () => {
    for (const f of fixtures.mp) {
      const e = marchenkoPasturEdges(f.alpha);
      expect(e.lambdaMin).toBeCloseTo(f.min, 13);
      expect(e.lambdaMax).toBeCloseTo(f.max, 13);
    }
    expect(marchenkoPasturEdges(0.25).lambdaMin).toBeCloseTo(1, 14);
    expect(marchenkoPasturHyperbolic(0.2)).toBe(true);
    expect(marchenkoPasturHyperbolic(0.25)).toBe(false);
    expect(marchenkoPasturEdges(0.2).lambdaMin).toBeGreaterThan(1);
    expect(marchenkoPasturEdges(0.3).lambdaMin).toBeLessThan(1);
    expect(() => marchenkoPasturEdges(0)).toThrow(/alpha must be a finite number > 0/);
  });

  it('the density has mass min(1, α), the zero modes the rest (max(0, 1 − α))', () => {
    for (const alpha of [0.1, 0.2, 0.5, 1.5, 4]) {
      const { lambdaMin, lambdaMax } = marchenkoPasturEdges(alpha);
      const mass = marchenkoPasturMass(lambdaMin, lambdaMax, alpha);
      expect(mass).toBeCloseTo(Math.min(1, alpha), 6);
      expect(mass + marchenkoPasturZeroFraction(alpha)).toBeCloseTo(1, 6);
      // Mean eigenvalue of ΞᵀΞ with ξ ~ N(0, 1/N_h): E[(ΞᵀΞ)_ii] = 1, by midpoint quadrature of λρ(λ).
      const m = 20000;
      const h = (lambdaMax - lambdaMin) / m;
      let mean = 0;
      for (let k = 0; k < m; k++) {
        const x = lambdaMin + (k + 0.5) * h;
        mean += x * marchenkoPasturDensity(x, alpha) * h;
      }
      expect(mean).toBeCloseTo(1, 3);
    }
    expect(marchenkoPasturDensity(100, 0.2)).toBe(0);
  });

  it('N_v = 1000, α = 0.2: edges within 5%, 800 zero modes, histogram on the density, hyperbolic', () => {
    const res = marchenkoPasturExperiment({ nv: 1000, alpha: 0.2, bins: 20 }, createRng(1));
    expect(res.nh).toBe(200);
    expect(res.relErrorMin).toBeLessThan(0.05);
    expect(res.relErrorMax).toBeLessThan(0.05);
    expect(res.zeroModes).toBe(800);
    expect(res.expectedZeroModes).toBe(800);
    expect(res.hyperbolic).toBe(true);
    expect(res.hyperbolicTheory).toBe(true);
    expect(res.minDistanceToOne).toBeGreaterThan(0.3);
    // Total variation distance between the histogram and the bin-averaged density.
    const width = res.rows[1].lambda - res.rows[0].lambda;
    const tv = res.rows.reduce((s, r) => s + Math.abs(r.density - r.theory) * width, 0);
    expect(tv).toBeLessThan(0.03);
    const mass = res.rows.reduce((s, r) => s + r.density * width, 0);
    expect(mass).toBeCloseTo(0.2, 10);
  });

  it('α = 2 (N_h > N_v), N_v = 300: no zero modes, edges within 10% (finite size); α = 0.5: bulk straddles 1 (not hyperbolic in theory)', () => {
    const res = marchenkoPasturExperiment({ nv: 300, alpha: 2 }, createRng(2));
    expect(res.zeroModes).toBe(0);
    expect(res.relErrorMin).toBeLessThan(0.1);
    expect(res.relErrorMax).toBeLessThan(0.1);
    const half = marchenkoPasturExperiment({ nv: 300, alpha: 0.5 }, createRng(3));
    expect(half.hyperbolicTheory).toBe(false);
    expect(half.lambdaMin).toBeLessThan(1);
    expect(half.lambdaMax).toBeGreaterThan(1);
    expect(half.zeroModes).toBe(150);
  });
});

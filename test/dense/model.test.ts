import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { normalizedDistance, runDense } from '../../src/core/dynamics/dense.js';
import { BACKEND_NAMES, backendByName, setBackend, wasmBackend } from '../../src/core/linalg/index.js';
import {
  attentionScores,
  checkDenseMemory,
  DEFAULT_DENSE_MEMORY_LIMIT,
  denseEnergy,
  denseGradient,
  denseGradientStep,
  denseLogSumExp,
  densePattern,
  densePatternsFrom,
  denseUpdate,
  loadDense,
  patternCount,
  sampleDensePatterns,
  saveDense,
  scaledLambda,
  scaledPatternCount,
} from '../../src/core/models/dense.js';
import { patternSet } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/dense/dense.json', import.meta.url), 'utf8'));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('dense memory against the NumPy reference (test/fixtures/dense/make_fixtures.py)', () => {
  const c = fixture.continuous;
  const set = patternSet(c.p, c.n, Float64Array.from(c.patterns));
  const names = BACKEND_NAMES.filter((b) => b === 'ts' || wasmBackend() !== null);
  for (const [name, blockRows] of names.flatMap((b) => [c.p, 7].map((r) => [b, r] as const))) {
    it(`energy, log-sum-exp, scores, update and η = 0.5 step (paper 001 Eqs. 1–2), ${name} backend, blocks of ${blockRows} rows`, () => {
      const xi = densePatternsFrom(set, blockRows);
      const prev = setBackend(backendByName(name));
      onTestFinished(() => {
        setBackend(prev);
      });
      for (const k of c.cases) {
        const x = Float64Array.from(k.x);
        expect(denseLogSumExp(xi, x, k.lambda)).toBeCloseTo(k.logSumExp, 10);
        expect(denseEnergy(xi, x, k.lambda)).toBeCloseTo(k.energy, 10);
        expect(maxAbsDiff(attentionScores(xi, x, k.lambda), k.scores)).toBeLessThan(1e-12);
        expect(maxAbsDiff(denseUpdate(xi, x, k.lambda), k.update)).toBeLessThan(1e-12);
        expect(maxAbsDiff(denseGradientStep(xi, x, k.lambda, 0.5), k.gradientStepHalf)).toBeLessThan(1e-12);
      }
    });
  }
});

describe('dense memory identities', () => {
  const rng = createRng(11);
  const xi = sampleDensePatterns(rng, 'spherical', 300, 16, { blockRows: 64 });

  it('the softmax update equals gradient descent with η = 1, and the gradient is x − update', () => {
    const x = Float64Array.from({ length: 16 }, () => rng.normal());
    for (const lambda of [0.05, 0.5, 3]) {
      const u = denseUpdate(xi, x, lambda);
      expect(Array.from(denseGradientStep(xi, x, lambda, 1))).toEqual(Array.from(u));
      const g = denseGradient(xi, x, lambda);
      expect(
        maxAbsDiff(
          g,
          x.map((v, i) => v - u[i]),
        ),
      ).toBeLessThan(1e-15);
    }
  });

  it('the gradient matches finite differences of the energy', () => {
    const x = Float64Array.from({ length: 16 }, () => rng.normal());
    const lambda = 0.7;
    const g = denseGradient(xi, x, lambda);
    const h = 1e-5;
    for (let i = 0; i < 16; i++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[i] += h;
      xm[i] -= h;
      const fd = (denseEnergy(xi, xp, lambda) - denseEnergy(xi, xm, lambda)) / (2 * h);
      expect(Math.abs(fd - g[i])).toBeLessThan(1e-6);
    }
  });

  it('scores sum to one across blocks', () => {
    const a = attentionScores(xi, densePattern(xi, 3), 0.4);
    expect(a.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(a.indexOf(Math.max(...a))).toBe(3);
  });

  it('log-sum-exp stays finite for λ·x·ξ up to 1e4 and matches the condensed limit', () => {
    const x = densePattern(xi, 5);
    // x·ξ⁵ = N = 16; λ = 625 gives λ x·ξ = 1e4.
    const lambda = 1e4 / 16;
    const x2n = x.reduce((s, v) => s + v * v, 0); // = 16 up to the Float32 rounding of ξ
    const lse = denseLogSumExp(xi, x, lambda);
    expect(Number.isFinite(lse)).toBe(true);
    expect(Math.abs(lse - lambda * x2n)).toBeLessThan(1e-9 * lse);
    const e = denseEnergy(xi, x, lambda);
    expect(e).toBeCloseTo(-x2n / 2, 9); // −x·ξ⁵ + ½‖x‖²: the one pattern dominates
    const x2 = x.map((v) => 100 * v); // λ x·ξ = 1e6
    expect(Number.isFinite(denseEnergy(xi, x2, lambda))).toBe(true);
    const u = denseUpdate(xi, x2, lambda);
    expect(maxAbsDiff(u, x)).toBeLessThan(1e-6);
  });

  it('the energy never increases along gradient descent with η ≤ 1 (E(x′) ≤ E(x) − η(1 − η/2)‖∇E‖²)', () => {
    const r = createRng(3);
    for (const eta of [0.1, 0.5, 1]) {
      for (const lambda of [0.05, 0.3, 2]) {
        for (let t = 0; t < 5; t++) {
          const x0 = Float64Array.from({ length: 16 }, () => 2 * r.normal());
          const run = runDense(xi, x0, lambda, { kind: 'gradient', eta }, { trace: true, maxIterations: 60 });
          const e = run.energies as number[];
          expect(e.length).toBe(run.iterations + 1);
          for (let k = 1; k < e.length; k++)
            expect(e[k]).toBeLessThanOrEqual(e[k - 1] + 1e-10 * Math.abs(e[k - 1]));
        }
      }
    }
    // The bound itself, on one step.
    const x = Float64Array.from({ length: 16 }, () => r.normal());
    const g = denseGradient(xi, x, 0.8);
    const g2 = g.reduce((s, v) => s + v * v, 0);
    const e0 = denseEnergy(xi, x, 0.8);
    const e1 = denseEnergy(xi, denseGradientStep(xi, x, 0.8, 0.5), 0.8);
    expect(e1).toBeLessThanOrEqual(e0 - 0.5 * 0.75 * g2 + 1e-12);
  });

  it('fixed points are fixed: a converged state does not move, and ξ¹ is fixed at large λ', () => {
    const run = runDense(xi, densePattern(xi, 0), 0.2, { kind: 'gradient', eta: 0.5 }, { tolerance: 1e-12 });
    expect(run.converged).toBe(true);
    const next = denseUpdate(xi, run.state, 0.2);
    expect(normalizedDistance(next, run.state)).toBeLessThan(1e-20);
    const p = densePattern(xi, 0);
    expect(maxAbsDiff(denseUpdate(xi, p, 50), p)).toBeLessThan(1e-9);
  });

  it('one-step retrieval from a nearby start at low α (spherical, N = 32, P = e^{0.1N})', () => {
    const r = createRng(8);
    const n = 32;
    const small = sampleDensePatterns(r, 'spherical', patternCount(0.1, n), n);
    const target = densePattern(small, 0);
    // Start at cos θ = 0.9 from ξ¹, well inside the basin (cos θ_c = φ_{0.1,1}(1) ≈ 0.28 at λ = 1).
    const u = Float64Array.from({ length: n }, () => r.normal());
    const dot = u.reduce((s, v, i) => s + v * target[i], 0) / n;
    for (let i = 0; i < n; i++) u[i] -= dot * target[i];
    const un = Math.sqrt(u.reduce((s, v) => s + v * v, 0));
    const x0 = target.map((v, i) => 0.9 * v + Math.sqrt(1 - 0.81) * Math.sqrt(n) * (u[i] / un));
    const one = denseUpdate(small, x0, 1);
    expect(normalizedDistance(one, target)).toBeLessThan(1e-6);
  });

  it('run returns the attention scores at the end', () => {
    const run = runDense(xi, densePattern(xi, 2), 3, { kind: 'softmax' }, { scores: true });
    expect(run.scores?.length).toBe(300);
    expect(run.scores?.[2]).toBeGreaterThan(0.99);
  });
});

describe('pattern ensembles and sizes', () => {
  it('spherical patterns lie on ‖ξ‖ = √N, Gaussian entries have mean 0 and variance 1, binary are ±1', () => {
    const rng = createRng(2);
    const sph = sampleDensePatterns(rng, 'spherical', 50, 20, { blockRows: 16 });
    for (let mu = 0; mu < 50; mu++) {
      const v = densePattern(sph, mu);
      expect(v.reduce((s, t) => s + t * t, 0)).toBeCloseTo(20, 4);
    }
    const g = sampleDensePatterns(rng, 'gaussian', 2000, 20);
    const d = g.blocks[0];
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const variance = d.reduce((s, v) => s + v * v, 0) / d.length - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const b = sampleDensePatterns(rng, 'binary', 10, 20);
    expect(b.blocks[0].every((v) => v === 1 || v === -1)).toBe(true);
  });

  it('P = round(e^{αN}) (162755 at N = 120, α = 0.1) and the scaled regime λ = λ̃/N^a, P = e^{α̃N^{1−a}}', () => {
    expect(patternCount(0.1, 120)).toBe(162755);
    expect(scaledLambda(1, 100, 0.5)).toBe(0.1);
    expect(scaledPatternCount(0.5, 100, 0.5)).toBe(Math.round(Math.exp(5)));
  });

  it('seeded sampling is reproducible and the blocking does not change the numbers', () => {
    const a = sampleDensePatterns(createRng(9), 'spherical', 100, 8, { blockRows: 100 });
    const b = sampleDensePatterns(createRng(9), 'spherical', 100, 8, { blockRows: 13 });
    expect(b.blocks.length).toBe(8);
    for (let mu = 0; mu < 100; mu++)
      expect(Array.from(densePattern(b, mu))).toEqual(Array.from(densePattern(a, mu)));
  });
});

describe('bad input', () => {
  const xi = sampleDensePatterns(createRng(1), 'gaussian', 10, 4);
  const x = new Float64Array(4);
  it('λ ≤ 0, non-finite λ, wrong lengths', () => {
    expect(() => denseUpdate(xi, x, 0)).toThrow(/lambda must be a finite number > 0 \(got 0\)/);
    expect(() => denseEnergy(xi, x, -1)).toThrow(RangeError);
    expect(() => denseEnergy(xi, x, Number.POSITIVE_INFINITY)).toThrow(/lambda/);
    expect(() => denseUpdate(xi, new Float64Array(3), 1)).toThrow(/x must have length N = 4 \(got 3\)/);
    expect(() => runDense(xi, x, 0, { kind: 'softmax' })).toThrow(/lambda/);
  });
  it('η outside (0, 1]', () => {
    expect(() => denseGradientStep(xi, x, 1, 0)).toThrow(/eta must be in \(0, 1\] \(got 0\)/);
    expect(() => denseGradientStep(xi, x, 1, 1.5)).toThrow(/eta must be in \(0, 1\] \(got 1.5\)/);
    expect(() => runDense(xi, x, 1, { kind: 'gradient', eta: -0.1 })).toThrow(/eta must be in/);
  });
  it('a P that does not fit is refused before allocation, with the estimate and the limit', () => {
    expect(() => checkDenseMemory(1e9, 32)).toThrow(
      /P = 1000000000 patterns of dimension N = 32 need about 119\.2\d GiB .* above the memory limit of 2\.00 GiB/,
    );
    expect(() => sampleDensePatterns(createRng(1), 'spherical', patternCount(2, 400), 400)).toThrow(
      /more than 1\.8e308 patterns .* above the memory limit/,
    );
    expect(() => sampleDensePatterns(createRng(1), 'gaussian', 2e6, 32, { memoryLimit: 1e8 })).toThrow(
      /need about 245\.\d MiB .* memory limit of 95\.4 MiB/,
    );
    // P = 10^7 at N = 32 fits the default 2 GiB limit (Ξ as Float32: 1.19 GiB).
    expect(checkDenseMemory(1e7, 32).total).toBeLessThan(DEFAULT_DENSE_MEMORY_LIMIT);
  });
  it('unknown ensemble', () => {
    // @ts-expect-error testing a bad value
    expect(() => sampleDensePatterns(createRng(1), 'cubic', 2, 2)).toThrow(/ensemble must be one of/);
  });
});

describe('model files', () => {
  it('save → JSON → load gives the same patterns (exactly) and λ; unknown versions are refused', () => {
    const xi = sampleDensePatterns(createRng(4), 'spherical', 30, 6, { blockRows: 8 });
    const json = JSON.parse(JSON.stringify(saveDense({ patterns: xi, lambda: 0.3, meta: { seed: 4 } })));
    expect(json).toMatchObject({ type: 'hopfield.dense', version: 1, params: { p: 30, n: 6, lambda: 0.3 } });
    const back = loadDense(json);
    expect(back.lambda).toBe(0.3);
    expect(back.meta).toEqual({ seed: 4 });
    for (let mu = 0; mu < 30; mu++)
      expect(Array.from(densePattern(back.patterns, mu))).toEqual(Array.from(densePattern(xi, mu)));
    expect(() => loadDense({ ...json, version: 2 })).toThrow(/model version must be one of 1/);
    expect(() => loadDense({ ...json, type: 'hopfield.classical' })).toThrow(
      /model type must be "hopfield.dense"/,
    );
    expect(() => loadDense({ ...json, params: { ...json.params, lambda: -1 } })).toThrow(/params.lambda/);
    expect(() => loadDense({ ...json, params: { ...json.params, p: 31 } })).toThrow(
      /model patterns must hold 186 numbers/,
    );
  });
});

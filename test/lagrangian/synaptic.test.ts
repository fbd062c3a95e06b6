import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clampingCdf,
  cosineSimilarity,
  runSynapticDynamics,
  synapticStep,
  synapticWeights,
} from '../../src/core/dynamics/lagrangian.js';
import { orthogonalMemories } from '../../src/core/models/lagrangian.js';
import { patternSet } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import {
  cosineSimilarityLaw,
  effectiveMemoryRow,
  synapticTimescale,
} from '../../src/core/theory/lagrangian.js';
import { synapticExperiment } from '../../src/experiments/lagrangian/run.js';

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/lagrangian/fixtures.json'), 'utf8'),
) as { law: { t: number; tau: number; alpha: number; sim: number }[] };

const appendixB = { nv: 50, nh: 4, steps: 2000, tau: 250, noise: 0.4, beta: 2 };

describe('synaptic dynamics against the cosine-similarity law (paper 002 Appendix B)', () => {
  for (const seed of [1, 2, 3]) {
    it(`Appendix B run (N_v = 50, N_h = 4, τ_Ξ = 250, σ = 0.4, β = 2), seed ${seed}: within 0.02 of Eq. 40, ends > 0.99`, () => {
      const res = synapticExperiment({ ...appendixB, every: 100 }, createRng(seed));
      expect(res.maxDeviation).toBeLessThan(0.02);
      for (const s of res.finalSimilarity) expect(s).toBeGreaterThan(0.99);
      // The run starts well below 0.99 (the test could fail): α_μ ≈ 1/√(1 + σ²) ≈ 0.93.
      for (const a of res.initialSimilarity) expect(a).toBeLessThan(0.97);
      expect(res.timescales).toEqual([1000, 1000, 1000, 1000]);
      expect(res.rows.filter((r) => r.t === 2000).length).toBe(4);
    });
  }

  it('unequal clamping probabilities: each row relaxes on its own τ_μ = τ_Ξ/p_μ (Eq. 35)', () => {
    const probabilities = [0.4, 0.3, 0.2, 0.1];
    const res = synapticExperiment({ ...appendixB, p: probabilities, steps: 3000, beta: 4 }, createRng(4));
    // The run renormalizes p to sum to exactly 1 (these sum to 1 − 1e-16 in doubles).
    const sum = probabilities.reduce((a, b) => a + b, 0);
    expect(res.timescales).toEqual(probabilities.map((p) => 250 / (p / sum)));
    expect(res.maxDeviation).toBeLessThan(0.02);
    // The rarely shown memory is the least converged.
    expect(res.finalSimilarity[3]).toBeLessThan(res.finalSimilarity[0]);
  });

  it('with β = 0 every row is pulled toward every pattern and Eq. 40 fails (the law needs large β)', () => {
    const res = synapticExperiment({ ...appendixB, beta: 0 }, createRng(5));
    expect(res.maxDeviation).toBeGreaterThan(0.1);
  });

  it('long runs converge to the Hebbian prescription ΞᵀΞ → Ξ′ᵀΞ′ (Eq. 25), as the effective solution (Eq. 24) predicts', () => {
    const short = synapticExperiment({ ...appendixB, every: 1000 }, createRng(6));
    const long = synapticExperiment({ ...appendixB, steps: 20000, every: 20000 }, createRng(6));
    expect(Math.abs(short.hebbianDeviation - short.hebbianDeviationTheory)).toBeLessThan(0.02);
    expect(long.hebbianDeviation).toBeLessThan(0.005);
    expect(long.hebbianDeviation).toBeLessThan(short.hebbianDeviation / 10);
  });
});

describe('the Hebbian limit with unequal probabilities (paper 002 §5.3.2)', () => {
  it('ΞᵀΞ tends to the traditional Ξ′ᵀΞ′, not to the generalized N_h Ξ′ᵀ diag(p) Ξ′ of Eq. 23', () => {
    const nv = 30;
    const nh = 3;
    const p = [0.6, 0.3, 0.1];
    const r = createRng(11);
    const initial = orthogonalMemories(r, nh, nv);
    const observed = patternSet(
      nh,
      nv,
      Float64Array.from(initial.data, (x) => x + 0.4 * r.normal()),
    );
    const final = runSynapticDynamics(
      initial,
      observed,
      { beta: 4, tauXi: 50, steps: 20000, probabilities: p },
      r,
    );
    const gram = (x: Float64Array, w: number[]) => {
      const g = new Float64Array(nv * nv);
      for (let m = 0; m < nh; m++)
        for (let i = 0; i < nv; i++)
          for (let j = 0; j < nv; j++) g[i * nv + j] += w[m] * x[m * nv + i] * x[m * nv + j];
      return g;
    };
    const dist = (a: Float64Array, b: Float64Array) => {
      let num = 0;
      let den = 0;
      for (let i = 0; i < a.length; i++) {
        num += (a[i] - b[i]) ** 2;
        den += b[i] ** 2;
      }
      return Math.sqrt(num / den);
    };
    const ours = gram(final.data, [1, 1, 1]);
    expect(dist(ours, gram(observed.data, [1, 1, 1]))).toBeLessThan(1e-3);
    expect(
      dist(
        ours,
        gram(
          observed.data,
          p.map((x) => nh * x),
        ),
      ),
    ).toBeGreaterThan(0.3);
  });
});

describe('the synaptic update rule (Eq. 12–14)', () => {
  it('w = softmax(βΞv); β → ∞ updates only the most similar row, β = 0 all rows equally', () => {
    const k = 3;
    const n = 4;
    const xi = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    const v = Float64Array.from([0.1, 2, 0.3, 1]);
    const w = synapticWeights(xi, k, n, v, 1);
    const z = Math.exp(0.1) + Math.exp(2) + Math.exp(0.3);
    expect(w[1]).toBeCloseTo(Math.exp(2) / z, 14);
    const hard = synapticStep(xi, k, n, v, 1e6, 0.5);
    expect(Array.from(hard.subarray(0, 4))).toEqual([1, 0, 0, 0]);
    expect(Array.from(hard.subarray(4, 8))).toEqual([0.05, 1.5, 0.15, 0.5]);
    const flat = synapticStep(xi, k, n, v, 0, 0.3);
    // Row 0: Ξ + (0.3/3)(v − Ξ).
    expect(flat[0]).toBeCloseTo(1 + 0.1 * (0.1 - 1), 14);
    expect(flat[1]).toBeCloseTo(0.1 * 2, 14);
    // The bias Λ shifts the attractor of each row to Λ + v.
    const lam = new Float64Array(k * n).fill(1);
    const biased = synapticStep(xi, k, n, v, 1e6, 1, lam);
    expect(Array.from(biased.subarray(4, 8))).toEqual([1.1, 3, 1.3, 2]);
    // Inputs are not modified unless out is the input.
    expect(xi[0]).toBe(1);
  });

  it('runSynapticDynamics draws patterns with the given probabilities', () => {
    const mem = orthogonalMemories(createRng(7), 3, 10);
    const counts = [0, 0, 0];
    runSynapticDynamics(
      mem,
      mem,
      {
        beta: 1,
        tauXi: 10,
        steps: 30000,
        probabilities: [0.5, 0.3, 0.2],
        onStep: (_t, _x, nu) => counts[nu]++,
      },
      createRng(8),
    );
    expect(counts[0] / 30000).toBeCloseTo(0.5, 1);
    expect(counts[1] / 30000).toBeCloseTo(0.3, 1);
    expect(counts[2] / 30000).toBeCloseTo(0.2, 1);
  });

  it('rejects bad options with errors naming them', () => {
    const mem = orthogonalMemories(createRng(9), 2, 5);
    const run = (o: object) => () =>
      runSynapticDynamics(mem, mem, { beta: 1, tauXi: 10, steps: 10, ...o }, createRng(1));
    expect(run({ beta: -1 })).toThrow(/beta/);
    expect(run({ tauXi: 0.5 })).toThrow(/tauXi/);
    expect(run({ steps: 1.5 })).toThrow(/steps/);
    expect(run({ probabilities: [0.5, 0.6] })).toThrow(/sum to 1/);
    expect(run({ probabilities: [1] })).toThrow(/2 entries/);
    expect(run({ bias: new Float64Array(3) })).toThrow(/bias/);
    expect(() =>
      runSynapticDynamics(
        mem,
        patternSet(2, 4, new Float64Array(8)),
        { beta: 1, tauXi: 10, steps: 1 },
        createRng(1),
      ),
    ).toThrow(/N_v = 5/);
    expect(() => clampingCdf([0.5, Number.NaN], 2)).toThrow(/probabilities\[1\]/);
  });
});

describe('the law of Eq. 40', () => {
  it('matches the NumPy fixture, starts at α_μ and tends to 1', () => {
    for (const f of fixtures.law) expect(cosineSimilarityLaw(f.t, f.tau, f.alpha)).toBeCloseTo(f.sim, 13);
    expect(cosineSimilarityLaw(0, 100, 0.42)).toBeCloseTo(0.42, 15);
    expect(cosineSimilarityLaw(1e5, 100, 0.42)).toBeCloseTo(1, 12);
    expect(synapticTimescale(250, 0.25)).toBe(1000);
  });

  it('is the exact cosine of the effective solution (Eq. 34) when ‖Ξ⁽⁰⁾_μ‖ = ‖ξ′_μ‖', () => {
    const r = createRng(10);
    const n = 30;
    const a = Float64Array.from({ length: n }, () => r.normal());
    const b = Float64Array.from({ length: n }, () => r.normal());
    const na = Math.hypot(...a);
    const nb = Math.hypot(...b);
    for (let i = 0; i < n; i++) b[i] *= na / nb;
    const alpha0 = cosineSimilarity(a, b);
    for (const t of [0, 50, 300, 2000]) {
      const row = effectiveMemoryRow(t, 400, a, b);
      expect(cosineSimilarity(row, b)).toBeCloseTo(cosineSimilarityLaw(t, 400, alpha0), 13);
    }
  });

  it('rejects values outside its domain', () => {
    expect(() => cosineSimilarityLaw(-1, 10, 0.5)).toThrow(/t must be/);
    expect(() => cosineSimilarityLaw(1, 0, 0.5)).toThrow(/tauMu/);
    expect(() => cosineSimilarityLaw(1, 10, 1.5)).toThrow(/alpha0 must be in \[-1, 1\]/);
    expect(() => synapticTimescale(250, 0)).toThrow(/p must be in \(0, 1\]/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BinaryDenseF,
  binaryCapacityTheory,
  binaryDenseEnergy,
  flipCosts,
  isBinaryDenseFixedPoint,
  runBinaryDense,
} from '../../src/core/models/denseBinary.js';
import { polyFit } from '../../src/core/numerics/polyfit.js';
import { flipSpins, patternRow, patternSet, rademacher } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import { criticalCosine, nearestPatternOverlap, retrievalLambda } from '../../src/core/theory/dense.js';
import {
  basinExperiment,
  binaryCapacityExperiment,
  crossoverExperiment,
  endDistanceExperiment,
  scaledExperiment,
} from '../../src/experiments/dense/run.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/dense/dense.json', import.meta.url), 'utf8'));

describe('dense memory: simulation against the REM theory (paper 001 Appendix F)', () => {
  it('spherical α = 0.1: the crossover λ falls with N towards λ₁(α), the 1/N-quadratic extrapolation within 0.03 (Fig. 10)', () => {
    const lambda1 = retrievalLambda('spherical', 0.1); // ≈ 0.1055
    const res = crossoverExperiment(
      { ensemble: 'spherical', n: [40, 60, 80], alpha: [0.1], samples: 8 },
      createRng(1),
    );
    const c = res.rows.map((r) => r.lambdaCrossover);
    expect(c[0]).toBeGreaterThan(c[1]);
    expect(c[1]).toBeGreaterThan(c[2]);
    // Finite N retrieves only above λ₁ (the paper's crossover points approach the theory from above).
    for (const v of c) {
      expect(v).toBeGreaterThan(lambda1);
      expect(v).toBeLessThan(lambda1 + 0.08);
    }
    const ex = res.extrapolated[0];
    expect(ex.lambda1Theory).toBeCloseTo(lambda1, 12);
    expect(Math.abs((ex.lambda1 as number) - lambda1)).toBeLessThan(0.03);
  });

  it('Gaussian α = 0.1, N = 40: Δ ≈ 1 well below λ₁, Δ ≈ 0 well above, and a smoother crossover between λ₁ and 2.5 λ₁', () => {
    const lambda1 = retrievalLambda('gaussian', 0.1); // 1 − √0.8 ≈ 0.1056 (paper 001 SM D.1)
    const rows = endDistanceExperiment(
      { ensemble: 'gaussian', n: [40], alpha: 0.1, lambda: [lambda1 / 2, 4 * lambda1], trials: 6 },
      createRng(4),
    );
    expect(rows[0].meanDistance).toBeGreaterThan(0.9);
    expect(rows[1].meanDistance).toBeLessThan(0.1);
    expect(rows[0].lambdaTheory).toBeCloseTo(lambda1, 12);
    const cross = crossoverExperiment(
      { ensemble: 'gaussian', n: [40], alpha: [0.1], samples: 20 },
      createRng(5),
    );
    expect(cross.rows[0].lambdaCrossover).toBeGreaterThan(lambda1);
    expect(cross.rows[0].lambdaCrossover).toBeLessThan(2.5 * lambda1);
    expect(cross.extrapolated[0].lambda1).toBeNull();
  });

  it('basin at α = 0.1, λ = 0.2, N = 60: critical cos θ within 0.1 of φ_{α,1}(λ) ≈ 0.598 (Fig. 11)', () => {
    const theory = criticalCosine('spherical', 0.1, 0.2) as number;
    expect(theory).toBeCloseTo(0.598, 3);
    const rows = basinExperiment(
      { ensemble: 'spherical', n: [60], alpha: 0.1, lambda: [0.2], samples: 3, restarts: 10 },
      createRng(2),
    );
    expect(rows[0].cosThetaTheory).toBeCloseTo(theory, 12);
    expect(rows[0].cosThetaNearest).toBeCloseTo(nearestPatternOverlap('spherical', 0.1), 12);
    expect(Math.abs(rows[0].cosThetaCritical - theory)).toBeLessThan(0.1);
    // The basin is wider than the angle to the nearest other pattern would allow.
    expect(rows[0].cosThetaCritical).toBeGreaterThan(rows[0].cosThetaNearest as number);
  });

  it('scaled dot product a = ½, α̃ = 0.5, N = 256: no retrieval at λ̃ = α̃/2, retrieval at λ̃ = 2α̃ (threshold λ̃₁ = α̃)', () => {
    const rows = scaledExperiment(
      { ensemble: 'gaussian', a: 0.5, n: [256], alphaTilde: 0.5, lambdaTilde: [0.25, 1], trials: 3 },
      createRng(3),
    );
    expect(rows[0].p).toBe(Math.round(Math.exp(8)));
    expect(rows[0].lambda).toBeCloseTo(0.25 / 16, 15);
    expect(rows[0].lambdaTildeTheory).toBe(0.5);
    expect(rows[0].meanDistance).toBeGreaterThan(0.9);
    expect(rows[1].meanDistance).toBeLessThan(0.1);
  });

  it('seeded runs are reproducible; another seed gives other numbers', () => {
    const cfg = { ensemble: 'spherical' as const, n: [20], alpha: 0.2, lambda: [0.3, 0.5], trials: 3 };
    const a = endDistanceExperiment(cfg, createRng(7));
    const b = endDistanceExperiment(cfg, createRng(7));
    const c = endDistanceExperiment(cfg, createRng(8));
    expect(b).toEqual(a);
    expect(c[0].meanDistance).not.toBe(a[0].meanDistance);
  });

  it('polyFit recovers an exact quadratic in 1/N', () => {
    const u = [1 / 40, 1 / 60, 1 / 80, 1 / 100];
    const y = u.map((v) => 0.1 + 2 * v - 15 * v * v);
    const c = polyFit(u, y, 2);
    expect(c[0]).toBeCloseTo(0.1, 10);
    expect(c[1]).toBeCloseTo(2, 7);
    expect(c[2]).toBeCloseTo(-15, 5);
  });

  it('polyFit with weights agrees with numpy.polyfit (whose weights multiply the residuals: w = √weight)', () => {
    // numpy 2.4: np.polyfit(u, y, 2, w=np.sqrt(w))[::-1] and np.polyfit(u, y, 1)[::-1]
    const u = [0.5, 1, 1.5, 2, 3];
    const y = [1.2, 0.7, 0.9, 2.1, 4.4];
    const w = [1, 2, 0.5, 1, 3];
    const expected2 = [1.6057176196032714, -1.6010501750291761, 0.8471878646441089];
    for (const [k, c] of polyFit(u, y, 2, w).entries()) expect(c).toBeCloseTo(expected2[k], 12);
    const expected1 = [-0.37567567567567317, 1.3972972972972966];
    for (const [k, c] of polyFit(u, y, 1).entries()) expect(c).toBeCloseTo(expected1[k], 12);
    expect(() => polyFit(u, y.slice(1), 1)).toThrow(/same length/);
  });

  it('bad experiment configs are refused with the parameter named', () => {
    const base = { ensemble: 'spherical' as const, n: [20], alpha: 0.1, lambda: [0.2], trials: 1 };
    expect(() => endDistanceExperiment({ ...base, lambda: [0] }, createRng(1))).toThrow(/lambda must be/);
    expect(() => endDistanceExperiment({ ...base, trials: 0 }, createRng(1))).toThrow(/trials must be/);
    expect(() => endDistanceExperiment({ ...base, eta: 2 }, createRng(1))).toThrow(/eta must be in \(0, 1\]/);
    expect(() => endDistanceExperiment({ ...base, n: [32], p: 1e8 }, createRng(1))).toThrow(
      /P = 100000000 patterns of dimension N = 32 need about 11\.9\d GiB .* above the memory limit of 2\.00 GiB/,
    );
    expect(() => scaledExperiment({ ...base, a: 1, alphaTilde: 1, lambdaTilde: [1] }, createRng(1))).toThrow(
      /a must be in \(0, 1\)/,
    );
  });
});

describe('binary dense memories (Krotov–Hopfield xⁿ, Demircigil eˣ)', () => {
  const b = fixture.binary;
  const xi = patternSet(b.p, b.n, Float64Array.from(b.patterns));
  const fOf = (k: string): BinaryDenseF => (k === 'exp' ? { kind: 'exp' } : { kind: 'poly', degree: 3 });

  it('flip costs and energy match the brute-force NumPy reference (test/fixtures/dense/make_fixtures.py)', () => {
    for (const c of b.cases) {
      const f = fOf(c.F);
      const costs = flipCosts(xi, c.sigma, f);
      for (let i = 0; i < b.n; i++) expect(costs[i]).toBeCloseTo(c.costs[i], 8);
      if (c.energy !== null) expect(binaryDenseEnergy(xi, c.sigma, f)).toBe(c.energy);
    }
  });

  it('asynchronous dynamics never raises the energy and ends in a fixed point', () => {
    const rng = createRng(6);
    const pats = rademacher(rng, 30, 24);
    for (const f of [
      { kind: 'poly', degree: 3 },
      { kind: 'poly', degree: 4 },
      { kind: 'exp' },
    ] as BinaryDenseF[]) {
      for (let t = 0; t < 4; t++) {
        const s0 = Float64Array.from({ length: 24 }, () => rng.sign());
        const run = runBinaryDense(pats, s0, f, { rng });
        expect(run.converged).toBe(true);
        expect(
          isBinaryDenseFixedPoint(pats, run.state, f) || flipCosts(pats, run.state, f).every((c) => c >= 0),
        ).toBe(true);
        if (f.kind === 'poly') {
          // Replay sequentially: the energy after each sweep does not exceed the energy before it.
          expect(binaryDenseEnergy(pats, run.state, f)).toBeLessThanOrEqual(binaryDenseEnergy(pats, s0, f));
        }
      }
    }
  });

  it('at low load a corrupted stored pattern is restored (F = x³, N = 60, P = 20, 10 flips)', () => {
    const rng = createRng(12);
    const pats = rademacher(rng, 20, 60);
    const target = patternRow(pats, 4);
    const run = runBinaryDense(pats, flipSpins(rng, target, 10), { kind: 'poly', degree: 3 }, { rng });
    expect(Array.from(run.state)).toEqual(Array.from(target));
  });

  it('polynomial capacity follows the signal-to-noise estimate within 20% and grows about as N^{n−1}', () => {
    const f: BinaryDenseF = { kind: 'poly', degree: 3 };
    const res = binaryCapacityExperiment({ F: 'poly', degree: 3, n: [40, 80, 120], trials: 2 }, createRng(1));
    for (const r of res.rows) {
      const th = r.pTheory as number;
      expect(Math.abs(r.pCapacity / th - 1)).toBeLessThan(0.2);
    }
    expect(Math.abs((res.growth.measured as number) - (res.growth.theory as number))).toBeLessThan(0.25);
    expect(res.growth.asymptotic).toBe(2);
    // Degree 4 stores far more at the same N.
    expect(binaryCapacityTheory({ kind: 'poly', degree: 4 }, 80) as number).toBeGreaterThan(
      10 * (binaryCapacityTheory(f, 80) as number),
    );
  });

  it('exponential F: capacity grows exponentially in N, faster than the all-pattern rate ½ ln 2 of Demircigil et al.', () => {
    const res = binaryCapacityExperiment({ F: 'exp', n: [8, 10, 12], trials: 2 }, createRng(2));
    expect(res.rows[1].pCapacity).toBeGreaterThan(res.rows[0].pCapacity);
    expect(res.rows[2].pCapacity).toBeGreaterThan(res.rows[1].pCapacity);
    const g = res.growth.measured as number;
    // A typical pattern survives longer than all of them together: rate > ½ ln 2 (finite-N slopes are larger still).
    expect(g).toBeGreaterThan(0.5 * Math.LN2);
    expect(g).toBeLessThan(1);
    for (const r of res.rows) expect(r.pCapacity).toBeGreaterThan(Math.exp(0.5 * Math.LN2 * r.n));
  });

  it('bad input', () => {
    expect(() => flipCosts(xi, new Float64Array(3), { kind: 'exp' })).toThrow(
      /sigma must have length N = 10/,
    );
    expect(() => runBinaryDense(xi, new Float64Array(10), { kind: 'poly', degree: 1 })).toThrow(
      /degree must be an integer in \[2, 30\] \(got 1\)/,
    );
    expect(() => binaryCapacityExperiment({ F: 'exp', n: [60], trials: 1 }, createRng(1))).toThrow(
      /binary patterns of dimension N = 60 need about .* above the memory limit/,
    );
  });
});

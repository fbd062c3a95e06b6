import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDynamics } from '../../src/core/dynamics/classical.js';
import { basinSize, finalOverlaps, runParallelBatch } from '../../src/core/dynamics/pseudolikelihood.js';
import { hebbCouplings } from '../../src/core/models/classical.js';
import { trainPerceptron } from '../../src/core/models/perceptron.js';
import {
  asymmetry,
  loadPseudoLikelihood,
  normalizedStabilities,
  plLossGrad,
  plNetwork,
  plRowLossGrad,
  savePseudoLikelihood,
  stabilities,
  trainPseudoLikelihood,
} from '../../src/core/models/pseudolikelihood.js';
import { patternSet, rademacher, randomSpins } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import {
  gardnerCapacity,
  maximalMargin as gardnerMaxMargin,
  stabilityDistribution,
} from '../../src/core/theory/pseudolikelihood.js';

const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/pl/pl.json'), 'utf8')) as {
  p: number;
  n: number;
  lambda: number;
  l2: number;
  xi: number[];
  couplings: number[];
  loss: number;
  grad: number[];
  gardner: { k: number[]; alphaC: number[] };
};

function randomCouplings(seed: number, n: number, scale = 0.3): Float64Array {
  const r = createRng(seed);
  const j = new Float64Array(n * n);
  for (let k = 0; k < j.length; k++) j[k] = scale * r.normal();
  for (let i = 0; i < n; i++) j[i * n + i] = 0;
  return j;
}

describe('pseudo-likelihood loss and gradient (paper 000 Eqs. 4, 7)', () => {
  it('matches the NumPy fixture (test/fixtures/pl/make.py) including the L2 term', () => {
    const xi = patternSet(fixture.p, fixture.n, Float64Array.from(fixture.xi));
    const grad = new Float64Array(fixture.n * fixture.n);
    const loss = plLossGrad(Float64Array.from(fixture.couplings), xi, grad, fixture.lambda, fixture.l2);
    expect(loss).toBeCloseTo(fixture.loss, 12);
    for (let k = 0; k < grad.length; k++) expect(grad[k]).toBeCloseTo(fixture.grad[k], 12);
  });

  it('row gradient equals central finite differences of the row loss', () => {
    const n = 10;
    const xi = rademacher(createRng(5), 6, n);
    const j = randomCouplings(6, n);
    for (const lambda of [1, 2.5]) {
      for (const i of [0, 4, 9]) {
        const row = Float64Array.from(j.subarray(i * n, (i + 1) * n));
        const { grad } = plRowLossGrad(i, row, xi, lambda);
        const eps = 1e-6;
        for (let q = 0; q < n; q++) {
          if (q === i) {
            expect(grad[q]).toBe(0);
            continue;
          }
          const up = Float64Array.from(row);
          const dn = Float64Array.from(row);
          up[q] += eps;
          dn[q] -= eps;
          const fd =
            (plRowLossGrad(i, up, xi, lambda).loss - plRowLossGrad(i, dn, xi, lambda).loss) / (2 * eps);
          expect(grad[q]).toBeCloseTo(fd, 6);
        }
      }
    }
  });

  it('the all-rows GEMM form is the sum of the row losses and gradients divided by N·P', () => {
    const n = 12;
    const p = 8;
    const xi = rademacher(createRng(7), p, n);
    const j = randomCouplings(8, n);
    const grad = new Float64Array(n * n);
    const loss = plLossGrad(j, xi, grad, 1.3);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = plRowLossGrad(i, j.subarray(i * n, (i + 1) * n), xi, 1.3);
      sum += r.loss;
      for (let q = 0; q < n; q++) expect(grad[i * n + q]).toBeCloseTo(r.grad[q] / (n * p), 13);
    }
    expect(loss).toBeCloseTo(sum / (n * p), 13);
  });

  it('at J = 0 the loss is log 2 per site and the first gradient step is Hebbian', () => {
    const n = 20;
    const xi = rademacher(createRng(9), 5, n);
    const grad = new Float64Array(n * n);
    expect(plLossGrad(new Float64Array(n * n), xi, grad)).toBeCloseTo(Math.LN2, 14);
    const hebb = hebbCouplings(xi);
    // −∇L̄ = (1/(N·P)) Σ_μ ξ_i ξ_j = J_Hebb / P.
    for (let k = 0; k < grad.length; k++) expect(-grad[k]).toBeCloseTo(hebb[k] / 5, 14);
  });
});

describe('training', () => {
  it('the loss decreases at every epoch with a small learning rate, and overall with the paper settings', () => {
    const xi = rademacher(createRng(11), 30, 60);
    const small = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 50,
      learningRate: 1,
      decay: 1,
    });
    for (let e = 1; e < small.history.length; e++)
      expect(small.history[e].loss).toBeLessThan(small.history[e - 1].loss);
    const paper = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 200,
      learningRate: 100,
      decay: 0.999,
    });
    expect(paper.history[199].loss).toBeLessThan(0.01 * paper.history[0].loss);
    expect(paper.history[199].learningRate).toBeCloseTo(100 * 0.999 ** 199, 10);
  });

  it('at α = 0.1 every training example becomes a fixed point of the parallel dynamics', () => {
    const n = 100;
    const xi = rademacher(createRng(12), 10, n);
    const res = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 100,
      learningRate: 100,
      decay: 0.999,
    });
    const d = stabilities(res.couplings, xi);
    expect(Math.min(...d)).toBeGreaterThan(0);
    const m = finalOverlaps(res.couplings, xi, 1, createRng(1));
    expect(Array.from(m)).toEqual(new Array(10).fill(1));
  });

  it('symmetric training gives J = Jᵀ exactly; asymmetric training does not', () => {
    const n = 40;
    const xi = rademacher(createRng(13), 20, n);
    const cfg = { epochs: 30, learningRate: 100, decay: 0.999 };
    const sym = trainPseudoLikelihood(xi, { symmetry: { kind: 'symmetric' }, ...cfg });
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(sym.couplings[i * n + j]).toBe(sym.couplings[j * n + i]);
    expect(asymmetry(n, sym.couplings)).toBe(0);
    expect(plNetwork(n, sym.couplings).symmetric).toBe(true);
    const asym = trainPseudoLikelihood(xi, { symmetry: { kind: 'asymmetric' }, ...cfg });
    expect(asymmetry(n, asym.couplings)).toBeGreaterThan(0.05);
  });

  it('L2 regularization bounds the norm; snapshots are copies at the requested epochs', () => {
    const xi = rademacher(createRng(14), 10, 50);
    const base = { symmetry: { kind: 'asymmetric' } as const, epochs: 300, learningRate: 100, decay: 1 };
    const free = trainPseudoLikelihood(xi, { ...base, snapshots: [0, 10, 300] });
    const reg = trainPseudoLikelihood(xi, { ...base, l2: 0.01 });
    expect(reg.history[299].rowNorm).toBeLessThan(0.5 * free.history[299].rowNorm);
    expect([...free.snapshots.keys()]).toEqual([0, 10, 300]);
    expect(free.snapshots.get(300)).toEqual(free.couplings);
    expect(free.snapshots.get(0)?.every((v) => v === 0)).toBe(true);
  });

  it('basin-based stopping ends training once the basin stops changing', () => {
    const xi = rademacher(createRng(15), 20, 100);
    const res = trainPseudoLikelihood(
      xi,
      {
        symmetry: { kind: 'asymmetric' },
        epochs: 2000,
        learningRate: 100,
        decay: 0.999,
        stopping: { kind: 'basins', every: 20, patience: 3, tolerance: 0.02, probe: 10, step: 0.05 },
      },
      createRng(16),
    );
    expect(res.stoppedBy).toBe('basins');
    expect(res.epochs).toBeLessThan(2000);
    expect(res.epochs % 20).toBe(0);
    const checks = res.history.filter((h) => h.basinSize !== undefined).map((h) => h.basinSize as number);
    const last = checks.slice(-3);
    expect(Math.max(...last) - Math.min(...last)).toBeLessThanOrEqual(0.04 + 1e-12);
  });

  it('rejects bad settings with RangeError naming the field', () => {
    const xi = rademacher(createRng(1), 3, 5);
    const ok = { symmetry: { kind: 'asymmetric' } as const, epochs: 1, learningRate: 1, decay: 1 };
    expect(() => trainPseudoLikelihood(xi, { ...ok, epochs: -1 })).toThrow(/epochs/);
    expect(() => trainPseudoLikelihood(xi, { ...ok, learningRate: 0 })).toThrow(/learningRate/);
    expect(() => trainPseudoLikelihood(xi, { ...ok, decay: 1.5 })).toThrow(/decay/);
    expect(() => trainPseudoLikelihood(xi, { ...ok, l2: -1 })).toThrow(/l2/);
    expect(() => trainPseudoLikelihood(xi, { ...ok, init: new Float64Array(3) })).toThrow(/init/);
    expect(() =>
      trainPseudoLikelihood(xi, { ...ok, stopping: { kind: 'basins', every: 1, patience: 1, tolerance: 0 } }),
    ).toThrow(TypeError);
  });
});

describe('dynamics and measurements', () => {
  it('the batched parallel dynamics agrees with runDynamics({kind: parallel}) on asymmetric couplings', () => {
    const n = 30;
    const j = randomCouplings(21, n, 1);
    const net = plNetwork(n, j);
    expect(net.symmetric).toBe(false);
    const r = createRng(22);
    const b = 12;
    const starts = new Float64Array(b * n);
    for (let k = 0; k < b; k++) starts.set(randomSpins(r, n), k * n);
    const res = runParallelBatch(j, n, starts, 50);
    for (let k = 0; k < b; k++) {
      const one = runDynamics(net, starts.subarray(k * n, (k + 1) * n), { kind: 'parallel' }, r, {
        maxSweeps: 50,
      });
      expect(Array.from(res.states.subarray(k * n, (k + 1) * n))).toEqual(Array.from(one.state));
      expect(res.steps[k]).toBe(one.sweeps);
      expect(res.outcome[k]).toBe(one.converged ? 1 : one.cycle2 ? 2 : 0);
    }
  });

  it('asymmetry is 0 for symmetric J, 2 for antisymmetric J, and measures ‖J − Jᵀ‖/‖J‖ otherwise', () => {
    const n = 6;
    const j = randomCouplings(23, n);
    const s = new Float64Array(n * n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let q = 0; q < n; q++) {
        s[i * n + q] = j[i * n + q] + j[q * n + i];
        a[i * n + q] = j[i * n + q] - j[q * n + i];
      }
    expect(asymmetry(n, s)).toBe(0);
    expect(asymmetry(n, a)).toBeCloseTo(2, 14);
    expect(asymmetry(n, new Float64Array(n * n))).toBe(0);
  });

  it('normalized stabilities of Hebbian couplings are Gaussian with mean 1/√α and unit variance (λ → 0 limit)', () => {
    const n = 400;
    const alpha = 0.25;
    const xi = rademacher(createRng(24), alpha * n, n);
    const k = normalizedStabilities(hebbCouplings(xi), xi);
    let m = 0;
    for (const v of k) m += v;
    m /= k.length;
    let v2 = 0;
    for (const v of k) v2 += (v - m) ** 2;
    const sd = Math.sqrt(v2 / k.length);
    // Δ_i^μ ≈ 1 + √α z and ‖J_i‖ ≈ √α for J = Ξᵀ Ξ / N.
    expect(m).toBeCloseTo(1 / Math.sqrt(alpha), 1);
    expect(sd).toBeCloseTo(1, 1);
  });

  it('stability distribution: the mean tracks P_λ (Appendix A) at λ = ‖J_i‖ and the spread shrinks with training', () => {
    const n = 200;
    const alpha = 0.4;
    const xi = rademacher(createRng(31), alpha * n, n);
    const res = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 300,
      learningRate: 100,
      decay: 0.999,
      snapshots: [10, 300],
    });
    const moments = (e: number) => {
      const k = normalizedStabilities(res.snapshots.get(e) as Float64Array, xi);
      let m = 0;
      for (const v of k) m += v;
      m /= k.length;
      let v2 = 0;
      for (const v of k) v2 += (v - m) ** 2;
      return { mean: m, variance: v2 / k.length };
    };
    const early = moments(10);
    const late = moments(300);
    for (const [e, mo] of [
      [10, early],
      [300, late],
    ] as const) {
      const th = stabilityDistribution(alpha, res.history[e - 1].rowNorm);
      // Free-norm training and the fixed-norm theory differ in detail (paper 000 Fig. 1a), not in the mean.
      expect(Math.abs(mo.mean - th.mean) / th.mean).toBeLessThan(0.05);
      expect(mo.variance).toBeLessThan(2.5 * th.variance);
    }
    expect(late.mean).toBeLessThan(early.mean);
    expect(late.variance).toBeLessThan(early.variance);
  });

  it('N = 100, α = 0.4: pseudo-likelihood basins are wide where Hebbian couplings retrieve nothing', () => {
    const n = 100;
    const xi = rademacher(createRng(25), 40, n);
    const pl = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 300,
      learningRate: 100,
      decay: 0.999,
    });
    const r = createRng(26);
    expect(basinSize(hebbCouplings(xi), n, xi, r)).toBe(0);
    expect(basinSize(pl.couplings, n, xi, r, { step: 0.05 })).toBeGreaterThanOrEqual(0.2);
  });

  it('basins close before the Gardner bound α = 2: none left at α = 1.5', () => {
    const n = 100;
    const xi = rademacher(createRng(32), 150, n);
    const pl = trainPseudoLikelihood(xi, {
      symmetry: { kind: 'asymmetric' },
      epochs: 300,
      learningRate: 100,
      decay: 0.999,
    });
    expect(basinSize(pl.couplings, n, xi, createRng(33))).toBe(0);
  });

  it('model files round-trip; unknown versions and malformed couplings are rejected', () => {
    const n = 5;
    const j = randomCouplings(27, n);
    const xi = rademacher(createRng(28), 2, n);
    const doc = JSON.parse(
      JSON.stringify(
        savePseudoLikelihood({
          n,
          couplings: j,
          symmetry: 'asymmetric',
          training: { epochs: 3 },
          patterns: xi,
        }),
      ),
    );
    expect(doc.type).toBe('hopfield.pseudolikelihood');
    const back = loadPseudoLikelihood(doc);
    expect(Array.from(back.couplings)).toEqual(Array.from(j));
    expect(back.training.epochs).toBe(3);
    expect(Array.from(back.patterns?.data ?? [])).toEqual(Array.from(xi.data));
    expect(() => loadPseudoLikelihood({ ...doc, version: 99 })).toThrow(/version/);
    expect(() => loadPseudoLikelihood({ ...doc, couplings: 'AAAA' })).toThrow(/couplings/);
    expect(() => loadPseudoLikelihood({ ...doc, params: { ...doc.params, symmetry: 'both' } })).toThrow(
      /symmetry/,
    );
  });
});

describe('self-supervised perceptron with margin (paper 000 Eqs. 8–9)', () => {
  it('Gardner capacity matches quadrature (fixture) and α_c(0) = 2; k_max inverts it', () => {
    fixture.gardner.k.forEach((k, a) => {
      expect(gardnerCapacity(k)).toBeCloseTo(fixture.gardner.alphaC[a], 10);
      expect(gardnerMaxMargin(fixture.gardner.alphaC[a])).toBeCloseTo(k, 8);
    });
    expect(gardnerCapacity(0)).toBeCloseTo(2, 14);
  });

  it('below k_max(α) every row reaches the margin; the couplings make training examples fixed points', () => {
    const n = 100;
    const alpha = 0.4;
    const xi = rademacher(createRng(29), alpha * n, n);
    const k = 0.6 * gardnerMaxMargin(alpha);
    const res = trainPerceptron(xi, { margin: k, maxEpochs: 2000 });
    expect(res.solvedFraction).toBe(1);
    expect(res.minStability).toBeGreaterThan(k);
    expect(Math.min(...normalizedStabilities(res.couplings, xi))).toBeGreaterThan(k);
    expect(() => trainPerceptron(xi, { margin: Number.NaN })).toThrow(/margin/);
  });

  it('far above k_max the perceptron cannot solve every row', () => {
    const xi = rademacher(createRng(30), 40, 50);
    const res = trainPerceptron(xi, { margin: 3, maxEpochs: 30 });
    expect(res.solvedFraction).toBeLessThan(1);
  });
});

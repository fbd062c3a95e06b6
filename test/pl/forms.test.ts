/**
 * The two exact forms of full-batch pseudo-likelihood training (issue 15): the direct N×N update and the
 * update of the P×N coefficients through the Gram matrix (J = AᵀΞ − diag, symmetric ½(AᵀΞ + ΞᵀA) − diag).
 * Both are the same sequence of iterates in exact arithmetic; in floating point they agree to rounding. Bound
 * used here: couplings within 1e-9·max|J|, loss and row norm of every epoch within 1e-9 relative (observed
 * ~1e-14 after 300 epochs).
 */
import { describe, expect, it } from 'vitest';
import {
  type PLTrainConfig,
  plTrainingForm,
  trainPseudoLikelihood,
} from '../../src/core/models/pseudolikelihood.js';
import { patternSet, rademacher } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';

const TOL = 1e-9;

function compare(a: ReturnType<typeof trainPseudoLikelihood>, b: ReturnType<typeof trainPseudoLikelihood>) {
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < a.couplings.length; k++) {
    scale = Math.max(scale, Math.abs(a.couplings[k]));
    diff = Math.max(diff, Math.abs(a.couplings[k] - b.couplings[k]));
  }
  expect(scale).toBeGreaterThan(0);
  expect(diff).toBeLessThanOrEqual(TOL * scale);
  expect(b.history.length).toBe(a.history.length);
  for (let e = 0; e < a.history.length; e++) {
    const [ha, hb] = [a.history[e], b.history[e]];
    expect(Math.abs(ha.loss - hb.loss)).toBeLessThanOrEqual(TOL * Math.abs(ha.loss));
    expect(Math.abs(ha.rowNorm - hb.rowNorm)).toBeLessThanOrEqual(TOL * ha.rowNorm);
    expect(hb.learningRate).toBe(ha.learningRate);
  }
}

describe('pseudo-likelihood training: Gram form = direct form', () => {
  const cases: [string, number, number, boolean, number, number][] = [
    // name, N, P, symmetric, l2, λ
    ['asymmetric', 40, 12, false, 0, 1],
    ['asymmetric with L2 and λ = 0.7', 41, 15, false, 0.002, 0.7],
    ['symmetric', 40, 12, true, 0, 1],
    ['symmetric with L2', 33, 9, true, 0.003, 1.3],
  ];
  for (const [name, n, p, symmetric, l2, lambda] of cases) {
    it(`${name} (N = ${n}, P = ${p}), 300 epochs, couplings and every history record`, () => {
      const xi = rademacher(createRng(n * 31 + p), p, n);
      const cfg: PLTrainConfig = {
        symmetry: { kind: symmetric ? 'symmetric' : 'asymmetric' },
        epochs: 300,
        // η₀ = 100 (the paper's) with an L2 term or λ ≠ 1 can make the iteration chaotic, where any change of
        // rounding (even of the backend) grows to O(1); 20 keeps every case contracting
        learningRate: l2 > 0 ? 20 : 100,
        decay: 0.999,
        l2,
        lambda,
        snapshots: [1, 150],
      };
      const direct = trainPseudoLikelihood(xi, { ...cfg, form: 'direct' });
      const gram = trainPseudoLikelihood(xi, { ...cfg, form: 'gram' });
      compare(direct, gram);
      for (const e of [1, 150]) {
        const [sa, sb] = [direct.snapshots.get(e)!, gram.snapshots.get(e)!];
        for (let k = 0; k < sa.length; k++) expect(Math.abs(sa[k] - sb[k])).toBeLessThanOrEqual(1e-9);
      }
      if (symmetric) {
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) expect(gram.couplings[i * n + j]).toBe(gram.couplings[j * n + i]);
      }
      for (let i = 0; i < n; i++) expect(gram.couplings[i * n + i]).toBe(0);
    });
  }

  it('sparse ±1 data (the rarer sign under a third, as binarized images): the direct form adds rows at the minority entries and still equals the Gram form', () => {
    for (const [symmetric, plusShare] of [
      [false, 0.15],
      [true, 0.2],
      [false, 0.85],
    ] as const) {
      const rng = createRng(symmetric ? 11 : 12);
      const n = 30;
      const p = 75;
      const xi = patternSet(
        p,
        n,
        Float64Array.from({ length: p * n }, () => (rng.uniform() < plusShare ? 1 : -1)),
      );
      const cfg: PLTrainConfig = {
        symmetry: { kind: symmetric ? 'symmetric' : 'asymmetric' },
        epochs: 200,
        // correlated data (mean ±0.7) has a large top curvature: a step of 2 keeps the iteration contracting
        learningRate: 2,
        decay: 0.999,
      };
      compare(trainPseudoLikelihood(xi, { ...cfg, form: 'gram' }), trainPseudoLikelihood(xi, cfg));
    }
  });

  it("data other than ±1 trains in the direct form; form 'gram' refuses it", () => {
    const rng = createRng(3);
    const n = 30;
    const p = 8;
    const xi = patternSet(
      p,
      n,
      Float64Array.from({ length: p * n }, () => rng.normal()),
    );
    const cfg: PLTrainConfig = { symmetry: { kind: 'asymmetric' }, epochs: 20, learningRate: 5, decay: 0.99 };
    expect(() => trainPseudoLikelihood(xi, { ...cfg, form: 'gram' })).toThrow(/needs ±1 training data/);
    const auto = trainPseudoLikelihood(xi, cfg);
    const direct = trainPseudoLikelihood(xi, { ...cfg, form: 'direct' });
    expect(Array.from(auto.couplings)).toEqual(Array.from(direct.couplings));
  });

  it('basin-based stopping sees the same couplings in both forms (same epochs, same basins)', () => {
    const xi = rademacher(createRng(8), 10, 50);
    const cfg: PLTrainConfig = {
      symmetry: { kind: 'asymmetric' },
      epochs: 60,
      learningRate: 100,
      decay: 0.999,
      stopping: { kind: 'basins', every: 10, patience: 2, tolerance: 0.05, probe: 5, step: 0.1 },
    };
    const a = trainPseudoLikelihood(xi, { ...cfg, form: 'direct' }, createRng(1));
    const b = trainPseudoLikelihood(xi, { ...cfg, form: 'gram' }, createRng(1));
    expect(b.epochs).toBe(a.epochs);
    expect(b.history.map((h) => h.basinSize)).toEqual(a.history.map((h) => h.basinSize));
    compare(a, b);
  });

  it('chooses the cheaper form: Gram for P < 2N (asymmetric), P < N/3 (symmetric), direct from a nonzero start', () => {
    expect(plTrainingForm(80, 200, false)).toBe('gram');
    expect(plTrainingForm(399, 200, false)).toBe('gram');
    expect(plTrainingForm(400, 200, false)).toBe('direct');
    expect(plTrainingForm(1960, 196, false)).toBe('direct');
    expect(plTrainingForm(60, 200, true)).toBe('gram');
    expect(plTrainingForm(80, 200, true)).toBe('direct');
    expect(plTrainingForm(10, 200, false, false)).toBe('direct');
  });

  it("refuses form 'gram' from a nonzero init (RangeError naming the form)", () => {
    const xi = rademacher(createRng(2), 4, 10);
    const init = new Float64Array(100).fill(0.1);
    expect(() =>
      trainPseudoLikelihood(xi, {
        symmetry: { kind: 'asymmetric' },
        epochs: 1,
        learningRate: 1,
        decay: 1,
        init,
        form: 'gram',
      }),
    ).toThrow(/form 'gram' needs training to start from J = 0/);
  });
});

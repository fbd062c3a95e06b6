import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  labelLossGrad,
  oneHotPm,
  trainLabelNeurons,
} from '../../src/core/models/pseudolikelihoodClassifier.js';
import { createRng } from '../../src/core/rng/index.js';
import {
  bayesOverlap,
  generalizationError as eps,
  gibbsOverlap,
  hebbOverlap,
  maximalStabilityOverlap,
} from '../../src/core/theory/teacherStudent.js';
import { teacherStudentExperiment } from '../../src/experiments/pl/labels.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('teacher–student replica theory (Engel & Van den Broeck chapters 2–4)', () => {
  it('Gibbs learning: ε·α → 0.625 and Hebb: ε·√α → 1/√(2π) at large α', () => {
    expect(eps(gibbsOverlap(50)) * 50).toBeCloseTo(0.624, 2);
    // Hebb: R = √(2α/(2α+π)) ⇒ ε ≈ (1/π)√(π/(2α)) for large α
    expect(eps(hebbOverlap(1e4)) * Math.sqrt(1e4)).toBeCloseTo(Math.sqrt(1 / (2 * Math.PI)), 3);
  });
  it('maximal stability: ε·α → 0.5005 (Opper et al. 1990), κ → 0, and ε(α → 0) → the Hebbian ε', () => {
    const ms = maximalStabilityOverlap(50);
    expect(eps(ms.r) * 50).toBeGreaterThan(0.5);
    expect(eps(ms.r) * 50).toBeLessThan(0.52);
    expect(ms.kappa).toBeLessThan(0.03);
    expect(Math.abs(eps(maximalStabilityOverlap(0.05).r) - eps(hebbOverlap(0.05)))).toBeLessThan(0.002);
  });
  it('order at every load: Bayes ≤ maximal stability ≤ Gibbs for α ≥ 2, and Bayes below all', () => {
    for (const a of [0.5, 1, 2, 4, 10]) {
      const b = eps(bayesOverlap(a));
      const ms = eps(maximalStabilityOverlap(a).r);
      expect(b).toBeLessThan(ms);
      expect(b).toBeLessThan(eps(hebbOverlap(a)));
      if (a >= 2) expect(ms).toBeLessThan(eps(gibbsOverlap(a)));
    }
  });
});

describe('label neurons', () => {
  it('gradient against central finite differences at 10 random points', () => {
    const r = createRng(7);
    const p = 9;
    const n = 6;
    const l = 3;
    const x = Float64Array.from({ length: p * n }, () => r.normal());
    const y = oneHotPm(
      Int32Array.from({ length: p }, () => r.int(l)),
      l,
    );
    const set = { p, n, l, x, y };
    for (let point = 0; point < 10; point++) {
      const w = Float64Array.from({ length: l * n }, () => r.normal() * [0.1, 1, 5][point % 3]);
      const g = new Float64Array(l * n);
      labelLossGrad(set, w, g, 1.4, 0.02);
      const k = r.int(l * n);
      const h = 1e-6;
      const wp = Float64Array.from(w);
      wp[k] += h;
      const wm = Float64Array.from(w);
      wm[k] -= h;
      const fd =
        (labelLossGrad(set, wp, new Float64Array(l * n), 1.4, 0.02) -
          labelLossGrad(set, wm, new Float64Array(l * n), 1.4, 0.02)) /
        (2 * h);
      expect(Math.abs(fd - g[k])).toBeLessThan(1e-7);
    }
  });
  it('±1 inputs with a rare sign (sparse products) train as the dense products do, to rounding', () => {
    const r = createRng(9);
    const p = 60;
    const n = 30;
    const l = 4;
    const x = Float64Array.from({ length: p * n }, () => (r.uniform() < 0.2 ? 1 : -1));
    const y = oneHotPm(
      Int32Array.from({ length: p }, () => r.int(l)),
      l,
    );
    const set = { p, n, l, x, y };
    const res = trainLabelNeurons(set, { epochs: 20, learningRate: 2, decay: 0.99 });
    const w = new Float64Array(l * n);
    const g = new Float64Array(l * n);
    for (let e = 0; e < 20; e++) {
      const loss = labelLossGrad(set, w, g); // no workspace: dense GEMMs
      expect(res.losses[e]).toBeCloseTo(loss, 12);
      for (let k = 0; k < l * n; k++) w[k] -= 2 * 0.99 ** e * g[k];
    }
    for (let k = 0; k < l * n; k++) expect(res.weights[k]).toBeCloseTo(w[k], 11);
  });
  it('the first step from W = 0 is the Hebbian student Σ_μ y^μ x^μ', () => {
    const r = createRng(8);
    const x = Float64Array.from({ length: 40 }, () => r.sign());
    const y = Float64Array.from({ length: 8 }, () => r.sign());
    const { weights } = trainLabelNeurons(
      { p: 8, n: 5, l: 1, x, y },
      { epochs: 1, learningRate: 2, decay: 1 },
    );
    for (let j = 0; j < 5; j++) {
      let hebb = 0;
      for (let mu = 0; mu < 8; mu++) hebb += y[mu] * x[mu * 5 + j];
      expect(weights[j]).toBeCloseTo((2 * hebb) / 8, 14);
    }
  });
  it('trained students land between the Bayes bound and the Hebbian student (N = 100, α = 1, 3)', () => {
    const rows = teacherStudentExperiment(
      {
        n: 100,
        alpha: [1, 3],
        trials: 3,
        test: 500,
        epochs: 300,
        lr: 10,
        decay: 0.999,
        lambda: 1,
        l2: 0,
      },
      createRng(3),
    );
    for (const row of rows) {
      expect(row.epsilon).toBeGreaterThan(row.bayes - 0.02);
      expect(row.epsilon).toBeLessThan(row.hebb);
      expect(Math.abs(row.testError - row.epsilon)).toBeLessThan(0.04);
    }
  });
});

describe('pl classify on CSV files', () => {
  const csv = (seed: number, count: number) => {
    const r = createRng(seed);
    const lines = ['label,a,b,c'];
    for (let k = 0; k < count; k++) {
      const c = r.int(3);
      const v = [0, 0, 0].map(() => r.normal() * 0.3);
      v[c] += 2;
      lines.push([c, ...v.map((z) => z.toFixed(4))].join(','));
    }
    return lines.join('\n');
  };
  it('separates three Gaussian clusters', async () => {
    const d = tempDir();
    dirs.push(d);
    writeFileSync(join(d, 'train.csv'), csv(1, 300));
    writeFileSync(join(d, 'test.csv'), csv(2, 200));
    const r = await runCli([
      'pl',
      'classify',
      '--train',
      join(d, 'train.csv'),
      '--test',
      join(d, 'test.csv'),
      '--alpha',
      '10,50',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'c.json'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'c.json'));
    expect(doc.rows[1].testAccuracy).toBeGreaterThan(0.95);
  });
  it('a bad CSV line exits 2 with one line naming the file and example, nothing written', async () => {
    const d = tempDir();
    dirs.push(d);
    writeFileSync(join(d, 'train.csv'), '0,1,2\n1,3\n');
    writeFileSync(join(d, 'test.csv'), '0,1,2\n');
    const r = await runCli([
      'pl',
      'classify',
      '--train',
      join(d, 'train.csv'),
      '--test',
      join(d, 'test.csv'),
      '--seed',
      '1',
      '--json',
      join(d, 'c.json'),
    ]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--train: .*train\.csv example 2 has 1 inputs, expected 2/);
    expect(filesIn(d)).toEqual(['test.csv', 'train.csv']);
  });
});

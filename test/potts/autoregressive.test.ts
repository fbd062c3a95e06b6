import { describe, expect, it } from 'vitest';
import {
  type ArModel,
  arLogLikelihood,
  arSiteOrder,
  columnEntropies,
  loadAutoregressive,
  sampleAutoregressive,
  saveAutoregressive,
  trainAutoregressive,
} from '../../src/core/models/pottsAutoregressive.js';
import { createRng, type Rng } from '../../src/core/rng/index.js';
import {
  sampleAutoregressiveThreads,
  trainAutoregressiveThreads,
} from '../../src/node/pottsAutoregressive.js';

/**
 * A random autoregressive model in the zero-sum gauge of J_ij(a, b) over a and over b (the gauge the L2 penalty
 * selects: shifts of J_ij(·, b) constant in b move into h_i, shifts constant in a cancel in the softmax).
 */
function plantedModel(rng: Rng, n: number, q: number, order: number[], scale: number): ArModel {
  const fields = new Float64Array(n * q);
  const couplings = new Float64Array(n * n * q * q);
  const pos = new Int32Array(n);
  order.forEach((i, k) => {
    pos[i] = k;
  });
  const zeroSum = (v: Float64Array, o: number, stride: number) => {
    let mean = 0;
    for (let a = 0; a < q; a++) mean += v[o + a * stride] / q;
    for (let a = 0; a < q; a++) v[o + a * stride] -= mean;
  };
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) fields[i * q + a] = scale * rng.normal();
    zeroSum(fields, i * q, 1);
    for (let j = 0; j < n; j++) {
      if (pos[j] >= pos[i]) continue;
      const o = (i * n + j) * q * q;
      for (let k = 0; k < q * q; k++) couplings[o + k] = scale * rng.normal();
      for (let b = 0; b < q; b++) zeroSum(couplings, o + b, q);
      for (let a = 0; a < q; a++) zeroSum(couplings, o + a * q, 1);
    }
  }
  return { n, q, order: Int32Array.from(order), fields, couplings };
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let mx = 0;
  let my = 0;
  for (let k = 0; k < x.length; k++) {
    mx += x[k] / x.length;
    my += y[k] / x.length;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < x.length; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
    syy += (y[k] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('autoregressive Potts model (arDCA)', () => {
  it('exact likelihood: the 81 sequences of N = 4, q = 3 have probabilities summing to 1; sampling matches them', () => {
    const model = plantedModel(createRng(1), 4, 3, [2, 0, 3, 1], 1.2);
    const probs: number[] = [];
    for (let c = 0; c < 81; c++) {
      const seq = [c % 3, Math.floor(c / 3) % 3, Math.floor(c / 9) % 3, Math.floor(c / 27)];
      probs.push(Math.exp(arLogLikelihood(model, seq)));
    }
    expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    // Ancestral samples: empirical frequencies within 5 standard errors of the exact probabilities.
    const m = 40_000;
    const s = sampleAutoregressive(model, m, createRng(2));
    const counts = new Float64Array(81);
    for (let r = 0; r < m; r++) counts[s[r * 4] + 3 * s[r * 4 + 1] + 9 * s[r * 4 + 2] + 27 * s[r * 4 + 3]]++;
    for (let c = 0; c < 81; c++) {
      const se = Math.sqrt((probs[c] * (1 - probs[c])) / m);
      expect(Math.abs(counts[c] / m - probs[c])).toBeLessThan(5 * se + 2 / m);
    }
  });

  it('planted model: fitted back from 20000 exact samples, couplings r > 0.95, held-out log-likelihood within 0.02 nats', () => {
    const rng = createRng(5);
    const n = 6;
    const q = 3;
    const truth = plantedModel(rng, n, q, [0, 1, 2, 3, 4, 5], 0.8);
    const m = 20_000;
    const seqs = sampleAutoregressive(truth, m, createRng(6));
    const fit = trainAutoregressive({ m, n, q, seqs }, undefined, {
      order: { kind: 'alignment' },
      maxIterations: 500,
    }).model;
    const mask: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) for (let k = 0; k < q * q; k++) mask.push((i * n + j) * q * q + k);
    expect(
      pearson(
        mask.map((k) => truth.couplings[k]),
        mask.map((k) => fit.couplings[k]),
      ),
    ).toBeGreaterThan(0.95);
    expect(pearson(truth.fields, fit.fields)).toBeGreaterThan(0.95);
    // Couplings of columns that do not precede stay zero.
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++)
        for (let k = 0; k < q * q; k++) expect(fit.couplings[(i * n + j) * q * q + k]).toBe(0);
    const test = sampleAutoregressive(truth, 5000, createRng(7));
    let llTrue = 0;
    let llFit = 0;
    for (let r = 0; r < 5000; r++) {
      const seq = test.subarray(r * n, (r + 1) * n);
      llTrue += arLogLikelihood(truth, seq) / 5000;
      llFit += arLogLikelihood(fit, seq) / 5000;
    }
    // Expected excess ≈ (parameters)/(2M) ≈ 0.004 nats per sequence.
    expect(llTrue - llFit).toBeLessThan(0.02);
    expect(llTrue - llFit).toBeGreaterThan(-0.02);
  }, 30_000);

  it('entropic order puts conserved columns first; save/load round trip; non-finite parameters refused', () => {
    const seqs = Uint8Array.from([0, 1, 2, 0, 0, 2, 0, 2, 1, 0, 1, 0]);
    const data = { m: 4, n: 3, q: 3, seqs };
    const s = columnEntropies(data);
    expect(s[0]).toBe(0);
    expect(Array.from(arSiteOrder(data, { kind: 'entropy' }))[0]).toBe(0);
    const model = plantedModel(createRng(3), 3, 3, [2, 0, 1], 1);
    const json = JSON.parse(JSON.stringify(saveAutoregressive(model, { lambdaJ: 1e-4 })));
    const back = loadAutoregressive(json);
    expect(Array.from(back.model.couplings)).toEqual(Array.from(model.couplings));
    expect(Array.from(back.model.order)).toEqual([2, 0, 1]);
    expect(back.training.lambdaJ).toBe(1e-4);
    const bad = saveAutoregressive({
      ...model,
      fields: model.fields.map((v, k) => (k === 2 ? Number.NaN : v)),
    });
    expect(() => loadAutoregressive(bad)).toThrow(/finite/);
    expect(() => loadAutoregressive({ ...json, params: { ...json.params, order: [0, 0, 1] } })).toThrow(
      /permutation/,
    );
    expect(() => loadAutoregressive({ ...json, type: 'hopfield.potts' })).toThrow(
      /hopfield.potts.autoregressive/,
    );
  });

  it('worker threads give the single-thread model and samples', async () => {
    const rng = createRng(9);
    const m = 300;
    const n = 5;
    const q = 4;
    const seqs = new Uint8Array(m * n).map(() => rng.int(q));
    const w = Array.from({ length: m }, () => 0.5 + rng.uniform());
    const cfg = { order: { kind: 'entropy' } as const, maxIterations: 50 };
    const one = trainAutoregressive({ m, n, q, seqs }, w, cfg);
    const two = await trainAutoregressiveThreads({ m, n, q, seqs }, w, cfg, 2);
    expect(Array.from(two.model.couplings)).toEqual(Array.from(one.model.couplings));
    expect(Array.from(two.model.fields)).toEqual(Array.from(one.model.fields));
    const a = await sampleAutoregressiveThreads(one.model, 2500, 1, createRng(4), 1);
    const b = await sampleAutoregressiveThreads(one.model, 2500, 1, createRng(4), 2);
    expect(Array.from(b)).toEqual(Array.from(a));
  }, 60_000);
});

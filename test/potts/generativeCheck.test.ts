import { describe, expect, it } from 'vitest';
import { samplePotts } from '../../src/core/dynamics/potts.js';
import { connectedPearson, pairStatistics, refineBoltzmann } from '../../src/core/models/pottsBoltzmann.js';
import { pearsonSlope } from '../../src/core/numerics/rankCorrelation.js';
import { createRng } from '../../src/core/rng/index.js';
import {
  connectedMoments,
  mixingEstimate,
  oneHotPca,
  tripletCorrelations,
  weightedBootstrap,
} from '../../src/experiments/potts/checkGenerative.js';
import { plantedSymmetricPotts } from './planted.js';

const alignment = (m: number, n: number, seqs: Uint8Array, names?: string[]) => ({
  m,
  n,
  q: 3,
  seqs,
  names: names ?? Array.from({ length: m }, (_, s) => `s${s}`),
});

describe('generative checks', () => {
  it('three-site connected correlation is the third central moment E[(δa − fa)(δb − fb)(δc − fc)]', () => {
    const rng = createRng(4);
    const m = 500;
    const seqs = new Uint8Array(m * 3);
    for (let s = 0; s < m; s++) {
      const a = rng.int(3);
      seqs.set(
        [a, rng.uniform() < 0.6 ? a : rng.int(3), rng.uniform() < 0.5 ? (a + 1) % 3 : rng.int(3)],
        3 * s,
      );
    }
    const w = Array.from({ length: m }, () => 0.2 + rng.uniform());
    const c3 = tripletCorrelations(alignment(m, 3, seqs), Int32Array.from([0, 1, 2]), w);
    let wt = 0;
    for (const x of w) wt += x;
    const f = [0, 1, 2].map((i) =>
      [0, 1, 2].map(
        (a) => seqs.reduce((t, v, k) => t + (k % 3 === i && v === a ? w[Math.floor(k / 3)] : 0), 0) / wt,
      ),
    );
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 3; c++) {
          let mom = 0;
          for (let s = 0; s < m; s++)
            mom +=
              (w[s] / wt) *
              ((seqs[3 * s] === a ? 1 : 0) - f[0][a]) *
              ((seqs[3 * s + 1] === b ? 1 : 0) - f[1][b]) *
              ((seqs[3 * s + 2] === c ? 1 : 0) - f[2][c]);
          expect(c3[(a * 3 + b) * 3 + c]).toBeCloseTo(mom, 12);
        }
  });

  it('slope and Pearson of a scaled copy; the bootstrap ceiling approaches 1 with size', () => {
    expect(pearsonSlope([1, 2, 3, 4], [0.5, 1, 1.5, 2])).toEqual({ r: 1, slope: 0.5 });
    const rng = createRng(7);
    const m = 3000;
    const seqs = new Uint8Array(m * 4);
    for (let s = 0; s < m; s++) {
      const a = rng.int(3);
      seqs.set([a, rng.uniform() < 0.7 ? a : rng.int(3), rng.int(3), rng.int(3)], 4 * s);
    }
    const msa = alignment(m, 4, seqs);
    const w = new Float64Array(m).fill(1);
    const nat = connectedMoments(msa, w);
    const r = (size: number) =>
      pearsonSlope(nat.c2, connectedMoments(msa, undefined, weightedBootstrap(w, size, rng)).c2).r;
    expect(r(20_000)).toBeGreaterThan(r(100));
    expect(r(20_000)).toBeGreaterThan(0.99);
  });

  it('PCA finds the correlated pair; mixing: independent records mix at lag 1, frozen chains never', () => {
    const rng = createRng(8);
    const m = 400;
    const seqs = new Uint8Array(m * 4);
    for (let s = 0; s < m; s++) {
      const a = rng.uniform() < 0.5 ? 0 : 2;
      seqs.set([a, a, rng.int(3), rng.int(3)], 4 * s);
    }
    const msa = alignment(m, 4, seqs);
    const pca = oneHotPca(msa, new Float64Array(m).fill(1), msa, rng, 100);
    // PC1 = (δ(a0,0) − δ(a0,2) + δ(a1,0) − δ(a1,2))/2 with variance 1; total variance Σ f(1 − f) = 1 + 4/3.
    expect(pca.explained[0]).toBeCloseTo(3 / 7, 1);
    expect(Math.abs(pca.natural[0].pc1)).toBeCloseTo(1, 1);
    const names = Array.from({ length: m }, (_, s) => `sample_${(s % 4) + 1}_${Math.floor(s / 4) + 1} T=1`);
    expect(mixingEstimate(alignment(m, 4, seqs, names))?.mixingRecords).toBe(1);
    const frozen = new Uint8Array(m * 4);
    for (let s = 0; s < m; s++) frozen.set(seqs.subarray((s % 4) * 4, (s % 4) * 4 + 4), 4 * s);
    expect(mixingEstimate(alignment(m, 4, frozen, names))?.mixingRecords).toBeUndefined();
  });

  it('Boltzmann machine: from zero couplings, learns a planted Potts model until r ≥ 0.9', async () => {
    const rng = createRng(12);
    const n = 5;
    const q = 3;
    const truth = plantedSymmetricPotts(rng, n, q, 0.8);
    const cfg = {
      sampler: { kind: 'gibbs' } as const,
      temperature: 1,
      burnIn: 50,
      thinning: 2,
      samples: 4000,
    };
    const seqs = samplePotts(truth, cfg, createRng(13));
    const data = pairStatistics(4000, n, q, seqs);
    const start = {
      n,
      q,
      fields: new Float64Array(n * q),
      couplings: new Float64Array(n * n * q * q),
      symmetry: 'symmetric' as const,
    };
    const init = seqs.slice(0, 500 * n);
    const bmCfg = {
      chains: 500,
      sweeps: 4,
      learningRate: 0.5,
      targetPearson: 0.9,
      maxSteps: 300,
      burnIn: 20,
    };
    const r = await refineBoltzmann(start, data, init, bmCfg, createRng(14));
    expect(r.history[0].pearson).toBeLessThan(0.5);
    expect(r.reached).toBe(true);
    // Independent check: fresh samples of the refined model against the data.
    const check = pairStatistics(4000, n, q, samplePotts(r.model, cfg, createRng(15)));
    expect(connectedPearson(data, check)).toBeGreaterThan(0.85);
  }, 30_000);
});

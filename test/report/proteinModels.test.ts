import { describe, expect, it } from 'vitest';
import { pearsonSlope } from '../../src/core/numerics/rankCorrelation.js';
import { createRng } from '../../src/core/rng/index.js';
import type { Alignment } from '../../src/data/msa.js';
import { connectedMoments } from '../../src/experiments/potts/checkGenerative.js';
import { fitPotts, POTTS_DEFAULTS } from '../../src/experiments/potts/run.js';
import { generativeModelsFigure } from '../../src/report/sections/proteinModels.js';

/** M sequences of N = 8 columns over q = 4: pairs (0,1), (2,3), (4,5) copy each other 70 % of the time. */
function tinyAlignment(m: number): Alignment {
  const rng = createRng(21);
  const n = 8;
  const seqs = new Uint8Array(m * n);
  for (let s = 0; s < m; s++)
    for (let i = 0; i < n; i += 2) {
      const a = rng.uniform() < 0.5 ? 0 : rng.int(4);
      seqs[s * n + i] = a;
      seqs[s * n + i + 1] = i < 6 && rng.uniform() < 0.7 ? a : rng.int(4);
    }
  return { m, n, q: 4, seqs, names: Array.from({ length: m }, (_, s) => `s${s}`) };
}

describe('report: three generative models side by side', () => {
  it('one panel per model; the caption and rows give the statistics of the samples it returns', async () => {
    const msa = tinyAlignment(400);
    const fit = await fitPotts(msa, { ...POTTS_DEFAULTS, threads: 0 }, { kind: 'asymmetric' });
    const settings = {
      gibbs: { burnIn: 20, thinning: 2, samplesPerChain: 100, chains: 4 },
      bm: { chains: 100, sweeps: 2, learningRate: 0.05, targetPearson: 0.99, maxSteps: 5, burnIn: 10 },
      threads: 0,
    };
    const run = () => generativeModelsFigure('tiny', msa, fit, settings, createRng(5));
    const { figure, samples } = await run();
    const rows = (figure.rows ?? []) as { r1: number; r2: number; slope2: number }[];
    expect(rows.length).toBe(4);
    const spec = figure.plot as unknown as {
      hconcat: { title: string; layer: { data: { values: unknown[] } }[] }[];
    };
    expect(spec.hconcat.map((p) => p.title.split(':')[0])).toEqual([
      'pseudo-likelihood (Gibbs)',
      'autoregressive (exact)',
      'Boltzmann machine (Gibbs)',
    ]);
    const nat = connectedMoments(msa, fit.weights);
    for (const [k, key] of (['pl', 'ar', 'bm'] as const).entries()) {
      const seqs = samples[key];
      expect(seqs.length).toBe(400 * msa.n);
      const gen = connectedMoments({ ...msa, m: 400, seqs });
      const r1 = pearsonSlope(nat.f1, gen.f1).r;
      const { r, slope } = pearsonSlope(nat.c2, gen.c2);
      const row = rows[k];
      expect(row.r1).toBeCloseTo(r1, 12);
      expect(row.r2).toBeCloseTo(r, 12);
      expect(row.slope2).toBeCloseTo(slope, 12);
      const text = `connected r = ${r.toFixed(3)}, slope ${slope.toFixed(2)}, single-site r = ${r1.toFixed(3)}`;
      expect(figure.caption).toContain(text);
      expect(spec.hconcat[k].layer[0].data.values.length).toBeGreaterThan(0);
    }
    // The ceiling is a bootstrap of natural sequences: it stands above the samples of any model on its own data.
    const ceiling = rows[3];
    expect(figure.caption).toContain(`connected r = ${ceiling.r2.toFixed(3)}`);
    expect(ceiling.r2).toBeGreaterThan(0.5);
    // The autoregressive model reproduces the planted pairs; seeded: the same figure twice.
    expect(rows[1].r2).toBeGreaterThan(0.8);
    expect((await run()).figure.caption).toBe(figure.caption);
  }, 60_000);
});

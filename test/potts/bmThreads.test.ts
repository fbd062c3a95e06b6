import { describe, expect, it } from 'vitest';
import { samplePotts } from '../../src/core/dynamics/potts.js';
import { pairStatistics, refineBoltzmann } from '../../src/core/models/pottsBoltzmann.js';
import { createRng } from '../../src/core/rng/index.js';
import { workerChains } from '../../src/node/pottsBoltzmann.js';
import { plantedSymmetricPotts } from './planted.js';

describe('Boltzmann-machine chains on worker threads', () => {
  it('the refined model and its r history are identical on the calling thread and on 3 workers (uneven blocks)', async () => {
    const rng = createRng(21);
    const n = 5;
    const q = 3;
    const truth = plantedSymmetricPotts(rng, n, q, 0.8);
    const cfg = {
      sampler: { kind: 'gibbs' } as const,
      temperature: 1,
      burnIn: 20,
      thinning: 2,
      samples: 800,
    };
    const seqs = samplePotts(truth, cfg, createRng(22));
    const data = pairStatistics(800, n, q, seqs);
    const start = {
      ...truth,
      couplings: new Float64Array(truth.couplings.length),
      symmetry: 'asymmetric' as const,
    };
    const bm = { chains: 61, sweeps: 3, learningRate: 0.5, targetPearson: 0.99, maxSteps: 6, burnIn: 5 };
    const init = seqs.slice(0, 61 * n);
    const one = await refineBoltzmann(start, data, init, bm, createRng(23));
    for (const threads of [3]) {
      const many = await refineBoltzmann(
        start,
        data,
        init,
        bm,
        createRng(23),
        undefined,
        workerChains(threads),
      );
      expect(many.history).toEqual(one.history);
      expect(Array.from(many.model.couplings)).toEqual(Array.from(one.model.couplings));
      expect(Array.from(many.model.fields)).toEqual(Array.from(one.model.fields));
    }
    // The chains move the model: r changes from step to step.
    expect(new Set(one.history.map((p) => p.pearson)).size).toBeGreaterThan(1);
  }, 180_000); // worker start-up under tsx: seconds on a quiet machine, a minute under heavy load
});

import { describe, expect, it } from 'vitest';
import { samplePotts } from '../../src/core/dynamics/potts.js';
import { trainPotts } from '../../src/core/models/potts.js';
import { createRng } from '../../src/core/rng/index.js';
import { parseAlignment, sequenceWeights } from '../../src/data/msa.js';
import { samplePottsThreads, sequenceWeightsThreads, trainPottsThreads } from '../../src/node/potts.js';

describe('worker threads give the single-thread results', () => {
  it('training: couplings, fields and iterations identical on 2 threads', async () => {
    const rng = createRng(8);
    const m = 150;
    const n = 6;
    const q = 5;
    const seqs = new Uint8Array(m * n).map(() => rng.int(q));
    const w = Array.from({ length: m }, () => 0.5 + rng.uniform());
    const cfg = { symmetry: { kind: 'asymmetric' } as const, maxIterations: 50 };
    const one = trainPotts({ m, n, q, seqs }, w, cfg);
    const two = await trainPottsThreads({ m, n, q, seqs }, w, cfg, 2);
    expect(Array.from(two.model.couplings)).toEqual(Array.from(one.model.couplings));
    expect(Array.from(two.model.fields)).toEqual(Array.from(one.model.fields));
    expect(Array.from(two.iterations)).toEqual(Array.from(one.iterations));
  }, 60_000);

  it('weights (2500 distinct rows, split in interleaved parts) and sampling chains', async () => {
    const rng = createRng(3);
    const rows = Array.from({ length: 2500 }, (_, k) => {
      let s = '';
      for (let i = 0; i < 20; i++) s += 'ACDEF-'[rng.int(i < 10 ? 2 : 6)];
      return `>s${k}\n${s}`;
    });
    const msa = parseAlignment(rows.join('\n'));
    const a = sequenceWeights(msa, 0.8);
    const b = await sequenceWeightsThreads(msa, 0.8, 2);
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    const model = {
      n: 4,
      q: 3,
      fields: new Float64Array(12).map(() => rng.normal()),
      couplings: new Float64Array(16 * 9).map(() => 0.3 * rng.normal()),
      symmetry: 'asymmetric' as const,
    };
    const cfg = { sampler: { kind: 'gibbs' } as const, temperature: 1, burnIn: 5, thinning: 2, samples: 10 };
    const threaded = await samplePottsThreads(model, cfg, 3, createRng(4), 2);
    const chains = createRng(4).split(3);
    const serial = chains.flatMap((r) => Array.from(samplePotts(model, cfg, r)));
    expect(Array.from(threaded)).toEqual(serial);
  }, 60_000);
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { decodeFloat64 } from '../../src/core/serialize.js';
import { AMINO_ACIDS, residueCode } from '../../src/data/msa.js';
import { readJson, runCli, tempDir } from '../cli/helpers.js';

/**
 * log P(x) of a saved autoregressive model, written out here from the file's arrays: the order's conditionals
 * e_i(a) = h_i(a) + Σ_{j before i} J_ij(a, x_j), each a log-softmax (independent of the library's layout helpers).
 */
function logP(file: string, x: number[]): number {
  const j = readJson(file) as {
    params: { n: number; q: number; order: number[] };
    fields: string;
    couplings: string;
  };
  const { n, q, order } = j.params;
  const h = decodeFloat64(j.fields, 'fields', n * q);
  const J = decodeFloat64(j.couplings, 'couplings', n * n * q * q);
  let ll = 0;
  order.forEach((i, k) => {
    const e = Array.from({ length: q }, (_, a) => {
      let v = h[i * q + a];
      for (const jj of order.slice(0, k)) v += J[((i * n + jj) * q + a) * q + x[jj]];
      return v;
    });
    const lz = Math.log(e.reduce((t, v) => t + Math.exp(v), 0));
    ll += e[x[i]] - lz;
  });
  return ll;
}

/** 12 columns around a consensus (kept with probability 0.7), 90 sequences; columns 3 and 4 covary. */
function family(dir: string) {
  const rng = createRng(5);
  const cons = Array.from({ length: 12 }, (_, i) => AMINO_ACIDS[(i * 5 + 2) % 20]);
  const rows: string[] = [];
  for (let s = 0; s < 90; s++) {
    const seq = cons.map((c) => (rng.uniform() < 0.7 ? c : AMINO_ACIDS[rng.int(20)]));
    seq[4] = seq[3] === cons[3] ? cons[4] : 'W';
    rows.push(`>s${s}\n${seq.join('')}\n`);
  }
  const msa = join(dir, 'fam.fasta');
  writeFileSync(msa, rows.join(''));
  const wt = join(dir, 'wt.fasta');
  writeFileSync(wt, `>wt\n${cons.join('')}\n`);
  return { msa, wt, cons };
}

describe('potts energy and potts mutants with an autoregressive model', () => {
  const dir = tempDir('hopfield-ar-scoring-');
  let fam: ReturnType<typeof family>;
  const model = join(dir, 'ar.json');
  beforeAll(async () => {
    fam = family(dir);
    const r = await runCli([
      'potts',
      'train',
      '--msa',
      fam.msa,
      '--kind',
      'autoregressive',
      '--out',
      model,
      '--threads',
      '1',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('potts energy gives the exact log-likelihood log P and the energy −log P of each sequence', async () => {
    const a = fam.cons.join('');
    const b = `${a.slice(0, 3)}W-${a.slice(5)}`;
    const seqs = join(dir, 'two.fasta');
    writeFileSync(seqs, `>a\n${a}\n>b\n${b}\n`);
    const out = join(dir, 'e.csv');
    const r = await runCli([
      'potts',
      'energy',
      '--model',
      model,
      '--sequences',
      seqs,
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sequence,energy,logLikelihood');
    [a, b].forEach((s, k) => {
      const [name, e, ll] = lines[k + 1].split(',');
      expect(name).toBe(k === 0 ? 'a' : 'b');
      const want = logP(
        model,
        Array.from(s, (c) => residueCode(c)),
      );
      expect(Number(ll)).toBeCloseTo(want, 9);
      expect(Number(e)).toBeCloseTo(-want, 9);
      expect(Number(ll)).toBeLessThan(0);
    });
  });

  it('potts mutants scores log P(mutant) − log P(wild type), with the model file alone (frequencies saved)', async () => {
    const c = fam.cons;
    // Column 4 (residue 5) follows column 3: W there is natural only with a non-consensus residue 4.
    const names = [`${c[0]}1A`, `${c[4]}5W`, `${c[3]}4W:${c[4]}5W`];
    const csv = join(dir, 'mut.csv');
    writeFileSync(csv, `mutant\n${names.join('\n')}\n`);
    const out = join(dir, 'scores.csv');
    const r = await runCli([
      'potts',
      'mutants',
      '--model',
      model,
      '--wt',
      fam.wt,
      '--mutants',
      csv,
      '--out',
      out,
      '--json',
      join(dir, 'm.json'),
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('mutant,logLikelihoodRatio,independent,columns');
    const wt = Array.from(c.join(''), (x) => residueCode(x));
    const base = logP(model, wt);
    const muts = [
      [[0, 'A']],
      [[4, 'W']],
      [
        [3, 'W'],
        [4, 'W'],
      ],
    ] as const;
    const got = muts.map((subs, k) => {
      const x = [...wt];
      for (const [i, l] of subs) x[i] = residueCode(l);
      const row = lines[k + 1].split(',');
      expect(Number(row[1])).toBeCloseTo(logP(model, x) - base, 9);
      return Number(row[1]);
    });
    // The double mutant keeps the learnt pair: less costly than W at residue 5 alone.
    expect(got[2]).toBeGreaterThan(got[1]);
    expect((readJson(join(dir, 'm.json')) as { defaultScore: string }).defaultScore).toBe(
      'logLikelihoodRatio',
    );
  });
});

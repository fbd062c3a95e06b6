import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BM_DEFAULTS } from '../../src/core/models/pottsBoltzmann.js';
import { createRng } from '../../src/core/rng/index.js';
import { encodeFloat64 } from '../../src/core/serialize.js';
import { parseAlignment } from '../../src/data/msa.js';
import { refineBm } from '../../src/experiments/potts/generative.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

const dir = tempDir('hopfield-generative-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 120 sequences of N = 6 with correlated columns 0–1 and 2–3. */
function tinyAlignment(n = 6): string {
  const rng = createRng(11);
  const alpha = 'ACDE-';
  const rows: string[] = [];
  for (let s = 0; s < 120; s++) {
    const a = rng.int(4);
    const b = rng.int(5);
    let seq = '';
    for (let i = 0; i < n; i++) seq += alpha[i < 2 ? a : i < 4 ? b : rng.int(5)];
    rows.push(`>s${s}\n${seq}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('potts train --kind autoregressive / --refine bm, sample, check (contract and bad input)', () => {
  const msa = join(dir, 'tiny.fasta');
  writeFileSync(msa, tinyAlignment());
  const ar = join(dir, 'ar.json');

  it('trains, samples exactly (chain options noted as ignored) and checks with slope and noise ceiling', async () => {
    const t = await runCli([
      'potts',
      'train',
      '--msa',
      msa,
      '--kind',
      'autoregressive',
      '--out',
      ar,
      '--npy',
      join(dir, 'ar'),
      '--threads',
      '1',
      '--quiet',
    ]);
    expect(t.code).toBe(0);
    expect(readJson(ar).type).toBe('hopfield.potts.autoregressive');
    expect(existsSync(join(dir, 'ar_J.npy'))).toBe(true);
    const out = join(dir, 's.fasta');
    const s = await runCli([
      'potts',
      'sample',
      '--model',
      ar,
      '--samples',
      '400',
      '--out',
      out,
      '--burn-in',
      '5',
      '--seed',
      '3',
      '--threads',
      '1',
      '--quiet',
    ]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/--burn-in ignored/);
    expect(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('>')),
    ).toHaveLength(400);
    const json = join(dir, 'r.json');
    const c = await runCli([
      'potts',
      'check',
      '--msa',
      msa,
      '--samples',
      out,
      '--model',
      ar,
      '--json',
      json,
      '--seed',
      '1',
      '--threads',
      '1',
      '--quiet',
    ]);
    expect(c.code).toBe(0);
    const r = readJson(json);
    expect(r.r1).toBeGreaterThan(0.9);
    expect(r.r2).toBeGreaterThan(0.8);
    expect(typeof r.slope).toBe('number');
    expect(r.ceiling.size).toBe(400);
    expect(r.ceiling.r2).toBeGreaterThan(0.8);
    expect(Array.isArray(r.energyHistogram)).toBe(true);
    expect(r.rows.length).toBeGreaterThan(0);
  }, 60_000);

  it('refines a pseudo-likelihood model as a Boltzmann machine and saves a Potts model', async () => {
    const out = join(dir, 'bm.json');
    const r = await runCli([
      'potts',
      'train',
      '--msa',
      msa,
      '--refine',
      'bm',
      '--refine-steps',
      '3',
      '--refine-chains',
      '50',
      '--out',
      out,
      '--seed',
      '2',
      '--threads',
      '1',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const m = readJson(out);
    expect(m.type).toBe('hopfield.potts');
    expect(m.params.refine).toBe('bm');
    expect(m.params.symmetry).toBe('symmetric');
  }, 60_000);

  it('--samples is the number of sequences written for a Potts model too, split over the chains', async () => {
    const out = join(dir, 'potts-samples.fasta');
    const r = await runCli(
      [
        'potts',
        'sample',
        '--msa',
        msa,
        '--samples',
        '10',
        '--chains',
        '4',
        '--burn-in',
        '5',
        '--thinning',
        '1',
      ].concat(['--out', out, '--seed', '4', '--threads', '1', '--quiet']),
    );
    expect(r.code, r.stderr).toBe(0);
    const names = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('>'))
      .map((l) => l.split(' ')[0]);
    // ⌈10 / 4⌉ = 3 per chain: chains 1–3 whole, the fourth stops after one.
    expect(names).toEqual(
      ['1_1', '1_2', '1_3', '2_1', '2_2', '2_3', '3_1', '3_2', '3_3', '4_1'].map((k) => `>sample_${k}`),
    );
  }, 60_000);

  it('the refinement counts its burn-in as the steps it costs and says the current r in each progress note', async () => {
    const aln = parseAlignment(tinyAlignment());
    const q = aln.q;
    const start = {
      n: aln.n,
      q,
      fields: new Float64Array(aln.n * q),
      couplings: new Float64Array(aln.n * aln.n * q * q),
      symmetry: 'symmetric' as const,
    };
    const calls: [number, number, string | undefined][] = [];
    const s = { ...BM_DEFAULTS, chains: 20, sweeps: 5, burnIn: 20, maxSteps: 3, targetPearson: 1 };
    await refineBm(aln, start, { ...s, identity: 0.8, threads: 1 }, createRng(3), {
      onProgress: (done, total, note) => calls.push([done, total, note]),
    });
    // 20 burn-in sweeps cost 4 steps of 5 sweeps: 4 + 3 units in all, the first step reported as the fifth.
    expect(calls.map(([d, t]) => [d, t])).toEqual([
      [0, 7],
      [5, 7],
      [6, 7],
      [7, 7],
    ]);
    for (const [, , note] of calls.slice(1)) expect(note).toMatch(/^connected r = -?\d\.\d{4} \(target 1\)$/);
  }, 60_000);

  it('bad input: exit 2, one line, nothing written', async () => {
    const other = join(dir, 'other.fasta');
    writeFileSync(other, '>a\nACDEFG-A\n>b\nACDEFGAA\n');
    const json = join(dir, 'bad.json');
    const before = filesIn(dir);
    // Samples of another length than the alignment's.
    let r = await runCli([
      'potts',
      'check',
      '--msa',
      msa,
      '--samples',
      other,
      '--json',
      json,
      '--threads',
      '1',
    ]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/--samples.*N = 8.*N = 6/);
    // Samples of another length than the model's.
    r = await runCli([
      'potts',
      'check',
      '--msa',
      other,
      '--samples',
      other,
      '--model',
      ar,
      '--json',
      json,
      '--threads',
      '1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--samples.*model.*N = 6/);
    // An autoregressive model where a Potts model is needed: both kinds named.
    r = await runCli(['potts', 'contacts', '--model', ar, '--out', join(dir, 'c.scores')]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/autoregressive.*Potts model/);
    // Non-finite parameters.
    const bad = readJson(ar);
    const f = new Float64Array(6 * 21);
    f[3] = Number.NaN;
    bad.fields = encodeFloat64(f);
    const badPath = join(dir, 'nan.json');
    writeFileSync(badPath, JSON.stringify(bad));
    const after = filesIn(dir);
    r = await runCli(['potts', 'sample', '--model', badPath, '--out', join(dir, 'x.fasta'), '--seed', '1']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/finite/);
    // --refine with the autoregressive kind.
    r = await runCli([
      'potts',
      'train',
      '--msa',
      msa,
      '--kind',
      'autoregressive',
      '--refine',
      'bm',
      '--out',
      json,
    ]);
    expect(r.code).toBe(2);
    expect(filesIn(dir)).toEqual(after);
    expect(after.filter((x) => !before.includes(x))).toEqual(['nan.json']);
  }, 60_000);
});

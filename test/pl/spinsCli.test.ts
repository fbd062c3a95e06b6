import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import { loadSpinModel } from '../../src/core/models/pseudolikelihoodSpins.js';
import { createRng } from '../../src/core/rng/index.js';
import { encodeNpy, npyFloat64 } from '../../src/data/npy.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const small = ['--n', '40', '--alpha', '0.4', '--epochs', '30', '--seed', '5', '--quiet'];

describe('pl train --spins vector --dim 1 is today’s Ising training', () => {
  it('writes the same model file bit for bit as pl train without the flags (pinned couplings)', async () => {
    const d = fresh();
    const a = await runCli(['pl', 'train', ...small, '--out', join(d, 'a.json')]);
    const b = await runCli([
      'pl',
      'train',
      ...small,
      '--spins',
      'vector',
      '--dim',
      '1',
      '--out',
      join(d, 'b.json'),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    // the same file but for the output name it records
    const ta = readFileSync(join(d, 'a.json'), 'utf8');
    expect(readFileSync(join(d, 'b.json'), 'utf8').replace('b.json', 'a.json')).toBe(ta);
    const model = loadPseudoLikelihood(JSON.parse(ta));
    // sha256 of the couplings written by commit 6eaac64 (before vector spins existed) for the same command
    const hash = createHash('sha256').update(Buffer.from(model.couplings.buffer)).digest('hex');
    expect(hash).toBe(PINNED);
  });
});

describe('pl train --spins vector / continuous', () => {
  it('trains d = 3 vector spins and saves a spin model with the patterns', async () => {
    const d = fresh();
    const r = await runCli([
      'pl',
      'train',
      ...small,
      '--spins',
      'vector',
      '--dim',
      '3',
      '--out',
      join(d, 'v.json'),
    ]);
    expect(r.code).toBe(0);
    const m = loadSpinModel(readJson(join(d, 'v.json')));
    expect(m.spins).toEqual({ kind: 'vector', dim: 3 });
    expect(m.patterns?.p).toBe(16);
    expect(m.training.seed).toBe(5);
  });
  it('reads P × N × d patterns from .npy', async () => {
    const d = fresh();
    const r = createRng(1);
    const data = new Float64Array(10 * 20 * 2);
    for (let s = 0; s < 200; s++) {
      const t = r.uniform() * 2 * Math.PI;
      data[2 * s] = Math.cos(t);
      data[2 * s + 1] = Math.sin(t);
    }
    writeFileSync(join(d, 'x.npy'), encodeNpy(npyFloat64(data, [10, 20, 2])));
    const res = await runCli([
      'pl',
      'train',
      '--spins',
      'vector',
      '--dim',
      '2',
      '--patterns',
      join(d, 'x.npy'),
      '--alpha',
      '0.5',
      '--epochs',
      '5',
      '--seed',
      '1',
      '--quiet',
      '--out',
      join(d, 'v.json'),
    ]);
    expect(res.code).toBe(0);
    const m = loadSpinModel(readJson(join(d, 'v.json')));
    expect(m.n).toBe(20);
    expect(Array.from(m.patterns?.data ?? [])).toEqual(Array.from(data));
  });
  it('trains continuous spins', async () => {
    const d = fresh();
    const r = await runCli([
      'pl',
      'train',
      ...small,
      '--spins',
      'continuous',
      '--gamma',
      '2',
      '--lr',
      '1',
      '--out',
      join(d, 'c.json'),
    ]);
    expect(r.code).toBe(0);
    expect(loadSpinModel(readJson(join(d, 'c.json'))).spins).toEqual({ kind: 'continuous', gamma: 2 });
  });
});

describe('pl train on vector spins: a diverging rate', () => {
  it('exits 2 with one line naming --lr, nothing written', async () => {
    const d = fresh();
    const r = await runCli([
      'pl',
      'train',
      ...['--n', '20', '--alpha', '0.2', '--epochs', '300', '--seed', '1', '--quiet'],
      ...['--spins', 'vector', '--dim', '3', '--l2', '10', '--lr', '1000'],
      '--out',
      join(d, 'm.json'),
    ]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^hopfield: --lr 1000 makes training diverge \(epoch \d+: .*\); lower it or l2$/,
    );
    expect(filesIn(d)).toEqual([]);
  });
});

describe('pl vector-map --spins continuous', () => {
  it('needs --dim 1: exit 2, one line, nothing written', async () => {
    const d = fresh();
    const r = await runCli([
      'pl',
      'vector-map',
      '--spins',
      'continuous',
      '--dim',
      '1,2',
      '--seed',
      '1',
      '--json',
      join(d, 'm.json'),
    ]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['hopfield: --dim must be 1 for --spins continuous (got 1,2)']);
    expect(filesIn(d)).toEqual([]);
  });
});

describe('pl train spin flags: bad input exits 2 with one line and writes nothing', () => {
  const unit = new Float64Array(4 * 10 * 3);
  for (let s = 0; s < 40; s++) unit[3 * s] = 1;
  const offUnit = Float64Array.from(unit);
  offUnit[3 * 17] = 1 + 1e-4; // spin 7 of pattern 1: |norm − 1| = 1e-4 > 1e-6
  const cases: [string, string[], RegExp, Uint8Array?][] = [
    ['--dim 0', ['--dim', '0'], /--dim must be an integer ≥ 1 and ≤ 64 \(got "0"\)/],
    [
      '--spins continuous --dim 3',
      ['--spins', 'continuous', '--dim', '3'],
      /--dim must be 1 for --spins continuous \(got 3\)/,
    ],
    [
      'a non-unit vector row',
      ['--spins', 'vector', '--dim', '3'],
      /unit vector.*1e-6.*got norm 1\.0001/,
      encodeNpy(npyFloat64(offUnit, [4, 10, 3])),
    ],
    [
      'a .npy of the wrong rank',
      ['--spins', 'vector', '--dim', '3'],
      /shape P × N × d .*rank 2/,
      encodeNpy(npyFloat64(new Float64Array(40), [4, 10])),
    ],
    [
      'a .npy of another spin dimension',
      ['--spins', 'vector', '--dim', '2'],
      /spin dimension d = 3 but --dim is 2/,
      encodeNpy(npyFloat64(unit, [4, 10, 3])),
    ],
  ];
  for (const [name, args, message, npy] of cases) {
    it(name, async () => {
      const d = fresh();
      if (npy) writeFileSync(join(d, 'x.npy'), npy);
      const inputs = npy ? ['--patterns', join(d, 'x.npy'), '--alpha', '0.2'] : [];
      const r = await runCli(['pl', 'train', ...args, ...inputs, '--seed', '1', '--out', join(d, 'm.json')]);
      expect(r.code).toBe(2);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(filesIn(d)).toEqual(npy ? ['x.npy'] : []);
    });
  }
});

const PINNED = '13a2a85312d68b1407536576f08fcd6139be8c820afda3a0e53f3f0dbcdd5e7e';

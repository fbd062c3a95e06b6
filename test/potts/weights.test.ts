import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatWeights, parseAlignment, parseWeights, sequenceWeights } from '../../src/data/msa.js';
import { resolveRegularization } from '../../src/experiments/potts/run.js';
import { errorLines, filesIn, runCli, tempDir } from '../cli/helpers.js';

describe('sequence weights from a file (plmc --weights format)', () => {
  it('reads one number per line, skips blank and # lines, and sums M_eff', () => {
    const w = parseWeights('# plmc\n1\n0.5\n\n2.5e-1\n0\n', 4);
    expect(Array.from(w.weights)).toEqual([1, 0.5, 0.25, 0]);
    expect(w.mEff).toBe(1.75);
  });
  it('round-trips through formatWeights exactly', () => {
    const v = Float64Array.from([1 / 3, 1 / 7, 1, 0.1 + 0.2]);
    expect(Array.from(parseWeights(formatWeights(v), 4).weights)).toEqual(Array.from(v));
  });
  const bad: [string, number, RegExp][] = [
    ['1\n1\n', 3, /w\.txt: 2 weights for 3 sequences/],
    ['1\n-0.5\n', 2, /w\.txt: line 2: weight "-0\.5" is not a finite number ≥ 0/],
    ['1\nNaN\n', 2, /line 2: weight "NaN" is not a finite number ≥ 0/],
    ['1\nInfinity\n', 2, /line 2: weight "Infinity"/],
    ['1\n1 2\n', 2, /line 2: weight "1 2"/],
    ['0\n0\n', 2, /all weights are zero/],
    ['\u0000\u0001', 2, /binary data/],
  ];
  for (const [text, m, msg] of bad)
    it(`refuses ${JSON.stringify(text)} for M = ${m}`, () => {
      expect(() => parseWeights(text, m, 'w.txt')).toThrow(msg);
    });
});

describe('regularization conventions', () => {
  it('plmdca as given; plmc λ_h/M_eff and λ_e/(2·M_eff); scaled λ_J = c·max(1, (L − 1)·q/M_eff)', () => {
    const a = resolveRegularization('plmdca', undefined, undefined, 50, 21, 400);
    expect([a.lambdaH, a.lambdaJ]).toEqual([0.01, 0.01]);
    const b = resolveRegularization('plmc', 0.01, 16, 50, 21, 400);
    // λ_e penalizes the symmetric block once, which enters two site conditionals: λ_e/2 per site.
    expect(b.lambdaJ).toBeCloseTo(16 / 800, 15);
    expect(b.lambdaH).toBeCloseTo(0.01 / 400, 15);
    expect(resolveRegularization('plmc', undefined, undefined, 50, 21, 400).lambdaJ).toBe(100 / 800);
    const c = resolveRegularization('scaled', undefined, 0.02, 50, 21, 400);
    expect(c.lambdaJ).toBeCloseTo((0.02 * 49 * 21) / 400, 15);
    expect(c.text).toMatch(/^scaled: /);
    // Deep families (M_eff ≥ (L − 1)·q) keep plmDCA's strength exactly.
    expect(resolveRegularization('scaled', undefined, undefined, 50, 21, 5000).lambdaJ).toBe(0.01);
  });

  it('auto: plmc with its defaults below M_eff = (L − 1)·q, plmDCA at and above; refuses strengths', () => {
    // L = 50, q = 21: (L − 1)·q = 1029.
    const shallow = resolveRegularization('auto', undefined, undefined, 50, 21, 1028);
    expect(shallow.regularization).toBe('plmc');
    expect(shallow.lambdaJ).toBe(100 / (2 * 1028));
    expect(shallow.lambdaH).toBe(0.01 / 1028);
    expect(shallow.text).toMatch(/^auto \(M_eff = 1028 < \(L-1\)\*q = 1029\) plmc: /);
    const deep = resolveRegularization('auto', undefined, undefined, 50, 21, 1029);
    expect([deep.regularization, deep.lambdaH, deep.lambdaJ]).toEqual(['plmdca', 0.01, 0.01]);
    expect(() => resolveRegularization('auto', undefined, 0.5, 50, 21, 400)).toThrow(
      /^lambdaJ needs --regularization plmc, plmdca or scaled/,
    );
    expect(() => resolveRegularization('auto', 0.5, undefined, 50, 21, 400)).toThrow(/^lambdaH needs/);
  });
});

/** Short single-thread training for CLI checks. */
const QUICK = ['--max-iterations', '5', '--threads', '1', '--quiet'];

describe('hopfield potts … --weights / --save-weights', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const msa = join(dir, 'tiny.fasta');
  const text = '>a\nACDEFGHIKL\n>b\nACDEWGHIKL\n>c\nWCDEFGHIKL\n>d\nACYEFGHIKL\n>e\nACDEFGHIKL\n';
  writeFileSync(msa, text);
  const files: Record<string, string> = {
    short: '1\n1\n1\n',
    negative: '1\n1\n-1\n1\n1\n',
    nan: '1\n1\nnan\n1\n1\n',
  };
  for (const [k, v] of Object.entries(files)) writeFileSync(join(dir, `${k}.w`), v);
  const msgs: Record<string, RegExp> = {
    short: /--weights: .*short\.w: 3 weights for 5 sequences/,
    negative: /--weights: .*negative\.w: line 3: weight "-1" is not a finite number ≥ 0/,
    nan: /--weights: .*nan\.w: line 3: weight "nan" is not a finite number ≥ 0/,
  };
  const commands: string[][] = [
    ['potts', 'train', '--save-weights', 'W'],
    ['potts', 'contacts'],
    ['potts', 'sample'],
    ['potts', 'check', '--samples', msa],
    ['potts', 'retrieval', '--alpha', '0.2'],
  ];
  for (const cmd of commands)
    for (const k of Object.keys(files))
      it(`${cmd.slice(0, 2).join(' ')} --weights ${k}: exit 2, one line, nothing written`, async () => {
        const out = tempDir();
        const args = [...cmd.map((a) => (a === 'W' ? join(out, 'w.txt') : a)), '--msa', msa];
        const outputs = cmd[1] === 'check' || cmd[1] === 'retrieval' ? [] : ['--out', join(out, 'o')];
        const r = await runCli([
          ...args,
          '--weights',
          join(dir, `${k}.w`),
          ...outputs,
          '--json',
          join(out, 'o.json'),
          '--quiet',
        ]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(msgs[k]);
        expect(errorLines(r.stderr)).toHaveLength(1);
        expect(filesIn(out)).toEqual([]);
        rmSync(out, { recursive: true, force: true });
      });

  it('train --save-weights writes w_s = 1/n_s; training on them with --weights gives the same model', async () => {
    const out = tempDir();
    const train = (extra: string[], model: string) =>
      runCli(['potts', 'train', '--msa', msa, '--out', join(out, model), ...QUICK, ...extra]);
    const a = await train(['--save-weights', join(out, 'w.txt')], 'a.json');
    expect(a.code, a.stderr).toBe(0);
    const saved = parseWeights(readFileSync(join(out, 'w.txt'), 'utf8'), 5);
    const ref = sequenceWeights(parseAlignment(text), 0.8);
    expect(Array.from(saved.weights)).toEqual(Array.from(ref.weights));
    const b = await train(['--weights', join(out, 'w.txt')], 'b.json');
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(readFileSync(join(out, 'a.json'), 'utf8'));
    const jb = JSON.parse(readFileSync(join(out, 'b.json'), 'utf8'));
    expect(jb.couplings).toBe(ja.couplings);
    expect(jb.params.weights).toMatch(/w\.txt$/);
    // Uniform weights: M_eff = M, and the contact file's header names the weights and the regularization.
    writeFileSync(join(out, 'u.txt'), '1\n1\n1\n1\n1\n');
    // One training per call (--max-iterations 5 on the five sequences), scores into `file`.
    const contacts = (file: string, ...extra: string[]) =>
      runCli([
        ...['potts', 'contacts', '--msa', msa, '--weights', join(out, 'u.txt'), '--out', join(out, file)],
        ...QUICK,
        ...extra,
      ]);
    const c = await contacts('s.txt');
    expect(c.code, c.stderr).toBe(0);
    const head = readFileSync(join(out, 's.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('#'));
    expect(head.join('\n')).toMatch(
      /# regularization auto \(M_eff = 5 < \(L-1\)\*q = 189\) plmc: lambda_e = 100, lambda_h = 0\.01 .*lambda_J = lambda_e\/\(2\*M_eff\) = 10, lambda_h = lambda_h\/M_eff = 0\.002\)/,
    );
    expect(head.join('\n')).toMatch(
      /# score = Frobenius norm over all 21x21 letters \(gap included, as plmc\)/,
    );
    expect(head.join('\n')).toMatch(/# weights from .*u\.txt, M_eff = 5\.0/);
    // --exclude-gap: plmDCA's 20×20 norm on the same model, named in the header; other scores.
    const e = await contacts('e.txt', '--exclude-gap');
    expect(e.code, e.stderr).toBe(0);
    const excluded = readFileSync(join(out, 'e.txt'), 'utf8');
    expect(excluded).toMatch(
      /# score = Frobenius norm over the 20x20 amino-acid block \(gap excluded, as plmDCA\)/,
    );
    const scores = (t: string) => t.split('\n').filter((l) => /^\d/.test(l));
    expect(scores(excluded)).not.toEqual(scores(readFileSync(join(out, 's.txt'), 'utf8')));
    rmSync(out, { recursive: true, force: true });
  });

  it('contacts: a column that is almost all gap (> --max-gap 0.9) is named in the header and not ranked', async () => {
    const out = tempDir();
    // Column 10 is a gap in every sequence but the first: a weighted gap fraction above 0.9.
    const rows = ['ACDEFGHIKL', 'ACDEWGHIKM', 'WCDEFGHIKN', 'ACYEFGHIKP', 'MCDEFGHIKQ', 'ACDQFGHIKR'];
    const gappy = [...rows, ...rows.map((r) => r.replace(/^./, 'Y'))].map((r, k) =>
      k === 0 ? r : `${r.slice(0, 9)}-`,
    );
    const file = join(out, 'g.fasta');
    writeFileSync(file, gappy.map((r, k) => `>s${k}\n${r}\n`).join(''));
    const run = (name: string, ...extra: string[]) =>
      runCli(['potts', 'contacts', '--msa', file, '--out', join(out, name), ...QUICK, ...extra]);
    const a = await run('a.txt');
    expect(a.code, a.stderr).toBe(0);
    const text = readFileSync(join(out, 'a.txt'), 'utf8');
    expect(text).toMatch(
      /# columns with a weighted gap fraction above 0\.9 not scored \(NaN in the \.npy\): 10\n/,
    );
    const pairs = text.split('\n').filter((l) => /^\d/.test(l));
    expect(pairs).toHaveLength(36);
    expect(pairs.some((l) => / 10 /.test(` ${l.split(' ').slice(0, 2).join(' ')} `))).toBe(false);
    const b = await run('b.txt', '--max-gap', '1');
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(join(out, 'b.txt'), 'utf8')).toMatch(/not scored \(NaN in the \.npy\): none\n/);
    expect(
      readFileSync(join(out, 'b.txt'), 'utf8')
        .split('\n')
        .filter((l) => /^\d/.test(l)),
    ).toHaveLength(45);
    rmSync(out, { recursive: true, force: true });
  });

  for (const cmd of ['train', 'contacts', 'sample'])
    for (const flag of ['--lambda-h', '--lambda-j'])
      it(`potts ${cmd} ${flag} without --regularization (auto): exit 2 naming the flag, before any work`, async () => {
        const out = tempDir();
        const r = await runCli(['potts', cmd, '--msa', msa, flag, '0.5', '--out', join(out, 'o'), '--quiet']);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(`^hopfield: ${flag} needs --regularization plmc, plmdca or scaled`, 'm'),
        );
        expect(errorLines(r.stderr)).toHaveLength(1);
        expect(filesIn(out)).toEqual([]);
        rmSync(out, { recursive: true, force: true });
      });
});

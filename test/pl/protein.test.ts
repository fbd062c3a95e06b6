import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLines, filesIn, runCli, tempDir } from '../cli/helpers.js';

const short = fileURLToPath(new URL('../../../shared/data/msa/pf14short.fasta', import.meta.url));

describe('hopfield potts …: bad input exits 2 with one line and writes nothing', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const good = join(dir, 'tiny.fasta');
  writeFileSync(good, '>a\nACDEFGHIKL\n>b\nACDEWGHIKL\n>c\nWCDEFGHIKL\n>d\nACYEFGHIKL\n');
  const ragged = join(dir, 'ragged.fasta');
  writeFileSync(ragged, '>a\nACDEF\n>b\nACD\n');
  const empty = join(dir, 'empty.fasta');
  writeFileSync(empty, '');
  const one = join(dir, 'one.fasta.gz');
  writeFileSync(one, gzipSync(Buffer.from('>a\nACDEF\n')));
  const binary = join(dir, 'bin.fasta');
  writeFileSync(binary, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
  const letters = join(dir, 'letters.fasta');
  writeFileSync(letters, '>a\nACDEF\n>b\nAC*EF\n');
  const far = join(dir, 'far.dat');
  writeFileSync(far, '1 5 4.0\n2 11 6.0\n');
  const cases: [string[], RegExp][] = [
    [['potts', 'train', '--msa', empty], /--msa: .*empty\.fasta: empty file/],
    [['potts', 'train', '--msa', one], /--msa: .*one\.fasta\.gz: 1 sequence; at least 2 needed/],
    [
      ['potts', 'train', '--msa', ragged],
      /--msa: .*ragged\.fasta: ragged alignment: record 2 "b" \(line 3\)/,
    ],
    [['potts', 'train', '--msa', binary], /--msa: .*bin\.fasta: binary data/],
    [
      ['potts', 'train', '--msa', letters],
      /--msa: .*letters\.fasta: record 2 "b" \(line 4\): unexpected character "\*"/,
    ],
    [
      ['potts', 'train', '--msa', good, '--max-memory', '0.0001'],
      /--max-memory is 0\.0001 GiB but training N = 10, q = 21 .* needs about/,
    ],
    [
      ['potts', 'contacts', '--msa', good, '--structure', far],
      /--structure: .*far\.dat: line 2: column j = "11" is outside 1\.\.10/,
    ],
    [['potts', 'contacts'], /--msa is required unless --model/],
    [['potts', 'contacts', '--msa', good, '--threshold', '0'], /--threshold must be a number > 0/],
    [['potts', 'sample', '--model', good], /--model: .*tiny\.fasta" is not valid JSON/],
    [
      ['potts', 'retrieval', '--msa', good, '--alpha', '1'],
      /--alpha 1 needs P = round\(1·10\) = 10 training sequences; .* M = 4/,
    ],
    [['pl', 'protein', '--msa', good, '--trials', '0'], /--trials must be an integer ≥ 1/],
    [
      ['potts', 'retrieval', '--msa', good, '--couplings', 'both'],
      /--couplings must be a comma-separated list of asymmetric, symmetric/,
    ],
  ];
  for (const [args, msg] of cases) {
    it(`${args.map((a) => a.replace(dir, '<dir>')).join(' ')}`, async () => {
      const out = tempDir();
      const outputs =
        args[1] === 'check' || args[1] === 'retrieval' || args[0] === 'pl' ? [] : ['--out', join(out, 'o')];
      const r = await runCli([...args, ...outputs, '--json', join(out, 'o.json'), '--quiet']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(filesIn(out)).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    });
  }

  it('--help of pl protein (alias) shows the potts retrieval example', async () => {
    const r = await runCli(['pl', 'protein', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/alias of potts retrieval/);
  });
});

describe('hopfield potts on pf14short', () => {
  it.skipIf(!existsSync(short))(
    'train saves JSON and .npy; contacts reads the model; retrieval memorizes at small α (paper 000 Fig. 6)',
    async () => {
      const d = tempDir();
      // The first 200 sequences keep the test short.
      const sub = join(d, 'sub.fasta');
      writeFileSync(
        sub,
        `${readFileSync(short, 'utf8')
          .split('>')
          .slice(1, 201)
          .map((r) => `>${r}`)
          .join('')
          .trim()}\n`,
      );
      const r = await runCli([
        'potts',
        'train',
        '--msa',
        sub,
        '--out',
        join(d, 'm.json'),
        '--npy',
        join(d, 'm'),
        '--max-iterations',
        '15',
        '--threads',
        '2',
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(filesIn(d)).toEqual(['m.json', 'm_J.npy', 'm_h.npy', 'sub.fasta']);
      const h = readFileSync(join(d, 'm_h.npy'));
      expect(h.subarray(1, 6).toString('latin1')).toBe('NUMPY');
      expect(h.toString('latin1', 10, 80)).toMatch(/'shape': \(53, 21\)/);
      const c = await runCli([
        'potts',
        'contacts',
        '--model',
        join(d, 'm.json'),
        '--out',
        join(d, 's.txt'),
        '--quiet',
      ]);
      expect(c.code, c.stderr).toBe(0);
      const lines = readFileSync(join(d, 's.txt'), 'utf8').split('\n');
      expect(lines[0]).toMatch(/^# contact scores/);
      const pairs = lines.filter((l) => l !== '' && !l.startsWith('#'));
      expect(pairs).toHaveLength((53 * 52) / 2);
      const [i, j, s] = pairs[0].split(' ').map(Number);
      expect(i).toBeLessThan(j);
      expect(s).toBeGreaterThan(Number(pairs[1].split(' ')[2]) - 1e-12);
      const p = await runCli([
        'pl',
        'protein',
        '--msa',
        short,
        '--alpha',
        '0.1,2',
        '--trials',
        '1',
        '--max-iterations',
        '20',
        '--probe',
        '60',
        '--threads',
        '1',
        '--seed',
        '1',
        '--json',
        join(d, 'p.json'),
        '--plot',
        join(d, 'p.svg'),
        '--quiet',
      ]);
      expect(p.code, p.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(d, 'p.json'), 'utf8'));
      const asym = doc.rows.filter((row: { couplings: string }) => row.couplings === 'asymmetric');
      expect(asym[0].p).toBe(5);
      expect(asym[0].trainOverlap).toBeGreaterThanOrEqual(0.95);
      expect(asym[1].testOverlap).toBeGreaterThan(asym[0].testOverlap);
      expect(Math.abs(asym[0].testOverlap - doc.naturalOverlap)).toBeLessThan(0.1);
      expect(readFileSync(join(d, 'p.svg'), 'utf8')).toMatch(/<svg/);
      rmSync(d, { recursive: true, force: true });
    },
    300_000,
  );
});

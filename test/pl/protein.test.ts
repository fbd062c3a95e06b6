import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorLines, filesIn, runCli, tempDir } from '../cli/helpers.js';

const short = fileURLToPath(new URL('../../../shared/data/msa/pf14short.fasta', import.meta.url));

describe('hopfield pl protein: bad input exits 2 with one line and writes nothing', () => {
  const dir = tempDir();
  const good = join(dir, 'tiny.fasta');
  writeFileSync(good, '>a\nACDEF\n>b\nACDEW\n>c\nWCDEF\n>d\nACYEF\n');
  const ragged = join(dir, 'ragged.fasta');
  writeFileSync(ragged, '>a\nACDEF\n>b\nACD\n');
  const cases: [string[], RegExp][] = [
    [[], /--msa/],
    [['--msa', join(dir, 'missing.fasta')], /--msa: .*missing\.fasta: no such file/],
    [['--msa', dir], /--msa: .*is a directory/],
    [['--msa', ragged], /--msa: .*ragged\.fasta: ragged alignment: record 2 "b"/],
    [['--msa', good, '--alpha', '0'], /--alpha must be a comma-separated list of numbers > 0 .*\(got "0"\)/],
    [['--msa', good, '--alpha', '1'], /--alpha 1 needs P = round\(1·5\) = 5 training sequences; .* M = 4/],
    [['--msa', good, '--trials', '0'], /--trials must be an integer ≥ 1/],
    [['--msa', good, '--symmetry', 'both'], /--symmetry must be one of asymmetric, symmetric/],
    [['--msa', good, '--epochs', 'x'], /--epochs/],
    [['--msa', good, '--lambda-j', '-1'], /--lambda-j/],
    [['--msa', good, '--probe', '0'], /--probe/],
    [['--msa', good, '--identity', '0'], /--identity/],
  ];
  for (const [args, msg] of cases) {
    it(`pl protein ${args.map((a) => a.replace(dir, '<dir>')).join(' ') || '(no flags)'}`, async () => {
      const out = tempDir();
      const r = await runCli([
        'pl',
        'protein',
        ...args,
        '--seed',
        '1',
        '--json',
        join(out, 'o.json'),
        '--quiet',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(filesIn(out)).toEqual([]);
    });
  }

  it('--help shows an example', async () => {
    const r = await runCli(['pl', 'protein', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\$ hopfield pl protein --msa/);
  });
});

describe('hopfield pl protein on pf14short (paper 000 Fig. 6)', () => {
  it.skipIf(!existsSync(short))(
    'N = 53; train sequences are memorized at small α; the test overlap grows with α',
    async () => {
      const d = tempDir();
      const r = await runCli([
        'pl',
        'protein',
        '--msa',
        short,
        '--alpha',
        '0.1,2',
        '--epochs',
        '20',
        '--probe',
        '100',
        '--seed',
        '1',
        '--json',
        join(d, 'p.json'),
        '--plot',
        join(d, 'p.svg'),
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(d, 'p.json'), 'utf8'));
      expect(doc.command).toBe('pl protein');
      expect(doc.params.n).toBe(53);
      expect(doc.params.m).toBe(1000);
      expect(doc.mEff).toBeGreaterThan(1);
      expect(doc.mEff).toBeLessThan(1000);
      const [small, large] = doc.rows;
      expect(small.p).toBe(5);
      expect(large.p).toBe(106);
      expect(small.trainOverlap).toBeGreaterThanOrEqual(0.95);
      expect(large.testOverlap).toBeGreaterThan(small.testOverlap);
      // At small α the test overlap sits near ⟨O⟩ between natural sequences.
      expect(Math.abs(small.testOverlap - doc.naturalOverlap)).toBeLessThan(0.1);
      expect(readFileSync(join(d, 'p.svg'), 'utf8')).toMatch(/<svg/);
    },
    60_000,
  );
});

/** `hopfield pl compare`: pseudo-likelihood against the Hebb rule on the same patterns (paper 000). */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const dir = tempDir('hopfield-pl-compare-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pl compare', () => {
  it('--help names the parameters with the bounds of pl train and an example', async () => {
    const r = await runCli(['pl', 'compare', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--alpha <number>/);
    expect(r.stdout).toMatch(/--m0 /);
    expect(r.stdout).toMatch(/pl compare --n 100 --alpha 0\.3/);
  });

  it('above the Hebbian capacity the trained couplings retrieve where Hebb does not (α = 0.3)', async () => {
    const json = join(dir, 'c.json');
    const r = await runCli([
      'pl',
      'compare',
      '--n',
      '60',
      '--alpha',
      '0.3',
      '--epochs',
      '100',
      '--m0',
      '0.5,0.8,1',
      '--seed',
      '1',
      '-q',
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.seed).toBe(1);
    expect(doc.p).toBe(18);
    const at = (c: string, m0: number) =>
      doc.rows.find((x: { couplings: string; m0: number }) => x.couplings === c && x.m0 === m0).meanOverlap;
    expect(at('pseudo-likelihood', 1)).toBeGreaterThan(0.99);
    expect(at('hebb', 1)).toBeLessThan(0.95);
    expect(doc.basin.pl).toBeGreaterThan(doc.basin.hebb);
    expect(doc.history.length).toBe(100);
  });

  it('refuses a bad value with one line naming the flag and the range', async () => {
    const r = await runCli(['pl', 'compare', '--alpha', '0', '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--alpha must be a number > 0 and ≤ 300 \(got "0"\)/);
  });
});

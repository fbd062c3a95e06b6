import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, readJson, runCli, tempDir } from './helpers.js';

describe('hopfield capacity / phase-diagram (issue acceptance)', () => {
  it('Hebb at N = 400: m ≥ 0.99 at α = 0.05 and ≤ 0.75 at α = 0.2; JSON, CSV and SVG written', async () => {
    const d = tempDir();
    const r = await runCli([
      'capacity',
      '--rule',
      'hebb',
      '--n',
      '400',
      '--alpha',
      '0.05,0.2',
      '--trials',
      '3',
      '--seed',
      '1',
      '--json',
      join(d, 'a.json'),
      '--csv',
      join(d, 'a.csv'),
      '--plot',
      join(d, 'a.svg'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed 1\n/);
    const doc = readJson(join(d, 'a.json'));
    expect(doc.command).toBe('capacity');
    expect(doc.seed).toBe(1);
    expect(doc.params).toMatchObject({ rule: 'hebb', n: 400, alpha: [0.05, 0.2], trials: 3 });
    expect(doc.rows[0].meanOverlap).toBeGreaterThanOrEqual(0.99);
    expect(doc.rows[1].meanOverlap).toBeLessThanOrEqual(0.75);
    expect(readFileSync(join(d, 'a.csv'), 'utf8').split('\n')[0]).toBe(
      'alpha,p,meanOverlap,stdOverlap,fixedFraction',
    );
    const svg = readFileSync(join(d, 'a.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('load α = P/N');
    expect(filesIn(d)).toEqual(['a.csv', 'a.json', 'a.svg']);
  });

  it('Storkey holds at α = 0.25, N = 200 where Hebb fails; pinv keeps every pattern fixed at α = 0.5', async () => {
    const d = tempDir();
    const base = ['--n', '200', '--trials', '3', '--seed', '1', '--quiet'];
    await runCli(['capacity', '--rule', 'storkey', '--alpha', '0.25', ...base, '--json', join(d, 'b.json')]);
    await runCli(['capacity', '--rule', 'hebb', '--alpha', '0.25', ...base, '--json', join(d, 'h.json')]);
    await runCli(['capacity', '--rule', 'pinv', '--alpha', '0.5', ...base, '--json', join(d, 'c.json')]);
    expect(readJson(join(d, 'b.json')).rows[0].meanOverlap).toBeGreaterThanOrEqual(0.98);
    expect(readJson(join(d, 'h.json')).rows[0].meanOverlap).toBeLessThanOrEqual(0.75);
    expect(readJson(join(d, 'c.json')).rows[0].fixedFraction).toBe(1);
  });

  it('Metropolis phase diagram: retrieval at T = 0.2, paramagnet at T = 1.5; same seed, same rows', async () => {
    const d = tempDir();
    const args = [
      'phase-diagram',
      '--n',
      '400',
      '--alpha',
      '0.05',
      '--temperature',
      '0.2,1.5',
      '--flip',
      '0.2',
      '--dynamics',
      'metropolis',
      '--sweeps',
      '50',
      '--trials',
      '3',
      '--seed',
      '1',
      '--quiet',
    ];
    await runCli([...args, '--json', join(d, 'd1.json')]);
    await runCli([...args, '--json', join(d, 'd2.json')]);
    const d1 = readJson(join(d, 'd1.json'));
    expect(d1.rows[0]).toMatchObject({ alpha: 0.05, temperature: 0.2, state: 'retrieval' });
    expect(d1.rows[0].meanOverlap).toBeGreaterThanOrEqual(0.9);
    expect(d1.rows[1].meanOverlap).toBeLessThanOrEqual(0.3);
    expect(readJson(join(d, 'd2.json')).rows).toEqual(d1.rows);
  });

  it('retrieval-map rows {m0, meanOverlap, successFraction}', async () => {
    const d = tempDir();
    const r = await runCli([
      'retrieval-map',
      '--n',
      '200',
      '--alpha',
      '0.05',
      '--m0',
      '0.1,0.9',
      '--trials',
      '2',
      '--seed',
      '3',
      '--quiet',
      '--json',
      join(d, 'm.json'),
    ]);
    expect(r.code).toBe(0);
    const rows = readJson(join(d, 'm.json')).rows;
    expect(Object.keys(rows[0])).toEqual(['m0', 'meanOverlap', 'successFraction']);
    expect(rows[1].successFraction).toBe(1);
    expect(rows[1].meanOverlap).toBe(1);
  });

  it('prints a seed when none is given and stores it', async () => {
    const d = tempDir();
    const r = await runCli([
      'capacity',
      '--n',
      '50',
      '--alpha',
      '0.1',
      '--trials',
      '1',
      '--quiet',
      '--json',
      join(d, 's.json'),
    ]);
    const seed = Number(/^seed (\d+)/.exec(r.stdout)?.[1]);
    expect(Number.isInteger(seed)).toBe(true);
    expect(readJson(join(d, 's.json')).seed).toBe(seed);
  });
});

describe('bad input: exit 2, one line naming the flag, nothing written', () => {
  const cases: [string[], RegExp][] = [
    [['capacity', '--n', '0'], /--n must be an integer ≥ 1 .*\(got "0"\)/],
    [['capacity', '--alpha', '-1'], /--alpha must be a comma-separated list of numbers > 0 .*\(got "-1"\)/],
    [['capacity', '--alpha', 'abc'], /--alpha .*\(got "abc"\)/],
    [['capacity', '--alpha', '0.1,,0.2'], /--alpha .*\(got "0.1,,0.2"\)/],
    [['capacity', '--alpha', '0.3:0.1:0.05'], /--alpha .*start:stop:step/],
    [['capacity', '--rule', 'nope'], /--rule must be one of hebb, storkey, pinv \(got "nope"\)/],
    [['capacity', '--trials', '0'], /--trials must be an integer ≥ 1 and ≤ 100000 \(got "0"\)/],
    [['capacity', '--seed', '-3'], /--seed must be an integer ≥ 0 and ≤ 4294967295 \(got "-3"\)/],
    [['capacity', '--dynamics', 'glauber'], /--dynamics must be one of sequential, parallel/],
    [['phase-diagram', '--temperature', '-2'], /--temperature .*≥ 0 .*\(got "-2"\)/],
    [['phase-diagram', '--flip', '1.5'], /--flip must be a number ≥ 0 and ≤ 1 \(got "1.5"\)/],
    [['phase-diagram', '--dynamics', 'sequential'], /--dynamics must be one of metropolis, glauber/],
    [['retrieval-map', '--m0', '2'], /--m0 .*≤ 1 .*\(got "2"\)/],
    [['retrieval-map', '--alpha', ''], /--alpha must be a number > 0/],
  ];
  for (const [args, re] of cases) {
    it(`${args.join(' ')}`, async () => {
      const d = tempDir();
      const r = await runCli([...args, '--json', join(d, 'x.json'), '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
      expect(filesIn(d)).toEqual([]);
    });
  }

  it('an output path in a missing directory fails before any work', async () => {
    const d = tempDir();
    for (const flag of ['--json', '--csv', '--plot']) {
      const r = await runCli([
        'capacity',
        '--n',
        '50',
        '--alpha',
        '0.1',
        '--seed',
        '1',
        flag,
        join(d, 'missing', 'x.out'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${flag}: directory ".*missing" does not exist`));
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(d, 'missing'))).toBe(false);
  });

  it('unknown options and commands exit 2; --help exits 0 and shows an example', async () => {
    expect((await runCli(['capacity', '--bogus'])).code).toBe(2);
    expect((await runCli(['nonsense'])).code).toBe(2);
    const h = await runCli(['capacity', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Example:\n {2}\$ hopfield capacity/);
  });
});

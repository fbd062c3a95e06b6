import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { criticalCosine } from '../../src/core/theory/dense.js';
import { filesIn, tempDir as makeTempDir, readJson, runCli } from '../cli/helpers.js';

/** Temporary directories of this file, removed after each test. */
const dirs: string[] = [];
const tempDir = () => {
  const d = makeTempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('hopfield dense …', () => {
  it('end-distance: rows {n, alpha, lambda, p, meanDistance, …}, Δ ≈ 1 below λ₁ and ≈ 0 above; JSON, CSV, SVG', async () => {
    const d = tempDir();
    const r = await runCli([
      'dense',
      'end-distance',
      '--ensemble',
      'spherical',
      '--n',
      '40',
      '--alpha',
      '0.1',
      '--lambda',
      '0.05,0.3',
      '--trials',
      '3',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'e.json'),
      '--csv',
      join(d, 'e.csv'),
      '--plot',
      join(d, 'e.svg'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed 1\n/);
    const doc = readJson(join(d, 'e.json'));
    expect(doc.command).toBe('dense end-distance');
    expect(doc.params).toMatchObject({
      ensemble: 'spherical',
      n: [40],
      alpha: 0.1,
      lambda: [0.05, 0.3],
      trials: 3,
      eta: 0.5,
    });
    expect(Object.keys(doc.rows[0]).slice(0, 5)).toEqual(['n', 'alpha', 'lambda', 'p', 'meanDistance']);
    expect(doc.rows[0].p).toBe(55);
    expect(doc.rows[0].meanDistance).toBeGreaterThan(0.9);
    expect(doc.rows[1].meanDistance).toBeLessThan(0.1);
    expect(readFileSync(join(d, 'e.csv'), 'utf8').split('\n')[0]).toBe(
      'n,alpha,lambda,p,meanDistance,stdDistance,lambdaTheory',
    );
    expect(readFileSync(join(d, 'e.svg'), 'utf8')).toContain('λ₁(α)');
    expect(filesIn(d)).toEqual(['e.csv', 'e.json', 'e.svg']);
  });

  it('end-distance --p sets P directly and reports α = ln P / N', async () => {
    const d = tempDir();
    const r = await runCli([
      'dense',
      'end-distance',
      '--n',
      '16',
      '--p',
      '1000',
      '--lambda',
      '2',
      '--trials',
      '1',
      '--seed',
      '2',
      '--quiet',
      '--json',
      join(d, 'p.json'),
    ]);
    expect(r.code).toBe(0);
    const row = readJson(join(d, 'p.json')).rows[0];
    expect(row.p).toBe(1000);
    expect(row.alpha).toBeCloseTo(Math.log(1000) / 16, 12);
  });

  it('crossover: rows {alpha, n, lambdaCrossover} and a top-level extrapolated [{alpha, lambda1, lambda1Theory}]', async () => {
    const d = tempDir();
    const r = await runCli([
      'dense',
      'crossover',
      '--n',
      '30,40,50',
      '--alpha',
      '0.1',
      '--samples',
      '3',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'f.json'),
      '--plot',
      join(d, 'f.svg'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/extrapolated λ₁ = 0\.\d+, theory λ₁ = 0\.1055/);
    const doc = readJson(join(d, 'f.json'));
    expect(doc.rows.map((x: { n: number }) => x.n)).toEqual([30, 40, 50]);
    expect(doc.rows[0]).toHaveProperty('lambdaCrossover');
    expect(doc.extrapolated[0].alpha).toBe(0.1);
    expect(doc.extrapolated[0].lambda1Theory).toBeCloseTo(0.1055, 3);
    expect(typeof doc.extrapolated[0].lambda1).toBe('number');
  });

  it('basin with --cos: rows {n, alpha, lambda, cosThetaCritical, cosThetaTheory} and distanceByAngle', async () => {
    const d = tempDir();
    const r = await runCli([
      'dense',
      'basin',
      '--n',
      '30',
      '--alpha',
      '0.1',
      '--lambda',
      '0.3',
      '--samples',
      '2',
      '--restarts',
      '4',
      '--cos',
      '0.2,0.95',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'b.json'),
      '--plot',
      join(d, 'b.svg'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'b.json'));
    expect(doc.rows[0]).toMatchObject({ n: 30, alpha: 0.1, lambda: 0.3 });
    expect(doc.rows[0].cosThetaTheory).toBeCloseTo(criticalCosine('spherical', 0.1, 0.3) as number, 12);
    expect(doc.distanceByAngle).toHaveLength(2);
    expect(doc.distanceByAngle[1].returnedFraction).toBe(1);
  });

  it('basin-distance: rows {n, cosTheta, meanDistance, returnedFraction}, everyone returns from near ξ¹, nobody from far', async () => {
    const d = tempDir();
    const r = await runCli([
      'dense',
      'basin-distance',
      '--n',
      '30',
      '--alpha',
      '0.1',
      '--lambda',
      '0.3',
      '--cos',
      '0.05,0.95',
      '--samples',
      '2',
      '--restarts',
      '4',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'd.json'),
      '--plot',
      join(d, 'd.svg'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'd.json'));
    expect(doc.command).toBe('dense basin-distance');
    expect(doc.params).toMatchObject({
      n: [30],
      alpha: 0.1,
      lambda: 0.3,
      cos: [0.05, 0.95],
      maxMemoryGiB: 2,
    });
    expect(Object.keys(doc.rows[0])).toEqual(['n', 'cosTheta', 'meanDistance', 'returnedFraction']);
    // cos θ_c(0.1, 0.3) ≈ 0.5 (paper 001 SM C.3): a start at cos θ = 0.95 returns, one at 0.05 does not.
    expect(criticalCosine('spherical', 0.1, 0.3) as number).toBeGreaterThan(0.1);
    expect(doc.rows[0].returnedFraction).toBe(0);
    expect(doc.rows[1].returnedFraction).toBe(1);
    expect(readFileSync(join(d, 'd.svg'), 'utf8')).toContain('cos θ_c');
  });

  it('scaled and capacity-binary run and store their parameters', async () => {
    const d = tempDir();
    const s = await runCli([
      'dense',
      'scaled',
      '--a',
      '0.75',
      '--n',
      '81',
      '--alpha-tilde',
      '1',
      '--lambda-tilde',
      '0.5,3',
      '--trials',
      '2',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 's.json'),
    ]);
    expect(s.code).toBe(0);
    const sd = readJson(join(d, 's.json'));
    expect(sd.params).toMatchObject({ a: 0.75, alphaTilde: 1, lambdaTilde: [0.5, 3] });
    expect(sd.rows[0].p).toBe(Math.round(Math.exp(3)));
    expect(sd.rows[1].meanDistance).toBeLessThan(0.1);
    const c = await runCli([
      'dense',
      'capacity-binary',
      '--F',
      'poly',
      '--degree',
      '3',
      '--n',
      '20,40',
      '--trials',
      '1',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'c.json'),
    ]);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/log–log slope of P against N: measured/);
    const cd = readJson(join(d, 'c.json'));
    expect(cd.rows[0]).toMatchObject({ n: 20, f: 'poly', degree: 3 });
    expect(cd.growth.asymptotic).toBe(2);
  });
});

describe('hopfield dense: bad input exits 2 with one line naming the flag, nothing written', () => {
  const cases: [string[], RegExp][] = [
    [
      ['end-distance', '--ensemble', 'cube'],
      /--ensemble must be one of spherical, gaussian, binary \(got "cube"\)/,
    ],
    [['end-distance', '--ensemble', ''], /--ensemble must be one of/],
    [['end-distance', '--n', '0'], /--n must be a comma-separated list of integers ≥ 1/],
    [['end-distance', '--n', 'x'], /--n .*\(got "x"\)/],
    [['end-distance', '--n', ''], /--n .*\(got ""\)/],
    [['end-distance', '--alpha', '0'], /--alpha must be a number > 0 and ≤ 50 \(got "0"\)/],
    [['end-distance', '--alpha', 'abc'], /--alpha must be a number/],
    [['end-distance', '--alpha', ''], /--alpha must be a number/],
    [['end-distance', '--p', '0'], /--p must be an integer ≥ 1/],
    [['end-distance', '--p', '1.5'], /--p must be an integer/],
    [['end-distance', '--lambda', '0'], /--lambda must be a comma-separated list of numbers > 0/],
    [['end-distance', '--lambda', '-0.1'], /--lambda .*\(got "-0.1"\)/],
    [['end-distance', '--lambda', ''], /--lambda .*\(got ""\)/],
    [['end-distance', '--lambda', '0.3:0.1:0.1'], /--lambda .*start:stop:step/],
    [['end-distance', '--trials', '0'], /--trials must be an integer ≥ 1/],
    [['end-distance', '--trials', 'ten'], /--trials must be an integer/],
    [['end-distance', '--eta', '0'], /--eta must be a number > 0 and ≤ 1 \(got "0"\)/],
    [['end-distance', '--eta', '1.5'], /--eta must be a number > 0 and ≤ 1 \(got "1.5"\)/],
    [['end-distance', '--eta', ''], /--eta must be a number/],
    [['end-distance', '--max-iterations', '0'], /--max-iterations must be an integer ≥ 1/],
    [['end-distance', '--tolerance', '-1'], /--tolerance must be a number > 0/],
    [['end-distance', '--max-memory', '0'], /--max-memory must be a number > 0/],
    [['end-distance', '--max-memory', 'lots'], /--max-memory must be a number/],
    [
      ['end-distance', '--n', '32', '--p', '100000000', '--lambda', '1', '--trials', '1'],
      /P = 100000000 patterns of dimension N = 32 need about 11\.9\d GiB .*above the memory limit of 2\.00 GiB/,
    ],
    [
      ['end-distance', '--n', '32', '--p', '10000000', '--lambda', '1', '--max-memory', '0.5'],
      /need about 1\.19 GiB .*above the memory limit of 512\.0 MiB/,
    ],
    [
      ['end-distance', '--n', '1000', '--alpha', '30'],
      /P = more than 1\.8e308 patterns of dimension N = 1000/,
    ],
    [['crossover', '--alpha', '0.1,,0.2'], /--alpha .*\(got "0.1,,0.2"\)/],
    [['crossover', '--alpha', '-1'], /--alpha must be a comma-separated list of numbers > 0/],
    [['crossover', '--samples', '0'], /--samples must be an integer ≥ 1/],
    [['crossover', '--lambda-tolerance', '0'], /--lambda-tolerance must be a number > 0/],
    [['crossover', '--lambda-tolerance', 'fine'], /--lambda-tolerance must be a number/],
    [['basin', '--restarts', '0'], /--restarts must be an integer ≥ 1/],
    [['basin', '--samples', ''], /--samples must be an integer/],
    [['basin', '--cos', '2'], /--cos must be a comma-separated list of numbers ≥ -1 and ≤ 1/],
    [['basin', '--cos', ''], /--cos .*\(got ""\)/],
    [['basin', '--cos-tolerance', '2'], /--cos-tolerance must be a number > 0 and ≤ 1/],
    [['basin', '--lambda', 'big'], /--lambda .*\(got "big"\)/],
    [['scaled', '--a', '1'], /--a must be a number > 0 and < 1 \(got "1"\)/],
    [['scaled', '--a', ''], /--a must be a number/],
    [['scaled', '--alpha-tilde', '0'], /--alpha-tilde must be a number > 0/],
    [['scaled', '--lambda-tilde', '0,1'], /--lambda-tilde must be a comma-separated list of numbers > 0/],
    [['capacity-binary', '--F', 'cosh'], /--F must be one of poly, exp \(got "cosh"\)/],
    [['capacity-binary', '--degree', '1'], /--degree must be an integer ≥ 2 and ≤ 30 \(got "1"\)/],
    [['capacity-binary', '--degree', ''], /--degree must be an integer/],
    [['capacity-binary', '--n', '1'], /--n must be a comma-separated list of integers ≥ 2/],
    [['capacity-binary', '--tested', '0'], /--tested must be an integer ≥ 1/],
    [
      ['capacity-binary', '--F', 'exp', '--n', '60'],
      /binary patterns of dimension N = 60 need about .*above the memory limit/,
    ],
  ];
  for (const [args, re] of cases) {
    it(`dense ${args.join(' ')}`, async () => {
      const d = tempDir();
      const r = await runCli(['dense', ...args, '--json', join(d, 'x.json'), '--seed', '1', '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
      expect(filesIn(d)).toEqual([]);
    });
  }

  it('--help shows an example for every subcommand', async () => {
    for (const sub of ['end-distance', 'crossover', 'basin', 'scaled', 'capacity-binary']) {
      const h = await runCli(['dense', sub, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Examples?:\\n {2}\\$ hopfield dense ${sub}`));
    }
  });
});

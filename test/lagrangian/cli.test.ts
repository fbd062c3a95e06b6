import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('hopfield lagrangian (issue acceptance)', () => {
  it('synaptic, Appendix B (Fig. 1): rows {t, row, similarity, theory}, maxDeviation < 0.02, final > 0.99', async () => {
    const d = tempDir();
    const r = await runCli([
      'lagrangian',
      'synaptic',
      '--nv',
      '50',
      '--nh',
      '4',
      '--steps',
      '2000',
      '--tau',
      '250',
      '--noise',
      '0.4',
      '--beta',
      '2',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 's.json'),
      '--csv',
      join(d, 's.csv'),
      '--plot',
      join(d, 's.svg'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed 1\n/);
    const doc = readJson(join(d, 's.json'));
    expect(doc.command).toBe('lagrangian synaptic');
    expect(doc.params).toMatchObject({ nv: 50, nh: 4, steps: 2000, tau: 250, noise: 0.4, beta: 2 });
    expect(Object.keys(doc.rows[0])).toEqual(['t', 'row', 'similarity', 'theory']);
    expect(doc.maxDeviation).toBeLessThan(0.02);
    for (const s of doc.finalSimilarity) expect(s).toBeGreaterThan(0.99);
    const last = doc.rows.filter((x: { t: number }) => x.t === 2000);
    expect(last.length).toBe(4);
    for (const x of doc.rows) expect(Math.abs(x.similarity - x.theory)).toBeLessThan(0.02);
    expect(readFileSync(join(d, 's.csv'), 'utf8').split('\n')[0]).toBe('t,row,similarity,theory');
    expect(readFileSync(join(d, 's.svg'), 'utf8')).toContain('Eq. 40');
    expect(filesIn(d)).toEqual(['s.csv', 's.json', 's.svg']);
  });

  it('spectrum --nv 1000 --alpha 0.2: Marchenko–Pastur edges within 5%, zero modes, hyperbolic', async () => {
    const d = tempDir();
    const r = await runCli([
      'lagrangian',
      'spectrum',
      '--nv',
      '1000',
      '--alpha',
      '0.2',
      '--seed',
      '2',
      '--quiet',
      '--json',
      join(d, 'm.json'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'm.json'));
    expect(doc.relErrorMin).toBeLessThan(0.05);
    expect(doc.relErrorMax).toBeLessThan(0.05);
    expect(doc.zeroModes).toBe(800);
    expect(doc.hyperbolic).toBe(true);
    expect(Object.keys(doc.rows[0])).toEqual(['lambda', 'density', 'theory']);
    expect(r.stdout).toMatch(/zero modes: 800/);
  });

  it('simulate: energy never increases for every hidden generating function; same seed, same rows', async () => {
    const d = tempDir();
    const args = [
      'lagrangian',
      'simulate',
      '--nv',
      '60',
      '--k',
      '6',
      '--lh',
      'lse:20,logcosh:3,relu,repu:3,quadratic:0.5',
      '--norm',
      '0.8',
      '--steps',
      '100',
      '--dt',
      '0.1',
      '--seed',
      '3',
      '--quiet',
    ];
    expect((await runCli([...args, '--json', join(d, 'a.json'), '--plot', join(d, 'a.svg')])).code).toBe(0);
    expect((await runCli([...args, '--json', join(d, 'b.json')])).code).toBe(0);
    const a = readJson(join(d, 'a.json'));
    expect(a.rows).toEqual(readJson(join(d, 'b.json')).rows);
    expect(a.summary.map((s: { hidden: string }) => s.hidden)).toEqual([
      'lse(β=20)',
      'logcosh(β=3)',
      'relu',
      'repu(n=3)',
      'quadratic(s=0.5)',
    ]);
    expect(a.maxEnergyIncrease).toBeLessThanOrEqual(1e-12);
    for (const s of a.summary) expect(s.diverged).toBe(false);
    expect(a.summary[0].finalSimilarity).toBeGreaterThan(0.999);
    // The retrieved memory is a stable, hyperbolic fixed point of the lse network (Eq. 30).
    expect(a.summary[0].maxJacobianEigenvalue).toBeLessThan(-0.5);
    expect(a.summary[0].hyperbolic).toBe(true);
    expect(Object.keys(a.rows[0])).toEqual(['hidden', 't', 'energy', 'speed', 'similarity']);
  });

  it('simulate reports a runaway trajectory (cubic hidden layer, unit memories) as diverged', async () => {
    const d = tempDir();
    const r = await runCli([
      'lagrangian',
      'simulate',
      '--nv',
      '60',
      '--k',
      '6',
      '--lh',
      'repu:3',
      '--steps',
      '100',
      '--seed',
      '3',
      '--quiet',
      '--json',
      join(d, 'r.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/diverged/);
    expect(readJson(join(d, 'r.json')).summary[0].diverged).toBe(true);
  });

  it('simulate the Hebbian tanh network (J = 1, L_v = memory:β): retrieves the first memory', async () => {
    const d = tempDir();
    const r = await runCli([
      'lagrangian',
      'simulate',
      '--coupling',
      'identity',
      '--lv',
      'memory:2',
      '--lh',
      'logcosh',
      '--nv',
      '100',
      '--k',
      '5',
      '--norm',
      '10',
      '--steps',
      '200',
      '--seed',
      '1',
      '--quiet',
      '--json',
      join(d, 'h.json'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'h.json'));
    expect(doc.summary[0].finalSimilarity).toBeGreaterThan(0.99);
    expect(doc.maxEnergyIncrease).toBeLessThanOrEqual(1e-9);
  });
});

describe('hopfield lagrangian: bad input exits 2 with one line naming the flag, nothing written', () => {
  const cases: [string[], RegExp][] = [
    [['simulate', '--nv', '0'], /--nv must be an integer ≥ 1/],
    [['simulate', '--nv', 'ten'], /--nv must be an integer/],
    [['simulate', '--nv', ''], /--nv must be an integer/],
    [['simulate', '--k', '-3'], /--k must be an integer ≥ 1/],
    [
      ['simulate', '--memories', 'ising'],
      /--memories must be one of binary, gaussian, orthogonal \(got "ising"\)/,
    ],
    [['simulate', '--memories', 'orthogonal', '--nv', '5', '--k', '6'], /--k must be ≤ --nv = 5/],
    [['simulate', '--norm', '0'], /--norm must be a number > 0/],
    [['simulate', '--coupling', 'full'], /--coupling must be one of memory, identity/],
    [['simulate', '--lv', 'sigmoid'], /--lv must be one of quadratic, .*memory/],
    [['simulate', '--lv', ''], /--lv must be one of/],
    [['simulate', '--lh', 'memory'], /--lh must be one of quadratic, logcosh, lse, relu, repu, exp,/],
    [['simulate', '--lh', 'lse:0'], /--lh parameter of lse must be a number > 0/],
    [['simulate', '--lh', 'lse:abc'], /--lh parameter of lse must be a number/],
    [['simulate', '--lh', 'repu:1'], /--lh parameter of repu must be a number ≥ 2/],
    [['simulate', '--lh', 'relu:2'], /--lh must be one of/],
    [['simulate', '--lh', 'lse,,relu'], /--lh must be a comma-separated list/],
    [['simulate', '--lh', ''], /--lh must be a comma-separated list/],
    [['simulate', '--dt', '0'], /--dt must be a number > 0 and ≤ 1/],
    [['simulate', '--dt', '1.5'], /--dt must be a number > 0 and ≤ 1/],
    [['simulate', '--steps', '0'], /--steps must be an integer ≥ 1/],
    [['simulate', '--every', '0'], /--every must be an integer ≥ 1/],
    [['simulate', '--noise', '-1'], /--noise must be a number ≥ 0/],
    [['synaptic', '--nv', 'x'], /--nv must be an integer/],
    [['synaptic', '--nh', '0'], /--nh must be an integer ≥ 1/],
    [['synaptic', '--nv', '3', '--nh', '4'], /--nh must be ≤ --nv = 3/],
    [['synaptic', '--steps', '-1'], /--steps must be an integer ≥ 0/],
    [['synaptic', '--tau', '0.5'], /--tau must be a number ≥ 1/],
    [['synaptic', '--tau', ''], /--tau must be a number/],
    [['synaptic', '--noise', 'NaN'], /--noise must be a number/],
    [['synaptic', '--beta', '-2'], /--beta must be a number ≥ 0/],
    [['synaptic', '--p', '0.5,0.5'], /--p must list 4 probabilities/],
    [['synaptic', '--p', '0.5,0.5,0.5,0.5'], /--p must sum to 1/],
    [['synaptic', '--p', '0.5,x,0.25,0.25'], /--p must be a comma-separated list/],
    [['synaptic', '--p', ''], /--p must be a comma-separated list/],
    [['synaptic', '--every', '0'], /--every must be an integer ≥ 1/],
    [['spectrum', '--nv', '1'], /--nv must be an integer ≥ 2/],
    [['spectrum', '--nv', '100000'], /--nv must be an integer ≥ 2 and ≤ 4000/],
    [['spectrum', '--alpha', '0'], /--alpha must be a number > 0/],
    [['spectrum', '--alpha', 'a'], /--alpha must be a number/],
    [['spectrum', '--alpha', ''], /--alpha must be a number/],
    [['spectrum', '--nv', '4000', '--alpha', '1'], /at most 2500 is allowed/],
    [['spectrum', '--bins', '0'], /--bins must be an integer ≥ 1/],
    // Memory estimated from the parameters before anything is allocated (8 bytes per entry of Ξ, Gram matrices, rows).
    [
      ['synaptic', '--nv', '10000', '--nh', '10000'],
      /--max-memory is 4 GiB but this run \(the memories and 1020000 rows\) needs about 5\.41 GiB; lower --nv or --steps, raise --every or raise --max-memory/,
    ],
    [
      ['spectrum', '--nv', '2000', '--alpha', '10', '--max-memory', '0.2'],
      /--max-memory is 0\.2 GiB but this run \(Ξ of 20000 × 2000 and its Gram matrix\) needs about 671\.4 MiB; lower --nv or --alpha/,
    ],
    [
      ['simulate', '--nv', '5000', '--k', '5000', '--max-memory', '0.5'],
      /--max-memory is 0\.5 GiB but this run \(the network and 202 rows\) needs about 953\.7 MiB; lower --nv, --k or --steps/,
    ],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')}`, async () => {
      const d = tempDir();
      const r = await runCli([
        'lagrangian',
        ...args,
        '--seed',
        '1',
        '--quiet',
        '--json',
        join(d, 'out.json'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(filesIn(d)).toEqual([]);
    });
  }

  it('an output path in a missing directory is refused before any work', async () => {
    const r = await runCli(['lagrangian', 'spectrum', '--nv', '50', '--json', '/nonexistent/dir/x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--json: directory/);
  });
});

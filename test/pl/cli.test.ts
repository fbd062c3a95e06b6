import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

describe('hopfield pl (issue acceptance)', () => {
  it('pl basins --n 200 --alpha 0.2,0.4,0.6: asymmetric basins ≥ 0.25, ≥ 0.2, ≥ 0.1 where Hebbian basins are 0', async () => {
    const d = tempDir();
    const r = await runCli([
      'pl',
      'basins',
      '--n',
      '200',
      '--alpha',
      '0.2,0.4,0.6',
      '--couplings',
      'asymmetric,hebb',
      '--seed',
      '1',
      '--json',
      join(d, 'g.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'g.json'));
    expect(doc.command).toBe('pl basins');
    expect(doc.seed).toBe(1);
    const row = (alpha: number, c: string) =>
      doc.rows.find((x: { alpha: number; couplings: string }) => x.alpha === alpha && x.couplings === c);
    expect(Object.keys(row(0.2, 'hebb'))).toEqual(
      expect.arrayContaining(['alpha', 'couplings', 'basinSize', 'asymmetry']),
    );
    expect(row(0.2, 'asymmetric').basinSize).toBeGreaterThanOrEqual(0.25);
    expect(row(0.4, 'asymmetric').basinSize).toBeGreaterThanOrEqual(0.2);
    expect(row(0.6, 'asymmetric').basinSize).toBeGreaterThanOrEqual(0.1);
    expect(row(0.2, 'hebb').basinSize).toBe(0);
    expect(row(0.4, 'hebb').basinSize).toBe(0);
    expect(row(0.4, 'asymmetric').asymmetry).toBeGreaterThan(0.05);
    expect(row(0.4, 'hebb').asymmetry).toBe(0);
  }, 60_000);

  it('pl train writes a model file in the shared envelope that loads back', async () => {
    const d = tempDir();
    const out = join(d, 'pl.json');
    const r = await runCli([
      'pl',
      'train',
      '--n',
      '40',
      '--alpha',
      '0.2',
      '--epochs',
      '50',
      '--seed',
      '3',
      '--out',
      out,
      '--json',
      join(d, 'h.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const model = loadPseudoLikelihood(readJson(out));
    expect(model.n).toBe(40);
    expect(model.patterns?.p).toBe(8);
    expect(model.training.seed).toBe(3);
    expect(model.training.epochsRun).toBe(50);
    const h = readJson(join(d, 'h.json'));
    expect(h.rows[0].epoch).toBe(1);
    expect(h.rows[h.rows.length - 1].loss).toBeLessThan(h.rows[0].loss);
  });

  it('pl retrieval-map, features and stability run small and write their figures', async () => {
    const d = tempDir();
    const q = ['--seed', '2', '--quiet'];
    const a = await runCli([
      'pl',
      'retrieval-map',
      '--n',
      '60',
      '--alpha',
      '0.3',
      '--epochs',
      '1,100',
      '--margins',
      '0.5',
      '--m0',
      '0.5,1',
      '--plot',
      join(d, 'map.svg'),
      ...q,
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('pseudo-likelihood, epoch 100');
    expect(a.stdout).toContain('perceptron, k = 0.5');
    const b = await runCli([
      'pl',
      'features',
      '--n',
      '60',
      '--alpha',
      '0.5,2',
      '--features',
      '0.05,0.5',
      '--epochs',
      '60',
      '--probe',
      '20',
      '--json',
      join(d, 'f.json'),
      '--plot',
      join(d, 'f.svg'),
      ...q,
    ]);
    expect(b.code).toBe(0);
    const f = readJson(join(d, 'f.json'));
    expect(f.rows).toHaveLength(4);
    // Few features (D = 3) and many examples: the features and fresh examples are retrieved.
    const easy = f.rows.find(
      (x: { alpha: number; featureRatio: number }) => x.alpha === 2 && x.featureRatio === 0.05,
    );
    expect(easy.mFeature).toBeGreaterThan(0.9);
    expect(easy.mTest).toBeGreaterThan(0.9);
    const c = await runCli([
      'pl',
      'stability',
      '--n',
      '60',
      '--alpha',
      '0.3',
      '--epochs',
      '5,50',
      '--plot',
      join(d, 's.svg'),
      ...q,
    ]);
    expect(c.code).toBe(0);
    expect(filesIn(d)).toEqual(['f.json', 'f.svg', 'map.svg', 's.svg']);
    expect(readFileSync(join(d, 'f.svg'), 'utf8')).toContain('generalization');
  });

  it('pl mnist on the real digits writes the overlap figure and the gallery', async () => {
    const d = tempDir();
    const r = await runCli([
      'pl',
      'mnist',
      '--alpha',
      '0.05,0.5',
      '--epochs',
      '40',
      '--probe',
      '30',
      '--seed',
      '1',
      '--json',
      join(d, 'm.json'),
      '--gallery',
      join(d, 'g.svg'),
      '--gallery-count',
      '2',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'm.json'));
    expect(doc.params.n).toBe(196);
    // Storage at small α: training digits are fixed points; random starts end far from where they began.
    expect(doc.rows[0].mTrain).toBe(1);
    expect(doc.rows[1].mTest).toBeGreaterThan(0.6);
    expect(doc.rows[1].mRandom).toBeLessThan(0.4);
    expect(readFileSync(join(d, 'g.svg'), 'utf8').startsWith('<svg')).toBe(true);
  });

  it('pl spin-glass reports decorrelation, swap rates and the true-coupling reference', async () => {
    const d = tempDir();
    const r = await runCli([
      'pl',
      'spin-glass',
      '--size',
      '4',
      '--alpha',
      '0.5,4',
      '--epochs',
      '60',
      '--burn-in',
      '200',
      '--thinning',
      '4',
      '--test',
      '60',
      '--replicas',
      '6',
      '--seed',
      '1',
      '--json',
      join(d, 'e.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'e.json'));
    expect(doc.samples).toBe(64 + 60);
    expect(doc.swapAcceptance).toHaveLength(5);
    expect(doc.decorrelation).toHaveProperty('energyLag1');
    expect(doc.rows[0].mTrain).toBeGreaterThan(0.95);
    expect(doc.rows[0].mTrueTest).toBe(doc.trueCouplings.mTest);
    expect(r.stdout).toContain('true couplings');
  });
});

describe('hopfield pl: bad input exits 2 with one line naming the flag, and writes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['basins', ['--n', 'abc'], /--n must be an integer/],
    ['basins', ['--n', ''], /--n must be an integer/],
    ['basins', ['--n', '1'], /--n must be an integer ≥ 2/],
    ['basins', ['--alpha', '0.2,x'], /--alpha must be a comma-separated list/],
    ['basins', ['--alpha', ''], /--alpha must be a comma-separated list/],
    ['basins', ['--alpha', '-1'], /--alpha/],
    [
      'basins',
      ['--couplings', 'asymmetric,foo'],
      /--couplings must be a comma-separated list of asymmetric, symmetric, hebb/,
    ],
    ['basins', ['--couplings', ''], /--couplings/],
    ['basins', ['--step', '0'], /--step must be a number > 0/],
    ['basins', ['--epochs', '0'], /--epochs must be an integer ≥ 1/],
    ['basins', ['--lr', '-5'], /--lr must be a number > 0/],
    ['basins', ['--decay', '1.5'], /--decay must be a number > 0 and ≤ 1/],
    ['basins', ['--l2', 'x'], /--l2 must be a number/],
    ['basins', ['--stop-every', '-1'], /--stop-every must be an integer ≥ 0/],
    ['basins', ['--patience', '0'], /--patience/],
    ['basins', ['--trials', '0'], /--trials/],
    ['basins', ['--max-sweeps', '1e3'], /--max-sweeps must be an integer/],
    ['retrieval-map', ['--epochs', '1,a'], /--epochs/],
    ['retrieval-map', ['--m0', '1.5'], /--m0/],
    ['retrieval-map', ['--margins', 'x'], /--margins/],
    ['features', ['--features', '0'], /--features/],
    ['features', ['--l', '0'], /--l must be an integer ≥ 1/],
    ['features', ['--couplings', 'perceptron'], /--couplings must be one of/],
    [
      'features',
      ['--n', '100', '--features', '0.05,0.01'],
      /--features 0.01 gives D = round\(0.01·100\) = 1 features, fewer than L = 3/,
    ],
    ['features', ['--n', '60', '--l', '5', '--features', '0.05'], /= 3 features, fewer than L = 5/],
    ['mnist', ['--threshold', '1'], /--threshold must be a number ≥ 0 and < 1/],
    ['mnist', ['--alpha', '400'], /--alpha/],
    ['mnist', ['--data', '/nonexistent-dir'], /--data: .*nonexistent-dir/],
    ['mnist', ['--gallery', '/nonexistent-dir/g.svg'], /--gallery: directory/],
    [
      'mnist',
      ['--gallery', 'g.svg', '--gallery-alpha', '3'],
      /--gallery-alpha must be one of the --alpha values/,
    ],
    ['spin-glass', [], /--size/],
    ['spin-glass', ['--size', '1'], /--size must be an integer ≥ 2/],
    ['spin-glass', ['--size', '4', '--t-max', '0.5'], /--t-max must be a number > 0.99/],
    ['spin-glass', ['--size', '4', '--thinning', '0'], /--thinning must/],
    ['spin-glass', ['--size', '4', '--replicas', '1'], /--replicas/],
    [
      'spin-glass',
      ['--size', '64', '--alpha', '1000'],
      /needs 4096500 samples of N = 4096 spins .*lower --alpha/,
    ],
    ['stability', ['--bins', '1'], /--bins/],
    ['basins', ['--probe', '-1'], /--probe must be an integer ≥ 0/],
    ['basins', ['--step', ''], /--step must be a number/],
    ['retrieval-map', ['--n', '2.5'], /--n must be an integer/],
    ['retrieval-map', ['--alpha', '0'], /--alpha must be a number > 0/],
    ['retrieval-map', ['--epochs', ''], /--epochs/],
    ['retrieval-map', ['--trials', 'x'], /--trials/],
    ['retrieval-map', ['--lr', ''], /--lr/],
    ['features', ['--n', '-3'], /--n/],
    ['features', ['--alpha', '1,,2'], /--alpha/],
    ['features', ['--features', 'a'], /--features/],
    ['features', ['--probe', '0'], /--probe must be an integer ≥ 1/],
    ['features', ['--trials', ''], /--trials/],
    ['mnist', ['--alpha', ''], /--alpha/],
    ['mnist', ['--threshold', 'x'], /--threshold/],
    ['mnist', ['--probe', ''], /--probe/],
    ['mnist', ['--couplings', 'both'], /--couplings/],
    ['mnist', ['--max-sweeps', '0'], /--max-sweeps/],
    ['mnist', ['--gallery', 'g.svg', '--gallery-m0', '2'], /--gallery-m0/],
    ['mnist', ['--gallery', 'g.svg', '--gallery-count', '0'], /--gallery-count/],
    ['spin-glass', ['--size', 'x'], /--size/],
    ['spin-glass', ['--size', '4', '--alpha', ''], /--alpha/],
    ['spin-glass', ['--size', '4', '--temperature', '0'], /--temperature must be a number > 0/],
    ['spin-glass', ['--size', '4', '--burn-in', '-1'], /--burn-in/],
    ['spin-glass', ['--size', '4', '--test', '2'], /--test must be an integer ≥ 4/],
    ['spin-glass', ['--size', '4', '--probe', 'x'], /--probe/],
    ['stability', ['--epochs', '0'], /--epochs/],
    ['stability', ['--alpha', 'x'], /--alpha/],
    ['stability', ['--bins', ''], /--bins/],
    ['train', ['--out', 'x.json', '--n', '1'], /--n must be an integer ≥ 2/],
    ['train', ['--out', 'x.json', '--alpha', ''], /--alpha/],
    ['train', ['--out', 'x.json', '--history-every', '0'], /--history-every/],
    ['train', ['--out', '/nonexistent-dir/x.json'], /--out: directory/],
    ['train', [], /--out/],
    ['train', ['--out', 'x.json', '--data', 'proteins'], /--data must be one of rademacher, mnist/],
    ['train', ['--out', 'x.json', '--couplings', 'hebb'], /--couplings must be one of asymmetric, symmetric/],
  ];
  for (const [cmd, args, msg] of cases) {
    it(`pl ${cmd} ${args.join(' ') || '(no flags)'}`, async () => {
      const d = tempDir();
      const fixed = args.map((a) => (a === 'g.svg' || a === 'x.json' ? join(d, a) : a));
      const r = await runCli(['pl', cmd, ...fixed, '--seed', '1', '--json', join(d, 'out.json'), '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(filesIn(d)).toEqual([]);
    });
  }
});

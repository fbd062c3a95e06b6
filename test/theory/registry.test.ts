/**
 * The theory calculators on the experiment registry: bounds defined next to the solvers and reused by the flags,
 * guards on list products (run time and result size), the new `theory ags-overlap`, and issue 17 item 8 (a
 * density on the documented maximum of 100,000 Δ values died with "Maximum call stack size exceeded").
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/output.js';
import { createRng } from '../../src/core/rng/index.js';
import { AGS_LOAD, AGS_POINTS, AGS_TEMPERATURE, agsCriticalLoad } from '../../src/core/theory/classical.js';
import { REM_LAMBDA, REM_LOAD } from '../../src/core/theory/dense.js';
import { COSINE_LAW_ALPHA0, MARCHENKO_PASTUR_POINTS } from '../../src/core/theory/lagrangian.js';
import { STABILITY_DELTA, STABILITY_LAMBDA, STABILITY_LOAD } from '../../src/core/theory/pseudolikelihood.js';
import { allowedWords, type ParamSpec } from '../../src/experiments/params.js';
import { findExperiment } from '../../src/experiments/registry/index.js';
import {
  extent,
  MAX_CURVE_POINTS,
  plStabilityPlot,
  stabilityDensityPlot,
} from '../../src/experiments/theory/figures.js';
import { grid, stabilityDensityRows } from '../../src/experiments/theory/run.js';
import { filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const spec = (id: string, name: string) => {
  const e = findExperiment(id);
  if (!e) throw new Error(`no experiment ${id}`);
  return e.params[name] as ParamSpec & { bounds: object };
};

describe('theory bounds: defined once next to the solvers, reused by the flags', () => {
  it('every bounded theory flag carries the bounds of its core module', () => {
    const uses: [string, string, object][] = [
      ['theory.ags', 'alpha', AGS_LOAD],
      ['theory.ags', 'temperature', AGS_TEMPERATURE],
      ['theory.ags-phase-diagram', 'points', AGS_POINTS],
      ['theory.ags-phase-diagram', 'alphaMax', AGS_LOAD],
      ['theory.ags-overlap', 'points', AGS_POINTS],
      ['theory.dense', 'lambda', REM_LAMBDA],
      ['theory.dense', 'alpha', REM_LOAD],
      ['theory.pl-stability', 'alpha', STABILITY_LOAD],
      ['theory.pl-stability', 'lambda', STABILITY_LAMBDA],
      ['theory.pl-stability', 'density', STABILITY_DELTA],
      ['theory.marchenko-pastur', 'points', MARCHENKO_PASTUR_POINTS],
      ['theory.cosine-law', 'alpha0', COSINE_LAW_ALPHA0],
    ];
    for (const [id, name, bounds] of uses) expect(spec(id, name).bounds, `${id} --${name}`).toEqual(bounds);
    expect(allowedWords(spec('theory.ags', 'alpha'))).toContain('> 0 and ≤ 100');
  });

  it('the calculators take no seed and store seed null', async () => {
    const d = dir();
    const r = await runCli(['theory', 'cosine-law', '--seed', '3', '--json', join(d, 'o.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed/);
    const ok = await runCli([
      'theory',
      'cosine-law',
      '--time',
      '0,1',
      '--json',
      join(d, 'o.json'),
      '--quiet',
    ]);
    expect(ok.code).toBe(0);
    expect(readJson(join(d, 'o.json')).seed).toBeNull();
  });
});

describe('theory dense: the columns of the table and CSV follow --alpha', () => {
  it('threshold columns without --alpha, the REM quantities with it', async () => {
    const d = dir();
    const header = async (args: string[]) => {
      const r = await runCli([
        'theory',
        'dense',
        '--lambda',
        '0.5,2',
        ...args,
        '--csv',
        join(d, 'd.csv'),
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(d, 'd.csv'), 'utf8').split('\n')[0];
    };
    expect(await header([])).toBe('ensemble,lambda,alpha1,alphaCLowerBound,alphaStar,ramsauer');
    expect(await header(['--alpha', '0.1'])).toBe(
      'ensemble,lambda,alpha,alpha1,alphaCLowerBound,phi,lambdaStar,cosThetaC,cMax',
    );
  });
});

describe('theory guards: products of lists refused before any work, naming the flags', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'ags: 991 × 101 (α, T) points',
      ['ags', '--alpha', '0.01:1:0.001', '--temperature', '0:1:0.01'],
      /^hopfield: --alpha × --temperature gives \d+ \(α, T\) points; at most 10000 are allowed: shorten --alpha or --temperature$/,
    ],
    [
      'ags-overlap: 100 temperatures × 1000 points',
      ['ags-overlap', '--temperature', '0:0.99:0.01', '--points', '1000'],
      /^hopfield: --temperature × --points gives \d+ saddle-point solves; at most 10000/,
    ],
    [
      'ags-critical: 1001 temperatures',
      ['ags-critical', '--temperature', '0:1:0.001'],
      /^hopfield: --temperature .*at most 1000/,
    ],
    [
      'pl-stability: 2000 values of λ',
      ['pl-stability', '--lambda', '0.001:2:0.001'],
      /^hopfield: --lambda .*at most 1000/,
    ],
    [
      'pl-stability: 20 λ × 100,000 Δ',
      ['pl-stability', '--lambda', '1:20:1', '--density=-10:9.9998:0.0002'],
      /^hopfield: --density × --lambda gives \d{7} rows; at most 1000000 are allowed/,
    ],
    [
      'dense: 2 ensembles × 1000 λ × 1000 α',
      ['dense', '--ensemble', 'spherical,gaussian', '--lambda', '0.01:10:0.01', '--alpha', '0.01:10:0.01'],
      /^hopfield: --alpha × --lambda × --ensemble gives \d+ rows; at most 1000000/,
    ],
    [
      'cosine-law: 1000 × 2001',
      ['cosine-law', '--alpha0', '0:0.999:0.001', '--time', '0:1000:0.5'],
      /^hopfield: --alpha0 × --time gives \d+ rows; at most 1000000/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const d = dir();
      const r = await runCli(['theory', ...args, '--json', join(d, 'o.json'), '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(filesIn(d)).toEqual([]);
    });
  }
});

describe('theory ags-overlap (the m(α) curves of the report)', () => {
  it('each curve ends at α_c(T) with the critical overlap; m decreases along the branch', async () => {
    const e = findExperiment('theory.ags-overlap');
    if (!e) throw new Error('missing');
    const out = await e.run({ temperature: [0], points: 6 }, createRng(0), {});
    const rows = out.rows as { temperature: number; alpha: number; m: number }[];
    expect(rows).toHaveLength(6);
    const crit = agsCriticalLoad(0);
    const last = rows[rows.length - 1];
    expect(last.alpha).toBeCloseTo(crit.alphaC, 6);
    expect(last.m).toBeCloseTo(crit.mAtAlphaC, 4);
    for (let k = 1; k < rows.length; k++) expect(rows[k].m).toBeLessThanOrEqual(rows[k - 1].m + 1e-12);
  }, 60_000);
});

describe('issue 17 item 8: 100,000 density values (the documented maximum)', () => {
  const deltas = grid(-10, 9.9998, 100_000);

  it('the figure builders and the table take 10⁵+ rows (a spread into Math.min/max overflowed the stack)', () => {
    const [lo, hi] = extent(deltas);
    expect(lo).toBe(-10);
    expect(hi).toBeCloseTo(9.9998, 10);
    const rows = stabilityDensityRows(0.4, [1], deltas);
    expect(rows).toHaveLength(200_000);
    const plot = stabilityDensityPlot(0.4, rows) as { encoding: { x: { scale: { domain: number[] } } } };
    expect(plot.encoding.x.scale.domain).toEqual([lo, hi]);
    const points = rows.filter((r) => r.lambda === 1) as { lambda: number; delta: number; density: number }[];
    expect(formatTable(points).split('\n')).toHaveLength(100_002);
    // the figure of the command draws at most ~2000 points per curve, ending at the last Δ
    const fig = plStabilityPlot(0.4, [1], deltas, points) as { data: { values: { delta: number }[] } };
    expect(fig.data.values.length).toBeLessThanOrEqual(2 * (MAX_CURVE_POINTS + 1));
    expect(fig.data.values.length).toBeGreaterThanOrEqual(2 * MAX_CURVE_POINTS);
    expect(fig.data.values[fig.data.values.length - 1].delta).toBe(deltas[deltas.length - 1]);
  });

  it('hopfield theory pl-stability --lambda 1 --density=-10:9.9998:0.0002 writes every row', async () => {
    const d = dir();
    const csv = join(d, 'd.csv');
    const r = await runCli([
      'theory',
      'pl-stability',
      '--lambda',
      '1',
      '--density=-10:9.9998:0.0002',
      '--csv',
      csv,
      '--json',
      join(d, 'd.json'),
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = readJson(join(d, 'd.json'));
    const n = doc.params.density.length;
    expect(n).toBeGreaterThanOrEqual(99_999);
    expect(doc.rows).toHaveLength(n);
    expect(doc.rows[0]).toMatchObject({ alpha: 0.4, lambda: 1, delta: -10 });
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(n + 1);
    expect(doc.summary).toHaveLength(1);
  }, 120_000);
});

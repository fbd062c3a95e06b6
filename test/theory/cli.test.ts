import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

describe('hopfield theory (issue acceptance, values read back from --json)', () => {
  it('ags-critical at T = 0: α_c ∈ [0.1375, 0.1385], m(α_c) ∈ [0.965, 0.970]; no seed', async () => {
    const d = tempDir();
    const r = await runCli([
      'theory',
      'ags-critical',
      '--temperature',
      '0',
      '--json',
      join(d, 'c.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^seed/);
    const doc = readJson(join(d, 'c.json'));
    expect(doc.command).toBe('theory ags-critical');
    expect(doc.rows).toHaveLength(1);
    const row = doc.rows[0];
    expect(row.temperature).toBe(0);
    expect(row.alphaC).toBeGreaterThanOrEqual(0.1375);
    expect(row.alphaC).toBeLessThanOrEqual(0.1385);
    expect(row.mAtAlphaC).toBeGreaterThanOrEqual(0.965);
    expect(row.mAtAlphaC).toBeLessThanOrEqual(0.97);
  });

  it('ags rows {alpha, temperature, m, q, r}, m = 0 without retrieval; ags-phase-diagram gives T_g(0.25) = 1.5', async () => {
    const d = tempDir();
    let r = await runCli([
      'theory',
      'ags',
      '--alpha',
      '0.05,0.2',
      '--temperature',
      '0,0.3',
      '--json',
      join(d, 'a.json'),
      '--csv',
      join(d, 'a.csv'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const rows = readJson(join(d, 'a.json')).rows;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ alpha: 0.05, temperature: 0 });
    expect(rows[0].m).toBeGreaterThan(0.99);
    expect(rows[1].m).toBe(0);
    for (const k of ['alpha', 'temperature', 'm', 'q', 'r']) expect(rows[2]).toHaveProperty(k);
    expect(readFileSync(join(d, 'a.csv'), 'utf8').split('\n')[0]).toMatch(/^alpha,temperature,m,q,r/);
    r = await runCli([
      'theory',
      'ags-phase-diagram',
      '--points',
      '3',
      '--alpha-max',
      '0.25',
      '--json',
      join(d, 'p.json'),
      '--plot',
      join(d, 'p.svg'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'p.json'));
    expect(doc.tg025).toBe(1.5);
    const tg = doc.rows.filter((x: { line: string }) => x.line === 'T_g');
    expect(tg[tg.length - 1]).toMatchObject({ alpha: 0.25, temperature: 1.5 });
    expect(readFileSync(join(d, 'p.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('dense, Gaussian: α₁(0.5) = 0.375, α₁(2) = 0.5, α_c^lb(λ ≥ 0.71) = ln 2/4, λ_*(α) = √(2α)', async () => {
    const d = tempDir();
    const r = await runCli([
      'theory',
      'dense',
      '--ensemble',
      'gaussian',
      '--lambda',
      '0.5,0.71,2',
      '--alpha',
      '0.1',
      '--json',
      join(d, 'g.json'),
      '--plot',
      join(d, 'g.svg'),
    ]);
    expect(r.code).toBe(0);
    const rows = readJson(join(d, 'g.json')).rows;
    expect(Math.abs(rows[0].alpha1 - 0.375)).toBeLessThan(1e-3);
    expect(Math.abs(rows[2].alpha1 - 0.5)).toBeLessThan(1e-3);
    expect(Math.abs(rows[1].alphaCLowerBound - Math.LN2 / 4)).toBeLessThan(1e-3);
    expect(Math.abs(rows[2].alphaCLowerBound - Math.LN2 / 4)).toBeLessThan(1e-3);
    for (const row of rows) {
      expect(row).toMatchObject({ ensemble: 'gaussian', alpha: 0.1 });
      expect(Math.abs(row.lambdaStar - Math.sqrt(0.2))).toBeLessThan(1e-3);
      for (const k of ['phi', 'cosThetaC', 'cMax', 'ramsauer']) expect(row).toHaveProperty(k);
    }
  });

  it('dense, spherical: λ_*(α) = e^{2α}√(1 − e^{−2α}), cos θ_c → √(1 − e^{−2α}) at large λ; no --alpha gives threshold rows', async () => {
    const d = tempDir();
    let r = await runCli([
      'theory',
      'dense',
      '--ensemble',
      'spherical',
      '--lambda',
      '1000',
      '--alpha',
      '0.2',
      '--json',
      join(d, 's.json'),
    ]);
    expect(r.code).toBe(0);
    const row = readJson(join(d, 's.json')).rows[0];
    expect(row.lambdaStar).toBeCloseTo(Math.exp(0.4) * Math.sqrt(1 - Math.exp(-0.4)), 10);
    expect(row.cosThetaC).toBeCloseTo(Math.sqrt(1 - Math.exp(-0.4)), 10);
    r = await runCli(['theory', 'dense', '--lambda', '0.1,1', '--json', join(d, 't.json')]);
    expect(r.code).toBe(0);
    const rows = readJson(join(d, 't.json')).rows;
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['alpha1', 'alphaCLowerBound', 'alphaStar', 'ensemble', 'lambda', 'ramsauer'].sort(),
    );
    expect(rows[0].alphaCLowerBound).toBe(rows[0].alpha1);
  });

  it('pl-stability summary and density rows; the other calculators run', async () => {
    const d = tempDir();
    let r = await runCli([
      'theory',
      'pl-stability',
      '--alpha',
      '0.4',
      '--lambda',
      '1e-4,1',
      '--json',
      join(d, 'p.json'),
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'p.json'));
    expect(doc.rows[0].mean).toBeCloseTo(1 / Math.sqrt(0.4), 3);
    expect(doc.gardnerCapacityAtZeroMargin).toBe(2);
    r = await runCli([
      'theory',
      'pl-stability',
      '--lambda',
      '1',
      '--density',
      '-1:3:1',
      '--csv',
      join(d, 'd.csv'),
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'd.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
    for (const args of [
      ['curie-weiss', '--temperature', '0.5,1.5'],
      ['signal-to-noise', '--alpha', '0.05', '--n', '100'],
      ['marchenko-pastur', '--alpha', '0.2', '--points', '5'],
      ['cosine-law', '--alpha0', '0', '--time', '0,1'],
    ]) {
      r = await runCli(['theory', ...args, '--quiet']);
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});

describe('hopfield theory: bad input exits 2 with one line and writes nothing', () => {
  const cases: [string, string[]][] = [
    ['ags --alpha malformed', ['ags', '--alpha', 'abc']],
    ['ags --alpha empty', ['ags', '--alpha', '']],
    ['ags --alpha 0', ['ags', '--alpha', '0']],
    ['ags --alpha negative', ['ags', '--alpha', '-0.1']],
    ['ags --temperature negative', ['ags', '--temperature', '-0.1']],
    ['ags --temperature malformed', ['ags', '--temperature', '0.1:x:1']],
    ['ags-critical --temperature negative', ['ags-critical', '--temperature', '-1']],
    ['ags-critical --temperature empty', ['ags-critical', '--temperature', '']],
    ['ags-phase-diagram --points 1', ['ags-phase-diagram', '--points', '1']],
    ['ags-phase-diagram --points malformed', ['ags-phase-diagram', '--points', '2.5']],
    ['ags-phase-diagram --alpha-max 0', ['ags-phase-diagram', '--alpha-max', '0']],
    ['dense --ensemble unknown', ['dense', '--ensemble', 'binary']],
    ['dense --ensemble empty', ['dense', '--ensemble', '']],
    ['dense --lambda 0', ['dense', '--lambda', '0']],
    ['dense --lambda negative', ['dense', '--lambda', '-1']],
    ['dense --lambda empty', ['dense', '--lambda', '']],
    ['dense --alpha 0', ['dense', '--alpha', '0']],
    ['dense --alpha malformed', ['dense', '--alpha', 'x']],
    ['pl-stability --alpha 0', ['pl-stability', '--alpha', '0']],
    ['pl-stability --alpha empty', ['pl-stability', '--alpha', '']],
    ['pl-stability --lambda negative', ['pl-stability', '--lambda', '-1']],
    ['pl-stability --density malformed', ['pl-stability', '--density', 'a']],
    ['pl-stability --density out of range', ['pl-stability', '--density', '1000']],
    ['curie-weiss --temperature negative', ['curie-weiss', '--temperature', '-1']],
    ['curie-weiss --field malformed', ['curie-weiss', '--field', 'x']],
    ['curie-weiss --coupling empty', ['curie-weiss', '--coupling', '']],
    ['signal-to-noise --n 1', ['signal-to-noise', '--n', '1']],
    ['signal-to-noise --alpha 0', ['signal-to-noise', '--alpha', '0']],
    ['marchenko-pastur --alpha 0', ['marchenko-pastur', '--alpha', '0']],
    ['marchenko-pastur --points 1', ['marchenko-pastur', '--points', '1']],
    ['cosine-law --tau 0', ['cosine-law', '--tau', '0']],
    ['cosine-law --alpha0 -1', ['cosine-law', '--alpha0', '-1']],
    ['cosine-law --alpha0 2', ['cosine-law', '--alpha0', '2']],
    ['cosine-law --time negative', ['cosine-law', '--time', '-1']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const d = tempDir();
      const out = join(d, 'out.json');
      const r = await runCli(['theory', ...args, '--json', out, '--quiet']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`--${args[1].replace(/^--/, '')}`));
      expect(existsSync(out)).toBe(false);
      expect(filesIn(d)).toEqual([]);
    });
  }
});

describe('theory report section (quick)', () => {
  it('builds its six figures with the acceptance values in the rows', async () => {
    const { theorySection } = await import('../../src/report/sections/theory.js');
    const { buildSection } = await import('../../src/report/run.js');
    const { createRng } = await import('../../src/core/rng/index.js');
    const figures = await buildSection(
      theorySection,
      { quick: true, seed: 1, rng: createRng(1) },
      (_params, config) => config,
    );
    expect(figures.map((f) => f.id)).toEqual([
      'theory-ags-phase-diagram',
      'theory-ags-overlap',
      'theory-dense-spherical',
      'theory-dense-gaussian',
      'theory-dense-basin-angle',
      'theory-pl-stability',
    ]);
    const ags = figures[0].rows as { line: string; alpha: number; temperature: number }[];
    const tm0 = ags.find((r) => r.line === 'T_M' && r.temperature === 0);
    expect(tm0?.alpha).toBeCloseTo(0.1379, 4);
    expect(figures[0].caption).toMatch(/α_c = 0\.1379 \(m = 0\.967\d\)/);
    const gauss = figures[3].rows as { ensemble: string; lambda: number; alphaCLowerBound: number }[];
    const lb = gauss.filter((r) => r.lambda >= 0.71);
    expect(lb.length).toBeGreaterThan(0);
    for (const r of lb) {
      expect(r.ensemble).toBe('gaussian');
      expect(Math.abs(r.alphaCLowerBound - Math.LN2 / 4)).toBeLessThan(1e-3);
    }
    expect(figures[5].caption).toMatch(/Negative-tail mass: λ = 0\.2: /);
    for (const f of figures) expect(JSON.stringify(f.plot)).toMatch(/vega-lite/);
  }, 120_000);
});

/**
 * `--patterns FILE` on the commands that otherwise draw random ±1 patterns (capacity, retrieval-map,
 * phase-diagram, crosstalk, pl train, pl retrieval-map, pl basins): N comes from the file, a load α stores its first
 * P = round(αN) patterns, every trial reuses them, and a load that needs more patterns than the file holds is refused.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import { encodeNpy } from '../../src/data/npy.js';
import { errorLines, readJson, runCli } from '../cli/helpers.js';

const P = 20;
const N = 50;
let dir: string;
let file: string;

/** P × N ±1 patterns (int8) from a fixed linear-congruential sequence. */
function patterns(): Int8Array {
  let s = 987;
  return Int8Array.from({ length: P * N }, () => {
    s = (1103515245 * s + 12345) % 2 ** 31;
    return (s >> 16) % 2 === 0 ? 1 : -1;
  });
}

/** Hebb stabilities Δ_i^μ = ξ_i^μ Σ_{j≠i} J_ij ξ_j^μ, J_ij = (1/N) Σ_ν ξ_i^ν ξ_j^ν, of the first p patterns. */
function hebbStabilities(xi: Int8Array, p: number): number[] {
  const out: number[] = [];
  for (let mu = 0; mu < p; mu++)
    for (let i = 0; i < N; i++) {
      let h = 0;
      for (let j = 0; j < N; j++) {
        if (j === i) continue;
        let jij = 0;
        for (let nu = 0; nu < p; nu++) jij += xi[nu * N + i] * xi[nu * N + j];
        h += (jij / N) * xi[mu * N + j];
      }
      out.push(xi[mu * N + i] * h);
    }
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hopfield-patterns-everywhere-'));
  file = join(dir, 'xi.npy');
  writeFileSync(file, encodeNpy({ data: patterns(), shape: [P, N], dtype: '|i1' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli([...args, '-q']);

describe('--patterns FILE instead of random patterns', () => {
  it('crosstalk: the stabilities of the file patterns, the same for every seed and trial', async () => {
    const results = [];
    for (const seed of ['1', '2']) {
      const out = join(dir, `ct${seed}.json`);
      const r = await run([
        'crosstalk',
        '--patterns',
        file,
        '--alpha',
        '0.2,0.4',
        '--trials',
        '2',
        '--seed',
        seed,
        '--json',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      results.push(readJson(out));
    }
    const [a, b] = results;
    expect(a.params.n).toBe(N);
    expect(a.params.patterns).toBe(file);
    expect(a.rows).toEqual(b.rows);
    const xi = patterns();
    for (const row of a.rows) {
      const p = Math.round(row.alpha * N);
      expect(row.p).toBe(p);
      const d = hebbStabilities(xi, p);
      const mean = d.reduce((s, x) => s + x, 0) / d.length;
      expect(row.meanStability).toBeCloseTo(mean, 12);
      expect(row.unstableFraction).toBeCloseTo(d.filter((x) => x < 0).length / d.length, 12);
    }
  });

  it('capacity: P = round(αN) first patterns, N from the file (pinv keeps every one a fixed point)', async () => {
    const out = join(dir, 'cap.json');
    const r = await run([
      'capacity',
      '--patterns',
      file,
      '--rule',
      'pinv',
      '--alpha',
      '0.1,0.4',
      '--trials',
      '2',
      '--seed',
      '3',
      '--json',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = readJson(out);
    expect(j.params.n).toBe(N);
    expect(j.rows.map((x: { p: number }) => x.p)).toEqual([5, 20]);
    for (const row of j.rows) {
      expect(row.fixedFraction).toBe(1);
      expect(row.meanOverlap).toBe(1);
    }
  });

  it('retrieval-map and phase-diagram run on the file patterns', async () => {
    const rm = join(dir, 'rm.json');
    const r1 = await run([
      'retrieval-map',
      '--patterns',
      file,
      '--alpha',
      '0.1',
      '--m0',
      '0.5,1',
      '--trials',
      '2',
      '--seed',
      '1',
      '--json',
      rm,
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    const j1 = readJson(rm);
    expect(j1.params.n).toBe(N);
    expect(j1.rows).toHaveLength(2);
    // m0 = 1 starts at each of the 5 stored patterns, which are well inside the Hebbian capacity at α = 0.1
    expect(j1.rows[1].meanOverlap).toBeGreaterThan(0.9);
    const pd = join(dir, 'pd.json');
    const r2 = await run([
      'phase-diagram',
      '--patterns',
      file,
      '--alpha',
      '0.1',
      '--temperature',
      '0.1',
      '--sweeps',
      '5',
      '--trials',
      '1',
      '--seed',
      '1',
      '--json',
      pd,
    ]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readJson(pd).params.n).toBe(N);
  });

  it('pl train stores the first P patterns of the file in the model', async () => {
    const model = join(dir, 'pl.json');
    const r = await run([
      'pl',
      'train',
      '--patterns',
      file,
      '--alpha',
      '0.2',
      '--epochs',
      '3',
      '--seed',
      '1',
      '--out',
      model,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/on 10 examples of 50 spins/);
    const m = loadPseudoLikelihood(readJson(model));
    expect(m.patterns?.p).toBe(10);
    expect(Array.from(m.patterns?.data ?? [])).toEqual(Array.from(patterns().subarray(0, 10 * N)));
    const bad = await run([
      'pl',
      'train',
      '--patterns',
      file,
      '--data',
      'mnist',
      '--out',
      join(dir, 'no.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([expect.stringMatching(/--patterns .*--data mnist/)]);
  });

  it('pl retrieval-map and pl basins run on the file patterns', async () => {
    const map = join(dir, 'plmap.json');
    const r1 = await run([
      'pl',
      'retrieval-map',
      '--patterns',
      file,
      '--alpha',
      '0.2',
      '--epochs',
      '1,2',
      '--margins',
      '0.5',
      '--m0',
      '0.5,1',
      '--trials',
      '1',
      '--seed',
      '1',
      '--json',
      map,
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(readJson(map).params).toMatchObject({ n: N, patterns: file });
    const basins = join(dir, 'plb.json');
    const r2 = await run([
      'pl',
      'basins',
      '--patterns',
      file,
      '--alpha',
      '0.2,0.4',
      '--couplings',
      'hebb',
      '--trials',
      '1',
      '--seed',
      '1',
      '--json',
      basins,
    ]);
    expect(r2.code, r2.stderr).toBe(0);
    const j = readJson(basins);
    expect(j.params.n).toBe(N);
    expect(j.rows.map((x: { p: number }) => x.p)).toEqual([10, 20]);
  });

  it('refuses a load that needs more patterns than the file holds, naming both numbers; writes nothing', async () => {
    for (const cmd of [['capacity'], ['crosstalk'], ['pl', 'basins']]) {
      const out = join(dir, 'never.json');
      const r = await run([...cmd, '--patterns', file, '--alpha', '0.2,0.5', '--seed', '1', '--json', out]);
      expect(r.code).toBe(2);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^hopfield: --alpha 0\.5 needs P = round\(αN\) = 25 patterns of N = 50, but .*xi\.npy holds 20/,
      );
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('never'))).toEqual([]);
  });

  it('without --patterns the pattern-file flags stay out of the stored parameters', async () => {
    const out = join(dir, 'plain.json');
    const r = await run([
      'crosstalk',
      '--n',
      '30',
      '--alpha',
      '0.1',
      '--trials',
      '1',
      '--seed',
      '1',
      '--json',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { params } = readJson(out);
    expect(params.n).toBe(30);
    expect(Object.keys(params)).not.toContain('threshold');
    expect(Object.keys(params)).not.toContain('patterns');
  });

  it('bad pattern files and --size without --patterns exit 2 with one line', async () => {
    const bad = join(dir, 'bad.npy');
    writeFileSync(bad, 'not an npy file');
    const r1 = await run(['capacity', '--patterns', bad, '--alpha', '0.1', '--seed', '1']);
    expect(r1.code).toBe(2);
    expect(errorLines(r1.stderr)).toEqual([
      expect.stringMatching(/^hopfield: --patterns: bad\.npy: not a NumPy/),
    ]);
    const r2 = await run(['retrieval-map', '--size', '4x4', '--seed', '1']);
    expect(r2.code).toBe(2);
    expect(errorLines(r2.stderr)).toEqual([
      expect.stringMatching(/^hopfield: --size applies to --patterns images only/),
    ]);
  });
});

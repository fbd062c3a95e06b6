/**
 * The audio commands behind the report figures: `audio overlaps` (overlap matrix), `audio traces` (overlap per
 * sweep) and `audio generalize` (store one folder, identify another), checked against direct computations and
 * against the two-step `audio store` + `audio identify`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecordings } from '../../src/data/audioMemory.js';
import { bundledAudioDir, readRecordings } from '../../src/node/audioFiles.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hopfield audio overlaps', () => {
  it('rows are q_μν = ξ^μ·ξ^ν/N of the encoded recordings; the summary fields agree with the rows', async () => {
    const out = join(dir, 'overlaps.json');
    const r = await runCli(['audio', 'overlaps', '--json', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const j = readJson(out);
    const { patterns } = encodeRecordings(readRecordings(bundledAudioDir('numbers')), { kind: 'paper' });
    const { n, p, data } = patterns;
    expect(j.rows.length).toBe(p * p);
    expect(j.n).toBe(513);
    let sumAbs = 0;
    for (const row of j.rows as { mu: number; nu: number; overlap: number }[]) {
      let q = 0;
      for (let i = 0; i < n; i++) q += data[row.mu * n + i] * data[row.nu * n + i];
      expect(row.overlap).toBeCloseTo(q / n, 12);
      if (row.mu !== row.nu) sumAbs += Math.abs(q / n);
    }
    expect(j.meanAbsOffDiagonal).toBeCloseTo(sumAbs / (p * (p - 1)), 12);
    expect(j.randomMeanAbs).toBeCloseTo(Math.sqrt(2 / (Math.PI * 513)), 12);
    expect(j.meanAbsOffDiagonal).toBeGreaterThan(2 * j.randomMeanAbs); // far from orthogonal
  });
});

describe('hopfield audio overlaps, memory', () => {
  it('refuses a matrix above --max-memory before computing it: exit 2, one line with the estimate', async () => {
    const out = join(dir, 'big.json');
    const before = filesIn(dir);
    const r = await runCli(['audio', 'overlaps', '--max-memory', '0.0001', '--json', out]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/--max-memory.*81 recordings.*MiB/);
    expect(filesIn(dir)).toEqual(before);
  });
});

describe('hopfield audio traces', () => {
  it('starts at m = 1 − 2·round(rN)/N and reaches m > 0.9 with pseudo-inverse couplings', async () => {
    const out = join(dir, 'traces.json');
    const r = await runCli([
      'audio',
      'traces',
      '--rule',
      'pinv',
      '--labels',
      '7,65',
      '--sweeps',
      '20',
      '--seed',
      '1',
      '--json',
      out,
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readJson(out).rows as { label: string; sweep: number; overlap: number }[];
    for (const label of ['7', '65']) {
      const t = rows.filter((x) => x.label === label);
      expect(t.length).toBe(21);
      expect(t[0].overlap).toBeCloseTo(1 - (2 * Math.round(0.2 * 513)) / 513, 12);
      expect(t[t.length - 1].overlap).toBeGreaterThan(0.9);
    }
  });

  it('an unknown label: exit 2, one line naming --labels, nothing written', async () => {
    const out = join(dir, 'bad-traces.json');
    const before = filesIn(dir);
    const r = await runCli(['audio', 'traces', '--labels', '7,nope', '--seed', '1', '--json', out]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/--labels.*nope/);
    expect(filesIn(dir)).toEqual(before);
  });
});

describe('hopfield audio generalize', () => {
  it('gives the rows of audio store --feature logmag + audio identify --dir utterances with the same seed', async () => {
    const model = join(dir, 'lm.json');
    const a = join(dir, 'identify.json');
    const b = join(dir, 'generalize.json');
    const utterances = bundledAudioDir('utterances');
    expect(
      (await runCli(['audio', 'store', '--feature', 'logmag', '--rule', 'pinv', '--out', model, '--quiet']))
        .code,
    ).toBe(0);
    const r1 = await runCli([
      'audio',
      'identify',
      '--model',
      model,
      '--dir',
      utterances,
      '--seed',
      '3',
      '--json',
      a,
      '--quiet',
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await runCli(['audio', 'generalize', '--seed', '3', '--json', b, '--quiet']);
    expect(r2.code, r2.stderr).toBe(0);
    const ja = readJson(a);
    const jb = readJson(b);
    expect(jb.rows).toEqual(ja.rows);
    expect(jb.accuracy).toBe(ja.accuracy);
    expect(jb.accuracy).toBeGreaterThan(5 * jb.chance);
  });
});

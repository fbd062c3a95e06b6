/**
 * Dense memories as the audio store: more recordings than bits (P > N), where the pseudo-inverse rule cannot
 * store them, still identified; the model saves and loads; finite-temperature dynamics are refused for it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { audioFeature } from '../../src/data/audioFeatures.js';
import { buildAudioMemory, loadAudioMemory, saveAudioMemory } from '../../src/data/audioMemory.js';
import { identifyExperiment } from '../../src/experiments/audio/run.js';
import { bundledFsddDir, readRecordings } from '../../src/node/audioFiles.js';
import { readJson, runCli } from '../cli/helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hopfield-audio-dense-'));
  mkdirSync(join(dir, 'store'));
  mkdirSync(join(dir, 'queries'));
  for (const f of readdirSync(bundledFsddDir())) {
    const index = Number(/_(\d+)\.wav$/.exec(f)?.[1]);
    copyFileSync(join(bundledFsddDir(), f), join(dir, index < 10 ? 'store' : 'queries', f));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audio store --memory dense', () => {
  it('stores 100 recordings in N = 84 bits (pinv refuses) and identifies new ones', async () => {
    const small = ['--feature', 'logmel', '--mels', '12', '--segments', '4'];
    const model = join(dir, 'dense.json');
    const s = await runCli([
      'audio',
      'store',
      '--dir',
      join(dir, 'store'),
      ...small,
      '--memory',
      'dense',
      '--out',
      model,
      '-q',
    ]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(
      /stored 100 recordings of 10 labels, N = 84, α = P\/N = 1\.190, dense memory F = e\^x/,
    );
    expect(readJson(model).type).toBe('hopfield.audio-dense');
    const out = join(dir, 'r.json');
    const r = await runCli([
      'audio',
      'identify',
      '--model',
      model,
      '--dir',
      join(dir, 'queries'),
      '--json',
      out,
      '--seed',
      '1',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(out).accuracy).toBeGreaterThanOrEqual(0.7);
    const p = await runCli([
      'audio',
      'store',
      '--dir',
      join(dir, 'store'),
      ...small,
      '--rule',
      'pinv',
      '--out',
      join(dir, 'pinv.json'),
      '-q',
    ]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--rule pinv: .*P < N/);
    const t = await runCli([
      'audio',
      'identify',
      '--model',
      model,
      '--dir',
      join(dir, 'queries'),
      '--temperature',
      '0.1',
      '-q',
    ]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/dense memory runs zero-temperature sequential dynamics only/);
    const d = await runCli(['audio', 'store', '--degree', '3', '--out', join(dir, 'x.json'), '-q']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--degree applies to --memory dense only/);
  }, 120_000);

  it('save → load keeps a polynomial dense memory and its identifications', () => {
    const recs = readRecordings(join(dir, 'store')).slice(0, 30);
    const mem = buildAudioMemory(recs, {
      feature: audioFeature('logmel'),
      rule: { kind: 'hebb' },
      dense: { kind: 'poly', degree: 3 },
    });
    expect(mem.network).toBeNull();
    const back = loadAudioMemory(JSON.parse(JSON.stringify(saveAudioMemory(mem))));
    expect(back.dense).toEqual({ kind: 'poly', degree: 3 });
    expect(Array.from(back.patterns.data)).toEqual(Array.from(mem.patterns.data));
    const cfg = { dynamics: 'sequential' as const, sweeps: 20 };
    const a = identifyExperiment(mem, recs, cfg, createRng(4));
    const b = identifyExperiment(back, recs, cfg, createRng(4));
    expect(b.rows).toEqual(a.rows);
    expect(a.accuracy).toBeGreaterThanOrEqual(0.9);
    const bad = {
      ...(saveAudioMemory(mem) as Record<string, unknown>),
      params: { n: 600, f: { kind: 'poly', degree: 1 } },
    };
    expect(() => loadAudioMemory(bad)).toThrow(/model params\.f: degree must be an integer in \[2, 30\]/);
  }, 60_000);
});

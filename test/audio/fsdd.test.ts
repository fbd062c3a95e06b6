/**
 * Real voices (FSDD): the acceptance of the logmel feature with pseudo-inverse couplings. Same speaker, 1 or 5
 * stored recordings per digit and 20 queried per digit: mean accuracy over the three speakers of
 * ../shared/data/fsdd ≥ 0.75 and ≥ 0.90; across speakers it is measured and must beat chance clearly. The
 * commands a user runs on new voices (`audio store --dir`, `audio identify --dir`) are checked on copied files.
 * Skipped where the shared recordings are absent; the bundled subset (data/fsdd) is checked always.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { audioFeature, LOGMEL_SPECTRUM } from '../../src/data/audioFeatures.js';
import { type Recording, recordingVectors } from '../../src/data/audioMemory.js';
import { type SpeakerProtocolConfig, speakerProtocol } from '../../src/experiments/audio/run.js';
import { bundledFsddDir, readRecordings } from '../../src/node/audioFiles.js';
import { readJson, runCli } from '../cli/helpers.js';

const SHARED = join(__dirname, '..', '..', '..', 'shared', 'data', 'fsdd', 'recordings');
const have = existsSync(SHARED);

const protocol = (mode: 'same' | 'cross', stored: number): SpeakerProtocolConfig => ({
  mode,
  feature: 'logmel',
  rule: 'pinv',
  stored,
  queries: 20,
  dynamics: 'sequential',
  sweeps: 50,
});

describe.runIf(have)('FSDD, three speakers (../shared/data/fsdd)', () => {
  let recordings: Recording[];
  let vectors: Float64Array[];
  beforeAll(() => {
    // 30 recordings per digit and speaker are enough for 5 stored + 20 queried; features computed once.
    recordings = readRecordings(SHARED).filter((r) => Number(/_(\d+)\.wav$/.exec(r.name)?.[1]) < 30);
    vectors = recordingVectors(recordings, audioFeature('logmel'), LOGMEL_SPECTRUM);
  }, 120_000);

  it('same speaker, 1 stored per digit: mean accuracy ≥ 0.75', () => {
    const r = speakerProtocol(recordings, protocol('same', 1), createRng(1), undefined, vectors);
    expect(r.speakers.map((s) => s.speaker)).toEqual(['george', 'lucas', 'yweweler']);
    expect(r.speakers.every((s) => s.rows.length === 200)).toBe(true);
    expect(r.meanAccuracy).toBeGreaterThanOrEqual(0.75);
  }, 120_000);

  it('same speaker, 5 stored per digit: mean accuracy ≥ 0.90', () => {
    const r = speakerProtocol(recordings, protocol('same', 5), createRng(1), undefined, vectors);
    expect(r.meanAccuracy).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('across speakers, 5 per digit from each other speaker: well above chance (0.1)', () => {
    const r = speakerProtocol(recordings, protocol('cross', 5), createRng(1), undefined, vectors);
    expect(r.meanAccuracy).toBeGreaterThan(0.3);
  }, 120_000);
});

describe.runIf(have)('the commands run on new voices: audio store --dir, audio identify --dir', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hopfield-fsdd-'));
    for (const sub of ['store1', 'store5', 'queries']) mkdirSync(join(dir, sub));
    for (let d = 0; d <= 9; d++) {
      for (let i = 0; i < 5; i++) {
        const f = `${d}_lucas_${i}.wav`;
        copyFileSync(join(SHARED, f), join(dir, 'store5', f));
        if (i === 0) copyFileSync(join(SHARED, f), join(dir, 'store1', f));
      }
      for (let i = 30; i < 50; i++)
        copyFileSync(join(SHARED, `${d}_lucas_${i}.wav`), join(dir, 'queries', `${d}_lucas_${i}.wav`));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const k of [1, 5]) {
    it(`${k} stored per digit: accuracy in the JSON, above ${k === 1 ? 0.7 : 0.85}`, async () => {
      const model = join(dir, `m${k}.json`);
      const out = join(dir, `r${k}.json`);
      const s = await runCli([
        'audio',
        'store',
        '--dir',
        join(dir, `store${k}`),
        '--feature',
        'logmel',
        '--rule',
        'pinv',
        '--out',
        model,
        '-q',
      ]);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toMatch(new RegExp(`stored ${10 * k} recordings of 10 labels, N = 600`));
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
      const doc = readJson(out);
      expect(doc.rows.length).toBe(200);
      expect(doc.accuracy).toBeGreaterThan(k === 1 ? 0.7 : 0.85);
    }, 120_000);
  }
});

describe('bundled subset (data/fsdd): one speaker, 12 recordings per digit', () => {
  it('is complete and the protocol command runs on it', async () => {
    const recs = readRecordings(bundledFsddDir());
    expect(recs.length).toBe(120);
    expect(new Set(recs.map((r) => r.label)).size).toBe(10);
    const dir = mkdtempSync(join(tmpdir(), 'hopfield-protocol-'));
    try {
      const out = join(dir, 'p.json');
      const r = await runCli([
        'audio',
        'protocol',
        '--stored',
        '1',
        '--queries',
        '5',
        '--seed',
        '3',
        '--json',
        out,
        '-q',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const doc = readJson(out);
      expect(doc.rows).toHaveLength(1);
      expect(doc.rows[0]).toMatchObject({ speaker: 'george', mode: 'same', stored: 1, queries: 5 });
      expect(doc.accuracy).toBeGreaterThan(0.5);
      const cross = await runCli([
        'audio',
        'protocol',
        '--mode',
        'cross',
        '--json',
        join(dir, 'c.json'),
        '-q',
      ]);
      expect(cross.code).toBe(2);
      expect(cross.stderr.trim().split('\n')).toHaveLength(1);
      expect(cross.stderr).toMatch(/--dir: cross-speaker protocol needs recordings of at least 2 speakers/);
      expect(existsSync(join(dir, 'c.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

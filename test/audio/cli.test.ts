import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { resample } from '../../src/data/audioFeatures.js';
import { encodeWav } from '../../src/data/wav.js';
import { bundledAudioDir, readRecording } from '../../src/node/audioFiles.js';

let dir: string;
let model: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const wav65 = () => join(bundledAudioDir('numbers'), '65.wav');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hopfield-audio-'));
  model = join(dir, 'pinv.json');
  const r = await run(['audio', 'store', '--rule', 'pinv', '--out', model, '-q']);
  expect(r.code).toBe(0);
  // Bad files, each alone in a folder, and one of each kind for --wav.
  const good = readFileSync(wav65());
  const bad: Record<string, Uint8Array> = {
    'empty.wav': new Uint8Array(0),
    'text.wav': new TextEncoder().encode('not audio, just words in a file called .wav'),
    'truncated.wav': good.subarray(0, 3000),
    'header.wav': good.subarray(0, 30),
  };
  for (const [name, bytes] of Object.entries(bad)) {
    mkdirSync(join(dir, name.replace('.wav', '')));
    writeFileSync(join(dir, name.replace('.wav', ''), name), bytes);
    writeFileSync(join(dir, name), bytes);
  }
  mkdirSync(join(dir, 'nowav'));
  writeFileSync(join(dir, 'nowav', 'notes.txt'), 'nothing here');
  mkdirSync(join(dir, 'three'));
  for (const n of ['3', '21', '65'])
    copyFileSync(join(bundledAudioDir('numbers'), `${n}.wav`), join(dir, 'three', `${n}.wav`));
  writeFileSync(join(dir, 'notjson.json'), '{ this is not json');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ type: 'hopfield.dense', version: 1, params: {} }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Exit 2, one line on stderr naming `pattern`, and the --json file not written. */
async function expectUsage(args: string[], pattern: RegExp) {
  const out = join(dir, `never-${Math.random().toString(36).slice(2)}.json`);
  const r = await run([...args, '--json', out, '-q']);
  expect(r.code, `${args.join(' ')} → ${r.err}`).toBe(2);
  expect(r.err.trim().split('\n').length, r.err).toBe(1);
  expect(r.err).toMatch(pattern);
  expect(existsSync(out)).toBe(false);
}

describe('hopfield audio store', () => {
  it('writes a model with the stored recordings and reports α', async () => {
    const m = JSON.parse(readFileSync(model, 'utf8'));
    expect(m.type).toBe('hopfield.classical');
    expect(m.labels.length).toBe(81);
    expect(m.meta.kind).toBe('hopfield.audio');
    const json = join(dir, 'store.json');
    const out = join(dir, 'three.json');
    const r = await run([
      'audio',
      'store',
      '--dir',
      join(dir, 'three'),
      '--feature',
      'logmag',
      '--out',
      out,
      '--json',
      json,
      '-q',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.p).toBe(3);
    expect(doc.alpha).toBeCloseTo(3 / 513, 12);
    expect(doc.rows.map((x: { label: string }) => x.label)).toEqual(['3', '21', '65']);
    expect(r.out).toMatch(/stored 3 recordings of 3 labels, N = 513/);
  });

  it('bad flags and bad folders: exit 2, one line, nothing written', async () => {
    const out = join(dir, 'bad-model.json');
    const s = ['audio', 'store'];
    await expectUsage(
      [...s, '--out', out, '--feature', 'mfcc'],
      /--feature must be one of paper, logmag, logmel \(got "mfcc"\)/,
    );
    await expectUsage([...s, '--out', out, '--feature', ''], /--feature must be one of/);
    await expectUsage([...s, '--out', out, '--rule', 'oja'], /--rule must be one of hebb, storkey, pinv/);
    await expectUsage([...s, '--out', out, '--sample-rate', '0'], /--sample-rate must be an integer ≥ 1000/);
    await expectUsage([...s, '--out', out, '--sample-rate', 'fast'], /--sample-rate must be an integer/);
    await expectUsage([...s, '--out', out, '--sample-rate', ''], /--sample-rate/);
    await expectUsage([...s], /--out is required/);
    await expectUsage([...s, '--out', join(dir, 'missing', 'm.json')], /--out: directory .* does not exist/);
    await expectUsage([...s, '--out', ''], /--out must be a file path/);
    await expectUsage(
      [...s, '--out', out, '--dir', join(dir, 'nope')],
      /--dir: cannot read directory ".*nope"/,
    );
    await expectUsage([...s, '--out', out, '--dir', ''], /--dir must be a folder of \.wav files/);
    await expectUsage([...s, '--out', out, '--dir', join(dir, 'nowav')], /--dir: .*no \.wav files/);
    await expectUsage(
      [...s, '--out', out, '--dir', join(dir, 'empty')],
      /--dir: .*empty\.wav: the file is empty/,
    );
    await expectUsage([...s, '--out', out, '--dir', join(dir, 'text')], /--dir: .*text\.wav: not a WAV file/);
    await expectUsage(
      [...s, '--out', out, '--dir', join(dir, 'truncated')],
      /--dir: .*truncated\.wav: truncated WAV file/,
    );
    await expectUsage(
      [...s, '--out', out, '--dir', join(dir, 'header')],
      /--dir: .*header\.wav: malformed or truncated/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('hopfield audio recall', () => {
  it('identifies a stored recording from 20% flipped bits; --json has identified, label, overlap, state, margin', async () => {
    const json = join(dir, 'recall.json');
    const r = await run([
      'audio',
      'recall',
      '--model',
      model,
      '--wav',
      wav65(),
      '--flip',
      '0.2',
      '--temperature',
      '0.01',
      '--seed',
      '1',
      '--json',
      json,
      '-q',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc).toMatchObject({
      identified: '65',
      recording: '65.wav',
      label: '65',
      state: 'retrieval',
      correct: true,
    });
    expect(doc.overlap).toBe(1);
    expect(doc.margin).toBeGreaterThan(0.1);
    expect(doc.params.dynamics).toBe('metropolis');
    expect(doc.rows[0]).toMatchObject({ rank: 1, label: '65' });
    expect(r.out).toMatch(/identified "65"/);
  });

  it('an 8 kHz stereo file of the same recording works end to end', async () => {
    const rec = readRecording(wav65());
    const y = resample(rec.audio.samples, rec.audio.sampleRate, 8000);
    const path = join(dir, '65_phone_stereo.wav');
    writeFileSync(path, encodeWav([y, y.map((v) => 0.5 * v)], 8000, '16'));
    const json = join(dir, 'recall8k.json');
    const r = await run([
      'audio',
      'recall',
      '--model',
      model,
      '--wav',
      path,
      '--seed',
      '2',
      '--json',
      json,
      '-q',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({
      identified: '65',
      label: '65',
      correct: true,
    });
  });

  it('bad flags and bad files: exit 2, one line, nothing written', async () => {
    const s = ['audio', 'recall', '--model', model, '--wav', wav65()];
    await expectUsage(['audio', 'recall', '--wav', wav65()], /--model is required/);
    await expectUsage(
      ['audio', 'recall', '--wav', wav65(), '--model', join(dir, 'none.json')],
      /--model: cannot read .*none\.json/,
    );
    await expectUsage(
      ['audio', 'recall', '--wav', wav65(), '--model', join(dir, 'notjson.json')],
      /--model: .*is not valid JSON/,
    );
    await expectUsage(
      ['audio', 'recall', '--wav', wav65(), '--model', join(dir, 'other.json')],
      /--model: .*model type must be "hopfield.classical"/,
    );
    await expectUsage(
      ['audio', 'recall', '--wav', wav65(), '--model', ''],
      /--model must be a readable file/,
    );
    await expectUsage(['audio', 'recall', '--wav', wav65(), '--model', dir], /--model: .* is a directory/);
    await expectUsage(['audio', 'recall', '--model', model], /--wav is required/);
    await expectUsage(['audio', 'recall', '--model', model, '--wav', ''], /--wav must be a readable file/);
    await expectUsage(
      ['audio', 'recall', '--model', model, '--wav', join(dir, 'x.wav')],
      /--wav: cannot read .*x\.wav/,
    );
    await expectUsage(
      ['audio', 'recall', '--model', model, '--wav', join(dir, 'empty.wav')],
      /--wav: .*the file is empty/,
    );
    await expectUsage(
      ['audio', 'recall', '--model', model, '--wav', join(dir, 'text.wav')],
      /--wav: .*not a WAV file/,
    );
    await expectUsage(
      ['audio', 'recall', '--model', model, '--wav', join(dir, 'truncated.wav')],
      /--wav: .*truncated WAV file/,
    );
    await expectUsage(['audio', 'recall', '--model', model, '--wav', dir], /--wav: .*is a directory/);
    await expectUsage([...s, '--flip', '-0.1'], /--flip must be a number ≥ 0 and ≤ 1 \(got "-0.1"\)/);
    await expectUsage([...s, '--flip', '1.5'], /--flip must be a number ≥ 0 and ≤ 1/);
    await expectUsage([...s, '--flip', 'lots'], /--flip must be a number/);
    await expectUsage([...s, '--flip', ''], /--flip must be a number/);
    await expectUsage([...s, '--temperature', '-1'], /--temperature must be a number ≥ 0/);
    await expectUsage([...s, '--temperature', 'hot'], /--temperature must be a number/);
    await expectUsage([...s, '--temperature', ''], /--temperature must be a number/);
    await expectUsage(
      [...s, '--dynamics', 'sequential', '--temperature', '0.1'],
      /--temperature applies to glauber and metropolis/,
    );
    await expectUsage([...s, '--dynamics', 'metropolis'], /--dynamics metropolis needs --temperature/);
    await expectUsage(
      [...s, '--dynamics', 'annealing'],
      /--dynamics must be one of sequential, parallel, metropolis, glauber/,
    );
    await expectUsage([...s, '--dynamics', ''], /--dynamics must be one of/);
    await expectUsage([...s, '--sweeps', '-1'], /--sweeps must be an integer ≥ 0/);
    await expectUsage([...s, '--sweeps', '2.5'], /--sweeps must be an integer/);
    await expectUsage([...s, '--sweeps', ''], /--sweeps must be an integer/);
    await expectUsage([...s, '--top', '0'], /--top must be an integer ≥ 1/);
    await expectUsage([...s, '--seed', '-3'], /--seed must be an integer/);
  });
});

describe('hopfield audio identify', () => {
  it('pseudo-inverse: all 81 bundled recordings from 20% flipped bits at T = 0.01 (accuracy 1, overlaps > 0.9)', async () => {
    const json = join(dir, 'identify.json');
    const svg = join(dir, 'confusion.svg');
    const r = await run([
      'audio',
      'identify',
      '--model',
      model,
      '--flip',
      '0.2',
      '--temperature',
      '0.01',
      '--seed',
      '1',
      '--json',
      json,
      '--plot',
      svg,
      '-q',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.accuracy).toBe(1);
    expect(doc.rows.length).toBe(81);
    for (const row of doc.rows) {
      expect(Object.keys(row).slice(0, 4)).toEqual(['file', 'label', 'identified', 'correct']);
      expect(row.overlap).toBeGreaterThan(0.9);
    }
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
    expect(r.out).toMatch(/accuracy 81\/81 = 1\.000/);
  });

  it('bad flags: exit 2, one line, nothing written', async () => {
    const s = ['audio', 'identify', '--model', model];
    await expectUsage(['audio', 'identify'], /--model is required/);
    await expectUsage([...s, '--dir', join(dir, 'nope')], /--dir: cannot read directory/);
    await expectUsage([...s, '--dir', join(dir, 'truncated')], /--dir: .*truncated WAV file/);
    await expectUsage([...s, '--dir', join(dir, 'empty')], /--dir: .*the file is empty/);
    await expectUsage([...s, '--flip', '2'], /--flip must be a number ≥ 0 and ≤ 1/);
    await expectUsage([...s, '--temperature', '-0.5'], /--temperature must be a number ≥ 0/);
    await expectUsage(
      [...s, '--dynamics', 'parallel', '--temperature', '1'],
      /--temperature applies to glauber and metropolis/,
    );
    await expectUsage([...s, '--sweeps', 'x'], /--sweeps must be an integer/);
  });
});

describe('hopfield audio phase-diagram', () => {
  it('a small run writes rows for each load and temperature, and the figure', async () => {
    const json = join(dir, 'pd.json');
    const svg = join(dir, 'pd.svg');
    const r = await run([
      'audio',
      'phase-diagram',
      '--rule',
      'pinv',
      '--patterns',
      '2,40',
      '--temperature',
      '0.01,1.5',
      '--sweeps',
      '5',
      '--seed',
      '1',
      '--json',
      json,
      '--plot',
      svg,
      '-q',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.rows.length).toBe(4);
    expect(doc.rows[0]).toMatchObject({ rule: 'pinv', p: 2, temperature: 0.01 });
    expect(doc.rows[0].meanOverlap).toBeGreaterThan(0.9);
    expect(doc.params.patterns).toEqual([2, 40]);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('bad flags: exit 2, one line, nothing written', async () => {
    const s = ['audio', 'phase-diagram', '--sweeps', '1'];
    await expectUsage(
      [...s, '--rule', 'hebb,oja'],
      /--rule must be a comma-separated list of hebb, storkey, pinv/,
    );
    await expectUsage([...s, '--rule', ''], /--rule must be a comma-separated list/);
    await expectUsage([...s, '--patterns', '0'], /--patterns must be .*≥ 1/);
    await expectUsage([...s, '--patterns', '82'], /--patterns must be .*≤ 81/);
    await expectUsage([...s, '--patterns', 'a:b'], /--patterns must be/);
    await expectUsage([...s, '--patterns', ''], /--patterns must be/);
    await expectUsage([...s, '--temperature', '-1'], /--temperature must be .*≥ 0/);
    await expectUsage([...s, '--temperature', ''], /--temperature must be/);
    await expectUsage([...s, '--flip', '1.1'], /--flip must be a number ≥ 0 and ≤ 1/);
    await expectUsage([...s, '--dynamics', 'sequential'], /--dynamics must be one of metropolis, glauber/);
    await expectUsage(['audio', 'phase-diagram', '--sweeps', '0'], /--sweeps must be an integer ≥ 1/);
    await expectUsage([...s, '--trials', '0'], /--trials must be an integer ≥ 1/);
    await expectUsage([...s, '--feature', 'mel'], /--feature must be one of paper, logmag/);
    await expectUsage([...s, '--sample-rate', '-8000'], /--sample-rate must be an integer/);
    await expectUsage([...s, '--dir', join(dir, 'text')], /--dir: .*not a WAV file/);
  });
});

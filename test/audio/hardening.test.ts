/**
 * Bad audio that used to be accepted (issue: hardening, items 5 and 11): sample rates outside 1 kHz–384 kHz in a
 * WAV header or in an audio model, silent and one-sample recordings. Each is refused with the file and the reason,
 * in one line, exit status 2, nothing written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAudible, decodeWav, encodeWav, WavError } from '../../src/data/wav.js';
import { bundledAudioDir } from '../../src/node/audioFiles.js';
import { runCli } from '../cli/helpers.js';

/** A copy of a WAV file with the fmt chunk's sample rate (and byte rate) replaced. */
function withRate(bytes: Uint8Array, rate: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * v.getUint16(32, true)) >>> 0, true);
  return out;
}

const tone = Float64Array.from({ length: 800 }, (_, t) => 0.5 * Math.sin((2 * Math.PI * 440 * t) / 8000));

describe('WAV sample rates outside 1 kHz–384 kHz are refused, naming the file and the rate', () => {
  const good = encodeWav([tone], 8000);
  for (const rate of [1, 999, 384001, 4_000_000_000]) {
    it(`${rate} Hz`, () => {
      expect(() => decodeWav(withRate(good, rate), 'odd.wav')).toThrow(WavError);
      expect(() => decodeWav(withRate(good, rate), 'odd.wav')).toThrow(
        new RegExp(`odd\\.wav: sample rate ${rate} Hz is outside the supported range 1000–384000 Hz`),
      );
    });
  }
  it('the bounds themselves are accepted', () => {
    expect(decodeWav(withRate(good, 1000)).sampleRate).toBe(1000);
    expect(decodeWav(withRate(good, 384000)).sampleRate).toBe(384000);
  });
});

describe('silent and one-sample recordings are refused with the reason', () => {
  it('checkAudible', () => {
    expect(() => checkAudible(decodeWav(encodeWav([new Float64Array(400)], 8000)), 'quiet.wav')).toThrow(
      /quiet\.wav: the recording is silent \(every sample is 0\)/,
    );
    expect(() => checkAudible(decodeWav(encodeWav([[0.5]], 8000)), 'one.wav')).toThrow(
      /one\.wav: the recording has 1 sample \(at least 2 are needed/,
    );
    expect(() => checkAudible(decodeWav(encodeWav([tone], 8000)), 'tone.wav')).not.toThrow();
  });
});

describe('the audio commands refuse them: exit 2, one line, nothing written', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hopfield-audio-bad-'));
    model = join(dir, 'm.json');
    const three = join(dir, 'three');
    mkdirSync(three);
    for (const n of ['3', '21', '65'])
      writeFileSync(join(three, `${n}.wav`), readFileSync(join(bundledAudioDir('numbers'), `${n}.wav`)));
    const r = await runCli(['audio', 'store', '--dir', three, '--rule', 'pinv', '--out', model, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const good = encodeWav([tone], 8000);
    const files: Record<string, Uint8Array> = {
      'rate1.wav': withRate(good, 1),
      'rate4g.wav': withRate(good, 4_000_000_000),
      'silent.wav': encodeWav([new Float64Array(4000)], 8000),
      'one.wav': encodeWav([[0.25]], 8000),
    };
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(join(dir, name), bytes);
      mkdirSync(join(dir, name.replace('.wav', '')));
      writeFileSync(join(dir, name.replace('.wav', ''), name), bytes);
    }
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    doc.meta.spectrum.sampleRate = 1e9;
    writeFileSync(join(dir, 'ghz-model.json'), JSON.stringify(doc));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function expectRefused(args: string[], pattern: RegExp) {
    const out = join(dir, `never-${Math.random().toString(36).slice(2)}.json`);
    const r = await runCli([...args, '--json', out, '-q']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }

  const cases: [string, RegExp][] = [
    ['rate1', /rate1\.wav: sample rate 1 Hz is outside the supported range 1000–384000 Hz/],
    ['rate4g', /rate4g\.wav: sample rate 4000000000 Hz is outside the supported range/],
    ['silent', /silent\.wav: the recording is silent/],
    ['one', /one\.wav: the recording has 1 sample/],
  ];
  for (const [name, pattern] of cases) {
    it(`${name}.wav in recall --wav, identify --dir and store --dir`, async () => {
      await expectRefused(['audio', 'recall', '--model', model, '--wav', join(dir, `${name}.wav`)], pattern);
      await expectRefused(['audio', 'identify', '--model', model, '--dir', join(dir, name)], pattern);
      const out = join(dir, `store-${name}.json`);
      await expectRefused(['audio', 'store', '--dir', join(dir, name), '--out', out], pattern);
      expect(existsSync(out)).toBe(false);
    }, 30_000);
  }

  it('a model whose spectrum says 1 GHz, and --sample-rate outside the range', async () => {
    await expectRefused(
      ['audio', 'identify', '--model', join(dir, 'ghz-model.json'), '--dir', join(dir, 'three')],
      /--model: .*sampleRate must be an integer from 1000 to 384000 Hz \(got 1000000000\)/,
    );
    await expectRefused(
      ['audio', 'store', '--sample-rate', '500', '--out', join(dir, 'x.json')],
      /--sample-rate must be an integer ≥ 1000 and ≤ 384000 \(got "500"\)/,
    );
  }, 30_000);
});

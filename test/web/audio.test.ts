/**
 * The audio panel in Chromium: a bundled recording picked in the page is identified with the numbers of the
 * library (buildAudioMemory, encodeQuery, recallPattern in Node, same seed); a number spoken into Chromium's fake
 * microphone (fed from a bundled WAV padded with silence) is identified; a denied microphone shows a message.
 * No console error; a screenshot is written to docs/images/.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { audioFeature, defaultSpectrum } from '../../src/data/audioFeatures.js';
import { buildAudioMemory, encodeQuery } from '../../src/data/audioMemory.js';
import { encodeWav } from '../../src/data/wav.js';
import { recallPattern } from '../../src/experiments/audio/run.js';
import { ruleFromName } from '../../src/experiments/registry/common.js';
import { bundledAudioDir, readRecording, readRecordings } from '../../src/node/audioFiles.js';
import { extractUtterance } from '../../web/src/compute/audio.js';
import {
  backendOf,
  CHROMIUM,
  drawnScale,
  newPage,
  panelResults,
  screenshot,
  useSession,
  waitState,
} from './browser.js';

const SPOKEN = '7';

interface AudioResult {
  identified: string;
  recording: string;
  overlap: number;
  margin: number;
  initialOverlap: number;
  sweeps: number;
  cut: { start: number; end: number; captured: number } | null;
}

/** The backend the page's worker reports (wasm, with its kernel threads in a cross-origin-isolated page). */
const results = (page: Page) => panelResults<AudioResult>(page, 'audio');

describe.skipIf(!existsSync(CHROMIUM))('playground audio panel in Chromium', () => {
  let dir: string;
  let wav: string;
  beforeAll(() => {
    // the fake microphone loops its file: 0.6 s of silence on each side keeps one utterance whole in a 3 s capture
    dir = mkdtempSync(join(tmpdir(), 'hopfield-mic-'));
    const rec = readRecording(join(bundledAudioDir('numbers'), `${SPOKEN}.wav`));
    const pad = Math.round(0.6 * rec.audio.sampleRate);
    const x = new Float64Array(rec.audio.samples.length + 2 * pad);
    x.set(rec.audio.samples, pad);
    wav = join(dir, 'spoken.wav');
    writeFileSync(wav, encodeWav([x], rec.audio.sampleRate, '16'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const s = useSession(() => [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
  ]);

  it("a picked recording gives the library's numbers; the fake microphone's number is identified", async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      const seed = 5;
      await page.goto(
        `${s.url}#audio?set=numbers&feature=logmel&rule=pinv&flip=0.1&sweeps=50&seconds=3&seed=${seed}&pick=23.wav&autorun=file`,
      );
      await waitState(page, 'audio', ['done'], 50_000);
      expect(await backendOf(page)).toMatchObject({ name: 'wasm', isolated: true });
      const got = await results(page);
      const recs = readRecordings(bundledAudioDir('numbers'));
      const mem = buildAudioMemory(recs, {
        feature: audioFeature('logmel'),
        rule: ruleFromName('pinv'),
        spectrum: defaultSpectrum('logmel'),
      });
      const q = encodeQuery(readRecording(join(bundledAudioDir('numbers'), '23.wav')).audio, mem.encoding);
      const ref = recallPattern(mem, q, { flip: 0.1, dynamics: 'sequential', sweeps: 50 }, createRng(seed));
      expect(got.identified).toBe('23');
      expect(got.identified).toBe(ref.identified);
      expect(got.recording).toBe(ref.recording);
      expect(got.sweeps).toBe(ref.sweeps);
      expect(got.overlap).toBeCloseTo(ref.overlap, 12);
      expect(got.margin).toBeCloseTo(ref.margin, 12);
      expect(got.initialOverlap).toBeCloseTo(ref.initialOverlap, 12);
      // every heat map of the panel has axes and a colour scale (light at its low end, dark at its high end)
      for (const [id, axes, title] of [
        ['#audio-spectrogram', 'frame|frequency bin', 'log₁₀ power'],
        ['#audio-bits', 'column|row', 'bit'],
        ['#audio-stored-bits', 'column|row', 'bit'],
      ]) {
        const d = await drawnScale(page, id);
        expect(d, id).toMatchObject({ axes, title });
        expect(Math.min(...d.bottom), id).toBeGreaterThan(240);
        expect(Math.min(...d.top), id).toBeLessThan(100);
      }

      await page.fill('#panel-audio input[name=flip]', '0');
      await page.click('#audio-record');
      await page.waitForFunction(
        () => document.querySelector('#panel-audio')?.getAttribute('data-state') === 'running',
      );
      await waitState(page, 'audio', ['done'], 30_000);
      const mic = await results(page);
      console.log(
        `fake microphone: identified ${mic.identified} (${mic.recording}), m = ${mic.overlap.toFixed(3)}, utterance ${mic.cut?.start.toFixed(2)}–${mic.cut?.end.toFixed(2)} s of ${mic.cut?.captured.toFixed(2)} s`,
      );
      expect(mic.cut).not.toBeNull();
      expect(mic.identified).toBe(SPOKEN);
      expect(mic.overlap).toBeGreaterThan(0.9);
      await expect
        .poll(() => page.textContent('#audio-identified'))
        .toMatch(new RegExp(`identified: ${SPOKEN}\\b`));
      await screenshot(page, 'audio');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('a denied microphone shows a message in the page', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.addInitScript(() => {
        navigator.mediaDevices.getUserMedia = () =>
          Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      });
      await page.goto(`${s.url}#audio?seed=1`);
      await waitState(page, 'audio', ['ready']);
      await page.click('#audio-record');
      await expect.poll(() => page.textContent('#panel-audio .msg')).toMatch(/microphone access was denied/);
      expect(await page.getAttribute('#panel-audio', 'data-state')).toBe('error');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});

describe('extractUtterance (the microphone capture cut to one utterance)', () => {
  const rate = 8000;
  /** A capture of `total` seconds with tones of amplitude `amp` over the given [start, end) seconds. */
  const capture = (total: number, bursts: [number, number, number][]) => {
    const x = new Float64Array(Math.round(total * rate));
    for (const [a, b, amp] of bursts)
      for (let t = Math.round(a * rate); t < Math.round(b * rate); t++) x[t] = amp * Math.sin(t * 0.3);
    return x;
  };

  it('takes the loudest complete run, not one cut by the ends of the capture', () => {
    // a louder word cut by the start, a complete one in the middle, a quiet click
    const x = capture(3, [
      [0, 0.4, 0.9],
      [1.0, 1.6, 0.5],
      [2.5, 2.52, 0.5],
    ]);
    const u = extractUtterance(x, rate);
    expect(u.start / rate).toBeCloseTo(0.95, 2);
    expect(u.end / rate).toBeCloseTo(1.65, 2);
    expect(u.samples.length).toBe(u.end - u.start);
  });

  it('joins syllables closer than 250 ms and drops what is 35 dB below the loudest frame', () => {
    const x = capture(2, [
      [0.3, 0.5, 0.5],
      [0.7, 0.9, 0.5],
      [1.3, 1.5, 0.002],
    ]);
    const u = extractUtterance(x, rate);
    expect([u.start / rate, u.end / rate]).toEqual([0.25, 0.95]);
  });

  it('refuses a silent capture with a message', () => {
    expect(() => extractUtterance(new Float64Array(rate), rate)).toThrow(/silent/);
  });
});

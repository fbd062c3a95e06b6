import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  audioFeature,
  DEFAULT_LOGMEL,
  featureSize,
  LOGMEL_SPECTRUM,
  logMelFeature,
  logMelSegments,
  powerSpectrogram,
  preEmphasize,
  trimmedFrames,
} from '../../src/data/audioFeatures.js';
import { hzToMel, melFilterBank, melToHz } from '../../src/data/mel.js';

/** Reference values from NumPy with librosa's conventions (test/data/fixtures/mel/make.py). */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mel');
const ref = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

/** The fixture's test signal: 0.1 s silence, 0.4 s Hann-windowed chirp 300→2300 Hz plus a 900 Hz tone, 0.1 s silence. */
function testSignal(sr = 8000): Float64Array {
  const n = Math.trunc(0.4 * sr);
  const pad = Math.trunc(0.1 * sr);
  const x = new Float64Array(n + 2 * pad);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const env = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    x[pad + i] =
      env * (0.6 * Math.sin(2 * Math.PI * (300 * t + 2500 * t * t)) + 0.2 * Math.sin(2 * Math.PI * 900 * t));
  }
  return x;
}

function expectClose(got: ArrayLike<number>, want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  expect(worst).toBeLessThan(tol);
}

describe('mel scale and filter bank (librosa conventions)', () => {
  it('hzToMel matches Slaney and HTK, melToHz inverts it', () => {
    const { hz, slaney, htk } = ref.hzToMel;
    expectClose(
      hz.map((f: number) => hzToMel(f)),
      slaney,
      1e-13,
    );
    expectClose(
      hz.map((f: number) => hzToMel(f, true)),
      htk,
      1e-13,
    );
    for (const f of hz) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 9);
      expect(melToHz(hzToMel(f, true), true)).toBeCloseTo(f, 9);
    }
  });

  for (const bank of ref.banks) {
    const c = bank.config;
    it(`filter bank sr=${c.sr} n_fft=${c.n_fft} n_mels=${c.n_mels}${c.htk ? ' htk' : ''}${c.norm === 'none' ? ' unnormalized' : ''}`, () => {
      const w = melFilterBank({
        sampleRate: c.sr,
        nFft: c.n_fft,
        nMels: c.n_mels,
        fmin: c.fmin,
        fmax: c.fmax,
        htk: c.htk,
        norm: c.norm,
      });
      expectClose(w, bank.weights, 1e-12);
    });
  }

  it('refuses bad settings naming the parameter', () => {
    expect(() => melFilterBank({ sampleRate: 8000, nFft: 256, nMels: 0 })).toThrow(/nMels/);
    expect(() => melFilterBank({ sampleRate: 8000, nFft: 256, nMels: 10, fmax: 5000 })).toThrow(/fmax/);
    expect(() => melFilterBank({ sampleRate: 8000, nFft: 256, nMels: 10, fmin: -1 })).toThrow(/fmin/);
  });
});

describe('logmel feature against the NumPy reference', () => {
  const x = testSignal();
  it('the test signal has the fixture length', () => expect(x.length).toBe(ref.signal.length));

  for (const c of ref.logmel) {
    const o = c.options;
    const opts = {
      nMels: o.n_mels,
      segments: o.segments,
      deltas: o.deltas,
      preEmphasis: o.pre,
      trimDb: o.top_db,
    };
    it(`M=${o.n_mels} S=${o.segments} deltas=${o.deltas} a=${o.pre} trim=${o.top_db} dB`, () => {
      const { frames, bins, power } = powerSpectrogram(preEmphasize(x, opts.preEmphasis), 256, 80);
      expect(trimmedFrames(power, frames, bins, opts.trimDb)).toEqual(c.trimmed);
      expectClose(logMelSegments(x, LOGMEL_SPECTRUM, opts), c.segments, 1e-9);
      const v = logMelFeature(x, LOGMEL_SPECTRUM, opts);
      expectClose(v, c.feature, 1e-9);
      expect(v.length).toBe(featureSize({ kind: 'logmel', ...opts }, LOGMEL_SPECTRUM));
    });
  }

  it('each row of the sign pattern has as many +1 as −1 (median centre); gain does not change it', () => {
    const v = logMelFeature(x, LOGMEL_SPECTRUM, DEFAULT_LOGMEL);
    const loud = logMelFeature(
      x.map((s) => 37 * s),
      LOGMEL_SPECTRUM,
      DEFAULT_LOGMEL,
    );
    for (let r = 0; r < v.length / 40; r++) {
      let plus = 0;
      for (let k = 0; k < 40; k++) if (v[r * 40 + k] > 0) plus++;
      expect(plus).toBe(20);
    }
    for (let i = 0; i < v.length; i++) expect(Math.sign(loud[i])).toBe(Math.sign(v[i]));
  });

  it('refuses a silent signal and bad settings', () => {
    const opts = { nMels: 40, segments: 8, deltas: true, preEmphasis: 0.97, trimDb: 30 };
    expect(() => logMelFeature(new Float64Array(1000), LOGMEL_SPECTRUM, opts)).toThrow(/silent/);
    expect(() => audioFeature('logmel', { segments: 0 })).toThrow(/segments/);
    expect(() => audioFeature('logmel', { preEmphasis: 1 })).toThrow(/preEmphasis/);
    expect(() => audioFeature('logmel', { trimDb: -1 })).toThrow(/trimDb/);
  });
});

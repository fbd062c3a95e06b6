import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import {
  audioFeatureVector,
  binarize,
  featureCenter,
  frameCount,
  hannWindow,
  logMagnitudeSpectrum,
  meanSpectrum,
  PAPER_SPECTRUM,
  resample,
  resampleDirect,
  stft,
} from '../../src/data/audioFeatures.js';
import type { DecodedAudio } from '../../src/data/wav.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/audio/stft.json', import.meta.url), 'utf8')) as {
  sampleRate: number;
  nFft: number;
  hop: number;
  length: number;
  frames: number;
  meanRe: number[];
  meanIm: number[];
  bits: number[];
  logmag: number[];
};

/** The signal of test/fixtures/audio/make.py. */
function fixtureSignal(length: number, fs: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => {
    const t = n / fs;
    return (
      0.5 * Math.cos(2 * Math.PI * 440 * t) +
      0.3 * Math.sin(2 * Math.PI * 1234.5 * t + 0.3) +
      0.2 * Math.sin(2 * Math.PI * (200 * t + 0.5 * 4000 * t * t))
    );
  });
}

const audio = (samples: Float64Array, sampleRate: number): DecodedAudio => ({
  samples,
  sampleRate,
  channels: 1,
  format: '64f',
  duration: samples.length / sampleRate,
});

describe('STFT conventions', () => {
  it('periodic Hann window: w[0] = 0, w[N/2] = 1, symmetric about N/2', () => {
    const w = hannWindow(8);
    expect(Array.from(w, (x) => Number(x.toFixed(12)))).toEqual([
      0, 0.146446609407, 0.5, 0.853553390593, 1, 0.853553390593, 0.5, 0.146446609407,
    ]);
  });

  it('centered frames: 1 + floor(L / hop)', () => {
    expect(frameCount(5000, 512)).toBe(10);
    expect(frameCount(511, 512)).toBe(1);
    expect(frameCount(512, 512)).toBe(2);
    expect(frameCount(0, 512)).toBe(1);
  });

  it('matches a direct DFT of zero-padded, Hann-windowed frames on a short signal', () => {
    const n = 16;
    const hop = 4;
    const x = Float64Array.from({ length: 37 }, (_, i) => Math.sin(0.9 * i) + 0.25 * Math.cos(0.31 * i * i));
    const s = stft(x, n, hop);
    expect(s.frames).toBe(1 + Math.floor(37 / hop));
    expect(s.bins).toBe(9);
    const padded = [...new Array(n / 2).fill(0), ...x, ...new Array(n / 2).fill(0)];
    for (let t = 0; t < s.frames; t++) {
      for (let f = 0; f < s.bins; f++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          const v = (0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n)) * (padded[t * hop + k] ?? 0);
          re += v * Math.cos((2 * Math.PI * f * k) / n);
          im -= v * Math.sin((2 * Math.PI * f * k) / n);
        }
        expect(s.re[t * s.bins + f]).toBeCloseTo(re, 10);
        expect(s.im[t * s.bins + f]).toBeCloseTo(im, 10);
      }
    }
    const m = meanSpectrum(x, n, hop);
    for (let f = 0; f < s.bins; f++) {
      let re = 0;
      for (let t = 0; t < s.frames; t++) re += s.re[t * s.bins + f];
      expect(m.re[f]).toBeCloseTo(re / s.frames, 12);
    }
  });

  it('rejects bad settings', () => {
    expect(() => stft([1, 2, 3], 1000, 10)).toThrow(/nFft must be a power of two/);
    expect(() => stft([1, 2, 3], 16, 0)).toThrow(/hop must be an integer ≥ 1/);
    expect(() =>
      audioFeatureVector(
        audio(new Float64Array(10), 100),
        { kind: 'paper' },
        { ...PAPER_SPECTRUM, sampleRate: 0 },
      ),
    ).toThrow(/sampleRate/);
  });
});

describe('paper 004 Listing 1 features against the NumPy fixture (test/fixtures/audio/make.py)', () => {
  const x = fixtureSignal(fixture.length, fixture.sampleRate);

  it('mean complex STFT (n_fft = 1024, hop = 512): 513 coefficients equal to NumPy', () => {
    const m = meanSpectrum(x, fixture.nFft, fixture.hop);
    expect(m.re.length).toBe(513);
    const scale = Math.max(...fixture.meanRe.map(Math.abs));
    for (let f = 0; f < 513; f++) {
      expect(Math.abs(m.re[f] - fixture.meanRe[f])).toBeLessThan(1e-9 * scale);
      expect(Math.abs(m.im[f] - fixture.meanIm[f])).toBeLessThan(1e-9 * scale);
    }
  });

  it('the 513-bit pattern sign(Re X̄) equals NumPy (stft_coeff > 0)', () => {
    const bits = audioFeatureVector(audio(x, fixture.sampleRate), { kind: 'paper' });
    expect(Array.from(binarize(bits))).toEqual(fixture.bits);
  });

  it('log-magnitude spectrum equals NumPy', () => {
    const v = logMagnitudeSpectrum(x, fixture.nFft, fixture.hop);
    for (let f = 0; f < 513; f++) expect(v[f]).toBeCloseTo(fixture.logmag[f], 9);
  });
});

describe('the pattern of a synthetic tone', () => {
  // A cosine at an even FFT bin k0 has the same phase at every frame start (hop = N/2), so each interior frame gives
  // X_t[k0] = N/4 and X_t[k0 ± 1] = −N/8 (periodic Hann): bit k0 is +1 and its neighbours −1.
  const fs = 22050;
  const k0 = 40;
  const x = Float64Array.from({ length: fs }, (_, n) => Math.cos((2 * Math.PI * k0 * n) / 1024));

  it('bits at the tone and its Hann side lobes', () => {
    const m = meanSpectrum(x, 1024, 512);
    const frames = frameCount(fs, 512);
    // Interior frames are exact; the 2 edge frames (half zero-padded) only add a bounded amount.
    expect(m.re[k0]).toBeGreaterThan((256 * (frames - 2)) / frames - 256 / frames);
    expect(m.re[k0 - 1]).toBeLessThan(0);
    expect(m.re[k0 + 1]).toBeLessThan(0);
    const xi = audioFeatureVector(audio(x, fs), { kind: 'paper' });
    const bits = binarize(xi);
    expect(bits.length).toBe(513);
    expect([bits[k0 - 1], bits[k0], bits[k0 + 1]]).toEqual([-1, 1, -1]);
  });

  it('negating the recording flips every bit that is not exactly zero', () => {
    const a = audioFeatureVector(audio(x, fs), { kind: 'paper' });
    const b = audioFeatureVector(
      audio(
        x.map((v) => -v),
        fs,
      ),
      { kind: 'paper' },
    );
    for (let f = 0; f < 513; f++) if (a[f] !== 0) expect(binarize([b[f]])[0]).toBe(-binarize([a[f]])[0]);
  });
});

describe('phase-invariant log-magnitude feature', () => {
  const fs = 22050;
  const x = fixtureSignal(fs, fs);

  it('a delay of 100 samples scrambles the paper bits but keeps the logmag bits', () => {
    const delayed = new Float64Array(fs + 100);
    delayed.set(x, 100);
    const overlap = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0) / a.length;
    const pa = binarize(audioFeatureVector(audio(x, fs), { kind: 'paper' }));
    const pb = binarize(audioFeatureVector(audio(delayed, fs), { kind: 'paper' }));
    const va = audioFeatureVector(audio(x, fs), { kind: 'logmag' });
    const vb = audioFeatureVector(audio(delayed, fs), { kind: 'logmag' });
    // Centre on a small "stored set" so the bits are balanced.
    const noise = Float64Array.from({ length: fs }, (_, n) => Math.sin(n * n * 0.001));
    const center = featureCenter([va, audioFeatureVector(audio(noise, fs), { kind: 'logmag' })]);
    const la = binarize(va, center);
    const lb = binarize(vb, center);
    expect(Math.abs(overlap(pa, pb))).toBeLessThan(0.5);
    expect(overlap(la, lb)).toBeGreaterThan(0.95);
  });

  it('the gain of the recording does not change it where the spectrum is above the floor', () => {
    // Tones over white noise at −26 dB: every bin is far above the −100 dB floor.
    const rng = createRng(5);
    const noisy = x.map((v) => v + 0.05 * rng.normal());
    const a = logMagnitudeSpectrum(noisy, 1024, 512);
    const b = logMagnitudeSpectrum(
      noisy.map((v) => 0.1 * v),
      1024,
      512,
    );
    for (let f = 0; f < 513; f++) expect(Math.abs(a[f] - b[f])).toBeLessThan(1e-3);
    // Pure tones leave most bins near the floor, where a gain change does shift the vector.
    const c = logMagnitudeSpectrum(
      x.map((v) => 0.1 * v),
      1024,
      512,
    );
    const tonal = logMagnitudeSpectrum(x, 1024, 512);
    expect(Math.max(...Array.from(tonal, (v, f) => Math.abs(v - c[f])))).toBeGreaterThan(1e-2);
  });

  it('binarize and featureCenter validate their input', () => {
    expect(() => binarize([1, 2], [0])).toThrow(/center must have length 2/);
    expect(() => featureCenter([])).toThrow(RangeError);
    expect(Array.from(binarize([0.5, 0, -1]))).toEqual([1, -1, -1]);
  });
});

describe('resampling to the analysis rate', () => {
  const rms = (a: ArrayLike<number>, from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += a[i] * a[i];
    return Math.sqrt(s / (to - from));
  };

  for (const from of [8000, 16000, 44100, 48000]) {
    it(`a 440 Hz sine from ${from} Hz to 22050 Hz matches the sine sampled at 22050 Hz`, () => {
      const x = Float64Array.from({ length: from / 2 }, (_, n) => Math.sin((2 * Math.PI * 440 * n) / from));
      const y = resample(x, from, 22050);
      expect(y.length).toBe(Math.ceil((x.length * 22050) / from));
      let err = 0;
      for (let j = 500; j < y.length - 500; j++)
        err = Math.max(err, Math.abs(y[j] - Math.sin((2 * Math.PI * 440 * j) / 22050)));
      expect(err).toBeLessThan(2e-3);
    });
  }

  it('removes content above the new Nyquist frequency (15 kHz tone, 44.1 kHz → 22.05 kHz)', () => {
    const x = Float64Array.from({ length: 22050 }, (_, n) => Math.sin((2 * Math.PI * 15000 * n) / 44100));
    const y = resample(x, 44100, 22050);
    expect(rms(y, 500, y.length - 500)).toBeLessThan(0.005);
  });

  it('the polyphase path equals the direct sum', () => {
    const x = Float64Array.from({ length: 2000 }, (_, n) => Math.sin(n * 0.37) + Math.cos(n * n * 0.001));
    for (const [a, b] of [
      [16000, 22050],
      [8000, 22050],
      [22050, 8000],
    ]) {
      const p = resample(x, a, b);
      const d = resampleDirect(x, a, b);
      for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(d[i], 10);
    }
  });

  it('rejects bad rates', () => {
    expect(() => resample([1, 2], 0, 22050)).toThrow(/fromRate must be a positive number/);
    expect(() => resample([1, 2], 8000, Number.NaN)).toThrow(/toRate/);
  });
});

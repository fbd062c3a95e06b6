/**
 * The audio panel's drawing and capture helpers in the worker (paper 004 section 5). The identification itself is
 * the registry's: `audio store` stores the bundled recordings, `audio recall` retrieves one query, both run by
 * `experiment.run`. Here: a microphone capture cut to its loudest complete utterance (extractUtterance) and
 * written as a WAV file (the query `audio recall` reads), and the pictures of a recall — the query's spectrogram,
 * its bits and those of the stored recording it reached.
 */
import { patternRow } from '../../../src/core/patterns.js';
import { analysisSignal, powerSpectrogram } from '../../../src/data/audioFeatures.js';
import {
  type AudioMemory,
  encodeQuery,
  loadAudioMemory,
  recordingFromBytes,
} from '../../../src/data/audioMemory.js';
import { encodeWav } from '../../../src/data/wav.js';
import type { LoadedFile } from '../../../src/experiments/params.js';
import type { Handler } from '../protocol.js';

/** The pictures of a recall (drawing only). */
export interface AudioPictures {
  /** Bits of the query, of the stored pattern reached (±1 as Int8). */
  readonly queryBits: Int8Array;
  readonly storedBits: Int8Array;
  /** Bit grid shape for display (rows × cols = N). */
  readonly rows: number;
  readonly cols: number;
  /** log₁₀ power spectrogram of the query at the analysis rate, frames × bins row-major. */
  readonly spectrogram: Float32Array;
  readonly frames: number;
  readonly bins: number;
  /** Seconds of the query. */
  readonly seconds: number;
}

/** A capture cut to one utterance, as the WAV bytes of the query, and where it was cut (seconds). */
export interface AudioCapture {
  readonly wav: Uint8Array;
  readonly cut: { start: number; end: number; captured: number };
}

let cache: { key: string; mem: AudioMemory } | null = null;

/** The stored memory of a model file (decoded once per model). */
function memoryOf(model: LoadedFile): AudioMemory {
  const key = `${model.name}/${model.bytes.length}`;
  if (cache?.key !== key)
    cache = { key, mem: loadAudioMemory(JSON.parse(new TextDecoder().decode(model.bytes))) };
  return cache.mem;
}

/**
 * The loudest complete utterance of a capture: 10 ms frames, voiced when their mean square is within 35 dB of the
 * loudest frame (and above 10⁻⁸), voiced runs joined across gaps under 250 ms, runs shorter than 100 ms dropped;
 * of the runs that touch neither end of the capture the one with the most energy (any run when none is complete),
 * with 50 ms of margin. Throws for a silent capture.
 */
export function extractUtterance(
  samples: ArrayLike<number>,
  rate: number,
): { samples: Float64Array; start: number; end: number } {
  const hop = Math.max(1, Math.round(rate / 100));
  const frames = Math.floor(samples.length / hop);
  const e = new Float64Array(frames);
  let max = 0;
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (let k = t * hop; k < (t + 1) * hop; k++) s += samples[k] * samples[k];
    e[t] = s / hop;
    if (e[t] > max) max = e[t];
  }
  const floor = Math.max(max * 10 ** -3.5, 1e-8);
  if (!(max > 1e-8))
    throw new RangeError('the recording is silent: no sound reached the microphone (check its input level)');
  const runs: { a: number; b: number; energy: number }[] = [];
  for (let t = 0; t < frames; t++) {
    if (e[t] < floor) continue;
    const last = runs[runs.length - 1];
    if (last && t - last.b <= 25) {
      last.b = t;
      last.energy += e[t];
    } else runs.push({ a: t, b: t, energy: e[t] });
  }
  const long = runs.filter((r) => r.b - r.a + 1 >= 10);
  const pool = long.length ? long : runs;
  const complete = pool.filter((r) => r.a > 0 && r.b < frames - 1);
  const best = (complete.length ? complete : pool).reduce((x, y) => (y.energy > x.energy ? y : x));
  const start = Math.max(0, (best.a - 5) * hop);
  const end = Math.min(samples.length, (best.b + 6) * hop);
  return {
    samples: Float64Array.from(Array.prototype.slice.call(samples, start, end) as number[]),
    start,
    end,
  };
}

/** Bit grid of a feature for display: logmel rows (segments, then deltas) × bands; otherwise near-square. */
function gridOf(mem: AudioMemory, n: number): { rows: number; cols: number } {
  const f = mem.encoding.feature as { kind: string; nMels?: number };
  if (f.kind === 'logmel' && f.nMels) return { rows: n / f.nMels, cols: f.nMels };
  const cols = Math.ceil(Math.sqrt(n * 1.4));
  return { rows: Math.ceil(n / cols), cols };
}

const toBits = (x: ArrayLike<number>) => Int8Array.from(x as ArrayLike<number>, (v) => (v > 0 ? 1 : -1));

export const audioHandlers: Record<string, Handler> = {
  /** A microphone capture as the WAV bytes of its loudest complete utterance. */
  'audio.capture': ((a: { samples: Float32Array; sampleRate: number }) => {
    const u = extractUtterance(a.samples, a.sampleRate);
    return {
      wav: encodeWav([u.samples], a.sampleRate, '32f'),
      cut: {
        start: u.start / a.sampleRate,
        end: u.end / a.sampleRate,
        captured: a.samples.length / a.sampleRate,
      },
    } satisfies AudioCapture;
  }) as Handler,

  /** The pictures of a recall: the query's spectrogram and bits, and the bits of the stored recording reached. */
  'audio.pictures': ((a: { model: LoadedFile; wav: LoadedFile; recording: string }) => {
    const mem = memoryOf(a.model);
    const { audio } = recordingFromBytes(a.wav.name, a.wav.bytes);
    const pattern = encodeQuery(audio, mem.encoding);
    const index = Math.max(0, mem.names.indexOf(a.recording));
    const spectrum = mem.encoding.spectrum;
    const sg = powerSpectrogram(analysisSignal(audio, spectrum), spectrum.nFft, spectrum.hop);
    return {
      queryBits: toBits(pattern),
      storedBits: toBits(patternRow(mem.patterns, index)),
      ...gridOf(mem, mem.patterns.n),
      spectrogram: Float32Array.from(sg.power, (v) => Math.log10(v + 1e-12)),
      frames: sg.frames,
      bins: sg.bins,
      seconds: audio.duration,
    } satisfies AudioPictures;
  }) as Handler,
};

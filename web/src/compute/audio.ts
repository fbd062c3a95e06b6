/**
 * Audio memory in the worker (paper 004 section 5): the bundled recordings are fetched, encoded and stored once
 * per (set, feature, rule) with the library's buildAudioMemory; a query (a bundled file, or samples captured from
 * the microphone) is encoded with encodeQuery and identified with recallPattern, so a bundled query gives the
 * numbers of `hopfield audio recall` for the same seed. A microphone capture is first cut to its loudest complete
 * utterance (extractUtterance).
 */

import { patternRow } from '../../../src/core/patterns.js';
import { createRng } from '../../../src/core/rng/index.js';
import {
  type AudioFeatureKind,
  analysisSignal,
  audioFeature,
  defaultSpectrum,
  powerSpectrogram,
} from '../../../src/data/audioFeatures.js';
import {
  type AudioMemory,
  buildAudioMemory,
  encodeQuery,
  type Recording,
  recordingFromBytes,
} from '../../../src/data/audioMemory.js';
import type { DecodedAudio } from '../../../src/data/wav.js';
import { recallPattern } from '../../../src/experiments/audio/run.js';
import { ruleFromName } from '../../../src/experiments/registry/common.js';
import type { Handler } from '../protocol.js';

/** A bundled file: its name (label up to the first '_' or '.') and its absolute URL. */
export interface AudioFile {
  readonly name: string;
  readonly url: string;
}

/** The query of an identification: a bundled file, or mono samples captured in the page. */
export type AudioQuery =
  | { readonly kind: 'file'; readonly file: AudioFile }
  | { readonly kind: 'samples'; readonly samples: Float32Array; readonly sampleRate: number };

export interface AudioIdentifyArgs {
  /** Key of the stored set (cache key together with feature and rule). */
  readonly set: string;
  readonly stored: readonly AudioFile[];
  readonly feature: AudioFeatureKind;
  readonly rule: 'hebb' | 'storkey' | 'pinv';
  readonly query: AudioQuery;
  readonly flip: number;
  readonly sweeps: number;
  readonly seed: number;
}

/** What the panel draws. */
export interface AudioIdentifyView {
  readonly p: number;
  readonly n: number;
  readonly query: string;
  /** Label of the query (file name up to '_' or '.'; '' for a microphone capture). */
  readonly queryLabel: string;
  readonly identified: string;
  readonly recording: string;
  readonly overlap: number;
  readonly margin: number;
  readonly initialOverlap: number;
  readonly state: string;
  readonly sweeps: number;
  /** The largest final overlaps, descending. */
  readonly top: { name: string; label: string; overlap: number }[];
  /** Bits of the query, of the identified stored pattern (±1 as Int8). */
  readonly queryBits: Int8Array;
  readonly storedBits: Int8Array;
  /** Bit grid shape for display (rows × cols = N). */
  readonly rows: number;
  readonly cols: number;
  /** log₁₀ power spectrogram of the query at the analysis rate, frames × bins row-major. */
  readonly spectrogram: Float32Array;
  readonly frames: number;
  readonly bins: number;
  readonly analysisRate: number;
  /** Seconds of the query used, and where it was cut from a capture (null for a file). */
  readonly seconds: number;
  readonly cut: { start: number; end: number; captured: number } | null;
  readonly buildMs: number;
}

let cache: { key: string; mem: AudioMemory } | null = null;

async function fetchRecording(f: AudioFile): Promise<Recording> {
  const r = await fetch(f.url);
  if (!r.ok) throw new Error(`${f.name}: HTTP ${r.status}`);
  return recordingFromBytes(f.name, new Uint8Array(await r.arrayBuffer()));
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
function gridOf(feature: AudioFeatureKind, n: number): { rows: number; cols: number } {
  if (feature === 'logmel') {
    const f = audioFeature('logmel') as { nMels: number };
    return { rows: n / f.nMels, cols: f.nMels };
  }
  const cols = Math.ceil(Math.sqrt(n * 1.4));
  return { rows: Math.ceil(n / cols), cols };
}

const toBits = (x: ArrayLike<number>) => Int8Array.from(x as ArrayLike<number>, (v) => (v > 0 ? 1 : -1));

export const audioHandlers: Record<string, Handler> = {
  'audio.identify': (async (a: AudioIdentifyArgs, progress) => {
    const feature = audioFeature(a.feature);
    const spectrum = defaultSpectrum(a.feature);
    const key = `${a.set}/${a.feature}/${a.rule}`;
    let buildMs = 0;
    if (cache?.key !== key) {
      cache = null;
      const t0 = performance.now();
      progress({ stage: `fetching ${a.stored.length} recordings` });
      const recordings = await Promise.all(a.stored.map(fetchRecording));
      progress({ stage: `encoding and storing ${recordings.length} recordings` });
      cache = { key, mem: buildAudioMemory(recordings, { feature, rule: ruleFromName(a.rule), spectrum }) };
      buildMs = performance.now() - t0;
    }
    const { mem } = cache;
    let audio: DecodedAudio;
    let name: string;
    let label: string;
    let cut: AudioIdentifyView['cut'] = null;
    if (a.query.kind === 'file') {
      const rec = await fetchRecording(a.query.file);
      audio = rec.audio;
      name = rec.name;
      label = rec.label;
    } else {
      const { samples, sampleRate } = a.query;
      const u = extractUtterance(samples, sampleRate);
      cut = { start: u.start / sampleRate, end: u.end / sampleRate, captured: samples.length / sampleRate };
      audio = {
        sampleRate,
        channels: 1,
        format: '32f',
        samples: u.samples,
        duration: u.samples.length / sampleRate,
      };
      name = 'microphone';
      label = '';
    }
    const pattern = encodeQuery(audio, mem.encoding);
    const r = recallPattern(
      mem,
      pattern,
      { flip: a.flip, dynamics: 'sequential', sweeps: a.sweeps },
      createRng(a.seed),
    );
    const top = Array.from(r.overlaps, (overlap, mu) => ({ mu, overlap }))
      .sort((x, y) => y.overlap - x.overlap || x.mu - y.mu)
      .slice(0, 10)
      .map((x) => ({ name: mem.names[x.mu], label: mem.labels[x.mu], overlap: x.overlap }));
    const x = analysisSignal(audio, spectrum);
    const sg = powerSpectrogram(x, spectrum.nFft, spectrum.hop);
    const spectrogram = Float32Array.from(sg.power, (v) => Math.log10(v + 1e-12));
    return {
      p: mem.patterns.p,
      n: mem.patterns.n,
      query: name,
      queryLabel: label,
      identified: r.identified,
      recording: r.recording,
      overlap: r.overlap,
      margin: r.margin,
      initialOverlap: r.initialOverlap,
      state: r.state,
      sweeps: r.sweeps,
      top,
      queryBits: toBits(pattern),
      storedBits: toBits(patternRow(mem.patterns, r.index)),
      ...gridOf(a.feature, mem.patterns.n),
      spectrogram,
      frames: sg.frames,
      bins: sg.bins,
      analysisRate: spectrum.sampleRate,
      seconds: audio.duration,
      cut,
      buildMs,
    } satisfies AudioIdentifyView;
  }) as Handler,
};

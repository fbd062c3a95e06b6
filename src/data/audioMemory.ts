/**
 * Audio memories (paper 004 section 5): recordings encoded as ±1 patterns (src/data/audioFeatures.ts), stored in
 * a classical network (or a binary dense memory), and saved to / loaded from a model envelope with the encoding in
 * `meta`.
 * Pure: recordings come in decoded; reading files is src/node/audioFiles.ts, retrieval experiments are
 * src/experiments/audio/run.ts.
 */
import {
  type ClassicalNetwork,
  type CouplingRule,
  loadClassical,
  saveClassical,
  trainClassical,
} from '../core/models/classical.js';
import { type BinaryDenseF, checkBinaryDenseF } from '../core/models/denseBinary.js';
import { type PatternSet, patternSet } from '../core/patterns.js';
import {
  checkEnvelope,
  decodeFloat64,
  decodePatterns as decodeStoredPatterns,
  encodeFloat64,
  encodePatterns,
} from '../core/serialize.js';
import {
  AUDIO_FEATURE_KINDS,
  type AudioFeature,
  audioFeatureVector,
  binarize,
  checkAudioFeature,
  checkSpectrumConfig,
  defaultSpectrum,
  featureCenter,
  featureSize,
  type SpectrumConfig,
} from './audioFeatures.js';
import { checkAudible, type DecodedAudio, decodeWav, WavError } from './wav.js';

/** A decoded recording with its file name and label. */
export interface Recording {
  /** File name (no directory), e.g. `7.wav` or `7_alice_3.wav`. */
  readonly name: string;
  readonly label: string;
  readonly audio: DecodedAudio;
}

/** The label of a recording: its file name (without directories) up to the first underscore or dot. */
export function recordingLabel(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const m = /^[^_.]*/.exec(base);
  return m ? m[0] : base;
}

/** Order file names with numbers compared by value (`2.wav` before `10.wav`). */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Decode one WAV file's bytes to a labelled recording (label: recordingLabel of the name); throws WavError naming
 * the file for undecodable, silent or one-sample recordings and rates outside 1–384 kHz.
 */
export function recordingFromBytes(name: string, bytes: Uint8Array): Recording {
  const audio = decodeWav(bytes, name);
  checkAudible(audio, name);
  const base = name.split(/[\\/]/).pop() ?? name;
  return { name: base, label: recordingLabel(base), audio };
}

/** Decode every `.wav` file of a folder's files, in natural name order; WavError for a folder without one. */
export function recordingsFromFiles(
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  where = 'folder',
): Recording[] {
  const wavs = files.filter((f) => /\.wav$/i.test(f.name)).sort((a, b) => naturalCompare(a.name, b.name));
  if (wavs.length === 0) throw new WavError(`${where}: no .wav files in this directory`);
  return wavs.map((f) => recordingFromBytes(f.name, f.bytes));
}

/** How recordings are turned into ±1 patterns: the feature, the spectrum settings and the binarization centre. */
export interface AudioEncoding {
  readonly feature: AudioFeature;
  readonly spectrum: SpectrumConfig;
  /** Per-bin centre subtracted before the sign ('logmag': mean over the stored set; 'paper': none). */
  readonly center: Float64Array | null;
}

/** Patterns of a set of recordings, with the encoding that produced them (the centre is fitted on this set). */
export function encodeRecordings(
  recordings: readonly Recording[],
  feature: AudioFeature,
  spectrum: SpectrumConfig = defaultSpectrum(feature.kind),
): { patterns: PatternSet; encoding: AudioEncoding } {
  if (recordings.length === 0) throw new RangeError('recordings must hold at least one recording (got 0)');
  checkSpectrumConfig(spectrum);
  checkAudioFeature(feature);
  return encodeVectors(recordingVectors(recordings, feature, spectrum), feature, spectrum);
}

/** The real feature vector of each recording (errors name the recording). */
export function recordingVectors(
  recordings: readonly Recording[],
  feature: AudioFeature,
  spectrum: SpectrumConfig = defaultSpectrum(feature.kind),
): Float64Array[] {
  return recordings.map((r) => {
    try {
      return audioFeatureVector(r.audio, feature, spectrum);
    } catch (e) {
      if (e instanceof RangeError) throw new RangeError(`${r.name}: ${e.message}`);
      throw e;
    }
  });
}

/** Binarize feature vectors into patterns; 'logmag' fits its centre (mean over the vectors), the others have none. */
export function encodeVectors(
  vectors: readonly Float64Array[],
  feature: AudioFeature,
  spectrum: SpectrumConfig,
): { patterns: PatternSet; encoding: AudioEncoding } {
  if (vectors.length === 0) throw new RangeError('vectors must hold at least one feature vector (got 0)');
  let center: Float64Array | null;
  switch (feature.kind) {
    case 'paper':
    case 'logmel':
      center = null;
      break;
    case 'logmag':
      center = featureCenter(vectors);
      break;
    default: {
      const never: never = feature;
      throw new TypeError(`unknown audio feature ${JSON.stringify(never)}`);
    }
  }
  const n = featureSize(feature, spectrum);
  const data = new Float64Array(vectors.length * n);
  vectors.forEach((v, mu) => {
    data.set(binarize(v, center ?? undefined), mu * n);
  });
  return { patterns: patternSet(vectors.length, n, data), encoding: { feature, spectrum, center } };
}

/** The ±1 pattern of one recording under an existing encoding (the stored set's centre). */
export function encodeQuery(audio: DecodedAudio, encoding: AudioEncoding): Float64Array {
  const v = audioFeatureVector(audio, encoding.feature, encoding.spectrum);
  return binarize(v, encoding.center ?? undefined);
}

/**
 * Recordings stored in a memory, with what is needed to identify queries: a classical network (`network`), or a
 * binary dense memory E(σ) = −Σ_μ F(ξ^μ·σ) (`dense`: F = xⁿ or eˣ, storing more patterns than N).
 */
export interface AudioMemory {
  /** The classical network (null for a dense memory). */
  readonly network: ClassicalNetwork | null;
  /** The interaction F of a binary dense memory (absent or null for a classical network). */
  readonly dense?: BinaryDenseF | null;
  readonly patterns: PatternSet;
  readonly labels: readonly string[];
  /** File names of the stored recordings. */
  readonly names: readonly string[];
  readonly encoding: AudioEncoding;
}

/**
 * Encode the recordings and store them with a coupling rule (paper 004 section 5 uses Hebb's), or, with `dense`,
 * in a binary dense memory with interaction F (no couplings; any number of patterns).
 */
export function buildAudioMemory(
  recordings: readonly Recording[],
  cfg: {
    readonly feature: AudioFeature;
    readonly rule: CouplingRule;
    readonly spectrum?: SpectrumConfig;
    readonly dense?: BinaryDenseF;
  },
): AudioMemory {
  const { patterns, encoding } = encodeRecordings(
    recordings,
    cfg.feature,
    cfg.spectrum ?? defaultSpectrum(cfg.feature.kind),
  );
  if (cfg.dense) checkBinaryDenseF(cfg.dense);
  return {
    network: cfg.dense ? null : trainClassical(patterns, cfg.rule),
    dense: cfg.dense ?? null,
    patterns,
    labels: recordings.map((r) => r.label),
    names: recordings.map((r) => r.name),
    encoding,
  };
}

const AUDIO_META = 'hopfield.audio';
const DENSE_AUDIO_TYPE = 'hopfield.audio-dense';
const DENSE_AUDIO_VERSION = 1;

/**
 * Serialize: a classical network to the classical model envelope, with patterns, labels and the encoding in
 * `meta`; a dense memory to `{type: 'hopfield.audio-dense', version: 1, params: {n, f}, patterns, labels, meta}`.
 */
export function saveAudioMemory(mem: AudioMemory): Record<string, unknown> {
  const { feature, spectrum, center } = mem.encoding;
  const meta = {
    kind: AUDIO_META,
    feature,
    spectrum,
    center: center ? encodeFloat64(center) : null,
    names: mem.names,
  };
  if (mem.dense || !mem.network) {
    if (!mem.dense) throw new TypeError('audio memory must hold a network or a dense interaction');
    return {
      type: DENSE_AUDIO_TYPE,
      version: DENSE_AUDIO_VERSION,
      params: { n: mem.patterns.n, f: mem.dense },
      patterns: encodePatterns(mem.patterns),
      labels: mem.labels,
      meta,
    };
  }
  return saveClassical(mem.network, { patterns: mem.patterns, labels: mem.labels, meta });
}

/** The parts of a saved dense audio memory (envelope checked, patterns ±1). */
function loadDenseEnvelope(value: unknown): {
  dense: BinaryDenseF;
  n: number;
  patterns: PatternSet | undefined;
  labels: readonly string[] | undefined;
  meta: Record<string, unknown> | undefined;
} {
  const env = checkEnvelope(value, DENSE_AUDIO_TYPE, [DENSE_AUDIO_VERSION]);
  const { n, f } = env.params as { n?: unknown; f?: unknown };
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 100_000)
    throw new TypeError(`model params.n must be an integer in [1, 100000] (got ${JSON.stringify(n)})`);
  const dense = f as BinaryDenseF;
  try {
    if (typeof dense !== 'object' || dense === null)
      throw new TypeError('must be {kind: "exp"} or {kind: "poly", degree}');
    checkBinaryDenseF(dense);
  } catch (e) {
    throw new TypeError(`model params.f: ${(e as Error).message} (got ${JSON.stringify(f)})`);
  }
  const v = value as Record<string, unknown>;
  const labels = v.labels;
  if (labels != null && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')))
    throw new TypeError('model labels must be a list of strings');
  return {
    dense,
    n: n as number,
    patterns: decodeStoredPatterns(v.patterns, n as number),
    labels: (labels ?? undefined) as readonly string[] | undefined,
    meta: (v.meta ?? undefined) as Record<string, unknown> | undefined,
  };
}

/** Parse a saved audio memory (classical or dense); throws TypeError naming what is missing or malformed. */
export function loadAudioMemory(value: unknown): AudioMemory {
  const isDense = (value as { type?: unknown } | null)?.type === DENSE_AUDIO_TYPE;
  const parts = isDense
    ? { network: null, ...loadDenseEnvelope(value) }
    : (() => {
        const c = loadClassical(value);
        return { ...c, dense: null, n: c.network.n };
      })();
  const { network, dense, patterns, labels, meta } = parts;
  const nBits = parts.n;
  if (!meta || meta.kind !== AUDIO_META)
    throw new TypeError(`model is not an audio memory (meta.kind must be "${AUDIO_META}")`);
  if (!patterns || !labels) throw new TypeError('audio model must hold its patterns and labels');
  const feature = meta.feature as AudioFeature;
  if (!feature || !AUDIO_FEATURE_KINDS.includes((feature as { kind: AudioFeature['kind'] }).kind))
    throw new TypeError(
      `model meta.feature.kind must be one of ${AUDIO_FEATURE_KINDS.join(', ')} (got ${JSON.stringify(feature)})`,
    );
  try {
    checkAudioFeature(feature);
  } catch (e) {
    throw new TypeError(`model meta.feature: ${(e as Error).message}`);
  }
  const spectrum = meta.spectrum as SpectrumConfig;
  if (typeof spectrum !== 'object' || spectrum === null)
    throw new TypeError('model meta.spectrum must be {sampleRate, nFft, hop}');
  try {
    checkSpectrumConfig(spectrum);
  } catch (e) {
    throw new TypeError(`model meta.spectrum: ${(e as Error).message}`);
  }
  if (featureSize(feature, spectrum) !== nBits)
    throw new TypeError(
      `model meta.feature and meta.spectrum give ${featureSize(feature, spectrum)} bits, the model has ${nBits}`,
    );
  if (labels.length !== patterns.p) throw new TypeError(`model labels must list ${patterns.p} labels`);
  const center = meta.center == null ? null : decodeFloat64(meta.center, 'model meta.center', nBits);
  if (feature.kind === 'logmag' && !center) throw new TypeError('logmag model must hold meta.center');
  const names = meta.names;
  if (!Array.isArray(names) || names.length !== patterns.p || !names.every((s) => typeof s === 'string'))
    throw new TypeError(`model meta.names must list ${patterns.p} file names`);
  return {
    network,
    dense,
    patterns,
    labels,
    names: names as string[],
    encoding: { feature, spectrum, center },
  };
}

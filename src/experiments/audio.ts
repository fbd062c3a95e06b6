/**
 * Audio retrieval of spoken numbers (paper 004 section 5): recordings become ±1 patterns of n_fft/2 + 1 = 513
 * bits, a classical network stores them, and a query (a stored recording with flipped bits, or a new
 * utterance) is identified by the stored pattern with the largest final Mattis overlap after the dynamics.
 * Everything here is pure: recordings come in decoded, results go out as typed values.
 */
import { type ClassicalDynamics, runDynamics } from '../core/dynamics/classical.js';
import {
  type ClassicalNetwork,
  type CouplingRule,
  loadClassical,
  saveClassical,
  trainClassical,
} from '../core/models/classical.js';
import {
  corruptByFraction,
  mattisOverlap,
  mattisOverlaps,
  type PatternSet,
  patternRow,
  patternSet,
} from '../core/patterns.js';
import type { Rng } from '../core/rng/index.js';
import { decodeFloat64, encodeFloat64 } from '../core/serialize.js';
import {
  type AudioFeature,
  audioFeatureVector,
  binarize,
  checkSpectrumConfig,
  featureCenter,
  PAPER_SPECTRUM,
  type SpectrumConfig,
  spectrumSize,
} from '../data/audioFeatures.js';
import type { DecodedAudio } from '../data/wav.js';
import { classifyOverlap, type RetrievalState } from './classical.js';
import { type ExperimentHooks, progressCounter } from './types.js';

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
  spectrum: SpectrumConfig = PAPER_SPECTRUM,
): { patterns: PatternSet; encoding: AudioEncoding } {
  if (recordings.length === 0) throw new RangeError('recordings must hold at least one recording (got 0)');
  checkSpectrumConfig(spectrum);
  const vectors = recordings.map((r) => audioFeatureVector(r.audio, feature, spectrum));
  let center: Float64Array | null;
  switch (feature.kind) {
    case 'paper':
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
  const n = spectrumSize(spectrum);
  const data = new Float64Array(recordings.length * n);
  vectors.forEach((v, mu) => {
    data.set(binarize(v, center ?? undefined), mu * n);
  });
  return { patterns: patternSet(recordings.length, n, data), encoding: { feature, spectrum, center } };
}

/** The ±1 pattern of one recording under an existing encoding (the stored set's centre). */
export function encodeQuery(audio: DecodedAudio, encoding: AudioEncoding): Float64Array {
  const v = audioFeatureVector(audio, encoding.feature, encoding.spectrum);
  return binarize(v, encoding.center ?? undefined);
}

/** A classical network holding recordings, with what is needed to identify queries. */
export interface AudioMemory {
  readonly network: ClassicalNetwork;
  readonly patterns: PatternSet;
  readonly labels: readonly string[];
  /** File names of the stored recordings. */
  readonly names: readonly string[];
  readonly encoding: AudioEncoding;
}

/** Encode the recordings and store them with a coupling rule (paper 004 section 5 uses Hebb's). */
export function buildAudioMemory(
  recordings: readonly Recording[],
  cfg: { readonly feature: AudioFeature; readonly rule: CouplingRule; readonly spectrum?: SpectrumConfig },
): AudioMemory {
  const { patterns, encoding } = encodeRecordings(recordings, cfg.feature, cfg.spectrum ?? PAPER_SPECTRUM);
  return {
    network: trainClassical(patterns, cfg.rule),
    patterns,
    labels: recordings.map((r) => r.label),
    names: recordings.map((r) => r.name),
    encoding,
  };
}

const AUDIO_META = 'hopfield.audio';

/** Serialize to the classical model envelope, with patterns, labels and the encoding in `meta`. */
export function saveAudioMemory(mem: AudioMemory): Record<string, unknown> {
  const { feature, spectrum, center } = mem.encoding;
  return saveClassical(mem.network, {
    patterns: mem.patterns,
    labels: mem.labels,
    meta: {
      kind: AUDIO_META,
      feature,
      spectrum,
      center: center ? encodeFloat64(center) : null,
      names: mem.names,
    },
  });
}

/** Parse a saved audio memory; throws TypeError naming what is missing or malformed. */
export function loadAudioMemory(value: unknown): AudioMemory {
  const { network, patterns, labels, meta } = loadClassical(value);
  if (!meta || meta.kind !== AUDIO_META)
    throw new TypeError(`model is not an audio memory (meta.kind must be "${AUDIO_META}")`);
  if (!patterns || !labels) throw new TypeError('audio model must hold its patterns and labels');
  const feature = meta.feature as AudioFeature;
  if (!feature || !['paper', 'logmag'].includes((feature as { kind: string }).kind))
    throw new TypeError(`model meta.feature.kind must be paper or logmag (got ${JSON.stringify(feature)})`);
  const spectrum = meta.spectrum as SpectrumConfig;
  if (typeof spectrum !== 'object' || spectrum === null)
    throw new TypeError('model meta.spectrum must be {sampleRate, nFft, hop}');
  try {
    checkSpectrumConfig(spectrum);
  } catch (e) {
    throw new TypeError(`model meta.spectrum: ${(e as Error).message}`);
  }
  if (spectrumSize(spectrum) !== network.n)
    throw new TypeError(
      `model meta.spectrum gives ${spectrumSize(spectrum)} bins, the network has ${network.n}`,
    );
  const center = meta.center == null ? null : decodeFloat64(meta.center, 'model meta.center', network.n);
  if (feature.kind === 'logmag' && !center) throw new TypeError('logmag model must hold meta.center');
  const names = meta.names;
  if (!Array.isArray(names) || names.length !== patterns.p || !names.every((s) => typeof s === 'string'))
    throw new TypeError(`model meta.names must list ${patterns.p} file names`);
  return { network, patterns, labels, names: names as string[], encoding: { feature, spectrum, center } };
}

/** How a query is retrieved. */
export interface RecallConfig {
  /** Fraction of the query's bits flipped before the dynamics (default 0). */
  readonly flip?: number;
  readonly dynamics: ClassicalDynamics;
  /** Sweep limit (finite temperature: exactly this many sweeps; paper 004 Listing 2 uses 50). */
  readonly sweeps: number;
}

/** What a retrieval gives: the stored recording with the largest final overlap, and how sure that is. */
export interface RecallResult {
  /** Index of the identified stored recording. */
  readonly index: number;
  /** Its file name and label. */
  readonly recording: string;
  readonly identified: string;
  /** Its final Mattis overlap m = (1/N) Σ ξ_i σ_i. */
  readonly overlap: number;
  /** Retrieval (m > 0.9), spurious (0.6 ≤ m ≤ 0.9) or none (paper 004 section 5). */
  readonly state: RetrievalState;
  /** Confidence: overlap minus the runner-up's overlap (the overlap itself when one recording is stored). */
  readonly margin: number;
  /** Overlap of the (flipped) query with the identified pattern before the dynamics. */
  readonly initialOverlap: number;
  /** Final overlaps with every stored pattern. */
  readonly overlaps: Float64Array;
  readonly sweeps: number;
}

/** Flip, run the dynamics, and pick argmax_μ m_μ of the final state (margin: m_best − m_second). */
export function recallPattern(
  mem: AudioMemory,
  query: ArrayLike<number>,
  cfg: RecallConfig,
  rng: Rng,
): RecallResult {
  const flip = cfg.flip ?? 0;
  if (!(flip >= 0 && flip <= 1)) throw new RangeError(`flip must be in [0, 1] (got ${flip})`);
  if (query.length !== mem.network.n)
    throw new RangeError(`query must have length N = ${mem.network.n} (got ${query.length})`);
  const [rFlip, rDyn] = rng.split(2);
  const start = flip > 0 ? corruptByFraction(rFlip, query, flip) : Float64Array.from(query);
  const res = runDynamics(mem.network, start, cfg.dynamics, rDyn, { maxSweeps: cfg.sweeps });
  const overlaps = mattisOverlaps(mem.patterns, res.state);
  let best = 0;
  for (let mu = 1; mu < overlaps.length; mu++) if (overlaps[mu] > overlaps[best]) best = mu;
  let second = Number.NEGATIVE_INFINITY;
  for (let mu = 0; mu < overlaps.length; mu++)
    if (mu !== best && overlaps[mu] > second) second = overlaps[mu];
  const m = overlaps[best];
  const initial = mattisOverlap(patternRow(mem.patterns, best), start);
  return {
    index: best,
    recording: mem.names[best],
    identified: mem.labels[best],
    overlap: m,
    state: classifyOverlap(m),
    margin: Number.isFinite(second) ? m - second : m,
    initialOverlap: initial,
    overlaps,
    sweeps: res.sweeps,
  };
}

/** One identified query. */
export interface IdentifyRow {
  readonly file: string;
  readonly label: string;
  readonly identified: string;
  readonly correct: boolean;
  readonly overlap: number;
  readonly margin: number;
  readonly state: RetrievalState;
}

export interface IdentifyResult {
  readonly rows: IdentifyRow[];
  /** Share of queries whose identified label equals their own. */
  readonly accuracy: number;
  /** Share of queries whose final overlap exceeds 0.9 (retrieval state). */
  readonly retrievalFraction: number;
}

/** Encode each query with the memory's encoding, recall it (own random stream per query), compare labels. */
export function identifyExperiment(
  mem: AudioMemory,
  queries: readonly Recording[],
  cfg: RecallConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): IdentifyResult {
  if (queries.length === 0) throw new RangeError('queries must hold at least one recording (got 0)');
  const tick = progressCounter(queries.length, hooks);
  const streams = rng.split(queries.length);
  const rows = queries.map((q, k) => {
    const r = recallPattern(mem, encodeQuery(q.audio, mem.encoding), cfg, streams[k]);
    tick();
    return {
      file: q.name,
      label: q.label,
      identified: r.identified,
      correct: r.identified === q.label,
      overlap: r.overlap,
      margin: r.margin,
      state: r.state,
    };
  });
  return {
    rows,
    accuracy: rows.filter((r) => r.correct).length / rows.length,
    retrievalFraction: rows.filter((r) => r.state === 'retrieval').length / rows.length,
  };
}

/** Counts of (true label, identified label) pairs, in the order of `labels`. */
export function confusionCounts(
  rows: readonly Pick<IdentifyRow, 'label' | 'identified'>[],
): { label: string; identified: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify([r.label, r.identified]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [label, identified] = JSON.parse(key) as [string, string];
    return { label, identified, count };
  });
}

/** One point of a retrieval trace. */
export interface RetrievalTraceRow {
  readonly recording: string;
  readonly label: string;
  readonly sweep: number;
  /** Overlap with the target recording after `sweep` sweeps. */
  readonly overlap: number;
}

/** Overlap m(t) with each chosen stored recording during the dynamics from a copy with a fraction of bits flipped. */
export function retrievalTraces(
  mem: AudioMemory,
  indices: readonly number[],
  cfg: RecallConfig,
  rng: Rng,
): RetrievalTraceRow[] {
  const flip = cfg.flip ?? 0;
  for (const mu of indices) {
    if (!Number.isInteger(mu) || mu < 0 || mu >= mem.patterns.p)
      throw new RangeError(`recording index must be an integer in [0, ${mem.patterns.p - 1}] (got ${mu})`);
  }
  const streams = rng.split(Math.max(1, indices.length));
  return indices.flatMap((mu, k) => {
    const [rFlip, rDyn] = streams[k].split(2);
    const target = patternRow(mem.patterns, mu);
    const start = corruptByFraction(rFlip, target, flip);
    const res = runDynamics(mem.network, start, cfg.dynamics, rDyn, { maxSweeps: cfg.sweeps, target });
    return res.overlapTrace.map((overlap, sweep) => ({
      recording: mem.names[mu],
      label: mem.labels[mu],
      sweep,
      overlap,
    }));
  });
}

/** Named coupling rules compared in the phase diagram. */
export interface NamedRule {
  readonly name: string;
  readonly rule: CouplingRule;
}

export interface AudioPhaseDiagramConfig {
  readonly rules: readonly NamedRule[];
  /** Numbers of stored recordings P (each in 1..patterns.p); the paper uses 2..81. */
  readonly loads: readonly number[];
  readonly temperatures: readonly number[];
  /** Fraction of bits flipped in the test pattern (paper: 0.2). */
  readonly flip: number;
  readonly dynamics: 'metropolis' | 'glauber';
  /** Monte Carlo sweeps per run (paper 004 Listing 2: 50). */
  readonly sweeps: number;
  /** Independent random orders averaged (the paper uses one). */
  readonly trials: number;
}

export interface AudioPhaseDiagramRow {
  readonly rule: string;
  readonly p: number;
  /** Load α = P/N. */
  readonly alpha: number;
  readonly temperature: number;
  /** Mean over trials of the final |m| with the tested recording. */
  readonly meanOverlap: number;
  readonly state: RetrievalState;
}

/**
 * The paper's experiment (paper 004 section 5, Listing 3): the recordings in a random order; for each P the
 * first P are stored; a random one of them, with round(rN) bits flipped, starts a Monte Carlo run at each
 * temperature; the final |m| is recorded. All rules see the same order, test pattern, flips and random streams.
 */
export function audioPhaseDiagram(
  patterns: PatternSet,
  cfg: AudioPhaseDiagramConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): AudioPhaseDiagramRow[] {
  const { rules, loads, temperatures, flip, sweeps, trials } = cfg;
  const { n } = patterns;
  if (rules.length === 0) throw new RangeError('rules must name at least one coupling rule (got 0)');
  for (const p of loads) {
    if (!Number.isInteger(p) || p < 1 || p > patterns.p)
      throw new RangeError(`each load P must be an integer in [1, ${patterns.p}] (got ${p})`);
  }
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`trials must be an integer ≥ 1 (got ${trials})`);
  const tick = progressCounter(trials * loads.length * rules.length, hooks);
  const sums = new Float64Array(rules.length * loads.length * temperatures.length);
  for (const rTrial of rng.split(trials)) {
    const [rOrder, rLoads] = rTrial.split(2);
    const order = rOrder.permutation(patterns.p);
    const perLoad = rLoads.split(loads.length);
    loads.forEach((p, a) => {
      const data = new Float64Array(p * n);
      for (let k = 0; k < p; k++) data.set(patternRow(patterns, order[k]), k * n);
      const stored = patternSet(p, n, data);
      const [rPick, rDyn] = perLoad[a].split(2);
      const target = patternRow(stored, rPick.int(p));
      const start = corruptByFraction(rPick, target, flip);
      rules.forEach((named, ri) => {
        const net = trainClassical(stored, named.rule);
        const perT = rDyn.split(temperatures.length); // same streams for every rule
        temperatures.forEach((temperature, t) => {
          const res = runDynamics(net, start, { kind: cfg.dynamics, temperature }, perT[t], {
            maxSweeps: sweeps,
          });
          sums[(ri * loads.length + a) * temperatures.length + t] += Math.abs(
            mattisOverlap(target, res.state),
          );
        });
        tick();
      });
    });
  }
  const rows: AudioPhaseDiagramRow[] = [];
  rules.forEach((named, ri) => {
    loads.forEach((p, a) => {
      temperatures.forEach((temperature, t) => {
        const m = sums[(ri * loads.length + a) * temperatures.length + t] / trials;
        rows.push({
          rule: named.name,
          p,
          alpha: p / n,
          temperature,
          meanOverlap: m,
          state: classifyOverlap(m),
        });
      });
    });
  });
  return rows;
}

/** Pattern overlap matrix q_μν = (1/N) Σ_i ξ^μ_i ξ^ν_i and the mean |q| off the diagonal. */
export function patternOverlapMatrix(patterns: PatternSet): {
  rows: { mu: number; nu: number; overlap: number }[];
  meanAbsOffDiagonal: number;
  meanAgreement: number;
} {
  const { p, n, data } = patterns;
  const rows: { mu: number; nu: number; overlap: number }[] = [];
  let s = 0;
  let agree = 0;
  for (let mu = 0; mu < p; mu++) {
    for (let nu = 0; nu < p; nu++) {
      let q = 0;
      for (let i = 0; i < n; i++) q += data[mu * n + i] * data[nu * n + i];
      q /= n;
      rows.push({ mu, nu, overlap: q });
      if (mu !== nu) {
        s += Math.abs(q);
        agree += (1 + q) / 2;
      }
    }
  }
  const pairs = p * (p - 1);
  return {
    rows,
    meanAbsOffDiagonal: pairs > 0 ? s / pairs : 0,
    meanAgreement: pairs > 0 ? agree / pairs : 1,
  };
}

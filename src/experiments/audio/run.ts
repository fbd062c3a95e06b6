/**
 * Audio retrieval of spoken numbers (paper 004 section 5): recordings become ±1 patterns of n_fft/2 + 1 = 513
 * bits, a classical network stores them, and a query (a stored recording with flipped bits, or a new
 * utterance) is identified by the stored pattern with the largest final Mattis overlap after the dynamics.
 * Everything here is pure: recordings come in decoded, results go out as typed values.
 */
import { type ClassicalDynamics, runDynamics } from '../../core/dynamics/classical.js';
import { trainClassical } from '../../core/models/classical.js';
import { runBinaryDense } from '../../core/models/denseBinary.js';
import {
  corruptByFraction,
  mattisOverlap,
  mattisOverlaps,
  type PatternSet,
  patternRow,
  patternSet,
} from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import { ParamError } from '../../core/validate.js';
import {
  AUDIO_FEATURE_KINDS,
  type AudioFeature,
  type AudioFeatureKind,
  audioFeature,
  binarize,
  defaultSpectrum,
  type SpectrumConfig,
} from '../../data/audioFeatures.js';
import {
  type AudioMemory,
  encodeQuery,
  encodeVectors,
  naturalCompare,
  type Recording,
  recordingVectors,
} from '../../data/audioMemory.js';
import { MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from '../../data/wav.js';
import { classifyOverlap, type RetrievalState } from '../classical/run.js';
import {
  type BundledSet,
  type ConfigOf,
  choice,
  choiceList,
  flag,
  inputDir,
  int,
  num,
  numList,
} from '../params.js';
import {
  ALL_DYNAMICS,
  type DynamicsName,
  dynamicsFromName,
  flip,
  monteCarloDynamics,
  RULE_NAMES,
  rule,
  ruleFromName,
} from '../registry/common.js';
import { type Defaulted, type ExperimentHooks, progressCounter } from '../types.js';

export {
  type AudioEncoding,
  type AudioMemory,
  buildAudioMemory,
  encodeQuery,
  encodeRecordings,
  loadAudioMemory,
  naturalCompare,
  type Recording,
  recordingLabel,
  saveAudioMemory,
} from '../../data/audioMemory.js';

// ---------------------------------------------------------------------------------------------------------------
// Parameters: the specs shared by the audio entries, from which the run configs are derived

/** `--feature`, with the entry's default. */
export const features = (def: AudioFeatureKind) =>
  choice(AUDIO_FEATURE_KINDS, {
    help: 'pattern feature: paper (Re of the mean STFT), logmag (log-magnitude spectrum), logmel (log-mel rows over time, for real speech)',
    default: def,
  });

/** The logmel settings (optional: the defaults of DEFAULT_LOGMEL; refused with another feature). */
export const logmelParams = {
  mels: int({ help: 'logmel: mel bands (default 40)', bounds: { min: 2, max: 256 }, optional: true }),
  segments: int({
    help: 'logmel: time segments the trimmed recording is pooled into (default 8)',
    bounds: { min: 1, max: 100 },
    optional: true,
  }),
  deltas: choice(['on', 'off'] as const, {
    help: 'logmel: also encode differences between consecutive segments (default on)',
    optional: true,
  }),
  preEmphasis: num({
    help: 'logmel: pre-emphasis a of y[t] = x[t] − a·x[t−1], 0 for none (default 0.97)',
    bounds: { min: 0, max: 1, maxExclusive: true },
    optional: true,
  }),
  trimDb: num({
    help: 'logmel: trim frames this many dB below the loudest from both ends, 0 for none (default 30)',
    bounds: { min: 0, max: 200 },
    optional: true,
  }),
};

/** A folder of .wav recordings (`--dir` and its kin); left out, the bundled set `bundled` stands in its place. */
export const recordingsDir = (help: string, bundled: BundledSet = 'audio-numbers') =>
  inputDir({ help, extensions: ['.wav'], optional: true, bundled });

/** `--sample-rate`. */
export const sampleRate = () =>
  int({
    help: 'analysis sample rate in Hz, recordings are resampled to it (default 22050; logmel 8000)',
    bounds: { min: MIN_SAMPLE_RATE, max: MAX_SAMPLE_RATE },
    optional: true,
  });

/** The feature flags: `feature`, `sampleRate` and the logmel settings (left out: their defaults). */
export type FeatureConfig = Defaulted<
  ConfigOf<
    { feature: ReturnType<typeof features>; sampleRate: ReturnType<typeof sampleRate> } & typeof logmelParams
  >,
  'sampleRate' | keyof typeof logmelParams
>;

/** The feature and spectrum of the flags; logmel settings with another feature are refused. */
export function featureOf(c: FeatureConfig): { feature: AudioFeature; spectrum: SpectrumConfig } {
  if (c.feature !== 'logmel') {
    for (const k of ['mels', 'segments', 'deltas', 'preEmphasis', 'trimDb'] as const) {
      if (c[k] !== undefined)
        throw new ParamError(k, `applies to --feature logmel only (got --feature ${c.feature})`);
    }
  }
  const feature = audioFeature(c.feature, {
    ...(c.mels !== undefined ? { nMels: c.mels } : {}),
    ...(c.segments !== undefined ? { segments: c.segments } : {}),
    ...(c.deltas !== undefined ? { deltas: c.deltas === 'on' } : {}),
    ...(c.preEmphasis !== undefined ? { preEmphasis: c.preEmphasis } : {}),
    ...(c.trimDb !== undefined ? { trimDb: c.trimDb } : {}),
  });
  const spectrum = { ...defaultSpectrum(c.feature), ...(c.sampleRate ? { sampleRate: c.sampleRate } : {}) };
  return { feature, spectrum };
}

/** The recall flags: flip, dynamics (default metropolis with --temperature, else sequential), sweeps, vote. */
export const recallParams = {
  flip: flip(0, 'fraction of the query bits flipped before retrieval'),
  dynamics: choice(ALL_DYNAMICS, {
    help: 'dynamics (default: metropolis with --temperature, else sequential at T = 0)',
    optional: true,
  }),
  temperature: num({
    help: 'temperature T of glauber/metropolis dynamics',
    bounds: { min: 0, max: 1e6 },
    optional: true,
  }),
  sweeps: int({
    help: 'sweep limit (finite T: exactly this many; 0: no dynamics, nearest pattern)',
    bounds: { min: 0, max: 100_000 },
    default: 50,
  }),
  vote: flag({
    help: 'identify by the majority label of the k nearest stored patterns (k = fewest stored recordings of a label)',
  }),
};

/**
 * How a query is retrieved: `flip` of its bits flipped first (default 0); the dynamics (default metropolis with a
 * temperature, else sequential at T = 0); `sweeps` the sweep limit (finite temperature: exactly this many; paper
 * 004 Listing 2 uses 50); `vote`: identify by the majority label of the k stored patterns nearest to the final
 * state (k = the fewest stored recordings of any label; ties go to the larger summed overlap).
 */
export type RecallConfig = Defaulted<
  ConfigOf<typeof recallParams>,
  'flip' | 'dynamics' | 'temperature' | 'vote'
>;

/** Dynamics of the recall flags; a temperature with zero-temperature dynamics is refused (ParamError). */
export function recallDynamics(c: { dynamics?: DynamicsName; temperature?: number }): {
  dynamics: ClassicalDynamics;
  name: DynamicsName;
  temperature: number | null;
} {
  const kind: DynamicsName = c.dynamics ?? (c.temperature !== undefined ? 'metropolis' : 'sequential');
  const finite = kind === 'glauber' || kind === 'metropolis';
  if (!finite && c.temperature !== undefined)
    throw new ParamError(
      'temperature',
      `applies to glauber and metropolis dynamics only (got --dynamics ${kind})`,
    );
  if (finite && c.temperature === undefined)
    throw new ParamError('dynamics', `${kind} needs --temperature T (a number ≥ 0)`);
  return {
    dynamics: dynamicsFromName(kind, c.temperature ?? 0),
    name: kind,
    temperature: finite ? (c.temperature as number) : null,
  };
}

/** A recall config with its dynamics resolved. */
interface Recall {
  readonly flip: number;
  readonly dynamics: ClassicalDynamics;
  readonly sweeps: number;
  readonly vote: boolean;
}

function resolveRecall(cfg: RecallConfig): Recall {
  return {
    flip: cfg.flip ?? 0,
    dynamics: recallDynamics(cfg).dynamics,
    sweeps: cfg.sweeps,
    vote: cfg.vote ?? false,
  };
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

/**
 * The final state from `start`: the classical dynamics of the network, or, for a dense memory, its asynchronous
 * zero-temperature dynamics (runBinaryDense, at most `sweeps` sweeps; 0: no dynamics).
 */
function runMemory(
  mem: AudioMemory,
  start: Float64Array,
  cfg: Recall,
  rng: Rng,
): { state: Float64Array; sweeps: number } {
  if (mem.network) return runDynamics(mem.network, start, cfg.dynamics, rng, { maxSweeps: cfg.sweeps });
  if (!mem.dense) throw new TypeError('audio memory must hold a network or a dense interaction');
  if (cfg.dynamics.kind !== 'sequential')
    throw new RangeError(
      `a dense memory runs zero-temperature sequential dynamics only (got ${cfg.dynamics.kind})`,
    );
  if (cfg.sweeps === 0) return { state: Float64Array.from(start), sweeps: 0 };
  const r = runBinaryDense(mem.patterns, start, mem.dense, { maxSweeps: cfg.sweeps, rng });
  return { state: r.state, sweeps: r.sweeps };
}

/** Flip, run the dynamics, and pick argmax_μ m_μ of the final state (margin: m_best − m_second). */
export function recallPattern(
  mem: AudioMemory,
  query: ArrayLike<number>,
  cfg: RecallConfig,
  rng: Rng,
): RecallResult {
  return recall(mem, query, resolveRecall(cfg), rng);
}

function recall(mem: AudioMemory, query: ArrayLike<number>, cfg: Recall, rng: Rng): RecallResult {
  const flip = cfg.flip;
  if (!(flip >= 0 && flip <= 1)) throw new RangeError(`flip must be in [0, 1] (got ${flip})`);
  if (query.length !== mem.patterns.n)
    throw new RangeError(`query must have length N = ${mem.patterns.n} (got ${query.length})`);
  const [rFlip, rDyn] = rng.split(2);
  const start = flip > 0 ? corruptByFraction(rFlip, query, flip) : Float64Array.from(query);
  const res = runMemory(mem, start, cfg, rDyn);
  const overlaps = mattisOverlaps(mem.patterns, res.state);
  let best = 0;
  for (let mu = 1; mu < overlaps.length; mu++) if (overlaps[mu] > overlaps[best]) best = mu;
  let second = Number.NEGATIVE_INFINITY;
  for (let mu = 0; mu < overlaps.length; mu++)
    if (mu !== best && overlaps[mu] > second) second = overlaps[mu];
  const nearest = best;
  if (cfg.vote) best = votedIndex(mem.labels, overlaps);
  const m = overlaps[best];
  const initial = mattisOverlap(patternRow(mem.patterns, best), start);
  return {
    index: best,
    recording: mem.names[best],
    identified: mem.labels[best],
    overlap: m,
    state: classifyOverlap(m),
    margin: best !== nearest ? m - overlaps[nearest] : Number.isFinite(second) ? m - second : m,
    initialOverlap: initial,
    overlaps,
    sweeps: res.sweeps,
  };
}

/** Smallest number of stored patterns of any label (the k of a vote). */
export function fewestPerLabel(labels: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.min(...counts.values());
}

/**
 * Majority vote among the k = fewestPerLabel stored patterns of largest overlap: the winning label (ties: larger
 * summed overlap) and, as the returned index, its pattern of largest overlap.
 */
export function votedIndex(labels: readonly string[], overlaps: Float64Array): number {
  const k = fewestPerLabel(labels);
  const order = Array.from(overlaps, (_, mu) => mu).sort((a, b) => overlaps[b] - overlaps[a] || a - b);
  const votes = new Map<string, { count: number; sum: number; first: number }>();
  for (const mu of order.slice(0, k)) {
    const v = votes.get(labels[mu]) ?? { count: 0, sum: 0, first: mu };
    v.count++;
    v.sum += overlaps[mu];
    votes.set(labels[mu], v);
  }
  let win: { count: number; sum: number; first: number } | undefined;
  for (const v of votes.values()) {
    if (!win || v.count > win.count || (v.count === win.count && v.sum > win.sum)) win = v;
  }
  return (win as { first: number }).first;
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

/** The row of one query recording named `file` with its own `label`, from its recall. */
function identifyRow(file: string, label: string, r: RecallResult): IdentifyRow {
  const { identified, overlap, margin, state } = r;
  return { file, label, identified, correct: identified === label, overlap, margin, state };
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
  const resolved = resolveRecall(cfg);
  const tick = progressCounter(queries.length, hooks);
  const streams = rng.split(queries.length);
  const rows = queries.map((q, k) => {
    const r = recall(mem, encodeQuery(q.audio, mem.encoding), resolved, streams[k]);
    tick();
    return identifyRow(q.name, q.label, r);
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
  const { flip, dynamics } = resolveRecall(cfg);
  for (const mu of indices) {
    if (!Number.isInteger(mu) || mu < 0 || mu >= mem.patterns.p)
      throw new RangeError(`recording index must be an integer in [0, ${mem.patterns.p - 1}] (got ${mu})`);
  }
  const streams = rng.split(Math.max(1, indices.length));
  return indices.flatMap((mu, k) => {
    const [rFlip, rDyn] = streams[k].split(2);
    const target = patternRow(mem.patterns, mu);
    const start = corruptByFraction(rFlip, target, flip);
    if (!mem.network) throw new RangeError('retrieval traces need a classical network (got a dense memory)');
    const res = runDynamics(mem.network, start, dynamics, rDyn, { maxSweeps: cfg.sweeps, target });
    return res.overlapTrace.map((overlap, sweep) => ({
      recording: mem.names[mu],
      label: mem.labels[mu],
      sweep,
      overlap,
    }));
  });
}

/** The parameters of `audio phase-diagram`. */
export const audioPhaseDiagramParams = {
  dir: recordingsDir('recordings (default: the bundled numbers)'),
  feature: features('paper'),
  rule: choiceList(RULE_NAMES, { help: 'coupling rules', default: ['hebb', 'storkey', 'pinv'] }),
  patterns: numList({
    help: 'numbers of stored recordings P: list or range (default: 2 to all)',
    bounds: { min: 1 },
    integer: true,
    optional: true,
  }),
  temperature: numList({
    help: 'temperatures T: list or range',
    bounds: { min: 0, max: 1e6 },
    default: [0.01, ...Array.from({ length: 40 }, (_, k) => Number(((k + 1) * 0.05).toPrecision(12)))],
  }),
  flip: flip(0.2, 'fraction of bits flipped in the tested recording'),
  dynamics: monteCarloDynamics(),
  sweeps: int({ help: 'Monte Carlo sweeps per run', bounds: { min: 1, max: 100_000 }, default: 50 }),
  trials: int({ help: 'random orders averaged', bounds: { min: 1, max: 1000 }, default: 1 }),
  sampleRate: sampleRate(),
  ...logmelParams,
};

/**
 * The phase diagram's config on encoded recordings: `rule` the coupling rules compared, `patterns` the numbers of
 * stored recordings P (each in 1..P of the set; left out: 2 to all), `temperature` the temperatures, `flip` the
 * fraction of bits flipped in the tested recording (paper: 0.2), `sweeps` per run (paper 004 Listing 2: 50),
 * `trials` the random orders averaged (the paper uses one).
 */
export type AudioPhaseDiagramConfig = Defaulted<
  Omit<ConfigOf<typeof audioPhaseDiagramParams>, 'dir' | keyof FeatureConfig>,
  'patterns'
>;

/** The numbers of stored recordings of a phase diagram: `patterns`, else 2 to all of `total` (ParamError past it). */
export function phaseDiagramLoads(patterns: readonly number[] | undefined, total: number): number[] {
  const loads = patterns
    ? [...patterns]
    : Array.from({ length: Math.max(0, total - 1) }, (_, k) => k + 2).filter((p) => p <= total);
  if (loads.length === 0) loads.push(total);
  const tooMany = loads.find((p) => p > total);
  if (tooMany !== undefined)
    throw new ParamError('patterns', `must be a list of integers ≥ 1 and ≤ ${total} (got ${tooMany})`);
  return loads;
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
  const { temperature: temperatures, flip, sweeps, trials } = cfg;
  const { n } = patterns;
  const loads = cfg.patterns ?? phaseDiagramLoads(undefined, patterns.p);
  const rules = [...new Set(cfg.rule)].map((name) => ({ name, rule: ruleFromName(name) }));
  if (rules.length === 0) throw new RangeError('rule must name at least one coupling rule (got 0)');
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

/** The speaker of a recording named `{label}_{speaker}_{index}.wav`: the text between the first two `_` ('' if none). */
export function recordingSpeaker(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const parts = base.replace(/\.[^.]*$/, '').split('_');
  return parts.length >= 3 ? parts[1] : parts.length === 2 ? parts[1] : '';
}

/** The parameters of `audio protocol`. */
export const protocolParams = {
  dir: recordingsDir(
    'recordings named {label}_{speaker}_{index}.wav (default: the bundled FSDD subset)',
    'fsdd',
  ),
  mode: choice(['same', 'cross'] as const, {
    help: 'same: store and query one speaker; cross: store from the other speakers, query the held-out one',
    default: 'same',
  }),
  stored: int({
    help: 'stored recordings per label (per speaker)',
    bounds: { min: 1, max: 1000 },
    default: 1,
  }),
  queries: int({ help: 'query recordings per label', bounds: { min: 1, max: 1000 }, default: 20 }),
  trials: int({ help: 'random draws averaged', bounds: { min: 1, max: 1000 }, default: 1 }),
  feature: features('logmel'),
  rule: rule('pinv'),
  sampleRate: sampleRate(),
  ...logmelParams,
  ...recallParams,
};

/**
 * A speaker protocol (issue: real voices), one draw: `mode` 'same' stores and queries the same speaker, 'cross'
 * stores k per label from each other speaker and queries the held-out one; `stored` k ≥ 1 recordings per label
 * (per speaker), `queries` q ≥ 1 per label; the feature flags, the rule and the recall flags as for the commands.
 */
export type SpeakerProtocolConfig = Omit<
  ConfigOf<typeof protocolParams>,
  'dir' | 'trials' | keyof RecallConfig | keyof FeatureConfig
> &
  FeatureConfig &
  RecallConfig;

/** A protocol config with its feature, rule and recall resolved. */
interface Protocol {
  readonly mode: 'same' | 'cross';
  readonly stored: number;
  readonly queries: number;
  readonly feature: AudioFeature;
  readonly spectrum: SpectrumConfig;
  readonly rule: ReturnType<typeof ruleFromName>;
  readonly recall: Recall;
}

/** The result of one speaker (the queried one). */
export interface SpeakerProtocolRow {
  readonly speaker: string;
  readonly mode: 'same' | 'cross';
  readonly stored: number;
  readonly queries: number;
  readonly accuracy: number;
  readonly rows: IdentifyRow[];
}

/** Recording indices by speaker and label (`recordingSpeaker` of the file names). */
function groupBySpeaker(recordings: readonly Recording[]): Map<string, Map<string, number[]>> {
  const bySpeaker = new Map<string, Map<string, number[]>>();
  recordings.forEach((r, i) => {
    const s = recordingSpeaker(r.name);
    const labels = bySpeaker.get(s) ?? new Map<string, number[]>();
    const list = labels.get(r.label) ?? [];
    list.push(i);
    labels.set(r.label, list);
    bySpeaker.set(s, labels);
  });
  return bySpeaker;
}

/** One queried speaker of a protocol: draw the stored and query recordings, store, identify every query. */
function protocolForSpeaker(
  recordings: readonly Recording[],
  vectors: readonly Float64Array[],
  bySpeaker: Map<string, Map<string, number[]>>,
  speakers: readonly string[],
  speaker: string,
  cfg: Protocol,
  rng: Rng,
): SpeakerProtocolRow {
  const [rDraw, rRecall] = rng.split(2);
  const order = new Map<string, Map<string, number[]>>();
  for (const s of speakers) {
    const m = new Map<string, number[]>();
    const labels = [...(bySpeaker.get(s) as Map<string, number[]>).keys()].sort(naturalCompare);
    for (const label of labels) {
      const list = (bySpeaker.get(s) as Map<string, number[]>).get(label) as number[];
      m.set(
        label,
        Array.from(rDraw.permutation(list.length), (j) => list[j]),
      );
    }
    order.set(s, m);
  }
  const storeFrom = cfg.mode === 'same' ? [speaker] : speakers.filter((s) => s !== speaker);
  const storedIdx: number[] = [];
  for (const s of storeFrom)
    for (const list of (order.get(s) as Map<string, number[]>).values())
      storedIdx.push(...list.slice(0, cfg.stored));
  const queryIdx: number[] = [];
  for (const list of (order.get(speaker) as Map<string, number[]>).values())
    queryIdx.push(...list.slice(cfg.stored, cfg.stored + cfg.queries));
  const { patterns, encoding } = encodeVectors(
    storedIdx.map((i) => vectors[i]),
    cfg.feature,
    cfg.spectrum,
  );
  const mem: AudioMemory = {
    network: trainClassical(patterns, cfg.rule),
    patterns,
    labels: storedIdx.map((i) => recordings[i].label),
    names: storedIdx.map((i) => recordings[i].name),
    encoding,
  };
  const qStreams = rRecall.split(queryIdx.length);
  const out: IdentifyRow[] = queryIdx.map((i, j) => {
    const r = recall(mem, binarize(vectors[i], encoding.center ?? undefined), cfg.recall, qStreams[j]);
    return identifyRow(recordings[i].name, recordings[i].label, r);
  });
  return {
    speaker,
    mode: cfg.mode,
    stored: cfg.stored,
    queries: cfg.queries,
    accuracy: out.filter((r) => r.correct).length / out.length,
    rows: out,
  };
}

/**
 * For each speaker: draw (seeded) k recordings per label to store — from that speaker ('same') or from each other
 * speaker ('cross') — and q other recordings per label of that speaker to query; store with the rule, identify each
 * query by retrieval. Speakers are `recordingSpeaker` of the file names; feature vectors are computed once (or
 * passed in as `vectors`, one per recording, to share them between protocols).
 */
export function speakerProtocol(
  recordings: readonly Recording[],
  cfg: SpeakerProtocolConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
  vectors?: readonly Float64Array[],
): { speakers: SpeakerProtocolRow[]; meanAccuracy: number } {
  const { stored: k, queries: q } = cfg;
  const { feature, spectrum } = featureOf(cfg);
  const resolved: Protocol = {
    mode: cfg.mode,
    stored: k,
    queries: q,
    feature,
    spectrum,
    rule: ruleFromName(cfg.rule),
    recall: resolveRecall(cfg),
  };
  vectors ??= recordingVectors(recordings, feature, spectrum);
  if (vectors.length !== recordings.length)
    throw new RangeError(
      `vectors must hold one feature vector per recording (${recordings.length}, got ${vectors.length})`,
    );
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`stored must be an integer ≥ 1 (got ${k})`);
  if (!Number.isInteger(q) || q < 1) throw new RangeError(`queries must be an integer ≥ 1 (got ${q})`);
  const bySpeaker = groupBySpeaker(recordings);
  const speakers = [...bySpeaker.keys()].sort(naturalCompare);
  if (cfg.mode === 'cross' && speakers.length < 2)
    throw new RangeError(
      `cross-speaker protocol needs recordings of at least 2 speakers (got ${speakers.length})`,
    );
  for (const s of speakers) {
    for (const [label, list] of bySpeaker.get(s) as Map<string, number[]>) {
      if (list.length < k + q)
        throw new RangeError(
          `speaker "${s}", label "${label}": ${list.length} recordings, fewer than stored + queries = ${k + q}`,
        );
    }
  }
  const tick = progressCounter(speakers.length, hooks);
  const streams = rng.split(speakers.length);
  // One shuffled order per (speaker, label), drawn once per queried speaker.
  const rows = speakers.map((speaker, si) => {
    const row = protocolForSpeaker(recordings, vectors, bySpeaker, speakers, speaker, resolved, streams[si]);
    tick();
    return row;
  });
  return { speakers: rows, meanAccuracy: rows.reduce((a, r) => a + r.accuracy, 0) / rows.length };
}

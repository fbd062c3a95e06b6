/**
 * Audio retrieval of spoken numbers and real voices (paper 004 section 5): `hopfield audio store|recall|identify|
 * phase-diagram|protocol`. Recordings become ±1 patterns (features `paper`, `logmag`, `logmel`), a classical network
 * stores them, and a query is identified by the label of the stored pattern its dynamics reaches. Without `--dir`
 * the bundled recordings are used (data/audio/numbers; data/fsdd/recordings for `protocol`).
 */
import { checkMemory, ParamError } from '../../core/validate.js';
import { type AudioFeature, featureSize, type SpectrumConfig } from '../../data/audioFeatures.js';
import {
  type AudioMemory,
  buildAudioMemory,
  encodeQuery,
  encodeRecordings,
  loadAudioMemory,
  type Recording,
  recordingFromBytes,
  recordingsFromFiles,
  recordingVectors,
  saveAudioMemory,
} from '../../data/audioMemory.js';
import { WavError } from '../../data/wav.js';
import { decodeJsonFile } from '../files.js';
import {
  choice,
  inputFile,
  int,
  type LoadedDir,
  type LoadedFile,
  maxMemory,
  num,
  outputFile,
  text,
} from '../params.js';
import { flip, monteCarloDynamics, rule, ruleFromName } from '../registry/common.js';
import { defineExperiment } from '../registry/types.js';
import { dirBytes, ruleOps, sumOf } from '../work.js';
import {
  audioPhaseDiagramPlot,
  confusionPlot,
  overlapMatrixPlot,
  retrievalTracesPlot,
  speakerAccuracyPlot,
} from './figures.js';
import {
  audioPhaseDiagram,
  audioPhaseDiagramParams,
  confusionCounts,
  type FeatureConfig,
  featureOf,
  features,
  fewestPerLabel,
  identifyExperiment,
  logmelParams,
  patternOverlapMatrix,
  phaseDiagramLoads,
  protocolParams,
  recallDynamics,
  recallParams,
  recallPattern,
  recordingsDir,
  retrievalTraces,
  type SpeakerProtocolRow,
  sampleRate,
  speakerProtocol,
} from './run.js';

/** The bundled recordings a folder flag stands for when it is left out (the surface gives them in its place). */
type BundledSet = 'numbers' | 'utterances' | 'fsdd';

/**
 * Recordings of `--dir` (or of the bundled set the surface gave in its place, named `bundled:<set>`); every decoding
 * problem is a ParamError naming the flag and file.
 */
async function recordingsOf(
  param: string,
  dir: LoadedDir | undefined,
  bundled: BundledSet,
): Promise<{ dir: string; recordings: Recording[] }> {
  if (!dir)
    throw new ParamError(
      param,
      `: the bundled ${bundled} recordings were not given (give a folder of .wav files)`,
    );
  try {
    return { dir: dir.name, recordings: recordingsFromFiles(dir.files, dir.name) };
  } catch (e) {
    if (e instanceof WavError || e instanceof RangeError) throw new ParamError(param, `: ${e.message}`);
    throw e;
  }
}

/** Recordings and bytes of the bundled sets (read when the folder flag is absent). */
const BUNDLED_SIZE: Readonly<Record<BundledSet, { p: number; bytes: number }>> = {
  numbers: { p: 83, bytes: 2.5e6 },
  utterances: { p: 83, bytes: 2.7e6 },
  fsdd: { p: 120, bytes: 1e6 },
};

/**
 * Recordings P of a folder flag (or its bundled set) and the scalar operations of decoding them and computing
 * their features (about 200 per byte of WAV: resampling and STFT frames).
 */
function recordingsWork(dir: LoadedDir | undefined, bundled: BundledSet): { p: number; ops: number } {
  const size = dir && !dir.bundled ? { p: dir.files.length, bytes: dirBytes(dir) } : BUNDLED_SIZE[bundled];
  return { p: size.p, ops: 200 * size.bytes };
}

/** Bits N of the patterns of the feature flags. */
const bitsOf = (c: FeatureConfig) => {
  const { feature, spectrum } = featureOf(c);
  return featureSize(feature, spectrum);
};

/** Bits N of a saved audio memory, from its file (the couplings, N² numbers in base64, dominate it). */
const modelBits = (file: LoadedFile) => Math.sqrt((file.bytes.length * 3) / 32);

function modelOf(file: Parameters<typeof decodeJsonFile>[1]): AudioMemory {
  return decodeJsonFile('model', file, loadAudioMemory);
}

/**
 * A failure to build or run an audio memory as the error of the flag that caused it: the pseudo-inverse refusal
 * (P ≥ N) names `--rule`, a bad recording names the folder parameter `dirParam` (WAV errors too where the run
 * `decodes` the recordings itself).
 */
function memoryError(e: unknown, rule: string, dirParam?: string, decodes = false): unknown {
  if (dirParam && decodes && e instanceof WavError) return new ParamError(dirParam, `: ${e.message}`);
  if (e instanceof RangeError && /pseudo-inverse/.test(e.message))
    return new ParamError('rule', `${rule}: ${e.message}`);
  if (dirParam && e instanceof RangeError) return new ParamError(dirParam, `: ${e.message}`);
  return e;
}

export const audioStore = defineExperiment({
  id: 'audio.store',
  family: 'audio',
  summary:
    'encode recordings as ±1 patterns and store them in a network (label: file name up to the first "_" or "."); writes a model file',
  examples: [
    'audio store --rule pinv --out model.json',
    'audio store --dir data/fsdd/recordings --feature logmel --rule pinv --out voices.json',
  ],
  random: false,
  params: {
    dir: recordingsDir('recordings to store, several per label allowed (default: the bundled numbers)'),
    feature: features('paper'),
    rule: rule('hebb'),
    memory: choice(['classical', 'dense'] as const, {
      help: 'classical network (couplings by --rule; the default), or binary dense memory E = −Σ_μ F(ξ^μ·σ) holding any number of recordings',
      optional: true,
    }),
    degree: int({
      help: 'dense memory: F(x) = x^n with this degree n (default: F(x) = e^x)',
      bounds: { min: 2, max: 30 },
      optional: true,
    }),
    sampleRate: sampleRate(),
    ...logmelParams,
    out: outputFile({ help: 'model file to write (JSON)' }),
  },
  check: (c) => {
    featureOf(c);
    if (c.degree !== undefined && c.memory !== 'dense')
      throw new ParamError('degree', 'applies to --memory dense only');
  },
  work: (c) => {
    const { p, ops } = recordingsWork(c.dir, 'numbers');
    return { scalar: ops, couplings: ruleOps(c.rule, p, bitsOf(c)) };
  },
  run: async (c) => {
    const { feature, spectrum } = featureOf(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'numbers');
    let mem: AudioMemory;
    try {
      mem = buildAudioMemory(recordings, {
        feature,
        rule: ruleFromName(c.rule),
        spectrum,
        ...(c.memory === 'dense'
          ? { dense: c.degree !== undefined ? { kind: 'poly', degree: c.degree } : { kind: 'exp' } }
          : {}),
      });
    } catch (e) {
      throw memoryError(e, c.rule, 'dir', true);
    }
    const om = patternOverlapMatrix(mem.patterns);
    const n = mem.patterns.n;
    const rows = recordings.map((r, mu) => {
      let plus = 0;
      for (let i = 0; i < n; i++) if (mem.patterns.data[mu * n + i] > 0) plus++;
      return {
        file: r.name,
        label: r.label,
        sampleRate: r.audio.sampleRate,
        seconds: r.audio.duration,
        plusBits: plus,
      };
    });
    const alpha = recordings.length / n;
    const labels = new Set(mem.labels).size;
    return {
      rows,
      derived: { dir, sampleRate: spectrum.sampleRate, nFft: spectrum.nFft, hop: spectrum.hop },
      extra: { p: recordings.length, n, alpha, meanAbsOverlap: om.meanAbsOffDiagonal },
      files: [{ param: 'out', content: `${JSON.stringify(saveAudioMemory(mem))}\n` }],
      figure: overlapMatrixPlot(
        om.rows,
        `Pattern overlaps, ${recordings.length} recordings (${c.feature}), N = ${n}`,
      ),
      summary: [
        `stored ${recordings.length} recordings of ${labels} labels, N = ${n}, α = P/N = ${alpha.toFixed(3)}, ${c.memory === 'dense' ? `dense memory F = ${c.degree !== undefined ? `x^${c.degree}` : 'e^x'}` : `rule ${c.rule}`}, feature ${c.feature}`,
        `mean |overlap| between stored patterns ${om.meanAbsOffDiagonal.toFixed(3)} (random patterns: ~${(Math.sqrt(2 / Math.PI) / Math.sqrt(n)).toFixed(3)})`,
        `model written to ${c.out}`,
      ],
    };
  },
});

export const audioRecall = defineExperiment({
  id: 'audio.recall',
  family: 'audio',
  summary:
    'retrieve one recording: encode it, flip bits, run the dynamics, name the stored recording reached',
  examples: [
    'audio recall --model model.json --wav data/audio/numbers/65.wav --flip 0.2 --temperature 0.01 --seed 1',
  ],
  params: {
    model: inputFile({ help: 'model written by "hopfield audio store"' }),
    wav: inputFile({ help: 'query recording (.wav)' }),
    ...recallParams,
    top: int({ help: 'candidates listed, by final overlap', bounds: { min: 1 }, default: 5 }),
  },
  check: (c) => {
    recallDynamics(c);
  },
  work: (c) => ({ scalar: 200 * c.wav.bytes.length, spins: c.sweeps * modelBits(c.model) ** 2 }),
  run: (c, rng) => {
    const mem = modelOf(c.model);
    const { name, temperature } = recallDynamics(c);
    let query: Recording;
    try {
      query = recordingFromBytes(c.wav.name, c.wav.bytes);
    } catch (e) {
      if (e instanceof WavError) throw new ParamError('wav', `: ${e.message}`);
      throw e;
    }
    let pattern: Float64Array;
    try {
      pattern = encodeQuery(query.audio, mem.encoding);
    } catch (e) {
      if (e instanceof RangeError) throw new ParamError('wav', `: ${c.wav.name}: ${e.message}`);
      throw e;
    }
    const r = recallPattern(mem, pattern, c, rng);
    const ranked = Array.from(r.overlaps, (overlap, mu) => ({ mu, overlap }))
      .sort((a, b) => b.overlap - a.overlap)
      .slice(0, c.top)
      .map((x, k) => ({
        rank: k + 1,
        recording: mem.names[x.mu],
        label: mem.labels[x.mu],
        overlap: x.overlap,
      }));
    const result = {
      file: query.name,
      identified: r.identified,
      recording: r.recording,
      label: query.label,
      correct: r.identified === query.label,
      overlap: r.overlap,
      state: r.state,
      margin: r.margin,
      initialOverlap: r.initialOverlap,
      sweeps: r.sweeps,
    };
    return {
      rows: ranked,
      derived: { dynamics: name, temperature },
      extra: result,
      summary: [
        `identified "${r.identified}" (${r.recording}): overlap ${r.overlap.toFixed(3)}, state ${r.state}, ` +
          `margin ${r.margin.toFixed(3)} to the runner-up; query label "${query.label}" ${result.correct ? '✓' : '✗'}`,
      ],
    };
  },
});

export const audioIdentify = defineExperiment({
  id: 'audio.identify',
  family: 'audio',
  summary:
    'identify every recording of a folder (default: the bundled numbers) by retrieval; accuracy and confusion matrix',
  examples: [
    'audio identify --model model.json --flip 0.2 --temperature 0.01 --seed 1 --json r.json',
    'audio identify --model voices.json --dir my-queries --seed 1 --json r.json --plot confusion.svg',
  ],
  params: {
    model: inputFile({ help: 'model written by "hopfield audio store"' }),
    dir: recordingsDir('query recordings, labelled by file name (default: the bundled numbers)'),
    ...recallParams,
  },
  check: (c) => {
    recallDynamics(c);
  },
  work: (c) => {
    const { p, ops } = recordingsWork(c.dir, 'numbers');
    return { scalar: ops, spins: p * c.sweeps * modelBits(c.model) ** 2 };
  },
  run: async (c, rng, hooks) => {
    const mem = modelOf(c.model);
    const { name, temperature } = recallDynamics(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'numbers');
    let res: ReturnType<typeof identifyExperiment>;
    try {
      res = identifyExperiment(mem, recordings, c, rng, hooks);
    } catch (e) {
      if (e instanceof RangeError) throw new ParamError('dir', `: ${e.message}`);
      throw e;
    }
    const chance = 1 / new Set(mem.labels).size;
    const correct = res.rows.filter((r) => r.correct).length;
    return {
      rows: res.rows,
      derived: { dir, dynamics: name, temperature },
      extra: {
        accuracy: res.accuracy,
        retrievalFraction: res.retrievalFraction,
        chance,
        ...(c.vote ? { voteK: fewestPerLabel(mem.labels) } : {}),
      },
      summary: [
        `accuracy ${correct}/${res.rows.length} = ${res.accuracy.toFixed(3)} (chance ${chance.toFixed(3)}); ` +
          `retrieval state (m > 0.9) for ${(100 * res.retrievalFraction).toFixed(1)}% of the queries`,
      ],
    };
  },
  figure: (rows, _c, seed, extra) =>
    confusionPlot(
      rows,
      `Identification: accuracy ${(100 * Number(extra?.accuracy ?? 0)).toFixed(1)}% (seed ${seed})`,
    ),
});

export const audioPhaseDiagramEntry = defineExperiment({
  id: 'audio.phase-diagram',
  family: 'audio',
  summary:
    "the paper's experiment: recordings added one at a time in random order, one corrupted and run by Monte Carlo at each T; final |m| over (α, T)",
  examples: [
    'audio phase-diagram --seed 1 --plot audio-pd.svg',
    'audio phase-diagram --rule hebb,pinv --patterns 2:81:4 --temperature 0.01,0.1:2:0.1 --sweeps 30 --seed 1',
  ],
  params: audioPhaseDiagramParams,
  check: (c) => {
    featureOf(c);
  },
  // Per rule, load and trial: the couplings, then a Monte Carlo run per temperature (a sweep ≈ N²/2).
  work: (c) => {
    const { p, ops } = recordingsWork(c.dir, 'numbers');
    const n = bitsOf(c);
    const loads = c.patterns ?? Array.from({ length: Math.max(1, p - 1) }, (_, k) => k + 2);
    const runs = c.rule.length * loads.length * c.trials;
    return {
      scalar: ops,
      couplings: c.trials * sumOf(c.rule, (r) => sumOf(loads, (q) => ruleOps(r, q, n))),
      spins: runs * c.temperature.length * c.sweeps * 0.5 * n * n,
    };
  },
  run: async (c, rng, hooks) => {
    const { feature, spectrum } = featureOf(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'numbers');
    const loads = phaseDiagramLoads(c.patterns, recordings.length);
    let patterns: ReturnType<typeof encodeRecordings>['patterns'];
    try {
      ({ patterns } = encodeRecordings(recordings, feature, spectrum));
    } catch (e) {
      if (e instanceof RangeError) throw new ParamError('dir', `: ${e.message}`);
      throw e;
    }
    const ruleNames = [...new Set(c.rule)];
    let rows: ReturnType<typeof audioPhaseDiagram>;
    try {
      rows = audioPhaseDiagram(patterns, { ...c, patterns: loads }, rng, hooks);
    } catch (e) {
      throw memoryError(e, 'pinv');
    }
    const tMin = Math.min(...c.temperature);
    return {
      rows,
      derived: { dir, patterns: loads, sampleRate: spectrum.sampleRate },
      summary: ruleNames.map((r) => {
        const low = rows.filter((x) => x.rule === r && x.temperature === tMin);
        const held = low.filter((x) => x.state === 'retrieval').map((x) => x.p);
        return (
          `${r}: at T = ${tMin} retrieval (|m| > 0.9) for ${held.length}/${low.length} loads` +
          (held.length ? `, largest P = ${Math.max(...held)}` : '')
        );
      }),
    };
  },
  figure: (rows, c, seed) =>
    audioPhaseDiagramPlot(rows, {
      n: rows.length ? Math.round(rows[0].p / rows[0].alpha) : 0, // N = P/α
      flip: c.flip,
      dynamics: c.dynamics,
      seed,
      feature: c.feature,
    }),
  columns: ['rule', 'p', 'alpha', 'temperature', 'meanOverlap', 'state'],
});

/** Patterns of the recordings; encoding problems name `--dir`. */
function patternsOf(
  recordings: readonly Recording[],
  feature: AudioFeature,
  spectrum: SpectrumConfig,
): ReturnType<typeof encodeRecordings>['patterns'] {
  try {
    return encodeRecordings(recordings, feature, spectrum).patterns;
  } catch (e) {
    if (e instanceof RangeError) throw new ParamError('dir', `: ${e.message}`);
    throw e;
  }
}

export const audioOverlaps = defineExperiment({
  id: 'audio.overlaps',
  family: 'audio',
  summary:
    'overlap matrix q_μν = ξ^μ·ξ^ν/N of the encoded recordings (default: the bundled numbers): how far from orthogonal they are',
  examples: ['audio overlaps --plot overlaps.svg', 'audio overlaps --feature logmag --json overlaps.json'],
  random: false,
  params: {
    dir: recordingsDir('recordings (default: the bundled numbers)'),
    feature: features('paper'),
    sampleRate: sampleRate(),
    ...logmelParams,
    maxMemory: maxMemory(),
  },
  check: (c) => {
    featureOf(c);
  },
  work: (c) => {
    const { p, ops } = recordingsWork(c.dir, 'numbers');
    return { scalar: ops, couplings: p * p * bitsOf(c) };
  },
  run: async (c) => {
    const { feature, spectrum } = featureOf(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'numbers');
    // One row object {mu, nu, overlap} per pair, about 100 bytes each with its share of the JSON output.
    const p = recordings.length;
    checkMemory(
      `the overlap matrix of ${p} recordings`,
      100 * p * p,
      c.maxMemory,
      'use fewer recordings in --dir',
    );
    const patterns = patternsOf(recordings, feature, spectrum);
    const om = patternOverlapMatrix(patterns);
    const n = patterns.n;
    const random = Math.sqrt(2 / (Math.PI * n));
    return {
      rows: om.rows,
      derived: { dir, sampleRate: spectrum.sampleRate },
      extra: {
        n,
        p: patterns.p,
        meanAbsOffDiagonal: om.meanAbsOffDiagonal,
        meanAgreement: om.meanAgreement,
        randomMeanAbs: random,
      },
      summary: [
        `${patterns.p} recordings, N = ${n}: mean |q| off the diagonal ${om.meanAbsOffDiagonal.toFixed(3)} ` +
          `(random patterns: √(2/(πN)) = ${random.toFixed(3)}), ${(100 * om.meanAgreement).toFixed(1)}% of the bits agree on average`,
      ],
    };
  },
  figure: (rows, c, _seed, extra) =>
    overlapMatrixPlot(
      rows,
      c.dir && !c.dir.bundled
        ? `Overlaps of ${extra?.p ?? ''} recordings (${c.feature}), N = ${extra?.n ?? ''}`
        : `Overlaps of the stored spoken numbers (N = ${extra?.n ?? ''})`,
    ),
  columns: ['mu', 'nu', 'overlap'],
});

export const audioTraces = defineExperiment({
  id: 'audio.traces',
  family: 'audio',
  summary:
    'all recordings stored; overlap with the target per sweep for chosen recordings, each started from a copy with bits flipped',
  examples: [
    'audio traces --rule pinv --labels 7,21,22,65 --seed 1 --plot traces.svg',
    'audio traces --rule hebb --flip 0.2 --temperature 0.01 --sweeps 50 --seed 1 --json traces.json',
  ],
  params: {
    dir: recordingsDir('recordings, all stored (default: the bundled numbers)'),
    feature: features('paper'),
    rule: rule('pinv'),
    labels: text({
      help: 'labels of the traced recordings, comma-separated (the first recording of each label)',
      default: '7,21,22,65',
      pattern: /^[^,\s]+(,[^,\s]+)*$/,
      patternHelp: 'comma-separated labels',
    }),
    flip: flip(0.2, 'fraction of the bits flipped at the start'),
    dynamics: monteCarloDynamics(),
    temperature: num({ help: 'temperature T', bounds: { min: 0, max: 1e6 }, default: 0.01 }),
    sweeps: int({
      help: 'Monte Carlo sweeps',
      bounds: { min: 1, max: 100_000 },
      default: 50,
      quick: 20,
    }),
    sampleRate: sampleRate(),
    ...logmelParams,
  },
  check: (c) => {
    featureOf(c);
  },
  work: (c) => {
    const { p, ops } = recordingsWork(c.dir, 'numbers');
    const n = bitsOf(c);
    return {
      scalar: ops,
      couplings: ruleOps(c.rule, p, n),
      spins: c.labels.split(',').length * c.sweeps * n * n,
    };
  },
  run: async (c, rng) => {
    const { feature, spectrum } = featureOf(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'numbers');
    const indices = c.labels.split(',').map((l) => {
      const i = recordings.findIndex((r) => r.label === l);
      if (i < 0) throw new ParamError('labels', `: no recording labelled "${l}" in ${dir}`);
      return i;
    });
    let mem: AudioMemory;
    try {
      mem = buildAudioMemory(recordings, { feature, rule: ruleFromName(c.rule), spectrum });
    } catch (e) {
      throw memoryError(e, c.rule, 'dir');
    }
    const rows = retrievalTraces(mem, indices, c, rng);
    const last = (mu: number) => rows.filter((r) => r.recording === mem.names[mu]).at(-1)?.overlap ?? 0;
    return {
      rows,
      derived: { dir, p: recordings.length, n: mem.patterns.n },
      summary: indices.map((mu) => `"${mem.labels[mu]}": final overlap ${last(mu).toFixed(3)}`),
    };
  },
  figure: (rows, c, seed) =>
    retrievalTracesPlot(
      rows,
      c.rule,
      c.dir && !c.dir.bundled
        ? `Retrieval traces, rule ${c.rule} (seed ${seed})`
        : `Retrieval of four spoken numbers, 81 stored (seed ${seed})`,
    ),
  columns: ['recording', 'label', 'sweep', 'overlap'],
});

export const audioGeneralize = defineExperiment({
  id: 'audio.generalize',
  family: 'audio',
  summary:
    'store the recordings of one folder (default: the bundled numbers), identify those of another (default: the bundled new utterances) by retrieval',
  examples: [
    'audio generalize --seed 1 --plot utterances.svg',
    'audio generalize --store-dir data/audio/numbers --dir data/audio/utterances --feature logmag --rule pinv --seed 1 --json r.json',
  ],
  params: {
    storeDir: recordingsDir('recordings to store (default: the bundled numbers)'),
    dir: recordingsDir(
      'query recordings, labelled by file name (default: the bundled new utterances)',
      'audio-utterances',
    ),
    feature: features('logmag'),
    rule: rule('pinv'),
    sampleRate: sampleRate(),
    ...logmelParams,
    ...recallParams,
  },
  check: (c) => {
    featureOf(c);
    recallDynamics(c);
  },
  work: (c) => {
    const stored = recordingsWork(c.storeDir, 'numbers');
    const queries = recordingsWork(c.dir, 'utterances');
    const n = bitsOf(c);
    return {
      scalar: stored.ops + queries.ops,
      couplings: ruleOps(c.rule, stored.p, n),
      spins: queries.p * c.sweeps * n * n,
    };
  },
  run: async (c, rng, hooks) => {
    const { feature, spectrum } = featureOf(c);
    const { name, temperature } = recallDynamics(c);
    const stored = await recordingsOf('storeDir', c.storeDir, 'numbers');
    const queries = await recordingsOf('dir', c.dir, 'utterances');
    let mem: AudioMemory;
    try {
      mem = buildAudioMemory(stored.recordings, { feature, rule: ruleFromName(c.rule), spectrum });
    } catch (e) {
      throw memoryError(e, c.rule, 'storeDir');
    }
    let res: ReturnType<typeof identifyExperiment>;
    try {
      res = identifyExperiment(mem, queries.recordings, c, rng, hooks);
    } catch (e) {
      if (e instanceof RangeError) throw new ParamError('dir', `: ${e.message}`);
      throw e;
    }
    const chance = 1 / new Set(mem.labels).size;
    return {
      rows: res.rows,
      derived: { storeDir: stored.dir, dir: queries.dir, dynamics: name, temperature },
      extra: {
        accuracy: res.accuracy,
        retrievalFraction: res.retrievalFraction,
        chance,
        queries: res.rows.length,
      },
      summary: [
        `stored ${stored.recordings.length} recordings; accuracy ${res.accuracy.toFixed(3)} on ` +
          `${res.rows.length} queries (chance ${chance.toFixed(3)})`,
      ],
    };
  },
  figure: (rows, c, seed, extra) =>
    confusionPlot(
      rows,
      `${c.dir && !c.dir.bundled ? 'Identification' : 'New utterances'}: accuracy ${(100 * Number(extra?.accuracy ?? 0)).toFixed(1)}% (seed ${seed})`,
    ),
});

/** One row of the protocol table: a queried speaker. */
interface ProtocolTableRow {
  readonly speaker: string;
  readonly mode: string;
  readonly stored: number;
  readonly queries: number;
  readonly trials: number;
  readonly accuracy: number;
}

export const audioProtocol = defineExperiment({
  id: 'audio.protocol',
  family: 'audio',
  summary:
    'speaker protocols on recordings named {label}_{speaker}_{index}.wav: k stored and q queried per label, same speaker or across speakers; accuracy and confusion matrix',
  examples: [
    'audio protocol --stored 1 --queries 5 --seed 1',
    'audio protocol --dir ../shared/data/fsdd/recordings --mode cross --stored 5 --queries 20 --seed 1 --plot cross.svg',
  ],
  params: protocolParams,
  check: (c) => {
    featureOf(c);
    recallDynamics(c);
  },
  // Per trial (and held-out speaker): the couplings of the stored recordings, runs from ten labels' queries.
  work: (c) => {
    const { ops } = recordingsWork(c.dir, 'fsdd');
    const n = bitsOf(c);
    return {
      scalar: ops,
      couplings: c.trials * ruleOps(c.rule, 10 * c.stored, n),
      spins: c.trials * 10 * c.queries * c.sweeps * n * n,
    };
  },
  run: async (c, rng, hooks) => {
    const { feature, spectrum } = featureOf(c);
    const { name, temperature } = recallDynamics(c);
    const { dir, recordings } = await recordingsOf('dir', c.dir, 'fsdd');
    const runs: { speakers: SpeakerProtocolRow[]; meanAccuracy: number }[] = [];
    const streams = rng.split(c.trials);
    try {
      const vectors = recordingVectors(recordings, feature, spectrum);
      for (let t = 0; t < c.trials; t++) {
        runs.push(speakerProtocol(recordings, c, streams[t], undefined, vectors));
        hooks.onProgress?.(t + 1, c.trials);
      }
    } catch (e) {
      if (e instanceof RangeError && /pseudo-inverse/.test(e.message))
        throw new ParamError('rule', `pinv: ${e.message}`);
      if (e instanceof RangeError) throw new ParamError('dir', `: ${e.message}`);
      throw e;
    }
    const speakers = runs[0].speakers.map((s) => s.speaker);
    const rows: ProtocolTableRow[] = speakers.map((speaker, k) => ({
      speaker,
      mode: c.mode,
      stored: c.stored,
      queries: c.queries,
      trials: c.trials,
      accuracy: runs.reduce((a, r) => a + r.speakers[k].accuracy, 0) / runs.length,
    }));
    const accuracy = rows.reduce((a, r) => a + r.accuracy, 0) / rows.length;
    const identified = runs.flatMap((r) => r.speakers.flatMap((s) => s.rows));
    const labels = new Set(recordings.map((r) => r.label)).size;
    return {
      rows,
      derived: {
        dir,
        dynamics: name,
        temperature,
        n: featureSize(feature, spectrum),
        sampleRate: spectrum.sampleRate,
      },
      extra: { accuracy, chance: 1 / labels, confusion: confusionCounts(identified) },
      figure: confusionPlot(
        identified,
        `${c.mode === 'same' ? 'Same speaker' : 'Across speakers'}, ${c.stored} stored per label: accuracy ${(100 * accuracy).toFixed(1)}%`,
      ),
      summary: [
        `${c.mode === 'same' ? 'same speaker' : 'across speakers'}, ${c.stored} stored and ${c.queries} queried per label, ${c.trials} draw(s): ` +
          `mean accuracy ${accuracy.toFixed(3)} over ${rows.length} speaker(s) (chance ${(1 / labels).toFixed(3)})`,
      ],
    };
  },
  figure: (rows, c, seed) =>
    speakerAccuracyPlot(
      rows.map((r) => ({ speaker: r.speaker, protocol: `${r.mode}, k = ${r.stored}`, accuracy: r.accuracy })),
      `Accuracy per speaker, ${c.mode}, k = ${c.stored} (seed ${seed})`,
      0.1,
    ),
  columns: ['speaker', 'mode', 'stored', 'queries', 'trials', 'accuracy'],
});

export const audioExperiments = [
  audioStore,
  audioRecall,
  audioIdentify,
  audioPhaseDiagramEntry,
  audioProtocol,
  audioOverlaps,
  audioTraces,
  audioGeneralize,
];

/**
 * `hopfield audio store|recall|identify|phase-diagram`: spoken numbers stored as 513-bit patterns and retrieved
 * (paper 004 section 5). Without --dir the bundled recordings (data/audio/numbers) are used.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { ClassicalDynamics } from '../../core/dynamics/classical.js';
import type { AudioFeatureKind, SpectrumConfig } from '../../data/audioFeatures.js';
import { PAPER_SPECTRUM } from '../../data/audioFeatures.js';
import { bundledAudioDir, readRecording, readRecordings } from '../../data/audioFiles.js';
import { WavError } from '../../data/wav.js';
import {
  type AudioMemory,
  audioPhaseDiagram,
  buildAudioMemory,
  encodeQuery,
  encodeRecordings,
  identifyExperiment,
  loadAudioMemory,
  patternOverlapMatrix,
  type Recording,
  recallPattern,
  saveAudioMemory,
} from '../../experiments/audio.js';
import { audioPhaseDiagramPlot, confusionPlot, overlapMatrixPlot } from '../../report/sections/audio.js';
import { defineCommand, type RawOptions } from '../command.js';
import { UsageError } from '../errors.js';
import { checkOutputPath, writeFileAtomic } from '../output.js';
import { parseChoice, parseChoiceList, parseInteger, parseNumber, parseNumberList } from '../parse.js';
import {
  ALL_DYNAMICS,
  dynamicsFromName as dynamicsFromOptions,
  RULE_NAMES,
  type RuleName,
  ruleFromName,
} from '../../experiments/registry/common.js';

const FEATURES = ['paper', 'logmag'] as const satisfies readonly AudioFeatureKind[];

const opt = (o: RawOptions, k: string) => o[k] as string | undefined;

/**
 * Read recordings of a folder (default: the bundled numbers, reported as "bundled:numbers"); file errors become
 * UsageErrors naming the flag.
 */
function recordingsFrom(flag: string, dir: string | undefined): { dir: string; recordings: Recording[] } {
  if (dir !== undefined && dir.trim() === '') throw new UsageError(`${flag} must be a directory (got "")`);
  try {
    return { dir: dir ?? 'bundled:numbers', recordings: readRecordings(dir ?? bundledAudioDir('numbers')) };
  } catch (e) {
    if (e instanceof WavError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

/** Parse and load --model; every problem is a one-line UsageError. */
function loadModel(raw: string | undefined): AudioMemory {
  if (raw === undefined)
    throw new UsageError('--model is required (a file written by "hopfield audio store")');
  if (raw.trim() === '') throw new UsageError('--model must be a file path (got "")');
  if (!existsSync(raw)) throw new UsageError(`--model: no such file (got "${raw}")`);
  if (statSync(raw).isDirectory()) throw new UsageError(`--model is a directory (got "${raw}")`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(raw, 'utf8'));
  } catch (e) {
    throw new UsageError(`--model: not valid JSON (${(e as Error).message}) (got "${raw}")`);
  }
  try {
    return loadAudioMemory(json);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(`--model: ${e.message}`);
    throw e;
  }
}

/** --sample-rate (analysis rate) to a spectrum config with the paper's n_fft and hop. */
function spectrumFrom(o: RawOptions): SpectrumConfig {
  const sampleRate = parseInteger('--sample-rate', opt(o, 'sampleRate') ?? '', { min: 1000, max: 384000 });
  return { ...PAPER_SPECTRUM, sampleRate };
}

/** --dynamics / --temperature: metropolis when only a temperature is given, sequential (T = 0) when neither. */
function dynamicsFrom(o: RawOptions): {
  dynamics: ClassicalDynamics;
  name: string;
  temperature: number | null;
} {
  const rawT = opt(o, 'temperature');
  const rawD = opt(o, 'dynamics');
  const kind = parseChoice(
    '--dynamics',
    rawD ?? (rawT !== undefined ? 'metropolis' : 'sequential'),
    ALL_DYNAMICS,
  );
  const finite = kind === 'glauber' || kind === 'metropolis';
  if (!finite && rawT !== undefined)
    throw new UsageError(
      `--temperature applies to glauber and metropolis dynamics only (got --dynamics ${kind})`,
    );
  if (finite && rawT === undefined)
    throw new UsageError(`--dynamics ${kind} needs --temperature T (a number ≥ 0)`);
  const temperature = finite ? parseNumber('--temperature', rawT as string, { min: 0 }) : null;
  return { dynamics: dynamicsFromOptions(kind, temperature ?? 0), name: kind, temperature };
}

const dynamicsOptions = (c: Command) =>
  c
    .option('--flip <r>', 'fraction of the query bits flipped before retrieval, in [0, 1]', '0')
    .option(
      '--dynamics <kind>',
      `${ALL_DYNAMICS.join('|')} (default: metropolis with --temperature, else sequential at T = 0)`,
    )
    .option('--temperature <T>', 'temperature T ≥ 0 of glauber/metropolis dynamics')
    .option(
      '--sweeps <int>',
      'sweep limit (finite T: exactly this many; 0: no dynamics, nearest pattern)',
      '50',
    );

export function registerAudio(program: Command): void {
  const audio = program
    .command('audio')
    .description(
      'audio retrieval of spoken numbers: recordings stored as 513-bit patterns (paper 004 section 5)',
    );

  defineCommand(audio, {
    name: 'store',
    description:
      'encode recordings (STFT, mean over frames, sign) and store them in a network; writes a model file',
    examples: [
      'hopfield audio store --rule pinv --out model.json',
      'hopfield audio store --dir my-recordings --feature logmag --rule pinv --out logmag.json',
    ],
    random: false,
    configure: (c) =>
      c
        .option(
          '--dir <dir>',
          'folder of .wav files, labelled by file name up to "_" or "." (default: bundled)',
        )
        .option('--feature <kind>', `pattern feature: ${FEATURES.join('|')}`, 'paper')
        .option('--rule <rule>', `coupling rule: ${RULE_NAMES.join('|')}`, 'hebb')
        .option('--sample-rate <Hz>', 'analysis sample rate (recordings are resampled to it)', '22050')
        .option('--out <file>', 'model file to write (JSON)'),
    run: (o, ctx) => {
      const out = opt(o, 'out');
      if (out === undefined) throw new UsageError('--out is required (the model file to write)');
      checkOutputPath('--out', out);
      const feature = parseChoice('--feature', opt(o, 'feature') as string, FEATURES);
      const ruleName = parseChoice('--rule', opt(o, 'rule') as string, RULE_NAMES);
      const spectrum = spectrumFrom(o);
      const { dir, recordings } = recordingsFrom('--dir', opt(o, 'dir'));
      const bar = ctx.progress('store');
      bar.update(0, 1);
      let mem: AudioMemory;
      try {
        mem = buildAudioMemory(recordings, {
          feature: { kind: feature },
          rule: ruleFromName(ruleName),
          spectrum,
        });
      } catch (e) {
        if (e instanceof RangeError) throw new UsageError(`--rule ${ruleName}: ${e.message}`);
        throw e;
      }
      bar.update(1, 1);
      writeFileAtomic(out, `${JSON.stringify(saveAudioMemory(mem))}\n`);
      const om = patternOverlapMatrix(mem.patterns);
      const n = mem.network.n;
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
      return {
        params: {
          dir,
          feature,
          rule: ruleName,
          sampleRate: spectrum.sampleRate,
          nFft: spectrum.nFft,
          hop: spectrum.hop,
          out,
        },
        rows,
        extra: { p: recordings.length, n, alpha, meanAbsOverlap: om.meanAbsOffDiagonal },
        plot: overlapMatrixPlot(
          om.rows,
          `Pattern overlaps, ${recordings.length} recordings (${feature}), N = ${n}`,
        ),
        summary: [
          `stored ${recordings.length} recordings, N = ${n}, α = P/N = ${alpha.toFixed(3)}, rule ${ruleName}, feature ${feature}`,
          `mean |overlap| between stored patterns ${om.meanAbsOffDiagonal.toFixed(3)} (random patterns: ~${(Math.sqrt(2 / Math.PI) / Math.sqrt(n)).toFixed(3)})`,
          `model written to ${out}`,
        ],
      };
    },
  });

  defineCommand(audio, {
    name: 'recall',
    description:
      'retrieve one recording: encode it, flip bits, run the dynamics, name the stored recording reached',
    examples: [
      'hopfield audio recall --model model.json --wav data/audio/numbers/65.wav --flip 0.2 --temperature 0.01 --seed 1',
    ],
    configure: (c) =>
      dynamicsOptions(
        c
          .option('--model <file>', 'model written by "hopfield audio store"')
          .option('--wav <file>', 'query recording'),
      ).option('--top <int>', 'candidates listed, by final overlap', '5'),
    run: (o, ctx) => {
      const mem = loadModel(opt(o, 'model'));
      const wav = opt(o, 'wav');
      if (wav === undefined) throw new UsageError('--wav is required (the query recording)');
      if (wav.trim() === '') throw new UsageError('--wav must be a file path (got "")');
      const flip = parseNumber('--flip', opt(o, 'flip') as string, { min: 0, max: 1 });
      const { dynamics, name, temperature } = dynamicsFrom(o);
      const sweeps = parseInteger('--sweeps', opt(o, 'sweeps') as string, { min: 0, max: 100000 });
      const top = parseInteger('--top', opt(o, 'top') as string, { min: 1 });
      let query: Recording;
      try {
        query = readRecording(wav);
      } catch (e) {
        if (e instanceof WavError) throw new UsageError(`--wav: ${e.message}`);
        throw e;
      }
      const r = recallPattern(
        mem,
        encodeQuery(query.audio, mem.encoding),
        { flip, dynamics, sweeps },
        ctx.rng,
      );
      const ranked = Array.from(r.overlaps, (overlap, mu) => ({ mu, overlap }))
        .sort((a, b) => b.overlap - a.overlap)
        .slice(0, top)
        .map((c, k) => ({
          rank: k + 1,
          recording: mem.names[c.mu],
          label: mem.labels[c.mu],
          overlap: c.overlap,
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
        params: { model: opt(o, 'model'), wav, flip, dynamics: name, temperature, sweeps, top },
        rows: ranked,
        extra: result,
        summary: [
          `identified "${r.identified}" (${r.recording}): overlap ${r.overlap.toFixed(3)}, state ${r.state}, ` +
            `margin ${r.margin.toFixed(3)} to the runner-up; query label "${query.label}" ${result.correct ? '✓' : '✗'}`,
        ],
      };
    },
  });

  defineCommand(audio, {
    name: 'identify',
    description:
      'identify every recording of a folder (default: the bundled numbers) by retrieval; accuracy and confusion matrix',
    examples: [
      'hopfield audio identify --model model.json --flip 0.2 --temperature 0.01 --seed 1 --json r.json',
      'hopfield audio identify --model logmag.json --dir data/audio/utterances --seed 1 --plot confusion.svg',
    ],
    configure: (c) =>
      dynamicsOptions(
        c
          .option('--model <file>', 'model written by "hopfield audio store"')
          .option('--dir <dir>', 'folder of query .wav files (default: the bundled numbers)'),
      ),
    run: (o, ctx) => {
      const mem = loadModel(opt(o, 'model'));
      const flip = parseNumber('--flip', opt(o, 'flip') as string, { min: 0, max: 1 });
      const { dynamics, name, temperature } = dynamicsFrom(o);
      const sweeps = parseInteger('--sweeps', opt(o, 'sweeps') as string, { min: 0, max: 100000 });
      const { dir, recordings } = recordingsFrom('--dir', opt(o, 'dir'));
      const bar = ctx.progress('identify');
      const res = identifyExperiment(mem, recordings, { flip, dynamics, sweeps }, ctx.rng, {
        onProgress: bar.update,
      });
      const chance = 1 / new Set(mem.labels).size;
      const correct = res.rows.filter((r) => r.correct).length;
      return {
        params: { model: opt(o, 'model'), dir, flip, dynamics: name, temperature, sweeps },
        rows: res.rows,
        extra: { accuracy: res.accuracy, retrievalFraction: res.retrievalFraction, chance },
        plot: confusionPlot(
          res.rows,
          `Identification: accuracy ${(100 * res.accuracy).toFixed(1)}% (seed ${ctx.seed})`,
        ),
        summary: [
          `accuracy ${correct}/${res.rows.length} = ${res.accuracy.toFixed(3)} (chance ${chance.toFixed(3)}); ` +
            `retrieval state (m > 0.9) for ${(100 * res.retrievalFraction).toFixed(1)}% of the queries`,
        ],
      };
    },
  });

  defineCommand(audio, {
    name: 'phase-diagram',
    description:
      "the paper's experiment: recordings added one at a time in random order, one corrupted and run by Monte Carlo at each T; final |m| over (α, T)",
    examples: [
      'hopfield audio phase-diagram --seed 1 --plot audio-pd.svg',
      'hopfield audio phase-diagram --rule hebb,pinv --patterns 2:81:4 --temperature 0.01,0.1:2:0.1 --sweeps 30 --seed 1',
    ],
    configure: (c) =>
      c
        .option('--dir <dir>', 'folder of .wav files (default: the bundled numbers)')
        .option('--feature <kind>', `pattern feature: ${FEATURES.join('|')}`, 'paper')
        .option(
          '--rule <list>',
          `coupling rules: comma-separated from ${RULE_NAMES.join(',')}`,
          'hebb,storkey,pinv',
        )
        .option('--patterns <list>', 'numbers of stored recordings P: list or range (default: 2 to all)')
        .option('--temperature <list>', 'temperatures T ≥ 0: list or range', '0.01,0.05:2:0.05')
        .option('--flip <r>', 'fraction of bits flipped in the tested recording, in [0, 1]', '0.2')
        .option('--dynamics <kind>', 'metropolis|glauber', 'metropolis')
        .option('--sweeps <int>', 'Monte Carlo sweeps per run', '50')
        .option('--trials <int>', 'random orders averaged', '1')
        .option('--sample-rate <Hz>', 'analysis sample rate (recordings are resampled to it)', '22050'),
    run: (o, ctx) => {
      const feature = parseChoice('--feature', opt(o, 'feature') as string, FEATURES);
      const ruleNames = [
        ...new Set(parseChoiceList('--rule', opt(o, 'rule') as string, RULE_NAMES)),
      ] as RuleName[];
      const temperatures = parseNumberList('--temperature', opt(o, 'temperature') as string, { min: 0 });
      const flip = parseNumber('--flip', opt(o, 'flip') as string, { min: 0, max: 1 });
      const dynamics = parseChoice(
        '--dynamics',
        opt(o, 'dynamics') as string,
        ['metropolis', 'glauber'] as const,
      );
      const sweeps = parseInteger('--sweeps', opt(o, 'sweeps') as string, { min: 1, max: 100000 });
      const trials = parseInteger('--trials', opt(o, 'trials') as string, { min: 1, max: 1000 });
      const spectrum = spectrumFrom(o);
      const rawP = opt(o, 'patterns');
      if (rawP !== undefined) parseNumberList('--patterns', rawP, { min: 1 }, true); // syntax before file work
      const { dir, recordings } = recordingsFrom('--dir', opt(o, 'dir'));
      const total = recordings.length;
      const loads =
        rawP === undefined
          ? range(Math.min(2, total), total)
          : parseNumberList('--patterns', rawP, { min: 1, max: total }, true);
      const { patterns } = encodeRecordings(recordings, { kind: feature }, spectrum);
      const rules = ruleNames.map((r) => ({ name: r, rule: ruleFromName(r) }));
      const bar = ctx.progress('audio phase-diagram');
      let rows: ReturnType<typeof audioPhaseDiagram>;
      try {
        rows = audioPhaseDiagram(
          patterns,
          { rules, loads, temperatures, flip, dynamics, sweeps, trials },
          ctx.rng,
          { onProgress: bar.update },
        );
      } catch (e) {
        if (e instanceof RangeError && /pseudo-inverse/.test(e.message))
          throw new UsageError(`--rule pinv: ${e.message}`);
        throw e;
      }
      return {
        params: {
          dir,
          feature,
          rule: ruleNames,
          patterns: loads,
          temperature: temperatures,
          flip,
          dynamics,
          sweeps,
          trials,
          sampleRate: spectrum.sampleRate,
        },
        rows,
        columns: ['rule', 'p', 'alpha', 'temperature', 'meanOverlap', 'state'],
        plot: audioPhaseDiagramPlot(rows, { n: patterns.n, flip, dynamics, seed: ctx.seed, feature }),
        summary: ruleNames.map((r) => {
          const low = rows.filter((x) => x.rule === r && x.temperature === Math.min(...temperatures));
          const held = low.filter((x) => x.state === 'retrieval').map((x) => x.p);
          return (
            `${r}: at T = ${Math.min(...temperatures)} retrieval (|m| > 0.9) for ${held.length}/${low.length} loads` +
            (held.length ? `, largest P = ${Math.max(...held)}` : '')
          );
        }),
      };
    },
  });
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
}

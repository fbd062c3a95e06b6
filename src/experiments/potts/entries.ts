/**
 * Potts models of protein families (paper 000 section IV.D): `hopfield potts train | contacts | sample | check |
 * retrieval` (`pl protein` is an alias of `potts retrieval`). Alignments are FASTA/A2M, plain or gzipped, from a
 * file or standard input; every command that needs a model accepts a saved one (`--model`) instead of retraining.
 * One default setting for every family, `--regularization auto`: plmc's priors (λ_h = 0.01, λ_e = 100 on the
 * likelihood summed over the weighted sequences) when M_eff < (L − 1)·q, plmDCA's (0.01 on normalized weights)
 * otherwise (`--regularization plmc|plmdca|scaled` with `--lambda-h/-j` for a fixed convention); reweighting at 80 %
 * identity (or `--weights FILE`); contact scores over all 21 letters with APC (`--exclude-gap` for plmDCA's 20×20).
 * `potts retrieval` keeps plmDCA's λ_h = λ_J = 0.01, the setting of paper 000's Fig. 6.
 */
import { type PottsModel, pottsMemoryBytes, savePotts } from '../../core/models/potts.js';
import { type ArModel, loadAnyPotts, loadPottsOnly } from '../../core/models/pottsAutoregressive.js';
import { decodeFloat64, encodeFloat64 } from '../../core/serialize.js';
import { checkMemory, ParamError } from '../../core/validate.js';
import {
  type Alignment,
  decodeAlignment,
  formatWeights,
  inflateIfGzip,
  MsaError,
  parseDistanceTable,
  parseWeights,
  type SequenceWeights,
} from '../../data/msa.js';
import { MutantError, parseMutantTable, parseProtein } from '../../data/mutants.js';
import { encodeNpy } from '../../data/npy.js';
import { decodeJsonFile } from '../files.js';
import type { ConfigOf, LoadedFile } from '../params.js';
import { defineExperiment, type OutputFileContent } from '../registry/types.js';
import type { ExperimentHooks } from '../types.js';
import { alignmentShape, modelShape, sequenceComparisons } from '../work.js';
import { generativeCheck } from './checkGenerative.js';
import { proteinExperiment } from './fig6.js';
import { checkPlot, contactMapPlot, fig6Plot } from './figures.js';
import { arSampleRun, arTrainRun, bmTrainRun, generativeCheckOutput, npyFiles } from './generativeEntries.js';
import { withGenerativePanels } from './generativeFigures.js';
import {
  alignmentFrequencies,
  formatEnergies,
  formatMapping,
  formatScores,
  modelScores,
  pottsEnergyExperiment,
  pottsMutantsExperiment,
} from './mutants.js';
import { mutantHeatmapPlot, mutantScatterPlot } from './mutantsFigures.js';
import {
  checkParams,
  contactsParams,
  energyParams,
  mutantsParams,
  retrievalParams,
  sampleParams,
  type trainingParams,
  trainParams,
} from './params.js';
import {
  checkRegularization,
  fitPotts,
  formatContactScores,
  gapFractions,
  POTTS_DEFAULTS,
  POTTS_REGULARIZATION_DEFAULTS,
  type PottsFit,
  pottsCheckExperiment,
  pottsContactsExperiment,
  pottsSampleExperiment,
  pottsWeights,
  samplesToFasta,
  symmetrizedPotts,
} from './run.js';
import { resolveThreads } from './runner.js';

/** The values of the training parameters every training command has. */
type TrainingValues = ConfigOf<typeof trainingParams>;

/** Weights from --weights for this alignment; a malformed file or a wrong count is one line naming the flag. */
async function loadWeights(
  file: LoadedFile | undefined,
  msa: Alignment,
): Promise<SequenceWeights | undefined> {
  if (!file) return undefined;
  try {
    return parseWeights(await inflateIfGzip(file.bytes, file.name), msa.m, file.name);
  } catch (e) {
    if (e instanceof MsaError) throw new ParamError('weights', `: ${e.message}`);
    throw e;
  }
}

/** The '#' lines of result files that say how a model was trained. */
function trainingNote(fit: PottsFit, c: { weights?: LoadedFile; identity: number }): string[] {
  return [
    `regularization ${fit.regularization.text}`,
    `weights ${c.weights ? `from ${c.weights.name}` : `w_s = 1/n_s at identity ${c.identity}`}, M_eff = ${fit.mEff.toFixed(1)}; ${fit.iterations.toFixed(1)} L-BFGS iterations per site`,
  ];
}

/** Decode an alignment; decoding errors become one line naming the flag and the file. */
async function loadMsa(param: string, file: LoadedFile, dedupe: boolean): Promise<Alignment> {
  try {
    return await decodeAlignment(file.bytes, file.name, { dedupe, minSequences: 2 });
  } catch (e) {
    if (e instanceof MsaError) throw new ParamError(param, `: ${e.message}`);
    throw e;
  }
}

/** The independent-site baseline's λ_h when the model's own is not known: plmDCA's. */
const PLMDCA_LAMBDA_H = POTTS_REGULARIZATION_DEFAULTS.plmdca.lambdaH;

/**
 * Potts operations of pseudo-likelihood training on M sequences of N columns: L-BFGS iterations (about 50, at most
 * --max-iterations) of 2·M·N²·q each, after the sequence weights' M²·N comparisons.
 */
const trainingOps = (m: number, n: number, maxIterations: number) =>
  Math.min(maxIterations, 50) * 2 * m * n * n * 21 + sequenceComparisons(m, m, n);

/** N and q of the model an entry uses (--model's, else --msa's columns) and the operations of training it. */
async function modelWork(c: {
  model?: LoadedFile;
  msa?: LoadedFile;
  maxIterations: number;
}): Promise<{ n: number; q: number; ops: number; autoregressive: boolean }> {
  const saved = c.model ? modelShape(c.model) : undefined;
  if (saved) return { ...saved, ops: 0 };
  if (!c.msa) return { n: 0, q: 21, ops: 0, autoregressive: false };
  const { m, n } = await alignmentShape(c.msa);
  return { n, q: 21, ops: trainingOps(m, n, c.maxIterations), autoregressive: false };
}

function checkTrainingMemory(msa: Alignment, c: Pick<TrainingValues, 'threads' | 'maxMemory'>): void {
  const threads = resolveThreads(c.threads);
  checkMemory(
    `training N = ${msa.n}, q = 21 on M = ${msa.m} sequences with ${threads} thread${threads === 1 ? '' : 's'}`,
    pottsMemoryBytes(msa.n, 21, msa.m, threads),
    c.maxMemory,
    'use fewer --threads or a shorter alignment',
  );
}

/** A model from --model, or trained on --msa; the source named for summaries. */
async function modelOf(
  c: TrainingValues & { msa?: LoadedFile; model?: LoadedFile },
  hooks: ExperimentHooks,
  beforeTraining?: (n: number) => Promise<void>,
): Promise<{
  model: PottsModel;
  msa?: Alignment;
  source: string;
  note: string;
  training: string[];
  /** λ_h of the normalized objective the model was trained with (absent for a saved model). */
  lambdaH?: number;
  /** Weighted gap fraction per column: from the alignment, or the frequencies a saved model carries (else absent). */
  gapFractions?: Float64Array;
}> {
  const msa = c.msa ? await loadMsa('msa', c.msa, c.dedupe) : undefined;
  const weights = msa ? await loadWeights(c.weights, msa) : undefined;
  if (msa) await beforeTraining?.(msa.n);
  if (c.model) {
    const { model, training } = decodeJsonFile('model', c.model, loadPottsOnly);
    if (msa && msa.n !== model.n)
      throw new ParamError(
        'model',
        `: "${c.model.name}" has N = ${model.n} columns but --msa has N = ${msa.n}`,
      );
    let gaps: Float64Array | undefined;
    if (msa) gaps = gapFractions(msa, (await pottsWeights(msa, c.identity, c.threads, weights)).weights);
    else if (typeof training.frequencies === 'string') {
      const { n, q } = model;
      let f: Float64Array;
      try {
        f = decodeFloat64(training.frequencies, 'params.frequencies', n * q);
      } catch (e) {
        throw new ParamError('model', `: "${c.model.name}": ${(e as Error).message}`);
      }
      gaps = Float64Array.from({ length: n }, (_, i) => f[i * q + q - 1]);
    }
    return {
      model,
      msa,
      source: c.model.name,
      note: `model ${c.model.name} (N = ${model.n})`,
      training: [`model ${c.model.name}`],
      gapFractions: gaps,
    };
  }
  if (!msa) throw new ParamError('msa', 'is required unless --model gives a saved model');
  checkTrainingMemory(msa, c);
  const fit = await fitPotts(msa, { ...c, weights }, { kind: 'asymmetric' }, hooks);
  return {
    model: fit.model,
    msa,
    source: c.msa?.name ?? 'msa',
    note: `trained on ${c.msa?.name}: N = ${msa.n}, M = ${msa.m}, M_eff = ${fit.mEff.toFixed(1)}, ${fit.iterations.toFixed(1)} L-BFGS iterations per site, ${fit.seconds.toFixed(1)} s; ${fit.regularization.text}`,
    training: trainingNote(fit, c),
    lambdaH: fit.regularization.lambdaH,
    gapFractions: gapFractions(msa, fit.weights),
  };
}

export const pottsTrain = defineExperiment({
  id: 'potts.train',
  family: 'potts',
  summary:
    'train a Potts model by pseudo-likelihood (asymmetric plmDCA), or an autoregressive model (arDCA), and save h and J (JSON and .npy)',
  examples: [
    'potts train --msa data/msa/PF00014.fasta.gz --out pf14.json --npy pf14 --seed 1',
    'potts train --msa data/msa/PF00014.fasta.gz --kind autoregressive --out pf14ar.json --seed 1',
  ],
  params: trainParams,
  check: checkRegularization,
  // Pseudo-likelihood (autoregressive: the same per site over the preceding sites, half); --refine bm adds its
  // steps × chains × sweeps Gibbs sweeps of N²·q.
  work: async (c) => {
    const { m, n } = await alignmentShape(c.msa);
    const refine = c.refine === 'bm' ? c.refineSteps * c.refineChains * c.refineSweeps * n * n * 21 : 0;
    return { potts: (c.kind === 'autoregressive' ? 0.5 : 1) * trainingOps(m, n, c.maxIterations) + refine };
  },
  run: async (c, rng, hooks) => {
    const msa = await loadMsa('msa', c.msa, c.dedupe);
    const weights = await loadWeights(c.weights, msa);
    checkTrainingMemory(msa, c);
    if (c.kind === 'autoregressive') {
      if (c.refine !== 'none')
        throw new ParamError('refine', ' applies to --kind potts only (got --kind autoregressive)');
      return arTrainRun(c, msa, hooks);
    }
    const fit = await fitPotts(msa, { ...c, weights }, { kind: 'asymmetric' }, hooks);
    // The training record of the model file (the strengths as resolved for this alignment).
    const settings = {
      regularization: c.regularization,
      lambdaH: fit.regularization.lambdaH,
      lambdaJ: fit.regularization.lambdaJ,
      identity: c.identity,
      maxIterations: c.maxIterations,
      tolerance: c.tolerance,
      ftol: POTTS_DEFAULTS.ftol,
      threads: c.threads,
      regularizationText: fit.regularization.text,
      weights: c.weights?.name ?? null,
      dedupe: c.dedupe,
      msa: c.msa.name,
    };
    if (c.refine === 'bm')
      return bmTrainRun(
        c,
        msa,
        fit.model,
        { ...settings, m: msa.m, mEff: fit.mEff },
        rng,
        hooks,
        fit.weights,
      );
    const model = c.couplings === 'symmetric' ? symmetrizedPotts(fit.model) : fit.model;
    // Weighted single-site frequencies travel with the model (potts mutants maps proteins and fits its baseline on them).
    const frequencies = encodeFloat64(await alignmentFrequencies(msa, c.identity, c.threads, fit.weights));
    const json = savePotts(model, { ...settings, m: msa.m, mEff: fit.mEff, frequencies });
    const files: OutputFileContent[] = [{ param: 'out', content: `${JSON.stringify(json)}\n` }];
    if (c.saveWeights !== undefined)
      files.push({ param: 'saveWeights', content: formatWeights(fit.weights) });
    if (c.npy !== undefined) files.push(...npyFiles(model.n, model.q, model.fields, model.couplings));
    return {
      rows: [
        {
          n: msa.n,
          m: msa.m,
          mEff: fit.mEff,
          iterations: fit.iterations,
          pseudoLogLikelihood: -fit.loss,
          seconds: fit.seconds,
        },
      ],
      derived: { n: msa.n, m: msa.m },
      files,
      summary: [
        `saved ${c.out}${c.npy ? ` and ${c.npy}_h.npy, ${c.npy}_J.npy` : ''}${c.saveWeights ? ` and the weights in ${c.saveWeights}` : ''}`,
        `M_eff = ${fit.mEff.toFixed(1)}; ${fit.regularization.text}`,
      ],
    };
  },
});

export const pottsContacts = defineExperiment({
  id: 'potts.contacts',
  runFigure: true,
  family: 'potts',
  summary:
    'contact prediction: APC-corrected Frobenius scores of the couplings (i j score, and the L×L matrix as .npy), precision against a structure',
  examples: [
    'potts contacts --msa data/msa/PF00595.fasta.gz --structure data/msa/PF00595_distances.dat.gz --out pf595.scores --plot pf595.svg',
  ],
  random: false,
  params: contactsParams,
  check: checkRegularization,
  work: async (c) => {
    const { n, q, ops } = await modelWork(c);
    return { potts: ops + n * n * q * q };
  },
  run: async (c, _rng, hooks) => {
    let distances: ReturnType<typeof parseDistanceTable> | undefined;
    const readStructure = async (n: number) => {
      if (!c.structure || distances) return;
      try {
        distances = parseDistanceTable(
          await inflateIfGzip(c.structure.bytes, c.structure.name),
          n,
          c.structure.name,
        );
      } catch (e) {
        if (e instanceof MsaError) throw new ParamError('structure', `: ${e.message}`);
        throw e;
      }
    };
    // The table is checked against the alignment before any training.
    const {
      model,
      source,
      note,
      training: trained,
      gapFractions: gaps,
    } = await modelOf(c, hooks, readStructure);
    await readStructure(model.n);
    const res = pottsContactsExperiment({
      model,
      distances,
      threshold: c.threshold,
      excludeGap: c.excludeGap,
      maxGap: c.maxGap,
      gapFractions: gaps,
    });
    const n = model.n;
    const files = [
      { param: 'out', content: formatContactScores(res, source, trained) },
      { param: 'out', suffix: '.npy', content: encodeNpy({ data: res.scores, shape: [n, n], dtype: '<f8' }) },
    ];
    const allHalf = res.precision.find((r) => r.separation === 'all' && r.top === 'L/2');
    const native: { i: number; j: number }[] = [];
    if (distances)
      for (let i = 0; i < n; i++)
        for (let j = i + 5; j < n; j++) if (distances.d[i * n + j] < c.threshold) native.push({ i, j });
    const figure = contactMapPlot(
      `Contacts of ${source}: top L/2 predictions${allHalf ? `, precision ${allHalf.precision.toFixed(2)}` : ''}`,
      n,
      res.ranked,
      native,
      (i, j) => {
        const d = distances?.d[i * n + j];
        return d === undefined || Number.isNaN(d) ? undefined : d < c.threshold;
      },
      res.curve,
    );
    const rows: Record<string, unknown>[] = distances
      ? res.precision.map((r) => ({ ...r }))
      : res.ranked.slice(0, n).map((p) => ({ i: p.i + 1, j: p.j + 1, score: p.score }));
    return {
      rows,
      extra: { n },
      figure,
      files,
      summary: [
        note,
        ...(allHalf
          ? [`precision at top L/2 (|i−j| > 4, < ${c.threshold} Å): ${allHalf.precision.toFixed(3)}`]
          : []),
      ],
    };
  },
});

/**
 * `--samples` is the number of sequences written, whatever the kind of model: each of the chains records
 * ⌈samples / chains⌉ and the sequences past the total (the end of the last chain) are dropped.
 */
const samplesPerChain = (c: { samples: number; chains: number }) => Math.ceil(c.samples / c.chains);

export const pottsSample = defineExperiment({
  id: 'potts.sample',
  family: 'potts',
  summary:
    'sample sequences from a Potts model at temperature T (Gibbs or Metropolis, chains on worker threads), or exact independent samples of an autoregressive model, as FASTA',
  examples: [
    'potts sample --model pf14.json --out samples.fasta --temperature 1 --samples 1000 --chains 4 --seed 1',
  ],
  params: sampleParams,
  check: checkRegularization,
  // Training (without --model), then (burn-in + samples·thinning) Gibbs or Metropolis sweeps of N²·q per chain;
  // an autoregressive model draws each of --samples sequences exactly (N²·q/2).
  work: async (c) => {
    const { n, q, ops, autoregressive } = await modelWork(c);
    const sweeps = autoregressive ? c.samples / 2 : (c.burnIn + samplesPerChain(c) * c.thinning) * c.chains;
    return { potts: ops + sweeps * n * n * q };
  },
  run: async (c, rng, hooks) => {
    if (c.model) {
      const saved = decodeJsonFile('model', c.model, loadAnyPotts);
      if (saved.kind === 'autoregressive') return arSampleRun(c, saved.model, c.model.name, rng, hooks);
    }
    const { model, note } = await modelOf(c, hooks);
    const perChain = samplesPerChain(c);
    const drawn = await pottsSampleExperiment({ ...c, samples: perChain, model }, rng, hooks);
    const seqs = drawn.subarray(0, c.samples * model.n);
    return {
      rows: [
        { n: model.n, chains: c.chains, samples: c.samples, temperature: c.temperature, sampler: c.sampler },
      ],
      files: [{ param: 'out', content: samplesToFasta(seqs, model.n, perChain, c.temperature) }],
      summary: [note, `wrote ${c.samples} sequences to ${c.out}`],
    };
  },
});

export const pottsCheck = defineExperiment({
  id: 'potts.check',
  runFigure: true,
  family: 'potts',
  summary:
    'compare sampled sequences with the alignment: single-site frequencies, connected two- and three-site correlations (Pearson r, slope, bootstrap noise ceiling), nearest-natural distances, PCA, energies, chain mixing',
  examples: ['potts check --msa data/msa/PF00014.fasta.gz --samples samples.fasta --plot check.svg --seed 1'],
  params: checkParams,
  // Weights (M²·N), pair frequencies of both sets ((M + S)·N²) and nearest-natural distances (S·M·N).
  work: async (c) => {
    const { m, n } = await alignmentShape(c.msa);
    const s = (await alignmentShape(c.samples)).m;
    return { potts: sequenceComparisons(m, m + s, n) + (m + s) * n * n };
  },
  run: async (c, rng, hooks) => {
    const msa = await loadMsa('msa', c.msa, false);
    const weights = await loadWeights(c.weights, msa);
    const samples = await loadMsa('samples', c.samples, false);
    if (samples.n !== msa.n)
      throw new ParamError(
        'samples',
        `: "${c.samples.name}" has sequences of N = ${samples.n} columns, --msa has N = ${msa.n}`,
      );
    const saved = c.model ? decodeJsonFile('model', c.model, loadAnyPotts) : undefined;
    if (saved && saved.model.n !== samples.n)
      throw new ParamError(
        'samples',
        `: "${c.samples.name}" has sequences of N = ${samples.n} columns, the model --model has N = ${saved.model.n}`,
      );
    const [rCheck, rGen] = rng.split(2);
    const res = await pottsCheckExperiment({ ...c, msa, samples, weights }, rCheck, hooks);
    const w = await pottsWeights(msa, c.identity, c.threads, weights);
    const gen = generativeCheck({ msa, weights: w.weights, samples, model: saved }, rGen);
    const g = generativeCheckOutput(gen, res.r2);
    return {
      rows: res.rows,
      extra: {
        r1: res.r1,
        r2: res.r2,
        meanNearestSamples: res.meanNearestSamples,
        meanNearestNatural: res.meanNearestNatural,
        ...g.extra,
      },
      figure: withGenerativePanels(checkPlot(res, `Samples against ${c.msa.name}`), gen),
      summary: [
        `single-site frequencies r = ${res.r1.toFixed(4)}; connected correlations r = ${res.r2.toFixed(4)}`,
        `mean distance to the nearest natural sequence: samples ${res.meanNearestSamples.toFixed(3)}, natural (held out) ${res.meanNearestNatural.toFixed(3)}`,
        ...g.summary,
      ],
    };
  },
});

export const pottsRetrieval = defineExperiment({
  id: 'potts.retrieval',
  family: 'potts',
  aliases: ['pl.protein'],
  summary:
    'paper 000 Fig. 6: final overlap of T = 0 sequential dynamics from training and test sequences against α = P/N',
  examples: [
    'potts retrieval --msa data/msa/PF00014.fasta.gz --alpha 0.1,1,10 --trials 2 --seed 1 --plot fig6.svg',
  ],
  params: retrievalParams,
  // Per load and trial: training on P = αN sequences, then T = 0 sweeps (N²·q, about 10 of them) from the probed
  // train and test sequences, for each coupling symmetry.
  work: async (c) => {
    const { m, n } = await alignmentShape(c.msa);
    const perLoad = (a: number) =>
      trainingOps(Math.min(m, Math.max(1, Math.round(a * n))), n, c.maxIterations) +
      c.couplings.length * 2 * c.probe * Math.min(c.maxSweeps, 10) * n * n * 21;
    return { potts: sequenceComparisons(m, m, n) + c.trials * c.alpha.reduce((t, a) => t + perLoad(a), 0) };
  },
  run: async (c, rng, hooks) => {
    const msa = await loadMsa('msa', c.msa, c.dedupe);
    const weights = await loadWeights(c.weights, msa);
    for (const a of c.alpha) {
      const p = Math.max(1, Math.round(a * msa.n));
      if (p >= msa.m)
        throw new ParamError(
          'alpha',
          `${a} needs P = round(${a}·${msa.n}) = ${p} training sequences; ${c.msa.name} has M = ${msa.m} (at most ${msa.m - 1}, one is kept for testing)`,
        );
    }
    checkTrainingMemory(msa, c);
    const res = await proteinExperiment({ ...c, msa, weights }, rng, hooks);
    return {
      rows: res.rows,
      extra: { mEff: res.mEff, naturalOverlap: res.naturalOverlap, m: res.m, n: res.n },
      derived: { n: res.n, m: res.m },
      summary: [
        `${c.msa.name}: N = ${res.n}, M = ${res.m}, M_eff = ${res.mEff.toFixed(1)} (identity ≥ ${c.identity}), ⟨O⟩ = ${res.naturalOverlap.toFixed(3)}`,
      ],
    };
  },
  figure: (rows, c, seed) => fig6Plot(rows, `Fig. 6 on ${c.msa?.name ?? 'alignment'} (seed ${seed})`),
  caption:
    'Final overlap of the T = 0 sequential dynamics against α = P/N from training (memorization: near 1 at small α) ' +
    'and test sequences (generalization: rising with α), asymmetric and symmetric couplings; the dashed line is the ' +
    'mean overlap ⟨O⟩ between natural sequences (paper 000 Fig. 6).',
  columns: [
    'alpha',
    'couplings',
    'p',
    'trainOverlap',
    'testOverlap',
    'naturalOverlap',
    'trainFixed',
    'iterations',
  ],
});

/**
 * The model (saved, decoded once, or trained on --msa), its training record, the alignment if given, and the
 * single-site frequencies of the mapping and the independent-site model: from --msa, else saved in the model.
 */
async function mutantsModel(
  c: ConfigOf<typeof mutantsParams>,
  hooks: ExperimentHooks,
): Promise<{ model: PottsModel | ArModel; frequencies: Float64Array; lambdaH: number; note: string }> {
  if (!c.model) {
    const fit = await modelOf(c, hooks);
    const msa = fit.msa as Alignment;
    const frequencies = await alignmentFrequencies(msa, c.identity, c.threads);
    return { model: fit.model, frequencies, lambdaH: fit.lambdaH ?? PLMDCA_LAMBDA_H, note: fit.note };
  }
  const file = c.model;
  const { kind, model, training } = decodeJsonFile('model', file, loadAnyPotts);
  const note = `${kind === 'autoregressive' ? 'autoregressive ' : ''}model ${file.name} (N = ${model.n})`;
  // The independent-site baseline keeps the Potts model's λ_h (an autoregressive model's own λ_h is arDCA's 1e-6).
  const lambdaH =
    kind === 'potts' && typeof training.lambdaH === 'number' ? training.lambdaH : PLMDCA_LAMBDA_H;
  if (c.msa) {
    const msa = await loadMsa('msa', c.msa, c.dedupe);
    if (msa.n !== model.n)
      throw new ParamError('model', `: "${file.name}" has N = ${model.n} columns but --msa has N = ${msa.n}`);
    return { model, frequencies: await alignmentFrequencies(msa, c.identity, c.threads), lambdaH, note };
  }
  if (typeof training.frequencies !== 'string')
    throw new ParamError(
      'model',
      `: "${file.name}" holds no single-site frequencies (saved before they were stored); give its alignment with --msa too`,
    );
  try {
    const frequencies = decodeFloat64(training.frequencies, 'params.frequencies', model.n * model.q);
    return { model, frequencies, lambdaH, note };
  } catch (e) {
    throw new ParamError('model', `: "${file.name}": ${(e as Error).message}`);
  }
}

function decodeOrParam<T>(param: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof MutantError || e instanceof MsaError) throw new ParamError(param, `: ${e.message}`);
    throw e;
  }
}

export const pottsMutants = defineExperiment({
  id: 'potts.mutants',
  runFigure: true,
  family: 'potts',
  summary:
    "mutation effects: ΔE, summed site log-odds and independent-site log-odds of mutants of a protein mapped onto the model's columns, Spearman ρ with a measured column",
  examples: [
    'potts mutants --msa data/msa/PF13354_betalactamase.fasta.gz --wt data/dms/TEM1_full.fasta --mutants data/dms/BLAT_ECOLX_Stiffler2015.csv --fitness amp_2500 --out scores.csv --json r.json',
    'potts mutants --model blat.json --wt data/dms/TEM1_full.fasta --out scan.csv --mapping map.csv --plot scan.svg',
  ],
  random: false,
  params: mutantsParams,
  check: checkRegularization,
  work: async (c) => ({ potts: (await modelWork(c)).ops }),
  run: async (c, _rng, hooks) => {
    const protein = decodeOrParam('wt', () => parseProtein(c.wt.bytes, c.wt.name));
    const table = c.mutants
      ? decodeOrParam('mutants', () =>
          parseMutantTable((c.mutants as LoadedFile).bytes, (c.mutants as LoadedFile).name),
        )
      : undefined;
    const { model, frequencies, lambdaH, note } = await mutantsModel(c, hooks);
    const res = pottsMutantsExperiment({
      model,
      frequencies,
      lambdaH,
      protein,
      wtSource: c.wt.name,
      mutants: table && c.mutants ? { table, source: c.mutants.name } : undefined,
      fitness: c.fitness,
    });
    return mutantsOutput(c, res, note, model);
  },
  caption:
    'Each scored mutant: the summed site log-odds log p(mutant)/p(wild type) of the asymmetric conditionals ' +
    '(higher: fitter) against the measured fitness; or, without mutants, the site log-odds of every single ' +
    'substitution (residue × amino acid).',
});

function mutantsOutput(
  c: { fitness?: string; mapping?: string; mutants?: LoadedFile; wt: LoadedFile },
  res: ReturnType<typeof pottsMutantsExperiment>,
  note: string,
  model: PottsModel | ArModel,
) {
  const m = res.mapping;
  const scores = modelScores(model);
  const files = [{ param: 'out', content: formatScores(res.rows, c.fitness, scores.names) }];
  if (c.mapping !== undefined) files.push({ param: 'mapping', content: formatMapping(m) });
  const name = c.wt.name;
  const label = scores.main === 'siteLogOdds' ? 'site log-odds' : 'log-likelihood ratio';
  const main = res.correlations.find((r) => r.score === scores.main) ?? { spearman: Number.NaN, n: 0 };
  const figure =
    c.fitness !== undefined
      ? mutantScatterPlot(
          res.rows,
          scores.main,
          c.fitness,
          `${name}: ${label} against ${c.fitness}, Spearman ρ = ${main.spearman.toFixed(3)} (n = ${main.n})`,
        )
      : c.mutants === undefined
        ? mutantHeatmapPlot(res.rows, scores.main, `${name}: ${label} of every single substitution`)
        : undefined;
  const notScored = res.rows.length - res.scored;
  const summary = [
    note,
    `${name}: ${m.covered} residues in the model's ${m.columns.length} columns (coverage ${m.coverage.toFixed(3)}), identity to the column consensus ${m.identity.toFixed(3)}`,
    `scored ${res.scored} of ${res.rows.length} mutants${notScored > 0 ? ` (${notScored} touch residues in no column: empty scores)` : ''}`,
    ...res.correlations.map(
      (r) => `Spearman ρ(${r.score}, ${c.fitness}) = ${r.spearman.toFixed(4)} over ${r.n} mutants`,
    ),
  ];
  const rows: Record<string, unknown>[] =
    res.correlations.length > 0
      ? res.correlations.map((r) => ({ ...r }))
      : [{ mutants: res.rows.length, scored: res.scored, notScored }];
  return {
    rows,
    extra: {
      mapping: { covered: m.covered, coverage: m.coverage, identity: m.identity, residues: m.rows.length },
      scored: res.scored,
      notScored,
      defaultScore: scores.main,
      ...(c.fitness !== undefined
        ? { fitness: c.fitness, spearman: Object.fromEntries(res.correlations.map((r) => [r.score, r])) }
        : {}),
    },
    ...(figure ? { figure } : {}),
    files,
    summary,
  };
}

export const pottsEnergy = defineExperiment({
  id: 'potts.energy',
  family: 'potts',
  summary:
    "score sequences already in the model's columns: energy (symmetrized zero-sum couplings) and mean site log-likelihood; with an autoregressive model the exact log-likelihood",
  examples: [
    'potts energy --model pf14.json --sequences samples.fasta --out energies.csv',
    'potts energy --model pf14ar.json --sequences natural.fasta --out loglik.csv',
  ],
  random: false,
  params: energyParams,
  work: async (c) => {
    const n = modelShape(c.model)?.n ?? 0;
    return { potts: (await alignmentShape(c.sequences)).m * n * n };
  },
  run: async (c) => {
    const { kind, model } = decodeJsonFile('model', c.model, loadAnyPotts);
    const seqs = await (async () => {
      try {
        return await decodeAlignment(c.sequences.bytes, c.sequences.name, { minSequences: 1 });
      } catch (e) {
        if (e instanceof MsaError) throw new ParamError('sequences', `: ${e.message}`);
        throw e;
      }
    })();
    if (seqs.n !== model.n)
      throw new ParamError(
        'sequences',
        `: "${c.sequences.name}" has sequences of ${seqs.n} columns but the model "${c.model.name}" has N = ${model.n}`,
      );
    const rows = pottsEnergyExperiment(model, seqs);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let mean = 0;
    for (const r of rows) {
      lo = Math.min(lo, r.energy);
      hi = Math.max(hi, r.energy);
      mean += r.energy / rows.length;
    }
    return {
      rows: [{ sequences: rows.length, meanEnergy: mean, minEnergy: lo, maxEnergy: hi }],
      files: [{ param: 'out', content: formatEnergies(rows) }],
      summary: [
        kind === 'autoregressive'
          ? `wrote the exact log-likelihoods log P (and energies −log P) of ${rows.length} sequences under the autoregressive model to ${c.out}`
          : `wrote the energies of ${rows.length} sequences to ${c.out}`,
      ],
    };
  },
});

export const pottsExperiments = [
  pottsTrain,
  pottsContacts,
  pottsSample,
  pottsCheck,
  pottsRetrieval,
  pottsMutants,
  pottsEnergy,
];

/**
 * Pseudo-likelihood associative memories on Ising data (paper 000): train and save couplings, retrieval maps,
 * basins, random features, MNIST, Edwards–Anderson samples and the stability distribution (`hopfield pl …`).
 * Every entry estimates its memory from its parameters and refuses, before allocating, what exceeds --max-memory.
 */
import { parallelBatchBytes } from '../../core/dynamics/pseudolikelihood.js';
import { savePseudoLikelihood, trainPseudoLikelihood } from '../../core/models/pseudolikelihood.js';
import { plTrainingBytes } from '../../core/models/pseudolikelihoodBounds.js';
import {
  PL_CONTINUOUS_DIM,
  randomSpinPatterns,
  saveSpinModel,
  spinDim,
  trainSpinPseudoLikelihood,
} from '../../core/models/pseudolikelihoodSpins.js';
import { type PatternSet, rademacher } from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import { checkMemory, inBounds, ParamError } from '../../core/validate.js';
import { trialPatterns } from '../classical/run.js';
import type { ConfigOf, LoadedDir, LoadedFile } from '../params.js';
import { checkPatternFileParams, patternsForLoads } from '../registry/common.js';
import { defineExperiment } from '../registry/types.js';
import type { ExperimentHooks } from '../types.js';
import { sumOf, sumWork } from '../work.js';
import { MNIST_N, mnistLabelledSplits, mnistSplits } from './dataEntries.js';
import {
  hconcat,
  plBasinsPlot,
  plClassifyPlot,
  plFeaturesPlot,
  plGalleryPlot,
  plOverlapPlot,
  plRetrievalMapPlot,
  plSpinCapacityPlot,
  plSpinMapPlot,
  plStabilityPlot,
  plTeacherStudentPlot,
} from './figures.js';
import {
  classifyExperiment,
  classSetFromCsv,
  standardize,
  teacherStudentExperiment,
  theoryAt,
} from './labels.js';
import {
  basinParams,
  classifyParams,
  featureParams,
  mapParams,
  mnistParams,
  spinGlassParams,
  spinMapParams,
  stabilityParams,
  teacherParams,
  trainParams,
} from './params.js';
import {
  datasetOverlapExperiment,
  type PLSpinGlassRow,
  plBasinsExperiment,
  plFeaturesExperiment,
  plRetrievalMapExperiment,
  plSpinGlassExperiment,
  plStabilityExperiment,
  plStabilityTheory,
  plTraining,
  retrievalGallery,
} from './run.js';
import {
  firstSpinPatterns,
  plSpinsOf,
  spinCapacity,
  spinMapExperiment,
  spinPatternsFromFile,
} from './spins.js';

/** Largest spin-glass sample set, in numbers (2^27 Float64 = 1 GiB: the paper's L = 32 up to α = 64 fits). */
const MAX_SAMPLE_NUMBERS = 2 ** 27;

const roundP = (alpha: number, n: number) => Math.max(1, Math.round(alpha * n));

/**
 * Multiply–adds of PL training: each epoch computes the fields XJᵀ and the gradient, 2·P·N² (spins of dimension d:
 * 2·P·N²·d²).
 */
const plTrainOps = (epochs: number, p: number, n: number, d = 1) => 2 * epochs * p * n * n * d * d;

/** Field updates of `starts` parallel runs of the dynamics (about 10 steps of N² each before a fixed point). */
const plDynamicsOps = (starts: number, n: number, maxSweeps: number) =>
  starts * Math.min(maxSweeps, 10) * n * n;
const limitHint = (what: string) => `lower ${what}`;

// ---------------------------------------------------------------------------------------------------------------

/**
 * Bytes of vector-spin training with block couplings (M = N·d): the data and its transpose, fields and
 * coefficients (P×M each), J, its gradient and the returned copy (M×M each).
 */
const spinTrainingBytes = (p: number, n: number, d: number) => 8 * (4 * p * d * n + 3 * (n * d) ** 2);

/** True for Ising spins (--spins vector --dim 1): today's training, files and outputs unchanged. */
const isIsing = (c: { spins: string; dim: number }) => c.spins === 'vector' && c.dim === 1;

/** Cross-checks of --spins, --dim, --gamma against the data and the stopping rule. */
function checkSpinFlags(c: {
  spins: string;
  dim: number;
  data: string;
  stopEvery: number;
  gamma?: number;
}): void {
  if (c.spins === 'continuous' && !inBounds(c.dim, PL_CONTINUOUS_DIM))
    throw new ParamError('dim', `must be 1 for --spins continuous (got ${c.dim})`);
  if (isIsing(c)) return;
  if (c.data !== 'rademacher')
    throw new ParamError('data', `must be rademacher for --spins ${c.spins} --dim ${c.dim} (got ${c.data})`);
  if (c.stopEvery > 0)
    throw new ParamError(
      'stopEvery',
      `must be 0 for --spins ${c.spins} --dim ${c.dim} (basin stopping is Ising-only; got ${c.stopEvery})`,
    );
}

const checkTrainMemory = (p: number, n: number, limitGiB: number) =>
  checkMemory(
    `P = ${p} examples of N = ${n} spins`,
    plTrainingBytes(p, n),
    limitGiB,
    limitHint('--alpha or --n'),
  );

export const plTrain = defineExperiment({
  id: 'pl.train',
  family: 'pl',
  summary:
    'train couplings on P = round(αN) random ±1 patterns or binarized MNIST images and save them as a model file',
  examples: ['pl train --data rademacher --n 200 --alpha 0.4 --epochs 1000 --seed 1 --out pl.json'],
  params: trainParams,
  check: (c) => {
    checkPatternFileParams(c);
    checkSpinFlags(c);
    if (!isIsing(c)) {
      const p = roundP(c.alpha, c.n);
      const what = `P = ${p} examples of N = ${c.n} spins of dimension ${c.dim}`;
      if (c.patterns === undefined)
        checkMemory(what, spinTrainingBytes(p, c.n, c.dim), c.maxMemory, limitHint('--alpha or --n'));
      return;
    }
    if (c.patterns !== undefined && c.data === 'mnist')
      throw new ParamError(
        'patterns',
        'replaces the random patterns of --data rademacher (got --data mnist)',
      );
    const n = c.data === 'mnist' ? MNIST_N : c.n;
    if (c.patterns === undefined) checkTrainMemory(roundP(c.alpha, n), n, c.maxMemory);
  },
  work: (c) => {
    const n = c.data === 'mnist' ? MNIST_N : c.n;
    return { couplings: plTrainOps(c.epochs, roundP(c.alpha, n), n, isIsing(c) ? 1 : c.dim) };
  },
  run: async (c, rng, hooks) => {
    if (!isIsing(c)) return trainSpins(c, rng, hooks);
    const given = await patternsForLoads(c, [c.alpha]);
    const n = c.data === 'mnist' ? MNIST_N : (given?.n ?? c.n);
    const p = roundP(c.alpha, n);
    if (given) checkTrainMemory(p, n, c.maxMemory);
    const [rData, rTrain] = rng.split(2);
    let xi: PatternSet;
    if (given) xi = trialPatterns(given, rData, p, n);
    else if (c.data === 'mnist') {
      const { train } = await mnistSplits(c.mnist, 0.5, 'data');
      if (p > train.p) throw new ParamError('alpha', `${c.alpha} needs ${p} images; MNIST has ${train.p}`);
      const idx = rData.sampleWithoutReplacement(train.p, p);
      const d = new Float64Array(p * n);
      for (let k = 0; k < p; k++) d.set(train.data.subarray(idx[k] * n, (idx[k] + 1) * n), k * n);
      xi = { p, n, data: d };
    } else xi = rademacher(rData, p, n);
    const res = trainPseudoLikelihood(xi, { symmetry: { kind: c.couplings }, ...plTraining(c) }, rTrain, {
      onEpoch: (e, t) => hooks.onProgress?.(e, t),
    });
    const last = res.history[res.history.length - 1];
    const model = savePseudoLikelihood({
      n,
      couplings: res.couplings,
      symmetry: c.couplings,
      training: {
        ...c,
        n,
        p,
        seed: hooks.seed ?? null,
        epochsRun: res.epochs,
        finalLoss: last?.loss ?? null,
      },
      patterns: c.data === 'rademacher' ? xi : undefined,
    });
    const every = c.historyEvery;
    const rows = res.history
      .filter((h) => h.epoch % every === 0 || h.epoch === res.epochs || h.epoch === 1)
      .map((h) => ({
        epoch: h.epoch,
        loss: h.loss,
        learningRate: h.learningRate,
        rowNorm: h.rowNorm,
        basinSize: h.basinSize ?? null,
      }));
    return {
      rows,
      derived: { n, p },
      files: [{ param: 'out', content: JSON.stringify(model) }],
      summary: [
        `trained ${res.epochs} epochs (stopped by ${res.stoppedBy}) on ${p} examples of ${n} spins; saved ${c.out}`,
      ],
    };
  },
});

/** `pl train` on vector (d > 1) or continuous spins: random or loaded P×N×d patterns, saved as a spin model. */
async function trainSpins(c: ConfigOf<typeof trainParams>, rng: Rng, hooks: ExperimentHooks) {
  const spins = plSpinsOf(c);
  const given = c.patterns === undefined ? undefined : await spinPatternsFromFile(c.patterns, spins);
  const n = given?.n ?? c.n;
  const p = roundP(c.alpha, n);
  if (given && p > given.p)
    throw new ParamError(
      'alpha',
      `${c.alpha} needs P = round(αN) = ${p} patterns of N = ${n}, but ${c.patterns?.name} holds ${given.p}`,
    );
  const what = `P = ${p} examples of N = ${n} spins of dimension ${spinDim(spins)}`;
  checkMemory(what, spinTrainingBytes(p, n, spinDim(spins)), c.maxMemory, limitHint('--alpha or --n'));
  const [rData] = rng.split(2);
  const xi = given ? firstSpinPatterns(given, p) : randomSpinPatterns(rData, p, n, spins);
  const res = trainSpinPseudoLikelihood(
    xi,
    spins,
    { symmetry: { kind: c.couplings }, ...plTraining(c) },
    { onEpoch: (e, t) => hooks.onProgress?.(e, t) },
  );
  const last = res.history[res.history.length - 1];
  const training = {
    ...c,
    n,
    p,
    seed: hooks.seed ?? null,
    epochsRun: res.epochs,
    finalLoss: last?.loss ?? null,
  };
  const model = saveSpinModel({
    n,
    spins,
    couplings: res.couplings,
    symmetry: c.couplings,
    training,
    patterns: xi,
  });
  const rows = res.history
    .filter((h) => h.epoch % c.historyEvery === 0 || h.epoch === res.epochs || h.epoch === 1)
    .map((h) => ({
      epoch: h.epoch,
      loss: h.loss,
      learningRate: h.learningRate,
      rowNorm: h.rowNorm,
      basinSize: null,
    }));
  return {
    rows,
    derived: { n, p },
    files: [{ param: 'out', content: JSON.stringify(model) }],
    summary: [
      `trained ${res.epochs} epochs on ${p} examples of ${n} ${spins.kind} spins (d = ${spinDim(spins)}); saved ${c.out}`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------

const checkMapMemory = (c: { alpha: number; epochs: readonly number[]; maxMemory: number }, n: number) => {
  const p = roundP(c.alpha, n);
  const bytes = plTrainingBytes(p, n) + 8 * n * n * c.epochs.length + parallelBatchBytes(p, n);
  checkMemory(
    `P = ${p} patterns of N = ${n} spins`,
    bytes,
    c.maxMemory,
    limitHint('--n, --alpha or --epochs'),
  );
};

export const plRetrievalMap = defineExperiment({
  id: 'pl.retrieval-map',
  family: 'pl',
  summary:
    'retrieval maps m_F(m_IN) of random patterns during training and for perceptrons with margins k (Fig. 2)',
  examples: [
    'pl retrieval-map --n 200 --alpha 0.4 --epochs 1,10,100,1000 --margins 0.5,1 --seed 1 --plot map.svg',
  ],
  params: mapParams,
  check: (c) => {
    checkPatternFileParams(c);
    if (c.patterns === undefined) checkMapMemory(c, c.n);
  },
  // Per trial: training to the last epoch, a perceptron per margin (taken as long), maps from P starts per m_IN.
  work: (c) => {
    const p = roundP(c.alpha, c.n);
    const maps = c.epochs.length + c.margins.length;
    return {
      couplings: c.trials * plTrainOps(Math.max(0, ...c.epochs) + 100 * c.margins.length, p, c.n),
      spins: c.trials * plDynamicsOps(maps * c.m0.length * p, c.n, c.maxSweeps),
    };
  },
  run: async (c, rng, hooks) => {
    const given = await patternsForLoads(c, [c.alpha]);
    const n = given?.n ?? c.n;
    if (given) checkMapMemory(c, n);
    const rows = plRetrievalMapExperiment({ ...c, n, patterns: given }, rng, hooks);
    // Stored as the commands always have: the last epoch, and the stopping rule of the snapshots.
    const derived = { epochs: Math.max(...c.epochs), stopEvery: 0, ...(given ? { n } : {}) };
    if (!given) return { rows, derived };
    return { rows, derived, figure: plRetrievalMapPlot(rows, n, c.alpha, hooks.seed ?? 0) };
  },
  figure: (rows, c, seed) => plRetrievalMapPlot(rows, c.n, c.alpha, seed),
  caption:
    'Mean final overlap from training examples corrupted to m_IN. Early in training the couplings are Hebbian (no ' +
    'retrieval at α = 0.4 > 0.138); the basin opens as training goes on and ends close to that of a perceptron ' +
    'trained with a large margin k. Dashed: m_F = m_IN.',
  columns: ['label', 'm0', 'meanOverlap', 'std', 'success'],
});

// ---------------------------------------------------------------------------------------------------------------

const checkBasinMemory = (c: { alpha: readonly number[]; probe: number; maxMemory: number }, n: number) => {
  const p = roundP(Math.max(...c.alpha), n);
  const probed = c.probe > 0 ? Math.min(c.probe, p) : p;
  const bytes = plTrainingBytes(p, n) + parallelBatchBytes(probed, n);
  checkMemory(`P = ${p} patterns of N = ${n} spins`, bytes, c.maxMemory, limitHint('--n or --alpha'));
};

export const plBasins = defineExperiment({
  id: 'pl.basins',
  family: 'pl',
  summary: 'basin size 1 − m_IN^max of the training examples and coupling asymmetry against α (Fig. 3)',
  examples: ['pl basins --n 200 --alpha 0.2,0.4 --couplings asymmetric,hebb --seed 1 --json g.json'],
  params: basinParams,
  check: (c) => {
    checkPatternFileParams(c);
    if (c.patterns === undefined) checkBasinMemory(c, c.n);
  },
  // Per load, coupling method and trial: training (Hebb: one pass), then each probed example from the grid's
  // overlaps 1, 1 − step, … until retrieval fails (half the grid, on average).
  work: (c) =>
    sumWork(c.alpha, (a) => {
      const p = roundP(a, c.n);
      const probed = c.probe > 0 ? Math.min(c.probe, p) : p;
      const trained = c.couplings.filter((m) => m !== 'hebb').length;
      return {
        couplings: c.trials * (trained * plTrainOps(c.epochs, p, c.n) + p * c.n * c.n),
        spins: c.trials * c.couplings.length * plDynamicsOps(probed * (0.5 / c.step), c.n, c.maxSweeps),
      };
    }),
  run: async (c, rng, hooks) => {
    const given = await patternsForLoads(c, c.alpha);
    const n = given?.n ?? c.n;
    if (given) checkBasinMemory(c, n);
    const rows = plBasinsExperiment({ ...c, n, patterns: given }, rng, hooks);
    const derived = given ? { n } : {};
    if (!given) return { rows, derived };
    return { rows, derived, figure: plBasinsPlot(rows, n, hooks.seed ?? 0) };
  },
  figure: (rows, c, seed) => plBasinsPlot(rows, c.n, seed),
  caption:
    'Basin size 1 − m_IN^max, where m_IN^max is the largest initial overlap at which the mean retrieval map falls ' +
    'below 0.99. Pseudo-likelihood couplings (asymmetric and symmetric) keep wide basins well above the Hebbian ' +
    'capacity, and the basins close before the Gardner bound α = 2; Hebbian couplings have no basin at these loads. ' +
    'Right: the asymmetry of the trained couplings grows with α.',
  columns: ['alpha', 'couplings', 'basinSize', 'asymmetry', 'epochs'],
});

// ---------------------------------------------------------------------------------------------------------------

export const plFeatures = defineExperiment({
  id: 'pl.features',
  family: 'pl',
  summary:
    'random-features data: final overlaps from training examples, features and test examples over (α, D/N) (Fig. 4)',
  examples: [
    'pl features --n 100 --alpha 0.5,1,2,4 --features 0.05,0.1,0.2,0.4 --epochs 300 --seed 1 --plot f.svg',
  ],
  params: featureParams,
  check: (c) => {
    for (const f of c.features) {
      const d = Math.round(f * c.n);
      if (d < c.l)
        throw new ParamError(
          'features',
          `${f} gives D = round(${f}·${c.n}) = ${d} features, fewer than L = ${c.l} (raise --features or --n, or lower --l)`,
        );
    }
    const p = roundP(Math.max(...c.alpha), c.n);
    const d = Math.round(Math.max(...c.features) * c.n);
    const bytes =
      plTrainingBytes(p, c.n) +
      8 * (d + c.probe) * c.n +
      parallelBatchBytes(Math.min(c.probe, Math.max(p, d)) + c.probe, c.n);
    checkMemory(
      `P = ${p} examples of N = ${c.n} spins, probing ${c.probe}`,
      bytes,
      c.maxMemory,
      limitHint('--probe, --alpha or --n'),
    );
  },
  // Per (α, D/N) and trial: training, then runs from the probed examples, features and test examples.
  work: (c) =>
    sumWork(c.alpha, (a) => ({
      couplings:
        c.features.length * c.trials * plTrainOps(c.couplings === 'hebb' ? 1 : c.epochs, roundP(a, c.n), c.n),
      spins: c.features.length * c.trials * plDynamicsOps(3 * c.probe, c.n, c.maxSweeps),
    })),
  run: (c, rng, hooks) => {
    return { rows: plFeaturesExperiment(c, rng, hooks) };
  },
  figure: (rows, c, seed) => plFeaturesPlot(rows, c.n, c.l, seed),
  caption:
    'Final overlap from training examples, from the D features and from unseen examples (L active features per ' +
    'example) over the load α and the feature ratio α_D = D/N. Training examples stay stored well above α = 2 ' +
    '(correlated data); with many examples per feature the features themselves become attractors (learning), and ' +
    'with few features unseen examples are retrieved too (generalization).',
});

// ---------------------------------------------------------------------------------------------------------------

/** Images of the MNIST training and test splits (the memory of the loaded data). */
const MNIST_IMAGES = 70_000;

export const plMnist = defineExperiment({
  id: 'pl.mnist',
  family: 'pl',
  summary:
    'binarized 14×14 MNIST: final overlaps from train, test and random starts against α (Fig. 5a); --gallery draws retrieved digits (Fig. 5b, 8)',
  examples: [
    'pl mnist --alpha 0.1,0.5,2,10 --epochs 200 --lr 5 --seed 1 --plot mnist.svg --gallery digits.svg',
  ],
  params: mnistParams,
  check: (c) => {
    const galleryAlpha = c.galleryAlpha ?? Math.max(...c.alpha);
    if (c.gallery && !c.alpha.includes(galleryAlpha))
      throw new ParamError(
        'galleryAlpha',
        `must be one of the --alpha values ${c.alpha.join(', ')} (got "${galleryAlpha}")`,
      );
    const n = MNIST_N;
    const ps = c.alpha.map((a) => roundP(a, n));
    const p = Math.max(...ps);
    const kept = ps.reduce((s, q) => s + q * n + n * n, 0);
    const bytes =
      MNIST_IMAGES * (784 + 8 * n) +
      8 * kept +
      plTrainingBytes(p, n) +
      parallelBatchBytes(c.probe, n) +
      8 * c.probe * n;
    checkMemory(
      `MNIST at α = ${Math.max(...c.alpha)} probing ${c.probe} starts`,
      bytes,
      c.maxMemory,
      limitHint('--probe or --alpha'),
    );
  },
  // Per load and trial: training on P images, runs from the probed train, test and random starts.
  work: (c) =>
    sumWork(c.alpha, (a) => ({
      couplings: c.trials * plTrainOps(c.couplings === 'hebb' ? 1 : c.epochs, roundP(a, MNIST_N), MNIST_N),
      spins: c.trials * plDynamicsOps(3 * c.probe, MNIST_N, c.maxSweeps),
    })),
  run: async (c, rng, hooks) => {
    const { train, test } = await mnistSplits(c.data, c.threshold, 'data');
    for (const a of c.alpha) {
      const p = Math.round(a * MNIST_N);
      if (p > train.p) throw new ParamError('alpha', `${a} needs ${p} training images; MNIST has ${train.p}`);
    }
    const [rExp, rGallery] = rng.split(2);
    const res = datasetOverlapExperiment({ ...c, pool: train, test }, rExp, hooks);
    const files = [];
    const galleryAlpha = c.galleryAlpha ?? Math.max(...c.alpha);
    const net = c.gallery ? res.networks.get(galleryAlpha) : undefined;
    if (net) {
      const items = retrievalGallery(
        net.couplings,
        net.train,
        test,
        c.galleryM0,
        c.galleryCount,
        rGallery,
        c.maxSweeps,
      );
      const title = `Retrieved digits, α = ${galleryAlpha} (seed ${hooks.seed ?? 'not given'})`;
      files.push({ param: 'gallery', content: { plot: plGalleryPlot(items, 14, title) } });
    }
    return {
      rows: res.rows,
      derived: { n: MNIST_N },
      files,
      summary: c.gallery ? [`gallery of retrieved digits written to ${c.gallery}`] : [],
    };
  },
  figure: (rows, _c, seed) => plOverlapPlot(rows, `Binarized 14×14 MNIST, N = 196 (seed ${seed})`),
  caption:
    'Mean final overlap from training images, unseen test images and random configurations. At small α the ' +
    'training images are fixed points (storage); as α grows train and test overlaps meet (generalization), while ' +
    'random starts stay far from their start.',
});

// ---------------------------------------------------------------------------------------------------------------

export const plSpinGlass = defineExperiment({
  id: 'pl.spin-glass',
  family: 'pl',
  summary:
    '2D Edwards–Anderson samples by parallel tempering: train/test/random final overlaps against α and with the true couplings (Fig. 7)',
  examples: ['pl spin-glass --size 8 --alpha 0.5,1,2,5,10,20 --epochs 300 --seed 1 --plot ea.svg'],
  params: spinGlassParams,
  check: (c) => {
    if (!(c.tMax > c.temperature))
      throw new ParamError('tMax', `must be a number > ${c.temperature} and ≤ 1000 (got ${c.tMax})`);
    const n = c.size * c.size;
    const pMax = Math.max(...c.alpha.map((a) => roundP(a, n)));
    const samples = pMax + c.test;
    const what = `--alpha ${Math.max(...c.alpha)} with --test ${c.test} at --size ${c.size} (${samples} samples of N = ${n} spins)`;
    if (samples * n > MAX_SAMPLE_NUMBERS)
      throw new ParamError(
        'alpha',
        `${Math.max(...c.alpha)} with --test ${c.test} at --size ${c.size} needs ${samples} samples of N = ${n} spins (${((samples * n * 8) / 2 ** 30).toFixed(1)} GiB); at most ${MAX_SAMPLE_NUMBERS} numbers: lower --alpha, --test or --size`,
      );
    const bytes =
      8 * samples * n * 2 + plTrainingBytes(pMax, n) + parallelBatchBytes(c.probe, n) + 8 * c.probe * n;
    checkMemory(what, bytes, c.maxMemory, limitHint('--alpha, --test, --size or --probe'));
  },
  // Parallel tempering (replicas × sweeps of 4 neighbours per spin), then per load and trial training and probes.
  work: (c) => {
    const n = c.size * c.size;
    const pMax = Math.max(...c.alpha.map((a) => roundP(a, n)));
    return {
      spins:
        c.replicas * (c.burnIn + c.thinning * (pMax + c.test)) * 4 * n +
        c.alpha.length * c.trials * plDynamicsOps(3 * c.probe, n, c.maxSweeps),
      couplings: c.trials * sumOf(c.alpha, (a) => plTrainOps(c.epochs, roundP(a, n), n)),
    };
  },
  run: (c, rng, hooks) => {
    const res = plSpinGlassExperiment(c, rng, hooks);
    const d = res.decorrelation;
    return {
      rows: res.rows,
      derived: { n: c.size * c.size },
      extra: {
        samples: res.samples,
        swapAcceptance: res.swapAcceptance,
        decorrelation: d,
        trueCouplings: res.trueCouplings,
      },
      summary: [
        `parallel tempering: ${res.samples} samples, swap acceptance ${Math.min(...res.swapAcceptance).toFixed(2)}–${Math.max(...res.swapAcceptance).toFixed(2)}`,
        `decorrelation: energy lag-1 autocorrelation ${d.energyLag1.toFixed(3)}, mean |q| successive ${d.successiveOverlap.toFixed(3)} vs distant ${d.distantOverlap.toFixed(3)}`,
        `true couplings: m_F ${res.trueCouplings.mTest.toFixed(3)} from test samples, ${res.trueCouplings.mRandom.toFixed(3)} from random starts`,
      ],
    };
  },
  figure: (rows, c, seed) => spinGlassPlot(rows, c.size, c.temperature, seed),
  caption:
    '2D Edwards–Anderson model, open boundaries, Gaussian couplings; samples by parallel tempering. Training ' +
    'samples are fixed points at small α; as α grows the final overlap from unseen samples approaches the one ' +
    'reached with the true couplings (dashed).',
  columns: ['alpha', 'p', 'mTrain', 'mTest', 'mRandom', 'mTrueTest'],
});

/** Fig. 7 from the rows (each row carries the true-coupling reference m_F from the test samples). */
function spinGlassPlot(rows: readonly PLSpinGlassRow[], l: number, t: number, seed: number) {
  return plOverlapPlot(rows, `2D Edwards–Anderson, L = ${l}, T = ${t} (seed ${seed})`, {
    value: rows[0]?.mTrueTest ?? 0,
    label: 'true couplings, test starts',
  });
}

// ---------------------------------------------------------------------------------------------------------------

export const plStability = defineExperiment({
  id: 'pl.stability',
  family: 'pl',
  summary:
    'distribution of the normalized stabilities κ = Δ/‖J_i‖ of random training patterns during training (Fig. 1a)',
  examples: ['pl stability --n 200 --alpha 0.4 --epochs 10,100,1000 --seed 1 --plot stab.svg'],
  params: stabilityParams,
  check: (c) => {
    const p = roundP(c.alpha, c.n);
    const bytes = plTrainingBytes(p, c.n) + 8 * c.n * c.n * c.epochs.length + 16 * p * c.n;
    checkMemory(
      `P = ${p} patterns of N = ${c.n} spins`,
      bytes,
      c.maxMemory,
      limitHint('--n, --alpha or --epochs'),
    );
  },
  work: (c) => ({ couplings: plTrainOps(Math.max(...c.epochs), roundP(c.alpha, c.n), c.n) }),
  run: (c, rng, hooks) => {
    // Stored as the command always has: the last epoch, and the stopping rule of the snapshots.
    return {
      rows: plStabilityExperiment(c, rng, hooks),
      derived: { epochs: Math.max(...c.epochs), stopEvery: 0 },
    };
  },
  figure: (rows, c, seed) => plStabilityPlot(rows, c.n, c.alpha, seed, plStabilityTheory(rows, c.alpha)),
  caption:
    'Histogram of the normalized stabilities κ = Δ/‖J_i‖ of the training examples (dashed: P_λ(κ) of paper 000 ' +
    'Appendix A at λ = ‖J_i‖). As the norm of J (the effective λ) grows, the distribution moves from the Gaussian ' +
    'of Hebbian learning towards one truncated near the maximal margin, and its negative tail shrinks.',
});

// ---------------------------------------------------------------------------------------------------------------

export const plVectorMap = defineExperiment({
  id: 'pl.vector-map',
  family: 'pl',
  summary:
    'vector spins on S^{d−1}: retrieval maps m_F(m_IN) and trained patterns as fixed points against α and the spin dimension d',
  examples: [
    'pl vector-map --n 200 --dim 1,2,3 --alpha 0.05,0.1,0.2 --seed 1 --plot vmap.svg',
    'pl vector-map --spins continuous --dim 1 --n 100 --alpha 0.1,0.3 --lr 1 --seed 1 --json cmap.json',
  ],
  params: spinMapParams,
  check: (c) => {
    if (c.spins === 'continuous' && c.dim.some((d) => d !== 1))
      throw new ParamError('dim', `must be 1 for --spins continuous (got ${c.dim.join(',')})`);
    const p = roundP(Math.max(...c.alpha), c.n);
    const d = Math.max(...c.dim);
    checkMemory(
      `P = ${p} patterns of N = ${c.n} spins of dimension ${d}`,
      spinTrainingBytes(p, c.n, d) + 16 * c.probe * c.n * d,
      c.maxMemory,
      limitHint('--n, --alpha or --dim'),
    );
  },
  // Per (d, α) and trial: training, then the map's runs from the probed patterns at each m_IN.
  work: (c) =>
    sumWork(c.dim, (d) =>
      sumWork(c.alpha, (a) => ({
        couplings: c.trials * plTrainOps(c.epochs, roundP(a, c.n), c.n, d),
        spins: c.trials * d * d * plDynamicsOps(c.probe * (c.m0.length + 1), c.n, c.maxSweeps),
      })),
    ),
  run: (c, rng, hooks) => {
    const rows = spinMapExperiment(c, rng, hooks);
    const cap = spinCapacity(rows);
    return {
      rows,
      summary: [
        `patterns fixed points (m_F ≥ 0.99 from m_IN = 1) up to α = ${cap.map((x) => `${x.alpha} at d = ${x.dim}`).join(', ')} (largest grid α passing, 0 = none)`,
      ],
    };
  },
  figure: (rows, c, seed) =>
    hconcat([plSpinMapPlot(rows, c.n, c.alpha[0], seed), plSpinCapacityPlot(rows, c.n, seed)]),
  caption:
    'Vector spins (unit vectors in R^d, d×d block couplings J_ij as the pseudo-likelihood library of paper 000’s ' +
    'authors) trained by pseudo-likelihood with the von Mises–Fisher conditional. Left: mean final overlap ' +
    '(1/N)Σ ξ_i·s_i from training patterns corrupted to m_IN (every spin rotated to ξ_i·s_i = m_IN), at the ' +
    'first load. Right: final overlap from the patterns themselves against α under s_i ← h_i/|h_i|.',
  columns: ['dim', 'alpha', 'm0', 'meanOverlap', 'std', 'success', 'converged'],
});

// ---------------------------------------------------------------------------------------------------------------

export const plTeacherStudent = defineExperiment({
  id: 'pl.teacher-student',
  family: 'pl',
  summary:
    'teacher–student perceptron: a label neuron trained by pseudo-likelihood on ±1 inputs labelled by a random teacher; generalization error against α with the replica curves',
  examples: ['pl teacher-student --n 200 --alpha 0.5,1,2,4,8 --trials 3 --seed 1 --plot ts.svg'],
  params: teacherParams,
  check: (c) => {
    const p = roundP(Math.max(...c.alpha), c.n);
    checkMemory(
      `P = ${p} examples of N = ${c.n} inputs and ${c.test} test examples`,
      8 * (3 * p * c.n + c.test * c.n),
      c.maxMemory,
      limitHint('--alpha, --n or --test'),
    );
  },
  // Per load and trial: four students (Hebb, Gibbs, max-stability, Bayes), each up to `epochs` passes of P·N.
  work: (c) => ({
    couplings: c.trials * sumOf(c.alpha, (a) => 4 * 2 * c.epochs * roundP(a, c.n) * c.n + c.test * c.n),
  }),
  run: (c, rng, hooks) => {
    return { rows: teacherStudentExperiment(c, rng, hooks) };
  },
  figure: (rows, c, seed) => plTeacherStudentPlot(rows, theoryGrid(Math.max(...c.alpha)), c.n, seed),
  caption:
    'Generalization error ε = arccos(R)/π of a perceptron student trained by pseudo-likelihood (logistic loss of ' +
    'the label given the input) on P = αN examples of a random perceptron teacher, and its error on fresh ' +
    'examples. Dashed: replica theory for the Hebbian, Gibbs (version-space) and maximally stable students ' +
    '(Engel & Van den Broeck, Statistical Mechanics of Learning, chapters 2–4) and the ' +
    'Bayes-optimal bound below which no student can go. The trained ' +
    'student starts Hebbian and moves towards maximal stability as its norm grows.',
  columns: ['alpha', 'p', 'r', 'epsilon', 'testError', 'hebb', 'gibbs', 'maxStability', 'bayes'],
});

/** The replica curves on a grid up to αmax (for the figure). */
function theoryGrid(alphaMax: number) {
  const out = [];
  for (let k = 0; k <= 40; k++) {
    const alpha = Math.max(0.02, (alphaMax * k) / 40);
    out.push({ alpha, ...theoryAt(alpha) });
  }
  return out;
}

export const plClassify = defineExperiment({
  id: 'pl.classify',
  family: 'pl',
  summary:
    'classifier: one ±1 label neuron per class trained by pseudo-likelihood on P = αN examples; train and test accuracy against α',
  examples: [
    'pl classify --alpha 0.5,2,10 --seed 1 --plot classify.svg',
    'pl classify --train train.csv --test test.csv --alpha 0.5,1,2 --seed 1 --json c.json',
  ],
  params: classifyParams,
  check: (c) => {
    if ((c.train === undefined) !== (c.test === undefined))
      throw new ParamError(
        c.train === undefined ? 'train' : 'test',
        'must be given together with --train and --test',
      );
  },
  // Inputs N: binarized MNIST's 196, or the fields of --train's last line (label,x1,…,xN). Per load and trial,
  // `epochs` passes of the label neurons' gradient, 2·P·N per class (10 classes taken).
  work: (c) => {
    const text = c.train ? new TextDecoder().decode(c.train.bytes.subarray(-65536)).trim() : '';
    const n = c.train
      ? Math.max(1, (text.slice(text.lastIndexOf('\n') + 1).match(/,/g) ?? []).length)
      : MNIST_N;
    return { couplings: c.trials * sumOf(c.alpha, (a) => 2 * c.epochs * 10 * roundP(a, n) * n) };
  },
  run: async (c, rng, hooks) => {
    const data = await classifySets(c.train, c.test, c.mnist);
    const n = data.train.n;
    const pMax = roundP(Math.max(...c.alpha), n);
    if (pMax > data.train.p)
      throw new ParamError(
        'alpha',
        `${Math.max(...c.alpha)} needs P = ${pMax} training examples; ${data.source} has ${data.train.p}`,
      );
    checkMemory(
      `P = ${pMax} examples of N = ${n} inputs`,
      8 * (3 * pMax * n + (data.train.p + data.test.p) * n),
      c.maxMemory,
      limitHint('--alpha'),
    );
    const [train, test] = standardize(data.train, [data.test]);
    const rows = classifyExperiment({ ...c, train, test }, rng, hooks);
    return {
      rows,
      derived: { n },
      summary: [`${data.source}: N = ${n}, ${data.train.p} training and ${data.test.p} test examples`],
    };
  },
  figure: (rows, _c, seed) => plClassifyPlot(rows, `Pseudo-likelihood classifier (seed ${seed})`),
  caption:
    'Accuracy of the label neurons (one per class, ±1 targets, prediction argmax_c h_c) trained by the ' +
    'pseudo-likelihood of the labels given the inputs, on P = αN training examples (default: binarized 14×14 ' +
    'MNIST, N = 196). Inputs are standardized with the training set’s column statistics.',
  columns: ['alpha', 'p', 'trainAccuracy', 'testAccuracy'],
});

/** The train and test sets of `pl classify`: CSV files, or binarized MNIST with its digit labels. */
async function classifySets(trainFile?: LoadedFile, testFile?: LoadedFile, mnist?: LoadedDir) {
  if (trainFile && testFile) {
    const train = classSetFromCsv(trainFile.bytes, trainFile.name, 'train');
    const test = classSetFromCsv(testFile.bytes, testFile.name, 'test');
    if (test.n !== train.n)
      throw new ParamError('test', `: ${testFile.name} has N = ${test.n} inputs, --train has ${train.n}`);
    return { train, test, source: trainFile.name };
  }
  const splits = await mnistLabelledSplits(mnist, 'train');
  const toSet = (s: { images: PatternSet; labels: Uint8Array }) => ({
    p: s.images.p,
    n: s.images.n,
    x: s.images.data,
    classes: Int32Array.from(s.labels),
  });
  return {
    train: toSet(splits.train),
    test: toSet(splits.test),
    source: 'binarized MNIST',
  };
}

export const plExperiments = [
  plTrain,
  plRetrievalMap,
  plBasins,
  plFeatures,
  plMnist,
  plSpinGlass,
  plStability,
  plVectorMap,
  plTeacherStudent,
  plClassify,
];

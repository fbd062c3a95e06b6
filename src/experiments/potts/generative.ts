/**
 * Generative Potts models on protein alignments: the autoregressive model (arDCA) trained with the sequence weights
 * of the pseudo-likelihood model and sampled exactly. Pure: configs in, typed results out, progress through hooks;
 * the heavy parts go through the runner of ./pottsGenerativeRunner.ts (worker threads from the command line).
 */

import type { PottsModel } from '../../core/models/potts.js';
import {
  AR_DEFAULT_LAMBDA_H,
  AR_DEFAULT_LAMBDA_J,
  type ArModel,
  type ArOrder,
} from '../../core/models/pottsAutoregressive.js';
import {
  type BmConfig,
  type BmResult,
  pairStatistics,
  refineBoltzmann,
} from '../../core/models/pottsBoltzmann.js';
import type { Rng } from '../../core/rng/index.js';
import type { Alignment } from '../../data/msa.js';
import type { ExperimentHooks } from '../types.js';
import { weightedBootstrap } from './checkGenerative.js';
import { generativeRunner, resolveGenerativeThreads } from './generativeRunner.js';
import { siteTotals } from './run.js';
import { pottsRunner } from './runner.js';

/** The one default setting of the autoregressive model (arDCA's), used for every alignment. */
export const AR_DEFAULTS = {
  lambdaH: AR_DEFAULT_LAMBDA_H,
  lambdaJ: AR_DEFAULT_LAMBDA_J,
  order: 'entropy',
  /** arDCA's convergence threshold (epsconv, relative decrease of f per iteration). */
  ftol: 1e-5,
} as const;

export interface ArFitSettings {
  readonly lambdaH: number;
  readonly lambdaJ: number;
  readonly identity: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly ftol: number;
  readonly threads: number;
  readonly order: ArOrder['kind'];
}

export interface ArFit {
  readonly model: ArModel;
  readonly mEff: number;
  /** The sequence weights training used. */
  readonly weights: Float64Array;
  /** Mean L-BFGS iterations per conditional. */
  readonly iterations: number;
  /** Σ_k f_k at the end: the regularized negative log-likelihood per (weighted) sequence. */
  readonly loss: number;
  readonly seconds: number;
}

/** Weights at the identity threshold, then the conditionals of the autoregressive model (see pottsAutoregressive). */
export async function fitAutoregressive(
  msa: Alignment,
  s: ArFitSettings,
  hooks?: ExperimentHooks,
): Promise<ArFit> {
  const threads = resolveGenerativeThreads(s.threads);
  const t0 = Date.now();
  hooks?.onProgress?.(0, msa.n + 1);
  const w = await pottsRunner().weights(msa, s.identity, threads);
  hooks?.onProgress?.(1, msa.n + 1);
  const r = await generativeRunner().trainAutoregressive(
    msa,
    w.weights,
    {
      order: { kind: s.order },
      lambdaH: s.lambdaH,
      lambdaJ: s.lambdaJ,
      maxIterations: s.maxIterations,
      tolerance: s.tolerance,
      ftol: s.ftol,
    },
    threads,
    (d, t) => hooks?.onProgress?.(d + 1, t + 1),
  );
  const { it, loss } = siteTotals(r, msa.n);
  return {
    model: r.model,
    mEff: w.mEff,
    weights: w.weights,
    iterations: it / msa.n,
    loss,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** `count` exact independent samples of the autoregressive model (count×N letters by column). */
export function arSampleExperiment(
  model: ArModel,
  count: number,
  temperature: number,
  threads: number,
  rng: Rng,
  hooks?: ExperimentHooks,
): Promise<Uint8Array> {
  return generativeRunner().sampleAutoregressive(
    model,
    count,
    temperature,
    rng,
    resolveGenerativeThreads(threads),
    hooks?.onProgress,
  );
}

/** Settings of the Boltzmann-machine refinement (`potts train --refine bm`). */
export interface BmRefineSettings extends BmConfig {
  readonly identity: number;
  readonly threads: number;
  /** The sequence weights of training (computed at `identity` when omitted). */
  readonly weights?: Float64Array;
}

export interface BmRefineResult extends BmResult {
  /** r of the starting model's chains at the first step. */
  readonly startPearson: number;
  readonly seconds: number;
}

/**
 * Refine a pseudo-likelihood model as a Boltzmann machine (src/core/models/pottsBoltzmann.ts) against the weighted
 * statistics of `msa`; the persistent chains start from natural sequences drawn by weight and run on the runner's
 * threads (the same model for every thread count). Progress: one unit per step, with the current Pearson r as the
 * note; the burn-in before the first step counts as the steps it costs (burn-in / sweeps), so that the time
 * extrapolated from the first step is not ten times too long.
 */
export async function refineBm(
  msa: Alignment,
  start: PottsModel,
  s: BmRefineSettings,
  rng: Rng,
  hooks?: ExperimentHooks,
): Promise<BmRefineResult> {
  const t0 = Date.now();
  const threads = resolveGenerativeThreads(s.threads);
  const weights = s.weights ?? (await pottsRunner().weights(msa, s.identity, threads)).weights;
  const data = pairStatistics(msa.m, msa.n, msa.q, msa.seqs, weights);
  const [rInit, rChains] = rng.split(2);
  const pick = weightedBootstrap(weights, s.chains, rInit);
  const init = new Uint8Array(s.chains * msa.n);
  pick.forEach((seq, c) => {
    init.set(msa.seqs.subarray(seq * msa.n, (seq + 1) * msa.n), c * msa.n);
  });
  const burnInSteps = Math.ceil(s.burnIn / s.sweeps);
  const total = burnInSteps + s.maxSteps;
  hooks?.onProgress?.(0, total);
  const r = await refineBoltzmann(
    start,
    data,
    init,
    s,
    rChains,
    (p) =>
      hooks?.onProgress?.(
        burnInSteps + p.step,
        total,
        `connected r = ${p.pearson.toFixed(4)} (target ${s.targetPearson})`,
      ),
    generativeRunner().bmChains(threads),
  );
  return { ...r, startPearson: r.history[0]?.pearson ?? Number.NaN, seconds: (Date.now() - t0) / 1000 };
}

/**
 * Paper 000 section IV.D, Fig. 6, Appendix D: Potts pseudo-likelihood memories trained on P = round(αN) natural
 * sequences of a protein family, probed by the zero-temperature sequential dynamics from training and unseen
 * (test) sequences. The final overlap q(a^ini, a^fin) is compared with the mean overlap ⟨O⟩ between natural
 * sequences. Pure: config, rng and hooks in, typed rows out.
 */

import { pottsFinalOverlaps } from '../../core/dynamics/potts.js';
import { type PottsSymmetry, pottsAsymmetry } from '../../core/models/potts.js';
import type { Rng } from '../../core/rng/index.js';
import {
  type Alignment,
  meanPairOverlap,
  type SequenceWeights,
  selectSequences,
  sequenceWeights,
  weightedOrder,
} from '../../data/msa.js';
import type { ConfigOf } from '../params.js';
import { type ExperimentHooks, meanStd, progressCounter } from '../types.js';
import type { retrievalParams } from './params.js';
import { POTTS_DEFAULTS, symmetrizedPotts } from './run.js';
import { pottsRunner, resolveThreads } from './runner.js';

/**
 * `potts retrieval`'s values with its decoded alignment and, when the user gives them, sequence weights (one per
 * sequence of `msa`: they replace the computed w_s in the weighted draw, and a training set keeps the given weights
 * of its sequences). Library-only options: `trainingWeights` of the P training sequences in the pseudo-likelihood
 * ('recompute', the default, reweights them among themselves as running plmDCA on them does; 'uniform' gives each
 * the same weight) and `overlapPairs`, the pairs used to estimate ⟨O⟩ when M(M−1)/2 is larger (default 200 000).
 */
export type ProteinConfig = Omit<
  ConfigOf<typeof retrievalParams>,
  'msa' | 'weights' | 'dedupe' | 'maxMemory'
> & {
  readonly msa: Alignment;
  readonly weights?: SequenceWeights;
  readonly trainingWeights?: 'recompute' | 'uniform';
  readonly overlapPairs?: number;
};

export interface ProteinRow {
  readonly alpha: number;
  /** The couplings of the row: asymmetric as trained, or symmetrized. */
  readonly couplings: PottsSymmetry['kind'];
  readonly p: number;
  /** Mean over trials of the mean final overlap from training starts (m_F of Fig. 6). */
  readonly trainOverlap: number;
  readonly trainOverlapStd: number;
  readonly testOverlap: number;
  readonly testOverlapStd: number;
  /** ⟨O⟩ between natural sequences (the same on every row). */
  readonly naturalOverlap: number;
  /** Share of training starts that are fixed points (final overlap 1). */
  readonly trainFixed: number;
  /** Share of runs that reached a fixed point within the sweep limit. */
  readonly converged: number;
  /** Mean L-BFGS iterations per site. */
  readonly iterations: number;
  /** ‖J − J^T‖/‖J‖ (0 for the symmetric option). */
  readonly asymmetry: number;
  readonly trials: number;
}

export interface ProteinResult {
  readonly n: number;
  readonly m: number;
  /** M_eff = Σ_s w_s of the whole alignment. */
  readonly mEff: number;
  readonly naturalOverlap: number;
  readonly rows: ProteinRow[];
}

/**
 * Fig. 6 of paper 000 on one family: for each α, `trials` times draw P = round(αN) training sequences with
 * probability ∝ w_s (without replacement) and a disjoint weighted draw of up to `probe` test sequences, train the
 * Potts model, run the T = 0 dynamics from up to `probe` training and all test sequences, and average the final
 * overlaps.
 */
export async function proteinExperiment(
  cfg: ProteinConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): Promise<ProteinResult> {
  const { msa, alpha: alphas, trials, couplings, probe } = cfg;
  if (couplings.length === 0)
    throw new RangeError('couplings must name at least one of asymmetric, symmetric');
  const threads = resolveThreads(cfg.threads);
  const runner = pottsRunner();
  const { n, m } = msa;
  const ps = trainingSizes(alphas, trials, probe, n, m);
  const [rOverlap, rTrials] = rng.split(2);
  if (cfg.weights && cfg.weights.weights.length !== m)
    throw new RangeError(`weights must have M = ${m} entries (got ${cfg.weights.weights.length})`);
  const { weights, mEff } = cfg.weights ?? (await runner.weights(msa, cfg.identity, threads));
  const naturalOverlap = meanPairOverlap(msa, rOverlap, cfg.overlapPairs);

  const tick = progressCounter(alphas.length * trials * (n + 1), hooks);
  const ctx: TrialContext = { cfg, runner, threads, weights, probe, tick };

  const rows: ProteinRow[] = [];
  const trialRngs = rTrials.split(alphas.length);
  for (let k = 0; k < alphas.length; k++) {
    const p = ps[k];
    const acc = new Map<PottsSymmetry['kind'], SymmetryTally>(
      couplings.map((sym) => [sym, { train: [], test: [], fixed: [], conv: [], asym: [] }]),
    );
    const iters: number[] = [];
    for (const r of trialRngs[k].split(trials)) iters.push(await proteinTrial(ctx, p, r, acc));
    for (const sym of couplings) {
      const t = acc.get(sym);
      if (t) rows.push(proteinRow(alphas[k], sym, p, t, iters, naturalOverlap, trials));
    }
  }
  return { n, m, mEff, naturalOverlap, rows };
}

/** Checks loads, trials and probe; returns P = max(1, round(αN)) per load, each leaving a test sequence. */
function trainingSizes(
  alphas: readonly number[],
  trials: number,
  probe: number,
  n: number,
  m: number,
): number[] {
  if (alphas.length === 0) throw new RangeError('alphas must hold at least one load');
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`trials must be an integer ≥ 1 (got ${trials})`);
  if (!Number.isInteger(probe) || probe < 1)
    throw new RangeError(`probe must be an integer ≥ 1 (got ${probe})`);
  return alphas.map((a) => {
    if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`alpha must be a finite number > 0 (got ${a})`);
    const p = Math.max(1, Math.round(a * n));
    if (p >= m)
      throw new RangeError(
        `alpha ${a} needs P = ${p} training sequences, but the alignment has M = ${m} (at least one must be left for testing)`,
      );
    return p;
  });
}

/** Per-trial measurements of one coupling symmetry at one load. */
interface SymmetryTally {
  train: number[];
  test: number[];
  fixed: number[];
  conv: number[];
  asym: number[];
}

/** What every trial of {@link proteinExperiment} shares. */
interface TrialContext {
  readonly cfg: ProteinConfig;
  readonly runner: ReturnType<typeof pottsRunner>;
  readonly threads: number;
  readonly weights: Float64Array;
  readonly probe: number;
  readonly tick: () => void;
}

/**
 * One trial at P training sequences: weighted draw of the training and test sets, training, and the T = 0
 * dynamics for every symmetry (tallied into `acc`); returns the mean L-BFGS iterations per site.
 */
async function proteinTrial(
  ctx: TrialContext,
  p: number,
  r: Rng,
  acc: Map<PottsSymmetry['kind'], SymmetryTally>,
): Promise<number> {
  const { cfg, runner, threads, weights, probe, tick } = ctx;
  const { msa, couplings } = cfg;
  const [rDraw, rDyn] = r.split(2);
  const order = weightedOrder(weights, rDraw);
  const trainSet = selectSequences(msa, order.subarray(0, p));
  const testSet = selectSequences(msa, order.subarray(p, Math.min(msa.m, p + probe)));
  const trainWeights = cfg.weights
    ? Float64Array.from(order.subarray(0, p), (s) => weights[s])
    : (cfg.trainingWeights ?? 'recompute') === 'recompute'
      ? sequenceWeights(trainSet, cfg.identity).weights
      : undefined;
  const res = await runner.train(
    trainSet,
    trainWeights,
    {
      symmetry: { kind: 'asymmetric' },
      maxIterations: cfg.maxIterations,
      lambdaH: cfg.lambdaH,
      lambdaJ: cfg.lambdaJ,
      tolerance: cfg.tolerance,
      ftol: POTTS_DEFAULTS.ftol,
    },
    threads,
    () => tick(),
  );
  const iterations = meanStd(res.iterations).mean;
  const probeTrain = selectSequences(
    trainSet,
    Array.from({ length: Math.min(p, probe) }, (_, s) => s),
  );
  const dynRngs = rDyn.split(couplings.length);
  couplings.forEach((sym, si) => {
    const model = sym === 'symmetric' ? symmetrizedPotts(res.model) : res.model;
    const a = pottsFinalOverlaps(model, probeTrain.seqs, dynRngs[si], { maxSweeps: cfg.maxSweeps });
    const b = pottsFinalOverlaps(model, testSet.seqs, dynRngs[si], { maxSweeps: cfg.maxSweeps });
    const t = acc.get(sym);
    if (!t) return;
    t.train.push(meanStd(a.overlaps).mean);
    t.test.push(meanStd(b.overlaps).mean);
    let f = 0;
    for (const v of a.overlaps) if (v === 1) f++;
    t.fixed.push(f / a.overlaps.length);
    t.conv.push((a.converged + b.converged) / (a.overlaps.length + b.overlaps.length));
    t.asym.push(sym === 'symmetric' ? 0 : pottsAsymmetry(model));
  });
  tick();
  return iterations;
}

/** The row of one (α, symmetry): means (and spreads) over the trials. */
function proteinRow(
  alpha: number,
  couplings: PottsSymmetry['kind'],
  p: number,
  t: SymmetryTally,
  iters: number[],
  naturalOverlap: number,
  trials: number,
): ProteinRow {
  const tr = meanStd(t.train);
  const te = meanStd(t.test);
  return {
    alpha,
    couplings,
    p,
    trainOverlap: tr.mean,
    trainOverlapStd: tr.std,
    testOverlap: te.mean,
    testOverlapStd: te.std,
    naturalOverlap,
    trainFixed: meanStd(t.fixed).mean,
    converged: meanStd(t.conv).mean,
    iterations: meanStd(iters).mean,
    asymmetry: meanStd(t.asym).mean,
    trials,
  };
}

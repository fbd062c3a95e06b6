/**
 * Pseudo-likelihood training in the worker (paper 000): the same data and streams as `pl train` (random ±1
 * patterns from the seed's first stream), trained in chunks of epochs (trainInChunks), then the retrieval map and
 * basin size of the trained couplings against the Hebb rule on the same patterns (vector spins: the tensorial Hebb
 * rule, the library's `Hebb(xi, 'Tensorial')`).
 */
import { basinSize, retrievalMap } from '../../../src/core/dynamics/pseudolikelihood.js';
import { hebbCouplings } from '../../../src/core/models/classical.js';
import {
  type PLEpochRecord,
  type PLTrainConfig,
  trainPseudoLikelihood,
} from '../../../src/core/models/pseudolikelihood.js';
import {
  type PLSpins,
  randomSpinPatterns,
  spinDim,
  spinHebbCouplings,
  spinRetrievalMap,
  trainSpinPseudoLikelihood,
} from '../../../src/core/models/pseudolikelihoodSpins.js';
import { type PatternSet, patternSet, rademacher } from '../../../src/core/patterns.js';
import type { Rng } from '../../../src/core/rng/index.js';
import { createRng } from '../../../src/core/rng/index.js';
import type { Handler } from '../protocol.js';

export interface PLTrainArgs {
  n: number;
  alpha: number;
  epochs: number;
  lr: number;
  decay: number;
  l2: number;
  couplings: 'asymmetric' | 'symmetric';
  seed: number;
  /** Spin type (default vector with dim 1: Ising ±1, the path of `pl train`). */
  spins?: 'vector' | 'continuous';
  dim?: number;
  gamma?: number;
}

export interface PLMapPoint {
  m0: number;
  meanOverlap: number;
}

export interface PLTrainView {
  history: PLEpochRecord[];
  map: { pl: PLMapPoint[]; hebb: PLMapPoint[] };
  basin: { pl: number; hebb: number };
  p: number;
}

const M_IN = Array.from({ length: 21 }, (_, k) => Number((k * 0.05).toFixed(10)));

/** Couplings and loss history of a training run. */
interface Trained {
  readonly couplings: Float64Array;
  readonly history: readonly PLEpochRecord[];
}

/**
 * Train in chunks of epochs so the loss can be plotted while it runs: each chunk continues from the couplings of
 * the last with η_t = η₀·decay^t (`train` is the Ising or the spin trainer); returns the couplings (undefined
 * for 0 epochs) and the whole history.
 */
function trainInChunks(
  a: PLTrainArgs,
  train: (cfg: PLTrainConfig) => Trained,
  progress: (v: unknown) => void,
): { couplings: Float64Array | undefined; history: PLEpochRecord[] } {
  const chunk = Math.max(1, Math.min(50, Math.ceil(a.epochs / 40)));
  const history: PLEpochRecord[] = [];
  let j: Float64Array | undefined;
  for (let done = 0; done < a.epochs; ) {
    const k = Math.min(chunk, a.epochs - done);
    const r = train({
      symmetry: { kind: a.couplings },
      epochs: k,
      learningRate: a.lr * a.decay ** done,
      decay: a.decay,
      l2: a.l2,
      init: j,
    });
    const part = r.history.map((h) => ({ ...h, epoch: h.epoch + done }));
    history.push(...part);
    j = r.couplings;
    done += k;
    progress({ history: part, done, total: a.epochs });
  }
  return { couplings: j, history };
}

/** 1 − the largest m_IN at which the mean map falls below 0.99 (the basin size of `basinSize`, on the map's grid). */
function basinOfMap(map: readonly PLMapPoint[]): number {
  let worst = -1;
  for (const q of map) if (q.meanOverlap < 0.99 && q.m0 > worst) worst = q.m0;
  return worst < 0 ? 1 : Math.max(0, 1 - worst);
}

/** Vector (d > 1) or continuous spins: `pl train --spins …` in chunks, then the maps of the trained and Hebb couplings. */
function trainSpins(a: PLTrainArgs, spins: PLSpins, progress: (v: unknown) => void): PLTrainView {
  const p = Math.max(1, Math.round(a.alpha * a.n));
  const [rData, , rMap] = createRng(a.seed).split(3);
  const xi = randomSpinPatterns(rData, p, a.n, spins);
  const m = a.n * spinDim(spins);
  const { couplings: j, history } = trainInChunks(
    a,
    (cfg) => trainSpinPseudoLikelihood(xi, spins, cfg),
    progress,
  );
  const couplings = j ?? new Float64Array(m * m);
  const [r1, r2] = rMap.split(2);
  const map = (jj: Float64Array, r: Rng) =>
    spinRetrievalMap(jj, xi, spins, M_IN, r, { probe: 50, maxSteps: 200 }).map(({ m0, meanOverlap }) => ({
      m0,
      meanOverlap,
    }));
  const pl = map(couplings, r1);
  const hebb = map(spinHebbCouplings(xi), r2);
  return { history, p, map: { pl, hebb }, basin: { pl: basinOfMap(pl), hebb: basinOfMap(hebb) } };
}

export const plHandlers: Record<string, Handler> = {
  'pl.train': ((a: PLTrainArgs, progress: (v: unknown) => void) => {
    const dim = a.dim ?? 1;
    if (a.spins === 'continuous' && dim !== 1)
      throw new RangeError(`dim must be 1 for spins continuous (got ${dim})`);
    if (a.spins === 'continuous') return trainSpins(a, { kind: 'continuous', gamma: a.gamma ?? 1 }, progress);
    if (dim > 1) return trainSpins(a, { kind: 'vector', dim }, progress);
    const p = Math.max(1, Math.round(a.alpha * a.n));
    const [rData, , rMap] = createRng(a.seed).split(3);
    const xi = rademacher(rData, p, a.n);
    const { couplings: j, history } = trainInChunks(a, (cfg) => trainPseudoLikelihood(xi, cfg), progress);
    const couplings = j ?? new Float64Array(a.n * a.n);
    const probe: PatternSet = patternSet(Math.min(p, 50), a.n, xi.data.slice(0, Math.min(p, 50) * a.n));
    const hebb = hebbCouplings(xi, 'zero');
    const [r1, r2, r3, r4] = rMap.split(4);
    const strip = (pts: { m0: number; meanOverlap: number }[]) =>
      pts.map(({ m0, meanOverlap }) => ({ m0, meanOverlap }));
    return {
      history,
      p,
      map: {
        pl: strip(retrievalMap(couplings, probe, M_IN, r1)),
        hebb: strip(retrievalMap(hebb, probe, M_IN, r2)),
      },
      basin: { pl: basinSize(couplings, a.n, probe, r3), hebb: basinSize(hebb, a.n, probe, r4) },
    } satisfies PLTrainView;
  }) as Handler,
};

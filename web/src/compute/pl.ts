/**
 * Pseudo-likelihood training in the worker (paper 000): the same data and streams as `pl train` (random ±1
 * patterns from the seed's first stream), trained in chunks of epochs so the loss can be plotted while it runs
 * (each chunk continues from the couplings of the last with η_t = η₀·decay^t), then the retrieval map and basin
 * size of the trained couplings against the Hebb rule on the same patterns.
 */
import { basinSize, retrievalMap } from '../../../src/core/dynamics/pseudolikelihood.js';
import { hebbCouplings } from '../../../src/core/models/classical.js';
import { type PLEpochRecord, trainPseudoLikelihood } from '../../../src/core/models/pseudolikelihood.js';
import { type PatternSet, patternSet, rademacher } from '../../../src/core/patterns.js';
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
}

export interface PLMapPoint {
  m0: number;
  mF: number;
}

export interface PLTrainView {
  history: PLEpochRecord[];
  map: { pl: PLMapPoint[]; hebb: PLMapPoint[] };
  basin: { pl: number; hebb: number };
  p: number;
}

const M_IN = Array.from({ length: 21 }, (_, k) => Number((k * 0.05).toFixed(10)));

export const plHandlers: Record<string, Handler> = {
  'pl.train': ((a: PLTrainArgs, progress: (v: unknown) => void) => {
    const p = Math.max(1, Math.round(a.alpha * a.n));
    const [rData, , rMap] = createRng(a.seed).split(3);
    const xi = rademacher(rData, p, a.n);
    const chunk = Math.max(1, Math.min(50, Math.ceil(a.epochs / 40)));
    const history: PLEpochRecord[] = [];
    let j: Float64Array | undefined;
    for (let done = 0; done < a.epochs; ) {
      const k = Math.min(chunk, a.epochs - done);
      const r = trainPseudoLikelihood(xi, {
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
    const couplings = j ?? new Float64Array(a.n * a.n);
    const probe: PatternSet = patternSet(Math.min(p, 50), a.n, xi.data.slice(0, Math.min(p, 50) * a.n));
    const hebb = hebbCouplings(xi, 'zero');
    const [r1, r2, r3, r4] = rMap.split(4);
    const strip = (pts: { m0: number; mF: number }[]) => pts.map(({ m0, mF }) => ({ m0, mF }));
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

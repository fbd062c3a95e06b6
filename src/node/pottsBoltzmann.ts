/**
 * The persistent Markov chains of the Boltzmann-machine refinement (src/core/models/pottsBoltzmann.ts) on worker
 * threads: the chains are cut into one contiguous block per thread, each worker keeps its block (states and one
 * stream per chain) between steps, and h, J and the counts live in shared memory, so a step sends only "advance".
 * Every chain runs on its own stream and the counts are integers, so the statistics, and the refined model, are the
 * same for every thread count (and as on the calling thread).
 */
import {
  type BmChainFactory,
  type ChainCounts,
  emptyCounts,
  inThreadChains,
} from '../core/models/pottsBoltzmann.js';
import { checkThreads, startWorkerGroup } from './pool.js';

function shared(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

/** Chains spread over `threads` worker threads (one thread, or one chain: the calling thread). */
export function workerChains(threads: number): BmChainFactory {
  checkThreads(threads);
  return async (n, q, init, rngs) => {
    const k = Math.min(threads, rngs.length);
    if (k <= 1) return inThreadChains(n, q, init, rngs);
    const h = shared(n * q);
    const jt = shared(n * n * q * q);
    const pairs = (n * (n - 1)) / 2;
    const blocks = Array.from({ length: k }, (_, b) => {
      const lo = Math.floor((b * rngs.length) / k);
      const hi = Math.floor(((b + 1) * rngs.length) / k);
      return { lo, hi, c1: shared(n * q), c2: shared(pairs * q * q) };
    });
    const group = startWorkerGroup<{ sweeps: number; record: boolean }, null>(
      blocks.map(({ lo, hi, c1, c2 }) => ({
        kind: 'potts-bm-chains',
        n,
        q,
        h,
        jt,
        state: init.slice(lo * n, hi * n),
        rngs: rngs.slice(lo, hi).map((r) => r.state()),
        c1,
        c2,
      })),
    );
    return {
      h,
      jt,
      advance: async (sweeps, record) => {
        await group.round({ sweeps, record });
        if (!record) return undefined;
        const sum: ChainCounts = emptyCounts(n, q);
        for (const b of blocks) {
          for (let x = 0; x < sum.c1.length; x++) sum.c1[x] += b.c1[x];
          for (let x = 0; x < sum.c2.length; x++) sum.c2[x] += b.c2[x];
        }
        return sum;
      },
      close: () => group.close(),
    };
  };
}

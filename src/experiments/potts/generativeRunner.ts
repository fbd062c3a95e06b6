/**
 * The compute runner of the generative Potts experiments (autoregressive training and sampling, the persistent
 * chains of the Boltzmann-machine refinement). The default runs
 * on the calling thread with the library functions; the command line installs the worker-thread runner of
 * src/node/pottsAutoregressive.ts and src/node/pottsBoltzmann.ts (same results). Experiments stay free of node:*.
 */
import type { PottsData } from '../../core/models/potts.js';
import {
  type ArModel,
  type ArTrainConfig,
  type ArTrainResult,
  arTransposedCouplings,
  sampleAutoregressive,
  trainAutoregressive,
} from '../../core/models/pottsAutoregressive.js';
import { type BmChainFactory, inThreadChains } from '../../core/models/pottsBoltzmann.js';
import type { Rng } from '../../core/rng/index.js';

export interface GenerativeRunner {
  trainAutoregressive(
    data: PottsData,
    weights: ArrayLike<number> | undefined,
    cfg: ArTrainConfig,
    threads: number,
    onSite?: (done: number, total: number) => void,
  ): Promise<ArTrainResult>;
  sampleAutoregressive(
    model: ArModel,
    count: number,
    temperature: number,
    rng: Rng,
    threads: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Uint8Array>;
  /** Where the refinement's chains run for a thread count. */
  bmChains(threads: number): BmChainFactory;
  readonly defaultThreads: number;
}

/** Samples per block (each block draws from its own split stream, as the worker-thread runner). */
const BLOCK = 1000;

/** The single-threaded runner. */
export const inThreadGenerativeRunner: GenerativeRunner = {
  trainAutoregressive: async (data, weights, cfg, _threads, onSite) =>
    trainAutoregressive(data, weights, cfg, onSite),
  sampleAutoregressive: async (model, count, temperature, rng, _threads, onProgress) => {
    const blocks = Math.ceil(count / BLOCK);
    const jt = arTransposedCouplings(model);
    const out = new Uint8Array(count * model.n);
    rng.split(blocks).forEach((r, b) => {
      const size = Math.min(BLOCK, count - b * BLOCK);
      out.set(sampleAutoregressive(model, size, r, temperature, jt), b * BLOCK * model.n);
      onProgress?.(b * BLOCK + size, count);
    });
    return out;
  },
  bmChains: () => inThreadChains,
  defaultThreads: 1,
};

let current: GenerativeRunner = inThreadGenerativeRunner;

/** The runner in force. */
export function generativeRunner(): GenerativeRunner {
  return current;
}

/** Install a runner; returns the previous one. */
export function setGenerativeRunner(r: GenerativeRunner): GenerativeRunner {
  const prev = current;
  current = r;
  return prev;
}

/** Threads for a request: 0 means the runner's default. */
export function resolveGenerativeThreads(requested: number): number {
  return requested === 0 ? current.defaultThreads : requested;
}

/**
 * The compute runner of the Potts experiments: sequence weights, pseudo-likelihood training and sampling chains.
 * The default runs on the calling thread with the library functions; the command line installs the worker-thread
 * runner of src/node/potts.ts (same results, the work spread over threads). Experiments stay free of node:*.
 */
import {
  type PottsSamplingConfig,
  samplePotts,
  symmetricTransposedCouplings,
} from '../../core/dynamics/potts.js';
import type { PottsData, PottsModel, PottsTrainConfig, PottsTrainResult } from '../../core/models/potts.js';
import { trainPotts } from '../../core/models/potts.js';
import type { Rng } from '../../core/rng/index.js';
import { type Alignment, type SequenceWeights, sequenceWeights } from '../../data/msa.js';

/** What the Potts experiments need computed; `threads` is a request (1 = this thread). */
export interface PottsRunner {
  weights(msa: Alignment, threshold: number, threads: number): Promise<SequenceWeights>;
  train(
    data: PottsData,
    weights: ArrayLike<number> | undefined,
    cfg: PottsTrainConfig,
    threads: number,
    onSite?: (done: number, total: number) => void,
  ): Promise<PottsTrainResult>;
  sample(
    model: PottsModel,
    cfg: PottsSamplingConfig,
    chains: number,
    rng: Rng,
    threads: number,
    onChain?: (done: number, total: number) => void,
  ): Promise<Uint8Array>;
  /** Threads used when a run asks for 0 (automatic). */
  readonly defaultThreads: number;
}

/** The single-threaded runner (the library functions, whatever `threads` says). */
export const inThreadRunner: PottsRunner = {
  weights: async (msa, threshold) => sequenceWeights(msa, threshold),
  train: async (data, weights, cfg, _threads, onSite) => trainPotts(data, weights, cfg, { onSite }),
  sample: async (model, cfg, chains, rng, _threads, onChain) => {
    const jt = symmetricTransposedCouplings(model);
    const per = cfg.samples * model.n;
    const out = new Uint8Array(chains * per);
    rng.split(chains).forEach((r, c) => {
      out.set(samplePotts(model, cfg, r, undefined, jt), c * per);
      onChain?.(c + 1, chains);
    });
    return out;
  },
  defaultThreads: 1,
};

let current: PottsRunner = inThreadRunner;

/** The runner in force. */
export function pottsRunner(): PottsRunner {
  return current;
}

/** Install a runner (the command line installs the worker-thread one); returns the previous one. */
export function setPottsRunner(r: PottsRunner): PottsRunner {
  const prev = current;
  current = r;
  return prev;
}

/** Threads for a request: 0 means the runner's default. */
export function resolveThreads(requested: number): number {
  return requested === 0 ? current.defaultThreads : requested;
}

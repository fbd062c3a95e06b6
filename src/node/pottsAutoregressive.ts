/**
 * Node-side runners of the autoregressive Potts model on worker threads: training (one task per conditional, the
 * longest first) and ancestral sampling (one task per block of samples, each block on its own split stream). With
 * one thread each runs inline. Results are identical to the single-threaded library functions for any thread count
 * (sampling: for the same block size).
 */

import type { PottsData, PottsSiteSolution } from '../core/models/potts.js';
import {
  type ArModel,
  type ArTrainConfig,
  type ArTrainResult,
  arSiteOrder,
  arTransposedCouplings,
  assembleAr,
  prepareAr,
  resolveArSettings,
  sampleAutoregressive,
  trainArSite,
} from '../core/models/pottsAutoregressive.js';
import type { Rng } from '../core/rng/index.js';
import { setGenerativeRunner } from '../experiments/potts/generativeRunner.js';
import { checkThreads, defaultThreads, runOnWorkers } from './pool.js';
import { workerChains } from './pottsBoltzmann.js';

/** {@link trainAutoregressive} with the conditionals spread over `threads` worker threads. */
export async function trainAutoregressiveThreads(
  data: PottsData,
  weights: ArrayLike<number> | undefined,
  cfg: ArTrainConfig,
  threads: number,
  onSite?: (done: number, total: number) => void,
): Promise<ArTrainResult> {
  checkThreads(threads);
  const settings = resolveArSettings(cfg);
  const prep = prepareAr(data, arSiteOrder(data, cfg.order, weights), weights);
  // Later positions have more preceding columns: start them first so the threads finish together.
  const sites = Array.from({ length: data.n }, (_, k) => data.n - 1 - k);
  const sols: PottsSiteSolution[] = [];
  if (threads === 1) {
    for (const k of sites) {
      sols.push(trainArSite(prep, k, settings));
      onSite?.(sols.length, data.n);
    }
  } else {
    await runOnWorkers<number, PottsSiteSolution>(
      { kind: 'potts-ar-train', prep, settings },
      sites,
      threads,
      (_, r) => {
        sols.push(r);
        onSite?.(sols.length, data.n);
      },
    );
  }
  return assembleAr(prep, sols);
}

/** Samples per block of {@link sampleAutoregressiveThreads} (each block draws from its own split stream). */
export const AR_SAMPLE_BLOCK = 1000;

/**
 * `count` exact samples in blocks of {@link AR_SAMPLE_BLOCK}, block b drawn with the b-th stream of
 * `rng.split(blocks)`; the same letters for every thread count.
 */
export async function sampleAutoregressiveThreads(
  model: ArModel,
  count: number,
  temperature: number,
  rng: Rng,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  checkThreads(threads);
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`samples must be an integer ≥ 1 (got ${count})`);
  const blocks = Math.ceil(count / AR_SAMPLE_BLOCK);
  const rngs = rng.split(blocks);
  const sizes = rngs.map((_, b) => Math.min(AR_SAMPLE_BLOCK, count - b * AR_SAMPLE_BLOCK));
  const out = new Uint8Array(count * model.n);
  let done = 0;
  // Below ~2·10⁹ multiply-adds (a second or two on one core) starting workers costs more than it saves.
  const small = (count * model.n * model.n * model.q) / 2 < 2e9;
  if (threads === 1 || blocks === 1 || small) {
    const jt = arTransposedCouplings(model);
    rngs.forEach((r, b) => {
      out.set(sampleAutoregressive(model, sizes[b], r, temperature, jt), b * AR_SAMPLE_BLOCK * model.n);
      done += sizes[b];
      onProgress?.(done, count);
    });
  } else {
    const tasks = rngs.map((r, b) => ({ rng: r.state(), count: sizes[b] }));
    await runOnWorkers<{ rng: unknown; count: number }, Uint8Array>(
      { kind: 'potts-ar-sample', model, temperature },
      tasks,
      threads,
      (b, s) => {
        out.set(s, b * AR_SAMPLE_BLOCK * model.n);
        done += sizes[b];
        onProgress?.(done, count);
      },
    );
  }
  return out;
}

/** Make the generative Potts experiments use worker threads in this process. */
export function installNodeGenerativeRunner(): void {
  setGenerativeRunner({
    trainAutoregressive: trainAutoregressiveThreads,
    sampleAutoregressive: sampleAutoregressiveThreads,
    bmChains: workerChains,
    defaultThreads: defaultThreads(),
  });
}

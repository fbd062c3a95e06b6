/**
 * Node-side runners of the Potts family on worker threads: pseudo-likelihood training (one task per site), sequence
 * weights (one task per interleaved block of rows) and sampling (one task per chain). With one thread each runs
 * inline on the calling thread. Results are identical to the single-threaded library functions.
 */
import {
  type PottsSamplingConfig,
  samplePotts,
  symmetricTransposedCouplings,
} from '../core/dynamics/potts.js';
import {
  assemblePotts,
  type PottsData,
  type PottsModel,
  type PottsSiteSolution,
  type PottsTrainConfig,
  type PottsTrainHooks,
  type PottsTrainResult,
  preparePotts,
  resolvePottsSettings,
  trainPottsSite,
} from '../core/models/potts.js';
import type { Rng } from '../core/rng/index.js';
import {
  type Alignment,
  maxMismatches,
  neighbourCountsPacked,
  packAlignment,
  type SequenceWeights,
  weightsFromCounts,
} from '../data/msa.js';
import { type PottsRunner, setPottsRunner } from '../experiments/potts/runner.js';
import { checkThreads, defaultThreads, runOnWorkers } from './pool.js';

/** {@link trainPotts} with the site problems spread over `threads` worker threads. */
export async function trainPottsThreads(
  data: PottsData,
  weights: ArrayLike<number> | undefined,
  cfg: PottsTrainConfig,
  threads: number,
  hooks?: PottsTrainHooks,
): Promise<PottsTrainResult> {
  checkThreads(threads);
  const settings = resolvePottsSettings(cfg);
  const prep = preparePotts(data, weights);
  const sites = Array.from({ length: data.n }, (_, i) => i);
  const sols: PottsSiteSolution[] = [];
  if (threads === 1) {
    for (const i of sites) {
      sols.push(trainPottsSite(prep, i, settings));
      hooks?.onSite?.(sols.length, data.n);
    }
  } else {
    await runOnWorkers<number, PottsSiteSolution>(
      { kind: 'potts-train', prep, settings } as const,
      sites,
      threads,
      (_, r) => {
        sols.push(r);
        hooks?.onSite?.(sols.length, data.n);
      },
    );
  }
  return assemblePotts(data.n, data.q, sols, cfg.symmetry);
}

/** {@link sequenceWeights} with the bit-parallel pair comparisons spread over `threads` worker threads. */
export async function sequenceWeightsThreads(
  msa: Alignment,
  threshold: number,
  threads: number,
): Promise<SequenceWeights> {
  checkThreads(threads);
  const maxMis = maxMismatches(msa.n, threshold);
  const pa = packAlignment(msa);
  const counts = new Float64Array(pa.mu);
  // Interleaved parts balance the triangular loop; a few per thread let fast threads take more.
  const parts = threads === 1 ? 1 : Math.min(pa.mu, threads * 4);
  if (parts === 1 || pa.mu < 2000) {
    neighbourCountsPacked(pa.packed, pa.mu, pa.words, pa.mult, maxMis, 0, 1, counts);
  } else {
    const tasks = Array.from({ length: parts }, (_, k) => k);
    await runOnWorkers<number, Float64Array>(
      { kind: 'msa-weights', pa, maxMis, parts },
      tasks,
      threads,
      (_, c) => {
        for (let u = 0; u < pa.mu; u++) counts[u] += c[u];
      },
    );
  }
  return weightsFromCounts(pa, counts);
}

/** `chains` independent chains of {@link samplePotts} (streams split from `rng`), concatenated chain by chain. */
export async function samplePottsThreads(
  model: PottsModel,
  cfg: PottsSamplingConfig,
  chains: number,
  rng: Rng,
  threads: number,
  onChain?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  checkThreads(threads);
  if (!Number.isInteger(chains) || chains < 1)
    throw new RangeError(`chains must be an integer ≥ 1 (got ${chains})`);
  const rngs = rng.split(chains);
  const per = cfg.samples * model.n;
  const out = new Uint8Array(chains * per);
  let done = 0;
  if (threads === 1 || chains === 1) {
    const jt = symmetricTransposedCouplings(model);
    rngs.forEach((r, c) => {
      out.set(samplePotts(model, cfg, r, undefined, jt), c * per);
      onChain?.(++done, chains);
    });
  } else {
    const tasks = rngs.map((r) => ({ rng: r.state() }));
    await runOnWorkers<{ rng: unknown }, Uint8Array>(
      { kind: 'potts-sample', model, cfg },
      tasks,
      threads,
      (c, s) => {
        out.set(s, c * per);
        onChain?.(++done, chains);
      },
    );
  }
  return out;
}

/** The worker-thread runner of the Potts experiments (installed by the command line). */
export const nodePottsRunner: PottsRunner = {
  weights: sequenceWeightsThreads,
  train: (data, weights, cfg, threads, onSite) => trainPottsThreads(data, weights, cfg, threads, { onSite }),
  sample: samplePottsThreads,
  defaultThreads: defaultThreads(),
};

/** Make the Potts experiments use worker threads in this process. */
export function installNodePottsRunner(): void {
  setPottsRunner(nodePottsRunner);
}

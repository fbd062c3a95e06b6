/**
 * Protein contacts in the worker (paper 000 section IV.D): an alignment (FASTA/A2M, plain or gzipped, inflated by
 * DecompressionStream) is weighted at an identity threshold, a Potts model is trained by asymmetric
 * pseudo-likelihood (trainPotts, plmDCA's objective), and residue pairs are scored by the APC-corrected Frobenius
 * norm of the couplings (contactScores). The same calls in Node give the same numbers.
 */
import {
  POTTS_DEFAULT_FTOL,
  POTTS_DEFAULT_TOLERANCE,
  pottsMemoryBytes,
  trainPotts,
} from '../../../src/core/models/potts.js';
import { contactScores, rankPairs, type ScoredPair } from '../../../src/core/models/pottsContacts.js';
import { type Alignment, decodeAlignment, sequenceWeights } from '../../../src/data/msa.js';
import type { Handler } from '../protocol.js';

/** Largest training run the page starts (bytes of pottsMemoryBytes). */
export const PROTEIN_MEMORY_LIMIT = 1.5 * 1024 ** 3;

export interface ProteinTrainArgs {
  /** File bytes (FASTA/A2M, plain or gzipped) and the file name used in messages. */
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly maxIterations: number;
  readonly lambdaH: number;
  readonly lambdaJ: number;
  readonly identity: number;
  readonly minSeparation: number;
  readonly top: number;
}

export interface ProteinTrainView {
  readonly name: string;
  readonly n: number;
  readonly m: number;
  readonly mEff: number;
  /** APC-corrected scores S_ij, N×N row-major. */
  readonly scores: Float64Array;
  /** The best pairs with |i − j| ≥ minSeparation (0-based columns, i < j). */
  readonly top: ScoredPair[];
  /** Mean L-BFGS iterations per site and Σ_i f_i. */
  readonly iterations: number;
  readonly loss: number;
  readonly seconds: number;
}

/** Parse, with the page's words for a file that is not an alignment. */
export async function alignmentOf(bytes: Uint8Array, name: string): Promise<Alignment> {
  const msa = await decodeAlignment(bytes, name);
  if (msa.m < 2) throw new RangeError(`${name}: ${msa.m} sequence; an alignment needs at least 2`);
  if (msa.n < 2) throw new RangeError(`${name}: ${msa.n} column; an alignment needs at least 2`);
  return msa;
}

export const proteinHandlers: Record<string, Handler> = {
  'proteins.train': (async (a: ProteinTrainArgs, progress) => {
    const t0 = performance.now();
    const msa = await alignmentOf(a.bytes, a.name);
    const bytes = pottsMemoryBytes(msa.n, msa.q, msa.m);
    if (bytes > PROTEIN_MEMORY_LIMIT)
      throw new RangeError(
        `${a.name}: N = ${msa.n} columns and M = ${msa.m} sequences need about ${(bytes / 1024 ** 3).toFixed(1)} GiB; the page trains at most ${PROTEIN_MEMORY_LIMIT / 1024 ** 3} GiB (use the command line: hopfield potts train)`,
      );
    progress({ stage: 'weights', done: 0, total: msa.n, n: msa.n, m: msa.m });
    const { weights, mEff } = sequenceWeights(msa, a.identity);
    let last = 0;
    const res = trainPotts(
      msa,
      weights,
      {
        symmetry: { kind: 'asymmetric' },
        maxIterations: a.maxIterations,
        lambdaH: a.lambdaH,
        lambdaJ: a.lambdaJ,
        tolerance: POTTS_DEFAULT_TOLERANCE,
        ftol: POTTS_DEFAULT_FTOL,
      },
      {
        onSite: (done, total) => {
          const now = performance.now();
          if (now - last > 100 || done === total) {
            last = now;
            progress({ stage: 'sites', done, total, n: msa.n, m: msa.m, mEff });
          }
        },
      },
    );
    const sc = contactScores(res.model);
    let it = 0;
    let loss = 0;
    for (let i = 0; i < msa.n; i++) {
      it += res.iterations[i];
      loss += res.loss[i];
    }
    return {
      name: a.name,
      n: msa.n,
      m: msa.m,
      mEff,
      scores: sc.apc,
      top: rankPairs(sc.apc, msa.n, a.minSeparation).slice(0, a.top),
      iterations: it / msa.n,
      loss,
      seconds: (performance.now() - t0) / 1000,
    } satisfies ProteinTrainView;
  }) as Handler,
};

/**
 * Dense associative memory in the worker: P = round(e^{αN}) patterns sampled once per (ensemble, N, P, seed),
 * then one softmax step y = Ξᵀ softmax(λΞx) from ξ¹ with a fraction of its coordinates sign-flipped (paper 001
 * Eq. (2)), timed, with the attention weights a_μ.
 */

import type { DensePatternEnsemble } from '../../../src/core/models/dense.js';
import {
  attentionInto,
  type DensePatterns,
  releaseDensePatterns,
  sampleDensePatterns,
} from '../../../src/core/models/dense.js';
import { createRng } from '../../../src/core/rng/index.js';
import type { Handler } from '../protocol.js';

let cache: { key: string; xi: DensePatterns } | null = null;

/** Row μ of the blocked patterns as Float64. */
function row(xi: DensePatterns, mu: number): Float64Array {
  const b = Math.floor(mu / xi.blockRows);
  const r = mu - b * xi.blockRows;
  return Float64Array.from(xi.blocks[b].subarray(r * xi.n, (r + 1) * xi.n));
}

export interface DenseStepView {
  p: number;
  n: number;
  /** Milliseconds of one softmax step (best of three). */
  ms: number;
  /** Indices and weights of the largest attention weights, descending. */
  top: { mu: number; a: number }[];
  /** Weight of ξ¹. */
  a1: number;
  /** Δ = ‖y − ξ¹‖²/N after the step, and at the start. */
  distance: number;
  startDistance: number;
  /** Participation 1/Σ a_μ² (≈ number of patterns sharing the weight). */
  participation: number;
  sampleMs: number;
}

export const denseHandlers: Record<string, Handler> = {
  'dense.step': ((a: {
    ensemble: DensePatternEnsemble;
    n: number;
    p: number;
    lambda: number;
    flip: number;
    seed: number;
  }) => {
    const key = `${a.ensemble}/${a.n}/${a.p}/${a.seed}`;
    let sampleMs = 0;
    if (cache?.key !== key) {
      if (cache) releaseDensePatterns(cache.xi);
      cache = null;
      const t0 = performance.now();
      const [rPatterns] = createRng(a.seed).split(2);
      const xi = sampleDensePatterns(rPatterns, a.ensemble, a.p, a.n, { memoryLimit: 1024 ** 3 });
      sampleMs = performance.now() - t0;
      cache = { key, xi };
    }
    const { xi } = cache;
    const xi1 = row(xi, 0);
    const x = Float64Array.from(xi1);
    const [, rFlip] = createRng(a.seed).split(2);
    const k = Math.round(a.flip * a.n);
    for (const i of rFlip.sampleWithoutReplacement(a.n, k)) x[i] = -x[i];
    const y = new Float64Array(a.n);
    const scores = new Float64Array(a.p);
    let ms = Number.POSITIVE_INFINITY;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      attentionInto(xi, x, a.lambda, y, scores);
      ms = Math.min(ms, performance.now() - t0);
    }
    // the largest weights: a partial scan keeps this O(P)
    const top: { mu: number; a: number }[] = [];
    let floor = -1;
    for (let mu = 0; mu < a.p; mu++) {
      const s = scores[mu];
      if (top.length < 40 || s > floor) {
        top.push({ mu, a: s });
        if (top.length > 40) {
          top.sort((u, v) => v.a - u.a);
          top.length = 40;
          floor = top[39].a;
        }
      }
    }
    top.sort((u, v) => v.a - u.a);
    let d = 0;
    let d0 = 0;
    let s2 = 0;
    for (let i = 0; i < a.n; i++) {
      d += (y[i] - xi1[i]) ** 2;
      d0 += (x[i] - xi1[i]) ** 2;
    }
    for (let mu = 0; mu < a.p; mu++) s2 += scores[mu] * scores[mu];
    return {
      p: a.p,
      n: a.n,
      ms,
      top,
      a1: scores[0],
      distance: d / a.n,
      startDistance: d0 / a.n,
      participation: 1 / s2,
      sampleMs,
    } satisfies DenseStepView;
  }) as Handler,
};

/**
 * Dynamics of the dense associative memory (paper 001): gradient descent on the log-sum-exp energy of Eq. (1),
 *
 *   x_{t+1} = (1 − η) x_t + η Ξᵀ softmax(λ Ξ x_t),
 *
 * with η = 1 the softmax update of Eq. (2) and η = 0.5 the step of the numerical protocol (Appendix F). The run
 * stops when the step is small, ‖x_{t+1} − x_t‖/√N < tolerance, or at the iteration limit; the energy trace and
 * the final attention scores are returned on request. Because −(1/λ)·lse(λΞx) is concave and ½‖x‖² has unit
 * curvature, E(x_{t+1}) ≤ E(x_t) − η(1 − η/2)‖∇E(x_t)‖² for every η ∈ (0, 1]: the energy never increases.
 */
import {
  attentionInto,
  checkEta,
  type DenseInput,
  type DensePatterns,
  densePatternsFrom,
  energyFromLogPartition,
} from '../models/dense.js';
import type { Bounds } from '../validate.js';

/** Gradient-descent steps η (1 is the softmax update of Eq. (2)). */
export const DENSE_STEP: Bounds = { min: 0, minExclusive: true, max: 1 };
/** Iteration limits of one run. */
export const DENSE_ITERATIONS: Bounds = { integer: true, min: 1, max: 1_000_000 };
/** Convergence tolerances on ‖x_{t+1} − x_t‖/√N. */
export const DENSE_TOLERANCE: Bounds = { min: 0, minExclusive: true, max: 1 };

/** Softmax update (Eq. (2), gradient descent with step 1) or gradient descent with step η ∈ (0, 1]. */
export type DenseDynamics =
  | { readonly kind: 'softmax' }
  | { readonly kind: 'gradient'; readonly eta: number };

/** Options of {@link runDense}. */
export interface DenseRunOptions {
  /** Iteration limit (default 1000). */
  readonly maxIterations?: number;
  /** Stop when ‖x_{t+1} − x_t‖/√N < tolerance (default 1e-7). */
  readonly tolerance?: number;
  /** Record E(x_t) for every iterate, the last included (costs one extra pass over Ξ). */
  readonly trace?: boolean;
  /**
   * Return the attention scores a_μ = softmax(λΞx)_μ at the last evaluated iterate (8·P bytes more, which the
   * check made when the patterns were sampled does not count: `checkDenseMemory(p, n, limit, { scores: true })`
   * includes them).
   */
  readonly scores?: boolean;
}

/** What a run returns. */
export interface DenseRunResult {
  /** The final state x_T. */
  readonly state: Float64Array;
  /** Number of updates applied. */
  readonly iterations: number;
  /** Whether the step-size criterion was met before the iteration limit. */
  readonly converged: boolean;
  /** ‖x_T − x_{T−1}‖/√N, the last step size. */
  readonly lastStep: number;
  /** E(x_0), …, E(x_T) when `trace` was set (paper 001 Eq. (1)). */
  readonly energies?: number[];
  /** a_μ at x_{T−1} (the scores that produced the last update) when `scores` was set. */
  readonly scores?: Float64Array;
}

/** Throw unless the dynamics config is valid (η ∈ (0, 1]). */
export function checkDenseDynamics(d: DenseDynamics): void {
  switch (d.kind) {
    case 'softmax':
      return;
    case 'gradient':
      checkEta(d.eta);
      return;
    default: {
      const never: never = d;
      throw new TypeError(`unknown dense dynamics ${JSON.stringify(never)}`);
    }
  }
}

function stepSize(d: DenseDynamics): number {
  switch (d.kind) {
    case 'softmax':
      return 1;
    case 'gradient':
      return d.eta;
  }
}

/** Reusable buffers for many runs on one memory (avoids reallocating per run in the experiments). */
export interface DenseWorkspace {
  readonly y: Float64Array;
  readonly yb: Float64Array;
  readonly s: Float64Array;
}

/** Buffers sized for a memory: two N-vectors and one block of scores. */
export function denseWorkspace(xi: DensePatterns): DenseWorkspace {
  return {
    y: new Float64Array(xi.n),
    yb: new Float64Array(xi.n),
    s: new Float64Array(Math.min(xi.p, xi.blockRows)),
  };
}

/**
 * Run gradient descent on E(x) (paper 001 Eq. (1)) from x0 until ‖x_{t+1} − x_t‖/√N < tolerance or the iteration
 * limit. Does not modify x0.
 */
export function runDense(
  xi: DenseInput,
  x0: ArrayLike<number>,
  lambda: number,
  dynamics: DenseDynamics,
  options: DenseRunOptions = {},
  workspace?: DenseWorkspace,
): DenseRunResult {
  const d = 'blocks' in xi ? xi : densePatternsFrom(xi);
  const { n, p } = d;
  if (!(lambda > 0) || !Number.isFinite(lambda))
    throw new RangeError(`lambda must be a finite number > 0 (got ${lambda})`);
  if (x0.length !== n) throw new RangeError(`x0 must have length N = ${n} (got ${x0.length})`);
  checkDenseDynamics(dynamics);
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-7;
  if (!Number.isInteger(maxIterations) || maxIterations < 0)
    throw new RangeError(`maxIterations must be an integer ≥ 0 (got ${maxIterations})`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0 (got ${tolerance})`);
  const eta = stepSize(dynamics);
  const ws = workspace ?? denseWorkspace(d);
  const x = Float64Array.from(x0);
  const y = ws.y;
  const scratch = { yb: ws.yb, s: ws.s };
  const scores = options.scores ? new Float64Array(p) : undefined;
  const energies: number[] | undefined = options.trace ? [] : undefined;
  const tol2 = tolerance * tolerance * n;
  let iterations = 0;
  let converged = false;
  let last2 = Number.NaN;
  while (iterations < maxIterations) {
    const lse = attentionInto(d, x, lambda, y, scores, scratch);
    energies?.push(energyFromLogPartition(lse, x, lambda));
    let step2 = 0;
    for (let i = 0; i < n; i++) {
      const nx = eta === 1 ? y[i] : (1 - eta) * x[i] + eta * y[i];
      const dx = nx - x[i];
      step2 += dx * dx;
      x[i] = nx;
    }
    iterations++;
    last2 = step2;
    if (step2 < tol2) {
      converged = true;
      break;
    }
  }
  if (energies)
    energies.push(energyFromLogPartition(attentionInto(d, x, lambda, y, undefined, scratch), x, lambda));
  return {
    state: x,
    iterations,
    converged,
    lastStep: Math.sqrt(last2 / n),
    ...(energies ? { energies } : {}),
    ...(scores ? { scores } : {}),
  };
}

/** Normalized squared distance Δ = ‖x − ξ‖²/N (paper 001 Appendix F.1). */
export function normalizedDistance(x: ArrayLike<number>, xi: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - xi[i];
    s += d * d;
  }
  return s / x.length;
}

/**
 * Binary dense associative memories (cited in paper 001 as refs. [5] Krotov–Hopfield and [7] Demircigil et al.):
 * ±1 neurons σ, ±1 patterns ξ^μ, and the energy
 *
 *   E(σ) = −Σ_μ F(ξ^μ·σ),   F(x) = xⁿ (polynomial) or F(x) = eˣ (exponential),
 *
 * with asynchronous dynamics: visit the bits one at a time and flip σ_i when that lowers E. With m_μ = ξ^μ·σ and
 * s_μ = ξ_i^μ σ_i, flipping bit i changes the energy by
 *
 *   ΔE_i = Σ_μ [F(m_μ) − F(m_μ − 2 s_μ)] = C + σ_i Σ_μ ξ_i^μ D_μ,
 *   C = Σ_μ (A_μ + B_μ)/2,  D_μ = (A_μ − B_μ)/2,  A_μ = F(m_μ) − F(m_μ − 2),  B_μ = F(m_μ) − F(m_μ + 2),
 *
 * so a bit is stable when ΔE_i > 0. Polynomial F stores ~N^{n−1} patterns (paper 001 section I); exponential F
 * stores e^{αN}. For exponential F every term is scaled by e^{−M} (M = max_μ m_μ), which leaves the signs intact and
 * keeps the arithmetic finite for any N.
 */
import { type PatternSet, patternDots } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { erfc, findRoot } from '../theory/numerics.js';
import type { Bounds } from '../validate.js';

/** Degrees n of the polynomial interaction F(x) = xⁿ. */
export const BINARY_DEGREE: Bounds = { integer: true, min: 2, max: 30 };
/** Dimensions N of binary dense memories. */
export const BINARY_NEURONS: Bounds = { integer: true, min: 2, max: 100_000 };

/** The interaction function F: polynomial xⁿ (Krotov–Hopfield) or exponential eˣ (Demircigil et al.). */
export type BinaryDenseF = { readonly kind: 'poly'; readonly degree: number } | { readonly kind: 'exp' };

/** Throw unless F is valid (polynomial degree an integer in [2, 30]). */
export function checkBinaryDenseF(f: BinaryDenseF): void {
  switch (f.kind) {
    case 'poly':
      if (!Number.isInteger(f.degree) || f.degree < 2 || f.degree > 30)
        throw new RangeError(`degree must be an integer in [2, 30] (got ${f.degree})`);
      return;
    case 'exp':
      return;
    default: {
      const never: never = f;
      throw new TypeError(`unknown F ${JSON.stringify(never)}`);
    }
  }
}

/** F(x) for the polynomial, or e^{x − scale} for the exponential (scale cancels in every sign test). */
function fValue(f: BinaryDenseF, x: number, scale: number): number {
  switch (f.kind) {
    case 'poly':
      return x ** f.degree;
    case 'exp':
      return Math.exp(x - scale);
  }
}

function checkSpins(xi: PatternSet, sigma: ArrayLike<number>): void {
  if (sigma.length !== xi.n) throw new RangeError(`sigma must have length N = ${xi.n} (got ${sigma.length})`);
}

/** Overlaps m_μ = ξ^μ·σ for every pattern (unnormalized, as in the Krotov–Hopfield energy). */
export const binaryOverlaps = patternDots;

/** E(σ) = −Σ_μ F(ξ^μ·σ) (Krotov–Hopfield energy; for exponential F it overflows to −∞ beyond N ≈ 709). */
export function binaryDenseEnergy(xi: PatternSet, sigma: ArrayLike<number>, f: BinaryDenseF): number {
  checkBinaryDenseF(f);
  checkSpins(xi, sigma);
  const m = binaryOverlaps(xi, sigma);
  let e = 0;
  for (let mu = 0; mu < xi.p; mu++) e -= fValue(f, m[mu], 0);
  return e;
}

/**
 * Flip costs ΔE_i = E(σ with bit i flipped) − E(σ) for all i, from the overlaps m (see the module comment).
 * For exponential F the values are scaled by e^{−max m}. A bit is stable when its cost is > 0.
 */
export function flipCosts(
  xi: PatternSet,
  sigma: ArrayLike<number>,
  f: BinaryDenseF,
  out = new Float64Array(xi.n),
): Float64Array {
  checkBinaryDenseF(f);
  checkSpins(xi, sigma);
  const { p, n, data } = xi;
  const m = binaryOverlaps(xi, sigma);
  let scale = 0;
  if (f.kind === 'exp') {
    scale = Number.NEGATIVE_INFINITY;
    for (let mu = 0; mu < p; mu++) if (m[mu] > scale) scale = m[mu];
  }
  out.fill(0);
  let c = 0;
  for (let mu = 0; mu < p; mu++) {
    const fm = fValue(f, m[mu], scale);
    const a = fm - fValue(f, m[mu] - 2, scale);
    const b = fm - fValue(f, m[mu] + 2, scale);
    c += 0.5 * (a + b);
    const dmu = 0.5 * (a - b);
    const o = mu * n;
    for (let i = 0; i < n; i++) out[i] += data[o + i] * dmu;
  }
  for (let i = 0; i < n; i++) out[i] = c + sigma[i] * out[i];
  return out;
}

/** True when no single flip lowers E: ΔE_i > 0 for every bit (σ is a strict local minimum). */
export function isBinaryDenseFixedPoint(xi: PatternSet, sigma: ArrayLike<number>, f: BinaryDenseF): boolean {
  const costs = flipCosts(xi, sigma, f);
  for (let i = 0; i < costs.length; i++) if (!(costs[i] > 0)) return false;
  return true;
}

/** Options of {@link runBinaryDense}. */
export interface BinaryDenseRunOptions {
  /** Sweep limit (default 100). */
  readonly maxSweeps?: number;
  /** Visit order: a fresh random permutation per sweep when an rng is given, else 0..N−1. */
  readonly rng?: Rng;
}

export interface BinaryDenseRunResult {
  readonly state: Float64Array;
  readonly sweeps: number;
  /** True when a whole sweep flipped nothing. */
  readonly converged: boolean;
  /** Flips made in each sweep. */
  readonly flips: number[];
}

/**
 * Asynchronous zero-temperature dynamics on E(σ) = −Σ_μ F(ξ^μ·σ): visit bits one at a time, flip when ΔE_i < 0
 * (ties keep the bit). Overlaps are updated incrementally, O(P) per visit. Does not modify sigma0.
 */
export function runBinaryDense(
  xi: PatternSet,
  sigma0: ArrayLike<number>,
  f: BinaryDenseF,
  opts: BinaryDenseRunOptions = {},
): BinaryDenseRunResult {
  checkBinaryDenseF(f);
  checkSpins(xi, sigma0);
  const maxSweeps = opts.maxSweeps ?? 100;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 1)
    throw new RangeError(`maxSweeps must be an integer ≥ 1 (got ${maxSweeps})`);
  const { p, n, data } = xi;
  const sigma = Float64Array.from(sigma0, (v) => (v > 0 ? 1 : -1));
  const m = binaryOverlaps(xi, sigma);
  const flips: number[] = [];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let converged = false;
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    if (opts.rng) opts.rng.shuffle(order);
    let count = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      let scale = 0;
      if (f.kind === 'exp') {
        scale = Number.NEGATIVE_INFINITY;
        for (let mu = 0; mu < p; mu++) if (m[mu] > scale) scale = m[mu];
      }
      const si = sigma[i];
      let cost = 0;
      for (let mu = 0; mu < p; mu++) {
        const s = data[mu * n + i] * si;
        cost += fValue(f, m[mu], scale) - fValue(f, m[mu] - 2 * s, scale);
      }
      if (cost < 0) {
        sigma[i] = -si;
        for (let mu = 0; mu < p; mu++) m[mu] -= 2 * data[mu * n + i] * si;
        count++;
      }
    }
    sweeps++;
    flips.push(count);
    if (count === 0) {
      converged = true;
      break;
    }
  }
  return { state: sigma, sweeps, converged, flips };
}

/**
 * Signal-to-noise (central-limit) estimate of the polynomial capacity: the P at which a stored pattern is a fixed
 * point with probability ½. For F = xⁿ the own pattern gives the flip cost S = F(N) − F(N − 2); each other pattern
 * adds an independent term T = F(m) − F(m − 2s) with s = ±1 and m = s + (sum of N − 1 random signs), whose mean
 * μ₁ and variance σ₁² are summed exactly over the binomial law. A bit fails with q = ½ erfc((S + (P−1)μ₁) /
 * √(2(P−1)σ₁²)); the pattern survives with (1 − q)^N = ½. To leading order P ≈ N^{n−1}/((2n − 3)!! z²) with
 * z = Φ̄⁻¹(ln 2/N): the N^{n−1} growth of Krotov–Hopfield. Returns null for exponential F.
 */
export function binaryCapacityTheory(f: BinaryDenseF, n: number): number | null {
  checkBinaryDenseF(f);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n must be an integer ≥ 2 (got ${n})`);
  if (f.kind !== 'poly') return null;
  const S = fValue(f, n, 0) - fValue(f, n - 2, 0);
  // Exact moments of T over s = ±1 and k ~ Binomial(N − 1, ½) with m' = N − 1 − 2k.
  let mean = 0;
  let second = 0;
  let logW = -(n - 1) * Math.LN2;
  for (let k = 0; k <= n - 1; k++) {
    if (k > 0) logW += Math.log((n - k) / k);
    const w = 0.5 * Math.exp(logW);
    const mp = n - 1 - 2 * k;
    for (const s of [1, -1]) {
      const m = s + mp;
      const t = fValue(f, m, 0) - fValue(f, m - 2 * s, 0);
      mean += w * t;
      second += w * t * t;
    }
  }
  const variance = second - mean * mean;
  const logSurvive = (p: number) => {
    const q = 0.5 * erfc((S + (p - 1) * mean) / Math.sqrt(2 * (p - 1) * variance));
    return n * Math.log1p(-q) + Math.LN2;
  };
  let hi = 2;
  while (logSurvive(hi) > 0) {
    hi *= 2;
    if (hi > 1e15) return null;
  }
  if (hi === 2) return 2;
  return findRoot(logSurvive, hi / 2, hi);
}

/**
 * Stability along a growing memory: for the stored pattern `mu` of a set of ±1 patterns, the flip costs
 * ΔE_i computed with the first P patterns, checked at every P of `checkpoints` (sorted ascending). Returns, per
 * checkpoint, whether pattern mu is a fixed point of the first P patterns (false when P ≤ mu). Cost O(P_max·N);
 * for exponential F only patterns with m_ν > N − 60 contribute (the others weigh < e^{−58} each, scaled by e^{−N}).
 */
export function stabilityMargins(
  xi: PatternSet,
  mu: number,
  f: BinaryDenseF,
  checkpoints: readonly number[],
): boolean[] {
  checkBinaryDenseF(f);
  const { p, n, data } = xi;
  if (!Number.isInteger(mu) || mu < 0 || mu >= p)
    throw new RangeError(`mu must be in [0, ${p - 1}] (got ${mu})`);
  const target = data.subarray(mu * n, (mu + 1) * n);
  const field = new Float64Array(n);
  let c = 0;
  const scale = f.kind === 'exp' ? n : 0;
  const out: boolean[] = [];
  let next = 0;
  const pMax = checkpoints.length ? Math.min(p, checkpoints[checkpoints.length - 1]) : 0;
  for (let nu = 0; nu < pMax; nu++) {
    const o = nu * n;
    let m = 0;
    for (let i = 0; i < n; i++) m += data[o + i] * target[i];
    if (f.kind === 'poly' || m > n - 60) {
      const fm = fValue(f, m, scale);
      const a = fm - fValue(f, m - 2, scale);
      const b = fm - fValue(f, m + 2, scale);
      c += 0.5 * (a + b);
      const dnu = 0.5 * (a - b);
      for (let i = 0; i < n; i++) field[i] += data[o + i] * dnu;
    }
    while (next < checkpoints.length && checkpoints[next] === nu + 1) {
      let ok = nu >= mu;
      for (let i = 0; ok && i < n; i++) if (!(c + target[i] * field[i] > 0)) ok = false;
      out.push(ok);
      next++;
    }
  }
  while (out.length < checkpoints.length) out.push(false);
  return out;
}

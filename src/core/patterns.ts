/**
 * Pattern sets and the samplers that fill them. A pattern set is P rows of N entries, row-major.
 */
import type { Rng } from './rng/index.js';

/** P patterns of dimension N stored row-major: entry (μ, i) at data[μ·N + i]. */
export interface PatternSet {
  readonly p: number;
  readonly n: number;
  readonly data: Float64Array;
}

/** Check p and n and return an empty pattern set. */
export function emptyPatterns(p: number, n: number): PatternSet {
  checkDims(p, n);
  return { p, n, data: new Float64Array(p * n) };
}

function checkDims(p: number, n: number): void {
  if (!Number.isInteger(p) || p < 0) throw new RangeError(`p must be an integer ≥ 0 (got ${p})`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
}

/** Wrap existing row-major data as a pattern set (no copy). */
export function patternSet(p: number, n: number, data: Float64Array): PatternSet {
  checkDims(p, n);
  if (data.length !== p * n)
    throw new RangeError(`data must have p·n = ${p * n} entries (got ${data.length})`);
  return { p, n, data };
}

/** Row μ as a view (no copy). */
export function patternRow(xi: PatternSet, mu: number): Float64Array {
  return xi.data.subarray(mu * xi.n, (mu + 1) * xi.n);
}

/** ξ_i^μ = ±1 with probability ½ each (Rademacher). */
export function rademacher(rng: Rng, p: number, n: number): PatternSet {
  const xi = emptyPatterns(p, n);
  const d = xi.data;
  for (let k = 0; k < d.length; k++) d[k] = rng.sign();
  return xi;
}

/** ξ_i^μ ~ N(0, 1) independent. */
export function gaussianPatterns(rng: Rng, p: number, n: number): PatternSet {
  const xi = emptyPatterns(p, n);
  const d = xi.data;
  for (let k = 0; k < d.length; k++) d[k] = rng.normal();
  return xi;
}

/** Fill `out` with a point uniform on the sphere of radius `radius` (normalized Gaussian vector). */
export function sampleSphere(
  rng: Rng,
  out: Float64Array,
  radius: number = Math.sqrt(out.length),
): Float64Array {
  let s = 0;
  for (let i = 0; i < out.length; i++) {
    const g = rng.normal();
    out[i] = g;
    s += g * g;
  }
  const f = radius / Math.sqrt(s);
  for (let i = 0; i < out.length; i++) out[i] *= f;
  return out;
}

/** P patterns uniform on the sphere of radius √N. */
export function spherePatterns(rng: Rng, p: number, n: number): PatternSet {
  const xi = emptyPatterns(p, n);
  for (let mu = 0; mu < p; mu++) sampleSphere(rng, patternRow(xi, mu));
  return xi;
}

/** Mattis overlap m = (1/N) Σ_i ξ_i σ_i of one pattern with a state (paper 004 Eq. 31). */
export function mattisOverlap(xi: ArrayLike<number>, sigma: ArrayLike<number>): number {
  let s = 0;
  const n = sigma.length;
  for (let i = 0; i < n; i++) s += xi[i] * sigma[i];
  return s / n;
}

/** Unnormalized overlaps ξ^μ·σ = Σ_i ξ_i^μ σ_i for every pattern (N times the Mattis overlaps). */
export function patternDots(
  xi: PatternSet,
  sigma: ArrayLike<number>,
  out = new Float64Array(xi.p),
): Float64Array {
  const { p, n, data } = xi;
  for (let mu = 0; mu < p; mu++) {
    let s = 0;
    const o = mu * n;
    for (let i = 0; i < n; i++) s += data[o + i] * sigma[i];
    out[mu] = s;
  }
  return out;
}

/** All P Mattis overlaps m_μ = (1/N) Σ_i ξ_i^μ σ_i. */
export function mattisOverlaps(
  xi: PatternSet,
  sigma: ArrayLike<number>,
  out = new Float64Array(xi.p),
): Float64Array {
  patternDots(xi, sigma, out);
  for (let mu = 0; mu < xi.p; mu++) out[mu] /= xi.n;
  return out;
}

/** A copy of ±1 state `x` with exactly `count` distinct, uniformly chosen spins flipped. */
export function flipSpins(rng: Rng, x: ArrayLike<number>, count: number): Float64Array {
  const n = x.length;
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new RangeError(`flip count must be an integer in [0, ${n}] (got ${count})`);
  }
  const out = Float64Array.from(x);
  const idx = rng.sampleWithoutReplacement(n, count);
  for (let k = 0; k < count; k++) out[idx[k]] = -out[idx[k]];
  return out;
}

/** Corrupt by fraction r: flip exactly round(r·N) spins. */
export function corruptByFraction(rng: Rng, x: ArrayLike<number>, r: number): Float64Array {
  if (!(r >= 0 && r <= 1)) throw new RangeError(`flip fraction r must be in [0, 1] (got ${r})`);
  return flipSpins(rng, x, Math.round(r * x.length));
}

/** Corrupt to initial overlap m0: flip exactly round((1 − m0)·N/2) spins, so m = 1 − 2·flips/N ≈ m0. */
export function corruptToOverlap(rng: Rng, x: ArrayLike<number>, m0: number): Float64Array {
  if (!(m0 >= -1 && m0 <= 1)) throw new RangeError(`initial overlap m0 must be in [-1, 1] (got ${m0})`);
  return flipSpins(rng, x, Math.round(((1 - m0) * x.length) / 2));
}

/** A random ±1 configuration of length n. */
export function randomSpins(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.sign();
  return out;
}

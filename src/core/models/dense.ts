/**
 * Dense associative memory with exponential capacity (paper 001, Lucibello–Mézard): P = e^{αN} continuous patterns
 * ξ^μ ∈ R^N, the log-sum-exp energy
 *
 *   E(x) = −(1/λ) log Σ_μ exp(λ x·ξ^μ) + ½‖x‖²                                  (paper 001 Eq. (1))
 *
 * and its softmax ("attention") update x ← Σ_μ softmax(λΞx)_μ ξ^μ (Eq. (2)).
 *
 * The pattern matrix Ξ is stored as 32-bit floats in blocks of rows, so P can reach 10^7 at N = 32 without one
 * giant allocation; every pass over Ξ goes block by block through `backend().attentionStep` and the blocks are
 * merged with a running log-sum-exp. Memory is estimated before anything is allocated and a request above the
 * limit is refused with a RangeError that states the estimate and the limit.
 */
import { backend } from '../linalg/index.js';
import type { PatternSet } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, encodeFloat64 } from '../serialize.js';
import type { Bounds } from '../validate.js';

/** Dimensions N the dense experiments accept. */
export const DENSE_NEURONS: Bounds = { integer: true, min: 1, max: 100_000 };
/** Loads α of P = round(e^{αN}) (the memory estimate refuses what does not fit). */
export const DENSE_LOAD: Bounds = { min: 0, minExclusive: true, max: 50 };
/** An exact number of patterns P. */
export const DENSE_PATTERNS: Bounds = { integer: true, min: 1, max: 1e12 };
/** Interaction strengths λ of Eq. (1). */
export const DENSE_LAMBDA: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Exponent a of the scaled dot product λ = λ̃/N^a, P = e^{α̃N^{1−a}} (Eq. (13)). */
export const SCALE_EXPONENT: Bounds = { min: 0, minExclusive: true, max: 1, maxExclusive: true };
/** Scaled loads α̃. */
export const SCALED_LOAD: Bounds = { min: 0, minExclusive: true, max: 1e3 };

/** Pattern ensembles of paper 001: uniform on the sphere of radius √N (section V.A), i.i.d. N(0, 1), or ±1. */
export type DensePatternEnsemble = 'spherical' | 'gaussian' | 'binary';

/** The ensembles, for validation and command-line choices. */
export const DENSE_PATTERN_ENSEMBLES: readonly DensePatternEnsemble[] = ['spherical', 'gaussian', 'binary'];

/** P patterns of dimension N as Float32 rows, split into blocks of `blockRows` rows (the last may be shorter). */
export interface DensePatterns {
  readonly p: number;
  readonly n: number;
  /** Rows per block (every block but the last holds exactly this many). */
  readonly blockRows: number;
  /** Row-major Float32 blocks: block b holds rows b·blockRows … min(P, (b+1)·blockRows) − 1. */
  readonly blocks: readonly Float32Array[];
}

/** Default memory limit for a dense memory and its scratch: 2 GiB. */
export const DEFAULT_DENSE_MEMORY_LIMIT = 2 * 1024 ** 3;

/** Target number of Float32 entries per block (16 MiB): small enough to allocate easily, large enough to amortize. */
const BLOCK_ENTRIES = 1 << 22;

/** Rows per block for dimension n: ⌊2^22 / n⌋, at least 1. */
export function defaultBlockRows(n: number): number {
  return Math.max(1, Math.floor(BLOCK_ENTRIES / n));
}

/** P = round(e^{αN}), the number of patterns at load α (paper 001 section I). Infinity when it overflows. */
export function patternCount(alpha: number, n: number): number {
  return Math.round(Math.exp(alpha * n));
}

/** Scaled dot-product regime (paper 001 section VI, Eq. (13)): λ = λ̃ / N^a. */
export function scaledLambda(lambdaTilde: number, n: number, a: number): number {
  return lambdaTilde / n ** a;
}

/** Scaled dot-product regime (paper 001 section VI): P = round(exp(α̃ N^{1−a})). */
export function scaledPatternCount(alphaTilde: number, n: number, a: number): number {
  return Math.round(Math.exp(alphaTilde * n ** (1 - a)));
}

/** What a dense memory of P patterns in dimension N costs, in bytes. */
export interface DenseMemoryEstimate {
  /** Ξ as Float32: 4·P·N. */
  readonly patterns: number;
  /** Per-block score scratch (8 bytes per row of a block) plus the state vectors. */
  readonly scratch: number;
  /** Attention scores of all P patterns when the caller asks for them (8·P), else 0. */
  readonly scores: number;
  readonly total: number;
}

/** Bytes needed: 4PN (Ξ, Float32) + 8·blockRows + 64N (scratch) [+ 8P when all attention scores are kept]. */
export function denseMemoryEstimate(
  p: number,
  n: number,
  opts: { scores?: boolean } = {},
): DenseMemoryEstimate {
  const patterns = 4 * p * n;
  const scratch = 8 * Math.min(p, defaultBlockRows(n)) + 64 * n;
  const scores = opts.scores ? 8 * p : 0;
  return { patterns, scratch, scores, total: patterns + scratch + scores };
}

/** "1.19 GiB" (binary units, matching the 2 GiB default limit). */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b)) return 'an unbounded amount of memory';
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(2)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}

/**
 * Refuse a dense memory that will not fit: throws RangeError stating P, N, the estimate (4PN + scratch bytes) and
 * the limit. Returns the estimate otherwise.
 */
export function checkDenseMemory(
  p: number,
  n: number,
  limit: number = DEFAULT_DENSE_MEMORY_LIMIT,
  opts: { scores?: boolean; what?: string } = {},
): DenseMemoryEstimate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  if (!(limit > 0)) throw new RangeError(`memory limit must be > 0 bytes (got ${limit})`);
  const est = denseMemoryEstimate(p, n, opts);
  const what = opts.what ?? '';
  if (!Number.isFinite(p) || p > Number.MAX_SAFE_INTEGER || !(est.total <= limit)) {
    const pText = Number.isFinite(p) ? `${p}` : 'more than 1.8e308';
    throw new RangeError(
      `P = ${pText} patterns of dimension N = ${n}${what} need about ${formatBytes(est.total)} ` +
        `(4·P·N bytes for Ξ as 32-bit floats plus scratch), above the memory limit of ${formatBytes(limit)}; ` +
        'lower α or N, or raise the limit',
    );
  }
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`p must be an integer ≥ 1 (got ${p})`);
  return est;
}

/**
 * Blocks in the backend's own memory when it has one (WebAssembly: the attention kernel then reads them in place
 * instead of copying every block in at every step), else plain arrays; plain arrays too when that memory is full.
 */
function allocBlocks(p: number, n: number, blockRows: number): Float32Array[] {
  const blocks: Float32Array[] = [];
  const be = backend();
  let resident = true;
  for (let start = 0; start < p; start += blockRows) {
    const len = Math.min(blockRows, p - start) * n;
    let b: Float32Array | null = null;
    if (resident) {
      try {
        b = be.allocFloat32(len);
      } catch {
        resident = false; // the 4 GiB of WebAssembly memory are taken: the rest stays outside
      }
    }
    blocks.push(b ?? new Float32Array(len));
  }
  return blocks;
}

/** Options of {@link sampleDensePatterns}. */
export interface SampleDenseOptions {
  /** Rows per block (default ⌊2^22/N⌋). */
  readonly blockRows?: number;
  /** Memory limit in bytes (default 2 GiB). */
  readonly memoryLimit?: number;
  /**
   * Normal deviates of the Gaussian and spherical ensembles: 'polar' (Rng.normal), 'ziggurat' (Rng.fillNormal,
   * several times faster, a different sequence for the same seed) or 'auto' (default): the ziggurat from
   * P·N ≥ 2^23 numbers, where drawing them dominates a run (e.g. N = 120, α = 0.1: P·N = 2·10⁷), the polar method
   * below, so the seeded results of smaller ensembles are those of earlier versions.
   */
  readonly sampler?: 'auto' | 'polar' | 'ziggurat';
}

/** P·N from which sampleDensePatterns draws with the ziggurat by default. */
export const ZIGGURAT_MIN_NUMBERS = 2 ** 23;

/**
 * P patterns from an ensemble (paper 001 section V): spherical ξ uniform on ‖ξ‖ = √N, Gaussian ξ_i ~ N(0, 1), or
 * binary ξ_i = ±1. Checks the memory estimate first (RangeError with the estimate and the limit).
 */
export function sampleDensePatterns(
  rng: Rng,
  ensemble: DensePatternEnsemble,
  p: number,
  n: number,
  opts: SampleDenseOptions = {},
): DensePatterns {
  if (!DENSE_PATTERN_ENSEMBLES.includes(ensemble)) {
    throw new TypeError(
      `ensemble must be one of ${DENSE_PATTERN_ENSEMBLES.join(', ')} (got ${JSON.stringify(ensemble)})`,
    );
  }
  checkDenseMemory(p, n, opts.memoryLimit ?? DEFAULT_DENSE_MEMORY_LIMIT);
  const blockRows = opts.blockRows ?? defaultBlockRows(n);
  if (!Number.isInteger(blockRows) || blockRows < 1)
    throw new RangeError(`blockRows must be an integer ≥ 1 (got ${blockRows})`);
  const sampler = opts.sampler ?? 'auto';
  if (sampler !== 'auto' && sampler !== 'polar' && sampler !== 'ziggurat')
    throw new TypeError(`sampler must be auto, polar or ziggurat (got ${JSON.stringify(sampler)})`);
  const zig = sampler === 'ziggurat' || (sampler === 'auto' && p * n >= ZIGGURAT_MIN_NUMBERS);
  const blocks = allocBlocks(p, n, blockRows);
  const row = new Float64Array(n);
  const radius = Math.sqrt(n);
  // ziggurat deviates of the spherical ensemble are drawn for many rows at once into this scratch
  const chunkRows = zig ? Math.max(1, Math.floor(8192 / n)) : 1;
  const be = backend();
  const chunk = zig && ensemble === 'spherical' ? be.allocFloat64(chunkRows * n) : row;
  for (const b of blocks) {
    const rows = b.length / n;
    if (zig && ensemble === 'gaussian') {
      rng.fillNormal(b);
      continue;
    }
    if (zig && ensemble === 'spherical') {
      for (let r0 = 0; r0 < rows; r0 += chunkRows) {
        const r1 = Math.min(rows, r0 + chunkRows);
        rng.fillNormal(chunk, 0, (r1 - r0) * n);
        be.scaleRowsF32(r1 - r0, n, chunk, radius, b.subarray(r0 * n, r1 * n));
      }
      continue;
    }
    switch (ensemble) {
      case 'gaussian':
        for (let k = 0; k < b.length; k++) b[k] = rng.normal();
        break;
      case 'binary':
        for (let k = 0; k < b.length; k++) b[k] = rng.sign();
        break;
      case 'spherical':
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let i = 0; i < n; i++) {
            const g = rng.normal();
            row[i] = g;
            s += g * g;
          }
          const f = radius / Math.sqrt(s);
          const o = r * n;
          for (let i = 0; i < n; i++) b[o + i] = row[i] * f;
        }
        break;
      default: {
        const never: never = ensemble;
        throw new TypeError(`unknown ensemble ${String(never)}`);
      }
    }
  }
  if (chunk !== row) be.release(chunk);
  return { p, n, blockRows, blocks };
}

/**
 * Return the blocks of a pattern set to the backend's memory now rather than when they are garbage collected (a
 * run that samples a new set per trial then reuses the same memory instead of touching fresh pages each time).
 * The set must not be used afterwards.
 */
export function releaseDensePatterns(xi: DensePatterns): void {
  const be = backend();
  for (const b of xi.blocks) be.release(b);
}

/** A dense memory from a Float64 pattern set (entries rounded to Float32), in blocks of `blockRows` rows. */
export function densePatternsFrom(xi: PatternSet, blockRows: number = defaultBlockRows(xi.n)): DensePatterns {
  const { p, n, data } = xi;
  if (p < 1) throw new RangeError(`p must be ≥ 1 (got ${p})`);
  if (!Number.isInteger(blockRows) || blockRows < 1)
    throw new RangeError(`blockRows must be an integer ≥ 1 (got ${blockRows})`);
  const blocks = allocBlocks(p, n, blockRows);
  let off = 0;
  for (const b of blocks) {
    b.set(data.subarray(off, off + b.length));
    off += b.length;
  }
  return { p, n, blockRows, blocks };
}

/** Row μ of the memory as a new Float64Array (e.g. the start x₀ = ξ¹ of the retrieval experiments). */
export function densePattern(
  xi: DensePatterns,
  mu: number,
  out: Float64Array = new Float64Array(xi.n),
): Float64Array {
  if (!Number.isInteger(mu) || mu < 0 || mu >= xi.p)
    throw new RangeError(`mu must be in [0, ${xi.p - 1}] (got ${mu})`);
  const b = Math.floor(mu / xi.blockRows);
  const o = (mu - b * xi.blockRows) * xi.n;
  const blk = xi.blocks[b];
  for (let i = 0; i < xi.n; i++) out[i] = blk[o + i];
  return out;
}

/** Either representation the dense functions accept: blocked Float32 or a plain Float64 pattern set. */
export type DenseInput = DensePatterns | PatternSet;

function asDense(xi: DenseInput): DensePatterns {
  return 'blocks' in xi ? xi : densePatternsFrom(xi);
}

function checkArgs(xi: DensePatterns, x: ArrayLike<number>, lambda: number): void {
  if (!(lambda > 0) || !Number.isFinite(lambda))
    throw new RangeError(`lambda must be a finite number > 0 (got ${lambda})`);
  if (x.length !== xi.n) throw new RangeError(`x must have length N = ${xi.n} (got ${x.length})`);
}

/**
 * The blocked kernel: y ← Ξᵀ softmax(λΞx), returns log Σ_μ exp(λ x·ξ^μ) (paper 001 Eq. (2)). Each block b gives
 * its softmax average y_b and its log-partition L_b; they merge as y = Σ_b e^{L_b − L} y_b with L = logΣ_b e^{L_b}.
 * No validation (inner loop of the dynamics). `scores` (length P), if given, receives the softmax weights a_μ.
 */
export function attentionInto(
  xi: DensePatterns,
  x: Float64Array,
  lambda: number,
  y: Float64Array,
  scores?: Float64Array,
  scratch?: { yb: Float64Array; s: Float64Array },
): number {
  const { n, blocks, blockRows } = xi;
  const be = backend();
  if (blocks.length === 1) {
    const rows = blocks[0].length / n;
    return be.attentionStep(rows, n, blocks[0], x, lambda, y, scores ?? scratch?.s.subarray(0, rows));
  }
  const yb = scratch?.yb ?? new Float64Array(n);
  const sBuf = scratch?.s ?? new Float64Array(Math.min(blockRows, xi.p));
  const lses = new Float64Array(blocks.length);
  let L = Number.NEGATIVE_INFINITY;
  y.fill(0);
  for (let b = 0; b < blocks.length; b++) {
    const rows = blocks[b].length / n;
    const s = scores ? scores.subarray(b * blockRows, b * blockRows + rows) : sBuf.subarray(0, rows);
    const lb = be.attentionStep(rows, n, blocks[b], x, lambda, yb, s);
    lses[b] = lb;
    // Running merge: y ← (e^{L}·y + e^{lb}·yb)/e^{L'} with L' = logaddexp(L, lb).
    if (lb === Number.NEGATIVE_INFINITY) continue;
    if (L === Number.NEGATIVE_INFINITY) {
      L = lb;
      y.set(yb);
      continue;
    }
    const m = Math.max(L, lb);
    const wa = Math.exp(L - m);
    const wb = Math.exp(lb - m);
    const z = wa + wb;
    const ca = wa / z;
    const cb = wb / z;
    for (let i = 0; i < n; i++) y[i] = ca * y[i] + cb * yb[i];
    L = m + Math.log(z);
  }
  if (scores) {
    for (let b = 0; b < blocks.length; b++) {
      const rows = blocks[b].length / n;
      const f = Math.exp(lses[b] - L);
      const s = scores.subarray(b * blockRows, b * blockRows + rows);
      for (let k = 0; k < rows; k++) s[k] *= f;
    }
  }
  return L;
}

/** log Σ_μ exp(λ x·ξ^μ), stable for any λ·x·ξ (max subtracted inside each block; paper 001 Eq. (1)). */
export function denseLogSumExp(xi: DenseInput, x: Float64Array, lambda: number): number {
  const d = asDense(xi);
  checkArgs(d, x, lambda);
  return attentionInto(d, x, lambda, new Float64Array(d.n));
}

/** ½‖x‖². */
function halfSquaredNorm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return 0.5 * s;
}

/** E(x) = −(1/λ) log Σ_μ e^{λ x·ξ^μ} + ½‖x‖² (paper 001 Eq. (1)), evaluated by a stable log-sum-exp. */
export function denseEnergy(xi: DenseInput, x: Float64Array, lambda: number): number {
  return -denseLogSumExp(xi, x, lambda) / lambda + halfSquaredNorm(x);
}

/** The energy from a log-partition L = log Σ_μ e^{λ x·ξ^μ}: E = −L/λ + ½‖x‖² (paper 001 Eq. (1)). */
export function energyFromLogPartition(logZ: number, x: ArrayLike<number>, lambda: number): number {
  return -logZ / lambda + halfSquaredNorm(x);
}

/**
 * The softmax update x' = Σ_μ a_μ ξ^μ with a = softmax(λΞx) (paper 001 Eq. (2)); gradient descent on Eq. (1)
 * with step 1. Writes `out` (length N; a new array if omitted) and returns it.
 */
export function denseUpdate(
  xi: DenseInput,
  x: Float64Array,
  lambda: number,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const d = asDense(xi);
  checkArgs(d, x, lambda);
  if (out.length !== d.n) throw new RangeError(`out must have length N = ${d.n} (got ${out.length})`);
  attentionInto(d, x, lambda, out);
  return out;
}

/** Attention scores a_μ = softmax(λ Ξx)_μ = e^{λ x·ξ^μ} / Σ_ν e^{λ x·ξ^ν} (paper 001 Eq. (2)), length P. */
export function attentionScores(
  xi: DenseInput,
  x: Float64Array,
  lambda: number,
  out: Float64Array = new Float64Array(xi.p),
): Float64Array {
  const d = asDense(xi);
  checkArgs(d, x, lambda);
  if (out.length !== d.p) throw new RangeError(`out must have length P = ${d.p} (got ${out.length})`);
  attentionInto(d, x, lambda, new Float64Array(d.n), out);
  return out;
}

/** ∇E(x) = x − Ξᵀ softmax(λΞx) (gradient of paper 001 Eq. (1)). */
export function denseGradient(
  xi: DenseInput,
  x: Float64Array,
  lambda: number,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  denseUpdate(xi, x, lambda, out);
  for (let i = 0; i < out.length; i++) out[i] = x[i] - out[i];
  return out;
}

/** One gradient-descent step x' = (1 − η)x + η Ξᵀ softmax(λΞx), η ∈ (0, 1] (η = 1 is Eq. (2)). */
export function denseGradientStep(
  xi: DenseInput,
  x: Float64Array,
  lambda: number,
  eta: number,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  checkEta(eta);
  denseUpdate(xi, x, lambda, out);
  if (eta !== 1) for (let i = 0; i < out.length; i++) out[i] = (1 - eta) * x[i] + eta * out[i];
  return out;
}

/** Throw RangeError unless η ∈ (0, 1]. */
export function checkEta(eta: number): void {
  if (!(eta > 0 && eta <= 1)) throw new RangeError(`eta must be in (0, 1] (got ${eta})`);
}

const MODEL_TYPE = 'hopfield.dense';
const MODEL_VERSION = 1;

/** A dense memory with its interaction strength, as stored in a model file. */
export interface DenseModel {
  readonly patterns: DensePatterns;
  /** λ of Eq. (1). */
  readonly lambda: number;
  readonly meta?: Record<string, unknown>;
}

/**
 * Serialize to `{type: 'hopfield.dense', version: 1, params: {p, n, lambda}, patterns, meta}`; the Float32 patterns
 * are stored exactly (widened to Float64, base64). Meant for memories small enough for JSON.
 */
export function saveDense(model: DenseModel): Record<string, unknown> {
  const { patterns, lambda } = model;
  if (!(lambda > 0) || !Number.isFinite(lambda))
    throw new RangeError(`lambda must be a finite number > 0 (got ${lambda})`);
  const all = new Float64Array(patterns.p * patterns.n);
  let off = 0;
  for (const b of patterns.blocks) {
    all.set(b, off);
    off += b.length;
  }
  return {
    type: MODEL_TYPE,
    version: MODEL_VERSION,
    params: { p: patterns.p, n: patterns.n, lambda },
    patterns: encodeFloat64(all),
    meta: model.meta ?? {},
  };
}

/** Parse a serialized dense memory; throws TypeError naming what is malformed or unsupported. */
export function loadDense(value: unknown): DenseModel {
  const env = checkEnvelope(value, MODEL_TYPE, [MODEL_VERSION]);
  const { p, n, lambda } = env.params as { p?: unknown; n?: unknown; lambda?: unknown };
  if (!Number.isInteger(p) || (p as number) < 1)
    throw new TypeError(`model params.p must be an integer ≥ 1 (got ${p})`);
  if (!Number.isInteger(n) || (n as number) < 1)
    throw new TypeError(`model params.n must be an integer ≥ 1 (got ${n})`);
  if (typeof lambda !== 'number' || !(lambda > 0) || !Number.isFinite(lambda))
    throw new TypeError(`model params.lambda must be a finite number > 0 (got ${lambda})`);
  const pp = p as number;
  const nn = n as number;
  checkDenseMemory(pp, nn);
  const data = decodeFloat64(env.patterns, 'model patterns', pp * nn);
  const meta = (typeof env.meta === 'object' && env.meta !== null ? env.meta : {}) as Record<string, unknown>;
  return { patterns: densePatternsFrom({ p: pp, n: nn, data }), lambda, meta };
}

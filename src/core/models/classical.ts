/**
 * The classical Hopfield network with binary (±1) neurons (paper 004 sections 2.2–2.4): couplings from a
 * learning rule, an optional external field, and the energy H(σ) = −½ σᵀJσ − hᵀσ (paper 004 Eq. 11).
 */
import { backend, type PackedSpins, packSpins, pmGram } from '../linalg/index.js';
import type { PatternSet } from '../patterns.js';
import { checkEnvelope, decodeFloat64, decodePatterns, encodeFloat64, encodePatterns } from '../serialize.js';
import type { Bounds } from '../validate.js';

/** Network sizes the classical experiments accept (the N×N couplings of N = 20000 take 3.2 GB). */
export const NEURONS: Bounds = { integer: true, min: 1, max: 20000 };
/** Loads α = P/N the classical experiments accept. */
export const LOAD: Bounds = { min: 0, minExclusive: true, max: 10 };
/** Temperatures of the Monte Carlo dynamics (T = 0 is the zero-temperature limit). */
export const TEMPERATURE: Bounds = { min: 0, max: 1e6 };
/** Sweep limits of one run. */
export const SWEEPS: Bounds = { integer: true, min: 1, max: 1_000_000 };

/** How the diagonal J_ii is treated after the rule has been applied. */
export type Diagonal = 'zero' | 'keep';

/** Learning rules for the couplings. */
export type CouplingRule =
  /** J = (1/N) Σ_μ ξ^μ ξ^μᵀ (paper 004 Eq. 10). */
  | { readonly kind: 'hebb'; readonly diagonal?: Diagonal }
  /** Storkey's incremental rule (symmetric, zero diagonal), capacity above Hebb's. */
  | { readonly kind: 'storkey' }
  /** Projection rule J = (1/N) Ξᵀ C⁻¹ Ξ with C_μν = ξ^μ·ξ^ν/N, so that J ξ^μ = ξ^μ. */
  | { readonly kind: 'pinv'; readonly diagonal?: Diagonal };

export type CouplingKind = CouplingRule['kind'];

/** A trained network: N neurons, couplings J (N×N row-major), optional field h. */
export interface ClassicalNetwork {
  readonly n: number;
  readonly couplings: Float64Array;
  readonly field: Float64Array | null;
  readonly rule: CouplingRule;
  /** True when J = Jᵀ exactly (all rules of this module); asymmetric J comes from other models. */
  readonly symmetric: boolean;
}

/** Transpose of an m×n row-major matrix. */
export function transpose(
  m: number,
  n: number,
  a: Float64Array,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

/** J = (1/N) Ξᵀ Ξ (with diagonal as requested) — paper 004 Eq. 10. */
export function hebbCouplings(xi: PatternSet, diagonal: Diagonal = 'zero'): Float64Array {
  const { p, n } = xi;
  const b = backend();
  const pm1 = isPm1(xi.data);
  const keep = pm1 && factorApplies(p, n);
  // Ξᵀ goes straight into the backend's memory when the pattern factor will keep it
  const xt = transpose(p, n, xi.data, keep ? b.allocFloat64(p * n) : undefined);
  // ±1 patterns: the integer sums Σ_μ ξ_i^μ ξ_j^μ by popcounts of the bit-packed columns (the same integers the
  // float64 product gives exactly, so J is bit for bit the same), P/64 word operations per entry instead of 2P flops
  const inv = 1 / n;
  let j: Float64Array;
  if (p >= 64 && pm1) j = pmGram(packSpins(n, p, xt, b), new Float64Array(n * n), b, inv);
  else {
    j = b.gemm(n, n, p, xt, xi.data, new Float64Array(n * n));
    for (let k = 0; k < j.length; k++) j[k] *= inv;
  }
  if (diagonal === 'zero') for (let i = 0; i < n; i++) j[i * n + i] = 0;
  if (keep) registerHebbFactor(j, xi, xt, diagonal);
  return j;
}

/**
 * The ±1 patterns behind Hebbian couplings, kept (weakly, keyed by the couplings array) so that local fields can
 * go through the patterns, φ = (Ξᵀ(Ξσ) − Pσ)/N (zero diagonal) or Ξᵀ(Ξσ)/N (kept diagonal): the overlaps Ξσ
 * are bit-packed popcounts and the sum is over integers, so φ is exact before the one division by N, while the
 * N×N product rounds every term. Used when 2P ≤ N and N ≥ 512 (fewer bytes and flops than J). A sample of J's entries is
 * compared on every use, so couplings modified in place fall back to the N×N product.
 */
interface HebbFactor {
  readonly p: number;
  readonly n: number;
  readonly packed: PackedSpins;
  /** Ξᵀ, N×P row-major. */
  readonly xt: Float64Array;
  readonly diagonal: Diagonal;
  readonly probeIndex: Int32Array;
  readonly probeValue: Float64Array;
}

const hebbFactors = new WeakMap<Float64Array, HebbFactor>();
const PROBES = 32;
/**
 * Smallest N for the pattern route: below it J (≤ 2 MB) sits in cache and the N×N product is cheap. The two routes
 * agree to rounding, except that a field that is exactly 0 (sgn 0: the neuron keeps its value) comes out as 0
 * through the patterns but as ±1e-17 from the rounded N×N sum, so a zero-temperature run can break such a tie
 * differently.
 */
const FACTOR_MIN_N = 512;

function isPm1(x: ArrayLike<number>, from = 0, to = x.length): boolean {
  for (let k = from; k < to; k++) if (x[k] !== 1 && x[k] !== -1) return false;
  return true;
}

/** Whether the field route through the patterns pays off (2P ≤ N, N ≥ FACTOR_MIN_N). */
function factorApplies(p: number, n: number): boolean {
  return 2 * p <= n && n >= FACTOR_MIN_N;
}

/**
 * Keep the ±1 patterns (`xi`, checked by the caller, with factorApplies) of Hebbian couplings J for the field
 * route; `xt` is their transpose, already in the backend's memory.
 */
function registerHebbFactor(j: Float64Array, xi: PatternSet, xt: Float64Array, diagonal: Diagonal): void {
  const { p, n, data } = xi;
  const count = Math.min(PROBES, n * n);
  const probeIndex = new Int32Array(count);
  const probeValue = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    probeIndex[k] = Math.floor(((k + 0.5) * n * n) / count);
    probeValue[k] = j[probeIndex[k]];
  }
  // the factor's arrays live in the backend's memory: every field evaluation reads them without a copy
  hebbFactors.set(j, {
    p,
    n,
    packed: packSpins(p, n, data, backend()),
    xt,
    diagonal,
    probeIndex,
    probeValue,
  });
}

/** The pattern factor of these couplings when it is still valid (entries unchanged), else null. */
function hebbFactor(j: Float64Array, n: number): HebbFactor | null {
  const f = hebbFactors.get(j);
  if (!f || f.n !== n) return null;
  for (let k = 0; k < f.probeIndex.length; k++) {
    if (!Object.is(j[f.probeIndex[k]], f.probeValue[k])) {
      hebbFactors.delete(j);
      return null;
    }
  }
  return f;
}

const patternRows = new WeakMap<HebbFactor, Float64Array>();
/** Ξ (P×N row-major) of a factor, from its transpose (made once). */
function patternsOf(f: HebbFactor): Float64Array {
  let x = patternRows.get(f);
  if (!x) {
    x = transpose(f.n, f.p, f.xt);
    patternRows.set(f, x);
  }
  return x;
}

/** φ = (Ξᵀ(Ξσ) − [zero diagonal] Pσ)/N for one ±1 state σ (length N) through the pattern factor. */
function fieldsThroughPatterns(f: HebbFactor, sigma: ArrayLike<number>, out: Float64Array): void {
  const { p, n } = f;
  const b = backend();
  const m = b.pmOverlaps(f.packed, packSpins(1, n, sigma).data, new Int32Array(p));
  b.gemv(n, p, f.xt, Float64Array.from(m), out);
  const sub = f.diagonal === 'zero' ? p : 0;
  for (let i = 0; i < n; i++) out[i] = (out[i] - sub * sigma[i]) / n;
}

/**
 * Storkey (1997) rule, one pattern at a time:
 * W_ij ← W_ij + (1/N)(ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), with h_ij = Σ_{k≠i,j} W_ik ξ_k; diagonal kept at zero.
 */
export function storkeyCouplings(xi: PatternSet): Float64Array {
  const { p, n, data } = xi;
  const w = new Float64Array(n * n);
  const h = new Float64Array(n);
  const inv = 1 / n;
  const b = backend();
  for (let mu = 0; mu < p; mu++) {
    const x = data.subarray(mu * n, (mu + 1) * n);
    b.gemv(n, n, w, x, h); // h_i = Σ_k W_ik ξ_k (W_ii = 0)
    // W is symmetric, so update each pair (i < j) once from the old W_ij and write both entries.
    for (let i = 0; i < n; i++) {
      const xi_i = x[i];
      const hi = h[i];
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        const wij = w[row + j];
        const hij = hi - wij * x[j]; // h_ij: exclude k = j
        const hji = h[j] - wij * xi_i; // h_ji: exclude k = i
        const v = wij + inv * (xi_i * x[j] - xi_i * hji - hij * x[j]);
        w[row + j] = v;
        w[j * n + i] = v;
      }
    }
  }
  return w;
}

/** Cholesky factorization in place (lower triangle); returns false if the matrix is not positive definite. */
function cholesky(m: number, a: Float64Array): boolean {
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j];
    for (let k = 0; k < j; k++) d -= a[j * m + k] * a[j * m + k];
    if (!(d > 1e-10)) return false;
    const l = Math.sqrt(d);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = s / l;
    }
  }
  return true;
}

/**
 * Pseudo-inverse (projection) rule: J = (1/N) Ξᵀ C⁻¹ Ξ, C = Ξ Ξᵀ / N, so J projects onto the span of the
 * patterns and every pattern is an exact fixed point (with the diagonal kept; zeroing it keeps them fixed
 * while J_ii < 1). Requires linearly independent patterns (P < N).
 */
export function pseudoInverseCouplings(xi: PatternSet, diagonal: Diagonal = 'zero'): Float64Array {
  const { p, n, data } = xi;
  const b = backend();
  const xt = transpose(p, n, data);
  const c = b.gemm(p, p, n, data, xt, new Float64Array(p * p));
  for (let k = 0; k < c.length; k++) c[k] /= n;
  if (!cholesky(p, c)) {
    throw new RangeError(
      `pseudo-inverse rule needs linearly independent patterns (P < N); got P = ${p}, N = ${n} with a singular correlation matrix`,
    );
  }
  // Solve C·Y = Ξ for Y (p×n) by forward/back substitution on each column.
  const y = Float64Array.from(data);
  for (let col = 0; col < n; col++) {
    for (let i = 0; i < p; i++) {
      let s = y[i * n + col];
      for (let k = 0; k < i; k++) s -= c[i * p + k] * y[k * n + col];
      y[i * n + col] = s / c[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = y[i * n + col];
      for (let k = i + 1; k < p; k++) s -= c[k * p + i] * y[k * n + col];
      y[i * n + col] = s / c[i * p + i];
    }
  }
  const j = b.gemm(n, n, p, xt, y, new Float64Array(n * n));
  const inv = 1 / n;
  for (let k = 0; k < j.length; k++) j[k] *= inv;
  // Symmetrize rounding.
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const s = 0.5 * (j[i * n + k] + j[k * n + i]);
      j[i * n + k] = s;
      j[k * n + i] = s;
    }
  }
  if (diagonal === 'zero') for (let i = 0; i < n; i++) j[i * n + i] = 0;
  return j;
}

/** Couplings for a rule (exhaustive over the union). */
export function couplingsFor(xi: PatternSet, rule: CouplingRule): Float64Array {
  switch (rule.kind) {
    case 'hebb':
      return hebbCouplings(xi, rule.diagonal ?? 'zero');
    case 'storkey':
      return storkeyCouplings(xi);
    case 'pinv':
      return pseudoInverseCouplings(xi, rule.diagonal ?? 'zero');
    default: {
      const never: never = rule;
      throw new TypeError(`unknown coupling rule ${JSON.stringify(never)}`);
    }
  }
}

/** Train a classical network on ±1 patterns with a rule and an optional external field h (length N). */
export function trainClassical(xi: PatternSet, rule: CouplingRule, field?: Float64Array): ClassicalNetwork {
  if (xi.p < 1) throw new RangeError(`need at least one pattern to train (got P = ${xi.p})`);
  if (field && field.length !== xi.n)
    throw new RangeError(`field must have length N = ${xi.n} (got ${field.length})`);
  return {
    n: xi.n,
    couplings: couplingsFor(xi, rule),
    field: field ? Float64Array.from(field) : null,
    rule,
    symmetric: true,
  };
}

/** A network from given couplings (N×N row-major); `symmetric` is checked, not trusted. */
export function networkFromCouplings(
  n: number,
  couplings: Float64Array,
  field: Float64Array | null = null,
  rule: CouplingRule = { kind: 'hebb' },
): ClassicalNetwork {
  if (couplings.length !== n * n)
    throw new RangeError(`couplings must have N² = ${n * n} entries (got ${couplings.length})`);
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++) {
    for (let j = i + 1; j < n; j++) {
      if (couplings[i * n + j] !== couplings[j * n + i]) {
        symmetric = false;
        break;
      }
    }
  }
  return { n, couplings, field, rule, symmetric };
}

/** Energy H(σ) = −½ σᵀJσ − hᵀσ (paper 004 Eq. 11). */
export function energy(net: ClassicalNetwork, sigma: ArrayLike<number>): number {
  const { n, couplings: j, field } = net;
  let e = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * n;
    for (let k = 0; k < n; k++) s += j[o + k] * sigma[k];
    e -= 0.5 * sigma[i] * s;
    if (field) e -= field[i] * sigma[i];
  }
  return e;
}

/** Local fields φ_i = Σ_k J_ik σ_k + h_i (paper 004, after Eq. 4). */
export function localFields(
  net: ClassicalNetwork,
  sigma: Float64Array,
  out: Float64Array = new Float64Array(net.n),
): Float64Array {
  const f = hebbFactor(net.couplings, net.n);
  if (f && isPm1(sigma)) fieldsThroughPatterns(f, sigma, out);
  else backend().gemv(net.n, net.n, net.couplings, sigma, out);
  if (net.field) for (let i = 0; i < net.n; i++) out[i] += net.field[i];
  return out;
}

/**
 * Local fields of every row of a pattern set at once: row μ of the result is J ξ^μ + h. One batched product,
 * so a fast backend reads J once instead of once per pattern.
 */
export function patternFields(
  net: ClassicalNetwork,
  xi: PatternSet,
  out: Float64Array = new Float64Array(xi.p * xi.n),
): Float64Array {
  if (xi.n !== net.n) throw new RangeError(`patterns must have N = ${net.n} neurons (got ${xi.n})`);
  const { n, field } = net;
  const f = hebbFactor(net.couplings, n);
  if (f && isPm1(xi.data)) {
    // Φ = (M·Ξ_stored − P·X)/N with the overlaps M (Q×P) of the rows X with the stored patterns
    const q = xi.p;
    const b = backend();
    const packed = packSpins(q, n, xi.data);
    const m = new Float64Array(q * f.p);
    const row = new Int32Array(f.p);
    for (let r = 0; r < q; r++) {
      b.pmOverlaps(f.packed, packed.data.subarray(r * packed.words, (r + 1) * packed.words), row);
      for (let mu = 0; mu < f.p; mu++) m[r * f.p + mu] = row[mu];
    }
    b.gemm(q, n, f.p, m, patternsOf(f), out);
    const sub = f.diagonal === 'zero' ? f.p : 0;
    for (let k = 0; k < q * n; k++) out[k] = (out[k] - sub * xi.data[k]) / n;
  } else backend().gemvBatch(n, n, xi.p, net.couplings, xi.data, out);
  if (field) for (let mu = 0; mu < xi.p; mu++) for (let i = 0; i < n; i++) out[mu * n + i] += field[i];
  return out;
}

/**
 * True when σ_i φ_i > 0 for every i: σ is a fixed point of zero-temperature dynamics (strictly stable).
 * `fields` (the local fields at σ, e.g. a row of {@link patternFields}) skips their computation.
 */
export function isFixedPoint(
  net: ClassicalNetwork,
  sigma: Float64Array,
  fields?: ArrayLike<number>,
): boolean {
  const f = fields ?? localFields(net, sigma);
  for (let i = 0; i < net.n; i++) if (sigma[i] * f[i] <= 0) return false;
  return true;
}

const MODEL_TYPE = 'hopfield.classical';
const MODEL_VERSION = 1;

/** Extra data stored beside a network (e.g. the patterns and their labels, for identification). */
export interface ClassicalModelExtras {
  readonly patterns?: PatternSet;
  readonly labels?: readonly string[];
  readonly meta?: Record<string, unknown>;
}

/** Serialize to the versioned JSON envelope `{type: 'hopfield.classical', version: 1, params, ...}`. */
export function saveClassical(
  net: ClassicalNetwork,
  extras: ClassicalModelExtras = {},
): Record<string, unknown> {
  return {
    type: MODEL_TYPE,
    version: MODEL_VERSION,
    params: { n: net.n, rule: net.rule, symmetric: net.symmetric },
    couplings: encodeFloat64(net.couplings),
    field: net.field ? encodeFloat64(net.field) : null,
    patterns: encodePatterns(extras.patterns),
    labels: extras.labels ?? null,
    meta: extras.meta ?? {},
  };
}

/** Parse a serialized network; throws TypeError naming what is malformed or unsupported. */
export function loadClassical(value: unknown): { network: ClassicalNetwork } & ClassicalModelExtras {
  const env = checkEnvelope(value, MODEL_TYPE, [MODEL_VERSION]);
  const n = env.params.n;
  if (!Number.isInteger(n) || (n as number) < 1)
    throw new TypeError(`model params.n must be an integer ≥ 1 (got ${n})`);
  const nn = n as number;
  const stored = env.params.rule as { kind?: unknown } | undefined;
  // Files written before the rule took its one name say 'pseudoinverse' for 'pinv'.
  const rule = (stored?.kind === 'pseudoinverse' ? { ...stored, kind: 'pinv' } : stored) as CouplingRule;
  if (!rule || !['hebb', 'storkey', 'pinv'].includes((rule as { kind: string }).kind)) {
    throw new TypeError(
      `model params.rule.kind must be hebb, storkey or pinv (got ${JSON.stringify(stored)})`,
    );
  }
  const couplings = decodeFloat64(env.couplings, 'model couplings', nn * nn);
  const field = env.field == null ? null : decodeFloat64(env.field, 'model field', nn);
  const network = networkFromCouplings(nn, couplings, field, rule);
  const patterns = decodePatterns(env.patterns, nn);
  let labels: string[] | undefined;
  if (env.labels != null) {
    if (!Array.isArray(env.labels) || !env.labels.every((l) => typeof l === 'string')) {
      throw new TypeError('model labels must be an array of strings');
    }
    if (patterns && env.labels.length !== patterns.p) {
      throw new TypeError(
        `model labels must have one entry per pattern (${patterns.p}, got ${env.labels.length})`,
      );
    }
    labels = env.labels as string[];
  }
  const meta = (typeof env.meta === 'object' && env.meta !== null ? env.meta : {}) as Record<string, unknown>;
  return { network, patterns, labels, meta };
}

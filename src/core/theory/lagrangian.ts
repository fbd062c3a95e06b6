/**
 * Theory of the generating-function framework (paper 002): the cosine-similarity law of the synaptic dynamics
 * (Appendix B, Eq. 34–40), the Marchenko–Pastur spectrum of ΞᵀΞ for Gaussian memories with its edges and the
 * hyperbolicity condition α < 1/4 (section 5.4), and a symmetric eigenvalue solver for the linear analysis.
 */
import type { Bounds } from '../validate.js';

/**
 * Ratio α = N_h/N_v of the Marchenko–Pastur law: at least 1e-12, where the upper edge (1 + α^{−1/2})² ≈ 1/α is
 * still far from overflow in the density (below, the edges and densities overflow to Infinity and NaN).
 */
export const MARCHENKO_PASTUR_RATIO: Bounds = { min: 1e-12, max: 1e6 };
/** Eigenvalues on which the Marchenko–Pastur density is tabulated. */
export const MARCHENKO_PASTUR_POINTS: Bounds = { integer: true, min: 2, max: 100_000 };
/** Time scale τ_μ of a memory row in the cosine-similarity law. */
export const COSINE_LAW_TAU: Bounds = { min: 0, minExclusive: true, max: 1e9 };
/** Initial cosine similarities α₀ ∈ (−1, 1] of the cosine-similarity law. */
export const COSINE_LAW_ALPHA0: Bounds = { min: -1, minExclusive: true, max: 1 };
/** Times t of the cosine-similarity law. */
export const COSINE_LAW_TIME: Bounds = { min: 0, max: 1e9 };

/** Throw RangeError unless v is a finite number > 0. */
function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0 (got ${v})`);
}

/** Characteristic time of memory row μ, τ_μ = τ_Ξ / p_μ (paper 002 Eq. 35). */
export function synapticTimescale(tauXi: number, p: number): number {
  checkPositive('tauXi', tauXi);
  if (!(p > 0 && p <= 1)) throw new RangeError(`p must be in (0, 1] (got ${p})`);
  return tauXi / p;
}

/**
 * Cosine similarity of memory row μ to its target at time t (paper 002 Eq. 40):
 * sim(t) = [e α + (1 − e)] / √(e² + (1 − e)² + 2e(1 − e)α), e = exp(−t/τ_μ), α = initial similarity (Eq. 37).
 */
export function cosineSimilarityLaw(t: number, tauMu: number, alpha0: number): number {
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`t must be a finite number ≥ 0 (got ${t})`);
  checkPositive('tauMu', tauMu);
  if (!(alpha0 >= -1 && alpha0 <= 1)) throw new RangeError(`alpha0 must be in [-1, 1] (got ${alpha0})`);
  const e = Math.exp(-t / tauMu);
  const num = e * alpha0 + (1 - e);
  const den2 = e * e + (1 - e) * (1 - e) + 2 * e * (1 - e) * alpha0;
  // den2 = 0 only when α = −1 and e = ½ (the memory passes through the origin); the similarity is then undefined.
  return den2 > 0 ? num / Math.sqrt(den2) : Number.NaN;
}

/**
 * Memory row under the effective (large-β) synaptic dynamics, Ξ_μ(t) = e^{−t/τ_μ} Ξ_μ⁽⁰⁾ + (1 − e^{−t/τ_μ}) ξ'_μ
 * (paper 002 Eq. 34). Writes `out` and returns it.
 */
export function effectiveMemoryRow(
  t: number,
  tauMu: number,
  initial: ArrayLike<number>,
  target: ArrayLike<number>,
  out: Float64Array = new Float64Array(initial.length),
): Float64Array {
  checkPositive('tauMu', tauMu);
  if (target.length !== initial.length)
    throw new RangeError(`target must have length ${initial.length} (got ${target.length})`);
  const e = Math.exp(-t / tauMu);
  for (let i = 0; i < initial.length; i++) out[i] = e * initial[i] + (1 - e) * target[i];
  return out;
}

/** Marchenko–Pastur edges of ΞᵀΞ for ξ_i^μ ~ N(0, 1/N_h), α = N_h/N_v: λ± = (1 ± α^{−1/2})² (paper 002 §5.4). */
export function marchenkoPasturEdges(alpha: number): { lambdaMin: number; lambdaMax: number } {
  checkPositive('alpha', alpha);
  const r = 1 / Math.sqrt(alpha);
  return { lambdaMin: (1 - r) ** 2, lambdaMax: (1 + r) ** 2 };
}

/**
 * Fraction of zero eigenvalues of ΞᵀΞ (N_v × N_v, rank min(N_h, N_v)): max(0, 1 − α) — the zero modes present
 * when N_h < N_v (paper 002 §5.4).
 */
export function marchenkoPasturZeroFraction(alpha: number): number {
  checkPositive('alpha', alpha);
  return Math.max(0, 1 - alpha);
}

/**
 * Continuous part of the Marchenko–Pastur density of the eigenvalues of ΞᵀΞ (per eigenvalue, ξ ~ N(0, 1/N_h)):
 * ρ(λ) = α √((λ₊ − λ)(λ − λ₋)) / (2πλ) on [λ₋, λ₊], total mass min(1, α) (paper 002 §5.4, ref. [37]).
 */
export function marchenkoPasturDensity(lambda: number, alpha: number): number {
  const { lambdaMin: a, lambdaMax: b } = marchenkoPasturEdges(alpha);
  if (!(lambda > a && lambda < b) || lambda <= 0) return 0;
  return (alpha * Math.sqrt((b - lambda) * (lambda - a))) / (2 * Math.PI * lambda);
}

/**
 * Mass of the continuous Marchenko–Pastur part in [lo, hi] (∫ρ by Gauss–Chebyshev-like substitution
 * λ = c + d·cos θ, which removes the square-root endpoints; paper 002 §5.4).
 */
export function marchenkoPasturMass(lo: number, hi: number, alpha: number): number {
  const { lambdaMin: a, lambdaMax: b } = marchenkoPasturEdges(alpha);
  const l = Math.max(lo, a);
  const h = Math.min(hi, b);
  if (!(h > l)) return 0;
  const c = (a + b) / 2;
  const d = (b - a) / 2;
  // λ = c − d cos θ, θ ∈ [θl, θh]; dλ = d sin θ dθ and √((b − λ)(λ − a)) = d sin θ.
  const th = (x: number) => Math.acos(Math.min(1, Math.max(-1, (c - x) / d)));
  const t0 = th(l);
  const t1 = th(h);
  const m = 400;
  let s = 0;
  for (let k = 0; k < m; k++) {
    const t = t0 + ((k + 0.5) * (t1 - t0)) / m;
    const lam = c - d * Math.cos(t);
    const sn = Math.sin(t);
    s += (alpha * d * d * sn * sn) / (2 * Math.PI * lam);
  }
  return (s * (t1 - t0)) / m;
}

/**
 * Hyperbolicity of the zero fixed point of Eq. 27 for Gaussian memories in the thermodynamic limit: the bulk of
 * ΞᵀΞ lies above 1 iff λ₋ = (1 − α^{−1/2})² > 1 iff α < 1/4 (paper 002 §5.4). Zero modes (α < 1) give Jacobian
 * eigenvalue −1 and do not break hyperbolicity.
 */
export function marchenkoPasturHyperbolic(alpha: number): boolean {
  checkPositive('alpha', alpha);
  return alpha < 0.25;
}

/**
 * Eigenvalues (ascending) of a symmetric n×n matrix (row-major; the input is not modified): Householder reduction
 * to a tridiagonal matrix T = QᵀAQ, then bisection on the Sturm count of T for each eigenvalue. O(n³) for the
 * reduction plus O(n²·64) for the bisection; absolute accuracy about 1e-14·‖A‖.
 */
export function symmetricEigenvalues(n: number, a: ArrayLike<number>): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  if (a.length !== n * n) throw new RangeError(`matrix must have n² = ${n * n} entries (got ${a.length})`);
  const { d, e } = householderTridiagonal(n, Float64Array.from(a as ArrayLike<number>));
  return tridiagonalEigenvalues(d, e);
}

/**
 * Householder tridiagonalization in place: for each column k a reflector H = 1 − 2vvᵀ (‖v‖ = 1) zeroes the
 * entries below the sub-diagonal, and the trailing block is updated as A ← HAH = A − 2(vqᵀ + qvᵀ) with p = Av,
 * q = p − (vᵀp)v. Returns the diagonal d and the sub-diagonal e (e[k] couples k and k + 1).
 */
function householderTridiagonal(n: number, a: Float64Array): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const s = k + 1; // the block s..n−1 is transformed
    let norm2 = 0;
    let big = 0;
    for (let i = s; i < n; i++) big = Math.max(big, Math.abs(a[i * n + k]));
    if (big === 0) {
      e[k] = 0;
      continue;
    }
    for (let i = s; i < n; i++) {
      const x = a[i * n + k] / big;
      v[i] = x;
      norm2 += x * x;
    }
    const x0 = v[s];
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    e[k] = alpha * big;
    v[s] = x0 - alpha;
    // ‖v‖² = norm2 − 2·alpha·x0 + alpha² = 2(alpha² − alpha·x0).
    const vv = 2 * (alpha * alpha - alpha * x0);
    if (vv === 0) continue;
    const inv = 1 / Math.sqrt(vv);
    for (let i = s; i < n; i++) v[i] *= inv;
    // p = A v on the trailing block, K = vᵀp, q = p − K v.
    let kk = 0;
    for (let i = s; i < n; i++) {
      let t = 0;
      const row = i * n;
      for (let j = s; j < n; j++) t += a[row + j] * v[j];
      p[i] = t;
      kk += v[i] * t;
    }
    for (let i = s; i < n; i++) p[i] -= kk * v[i];
    for (let i = s; i < n; i++) {
      const row = i * n;
      const vi = 2 * v[i];
      const qi = 2 * p[i];
      for (let j = s; j < n; j++) a[row + j] -= vi * p[j] + qi * v[j];
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  if (n >= 2) e[n - 2] = a[(n - 1) * n + n - 2];
  return { d, e };
}

/** Number of eigenvalues of the tridiagonal (d, e) below x (Sturm sequence of the LDLᵀ pivots of T − x). */
function sturmCount(d: Float64Array, e: Float64Array, x: number, tiny: number): number {
  let count = 0;
  let q = d[0] - x;
  if (q < 0) count++;
  for (let i = 1; i < d.length; i++) {
    if (q === 0) q = tiny;
    q = d[i] - x - (e[i - 1] * e[i - 1]) / q;
    if (q < 0) count++;
  }
  return count;
}

/** Eigenvalues (ascending) of a symmetric tridiagonal matrix by bisection inside the Gershgorin interval. */
function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
  }
  const scale = Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  const tiny = scale * 1e-300 || Number.MIN_VALUE;
  const tol = 4 * Number.EPSILON * scale;
  lo -= tol;
  hi += tol;
  const out = new Float64Array(n);
  let left = lo;
  for (let k = 0; k < n; k++) {
    // The (k+1)-th smallest eigenvalue λ_k satisfies count(λ_k − 0) ≤ k < count(λ_k + 0).
    let a = Math.max(left, lo);
    let b = hi;
    while (b - a > tol) {
      const m = 0.5 * (a + b);
      if (m === a || m === b) break;
      if (sturmCount(d, e, m, tiny) > k) b = m;
      else a = m;
    }
    out[k] = 0.5 * (a + b);
    left = a;
  }
  return out;
}

/**
 * A factor L (n×n, row-major) with LLᵀ = S for a symmetric positive semi-definite S, by Cholesky with diagonal
 * pivoting that stops at the numerical rank (columns past the rank are zero). Used to put eigenvalue problems of
 * products of PSD matrices in symmetric form: eig(A·S) = eig(LᵀAL).
 */
export function psdFactor(n: number, s: ArrayLike<number>, relTol = 1e-13): Float64Array {
  if (s.length !== n * n) throw new RangeError(`matrix must have n² = ${n * n} entries (got ${s.length})`);
  const a = Float64Array.from(s as ArrayLike<number>);
  const l = new Float64Array(n * n);
  const perm = Array.from({ length: n }, (_, i) => i);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i * n + i]);
  const stop = relTol * maxDiag * n;
  // Work on the permuted matrix: rows/columns of `a` are swapped in place; L is built on permuted indices.
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (a[i * n + i] > a[piv * n + piv]) piv = i;
    if (!(a[piv * n + piv] > stop)) break;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[piv * n + j];
        a[piv * n + j] = t;
      }
      for (let i = 0; i < n; i++) {
        const t = a[i * n + k];
        a[i * n + k] = a[i * n + piv];
        a[i * n + piv] = t;
      }
      for (let j = 0; j < k; j++) {
        const t = l[k * n + j];
        l[k * n + j] = l[piv * n + j];
        l[piv * n + j] = t;
      }
      [perm[k], perm[piv]] = [perm[piv], perm[k]];
    }
    const dk = Math.sqrt(a[k * n + k]);
    l[k * n + k] = dk;
    for (let i = k + 1; i < n; i++) l[i * n + k] = a[i * n + k] / dk;
    for (let i = k + 1; i < n; i++)
      for (let j = k + 1; j <= i; j++) {
        const v = a[i * n + j] - l[i * n + k] * l[j * n + k];
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
  }
  // Undo the permutation on the rows: S = Pᵀ (L Lᵀ) P, so the factor is PᵀL.
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[perm[i] * n + j] = l[i * n + j];
  return out;
}

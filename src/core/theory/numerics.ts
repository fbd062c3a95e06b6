/**
 * Shared numerics for the theory calculators: the error function, the Gaussian law, bracketed root finding,
 * golden-section maximization, Gauss–Legendre quadrature, Gaussian expectations ∫Dz f(z) with breakpoints,
 * the Lambert W function and a numerical Legendre transform. Pure functions, no allocation in the hot paths
 * beyond the cached quadrature rules.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/** erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, to ~1e-15 (series for |x| < 2, continued fraction for erfc beyond). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a < 2) return erfSeries(x);
  const r = 1 - erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}

/** erfc(x) = 1 − erf(x), accurate in the far tail (continued fraction for x ≥ 2). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 2) return erfcContinuedFraction(x);
  if (x <= -2) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

// erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation.
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

// erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const ak = k / 2;
    d = x + ak * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + ak / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal distribution function Φ(x) = ½ erfc(−x/√2). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Options of the bracketed root finder. */
export interface RootOptions {
  /** Absolute tolerance on x (default 1e-13 relative to the bracket scale). */
  readonly xtol?: number;
  readonly maxIter?: number;
}

/**
 * Root of a continuous f on [a, b] with f(a)·f(b) ≤ 0 (Illinois-modified regula falsi with a bisection
 * safeguard). Throws RangeError when the bracket does not change sign.
 */
export function findRoot(f: (x: number) => number, a: number, b: number, opts: RootOptions = {}): number {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa * fb < 0))
    throw new RangeError(`findRoot: f must change sign on [${a}, ${b}] (got f(a) = ${fa}, f(b) = ${fb})`);
  const xtol = opts.xtol ?? 1e-14 * Math.max(1, Math.abs(a), Math.abs(b));
  const maxIter = opts.maxIter ?? 300;
  let side = 0;
  for (let it = 0; it < maxIter; it++) {
    let x = (a * fb - b * fa) / (fb - fa);
    // Fall back to bisection every few steps or when the secant leaves the bracket.
    if (!(x > Math.min(a, b) && x < Math.max(a, b)) || it % 4 === 3) x = 0.5 * (a + b);
    const fx = f(x);
    if (fx === 0) return x;
    if (fx * fb < 0) {
      a = b;
      fa = fb;
      b = x;
      fb = fx;
      if (side === -1) fa *= 0.5;
      side = -1;
    } else {
      b = x;
      fb = fx;
      fa *= 0.5;
      if (side === 1) fa *= 0.5;
      side = 1;
    }
    if (Math.abs(b - a) <= xtol) return b;
  }
  return b;
}

/** Maximum of a unimodal f on [a, b] by golden-section search: returns {x, value}. */
export function maximizeUnimodal(
  f: (x: number) => number,
  a: number,
  b: number,
  xtol = 1e-12,
): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 400 && Math.abs(b - a) > xtol * Math.max(1, Math.abs(c)); it++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc >= fd ? { x: c, value: fc } : { x: d, value: fd };
}

/** Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1]. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const legendreCache = new Map<number, QuadratureRule>();

/** n-point Gauss–Legendre rule on [−1, 1] (Newton iteration on P_n; exact for polynomials of degree 2n − 1). */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new RangeError(`gaussLegendre: n must be an integer in [1, 1000] (got ${n})`);
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // Recompute the derivative at the converged node.
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

/** ∫_a^b f(x) dx with the n-point Gauss–Legendre rule. */
export function integrateGL(f: (x: number) => number, a: number, b: number, n = 16): number {
  const { nodes, weights } = gaussLegendre(n);
  const h = 0.5 * (b - a);
  const m = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i] * f(m + h * nodes[i]);
  return s * h;
}

/** Options of {@link gaussianExpectation}. */
export interface GaussianExpectationOptions {
  /**
   * Points where f varies abruptly (e.g. z₀ = −m/σ for tanh(β(m + σz))); panels are refined geometrically
   * around each, starting at width `scale`.
   */
  readonly breakpoints?: readonly number[];
  /** Width of the sharp feature at the breakpoints (default 1). */
  readonly scale?: number;
  /** Gauss–Legendre points per panel (default 12). */
  readonly order?: number;
}

const Z_MAX = 9; // φ(9) ≈ 1e-18: the tails beyond are negligible in double precision.

/** Nodes z_k and weights w_k (φ included) with Σ_k w_k f(z_k) ≈ ∫Dz f(z). */
export interface GaussianNodes {
  readonly z: Float64Array;
  readonly w: Float64Array;
}

/**
 * Composite Gauss–Legendre nodes for ∫Dz f(z) on [−9, 9], with panels refined geometrically around the
 * breakpoints (accurate for tanh(β·) with β large, where Gauss–Hermite fails). Reuse them for several f.
 */
export function gaussianNodes(opts: GaussianExpectationOptions = {}): GaussianNodes {
  const order = opts.order ?? 12;
  const scale = Math.max(opts.scale ?? 1, 1e-12);
  const edges: number[] = [];
  for (let z = -Z_MAX; z <= Z_MAX + 1e-12; z += 1.5) edges.push(z);
  for (const b of opts.breakpoints ?? []) {
    if (!(b > -Z_MAX && b < Z_MAX)) continue;
    edges.push(b);
    for (let w = scale; w < 2 * Z_MAX; w *= 2) {
      if (b - w > -Z_MAX) edges.push(b - w);
      if (b + w < Z_MAX) edges.push(b + w);
    }
  }
  edges.sort((x, y) => x - y);
  const { nodes, weights } = gaussLegendre(order);
  const zs: number[] = [];
  const ws: number[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k];
    const b = edges[k + 1];
    if (!(b - a > 1e-15)) continue;
    const h = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let i = 0; i < nodes.length; i++) {
      const z = mid + h * nodes[i];
      zs.push(z);
      ws.push(h * weights[i] * normalPdf(z));
    }
  }
  return { z: Float64Array.from(zs), w: Float64Array.from(ws) };
}

/** E f(z) = ∫Dz f(z), Dz = φ(z) dz, on the nodes of {@link gaussianNodes}. */
export function gaussianExpectation(f: (z: number) => number, opts: GaussianExpectationOptions = {}): number {
  const { z, w } = gaussianNodes(opts);
  let s = 0;
  for (let k = 0; k < z.length; k++) s += w[k] * f(z[k]);
  return s;
}

/**
 * Principal branch W₀(x) of the Lambert W function (w e^w = x, w ≥ −1) for x ≥ −1/e, by Halley iteration
 * from a branch-point or logarithmic initial guess.
 */
export function lambertW0(x: number): number {
  if (Number.isNaN(x) || x < -1 / Math.E - 1e-15)
    throw new RangeError(`lambertW0: x must be a number ≥ −1/e (got ${x})`);
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x === 0) return 0;
  let w: number;
  if (x < -0.3) {
    const p = Math.sqrt(Math.max(0, 2 * (Math.E * x + 1)));
    w = -1 + p - (p * p) / 3;
  } else if (x < 3) {
    w = Math.log1p(x) * 0.75;
  } else {
    const l = Math.log(x);
    w = l - Math.log(l);
  }
  for (let it = 0; it < 100; it++) {
    const ew = Math.exp(w);
    const fw = w * ew - x;
    const wp1 = w + 1;
    if (wp1 === 0) break;
    const dw = fw / (ew * wp1 - ((w + 2) * fw) / (2 * wp1));
    w -= dw;
    if (Math.abs(dw) <= 1e-15 * (1 + Math.abs(w))) break;
  }
  return w;
}

/**
 * Numerical Legendre transform f̂(ε) = sup_λ [λε − f(λ)] of a convex f over λ ∈ [lo, hi] (golden section on
 * the concave objective). Used to check the closed forms of the rate functions.
 */
export function legendreTransform(
  f: (lambda: number) => number,
  eps: number,
  lo: number,
  hi: number,
): number {
  return maximizeUnimodal((l) => l * eps - f(l), lo, hi, 1e-13).value;
}

/**
 * Generating functions ("Lagrangians") of the visible and hidden layers (paper 002 section 3): convex, C² functions
 * L(x) whose gradient is the activation of the layer (g = ∇_v L_v, f = ∇_h L_h) and whose Legendre transform
 * x·∇L(x) − L(x) is the layer's share of the quasi-equilibrium energy (paper 002 Eq. 3).
 *
 * Each Lagrangian is an explicit {value, grad} pair with its Hessian (needed for the energy-descent rate of
 * Eq. 6 and the Jacobian of Eq. 30) and, for the built-in ones, the closed-form convex conjugate L*(g), which the
 * tests use as an independent check of the Legendre identity x·∇L(x) − L(x) = L*(∇L(x)).
 */

/** Serializable description of a built-in Lagrangian (a discriminated union, switched exhaustively). */
export type LagrangianSpec =
  /** L(x) = (s/2)‖x‖², g = s·x (identity activation for s = 1). */
  | { readonly kind: 'quadratic'; readonly scale: number }
  /** L(x) = (1/β) Σ_i log cosh(β x_i), g = tanh(β x). */
  | { readonly kind: 'logcosh'; readonly beta: number }
  /** L(x) = (1/β) log Σ_i exp(β x_i), g = softmax(β x). */
  | { readonly kind: 'lse'; readonly beta: number }
  /** L(x) = (1/n) Σ_i max(x_i, 0)^n, g = max(x, 0)^{n−1}; n = 2 is the ReLU. */
  | { readonly kind: 'repu'; readonly degree: number }
  /** L(x) = (1/β) Σ_i exp(β x_i), g = exp(β x). */
  | { readonly kind: 'exp'; readonly beta: number };

export type LagrangianKind = LagrangianSpec['kind'];

/** A convex generating function on R^dim (dim fixed by the caller's layer size). */
export interface Lagrangian {
  /** Short label, e.g. "lse(β=2)". */
  readonly name: string;
  /** The built-in description, when there is one (used for serialization); absent for user-defined ones. */
  readonly spec?: LagrangianSpec;
  /** L(x). */
  value(x: Float64Array): number;
  /** ∇L(x), the activation; writes `out` (length x.length, a new array if omitted) and returns it. */
  grad(x: Float64Array, out?: Float64Array): Float64Array;
  /** The Hessian ∇²L(x) as a dense row-major n×n matrix (symmetric, positive semi-definite). */
  hessian(x: Float64Array, out?: Float64Array): Float64Array;
  /** True when the Hessian is diagonal for every x (elementwise activations). */
  readonly diagonalHessian: boolean;
  /** Closed-form convex conjugate L*(g) = sup_x [g·x − L(x)], when known (Infinity outside the domain). */
  conjugate?(g: Float64Array): number;
}

function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0 (got ${v})`);
}

function outFor(x: Float64Array, out: Float64Array | undefined): Float64Array {
  return out ?? new Float64Array(x.length);
}

function diagonalHessianFrom(
  x: Float64Array,
  out: Float64Array | undefined,
  d: (xi: number) => number,
): Float64Array {
  const n = x.length;
  const h = out ?? new Float64Array(n * n);
  h.fill(0);
  for (let i = 0; i < n; i++) h[i * n + i] = d(x[i]);
  return h;
}

/** x log x with 0 log 0 = 0. */
function xlogx(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

/** log cosh(y), stable for large |y|: |y| + log(1 + e^{−2|y|}) − log 2. */
export function logCosh(y: number): number {
  const a = Math.abs(y);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** L(x) = (s/2)‖x‖², ∇L = s·x, ∇²L = s·1, L*(g) = ‖g‖²/(2s) (paper 002 section 5.4). */
export function quadraticLagrangian(scale = 1): Lagrangian {
  checkPositive('scale', scale);
  const s = scale;
  return {
    name: s === 1 ? 'quadratic' : `quadratic(s=${s})`,
    spec: { kind: 'quadratic', scale: s },
    diagonalHessian: true,
    value(x) {
      let t = 0;
      for (let i = 0; i < x.length; i++) t += x[i] * x[i];
      return 0.5 * s * t;
    },
    grad(x, out) {
      const g = outFor(x, out);
      for (let i = 0; i < x.length; i++) g[i] = s * x[i];
      return g;
    },
    hessian: (x, out) => diagonalHessianFrom(x, out, () => s),
    conjugate(g) {
      let t = 0;
      for (let i = 0; i < g.length; i++) t += g[i] * g[i];
      return t / (2 * s);
    },
  };
}

/**
 * L(x) = (1/β) Σ log cosh(β x_i), ∇L = tanh(βx), ∇²L = β(1 − tanh²(βx)) (paper 002 Eq. 21, 27);
 * L*(g) = (1/β) Σ [((1+g)/2) log(1+g) + ((1−g)/2) log(1−g)] for |g| ≤ 1.
 */
export function logCoshLagrangian(beta = 1): Lagrangian {
  checkPositive('beta', beta);
  const b = beta;
  return {
    name: b === 1 ? 'logcosh' : `logcosh(β=${b})`,
    spec: { kind: 'logcosh', beta: b },
    diagonalHessian: true,
    value(x) {
      let t = 0;
      for (let i = 0; i < x.length; i++) t += logCosh(b * x[i]);
      return t / b;
    },
    grad(x, out) {
      const g = outFor(x, out);
      for (let i = 0; i < x.length; i++) g[i] = Math.tanh(b * x[i]);
      return g;
    },
    hessian: (x, out) =>
      diagonalHessianFrom(x, out, (v) => {
        const t = Math.tanh(b * v);
        return b * (1 - t * t);
      }),
    conjugate(g) {
      let t = 0;
      for (let i = 0; i < g.length; i++) {
        const y = g[i];
        if (!(Math.abs(y) <= 1)) return Number.POSITIVE_INFINITY;
        t += 0.5 * (xlogx(1 + y) + xlogx(1 - y));
      }
      return t / b;
    },
  };
}

/**
 * L(x) = (1/β) log Σ_i e^{β x_i}, ∇L = softmax(βx), ∇²L = β(diag(s) − s sᵀ) (the dense exponential memory's
 * hidden layer, paper 002 section 1 and DESIGN); L*(g) = (1/β) Σ g_i log g_i on the probability simplex.
 */
export function logSumExpLagrangian(beta = 1): Lagrangian {
  checkPositive('beta', beta);
  const b = beta;
  const softmax = (x: Float64Array, out: Float64Array) => {
    let mx = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) if (b * x[i] > mx) mx = b * x[i];
    let z = 0;
    for (let i = 0; i < x.length; i++) {
      const e = Math.exp(b * x[i] - mx);
      out[i] = e;
      z += e;
    }
    for (let i = 0; i < x.length; i++) out[i] /= z;
    return out;
  };
  return {
    name: b === 1 ? 'lse' : `lse(β=${b})`,
    spec: { kind: 'lse', beta: b },
    diagonalHessian: false,
    value(x) {
      let mx = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < x.length; i++) if (b * x[i] > mx) mx = b * x[i];
      let z = 0;
      for (let i = 0; i < x.length; i++) z += Math.exp(b * x[i] - mx);
      return (mx + Math.log(z)) / b;
    },
    grad: (x, out) => softmax(x, outFor(x, out)),
    hessian(x, out) {
      const n = x.length;
      const s = softmax(x, new Float64Array(n));
      const h = out ?? new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) h[i * n + j] = -b * s[i] * s[j];
        h[i * n + i] += b * s[i];
      }
      return h;
    },
    conjugate(g) {
      let t = 0;
      let sum = 0;
      for (let i = 0; i < g.length; i++) {
        if (!(g[i] >= 0)) return Number.POSITIVE_INFINITY;
        t += xlogx(g[i]);
        sum += g[i];
      }
      if (Math.abs(sum - 1) > 1e-9) return Number.POSITIVE_INFINITY;
      return t / b;
    },
  };
}

/**
 * Rectified polynomial L(x) = (1/n) Σ max(x_i, 0)^n, ∇L = max(x, 0)^{n−1}, ∇²L = (n−1) max(x, 0)^{n−2}
 * (degree n ≥ 2; n = 2 gives the ReLU activation); L*(g) = (1/m) Σ g_i^m with m = n/(n−1) for g ≥ 0.
 */
export function repuLagrangian(degree = 2): Lagrangian {
  if (!(degree >= 2) || !Number.isFinite(degree))
    throw new RangeError(`degree must be a finite number ≥ 2 (got ${degree})`);
  const n = degree;
  const m = n / (n - 1);
  return {
    name: n === 2 ? 'relu' : `repu(n=${n})`,
    spec: { kind: 'repu', degree: n },
    diagonalHessian: true,
    value(x) {
      let t = 0;
      for (let i = 0; i < x.length; i++) if (x[i] > 0) t += x[i] ** n;
      return t / n;
    },
    grad(x, out) {
      const g = outFor(x, out);
      for (let i = 0; i < x.length; i++) g[i] = x[i] > 0 ? x[i] ** (n - 1) : 0;
      return g;
    },
    hessian: (x, out) =>
      diagonalHessianFrom(x, out, (v) => (v > 0 ? (n - 1) * (n === 2 ? 1 : v ** (n - 2)) : 0)),
    conjugate(g) {
      let t = 0;
      for (let i = 0; i < g.length; i++) {
        if (!(g[i] >= 0)) return Number.POSITIVE_INFINITY;
        t += g[i] ** m;
      }
      return t / m;
    },
  };
}

/** The ReLU Lagrangian L(x) = ½ Σ max(x_i, 0)², ∇L = max(x, 0) (RePU of degree 2). */
export function reluLagrangian(): Lagrangian {
  return repuLagrangian(2);
}

/** L(x) = (1/β) Σ e^{β x_i}, ∇L = e^{βx}, ∇²L = β e^{βx}; L*(g) = (1/β) Σ (g_i log g_i − g_i) for g ≥ 0. */
export function expLagrangian(beta = 1): Lagrangian {
  checkPositive('beta', beta);
  const b = beta;
  return {
    name: b === 1 ? 'exp' : `exp(β=${b})`,
    spec: { kind: 'exp', beta: b },
    diagonalHessian: true,
    value(x) {
      let t = 0;
      for (let i = 0; i < x.length; i++) t += Math.exp(b * x[i]);
      return t / b;
    },
    grad(x, out) {
      const g = outFor(x, out);
      for (let i = 0; i < x.length; i++) g[i] = Math.exp(b * x[i]);
      return g;
    },
    hessian: (x, out) => diagonalHessianFrom(x, out, (v) => b * Math.exp(b * v)),
    conjugate(g) {
      let t = 0;
      for (let i = 0; i < g.length; i++) {
        if (!(g[i] >= 0)) return Number.POSITIVE_INFINITY;
        t += xlogx(g[i]) - g[i];
      }
      return t / b;
    },
  };
}

/** What a user supplies for a Lagrangian of their own: value and gradient, optionally the Hessian. */
export interface CustomLagrangianOptions {
  readonly name: string;
  readonly value: (x: Float64Array) => number;
  readonly grad: (x: Float64Array, out: Float64Array) => Float64Array;
  /** Dense Hessian; when absent it is taken by central differences of `grad` (step `fdStep`). */
  readonly hessian?: (x: Float64Array, out: Float64Array) => Float64Array;
  readonly diagonalHessian?: boolean;
  readonly conjugate?: (g: Float64Array) => number;
  /** Step of the finite-difference Hessian (default 1e-5). */
  readonly fdStep?: number;
}

/**
 * A user-defined Lagrangian from its value and gradient (the caller is responsible for convexity; the Hessian
 * defaults to central differences of the gradient, H_ij = [g_i(x + εe_j) − g_i(x − εe_j)]/(2ε), symmetrized).
 */
export function customLagrangian(o: CustomLagrangianOptions): Lagrangian {
  if (typeof o?.name !== 'string' || o.name === '') throw new TypeError('custom Lagrangian needs a name');
  if (typeof o.value !== 'function' || typeof o.grad !== 'function')
    throw new TypeError('custom Lagrangian needs value(x) and grad(x, out) functions');
  const eps = o.fdStep ?? 1e-5;
  checkPositive('fdStep', eps);
  const hessian =
    o.hessian ??
    ((x: Float64Array, out: Float64Array) => {
      const n = x.length;
      const xp = Float64Array.from(x);
      const gp = new Float64Array(n);
      const gm = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        xp[j] = x[j] + eps;
        o.grad(xp, gp);
        xp[j] = x[j] - eps;
        o.grad(xp, gm);
        xp[j] = x[j];
        for (let i = 0; i < n; i++) out[i * n + j] = (gp[i] - gm[i]) / (2 * eps);
      }
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const s = 0.5 * (out[i * n + j] + out[j * n + i]);
          out[i * n + j] = s;
          out[j * n + i] = s;
        }
      return out;
    });
  return {
    name: o.name,
    diagonalHessian: o.diagonalHessian ?? false,
    value: o.value,
    grad: (x, out) => o.grad(x, out ?? new Float64Array(x.length)),
    hessian: (x, out) => hessian(x, out ?? new Float64Array(x.length * x.length)),
    ...(o.conjugate ? { conjugate: o.conjugate } : {}),
  };
}

/** The built-in Lagrangian described by a spec (exhaustive over the union). */
export function lagrangianFromSpec(spec: LagrangianSpec): Lagrangian {
  switch (spec.kind) {
    case 'quadratic':
      return quadraticLagrangian(spec.scale);
    case 'logcosh':
      return logCoshLagrangian(spec.beta);
    case 'lse':
      return logSumExpLagrangian(spec.beta);
    case 'repu':
      return repuLagrangian(spec.degree);
    case 'exp':
      return expLagrangian(spec.beta);
    default: {
      const never: never = spec;
      throw new TypeError(`unknown Lagrangian kind ${JSON.stringify((never as { kind: unknown }).kind)}`);
    }
  }
}

/**
 * The Legendre energy of one layer, x·∇L(x) − L(x) = L*(∇L(x)) (paper 002 Eq. 3 with I = 0): the value of the
 * convex conjugate at the activation, computed from L and ∇L only.
 */
export function legendreEnergy(l: Lagrangian, x: Float64Array, grad?: Float64Array): number {
  const g = grad ?? l.grad(x);
  let t = 0;
  for (let i = 0; i < x.length; i++) t += x[i] * g[i];
  return t - l.value(x);
}

/**
 * The convex conjugate by numerical maximization, L*(g) = sup_y [g·y − L(y)], by gradient ascent with
 * backtracking from y0 (an independent check of closed forms; slow, for tests and small dimensions).
 */
export function numericalConjugate(
  l: Lagrangian,
  g: Float64Array,
  y0: Float64Array,
  opts: { maxIter?: number; tol?: number } = {},
): number {
  const maxIter = opts.maxIter ?? 20000;
  const tol = opts.tol ?? 1e-13;
  const n = g.length;
  let y = Float64Array.from(y0);
  const obj = (z: Float64Array) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += g[i] * z[i];
    return t - l.value(z);
  };
  let f = obj(y);
  let step = 1;
  const gr = new Float64Array(n);
  const trial = new Float64Array(n);
  for (let it = 0; it < maxIter; it++) {
    l.grad(y, gr);
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      gr[i] = g[i] - gr[i];
      norm2 += gr[i] * gr[i];
    }
    if (norm2 < tol * tol) break;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) trial[i] = y[i] + step * gr[i];
      const ft = obj(trial);
      if (ft >= f + 0.25 * step * norm2) {
        [y, f] = [Float64Array.from(trial), ft];
        step *= 2;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return f;
}

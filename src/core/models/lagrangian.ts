/**
 * Generating-function networks (paper 002 sections 3–5): N_v visible neurons v and N_h hidden neurons h with a
 * memory matrix Ξ (K × N_v, one memory per row), convex generating functions L_v(v) and L_h(h), activations
 * g = ∇L_v and f = ∇L_h, biases I (visible) and b (hidden), and one of the two coupling choices of the paper:
 *
 * - `memory` (J = Ξ, Eq. 9): h = Ξg + b and τ_v v̇ = −v + I + Ξᵀ f(h); then N_h = K;
 * - `identity` (J = 1, the extended N_h × N_v identity, Eq. 20): h = 1g + b and τ_v v̇ = −v + I + 1ᵀ f(h),
 *   with the memories entering through a memory-dependent generating function such as L_v = (β̃/2)‖Ξv‖² (Eq. 21).
 *
 * In the quasi-equilibrium limit τ_h → 0 the energy is the Legendre transform of L = L_v + L_h in v (Eq. 3),
 * E_QE(v) = (v − I)·g(v) − L_v(v) − L_h(h(v)), and dE_QE/dt = −τ_v v̇ᵀ H_v v̇ ≤ 0 along the dynamics (Eq. 6–8).
 */
import {
  type Lagrangian,
  type LagrangianSpec,
  lagrangianFromSpec,
  logCoshLagrangian,
  logSumExpLagrangian,
  quadraticLagrangian,
} from '../lagrangians/index.js';
import { backend } from '../linalg/index.js';
import { type PatternSet, patternSet } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import { checkEnvelope, decodeFloat64, encodeFloat64 } from '../serialize.js';
import { psdFactor, symmetricEigenvalues } from '../theory/lagrangian.js';
import type { Bounds } from '../validate.js';

/** Visible neurons N_v of a simulated network. */
export const LAGRANGIAN_VISIBLE: Bounds = { integer: true, min: 1, max: 5000 };
/** Memories K of a simulated network. */
export const LAGRANGIAN_MEMORIES: Bounds = { integer: true, min: 1, max: 5000 };
/** Row norms ‖ξ^μ‖ of the memories. */
export const MEMORY_NORM: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Parameters β and scale of a generating function (lse:β, quadratic:s, …). */
export const LAGRANGIAN_PARAMETER: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Degrees n of the rectified polynomial repu:n. */
export const REPU_DEGREE: Bounds = { min: 2, max: 1e6 };
/** Visible sizes N_v of the spectrum of ΞᵀΞ (dense eigenproblem). */
export const SPECTRUM_VISIBLE: Bounds = { integer: true, min: 2, max: 4000 };
/** Loads α = N_h/N_v of the spectrum of ΞᵀΞ. */
export const SPECTRUM_LOAD: Bounds = { min: 0, minExclusive: true, max: 16 };
/** Largest dimension min(N_h, N_v) of the dense symmetric eigenproblem. */
export const MAX_EIGEN_DIMENSION = 2500;

/** The coupling between the layers (paper 002 section 3.2). */
export type LagrangianCoupling =
  /** J = Ξ: h = Ξg + b (Eq. 9); the hidden layer has one neuron per memory. */
  | { readonly kind: 'memory' }
  /** J = 1 (extended identity N_h × N_v): h_μ = g_μ + b_μ for μ < min(N_h, N_v) (Eq. 20). */
  | { readonly kind: 'identity' };

/** A visible generating function: a built-in one, or the memory-dependent L_v = (s/2)‖Ξv‖² of Eq. 21. */
export type VisibleLagrangianSpec =
  | LagrangianSpec
  | { readonly kind: 'memoryQuadratic'; readonly scale: number };

export interface LagrangianNetwork {
  readonly nv: number;
  readonly nh: number;
  /** Ξ, K × N_v row-major (rows are the memories ξ^μ). */
  readonly memories: PatternSet;
  /** Ξᵀ (N_v × K), kept for the products Ξᵀf. */
  readonly memoriesT: Float64Array;
  readonly coupling: LagrangianCoupling;
  readonly visible: Lagrangian;
  readonly hidden: Lagrangian;
  /** Serializable descriptions of the Lagrangians (null for user-defined ones). */
  readonly visibleSpec: VisibleLagrangianSpec | null;
  readonly hiddenSpec: LagrangianSpec | null;
  /** I (length N_v). */
  readonly inputBias: Float64Array;
  /** b (length N_h). */
  readonly hiddenBias: Float64Array;
}

export interface LagrangianNetworkOptions {
  readonly memories: PatternSet;
  /** Default `{ kind: 'memory' }`. */
  readonly coupling?: LagrangianCoupling;
  readonly visible: Lagrangian | VisibleLagrangianSpec;
  readonly hidden: Lagrangian | LagrangianSpec;
  /** Hidden layer size for the identity coupling (default N_v); for J = Ξ it is K and may be omitted. */
  readonly nh?: number;
  readonly inputBias?: ArrayLike<number>;
  readonly hiddenBias?: ArrayLike<number>;
}

/**
 * The memory-dependent generating function L_v(v) = (s/2)‖Ξv‖² = (s/2) vᵀΞᵀΞv, with g = s ΞᵀΞ v and
 * H_v = s ΞᵀΞ (paper 002 Eq. 21; s = β̃ = β/K recovers the Hebbian couplings J = ΞᵀΞ/K).
 */
export function memoryQuadraticLagrangian(memories: PatternSet, scale: number): Lagrangian {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`scale must be a finite number > 0 (got ${scale})`);
  const { p: k, n, data } = memories;
  const gram = gramMatrix(memories);
  const xv = new Float64Array(k);
  return {
    name: `memoryQuadratic(s=${scale})`,
    diagonalHessian: false,
    value(x) {
      backend().gemv(k, n, data, x, xv);
      let t = 0;
      for (let m = 0; m < k; m++) t += xv[m] * xv[m];
      return 0.5 * scale * t;
    },
    grad(x, out) {
      const g = out ?? new Float64Array(n);
      backend().gemv(n, n, gram, x, g);
      for (let i = 0; i < n; i++) g[i] *= scale;
      return g;
    },
    hessian(_x, out) {
      const h = out ?? new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) h[i] = scale * gram[i];
      return h;
    },
  };
}

/** ΞᵀΞ (N_v × N_v) for Ξ of K rows. */
export function gramMatrix(memories: PatternSet): Float64Array {
  const { p: k, n, data } = memories;
  const t = transposeOf(k, n, data);
  return backend().gemm(n, n, k, t, data, new Float64Array(n * n));
}

function transposeOf(m: number, n: number, a: Float64Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

function isLagrangian(x: unknown): x is Lagrangian {
  return typeof (x as Lagrangian).value === 'function' && typeof (x as Lagrangian).grad === 'function';
}

function copyVector(name: string, v: ArrayLike<number> | undefined, len: number): Float64Array {
  if (v === undefined) return new Float64Array(len);
  if (v.length !== len) throw new RangeError(`${name} must have length ${len} (got ${v.length})`);
  const out = Float64Array.from(v);
  for (let i = 0; i < len; i++)
    if (!Number.isFinite(out[i])) throw new RangeError(`${name}[${i}] must be finite (got ${out[i]})`);
  return out;
}

/** A network from memories, coupling, generating functions and biases (inputs are copied). */
export function createLagrangianNetwork(o: LagrangianNetworkOptions): LagrangianNetwork {
  const memories = o.memories;
  if (!memories || !(memories.data instanceof Float64Array))
    throw new TypeError('memories must be a PatternSet (K × N_v, Float64Array data)');
  const { p: k, n: nv } = memories;
  if (k < 1) throw new RangeError(`memories must have at least one row (got K = ${k})`);
  for (let i = 0; i < memories.data.length; i++)
    if (!Number.isFinite(memories.data[i])) throw new RangeError(`memories must be finite (entry ${i})`);
  const coupling = o.coupling ?? { kind: 'memory' };
  let nh: number;
  switch (coupling.kind) {
    case 'memory':
      if (o.nh !== undefined && o.nh !== k)
        throw new RangeError(`nh must equal the number of memories K = ${k} for J = Ξ (got ${o.nh})`);
      nh = k;
      break;
    case 'identity':
      nh = o.nh ?? nv;
      if (!Number.isInteger(nh) || nh < 1) throw new RangeError(`nh must be an integer ≥ 1 (got ${nh})`);
      break;
    default: {
      const never: never = coupling;
      throw new TypeError(`coupling.kind must be memory or identity (got ${JSON.stringify(never)})`);
    }
  }
  const data = Float64Array.from(memories.data);
  const mem = patternSet(k, nv, data);
  let visible: Lagrangian;
  let visibleSpec: VisibleLagrangianSpec | null = null;
  if (isLagrangian(o.visible)) {
    visible = o.visible;
    visibleSpec = o.visible.spec ?? null;
  } else if (o.visible.kind === 'memoryQuadratic') {
    visible = memoryQuadraticLagrangian(mem, o.visible.scale);
    visibleSpec = o.visible;
  } else {
    visible = lagrangianFromSpec(o.visible);
    visibleSpec = o.visible;
  }
  let hidden: Lagrangian;
  let hiddenSpec: LagrangianSpec | null = null;
  if (isLagrangian(o.hidden)) {
    hidden = o.hidden;
    hiddenSpec = o.hidden.spec ?? null;
  } else {
    hidden = lagrangianFromSpec(o.hidden);
    hiddenSpec = o.hidden;
  }
  return {
    nv,
    nh,
    memories: mem,
    memoriesT: transposeOf(k, nv, data),
    coupling,
    visible,
    hidden,
    visibleSpec,
    hiddenSpec,
    inputBias: copyVector('inputBias', o.inputBias, nv),
    hiddenBias: copyVector('hiddenBias', o.hiddenBias, nh),
  };
}

/** y = J g: Ξg (J = Ξ) or the first min(N_h, N_v) entries of g (J = 1); length N_h. */
function applyCoupling(net: LagrangianNetwork, g: Float64Array, out: Float64Array): Float64Array {
  switch (net.coupling.kind) {
    case 'memory':
      return backend().gemv(net.nh, net.nv, net.memories.data, g, out);
    case 'identity': {
      out.fill(0);
      const m = Math.min(net.nh, net.nv);
      for (let i = 0; i < m; i++) out[i] = g[i];
      return out;
    }
  }
}

/** y = Jᵀ f: Ξᵀf (J = Ξ) or f padded/truncated to N_v (J = 1); length N_v. */
function applyCouplingT(net: LagrangianNetwork, f: Float64Array, out: Float64Array): Float64Array {
  switch (net.coupling.kind) {
    case 'memory':
      return backend().gemv(net.nv, net.nh, net.memoriesT, f, out);
    case 'identity': {
      out.fill(0);
      const m = Math.min(net.nh, net.nv);
      for (let i = 0; i < m; i++) out[i] = f[i];
      return out;
    }
  }
}

/** The explicit coupling matrix J (N_h × N_v): Ξ, or the extended identity. */
export function couplingMatrix(net: LagrangianNetwork): Float64Array {
  switch (net.coupling.kind) {
    case 'memory':
      return Float64Array.from(net.memories.data);
    case 'identity': {
      const j = new Float64Array(net.nh * net.nv);
      for (let i = 0; i < Math.min(net.nh, net.nv); i++) j[i * net.nv + i] = 1;
      return j;
    }
  }
}

function checkState(net: LagrangianNetwork, v: ArrayLike<number>): void {
  if (v.length !== net.nv) throw new RangeError(`v must have length N_v = ${net.nv} (got ${v.length})`);
}

/** Everything the dynamics needs at v: g = ∇L_v(v), h = Jg + b, f = ∇L_h(h). */
export interface LayerState {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly f: Float64Array;
}

/** Scratch buffers for the layer computations (reuse them in loops). */
export function layerBuffers(net: LagrangianNetwork): LayerState {
  return { g: new Float64Array(net.nv), h: new Float64Array(net.nh), f: new Float64Array(net.nh) };
}

/** g = ∇_v L_v, the quasi-equilibrium hidden state h(v) = J g + b (paper 002 section 3.1), f = ∇_h L_h(h). */
export function layerState(
  net: LagrangianNetwork,
  v: Float64Array,
  buf: LayerState = layerBuffers(net),
): LayerState {
  net.visible.grad(v, buf.g);
  applyCoupling(net, buf.g, buf.h);
  for (let m = 0; m < net.nh; m++) buf.h[m] += net.hiddenBias[m];
  net.hidden.grad(buf.h, buf.f);
  return buf;
}

/** τ_v v̇ = ψ(v) = −v + I + Jᵀ f(J g(v) + b) (paper 002 Eq. 7, Eq. 9 for J = Ξ, Eq. 20 for J = 1). */
export function neuralVelocity(
  net: LagrangianNetwork,
  v: Float64Array,
  out: Float64Array = new Float64Array(net.nv),
  buf?: LayerState,
): Float64Array {
  checkState(net, v);
  const s = layerState(net, v, buf);
  applyCouplingT(net, s.f, out);
  for (let i = 0; i < net.nv; i++) out[i] += net.inputBias[i] - v[i];
  return out;
}

/** The one-step update v ← I + Jᵀ f(J g(v) + b): Eq. 2 with dt = τ_v (paper 002 section 2). */
export function oneStepUpdate(
  net: LagrangianNetwork,
  v: Float64Array,
  out: Float64Array = new Float64Array(net.nv),
): Float64Array {
  checkState(net, v);
  const s = layerState(net, v);
  applyCouplingT(net, s.f, out);
  for (let i = 0; i < net.nv; i++) out[i] += net.inputBias[i];
  return out;
}

/**
 * Quasi-equilibrium energy E_QE(v) = (v − I)·g(v) − L_v(v) − L_h(h(v)) (paper 002 Eq. 3, the Legendre
 * transform of L = L_v + L_h in v with h = Jg + b).
 */
export function quasiEquilibriumEnergy(net: LagrangianNetwork, v: Float64Array, buf?: LayerState): number {
  checkState(net, v);
  const s = layerState(net, v, buf);
  let t = 0;
  for (let i = 0; i < net.nv; i++) t += (v[i] - net.inputBias[i]) * s.g[i];
  return t - net.visible.value(v) - net.hidden.value(s.h);
}

/** Energy rate along the dynamics, dE_QE/dt = −τ_v v̇ᵀ H_v v̇ = −ψᵀ H_v ψ / τ_v (paper 002 Eq. 6). */
export function energyRate(net: LagrangianNetwork, v: Float64Array, tauV = 1): number {
  const psi = neuralVelocity(net, v);
  const n = net.nv;
  const h = net.visible.hessian(v);
  let t = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += h[i * n + j] * psi[j];
    t += psi[i] * r;
  }
  return -t / tauV;
}

/** A = Jᵀ H_h(h) J (N_v × N_v), the hidden part of the Jacobian. */
function hiddenCurvature(net: LagrangianNetwork, v: Float64Array): Float64Array {
  const { nv, nh } = net;
  const s = layerState(net, v);
  const hh = net.hidden.hessian(s.h);
  const j = couplingMatrix(net);
  const tmp = backend().gemm(nh, nv, nh, hh, j, new Float64Array(nh * nv)); // H_h J
  const jt = transposeOf(nh, nv, j);
  return backend().gemm(nv, nv, nh, jt, tmp, new Float64Array(nv * nv));
}

/** Jacobian dψ/dv = −1 + Jᵀ H_h J H_v at v (paper 002 Eq. 30; Eq. 28 for tanh activations), N_v × N_v row-major. */
export function neuralJacobian(net: LagrangianNetwork, v: Float64Array): Float64Array {
  checkState(net, v);
  const n = net.nv;
  const a = hiddenCurvature(net, v);
  const hv = net.visible.hessian(v);
  const out = backend().gemm(n, n, n, a, hv, new Float64Array(n * n));
  for (let i = 0; i < n; i++) out[i * n + i] -= 1;
  return out;
}

/**
 * Eigenvalues (ascending) of the Jacobian −1 + Jᵀ H_h J H_v at v (paper 002 Eq. 30). With both Hessians positive
 * semi-definite the product is similar to the symmetric LᵀAL (H_v = LLᵀ, A = Jᵀ H_h J), so the eigenvalues are real.
 */
export function jacobianEigenvalues(net: LagrangianNetwork, v: Float64Array): Float64Array {
  checkState(net, v);
  const n = net.nv;
  const a = hiddenCurvature(net, v);
  const hv = net.visible.hessian(v);
  let m: Float64Array;
  if (net.visible.diagonalHessian) {
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = Math.sqrt(Math.max(0, hv[i * n + i]));
    m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = r[i] * a[i * n + j] * r[j];
  } else {
    const l = psdFactor(n, hv);
    const lt = transposeOf(n, n, l);
    const al = backend().gemm(n, n, n, a, l, new Float64Array(n * n));
    m = backend().gemm(n, n, n, lt, al, new Float64Array(n * n));
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const s = 0.5 * (m[i * n + j] + m[j * n + i]);
        m[i * n + j] = s;
        m[j * n + i] = s;
      }
  }
  const ev = symmetricEigenvalues(n, m);
  for (let i = 0; i < n; i++) ev[i] -= 1;
  return ev;
}

/** Hyperbolic fixed point: no Jacobian eigenvalue with |Re λ| ≤ tol (paper 002 Appendix A, Hartman–Grobman). */
export function isHyperbolic(eigenvalues: ArrayLike<number>, tol = 1e-9): boolean {
  for (let i = 0; i < eigenvalues.length; i++) if (Math.abs(eigenvalues[i]) <= tol) return false;
  return true;
}

/**
 * K memories of dimension N that are exactly orthogonal (Gram–Schmidt on Gaussian vectors, repeated once for
 * accuracy) and scaled to ‖ξ^μ‖² = `norm2` (default N), as in paper 002 Eq. 42 and Appendix B.2. Needs K ≤ N.
 */
export function orthogonalMemories(rng: Rng, k: number, n: number, norm2: number = n): PatternSet {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`k must be an integer in [1, ${n}] (got ${k})`);
  if (!(norm2 > 0) || !Number.isFinite(norm2))
    throw new RangeError(`norm2 must be a finite number > 0 (got ${norm2})`);
  const data = new Float64Array(k * n);
  for (let m = 0; m < k; m++) {
    const row = data.subarray(m * n, (m + 1) * n);
    for (;;) {
      for (let i = 0; i < n; i++) row[i] = rng.normal();
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q < m; q++) {
          const prev = data.subarray(q * n, (q + 1) * n);
          let dot = 0;
          for (let i = 0; i < n; i++) dot += row[i] * prev[i];
          for (let i = 0; i < n; i++) row[i] -= dot * prev[i];
        }
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += row[i] * row[i];
      if (s > 1e-12) {
        const f = 1 / Math.sqrt(s);
        for (let i = 0; i < n; i++) row[i] *= f;
        break;
      }
    }
  }
  const scale = Math.sqrt(norm2);
  for (let i = 0; i < data.length; i++) data[i] *= scale;
  return patternSet(k, n, data);
}

/** The classical Hopfield network as a generating-function network: L_v = L_h = ½‖·‖², J = Ξ (paper 002 §5.4). */
export function classicalLagrangianNetwork(memories: PatternSet): LagrangianNetwork {
  return createLagrangianNetwork({
    memories,
    visible: quadraticLagrangian(),
    hidden: quadraticLagrangian(),
  });
}

/** The dense exponential memory: L_v = ½‖v‖², L_h = (1/β) log Σ e^{βh}, J = Ξ; one step is v ← Ξᵀ softmax(βΞv). */
export function denseLagrangianNetwork(memories: PatternSet, beta: number): LagrangianNetwork {
  return createLagrangianNetwork({
    memories,
    visible: quadraticLagrangian(),
    hidden: logSumExpLagrangian(beta),
  });
}

/**
 * The Hebbian tanh network of paper 002 Eq. 21: J = 1 (N_h = N_v), L_v = (β̃/2)‖Ξv‖² with β̃ = β/K and
 * L_h = Σ log cosh h, so that τ_v v̇ = −v + tanh(β ΞᵀΞ v / K + b).
 */
export function hebbianTanhNetwork(
  memories: PatternSet,
  beta: number,
  hiddenBias?: ArrayLike<number>,
): LagrangianNetwork {
  if (!(beta > 0) || !Number.isFinite(beta))
    throw new RangeError(`beta must be a finite number > 0 (got ${beta})`);
  return createLagrangianNetwork({
    memories,
    coupling: { kind: 'identity' },
    visible: { kind: 'memoryQuadratic', scale: beta / memories.p },
    hidden: logCoshLagrangian(1),
    ...(hiddenBias ? { hiddenBias } : {}),
  });
}

const TYPE = 'lagrangian-network';
/** The type tag of files written before the family took one name (still read). */
const OLD_TYPE = 'generating-network';

/** Serialize to a versioned JSON envelope; only networks built from specs (not user-defined Lagrangians). */
export function saveLagrangianNetwork(net: LagrangianNetwork): Record<string, unknown> {
  if (!net.visibleSpec || !net.hiddenSpec)
    throw new TypeError(
      'only networks with built-in Lagrangians can be saved (a user-defined one has no spec)',
    );
  return {
    type: TYPE,
    version: 1,
    params: {
      nv: net.nv,
      nh: net.nh,
      k: net.memories.p,
      coupling: net.coupling,
      visible: net.visibleSpec,
      hidden: net.hiddenSpec,
    },
    memories: encodeFloat64(net.memories.data),
    inputBias: encodeFloat64(net.inputBias),
    hiddenBias: encodeFloat64(net.hiddenBias),
  };
}

/** Inverse of {@link saveLagrangianNetwork}; rejects other types and unknown versions. */
export function loadLagrangianNetwork(json: unknown): LagrangianNetwork {
  const renamed =
    json !== null && typeof json === 'object' && (json as { type?: unknown }).type === OLD_TYPE
      ? { ...(json as object), type: TYPE }
      : json;
  const env = checkEnvelope(renamed, TYPE, [1]);
  const p = env.params as {
    nv: number;
    nh: number;
    k: number;
    coupling: LagrangianCoupling;
    visible: VisibleLagrangianSpec;
    hidden: LagrangianSpec;
  };
  for (const key of ['nv', 'nh', 'k'] as const)
    if (!Number.isInteger(p[key]) || p[key] < 1) throw new TypeError(`params.${key} must be an integer ≥ 1`);
  const memories = patternSet(p.k, p.nv, decodeFloat64(env.memories, 'memories', p.k * p.nv));
  return createLagrangianNetwork({
    memories,
    coupling: p.coupling,
    visible: p.visible,
    hidden: p.hidden,
    nh: p.nh,
    inputBias: decodeFloat64(env.inputBias, 'inputBias', p.nv),
    hiddenBias: decodeFloat64(env.hiddenBias, 'hiddenBias', p.nh),
  });
}

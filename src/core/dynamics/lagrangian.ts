/**
 * Dynamics of generating-function networks (paper 002): the visible neurons on their time scale τ_v (Eq. 7, 9,
 * integrated with the explicit scheme of Eq. 2), and the slow synaptic dynamics of the memory matrix
 * τ_Ξ dΞ/dt = w ⊙ [(−Ξ + Λ) + v] with softmax weights w = softmax(β Ξv) (Eq. 12–14) while v is clamped to
 * observed patterns drawn with probabilities p_ν (section 4, Appendix B).
 */
import {
  type LagrangianNetwork,
  type LayerState,
  layerBuffers,
  neuralVelocity,
  quasiEquilibriumEnergy,
} from '../models/lagrangian.js';
import type { PatternSet } from '../patterns.js';
import type { Rng } from '../rng/index.js';
import type { Bounds } from '../validate.js';

/** Time steps dt/τ_v of the neural dynamics (1 is the one-step update). */
export const NEURAL_STEP: Bounds = { min: 0, minExclusive: true, max: 1 };
/** Step counts of the neural dynamics. */
export const NEURAL_STEPS: Bounds = { integer: true, min: 1, max: 1_000_000 };
/** Sizes N_v and N_h of the synaptic dynamics. */
export const SYNAPTIC_NEURONS: Bounds = { integer: true, min: 1, max: 10_000 };
/** Clamping steps of the synaptic dynamics. */
export const SYNAPTIC_STEPS: Bounds = { integer: true, min: 0, max: 10_000_000 };
/** Memory time scales τ_Ξ, in clamping steps. */
export const SYNAPTIC_TIMESCALE: Bounds = { min: 1, max: 1e9 };
/** Softmax inverse temperatures β of the synaptic weights (Eq. 13). */
export const SYNAPTIC_BETA: Bounds = { min: 0, max: 1e6 };

export interface NeuralRunOptions {
  /** Time step in units of τ_v, dt/τ_v ∈ (0, 1]; 1 gives the one-step update v ← I + Jᵀf (Eq. 2). */
  readonly dt: number;
  /** Number of steps. */
  readonly steps: number;
  /** Record energy and state norm every `every` steps (default 1); the last step is always recorded. */
  readonly every?: number;
  /** Stop early when ‖ψ(v)‖_∞ = τ_v‖v̇‖_∞ falls below this (default 0: never). */
  readonly tolerance?: number;
  /** Called after each recorded step with (step, energy). */
  readonly onRecord?: (step: number, energy: number, v: Float64Array) => void;
}

export interface NeuralTrace {
  /** Recorded times in units of τ_v (step·dt), starting with 0. */
  readonly times: number[];
  /** E_QE at the recorded times (paper 002 Eq. 3). */
  readonly energies: number[];
  /** ‖ψ(v)‖_∞ at the recorded times (zero at a fixed point). */
  readonly speeds: number[];
  /** The final state. */
  readonly state: Float64Array;
  readonly steps: number;
  /** True when the tolerance was reached. */
  readonly converged: boolean;
  /** True when the state left the finite numbers (the energy is unbounded below along this trajectory). */
  readonly diverged: boolean;
}

/** One explicit step v ← v + (dt/τ_v) ψ(v) (paper 002 Eq. 2 applied to Eq. 7). Writes `out` and returns it. */
export function neuralStep(
  net: LagrangianNetwork,
  v: Float64Array,
  dt: number,
  out: Float64Array = new Float64Array(net.nv),
  scratch?: { psi: Float64Array; buf: LayerState },
): Float64Array {
  const psi = neuralVelocity(net, v, scratch?.psi ?? new Float64Array(net.nv), scratch?.buf);
  for (let i = 0; i < net.nv; i++) out[i] = v[i] + dt * psi[i];
  return out;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/**
 * Integrate the visible dynamics from v0 (not modified) and record E_QE along the way (paper 002 Eq. 6–8). Stops
 * early at the tolerance or when the state overflows (generating functions growing faster than L_v can make the
 * trajectory run away to infinity; the trace then ends with `diverged`).
 */
export function runNeuralDynamics(
  net: LagrangianNetwork,
  v0: ArrayLike<number>,
  opts: NeuralRunOptions,
): NeuralTrace {
  const { dt, steps } = opts;
  if (!(dt > 0 && dt <= 1)) throw new RangeError(`dt (in units of τ_v) must be in (0, 1] (got ${dt})`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`steps must be an integer ≥ 0 (got ${steps})`);
  const every = opts.every ?? 1;
  if (!Number.isInteger(every) || every < 1)
    throw new RangeError(`every must be an integer ≥ 1 (got ${every})`);
  const tol = opts.tolerance ?? 0;
  if (v0.length !== net.nv) throw new RangeError(`v0 must have length N_v = ${net.nv} (got ${v0.length})`);
  let v = Float64Array.from(v0);
  let next = new Float64Array(net.nv);
  const psi = new Float64Array(net.nv);
  const buf = layerBuffers(net);
  const times: number[] = [];
  const energies: number[] = [];
  const speeds: number[] = [];
  const record = (step: number) => {
    const e = quasiEquilibriumEnergy(net, v, buf);
    neuralVelocity(net, v, psi, buf);
    times.push(step * dt);
    energies.push(e);
    speeds.push(maxAbs(psi));
    opts.onRecord?.(step, e, v);
  };
  record(0);
  let step = 0;
  let converged = tol > 0 && speeds[0] < tol;
  let diverged = !Number.isFinite(energies[0]);
  while (step < steps && !converged && !diverged) {
    neuralVelocity(net, v, psi, buf);
    for (let i = 0; i < net.nv; i++) next[i] = v[i] + dt * psi[i];
    [v, next] = [next, v];
    step++;
    if (tol > 0) {
      neuralVelocity(net, v, psi, buf);
      converged = maxAbs(psi) < tol;
    }
    let finite = true;
    for (let i = 0; i < net.nv && finite; i++) finite = Number.isFinite(v[i]);
    diverged = !finite;
    if (step % every === 0 || step === steps || converged || diverged) record(step);
  }
  diverged ||= !Number.isFinite(energies[energies.length - 1]);
  return { times, energies, speeds, state: v, steps: step, converged, diverged };
}

/** Softmax weights w_μ = e^{β(Ξv)_μ} / Σ_ν e^{β(Ξv)_ν} of the synaptic dynamics (paper 002 Eq. 13). */
export function synapticWeights(
  memories: Float64Array,
  k: number,
  n: number,
  v: ArrayLike<number>,
  beta: number,
  out: Float64Array = new Float64Array(k),
): Float64Array {
  let mx = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < k; m++) {
    let s = 0;
    const o = m * n;
    for (let i = 0; i < n; i++) s += memories[o + i] * v[i];
    out[m] = beta * s;
    if (out[m] > mx) mx = out[m];
  }
  let z = 0;
  for (let m = 0; m < k; m++) {
    out[m] = Math.exp(out[m] - mx);
    z += out[m];
  }
  for (let m = 0; m < k; m++) out[m] /= z;
  return out;
}

/**
 * One explicit step of the synaptic dynamics, Ξ_μi ← Ξ_μi + (dt/τ_Ξ) w_μ [(−Ξ_μi + Λ_μi) + v_i] with
 * w = softmax(βΞv) (paper 002 Eq. 12–14). `out` may be `memories` itself (update in place). Returns out.
 */
export function synapticStep(
  memories: Float64Array,
  k: number,
  n: number,
  v: ArrayLike<number>,
  beta: number,
  dtOverTau: number,
  bias: Float64Array | null = null,
  out: Float64Array = new Float64Array(k * n),
  weights: Float64Array = new Float64Array(k),
): Float64Array {
  synapticWeights(memories, k, n, v, beta, weights);
  for (let m = 0; m < k; m++) {
    const c = dtOverTau * weights[m];
    const o = m * n;
    if (bias)
      for (let i = 0; i < n; i++) out[o + i] = memories[o + i] + c * (bias[o + i] - memories[o + i] + v[i]);
    else for (let i = 0; i < n; i++) out[o + i] = memories[o + i] + c * (v[i] - memories[o + i]);
  }
  return out;
}

export interface SynapticRunOptions {
  /** Softmax inverse temperature β (Eq. 13). */
  readonly beta: number;
  /** Memory time scale τ_Ξ (in units of the clamping step dt). */
  readonly tauXi: number;
  readonly steps: number;
  /** Clamping probabilities p_ν over the observed patterns (default uniform); must sum to 1. */
  readonly probabilities?: readonly number[];
  /** Synaptic bias Λ (K × N_v), default 0. */
  readonly bias?: Float64Array;
  /** Called after every step with the step number (1..steps), the memory matrix and the clamped pattern. */
  readonly onStep?: (step: number, memories: Float64Array, clamped: number) => void;
}

/** Cumulative distribution of p (validated: non-negative, finite, summing to 1 within 1e-9). */
export function clampingCdf(p: readonly number[], count: number): Float64Array {
  if (p.length !== count) throw new RangeError(`probabilities must have ${count} entries (got ${p.length})`);
  const cdf = new Float64Array(count);
  let s = 0;
  for (let i = 0; i < count; i++) {
    if (!(p[i] >= 0) || !Number.isFinite(p[i]))
      throw new RangeError(`probabilities[${i}] must be a finite number ≥ 0 (got ${p[i]})`);
    s += p[i];
    cdf[i] = s;
  }
  if (Math.abs(s - 1) > 1e-9) throw new RangeError(`probabilities must sum to 1 (got ${s})`);
  cdf[count - 1] = 1;
  return cdf;
}

/**
 * Learning by clamping (paper 002 section 4): at each step t = 1..steps, an observed pattern ν is drawn with
 * probability p_ν (independent draws), v is clamped to ξ'_ν, and Ξ takes one explicit step of Eq. 12 with
 * dt = 1. Returns the final memory matrix (the initial one is not modified).
 */
export function runSynapticDynamics(
  initial: PatternSet,
  observed: PatternSet,
  opts: SynapticRunOptions,
  rng: Rng,
): PatternSet {
  const { p: k, n } = initial;
  const { beta, tauXi, steps } = opts;
  if (observed.n !== n)
    throw new RangeError(`observed patterns must have N_v = ${n} entries (got ${observed.n})`);
  if (observed.p < 1) throw new RangeError('observed must hold at least one pattern');
  if (!(beta >= 0) || !Number.isFinite(beta))
    throw new RangeError(`beta must be a finite number ≥ 0 (got ${beta})`);
  if (!(tauXi >= 1) || !Number.isFinite(tauXi))
    throw new RangeError(`tauXi must be a finite number ≥ 1 (got ${tauXi})`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`steps must be an integer ≥ 0 (got ${steps})`);
  if (opts.bias && opts.bias.length !== k * n)
    throw new RangeError(`bias must have K·N_v = ${k * n} entries (got ${opts.bias.length})`);
  const probs = opts.probabilities ?? Array.from({ length: observed.p }, () => 1 / observed.p);
  const cdf = clampingCdf(probs, observed.p);
  const xi = Float64Array.from(initial.data);
  const w = new Float64Array(k);
  const rate = 1 / tauXi;
  for (let t = 1; t <= steps; t++) {
    const u = rng.uniform();
    let nu = 0;
    while (nu < observed.p - 1 && u >= cdf[nu]) nu++;
    const v = observed.data.subarray(nu * n, (nu + 1) * n);
    synapticStep(xi, k, n, v, beta, rate, opts.bias ?? null, xi, w);
    opts.onStep?.(t, xi, nu);
  }
  return { p: k, n, data: xi };
}

/** Cosine similarity a·b / (‖a‖‖b‖) of two vectors (paper 002 Eq. 36); 0 if either is zero. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

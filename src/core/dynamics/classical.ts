/**
 * Dynamics of the classical network with ±1 neurons (paper 004 sections 2.2–2.3 and Appendix B).
 *
 * - zero temperature, sequential: a fresh random order each sweep, σ_i ← sgn(φ_i) (paper 004 Eq. 9);
 * - zero temperature, parallel: σ ← sgn(Jσ + h) for all i at once (paper 004 Eq. 8); fixed points and
 *   2-cycles are detected;
 * - Glauber (heat bath): σ_k = +1 with probability (1 + tanh(βφ_k))/2 (paper 004 Eqs. 6–7, 14);
 * - Metropolis: flip σ_k with probability min(1, e^{−βΔE}), ΔE = 2σ_k(φ_k − J_kk σ_k) (Appendix B).
 *
 * Finite-temperature sweeps pick N sites uniformly at random (as in Appendix B). Convention for sgn(0): the
 * neuron keeps its current value. Local fields φ = Jσ + h are maintained incrementally: a flip of σ_k adds
 * 2σ_k·J[:,k] to φ, so a sweep costs O(N) plus O(N) per flip.
 */

import type { ClassicalNetwork } from '../models/classical.js';
import { localFields, transpose } from '../models/classical.js';
import { metropolisAccept } from '../numerics/metropolis.js';
import type { Rng } from '../rng/index.js';

/** The update rule and its temperature. */
export type ClassicalDynamics =
  | { readonly kind: 'sequential' }
  | { readonly kind: 'parallel' }
  | { readonly kind: 'glauber'; readonly temperature: number }
  | { readonly kind: 'metropolis'; readonly temperature: number };

export type ClassicalDynamicsKind = ClassicalDynamics['kind'];

export interface RunOptions {
  /** Sweep limit (one sweep = N single-site updates, or one parallel step). */
  readonly maxSweeps: number;
  /** If given, the overlap with this pattern is recorded after every sweep (and at sweep 0). */
  readonly target?: ArrayLike<number>;
  /** Record the energy after every sweep (and at sweep 0). */
  readonly traceEnergy?: boolean;
  /**
   * The local fields J σ0 + h at the initial state, when the caller has them (e.g. from `patternFields`);
   * otherwise they are computed. Used by the single-site rules (sequential, Glauber, Metropolis).
   */
  readonly initialFields?: ArrayLike<number>;
}

export interface RunResult {
  /** Final state (a new array; the initial state is not modified). */
  readonly state: Float64Array;
  /** Sweeps performed. */
  readonly sweeps: number;
  /** Zero temperature only: the state is a fixed point (no spin changed in the last sweep). */
  readonly converged: boolean;
  /** Parallel dynamics only: the state alternates between two configurations. */
  readonly cycle2: boolean;
  /** Overlap with `target` at sweeps 0..sweeps (empty without a target). */
  readonly overlapTrace: number[];
  /** Energy at sweeps 0..sweeps (empty unless traceEnergy). */
  readonly energyTrace: number[];
}

const transposes = new WeakMap<Float64Array, Float64Array>();

/** Columns of J as rows (J itself when symmetric). */
function columnsOf(net: ClassicalNetwork): Float64Array {
  if (net.symmetric) return net.couplings;
  let t = transposes.get(net.couplings);
  if (!t) {
    t = transpose(net.n, net.n, net.couplings);
    transposes.set(net.couplings, t);
  }
  return t;
}

/** The mutable state of a run: spins and their local fields kept consistent. */
export class SpinState {
  readonly sigma: Float64Array;
  readonly phi: Float64Array;
  private readonly cols: Float64Array;

  constructor(
    readonly net: ClassicalNetwork,
    sigma0: ArrayLike<number>,
    phi0?: ArrayLike<number>,
  ) {
    this.sigma = Float64Array.from(sigma0);
    if (phi0 && phi0.length !== net.n)
      throw new RangeError(`initial fields must have length N = ${net.n} (got ${phi0.length})`);
    this.phi = phi0 ? Float64Array.from(phi0) : localFields(net, this.sigma);
    this.cols = columnsOf(net);
  }

  /** Flip spin k and update all local fields. */
  flip(k: number): void {
    const n = this.net.n;
    const s = -this.sigma[k];
    this.sigma[k] = s;
    const c = this.cols;
    const o = k * n;
    const d = 2 * s;
    const phi = this.phi;
    for (let i = 0; i < n; i++) phi[i] += d * c[o + i];
  }

  /** Energy H = −½ σᵀJσ − hᵀσ from the maintained fields, O(N). */
  energy(): number {
    const { sigma, phi } = this;
    const h = this.net.field;
    let e = 0;
    for (let i = 0; i < sigma.length; i++) {
      const hi = h ? h[i] : 0;
      e -= 0.5 * sigma[i] * (phi[i] - hi) + hi * sigma[i];
    }
    return e;
  }

  /** Overlap (1/N) Σ ξ_i σ_i. */
  overlap(xi: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < this.sigma.length; i++) s += xi[i] * this.sigma[i];
    return s / this.sigma.length;
  }
}

/** One zero-temperature sequential sweep in a fresh random order; returns the number of flips. */
export function sequentialSweep(st: SpinState, rng: Rng, order?: Int32Array): number {
  const n = st.net.n;
  const ord = order ?? new Int32Array(n);
  for (let i = 0; i < n; i++) ord[i] = i;
  rng.shuffle(ord);
  let flips = 0;
  const { sigma, phi } = st;
  for (let t = 0; t < n; t++) {
    const i = ord[t];
    if (sigma[i] * phi[i] < 0) {
      st.flip(i);
      flips++;
    }
  }
  return flips;
}

/** One parallel step σ ← sgn(Jσ + h); returns the number of spins that changed. */
export function parallelStep(
  net: ClassicalNetwork,
  sigma: Float64Array,
  out: Float64Array,
  phi?: Float64Array,
): number {
  const f = localFields(net, sigma, phi);
  let changed = 0;
  for (let i = 0; i < net.n; i++) {
    const v = f[i] > 0 ? 1 : f[i] < 0 ? -1 : sigma[i];
    if (v !== sigma[i]) changed++;
    out[i] = v;
  }
  return changed;
}

/** One Glauber (heat-bath) sweep of N random-site updates at inverse temperature β; returns flips. */
export function glauberSweep(st: SpinState, rng: Rng, beta: number): number {
  const n = st.net.n;
  const { sigma, phi } = st;
  const jd = st.net.couplings;
  let flips = 0;
  for (let t = 0; t < n; t++) {
    const k = rng.int(n);
    // Field from the other spins: the self-coupling does not act on the neuron's own choice.
    const f = phi[k] - jd[k * n + k] * sigma[k];
    const pUp =
      beta === Number.POSITIVE_INFINITY ? (f > 0 ? 1 : f < 0 ? 0 : 0.5) : 0.5 * (1 + Math.tanh(beta * f));
    const v = rng.uniform() < pUp ? 1 : -1;
    if (v !== sigma[k]) {
      st.flip(k);
      flips++;
    }
  }
  return flips;
}

/** One Metropolis sweep of N random-site proposals at inverse temperature β; returns flips. */
export function metropolisSweep(st: SpinState, rng: Rng, beta: number): number {
  const n = st.net.n;
  const { sigma, phi } = st;
  const jd = st.net.couplings;
  let flips = 0;
  for (let t = 0; t < n; t++) {
    const k = rng.int(n);
    const dE = 2 * sigma[k] * (phi[k] - jd[k * n + k] * sigma[k]);
    if (dE <= 0 || metropolisAccept(rng.uniform(), -beta * dE)) {
      st.flip(k);
      flips++;
    }
  }
  return flips;
}

/** Validate a dynamics config at the public edge. */
export function checkDynamics(d: ClassicalDynamics): void {
  if (
    (d.kind === 'glauber' || d.kind === 'metropolis') &&
    !(d.temperature >= 0 && Number.isFinite(d.temperature))
  ) {
    throw new RangeError(`temperature must be a finite number ≥ 0 (got ${d.temperature})`);
  }
}

/**
 * Run the dynamics from σ0 (not modified). Zero-temperature rules stop at a fixed point (or a 2-cycle for
 * parallel updates) or at maxSweeps; finite-temperature rules run exactly maxSweeps sweeps.
 */
export function runDynamics(
  net: ClassicalNetwork,
  sigma0: ArrayLike<number>,
  dynamics: ClassicalDynamics,
  rng: Rng,
  options: RunOptions,
): RunResult {
  checkDynamics(dynamics);
  const { maxSweeps } = options;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 0)
    throw new RangeError(`maxSweeps must be an integer ≥ 0 (got ${maxSweeps})`);
  if (sigma0.length !== net.n)
    throw new RangeError(`initial state must have length N = ${net.n} (got ${sigma0.length})`);
  if (dynamics.kind === 'parallel') return runParallel(net, sigma0, options);
  return runSingleSite(net, sigma0, dynamics, rng, options);
}

/** Synchronous updates from σ0 until a fixed point, a 2-cycle or maxSweeps (validated by `runDynamics`). */
function runParallel(net: ClassicalNetwork, sigma0: ArrayLike<number>, options: RunOptions): RunResult {
  const { maxSweeps, target, traceEnergy = false } = options;
  const overlapTrace: number[] = [];
  const energyTrace: number[] = [];
  let prev = Float64Array.from(sigma0);
  let cur = Float64Array.from(sigma0);
  let next = new Float64Array(net.n);
  const phi = new Float64Array(net.n);
  const record = (s: Float64Array) => {
    if (target) {
      let o = 0;
      for (let i = 0; i < net.n; i++) o += target[i] * s[i];
      overlapTrace.push(o / net.n);
    }
    if (traceEnergy) {
      localFields(net, s, phi);
      let e = 0;
      for (let i = 0; i < net.n; i++) {
        const hi = net.field ? net.field[i] : 0;
        e -= 0.5 * s[i] * (phi[i] - hi) + hi * s[i];
      }
      energyTrace.push(e);
    }
  };
  record(cur);
  let sweeps = 0;
  let converged = false;
  let cycle2 = false;
  while (sweeps < maxSweeps) {
    const changed = parallelStep(net, cur, next, phi);
    sweeps++;
    record(next);
    if (changed === 0) {
      converged = true;
      break;
    }
    if (sweeps >= 2 && equalStates(next, prev)) {
      cycle2 = true;
      [prev, cur, next] = [cur, next, prev];
      break;
    }
    [prev, cur, next] = [cur, next, prev];
  }
  return { state: converged ? next : cur, sweeps, converged, cycle2, overlapTrace, energyTrace };
}

/** Sequential, Glauber or Metropolis single-site sweeps from σ0 (validated by `runDynamics`). */
function runSingleSite(
  net: ClassicalNetwork,
  sigma0: ArrayLike<number>,
  dynamics: Exclude<ClassicalDynamics, { kind: 'parallel' }>,
  rng: Rng,
  options: RunOptions,
): RunResult {
  const { maxSweeps, target, traceEnergy = false } = options;
  const overlapTrace: number[] = [];
  const energyTrace: number[] = [];
  const st = new SpinState(net, sigma0, options.initialFields);
  const record = () => {
    if (target) overlapTrace.push(st.overlap(target));
    if (traceEnergy) energyTrace.push(st.energy());
  };
  record();
  let sweeps = 0;
  let converged = false;
  switch (dynamics.kind) {
    case 'sequential': {
      const order = new Int32Array(net.n);
      while (sweeps < maxSweeps) {
        const flips = sequentialSweep(st, rng, order);
        sweeps++;
        record();
        if (flips === 0) {
          converged = true;
          break;
        }
      }
      break;
    }
    case 'glauber':
    case 'metropolis': {
      const beta = dynamics.temperature === 0 ? Number.POSITIVE_INFINITY : 1 / dynamics.temperature;
      const sweep = dynamics.kind === 'glauber' ? glauberSweep : metropolisSweep;
      while (sweeps < maxSweeps) {
        sweep(st, rng, beta);
        sweeps++;
        record();
      }
      break;
    }
    default: {
      const never: never = dynamics;
      throw new TypeError(`unknown dynamics ${JSON.stringify(never)}`);
    }
  }
  return { state: st.sigma, sweeps, converged, cycle2: false, overlapTrace, energyTrace };
}

function equalStates(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Theory of the classical Hopfield network with Hebbian couplings (paper 004 sections 3–4 and Appendix A):
 * the Curie–Weiss self-consistency, the signal-to-noise capacity, and the replica-symmetric solution of
 * Amit–Gutfreund–Sompolinsky (AGS) at load α = P/N and temperature T = 1/β.
 *
 * Conventions. The RS order parameters are the Mattis overlap m, the Edwards–Anderson overlap q and the noise
 * variance r of the non-condensed overlaps, with the saddle-point equations (paper 004 Theorem 8 and Eq. 44):
 *   m = ∫Dz tanh β(m + √(αr) z),  q = ∫Dz tanh² β(m + √(αr) z),  r = q / (1 − β(1 − q))².
 * Paper 004 writes r̄ = β r (so that its field is βm + J√(βαr̄)); we keep AGS's r, which stays finite as T → 0.
 * The free energy per neuron whose stationary points are these equations is
 *   f = α/2 + m²/2 + (α/2β)[log(1 − β(1 − q)) − βq/(1 − β(1 − q))] + (αβ/2) r (1 − q)
 *       − (1/β) ∫Dz log 2cosh β(m + √(αr) z)
 * (paper 004 Eq. 43 up to its garbled constants; the stationarity in m, q, r is checked in the tests).
 */

import type { Bounds } from '../validate.js';
import {
  erf,
  findRoot,
  gaussianExpectation,
  gaussianNodes,
  maximizeUnimodal,
  normalCdf,
} from './numerics.js';

/** Temperatures T = 1/β of the Curie–Weiss calculator (T = 0 is the β → ∞ limit). */
export const CURIE_WEISS_TEMPERATURE: Bounds = { min: 0, max: 1e6 };
/** External field h and coupling J of the Curie–Weiss model. */
export const CURIE_WEISS_FIELD: Bounds = { min: -1e6, max: 1e6 };
/** Loads α = P/N of the signal-to-noise estimate. */
export const SIGNAL_TO_NOISE_LOAD: Bounds = { min: 0, minExclusive: true, max: 1e3 };
/** Network sizes N of the signal-to-noise capacity N/(2 ln N). */
export const SIGNAL_TO_NOISE_NEURONS: Bounds = { integer: true, min: 2, max: 1e9 };
/** Loads α = P/N of the AGS solvers. */
export const AGS_LOAD: Bounds = { min: 0, minExclusive: true, max: 100 };
/** Temperatures T of the AGS solvers. */
export const AGS_TEMPERATURE: Bounds = { min: 0, max: 100 };
/** Points of a traced AGS line or m(α) curve (each costs one or more saddle-point solves). */
export const AGS_POINTS: Bounds = { integer: true, min: 2, max: 1000 };

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

function checkAlpha(alpha: number): void {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || !(alpha > 0))
    throw new RangeError(`alpha must be a finite number > 0 (got ${alpha})`);
}

function checkTemperature(t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || !(t >= 0))
    throw new RangeError(`temperature must be a finite number ≥ 0 (got ${t})`);
}

/**
 * Below this temperature the finite-T equations cannot be resolved in double precision (1 − q ≈ CT and
 * 1 − β(1 − q) lose their digits: α_c(1e-12) would be off by 4e-4, and T = 1e-300 gives NaN); the AGS solvers
 * use the T → 0 limit there instead, which differs from the finite-T solution by O(T) ≲ 1e-8.
 */
export const ZERO_TEMPERATURE_LIMIT = 1e-7;

/** The temperature the AGS solvers work at: T, or 0 below {@link ZERO_TEMPERATURE_LIMIT}. */
function solverTemperature(t: number): number {
  return t < ZERO_TEMPERATURE_LIMIT ? 0 : t;
}

// ---------------------------------------------------------------------------------------------------------
// Curie–Weiss and signal-to-noise
// ---------------------------------------------------------------------------------------------------------

/** Parameters of the Curie–Weiss model H = −(J/N) Σ_{i<j} σ_iσ_j − h Σ_i σ_i (paper 004 section 3.1). */
export interface CurieWeissParams {
  /** Inverse temperature β ≥ 0 (Infinity for T = 0). */
  readonly beta: number;
  /** Coupling J (default 1). */
  readonly coupling?: number;
  /** External field h (default 0). */
  readonly field?: number;
}

/**
 * Equilibrium magnetization of the Curie–Weiss model: the root of m = tanh(β(Jm + h)) that minimizes
 * f(m) = Jm²/2 − (1/β) log 2cosh(β(Jm + h)) (paper 004 Eq. 27); for h = 0 the non-negative branch.
 */
export function curieWeissMagnetization(params: CurieWeissParams): number {
  const { beta } = params;
  const J = params.coupling ?? 1;
  const h = params.field ?? 0;
  if (typeof beta !== 'number' || Number.isNaN(beta) || !(beta >= 0))
    throw new RangeError(`beta must be a number ≥ 0 or Infinity (got ${beta})`);
  if (!Number.isFinite(J)) throw new RangeError(`coupling must be a finite number (got ${J})`);
  if (!Number.isFinite(h)) throw new RangeError(`field must be a finite number (got ${h})`);
  if (beta === 0) return 0;
  const sgn = h < 0 ? -1 : 1;
  const hh = Math.abs(h);
  if (beta === Number.POSITIVE_INFINITY) {
    // T = 0: m = sign(Jm + h); with J > 0 the ordered state m = 1 (aligned with h) has the lower energy.
    if (J > 0 || hh > 0) return J + hh > 0 ? sgn : 0;
    return 0;
  }
  if (hh === 0) {
    // Zero field: m = 0 unless βJ > 1; then the positive root of tanh(βJm)/m = 1, which starts at βJ − 1 > 0.
    if (!(beta * J > 1)) return 0;
    return findRoot((m) => Math.tanh(beta * J * m) / m - 1, 1e-300, 1);
  }
  // With h > 0 (by symmetry) the equilibrium root is the largest one; g(m) = tanh(β(Jm + h)) − m, g(0) > 0.
  const g = (m: number) => Math.tanh(beta * (J * m + hh)) - m;
  if (g(1) === 0) return sgn;
  // Scan down from m = 1 for the first sign change (roots lie in [−1, 1]).
  let hi = 1;
  for (let k = 1; k <= 2000; k++) {
    const lo = 1 - k / 1000;
    if (g(lo) >= 0) {
      const root = g(lo) === 0 ? lo : findRoot(g, lo, hi);
      return sgn * (Math.abs(root) < 1e-12 ? 0 : root);
    }
    hi = lo;
  }
  return 0;
}

/**
 * Probability that one spin of a stored pattern is stable under the signal-to-noise argument:
 * P[1 + R > 0] with R ~ N(0, α), i.e. Φ(1/√α) = ½[1 + erf(1/√(2α))] (paper 004 section 4.2; the printed
 * erf(1/(2α)) is a conversion slip for erf(1/√(2α))).
 */
export function signalToNoiseStability(alpha: number): number {
  checkAlpha(alpha);
  return normalCdf(1 / Math.sqrt(alpha));
}

/** Probability that all N spins of one pattern are stable, Φ(1/√α)^N (paper 004 section 4.2). */
export function patternStabilityProbability(alpha: number, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  return Math.exp(n * Math.log(signalToNoiseStability(alpha)));
}

/**
 * Signal-to-noise capacity P_c = N/(2 ln N) for one pattern to be stable, or N/(4 ln N) for all of them
 * (paper 004 Eq. 35).
 */
export function signalToNoiseCapacity(n: number, which: 'one' | 'all' = 'one'): number {
  if (!Number.isFinite(n) || !(n > 1)) throw new RangeError(`n must be a finite number > 1 (got ${n})`);
  switch (which) {
    case 'one':
      return n / (2 * Math.log(n));
    case 'all':
      return n / (4 * Math.log(n));
    default:
      throw new TypeError(`which must be 'one' or 'all' (got ${JSON.stringify(which)})`);
  }
}

/** Spin-glass transition T_g(α) = 1 + √α (paper 004 Eq. 45). */
export function glassTemperature(alpha: number): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || !(alpha >= 0))
    throw new RangeError(`alpha must be a finite number ≥ 0 (got ${alpha})`);
  return 1 + Math.sqrt(alpha);
}

// ---------------------------------------------------------------------------------------------------------
// AGS replica-symmetric solution
// ---------------------------------------------------------------------------------------------------------

/** An RS saddle point (m, q, r) with its free energy per neuron (energy per neuron at T = 0). */
export interface AgsSolution {
  readonly m: number;
  readonly q: number;
  readonly r: number;
  /** f(m, q, r); at T = 0 the ground-state energy per neuron. */
  readonly freeEnergy: number;
}

/** ⟨tanh β(m + σz)⟩ and ⟨tanh² β(m + σz)⟩ over z ~ N(0, 1), β < ∞. */
function tanhMoments(beta: number, m: number, sigma: number): { t1: number; t2: number } {
  if (sigma === 0) {
    const t = Math.tanh(beta * m);
    return { t1: t, t2: t * t };
  }
  const { z, w } = gaussianNodes({ breakpoints: [-m / sigma], scale: 1 / (beta * sigma) });
  let t1 = 0;
  let t2 = 0;
  for (let k = 0; k < z.length; k++) {
    const t = Math.tanh(beta * (m + sigma * z[k]));
    t1 += w[k] * t;
    t2 += w[k] * t * t;
  }
  return { t1, t2 };
}

/** (1/β) ⟨log 2cosh β(m + σz)⟩ = ⟨|m + σz|⟩ + (1/β)⟨log(1 + e^{−2β|m + σz|})⟩. */
function logCoshAverage(beta: number, m: number, sigma: number): number {
  const lc = (x: number) => {
    const a = Math.abs(x);
    return a + Math.log1p(Math.exp(-2 * beta * a)) / beta;
  };
  if (sigma === 0) return lc(m);
  return gaussianExpectation((z) => lc(m + sigma * z), {
    breakpoints: [-m / sigma],
    scale: 1 / (beta * sigma),
  });
}

/**
 * RS free energy per neuron f(m, q, r) at load α and temperature T (AGS; paper 004 Eq. 43, see the module
 * comment); at T = 0 the limit with C = β(1 − q) held finite:
 * E = α/2 + m²/2 − α/(2(1 − C)) + αrC/2 − ⟨|m + √(αr) z|⟩.
 */
export function agsFreeEnergy(
  alpha: number,
  temperature: number,
  m: number,
  q: number,
  r: number,
  c?: number,
): number {
  checkAlpha(alpha);
  checkTemperature(temperature);
  const sigma = Math.sqrt(alpha * r);
  if (temperature === 0) {
    if (c === undefined) throw new RangeError('agsFreeEnergy at T = 0 needs C = lim β(1 − q)');
    const absAvg =
      sigma === 0
        ? Math.abs(m)
        : m * erf(m / (sigma * Math.SQRT2)) +
          sigma * SQRT_2_OVER_PI * Math.exp((-m * m) / (2 * sigma * sigma));
    return alpha / 2 + (m * m) / 2 - alpha / (2 * (1 - c)) + (alpha * r * c) / 2 - absAvg;
  }
  const beta = 1 / temperature;
  const d = 1 - beta * (1 - q);
  return (
    alpha / 2 +
    (m * m) / 2 +
    (alpha / (2 * beta)) * (Math.log(d) - (beta * q) / d) +
    ((alpha * beta) / 2) * r * (1 - q) -
    logCoshAverage(beta, m, sigma)
  );
}

/** A point of the retrieval branch at temperature T, parametrized by m (finite T) or y = m/√(2αr) (T = 0). */
interface BranchPoint {
  readonly alpha: number;
  readonly m: number;
  readonly q: number;
  readonly r: number;
  /** β(1 − q) (the T = 0 limit C). */
  readonly c: number;
}

/**
 * T = 0 retrieval branch in y = m/√(2αr): m = erf(y), C = (2/√π) y e^{−y²}/m, r = 1/(1 − C)², and
 * √(2α) = erf(y)/y − (2/√π) e^{−y²} (AGS, T → 0 of paper 004 Eq. 44).
 */
function zeroTemperaturePoint(y: number): BranchPoint {
  const m = erf(y);
  const g = m / y - TWO_OVER_SQRT_PI * Math.exp(-y * y);
  const alpha = 0.5 * g * g;
  const c = (TWO_OVER_SQRT_PI * y * Math.exp(-y * y)) / m;
  const r = 1 / ((1 - c) * (1 - c));
  return { alpha, m, q: 1, r, c };
}

/**
 * Finite-T retrieval branch at fixed m: σ = √(αr) solves m = ⟨tanh β(m + σz)⟩ (decreasing in σ), then
 * q = ⟨tanh²⟩ and α = σ²(1 − β(1 − q))²/q. Returns null when no σ fits or 1 − β(1 − q) ≤ 0.
 */
function finiteTemperaturePoint(beta: number, m: number): BranchPoint | null {
  if (!(m > 0 && m < Math.tanh(beta * m))) return null;
  const f = (s: number) => tanhMoments(beta, m, s).t1 - m;
  let hi = 1;
  while (f(hi) > 0) {
    hi *= 2;
    if (hi > 1e6) return null;
  }
  const sigma = findRoot(f, 0, hi, { xtol: 1e-12 * hi });
  const { t2: q } = tanhMoments(beta, m, sigma);
  const d = 1 - beta * (1 - q);
  if (!(d > 0) || !(q > 0)) return null;
  const alpha = (sigma * sigma * d * d) / q;
  return { alpha, m, q, r: (sigma * sigma) / alpha, c: beta * (1 - q) };
}

/** The peak of the retrieval branch (the critical load) and a parametrization of the stable part. */
interface Branch {
  readonly peak: BranchPoint;
  /** Parameter at the peak and at the α = 0 end of the stable part. */
  readonly uPeak: number;
  readonly uEnd: number;
  readonly point: (u: number) => BranchPoint | null;
}

function retrievalBranch(temperature: number): Branch | null {
  if (temperature === 0) {
    const point = (y: number) => zeroTemperaturePoint(y);
    const best = maximizeUnimodal((y) => zeroTemperaturePoint(y).alpha, 0.5, 3, 1e-12);
    return { peak: zeroTemperaturePoint(best.x), uPeak: best.x, uEnd: 7, point };
  }
  if (temperature >= 1) return null;
  const beta = 1 / temperature;
  const mcw = curieWeissMagnetization({ beta });
  if (!(mcw > 0)) return null;
  const point = (m: number) => finiteTemperaturePoint(beta, m);
  const alphaOf = (m: number) => point(m)?.alpha ?? -1;
  const best = maximizeUnimodal(alphaOf, 1e-6 * mcw, mcw * (1 - 1e-12), 1e-8);
  const peak = point(best.x);
  if (peak === null || !(peak.alpha > 0)) return null;
  return { peak, uPeak: best.x, uEnd: mcw, point };
}

/**
 * Critical load α_c(T) of the RS retrieval solution and the overlap m there (paper 004 Appendix A):
 * α_c(0) ≈ 0.138 with m ≈ 0.967 (T = 0 from √(2α) = max_y [erf(y)/y − (2/√π)e^{−y²}]); 0 for T ≥ 1.
 */
export function agsCriticalLoad(temperature = 0): { alphaC: number; mAtAlphaC: number } {
  checkTemperature(temperature);
  const b = retrievalBranch(solverTemperature(temperature));
  if (b === null) return { alphaC: 0, mAtAlphaC: 0 };
  return { alphaC: b.peak.alpha, mAtAlphaC: b.peak.m };
}

/**
 * The stable RS retrieval solution (m > 0, largest m) at load α and temperature T, or null when none exists
 * (α > α_c(T) or T ≥ T_M(α)); paper 004 Theorem 8 / Eq. 44 solved along the branch.
 */
export function agsRetrieval(alpha: number, temperature: number): AgsSolution | null {
  checkAlpha(alpha);
  checkTemperature(temperature);
  const t = solverTemperature(temperature);
  const b = retrievalBranch(t);
  if (b === null || alpha > b.peak.alpha) return null;
  // Along the stable part α decreases from α_c at uPeak to 0 at uEnd.
  const g = (u: number) => (b.point(u)?.alpha ?? 0) - alpha;
  let uEnd = b.uEnd;
  if (t === 0) {
    while (g(uEnd) > 0) uEnd *= 1.5;
  }
  const u = alpha === b.peak.alpha ? b.uPeak : findRoot(g, b.uPeak, uEnd, { xtol: 1e-14 });
  const p = b.point(u);
  if (p === null) return null;
  return { m: p.m, q: p.q, r: p.r, freeEnergy: agsFreeEnergy(alpha, t, p.m, p.q, p.r, p.c) };
}

/**
 * The m = 0 RS solution at load α and temperature T: the spin-glass state (q > 0) for T < T_g(α) = 1 + √α,
 * the paramagnet (q = r = 0) above. At T = 0: q = 1, C = √(2/π)/(√α + √(2/π)), r = 1/(1 − C)² and the energy
 * −√(2α/π) − 1/π.
 */
export function agsSpinGlass(alpha: number, temperature: number): AgsSolution {
  checkAlpha(alpha);
  checkTemperature(temperature);
  const t = solverTemperature(temperature);
  if (t === 0) {
    // With 1 − C = √α/(√α + √(2/π)) the energy α/2 − α/(2(1 − C)) + αrC/2 − √(2/π)·√(αr) simplifies to
    // −√(2α/π) − 1/π, free of the cancellation in 1 − C when α is tiny.
    const sa = Math.sqrt(alpha);
    const oneMinusC = sa / (sa + SQRT_2_OVER_PI);
    const r = 1 / (oneMinusC * oneMinusC);
    return { m: 0, q: 1, r, freeEnergy: -SQRT_2_OVER_PI * sa - 1 / Math.PI };
  }
  const beta = 1 / t;
  if (t >= glassTemperature(alpha)) {
    // Paramagnet: f = α/2 + (α/2β) log(1 − β) − (1/β) log 2 (needs β < 1, true above T_g).
    return {
      m: 0,
      q: 0,
      r: 0,
      freeEnergy: alpha / 2 + (alpha / (2 * beta)) * Math.log(1 - beta) - Math.LN2 / beta,
    };
  }
  const qMin = Math.max(0, 1 - t);
  const sigmaOf = (q: number) => Math.sqrt(alpha * q) / (1 - beta * (1 - q));
  const h = (q: number) => {
    const s = sigmaOf(q);
    return (
      gaussianExpectation(
        (z) => {
          const th = Math.tanh(beta * s * z);
          return th * th;
        },
        { breakpoints: [0], scale: 1 / (beta * s) },
      ) - q
    );
  };
  // h > 0 just above qMin (σ → ∞ or, for 1 < T < T_g, the linear instability of q = 0) and h < 0 at q = 1,
  // unless 1 − q ≈ √(2/π)/(βσ) is below the resolution of q (α ≳ 1e28).
  const qMax = 1 - 1e-15;
  if (!(h(qMax) < 0))
    throw new RangeError(
      `agsSpinGlass: 1 − q is below double precision at alpha = ${alpha}, temperature = ${temperature}; ` +
        'use a smaller alpha',
    );
  let lo = qMin + 1e-9 * (1 - qMin);
  while (!(h(lo) > 0) && lo > qMin) lo = qMin + (lo - qMin) / 8;
  const q = findRoot(h, lo, qMax, { xtol: 1e-14 });
  const s = sigmaOf(q);
  const r = (s * s) / alpha;
  return { m: 0, q, r, freeEnergy: agsFreeEnergy(alpha, t, 0, q, r) };
}

/** Which RS state is the equilibrium at (α, T). */
export type AgsPhase = 'retrieval' | 'metastable-retrieval' | 'spin-glass' | 'paramagnetic';

/** The RS picture at one (α, T): the retrieval solution (m = 0 if none) beside the m = 0 state. */
export interface AgsPoint {
  readonly alpha: number;
  readonly temperature: number;
  /** Retrieval overlap m (0 when no retrieval solution exists). */
  readonly m: number;
  /** q and r of the retrieval solution, or of the m = 0 state when there is none. */
  readonly q: number;
  readonly r: number;
  readonly phase: AgsPhase;
  readonly freeEnergyRetrieval: number | null;
  readonly freeEnergyGlass: number;
}

/**
 * Solve the AGS RS equations at (α, T) and classify the phase: retrieval (global minimum, T < T_c),
 * metastable retrieval (T_c < T < T_M), spin glass (T < T_g) or paramagnet (paper 004 section 4.4, Fig. 6).
 */
export function agsSolve(alpha: number, temperature: number): AgsPoint {
  const ret = agsRetrieval(alpha, temperature);
  const sg = agsSpinGlass(alpha, temperature);
  if (ret !== null) {
    return {
      alpha,
      temperature,
      m: ret.m,
      q: ret.q,
      r: ret.r,
      phase: ret.freeEnergy < sg.freeEnergy ? 'retrieval' : 'metastable-retrieval',
      freeEnergyRetrieval: ret.freeEnergy,
      freeEnergyGlass: sg.freeEnergy,
    };
  }
  return {
    alpha,
    temperature,
    m: 0,
    q: sg.q,
    r: sg.r,
    phase: sg.q > 0 ? 'spin-glass' : 'paramagnetic',
    freeEnergyRetrieval: null,
    freeEnergyGlass: sg.freeEnergy,
  };
}

/**
 * Retrieval boundary T_M(α): the highest temperature with an RS retrieval solution, i.e. the T where
 * α_c(T) = α (paper 004 Fig. 6). Returns 0 when α exceeds α_c at every temperature (α ≳ 0.138).
 */
export function retrievalTemperature(alpha: number): number {
  checkAlpha(alpha);
  const g = (t: number) => agsCriticalLoad(t).alphaC - alpha;
  // α_c(T) decreases to 0 at T = 1 except for the slight RS reentrance at low T: scan down from T = 1.
  const grid = [1, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 0.02, 0.01, 0];
  for (let k = 1; k < grid.length; k++) {
    const lo = grid[k];
    const glo = g(lo);
    if (glo >= 0) return glo === 0 ? lo : findRoot(g, lo, grid[k - 1], { xtol: 1e-9 });
  }
  return 0;
}

/** The two loads bounding the retrieval phase at temperature T (the T_M and T_c lines read along α). */
export interface AgsRetrievalLoads {
  readonly temperature: number;
  /** α_c(T): retrieval states exist for α < alphaM (the T_M(α) line). */
  readonly alphaM: number;
  /** Retrieval states are global minima for α < alphaGlobal (the T_c(α) line); 0 when never. */
  readonly alphaGlobal: number;
}

/**
 * Loads where the RS retrieval solution disappears (α_c(T), line T_M) and where its free energy crosses the
 * spin-glass one (line T_c), compared through paper 004 Eq. 43; ≈ 0.138 and ≈ 0.051 at T = 0.
 */
export function agsRetrievalLoads(temperature: number): AgsRetrievalLoads {
  checkTemperature(temperature);
  const t = solverTemperature(temperature);
  const b = retrievalBranch(t);
  if (b === null) return { temperature, alphaM: 0, alphaGlobal: 0 };
  const df = (u: number) => {
    const p = b.point(u);
    if (p === null) return Number.NaN;
    const fr = agsFreeEnergy(p.alpha, t, p.m, p.q, p.r, p.c);
    return fr - agsSpinGlass(p.alpha, t).freeEnergy;
  };
  const atPeak = df(b.uPeak);
  if (atPeak < 0) return { temperature, alphaM: b.peak.alpha, alphaGlobal: b.peak.alpha };
  // Walk from the peak towards α → 0 until retrieval wins, then refine.
  let uLo = b.uPeak;
  const steps = 48;
  for (let k = 1; k <= steps; k++) {
    const u = k === steps ? b.uEnd - 1e-9 * (b.uEnd - b.uPeak) : b.uPeak + ((b.uEnd - b.uPeak) * k) / steps;
    const v = df(u);
    if (v < 0) {
      const uRoot = findRoot(df, uLo, u, { xtol: 1e-12 * Math.max(1, Math.abs(u)) });
      const p = b.point(uRoot);
      return { temperature, alphaM: b.peak.alpha, alphaGlobal: p === null ? 0 : p.alpha };
    }
    uLo = u;
  }
  return { temperature, alphaM: b.peak.alpha, alphaGlobal: 0 };
}

/**
 * Thermodynamic transition T_c(α): below it the retrieval states are global minima, f_retrieval < f_glass
 * (paper 004 Eq. 43 compared between the two RS solutions). Returns null where retrieval is never the global
 * minimum (α ≳ 0.053; 0.0519 at T = 0).
 */
export function globalRetrievalTemperature(alpha: number): number | null {
  checkAlpha(alpha);
  const g = (t: number) => agsRetrievalLoads(t).alphaGlobal - alpha;
  // Like T_M, the RS line is slightly reentrant at low T: scan down from T = 1.
  const grid = [1, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 0.02, 0];
  for (let k = 1; k < grid.length; k++) {
    const glo = g(grid[k]);
    if (glo >= 0) return glo === 0 ? grid[k] : findRoot(g, grid[k], grid[k - 1], { xtol: 1e-9 });
  }
  return null;
}

/** One point of the stable RS retrieval branch. */
export interface AgsCurvePoint {
  readonly alpha: number;
  readonly m: number;
  readonly q: number;
  readonly r: number;
}

/**
 * The stable RS retrieval overlap m(α) at temperature T for α from ≈ 0 up to α_c(T), as `points` points
 * (denser near α_c; the last one is the critical point). Empty for T ≥ 1.
 * At T = 0 this is AGS's m(α), ending at α_c ≈ 0.138, m ≈ 0.967 (paper 004 Appendix A).
 */
export function agsRetrievalCurve(temperature: number, points = 40): AgsCurvePoint[] {
  checkTemperature(temperature);
  if (!Number.isInteger(points) || points < 2)
    throw new RangeError(`points must be an integer ≥ 2 (got ${points})`);
  const t = solverTemperature(temperature);
  const b = retrievalBranch(t);
  if (b === null) return [];
  const out: AgsCurvePoint[] = [];
  const alphaC = b.peak.alpha;
  let uEnd = t === 0 ? 8 : b.uEnd - 1e-12 * (b.uEnd - b.uPeak);
  const alphaAt = (u: number) => b.point(u)?.alpha ?? 0;
  // Points from ≈ 2α_c/points to α_c, denser near α_c where m(α) drops (α_k = α_c(1 − (1 − k/points)²)), each
  // solved on the stable side of the peak.
  for (let k = 1; k <= points; k++) {
    const f = 1 - k / points;
    const target = alphaC * (1 - f * f);
    let u = b.uPeak;
    if (k < points) {
      if (t === 0) while (alphaAt(uEnd) > target) uEnd *= 1.5;
      u = findRoot((v) => alphaAt(v) - target, b.uPeak, uEnd, { xtol: 1e-12 * Math.max(1, uEnd) });
    }
    const p = b.point(u);
    if (p !== null) out.push({ alpha: p.alpha, m: p.m, q: p.q, r: p.r });
  }
  return out;
}

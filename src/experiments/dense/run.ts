/**
 * Experiments on dense associative memories following the numerical protocol of paper 001 Appendix F:
 * gradient descent (η = 0.5) on the log-sum-exp energy of Eq. (1) with P = e^{αN} patterns.
 *
 * - end distance Δ = ‖x_∞ − ξ¹‖²/N from x₀ = ξ¹ against λ (Appendix F.1, Figs. 8–9);
 * - the finite-N crossover λ and its quadratic extrapolation in 1/N (Fig. 10; paper 003 Fig. 1 bottom);
 * - basins: Δ against the starting angle and the critical angle by bisection (Appendix F.2, Fig. 11);
 * - the scaled dot-product regime λ = λ̃/N^a, P = e^{α̃N^{1−a}} (Appendix F.3, Fig. 12);
 * - the capacity of binary dense memories with polynomial F (Krotov–Hopfield, N^{n−1}) or exponential F.
 */
import {
  DENSE_ITERATIONS,
  DENSE_STEP,
  DENSE_TOLERANCE,
  type DenseDynamics,
  denseWorkspace,
  normalizedDistance,
  runDense,
} from '../../core/dynamics/dense.js';
import {
  checkDenseMemory,
  DENSE_LAMBDA,
  DENSE_LOAD,
  DENSE_NEURONS,
  DENSE_PATTERN_ENSEMBLES,
  DENSE_PATTERNS,
  type DensePatternEnsemble,
  type DensePatterns,
  densePattern,
  formatBytes,
  patternCount,
  releaseDensePatterns,
  SCALE_EXPONENT,
  SCALED_LOAD,
  sampleDensePatterns,
  scaledLambda,
  scaledPatternCount,
} from '../../core/models/dense.js';
import {
  BINARY_DEGREE,
  BINARY_NEURONS,
  type BinaryDenseF,
  binaryCapacityTheory,
  checkBinaryDenseF,
  stabilityMargins,
} from '../../core/models/denseBinary.js';
import { polyFit } from '../../core/numerics/polyfit.js';
import { rademacher } from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import {
  criticalCosine,
  nearestPatternOverlap,
  retrievalLambda,
  scaledDotProductThreshold,
} from '../../core/theory/dense.js';
import { type Bounds, ParamError } from '../../core/validate.js';
import { type ConfigOf, choice, int, maxMemory, num, numList, type ParamSpecs, trials } from '../params.js';
import { type Defaulted, type ExperimentHooks, meanStd, progressCounter } from '../types.js';

// ---------------------------------------------------------------------------------------------------------------
// Parameters: each entry's specs, from which its run's config is derived

const GIB = 1024 ** 3;
/** Default memory limit of the dense experiments (GiB), as in core/models/dense.ts. */
const DENSE_MAX_MEMORY_GIB = 2;
const COUNT: Bounds = { integer: true, min: 1, max: 1_000_000 };
/** Bisection precision: brackets on λ ≤ 50 or cos θ ≤ 1 narrower than 1e-10 are lost in double rounding. */
const UNIT_TOLERANCE: Bounds = { min: 0, minExclusive: true, max: 1 };
const BISECTION_FLOOR = {
  min: 1e-10,
  reason: 'narrower brackets cannot be resolved in double precision at the scale of the bisected value',
};
const DEFAULT_ETA = 0.5;
const DEFAULT_MAX_ITERATIONS = 1000;
const DEFAULT_TOLERANCE = 1e-7;
const DEFAULT_LAMBDA_TOLERANCE = 0.001;
const DEFAULT_COS_TOLERANCE = 0.005;
const DEFAULT_TESTED = 20;

const ensemble = (def: DensePatternEnsemble = 'spherical') =>
  choice(DENSE_PATTERN_ENSEMBLES as readonly ['spherical', 'gaussian', 'binary'], {
    help: 'pattern ensemble',
    default: def,
  });

const dimensions = (def: readonly number[], help = 'dimensions N: list "40,60" or range "40:80:20"') =>
  numList({ help, bounds: DENSE_NEURONS, integer: true, default: def });

const lambdas = (def: readonly number[], help = 'interaction strengths λ > 0: list or range') =>
  numList({ help, bounds: DENSE_LAMBDA, default: def });

/** Gradient-descent settings shared by every dense experiment but capacity-binary. */
export const denseRunParams = {
  eta: num({
    help: 'gradient-descent step η in (0, 1]; 1 is the softmax update of Eq. (2)',
    bounds: DENSE_STEP,
    default: DEFAULT_ETA,
  }),
  maxIterations: int({
    help: 'iteration limit per run',
    bounds: DENSE_ITERATIONS,
    default: DEFAULT_MAX_ITERATIONS,
  }),
  tolerance: num({
    help: 'stop when ‖x_{t+1} − x_t‖/√N is below this',
    bounds: DENSE_TOLERANCE,
    default: DEFAULT_TOLERANCE,
  }),
  maxMemory: maxMemory(DENSE_MAX_MEMORY_GIB),
};

/** The parameters of `dense end-distance`. */
export const endDistanceParams = {
  ensemble: ensemble(),
  n: dimensions([40, 60, 80]),
  alpha: num({ help: 'load α: P = round(e^{αN}) patterns', bounds: DENSE_LOAD, default: 0.1 }),
  p: int({
    help: 'an exact number of patterns P instead of --alpha',
    bounds: DENSE_PATTERNS,
    optional: true,
  }),
  lambda: lambdas(Array.from({ length: 20 }, (_, k) => Number((0.02 * (k + 1)).toPrecision(12)))),
  trials: trials(10),
  ...denseRunParams,
};

/** The parameters of `dense crossover`. */
export const crossoverParams = {
  ensemble: ensemble(),
  n: dimensions([40, 60, 80], 'dimensions N (three or more for the quadratic fit)'),
  alpha: numList({ help: 'loads α: list or range', bounds: DENSE_LOAD, default: [0.1] }),
  samples: int({ help: 'independent pattern sets per (α, N)', bounds: COUNT, default: 50 }),
  lambdaTolerance: num({
    help: 'bisection precision on λ',
    bounds: UNIT_TOLERANCE,
    floor: BISECTION_FLOOR,
    default: DEFAULT_LAMBDA_TOLERANCE,
  }),
  ...denseRunParams,
};

/** The parameters shared by `dense basin` and `dense basin-distance`. */
const basinSetParams = {
  ensemble: ensemble(),
  n: dimensions([40, 60, 80], 'dimensions N'),
  alpha: num({ help: 'load α: P = round(e^{αN})', bounds: DENSE_LOAD, default: 0.1 }),
  samples: int({
    help: 'pattern sets per (N, λ); the critical cos θ is averaged over them',
    bounds: COUNT,
    default: 10,
  }),
  restarts: int({
    help: 'random starts per angle; the critical angle is where half return',
    bounds: COUNT,
    default: 10,
  }),
};

const cosines = { help: 'starting cos θ: list or range', bounds: { min: -1, max: 1 } };

/** The parameters of `dense basin`. */
export const basinParams = {
  ...basinSetParams,
  lambda: lambdas([0.2], 'interaction strengths λ > 0'),
  cosTolerance: num({
    help: 'bisection precision on cos θ',
    bounds: UNIT_TOLERANCE,
    floor: BISECTION_FLOOR,
    default: DEFAULT_COS_TOLERANCE,
  }),
  cos: numList({
    ...cosines,
    help: 'also record Δ against these starting cos θ (JSON "distanceByAngle", Fig. 11 left)',
    optional: true,
  }),
  ...denseRunParams,
};

/** The parameters of `dense basin-distance`. */
export const basinDistanceParams = {
  ...basinSetParams,
  lambda: num({ help: 'interaction strength λ > 0', bounds: DENSE_LAMBDA, default: 0.2 }),
  cos: numList({
    ...cosines,
    default: Array.from({ length: 21 }, (_, k) => Number((0.3 + k * 0.03).toPrecision(12))),
  }),
  ...denseRunParams,
};

/** The parameters of `dense scaled`. */
export const scaledParams = {
  a: num({
    help: 'scaling exponent a in (0, 1) (the paper uses 0.5 and 0.75)',
    bounds: SCALE_EXPONENT,
    default: 0.5,
  }),
  ensemble: ensemble('gaussian'),
  n: dimensions([64, 144, 256], 'dimensions N'),
  alphaTilde: num({ help: 'scaled load α̃: P = round(e^{α̃N^{1−a}})', bounds: SCALED_LOAD, default: 0.5 }),
  lambdaTilde: numList({
    help: 'scaled strengths λ̃ > 0: list or range',
    bounds: DENSE_LAMBDA,
    default: Array.from({ length: 15 }, (_, k) => Number((0.1 * (k + 1)).toPrecision(12))),
  }),
  trials: trials(5),
  ...denseRunParams,
};

/** The parameters of `dense capacity-binary`. */
export const capacityBinaryParams = {
  F: choice(['poly', 'exp'], { help: 'interaction function: poly (xⁿ) | exp (eˣ)', default: 'poly' }),
  degree: int({ help: 'polynomial degree n ≥ 2 (poly only)', bounds: BINARY_DEGREE, default: 3 }),
  n: numList({
    help: 'dimensions N ≥ 2 (default 50,100,200 for poly, 10,14,18 for exp)',
    bounds: BINARY_NEURONS,
    integer: true,
    optional: true,
  }),
  trials: trials(2),
  tested: int({ help: 'stored patterns tested per pattern set', bounds: COUNT, default: DEFAULT_TESTED }),
  maxMemory: maxMemory(DENSE_MAX_MEMORY_GIB),
};

/**
 * A dense run's config: its entry's parameters, where the run settings (η, iteration limit, tolerance, memory
 * limit in GiB) and the keys in `K` may be left out for their defaults.
 */
type DenseConfig<P extends ParamSpecs, K extends keyof P = never> = Defaulted<
  ConfigOf<P>,
  (keyof typeof denseRunParams & keyof P) | K
>;

/** The run settings of a dense config. */
export type DenseRunSettings = Partial<ConfigOf<typeof denseRunParams>>;

/** Δ below this counts as retrieval (the paper's crossover criterion Δ < 0.5, Appendix F.1). */
export const RETRIEVAL_DISTANCE = 0.5;

/** The settings of a run, resolved: η = 1 is the softmax update, else gradient descent with step η. */
interface Resolved {
  readonly dynamics: DenseDynamics;
  readonly options: { readonly maxIterations: number; readonly tolerance: number };
  /** Memory limit in bytes for Ξ and its scratch. */
  readonly limit: number;
}

function resolve(s: DenseRunSettings): Resolved {
  const eta = s.eta ?? DEFAULT_ETA;
  return {
    dynamics: eta === 1 ? { kind: 'softmax' } : { kind: 'gradient', eta },
    options: {
      maxIterations: s.maxIterations ?? DEFAULT_MAX_ITERATIONS,
      tolerance: s.tolerance ?? DEFAULT_TOLERANCE,
    },
    limit: (s.maxMemory ?? DENSE_MAX_MEMORY_GIB) * GIB,
  };
}

/** Theory for the spherical and Gaussian ensembles only (paper 001 SM C, D); null for binary patterns. */
function theoryEnsemble(e: DensePatternEnsemble): 'spherical' | 'gaussian' | null {
  switch (e) {
    case 'spherical':
    case 'gaussian':
      return e;
    case 'binary':
      return null;
  }
}

/** Check the memory of every (P, N) of an experiment before any work starts. */
function checkSizes(sizes: readonly { p: number; n: number }[], limit: number): void {
  for (const { p, n } of sizes) checkDenseMemory(p, n, limit);
}

function checkLambdas(lambdas: readonly number[], name = 'lambda'): void {
  if (lambdas.length === 0) throw new RangeError(`${name} list must not be empty`);
  for (const l of lambdas) {
    if (!(l > 0) || !Number.isFinite(l))
      throw new RangeError(`${name} must be a finite number > 0 (got ${l})`);
  }
}

function checkNs(ns: readonly number[], min = 1, why = ''): void {
  if (ns.length === 0) throw new RangeError('n list must not be empty');
  for (const n of ns)
    if (!Number.isInteger(n) || n < min)
      throw new ParamError('n', `must be integers ≥ ${min}${why} (got ${n})`);
}

/** Basins need a direction orthogonal to ξ¹, so N ≥ 2 (at N = 1 there is none). */
const BASIN_MIN_N = 2;
const BASIN_WHY = ' (a basin needs a start direction orthogonal to the pattern)';

/** Refuse dimensions without a basin to measure (N = 1): ParamError naming `n`. */
export function checkBasinDimensions(ns: readonly number[]): void {
  checkNs(ns, BASIN_MIN_N, BASIN_WHY);
}

/** Most halvings of a bisection: a bracket of any double-precision width is resolved well before. */
export const MAX_BISECTIONS = 200;

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer ≥ 1 (got ${v})`);
}

/**
 * One trial's pattern set: sampled, handed to `body` with a workspace, and its memory returned afterwards (so
 * successive trials reuse the same pages rather than leaving each set to the garbage collector).
 */
function withPatterns<T>(
  r: Rng,
  ensemble: DensePatternEnsemble,
  size: { readonly p: number; readonly n: number },
  memoryLimit: number,
  body: (xi: DensePatterns, ws: ReturnType<typeof denseWorkspace>) => T,
): T {
  const xi = sampleDensePatterns(r, ensemble, size.p, size.n, { memoryLimit });
  try {
    return body(xi, denseWorkspace(xi));
  } finally {
    releaseDensePatterns(xi);
  }
}

/** Δ = ‖x_∞ − ξ¹‖²/N after gradient descent from x₀ (paper 001 Appendix F.1). */
function endDistance(
  xi: DensePatterns,
  x0: Float64Array,
  target: Float64Array,
  lambda: number,
  s: Resolved,
  ws: ReturnType<typeof denseWorkspace>,
): number {
  const r = runDense(xi, x0, lambda, s.dynamics, s.options, ws);
  return normalizedDistance(r.state, target);
}

// ---------------------------------------------------------------------------------------------------------------
// End distance (Appendix F.1, Figs. 8–9)

/** With `p`, an exact number of patterns instead of the load (each row then reports α = ln P / N). */
export type EndDistanceConfig = DenseConfig<typeof endDistanceParams, 'p'>;

export interface EndDistanceRow {
  readonly n: number;
  readonly alpha: number;
  readonly lambda: number;
  /** P = round(e^{αN}). */
  readonly p: number;
  /** Mean over trials of Δ = ‖x_∞ − ξ¹‖²/N. */
  readonly meanDistance: number;
  readonly stdDistance: number;
  /** λ₁(α) of the N = ∞ theory (paper 001 Eq. (9) inverted), null for binary patterns or when α ≥ ½ (Gaussian). */
  readonly lambdaTheory: number | null;
}

/**
 * From x₀ = ξ¹, gradient descent until convergence; Δ = ‖x_∞ − ξ¹‖²/N averaged over trials, per N and λ (paper 001
 * Appendix F.1). Each trial draws one pattern set and runs every λ on it.
 */
export function endDistanceExperiment(
  cfg: EndDistanceConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): EndDistanceRow[] {
  checkNs(cfg.n);
  checkLambdas(cfg.lambda);
  checkCount('trials', cfg.trials);
  if (cfg.p !== undefined) checkCount('p', cfg.p);
  else if (!(cfg.alpha > 0) || !Number.isFinite(cfg.alpha))
    throw new RangeError(`alpha must be a finite number > 0 (got ${cfg.alpha})`);
  const sizes = cfg.n.map((n) => ({ n, p: cfg.p ?? patternCount(cfg.alpha, n), lambdas: cfg.lambda }));
  const te = theoryEnsemble(cfg.ensemble);
  return endDistanceCore(cfg, sizes, rng, hooks).map((r) => {
    const alpha = cfg.p !== undefined ? Math.log(r.p) / r.n : cfg.alpha;
    return {
      n: r.n,
      alpha,
      lambda: r.lambda,
      p: r.p,
      meanDistance: r.mean,
      stdDistance: r.std,
      lambdaTheory: te && alpha > 0 ? finiteOrNull(retrievalLambda(te, alpha)) : null,
    };
  });
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

interface SizeSpec {
  readonly n: number;
  readonly p: number;
  readonly lambdas: readonly number[];
}

function endDistanceCore(
  cfg: DenseRunSettings & { ensemble: DensePatternEnsemble; trials: number },
  sizes: readonly SizeSpec[],
  rng: Rng,
  hooks?: ExperimentHooks,
): { n: number; p: number; lambda: number; j: number; mean: number; std: number }[] {
  const s = resolve(cfg);
  const limit = s.limit;
  checkSizes(sizes, limit);
  const tick = progressCounter(sizes.length * cfg.trials, hooks);
  const streams = rng.split(sizes.length);
  const out: { n: number; p: number; lambda: number; j: number; mean: number; std: number }[] = [];
  sizes.forEach(({ n, p, lambdas }, k) => {
    const d = lambdas.map(() => new Float64Array(cfg.trials));
    streams[k].split(cfg.trials).forEach((r, t) => {
      withPatterns(r, cfg.ensemble, { p, n }, limit, (xi, ws) => {
        const x0 = densePattern(xi, 0);
        lambdas.forEach((lambda, j) => {
          d[j][t] = endDistance(xi, x0, x0, lambda, s, ws);
        });
      });
      tick();
    });
    lambdas.forEach((lambda, j) => {
      const { mean, std } = meanStd(d[j]);
      out.push({ n, p, lambda, j, mean, std });
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Crossover and extrapolation (Fig. 10; paper 003 Fig. 1 bottom)

export type CrossoverConfig = DenseConfig<typeof crossoverParams, 'lambdaTolerance'>;

/** Largest λ searched: samples not retrieved there count as λ = LAMBDA_MAX. */
const LAMBDA_MAX = 50;

export interface CrossoverRow {
  readonly alpha: number;
  readonly n: number;
  readonly p: number;
  /**
   * The λ at which half of the samples are retrieved (Δ < 0.5 from x₀ = ξ¹): the median of the per-sample
   * thresholds. Δ is ≈ 0 (retrieved) or ≈ 1 (collapsed to the barycentre), so this is where the mean Δ crosses ½.
   */
  readonly lambdaCrossover: number;
  /** Standard error of the median, 1.2533·std/√samples (for error bars and fit weights). */
  readonly lambdaError: number;
}

export interface CrossoverExtrapolation {
  readonly alpha: number;
  /** Intercept at 1/N = 0 of the least-squares quadratic in 1/N (linear with two sizes, null with one). */
  readonly lambda1: number | null;
  /** λ₁(α) of the N = ∞ theory (paper 001 Eq. (9) inverted), null for binary patterns. */
  readonly lambda1Theory: number | null;
  /** Fit coefficients c0 + c1/N + c2/N². */
  readonly coefficients: readonly number[];
}

export interface CrossoverResult {
  readonly rows: CrossoverRow[];
  readonly extrapolated: CrossoverExtrapolation[];
}

/**
 * Per-sample retrieval threshold in λ: the smallest λ with Δ(λ) < ½ from x₀ = ξ¹, found by bracketing from `guess`
 * (factor 1.5 steps) then bisection to `tol`. Assumes retrieval is monotone in λ for one pattern set.
 */
function sampleThreshold(
  retrieved: (lambda: number) => boolean,
  guess: number,
  tol: number,
  lambdaMax: number,
): number {
  let lo: number;
  let hi: number;
  if (retrieved(guess)) {
    hi = guess;
    lo = guess / 1.5;
    while (retrieved(lo)) {
      hi = lo;
      lo /= 1.5;
      if (lo < tol) return lo;
    }
  } else {
    lo = guess;
    hi = Math.min(guess * 1.5, lambdaMax);
    while (!retrieved(hi)) {
      if (hi >= lambdaMax) return lambdaMax;
      lo = hi;
      hi = Math.min(hi * 1.5, lambdaMax);
    }
  }
  // Capped, and ended when the midpoint is no longer between the ends (a bracket of adjacent doubles).
  for (let k = 0; hi - lo > tol && k < MAX_BISECTIONS; k++) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    if (retrieved(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/**
 * Crossover λ per (α, N) — the λ where half of the samples keep ξ¹ (Δ < ½) — and, per α, the quadratic fit in
 * 1/N extrapolated to N = ∞ beside the theory λ₁(α) (paper 001 Appendix F.1, Fig. 10).
 */
export function crossoverExperiment(
  cfg: CrossoverConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): CrossoverResult {
  checkNs(cfg.n);
  checkLambdas(cfg.alpha, 'alpha');
  checkCount('samples', cfg.samples);
  const tol = cfg.lambdaTolerance ?? DEFAULT_LAMBDA_TOLERANCE;
  const lambdaMax = LAMBDA_MAX;
  if (!(tol > 0)) throw new RangeError(`lambdaTolerance must be > 0 (got ${tol})`);
  const s = resolve(cfg);
  const limit = s.limit;
  const grid = cfg.alpha.flatMap((alpha) => cfg.n.map((n) => ({ alpha, n, p: patternCount(alpha, n) })));
  checkSizes(grid, limit);
  const te = theoryEnsemble(cfg.ensemble);
  const tick = progressCounter(grid.length * cfg.samples, hooks);
  const streams = rng.split(grid.length);
  const rows: CrossoverRow[] = grid.map(({ alpha, n, p }, k) => {
    const theory = te ? retrievalLambda(te, alpha) : Number.NaN;
    const thresholds: number[] = [];
    for (const r of streams[k].split(cfg.samples)) {
      const guess =
        thresholds.length > 0
          ? median(thresholds)
          : Number.isFinite(theory)
            ? Math.max(theory, tol) * 1.2
            : 0.5;
      const threshold = withPatterns(r, cfg.ensemble, { p, n }, limit, (xi, ws) => {
        const x0 = densePattern(xi, 0);
        const retrieved = (lambda: number) => endDistance(xi, x0, x0, lambda, s, ws) < RETRIEVAL_DISTANCE;
        return sampleThreshold(retrieved, Math.min(guess, lambdaMax), tol, lambdaMax);
      });
      thresholds.push(threshold);
      tick();
    }
    const { std } = meanStd(thresholds);
    return {
      alpha,
      n,
      p,
      lambdaCrossover: median(thresholds),
      lambdaError: (1.2533 * std) / Math.sqrt(thresholds.length),
    };
  });
  const extrapolated = cfg.alpha.map((alpha) => {
    const pts = rows.filter((r) => r.alpha === alpha);
    const lambda1Theory = te ? finiteOrNull(retrievalLambda(te, alpha)) : null;
    const nDistinct = new Set(pts.map((r) => r.n)).size;
    if (nDistinct < 2) return { alpha, lambda1: null, lambda1Theory, coefficients: [] };
    const coefficients = polyFit(
      pts.map((r) => 1 / r.n),
      pts.map((r) => r.lambdaCrossover),
      Math.min(2, nDistinct - 1),
    );
    return { alpha, lambda1: coefficients[0], lambda1Theory, coefficients };
  });
  return { rows, extrapolated };
}

// ---------------------------------------------------------------------------------------------------------------
// Basins (Appendix F.2, Fig. 11)

/**
 * A start uniform on the sphere of radius √N at angle θ from ξ¹: x = √N (cos θ ξ̂ + sin θ u) with ξ̂ = ξ¹/‖ξ¹‖ and
 * u a unit vector ⟂ ξ̂ (here given, so that the bisection reuses the same directions).
 */
export function startAtAngle(
  xiHat: Float64Array,
  u: Float64Array,
  cosTheta: number,
  out: Float64Array,
): Float64Array {
  const n = xiHat.length;
  const s = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
  const r = Math.sqrt(n);
  for (let i = 0; i < n; i++) out[i] = r * (cosTheta * xiHat[i] + s * u[i]);
  return out;
}

/** A unit vector uniform on the sphere orthogonal to the unit vector `axis` (Gram–Schmidt of a Gaussian vector). */
export function orthogonalDirection(
  rng: Rng,
  axis: Float64Array,
  out = new Float64Array(axis.length),
): Float64Array {
  const n = axis.length;
  if (n < 2) throw new RangeError(`an orthogonal direction needs N ≥ 2 (got N = ${n})`);
  for (;;) {
    let dot = 0;
    for (let i = 0; i < n; i++) {
      out[i] = rng.normal();
      dot += out[i] * axis[i];
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      out[i] -= dot * axis[i];
      s += out[i] * out[i];
    }
    if (s > 1e-12) {
      const f = 1 / Math.sqrt(s);
      for (let i = 0; i < n; i++) out[i] *= f;
      return out;
    }
  }
}

function unitPattern(xi: DensePatterns): { target: Float64Array; hat: Float64Array } {
  const target = densePattern(xi, 0);
  let s = 0;
  for (let i = 0; i < target.length; i++) s += target[i] * target[i];
  const f = 1 / Math.sqrt(s);
  return { target, hat: target.map((v) => v * f) };
}

/** `cos`, when given, is the entry's: the angles of `basinDistanceExperiment` recorded beside the basin. */
export type BasinConfig = DenseConfig<typeof basinParams, 'cosTolerance' | 'cos'>;

export interface BasinRow {
  readonly n: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly p: number;
  /** Mean over samples of the cos θ at which half of the restarts return to ξ¹ (Δ < ½); 1 when none returns. */
  readonly cosThetaCritical: number;
  readonly cosThetaStd: number;
  /** cos θ_c = φ_{α,1}(λ) (paper 001 SM C.3), null without a basin or for binary patterns. */
  readonly cosThetaTheory: number | null;
  /** Overlap of the nearest other pattern, c_max(α) (paper 001 Eq. (B4)), null for binary patterns. */
  readonly cosThetaNearest: number | null;
}

/**
 * Critical angle of the basin of ξ¹ (paper 001 Appendix F.2, Fig. 11 right): per pattern set, `restarts` random
 * directions u ⟂ ξ¹ are drawn once; cos θ is bisected until half of the starts x(θ) = √N(cos θ ξ̂ + sin θ u) end
 * within Δ < ½ of ξ¹; the critical cosine is averaged over samples and compared with φ_{α,1}(λ).
 */
export function basinExperiment(cfg: BasinConfig, rng: Rng, hooks?: ExperimentHooks): BasinRow[] {
  checkNs(cfg.n, BASIN_MIN_N, BASIN_WHY);
  checkLambdas(cfg.lambda);
  checkCount('samples', cfg.samples);
  checkCount('restarts', cfg.restarts);
  if (!(cfg.alpha > 0) || !Number.isFinite(cfg.alpha))
    throw new RangeError(`alpha must be a finite number > 0 (got ${cfg.alpha})`);
  const tol = cfg.cosTolerance ?? DEFAULT_COS_TOLERANCE;
  if (!(tol > 0)) throw new RangeError(`cosTolerance must be > 0 (got ${tol})`);
  const s = resolve(cfg);
  const limit = s.limit;
  const grid = cfg.n.flatMap((n) =>
    cfg.lambda.map((lambda) => ({ n, lambda, p: patternCount(cfg.alpha, n) })),
  );
  checkSizes(grid, limit);
  const te = theoryEnsemble(cfg.ensemble);
  const tick = progressCounter(grid.length * cfg.samples, hooks);
  const streams = rng.split(grid.length);
  return grid.map(({ n, lambda, p }, k) => {
    const cosines: number[] = [];
    for (const r of streams[k].split(cfg.samples)) {
      const [rPatterns, rStarts] = r.split(2);
      const cosine = withPatterns(rPatterns, cfg.ensemble, { p, n }, limit, (xi, ws) => {
        const { target, hat } = unitPattern(xi);
        const dirs = Array.from({ length: cfg.restarts }, () => orthogonalDirection(rStarts, hat));
        const x0 = new Float64Array(n);
        const returned = (c: number) => {
          let count = 0;
          for (const u of dirs) {
            startAtAngle(hat, u, c, x0);
            if (endDistance(xi, x0, target, lambda, s, ws) < RETRIEVAL_DISTANCE) count++;
          }
          return 2 * count >= cfg.restarts;
        };
        return criticalCosineBisection(returned, tol);
      });
      cosines.push(cosine);
      tick();
    }
    const { mean, std } = meanStd(cosines);
    return {
      n,
      alpha: cfg.alpha,
      lambda,
      p,
      cosThetaCritical: mean,
      cosThetaStd: std,
      cosThetaTheory: te ? criticalCosine(te, cfg.alpha, lambda) : null,
      cosThetaNearest: te ? nearestPatternOverlap(te, cfg.alpha) : null,
    };
  });
}

/**
 * The critical cos θ of one pattern set: 1 when even cos θ = 1 does not return, 0 when cos θ = 0 already does,
 * else bisection on the returned/not-returned boundary to a bracket narrower than `tol` (its midpoint).
 */
function criticalCosineBisection(returned: (cosTheta: number) => boolean, tol: number): number {
  if (!returned(1)) return 1;
  if (returned(0)) return 0;
  let lo = 0;
  let hi = 1;
  for (let k = 0; hi - lo > tol && k < MAX_BISECTIONS; k++) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    if (returned(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

export type BasinDistanceConfig = DenseConfig<typeof basinDistanceParams>;

export interface BasinDistanceRow {
  readonly n: number;
  readonly cosTheta: number;
  /** Mean Δ = ‖x_∞ − ξ¹‖²/N over samples and restarts. */
  readonly meanDistance: number;
  /** Share of runs that end with Δ < ½. */
  readonly returnedFraction: number;
}

/** Δ at the end of gradient descent against the cosine of the starting angle (paper 001 Fig. 11 left). */
export function basinDistanceExperiment(
  cfg: BasinDistanceConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): BasinDistanceRow[] {
  checkNs(cfg.n, BASIN_MIN_N, BASIN_WHY);
  checkLambdas([cfg.lambda]);
  checkCount('samples', cfg.samples);
  checkCount('restarts', cfg.restarts);
  const cosThetas = cfg.cos;
  for (const c of cosThetas)
    if (!(c >= -1 && c <= 1)) throw new RangeError(`cos θ must be in [-1, 1] (got ${c})`);
  const s = resolve(cfg);
  const limit = s.limit;
  const sizes = cfg.n.map((n) => ({ n, p: patternCount(cfg.alpha, n) }));
  checkSizes(sizes, limit);
  const tick = progressCounter(sizes.length * cfg.samples, hooks);
  const streams = rng.split(sizes.length);
  return sizes.flatMap(({ n, p }, k) => {
    const sums = new Float64Array(cosThetas.length);
    const hits = new Float64Array(cosThetas.length);
    for (const r of streams[k].split(cfg.samples)) {
      const [rPatterns, rStarts] = r.split(2);
      withPatterns(rPatterns, cfg.ensemble, { p, n }, limit, (xi, ws) => {
        const { target, hat } = unitPattern(xi);
        const x0 = new Float64Array(n);
        for (let q = 0; q < cfg.restarts; q++) {
          const u = orthogonalDirection(rStarts, hat);
          cosThetas.forEach((c, j) => {
            const d = endDistance(xi, startAtAngle(hat, u, c, x0), target, cfg.lambda, s, ws);
            sums[j] += d;
            if (d < RETRIEVAL_DISTANCE) hits[j]++;
          });
        }
      });
      tick();
    }
    const runs = cfg.samples * cfg.restarts;
    return cosThetas.map((cosTheta, j) => ({
      n,
      cosTheta,
      meanDistance: sums[j] / runs,
      returnedFraction: hits[j] / runs,
    }));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Scaled dot product (Appendix F.3, Fig. 12)

/** Exponent a ∈ (0, 1): λ = λ̃/N^a, P = e^{α̃ N^{1−a}}. */
export type ScaledConfig = DenseConfig<typeof scaledParams>;

export interface ScaledRow {
  readonly n: number;
  readonly a: number;
  readonly alphaTilde: number;
  readonly lambdaTilde: number;
  /** λ = λ̃/N^a actually used in Eq. (1). */
  readonly lambda: number;
  readonly p: number;
  readonly meanDistance: number;
  readonly stdDistance: number;
  /** Theory threshold λ̃₁ = α̃ (paper 001 section VI). */
  readonly lambdaTildeTheory: number;
}

/**
 * End distance from ξ¹ in the scaled dot-product regime λ = λ̃/N^a with P = round(e^{α̃N^{1−a}}) (paper 001
 * Eq. (13), Appendix F.3, Fig. 12); the theory threshold is λ̃₁ = α̃.
 */
export function scaledExperiment(cfg: ScaledConfig, rng: Rng, hooks?: ExperimentHooks): ScaledRow[] {
  checkNs(cfg.n);
  checkLambdas(cfg.lambdaTilde, 'lambdaTilde');
  checkCount('trials', cfg.trials);
  if (!(cfg.a > 0 && cfg.a < 1)) throw new RangeError(`a must be in (0, 1) (got ${cfg.a})`);
  if (!(cfg.alphaTilde > 0) || !Number.isFinite(cfg.alphaTilde))
    throw new RangeError(`alphaTilde must be a finite number > 0 (got ${cfg.alphaTilde})`);
  const sizes = cfg.n.map((n) => ({
    n,
    p: scaledPatternCount(cfg.alphaTilde, n, cfg.a),
    lambdas: cfg.lambdaTilde.map((lt) => scaledLambda(lt, n, cfg.a)),
  }));
  const theory = scaledDotProductThreshold(cfg.alphaTilde);
  return endDistanceCore(cfg, sizes, rng, hooks).map((r) => ({
    n: r.n,
    a: cfg.a,
    alphaTilde: cfg.alphaTilde,
    lambdaTilde: cfg.lambdaTilde[r.j],
    lambda: r.lambda,
    p: r.p,
    meanDistance: r.mean,
    stdDistance: r.std,
    lambdaTildeTheory: theory,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Binary dense memories: capacity against N

/** `n` left out: the default dimensions of F ({@link binaryDimensions}). */
export type BinaryCapacityConfig = DenseConfig<
  typeof capacityBinaryParams,
  'degree' | 'n' | 'tested' | 'maxMemory'
>;

/** Ratio between successive memory sizes P checked. */
const P_GROWTH = 1.05;

/** The default dimensions of capacity-binary per interaction function. */
const BINARY_DEFAULT_N = { poly: [50, 100, 200], exp: [10, 14, 18] } as const;

/** The interaction function named by `F` (`poly` with its degree). */
export function binaryF(c: { F: 'poly' | 'exp'; degree?: number }): BinaryDenseF {
  return c.F === 'poly' ? { kind: 'poly', degree: c.degree ?? 3 } : { kind: 'exp' };
}

/** The dimensions of a capacity-binary run: `n`, else the defaults of F. */
export function binaryDimensions(c: { F: 'poly' | 'exp'; n?: readonly number[] }): number[] {
  return [...(c.n ?? BINARY_DEFAULT_N[c.F])];
}

export interface BinaryCapacityRow {
  readonly n: number;
  readonly f: BinaryDenseF['kind'];
  readonly degree: number | null;
  /** Largest P searched. */
  readonly pMax: number;
  /** The P at which half of the tested stored patterns stop being fixed points (log-interpolated). */
  readonly pCapacity: number;
  /** Central-limit estimate of the same P (polynomial F; null for exponential F). */
  readonly pTheory: number | null;
}

export interface BinaryCapacityResult {
  readonly rows: BinaryCapacityRow[];
  /**
   * Growth of the measured capacity: for polynomial F the slope of log P against log N (theory → n − 1, with the
   * central-limit estimate's own slope at these N beside it); for exponential F the slope of ln P against N.
   */
  readonly growth: {
    readonly measured: number | null;
    readonly theory: number | null;
    readonly asymptotic: number;
  };
  /** Fraction of tested patterns that are fixed points, per N and P (the curves behind pCapacity). */
  readonly curves: { readonly n: number; readonly p: number; readonly stableFraction: number }[];
}

/** Ratio P grid 2, ⌈2g⌉, … up to pMax (distinct integers, pMax included). */
function geometricGrid(pMax: number, g: number): number[] {
  const out: number[] = [];
  let v = 2;
  while (v < pMax) {
    if (out.length === 0 || Math.round(v) > out[out.length - 1]) out.push(Math.round(v));
    v *= g;
  }
  out.push(pMax);
  return out;
}

/** Largest P searched: 4× the central-limit capacity for xⁿ, e^{0.75N} for eˣ (the typical fixed point needs less). */
export function binaryPMax(f: BinaryDenseF, n: number): number {
  switch (f.kind) {
    case 'poly':
      return Math.max(50, Math.ceil(4 * (binaryCapacityTheory(f, n) ?? 10)));
    case 'exp':
      return Math.max(50, Math.round(Math.exp(0.75 * n)));
  }
}

/**
 * Capacity of binary dense memories with E = −Σ_μ F(ξ^μ·σ): per N, grow a set of random ±1 patterns and record, at
 * each size P, whether each of the first `tested` stored patterns is still a fixed point of the asynchronous
 * dynamics; the capacity is the P where half of them have failed. Polynomial F = xⁿ grows as N^{n−1}
 * (Krotov–Hopfield), exponential F as e^{αN} (Demircigil et al.).
 */
export function binaryCapacityExperiment(
  cfg: BinaryCapacityConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): BinaryCapacityResult {
  const f = binaryF(cfg);
  const ns = binaryDimensions(cfg);
  checkBinaryDenseF(f);
  checkNs(ns);
  for (const n of ns) if (n < 2) throw new RangeError(`n must be an integer ≥ 2 (got ${n})`);
  checkCount('trials', cfg.trials);
  const tested = cfg.tested ?? DEFAULT_TESTED;
  checkCount('tested', tested);
  const limit = (cfg.maxMemory ?? DENSE_MAX_MEMORY_GIB) * GIB;
  const sizes = ns.map((n) => ({ n, pMax: binaryPMax(f, n) }));
  for (const { n, pMax } of sizes) {
    const bytes = 8 * pMax * n;
    if (!(bytes <= limit))
      throw new RangeError(
        `P = ${pMax} binary patterns of dimension N = ${n} need about ${formatBytes(bytes)} ` +
          `(8·P·N bytes), above the memory limit of ${formatBytes(limit)}; lower N or raise the limit`,
      );
  }
  const tick = progressCounter(sizes.length * cfg.trials, hooks);
  const streams = rng.split(sizes.length);
  const curves: { n: number; p: number; stableFraction: number }[] = [];
  const rows: BinaryCapacityRow[] = sizes.map(({ n, pMax }, k) => {
    const grid = geometricGrid(pMax, P_GROWTH);
    const frac = stableFractions(f, streams[k].split(cfg.trials), n, grid, tested, tick);
    grid.forEach((p, g) => {
      curves.push({ n, p, stableFraction: frac[g] });
    });
    return {
      n,
      f: f.kind,
      degree: f.kind === 'poly' ? f.degree : null,
      pMax,
      pCapacity: halfStableP(grid, frac),
      pTheory: binaryCapacityTheory(f, n),
    };
  });
  return { rows, curves, growth: binaryGrowth(f, rows) };
}

/**
 * Per size P of the grid, the fraction of the first `tested` stored patterns (those with index < P) that are fixed
 * points, over one pattern set of pMax = grid.at(−1) random ±1 patterns per generator.
 */
function stableFractions(
  f: BinaryDenseF,
  rngs: readonly Rng[],
  n: number,
  grid: readonly number[],
  tested: number,
  tick: () => void,
): number[] {
  const pMax = grid[grid.length - 1];
  const stable = new Float64Array(grid.length);
  const counted = new Float64Array(grid.length);
  for (const r of rngs) {
    const xi = rademacher(r, pMax, n);
    for (let mu = 0; mu < Math.min(tested, pMax); mu++) {
      const ok = stabilityMargins(xi, mu, f, grid);
      grid.forEach((p, g) => {
        if (p > mu) {
          counted[g]++;
          if (ok[g]) stable[g]++;
        }
      });
    }
    tick();
  }
  return grid.map((_, g) => stable[g] / counted[g]);
}

/** The P where the stable fraction first falls below ½, log-interpolated (the largest P when it never does). */
function halfStableP(grid: readonly number[], frac: readonly number[]): number {
  for (let g = 1; g < grid.length; g++) {
    if (frac[g] < 0.5 && frac[g - 1] >= 0.5) {
      const t = (frac[g - 1] - 0.5) / (frac[g - 1] - frac[g]);
      return Math.exp(Math.log(grid[g - 1]) + t * (Math.log(grid[g]) - Math.log(grid[g - 1])));
    }
  }
  return grid[grid.length - 1];
}

/** Growth of the measured capacity: log–log slope for xⁿ (with the estimate's own slope), ln P against N for eˣ. */
function binaryGrowth(f: BinaryDenseF, rows: readonly BinaryCapacityRow[]): BinaryCapacityResult['growth'] {
  const slope = (xs: number[], ys: number[]) => (xs.length < 2 ? null : polyFit(xs, ys, 1)[1]);
  const measured = rows.filter((r) => r.pCapacity < r.pMax);
  switch (f.kind) {
    case 'poly': {
      const th = rows.filter((r) => r.pTheory !== null);
      return {
        measured: slope(
          measured.map((r) => Math.log(r.n)),
          measured.map((r) => Math.log(r.pCapacity)),
        ),
        theory: slope(
          th.map((r) => Math.log(r.n)),
          th.map((r) => Math.log(r.pTheory as number)),
        ),
        asymptotic: f.degree - 1,
      };
    }
    case 'exp':
      return {
        measured: slope(
          measured.map((r) => r.n),
          measured.map((r) => Math.log(r.pCapacity)),
        ),
        theory: null,
        // Demircigil et al.: all patterns are retrieved for α < ½ log 2.
        asymptotic: 0.5 * Math.LN2,
      };
  }
}

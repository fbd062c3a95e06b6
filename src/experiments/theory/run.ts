/**
 * Rows of the theory calculators: closed forms and saddle-point solutions of the papers tabulated on grids of
 * their parameters, without simulation. The AGS replica-symmetric theory of the Hebbian network (paper 004), the
 * random-energy-model thresholds and basins of dense memories (paper 001), the stability distribution of a
 * pseudo-likelihood perceptron row (paper 000 Appendix A), and the Marchenko–Pastur law and cosine-similarity law
 * of the generating-function framework (paper 002).
 */
import {
  AGS_LOAD,
  AGS_POINTS,
  AGS_TEMPERATURE,
  agsCriticalLoad,
  agsRetrievalCurve,
  agsRetrievalLoads,
  agsSolve,
  CURIE_WEISS_FIELD,
  CURIE_WEISS_TEMPERATURE,
  curieWeissMagnetization,
  glassTemperature,
  patternStabilityProbability,
  SIGNAL_TO_NOISE_LOAD,
  SIGNAL_TO_NOISE_NEURONS,
  signalToNoiseStability,
} from '../../core/theory/classical.js';
import {
  capacityLowerBound,
  condensationAlpha,
  criticalAngle,
  DENSE_ENSEMBLES,
  type DenseEnsemble,
  denseLoadPoint,
  denseThresholds,
  nearestPatternOverlap,
  REM_LAMBDA,
  REM_LOAD,
  ramsauerCapacityBound,
  retrievalThreshold,
} from '../../core/theory/dense.js';
import {
  COSINE_LAW_ALPHA0,
  COSINE_LAW_TAU,
  COSINE_LAW_TIME,
  cosineSimilarityLaw,
  MARCHENKO_PASTUR_POINTS,
  MARCHENKO_PASTUR_RATIO,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
} from '../../core/theory/lagrangian.js';
import {
  hebbianStabilityLimit,
  type StabilityDistribution,
  stabilityDistribution,
} from '../../core/theory/pseudolikelihood.js';
import { type ConfigOf, choiceList, int, type NumListSpec, num, numList } from '../params.js';
import { type ExperimentHooks, progressCounter } from '../types.js';

/** Evenly spaced values from a to b (n ≥ 2), or log-spaced a·(b/a)^{k/(n−1)} when `log`. */
export function grid(a: number, b: number, n: number, log = false): number[] {
  return Array.from({ length: n }, (_, k) => {
    const t = k / (n - 1);
    return log ? a * (b / a) ** t : a + (b - a) * t;
  });
}

/** Values a, a + s, … up to b, rounded as the command line rounds a range `a:b:s`. */
const range = (a: number, b: number, s: number) =>
  Array.from({ length: Math.floor((b - a) / s + 1e-9) + 1 }, (_, k) => Number((a + k * s).toPrecision(12)));

/** A list parameter that may be left out (its value is then undefined). */
export const optionalList = (spec: NumListSpec<number[]>) =>
  ({ ...spec, optional: true }) as NumListSpec<number[] | undefined>;

/** The parameters of `theory curie-weiss`. */
export const curieWeissParams = {
  temperature: numList({
    help: 'temperatures T = 1/β: list or range',
    bounds: CURIE_WEISS_TEMPERATURE,
    default: range(0, 1.5, 0.1),
  }),
  field: num({ help: 'external field h', bounds: CURIE_WEISS_FIELD, default: 0 }),
  coupling: num({ help: 'coupling J', bounds: CURIE_WEISS_FIELD, default: 1 }),
};

/** The parameters of `theory signal-to-noise`. */
export const signalToNoiseParams = {
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: SIGNAL_TO_NOISE_LOAD,
    default: range(0.01, 0.2, 0.01),
  }),
  n: int({ help: 'number of neurons N', bounds: SIGNAL_TO_NOISE_NEURONS, default: 513 }),
};

/** The parameters of `theory ags`. */
export const agsParams = {
  alpha: numList({ help: 'loads α: list or range', bounds: AGS_LOAD, default: [0.05, 0.1, 0.13] }),
  temperature: numList({ help: 'temperatures T: list or range', bounds: AGS_TEMPERATURE, default: [0] }),
};

/** The parameters of `theory ags-critical`. */
export const agsCriticalParams = {
  temperature: numList({
    help: 'temperatures T: list or range',
    bounds: AGS_TEMPERATURE,
    default: [0],
    maxLength: 1000,
  }),
};

/** The parameters of `theory ags-overlap`. */
export const agsOverlapParams = {
  temperature: numList({
    help: 'temperatures T: list or range',
    bounds: AGS_TEMPERATURE,
    default: [0, 0.2, 0.4, 0.6],
  }),
  points: int({ help: 'loads per curve, from 0 to α_c(T)', bounds: AGS_POINTS, default: 40, quick: 20 }),
};

/** The parameters of `theory ags-phase-diagram`. */
export const agsPhaseDiagramParams = {
  points: int({
    help: 'temperatures in [0, 1) on which T_M and T_c are traced',
    bounds: AGS_POINTS,
    default: 30,
    quick: 12,
  }),
  alphaMax: num({ help: 'largest α of the T_g line', bounds: AGS_LOAD, default: 0.16 }),
};

/** The parameters of `theory dense`. */
export const denseParams = {
  ensemble: choiceList(DENSE_ENSEMBLES, { help: 'pattern ensembles', default: ['spherical'] }),
  lambda: numList({
    help: 'interaction strengths λ: list or range',
    bounds: REM_LAMBDA,
    default: [0.1, 0.5, 1, 2, 5],
  }),
  alpha: optionalList(numList({ help: 'loads α = (log P)/N: list or range', bounds: REM_LOAD })),
};

/** The parameters of `theory marchenko-pastur`. */
export const marchenkoPasturParams = {
  alpha: num({ help: 'ratio α = N_h/N_v', bounds: MARCHENKO_PASTUR_RATIO, default: 0.2 }),
  points: int({
    help: 'eigenvalues on which the density is tabulated',
    bounds: MARCHENKO_PASTUR_POINTS,
    default: 200,
  }),
};

/** The parameters of `theory cosine-law`. */
export const cosineLawParams = {
  tau: num({ help: 'time scale τ_μ of the memory row', bounds: COSINE_LAW_TAU, default: 1 }),
  alpha0: numList({ help: 'initial similarities', bounds: COSINE_LAW_ALPHA0, default: [-0.5, 0, 0.5] }),
  time: numList({ help: 'times t: list or range', bounds: COSINE_LAW_TIME, default: range(0, 5, 0.25) }),
};

/** Curie–Weiss magnetization m = tanh(β(Jm + h)) at each temperature T = 1/β (paper 004 section 3.1). */
export function curieWeissRows(
  c: ConfigOf<typeof curieWeissParams>,
): { temperature: number; field: number; coupling: number; m: number }[] {
  const { field, coupling } = c;
  return c.temperature.map((t) => ({
    temperature: t,
    field,
    coupling,
    m: curieWeissMagnetization({ beta: t === 0 ? Number.POSITIVE_INFINITY : 1 / t, coupling, field }),
  }));
}

/** Signal-to-noise stability of one spin Φ(1/√α) and of a whole pattern Φ(1/√α)^N (paper 004 Eq. 35). */
export function signalToNoiseRows(
  c: ConfigOf<typeof signalToNoiseParams>,
): { alpha: number; spinStability: number; patternStability: number }[] {
  const { n } = c;
  return c.alpha.map((alpha) => ({
    alpha,
    spinStability: signalToNoiseStability(alpha),
    patternStability: patternStabilityProbability(alpha, n),
  }));
}

/** A row of `theory ags`: the RS solution at one (α, T). */
export interface AgsRow {
  readonly alpha: number;
  readonly temperature: number;
  readonly m: number;
  readonly q: number;
  readonly r: number;
  readonly phase: string;
  readonly freeEnergyRetrieval: number | null;
  readonly freeEnergyGlass: number;
}

/** The AGS solution (m, q, r) on every (α, T), temperatures outermost (paper 004 Theorem 8, Eq. 44). */
export function agsRows(c: ConfigOf<typeof agsParams>, hooks?: ExperimentHooks): AgsRow[] {
  const { alpha: alphas, temperature: temperatures } = c;
  const tick = progressCounter(temperatures.length * alphas.length, hooks);
  const rows: AgsRow[] = [];
  for (const t of temperatures) {
    for (const a of alphas) {
      const s = agsSolve(a, t);
      rows.push({
        alpha: a,
        temperature: t,
        m: s.m,
        q: s.q,
        r: s.r,
        phase: s.phase,
        freeEnergyRetrieval: s.freeEnergyRetrieval,
        freeEnergyGlass: s.freeEnergyGlass,
      });
      tick();
    }
  }
  return rows;
}

/** Critical load α_c(T) with m there, and the load α_global(T) below which retrieval is the global minimum. */
export function agsCriticalRows(
  c: ConfigOf<typeof agsCriticalParams>,
  hooks?: ExperimentHooks,
): { temperature: number; alphaC: number; mAtAlphaC: number; alphaGlobal: number }[] {
  const tick = progressCounter(c.temperature.length, hooks);
  return c.temperature.map((t) => {
    const c = agsCriticalLoad(t);
    const loads = agsRetrievalLoads(t);
    tick();
    return { temperature: t, alphaC: c.alphaC, mAtAlphaC: c.mAtAlphaC, alphaGlobal: loads.alphaGlobal };
  });
}

/** A point of the stable retrieval branch m(α) at temperature T. */
export interface AgsOverlapRow {
  readonly temperature: number;
  readonly alpha: number;
  readonly m: number;
}

/** The RS retrieval overlap m(α) on `points` loads up to α_c(T), for each temperature (paper 004 Fig. 6 inset). */
export function agsOverlapRows(
  c: ConfigOf<typeof agsOverlapParams>,
  hooks?: ExperimentHooks,
): AgsOverlapRow[] {
  const tick = progressCounter(c.temperature.length, hooks);
  return c.temperature.flatMap((t) => {
    const curve = agsRetrievalCurve(t, c.points).map((p) => ({ temperature: t, alpha: p.alpha, m: p.m }));
    tick();
    return curve;
  });
}

/** A row of the AGS phase diagram: a point of one of the lines T_M, T_c, T_g. */
export interface AgsLineRow {
  readonly line: 'T_M' | 'T_c' | 'T_g';
  readonly alpha: number;
  readonly temperature: number;
}

/**
 * The three lines of the AGS phase diagram (paper 004 Fig. 6): T_M and T_c traced as α(T) on `points`
 * temperatures in [0, 1), and T_g = 1 + √α on [0, alphaMax].
 */
export function agsPhaseLines(
  c: ConfigOf<typeof agsPhaseDiagramParams>,
  hooks?: ExperimentHooks,
): AgsLineRow[] {
  const rows: AgsLineRow[] = [];
  const ts = grid(0, 1, c.points + 1).slice(0, -1);
  const tick = progressCounter(ts.length, hooks);
  const loads = ts.map((t) => {
    const l = agsRetrievalLoads(t);
    tick();
    return l;
  });
  for (const l of loads) rows.push({ line: 'T_M', alpha: l.alphaM, temperature: l.temperature });
  rows.push({ line: 'T_M', alpha: 0, temperature: 1 });
  for (const l of loads)
    if (l.alphaGlobal > 0) rows.push({ line: 'T_c', alpha: l.alphaGlobal, temperature: l.temperature });
  rows.push({ line: 'T_c', alpha: 0, temperature: 1 });
  for (const a of grid(0, c.alphaMax, 40))
    rows.push({ line: 'T_g', alpha: a, temperature: glassTemperature(a) });
  return rows;
}

/**
 * Rows of `theory dense`: the thresholds at each (ensemble, λ), and with loads also φ, λ_*, cos θ_c and c_max at
 * each α (paper 001), ensembles outermost and loads innermost.
 */
export function denseRows(c: ConfigOf<typeof denseParams>): Record<string, unknown>[] {
  const alphas = c.alpha;
  const rows: Record<string, unknown>[] = [];
  for (const e of c.ensemble) {
    for (const l of c.lambda) {
      const th = denseThresholds(e, l);
      if (alphas === undefined) rows.push({ ...th });
      else for (const a of alphas) rows.push({ ...th, ...denseLoadPoint(e, a, l) });
    }
  }
  return rows;
}

/** A row of a dense-memory phase diagram: one threshold curve at one λ. */
export interface DenseCurveRow {
  readonly ensemble: DenseEnsemble;
  readonly curve: string;
  readonly lambda: number;
  readonly alpha: number;
}

/** α₁, α_c^lb (gaussian), α_* and the Ramsauer bound against λ (paper 001 Figs. 1 and 3). */
export function denseCurves(ensemble: DenseEnsemble, lambdas: readonly number[]): DenseCurveRow[] {
  const rows: DenseCurveRow[] = [];
  const push = (curve: string, f: (l: number) => number) => {
    for (const lambda of lambdas) rows.push({ ensemble, curve, lambda, alpha: f(lambda) });
  };
  push(ensemble === 'spherical' ? 'α₁ = α_c = α_c^lb' : 'α₁ (typical pattern)', (l) =>
    retrievalThreshold(ensemble, l),
  );
  if (ensemble === 'gaussian')
    push('α_c^lb (all patterns, lower bound)', (l) => capacityLowerBound(ensemble, l));
  push('α_* (REM condensation)', (l) => condensationAlpha(ensemble, l, 1));
  push('Ramsauer et al. bound', (l) => ramsauerCapacityBound(l));
  return rows;
}

/** One point of θ_c(λ) (kind 'θ_c') or of the nearest-pattern angle arccos c_max(α) (kind 'nearest pattern'). */
export interface BasinAngleRow {
  readonly alpha: number;
  readonly lambda: number;
  /** Degrees. */
  readonly thetaC: number;
  readonly curve: string;
  readonly kind: 'θ_c' | 'nearest pattern';
}

/** θ_c(λ) in degrees for several loads (ρ = 1; paper 001 Fig. 2), with the nearest-pattern angle at both ends. */
export function basinAngleRows(
  ensemble: DenseEnsemble,
  alphas: readonly number[],
  lambdas: readonly number[],
): BasinAngleRow[] {
  const rows: BasinAngleRow[] = [];
  for (const alpha of alphas) {
    const curve = `α = ${alpha}`;
    for (const lambda of lambdas) {
      const th = criticalAngle(ensemble, alpha, lambda, 1);
      if (th !== null) rows.push({ alpha, lambda, thetaC: (th * 180) / Math.PI, curve, kind: 'θ_c' });
    }
    const nearest = (Math.acos(nearestPatternOverlap(ensemble, alpha)) * 180) / Math.PI;
    const kind = 'nearest pattern';
    rows.push({ alpha, lambda: lambdas[0], thetaC: nearest, curve, kind });
    rows.push({ alpha, lambda: lambdas[lambdas.length - 1], thetaC: nearest, curve, kind });
  }
  return rows;
}

/** Summary of P_λ(Δ) at load α: the saddle point x̄, mean, variance and mass below Δ = 0 (the library's fields). */
export type StabilitySummaryRow = Pick<
  StabilityDistribution,
  'alpha' | 'lambda' | 'x' | 'mean' | 'variance' | 'negativeTail'
>;

/** Summary rows of the stability distribution for each λ (paper 000 Appendix A). */
export function stabilitySummaryRows(alpha: number, lambdas: readonly number[]): StabilitySummaryRow[] {
  return lambdas.map((l) => {
    const d = stabilityDistribution(alpha, l);
    return {
      alpha,
      lambda: d.lambda,
      x: d.x,
      mean: d.mean,
      variance: d.variance,
      negativeTail: d.negativeTail,
    };
  });
}

/** A point of a stability density curve (λ = null: the Hebbian limit N(1/√α, 1)). */
export interface StabilityDensityRow {
  readonly lambda: number | null;
  readonly delta: number;
  readonly density: number;
  readonly curve: string;
}

/** The Hebbian limit λ → 0 of P_λ(Δ), the Gaussian N(1/√α, 1), on the Δ values. */
export function hebbianDensityRows(alpha: number, deltas: readonly number[]): StabilityDensityRow[] {
  const h = hebbianStabilityLimit(alpha);
  return deltas.map((delta) => {
    const z = delta - h.mean;
    return {
      lambda: null,
      delta,
      density: Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI),
      curve: 'Hebbian limit λ → 0',
    };
  });
}

/** P_λ(Δ) on a Δ grid for several λ at load α, plus the Hebbian limit N(1/√α, 1). */
export function stabilityDensityRows(
  alpha: number,
  lambdas: readonly number[],
  deltas: readonly number[],
): StabilityDensityRow[] {
  const rows: StabilityDensityRow[] = [];
  for (const lambda of lambdas) {
    const d = stabilityDistribution(alpha, lambda);
    for (const delta of deltas)
      rows.push({ lambda, delta, density: d.density(delta), curve: `λ = ${lambda}` });
  }
  for (const r of hebbianDensityRows(alpha, deltas)) rows.push(r);
  return rows;
}

/** The Marchenko–Pastur density of ΞᵀΞ on `points` eigenvalues between its edges (paper 002 §5.4). */
export function marchenkoPasturRows(
  c: ConfigOf<typeof marchenkoPasturParams>,
): { lambda: number; density: number }[] {
  const { alpha } = c;
  const { lambdaMin, lambdaMax } = marchenkoPasturEdges(alpha);
  return grid(lambdaMin, lambdaMax, c.points).map((lambda) => ({
    lambda,
    density: marchenkoPasturDensity(lambda, alpha),
  }));
}

/** Cosine similarity of a memory row to its target under the synaptic dynamics (paper 002 Eq. 40). */
export function cosineLawRows(
  c: ConfigOf<typeof cosineLawParams>,
): { alpha0: number; time: number; similarity: number }[] {
  return c.alpha0.flatMap((a0) =>
    c.time.map((t) => ({ alpha0: a0, time: t, similarity: cosineSimilarityLaw(t, c.tau, a0) })),
  );
}

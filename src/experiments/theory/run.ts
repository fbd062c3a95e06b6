/**
 * Rows of the theory calculators: closed forms and saddle-point solutions of the papers tabulated on grids of
 * their parameters, without simulation. The AGS replica-symmetric theory of the Hebbian network (paper 004), the
 * random-energy-model thresholds and basins of dense memories (paper 001), the stability distribution of a
 * pseudo-likelihood perceptron row (paper 000 Appendix A), and the Marchenko–Pastur law and cosine-similarity law
 * of the generating-function framework (paper 002).
 */
import {
  agsCriticalLoad,
  agsRetrievalCurve,
  agsRetrievalLoads,
  agsSolve,
  curieWeissMagnetization,
  glassTemperature,
  patternStabilityProbability,
  signalToNoiseStability,
} from '../../core/theory/classical.js';
import {
  capacityLowerBound,
  condensationAlpha,
  criticalAngle,
  type DenseEnsemble,
  denseLoadPoint,
  denseThresholds,
  nearestPatternOverlap,
  ramsauerCapacityBound,
  retrievalThreshold,
} from '../../core/theory/dense.js';
import {
  cosineSimilarityLaw,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
} from '../../core/theory/lagrangian.js';
import { hebbianStabilityLimit, stabilityDistribution } from '../../core/theory/pseudolikelihood.js';
import { type ExperimentHooks, progressCounter } from '../types.js';

/** Evenly spaced values from a to b (n ≥ 2), or log-spaced a·(b/a)^{k/(n−1)} when `log`. */
export function grid(a: number, b: number, n: number, log = false): number[] {
  return Array.from({ length: n }, (_, k) => {
    const t = k / (n - 1);
    return log ? a * (b / a) ** t : a + (b - a) * t;
  });
}

/** Curie–Weiss magnetization m = tanh(β(Jm + h)) at each temperature T = 1/β (paper 004 section 3.1). */
export function curieWeissRows(
  temperatures: readonly number[],
  field: number,
  coupling: number,
): { temperature: number; field: number; coupling: number; m: number }[] {
  return temperatures.map((t) => ({
    temperature: t,
    field,
    coupling,
    m: curieWeissMagnetization({ beta: t === 0 ? Number.POSITIVE_INFINITY : 1 / t, coupling, field }),
  }));
}

/** Signal-to-noise stability of one spin Φ(1/√α) and of a whole pattern Φ(1/√α)^N (paper 004 Eq. 35). */
export function signalToNoiseRows(
  alphas: readonly number[],
  n: number,
): { alpha: number; spinStability: number; patternStability: number }[] {
  return alphas.map((alpha) => ({
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
export function agsRows(
  alphas: readonly number[],
  temperatures: readonly number[],
  hooks?: ExperimentHooks,
): AgsRow[] {
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
  temperatures: readonly number[],
  hooks?: ExperimentHooks,
): { temperature: number; alphaC: number; mAtAlphaC: number; alphaGlobal: number }[] {
  const tick = progressCounter(temperatures.length, hooks);
  return temperatures.map((t) => {
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
  temperatures: readonly number[],
  points: number,
  hooks?: ExperimentHooks,
): AgsOverlapRow[] {
  const tick = progressCounter(temperatures.length, hooks);
  return temperatures.flatMap((t) => {
    const curve = agsRetrievalCurve(t, points).map((p) => ({ temperature: t, alpha: p.alpha, m: p.m }));
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
 * The three lines of the AGS phase diagram (paper 004 Fig. 6): T_M and T_c traced as α(T) on `temperatures`
 * points in [0, 1), and T_g = 1 + √α on [0, alphaMax].
 */
export function agsPhaseLines(temperatures: number, alphaMax: number, hooks?: ExperimentHooks): AgsLineRow[] {
  const rows: AgsLineRow[] = [];
  const ts = grid(0, 1, temperatures + 1).slice(0, -1);
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
  for (const a of grid(0, alphaMax, 40))
    rows.push({ line: 'T_g', alpha: a, temperature: glassTemperature(a) });
  return rows;
}

/**
 * Rows of `theory dense`: the thresholds at each (ensemble, λ), and with loads also φ, λ_*, cos θ_c and c_max at
 * each α (paper 001), ensembles outermost and loads innermost.
 */
export function denseRows(
  ensembles: readonly DenseEnsemble[],
  lambdas: readonly number[],
  alphas: readonly number[] | undefined,
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const e of ensembles) {
    for (const l of lambdas) {
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

/** Summary of P_λ(Δ) at load α: the saddle point x̄, mean, variance and mass below Δ = 0. */
export interface StabilitySummaryRow {
  readonly alpha: number;
  readonly lambda: number;
  readonly x: number;
  readonly mean: number;
  readonly variance: number;
  readonly negativeTail: number;
}

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
export function marchenkoPasturRows(alpha: number, points: number): { lambda: number; density: number }[] {
  const { lambdaMin, lambdaMax } = marchenkoPasturEdges(alpha);
  return grid(lambdaMin, lambdaMax, points).map((lambda) => ({
    lambda,
    density: marchenkoPasturDensity(lambda, alpha),
  }));
}

/** Cosine similarity of a memory row to its target under the synaptic dynamics (paper 002 Eq. 40). */
export function cosineLawRows(
  tau: number,
  alpha0s: readonly number[],
  times: readonly number[],
): { alpha0: number; time: number; similarity: number }[] {
  return alpha0s.flatMap((a0) =>
    times.map((t) => ({ alpha0: a0, time: t, similarity: cosineSimilarityLaw(t, tau, a0) })),
  );
}

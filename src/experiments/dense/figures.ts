/**
 * Figures of dense associative memories (paper 001, Appendix F): end distance against λ with the threshold λ₁(α),
 * the finite-N crossover and its extrapolation, basin angles beside cos θ_c = φ_{α,1}(λ), the scaled dot-product
 * threshold λ̃₁ = α̃, and the capacity of binary dense memories against N.
 */
import type { DensePatternEnsemble } from '../../core/models/dense.js';
import { criticalCosine, nearestPatternOverlap } from '../../core/theory/dense.js';
import { lineChart, type PlotSpec } from '../plots.js';
import type {
  BasinDistanceRow,
  BasinRow,
  BinaryCapacityRow,
  CrossoverExtrapolation,
  CrossoverRow,
  EndDistanceRow,
  ScaledRow,
} from './run.js';

const fmt = (v: number, d = 3) => Number(v.toFixed(d));

/** Δ against λ per N, with the vertical rule at λ₁(α) (paper 001 Figs. 8–9). */
export function endDistancePlot(rows: readonly EndDistanceRow[], ensemble: string, seed: number): PlotSpec {
  const alphas = [...new Set(rows.map((r) => fmt(r.alpha, 4)))];
  const th = rows.find((r) => r.lambdaTheory !== null)?.lambdaTheory ?? null;
  return lineChart({
    title: `End distance from ξ¹, ${ensemble} patterns, α = ${alphas.join(', ')} (seed ${seed})`,
    xTitle: 'interaction strength λ',
    yTitle: 'Δ = ‖x∞ − ξ¹‖²/N',
    simulation: {
      data: rows.map((r) => ({ ...r, N: `N = ${r.n} (P = ${r.p})` })),
      x: 'lambda',
      y: 'meanDistance',
      color: 'N',
      error: 'stdDistance',
    },
    rules: th !== null && alphas.length === 1 ? [{ x: th, label: `λ₁(α) = ${fmt(th)}` }] : [],
    legendTitle: 'size',
  });
}

/** Crossover λ against 1/N with the quadratic fits (dashed) and the theory λ₁(α) at 1/N = 0 (Fig. 10). */
export function crossoverPlot(
  rows: readonly CrossoverRow[],
  extrapolated: readonly CrossoverExtrapolation[],
  ensemble: string,
  seed: number,
): PlotSpec {
  const xMax = Math.max(...rows.map((r) => 1 / r.n)) * 1.05;
  const theory: Record<string, unknown>[] = [];
  for (const e of extrapolated) {
    const c = e.coefficients;
    if (c.length > 0) {
      for (let k = 0; k <= 40; k++) {
        const u = (xMax * k) / 40;
        theory.push({ u, value: c.reduce((s, ck, j) => s + ck * u ** j, 0), series: `fit, α = ${e.alpha}` });
      }
    }
    if (e.lambda1Theory !== null) {
      theory.push({ u: 0, value: e.lambda1Theory, series: `theory λ₁(${e.alpha})` });
      theory.push({ u: xMax, value: e.lambda1Theory, series: `theory λ₁(${e.alpha})` });
    }
  }
  return lineChart({
    title: `Retrieval crossover, ${ensemble} patterns (seed ${seed})`,
    xTitle: '1/N',
    yTitle: 'crossover λ (half of the samples keep ξ¹)',
    simulation: {
      data: rows.map((r) => ({
        u: 1 / r.n,
        value: r.lambdaCrossover,
        err: r.lambdaError,
        series: `α = ${r.alpha}`,
      })),
      x: 'u',
      y: 'value',
      color: 'series',
      error: 'err',
    },
    theory: { data: theory, x: 'u', y: 'value', color: 'series' },
    xDomain: [0, xMax],
    legendTitle: '',
  });
}

/** Critical cos θ against λ per N beside cos θ_c = φ_{α,1}(λ) and the nearest-pattern overlap (Fig. 11 right). */
export function basinPlot(rows: readonly BasinRow[], ensemble: DensePatternEnsemble, seed: number): PlotSpec {
  const alpha = rows[0]?.alpha ?? 0.1;
  const lambdas = rows.map((r) => r.lambda);
  const lo = Math.min(...lambdas);
  const hi = Math.max(...lambdas);
  const a = lo === hi ? lo / 2 : lo;
  const b = lo === hi ? hi * 2 : hi;
  const theory: Record<string, unknown>[] = [];
  if (ensemble !== 'binary') {
    for (let k = 0; k <= 60; k++) {
      const lambda = a + ((b - a) * k) / 60;
      const c = criticalCosine(ensemble, alpha, lambda);
      if (c !== null) theory.push({ lambda, value: c, series: 'theory cos θ_c = φ_{α,1}(λ)' });
    }
    const near = nearestPatternOverlap(ensemble, alpha);
    theory.push({ lambda: a, value: near, series: 'nearest pattern c_max(α)' });
    theory.push({ lambda: b, value: near, series: 'nearest pattern c_max(α)' });
  }
  return lineChart({
    title: `Basin of ξ¹: critical angle, ${ensemble} patterns, α = ${alpha} (seed ${seed})`,
    xTitle: 'interaction strength λ',
    yTitle: 'critical cos θ',
    simulation: {
      data: rows.map((r) => ({ ...r, series: `N = ${r.n}` })),
      x: 'lambda',
      y: 'cosThetaCritical',
      color: 'series',
      error: 'cosThetaStd',
    },
    theory: { data: theory, x: 'lambda', y: 'value', color: 'series' },
    legendTitle: '',
  });
}

/** Δ against the starting cos θ per N, with the rule at cos θ_c (Fig. 11 left). */
export function basinDistancePlot(
  rows: readonly BasinDistanceRow[],
  s: { ensemble: DensePatternEnsemble; alpha: number; lambda: number; seed: number },
): PlotSpec {
  const c = s.ensemble === 'binary' ? null : criticalCosine(s.ensemble, s.alpha, s.lambda);
  return lineChart({
    title: `End distance against the starting angle, α = ${s.alpha}, λ = ${s.lambda} (seed ${s.seed})`,
    xTitle: 'cos θ (start on the sphere at angle θ from ξ¹)',
    yTitle: 'Δ = ‖x∞ − ξ¹‖²/N',
    simulation: {
      data: rows.map((r) => ({ ...r, N: `N = ${r.n}` })),
      x: 'cosTheta',
      y: 'meanDistance',
      color: 'N',
    },
    rules: c !== null ? [{ x: c, label: `cos θ_c = ${fmt(c)}` }] : [],
    legendTitle: 'size',
  });
}

/** Δ against λ̃ in the scaled regime with the rule at λ̃₁ = α̃ (Fig. 12). */
export function scaledPlot(rows: readonly ScaledRow[], seed: number): PlotSpec {
  const r0 = rows[0];
  return lineChart({
    title: `Scaled dot product, a = ${r0?.a}, α̃ = ${r0?.alphaTilde} (seed ${seed})`,
    xTitle: 'λ̃ (λ = λ̃/N^a)',
    yTitle: 'Δ = ‖x∞ − ξ¹‖²/N',
    simulation: {
      data: rows.map((r) => ({ ...r, N: `N = ${r.n} (P = ${r.p})` })),
      x: 'lambdaTilde',
      y: 'meanDistance',
      color: 'N',
      error: 'stdDistance',
    },
    rules: r0 ? [{ x: r0.lambdaTildeTheory, label: `λ̃₁ = α̃ = ${r0.lambdaTildeTheory}` }] : [],
    legendTitle: 'size',
  });
}

/** Measured capacity against N (log–log for xⁿ, log-linear for eˣ) beside the central-limit estimate. */
export function binaryCapacityPlot(rows: readonly BinaryCapacityRow[], seed: number): PlotSpec {
  const r0 = rows[0];
  const isPoly = r0?.f === 'poly';
  const label = isPoly ? `F(x) = x^${r0?.degree}` : 'F(x) = eˣ';
  const theory = rows
    .filter((r) => r.pTheory !== null)
    .map((r) => ({ n: r.n, value: r.pTheory, series: 'signal-to-noise estimate' }));
  return lineChart({
    title: `Binary dense memory capacity, ${label} (seed ${seed})`,
    xTitle: 'N',
    yTitle: 'P at which half of the stored patterns stay fixed',
    simulation: {
      data: rows.map((r) => ({ n: r.n, value: r.pCapacity, series: 'simulation' })),
      x: 'n',
      y: 'value',
      color: 'series',
    },
    ...(theory.length ? { theory: { data: theory, x: 'n', y: 'value', color: 'series' } } : {}),
    xScale: isPoly ? 'log' : 'linear',
    yScale: 'log',
    legendTitle: '',
  });
}

/**
 * Report section and figures for dense associative memories (paper 001, Appendix F): end distance against λ with
 * the threshold λ₁(α), the finite-N crossover and its extrapolation, basin angles beside cos θ_c = φ_{α,1}(λ), the
 * scaled dot-product threshold λ̃₁ = α̃, and the capacity of binary dense memories against N.
 */
import type { DensePatternEnsemble } from '../../core/models/dense.js';
import { criticalCosine, nearestPatternOverlap } from '../../core/theory/dense.js';
import {
  type BasinDistanceRow,
  type BasinRow,
  type BinaryCapacityResult,
  basinDistanceExperiment,
  basinExperiment,
  binaryCapacityExperiment,
  type CrossoverResult,
  crossoverExperiment,
  type EndDistanceRow,
  endDistanceExperiment,
  type ScaledRow,
  scaledExperiment,
} from '../../experiments/dense.js';
import { lineChart, type PlotSpec } from '../plot.js';
import type { ReportSection } from '../types.js';

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
export function crossoverPlot(res: CrossoverResult, ensemble: string, seed: number): PlotSpec {
  const xMax = Math.max(...res.rows.map((r) => 1 / r.n)) * 1.05;
  const theory: Record<string, unknown>[] = [];
  for (const e of res.extrapolated) {
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
      data: res.rows.map((r) => ({
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
export function binaryCapacityPlot(res: BinaryCapacityResult, seed: number): PlotSpec {
  const r0 = res.rows[0];
  const isPoly = r0?.f === 'poly';
  const label = isPoly ? `F(x) = x^${r0?.degree}` : 'F(x) = eˣ';
  const theory = res.rows
    .filter((r) => r.pTheory !== null)
    .map((r) => ({ n: r.n, value: r.pTheory, series: 'signal-to-noise estimate' }));
  return lineChart({
    title: `Binary dense memory capacity, ${label} (seed ${seed})`,
    xTitle: 'N',
    yTitle: 'P at which half of the stored patterns stay fixed',
    simulation: {
      data: res.rows.map((r) => ({ n: r.n, value: r.pCapacity, series: 'simulation' })),
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

export const denseSection: ReportSection = {
  id: 'dense',
  title: 'Dense associative memories (exponential capacity)',
  intro:
    'P = e^{αN} patterns on the sphere of radius √N with the log-sum-exp energy E(x) = −(1/λ) log Σ_μ e^{λx·ξ^μ} + ½‖x‖² ' +
    '(paper 001 Eq. 1), gradient descent with step η = 0.5 until convergence (Appendix F). Started at a pattern, the ' +
    'dynamics stays there above the threshold λ₁(α) of the random-energy-model theory and collapses to the barycentre ' +
    'below it; the finite-N crossover moves towards λ₁ as N grows. Binary memories with F(x) = x³ show the N² growth of ' +
    'the Krotov–Hopfield capacity.',
  build(ctx) {
    const q = ctx.quick;
    const [rEnd, rCross, rBasin, rDist, rScaled, rBin] = ctx.rng.split(6);
    const total = 6;
    let step = 0;
    const tick = () => ctx.onProgress?.(++step, total);
    const ensemble: DensePatternEnsemble = 'spherical';

    const endNs = q ? [40, 60, 80] : [40, 60, 80, 100];
    const endLambdas = Array.from({ length: q ? 11 : 21 }, (_, k) =>
      fmt(0.05 + (k * 0.2) / (q ? 10 : 20), 4),
    );
    const endTrials = q ? 5 : 10;
    const endRows = endDistanceExperiment(
      { ensemble, ns: endNs, alpha: 0.1, lambdas: endLambdas, trials: endTrials },
      rEnd,
    );
    tick();

    const crossNs = q ? [40, 60, 80] : [40, 60, 80, 100];
    const crossSamples = q ? 10 : 20;
    const crossAlphas = q ? [0.1] : [0.05, 0.1];
    const cross = crossoverExperiment(
      { ensemble, ns: crossNs, alphas: crossAlphas, samples: crossSamples },
      rCross,
    );
    tick();

    const basinNs = q ? [40, 60] : [40, 60, 80];
    const basinLambdas = q ? [0.2, 0.3, 0.45] : [0.15, 0.2, 0.25, 0.3, 0.4, 0.6];
    const basinSamples = q ? 3 : 6;
    const basinRows = basinExperiment(
      { ensemble, ns: basinNs, alpha: 0.1, lambdas: basinLambdas, samples: basinSamples, restarts: 10 },
      rBasin,
    );
    tick();

    const cosThetas = Array.from({ length: q ? 11 : 21 }, (_, k) => fmt(0.3 + (k * 0.6) / (q ? 10 : 20), 4));
    const distRows = basinDistanceExperiment(
      { ensemble, ns: basinNs, alpha: 0.1, lambda: 0.2, cosThetas, samples: q ? 2 : 5, restarts: q ? 3 : 10 },
      rDist,
    );
    tick();

    const scaledNs = q ? [64, 144] : [64, 144, 256, 324];
    const lambdaTildes = Array.from({ length: q ? 8 : 15 }, (_, k) => fmt(0.1 + (k * 1.4) / (q ? 7 : 14), 4));
    const scaledRows = scaledExperiment(
      { ensemble: 'gaussian', a: 0.5, ns: scaledNs, alphaTilde: 0.5, lambdaTildes, trials: q ? 3 : 5 },
      rScaled,
    );
    tick();

    const binNs = q ? [30, 50, 80] : [30, 50, 80, 120, 200];
    const bin = binaryCapacityExperiment(
      { f: { kind: 'poly', degree: 3 }, ns: binNs, trials: q ? 1 : 3 },
      rBin,
    );
    tick();

    const ex = cross.extrapolated.map(
      (e) =>
        `α = ${e.alpha}: ${e.lambda1 === null ? '–' : fmt(e.lambda1)} vs ${e.lambda1Theory === null ? '–' : fmt(e.lambda1Theory)}`,
    );
    return [
      {
        id: 'dense-end-distance',
        title: 'End distance from a stored pattern (spherical, α = 0.1)',
        caption:
          'Mean Δ = ‖x∞ − ξ¹‖²/N after gradient descent from ξ¹ (± std over pattern sets). Δ ≈ 1 means collapse to the ' +
          'barycentre (≈ origin), Δ ≈ 0 retrieval. The dotted rule is λ₁(0.1) ≈ 0.106 of the N = ∞ theory; the ' +
          'crossover sharpens and moves towards it as N grows (paper 001 Fig. 8).',
        plot: endDistancePlot(endRows, ensemble, ctx.seed),
        settings: {
          ensemble,
          n: endNs,
          alpha: 0.1,
          lambda: `${endLambdas[0]}..${endLambdas.at(-1)}`,
          trials: endTrials,
          eta: 0.5,
          seed: ctx.seed,
        },
        rows: endRows,
      },
      {
        id: 'dense-crossover',
        title: 'Finite-N crossover and extrapolation',
        caption:
          'The λ at which half of the pattern sets keep ξ¹ (Δ < ½), against 1/N, with least-squares quadratic fits in 1/N ' +
          `(dashed) and the theory λ₁(α) (flat dashed lines). Extrapolated vs theory: ${ex.join('; ')} (paper 001 Fig. 10).`,
        plot: crossoverPlot(cross, ensemble, ctx.seed),
        settings: {
          ensemble,
          n: crossNs,
          alpha: crossAlphas,
          samples: crossSamples,
          eta: 0.5,
          seed: ctx.seed,
        },
        rows: cross.rows,
      },
      {
        id: 'dense-basin-angle',
        title: 'Basin size: critical angle (spherical, α = 0.1)',
        caption:
          'The cos θ at which half of 10 random starts on the sphere at angle θ from ξ¹ return to it (bisection), mean ± ' +
          'std over pattern sets, against λ; dashed: cos θ_c = φ_{α,1}(λ) of the theory and the nearest-pattern overlap ' +
          'c_max(α) (paper 001 Fig. 11 right).',
        plot: basinPlot(basinRows, ensemble, ctx.seed),
        settings: {
          ensemble,
          n: basinNs,
          alpha: 0.1,
          lambda: basinLambdas,
          samples: basinSamples,
          restarts: 10,
          seed: ctx.seed,
        },
        rows: basinRows,
      },
      {
        id: 'dense-basin-distance',
        title: 'End distance against the starting angle (α = 0.1, λ = 0.2)',
        caption:
          'Mean Δ after gradient descent from random starts at angle θ from ξ¹; the dotted rule is cos θ_c ≈ 0.598 ' +
          '(paper 001 Fig. 11 left).',
        plot: basinDistancePlot(distRows, { ensemble, alpha: 0.1, lambda: 0.2, seed: ctx.seed }),
        settings: { ensemble, n: basinNs, alpha: 0.1, lambda: 0.2, seed: ctx.seed },
        rows: distRows,
      },
      {
        id: 'dense-scaled',
        title: 'Scaled dot product (a = ½, Gaussian patterns)',
        caption:
          'λ = λ̃/√N and P = e^{α̃√N} with α̃ = 0.5: the retrieval threshold is λ̃₁ = α̃ (dotted rule; paper 001 section VI, Fig. 12).',
        plot: scaledPlot(scaledRows, ctx.seed),
        settings: { ensemble: 'gaussian', a: 0.5, n: scaledNs, alphaTilde: 0.5, seed: ctx.seed },
        rows: scaledRows,
      },
      {
        id: 'dense-binary-capacity',
        title: 'Binary dense memory, F(x) = x³: capacity against N',
        caption:
          'The number of stored ±1 patterns at which half of the tested patterns stop being fixed points of the ' +
          'asynchronous dynamics, beside the signal-to-noise estimate (dashed). Log–log slope measured ' +
          `${bin.growth.measured === null ? '–' : fmt(bin.growth.measured, 2)}, estimate ${bin.growth.theory === null ? '–' : fmt(bin.growth.theory, 2)}` +
          ' (→ n − 1 = 2 at large N, up to the log N factor).',
        plot: binaryCapacityPlot(bin, ctx.seed),
        settings: { f: 'x^3', n: binNs, seed: ctx.seed },
        rows: bin.rows,
      },
    ];
  },
};

/**
 * Report section and figure builders for the theory calculators: the AGS (α, T) phase diagram and m(α) curves
 * (paper 004), the (λ, α) phase diagrams of dense memories for both ensembles and the basin angle θ_c(λ)
 * (papers 001/003), and the pseudo-likelihood stability distribution P_λ(Δ) (paper 000 Appendix A).
 */
import {
  agsCriticalLoad,
  agsRetrievalCurve,
  agsRetrievalLoads,
  glassTemperature,
} from '../../core/theory/classical.js';
import {
  capacityLowerBound,
  condensationAlpha,
  criticalAngle,
  type DenseEnsemble,
  nearestPatternOverlap,
  ramsauerCapacityBound,
  retrievalThreshold,
} from '../../core/theory/dense.js';
import {
  hebbianStabilityLimit,
  maximalMargin,
  stabilityDistribution,
} from '../../core/theory/pseudolikelihood.js';
import type { PlotSpec } from '../plot.js';
import type { ReportFigure, ReportSection } from '../types.js';

type Datum = Record<string, unknown>;

/** Options of {@link curveChart}. */
export interface CurveChartOptions {
  readonly title: string;
  readonly data: readonly Datum[];
  readonly x: string;
  readonly y: string;
  /** Field naming each curve (legend). */
  readonly color: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly legendTitle?: string;
  /** Curve names drawn dashed (limits, bounds). */
  readonly dashed?: readonly string[];
  /** Alternatively, a field whose two values pick solid (first) or dashed (second) lines, with a legend. */
  readonly dashField?: {
    readonly field: string;
    readonly values: readonly [string, string];
    readonly title: string;
  };
  readonly xScale?: 'linear' | 'log';
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
}

const DASHES = [
  [1, 0],
  [6, 4],
];

/** Theory curves as lines without points (a dashed subset for limits and bounds), clipped to the domains. */
export function curveChart(o: CurveChartOptions): PlotSpec {
  const dashed = new Set(o.dashed ?? []);
  // Keep the given point order within each curve (vega-lite would sort a line by x, breaking α(T) curves).
  const data = o.data.map((d, i) => ({
    ...d,
    __i: i,
    __style: dashed.has(String(d[o.color])) ? 'dashed' : 'solid',
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: 420,
    height: 280,
    config: { legend: { labelLimit: 320, titleLimit: 320 }, axis: { titleFontSize: 12 } },
    data: { values: data },
    mark: { type: 'line', strokeWidth: 1.8, clip: true },
    encoding: {
      x: {
        field: o.x,
        type: 'quantitative',
        title: o.xTitle,
        scale: {
          type: o.xScale ?? 'linear',
          ...(o.xScale === 'log' ? {} : { zero: false }),
          ...(o.xDomain ? { domain: [...o.xDomain] } : {}),
        },
      },
      y: {
        field: o.y,
        type: 'quantitative',
        title: o.yTitle,
        scale: { zero: false, ...(o.yDomain ? { domain: [...o.yDomain] } : {}) },
      },
      color: { field: o.color, type: 'nominal', title: o.legendTitle ?? o.color, sort: null },
      order: { field: '__i', type: 'quantitative' },
      strokeDash: o.dashField
        ? {
            field: o.dashField.field,
            type: 'nominal',
            title: o.dashField.title,
            scale: { domain: [...o.dashField.values], range: DASHES },
          }
        : {
            field: '__style',
            type: 'nominal',
            scale: { domain: ['solid', 'dashed'], range: DASHES },
            legend: null,
          },
    },
  } as unknown as PlotSpec;
}

/** Evenly spaced values from a to b (n ≥ 2), or log-spaced when `log`. */
export function grid(a: number, b: number, n: number, log = false): number[] {
  return Array.from({ length: n }, (_, k) => {
    const t = k / (n - 1);
    return log ? a * (b / a) ** t : a + (b - a) * t;
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
export function agsPhaseLines(
  temperatures: number,
  alphaMax: number,
  onProgress?: (done: number, total: number) => void,
): AgsLineRow[] {
  const rows: AgsLineRow[] = [];
  const ts = grid(0, 1, temperatures + 1).slice(0, -1);
  const loads = ts.map((t, k) => {
    const l = agsRetrievalLoads(t);
    onProgress?.(k + 1, ts.length);
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

/** The AGS phase diagram in the (α, T) plane. */
export function agsPhaseDiagramPlot(rows: readonly AgsLineRow[]): PlotSpec {
  const name = {
    T_M: 'T_M(α): retrieval states exist below',
    T_c: 'T_c(α): retrieval is the global minimum below',
    T_g: 'T_g(α) = 1 + √α: spin glass below',
  };
  return curveChart({
    title: 'Hopfield network, replica-symmetric phase diagram (AGS)',
    data: rows.map((r) => ({ ...r, curve: name[r.line] })),
    x: 'alpha',
    y: 'temperature',
    color: 'curve',
    xTitle: 'load α = P/N',
    yTitle: 'temperature T',
    legendTitle: 'line',
    dashed: [name.T_g],
    xDomain: [0, Math.max(...rows.map((r) => r.alpha))],
    yDomain: [0, Math.max(...rows.map((r) => r.temperature))],
  });
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

/** The (λ, α) phase diagram of one ensemble. */
export function densePhaseDiagramPlot(ensemble: DenseEnsemble, rows: readonly DenseCurveRow[]): PlotSpec {
  const lambdas = rows.map((r) => r.lambda);
  const yMax =
    ensemble === 'gaussian'
      ? 0.7
      : Math.max(...rows.filter((r) => r.curve.startsWith('α₁')).map((r) => r.alpha)) * 1.1;
  return curveChart({
    title: `Dense associative memory, ${ensemble} patterns: thresholds against λ`,
    data: rows as unknown as readonly Datum[],
    x: 'lambda',
    y: 'alpha',
    color: 'curve',
    xTitle: 'interaction strength λ',
    yTitle: 'load α = (log P)/N',
    legendTitle: 'threshold',
    dashed: ['α_* (REM condensation)', 'Ramsauer et al. bound'],
    xScale: 'log',
    xDomain: [Math.min(...lambdas), Math.max(...lambdas)],
    yDomain: [0, yMax],
  });
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

/** θ_c(λ) in degrees for several loads (spherical patterns, ρ = 1; paper 001 Fig. 2). */
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

/** θ_c(λ) curves coloured by load, with the nearest-pattern angles dashed (paper 001 Fig. 2). */
export function basinAnglePlot(ensemble: DenseEnsemble, rows: readonly BasinAngleRow[]): PlotSpec {
  const lambdas = rows.map((r) => r.lambda);
  return curveChart({
    title: `Basin of attraction, ${ensemble} patterns: critical angle θ_c(λ)`,
    data: rows as unknown as readonly Datum[],
    x: 'lambda',
    y: 'thetaC',
    color: 'curve',
    xTitle: 'interaction strength λ',
    yTitle: 'critical angle θ_c (degrees)',
    legendTitle: 'load',
    dashField: { field: 'kind', values: ['θ_c', 'nearest pattern'], title: 'angle' },
    xScale: 'log',
    xDomain: [Math.min(...lambdas), Math.max(...lambdas)],
    yDomain: [0, 90],
  });
}

/** P_λ(Δ) on a Δ grid for several λ at load α, plus the Hebbian limit N(1/√α, 1). */
export function stabilityDensityRows(
  alpha: number,
  lambdas: readonly number[],
  deltas: readonly number[],
): { lambda: number | null; delta: number; density: number; curve: string }[] {
  const rows: { lambda: number | null; delta: number; density: number; curve: string }[] = [];
  for (const lambda of lambdas) {
    const d = stabilityDistribution(alpha, lambda);
    for (const delta of deltas)
      rows.push({ lambda, delta, density: d.density(delta), curve: `λ = ${lambda}` });
  }
  const h = hebbianStabilityLimit(alpha);
  for (const delta of deltas) {
    const z = delta - h.mean;
    rows.push({
      lambda: null,
      delta,
      density: Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI),
      curve: 'Hebbian limit λ → 0',
    });
  }
  return rows;
}

/** P_λ(Δ) curves for several λ beside the dashed Hebbian Gaussian (paper 000 Fig. 1b). */
export function stabilityDensityPlot(alpha: number, rows: ReturnType<typeof stabilityDensityRows>): PlotSpec {
  const kappa = maximalMargin(alpha);
  const deltas = rows.map((r) => r.delta);
  return curveChart({
    title: `Pseudo-likelihood stability distribution P_λ(Δ), α = ${alpha} (max-margin κ = ${kappa.toFixed(3)})`,
    data: rows,
    x: 'delta',
    y: 'density',
    color: 'curve',
    xTitle: 'stability Δ',
    yTitle: 'density P_λ(Δ)',
    legendTitle: 'inverse temperature',
    dashed: ['Hebbian limit λ → 0'],
    xDomain: [Math.min(...deltas), Math.max(...deltas)],
    yDomain: [0, 4],
  });
}

/** The report section: AGS, dense-memory and pseudo-likelihood theory figures (no simulation). */
export const theorySection: ReportSection = {
  id: 'theory',
  title: 'Theory: phase diagrams, thresholds and stability distributions',
  intro:
    'Closed forms and saddle-point solutions computed by the library, without simulation: the replica-symmetric ' +
    '(AGS) phase diagram of the Hebbian network (paper 004), the random-energy-model thresholds and basins of dense ' +
    'associative memories for spherical and Gaussian patterns (paper 001), and the distribution of stabilities of ' +
    'a perceptron row trained by pseudo-likelihood (paper 000 Appendix A).',
  build(ctx) {
    const q = ctx.quick;
    const figures: ReportFigure[] = [];
    const total = 6;
    let done = 0;
    const tick = () => ctx.onProgress?.(++done, total);

    const tPoints = q ? 12 : 30;
    const agsRows = agsPhaseLines(tPoints, 0.16);
    const crit = agsCriticalLoad(0);
    figures.push({
      id: 'theory-ags-phase-diagram',
      title: 'AGS phase diagram of the Hebbian network',
      caption:
        `Retrieval states exist below T_M(α), which meets T = 0 at α_c = ${crit.alphaC.toFixed(4)} (m = ${crit.mAtAlphaC.toFixed(4)}); ` +
        `they are global minima of the free energy below T_c(α), which meets T = 0 at α ≈ ${agsRows.find((r) => r.line === 'T_c' && r.temperature === 0)?.alpha.toFixed(4)}; ` +
        'the spin-glass state appears below T_g(α) = 1 + √α. The slight bend of T_M and T_c at low T is the known ' +
        'reentrance of the replica-symmetric solution.',
      plot: agsPhaseDiagramPlot(agsRows),
      settings: { temperaturePoints: tPoints, alphaMax: 0.16 },
      rows: agsRows,
    });
    tick();

    const mRows = [0, 0.2, 0.4, 0.6].flatMap((t) =>
      agsRetrievalCurve(t, q ? 20 : 40).map((p) => ({
        temperature: t,
        alpha: p.alpha,
        m: p.m,
        curve: `T = ${t}`,
      })),
    );
    figures.push({
      id: 'theory-ags-overlap',
      title: 'Retrieval overlap m(α) of the RS solution',
      caption:
        'Mattis overlap of the stable retrieval solution against the load at several temperatures; each curve ends at ' +
        'the critical load α_c(T) where the solution disappears (α_c(0) ≈ 0.138 with m ≈ 0.967).',
      plot: curveChart({
        title: 'AGS retrieval overlap m(α)',
        data: mRows,
        x: 'alpha',
        y: 'm',
        color: 'curve',
        xTitle: 'load α = P/N',
        yTitle: 'overlap m',
        legendTitle: 'temperature',
        xDomain: [0, 0.15],
        yDomain: [0.5, 1],
      }),
      settings: { temperatures: [0, 0.2, 0.4, 0.6] },
      rows: mRows,
    });
    tick();

    const lambdas = grid(0.02, 50, q ? 40 : 120, true);
    for (const ensemble of ['spherical', 'gaussian'] as const) {
      const rows = denseCurves(ensemble, ensemble === 'gaussian' ? lambdas.filter((l) => l <= 10) : lambdas);
      figures.push({
        id: `theory-dense-${ensemble}`,
        title: `Dense memory thresholds, ${ensemble} patterns`,
        caption:
          ensemble === 'spherical'
            ? 'A typical pattern, and with it every pattern, is retrieved below α₁(λ) = λ − ζ₁(λ) (≈ ½ log λ at large λ). ' +
              'The REM condenses above α_*(λ) only, so the transition is driven by exponentially many patterns. ' +
              'The Ramsauer et al. bound W₀(2λ/5)/4 is far below.'
            : 'α₁(λ) = λ(1 − λ/2) saturates at ½ for λ ≥ 1; the all-pattern bound α_c^lb saturates at log 2 / 4 ≈ 0.1733 ' +
              'from λ ≈ 0.70091; α_* = λ²/2 is the condensation line.',
        plot: densePhaseDiagramPlot(ensemble, rows),
        settings: {
          ensemble,
          lambda: `${lambdas[0]}..${ensemble === 'gaussian' ? 10 : lambdas[lambdas.length - 1]} (log)`,
        },
        rows,
      });
      tick();
    }

    const basinAlphas = [0.05, 0.1, 0.2, 0.4];
    const basinLambdas = grid(0.05, 20, q ? 50 : 150, true);
    const basinRows = basinAngleRows('spherical', basinAlphas, basinLambdas);
    figures.push({
      id: 'theory-dense-basin-angle',
      title: 'Basin angle θ_c(λ), spherical patterns',
      caption:
        'Largest angle between a typical pattern and a random start on the sphere from which one step of the ' +
        'dynamics retrieves it, cos θ_c = φ_{α,1}(λ). No basin for λ < λ₁(α); the angle grows with λ and freezes at ' +
        'the nearest-pattern angle arccos √(1 − e^{−2α}) (dashed) once the REM condenses.',
      plot: basinAnglePlot('spherical', basinRows),
      settings: { alphas: basinAlphas, lambda: '0.05..20 (log)' },
      rows: basinRows,
    });
    tick();

    const plAlpha = 0.4;
    const plLambdas = [0.2, 0.5, 1, 2, 5, 20];
    const deltas = grid(-2, 5, q ? 141 : 351);
    const plRows = stabilityDensityRows(plAlpha, plLambdas, deltas);
    const summary = plLambdas.map((l) => {
      const d = stabilityDistribution(plAlpha, l);
      return { lambda: l, mean: d.mean, variance: d.variance, negativeTail: d.negativeTail };
    });
    figures.push({
      id: 'theory-pl-stability',
      title: `Pseudo-likelihood stability distribution at α = ${plAlpha}`,
      caption:
        `From the Hebbian Gaussian N(1/√α, 1) at small λ to the maximally stable perceptron at large λ (a Gaussian cut at ` +
        `the Gardner margin κ(0.4) = ${maximalMargin(plAlpha).toFixed(3)} with the cut mass piled up at κ). ` +
        `Negative-tail mass: ${summary.map((s) => `λ = ${s.lambda}: ${s.negativeTail.toExponential(2)}`).join(', ')}.`,
      plot: stabilityDensityPlot(plAlpha, plRows),
      settings: { alpha: plAlpha, lambdas: plLambdas },
      rows: summary,
    });
    tick();
    return figures;
  },
};

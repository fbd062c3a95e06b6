/**
 * Figures of the theory calculators: theory curves as lines without points, with dashed limits and bounds. The AGS
 * (α, T) phase diagram and m(α) curves (paper 004), the (λ, α) phase diagrams of dense memories and the basin
 * angle θ_c(λ) (papers 001/003), the stability distribution P_λ(Δ) (paper 000 Appendix A), and the
 * Marchenko–Pastur and cosine-similarity laws (paper 002).
 */
import type { DenseEnsemble } from '../../core/theory/dense.js';
import { maximalMargin } from '../../core/theory/pseudolikelihood.js';
import type { PlotSpec } from '../plots.js';
import {
  type AgsLineRow,
  type AgsOverlapRow,
  type BasinAngleRow,
  basinAngleRows,
  type DenseCurveRow,
  denseCurves,
  grid,
  hebbianDensityRows,
  type StabilityDensityRow,
  stabilityDensityRows,
} from './run.js';

type Datum = Record<string, unknown>;

/** Smallest and largest value, by a loop (a spread into Math.min overflows the stack beyond ~10⁵ values). */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

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
    config: { legend: { labelLimit: 0, titleLimit: 0 }, axis: { titleFontSize: 12 } },
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

/** Curie–Weiss magnetization against the temperature. */
export function curieWeissPlot(rows: readonly Datum[], coupling: number, field: number): PlotSpec {
  return curveChart({
    title: `Curie–Weiss magnetization, J = ${coupling}, h = ${field}`,
    data: rows.map((r) => ({ ...r, curve: 'm(T)' })),
    x: 'temperature',
    y: 'm',
    color: 'curve',
    xTitle: 'temperature T',
    yTitle: 'magnetization m',
  });
}

/** Probability that one spin, and a whole pattern, is stable against the load. */
export function signalToNoisePlot(
  rows: readonly { alpha: number; spinStability: number; patternStability: number }[],
  n: number,
): PlotSpec {
  return curveChart({
    title: `Signal-to-noise stability, N = ${n}`,
    data: rows.flatMap((r) => [
      { alpha: r.alpha, p: r.spinStability, curve: 'one spin Φ(1/√α)' },
      { alpha: r.alpha, p: r.patternStability, curve: `whole pattern Φ(1/√α)^N` },
    ]),
    x: 'alpha',
    y: 'p',
    color: 'curve',
    xTitle: 'load α',
    yTitle: 'probability of stability',
  });
}

/** AGS overlap m(α), one curve per temperature. */
export function agsOverlapPlot(
  title: string,
  rows: readonly AgsOverlapRow[],
  domains: { xDomain?: readonly [number, number]; yDomain?: readonly [number, number] } = {},
): PlotSpec {
  return curveChart({
    title,
    data: rows.map((r) => ({ ...r, curve: `T = ${r.temperature}` })),
    x: 'alpha',
    y: 'm',
    color: 'curve',
    xTitle: 'load α',
    yTitle: 'overlap m',
    legendTitle: 'temperature',
    ...domains,
  });
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
    xDomain: [0, extent(rows.map((r) => r.alpha))[1]],
    yDomain: [0, extent(rows.map((r) => r.temperature))[1]],
  });
}

/** The (λ, α) phase diagram of one ensemble. */
export function densePhaseDiagramPlot(ensemble: DenseEnsemble, rows: readonly DenseCurveRow[]): PlotSpec {
  const yMax =
    ensemble === 'gaussian'
      ? 0.7
      : extent(rows.filter((r) => r.curve.startsWith('α₁')).map((r) => r.alpha))[1] * 1.1;
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
    xDomain: extent(rows.map((r) => r.lambda)),
    yDomain: [0, yMax],
  });
}

/** θ_c(λ) curves coloured by load, with the nearest-pattern angles dashed (paper 001 Fig. 2). */
export function basinAnglePlot(ensemble: DenseEnsemble, rows: readonly BasinAngleRow[]): PlotSpec {
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
    xDomain: extent(rows.map((r) => r.lambda)),
    yDomain: [0, 90],
  });
}

/**
 * The figure of `theory dense` for the first ensemble: without loads its thresholds against λ (on 50 log-spaced
 * values around a single λ), with loads the basin angle θ_c(λ).
 */
export function densePlot(
  ensembles: readonly DenseEnsemble[],
  lambdas: readonly number[],
  alphas: readonly number[] | undefined,
): PlotSpec {
  const e = ensembles[0];
  if (alphas !== undefined) return basinAnglePlot(e, basinAngleRows(e, alphas, lambdas));
  const ls = lambdas.length > 1 ? lambdas : grid(lambdas[0] / 10, lambdas[0] * 10, 50, true);
  return densePhaseDiagramPlot(e, denseCurves(e, ls));
}

/** P_λ(Δ) curves for several λ beside the dashed Hebbian Gaussian (paper 000 Fig. 1b). */
export function stabilityDensityPlot(alpha: number, rows: readonly StabilityDensityRow[]): PlotSpec {
  const kappa = maximalMargin(alpha);
  return curveChart({
    title: `Pseudo-likelihood stability distribution P_λ(Δ), α = ${alpha} (max-margin κ = ${kappa.toFixed(3)})`,
    data: rows as unknown as readonly Datum[],
    x: 'delta',
    y: 'density',
    color: 'curve',
    xTitle: 'stability Δ',
    yTitle: 'density P_λ(Δ)',
    legendTitle: 'inverse temperature',
    dashed: ['Hebbian limit λ → 0'],
    xDomain: extent(rows.map((r) => r.delta)),
    yDomain: [0, 4],
  });
}

/**
 * The figure of `theory pl-stability`: the density rows of the run when `deltas` were given (with the Hebbian
 * limit added; at most about {@link MAX_CURVE_POINTS} per curve), otherwise P_λ(Δ) on 241 points of
 * [−2, max(5, 1/√α + 4)].
 */
export function plStabilityPlot(
  alpha: number,
  lambdas: readonly number[],
  deltas: readonly number[] | undefined,
  densityRows: readonly { lambda: number; delta: number; density: number }[],
): PlotSpec {
  if (deltas === undefined) {
    const ds = grid(-2, Math.max(5, 1 / Math.sqrt(alpha) + 4), 241);
    return stabilityDensityPlot(alpha, stabilityDensityRows(alpha, lambdas, ds));
  }
  // A figure needs no more than ~2000 points per curve: longer tables are drawn on every k-th Δ (and the last).
  const n = deltas.length;
  const stride = Math.ceil(n / MAX_CURVE_POINTS);
  const keep = (i: number) => i % stride === 0 || i === n - 1;
  const rows: StabilityDensityRow[] = [];
  densityRows.forEach((r, i) => {
    if (keep(i % n))
      rows.push({ lambda: r.lambda, delta: r.delta, density: r.density, curve: `λ = ${r.lambda}` });
  });
  for (const r of hebbianDensityRows(
    alpha,
    deltas.filter((_, i) => keep(i)),
  ))
    rows.push(r);
  return stabilityDensityPlot(alpha, rows);
}

/** Most points drawn per curve of a tabulated density. */
export const MAX_CURVE_POINTS = 2000;

/** The Marchenko–Pastur density between its edges. */
export function marchenkoPasturPlot(rows: readonly Datum[], alpha: number): PlotSpec {
  return curveChart({
    title: `Marchenko–Pastur density, α = ${alpha}`,
    data: rows.map((r) => ({ ...r, curve: 'ρ(λ)' })),
    x: 'lambda',
    y: 'density',
    color: 'curve',
    xTitle: 'eigenvalue λ of ΞᵀΞ',
    yTitle: 'density',
  });
}

/** The cosine-similarity law against time, one curve per initial similarity. */
export function cosineLawPlot(rows: readonly { alpha0: number }[], tau: number): PlotSpec {
  return curveChart({
    title: `Cosine-similarity law, τ = ${tau}`,
    data: rows.map((r) => ({ ...r, curve: `α₀ = ${r.alpha0}` })),
    x: 'time',
    y: 'similarity',
    color: 'curve',
    xTitle: 'time t',
    yTitle: 'cosine similarity',
    legendTitle: 'initial similarity',
  });
}

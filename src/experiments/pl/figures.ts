/**
 * Figures of the pseudo-likelihood family (paper 000): retrieval maps during training and against perceptrons
 * (Fig. 2), basin size and asymmetry against α (Fig. 3), the random-features phase diagram (Fig. 4), train / test /
 * random final overlaps on MNIST and Edwards–Anderson samples (Figs. 5a, 7), retrieved digits (Figs. 5b, 8) and the
 * stability distribution during training (Fig. 1a). Pure Vega-Lite specs.
 */

import { heatmap, lineChart, type PlotSpec } from '../plots.js';
import type {
  GalleryItem,
  OverlapRow,
  PLBasinsRow,
  PLFeaturesRow,
  PLRetrievalMapRow,
  PLSpinGlassRow,
  PLStabilityRow,
} from './run.js';

type Datum = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fig. 2: m_F against m_IN, one line per epoch or perceptron margin; dashed diagonal m_F = m_IN. */
export function plRetrievalMapPlot(
  rows: readonly PLRetrievalMapRow[],
  n: number,
  alpha: number,
  seed: number,
): PlotSpec {
  const diag = [0, 1].map((m) => ({ m0: m, meanOverlap: m }));
  return lineChart({
    title: `Retrieval map, random patterns, N = ${n}, α = ${alpha} (seed ${seed})`,
    xTitle: 'initial overlap m_IN',
    yTitle: 'final overlap m_F',
    simulation: { data: rows as unknown as Datum[], x: 'm0', y: 'meanOverlap', color: 'label' },
    theory: { data: diag, x: 'm0', y: 'meanOverlap' },
    legendTitle: 'couplings',
  });
}

/** Fig. 3: basin size 1 − m_IN^max against α (and the asymmetry as a second chart). */
export function plBasinsPlot(rows: readonly PLBasinsRow[], n: number, seed: number): PlotSpec {
  const basin = lineChart({
    title: `Basin size of training examples, N = ${n} (seed ${seed})`,
    xTitle: 'load α = P/N',
    yTitle: 'basin size 1 − m_IN^max',
    simulation: {
      data: rows as unknown as Datum[],
      x: 'alpha',
      y: 'basinSize',
      color: 'couplings',
      error: 'basinStd',
    },
    rules: [
      { x: 0.138, label: 'Hebb α_c ≈ 0.138' },
      { x: 2, label: 'Gardner α = 2' },
    ].filter((r) => r.x <= 1.2 * Math.max(...rows.map((d) => d.alpha))),
    legendTitle: 'couplings',
  });
  const asym = lineChart({
    title: 'Asymmetry ‖J − Jᵀ‖/‖J‖',
    xTitle: 'load α = P/N',
    yTitle: 'asymmetry',
    simulation: { data: rows as unknown as Datum[], x: 'alpha', y: 'asymmetry', color: 'couplings' },
    legendTitle: 'couplings',
  });
  return hconcat([basin, asym]);
}

/** Remove `zero` from log scales of a layered line chart (Vega-Lite ignores it there and warns). */
function quietLogScales(spec: PlotSpec): PlotSpec {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const v of node) walk(v);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const sc = o.scale as Record<string, unknown> | undefined;
      if (sc && sc.type === 'log') delete sc.zero;
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(spec);
  return spec;
}

/** Put several Vega-Lite figures side by side. */
export function hconcat(specs: readonly PlotSpec[]): PlotSpec {
  const strip = (s: PlotSpec) => {
    const { $schema: _s, config: _c, ...rest } = s as unknown as Record<string, unknown>;
    return rest;
  };
  const config = (specs[0] as unknown as Record<string, unknown>).config;
  return { $schema: SCHEMA, config, hconcat: specs.map(strip) } as unknown as PlotSpec;
}

/** Width of each random-features heatmap (px): three panels stacked, each readable at the report's width. */
export const FEATURE_PANEL_WIDTH = 420;

/** Stack several Vega-Lite figures vertically, sharing the colour scale (one legend). */
export function vconcat(specs: readonly PlotSpec[], title?: string): PlotSpec {
  const strip = (s: PlotSpec) => {
    const { $schema: _s, config: _c, ...rest } = s as unknown as Record<string, unknown>;
    return rest;
  };
  const config = (specs[0] as unknown as Record<string, unknown>).config;
  return {
    $schema: SCHEMA,
    ...(title ? { title } : {}),
    config,
    vconcat: specs.map(strip),
    resolve: { scale: { color: 'shared' } },
  } as unknown as PlotSpec;
}

/**
 * Fig. 4: heatmaps of m_F over (α, D/N) from training examples, features and test examples, stacked (each
 * {@link FEATURE_PANEL_WIDTH} px wide, so the panels stay readable where the page is narrower than three side by side).
 */
export function plFeaturesPlot(rows: readonly PLFeaturesRow[], n: number, l: number, seed: number): PlotSpec {
  const one = (value: 'mTrain' | 'mFeature' | 'mTest', what: string) => {
    const spec = heatmap({
      title: what,
      data: rows as unknown as Record<string, unknown>[],
      x: 'alpha',
      y: 'featureRatio',
      value,
      xTitle: 'load α = P/N',
      yTitle: 'features α_D = D/N',
      valueTitle: 'm_F',
      valueDomain: [0, 1],
    }) as unknown as Record<string, unknown>;
    return { ...spec, width: FEATURE_PANEL_WIDTH, height: 200 } as unknown as PlotSpec;
  };
  return vconcat(
    [
      one('mTrain', 'storage: from training examples'),
      one('mFeature', 'learning: from features'),
      one('mTest', 'generalization: from test examples'),
    ],
    `Random features, N = ${n}, L = ${l} (seed ${seed})`,
  );
}

/** Figs. 5a and 7: final overlap from train, test and random starts against α (with a reference line). */
export function plOverlapPlot(
  rows: readonly (OverlapRow | PLSpinGlassRow)[],
  title: string,
  reference?: { readonly value: number; readonly label: string },
): PlotSpec {
  const data = rows.flatMap((r) => [
    { alpha: r.alpha, start: 'train', meanOverlap: r.mTrain, std: r.mTrainStd },
    { alpha: r.alpha, start: 'test', meanOverlap: r.mTest, std: r.mTestStd },
    { alpha: r.alpha, start: 'random', meanOverlap: r.mRandom, std: 0 },
  ]);
  const alphas = rows.map((r) => r.alpha);
  const theory = reference
    ? {
        data: [Math.min(...alphas), Math.max(...alphas)].map((a) => ({
          alpha: a,
          meanOverlap: reference.value,
          kind: reference.label,
        })),
        x: 'alpha',
        y: 'meanOverlap',
        color: 'kind',
      }
    : undefined;
  return quietLogScales(
    lineChart({
      title,
      xTitle: 'load α = P/N',
      yTitle: 'final overlap m_F',
      xScale: 'log',
      simulation: { data, x: 'alpha', y: 'meanOverlap', color: 'start', error: 'std' },
      theory,
      legendTitle: 'start',
    }),
  );
}

/** Fig. 5b / 8: start and final images, one row per example, two columns (start, final) per initial overlap. */
export function plGalleryPlot(items: readonly GalleryItem[], side: number, title: string): PlotSpec {
  const values: Record<string, unknown>[] = [];
  const rows: string[] = [];
  const cols: string[] = [];
  for (const it of items) {
    const row = `${it.source} #${it.index + 1}`;
    if (!rows.includes(row)) rows.push(row);
    for (const [stage, img] of [
      ['start', it.start],
      ['final', it.final],
    ] as const) {
      const col = `${it.m0.toFixed(2)} ${stage}`;
      if (!cols.includes(col)) cols.push(col);
      const label = stage === 'final' ? `m_F ${it.meanOverlap.toFixed(2)}` : '';
      for (let k = 0; k < img.length; k++)
        values.push({ row, col, x: k % side, y: Math.floor(k / side), v: img[k] > 0 ? 1 : 0, label });
    }
  }
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: {
      row: { field: 'row', type: 'nominal', title: null, sort: rows },
      column: {
        field: 'col',
        type: 'nominal',
        title: 'initial overlap m_IN: start / final state',
        sort: cols,
        header: { labelFontSize: 9 },
      },
    },
    spec: {
      width: 56,
      height: 56,
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            x: { field: 'x', type: 'ordinal', axis: null },
            y: { field: 'y', type: 'ordinal', axis: null },
            color: {
              field: 'v',
              type: 'quantitative',
              scale: { domain: [0, 1], range: ['#ffffff', '#111111'] },
              legend: null,
            },
          },
        },
        {
          transform: [{ filter: "datum.x === 0 && datum.y === 0 && datum.label !== ''" }],
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 1, dy: 1, fontSize: 9, color: '#c0392b' },
          encoding: {
            x: { field: 'x', type: 'ordinal', axis: null },
            y: { field: 'y', type: 'ordinal', axis: null },
            text: { field: 'label' },
          },
        },
      ],
    },
    config: { view: { stroke: '#bbb' }, facet: { spacing: 4 } },
  } as unknown as PlotSpec;
}

/** Fig. 1a: histograms of the normalized stabilities κ at several epochs, with P_λ(κ) dashed when given. */
export function plStabilityPlot(
  rows: readonly PLStabilityRow[],
  n: number,
  alpha: number,
  seed: number,
  theory?: readonly PLStabilityRow[],
): PlotSpec {
  const label = (r: PLStabilityRow) => `epoch ${r.epoch} (λ = ‖J_i‖ ≈ ${r.rowNorm.toFixed(2)})`;
  const data = rows.map((r) => ({ ...r, label: label(r) }));
  const th = (theory ?? []).map((r) => ({ ...r, label: label(r) }));
  return lineChart({
    title: `Stability distribution during training, N = ${n}, α = ${alpha} (seed ${seed})`,
    xTitle: 'normalized stability κ = Δ/‖J_i‖',
    yTitle: 'density',
    simulation: { data, x: 'kappa', y: 'density', color: 'label' },
    ...(th.length ? { theory: { data: th, x: 'kappa', y: 'density', color: 'label' } } : {}),
    legendTitle: 'solid: data, dashed: P_λ',
  });
}

/** Vector-spin retrieval maps: m_F against m_IN, one line per spin dimension d (one α); dashed m_F = m_IN. */
export function plSpinMapPlot(
  rows: readonly { dim: number; alpha: number; m0: number; meanOverlap: number }[],
  n: number,
  alpha: number,
  seed: number,
): PlotSpec {
  const data = rows.filter((r) => r.alpha === alpha).map((r) => ({ ...r, spins: `d = ${r.dim}` }));
  return lineChart({
    title: `Vector spins: retrieval map, N = ${n}, α = ${alpha} (seed ${seed})`,
    xTitle: 'initial overlap m_IN',
    yTitle: 'final overlap m_F',
    simulation: { data: data as unknown as Datum[], x: 'm0', y: 'meanOverlap', color: 'spins' },
    theory: { data: [0, 1].map((m) => ({ m0: m, meanOverlap: m })), x: 'm0', y: 'meanOverlap' },
    legendTitle: 'spin dimension',
  });
}

/** Vector spins: final overlap from m_IN = 1 (patterns as fixed points) against α, one line per d. */
export function plSpinCapacityPlot(
  rows: readonly { dim: number; alpha: number; m0: number; meanOverlap: number }[],
  n: number,
  seed: number,
): PlotSpec {
  const data = rows.filter((r) => r.m0 === 1).map((r) => ({ ...r, spins: `d = ${r.dim}` }));
  return lineChart({
    title: `Vector spins: trained patterns as fixed points, N = ${n} (seed ${seed})`,
    xTitle: 'load α = P/N',
    yTitle: 'final overlap from m_IN = 1',
    simulation: { data: data as unknown as Datum[], x: 'alpha', y: 'meanOverlap', color: 'spins' },
    legendTitle: 'spin dimension',
  });
}

/** Teacher–student perceptron: generalization error against α with the replica curves (dashed). */
export function plTeacherStudentPlot(
  rows: readonly {
    alpha: number;
    epsilon: number;
    testError: number;
    hebb: number;
    gibbs: number;
    maxStability: number;
  }[],
  theory: readonly { alpha: number; hebb: number; gibbs: number; maxStability: number; bayes: number }[],
  n: number,
  seed: number,
): PlotSpec {
  const sim = rows.flatMap((r) => [
    { alpha: r.alpha, error: r.epsilon, series: 'student arccos(R)/π' },
    { alpha: r.alpha, error: r.testError, series: 'student, test examples' },
  ]);
  const th = theory.flatMap((t) => [
    { alpha: t.alpha, error: t.hebb, series: 'Hebb (theory)' },
    { alpha: t.alpha, error: t.gibbs, series: 'Gibbs (theory)' },
    { alpha: t.alpha, error: t.bayes, series: 'Bayes-optimal bound (theory)' },
    ...(Number.isFinite(t.maxStability)
      ? [{ alpha: t.alpha, error: t.maxStability, series: 'maximal stability (theory)' }]
      : []),
  ]);
  return lineChart({
    title: `Teacher–student perceptron, N = ${n} (seed ${seed})`,
    xTitle: 'load α = P/N',
    yTitle: 'generalization error ε',
    simulation: { data: sim, x: 'alpha', y: 'error', color: 'series' },
    theory: { data: th, x: 'alpha', y: 'error', color: 'series' },
    legendTitle: 'student / theory',
  });
}

/** Classifier accuracy against α (train draw and test set). */
export function plClassifyPlot(
  rows: readonly { alpha: number; trainAccuracy: number; testAccuracy: number }[],
  title: string,
): PlotSpec {
  const data = rows.flatMap((r) => [
    { alpha: r.alpha, accuracy: r.trainAccuracy, set: 'train' },
    { alpha: r.alpha, accuracy: r.testAccuracy, set: 'test' },
  ]);
  return lineChart({
    title,
    xTitle: 'load α = P/N',
    yTitle: 'accuracy',
    simulation: { data, x: 'alpha', y: 'accuracy', color: 'set' },
    legendTitle: 'examples',
  });
}

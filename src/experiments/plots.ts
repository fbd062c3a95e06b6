/**
 * Figures as Vega-Lite specifications (pure data: no rendering here, so experiments, the report, sweeps and the
 * playground share them). Builders cover the figure kinds the project uses: lines with points (simulation) beside
 * dashed lines (theory), vertical reference rules, and heatmaps. Rendering to SVG lives in report/plot.ts.
 */
import type { TopLevelSpec } from 'vega-lite';

export type PlotSpec = TopLevelSpec;
type Datum = Record<string, unknown>;

const WIDTH = 420;
/** Shared look: legends wide enough for full labels. */
const CONFIG = { legend: { labelLimit: 0, titleLimit: 0 }, axis: { titleFontSize: 12 } };
const HEIGHT = 280;

export interface Series {
  /** Rows to draw. */
  readonly data: readonly Datum[];
  /** Field on the x axis. */
  readonly x: string;
  /** Field on the y axis. */
  readonly y: string;
  /** Optional field that splits the rows into coloured lines. */
  readonly color?: string;
  /** Optional field with a standard deviation (or error) drawn as error bars around y. */
  readonly error?: string;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** Simulation: solid lines with points. */
  readonly simulation: Series;
  /** Theory: dashed lines, no points (legend entry "theory" unless a color field is given). */
  readonly theory?: Series;
  /** Vertical dotted rules at given x with a text label. */
  readonly rules?: readonly { readonly x: number; readonly label: string }[];
  readonly xScale?: 'linear' | 'log';
  readonly yScale?: 'linear' | 'log';
  readonly yDomain?: readonly [number, number];
  readonly xDomain?: readonly [number, number];
  readonly legendTitle?: string;
}

/** A figure of the shared size and look made of layers. */
function layeredFigure(title: string, layers: readonly unknown[]): PlotSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: layers,
  } as unknown as PlotSpec;
}

type Encoder = (field: string) => Record<string, unknown>;

/** Position encoders of a line chart's axes (log or linear, optional domains, no forced zero). */
function axisEncoders(o: LineChartOptions): { x: Encoder; y: Encoder; color: (f?: string) => object } {
  const axis =
    (title: string, type?: 'linear' | 'log', domain?: readonly [number, number]) => (field: string) => ({
      field,
      type: 'quantitative' as const,
      title,
      scale: {
        type: type ?? 'linear',
        ...(domain ? { domain: [...domain] } : {}),
        ...(type === 'log' ? {} : { zero: false }),
      },
    });
  return {
    x: axis(o.xTitle, o.xScale, o.xDomain),
    y: axis(o.yTitle, o.yScale, o.yDomain),
    color: (field) =>
      field ? { color: { field, type: 'nominal' as const, title: o.legendTitle ?? field } } : {},
  };
}

/**
 * Error bars y ± error of the simulation series, clipped to the y domain when one is given (an overlap's bar
 * stops at m = 1). The bars carry the axis title of the lines, so no field name is appended to it.
 */
function errorLayer(
  sim: Series,
  enc: ReturnType<typeof axisEncoders>,
  yDomain?: readonly [number, number],
): unknown {
  const err = sim.error as string;
  const lo = yDomain ? yDomain[0] : Number.NEGATIVE_INFINITY;
  const hi = yDomain ? yDomain[1] : Number.POSITIVE_INFINITY;
  const values = sim.data.map((d) => ({
    ...d,
    __lo: Math.max(lo, (d[sim.y] as number) - (d[err] as number)),
    __hi: Math.min(hi, (d[sim.y] as number) + (d[err] as number)),
  }));
  return {
    data: { values },
    mark: { type: 'errorbar', ticks: true, clip: true },
    encoding: {
      x: enc.x(sim.x),
      y: { ...enc.y('__lo') },
      y2: { field: '__hi', title: null },
      ...enc.color(sim.color),
    },
  };
}

/**
 * Series that lie on each other stay distinguishable: each colour also has its own open marker shape (circle,
 * square, triangle), drawn in a layer of their own over thinner lines.
 */
function shapeEncoding(field: string | undefined, title: string): Record<string, unknown> {
  return field
    ? {
        shape: { field, type: 'nominal', title },
      }
    : {};
}

/** Theory as dashed lines (grey "theory" unless the series has its own colour field). */
function theoryLayer(th: Series, enc: ReturnType<typeof axisEncoders>): unknown {
  const values = th.color ? th.data : th.data.map((d) => ({ ...d, __kind: 'theory' }));
  return {
    data: { values },
    mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 },
    encoding: {
      x: enc.x(th.x),
      y: enc.y(th.y),
      ...(th.color
        ? enc.color(th.color)
        : { detail: { field: '__kind', type: 'nominal' }, color: { value: '#444' } }),
    },
  };
}

/** A vertical dotted rule at x with a small label. */
function ruleLayer(r: { readonly x: number; readonly label: string }): unknown {
  const x = { field: 'x', type: 'quantitative' };
  return {
    data: { values: [{ x: r.x, label: r.label }] },
    layer: [
      { mark: { type: 'rule', strokeDash: [2, 3], color: '#888' }, encoding: { x } },
      {
        // at the foot of the rule: the top of a figure is where overlaps of 1 run
        mark: { type: 'text', align: 'left', dx: 3, dy: -4, baseline: 'bottom', color: '#555', fontSize: 10 },
        encoding: { x, y: { value: HEIGHT }, text: { field: 'label' } },
      },
    ],
  };
}

/** Simulation as points+lines, theory as dashed lines, optional vertical rules. */
export function lineChart(o: LineChartOptions): PlotSpec {
  const enc = axisEncoders(o);
  const sim = o.simulation;
  const layers: unknown[] = [
    {
      data: { values: sim.data },
      mark: { type: 'line', strokeWidth: 1.4, clip: true },
      encoding: {
        x: enc.x(sim.x),
        y: enc.y(sim.y),
        ...enc.color(sim.color),
      },
    },
    {
      // open markers in their own layer (a size on the line layer would widen the line itself)
      data: { values: sim.data },
      mark: {
        type: 'point',
        filled: false,
        strokeWidth: 1.5,
        clip: true,
        ...(sim.color ? {} : { size: 40 }),
      },
      encoding: {
        x: enc.x(sim.x),
        y: enc.y(sim.y),
        ...enc.color(sim.color),
        ...shapeEncoding(sim.color, o.legendTitle ?? sim.color ?? ''),
      },
    },
  ];
  if (sim.error) layers.push(errorLayer(sim, enc, o.yDomain));
  if (o.theory) layers.push(theoryLayer(o.theory, enc));
  for (const r of o.rules ?? []) layers.push(ruleLayer(r));
  return layeredFigure(o.title, layers);
}

export interface HeatmapOptions {
  readonly title: string;
  readonly data: readonly Datum[];
  readonly x: string;
  readonly y: string;
  readonly value: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly valueTitle: string;
  readonly valueDomain?: readonly [number, number];
  /** Optional theory curves drawn over the heatmap (quantitative x/y on the same scale as the bins). */
  readonly theory?: Series;
}

/** Cell edges of sorted grid values: midpoints between neighbours, half a step beyond the ends. */
function cellEdges(v: readonly number[]): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < v.length; i++) {
    lo.push(i > 0 ? (v[i - 1] + v[i]) / 2 : v.length > 1 ? v[0] - (v[1] - v[0]) / 2 : v[0] - 0.5);
    hi.push(
      i < v.length - 1 ? (v[i] + v[i + 1]) / 2 : v.length > 1 ? v[i] + (v[i] - v[i - 1]) / 2 : v[0] + 0.5,
    );
  }
  return { lo, hi };
}

/** The rectangle layer of a heatmap: one cell per datum, coloured by its value. */
function cellLayer(
  o: HeatmapOptions,
  cells: readonly Datum[],
  xDomain: number[],
  yDomain: number[],
): unknown {
  const axis = (field: string, title: string, domain: number[]) => ({
    field,
    type: 'quantitative',
    title,
    scale: { domain, nice: false, zero: false },
  });
  return {
    data: { values: cells },
    mark: { type: 'rect' },
    encoding: {
      x: axis('__x0', o.xTitle, xDomain),
      x2: { field: '__x1' },
      y: axis('__y0', o.yTitle, yDomain),
      y2: { field: '__y1' },
      color: {
        field: o.value,
        type: 'quantitative',
        title: o.valueTitle,
        scale: { scheme: 'plasma', ...(o.valueDomain ? { domain: [...o.valueDomain] } : {}) },
      },
      tooltip: [o.x, o.y, o.value].map((field) => ({ field, type: 'quantitative' })),
    },
  };
}

/** Theory lines over a heatmap, clipped to its domain (white dashes). */
function heatmapTheoryLayer(th: Series, xDomain: number[], yDomain: number[]): unknown {
  const clipped = th.data.filter((d) => {
    const x = d[th.x] as number;
    const y = d[th.y] as number;
    return x >= xDomain[0] && x <= xDomain[1] && y >= yDomain[0] && y <= yDomain[1];
  });
  return {
    data: { values: clipped },
    mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2, color: 'white' },
    encoding: {
      x: { field: th.x, type: 'quantitative' },
      y: { field: th.y, type: 'quantitative' },
      ...(th.color ? { detail: { field: th.color, type: 'nominal' } } : {}),
    },
  };
}

/**
 * A heatmap over an (x, y) grid. Cells are drawn as rects centred on the grid values (the grid may be uneven:
 * each cell spans half-way to its neighbours), so theory lines can be overlaid on a common quantitative scale.
 */
export function heatmap(o: HeatmapOptions): PlotSpec {
  const xs = [...new Set(o.data.map((d) => d[o.x] as number))].sort((a, b) => a - b);
  const ys = [...new Set(o.data.map((d) => d[o.y] as number))].sort((a, b) => a - b);
  const ex = cellEdges(xs);
  const ey = cellEdges(ys);
  const cells = o.data.map((d) => {
    const i = xs.indexOf(d[o.x] as number);
    const j = ys.indexOf(d[o.y] as number);
    return { ...d, __x0: ex.lo[i], __x1: ex.hi[i], __y0: ey.lo[j], __y1: ey.hi[j] };
  });
  const xDomain = [ex.lo[0], ex.hi[ex.hi.length - 1]];
  const yDomain = [ey.lo[0], ey.hi[ey.hi.length - 1]];
  const layers = [cellLayer(o, cells, xDomain, yDomain)];
  if (o.theory) layers.push(heatmapTheoryLayer(o.theory, xDomain, yDomain));
  return layeredFigure(o.title, layers);
}

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
const CONFIG = { legend: { labelLimit: 320, titleLimit: 320 }, axis: { titleFontSize: 12 } };
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

/** Simulation as points+lines, theory as dashed lines, optional vertical rules. */
export function lineChart(o: LineChartOptions): PlotSpec {
  const xEnc = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: o.xTitle,
    scale: {
      type: o.xScale ?? 'linear',
      ...(o.xDomain ? { domain: [...o.xDomain] } : {}),
      ...(o.xScale === 'log' ? {} : { zero: false }),
    },
  });
  const yEnc = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: o.yTitle,
    scale: {
      type: o.yScale ?? 'linear',
      ...(o.yDomain ? { domain: [...o.yDomain] } : {}),
      ...(o.yScale === 'log' ? {} : { zero: false }),
    },
  });
  const colorEnc = (field: string | undefined) =>
    field ? { color: { field, type: 'nominal' as const, title: o.legendTitle ?? field } } : {};
  const sim = o.simulation;
  const layers: unknown[] = [
    {
      data: { values: sim.data },
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: { x: xEnc(sim.x), y: yEnc(sim.y), ...colorEnc(sim.color) },
    },
  ];
  if (sim.error) {
    const values = sim.data.map((d) => ({
      ...d,
      __lo: (d[sim.y] as number) - (d[sim.error as string] as number),
      __hi: (d[sim.y] as number) + (d[sim.error as string] as number),
    }));
    layers.push({
      data: { values },
      mark: { type: 'errorbar', ticks: true },
      encoding: { x: xEnc(sim.x), y: { ...yEnc('__lo') }, y2: { field: '__hi' }, ...colorEnc(sim.color) },
    });
  }
  if (o.theory) {
    const th = o.theory;
    const values = th.color ? th.data : th.data.map((d) => ({ ...d, __kind: 'theory' }));
    layers.push({
      data: { values },
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: {
        x: xEnc(th.x),
        y: yEnc(th.y),
        ...(th.color
          ? colorEnc(th.color)
          : { detail: { field: '__kind', type: 'nominal' }, color: { value: '#444' } }),
      },
    });
  }
  for (const r of o.rules ?? []) {
    layers.push({
      data: { values: [{ x: r.x, label: r.label }] },
      layer: [
        {
          mark: { type: 'rule', strokeDash: [2, 3], color: '#888' },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          mark: {
            type: 'text',
            align: 'left',
            dx: 3,
            dy: -4,
            baseline: 'bottom',
            color: '#555',
            fontSize: 10,
          },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 10 }, text: { field: 'label' } },
        },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: layers,
  } as unknown as PlotSpec;
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

/**
 * A heatmap over an (x, y) grid. Cells are drawn as rects centred on the grid values (the grid may be uneven:
 * each cell spans half-way to its neighbours), so theory lines can be overlaid on a common quantitative scale.
 */
export function heatmap(o: HeatmapOptions): PlotSpec {
  const xs = [...new Set(o.data.map((d) => d[o.x] as number))].sort((a, b) => a - b);
  const ys = [...new Set(o.data.map((d) => d[o.y] as number))].sort((a, b) => a - b);
  const edges = (v: number[]) => {
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < v.length; i++) {
      const left = i > 0 ? (v[i - 1] + v[i]) / 2 : v.length > 1 ? v[0] - (v[1] - v[0]) / 2 : v[0] - 0.5;
      const right =
        i < v.length - 1 ? (v[i] + v[i + 1]) / 2 : v.length > 1 ? v[i] + (v[i] - v[i - 1]) / 2 : v[0] + 0.5;
      lo.push(left);
      hi.push(right);
    }
    return { lo, hi };
  };
  const ex = edges(xs);
  const ey = edges(ys);
  const cells = o.data.map((d) => {
    const i = xs.indexOf(d[o.x] as number);
    const j = ys.indexOf(d[o.y] as number);
    return { ...d, __x0: ex.lo[i], __x1: ex.hi[i], __y0: ey.lo[j], __y1: ey.hi[j] };
  });
  const xDomain = [ex.lo[0], ex.hi[ex.hi.length - 1]];
  const yDomain = [ey.lo[0], ey.hi[ey.hi.length - 1]];
  const layers: unknown[] = [
    {
      data: { values: cells },
      mark: { type: 'rect' },
      encoding: {
        x: {
          field: '__x0',
          type: 'quantitative',
          title: o.xTitle,
          scale: { domain: xDomain, nice: false, zero: false },
        },
        x2: { field: '__x1' },
        y: {
          field: '__y0',
          type: 'quantitative',
          title: o.yTitle,
          scale: { domain: yDomain, nice: false, zero: false },
        },
        y2: { field: '__y1' },
        color: {
          field: o.value,
          type: 'quantitative',
          title: o.valueTitle,
          scale: { scheme: 'plasma', ...(o.valueDomain ? { domain: [...o.valueDomain] } : {}) },
        },
        tooltip: [
          { field: o.x, type: 'quantitative' },
          { field: o.y, type: 'quantitative' },
          { field: o.value, type: 'quantitative' },
        ],
      },
    },
  ];
  if (o.theory) {
    const th = o.theory;
    const clipped = th.data.filter((d) => {
      const x = d[th.x] as number;
      const y = d[th.y] as number;
      return x >= xDomain[0] && x <= xDomain[1] && y >= yDomain[0] && y <= yDomain[1];
    });
    layers.push({
      data: { values: clipped },
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2, color: 'white' },
      encoding: {
        x: { field: th.x, type: 'quantitative' },
        y: { field: th.y, type: 'quantitative' },
        ...(th.color ? { detail: { field: th.color, type: 'nominal' } } : {}),
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: layers,
  } as unknown as PlotSpec;
}

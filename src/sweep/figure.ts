/**
 * The figure of a sweep: the experiment's own figure, made to show every swept parameter. A parameter the
 * experiment plots on an axis (a list parameter such as `alpha` of `capacity`, or a row column its figure encodes
 * as x or y) stays there; every other swept parameter (`n`, `rule`, `flip`, ...) becomes a colour: the figure is
 * built once per value (or combination of values) of those parameters and the layers that differ are merged, each
 * datum tagged with its value, coloured by it, with a legend naming the parameters. Layers the same for every value
 * (theory curves, reference rules) are drawn once. Where colour already carries a quantity (a heatmap) the
 * figures are facetted instead, one panel per value, titled with it.
 */

import { defaultConfig } from '../experiments/params.js';
import type { PlotSpec } from '../experiments/plots.js';
import { type CellTask, specExperiment } from './cells.js';
import type { JournalRecord } from './journal.js';
import type { GridValue, SweepSpec } from './spec.js';

type Obj = Record<string, unknown>;

/** The field that carries a datum's group label in a merged figure. */
export const GROUP_FIELD = '__sweep';

/**
 * Rows averaged over trials: for each grid point, row i is the mean of the numeric columns of row i of its
 * finished trials (other columns from the first trial); points with no finished trial are left out.
 */
export function trialMeanRows(
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
): object[] {
  const groups = new Map<string, Obj[][]>();
  for (const cell of cells) {
    const rec = records.get(cell.key);
    if (!rec) continue;
    const { trial: _trial, ...point } = cell.point;
    const g = JSON.stringify(point);
    const rows = rec.rows.map((r) => ({ ...point, ...r }) as Obj);
    const list = groups.get(g);
    if (list) list.push(rows);
    else groups.set(g, [rows]);
  }
  const out: object[] = [];
  for (const trials of groups.values()) {
    const n = Math.min(...trials.map((t) => t.length));
    for (let i = 0; i < n; i++) {
      const row: Obj = { ...trials[0][i] };
      for (const [k, v] of Object.entries(row)) {
        // a column the same in every trial (the point's values, a load) is kept as is, not summed and divided
        if (typeof v !== 'number' || trials.every((t) => t[i][k] === v)) continue;
        let s = 0;
        for (const t of trials) s += t[i][k] as number;
        row[k] = s / trials.length;
      }
      out.push(row);
    }
  }
  return out;
}

/** Every field a spec encodes on a position channel (x, y, x2, y2, theta), at any depth. */
function positionFields(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) {
    for (const s of spec) positionFields(s, out);
    return out;
  }
  if (spec === null || typeof spec !== 'object') return out;
  const o = spec as Obj;
  const enc = o.encoding as Obj | undefined;
  if (enc)
    for (const ch of ['x', 'y', 'x2', 'y2', 'theta']) {
      const f = (enc[ch] as Obj | undefined)?.field;
      if (typeof f === 'string') out.add(f);
    }
  for (const k of ['layer', 'hconcat', 'vconcat', 'concat', 'spec'])
    if (o[k] !== undefined) positionFields(o[k], out);
  return out;
}

/** The distinct values of an axis among the cells, in grid order then (refined values) ascending. */
function axisValues(spec: SweepSpec, cells: readonly CellTask[], name: string): GridValue[] {
  const grid = spec.grid[name] ?? [];
  const seen = new Set(grid.map((v) => JSON.stringify(v)));
  const extra: GridValue[] = [];
  for (const c of cells) {
    const v = c.point[name] as GridValue;
    const k = JSON.stringify(v);
    if (!seen.has(k)) {
      seen.add(k);
      extra.push(v);
    }
  }
  const all = [...grid, ...extra];
  return all.every((v) => typeof v === 'number') ? (all as number[]).sort((a, b) => a - b) : all;
}

const label = (v: unknown) => (Array.isArray(v) ? v.join('+') : String(v));

/**
 * The swept parameters the experiment's figure does not show on an axis (they become colours or facets): every
 * axis but list parameters and parameters whose row column the figure encodes on a position channel.
 */
export function colourAxes(spec: SweepSpec, figure: PlotSpec | undefined): string[] {
  const e = specExperiment(spec);
  const plotted = figure ? positionFields(figure) : new Set<string>();
  return Object.keys(spec.grid).filter((name) => {
    const kind = e.params[name].kind;
    return kind !== 'numList' && kind !== 'choiceList' && !plotted.has(name);
  });
}

/** One figure of the experiment: its rows, the config of these values (list axes get all their values). */
function figureOf(
  spec: SweepSpec,
  cells: readonly CellTask[],
  rows: readonly Obj[],
  values: Readonly<Record<string, GridValue>>,
  extra: Record<string, unknown>,
): PlotSpec {
  const e = specExperiment(spec);
  const config: Obj = { ...defaultConfig(e.params), ...spec.params };
  for (const name of Object.keys(spec.grid)) {
    const all = axisValues(spec, cells, name);
    config[name] =
      name in values
        ? (values[name] as unknown)
        : e.params[name].kind === 'numList'
          ? all
          : e.params[name].kind === 'choiceList'
            ? (all as unknown as string[][]).flat()
            : all[0];
  }
  return (e.figure as NonNullable<typeof e.figure>)(rows, config as never, spec.seed, extra);
}

/**
 * The figure of a sweep (trial-mean rows; refined points included), or undefined when the experiment has none.
 * Swept parameters not on an axis of the experiment's figure become colours (or facets); see the module comment.
 */
export function sweepFigure(
  spec: SweepSpec,
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
): PlotSpec | undefined {
  const e = specExperiment(spec);
  if (!e.figure) return undefined;
  const rows = trialMeanRows(cells, records) as Obj[];
  if (rows.length === 0) return undefined;
  const extra = records.get(cells.find((c) => records.has(c.key))?.key ?? '')?.extra ?? {};
  const whole = figureOf(spec, cells, rows, {}, extra);
  const others = colourAxes(spec, whole);
  if (others.length === 0) return spec.refine ? refinedHeatmap(whole, spec.refine.param) : whole;
  const groups: { values: Record<string, GridValue>; label: string; rows: Obj[] }[] = [];
  const combos = others.reduce<Record<string, GridValue>[]>(
    (acc, name) => acc.flatMap((c) => axisValues(spec, cells, name).map((v) => ({ ...c, [name]: v }))),
    [{}],
  );
  for (const values of combos) {
    const g = rows.filter((r) => others.every((k) => JSON.stringify(r[k]) === JSON.stringify(values[k])));
    if (g.length > 0) groups.push({ values, label: others.map((k) => label(values[k])).join(', '), rows: g });
  }
  const figs = groups.map((g) => figureOf(spec, cells, g.rows, g.values, extra) as unknown as Obj);
  const labels = groups.map((g) => g.label);
  const legend = others.join(', ');
  const title = `${commonTitle(figs.map((f) => f.title))}; colour: ${legend}`;
  if (figs.length === 1)
    return { ...figs[0], title: `${figs[0].title as string} (${legend} = ${labels[0]})` } as PlotSpec;
  return (
    mergeByColour(figs, labels, legend, title) ??
    facetted(
      figs,
      groups.map((g) => others.map((k) => `${k} = ${label(g.values[k])}`).join(', ')),
      `${commonTitle(figs.map((f) => f.title))}; panels: ${legend}`,
    )
  );
}

/** The words of the titles that every title shares (the parts naming one group's value dropped). */
export function commonTitle(titles: readonly unknown[]): string {
  const texts = titles.map((t) => (typeof t === 'string' ? t : ''));
  if (texts.some((t) => t === '')) return texts.find((t) => t !== '') ?? '';
  // Parts between separators: "Capacity, hebb rule, N = 200 (seed 1)" → Capacity | hebb rule | N = 200 | seed 1
  const split = (t: string) => t.split(/(\s*[,;()]\s*)/);
  const first = split(texts[0]);
  const sets = texts.slice(1).map((t) => new Set(split(t)));
  let out = '';
  let dropped = false;
  for (let i = 0; i < first.length; i += 2) {
    const part = first[i];
    const sep = i > 0 ? first[i - 1] : '';
    if (part !== '' && !sets.every((s) => s.has(part))) {
      dropped = true;
      continue;
    }
    // A separator after a dropped part: keep an opening bracket, drop the comma the part had
    out += dropped && /,/.test(sep) && !/\(/.test(sep) ? '' : sep;
    out += part;
    dropped = false;
  }
  return out
    .replace(/\s*,\s*(?=\(|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Set a layer's colour to the group (an existing nominal colour moves to the dash pattern). */
function recolour(layer: Obj, data: readonly Obj[], colour: Obj): Obj | null {
  const enc = { ...((layer.encoding as Obj | undefined) ?? {}) };
  const old = enc.color as Obj | undefined;
  if (old && (old.type === 'quantitative' || old.type === 'ordinal') && old.field !== undefined) return null;
  const mark = layer.mark as Obj | string | undefined;
  const markType = typeof mark === 'string' ? mark : (mark?.type as string | undefined);
  if (markType === 'rect' || markType === 'area') return null;
  if (old && typeof old.field === 'string') {
    const f = old.field;
    const distinct = new Set(data.map((d) => JSON.stringify(d[f])));
    if (distinct.size > 1) {
      if (markType === 'line' || markType === 'rule')
        enc.strokeDash = { ...old, legend: { title: old.title ?? f } };
      else enc.shape = { ...old };
      enc.detail = { field: f, type: 'nominal' };
    } else if ((enc.shape as Obj | undefined)?.field === f) enc.shape = { ...colour }; // one legend, by group
  }
  enc.color = colour;
  return { ...layer, encoding: enc };
}

/**
 * Merge the per-group figures into one: layers equal in every figure once, the others with their data tagged by
 * group and coloured by it. Null when the figures differ in shape or a layer cannot take a colour (then facet).
 */
function mergeByColour(
  figs: readonly Obj[],
  labels: readonly string[],
  legend: string,
  title: string,
): PlotSpec | null {
  const layersOf = (f: Obj) => (Array.isArray(f.layer) ? (f.layer as Obj[]) : null);
  const first = layersOf(figs[0]);
  if (!first || figs.some((f) => layersOf(f)?.length !== first.length)) return null;
  const colour = { field: GROUP_FIELD, type: 'nominal', title: legend, scale: { domain: [...labels] } };
  const layers: Obj[] = [];
  for (let i = 0; i < first.length; i++) {
    const each = figs.map((f) => (layersOf(f) as Obj[])[i]);
    const text = JSON.stringify(each[0]);
    if (each.every((l) => JSON.stringify(l) === text)) {
      layers.push(each[0]);
      continue;
    }
    const values = (l: Obj) => ((l.data as Obj | undefined)?.values as Obj[] | undefined) ?? null;
    if (each.some((l) => values(l) === null)) return null;
    const data = each.flatMap((l, g) =>
      (values(l) as Obj[]).map((d) => ({ ...d, [GROUP_FIELD]: labels[g] })),
    );
    const base: Obj = { ...each[0], data: { values: data } };
    if (Array.isArray(base.layer)) {
      const inner: Obj[] = [];
      for (const sub of base.layer as Obj[]) {
        const r = recolour(sub, data, colour);
        if (!r) return null;
        inner.push(r);
      }
      layers.push({ ...base, layer: inner });
      continue;
    }
    const r = recolour(base, data, colour);
    if (!r) return null;
    layers.push(r);
  }
  return { ...figs[0], title, layer: layers } as unknown as PlotSpec;
}

/** One panel per group (two per row), each titled with its values; shared size and look. */
function facetted(figs: readonly Obj[], titles: readonly string[], title: string): PlotSpec {
  const { $schema, config } = figs[0];
  const panels = figs.map((f, g) => {
    const { $schema: _s, config: _c, ...rest } = f;
    return { ...rest, title: titles[g] };
  });
  return {
    $schema,
    config,
    title,
    columns: 2,
    concat: panels,
    resolve: { scale: { color: 'shared' } },
  } as unknown as PlotSpec;
}

/** Edges of sorted values: half-way to the neighbours, half a step beyond the ends (as the heatmap's own). */
function edges(v: readonly number[]): { lo: number[]; hi: number[] } {
  const lo = v.map((x, i) => (i > 0 ? (v[i - 1] + x) / 2 : v.length > 1 ? x - (v[1] - x) / 2 : x - 0.5));
  const hi = v.map((x, i) =>
    i < v.length - 1 ? (x + v[i + 1]) / 2 : v.length > 1 ? x + (x - v[i - 1]) / 2 : x + 0.5,
  );
  return { lo, hi };
}

/**
 * A heatmap whose axis `param` was refined: each column (or row) has its own values, so each cell spans half-way
 * to its neighbours in its own column, not in the union of all columns (which would leave gaps).
 */
function refinedHeatmap(fig: PlotSpec, param: string): PlotSpec {
  const layers = (fig as unknown as Obj).layer as Obj[] | undefined;
  if (!layers) return fig;
  const out = layers.map((layer) => {
    const enc = layer.encoding as Obj | undefined;
    const tip = enc?.tooltip as { field: string }[] | undefined;
    const values = (layer.data as Obj | undefined)?.values as Obj[] | undefined;
    if (layer.mark === undefined || (layer.mark as Obj).type !== 'rect' || !tip || tip.length < 2 || !values)
      return layer;
    const [xf, yf] = [tip[0].field, tip[1].field];
    const along =
      param === yf
        ? { by: xf, f: yf, lo: '__y0', hi: '__y1' }
        : param === xf
          ? { by: yf, f: xf, lo: '__x0', hi: '__x1' }
          : null;
    if (!along) return layer;
    const groups = new Map<unknown, number[]>();
    for (const d of values)
      groups.set(d[along.by], [...(groups.get(d[along.by]) ?? []), d[along.f] as number]);
    const span = new Map<unknown, { v: number[]; e: ReturnType<typeof edges> }>();
    for (const [k, v] of groups) {
      const sorted = [...new Set(v)].sort((a, b) => a - b);
      span.set(k, { v: sorted, e: edges(sorted) });
    }
    const data = values.map((d) => {
      const g = span.get(d[along.by]) as { v: number[]; e: ReturnType<typeof edges> };
      const i = g.v.indexOf(d[along.f] as number);
      return { ...d, [along.lo]: g.e.lo[i], [along.hi]: g.e.hi[i] };
    });
    return { ...layer, data: { values: data } };
  });
  return { ...(fig as unknown as Obj), layer: out } as unknown as PlotSpec;
}

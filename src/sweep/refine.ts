/**
 * Adaptive refinement of a sweep along one numeric axis. After the grid, each round looks at every line (the values
 * of the other axes and the row index within a cell), takes the trial-mean of the refined column at each finished
 * point and adds the midpoints of
 *
 * - every interval whose ends bracket the target value (bisection: `--target COL=VALUE`), or
 * - the interval where the column changes fastest, |Δy/Δx| largest (`--where steepest`),
 *
 * when wider than the tolerance, until no interval is left or the cell budget is spent. A round depends only on
 * the rows of finished cells, and a cell's seed only on the sweep seed and its key, so a resumed, restarted or
 * distributed refinement adds the same cells in the same rounds and gives the same rows. Midpoints are rounded to
 * 12 significant digits (integers for an integer parameter), as the grid's ranges are: a midpoint that falls on a
 * uniform grid's value is that grid's cell, seed and rows included.
 */
import type { PlotSpec } from '../experiments/plots.js';
import { type CellTask, cellAt, cellsOf, sortCells, specExperiment } from './cells.js';
import { trialMeanRows } from './figure.js';
import type { JournalRecord } from './journal.js';
import { type GridValue, SpecError, type SweepSpec } from './spec.js';

type Obj = Record<string, unknown>;

/** One line of the refined axis: the other axes' values, the row index, and (x, trial-mean y) by x. */
export interface RefineLine {
  readonly axes: Readonly<Record<string, GridValue>>;
  readonly row: number;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** What refinement found on a line: the last bracketing (or steepest) interval and the estimate inside it. */
export interface RefineFinding {
  readonly axes: Readonly<Record<string, GridValue>>;
  readonly row: number;
  readonly column: string;
  /** The interval [lo, hi] of the refined parameter. */
  readonly interval: readonly [number, number];
  /** Target: the linear interpolation of the crossing; steepest: the interval's midpoint. */
  readonly estimate: number;
  /** Steepest: Δy/Δx over the interval. */
  readonly slope?: number;
}

/** The column a refinement looks at: the target's, the spec's `column`, else the figure's quantity. */
export function refineColumn(spec: SweepSpec, figure?: PlotSpec): string {
  const r = spec.refine;
  if (!r) throw new RangeError('the sweep has no refinement');
  if (r.target) return r.target.column;
  if (r.column) return r.column;
  const layer = ((figure as Obj | undefined)?.layer as Obj[] | undefined)?.[0] ?? (figure as Obj | undefined);
  const enc = (layer?.encoding ?? {}) as Record<string, { field?: string; type?: string } | undefined>;
  for (const ch of [enc.y, enc.color])
    if (ch?.field && !ch.field.startsWith('__') && !(ch.field in spec.grid) && ch.type !== 'nominal')
      return ch.field;
  throw new SpecError(
    `--where steepest: the figure of ${spec.experiment} shows no quantity to follow; name one with refine.column`,
  );
}

/**
 * Check that the rows of a cell (a probe run before the sweep) have the refined column as a number
 * (SpecError naming the columns they have).
 */
export function checkRefineColumn(column: string, rows: readonly object[]): void {
  const cols = new Set(rows.flatMap((r) => Object.keys(r)));
  if (rows.length > 0 && rows.every((r) => typeof (r as Obj)[column] === 'number')) return;
  const numeric = [...cols].filter((c) => rows.some((r) => typeof (r as Obj)[c] === 'number'));
  throw new SpecError(
    `--target ${column}: not a numeric column of the experiment's rows (columns: ${numeric.join(', ')})`,
  );
}

/** The lines of the refined axis from the finished points (a point counts when all its trials are done). */
export function refineLines(
  spec: SweepSpec,
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
  column: string,
): RefineLine[] {
  const param = (spec.refine as NonNullable<SweepSpec['refine']>).param;
  const complete = new Map<string, number>();
  for (const c of cells) {
    if (!records.has(c.key)) continue;
    const { trial: _t, ...p } = c.point;
    const k = JSON.stringify(p);
    complete.set(k, (complete.get(k) ?? 0) + 1);
  }
  const done = cells.filter((c) => {
    const { trial: _t, ...p } = c.point;
    return complete.get(JSON.stringify(p)) === spec.trials;
  });
  const lines = new Map<
    string,
    { axes: Record<string, GridValue>; row: number; points: Map<number, number> }
  >();
  const rowIndex = new Map<string, number>();
  for (const row of trialMeanRows(done, records) as Obj[]) {
    const axes: Record<string, GridValue> = {};
    for (const name of Object.keys(spec.grid)) if (name !== param) axes[name] = row[name] as GridValue;
    const x = row[param] as number;
    const pointKey = JSON.stringify({ ...axes, [param]: x });
    const i = rowIndex.get(pointKey) ?? 0;
    rowIndex.set(pointKey, i + 1);
    const y = row[column];
    if (typeof y !== 'number' || !Number.isFinite(y)) continue;
    const k = JSON.stringify([axes, i]);
    let line = lines.get(k);
    if (!line) {
      line = { axes, row: i, points: new Map() };
      lines.set(k, line);
    }
    line.points.set(x, y);
  }
  return [...lines.values()].map((l) => ({
    axes: l.axes,
    row: l.row,
    points: [...l.points.entries()].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y })),
  }));
}

/** The intervals of a line that refinement looks at (bracketing ones, or the steepest one). */
function intervals(
  spec: SweepSpec,
  line: RefineLine,
): { lo: number; hi: number; ylo: number; yhi: number }[] {
  const r = spec.refine as NonNullable<SweepSpec['refine']>;
  const p = line.points;
  const out: { lo: number; hi: number; ylo: number; yhi: number }[] = [];
  if (r.target) {
    const v = r.target.value;
    for (let i = 0; i < p.length; i++) {
      // a point exactly on the target is a crossing of its own (an interval of width 0: nothing to bisect)
      if (p[i].y === v) out.push({ lo: p[i].x, hi: p[i].x, ylo: v, yhi: v });
      if (i === 0) continue;
      const a = p[i - 1].y - v;
      const b = p[i].y - v;
      if ((a < 0 && b > 0) || (a > 0 && b < 0))
        out.push({ lo: p[i - 1].x, hi: p[i].x, ylo: p[i - 1].y, yhi: p[i].y });
    }
    return out;
  }
  let best = -1;
  let bestSlope = -1;
  for (let i = 1; i < p.length; i++) {
    const s = Math.abs((p[i].y - p[i - 1].y) / (p[i].x - p[i - 1].x));
    if (s > bestSlope) {
      bestSlope = s;
      best = i;
    }
  }
  if (best > 0) out.push({ lo: p[best - 1].x, hi: p[best].x, ylo: p[best - 1].y, yhi: p[best].y });
  return out;
}

/** The midpoint of [lo, hi] as a grid value of the parameter, or null when none lies strictly inside. */
function midpoint(spec: SweepSpec, lo: number, hi: number): number | null {
  const r = spec.refine as NonNullable<SweepSpec['refine']>;
  if (hi - lo <= r.tolerance * (1 + 1e-9)) return null; // the width of a rounded interval may exceed it by ulps
  const integer = specExperiment(spec).params[r.param].kind === 'int';
  const m = integer ? Math.round((lo + hi) / 2) : Number(((lo + hi) / 2).toPrecision(12));
  return m > lo && m < hi ? m : null;
}

/**
 * The cells of the next refinement round (none: refinement is over): midpoints of the intervals of every line,
 * each with the sweep's trials, in canonical order, at most `budget − added` of them (whole points only).
 */
export function nextRefineCells(
  spec: SweepSpec,
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
  column: string,
): CellTask[] {
  const r = spec.refine;
  if (!r) return [];
  const gridCells = Object.values(spec.grid).reduce((n, v) => n * v.length, 1) * spec.trials;
  const room = Math.floor((r.budget - (cells.length - gridCells)) / spec.trials);
  if (room <= 0) return [];
  const have = new Set(cells.map((c) => c.key));
  const points = new Map<string, Record<string, GridValue>>();
  for (const line of refineLines(spec, cells, records, column))
    for (const iv of intervals(spec, line)) {
      const m = midpoint(spec, iv.lo, iv.hi);
      if (m === null) continue;
      const values = { ...line.axes, [r.param]: m };
      const probe = cellAt(spec, values, 0);
      if (!have.has(probe.key)) points.set(probe.key, values);
    }
  const chosen = [...points.values()].slice(0, room);
  return chosen.flatMap((values) => Array.from({ length: spec.trials }, (_, t) => cellAt(spec, values, t)));
}

/** What refinement found: on each line, every bracketing interval (target) or the steepest one. */
export function refineFindings(
  spec: SweepSpec,
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
  column: string,
): RefineFinding[] {
  const r = spec.refine;
  if (!r) return [];
  const out: RefineFinding[] = [];
  for (const line of refineLines(spec, cells, records, column))
    for (const iv of intervals(spec, line)) {
      const slope = (iv.yhi - iv.ylo) / (iv.hi - iv.lo);
      const estimate =
        r.target && iv.hi > iv.lo
          ? iv.lo + ((r.target.value - iv.ylo) * (iv.hi - iv.lo)) / (iv.yhi - iv.ylo)
          : (iv.lo + iv.hi) / 2;
      out.push({
        axes: line.axes,
        row: line.row,
        column,
        interval: [iv.lo, iv.hi],
        estimate: Number(estimate.toPrecision(12)),
        ...(r.target ? {} : { slope: Number(slope.toPrecision(12)) }),
      });
    }
  return out;
}

/**
 * The cells of a sweep known from its journal: the grid, then each refinement round whose previous cells are all
 * in the journal (what a run would replay); `rounds` counts those rounds.
 */
export function knownCells(
  spec: SweepSpec,
  records: ReadonlyMap<string, JournalRecord>,
): { cells: CellTask[]; rounds: number } {
  let cells = cellsOf(spec);
  let rounds = 0;
  const column = spec.refine ? (spec.refine.target?.column ?? spec.refine.column) : undefined;
  if (!spec.refine) return { cells, rounds };
  cells = sortCells(spec, cells);
  while (column !== undefined && cells.every((c) => records.has(c.key))) {
    const next = nextRefineCells(spec, cells, records, column);
    if (next.length === 0) break;
    cells = sortCells(spec, [...cells, ...next]);
    rounds++;
  }
  return { cells, rounds };
}

/**
 * What a sweep will cost, before it runs (`--dry-run`). Memory: the experiment's own estimate (what its `check`
 * compares with `--max-memory`) for the largest cell, times the threads that run at once. Time: a few probe
 * cells timed on one pool thread (after a warm-up cell; each three times, the median kept), then a separable model: a cell's time is the reference
 * cell's time (every numeric axis at its median value, others at their first) times one factor per axis, from the
 * probes at that axis' smallest and largest value (a power law in log–log between the three points; linear where a
 * value is ≤ 0), or from a probe at each value of a non-numeric axis (four at most; the mean factor for others).
 * The sum over the cells divided by the threads is the wall time.
 */
import type { BackendName } from '../core/linalg/index.js';
import { ParamError } from '../core/validate.js';
import { type CellTask, cellAt, specExperiment } from './cells.js';
import { CellPool } from './pool.js';
import type { CellResult } from './runCell.js';
import type { GridValue, SweepSpec } from './spec.js';

/** The experiment's memory estimate of one cell in bytes (0 when it gives none). */
export function cellMemoryEstimate(spec: SweepSpec, cell: CellTask): number {
  const e = specExperiment(spec);
  if (!e.check || !('maxMemory' in e.params)) return 0;
  try {
    // A limit of zero makes check report its estimate in the error's words ("needs about 1.5 MiB").
    e.check({ ...cell.config, maxMemory: 0 } as never);
  } catch (err) {
    if (!(err instanceof ParamError || err instanceof RangeError)) return 0;
    const m = /needs about ([\d.]+) (GiB|MiB)/.exec(err.message);
    if (m) return Number(m[1]) * 1024 ** (m[2] === 'GiB' ? 3 : 2);
  }
  return 0;
}

/** A probe: a cell (trial 0) and which axis value it stands for. */
interface Probe {
  readonly cell: CellTask;
  readonly axis?: string;
  readonly value?: GridValue;
}

/** The estimate of a sweep's cost. */
export interface SweepEstimate {
  /** Estimated wall time of the cells on `threads` threads, seconds. */
  readonly seconds: number;
  /** Sum of the cells' estimated times, seconds (one thread). */
  readonly cellSeconds: number;
  readonly threads: number;
  /** Probe cells run and their times (ms). */
  readonly probes: readonly { key: string; ms: number }[];
  /** Seconds the probes took, warm-up included. */
  readonly probeSeconds: number;
  /** Largest memory estimate of a cell (bytes; 0: the experiment gives none), and the cell. */
  readonly cellBytes: number;
  readonly largestCell: string;
  /** Memory of the threads at once: largest cell × threads (bytes). */
  readonly bytes: number;
  /** Peak resident memory of the probe thread's process, MiB. */
  readonly probePeakMiB: number | null;
}

const median = <T>(v: readonly T[]): T => v[Math.floor((v.length - 1) / 2)];

/** Runs of each probe cell (the median time is kept). */
const PROBE_REPEATS = 3;

/** The probes: reference, then per numeric axis its ends, per other axis its values (four at most). */
function probesOf(spec: SweepSpec): Probe[] {
  const ref: Record<string, GridValue> = {};
  const numeric = new Set<string>();
  for (const [name, values] of Object.entries(spec.grid)) {
    if (values.every((v) => typeof v === 'number')) {
      numeric.add(name);
      ref[name] = median([...(values as number[])].sort((a, b) => a - b));
    } else ref[name] = values[0];
  }
  const out: Probe[] = [{ cell: cellAt(spec, ref, 0) }];
  const seen = new Set([out[0].cell.key]);
  const add = (axis: string, value: GridValue) => {
    const cell = cellAt(spec, { ...ref, [axis]: value }, 0);
    if (seen.has(cell.key)) return;
    seen.add(cell.key);
    out.push({ cell, axis, value });
  };
  for (const [name, values] of Object.entries(spec.grid)) {
    if (numeric.has(name)) {
      const sorted = [...(values as number[])].sort((a, b) => a - b);
      add(name, sorted[0]);
      add(name, sorted[sorted.length - 1]);
    } else for (const v of values.slice(0, 4)) add(name, v);
  }
  return out;
}

/** The factor of an axis value relative to the reference, from the probes of that axis. */
function factor(
  axis: string,
  value: GridValue,
  refValue: GridValue,
  numeric: boolean,
  known: ReadonlyMap<string, ReadonlyMap<string, number>>,
): number {
  const byValue = known.get(axis);
  if (!byValue) return 1;
  if (!numeric) {
    const f = byValue.get(JSON.stringify(value));
    if (f !== undefined) return f;
    const all = [...byValue.values(), 1];
    return all.reduce((a, b) => a + b, 0) / all.length;
  }
  const pts = [...byValue.entries(), [JSON.stringify(refValue), 1] as [string, number]]
    .map(([k, f]) => ({ x: JSON.parse(k) as number, f }))
    .sort((a, b) => a.x - b.x);
  const x = value as number;
  let i = 1;
  while (i < pts.length - 1 && x > pts[i].x) i++;
  const a = pts[i - 1];
  const b = pts[i] ?? a;
  if (b.x === a.x) return a.f;
  if (a.x > 0 && x > 0 && a.f > 0 && b.f > 0) {
    const k = Math.log(b.f / a.f) / Math.log(b.x / a.x);
    return a.f * (x / a.x) ** k;
  }
  return a.f + ((b.f - a.f) * (x - a.x)) / (b.x - a.x);
}

/** Time the probes on one pool thread and estimate the sweep's cells (see the module comment). */
export async function estimateSweep(
  spec: SweepSpec,
  cells: readonly CellTask[],
  threads: number,
  backend?: BackendName,
): Promise<SweepEstimate> {
  const probes = probesOf(spec);
  const pool = new CellPool(1, backend);
  const t0 = performance.now();
  const results: CellResult[] = [];
  try {
    await pool.run(probes[0].cell); // warm-up: thread start, module loading, compilation
    // Each probe three times, in turn, its median kept: one run on a shared machine may hit a busy moment.
    const runs: CellResult[][] = probes.map(() => []);
    for (let k = 0; k < PROBE_REPEATS; k++)
      for (let i = 0; i < probes.length; i++) runs[i].push(await pool.run(probes[i].cell));
    for (const r of runs) results.push([...r].sort((a, b) => a.ms - b.ms)[Math.floor(r.length / 2)]);
  } finally {
    await pool.close();
  }
  const probeSeconds = (performance.now() - t0) / 1000;
  const tRef = Math.max(1e-3, results[0].ms);
  const known = new Map<string, Map<string, number>>();
  probes.forEach((p, i) => {
    if (p.axis === undefined) return;
    const m = known.get(p.axis) ?? new Map<string, number>();
    m.set(JSON.stringify(p.value), Math.max(1e-3, results[i].ms) / tRef);
    known.set(p.axis, m);
  });
  const refPoint = probes[0].cell.point;
  const numeric = new Set(
    Object.entries(spec.grid)
      .filter(([, v]) => v.every((x) => typeof x === 'number'))
      .map(([k]) => k),
  );
  let ms = 0;
  for (const c of cells) {
    let t = tRef;
    for (const axis of Object.keys(spec.grid))
      t *= factor(axis, c.point[axis] as GridValue, refPoint[axis] as GridValue, numeric.has(axis), known);
    ms += t;
  }
  let cellBytes = 0;
  let largestCell = '';
  const seen = new Set<string>();
  for (const c of cells) {
    const { trial: _t, ...p } = c.point;
    const k = JSON.stringify(p);
    if (seen.has(k)) continue;
    seen.add(k);
    const b = cellMemoryEstimate(spec, c);
    if (b > cellBytes) {
      cellBytes = b;
      largestCell = k;
    }
  }
  const used = Math.max(1, Math.min(threads, cells.length));
  const peaks = results.map((r) => r.peakMiB).filter((x): x is number => x !== undefined);
  return {
    seconds: ms / 1000 / used,
    cellSeconds: ms / 1000,
    threads: used,
    probes: probes.map((p, i) => ({ key: p.cell.key, ms: results[i].ms })),
    probeSeconds,
    cellBytes,
    largestCell,
    bytes: cellBytes * used,
    probePeakMiB: peaks.length > 0 ? Math.max(...peaks) : null,
  };
}

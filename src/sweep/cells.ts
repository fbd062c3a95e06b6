/**
 * Cells of a sweep: one grid point × one trial. A cell's key is the canonical JSON of its axis values (in the
 * experiment's parameter order) and its trial; its seed is derived from the sweep seed, the experiment and that
 * key alone, so a cell gives the same rows whatever the order of the cells, the number of workers or the machine.
 */
import { createHash } from 'node:crypto';
import { ParamError } from '../core/validate.js';
import { isInput } from '../experiments/params.js';
import { findExperiment } from '../experiments/registry/index.js';
import type { AnyExperiment } from '../experiments/registry/types.js';
import { hasInputs, inputsKey, loadInputs } from '../node/inputs.js';
import { cellValue, type GridValue, SpecError, type SweepSpec } from './spec.js';

/** One unit of work: the experiment, its full config (input files as paths) and its seed. */
export interface CellTask {
  readonly experiment: string;
  /** Canonical key: `{"n":200,"alpha":0.05,"trial":0}`. */
  readonly key: string;
  /** Position in the canonical order (axes in parameter order, the last axis fastest, then the trial). */
  readonly index: number;
  readonly seed: number;
  readonly config: Readonly<Record<string, unknown>>;
  /** The axis values and the trial (the leading columns of the merged rows). */
  readonly point: Readonly<Record<string, GridValue | number>>;
}

/** Number of cells of a spec: the product of the axis lengths times the trials. */
export function cellCount(spec: SweepSpec): number {
  return Object.values(spec.grid).reduce((p, v) => p * v.length, 1) * spec.trials;
}

/** A cell's seed: the first 32 bits of SHA-256(experiment, sweep seed, key). */
export function cellSeed(experiment: string, sweepSeed: number, key: string): number {
  const h = createHash('sha256').update(`hopfield-sweep\0${experiment}\0${sweepSeed}\0${key}`).digest();
  return h.readUInt32BE(0);
}

/** The sweep's identity: 16 hex digits of SHA-256 of its canonical spec (the same spec gives the same id). */
export function sweepId(spec: SweepSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

/** A queue job id for a cell of a sweep (no colons, never an integer). */
export function jobId(sweep: string, key: string): string {
  return `c${createHash('sha256').update(`${sweep}\0${key}`).digest('hex').slice(0, 32)}`;
}

/** The experiment of a resolved spec. */
export function specExperiment(spec: SweepSpec): AnyExperiment {
  const e = findExperiment(spec.experiment);
  if (!e) throw new SpecError(`unknown experiment "${spec.experiment}" (see hopfield list for the ids)`);
  return e;
}

/** The cell of a spec at some axis values (every axis given, in any order) and trial; `index` is left at -1. */
export function cellAt(
  spec: SweepSpec,
  values: Readonly<Record<string, GridValue>>,
  trial: number,
): CellTask {
  const e = specExperiment(spec);
  const point: Record<string, GridValue | number> = {};
  const config: Record<string, unknown> = { ...spec.params };
  for (const name of Object.keys(spec.grid)) {
    point[name] = values[name];
    config[name] = cellValue(e.params[name], values[name]);
  }
  point.trial = trial;
  const key = JSON.stringify(point);
  return {
    experiment: spec.experiment,
    key,
    index: -1,
    seed: cellSeed(spec.experiment, spec.seed, key),
    config,
    point,
  };
}

/**
 * Cells in canonical order: axes in parameter order, each by its position on the grid (a refined axis by value),
 * then the trial; `index` is set to the position.
 */
export function sortCells(spec: SweepSpec, cells: readonly CellTask[]): CellTask[] {
  const axes = Object.keys(spec.grid);
  const refined = spec.refine?.param;
  const pos = axes.map((name) => new Map(spec.grid[name].map((v, i) => [JSON.stringify(v), i])));
  const sorted = [...cells].sort((a, b) => {
    for (let i = 0; i < axes.length; i++) {
      const va = a.point[axes[i]];
      const vb = b.point[axes[i]];
      const d =
        axes[i] === refined
          ? (va as number) - (vb as number)
          : (pos[i].get(JSON.stringify(va)) ?? 0) - (pos[i].get(JSON.stringify(vb)) ?? 0);
      if (d !== 0) return d;
    }
    return (a.point.trial as number) - (b.point.trial as number);
  });
  return sorted.map((c, index) => ({ ...c, index }));
}

/** Every cell of a spec, in canonical order. */
export function cellsOf(spec: SweepSpec): CellTask[] {
  const e = specExperiment(spec);
  const axes = Object.entries(spec.grid);
  const out: CellTask[] = [];
  const total = cellCount(spec);
  const point: Record<string, GridValue | number> = {};
  const config: Record<string, unknown> = { ...spec.params };
  const visit = (a: number) => {
    if (a === axes.length) {
      for (let trial = 0; trial < spec.trials; trial++) {
        const p = { ...point, trial };
        const key = JSON.stringify(p);
        out.push({
          experiment: spec.experiment,
          key,
          index: out.length,
          seed: cellSeed(spec.experiment, spec.seed, key),
          config: { ...config },
          point: p,
        });
      }
      return;
    }
    const [name, values] = axes[a];
    for (const v of values) {
      point[name] = v;
      config[name] = cellValue(e.params[name], v);
      visit(a + 1);
    }
  };
  if (total > 0) visit(0);
  return out;
}

/**
 * Before any cell runs: read the input files of the cells (once per distinct set of paths; a missing file throws
 * its one-line InputError) and run each distinct config through the experiment's own `check` (cross-parameter
 * rules, memory estimates; a refusal throws SpecError naming the cell).
 */
export function validateCells(spec: SweepSpec, cells: readonly CellTask[]): void {
  const e = specExperiment(spec);
  if (!e.check && !hasInputs(e.params)) return;
  const seen = new Set<string>();
  const loaded = new Map<string, Record<string, unknown>>();
  for (const cell of cells) {
    const { trial: _t, ...point } = cell.point;
    const id = JSON.stringify(point);
    if (seen.has(id)) continue;
    seen.add(id);
    const config: Record<string, unknown> = { ...cell.config };
    if (hasInputs(e.params)) {
      const paths = inputsKey(e.params, config);
      let files = loaded.get(paths);
      if (!files) {
        files = loadInputs(e.params, config as never) as Record<string, unknown>;
        loaded.set(paths, files);
      }
      for (const k of Object.keys(e.params)) if (isInput(e.params[k])) config[k] = files[k];
    }
    try {
      e.check?.(config as never);
    } catch (err) {
      if (err instanceof ParamError || err instanceof RangeError)
        throw new SpecError(`cell ${id}: ${err.message}`);
      throw err;
    }
  }
}

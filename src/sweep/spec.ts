/**
 * Sweep specifications: an experiment of the registry, a grid of parameter values (one axis per parameter), fixed
 * values for the other parameters, a number of trials and a seed. Grid values written as text (`--grid
 * n=200,400`, `alpha=0.05:0.25:0.01`) go through the parameter's own parser and JSON values (a spec file) through
 * its own checker, so the bounds and the words of every error are the registry's.
 *
 * A spec file is JSON or YAML (the `yaml` package reads both):
 *
 * ```yaml
 * experiment: capacity
 * seed: 1
 * trials: 4
 * params: { rule: hebb, dynamics: sequential }
 * grid:
 *   n: [200, 400]
 *   alpha: "0.05:0.25:0.05"
 * ```
 */

import { parse as parseYaml } from 'yaml';
import { ParamError } from '../core/validate.js';
import { columnName, paramName, upgradeParams } from '../experiments/legacy.js';
import {
  camel,
  checkParam,
  MAX_LIST_LENGTH,
  type NumListSpec,
  type ParamSpec,
  parseParam,
  seed as seedSpec,
} from '../experiments/params.js';
import { findExperiment } from '../experiments/registry/index.js';
import type { AnyExperiment } from '../experiments/registry/types.js';

/** One value of a grid axis (a list parameter's axis holds single numbers; a cell gets `[v]`). */
export type GridValue = number | string | boolean | readonly string[];

/** A resolved sweep: everything a cell's config and seed depend on (written to `spec.json`). */
export interface SweepSpec {
  readonly version: 1;
  /** The experiment's registry id (aliases resolved). */
  readonly experiment: string;
  /** The sweep seed; each cell's seed is derived from it and the cell's key. */
  readonly seed: number;
  /** Trials per grid point (one cell per point and trial). */
  readonly trials: number;
  /** Values of every parameter that is not on the grid (defaults filled in). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The axes, in the experiment's parameter order. */
  readonly grid: Readonly<Record<string, readonly GridValue[]>>;
  /** Adaptive refinement after the grid (absent: the grid only). */
  readonly refine?: RefineSpec;
}

/**
 * Adaptive refinement of one numeric axis: after the grid, rounds of cells are added at midpoints of the
 * intervals that bracket `target` (bisection) or of the steepest interval (`where: 'steepest'`) of each line (the
 * other axes' values and the row of the cell), until every such interval is at most `tolerance` wide or `budget`
 * cells were added.
 */
export interface RefineSpec {
  readonly param: string;
  /** Bisect the intervals where `column` crosses `value`. */
  readonly target?: { readonly column: string; readonly value: number };
  /** Bisect the interval where the trial-mean `column` changes fastest. */
  readonly where?: 'steepest';
  /** The column `where` looks at (default: the target's, else the first numeric column that is not an axis). */
  readonly column?: string;
  readonly tolerance: number;
  /** Most cells refinement may add. */
  readonly budget: number;
}

/** A spec before resolution: what a spec file holds, with the command line's additions. */
export interface RawSpec {
  experiment?: unknown;
  seed?: unknown;
  trials?: unknown;
  params?: unknown;
  grid?: unknown;
  refine?: unknown;
}

/** A bad sweep specification (exit status 2 at the command line, before any cell runs). */
export class SpecError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

/** Most cells a sweep may hold unless `--max-cells` says otherwise. */
export const DEFAULT_MAX_CELLS = 100_000;

/** Bounds of the sweep's own settings. */
/** The sweep seed takes the bounds of the one seed spec (`--seed` of every command, the playground's seed). */
export const SEED_BOUNDS = { integer: true, min: seedSpec.bounds.min ?? 0, max: seedSpec.bounds.max ?? 0 };
export const TRIALS_BOUNDS = { integer: true, min: 1, max: 100_000 } as const;

/** Read a spec file (JSON or YAML; `name` is used in errors). */
export function parseSpecText(name: string, text: string): RawSpec {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new SpecError(`${name}: not valid JSON or YAML (${msg})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new SpecError(
      `${name}: a sweep spec must be a mapping with experiment, grid, params, trials, seed`,
    );
  const known = new Set(['experiment', 'seed', 'trials', 'params', 'grid', 'refine']);
  for (const k of Object.keys(doc))
    if (!known.has(k))
      throw new SpecError(
        `${name}: unknown field "${k}" (fields: experiment, grid, params, trials, seed, refine)`,
      );
  return doc as RawSpec;
}

/** `name=values` → [name, values] (name in camelCase; `max-sweeps` and `maxSweeps` both accepted). */
export function splitAssignment(flag: string, text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new SpecError(`${flag} must be written name=values (got "${text}")`);
  return [camel(text.slice(0, i).trim()), text.slice(i + 1)];
}

/** The experiment of a spec, or a SpecError listing the ids. */
export function experimentOf(id: unknown): AnyExperiment {
  if (typeof id !== 'string' || id === '')
    throw new SpecError('the sweep needs an experiment: --experiment ID (see hopfield list)');
  const e = findExperiment(id) ?? findExperiment(id.trim().replace(/\s+/g, '.'));
  if (!e) throw new SpecError(`unknown experiment "${id}" (see hopfield list for the ids)`);
  return e;
}

function specOf(e: AnyExperiment, name: string, where: string): ParamSpec {
  const spec = e.params[name];
  if (!spec)
    throw new SpecError(
      `${where}: unknown parameter "${name}" of ${e.id} (parameters: ${Object.keys(e.params).join(', ')})`,
    );
  if (spec.kind === 'outputFile')
    throw new SpecError(`${where}: ${name} is an output file; sweeps write their own outputs`);
  return spec;
}

function wrap(where: string, f: () => GridValue[]): GridValue[] {
  try {
    return f();
  } catch (e) {
    if (e instanceof ParamError || e instanceof RangeError) throw new SpecError(`${where} ${e.message}`);
    throw e;
  }
}

/** The values of one axis written as text (`200,400`, `0.05:0.25:0.01`, `hebb,storkey`), parsed by its spec. */
export function parseGridValues(name: string, spec: ParamSpec, raw: string, where = '--grid'): GridValue[] {
  return wrap(where, () => {
    switch (spec.kind) {
      case 'int':
      case 'num': {
        const list: NumListSpec = { ...spec, kind: 'numList', maxLength: MAX_LIST_LENGTH };
        return parseParam(name, list, raw) as number[];
      }
      case 'numList':
        return parseParam(name, spec, raw) as number[];
      case 'choiceList':
        return raw.split(';').map((part) => parseParam(name, spec, part) as string[]);
      default:
        return raw.split(',').map((part) => parseParam(name, spec, part.trim()) as GridValue);
    }
  });
}

/** The values of one axis given as JSON (a list, one value, or a text as on the command line). */
export function checkGridValues(name: string, spec: ParamSpec, value: unknown, where: string): GridValue[] {
  if (typeof value === 'string' && spec.kind !== 'choiceList')
    return parseGridValues(name, spec, value, where);
  const items = Array.isArray(value) && spec.kind !== 'choiceList' ? value : [value];
  if (spec.kind === 'choiceList' && Array.isArray(value) && value.every(Array.isArray))
    items.splice(0, 1, ...value);
  if (items.length === 0) throw new SpecError(`${where} ${name} has no values`);
  return wrap(where, () =>
    items.map((v) =>
      spec.kind === 'numList'
        ? (checkParam(name, spec, [v]) as number[])[0]
        : (checkParam(name, spec, v) as GridValue),
    ),
  );
}

/** The value a cell's config gets for an axis value. */
export function cellValue(spec: ParamSpec, v: GridValue): unknown {
  return spec.kind === 'numList' ? [v] : v;
}

/**
 * Resolve a raw spec: experiment, axes (in the experiment's parameter order), fixed values with defaults filled
 * in, trials, seed. When the experiment has its own `trials` parameter and neither the grid nor the params set
 * it, each cell runs one trial (`trials: 1`): the sweep's trials are the repetitions.
 */
export function resolveSpec(raw: RawSpec, where = 'spec'): SweepSpec {
  const e = experimentOf(raw.experiment);
  const seed = checkSetting('seed', raw.seed, SEED_BOUNDS, undefined);
  const trials = checkSetting('trials', raw.trials, TRIALS_BOUNDS, 1);
  const gridIn = objectField(raw.grid, `${where} grid`);
  const paramsIn = objectField(raw.params, `${where} params`);
  const axes: Record<string, GridValue[]> = {};
  for (const [k, v] of Object.entries(gridIn)) {
    const name = camel(k);
    axes[name] = checkGridValues(name, specOf(e, name, `${where} grid`), v, '--grid');
    if (axes[name].length === 0) throw new SpecError(`--grid ${name} has no values`);
  }
  if (Object.keys(axes).length === 0)
    throw new SpecError('the grid is empty: give at least one axis, e.g. --grid n=200,400');
  const fixedIn: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(paramsIn)) {
    const name = camel(k);
    specOf(e, name, `${where} params`);
    if (name in axes) throw new SpecError(`${name} is both on the grid and fixed; give it once`);
    fixedIn[name] = v;
  }
  if ('trials' in e.params && !('trials' in axes) && !('trials' in fixedIn)) fixedIn.trials = 1;
  const params: Record<string, unknown> = {};
  const grid: Record<string, readonly GridValue[]> = {};
  for (const [name, spec] of Object.entries(e.params)) {
    if (name in axes) {
      grid[name] = axes[name];
      continue;
    }
    if (spec.kind === 'outputFile') continue;
    let v: unknown;
    try {
      v = checkParam(name, spec, fixedIn[name]);
    } catch (err) {
      if (err instanceof RangeError) throw new SpecError(`--set ${err.message}`);
      throw err;
    }
    if (v !== undefined) params[name] = v;
  }
  const out: SweepSpec = { version: 1, experiment: e.id, seed, trials, params, grid };
  if (raw.refine === undefined || raw.refine === null) return out;
  return { ...out, refine: resolveRefine(e, grid, trials, raw.refine) };
}

/** Most refinement cells unless `--budget` says otherwise: as many as the grid has, at least 100. */
export function defaultBudget(grid: Readonly<Record<string, readonly GridValue[]>>, trials: number): number {
  return Math.max(100, Object.values(grid).reduce((p, v) => p * v.length, 1) * trials);
}

/** `COL=VALUE` of `--target`. */
export function parseTarget(text: string): { column: string; value: number } {
  const i = text.indexOf('=');
  const value = i > 0 ? Number(text.slice(i + 1)) : Number.NaN;
  if (i <= 0 || text.slice(i + 1).trim() === '' || !Number.isFinite(value))
    throw new SpecError(`--target must be written COLUMN=NUMBER, e.g. meanOverlap=0.5 (got "${text}")`);
  return { column: text.slice(0, i).trim(), value };
}

/**
 * Check a refinement against the grid: the parameter must be a numeric axis with two values or more, exactly one
 * of target and where, tolerance > 0 (default: the axis' smallest step / 8), budget ≥ 1.
 */
function resolveRefine(
  e: AnyExperiment,
  grid: Readonly<Record<string, readonly GridValue[]>>,
  trials: number,
  raw: unknown,
): RefineSpec {
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null)
    throw new SpecError('refine must be a mapping: param, target or where, tolerance, budget');
  const r = raw as Record<string, unknown>;
  const param = camel(String(r.param ?? ''));
  const axes = Object.keys(grid).join(', ');
  if (!(param in grid))
    throw new SpecError(`--refine ${param || '""'}: not swept; refine one of the grid's axes (${axes})`);
  const kind = e.params[param].kind;
  if (kind !== 'int' && kind !== 'num' && kind !== 'numList')
    throw new SpecError(`--refine ${param}: not numeric (a ${kind} parameter); refine a numeric axis`);
  const values = [...new Set(grid[param] as number[])].sort((a, b) => a - b);
  if (values.length < 2)
    throw new SpecError(
      `--refine ${param}: the grid has ${values.length} value of ${param}; give two or more`,
    );
  if ((r.target === undefined) === (r.where === undefined))
    throw new SpecError('--refine needs one of --target COLUMN=VALUE and --where steepest');
  if (r.where !== undefined && r.where !== 'steepest')
    throw new SpecError(`--where must be steepest (got "${String(r.where)}")`);
  const target =
    r.target === undefined
      ? undefined
      : typeof r.target === 'string'
        ? parseTarget(r.target)
        : parseTarget(
            `${(r.target as { column?: unknown }).column}=${(r.target as { value?: unknown }).value}`,
          );
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i] - values[i - 1]);
  const tolerance = refineNumber('tolerance', r.tolerance, Number((step / 8).toPrecision(6)), false);
  const budget = refineNumber('budget', r.budget, defaultBudget(grid, trials), true);
  const out: RefineSpec = {
    param,
    ...(target ? { target } : { where: 'steepest' as const }),
    ...(typeof r.column === 'string' && r.column !== '' ? { column: r.column } : {}),
    tolerance,
    budget,
  };
  return out;
}

function refineNumber(name: string, v: unknown, def: number | undefined, integer: boolean): number {
  if (v === undefined && def !== undefined) return def;
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x)))
    throw new SpecError(
      `--${name} must be ${integer ? 'an integer ≥ 1' : 'a number > 0'} (got ${JSON.stringify(v ?? null)})`,
    );
  return x;
}

function objectField(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw new SpecError(`${where} must be a mapping name: values`);
  return v as Record<string, unknown>;
}

function checkSetting(
  name: string,
  v: unknown,
  bounds: { integer: boolean; min: number; max: number },
  def: number | undefined,
): number {
  const spec: ParamSpec<number> = { kind: 'int', help: name, bounds, default: def };
  try {
    return checkParam(name, spec, v);
  } catch (e) {
    if (e instanceof RangeError) throw new SpecError(`--${e.message}`);
    throw e;
  }
}

/** A stored spec of an earlier version under today's parameter names (experiments/legacy.ts). */
function upgradeSpec(d: SweepSpec): SweepSpec {
  const id = d.experiment;
  const r = d.refine;
  const target = r?.target ? { target: { ...r.target, column: columnName(id, r.target.column) } } : {};
  return {
    ...d,
    params: upgradeParams(id, { ...d.params }),
    grid: upgradeParams(id, { ...d.grid }),
    ...(r ? { refine: { ...r, param: paramName(id, r.param), ...target } } : {}),
  };
}

/**
 * Check a spec read back from `spec.json` (resume), under today's names: the same resolution must give the same
 * spec.
 */
export function checkStoredSpec(doc: unknown, where: string): SweepSpec {
  if (doc === null || typeof doc !== 'object' || (doc as { version?: unknown }).version !== 1)
    throw new SpecError(`${where}: not a sweep spec of version 1`);
  const d = upgradeSpec(doc as SweepSpec);
  const again = resolveSpec({ ...d }, where);
  if (JSON.stringify(again) !== JSON.stringify(d))
    throw new SpecError(`${where}: the spec no longer resolves to itself (was it edited?)`);
  return d;
}

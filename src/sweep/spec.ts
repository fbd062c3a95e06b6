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
import {
  camel,
  checkParam,
  MAX_LIST_LENGTH,
  type NumListSpec,
  type ParamSpec,
  parseParam,
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
}

/** A spec before resolution: what a spec file holds, with the command line's additions. */
export interface RawSpec {
  experiment?: unknown;
  seed?: unknown;
  trials?: unknown;
  params?: unknown;
  grid?: unknown;
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
export const SEED_BOUNDS = { integer: true, min: 0, max: 4294967295 } as const;
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
  const known = new Set(['experiment', 'seed', 'trials', 'params', 'grid']);
  for (const k of Object.keys(doc))
    if (!known.has(k))
      throw new SpecError(`${name}: unknown field "${k}" (fields: experiment, grid, params, trials, seed)`);
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
  return { version: 1, experiment: e.id, seed, trials, params, grid };
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

/** Check a spec read back from `spec.json` (resume): the same resolution must give the same spec. */
export function checkStoredSpec(doc: unknown, where: string): SweepSpec {
  if (doc === null || typeof doc !== 'object' || (doc as { version?: unknown }).version !== 1)
    throw new SpecError(`${where}: not a sweep spec of version 1`);
  const d = doc as SweepSpec;
  const again = resolveSpec({ ...d }, where);
  if (JSON.stringify(again) !== JSON.stringify(d))
    throw new SpecError(`${where}: the spec no longer resolves to itself (was it edited?)`);
  return d;
}

/**
 * Names changed since results were first saved (one name per concept, docs/vocabulary.md): per experiment id, the
 * old parameter and row-column names and the names they became. Every place that reads back a result written by
 * an earlier version (a sweep's spec and journal, a pinned fixture) passes it through {@link upgradeResult} or its
 * parts, so old files keep loading with today's names. A rename adds a line here; nothing is ever removed.
 */
import { kebab } from './params.js';

/** Old name → new name of the parameters and of the row columns of one experiment. */
export interface Renames {
  readonly params?: Readonly<Record<string, string>>;
  readonly columns?: Readonly<Record<string, string>>;
}

const FINAL_OVERLAP: Renames = { columns: { mF: 'meanOverlap' } };
const PROTEIN: Renames = { columns: { symmetry: 'couplings' } };

/** The renames by experiment id (aliases listed under their own id as well). */
export const RENAMED: Readonly<Record<string, Renames>> = {
  'pl.retrieval-map': FINAL_OVERLAP,
  'pl.vector-map': FINAL_OVERLAP,
  'pl.spin-glass': { params: { thin: 'thinning' } },
  'potts.retrieval': PROTEIN,
  'pl.protein': PROTEIN,
};

/** The renames of an experiment named by its id (`pl.spin-glass`) or its command (`pl spin-glass`). */
export function renamesOf(experiment: string): Renames {
  return RENAMED[experiment.trim().replace(/\s+/g, '.')] ?? {};
}

function renamed<T>(
  o: Record<string, T>,
  names: Readonly<Record<string, string>> | undefined,
): Record<string, T> {
  if (!names) return o;
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(o)) out[names[k] ?? k] = v;
  return out;
}

/** Today's name of a parameter (`thin` → `thinning`; other names unchanged). */
export function paramName(experiment: string, name: string): string {
  return renamesOf(experiment).params?.[name] ?? name;
}

/** Today's name of a row column (`mF` → `meanOverlap`; other names unchanged). */
export function columnName(experiment: string, name: string): string {
  return renamesOf(experiment).columns?.[name] ?? name;
}

/** Parameters (a result's `params`, a sweep's grid or fixed values, a cell's key) under today's names. */
export function upgradeParams<T>(experiment: string, params: Record<string, T>): Record<string, T> {
  return renamed(params, renamesOf(experiment).params);
}

/** Rows under today's column names. */
export function upgradeRows<R extends object>(experiment: string, rows: readonly R[]): R[] {
  const columns = renamesOf(experiment).columns;
  return rows.map((r) => renamed(r as Record<string, unknown>, columns) as R);
}

/** A cell key `{"thin":2,"trial":0}` (canonical JSON of the cell's values) under today's parameter names. */
export function upgradeKey(experiment: string, key: string): string {
  if (!renamesOf(experiment).params) return key;
  return JSON.stringify(upgradeParams(experiment, JSON.parse(key) as Record<string, unknown>));
}

/** Command-line words of an earlier version (`--thin 2`) under today's flags (`--thinning 2`). */
export function upgradeArgs(experiment: string, args: readonly string[]): string[] {
  const flags = Object.entries(renamesOf(experiment).params ?? {}).map(([o, n]) => [kebab(o), kebab(n)]);
  return args.map((a) => {
    for (const [o, n] of flags) {
      if (a === `--${o}`) return `--${n}`;
      if (a.startsWith(`--${o}=`)) return `--${n}${a.slice(o.length + 2)}`;
    }
    return a;
  });
}

/**
 * A JSON result `{command, params, rows, …}` of an earlier version under today's names; `experiment` defaults to
 * its `command`. Other fields are kept as they are.
 */
export function upgradeResult<D extends { command?: unknown; params?: unknown; rows?: unknown }>(
  doc: D,
  experiment = typeof doc.command === 'string' ? doc.command : '',
): D {
  const out: Record<string, unknown> = { ...doc };
  if (doc.params && typeof doc.params === 'object')
    out.params = upgradeParams(experiment, doc.params as Record<string, unknown>);
  if (Array.isArray(doc.rows)) out.rows = upgradeRows(experiment, doc.rows as object[]);
  return out as D;
}

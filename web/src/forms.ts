/**
 * Panel forms generated from registry entries (no DOM here: test/web/panelEntries.test.ts reads them in Node).
 * A panel shows a subset of an entry's parameters — the entry's own specs, so the same bounds and words as the
 * command line — may start one at another default or fix the others, and adds fields of its own only for drawing
 * and interaction (which recording to pick, how many pairs to list). Every computation whose result the panel
 * shows is a {@link PanelRun}: a registry id and the form fields that set its parameters.
 */
import type {
  IntSpec,
  NumListSpec,
  NumSpec,
  ParamSpec,
  ParamSpecs,
  seed as seedSpec,
} from '../../src/experiments/params.js';

/** A computation of a panel: the registry entry it runs and, by form field, the entry parameter it sets. */
export interface PanelRun {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A panel's form: its specs, the entries they feed, and the fields of drawing and interaction only. */
export interface PanelForm<S extends ParamSpecs> {
  readonly specs: S & { readonly seed?: typeof seedSpec };
  readonly runs: readonly PanelRun[];
  readonly interaction: readonly (keyof S & string)[];
}

/** The entry's specs of `keys`, as they are. */
export function pick<P extends ParamSpecs, K extends keyof P & string>(
  params: P,
  keys: readonly K[],
): Pick<P, K> {
  const out = {} as Pick<P, K>;
  for (const k of keys) out[k] = params[k];
  return out;
}

/** A spec the panel starts at another value (bounds, words and kind are the entry's). */
export function startingAt<S extends ParamSpec>(spec: S, value: NonNullable<S['default']>): S {
  return { ...spec, default: value };
}

/**
 * One value of a list spec: the panel runs one point of a swept parameter (the entry receives `[value]`) with the
 * list's bounds and words; it starts at `value`, or the list's first default.
 */
export function oneOf(spec: NumListSpec<number[]>, value?: number): IntSpec<number> | NumSpec<number> {
  const { maxLength: _m, statedMax: _s, quick: _q, default: d, kind: _k, __value: _v, ...rest } = spec;
  const start = value ?? d?.[0];
  return spec.bounds.integer
    ? { ...rest, kind: 'int', default: start }
    : { ...rest, kind: 'num', default: start };
}

/** A run whose fields carry the entry's parameter names (`rename`: form field → parameter, where they differ). */
export function run(
  id: string,
  fields: readonly string[],
  rename: Readonly<Record<string, string>> = {},
): PanelRun {
  const out: Record<string, string> = {};
  for (const f of fields) out[f] = f;
  return { id, fields: { ...out, ...rename } };
}

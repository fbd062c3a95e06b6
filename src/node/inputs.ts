/**
 * Reading the inputs named in an experiment's config (Node only): each path is replaced by its bytes
 * ({@link LoadedFile}) or by its folder's files ({@link LoadedDir}), and the bundled data sets the config needs are
 * read in (a folder left out that stands for a bundled set, a `dataset` spec). Runs receive bytes, never a path.
 * Used by the command line, sweep cells (a cell reads its files on the machine that runs it), the report and the
 * Node API. Every failure is one {@link InputError} naming the flag and the path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Rng } from '../core/rng/index.js';
import {
  type BundledSet,
  type ConfigOf,
  isInput,
  kebab,
  type LoadedDir,
  type LoadedFile,
  type ParamSpecs,
} from '../experiments/params.js';
import type { Experiment, RunOutput } from '../experiments/registry/types.js';
import type { ExperimentHooks } from '../experiments/types.js';
import { readBundledSet } from './bundled.js';

/** A file or folder that cannot be read: the message names the flag and the path (exit status 2 at the CLI). */
export class InputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Read the inputs of a config: the paths of files and folders are replaced by their contents, and the bundled
 * sets it needs are read in. Values already read (a {@link LoadedFile} or {@link LoadedDir}) are kept.
 */
export function loadInputs<P extends ParamSpecs>(params: P, config: ConfigOf<P>): ConfigOf<P> {
  const out: Record<string, unknown> = { ...config };
  for (const [name, spec] of Object.entries(params)) {
    const path = out[name];
    const flag = `--${kebab(name)}`;
    if (spec.kind === 'dataset') {
      if (path === undefined && (spec.needed?.(config) ?? true))
        out[name] = bundled(spec.set, `${spec.param ? `--${kebab(spec.param)}` : flag}`);
      continue;
    }
    if (spec.kind === 'inputDir' && path === undefined && spec.bundled)
      out[name] = bundled(spec.bundled, flag);
    if (typeof path !== 'string') continue;
    if (spec.kind === 'inputFile') out[name] = readInput(flag, path, spec.stdin === true);
    if (spec.kind === 'inputDir') out[name] = readInputDir(flag, path, spec.extensions);
    if (spec.kind === 'inputSource') out[name] = readInputSource(flag, path, spec.extensions);
  }
  return out as ConfigOf<P>;
}

/** Whether any parameter of a record is read by the surface (a file, a folder, a bundled set). */
export function hasInputs(params: ParamSpecs): boolean {
  return Object.values(params).some(isInput);
}

/** What {@link loadInputs} would read for a config (equal keys: equal inputs), e.g. to read them once per key. */
export function inputsKey(params: ParamSpecs, config: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(params)
      .filter(([, s]) => isInput(s))
      .map(([k, s]) => (s.kind === 'dataset' ? (s.needed?.(config) ?? true) : config[k])),
  );
}

/**
 * Run a registry entry from Node on a config that names its files by path (the library's way to what the command
 * line does): the inputs are read, the entry's checks run, then the entry itself.
 */
export async function runWithInputs<P extends ParamSpecs, R extends object>(
  e: Experiment<P, R>,
  config: ConfigOf<P>,
  rng: Rng,
  hooks: ExperimentHooks = {},
): Promise<RunOutput<R>> {
  const loaded = loadInputs(e.params, config);
  e.check?.(loaded);
  return e.run(loaded, rng, hooks);
}

/** A bundled set read from the package; a missing one is an InputError naming the flag that stands for it. */
function bundled(set: BundledSet, flag: string): LoadedDir {
  try {
    return readBundledSet(set);
  } catch (e) {
    throw new InputError(`${flag}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Most bytes the inputs of one run may hold in all (they are read into memory before the run). */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;

function checkInputSize(flag: string, path: string, bytes: number): void {
  if (bytes > MAX_INPUT_BYTES)
    throw new InputError(
      `${flag}: "${path}" holds ${(bytes / 1024 ** 3).toFixed(2)} GiB; inputs of at most ${MAX_INPUT_BYTES / 1024 ** 3} GiB are read`,
    );
}

function readInput(flag: string, path: string, stdin: boolean): LoadedFile {
  if (path === '-' && stdin) return { name: 'stdin', bytes: new Uint8Array(readFileSync(0)) };
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${flag}: "${path}" is a directory, not a file`);
    checkInputSize(flag, path, st.size);
    return { name: path, bytes: new Uint8Array(readFileSync(path)) };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code;
    throw new InputError(`${flag}: cannot read "${path}" (${code ?? String(e)})`);
  }
}

/** A file read whole, or a folder's `extensions` files (none is not an error here: the decoder names it). */
function readInputSource(flag: string, path: string, extensions: readonly string[]): LoadedFile | LoadedDir {
  if (!existsSync(path)) throw new InputError(`${flag}: ${path}: no such file or directory`);
  return statSync(path).isDirectory()
    ? readInputDir(flag, path, extensions, true)
    : readInput(flag, path, false);
}

function readInputDir(
  flag: string,
  path: string,
  extensions: readonly string[],
  emptyAllowed = false,
): LoadedDir {
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) throw new InputError(`${flag}: "${path}" is not a directory`);
    names = readdirSync(path).sort();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${flag}: cannot read directory "${path}"`);
  }
  const chosen = names.filter((n) => extensions.some((x) => n.toLowerCase().endsWith(x)));
  let total = 0;
  for (const n of chosen) {
    try {
      total += statSync(join(path, n)).size;
    } catch {
      // unreadable entries are reported by readInput below
    }
  }
  checkInputSize(flag, path, total);
  const files = chosen
    .map((n) => readInput(flag, join(path, n), false))
    .map((f) => ({ name: basename(f.name), bytes: f.bytes }));
  if (files.length === 0 && !emptyAllowed)
    throw new InputError(`${flag}: "${path}" holds no ${extensions.join('/')} files`);
  return { name: path, files };
}

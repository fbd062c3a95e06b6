/**
 * Reading the input files and folders named in an experiment's config (Node only): each path is replaced by its
 * bytes ({@link LoadedFile}) or by its folder's files ({@link LoadedDir}). Used by the command line and by sweep
 * cells (a cell reads its files on the machine that runs it). Every failure is one {@link InputError} naming the
 * flag and the path.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  type ConfigOf,
  kebab,
  type LoadedDir,
  type LoadedFile,
  type ParamSpecs,
} from '../experiments/params.js';

/** A file or folder that cannot be read: the message names the flag and the path (exit status 2 at the CLI). */
export class InputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Read the input files and folders named in a config (the paths are replaced by their contents). */
export function loadInputs<P extends ParamSpecs>(params: P, config: ConfigOf<P>): ConfigOf<P> {
  const out: Record<string, unknown> = { ...config };
  for (const [name, spec] of Object.entries(params)) {
    const path = out[name];
    if (typeof path !== 'string') continue;
    if (spec.kind === 'inputFile') out[name] = readInput(`--${kebab(name)}`, path, spec.stdin === true);
    if (spec.kind === 'inputDir') out[name] = readInputDir(`--${kebab(name)}`, path, spec.extensions);
  }
  return out as ConfigOf<P>;
}

/** Whether any parameter of a record is read from a file or folder. */
export function hasInputs(params: ParamSpecs): boolean {
  return Object.values(params).some((s) => s.kind === 'inputFile' || s.kind === 'inputDir');
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

function readInputDir(flag: string, path: string, extensions: readonly string[]): LoadedDir {
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
  if (files.length === 0) throw new InputError(`${flag}: "${path}" holds no ${extensions.join('/')} files`);
  return { name: path, files };
}

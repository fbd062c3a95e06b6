/**
 * Result files and console output shared by every command: `{command, version, seed, params, rows, ...}` JSON,
 * CSV of the rows, SVG plots, and a readable table on stdout. Files are written to a temporary name in the same
 * directory and renamed, so a failure never leaves a half-written file.
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** A result row: any plain object of fields (interfaces of experiment rows fit). */
export type Row = object;
type Fields = Record<string, unknown>;

/** The package version, read once (kept in sync by tests with package.json). */
export const VERSION = '0.1.0';

/** Longest file name (one path component) most file systems accept, in bytes. */
const NAME_MAX = 255;

/**
 * Check that an output file can be created before any work: a non-empty path, not a directory, whose directory
 * exists and is writable, with a name the file system accepts. Throws UsageError naming the flag.
 */
export function checkOutputPath(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  if (path === '' || path.endsWith('/')) throw new UsageError(`${flag} must be a file path (got "${path}")`);
  const name = basename(path);
  if (Buffer.byteLength(name) > NAME_MAX)
    throw new UsageError(
      `${flag}: file name "${name.slice(0, 24)}…" is ${Buffer.byteLength(name)} bytes long; at most ${NAME_MAX} are allowed (ENAMETOOLONG)`,
    );
  let dir: string;
  let st: ReturnType<typeof statSync> | undefined;
  try {
    dir = dirname(resolve(path));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`${flag}: directory "${dirname(path)}" does not exist (got "${path}")`);
    }
    st = existsSync(path) ? statSync(path) : undefined;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag}: cannot write "${path}" (${errorCode(e)})`);
  }
  if (st?.isDirectory()) throw new UsageError(`${flag} is a directory (got "${path}")`);
  // Probe by writing: permission bits do not bind root, and pseudo file systems (/proc) refuse only real writes.
  // The probe's name is short, so that a long (but allowed) target name cannot make the probe's name too long.
  const probe = join(dir, `.hopfield-${process.pid}-${randomBytes(4).toString('hex')}.probe`);
  try {
    if (st) accessSync(path, constants.W_OK);
    writeFileSync(probe, '');
  } catch {
    throw new UsageError(`${flag}: "${path}" is not writable`);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // nothing was created
    }
  }
}

/** An output of a command: its flag, path, and the derived names it writes (`<path><suffix>`; default: the path). */
export interface OutputUse {
  readonly flag: string;
  readonly path: string | undefined;
  /** Suffixes appended to the path (`_h.npy`); `''` is the path itself. Absent: only the path. */
  readonly suffixes?: readonly string[];
}

/** An input of a command: a file, or a folder whose files with the given extensions are read. */
export interface InputUse {
  readonly flag: string;
  readonly path: string | undefined;
  /** For a folder: the (lower-case) extensions of the files read from it. */
  readonly extensions?: readonly string[];
}

/**
 * What a path names, for comparisons: an existing file by device and inode (symlinks and hard links followed), a
 * new one by its directory's real path and its name.
 */
function fileKey(path: string): string {
  const target = finalPath(path);
  try {
    const st = statSync(target);
    return `inode:${st.dev}:${st.ino}`;
  } catch {
    try {
      return `path:${join(realpathSync(dirname(target)), basename(target))}`;
    } catch {
      return `path:${target}`;
    }
  }
}

/** The path a write to `path` lands on: symlinks followed, dangling ones too (a write creates their target). */
function finalPath(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
      link = readlinkSync(p);
    } catch {
      return p;
    }
    p = resolve(dirname(p), link);
  }
  return p;
}

function realDir(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** The files an output use writes: one per suffix, each named by its flag (and the prefix it derives from). */
export function expandOutputs(
  outputs: readonly OutputUse[],
): { flag: string; path: string; shown: string }[] {
  const out: { flag: string; path: string; shown: string }[] = [];
  for (const o of outputs) {
    if (o.path === undefined) continue;
    for (const sfx of o.suffixes ?? ['']) {
      const path = o.path + sfx;
      out.push({ flag: o.flag, path, shown: sfx === '' ? o.flag : `${o.flag} (its ${path})` });
    }
  }
  return out;
}

/**
 * Check every output before any work: each file (derived names included) as in {@link checkOutputPath}, no file
 * written by two outputs, and no output that is one of the inputs (a file read, or a file of a folder read).
 * Paths are compared resolved, symlinks and hard links followed. Throws UsageError naming both flags.
 */
export function checkOutputPaths(outputs: readonly OutputUse[], inputs: readonly InputUse[] = []): void {
  const files = expandOutputs(outputs);
  for (const f of files) checkOutputPath(f.shown, f.path);
  const seen = new Map<string, string>();
  for (const f of files) {
    const key = fileKey(f.path);
    const other = seen.get(key);
    if (other) throw new UsageError(`${f.shown} and ${other} name the same file (got "${f.path}")`);
    seen.set(key, f.shown);
  }
  checkInputClash(files, inputs);
}

function checkInputClash(
  files: readonly { flag: string; path: string; shown: string }[],
  inputs: readonly InputUse[],
): void {
  for (const i of inputs) {
    if (i.path === undefined || i.path === '-' || i.path === '') continue;
    // A folder only where the input reads folders (declares extensions): a folder given to a file input is the
    // input's own error, reported when it is read.
    const dir = i.extensions === undefined ? undefined : realDir(i.path);
    const key = dir === undefined ? fileKey(i.path) : undefined;
    const inDir = dir === undefined ? new Set<string>() : folderKeys(dir, i.extensions ?? ['']);
    for (const f of files) {
      const target = finalPath(f.path);
      const clash =
        dir === undefined
          ? fileKey(f.path) === key
          : inDir.has(fileKey(f.path)) ||
            (realDir(dirname(target)) === dir &&
              (i.extensions ?? ['']).some((x) => basename(target).toLowerCase().endsWith(x)));
      if (clash)
        throw new UsageError(
          dir === undefined
            ? `${f.shown} names the input file of ${i.flag} (got "${f.path}"); choose another output path`
            : `${f.shown} writes into the input folder of ${i.flag} (got "${f.path}"); choose another output path`,
        );
    }
  }
}

/** The keys of the files of a folder that a command reads (by extension). */
function folderKeys(dir: string, extensions: readonly string[]): Set<string> {
  const out = new Set<string>();
  try {
    for (const name of readdirSync(dir))
      if (extensions.some((x) => name.toLowerCase().endsWith(x))) out.add(fileKey(join(dir, name)));
  } catch {
    // an unreadable folder is reported when it is read
  }
  return out;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A short temporary name beside `path` (short, so that a long target name cannot make it too long). */
function tempPathFor(path: string, kind = 'tmp'): string {
  return join(dirname(resolve(path)), `.hopfield-${process.pid}-${randomBytes(6).toString('hex')}.${kind}`);
}

/** One output of a command: its flag (for errors), path and content. */
export interface OutputFile {
  readonly flag: string;
  readonly path: string;
  readonly content: string | Uint8Array;
}

interface Pending {
  readonly tmp: string;
  /** The target, resolved; `given`: as the user wrote it (for messages). */
  readonly path: string;
  readonly given: string;
  readonly flag: string;
  /** A hard link (or copy) of the file the rename replaces, restored if a later rename fails. */
  backup?: string;
  renamed: boolean;
}

/**
 * Write several files all-or-nothing: every content goes to a temporary beside its target first; only when all
 * temporaries are written are they renamed. Files that a rename replaces are kept aside until every rename has
 * succeeded, so a failing rename restores the earlier targets (old content back, new files removed). A write
 * error removes the temporaries and becomes a UsageError naming the flag.
 */
export function writeAllAtomic(files: readonly OutputFile[]): void {
  const temps: Pending[] = [];
  // While the files are written (synchronously), an interrupt is held back by a listener and dropped when the
  // writes are done: it can land before (the default action ends the process, nothing written) or after (all
  // written), never between two files.
  const hold = () => {};
  for (const s of SIGNALS) process.on(s, hold);
  let done = false;
  try {
    for (const f of files) {
      const tmp = tempPathFor(f.path);
      temps.push({ tmp, path: resolve(f.path), given: f.path, flag: f.flag, renamed: false });
      try {
        writeFileSync(tmp, f.content);
      } catch (e) {
        throw new UsageError(`${f.flag}: cannot write "${f.path}" (${errorCode(e)})`);
      }
    }
    for (const t of temps) keepAside(t);
    for (const t of temps) {
      try {
        renameSync(t.tmp, t.path);
      } catch (e) {
        throw new UsageError(`${t.flag}: cannot write "${t.given}" (${errorCode(e)})`);
      }
      t.renamed = true;
    }
    done = true;
  } finally {
    if (!done) restore(temps);
    for (const s of SIGNALS) process.removeListener(s, hold);
    for (const t of temps) {
      quietRm(t.tmp);
      if (t.backup) quietRm(t.backup);
    }
  }
}

/** Keep the file a rename will replace (a hard link, or a copy where links are not supported). */
function keepAside(t: Pending): void {
  // Only files are kept: a rename over anything else fails, and the renames before it are undone.
  if (!existsSync(t.path) || !statSync(t.path).isFile()) return;
  const backup = tempPathFor(t.path, 'bak');
  try {
    linkSync(t.path, backup);
  } catch {
    try {
      copyFileSync(t.path, backup);
    } catch (e) {
      throw new UsageError(`${t.flag}: cannot replace "${t.given}" (${errorCode(e)})`);
    }
  }
  t.backup = backup;
}

/** Undo the renames done so far: earlier contents back, new files removed. */
function restore(temps: readonly Pending[]): void {
  for (const t of temps) {
    if (!t.renamed) continue;
    try {
      if (t.backup) {
        renameSync(t.backup, t.path);
        t.backup = undefined;
      } else rmSync(t.path, { force: true });
    } catch {
      // best effort: the error that stopped the writes is reported
    }
  }
}

function quietRm(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing to remove
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** Create a directory (and parents) for outputs such as the report. */
export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Non-finite numbers are empty cells: result files never hold NaN or Infinity.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns: the union of row keys in first-seen order. */
export function columnsOf(rows: readonly Row[]): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r as Fields)) {
      if (!seen.has(k)) {
        seen.add(k);
        cols.push(k);
      }
    }
  }
  return cols;
}

/** RFC 4180 CSV with a header line. */
export function toCsv(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell((r as Fields)[c])).join(','));
  return `${lines.join('\n')}\n`;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
  }
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A plain aligned text table (numbers right-aligned, 4 significant digits). */
export function formatTable(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  const cells = rows.map((r) => columns.map((c) => fmt((r as Fields)[c])));
  // A loop, not Math.max(...spread): tables of 10⁵+ rows overflow the call stack with a spread.
  const widths = columns.map((c, j) => cells.reduce((w, row) => Math.max(w, row[j].length), c.length));
  const numeric = columns.map((c) =>
    rows.every((r) => typeof (r as Fields)[c] === 'number' || (r as Fields)[c] == null),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, j) => (numeric[j] ? v.padStart(widths[j]) : v.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line([...columns]), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The JSON document of a result. */
export function resultDocument(
  command: string,
  seed: number | null,
  params: Record<string, unknown>,
  rows: readonly Row[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { command, version: VERSION, seed, params, rows, ...extra };
}

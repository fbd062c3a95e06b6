/**
 * Result files and console output shared by every command: `{command, version, seed, params, rows, ...}` JSON,
 * CSV of the rows, SVG plots, and a readable table on stdout. Files are written to a temporary name in the same
 * directory and renamed, so a failure never leaves a half-written file.
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
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

/**
 * Check that an output file can be created before any work: a non-empty path, not a directory, whose directory
 * exists and is writable. Throws UsageError naming the flag.
 */
export function checkOutputPath(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  if (path === '' || path.endsWith('/')) throw new UsageError(`${flag} must be a file path (got "${path}")`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${flag}: directory "${dirname(path)}" does not exist (got "${path}")`);
  }
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`${flag} is a directory (got "${path}")`);
  // Probe by writing: permission bits do not bind root, and pseudo file systems (/proc) refuse only real writes.
  const probe = join(dir, `.${basename(path)}.${process.pid}.probe`);
  try {
    if (existsSync(path)) accessSync(path, constants.W_OK);
    writeFileSync(probe, '');
  } catch {
    throw new UsageError(`${flag}: "${path}" is not writable`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Check several outputs at once: each path as above, and no path given to two outputs. */
export function checkOutputPaths(outputs: readonly { flag: string; path: string | undefined }[]): void {
  const seen = new Map<string, string>();
  for (const o of outputs) {
    checkOutputPath(o.flag, o.path);
    if (o.path === undefined) continue;
    const abs = resolve(o.path);
    const other = seen.get(abs);
    if (other) throw new UsageError(`${o.flag} and ${other} name the same file (got "${o.path}")`);
    seen.set(abs, o.flag);
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function tempPathFor(path: string): string {
  const abs = resolve(path);
  return join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** One output of a command: its flag (for errors), path and content. */
export interface OutputFile {
  readonly flag: string;
  readonly path: string;
  readonly content: string | Uint8Array;
}

/**
 * Write several files all-or-nothing: every content goes to a temporary beside its target first; only when all
 * temporaries are written are they renamed. A write error removes the temporaries and becomes a UsageError naming
 * the flag.
 */
export function writeAllAtomic(files: readonly OutputFile[]): void {
  const temps: { tmp: string; path: string; flag: string; renamed: boolean }[] = [];
  // While the files are written (synchronously), an interrupt is held back by a listener and dropped when the
  // writes are done: it can land before (the default action ends the process, nothing written) or after (all
  // written), never between two files.
  const hold = () => {};
  for (const s of SIGNALS) process.on(s, hold);
  try {
    for (const f of files) {
      const tmp = tempPathFor(f.path);
      temps.push({ tmp, path: f.path, flag: f.flag, renamed: false });
      try {
        writeFileSync(tmp, f.content);
      } catch (e) {
        throw new UsageError(`${f.flag}: cannot write "${f.path}" (${errorCode(e)})`);
      }
    }
    for (const t of temps) {
      try {
        renameSync(t.tmp, resolve(t.path));
      } catch (e) {
        throw new UsageError(`${t.flag}: cannot write "${t.path}" (${errorCode(e)})`);
      }
      t.renamed = true;
    }
  } finally {
    for (const s of SIGNALS) process.removeListener(s, hold);
    for (const t of temps) if (!t.renamed) rmSync(t.tmp, { force: true });
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
  if (typeof v === 'number')
    return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
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

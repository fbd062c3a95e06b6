/**
 * Result files and console output shared by every command: `{command, version, seed, params, rows, ...}` JSON,
 * CSV of the rows, SVG plots, and a readable table on stdout. Files are written to a temporary name in the same
 * directory and renamed, so a failure never leaves a half-written file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** A result row: any plain object of fields (interfaces of experiment rows fit). */
export type Row = object;
type Fields = Record<string, unknown>;

/** The package version, read once (kept in sync by tests with package.json). */
export const VERSION = '0.1.0';

/** Check that an output file can be created: its directory must exist. Throws UsageError naming the flag. */
export function checkOutputPath(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  if (path === '' || path.endsWith('/')) throw new UsageError(`${flag} must be a file path (got "${path}")`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${flag}: directory "${dirname(path)}" does not exist (got "${path}")`);
  }
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`${flag} is a directory (got "${path}")`);
}

/** Write a file atomically: temp file in the same directory, then rename. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const abs = resolve(path);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
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
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j].length)));
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

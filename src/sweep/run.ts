/**
 * A sweep directory and its run: `spec.json` (the resolved spec), `journal.jsonl` (finished cells), and, once every
 * cell is in the journal, the merged rows (`rows.json`, `rows.csv`) and the figure (`figure.svg`), written by the
 * command line. Running a sweep runs only the cells missing from the journal, on an {@link Engine}: the local
 * thread pool or the Redis queue. The library is silent: what happens is told through {@link SweepEvents}.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../core/linalg/index.js';
import { type CellTask, cellCount, cellsOf, specExperiment } from './cells.js';
import { Journal, type JournalRecord, readJournal } from './journal.js';
import { CellPool } from './pool.js';
import type { CellResult } from './runCell.js';
import { checkStoredSpec, SpecError, type SweepSpec } from './spec.js';

/** File names inside a sweep directory. */
export const SWEEP_FILES = {
  spec: 'spec.json',
  journal: 'journal.jsonl',
  rowsJson: 'rows.json',
  rowsCsv: 'rows.csv',
  figure: 'figure.svg',
} as const;

/** Where finished and failed cells go. */
export interface CellSink {
  /** A cell finished (called once per result; duplicates are ignored by the journal). */
  done(cell: CellTask, result: CellResult, by: string): void;
  /** A cell failed for good (after its last attempt). */
  failed(cell: CellTask, error: string): void;
}

/** Runs cells until all are done or failed, or the signal aborts. */
export type Engine = (cells: readonly CellTask[], sink: CellSink, signal: AbortSignal) => Promise<void>;

/** What a sweep run tells its caller. */
export interface SweepEvents {
  /** `done` of `total` cells are in the journal. */
  onProgress?(done: number, total: number): void;
  /** A cell failed for good. */
  onCellFailed?(key: string, error: string): void;
  /** Something worth one line (a torn journal line cut off, a lost connection). */
  onNote?(message: string): void;
}

/** The end of a run. */
export interface SweepOutcome {
  readonly spec: SweepSpec;
  readonly cells: readonly CellTask[];
  readonly records: ReadonlyMap<string, JournalRecord>;
  readonly failed: readonly { key: string; error: string }[];
  /** Cells that ran in this run. */
  readonly ran: number;
  /** Every cell is in the journal. */
  readonly complete: boolean;
}

/** Write a file atomically and durably (temporary beside it, fsync, rename). */
export function writeDurable(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Create a sweep directory with its spec; refuses a directory that already holds a sweep (use resume). */
export function createSweepDir(dir: string, spec: SweepSpec): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new SpecError(`--out: "${dir}" is a file, not a directory`);
    if (existsSync(join(dir, SWEEP_FILES.spec)))
      throw new SpecError(`--out: "${dir}" already holds a sweep; continue it with --resume ${dir}`);
    if (readdirSync(dir).length > 0) throw new SpecError(`--out: "${dir}" is not empty`);
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new SpecError(`--out: cannot create "${dir}" (${(e as { code?: string }).code ?? String(e)})`);
    }
  }
  writeDurable(join(dir, SWEEP_FILES.spec), `${JSON.stringify(spec, null, 2)}\n`);
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Read the spec of an existing sweep directory (for --resume). */
export function readSweepSpec(dir: string): SweepSpec {
  const path = join(dir, SWEEP_FILES.spec);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SpecError(`--resume: cannot read "${path}" (${(e as { code?: string }).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SpecError(`--resume: "${path}" is not JSON`);
  }
  return checkStoredSpec(doc, path);
}

/** Run the cells of a sweep directory that are missing from its journal. */
export async function runSweep(
  dir: string,
  engine: Engine,
  events: SweepEvents = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<SweepOutcome> {
  const spec = readSweepSpec(dir);
  const cells = cellsOf(spec);
  const state = readJournal(join(dir, SWEEP_FILES.journal));
  if (state.tornBytes > 0)
    events.onNote?.(
      `the journal's last line was torn (${state.tornBytes} bytes, cut off); its cell runs again`,
    );
  const journal = new Journal(join(dir, SWEEP_FILES.journal), state);
  const failed: { key: string; error: string }[] = [];
  const known = new Set(cells.map((c) => c.key));
  const missing = cells.filter((c) => !journal.has(c.key));
  let done = cells.filter((c) => journal.has(c.key)).length;
  let ran = 0;
  events.onProgress?.(done, cells.length);
  const sink: CellSink = {
    done(cell, result, by) {
      if (!known.has(cell.key)) return;
      const rec: JournalRecord = {
        key: cell.key,
        seed: cell.seed,
        rows: result.rows,
        ms: round(result.ms),
        by,
      };
      if (!journal.append(result.extra ? { ...rec, extra: result.extra } : rec)) return;
      done++;
      ran++;
      events.onProgress?.(done, cells.length);
    },
    failed(cell, error) {
      failed.push({ key: cell.key, error });
      events.onCellFailed?.(cell.key, error);
    },
  };
  try {
    if (missing.length > 0) await engine(missing, sink, signal);
  } finally {
    await journal.close();
  }
  return { spec, cells, records: journal.records, failed, ran, complete: done === cells.length };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** The local engine: a pool of `workers` threads on this machine. */
export function localEngine(workers: number, backend?: BackendName): Engine {
  return async (cells, sink, signal) => {
    const pool = new CellPool(Math.min(workers, Math.max(1, cells.length)), backend);
    const stop = () => void pool.close();
    signal.addEventListener('abort', stop);
    let next = 0;
    const lane = async () => {
      while (next < cells.length && !signal.aborted) {
        const cell = cells[next++];
        try {
          sink.done(cell, await pool.run(cell), 'local');
        } catch (e) {
          if (!signal.aborted) sink.failed(cell, e instanceof Error ? e.message : String(e));
        }
      }
    };
    try {
      // Two cells in flight per thread: a thread starts its next cell while this thread writes and fsyncs the
      // journal line of the last one.
      await Promise.all(Array.from({ length: 2 * pool.threads }, lane));
    } finally {
      signal.removeEventListener('abort', stop);
      await pool.close();
    }
  };
}

/**
 * The merged rows, in canonical cell order: each row of a cell, led by the cell's axis values and trial
 * (a row's own column of the same name keeps the row's value).
 */
export function mergeRows(cells: readonly CellTask[], records: ReadonlyMap<string, JournalRecord>): object[] {
  const out: object[] = [];
  for (const cell of cells) {
    const rec = records.get(cell.key);
    if (!rec) throw new RangeError(`cell ${cell.key} is not in the journal`);
    for (const row of rec.rows) out.push({ ...cell.point, ...row });
  }
  return out;
}

/** The JSON document of a finished sweep (no times or hosts: identical for identical specs). */
export function sweepDocument(
  spec: SweepSpec,
  rows: readonly object[],
  version: string,
): Record<string, unknown> {
  return {
    command: 'sweep',
    version,
    experiment: spec.experiment,
    seed: spec.seed,
    trials: spec.trials,
    params: spec.params,
    grid: spec.grid,
    cells: cellCount(spec),
    rows,
  };
}

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
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../core/linalg/index.js';
import { type CellTask, cellsOf, sortCells } from './cells.js';
import { sweepFigure } from './figure.js';
import { Journal, type JournalRecord, readJournal } from './journal.js';
import { CellPool } from './pool.js';
import { nextRefineCells, refineColumn } from './refine.js';
import type { CellResult } from './runCell.js';
import { checkStoredSpec, SpecError, type SweepSpec } from './spec.js';

/** File names inside a sweep directory. */
export const SWEEP_FILES = {
  spec: 'spec.json',
  journal: 'journal.jsonl',
  rowsJson: 'rows.json',
  rowsCsv: 'rows.csv',
  figure: 'figure.svg',
  failures: 'failures.jsonl',
  runs: 'runs.jsonl',
  refine: 'refine.json',
} as const;

/** Where finished and failed cells go. */
export interface CellSink {
  /** A cell finished (called once per result; duplicates are ignored by the journal). */
  done(cell: CellTask, result: CellResult, by: string): void;
  /** A cell failed for good (after its last attempt). */
  failed(cell: CellTask, error: string): void;
  /** True once the run wants no new cell started (a cell failed and the run does not keep going). */
  draining?(): boolean;
}

/**
 * Runs cells until all are done or failed, or the signal aborts; called once per refinement round. `close`, when
 * present, releases what the calls kept (the local pool's threads) and is called once at the end of a run.
 */
export type Engine = ((cells: readonly CellTask[], sink: CellSink, signal: AbortSignal) => Promise<void>) & {
  close?: () => Promise<void>;
};

/** What a sweep run tells its caller. */
export interface SweepEvents {
  /** `done` of `total` cells are in the journal. */
  onProgress?(done: number, total: number): void;
  /** A cell failed for good. */
  onCellFailed?(key: string, error: string): void;
  /** Something worth one line (a torn journal line cut off, a lost connection). */
  onNote?(message: string): void;
  /** Refinement round `round` adds `cells` cells. */
  onRound?(round: number, cells: number): void;
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

/** Append a line to a file and fsync it. */
export function appendDurable(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Read the spec of an existing sweep directory (for --resume; `flag` names the option in errors). */
export function readSweepSpec(dir: string, flag = '--resume'): SweepSpec {
  const path = join(dir, SWEEP_FILES.spec);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    throw new SpecError(
      code === 'ENOENT' && existsSync(dir)
        ? `${flag}: "${dir}" holds no sweep (no ${SWEEP_FILES.spec})`
        : `${flag}: cannot read "${path}" (${code})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SpecError(`${flag}: "${path}" is not JSON`);
  }
  return checkStoredSpec(doc, path);
}

/** Options of a run. */
export interface RunOptions {
  /** Finish the other cells when one fails (default: start no new cell after the first failure). */
  readonly keepGoing?: boolean;
}

/**
 * Run the cells of a sweep directory that are missing from its journal; with a refinement, then the rounds of
 * refinement (each round's cells computed from the journal, so a resumed run replays the finished rounds without
 * running them). Failures are appended to `failures.jsonl`.
 */
export async function runSweep(
  dir: string,
  engine: Engine,
  events: SweepEvents = {},
  signal: AbortSignal = new AbortController().signal,
  options: RunOptions = {},
): Promise<SweepOutcome> {
  const spec = readSweepSpec(dir);
  let cells = sortCellsIfRefined(spec, cellsOf(spec));
  const state = readJournal(join(dir, SWEEP_FILES.journal), true, spec.experiment);
  if (state.tornBytes > 0)
    events.onNote?.(
      `the journal's last line was torn (${state.tornBytes} bytes, cut off); its cell runs again`,
    );
  const journal = new Journal(join(dir, SWEEP_FILES.journal), state);
  const failed: { key: string; error: string }[] = [];
  const known = new Set(cells.map((c) => c.key));
  let done = cells.filter((c) => journal.has(c.key)).length;
  let ran = 0;
  let draining = false;
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
        at: Date.now(),
        ...(result.peakMiB !== undefined ? { peakMiB: result.peakMiB } : {}),
      };
      if (!journal.append(result.extra ? { ...rec, extra: result.extra } : rec)) return;
      done++;
      ran++;
      events.onProgress?.(done, cells.length);
    },
    failed(cell, error) {
      failed.push({ key: cell.key, error });
      appendDurable(
        join(dir, SWEEP_FILES.failures),
        `${JSON.stringify({ key: cell.key, error, at: Date.now() })}\n`,
      );
      if (!options.keepGoing) draining = true;
      events.onCellFailed?.(cell.key, error);
    },
    draining: () => draining,
  };
  let column: string | undefined;
  try {
    for (let round = 0; ; round++) {
      const missing = cells.filter((c) => !journal.has(c.key));
      if (missing.length > 0) await engine(missing, sink, signal);
      if (!spec.refine || failed.length > 0 || signal.aborted) break;
      column ??= refineColumn(spec, sweepFigure(spec, cells, journal.records));
      const next = nextRefineCells(spec, cells, journal.records, column);
      if (next.length === 0) break;
      for (const c of next) known.add(c.key);
      cells = sortCells(spec, [...cells, ...next]);
      done = cells.filter((c) => journal.has(c.key)).length;
      events.onRound?.(round + 1, next.length);
      events.onProgress?.(done, cells.length);
    }
  } finally {
    await engine.close?.();
    await journal.close();
  }
  return { spec, cells, records: journal.records, failed, ran, complete: done === cells.length };
}

/** A refined sweep keeps its cells sorted by the refined value; a plain one in grid order. */
function sortCellsIfRefined(spec: SweepSpec, cells: CellTask[]): CellTask[] {
  return spec.refine ? sortCells(spec, cells) : cells;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * The local engine: a pool of `workers` threads on this machine, started on the first call and kept for the
 * refinement rounds until `close`.
 */
export function localEngine(workers: number, backend?: BackendName): Engine {
  let pool: CellPool | null = null;
  const run = async (cells: readonly CellTask[], sink: CellSink, signal: AbortSignal) => {
    // Threads start as cells need them: a sweep of few cells starts few.
    pool ??= new CellPool(workers, backend);
    const p = pool;
    const stop = () => void p.close();
    signal.addEventListener('abort', stop);
    let next = 0;
    const lane = async () => {
      while (next < cells.length && !signal.aborted && !sink.draining?.()) {
        const cell = cells[next++];
        try {
          sink.done(cell, await p.run(cell), 'local');
        } catch (e) {
          if (!signal.aborted) sink.failed(cell, e instanceof Error ? e.message : String(e));
        }
      }
    };
    try {
      // Two cells in flight per thread: a thread starts its next cell while this thread writes and fsyncs the
      // journal line of the last one.
      await Promise.all(Array.from({ length: 2 * Math.min(p.threads, cells.length) }, lane));
    } finally {
      signal.removeEventListener('abort', stop);
    }
  };
  return Object.assign(run, {
    close: async () => {
      await pool?.close();
      pool = null;
    },
  });
}

/**
 * The merged rows, in canonical cell order: each row of a cell, led by the cell's axis values and trial
 * (a row's own column of the same name keeps the row's value).
 */
export function mergeRows(
  cells: readonly CellTask[],
  records: ReadonlyMap<string, JournalRecord>,
  partial = false,
): object[] {
  const out: object[] = [];
  for (const cell of cells) {
    const rec = records.get(cell.key);
    if (!rec) {
      if (partial) continue;
      throw new RangeError(`cell ${cell.key} is not in the journal`);
    }
    for (const row of rec.rows) out.push({ ...cell.point, ...row });
  }
  return out;
}

/**
 * The JSON document of a sweep (no times or hosts: identical for identical specs). `cells`: how many cells the
 * rows come from (grid and refinement); `failed`: the cells that failed (a run with --keep-going), absent when none.
 */
export function sweepDocument(
  spec: SweepSpec,
  rows: readonly object[],
  version: string,
  cells: number,
  failed: readonly { key: string; error: string }[] = [],
): Record<string, unknown> {
  return {
    command: 'sweep',
    version,
    experiment: spec.experiment,
    seed: spec.seed,
    trials: spec.trials,
    params: spec.params,
    grid: spec.grid,
    ...(spec.refine ? { refine: spec.refine } : {}),
    cells,
    ...(failed.length > 0 ? { failed } : {}),
    rows,
  };
}

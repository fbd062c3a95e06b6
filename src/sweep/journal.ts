/**
 * The journal of a sweep: an append-only file with one JSON line per finished cell, written with one `write` and
 * flushed to disk with its own `fsync`. The fsync runs on libuv's thread pool, so the next results are received
 * (and the threads keep computing) while the disk commits; `synced()` waits for every outstanding fsync and a run
 * ends only after it. A crash loses at most the cells whose fsync had not completed: their lines are absent or
 * torn, and they run again on resume. On
 * opening, a torn last line (no newline, or not JSON: the process died mid-write) is cut off and its cell runs
 * again; a bad line anywhere else means the file was damaged by other means and is refused.
 */
import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { upgradeKey, upgradeRows } from '../experiments/legacy.js';

/** One finished cell. */
export interface JournalRecord {
  readonly key: string;
  readonly seed: number;
  readonly rows: readonly object[];
  readonly extra?: Record<string, unknown>;
  /** Milliseconds the cell took (informative; not part of the merged rows). */
  readonly ms?: number;
  /** Where it ran (`local` or a worker's host:pid). */
  readonly by?: string;
  /** When it was recorded (ms since 1970; informative). */
  readonly at?: number;
  /** Peak resident memory of the process that ran it, MiB (informative; see CellResult). */
  readonly peakMiB?: number;
}

/** What opening a journal found. */
export interface JournalState {
  /** Records by key (the first record of a key wins). */
  readonly records: Map<string, JournalRecord>;
  /** Bytes of a torn last line that were cut off (0 when the file ended cleanly). */
  readonly tornBytes: number;
}

/** A bad journal (exit status 2: the user must look at the file). */
export class JournalError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

function parseLine(line: string): JournalRecord | null {
  try {
    const r = JSON.parse(line) as JournalRecord;
    if (typeof r?.key === 'string' && Array.isArray(r.rows) && Number.isInteger(r.seed)) return r;
  } catch {
    // not JSON
  }
  return null;
}

/**
 * Read a journal, cutting off a torn last line (the file is truncated to its last complete record; with `repair`
 * false, as `sweep status` reads a running sweep's journal, the torn line is only skipped). With `experiment`, records
 * written by an earlier version come back under today's names.
 */
export function readJournal(path: string, repair = true, experiment = ''): JournalState {
  const records = new Map<string, JournalRecord>();
  if (!existsSync(path)) return { records, tornBytes: 0 };
  const buf = readFileSync(path);
  let start = 0;
  let line = 1;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl === -1 ? buf.length : nl;
    const rec = nl === -1 ? null : parseLine(buf.subarray(start, end).toString('utf8'));
    if (rec === null) {
      if (end + 1 >= buf.length) {
        if (repair) truncate(path, start);
        return { records, tornBytes: buf.length - start };
      }
      throw new JournalError(`${path}: line ${line} is not a journal record; the file was damaged`);
    }
    const r = experiment ? upgradeRecord(experiment, rec) : rec;
    if (!records.has(r.key)) records.set(r.key, r);
    start = end + 1;
    line++;
  }
  return { records, tornBytes: 0 };
}

/** A record written by an earlier version under today's parameter and column names (experiments/legacy.ts). */
function upgradeRecord(experiment: string, rec: JournalRecord): JournalRecord {
  return { ...rec, key: upgradeKey(experiment, rec.key), rows: upgradeRows(experiment, rec.rows) };
}

function truncate(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An open journal: `append` writes one line and fsyncs it; keys already present are not written again. */
export class Journal {
  private readonly fd: number;
  private readonly pending = new Set<Promise<void>>();
  private error: unknown;
  readonly records: Map<string, JournalRecord>;

  constructor(
    readonly path: string,
    state: JournalState = readJournal(path),
  ) {
    this.records = state.records;
    this.fd = openSync(path, 'a');
  }

  /** Whether the cell is recorded. */
  has(key: string): boolean {
    return this.records.has(key);
  }

  /** Record a finished cell: one write, then its fsync (see {@link synced}); false when already recorded. */
  append(rec: JournalRecord): boolean {
    if (this.records.has(rec.key)) return false;
    const line = JSON.stringify(rec);
    writeSync(this.fd, `${line}\n`);
    const p = new Promise<void>((resolve, reject) => fsync(this.fd, (e) => (e ? reject(e) : resolve())));
    this.pending.add(p);
    p.then(
      () => this.pending.delete(p),
      (e: unknown) => {
        this.pending.delete(p);
        this.error ??= e;
      },
    );
    // Keep what a later reader will see (JSON turns -0 into 0 and NaN into null), so merged rows do not depend on
    // whether the cell ran in this process or before a resume.
    this.records.set(rec.key, JSON.parse(line) as JournalRecord);
    return true;
  }

  /** Wait until every appended line is on disk (throws the first fsync error). */
  async synced(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (this.error !== undefined) throw this.error;
  }

  /** Wait for the outstanding fsyncs, then close the file. */
  async close(): Promise<void> {
    try {
      await this.synced();
    } finally {
      closeSync(this.fd);
    }
  }
}

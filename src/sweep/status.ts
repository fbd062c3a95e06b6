/**
 * Provenance and state of a sweep folder. Each run (start, resume, extend) appends one line to `runs.jsonl`: the
 * command line, the package and Node versions, the machine (host, cores, CPU, memory, backend) and how the cells
 * ran (local threads or a Redis URL with its password hidden). The journal gives each cell's time, peak memory
 * and host; `failures.jsonl` the failed cells. `localStatus` reads the three back for `hopfield sweep status DIR`:
 * done, failed and pending cells, elapsed time, ETA, the last error, and a summary of the provenance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';
import { backend } from '../core/linalg/index.js';
import { readJournal } from './journal.js';
import { knownCells } from './refine.js';
import { appendDurable, readSweepSpec, SWEEP_FILES } from './run.js';
import type { SweepSpec } from './spec.js';

/** One run of a sweep folder (a line of `runs.jsonl`). */
export interface RunRecord {
  readonly at: number;
  readonly mode: 'start' | 'resume' | 'extend';
  readonly argv: readonly string[];
  readonly version: string;
  readonly node: string;
  readonly platform: string;
  readonly host: string;
  readonly pid: number;
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly backend: string;
  /** Threads of the local pool, or absent with Redis. */
  readonly workers?: number;
  /** The Redis URL (password hidden), or absent for the local pool. */
  readonly redis?: string;
}

/** A Redis URL with its password replaced by `***`. */
export function hidePassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** The provenance of this process for a run of a sweep. */
export function runRecord(
  mode: RunRecord['mode'],
  version: string,
  how: { workers?: number; redis?: string; backend?: string },
): RunRecord {
  let name = how.backend ?? '';
  if (name === '')
    try {
      name = backend().name;
    } catch (e) {
      name = `unavailable (${e instanceof Error ? e.message : String(e)})`;
    }
  return {
    at: Date.now(),
    mode,
    argv: process.argv.slice(2),
    version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    host: hostname(),
    pid: process.pid,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    backend: name,
    ...(how.redis ? { redis: hidePassword(how.redis) } : { workers: how.workers }),
  };
}

/** Append a run's provenance to the folder's `runs.jsonl`. */
export function recordRun(dir: string, rec: RunRecord): void {
  appendDurable(join(dir, SWEEP_FILES.runs), `${JSON.stringify(rec)}\n`);
}

function jsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n'))
    if (line.trim() !== '')
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // a torn line of an informative file: skipped
      }
  return out;
}

/** The state of a sweep folder. */
export interface LocalStatus {
  readonly dir: string;
  readonly spec: SweepSpec;
  /** Cells known so far (the grid and the refinement rounds computable from the journal). */
  readonly total: number;
  readonly done: number;
  /** Cells that failed and have not finished since. */
  readonly failed: number;
  readonly pending: number;
  /** Refinement rounds run so far (0 without refinement). */
  readonly rounds: number;
  /** Refinement may still add cells (up to its budget). */
  readonly refining: boolean;
  /** Whether the merged files are written (every cell done). */
  readonly finished: boolean;
  /** Seconds from the first run's start to the last recorded cell (or now while running). */
  readonly elapsedS: number;
  /** Estimated seconds left for the pending cells at the mean time of the last 20 cells and the last run's threads. */
  readonly etaS: number | null;
  readonly lastError: { key: string; error: string; at: number } | null;
  readonly runs: readonly RunRecord[];
  /** Whether the last run's process is alive on this host. */
  readonly running: boolean;
  /** Mean and largest cell time (ms), largest peak memory (MiB), hosts that ran cells. */
  readonly cellMs: { mean: number; max: number } | null;
  readonly peakMiB: number | null;
  readonly by: readonly string[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Read the state of a sweep folder (nothing is written; a torn journal line is not cut off here). */
export function localStatus(dir: string): LocalStatus {
  const spec = readSweepSpec(dir, 'sweep status');
  const records = readJournal(join(dir, SWEEP_FILES.journal), false, spec.experiment).records;
  const { cells, rounds } = knownCells(spec, records);
  const refining = spec.refine !== undefined && !existsSync(join(dir, SWEEP_FILES.rowsJson));
  const done = cells.filter((c) => records.has(c.key)).length;
  const failures = jsonLines<{ key: string; error: string; at: number }>(join(dir, SWEEP_FILES.failures));
  const failedKeys = new Set(failures.filter((f) => !records.has(f.key)).map((f) => f.key));
  const runs = jsonLines<RunRecord>(join(dir, SWEEP_FILES.runs));
  const last = runs.at(-1);
  const running =
    last !== undefined && last.host === hostname() && last.pid !== process.pid && alive(last.pid);
  const recs = [...records.values()];
  const times = recs.map((r) => r.ms).filter((x): x is number => typeof x === 'number');
  const peaks = recs.map((r) => r.peakMiB).filter((x): x is number => typeof x === 'number');
  const lastAt = Math.max(0, ...recs.map((r) => r.at ?? 0), ...failures.map((f) => f.at ?? 0));
  const start = runs[0]?.at;
  const end = running ? Date.now() : lastAt;
  const pending = cells.length - done;
  const mean = times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length : 0;
  // the cells run in canonical order, so the last ones resemble the pending ones best (a grid over N grows)
  const recent = times.slice(-20);
  const recentMean = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
  const threads = last?.workers ?? last?.cores ?? 1;
  return {
    dir,
    spec,
    total: cells.length,
    done,
    failed: failedKeys.size,
    pending,
    rounds,
    refining: refining && pending === 0,
    finished: existsSync(join(dir, SWEEP_FILES.rowsJson)),
    elapsedS: start !== undefined && end > start ? (end - start) / 1000 : 0,
    etaS: times.length > 0 ? (pending * recentMean) / 1000 / Math.max(1, threads) : null,
    lastError: failures.at(-1) ?? null,
    runs,
    running,
    cellMs: times.length > 0 ? { mean, max: Math.max(...times) } : null,
    peakMiB: peaks.length > 0 ? Math.max(...peaks) : null,
    by: [...new Set(recs.map((r) => r.by ?? '?'))].sort(),
  };
}

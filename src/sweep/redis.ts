/**
 * Sweeps on many machines: cells travel as BullMQ jobs on a Redis server (≥ 6.2). The coordinator (`hopfield
 * sweep --redis URL`) puts the missing cells on the queue and collects the results into the sweep's journal;
 * workers (`hopfield worker --redis URL`) run cells on their own thread pools.
 *
 * - Job ids derive from the sweep's spec and the cell key: submitting a sweep again adds no job twice, and a
 *   result already in Redis is collected instead of recomputed.
 * - A failing cell is retried with exponential backoff; after its last attempt the coordinator reports it.
 * - A worker that dies mid-cell loses its lock; BullMQ's stalled-job check puts the cell back for another worker.
 * - The journal ignores a second result for a cell, so no cell is counted twice.
 * - The coordinator watches its connection: if Redis stays unreachable longer than the grace period it stops
 *   with a {@link RedisLostError}; the journal keeps every collected cell for `--resume`.
 */
import { hostname } from 'node:os';
import type { BackendName } from '../core/linalg/index.js';
import { type CellTask, jobId } from './cells.js';
import { CellPool } from './pool.js';
import { Job, Queue, QueueEvents, Redis, Worker } from './queueDeps.js';
import type { CellSink, Engine } from './run.js';
import type { CellResult } from './runCell.js';

/** The queue every sweep's cells go to. */
export const QUEUE_NAME = 'hopfield-cells';
const SWEEPS_KEY = 'hopfield:sweeps';
const sweepKey = (id: string) => `hopfield:sweep:${id}`;
const cancelKey = (id: string) => `hopfield:sweep:${id}:cancel`;

/** Redis cannot be reached when a command starts (exit status 2, one line naming the URL). */
export class RedisUnreachableError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnreachableError';
  }
}

/** The coordinator lost Redis for longer than its grace period (the journal is kept). */
export class RedisLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisLostError';
  }
}

/** A cell's job payload. */
interface CellJob {
  readonly sweep: string;
  readonly experiment: string;
  readonly key: string;
  readonly seed: number;
  readonly config: Record<string, unknown>;
  readonly backend?: BackendName;
}

/** A cell's job result. */
type CellJobResult = (CellResult & { by: string }) | { cancelled: true };

/** Check a Redis URL's shape (redis:// or rediss://). */
export function checkRedisUrl(url: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(url))
    throw new RedisUnreachableError(`--redis must be a URL redis://host:port[/db] (got "${url}")`);
  return url;
}

/** A client that keeps reconnecting (what BullMQ needs); errors are left to the caller's listeners. */
function client(url: string): Redis {
  const c = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(200 * n, 1000) });
  c.on('error', () => {});
  return c;
}

/** A client whose commands fail fast while disconnected (for control and health checks). */
function controlClient(url: string): Redis {
  const c = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (n) => Math.min(200 * n, 1000),
  });
  c.on('error', () => {});
  return c;
}

/** Wait until a client is ready for commands (throws RedisUnreachableError after `ms`). */
async function ready(c: Redis, url: string, ms = 5000): Promise<Redis> {
  if (c.status === 'ready') return c;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      c.off('ready', ok);
      reject(new RedisUnreachableError(`cannot reach Redis at ${url} (no answer in ${ms / 1000} s)`));
    }, ms);
    const ok = () => {
      clearTimeout(t);
      resolve();
    };
    c.once('ready', ok);
  });
  return c;
}

/** Connect once, check the server (PING, version ≥ 6.2), disconnect; throws RedisUnreachableError. */
export async function checkRedis(url: string): Promise<void> {
  checkRedisUrl(url);
  const c = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError = '';
  c.on('error', (e: Error) => {
    lastError = e.message;
  });
  try {
    await c.connect();
    await c.ping();
    const info = await c.info('server');
    const v = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (v && (Number(v[1]) < 6 || (Number(v[1]) === 6 && Number(v[2]) < 2)))
      throw new RedisUnreachableError(`Redis at ${url} is version ${v[1]}.${v[2]}; sweeps need 6.2 or later`);
  } catch (e) {
    if (e instanceof RedisUnreachableError) throw e;
    const why = lastError || (e instanceof Error ? e.message : String(e));
    throw new RedisUnreachableError(`cannot reach Redis at ${url} (${why})`);
  } finally {
    c.disconnect();
  }
}

/** Options of the coordinator's engine. */
export interface RedisEngineOptions {
  readonly url: string;
  /** The sweep's id (see sweepId). */
  readonly sweep: string;
  /** What `sweep status` shows about it. */
  readonly info: { experiment: string; out: string; total: number };
  /** Attempts per cell (first run included). */
  readonly attempts?: number;
  /** First retry delay in ms (doubled at each attempt). */
  readonly backoffMs?: number;
  /** How long Redis may stay unreachable before the coordinator gives up (ms). */
  readonly graceMs?: number;
  readonly backend?: BackendName;
  /** Told when the connection drops or comes back, and when the sweep is cancelled. */
  readonly onNote?: (message: string) => void;
}

/** A sweep was cancelled with `hopfield sweep cancel` while its coordinator ran. */
export class SweepCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepCancelledError';
  }
}

/** The engine of a coordinator: cells go on the queue, results come back into the sink. */
export function redisEngine(o: RedisEngineOptions): Engine {
  return async (cells, sink, signal) => {
    const coordinator = new Coordinator(o, cells, sink);
    try {
      await coordinator.run(signal);
    } finally {
      await coordinator.close();
    }
  };
}

class Coordinator {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly control: Redis;
  private readonly conns: Redis[];
  private readonly pending = new Map<string, CellTask>();
  private readonly attempts: number;
  private lastOk = Date.now();
  private lastEvent = Date.now();
  private connected = true;
  private failedCount = 0;
  private doneCount = 0;

  constructor(
    private readonly o: RedisEngineOptions,
    cells: readonly CellTask[],
    private readonly sink: CellSink,
  ) {
    for (const c of cells) this.pending.set(jobId(o.sweep, c.key), c);
    this.attempts = o.attempts ?? 3;
    this.conns = [client(o.url), client(o.url)];
    this.queue = new Queue(QUEUE_NAME, { connection: this.conns[0] });
    this.queue.on('error', () => {});
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.conns[1] });
    this.events.on('error', () => {});
    this.control = controlClient(o.url);
  }

  async run(signal: AbortSignal): Promise<void> {
    await ready(this.control, this.o.url);
    await this.events.waitUntilReady();
    this.events.on('completed', ({ jobId: id }) => {
      this.lastEvent = Date.now();
      void this.collect(id).catch(() => {});
    });
    this.events.on('failed', ({ jobId: id }) => {
      this.lastEvent = Date.now();
      void this.collect(id).catch(() => {});
    });
    await this.control.del(cancelKey(this.o.sweep));
    await this.control.hset(SWEEPS_KEY, this.o.sweep, JSON.stringify({ ...this.o.info, host: hostname() }));
    await this.submit(true);
    let lastReconcile = Date.now();
    let reconciling: Promise<void> | null = null;
    while (this.pending.size > 0 && !signal.aborted && !this.sink.draining?.()) {
      await sleep(250);
      const ok = await this.heartbeat();
      if (!ok) continue;
      // Results whose events were missed (and jobs lost by a restarted server) are found by a slower scan, run
      // beside the heartbeat so that a scan stuck on a dead connection cannot hide the loss.
      const quiet = Date.now() - this.lastEvent > 3000 && Date.now() - lastReconcile > 3000;
      if (quiet && !reconciling) {
        reconciling = this.submit(false)
          .catch(() => {})
          .finally(() => {
            reconciling = null;
            lastReconcile = Date.now();
          });
      }
    }
    if (this.pending.size === 0) await this.publish('finished').catch(() => {});
  }

  /** One control round-trip: progress, the cancel flag; false while disconnected (throws past the grace). */
  private async heartbeat(): Promise<boolean> {
    try {
      const cancelled = await this.control.get(cancelKey(this.o.sweep));
      await this.publish('running');
      this.lastOk = Date.now();
      if (!this.connected) {
        this.connected = true;
        this.o.onNote?.(`Redis at ${this.o.url} is back; collecting results again`);
        this.lastEvent = 0; // rescan at once: the server may have lost its jobs
      }
      if (cancelled) throw new SweepCancelledError(`sweep ${this.o.sweep} was cancelled`);
      return true;
    } catch (e) {
      if (e instanceof SweepCancelledError) throw e;
      const grace = this.o.graceMs ?? 30_000;
      if (this.connected) {
        this.connected = false;
        this.o.onNote?.(
          `lost the connection to Redis at ${this.o.url}; waiting up to ${Math.round(grace / 1000)} s for it`,
        );
      }
      if (Date.now() - this.lastOk > grace)
        throw new RedisLostError(`lost the connection to Redis at ${this.o.url}`);
      return false;
    }
  }

  private async publish(state: string): Promise<void> {
    await this.control.hset(sweepKey(this.o.sweep), {
      state,
      pending: this.pending.size,
      failed: this.failedCount,
      collected: this.doneCount,
      total: this.o.info.total,
      updated: Date.now(),
    });
  }

  /**
   * Add the pending cells' jobs (existing ids are left alone) and collect those already finished. On the first
   * pass a job that failed for good in an earlier run is retried.
   */
  private async submit(first: boolean): Promise<void> {
    const ids = [...this.pending.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const jobs = await Promise.all(chunk.map((id) => Job.fromId<CellJob, CellJobResult>(this.queue, id)));
      const toAdd = chunk.filter((_, k) => jobs[k] === undefined);
      if (toAdd.length > 0) await this.queue.addBulk(toAdd.map((id) => this.jobOf(id)));
      for (const job of jobs) {
        if (!job?.id) continue;
        if (first && job.finishedOn && job.failedReason && !job.returnvalue) {
          await job.retry('failed').catch(() => {});
          continue;
        }
        await this.collect(job.id, job);
      }
    }
  }

  private jobOf(id: string) {
    const c = this.pending.get(id) as CellTask;
    const data: CellJob = {
      sweep: this.o.sweep,
      experiment: c.experiment,
      key: c.key,
      seed: c.seed,
      config: { ...c.config },
      ...(this.o.backend ? { backend: this.o.backend } : {}),
    };
    return {
      name: 'cell',
      data,
      opts: {
        jobId: id,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.o.backoffMs ?? 1000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    };
  }

  /** Collect a finished job of this sweep into the journal, or report its final failure. */
  private async collect(id: string, known?: Job<CellJob, CellJobResult>): Promise<void> {
    const cell = this.pending.get(id);
    if (!cell) return;
    const job = known ?? (await Job.fromId<CellJob, CellJobResult>(this.queue, id));
    if (!job?.finishedOn) return;
    const rv = job.returnvalue as CellJobResult | null;
    if (rv && 'rows' in rv && Array.isArray(rv.rows)) {
      if (!this.pending.delete(id)) return;
      this.doneCount++;
      this.sink.done(cell, rv, rv.by ?? 'redis');
      return;
    }
    if (rv && 'cancelled' in rv) {
      // Skipped by a worker while the sweep was cancelled; if it runs again now, queue the cell anew.
      if (await this.control.get(cancelKey(this.o.sweep))) return;
      await job.remove();
      await this.queue.add('cell', this.jobOf(id).data, this.jobOf(id).opts);
      return;
    }
    if (job.failedReason && (await job.getState()) === 'failed') {
      if (!this.pending.delete(id)) return;
      this.failedCount++;
      this.sink.failed(cell, `${job.failedReason} (after ${job.attemptsMade} attempts)`);
    }
  }

  async close(): Promise<void> {
    // A graceful close waits for the server; when it is gone, give up after a second.
    const closing = Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.race([closing, sleep(this.connected ? 5000 : 1000)]);
    for (const c of this.conns) c.disconnect();
    this.control.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Options of a queue worker. */
export interface WorkerOptions {
  readonly url: string;
  /** Cells run at once (one thread each). */
  readonly concurrency: number;
  /** A job's lock lives this long without renewal (ms); a dead worker's cell is retaken after about this. */
  readonly lockDurationMs?: number;
  readonly backend?: BackendName;
  /** Told when a cell starts, ends or fails. */
  readonly onCell?: (event: 'done' | 'failed', key: string, detail: string) => void;
}

/** A running queue worker; `close()` finishes the cells in progress and stops. */
export interface RunningWorker {
  close(): Promise<void>;
}

/** Start a worker that pulls cells from the queue and runs them on a thread pool of `concurrency` threads. */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  await checkRedis(o.url);
  const pool = new CellPool(o.concurrency, o.backend);
  const control = await ready(controlClient(o.url), o.url);
  const by = `${hostname()}:${process.pid}`;
  const conn = client(o.url);
  const lock = o.lockDurationMs ?? 30_000;
  const worker = new Worker<CellJob, CellJobResult>(
    QUEUE_NAME,
    async (job) => {
      const d = job.data;
      if (await control.get(cancelKey(d.sweep)).catch(() => null)) return { cancelled: true };
      try {
        const r = await pool.run({ experiment: d.experiment, key: d.key, seed: d.seed, config: d.config });
        o.onCell?.('done', d.key, `${r.ms.toFixed(1)} ms`);
        return { ...r, by };
      } catch (e) {
        o.onCell?.('failed', d.key, e instanceof Error ? e.message : String(e));
        throw e;
      }
    },
    {
      connection: conn,
      concurrency: o.concurrency,
      lockDuration: lock,
      stalledInterval: Math.max(500, Math.round(lock / 2)),
      maxStalledCount: 5,
    },
  );
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      conn.disconnect();
      control.disconnect();
    },
  };
}

/** One sweep as `sweep status` shows it. */
export interface SweepStatus {
  readonly id: string;
  readonly experiment: string;
  readonly out: string;
  readonly host: string;
  readonly total: number;
  readonly pending: number;
  readonly failed: number;
  readonly state: string;
  readonly updated: number;
}

/** Every sweep known to the server, with the queue's counts and the number of connected workers. */
export async function sweepStatus(
  url: string,
): Promise<{ sweeps: SweepStatus[]; counts: Record<string, number>; workers: number }> {
  await checkRedis(url);
  const c = await ready(controlClient(url), url);
  const qc = client(url);
  const queue = new Queue(QUEUE_NAME, { connection: qc });
  queue.on('error', () => {});
  try {
    const all = await c.hgetall(SWEEPS_KEY);
    const sweeps: SweepStatus[] = [];
    for (const [id, json] of Object.entries(all)) {
      const info = JSON.parse(json) as { experiment: string; out: string; total: number; host: string };
      const h = await c.hgetall(sweepKey(id));
      const cancelled = await c.get(cancelKey(id));
      sweeps.push({
        id,
        experiment: info.experiment,
        out: info.out,
        host: info.host,
        total: info.total,
        pending: Number(h.pending ?? info.total),
        failed: Number(h.failed ?? 0),
        state: cancelled ? 'cancelled' : (h.state ?? 'submitted'),
        updated: Number(h.updated ?? 0),
      });
    }
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const workers = await queue.getWorkersCount();
    return { sweeps, counts, workers };
  } finally {
    await queue.close();
    qc.disconnect();
    c.disconnect();
  }
}

/** Cancel a sweep: flag it (its coordinator stops, workers skip its cells) and remove its queued jobs. */
export async function cancelSweep(url: string, id: string): Promise<{ removed: number; known: boolean }> {
  await checkRedis(url);
  const c = await ready(controlClient(url), url);
  const qc = client(url);
  const queue = new Queue(QUEUE_NAME, { connection: qc });
  queue.on('error', () => {});
  try {
    const known = (await c.hexists(SWEEPS_KEY, id)) === 1;
    await c.set(cancelKey(id), '1', 'EX', 30 * 24 * 3600);
    await c.hset(sweepKey(id), { state: 'cancelled', updated: Date.now() });
    const mine: Job[] = [];
    for (let start = 0; ; start += 1000) {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized'], start, start + 999);
      for (const job of jobs) if ((job.data as CellJob | undefined)?.sweep === id) mine.push(job);
      if (jobs.length < 1000) break;
    }
    let removed = 0;
    for (const job of mine)
      await job.remove().then(
        () => removed++,
        () => {},
      );
    return { removed, known };
  } finally {
    await queue.close();
    qc.disconnect();
    c.disconnect();
  }
}

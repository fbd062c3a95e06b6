/**
 * A pool of worker threads that run sweep cells (src/sweep/thread.ts), one cell per thread at a time. Threads
 * start once and stay; a thread that dies (out of memory, a crash in native code) fails its cell and is replaced.
 *
 * Under the TypeScript sources (tsx, vitest: this module's URL ends in `.ts`) a thread first registers tsx's
 * loader and then imports thread.ts; in the built package it loads thread.js directly. Each thread runs the wasm
 * kernels single-threaded (HOPFIELD_THREADS=1): the pool is the parallelism.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../core/linalg/index.js';
import type { CellInput, CellResult } from './runCell.js';

/** Default number of threads: the cores Node reports. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Check a thread count (RangeError naming the parameter, the range and the value). */
export function checkWorkers(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new RangeError(`${name} must be an integer ≥ 1 and ≤ 1024 (got ${n})`);
  return n;
}

function startThread(backend: BackendName | undefined): Worker {
  const self = import.meta.url;
  const env = { ...process.env, HOPFIELD_THREADS: '1' };
  const workerData = { backend };
  if (self.endsWith('.ts')) {
    const target = JSON.stringify(new URL('./thread.ts', self).href);
    const src = `import('tsx/esm/api').then((m) => { m.register(); return import(${target}); })`;
    return new Worker(src, { eval: true, workerData, env });
  }
  return new Worker(new URL('./thread.js', self), { workerData, env });
}

interface Pending {
  readonly id: number;
  readonly cell: CellInput;
  readonly resolve: (r: CellResult) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/** Threads that run cells: `run(cell)` resolves with the cell's result or rejects with its error. */
export class CellPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly threads: number,
    private readonly backend?: BackendName,
  ) {
    checkWorkers('workers', threads);
  }

  /** Run one cell on the next free thread (threads start on first use). */
  run(cell: CellInput): Promise<CellResult> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, cell, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Pending;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, cell: job.cell });
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startThread(this.backend), busy: null };
    this.slots.push(slot);
    slot.worker.on('message', (msg: { id?: number; result?: CellResult; error?: string }) => {
      const job = slot.busy;
      if (msg.id === undefined || !job || job.id !== msg.id) return;
      slot.busy = null;
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result as CellResult);
      this.dispatch();
    });
    const died = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const job = slot.busy;
      slot.busy = null;
      if (job) job.reject(new Error(why));
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', (e) => died(`the worker thread failed: ${e.message}`));
    slot.worker.on('exit', (code) => died(`the worker thread exited (code ${code})`));
    return slot;
  }

  /** Stop every thread (cells still queued are rejected). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the pool was closed'));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

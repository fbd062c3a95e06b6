/**
 * A small pool of worker threads for independent tasks (Potts site problems, blocks of sequence-weight pairs,
 * sampling chains): every worker receives the same read-only setup once, then asks for tasks one at a time, so
 * long and short tasks balance themselves. Node only (node:worker_threads); the library in src/core stays free of it.
 *
 * Under tsx (the sources run directly) the worker is ./worker.ts started with `--import tsx`; in the built package
 * it is ./worker.js.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Default thread count: the cores Node reports, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Check a thread count (RangeError naming `threads`, the range and the value). */
export function checkThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new RangeError(`threads must be an integer in 1..256 (got ${threads})`);
  return threads;
}

function startWorker(setup: unknown): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // Sources run directly (tsx, vitest): register tsx's loader inside the worker, then load worker.ts.
    // The ESM entry of tsx's API, found from its CommonJS one (vitest does not provide import.meta.resolve).
    const api = pathToFileURL(
      createRequire(self)
        .resolve('tsx/esm/api')
        .replace(/index\.cjs$/, 'index.mjs'),
    ).href;
    const src = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', self).href)}); })`;
    return new Worker(src, { eval: true, workerData: setup });
  }
  return new Worker(new URL('./worker.js', self), { workerData: setup });
}

/**
 * Run `tasks` on `threads` workers sharing `setup` (a structured-cloneable object whose `kind` selects the job in
 * worker.ts); `onResult(task index, result)` is called as results arrive. Resolves when all are done; rejects on the
 * first error, a worker's or one `onResult` throws (and stops the workers).
 */
export function runOnWorkers<T, R>(
  setup: { readonly kind: string; readonly [key: string]: unknown },
  tasks: readonly T[],
  threads: number,
  onResult: (index: number, result: R) => void,
): Promise<void> {
  const k = Math.min(checkThreads(threads), tasks.length);
  if (k === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = () => {
      for (const w of workers) void w.terminate();
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const i = next++;
        w.postMessage({ index: i, task: tasks[i] });
      }
    };
    for (let t = 0; t < k; t++) {
      const w = startWorker(setup);
      workers.push(w);
      w.on('message', (msg: { index: number; result?: R; error?: string }) => {
        if (failed) return;
        if (msg.error !== undefined) {
          failed = true;
          stop();
          reject(new Error(msg.error));
          return;
        }
        try {
          onResult(msg.index, msg.result as R);
        } catch (e) {
          // The caller's own error (a progress callback's --max-minutes stop): the run's, not an uncaught one.
          failed = true;
          stop();
          reject(e);
          return;
        }
        done++;
        if (done === tasks.length) {
          stop();
          resolve();
        } else feed(w);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stop();
        reject(e);
      });
      feed(w);
    }
  });
}

/** Workers that keep their state between rounds: each round sends one task to every worker and gathers the results. */
export interface WorkerGroup<T, R> {
  /** Send `task` to every worker; resolves with the results in worker order, rejects on the first error. */
  round(task: T): Promise<R[]>;
  /** Stop the workers. */
  close(): Promise<void>;
}

/**
 * Start one worker per setup (each its own `kind`-selected job in worker.ts, holding its state between rounds, e.g.
 * a block of persistent Markov chains).
 */
export function startWorkerGroup<T, R>(
  setups: readonly { readonly kind: string; readonly [key: string]: unknown }[],
): WorkerGroup<T, R> {
  const workers = setups.map((s) => startWorker(s));
  let failure: Error | undefined;
  let pending: { reject: (e: Error) => void } | undefined;
  for (const w of workers)
    w.on('error', (e) => {
      failure ??= e;
      pending?.reject(e);
    });
  return {
    round: (task) => {
      if (failure) return Promise.reject(failure);
      return new Promise<R[]>((resolve, reject) => {
        const results: R[] = new Array(workers.length);
        let done = 0;
        let settled = false;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          pending = undefined;
          reject(e);
        };
        pending = { reject: fail };
        workers.forEach((w, k) => {
          w.once('message', (msg: { index: number; result?: R; error?: string }) => {
            if (msg.error !== undefined) {
              failure ??= new Error(msg.error);
              fail(failure);
              return;
            }
            results[k] = msg.result as R;
            if (++done === workers.length && !settled) {
              settled = true;
              pending = undefined;
              resolve(results);
            }
          });
          w.postMessage({ index: k, task });
        });
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

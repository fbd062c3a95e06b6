/**
 * Kernel threads for the page: the library's thread pool (src/core/linalg/threads.ts) over Web Workers, each
 * started from the pool's worker source in a Blob URL. The compute worker is thread 0; it blocks in Atomics.wait
 * (allowed in workers) while the others claim row ranges of the same kernel on the same shared memory. Needs
 * cross-origin isolation (SharedArrayBuffer).
 */
import {
  createThreadPool,
  type StartKernelWorker,
  type ThreadPool,
  WEB_WORKER_SOURCE,
} from '../../src/core/linalg/threads.js';
import type { WasmModuleHandle } from '../../src/core/linalg/wasm.js';

/** How long the page waits for its kernel workers to instantiate the module. */
const START_TIMEOUT_MS = 10_000;

/** Why kernel threads cannot run in this page, or null. */
export function pageThreadsUnavailable(handle: WasmModuleHandle): string | null {
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated)
    return 'page not cross-origin isolated (serve with COOP/COEP headers)';
  if (!handle.features.sharedMemory) return 'no shared WebAssembly memory';
  if (typeof Worker !== 'function') return 'no nested Web Workers';
  return null;
}

/** Start `threads − 1` kernel workers and resolve once all have instantiated the module (or fail after 10 s). */
export async function startPageThreads(handle: WasmModuleHandle, threads: number): Promise<ThreadPool> {
  const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
  const start: StartKernelWorker = (setup, failed) => {
    const w = new Worker(url);
    w.onerror = failed;
    w.postMessage(setup);
    return w;
  };
  const pool = createThreadPool(handle, threads, start);
  const t0 = performance.now();
  while (!pool.ready() && performance.now() - t0 < START_TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, 10));
  }
  URL.revokeObjectURL(url);
  if (!pool.ready()) {
    pool.close();
    throw new Error(`kernel threads did not start within ${START_TIMEOUT_MS / 1000} s`);
  }
  return pool;
}

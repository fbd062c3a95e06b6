/**
 * Kernel threads for the page: the same protocol as the Node pool (src/core/linalg/threads.ts) over Web Workers.
 * The compute worker is thread 0; it blocks in Atomics.wait (allowed in workers) while the others run their row
 * ranges of the same kernel on the same shared memory. Needs cross-origin isolation (SharedArrayBuffer).
 */
import {
  RANGE_KERNELS,
  type RangeKernel,
  type RangeRunner,
  type WasmModuleHandle,
} from '../../src/core/linalg/wasm.js';

const SLOT = 16;
const HEADER = 64;
const [I_SEQ, I_DONE, I_READY, I_ERROR] = [0, 1, 2, 3];

/** Why kernel threads cannot run in this page, or null. */
export function pageThreadsUnavailable(handle: WasmModuleHandle): string | null {
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated)
    return 'page not cross-origin isolated (serve with COOP/COEP headers)';
  if (!handle.features.sharedMemory) return 'no shared WebAssembly memory';
  if (typeof Worker !== 'function') return 'no nested Web Workers';
  return null;
}

/** Start `threads − 1` kernel workers and resolve once all have instantiated the module (or after 10 s). */
export async function startPageThreads(
  handle: WasmModuleHandle,
  threads: number,
): Promise<RangeRunner & { close(): void }> {
  const ctrl = new SharedArrayBuffer(HEADER + threads * SLOT * 8);
  const i32 = new Int32Array(ctrl, 0, 16);
  const f64 = new Float64Array(ctrl, HEADER);
  const local = new WebAssembly.Instance(handle.module, { env: { memory: handle.memory } })
    .exports as unknown as Record<RangeKernel, (...a: number[]) => void>;
  const workers: Worker[] = [];
  for (let t = 1; t < threads; t++) {
    const w = new Worker(new URL('./kernelThread.ts', import.meta.url), { type: 'module' });
    w.onerror = () => Atomics.store(i32, I_ERROR, 1);
    w.postMessage({
      module: handle.module,
      memory: handle.memory,
      ctrl,
      index: t,
      kernels: RANGE_KERNELS, // every kernel the backend may split (its workers index them by this list)
      header: HEADER,
      slot: SLOT,
    });
    workers.push(w);
  }
  const t0 = performance.now();
  while (Atomics.load(i32, I_READY) < threads - 1 && performance.now() - t0 < 10_000) {
    await new Promise((r) => setTimeout(r, 10));
  }
  if (Atomics.load(i32, I_READY) < threads - 1) {
    for (const w of workers) w.terminate();
    throw new Error('kernel threads did not start within 10 s');
  }
  return {
    threads,
    parts: threads, // one static part per thread: thread t runs part t
    run(kernel, total, argsFor) {
      const parts: [number, number][] = [];
      for (let t = 0; t < threads; t++)
        parts.push([Math.floor((total * t) / threads), Math.floor((total * (t + 1)) / threads)]);
      const id = RANGE_KERNELS.indexOf(kernel);
      for (let t = 1; t < threads; t++) {
        const [lo, hi] = parts[t];
        const base = t * SLOT;
        if (hi > lo) {
          const args = argsFor(lo, hi, t);
          f64[base] = id;
          f64[base + 1] = args.length;
          for (let i = 0; i < args.length; i++) f64[base + 2 + i] = args[i];
        } else f64[base] = -1;
      }
      Atomics.store(i32, I_DONE, 0);
      Atomics.add(i32, I_SEQ, 1);
      Atomics.notify(i32, I_SEQ);
      const [lo0, hi0] = parts[0];
      if (hi0 > lo0) local[kernel](...argsFor(lo0, hi0, 0));
      for (;;) {
        const done = Atomics.load(i32, I_DONE);
        if (done >= threads - 1 || Atomics.load(i32, I_ERROR) !== 0) break;
        Atomics.wait(i32, I_DONE, done, 1000);
      }
      if (Atomics.load(i32, I_ERROR) !== 0) throw new Error(`a kernel thread failed while running ${kernel}`);
    },
    close() {
      Atomics.store(i32, I_SEQ, -1);
      Atomics.notify(i32, I_SEQ);
      for (const w of workers) w.terminate();
    },
  };
}

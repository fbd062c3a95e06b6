/**
 * The compute worker: loads the WebAssembly kernels (with kernel threads when the page is cross-origin isolated),
 * installs them as the library's backend, and answers operations of the panels. Nothing computes on the page's
 * main thread.
 */
import { referenceBackend, setBackend } from '../../src/core/linalg/index.js';
import { createWasmBackendAsync } from '../../src/core/linalg/wasm.js';
import { audioHandlers } from './compute/audio.js';
import { classicalHandlers } from './compute/classical.js';
import { denseHandlers } from './compute/dense.js';
import { experimentHandlers } from './compute/experiments.js';
import type { BackendInfo, Handler, Reply, Request } from './protocol.js';
import { pageThreadsUnavailable, startPageThreads } from './threads.js';

const handlers: Record<string, Handler> = {
  ...classicalHandlers,
  ...experimentHandlers,
  ...denseHandlers,
  ...audioHandlers,
};

async function initBackend(threads: number): Promise<BackendInfo> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  try {
    const w = await createWasmBackendAsync();
    let note: string | null = pageThreadsUnavailable(w.handle);
    if (note === null && threads > 1) {
      try {
        w.setThreadRunner(await startPageThreads(w.handle, threads));
      } catch (e) {
        note = e instanceof Error ? e.message : String(e);
      }
    }
    setBackend(w);
    const f = w.features;
    return {
      name: 'wasm',
      simd: f.simd,
      relaxedSimd: f.relaxedSimd,
      sharedMemory: f.sharedMemory,
      threads: w.threads(),
      isolated,
      note,
    };
  } catch (e) {
    setBackend(referenceBackend);
    const note = `wasm unavailable: ${e instanceof Error ? e.message : String(e)}`;
    return { name: 'ts', simd: false, relaxedSimd: false, sharedMemory: false, threads: 1, isolated, note };
  }
}

handlers.init = ((args: { threads: number }) => initBackend(args.threads)) as Handler;

/** Typed arrays found at the top level (or one level down) of a value: transferred, not copied. */
function transferables(v: unknown): Transferable[] {
  const out = new Set<Transferable>();
  const visit = (x: unknown, depth: number) => {
    if (ArrayBuffer.isView(x)) {
      if (x.buffer instanceof ArrayBuffer) out.add(x.buffer);
    } else if (x && typeof x === 'object' && depth < 2) {
      for (const y of Object.values(x)) visit(y, depth + 1);
    }
  };
  visit(v, 0);
  return [...out];
}

const post = (r: Reply, transfer: Transferable[] = []) =>
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(r, transfer);

self.onmessage = async (e: MessageEvent<Request>) => {
  const { id, op, args } = e.data;
  const h = handlers[op];
  try {
    if (!h) throw new Error(`unknown operation ${op}`);
    const value = await (h as (a: unknown, p: (v: unknown) => void) => unknown)(args, (v) =>
      post({ id, kind: 'progress', value: v }),
    );
    try {
      post({ id, kind: 'done', value }, transferables(value));
    } catch {
      post({ id, kind: 'done', value });
    }
  } catch (err) {
    post({ id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * Worker threads for the WebAssembly backend: every worker instantiates the same kernel module over the same
 * shared memory, waits on an Atomics word for a job (a kernel and its numeric arguments), claims row ranges from a
 * shared counter until none is left, and counts itself done. The caller's thread claims ranges too and, once all
 * are taken, closes an entry gate, so it waits only for workers that actually started. Waking a worker costs ~0.1 ms, so
 * the backend only splits operations above a work threshold (≈ 0.5 ms on one core).
 *
 * Threads need shared WebAssembly memory and a worker implementation: Node's worker_threads by default (obtained
 * through process.getBuiltinModule, Node ≥ 20.16, so this module imports nothing from node:*; unref'd, they never
 * keep a process alive), or Web Workers that a page starts from WEB_WORKER_SOURCE (web/src/threads.ts). Both run
 * the same worker loop. Elsewhere the pool is unavailable and the backend stays single-threaded.
 */
import { envVar } from './env.js';
import { RANGE_KERNELS, type RangeKernel, type RangeRunner, type WasmModuleHandle } from './wasm.js';

const SLOT = 16; // f64 per part: kernel id (−1: empty part), argument count, up to 14 arguments
const I_SEQ = 0;
const I_DONE = 1;
const I_READY = 2;
const I_ERROR = 3;
/** Next unclaimed part (or chunk) of the current run. */
const I_NEXT = 4;
/**
 * Entry gate of the current run: bits 9–30 hold the run's sequence number, bit 8 is set once the caller has
 * finished every part, bits 0–7 count the workers that entered before that. A worker that wakes after the gate
 * closed does nothing, so the caller never waits for a thread the OS has not scheduled.
 */
const I_ENTRY = 5;
const GATE_CLOSED = 256;
const SEQ_MASK = 0x3fffff;
/** Chunk plan (f64 after the header): rows per chunk (0: static parts), chunk count, total rows, lo position. */
const PLAN_LEN = 4;
const HEADER_BYTES = 64;

/**
 * Kernels whose row ranges are independent (each output row is written by exactly one call, with the same
 * arithmetic whatever the split): they run as chunks that every thread claims from a shared counter, each
 * thread with its own arguments (its own GEMM scratch). Value: the argument position of the range start (the
 * end follows it) and the row alignment of a chunk. The other kernels run as one part per thread index (their
 * partial results go to per-part buffers), and any thread may run any part.
 */
const CHUNKED: Partial<
  Record<RangeKernel, { readonly pos: number; readonly align: number; readonly perThread?: number }>
> = {
  gemvRows: { pos: 4, align: 6 },
  gemvRowsF32: { pos: 4, align: 4 },
  pmSparseRows: { pos: 7, align: 1 },
  columnDots: { pos: 5, align: 2 },
  // every gemmRows call packs all of B for its rows: one chunk per thread packs it `threads` times, not 4·threads
  gemmRows: { pos: 5, align: 4, perThread: 1 },
  pmOverlaps: { pos: 6, align: 1 },
  mapScaled: { pos: 4, align: 64 },
};
/** Chunks per thread of a chunked run (more: better balance, more calls), unless the kernel sets its own. */
const CHUNKS_PER_THREAD = 4;
/**
 * Parts per thread of a run with per-part results: more parts than threads let a thread that starts late (a
 * worker takes ~0.1–0.4 ms to wake on a virtual machine) take fewer of them, while the caller still combines
 * the parts' results in part order, whichever thread ran them.
 */
const PARTS_PER_THREAD = 4;

/**
 * The loop every kernel worker runs, as source (workers evaluate it: no module file to resolve, the same text in
 * Node and in a page): `workerData` is the KernelWorkerSetup of that worker.
 */
const WORKER_LOOP = `
const { module, memory, ctrl, index, kernels } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = kernels.map((k) => ex[k]);
const i32 = new Int32Array(ctrl, 0, 16);
const plan = new Float64Array(ctrl, ${HEADER_BYTES}, ${PLAN_LEN});
const f64 = new Float64Array(ctrl, ${HEADER_BYTES} + ${PLAN_LEN * 8});
const argsOf = (part) => {
  const b = part * ${SLOT};
  const n = f64[b + 1];
  const args = new Array(n);
  for (let i = 0; i < n; i++) args[i] = f64[b + 2 + i];
  return args;
};
Atomics.add(i32, ${I_READY}, 1);
Atomics.notify(i32, ${I_READY});
let seen = 0;
for (;;) {
  Atomics.wait(i32, ${I_SEQ}, seen);
  seen = Atomics.load(i32, ${I_SEQ});
  if (seen < 0) break;
  let entered = false;
  for (;;) {
    const v = Atomics.load(i32, ${I_ENTRY});
    if (v >>> 9 !== (seen & ${SEQ_MASK}) || (v & ${GATE_CLOSED}) !== 0) break;
    if (Atomics.compareExchange(i32, ${I_ENTRY}, v, v + 1) === v) {
      entered = true;
      break;
    }
  }
  if (!entered) continue;
  try {
    const step = plan[0];
    const count = plan[1];
    if (step > 0) {
      const id = f64[index * ${SLOT}];
      const args = argsOf(index);
      const total = plan[2];
      const pos = plan[3];
      for (;;) {
        const c = Atomics.add(i32, ${I_NEXT}, 1);
        if (c >= count) break;
        args[pos] = c * step;
        args[pos + 1] = Math.min(total, (c + 1) * step);
        fns[id](...args);
      }
    } else {
      for (;;) {
        const c = Atomics.add(i32, ${I_NEXT}, 1);
        if (c >= count) break;
        const id = f64[c * ${SLOT}];
        if (id >= 0) fns[id](...argsOf(c));
      }
    }
  } catch (e) { Atomics.store(i32, ${I_ERROR}, 1); }
  Atomics.add(i32, ${I_DONE}, 1);
  Atomics.notify(i32, ${I_DONE});
}
`;

/** A Node worker_threads worker (CommonJS, evaluated): its setup arrives as workerData. */
const NODE_WORKER_SOURCE = `const { workerData } = require('node:worker_threads');\n${WORKER_LOOP}`;

/**
 * A Web Worker's source (classic script, e.g. from a Blob URL): its setup arrives as the first message; it closes
 * itself when the pool does.
 */
export const WEB_WORKER_SOURCE = `self.onmessage = (e) => {\nconst workerData = e.data;\n${WORKER_LOOP}\nclose();\n};`;

/** What a kernel worker receives: the module and memory to instantiate, the control block, its index. */
export interface KernelWorkerSetup {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly ctrl: SharedArrayBuffer;
  readonly index: number;
  readonly kernels: readonly string[];
}

/**
 * Starts one kernel worker running the worker loop on `setup` (NODE_WORKER_SOURCE or WEB_WORKER_SOURCE); calls
 * `failed` if the worker dies. The pool never waits for a worker that has not started.
 */
export type StartKernelWorker = (setup: KernelWorkerSetup, failed: () => void) => { terminate(): void };

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (e: Error) => void): void;
}
type NodeWorkerCtor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.(name) as T | undefined;
  } catch {
    return undefined;
  }
}

/** Why threads cannot share this module's memory, or null when they can (any worker implementation). */
function sharedMemoryUnavailable(handle: WasmModuleHandle): string | null {
  if (!handle.features.sharedMemory)
    return 'no shared WebAssembly memory (SharedArrayBuffer) in this runtime';
  if (typeof Atomics !== 'object') return 'no Atomics in this runtime';
  return null;
}

/** Why Node worker threads cannot run here, or null when they can. */
export function threadsUnavailableReason(handle: WasmModuleHandle): string | null {
  const reason = sharedMemoryUnavailable(handle);
  if (reason) return reason;
  if (!nodeBuiltin<{ Worker?: unknown }>('node:worker_threads')?.Worker) {
    return 'worker_threads unavailable (needs Node ≥ 20.16 for process.getBuiltinModule)';
  }
  return null;
}

/** A Node worker_threads kernel worker (unref'd: it never keeps the process alive). */
function startNodeWorker(setup: KernelWorkerSetup, failed: () => void): { terminate(): void } {
  const Worker = nodeBuiltin<{ Worker: NodeWorkerCtor }>('node:worker_threads')!.Worker;
  const wk = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: setup });
  wk.on('error', failed);
  wk.unref();
  return { terminate: () => void wk.terminate() };
}

/** Logical cores of this machine (1 if unknown). */
export function availableCores(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus?: () => unknown[] }>('node:os');
  const n = os?.availableParallelism?.() ?? os?.cpus?.().length;
  if (n && n > 0) return n;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/** A running pool; `close()` stops the workers. */
export interface ThreadPool extends RangeRunner {
  /** True once every worker has instantiated the module (before that, ranges run on the caller's thread). */
  ready(): boolean;
  close(): void;
}

/**
 * Start `threads − 1` workers (the caller is thread 0) with `start` (default: Node worker_threads; a page passes
 * Web Workers). The pool answers `run` immediately: until the workers are ready it runs every range on the
 * caller's thread, so nothing ever blocks on start-up.
 */
export function createThreadPool(
  handle: WasmModuleHandle,
  threads: number,
  start?: StartKernelWorker,
): ThreadPool {
  const reason = start ? sharedMemoryUnavailable(handle) : threadsUnavailableReason(handle);
  if (reason) throw new Error(`threads unavailable: ${reason}`);
  if (!Number.isInteger(threads) || threads < 2 || threads > 64) {
    throw new RangeError(`threads must be an integer in [2, 64]; got ${threads}`);
  }
  const parts = threads * PARTS_PER_THREAD;
  const ctrl = new SharedArrayBuffer(HEADER_BYTES + PLAN_LEN * 8 + parts * SLOT * 8);
  const shared: PoolShared = {
    threads,
    parts,
    i32: new Int32Array(ctrl, 0, 16),
    plan: new Float64Array(ctrl, HEADER_BYTES, PLAN_LEN),
    f64: new Float64Array(ctrl, HEADER_BYTES + PLAN_LEN * 8),
    local: new WebAssembly.Instance(handle.module, { env: { memory: handle.memory } })
      .exports as unknown as Record<RangeKernel, (...a: number[]) => void>,
    seq: 0,
  };
  const failed = () => Atomics.store(shared.i32, I_ERROR, 1);
  const workers: { terminate(): void }[] = [];
  for (let t = 1; t < threads; t++) {
    const setup = { module: handle.module, memory: handle.memory, ctrl, index: t, kernels: RANGE_KERNELS };
    workers.push((start ?? startNodeWorker)(setup, failed));
  }
  let closed = false;
  const isReady = () => !closed && Atomics.load(shared.i32, I_READY) === threads - 1;

  return {
    threads,
    parts,
    ready: isReady,
    run(kernel, total, argsFor) {
      const ranges = splitRanges(total, parts);
      if (!isReady()) runAllHere(shared.local, kernel, total, ranges, argsFor);
      else runShared(shared, kernel, total, ranges, argsFor);
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(shared.i32, I_SEQ, -1);
      Atomics.notify(shared.i32, I_SEQ);
      for (const wk of workers) wk.terminate();
    },
  };
}

type ArgsFor = (lo: number, hi: number, thread: number) => number[];

/** What the caller's side of a pool shares between calls: the control block views, its instance, the sequence. */
interface PoolShared {
  readonly threads: number;
  readonly parts: number;
  readonly i32: Int32Array;
  readonly plan: Float64Array;
  readonly f64: Float64Array;
  readonly local: Record<RangeKernel, (...a: number[]) => void>;
  seq: number;
}

/** Equal parts [⌊total·t/T⌋, ⌊total·(t+1)/T⌋) for t = 0 … T − 1. */
function splitRanges(total: number, threads: number): [number, number][] {
  const parts: [number, number][] = [];
  for (let t = 0; t < threads; t++) {
    parts.push([Math.floor((total * t) / threads), Math.floor((total * (t + 1)) / threads)]);
  }
  return parts;
}

/**
 * Start-up (or closed): do the operation on the caller's thread — a chunked kernel as one range with thread 0's
 * arguments (its rows do not depend on the split), the others part by part, in order.
 */
function runAllHere(
  local: Record<RangeKernel, (...a: number[]) => void>,
  kernel: RangeKernel,
  total: number,
  parts: [number, number][],
  argsFor: ArgsFor,
): void {
  if (CHUNKED[kernel]) {
    if (total > 0) local[kernel](...argsFor(0, total, 0));
    return;
  }
  for (let t = 0; t < parts.length; t++) {
    const [lo, hi] = parts[t];
    if (hi > lo) local[kernel](...argsFor(lo, hi, t));
  }
}

/** Publish one operation to the workers, take parts on the caller's thread too, and wait for the rest. */
function runShared(
  sh: PoolShared,
  kernel: RangeKernel,
  total: number,
  parts: [number, number][],
  argsFor: ArgsFor,
): void {
  const { i32 } = sh;
  const chunked = CHUNKED[kernel];
  const { step, count } = writePlan(sh, kernel, total, parts, argsFor);
  sh.seq = (sh.seq + 1) & SEQ_MASK;
  Atomics.store(i32, I_NEXT, 0);
  Atomics.store(i32, I_DONE, 0);
  Atomics.store(i32, I_ENTRY, sh.seq << 9);
  Atomics.store(i32, I_SEQ, sh.seq);
  Atomics.notify(i32, I_SEQ);
  const fn = sh.local[kernel];
  if (chunked) {
    const args = argsFor(0, total, 0);
    for (;;) {
      const c = Atomics.add(i32, I_NEXT, 1);
      if (c >= count) break;
      args[chunked.pos] = c * step;
      args[chunked.pos + 1] = Math.min(total, (c + 1) * step);
      fn(...args);
    }
  } else {
    for (;;) {
      const c = Atomics.add(i32, I_NEXT, 1);
      if (c >= count) break;
      const [lo, hi] = parts[c];
      if (hi > lo) fn(...argsFor(lo, hi, c));
    }
  }
  joinWorkers(i32, kernel);
}

/** Write the workers' argument slots and the plan (chunk step, chunk count, total, range position). */
function writePlan(
  sh: PoolShared,
  kernel: RangeKernel,
  total: number,
  parts: [number, number][],
  argsFor: ArgsFor,
): { step: number; count: number } {
  const { threads, f64, plan } = sh;
  const partCount = parts.length;
  const id = RANGE_KERNELS.indexOf(kernel);
  const chunked = CHUNKED[kernel];
  const put = (slot: number, args: number[]) => {
    const base = slot * SLOT;
    f64[base] = id;
    f64[base + 1] = args.length;
    for (let i = 0; i < args.length; i++) f64[base + 2 + i] = args[i];
  };
  let step = 0;
  let count = partCount;
  if (chunked) {
    const a = chunked.align;
    step = Math.max(a, Math.ceil(total / (threads * (chunked.perThread ?? CHUNKS_PER_THREAD)) / a) * a);
    count = Math.ceil(total / step);
    for (let t = 1; t < threads; t++) put(t, argsFor(0, total, t)); // each thread's own arguments
  } else {
    for (let t = 0; t < partCount; t++) {
      const [lo, hi] = parts[t];
      if (hi > lo) put(t, argsFor(lo, hi, t));
      else f64[t * SLOT] = -1;
    }
  }
  plan[0] = step;
  plan[1] = count;
  plan[2] = total;
  plan[3] = chunked ? chunked.pos : 0;
  return { step, count };
}

/** Close the gate (workers that have not entered stay out), wait for those that did, and report a failure. */
function joinWorkers(i32: Int32Array, kernel: RangeKernel): void {
  let entered = 0;
  for (;;) {
    const v = Atomics.load(i32, I_ENTRY);
    if (Atomics.compareExchange(i32, I_ENTRY, v, v | GATE_CLOSED) === v) {
      entered = v & (GATE_CLOSED - 1);
      break;
    }
  }
  for (;;) {
    const done = Atomics.load(i32, I_DONE);
    if (done >= entered || Atomics.load(i32, I_ERROR) !== 0) break;
    Atomics.wait(i32, I_DONE, done, 1000);
  }
  if (Atomics.load(i32, I_ERROR) !== 0) throw new Error(`a worker thread failed while running ${kernel}`);
}

/**
 * A runner for `threads` threads that starts the workers on its first call (so programs that never run a long
 * operation never start a thread).
 */
export function lazyThreadPool(handle: WasmModuleHandle, threads: number): RangeRunner & { close(): void } {
  let pool: ThreadPool | null = null;
  return {
    threads,
    parts: threads * PARTS_PER_THREAD,
    run(kernel, total, argsFor) {
      pool ??= createThreadPool(handle, threads);
      pool.run(kernel, total, argsFor);
    },
    ready() {
      pool ??= createThreadPool(handle, threads);
      return pool.ready();
    },
    close() {
      pool?.close();
      pool = null;
    },
  };
}

/** The value of HOPFIELD_THREADS (validated integer in [1, 64]), or undefined when unset or empty. */
export function threadsFromEnv(): number | undefined {
  const raw = envVar('HOPFIELD_THREADS');
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(v) || v < 1 || v > 64) {
    throw new RangeError(`HOPFIELD_THREADS must be an integer in [1, 64]; got '${raw}'`);
  }
  return v;
}

/**
 * The WebAssembly SIMD backend: kernels compiled from assembly/kernels.ts (AssemblyScript), instantiated
 * synchronously from bytes embedded at build time. Operands that already live in WebAssembly memory (arrays
 * from `allocFloat64`/`allocFloat32`, available when the memory is shared) are used in place; others are copied
 * in and out of scratch space. Long operations are split over worker threads when a pool is attached
 * (see threads.ts); the kernels work on row ranges so any split gives the same arithmetic per row.
 */
import { metropolisFractions } from '../numerics/metropolis.js';
import { envVar } from './env.js';
import { referenceBackend } from './reference.js';
import type { Backend, ElementwiseMap, PackedSpins } from './types.js';
import { WASM_MODULES, WASM_SOURCE_HASH } from './wasm-modules.generated.js';

/** The functions exported by the kernel module (pointers are byte offsets into the memory). */
export interface KernelExports {
  init(): void;
  gemvRows(n: number, a: number, x: number, y: number, i0: number, i1: number): void;
  gemvRowsF32(n: number, a: number, x: number, y: number, i0: number, i1: number): void;
  gemmRows(n: number, k: number, a: number, b: number, c: number, i0: number, i1: number, work: number): void;
  transpose(rows: number, cols: number, src: number, dst: number): void;
  pmOverlaps(
    rows: number,
    n: number,
    words64: number,
    data: number,
    query: number,
    out: number,
    r0: number,
    r1: number,
  ): void;
  scaledMax(x: number, beta: number, i0: number, i1: number): number;
  sumExpShifted(x: number, beta: number, shift: number, i0: number, i1: number): number;
  lseRange(x: number, beta: number, i0: number, i1: number, out: number): void;
  mapScaled(kind: number, x: number, out: number, beta: number, i0: number, i1: number): void;
  attentionWorkBytes(n: number): number;
  attentionRange(
    n: number,
    xi: number,
    x: number,
    lambda: number,
    scores: number,
    work: number,
    mu0: number,
    mu1: number,
  ): void;
  softmaxFinish(scores: number, m: number, invZ: number, mu0: number, mu1: number): void;
  plGramStep(
    p: number,
    n: number,
    x: number,
    f: number,
    d: number,
    lambda: number,
    c: number,
    a: number,
    shrink: number,
    lr: number,
    cd: number,
    q0: number,
    q1: number,
    out: number,
  ): void;
  columnDots(p: number, n: number, a: number, f: number, q: number, j0: number, j1: number): void;
  scaleRowsF32(rows: number, n: number, x: number, radius: number, out: number): void;
  columnSums(rows: number, n: number, m: number, out: number): void;
  pmSparseRows(
    n: number,
    offsets: number,
    indices: number,
    m: number,
    colsum: number,
    v: number,
    out: number,
    r0: number,
    r1: number,
  ): void;
  labelEpochSparse(
    p: number,
    n: number,
    l: number,
    offsets: number,
    indices: number,
    v: number,
    y: number,
    wt: number,
    lambda: number,
    c: number,
    lr: number,
    l2: number,
    work: number,
    out: number,
  ): void;
  zigguratFast(st: number, xt: number, ft: number, out: number, from: number, to: number): number;
  eaSweep(
    n: number,
    dm: number,
    nb: number,
    w: number,
    sg: number,
    beta: number,
    st: number,
    frac: number,
    from: number,
    acc: number,
  ): number;
  plEpilogueRange(
    n: number,
    x: number,
    f: number,
    shift: number,
    lambda: number,
    c: number,
    coef: number,
    r0: number,
    r1: number,
    out: number,
  ): void;
  GEMM_WORK_BYTES: WebAssembly.Global;
}

/**
 * The kernels a worker may run on a range — every one that the backend hands to a RangeRunner. Thread pools
 * (Node's and the page's) index their workers' kernel tables by this list, so a runner supports all of them.
 */
export const RANGE_KERNELS = [
  'gemvRows',
  'gemvRowsF32',
  'pmSparseRows',
  'plGramStep',
  'columnDots',
  'gemmRows',
  'pmOverlaps',
  'mapScaled',
  'attentionRange',
  'lseRange',
  'plEpilogueRange',
] as const;

/** Names of the kernels a worker may run on a range. */
export type RangeKernel = (typeof RANGE_KERNELS)[number];

/** What the runtime supports, and what the backend uses. */
export interface WasmFeatures {
  /** 128-bit SIMD compiled and ran. */
  readonly simd: boolean;
  /** Relaxed SIMD (fused multiply-add) available: the relaxed build is in use. */
  readonly relaxedSimd: boolean;
  /** Shared WebAssembly memory available (needed for zero-copy arrays and worker threads). */
  readonly sharedMemory: boolean;
}

/**
 * Splits row ranges over threads. `run(kernel, total, argsFor)` calls `argsFor(lo, hi, thread)` for each part
 * (thread 0 is the caller) and runs the kernel on every part, returning when all are done.
 */
export interface RangeRunner {
  readonly threads: number;
  /**
   * Kernels that are not split into chunks (those with per-part results) run as this many parts (≥ threads):
   * `argsFor`'s third argument is then the part index, and each part's result has a slot of its own.
   */
  readonly parts: number;
  run(
    kernel: RangeKernel,
    total: number,
    argsFor: (lo: number, hi: number, thread: number) => number[],
  ): void;
  /**
   * Pools that start their workers in the background: starts them if needed and tells whether they are ready
   * (before that, `run` does every part on the caller's thread). Absent: always ready.
   */
  ready?(): boolean;
}

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit
const ALIGN = 64;
/** Bytes below this offset belong to the kernels (their constant table at 64..576); the heap starts here. */
const HEAP_BASE = 1024;

/** First-fit allocator over linear memory; blocks are 64-byte aligned; the memory grows on demand. */
class Heap {
  private readonly used = new Map<number, number>();
  private readonly free: { ptr: number; size: number }[] = [];
  private top = HEAP_BASE;

  constructor(private readonly memory: WebAssembly.Memory) {}

  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.size >= size) {
        const ptr = f.ptr;
        if (f.size === size) this.free.splice(i, 1);
        else {
          f.ptr += size;
          f.size -= size;
        }
        this.used.set(ptr, size);
        return ptr;
      }
    }
    let ptr = this.top;
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.size === this.top) {
      ptr = last.ptr;
      this.free.pop();
    }
    const end = ptr + size;
    this.ensure(end);
    this.top = end;
    this.used.set(ptr, size);
    return ptr;
  }

  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i].ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, size });
    // coalesce with the next and the previous block
    const cur = this.free[i];
    const next = this.free[i + 1];
    if (next && cur.ptr + cur.size === next.ptr) {
      cur.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.ptr + prev.size === cur.ptr) {
      prev.size += cur.size;
      this.free.splice(i, 1);
    }
  }

  /** Bytes currently allocated. */
  inUse(): number {
    let s = 0;
    for (const v of this.used.values()) s += v;
    return s;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_PAGES * PAGE) {
      throw new RangeError(
        `wasm backend: operands need ${end} bytes of WebAssembly memory, more than the 4 GiB limit`,
      );
    }
    const havePages = have / PAGE;
    const need = Math.ceil((end - have) / PAGE);
    // grow by at least 1/8 of the current size so repeated small growths stay cheap
    const pages = Math.min(MAX_PAGES - havePages, Math.max(need, Math.ceil(havePages / 8)));
    this.memory.grow(pages);
  }
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array;

/** One operand of a kernel call: `count` elements of `array`, copied in and/or out unless resident. */
interface Operand {
  readonly array: Typed;
  readonly count: number;
  readonly copyIn: boolean;
  readonly copyOut: boolean;
}

const MAP_KIND: Record<ElementwiseMap, number> = { exp: 0, tanh: 1, sign: 2 };

/** The loaded kernel module with its memory: everything a worker needs to run the same kernels. */
export interface WasmModuleHandle {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly features: WasmFeatures;
}

type Loaded = { handle: WasmModuleHandle; exports: KernelExports };
type Variant = { key: keyof typeof WASM_MODULES; relaxed: boolean };

/** A fresh memory (shared when the runtime allows) and the variants to try on it, best first. */
function memoryAndVariants(): { memory: WebAssembly.Memory; sharedMemory: boolean; tries: Variant[] } {
  if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available in this runtime');
  let sharedMemory = false;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    sharedMemory = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    // A page without cross-origin isolation creates the shared memory yet hides SharedArrayBuffer: the
    // non-shared kernels would then refuse it ("mismatch in shared state of memory"), so take a plain one.
    if (!sharedMemory) memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  } catch {
    memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
  }
  const tries: Variant[] = sharedMemory
    ? [
        { key: 'relaxedShared', relaxed: true },
        { key: 'simdShared', relaxed: false },
      ]
    : [
        { key: 'relaxed', relaxed: true },
        { key: 'simd', relaxed: false },
      ];
  const plainOnly = relaxedSimdFromEnv() === false;
  return { memory, sharedMemory, tries: tries.filter((t) => !(plainOnly && t.relaxed)) };
}

/**
 * HOPFIELD_RELAXED_SIMD: '0' loads the plain SIMD build even where relaxed SIMD compiles (every product then sums
 * in the reference's order, bit for bit the same on every machine), '1' the relaxed build where it compiles (the
 * default); undefined when unset or empty.
 */
export function relaxedSimdFromEnv(): boolean | undefined {
  const raw = envVar('HOPFIELD_RELAXED_SIMD');
  if (raw === undefined || raw === '') return undefined;
  if (raw !== '0' && raw !== '1') throw new RangeError(`HOPFIELD_RELAXED_SIMD must be 0 or 1; got '${raw}'`);
  return raw === '1';
}

/** (func (param v128 v128 v128) (result v128) f64x2.relaxed_madd): compiles where relaxed SIMD does. */
const RELAXED_PROBE = '0061736d0100000001080160037b7b7b017b030201000a0d010b00200020012002fd87020b';

/** Whether this runtime compiles relaxed SIMD instructions (the f64x2 multiply-add of the relaxed build). */
export function compilesRelaxedSimd(): boolean {
  const bytes = new Uint8Array(RELAXED_PROBE.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(RELAXED_PROBE.slice(2 * i, 2 * i + 2), 16);
  try {
    new WebAssembly.Module(bytes as BufferSource);
    return true;
  } catch {
    return false;
  }
}

function finish(
  instance: WebAssembly.Instance,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  t: Variant,
  sharedMemory: boolean,
): Loaded {
  const exports = instance.exports as unknown as KernelExports;
  exports.init();
  selfCheck(exports, memory);
  return {
    handle: { module, memory, features: { simd: true, relaxedSimd: t.relaxed, sharedMemory } },
    exports,
  };
}

/** Compile and instantiate the best variant the runtime accepts, synchronously; throws with the reason if none does. */
export function loadWasmModule(): Loaded {
  const { memory, sharedMemory, tries } = memoryAndVariants();
  const reasons: string[] = [];
  for (const t of tries) {
    try {
      // WebAssembly.validate accepts relaxed opcodes that the compiler may still reject: compile to know.
      const module = new WebAssembly.Module(decodeBase64(WASM_MODULES[t.key]) as BufferSource);
      return finish(new WebAssembly.Instance(module, { env: { memory } }), module, memory, t, sharedMemory);
    } catch (e) {
      reasons.push(`${t.key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no WebAssembly SIMD kernel module could be instantiated (${reasons.join('; ')})`);
}

/** As loadWasmModule, compiling asynchronously (browsers refuse synchronous compiles over 4 KB on the main thread). */
export async function loadWasmModuleAsync(): Promise<Loaded> {
  const { memory, sharedMemory, tries } = memoryAndVariants();
  const reasons: string[] = [];
  for (const t of tries) {
    try {
      const module = await WebAssembly.compile(decodeBase64(WASM_MODULES[t.key]) as BufferSource);
      const instance = await WebAssembly.instantiate(module, { env: { memory } });
      return finish(instance, module, memory, t, sharedMemory);
    } catch (e) {
      reasons.push(`${t.key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no WebAssembly SIMD kernel module could be instantiated (${reasons.join('; ')})`);
}

/** A 3×3 product through the kernels, checked against the exact result (guards against a broken build). */
function selfCheck(k: KernelExports, memory: WebAssembly.Memory): void {
  const base = HEAP_BASE;
  const work = base + 256;
  const need = work + (k.GEMM_WORK_BYTES.value as number);
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
  const f = new Float64Array(memory.buffer, base, 27);
  for (let i = 0; i < 18; i++) f[i] = i + 1;
  k.gemmRows(3, 3, base, base + 72, base + 144, 0, 3, work);
  const expect = [84, 90, 96, 201, 216, 231, 318, 342, 366];
  const got = new Float64Array(memory.buffer, base + 144, 9);
  for (let i = 0; i < 9; i++) {
    if (got[i] !== expect[i]) throw new Error(`kernel self-check failed (gemm entry ${i}: ${got[i]})`);
  }
}

/** A pool of threads attached to this backend (set by threads.ts); operations below `minWork` stay single. */
interface ThreadHook {
  readonly runner: RangeRunner;
  /** Work units (≈ flops or bytes) below which the caller's thread does everything. */
  readonly minWork: number;
}

/** The WebAssembly backend with its features, memory statistics and thread control. */
export interface WasmBackend extends Backend {
  readonly features: WasmFeatures;
  readonly handle: WasmModuleHandle;
  /** Hash of the kernel source the embedded binaries were built from. */
  readonly sourceHash: string;
  /** Threads used for long operations (1 = none attached). */
  threads(): number;
  /** The attached thread runner, or null. */
  threadRunner(): RangeRunner | null;
  /** Attach (or detach with null) a runner that splits long operations over threads. */
  setThreadRunner(runner: RangeRunner | null, minWork?: number): void;
  /** Current WebAssembly memory size and allocated bytes. */
  memoryStats(): { bytes: number; inUse: number };
}

/**
 * Work (≈ flops) below which an operation is not worth waking threads for: ~0.45 ms of one core's GEMM (17.8
 * GFLOP/s), the GEMV of a 2000×2000 matrix. At 2·10⁶ the 80×200×80 products of small PL training waited on the
 * other thread more than they gained whenever the machine was busy.
 */
export const DEFAULT_THREAD_MIN_WORK = 8_000_000;

/** Options of createWasmBackend. */
export interface WasmBackendOptions {
  /** An already instantiated kernel module (from loadWasmModuleAsync); loaded synchronously when absent. */
  readonly loaded?: Loaded;
  /**
   * Hand problems smaller than a few thousand elements to the reference loops, where the ~1–2 µs of staging a
   * call costs more than the arithmetic (default true; tests turn it off to exercise the kernels at every size).
   */
  readonly smallToReference?: boolean;
}

/** Below these sizes (elements touched) the reference backend is faster than a wasm call. */
const SMALL = { vector: 256, matrix: 2048, product: 32768 } as const;

/** Build the WebAssembly SIMD backend; throws (with the reason) when the runtime cannot run it. */
export async function createWasmBackendAsync(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  return createWasmBackend({ ...options, loaded: options.loaded ?? (await loadWasmModuleAsync()) });
}

/** Build the WebAssembly SIMD backend (synchronously); throws (with the reason) when the runtime cannot run it. */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const { handle, exports: k } = options.loaded ?? loadWasmModule();
  const { memory, features } = handle;
  const heap = new Heap(memory);
  const s: WasmState = {
    k,
    memory,
    features,
    heap,
    small: options.smallToReference ?? true,
    gemmWork: k.GEMM_WORK_BYTES.value as number,
    ownBuffers: new WeakSet<ArrayBufferLike>(),
    views: new WeakMap<Typed, number>(),
    reclaim:
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry<number>((ptr) => heap.release(ptr))
        : null,
    hook: null,
    threadWork: [],
  };

  const b: WasmBackend = {
    name: 'wasm',
    features,
    handle,
    sourceHash: WASM_SOURCE_HASH,

    threads: () => (s.hook ? s.hook.runner.threads : 1),

    threadRunner: () => (s.hook ? s.hook.runner : null),

    setThreadRunner(runner, minWork = DEFAULT_THREAD_MIN_WORK) {
      s.hook = runner && runner.threads > 1 ? { runner, minWork } : null;
    },

    memoryStats: () => ({ bytes: memory.buffer.byteLength, inUse: heap.inUse() }),

    ...productMethods(s),
    ...reductionMethods(s),
    ...sparseMethods(s),
    ...labelMethods(s),
    ...attentionMethods(s),
    ...plMethods(s),
    ...elementwiseMethods(s),
    ...memoryMethods(s),
    ...zigguratMethods(s),
    ...eaMethods(s),
  };
  return b;
}

/** What the backend's methods share: the kernels, the memory and its allocator, the attached threads. */
interface WasmState {
  readonly k: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly features: WasmFeatures;
  readonly heap: Heap;
  /** Hand small problems to the reference loops (WasmBackendOptions.smallToReference). */
  readonly small: boolean;
  /** Bytes of gemm scratch per thread. */
  readonly gemmWork: number;
  /** Buffers of our memory seen so far (a shared memory gets a new buffer object on each growth). */
  readonly ownBuffers: WeakSet<ArrayBufferLike>;
  /** Live arrays from allocFloat*, weakly held: a block is reclaimed when its array is garbage collected. */
  readonly views: WeakMap<Typed, number>;
  readonly reclaim: FinalizationRegistry<number> | null;
  hook: ThreadHook | null;
  /** Per-thread gemm scratch. */
  readonly threadWork: number[];
}

function memBuffer(s: WasmState): ArrayBufferLike {
  const b = s.memory.buffer;
  if (s.features.sharedMemory) s.ownBuffers.add(b);
  return b;
}

function resident(s: WasmState, a: Typed): boolean {
  return s.features.sharedMemory && s.ownBuffers.has(a.buffer);
}

/** Stage operands, run `body(ptrs)`, copy results out, free scratch. */
function withOperands<T>(s: WasmState, ops: readonly Operand[], body: (ptrs: number[]) => T): T {
  const { heap } = s;
  const ptrs: number[] = [];
  const temps: number[] = [];
  try {
    for (const op of ops) {
      if (resident(s, op.array)) ptrs.push(op.array.byteOffset);
      else {
        const p = heap.alloc(op.count * op.array.BYTES_PER_ELEMENT);
        temps.push(p);
        ptrs.push(p);
      }
    }
    const buf = memBuffer(s);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op.copyIn && !resident(s, op.array) && op.count > 0) {
        const bytes = op.count * op.array.BYTES_PER_ELEMENT;
        new Uint8Array(buf, ptrs[i], bytes).set(new Uint8Array(op.array.buffer, op.array.byteOffset, bytes));
      }
    }
    const result = body(ptrs);
    const after = memBuffer(s);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op.copyOut && !resident(s, op.array) && op.count > 0) {
        const bytes = op.count * op.array.BYTES_PER_ELEMENT;
        new Uint8Array(op.array.buffer, op.array.byteOffset, bytes).set(
          new Uint8Array(after, ptrs[i], bytes),
        );
      }
    }
    return result;
  } finally {
    for (const p of temps) heap.release(p);
  }
}

function input(array: Typed, count: number): Operand {
  return { array, count, copyIn: true, copyOut: false };
}

function output(array: Typed, count: number): Operand {
  return { array, count, copyIn: false, copyOut: true };
}

function inOut(array: Typed, count: number): Operand {
  return { array, count, copyIn: true, copyOut: true };
}

/** Run a range kernel over [0, total) on the pool when the work is large enough, else on this thread. */
function runRanges(
  s: WasmState,
  kernel: RangeKernel,
  total: number,
  work: number,
  argsFor: (lo: number, hi: number, thread: number) => number[],
): void {
  const { hook } = s;
  if (hook && work >= hook.minWork && total > 1) {
    hook.runner.run(kernel, total, argsFor);
    return;
  }
  const fn = s.k[kernel] as (...a: number[]) => void;
  fn(...argsFor(0, total, 0));
}

function gemmWorkFor(s: WasmState, thread: number): number {
  let p = s.threadWork[thread];
  if (p === undefined) {
    p = s.heap.alloc(s.gemmWork);
    s.threadWork[thread] = p;
  }
  return p;
}

/** C (m×n) = A (m×k) · B (k×n) on pointers. */
function gemmPtr(s: WasmState, m: number, n: number, kk: number, pa: number, pb: number, pc: number): void {
  const threads = s.hook ? s.hook.runner.threads : 1;
  for (let t = 0; t < threads; t++) gemmWorkFor(s, t);
  const { threadWork } = s;
  runRanges(s, 'gemmRows', m, 2 * m * n * kk, (lo, hi, t) => [n, kk, pa, pb, pc, lo, hi, threadWork[t]]);
}

function gemvPtr(s: WasmState, m: number, n: number, pa: number, px: number, py: number): void {
  runRanges(s, 'gemvRows', m, 2 * m * n, (lo, hi) => [n, pa, px, py, lo, hi]);
}

/** gemv, gemvBatch, gemm and localFields: matrix products through the gemv/gemm row kernels. */
function productMethods(
  s: WasmState,
): Pick<Backend, 'gemv' | 'gemvF32' | 'gemvBatch' | 'gemm' | 'localFields'> {
  const { k, heap, small } = s;
  return {
    gemvF32(m, n, a, x, y) {
      if (m === 0) return y;
      if (small && m * n < SMALL.matrix) return referenceBackend.gemvF32(m, n, a, x, y);
      withOperands(s, [input(a, m * n), input(x, n), output(y, m)], ([pa, px, py]) =>
        runRanges(s, 'gemvRowsF32', m, 2 * m * n, (lo, hi) => [n, pa, px, py, lo, hi]),
      );
      return y;
    },

    gemv(m, n, a, x, y) {
      if (m === 0) return y;
      if (small && m * n < SMALL.matrix) return referenceBackend.gemv(m, n, a, x, y);
      withOperands(s, [input(a, m * n), input(x, n), output(y, m)], ([pa, px, py]) =>
        gemvPtr(s, m, n, pa, px, py),
      );
      return y;
    },

    gemvBatch(m, n, kk, a, x, y) {
      if (m === 0 || kk === 0) return y;
      if (kk === 1) return this.gemv(m, n, a, x, y);
      if (small && m * n * kk < SMALL.product) return referenceBackend.gemvBatch(m, n, kk, a, x, y);
      // Yᵀ (m×k) = A (m×n) · Xᵀ (n×k): one GEMM, with the two small transposes done in wasm.
      const xt = heap.alloc(n * kk * 8);
      const yt = heap.alloc(m * kk * 8);
      try {
        withOperands(s, [input(a, m * n), input(x, kk * n), output(y, kk * m)], ([pa, px, py]) => {
          k.transpose(kk, n, px, xt);
          gemmPtr(s, m, kk, n, pa, xt, yt);
          k.transpose(m, kk, yt, py);
        });
      } finally {
        heap.release(xt);
        heap.release(yt);
      }
      return y;
    },

    gemm(m, n, kk, a, bm, c) {
      if (m === 0 || n === 0) return c;
      if (small && m * n * kk < SMALL.product) return referenceBackend.gemm(m, n, kk, a, bm, c);
      withOperands(s, [input(a, m * kk), input(bm, kk * n), output(c, m * n)], ([pa, pb, pc]) =>
        gemmPtr(s, m, n, kk, pa, pb, pc),
      );
      return c;
    },

    localFields(n, j, sigma, h) {
      return this.gemv(n, n, j, sigma, h);
    },
  };
}

/** labelTrainSparse: the label neurons' epochs, one labelEpochSparse call each on this thread (its scatter into Gᵀ
 * is not split). */
function labelMethods(s: WasmState): Pick<Backend, 'labelTrainSparse'> {
  const { heap, small } = s;
  return {
    labelTrainSparse(sp, l, y, wt, cfg, losses, onEpoch) {
      const { rows: p, cols: n, v, offsets, indices } = sp;
      // the coefficients go to the reference loops where plCoefficients would send them
      if (small && p * l < SMALL.vector)
        return referenceBackend.labelTrainSparse(sp, l, y, wt, cfg, losses, onEpoch);
      const { lambda, scale, l2, rates } = cfg;
      const work = heap.alloc((4 * l + 4 + n * l) * 8);
      const res = work + (4 * l + 2 + n * l) * 8;
      try {
        const ops = [
          input(offsets, p + 1),
          input(indices, indices.length),
          input(y, p * l),
          inOut(wt, n * l),
        ];
        withOperands(s, ops, ([po, pi, py, pw]) => {
          for (let e = 0; e < rates.length; e++) {
            s.k.labelEpochSparse(
              p,
              n,
              l,
              po,
              pi,
              v,
              py,
              pw,
              lambda,
              -lambda * scale,
              rates[e],
              l2,
              work,
              res,
            );
            const [sum, sq] = new Float64Array(memBuffer(s), res, 2);
            let loss = sum * scale;
            if (l2 > 0) loss += 0.5 * l2 * sq;
            losses[e] = loss;
            onEpoch?.(e + 1);
          }
        });
      } finally {
        heap.release(work);
      }
    },
  };
}

/** pmSparseProduct: row sums at the minority entries of a ±1 matrix, split by rows. */
function sparseMethods(s: WasmState): Pick<Backend, 'pmSparseProduct'> {
  const { heap, small } = s;
  return {
    pmSparseProduct(sp, n, m, out) {
      const { rows, cols, v, offsets, indices } = sp;
      if (rows === 0 || n === 0) return out;
      if (small && rows * n < SMALL.vector) return referenceBackend.pmSparseProduct(sp, n, m, out);
      const colsum = heap.alloc(n * 8);
      try {
        const ops = [
          input(offsets, rows + 1),
          input(indices, indices.length),
          input(m, cols * n),
          output(out, rows * n),
        ];
        withOperands(s, ops, ([po, pi, pm, pout]) => {
          s.k.columnSums(cols, n, pm, colsum);
          runRanges(s, 'pmSparseRows', rows, 2 * indices.length * n, (lo, hi) => [
            n,
            po,
            pi,
            pm,
            colsum,
            v,
            pout,
            lo,
            hi,
          ]);
        });
      } finally {
        heap.release(colsum);
      }
      return out;
    },
  };
}

/** pmOverlaps and logSumExp: reductions over rows or a vector, split into ranges. */
function reductionMethods(s: WasmState): Pick<Backend, 'pmOverlaps' | 'logSumExp'> {
  const { heap, small } = s;
  return {
    pmOverlaps(patterns: PackedSpins, query, out) {
      const { rows, n, words, data } = patterns;
      if (rows === 0) return out;
      if (small && rows * words < SMALL.vector) return referenceBackend.pmOverlaps(patterns, query, out);
      const w64 = words >>> 1;
      withOperands(s, [input(data, rows * words), input(query, words), output(out, rows)], ([pd, pq, po]) =>
        runRanges(s, 'pmOverlaps', rows, rows * words * 4, (lo, hi) => [rows, n, w64, pd, pq, po, lo, hi]),
      );
      return out;
    },

    logSumExp(x, beta) {
      const len = x.length;
      if (len === 0) return Number.NEGATIVE_INFINITY;
      if (small && len < SMALL.vector) return referenceBackend.logSumExp(x, beta);
      const parts = partCount(s);
      const res = heap.alloc(16 * parts);
      try {
        return withOperands(s, [input(x, len)], ([px]) => {
          const r = new Float64Array(memBuffer(s), res, 2 * parts);
          for (let t = 0; t < parts; t++) {
            r[2 * t] = Number.NEGATIVE_INFINITY;
            r[2 * t + 1] = 0;
          }
          runRanges(s, 'lseRange', len, len * 10, (lo, hi, t) => [px, beta, lo, hi, res + 16 * t]);
          // combine the per-range (m_t, s_t): M = max m_t, S = Σ s_t e^{m_t − M}
          let mx = Number.NEGATIVE_INFINITY;
          let nan = false;
          for (let t = 0; t < parts; t++) {
            if (r[2 * t] > mx) mx = r[2 * t];
            if (Number.isNaN(r[2 * t + 1])) nan = true;
          }
          if (nan) return Number.NaN;
          if (mx === Number.NEGATIVE_INFINITY || mx === Number.POSITIVE_INFINITY) return mx;
          let sum = 0;
          for (let t = 0; t < parts; t++) {
            if (r[2 * t] !== Number.NEGATIVE_INFINITY) sum += r[2 * t + 1] * Math.exp(r[2 * t] - mx);
          }
          return mx + Math.log(sum);
        });
      } finally {
        heap.release(res);
      }
    },
  };
}

/** attentionStep: one dense-memory step, split over pattern ranges whose partial softmax sums are combined. */
function attentionMethods(s: WasmState): Pick<Backend, 'attentionStep'> {
  const { k, heap, small } = s;
  return {
    attentionStep(p, n, xi, x, lambda, y, scores) {
      if (p === 0) {
        y.fill(0, 0, n);
        return Number.NEGATIVE_INFINITY;
      }
      if (small && p * n < SMALL.matrix)
        return referenceBackend.attentionStep(p, n, xi, x, lambda, y, scores);
      const hook = s.hook;
      const parts = hook && 4 * p * n >= hook.minWork ? hook.runner.parts : 1;
      const wBytes = k.attentionWorkBytes(n);
      const works: number[] = [];
      const ops = [input(xi, p * n), input(x, n)];
      if (scores) ops.push(output(scores, p));
      try {
        for (let t = 0; t < parts; t++) works.push(heap.alloc(wBytes));
        return withOperands(s, ops, ([pxi, px, ps]) => {
          const psc = scores ? ps : 0;
          if (parts > 1) {
            hook!.runner.run('attentionRange', p, (lo, hi, t) => [n, pxi, px, lambda, psc, works[t], lo, hi]);
          } else {
            k.attentionRange(n, pxi, px, lambda, psc, works[0], 0, p);
          }
          // combine the partial (m_t, z_t, acc_t) of each part: M = max m_t, Z = Σ z_t e^{m_t − M}
          const buf = memBuffer(s);
          const accOff = 64 * 8; // ATT_BLOCK scores precede the accumulators
          let big = Number.NEGATIVE_INFINITY;
          const partials: { m: number; z: number; acc: Float64Array }[] = [];
          for (let t = 0; t < works.length; t++) {
            const acc = new Float64Array(buf, works[t] + accOff, n + 2);
            const m = acc[n];
            partials.push({ m, z: acc[n + 1], acc });
            if (m > big) big = m;
          }
          y.fill(0, 0, n);
          let z = 0;
          if (big === Number.NEGATIVE_INFINITY || Number.isNaN(big)) {
            y.fill(Number.NaN, 0, n);
            if (scores) scores.fill(Number.NaN, 0, p);
            return Number.NaN;
          }
          for (const part of partials) {
            if (part.m === Number.NEGATIVE_INFINITY) continue;
            const c = Math.exp(part.m - big);
            z += part.z * c;
            for (let i = 0; i < n; i++) y[i] += c * part.acc[i];
          }
          const inv = 1 / z;
          for (let i = 0; i < n; i++) y[i] *= inv;
          if (scores) k.softmaxFinish(psc, big, inv, 0, p);
          return big + Math.log(z);
        });
      } finally {
        for (const w of works) heap.release(w);
      }
    },
  };
}

/** Parts of a run with per-part results (1 without threads). */
function partCount(s: WasmState): number {
  return s.hook ? s.hook.runner.parts : 1;
}

/**
 * Run a kernel whose parts each write a sum to their own 32-byte slot (`slot(t)`), and return the slots' total,
 * added in part order (so the result does not depend on which thread ran a part).
 */
function partSums(s: WasmState, run: (slot: (t: number) => number) => void): number {
  const parts = partCount(s);
  const res = s.heap.alloc(32 * parts);
  try {
    const r = new Float64Array(memBuffer(s), res, 4 * parts);
    r.fill(0);
    run((t) => res + 32 * t);
    let total = 0;
    for (let t = 0; t < parts; t++) total += r[4 * t];
    return total;
  } finally {
    s.heap.release(res);
  }
}

/** plCoefficients (row ranges) and plGramStep (column-pair ranges), with per-part loss sums; row passes. */
function plMethods(
  s: WasmState,
): Pick<Backend, 'plCoefficients' | 'plGramStep' | 'columnDots' | 'scaleRowsF32'> {
  const { small } = s;
  return {
    plGramStep(p, n, x, f, d, lambda, c, update) {
      if (p === 0 || n === 0) return 0;
      if (small && p * n < SMALL.vector) return referenceBackend.plGramStep(p, n, x, f, d, lambda, c, update);
      const { shrink, lr } = update;
      const ops = [
        input(x, p * n),
        input(f, p * n),
        input(d, n),
        inOut(update.a, p * n),
        inOut(update.cd, n),
      ];
      return withOperands(s, ops, ([px, pf, pd, pa, pcd]) =>
        partSums(s, (slot) =>
          // parts are ranges of column pairs, so that only the last column of the matrix is ever alone
          runRanges(s, 'plGramStep', Math.ceil(n / 2), p * n * 44, (lo, hi, t) => [
            p,
            n,
            px,
            pf,
            pd,
            lambda,
            c,
            pa,
            shrink,
            lr,
            pcd,
            lo,
            hi,
            slot(t),
          ]),
        ),
      );
    },

    scaleRowsF32(rows, n, x, radius, out) {
      if (rows === 0 || n === 0) return;
      if (small && rows * n < SMALL.vector) return referenceBackend.scaleRowsF32(rows, n, x, radius, out);
      withOperands(s, [input(x, rows * n), output(out, rows * n)], ([px, po]) =>
        s.k.scaleRowsF32(rows, n, px, radius, po),
      );
    },

    columnDots(p, n, a, f, q) {
      if (p === 0 || n === 0) return;
      if (small && p * n < SMALL.vector) return referenceBackend.columnDots(p, n, a, f, q);
      withOperands(s, [input(a, p * n), input(f, p * n), inOut(q, n)], ([pa, pf, pq]) =>
        runRanges(s, 'columnDots', n, 2 * p * n, (lo, hi) => [p, n, pa, pf, pq, lo, hi]),
      );
    },

    plCoefficients(p, n, x, fields, shift, lambda, c, coef) {
      if (p === 0 || n === 0) return 0;
      if (small && p * n < SMALL.vector)
        return referenceBackend.plCoefficients(p, n, x, fields, shift, lambda, c, coef);
      const ops = [input(x, p * n), input(fields, p * n), output(coef, p * n)];
      if (shift) ops.push(input(shift, n));
      return withOperands(s, ops, ([px, pf, pc, ps]) =>
        partSums(s, (slot) =>
          runRanges(s, 'plEpilogueRange', p, p * n * 40, (lo, hi, t) => [
            n,
            px,
            pf,
            shift ? ps : 0,
            lambda,
            c,
            pc,
            lo,
            hi,
            slot(t),
          ]),
        ),
      );
    },
  };
}

/** map: elementwise exp, tanh or sign over ranges. */
function elementwiseMethods(s: WasmState): Pick<Backend, 'map'> {
  const { small } = s;
  return {
    map(f, x, out, beta = 1) {
      const len = x.length;
      if (len === 0) return out;
      if (small && len < SMALL.vector) return referenceBackend.map(f, x, out, beta);
      const kind = MAP_KIND[f];
      if (kind === undefined) throw new TypeError(`map: unknown function ${String(f)}`);
      withOperands(s, [input(x, len), output(out, len)], ([px, po]) =>
        runRanges(s, 'mapScaled', len, len * 20, (lo, hi) => [kind, px, po, beta, lo, hi]),
      );
      return out;
    },
  };
}

/** Deviates per kernel call of zigguratFast (the output block of its scratch: 32 KiB). */
const ZIG_BLOCK = 4096;

/**
 * zigguratFast on a scratch block of the module's memory kept for the backend's lifetime: 32 bytes of state, the
 * 257-entry table (copied when a different table is passed) and ZIG_BLOCK outputs, copied out after each call.
 */
function zigguratMethods(s: WasmState): Pick<Backend, 'zigguratFast'> {
  let base = -1;
  let staged: Float64Array | null = null;
  return {
    zigguratFast(state, x, f, out, from, to) {
      if (to <= from) return to;
      if (base < 0) base = s.heap.alloc(32 + 2 * 257 * 8 + ZIG_BLOCK * 8);
      const px = base + 32;
      const pf = px + 257 * 8;
      const pOut = pf + 257 * 8;
      if (staged !== x) {
        new Float64Array(memBuffer(s), px, 257).set(x.subarray(0, 257));
        new Float64Array(memBuffer(s), pf, 257).set(f.subarray(0, 257));
        staged = x;
      }
      new Int32Array(memBuffer(s), base, 5).set(state.subarray(0, 5));
      let k = from;
      while (k < to) {
        const len = Math.min(ZIG_BLOCK, to - k);
        const r = s.k.zigguratFast(base, px, pf, pOut, 0, len);
        out.set(new Float64Array(memBuffer(s), pOut, Math.min(r + 1, len)), k);
        k += r;
        if (r < len) break;
      }
      state.set(new Int32Array(memBuffer(s), base, 5));
      return k;
    },
  };
}

/**
 * eaSweep on a scratch block kept for the backend's lifetime: generator state, accumulators, the table 2^{j/64} of
 * numerics/metropolis and the instance's weight and neighbour tables (copied when another instance comes), and
 * one replica's spins, copied in and out per call.
 */
function eaMethods(s: WasmState): Pick<Backend, 'eaSweep'> {
  let base = -1;
  let cap = 0;
  let staged: { nb: Int32Array; w: Float64Array } | null = null;
  return {
    eaSweep(nb, w, dm, sigma, beta, state, from, acc) {
      const n = sigma.length;
      if (from >= n) return n;
      const entries = n * dm;
      const bytes = 40 + 64 * 8 + entries * 12 + n * 8;
      if (bytes > cap) {
        if (base >= 0) s.heap.release(base);
        base = s.heap.alloc(bytes);
        cap = bytes;
        staged = null;
      }
      const pAcc = base + 16;
      const pFrac = base + 40;
      const pW = pFrac + 64 * 8;
      const pSig = pW + entries * 8;
      const pNb = pSig + n * 8;
      const buf = memBuffer(s);
      if (staged === null || staged.nb !== nb || staged.w !== w) {
        new Float64Array(buf, pFrac, 64).set(metropolisFractions());
        new Float64Array(buf, pW, entries).set(w.subarray(0, entries));
        new Int32Array(buf, pNb, entries).set(nb.subarray(0, entries));
        staged = { nb, w };
      }
      const sig = new Float64Array(buf, pSig, n);
      sig.set(sigma);
      new Int32Array(buf, base, 4).set(state.subarray(0, 4));
      new Float64Array(buf, pAcc, 3).set(acc.subarray(0, 3));
      const r = s.k.eaSweep(n, dm, pNb, pW, pSig, beta, base, pFrac, from, pAcc);
      sigma.set(sig);
      state.set(new Int32Array(buf, base, 4));
      acc.set(new Float64Array(buf, pAcc, 3));
      return r;
    },
  };
}

/** A zeroed array in the module's memory (shared memory) or an ordinary one, registered for reclaiming. */
function allocView<T extends Float64Array | Float32Array | Uint32Array>(
  s: WasmState,
  length: number,
  bytesPer: number,
  make: (buf: ArrayBufferLike, ptr: number, len: number) => T,
  plain: (len: number) => T,
): T {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`alloc: length must be an integer ≥ 0; got ${length}`);
  }
  if (!s.features.sharedMemory) return plain(length);
  const ptr = s.heap.alloc(length * bytesPer);
  const view = make(memBuffer(s), ptr, length);
  view.fill(0);
  s.views.set(view, ptr);
  s.reclaim?.register(view, ptr, view);
  return view;
}

/** allocFloat64, allocFloat32, allocUint32 and release: arrays that live in the module's memory. */
function memoryMethods(
  s: WasmState,
): Pick<Backend, 'allocFloat64' | 'allocFloat32' | 'allocUint32' | 'release'> {
  return {
    allocFloat64(length) {
      return allocView(s, length, 8, makeF64, (len) => new Float64Array(len));
    },

    allocFloat32(length) {
      return allocView(s, length, 4, makeF32, (len) => new Float32Array(len));
    },

    allocUint32(length) {
      return allocView(
        s,
        length,
        4,
        (buf, ptr, len) => new Uint32Array(buf, ptr, len),
        (len) => new Uint32Array(len),
      );
    },

    release(array) {
      const ptr = s.views.get(array);
      if (ptr === undefined) return;
      s.views.delete(array);
      s.reclaim?.unregister(array);
      s.heap.release(ptr);
    },
  };
}

function makeF64(buf: ArrayBufferLike, ptr: number, len: number): Float64Array {
  return new Float64Array(buf, ptr, len);
}

function makeF32(buf: ArrayBufferLike, ptr: number, len: number): Float32Array {
  return new Float32Array(buf, ptr, len);
}

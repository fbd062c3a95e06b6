/**
 * Backend selection. The library asks `backend()` for the active kernels. By default the fastest available
 * backend is chosen on first use: WebAssembly SIMD when the runtime can run it, else the reference TypeScript
 * loops. The environment variable HOPFIELD_BACKEND=ts|wasm forces one; `setBackend` installs any backend.
 */
import { envVar } from './env.js';
import { referenceBackend } from './reference.js';
import { availableCores, lazyThreadPool, threadsFromEnv, threadsUnavailableReason } from './threads.js';
import type { Backend, PackedSpins } from './types.js';
import { createWasmBackend, createWasmBackendAsync, relaxedSimdFromEnv, type WasmBackend } from './wasm.js';

export {
  columnSumsOf,
  packedWords,
  packSpins,
  popcount32,
  referenceBackend,
  sparseSigns,
  unpackSpins,
  xoroshiroStep,
  xoroshiroUniform,
} from './reference.js';
export {
  availableCores,
  createThreadPool,
  type KernelWorkerSetup,
  lazyThreadPool,
  type StartKernelWorker,
  type ThreadPool,
  threadsFromEnv,
  threadsUnavailableReason,
  WEB_WORKER_SOURCE,
} from './threads.js';
export type { Backend, ElementwiseMap, PackedSpins, SparseSigns } from './types.js';
export {
  compilesRelaxedSimd,
  createWasmBackend,
  createWasmBackendAsync,
  DEFAULT_THREAD_MIN_WORK,
  type RangeRunner,
  relaxedSimdFromEnv,
  type WasmBackend,
  type WasmFeatures,
} from './wasm.js';

/** Backend names accepted by HOPFIELD_BACKEND, `--backend` and `backendByName`. */
export const BACKEND_NAMES = ['ts', 'wasm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

let active: Backend | undefined;
let selection = '';
let wasm: WasmBackend | undefined;
let wasmError: string | undefined;

/** The WebAssembly backend (created once), or null when this runtime cannot run it (see wasmUnavailableReason). */
export function wasmBackend(): WasmBackend | null {
  if (wasm) return wasm;
  if (wasmError !== undefined) return null;
  relaxedSimdFromEnv(); // a bad HOPFIELD_RELAXED_SIMD is an error (as a bad HOPFIELD_THREADS), not a fallback
  try {
    wasm = createWasmBackend();
  } catch (e) {
    wasmError = e instanceof Error ? e.message : String(e);
    return null;
  }
  return attachThreads(wasm);
}

/** The WebAssembly backend if it is loaded already, else null (never loads it). */
export function loadedWasmBackend(): WasmBackend | null {
  return wasm ?? null;
}

/**
 * Load the WebAssembly backend asynchronously (what a browser page does before its first computation: browsers
 * refuse to compile modules over 4 KB synchronously on the main thread), then choose the backend as `backend()`
 * does. Returns the backend in use.
 */
export async function initBackend(): Promise<Backend> {
  if (!wasm && !active) {
    relaxedSimdFromEnv();
    try {
      wasm = attachThreads(await createWasmBackendAsync());
      wasmError = undefined;
    } catch (e) {
      wasmError = e instanceof Error ? e.message : String(e);
    }
  }
  return backend();
}

function attachThreads(w: WasmBackend): WasmBackend {
  // Threads for long operations: HOPFIELD_THREADS, else one per core (at most 8), when the runtime allows.
  const threads = threadsFromEnv() ?? Math.min(8, availableCores());
  if (threads > 1 && threadsUnavailableReason(w.handle) === null) {
    w.setThreadRunner(lazyThreadPool(w.handle, threads));
  }
  return w;
}

/** Why the WebAssembly backend is unavailable, or null if it loads. */
export function wasmUnavailableReason(): string | null {
  return wasmBackend() ? null : (wasmError ?? 'unknown');
}

/** The backend of that name; throws (with the reason) if it cannot run here. */
export function backendByName(name: BackendName): Backend {
  switch (name) {
    case 'ts':
      return referenceBackend;
    case 'wasm': {
      const w = wasmBackend();
      if (!w) throw new Error(`the wasm backend is unavailable: ${wasmError}`);
      return w;
    }
    default: {
      const never: never = name;
      throw new RangeError(`backend must be one of ${BACKEND_NAMES.join(', ')}; got ${String(never)}`);
    }
  }
}

/** The value of HOPFIELD_BACKEND (validated), or undefined when unset or empty. */
export function backendFromEnv(): BackendName | undefined {
  const raw = envVar('HOPFIELD_BACKEND');
  if (raw === undefined || raw === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(raw)) {
    throw new RangeError(`HOPFIELD_BACKEND must be one of ${BACKEND_NAMES.join(', ')}; got '${raw}'`);
  }
  return raw as BackendName;
}

function autoSelect(): Backend {
  const forced = backendFromEnv();
  if (forced === 'ts') {
    selection = 'forced by HOPFIELD_BACKEND=ts';
    return referenceBackend;
  }
  const w = wasmBackend();
  if (w) {
    selection = forced ? 'forced by HOPFIELD_BACKEND=wasm' : 'fastest available';
    return w;
  }
  selection = `${forced ? 'HOPFIELD_BACKEND=wasm requested, but ' : ''}wasm unavailable (${wasmError}); using the reference`;
  return referenceBackend;
}

/** The backend in use (chosen on first call: HOPFIELD_BACKEND if set, else wasm when available, else ts). */
export function backend(): Backend {
  if (!active) active = autoSelect();
  return active;
}

/** How the active backend was chosen (e.g. 'fastest available', 'set by setBackend'). */
export function backendSelection(): string {
  backend();
  return selection;
}

/** Install a backend (returns the previous one, so callers can restore it). */
export function setBackend(b: Backend): Backend {
  const prev = backend();
  active = b;
  selection = 'set by setBackend';
  return prev;
}

/**
 * Gram matrix of bit-packed ±1 rows, K_μν = Σ_i ξ_i^μ ξ_i^ν = n − 2·popcount(ξ^μ XOR ξ^ν) (P×P, exact
 * integers), one pmOverlaps pass per row: P²·n/64 word operations instead of the 2P²n flops of a GEMM.
 * Writes scale·K (one rounding per entry; scale = 1: the integers).
 */
export function pmGram(
  patterns: PackedSpins,
  out: Float64Array,
  b: Backend = backend(),
  scale = 1,
): Float64Array {
  const { rows, words, data } = patterns;
  const tmp = new Int32Array(rows);
  for (let mu = 0; mu < rows; mu++) {
    b.pmOverlaps(patterns, data.subarray(mu * words, (mu + 1) * words), tmp);
    for (let nu = 0; nu < rows; nu++) out[mu * rows + nu] = tmp[nu] * scale;
  }
  return out;
}

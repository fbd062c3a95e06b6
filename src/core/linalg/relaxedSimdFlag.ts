/**
 * Relaxed SIMD where the runtime has it behind a V8 flag (Node 16–21; see src/node/relaxedSimd.ts for why). The
 * logic is here, free of Node imports, so that the package's main entry (browser-safe) exports it too: there the
 * flag is set through `process.getBuiltinModule('node:v8')` (Node ≥ 20.16), and in a browser or on Node ≥ 22 it
 * reports what the runtime compiles. The command line passes V8's setter from its Node edge.
 */
import { compilesRelaxedSimd, loadedWasmBackend, relaxedSimdFromEnv } from './index.js';

/** Node majors whose V8 has relaxed SIMD behind the flag (from 22 on it is shipped and on). */
const FLAGGED_NODE = { min: 16, max: 21 } as const;

/**
 * Make relaxed SIMD compile in this process unless HOPFIELD_RELAXED_SIMD=0, setting V8's flag with `setFlags`
 * where needed; returns whether the library's kernels run (or will load) the relaxed build. Call before the first
 * kernel loads: the module is compiled once, so after that the build in use is reported and kept. V8 reads wasm
 * feature flags at each compile and worker threads share the process's flags, so the kernel pool's workers follow.
 */
export function enableRelaxedSimdWith(setFlags: ((flag: string) => void) | undefined): boolean {
  const loaded = loadedWasmBackend();
  if (loaded) return loaded.features.relaxedSimd;
  if (relaxedSimdFromEnv() === false) return false;
  if (compilesRelaxedSimd()) return true;
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const major = Number(node?.split('.')[0]);
  if (!setFlags || !(major >= FLAGGED_NODE.min && major <= FLAGGED_NODE.max)) return false;
  setFlags('--experimental-wasm-relaxed-simd');
  return compilesRelaxedSimd();
}

type V8 = { setFlagsFromString(flag: string): void };

/** {@link enableRelaxedSimdWith} with V8's setter where the runtime hands it out without an import (Node ≥ 20.16). */
export function enableRelaxedSimd(): boolean {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = p?.getBuiltinModule?.('node:v8') as V8 | undefined;
  return enableRelaxedSimdWith(v8 ? (f) => v8.setFlagsFromString(f) : undefined);
}

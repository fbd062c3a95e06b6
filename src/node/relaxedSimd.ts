/**
 * Relaxed SIMD in Node 20. The kernels' relaxed build fuses the f64x2 multiply-adds of GEMM and GEMV (FMA:
 * 1.2–1.4× on products, hence on pseudo-likelihood training). Node ≥ 22 and current browsers compile it by
 * default; Node 20 (V8 11.3) only behind --experimental-wasm-relaxed-simd, a flag NODE_OPTIONS refuses. The CLI
 * and the bench call enableRelaxedSimd before the first kernel loads, so that every runtime that can fuse runs the
 * same build. HOPFIELD_RELAXED_SIMD=0 keeps the plain build (see relaxedSimdFromEnv).
 */
import { setFlagsFromString } from 'node:v8';
import { compilesRelaxedSimd, loadedWasmBackend, relaxedSimdFromEnv } from '../core/linalg/index.js';

/** Node majors whose V8 has relaxed SIMD behind the flag (from 22 on it is shipped and on). */
const FLAGGED_NODE = { min: 16, max: 21 } as const;

/**
 * Make relaxed SIMD compile in this process unless HOPFIELD_RELAXED_SIMD=0; returns whether the library's kernels
 * run (or will load) the relaxed build. Call before the first kernel loads: the module is compiled once, so after
 * that the build in use is reported and kept. V8 reads wasm feature flags at each compile and worker threads
 * share the process's flags, so the kernel pool's workers follow.
 */
export function enableRelaxedSimd(): boolean {
  const loaded = loadedWasmBackend();
  if (loaded) return loaded.features.relaxedSimd;
  if (relaxedSimdFromEnv() === false) return false;
  if (compilesRelaxedSimd()) return true;
  const major = Number(process.versions.node.split('.')[0]);
  if (major < FLAGGED_NODE.min || major > FLAGGED_NODE.max) return false;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return compilesRelaxedSimd();
}

/**
 * Relaxed SIMD in Node 20. The kernels' relaxed build fuses the f64x2 multiply-adds of GEMM and GEMV (FMA:
 * 1.2–1.4× on products, hence on pseudo-likelihood training). Node ≥ 22 and current browsers compile it by
 * default; Node 20 (V8 11.3) only behind --experimental-wasm-relaxed-simd, a flag NODE_OPTIONS refuses. The CLI
 * and the bench call enableRelaxedSimd before the first kernel loads, so that every runtime that can fuse runs the
 * same build. HOPFIELD_RELAXED_SIMD=0 keeps the plain build (see relaxedSimdFromEnv).
 */
import { setFlagsFromString } from 'node:v8';
import { enableRelaxedSimdWith } from '../core/linalg/relaxedSimdFlag.js';

/**
 * Make relaxed SIMD compile in this process unless HOPFIELD_RELAXED_SIMD=0 (V8's flag set from this Node edge, on
 * every Node 20); returns whether the kernels run (or will load) the relaxed build. See
 * src/core/linalg/relaxedSimdFlag.ts.
 */
export function enableRelaxedSimd(): boolean {
  return enableRelaxedSimdWith(setFlagsFromString);
}

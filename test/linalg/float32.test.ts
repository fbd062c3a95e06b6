/**
 * The float32 path of the memory-bound kernels (issue 15): `gemvF32` reads a float32 matrix (half the bytes of
 * `gemv`) and accumulates in f64. Stated bound, checked here against the f64 product of the unrounded matrix:
 * |y_i − (Ax)_i| ≤ 2⁻²⁴ Σ_j |A_ij x_j| + 1e-13·Σ_j |A_ij x_j| (rounding of the entries + f64 summation). For
 * integer matrices below 2²⁴ (N·J of Hebbian couplings) times ±1 vectors the result is exact, and the wasm kernel
 * (threads or not, any row split) equals the reference loop.
 *
 * The dense memory's patterns are stored as float32 (attentionStep): with ε = max_μ λ·2⁻²⁴·Σ_i |ξ_μi x_i| (the
 * largest score error from rounding ξ), the softmax weights move by a factor within e^{±2ε} and
 * |y_i − y⁶⁴_i| ≤ (2ε + 2⁻²⁴)(1 + 2ε)·max_μ |ξ_μi|, checked against the f64 step on the unrounded patterns.
 */
import { describe, expect, it } from 'vitest';
import { createWasmBackend, referenceBackend as ref, wasmBackend } from '../../src/core/linalg/index.js';
import { createRng } from '../../src/core/rng/index.js';

const w = wasmBackend() ? createWasmBackend({ smallToReference: false }) : null;

function gaussian(len: number, seed: number): Float64Array {
  const r = createRng(seed);
  return Float64Array.from({ length: len }, () => r.normal());
}

describe('float32 GEMV', () => {
  const cases = [
    [1, 1],
    [3, 7],
    [5, 4],
    [67, 45],
    [130, 257],
  ] as const;

  it('stays within 2⁻²⁴·Σ|A_ij x_j| of the f64 product of the unrounded matrix (both backends)', () => {
    for (const [m, n] of cases) {
      const a64 = gaussian(m * n, m + n);
      const a32 = Float32Array.from(a64);
      const x = gaussian(n, 7 * m);
      for (const b of w ? [ref, w] : [ref]) {
        const y = b.gemvF32(m, n, a32, x, new Float64Array(m));
        for (let i = 0; i < m; i++) {
          let exact = 0;
          let mag = 0;
          for (let j = 0; j < n; j++) {
            exact += a64[i * n + j] * x[j];
            mag += Math.abs(a64[i * n + j] * x[j]);
          }
          expect(Math.abs(y[i] - exact)).toBeLessThanOrEqual((2 ** -24 + 1e-13) * mag);
        }
      }
    }
  });

  it('is exact for Hebbian couplings stored as the integers N·J, and the kernel equals the reference', () => {
    const rng = createRng(5);
    const n = 203;
    const p = 40;
    const xi = Float64Array.from({ length: p * n }, () => rng.sign());
    const nj = new Float32Array(n * n);
    for (let mu = 0; mu < p; mu++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) nj[i * n + j] += xi[mu * n + i] * xi[mu * n + j];
    const s = Float64Array.from({ length: n }, () => rng.sign());
    const want = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) want[i] += nj[i * n + j] * s[j];
    expect(Array.from(ref.gemvF32(n, n, nj, s, new Float64Array(n)))).toEqual(Array.from(want));
    if (w) expect(Array.from(w.gemvF32(n, n, nj, s, new Float64Array(n)))).toEqual(Array.from(want));
  });

  it('handles m = 0 and leaves y alone', () => {
    const y = new Float64Array([5]);
    expect((w ?? ref).gemvF32(0, 3, new Float32Array(0), new Float64Array(3), y)[0]).toBe(5);
  });
});

describe('float32 patterns of the dense attention step', () => {
  it('stay within the stated bound of the float64 step on the unrounded patterns', () => {
    const p = 3001;
    const n = 48;
    const xi64 = gaussian(p * n, 21);
    const xi32 = Float32Array.from(xi64);
    const x = gaussian(n, 22);
    for (const lambda of [0.05, 0.5, 3]) {
      // f64 reference: s = λΞx, a = softmax(s), y = Ξᵀa
      const s = new Float64Array(p);
      let eps = 0;
      let mx = Number.NEGATIVE_INFINITY;
      for (let mu = 0; mu < p; mu++) {
        let dot = 0;
        let mag = 0;
        for (let i = 0; i < n; i++) {
          dot += xi64[mu * n + i] * x[i];
          mag += Math.abs(xi64[mu * n + i] * x[i]);
        }
        s[mu] = lambda * dot;
        eps = Math.max(eps, lambda * 2 ** -24 * mag);
        mx = Math.max(mx, s[mu]);
      }
      let z = 0;
      for (let mu = 0; mu < p; mu++) z += Math.exp(s[mu] - mx);
      const want = new Float64Array(n);
      const colMax = new Float64Array(n);
      for (let mu = 0; mu < p; mu++) {
        const a = Math.exp(s[mu] - mx) / z;
        for (let i = 0; i < n; i++) {
          want[i] += a * xi64[mu * n + i];
          colMax[i] = Math.max(colMax[i], Math.abs(xi64[mu * n + i]));
        }
      }
      for (const b of w ? [ref, w] : [ref]) {
        const y = new Float64Array(n);
        b.attentionStep(p, n, xi32, x, lambda, y);
        for (let i = 0; i < n; i++)
          expect(Math.abs(y[i] - want[i])).toBeLessThanOrEqual(
            (2 * eps + 2 ** -24) * (1 + 2 * eps) * colMax[i] + 1e-12,
          );
      }
    }
  });
});

/**
 * Worker threads over shared WebAssembly memory: split operations give the same numbers as one thread (row
 * ranges do the same arithmetic per row; the attention step combines per-thread online-softmax partials, so it
 * agrees within the attention bound of wasm.test.ts). With relaxed SIMD the multiply-add may be fused in one
 * compiler tier and not in another, so there the comparison allows 1e-13 relative instead of equality.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  createThreadPool,
  createWasmBackend,
  packSpins,
  referenceBackend as ref,
  sparseSigns,
  type ThreadPool,
  threadsFromEnv,
  threadsUnavailableReason,
  wasmBackend,
} from '../../src/core/linalg/index.js';
import { createRng } from '../../src/core/rng/index.js';

const probe = wasmBackend();
const canThread = probe !== null && threadsUnavailableReason(probe.handle) === null;

/** Equal, or (relaxed SIMD) equal within 1e-13 relative. */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>): void {
  if (!probe?.features.relaxedSimd) {
    expect(Array.from(got)).toEqual(Array.from(want));
    return;
  }
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want[i])));
  }
}

const normal = (len: number, seed: number): Float64Array => {
  const r = createRng(seed);
  return Float64Array.from({ length: len }, () => r.normal());
};

describe.skipIf(!canThread)('thread pool', () => {
  // a private backend so the shared default one is left alone
  const w = createWasmBackend({ smallToReference: false });
  const single = createWasmBackend({ smallToReference: false });
  let pool: ThreadPool;

  afterAll(() => pool?.close());

  it('starts workers and splits gemm, gemv, gemvF32, gemvBatch, pmOverlaps, map, logSumExp and attention', async () => {
    pool = createThreadPool(w.handle, 3);
    w.setThreadRunner(pool, 0); // split everything, however small
    for (let i = 0; i < 200 && !pool.ready(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(pool.ready()).toBe(true);
    expect(w.threads()).toBe(3);

    const m = 67;
    const k = 45;
    const n = 39;
    const a = normal(m * k, 1);
    const b = normal(k * n, 2);
    expectSame(
      w.gemm(m, n, k, a, b, new Float64Array(m * n)),
      single.gemm(m, n, k, a, b, new Float64Array(m * n)),
    );
    const x = normal(k, 3);
    expectSame(w.gemv(m, k, a, x, new Float64Array(m)), single.gemv(m, k, a, x, new Float64Array(m)));
    // column-split passes of the PL Gram form and the sparse ±1 product (rows split)
    const coef = normal(m * k, 12);
    const signs = Float64Array.from(coef, (v) => (v > 0.7 ? 1 : -1));
    const [a1, a2] = [Float64Array.from(a), Float64Array.from(a)];
    const [c1, c2] = [new Float64Array(k), new Float64Array(k)];
    const d = normal(k, 13);
    const g1 = w.plGramStep(m, k, signs, coef, d, 1.2, -0.5, { a: a1, shrink: 0.99, lr: 0.3, cd: c1 });
    const g2 = single.plGramStep(m, k, signs, coef, d, 1.2, -0.5, { a: a2, shrink: 0.99, lr: 0.3, cd: c2 });
    expect(Math.abs(g1 - g2)).toBeLessThanOrEqual(1e-14 * g2); // per-thread partial sums, added in thread order
    expect(Array.from(a1)).toEqual(Array.from(a2));
    expect(Array.from(c1)).toEqual(Array.from(c2));
    const [q1, q2] = [new Float64Array(k), new Float64Array(k)];
    w.columnDots(m, k, a, coef, q1);
    single.columnDots(m, k, a, coef, q2);
    expect(Array.from(q1)).toEqual(Array.from(q2));
    const sp = sparseSigns(m, k, signs);
    const mk = normal(k * 9, 13);
    expect(Array.from(w.pmSparseProduct(sp, 9, mk, new Float64Array(m * 9)))).toEqual(
      Array.from(single.pmSparseProduct(sp, 9, mk, new Float64Array(m * 9))),
    );
    const a32 = Float32Array.from(a);
    expectSame(
      w.gemvF32(m, k, a32, x, new Float64Array(m)),
      single.gemvF32(m, k, a32, x, new Float64Array(m)),
    );
    const xs = normal(5 * k, 4);
    expectSame(
      w.gemvBatch(m, k, 5, a, xs, new Float64Array(5 * m)),
      single.gemvBatch(m, k, 5, a, xs, new Float64Array(5 * m)),
    );
    const r = createRng(5);
    const spins = Float64Array.from({ length: 101 * 70 }, () => r.sign());
    const packed = packSpins(101, 70, spins);
    const q = packSpins(1, 70, spins.subarray(0, 70)).data;
    expect(Array.from(w.pmOverlaps(packed, q, new Int32Array(101)))).toEqual(
      Array.from(ref.pmOverlaps(packed, q, new Int32Array(101))),
    );
    const v = normal(1001, 6);
    expectSame(w.map('tanh', v, new Float64Array(1001), 2), single.map('tanh', v, new Float64Array(1001), 2));
    const big = normal(100_001, 11).map((t) => 50 * t);
    const lRef = ref.logSumExp(big, 0.7);
    expect(Math.abs(w.logSumExp(big, 0.7) - lRef)).toBeLessThanOrEqual(1e-14 * Math.abs(lRef));
    big[77_777] = Number.NaN;
    expect(w.logSumExp(big, 0.7)).toBeNaN();
    const p = 5003;
    const nn = 32;
    const xi = Float32Array.from(normal(p * nn, 7));
    const xq = normal(nn, 8);
    const y1 = new Float64Array(nn);
    const y2 = new Float64Array(nn);
    const s1 = new Float64Array(p);
    const s2 = new Float64Array(p);
    const l1 = ref.attentionStep(p, nn, xi, xq, 2, y1, s1);
    const l2 = w.attentionStep(p, nn, xi, xq, 2, y2, s2);
    expect(Math.abs(l2 - l1)).toBeLessThanOrEqual(1e-13 * Math.abs(l1));
    for (let i = 0; i < nn; i++) expect(Math.abs(y2[i] - y1[i])).toBeLessThanOrEqual(1e-12 * 5);
    for (let mu = 0; mu < p; mu++)
      expect(Math.abs(s2[mu] - s1[mu])).toBeLessThanOrEqual(1e-12 * s1[mu] + 1e-300);
  });

  it('rejects bad thread counts naming the range', () => {
    expect(() => createThreadPool(w.handle, 1)).toThrow(/threads must be an integer in \[2, 64\]; got 1/);
    expect(() => createThreadPool(w.handle, 2.5)).toThrow(RangeError);
  });

  it('runs on the caller thread after close: chunked kernels as one range, the others part by part', () => {
    pool.close();
    const a = normal(30 * 20, 9);
    const x = normal(20, 10);
    expectSame(w.gemv(30, 20, a, x, new Float64Array(30)), single.gemv(30, 20, a, x, new Float64Array(30)));
    // gemm's per-thread scratch exists for thread indices only, not for every part
    const b = normal(20 * 17, 14);
    expectSame(
      w.gemm(30, 17, 20, a, b, new Float64Array(30 * 17)),
      single.gemm(30, 17, 20, a, b, new Float64Array(30 * 17)),
    );
    const big = normal(100_001, 15);
    const lRef = ref.logSumExp(big, 0.7);
    expect(Math.abs(w.logSumExp(big, 0.7) - lRef)).toBeLessThanOrEqual(1e-14 * Math.abs(lRef));
  });
});

describe('HOPFIELD_THREADS', () => {
  it('is validated', () => {
    vi.stubEnv('HOPFIELD_THREADS', '3');
    expect(threadsFromEnv()).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'many', '65']) {
      vi.stubEnv('HOPFIELD_THREADS', bad);
      expect(() => threadsFromEnv()).toThrow(/HOPFIELD_THREADS must be an integer in \[1, 64\]/);
    }
    vi.unstubAllEnvs();
  });
});

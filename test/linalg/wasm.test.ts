/**
 * The WebAssembly SIMD backend against the reference backend on seeded random inputs: sizes 1, odd sizes, sizes
 * that are not multiples of the SIMD width (2 doubles / 4 floats) or of the GEMM tiles (4×4 micro-tile,
 * 64×256×512 blocks), and large sizes. Error bounds (u = 2⁻⁵³, the unit roundoff):
 *
 * - gemm, gemv, gemvBatch, localFields: |Δ| ≤ 2·k·u·(|A|·|B|)_ij per entry (both sides obey the standard
 *   dot-product bound γ_k·|a|·|b|, so their difference obeys twice it);
 * - pmOverlaps (and pack/unpack): exact;
 * - logSumExp: |Δ| ≤ 1e-14·max(1, |lse|);
 * - attentionStep: |Δlse| ≤ 1e-13·max(1, |lse|), |Δy_i| ≤ 1e-12·max|ξ|, |Δa_μ| ≤ 1e-12·a_μ + 1e-300;
 * - map exp: relative 1e-15 (subnormal results: absolute 1e-320); tanh: absolute 1e-15; sign: exact.
 *
 * The same bounds hold for the plain and the relaxed (fused multiply-add) build; vitest.config.ts runs this file on
 * both. When this runtime cannot run the kernels, the suite checks only that the reason is reported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Backend,
  backendByName,
  backendFromEnv,
  createWasmBackend,
  packSpins,
  referenceBackend as ref,
  relaxedSimdFromEnv,
  unpackSpins,
  wasmBackend,
  wasmUnavailableReason,
} from '../../src/core/linalg/index.js';
import { createRng } from '../../src/core/rng/index.js';

const U = 2 ** -53;

const normal = (len: number, seed: number): Float64Array => {
  const r = createRng(seed);
  return Float64Array.from({ length: len }, () => r.normal());
};

// kernels at every size: no hand-off of small problems to the reference
const w = wasmBackend() ? createWasmBackend({ smallToReference: false }) : null;

/** max_ij |got − want| / bound_ij ≤ 1 */
function expectWithin(got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    const q = d === 0 ? 0 : d / bound(i);
    if (!(q <= worst)) {
      worst = q;
      at = i;
    }
  }
  if (!(worst <= 1)) {
    throw new Error(`entry ${at}: got ${got[at]}, want ${want[at]} (error ${worst.toFixed(2)}× the bound)`);
  }
}

/** Entry-wise |A|·|B| for the dot-product error bound. */
function absProduct(m: number, n: number, k: number, a: Float64Array, b: Float64Array): Float64Array {
  return ref.gemm(m, n, k, a.map(Math.abs), b.map(Math.abs), new Float64Array(m * n));
}

describe.skipIf(!w)('wasm backend vs reference', () => {
  const b = w as Backend;

  it('runs the build the test project asks for (HOPFIELD_RELAXED_SIMD: 0 plain, 1 relaxed)', () => {
    // vitest.config.ts sets the variable in both projects, so these bounds are checked on both builds
    const want = relaxedSimdFromEnv();
    expect(want).toBeTypeOf('boolean');
    expect(w?.features.relaxedSimd).toBe(want);
  });

  it.each([
    [1, 1, 1],
    [1, 7, 3],
    [3, 1, 5],
    [5, 3, 1],
    [4, 4, 4],
    [7, 9, 13],
    [65, 33, 257], // past one MC block and one KC block, ragged micro-tiles
    [130, 515, 300], // past NC = 512
    [2, 2, 0], // k = 0: C = 0
  ])('gemm %i×%i×%i within 2·k·u·|A||B|', (m, n, k) => {
    const a = normal(m * k, m + 1);
    const bm = normal(k * n, n + 2);
    const want = ref.gemm(m, n, k, a, bm, new Float64Array(m * n));
    const got = b.gemm(m, n, k, a, bm, new Float64Array(m * n).fill(Number.NaN));
    const abs = absProduct(m, n, k, a, bm);
    expectWithin(got, want, (i) => 2 * Math.max(k, 1) * U * abs[i] + 1e-300);
  });

  it.each([
    [1, 1],
    [1, 9],
    [5, 1],
    [3, 3],
    [7, 11],
    [37, 64],
    [1003, 999],
  ])('gemv %i×%i and localFields within 2·n·u·|A||x|', (m, n) => {
    const a = normal(m * n, 3 * m + n);
    const x = normal(n, 7);
    const want = ref.gemv(m, n, a, x, new Float64Array(m));
    const got = b.gemv(m, n, a, x, new Float64Array(m));
    const abs = absProduct(m, 1, n, a, x);
    expectWithin(got, want, (i) => 2 * n * U * abs[i] + 1e-300);
    if (m === n) {
      const r = createRng(n);
      const sigma = Float64Array.from({ length: n }, () => r.sign());
      const hw = ref.localFields(n, a, sigma, new Float64Array(n));
      const hg = b.localFields(n, a, sigma, new Float64Array(n));
      const absJ = absProduct(n, 1, n, a, sigma);
      expectWithin(hg, hw, (i) => 2 * n * U * absJ[i] + 1e-300);
    }
  });

  it.each([
    [1, 1, 1],
    [3, 5, 2],
    [9, 7, 5],
    [200, 301, 64],
  ])('gemvBatch m=%i n=%i k=%i within 2·n·u·|A||x|', (m, n, k) => {
    const a = normal(m * n, m);
    const x = normal(k * n, n);
    const want = ref.gemvBatch(m, n, k, a, x, new Float64Array(k * m));
    const got = b.gemvBatch(m, n, k, a, x, new Float64Array(k * m));
    const abs = new Float64Array(k * m);
    ref.gemvBatch(m, n, k, a.map(Math.abs), x.map(Math.abs), abs);
    expectWithin(got, want, (i) => 2 * n * U * abs[i] + 1e-300);
  });

  it.each([
    [1, 1],
    [3, 31],
    [5, 32],
    [7, 33],
    [10, 64],
    [1001, 1024],
    [3, 100],
  ])('pmOverlaps of %i rows with n=%i are exact', (rows, n) => {
    const r = createRng(rows * 1000 + n);
    const x = Float64Array.from({ length: rows * n }, () => r.sign());
    const q = Float64Array.from({ length: n }, () => r.sign());
    const packed = packSpins(rows, n, x);
    expect(Array.from(unpackSpins(packed))).toEqual(Array.from(x));
    const query = packSpins(1, n, q).data;
    expect(Array.from(b.pmOverlaps(packed, query, new Int32Array(rows)))).toEqual(
      Array.from(ref.pmOverlaps(packed, query, new Int32Array(rows))),
    );
  });

  it.each([1, 2, 3, 17, 1000, 100001])('logSumExp of %i values within 1e-14 relative', (len) => {
    const x = normal(len, len).map((v) => 30 * v);
    for (const beta of [0.5, 1, 7]) {
      const want = ref.logSumExp(x, beta);
      expect(Math.abs(b.logSumExp(x, beta) - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
    }
  });

  it('logSumExp handles empty input and infinities like the reference', () => {
    const cases = [
      [],
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      [1, Number.POSITIVE_INFINITY, 2],
      [Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY],
      [-1e300, 5, 1e3],
    ];
    for (const c of cases) {
      const x = Float64Array.from(c);
      expect(b.logSumExp(x, 1)).toBe(ref.logSumExp(x, 1));
    }
    expect(b.logSumExp(Float64Array.from([1, Number.NaN, 2]), 1)).toBeNaN();
  });

  it.each([
    [1, 1, 1],
    [2, 3, 0.5],
    [7, 5, 2],
    [65, 32, 0.1],
    [129, 33, 4],
    [1000, 31, 10],
    [100003, 32, 1],
  ])('attentionStep P=%i N=%i λ=%f: lse, y and the softmax weights', (p, n, lambda) => {
    const r = createRng(p + n);
    const xi = Float32Array.from({ length: p * n }, () => r.normal());
    const x = normal(n, p);
    const y1 = new Float64Array(n);
    const y2 = new Float64Array(n).fill(Number.NaN);
    const a1 = new Float64Array(p);
    const a2 = new Float64Array(p);
    const l1 = ref.attentionStep(p, n, xi, x, lambda, y1, a1);
    const l2 = b.attentionStep(p, n, xi, x, lambda, y2, a2);
    expect(Math.abs(l2 - l1)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(l1)));
    let mx = 0;
    for (let i = 0; i < p * n; i++) mx = Math.max(mx, Math.abs(xi[i]));
    expectWithin(y2, y1, () => 1e-12 * mx);
    expectWithin(a2, a1, (i) => 1e-12 * a1[i] + 1e-300);
    // without the scores buffer the result is the same
    const y3 = new Float64Array(n);
    expect(b.attentionStep(p, n, xi, x, lambda, y3)).toBe(l2);
    expect(Array.from(y3)).toEqual(Array.from(y2));
  });

  it('attentionStep keeps the weights of a dominant pattern (large λ, online max rescaling)', () => {
    const p = 300;
    const n = 8;
    const xi = new Float32Array(p * n);
    // increasing scores so the running maximum moves in every block
    for (let mu = 0; mu < p; mu++) xi[mu * n] = mu / 10;
    const x = new Float64Array(n);
    x[0] = 1;
    const y1 = new Float64Array(n);
    const y2 = new Float64Array(n);
    const l1 = ref.attentionStep(p, n, xi, x, 50, y1);
    const l2 = b.attentionStep(p, n, xi, x, 50, y2);
    expect(Math.abs(l2 - l1)).toBeLessThanOrEqual(1e-13 * Math.abs(l1));
    expectWithin(y2, y1, () => 1e-12 * 30);
    expect(b.attentionStep(0, n, xi, x, 1, y2)).toBe(Number.NEGATIVE_INFINITY);
    expect(Array.from(y2)).toEqual(new Array(n).fill(0));
  });

  it.each([1, 2, 3, 101, 4096])('map exp/tanh/sign on %i values', (len) => {
    const x = normal(len, len).map((v) => 40 * v);
    for (const beta of [1, 0.03, -2]) {
      const e1 = ref.map('exp', x, new Float64Array(len), beta);
      const e2 = b.map('exp', x, new Float64Array(len), beta);
      expectWithin(e2, e1, (i) => (e1[i] < 2.2250738585072014e-308 ? 1e-320 : 1e-15 * e1[i]));
      expectWithin(
        b.map('tanh', x, new Float64Array(len), beta),
        ref.map('tanh', x, new Float64Array(len), beta),
        () => 1e-15,
      );
      expect(Array.from(b.map('sign', x, new Float64Array(len), beta))).toEqual(
        Array.from(ref.map('sign', x, new Float64Array(len), beta)),
      );
    }
  });

  it('map exp and tanh at the edges of the range', () => {
    const edges = [
      -1e308,
      -800,
      -745.2,
      -745,
      -740,
      -708.5,
      -708.3,
      -1e-300,
      0,
      1e-300,
      1e-8,
      0.3,
      709.5,
      709.78,
      710,
      1e308,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ];
    const x = Float64Array.from(edges);
    const e1 = ref.map('exp', x, new Float64Array(x.length));
    const e2 = b.map('exp', x, new Float64Array(x.length));
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(e1[i]) || !Number.isFinite(e1[i])) expect(e2[i]).toBe(e1[i]);
      else if (e1[i] < 2.2250738585072014e-308) expect(Math.abs(e2[i] - e1[i])).toBeLessThanOrEqual(1e-320);
      else expect(Math.abs(e2[i] - e1[i])).toBeLessThanOrEqual(1e-15 * e1[i]);
    }
    const t1 = ref.map('tanh', x, new Float64Array(x.length));
    const t2 = b.map('tanh', x, new Float64Array(x.length));
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(t1[i])) expect(t2[i]).toBeNaN();
      else expect(Math.abs(t2[i] - t1[i])).toBeLessThanOrEqual(1e-15);
    }
  });

  it('arrays allocated in WebAssembly memory are used in place and give the same results', () => {
    const m = 33;
    const n = 17;
    const a = b.allocFloat64(m * n);
    const x = b.allocFloat64(n);
    const y = b.allocFloat64(m);
    a.set(normal(m * n, 5));
    x.set(normal(n, 6));
    b.gemv(m, n, a, x, y);
    const want = ref.gemv(m, n, a, x, new Float64Array(m));
    expectWithin(y, want, () => 1e-12);
    const xi = b.allocFloat32(5 * n);
    xi.set(Float32Array.from(normal(5 * n, 8)));
    const y1 = new Float64Array(n);
    const y2 = b.allocFloat64(n);
    const l1 = ref.attentionStep(5, n, xi, x, 1, y1);
    expect(Math.abs(b.attentionStep(5, n, xi, x, 1, y2) - l1)).toBeLessThan(1e-13);
    expectWithin(y2, y1, () => 1e-12);
    const r = createRng(4);
    const spins = Float64Array.from({ length: 9 * 70 }, () => r.sign());
    const packed = packSpins(9, 70, spins, b);
    const q = packSpins(1, 70, spins.subarray(0, 70)).data;
    expect(Array.from(b.pmOverlaps(packed, q, new Int32Array(9)))).toEqual(
      Array.from(ref.pmOverlaps(packSpins(9, 70, spins), q, new Int32Array(9))),
    );
    for (const arr of [a, x, y, xi, y2, packed.data]) b.release(arr);
  });

  it('the allocator reuses released blocks (memory in use returns to its level)', () => {
    const wb = w!;
    const before = wb.memoryStats().inUse;
    const arrays = [1000, 1, 50000, 7].map((len) => wb.allocFloat64(len));
    expect(wb.memoryStats().inUse).toBeGreaterThan(before);
    for (const arr of arrays)
      expect(Array.from(arr.subarray(0, 3))).toEqual(Array.from(arr.subarray(0, 3)).fill(0));
    arrays[1][0] = 5;
    expect(arrays[0][0]).toBe(0); // no overlap
    for (const arr of arrays.reverse()) wb.release(arr);
    expect(wb.memoryStats().inUse).toBe(before);
    expect(() => wb.allocFloat64(-1)).toThrow(RangeError);
  });
});

describe.skipIf(!w)('small problems', () => {
  it('the default wasm backend hands problems below the size thresholds to the reference (bit-identical)', () => {
    const d = wasmBackend()!;
    const x = normal(100, 1);
    expect(d.logSumExp(x, 1.5)).toBe(ref.logSumExp(x, 1.5));
    expect(Array.from(d.map('tanh', x, new Float64Array(100)))).toEqual(
      Array.from(ref.map('tanh', x, new Float64Array(100))),
    );
    const a = normal(30 * 40, 2);
    const v = normal(40, 3);
    expect(Array.from(d.gemv(30, 40, a, v, new Float64Array(30)))).toEqual(
      Array.from(ref.gemv(30, 40, a, v, new Float64Array(30))),
    );
  });
});

describe('backend selection', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('reads HOPFIELD_BACKEND and rejects unknown values naming the variable', () => {
    vi.stubEnv('HOPFIELD_BACKEND', 'ts');
    expect(backendFromEnv()).toBe('ts');
    vi.stubEnv('HOPFIELD_BACKEND', '');
    expect(backendFromEnv()).toBeUndefined();
    vi.stubEnv('HOPFIELD_BACKEND', 'gpu');
    expect(() => backendFromEnv()).toThrow(/HOPFIELD_BACKEND must be one of ts, wasm; got 'gpu'/);
  });

  it('backendByName gives the reference, and wasm or a clear reason', () => {
    expect(backendByName('ts')).toBe(ref);
    if (w) expect(backendByName('wasm')).toBe(wasmBackend());
    else expect(() => backendByName('wasm')).toThrow(/unavailable/);
    expect(wasmUnavailableReason() === null).toBe(w !== null);
  });

  it('loads asynchronously too (the browser path) with the same kernels', async () => {
    if (!w) return;
    const { createWasmBackendAsync } = await import('../../src/core/linalg/index.js');
    const a = await createWasmBackendAsync({ smallToReference: false });
    const x = normal(300, 12);
    expect(a.logSumExp(x, 2)).toBe(w.logSumExp(x, 2));
    expect(a.features).toEqual(w.features);
  });

  it('reports why the kernels cannot load when WebAssembly is missing', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(() => createWasmBackend()).toThrow(/WebAssembly is not available/);
  });
});

describe('build', () => {
  it('the embedded kernels were compiled from the current assembly/kernels.ts (else: npm run build:wasm)', async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const { WASM_SOURCE_HASH } = await import('../../src/core/linalg/wasm-modules.generated.js');
    const src = readFileSync(new URL('../../assembly/kernels.ts', import.meta.url));
    expect(WASM_SOURCE_HASH).toBe(createHash('sha256').update(src).digest('hex').slice(0, 16));
  });
});

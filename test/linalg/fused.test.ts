/**
 * The fused kernels added for the end-to-end speed of training (issue 15): the pseudo-likelihood epilogue
 * (wasm against the reference loops, which use Math.log1p/Math.tanh) and the bit-packed Gram matrix (exact
 * against the float64 GEMM of ±1 data). Error bounds: epilogue coefficients within 1e-15 absolute (|coef| ≤ 2|c|
 * with c = 1 here; the reference's 1 − tanh loses relative accuracy near tanh = 1, the kernel does not), loss sum
 * within 1e-14 relative; Gram entries exact.
 */
import { describe, expect, it } from 'vitest';
import {
  createWasmBackend,
  packSpins,
  pmGram,
  referenceBackend as ref,
  sparseSigns,
  wasmBackend,
} from '../../src/core/linalg/index.js';
import { createRng } from '../../src/core/rng/index.js';

const w = wasmBackend() ? createWasmBackend({ smallToReference: false }) : null;

describe('pseudo-likelihood epilogue', () => {
  it.skipIf(!w)('wasm matches the reference at odd and even widths, with and without a shift', () => {
    const rng = createRng(11);
    for (const [p, n] of [
      [1, 1],
      [3, 7],
      [17, 64],
      [40, 201],
    ]) {
      const x = Float64Array.from({ length: p * n }, () => rng.sign());
      // fields from O(1) to beyond the cut-off of e^{-|z|} (|z| > 600) to check the tails
      const f = Float64Array.from({ length: p * n }, () => rng.normal() * (rng.uniform() < 0.1 ? 400 : 3));
      const sh = Float64Array.from({ length: n }, () => rng.normal());
      for (const shift of [null, sh]) {
        for (const lambda of [0.3, 1, 2.5]) {
          const c1 = new Float64Array(p * n);
          const c2 = new Float64Array(p * n);
          const l1 = ref.plCoefficients(p, n, x, f, shift, lambda, 1, c1);
          const l2 = w!.plCoefficients(p, n, x, f, shift, lambda, 1, c2);
          expect(Math.abs(l1 - l2)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(l1)));
          for (let k = 0; k < p * n; k++) expect(Math.abs(c1[k] - c2[k])).toBeLessThanOrEqual(1e-15);
        }
      }
    }
  });

  it.skipIf(!w)('loss terms log(1 + e^{−z}) within 4 ulp over z ∈ [−40, 40]', () => {
    const one = new Float64Array([1]);
    const c = new Float64Array(1);
    let worst = 0;
    for (let k = 0; k < 20001; k++) {
      const z = -40 + k * 0.004 + 1e-9;
      const want = z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
      const got = w!.plCoefficients(1, 1, one, new Float64Array([z / 2]), null, 1, 1, c);
      worst = Math.max(worst, Math.abs(got - want) / want);
      // coefficient 1 − tanh(z/2) = 2/(1 + e^z)
      expect(Math.abs(c[0] - 2 / (1 + Math.exp(z)))).toBeLessThanOrEqual(1e-15 * c[0] + 1e-300);
    }
    expect(worst).toBeLessThan(4 * 2 ** -52);
  });

  it('the reference is the formula of paper 000 Eqs. 4, 7 (hand-computed entry)', () => {
    const coef = new Float64Array(2);
    // Δ = x·f − shift = (1·0.5 − 0.25, −1·0.5 − 0.25) = (0.25, −0.75); λ = 2
    const loss = ref.plCoefficients(
      1,
      2,
      new Float64Array([1, -1]),
      new Float64Array([0.5, 0.5]),
      new Float64Array([0.25, 0.25]),
      2,
      -0.5,
      coef,
    );
    expect(loss).toBeCloseTo(Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(3)), 14);
    expect(coef[0]).toBeCloseTo(-0.5 * (1 - Math.tanh(0.5)), 15);
    expect(coef[1]).toBeCloseTo(0.5 * (1 - Math.tanh(-1.5)), 15);
  });
});

describe('bit-packed Gram matrix', () => {
  it('equals the float64 product ΞΞᵀ exactly (n not a multiple of 32 or 64)', () => {
    const rng = createRng(5);
    for (const [p, n] of [
      [1, 1],
      [9, 33],
      [30, 130],
    ]) {
      const x = Float64Array.from({ length: p * n }, () => rng.sign());
      const want = new Float64Array(p * p);
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += x[a * n + i] * x[b * n + i];
          want[a * p + b] = s;
        }
      for (const b of w ? [ref, w] : [ref]) {
        const got = pmGram(packSpins(p, n, x, b), new Float64Array(p * p), b);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
  });
});

describe('Gram-form epoch pass', () => {
  it('plGramStep is plCoefficients then the plain update loops, bit for bit (odd and even N); columnDots too', () => {
    const rng = createRng(8);
    for (const [p, n] of [
      [1, 1],
      [7, 33],
      [40, 130],
    ]) {
      const draw = () => Float64Array.from({ length: p * n }, () => rng.normal());
      const x = Float64Array.from({ length: p * n }, () => rng.sign());
      const a0 = draw();
      const f = Float64Array.from(draw(), (v) => 3 * v);
      const d = Float64Array.from({ length: n }, () => rng.normal());
      const cd0 = Float64Array.from({ length: n }, () => rng.normal());
      for (const b of w ? [ref, w] : [ref]) {
        // the separate passes, written out: the epilogue, then cd += Σ coef·x and a ← shrink·a − lr·coef
        const coef = new Float64Array(p * n);
        const lossWant = b.plCoefficients(p, n, x, f, d, 1.5, -0.25, coef);
        const aWant = Float64Array.from(a0);
        const cdWant = Float64Array.from(cd0);
        const qWant = Float64Array.from(cd0);
        for (let mu = 0; mu < p; mu++)
          for (let i = 0; i < n; i++) {
            const c = coef[mu * n + i];
            cdWant[i] += c * x[mu * n + i];
            aWant[mu * n + i] = 0.99 * aWant[mu * n + i] - 0.3 * c;
            qWant[i] += a0[mu * n + i] * f[mu * n + i];
          }
        const a = Float64Array.from(a0);
        const cd = Float64Array.from(cd0);
        const q = Float64Array.from(cd0);
        b.columnDots(p, n, a, f, q);
        const loss = b.plGramStep(p, n, x, f, d, 1.5, -0.25, { a, shrink: 0.99, lr: 0.3, cd });
        expect(Math.abs(loss - lossWant)).toBeLessThanOrEqual(1e-14 * lossWant);
        expect(Array.from(a)).toEqual(Array.from(aWant));
        expect(Array.from(cd)).toEqual(Array.from(cdWant));
        expect(Array.from(q)).toEqual(Array.from(qWant));
      }
    }
  });
});

describe('products with sparse ±1 matrices', () => {
  it('S·M from the minority entries equals the float64 product (within rounding), the same on both backends', () => {
    const rng = createRng(9);
    for (const [rows, k, n, share] of [
      [1, 1, 1, 0.5],
      [13, 29, 7, 0.1],
      [70, 41, 33, 0.9],
    ] as const) {
      const s = Float64Array.from({ length: rows * k }, () => (rng.uniform() < share ? 1 : -1));
      const m = Float64Array.from({ length: k * n }, () => rng.normal());
      for (const transpose of [false, true]) {
        const sp = sparseSigns(rows, k, s, transpose);
        const [r, c] = transpose ? [k, rows] : [rows, k];
        expect(sp.rows).toBe(r);
        const mm = transpose ? Float64Array.from({ length: rows * n }, () => rng.normal()) : m;
        const at = (i: number, j: number) => (transpose ? s[j * k + i] : s[i * k + j]);
        const want = new Float64Array(r * n);
        let scale = 0;
        for (let i = 0; i < r; i++)
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let q = 0; q < c; q++) {
              acc += at(i, q) * mm[q * n + j];
              scale = Math.max(scale, Math.abs(mm[q * n + j]));
            }
            want[i * n + j] = acc;
          }
        const got = ref.pmSparseProduct(sp, n, mm, new Float64Array(r * n));
        for (let q = 0; q < want.length; q++)
          expect(Math.abs(got[q] - want[q])).toBeLessThanOrEqual(1e-13 * c * scale);
        if (w)
          expect(Array.from(w.pmSparseProduct(sp, n, mm, new Float64Array(r * n)))).toEqual(Array.from(got));
      }
    }
  });
});

describe('row scaling of the spherical ensemble', () => {
  it('scaleRowsF32 gives the plain loop bit for bit (odd and even n), on both backends', () => {
    const rng = createRng(21);
    for (const [rows, n] of [
      [1, 1],
      [3, 7],
      [68, 120],
      [5, 201],
    ]) {
      const x = Float64Array.from({ length: rows * n }, () => rng.normal());
      const radius = Math.sqrt(n);
      const want = new Float32Array(rows * n);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[r * n + i] * x[r * n + i];
        const f = radius / Math.sqrt(s);
        for (let i = 0; i < n; i++) want[r * n + i] = x[r * n + i] * f;
      }
      for (const b of w ? [ref, w] : [ref]) {
        const out = new Float32Array(rows * n);
        b.scaleRowsF32(rows, n, x, radius, out);
        expect(Array.from(out)).toEqual(Array.from(want));
      }
    }
  });
});

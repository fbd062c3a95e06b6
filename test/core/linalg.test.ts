import { describe, expect, it } from 'vitest';
import { packSpins, referenceBackend as ref, unpackSpins } from '../../src/core/linalg/index.js';
import { createRng } from '../../src/core/rng/index.js';

const rand = (n: number, seed: number) => {
  const r = createRng(seed);
  return Float64Array.from({ length: n }, () => r.normal());
};

describe('reference backend', () => {
  it('gemm agrees with the sum definition and with gemv column by column', () => {
    const m = 7;
    const k = 5;
    const n = 3;
    const a = rand(m * k, 1);
    const b = rand(k * n, 2);
    const c = ref.gemm(m, n, k, a, b, new Float64Array(m * n));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
        expect(c[i * n + j]).toBeCloseTo(s, 12);
      }
    }
    // gemvBatch of A against the columns of B (as rows of Bᵀ) equals (A·B)ᵀ
    const bt = new Float64Array(n * k);
    for (let l = 0; l < k; l++) for (let j = 0; j < n; j++) bt[j * k + l] = b[l * n + j];
    const y = ref.gemvBatch(m, k, n, a, bt, new Float64Array(n * m));
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) expect(y[j * m + i]).toBeCloseTo(c[i * n + j], 12);
  });

  it('packs ±1 vectors to bits and back, and counts overlaps by popcount', () => {
    const r = createRng(3);
    const n = 77; // not a multiple of 32
    const rows = 5;
    const x = Float64Array.from({ length: rows * n }, () => r.sign());
    const q = Float64Array.from({ length: n }, () => r.sign());
    const packed = packSpins(rows, n, x);
    expect(packed.words).toBe(4); // ceil(77/32) = 3, rounded to even
    expect(Array.from(unpackSpins(packed))).toEqual(Array.from(x));
    const ov = ref.pmOverlaps(packed, packSpins(1, n, q).data, new Int32Array(rows));
    for (let mu = 0; mu < rows; mu++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[mu * n + i] * q[i];
      expect(ov[mu]).toBe(s);
    }
  });

  it('evaluates log-sum-exp stably', () => {
    expect(ref.logSumExp(Float64Array.from([1000, 1000]), 1)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(ref.logSumExp(Float64Array.from([0, Math.log(3)]), 1)).toBeCloseTo(Math.log(4), 12);
    expect(ref.logSumExp(Float64Array.from([1, 2]), 0.5)).toBeCloseTo(
      Math.log(Math.exp(0.5) + Math.exp(1)),
      12,
    );
  });

  it('computes the attention step y = Ξᵀ softmax(λΞx) and returns log Σ exp(λ Ξx)', () => {
    const p = 6;
    const n = 4;
    const xi = Float32Array.from(rand(p * n, 5));
    const x = rand(n, 6);
    const lambda = 0.7;
    const w = new Float64Array(p);
    const y = new Float64Array(n);
    const lse = ref.attentionStep(p, n, xi, x, lambda, y, w);
    const s = Array.from({ length: p }, (_, mu) => {
      let d = 0;
      for (let i = 0; i < n; i++) d += xi[mu * n + i] * x[i];
      return lambda * d;
    });
    const z = s.reduce((acc, v) => acc + Math.exp(v), 0);
    expect(lse).toBeCloseTo(Math.log(z), 12);
    for (let i = 0; i < n; i++) {
      const yi = s.reduce((acc, v, mu) => acc + (Math.exp(v) / z) * xi[mu * n + i], 0);
      expect(y[i]).toBeCloseTo(yi, 12);
    }
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

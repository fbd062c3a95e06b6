/**
 * The ziggurat normal sampler Rng.fillNormal (issue 15): distribution checks on 10⁶ seeded deviates — mean,
 * variance, skewness, excess kurtosis within 5 standard errors, the Kolmogorov–Smirnov distance to Φ below the
 * 1% critical value 1.63/√n, the share beyond the base layer r = 3.654 (the exact tail) within 5σ of 2(1 − Φ(r)) —
 * and its bookkeeping: seeded, resumable, and the stream advances as that many uint32() draws would.
 */
import { describe, expect, it } from 'vitest';
import { backend, referenceBackend, setBackend, wasmBackend } from '../../src/core/linalg/index.js';
import { sampleDensePatterns, ZIGGURAT_MIN_NUMBERS } from '../../src/core/models/dense.js';
import { createRng } from '../../src/core/rng/index.js';

/** Φ(x) from erfc by a Chebyshev fit (fractional error < 1.2e-7, ample for a KS distance of 1e-3). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}

describe('ziggurat normal deviates', () => {
  const n = 1_000_000;
  const a = new Float64Array(n);
  createRng(2026).fillNormal(a);

  it('moments of N(0, 1) within 5 standard errors', () => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const v of a) {
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v * v * v * v;
    }
    m1 /= n;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('Kolmogorov–Smirnov distance to Φ below the 1% critical value', () => {
    const s = Float64Array.from(a).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = phi(s[i]);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('the tail beyond the base layer has its normal share', () => {
    const r = 3.6541528853610088;
    let tail = 0;
    for (const v of a) if (Math.abs(v) > r) tail++;
    const p = 2 * (1 - phi(r));
    expect(Math.abs(tail - n * p)).toBeLessThan(5 * Math.sqrt(n * p));
    // and the far tail exists (the exact tail method, not a cut-off)
    expect(a.some((v) => Math.abs(v) > 4.5)).toBe(true);
  });

  it('is seeded, splits into ranges without changing the values, and advances the stream consistently', () => {
    const b = new Float64Array(1000);
    const c = new Float64Array(1000);
    createRng(7).fillNormal(b);
    const r = createRng(7);
    r.fillNormal(c, 0, 400);
    r.fillNormal(c, 400, 1000);
    expect(Array.from(c)).toEqual(Array.from(b));
    // the state after the fill continues as a generator (save/restore round trip)
    const r1 = createRng(9);
    r1.fillNormal(new Float64Array(10));
    const r2 = createRng(9);
    r2.fillNormal(new Float64Array(10));
    expect(r1.state()).toEqual(r2.state());
    expect(r1.uint32()).toBe(r2.uint32());
    // Float32 output is the Float64 output rounded
    const f = new Float32Array(1000);
    createRng(7).fillNormal(f);
    expect(Array.from(f)).toEqual(Array.from(Float32Array.from(b)));
  });

  it('dense ensembles use it from P·N ≥ 2^23 (auto), the polar method below, either on request', () => {
    expect(ZIGGURAT_MIN_NUMBERS).toBe(2 ** 23);
    const small = sampleDensePatterns(createRng(1), 'gaussian', 50, 10);
    const polar = createRng(1);
    expect(small.blocks[0][0]).toBe(Math.fround(polar.normal()));
    const zig = sampleDensePatterns(createRng(1), 'gaussian', 50, 10, { sampler: 'ziggurat' });
    const ref = new Float32Array(500);
    createRng(1).fillNormal(ref);
    expect(Array.from(zig.blocks[0])).toEqual(Array.from(ref));
    const sph = sampleDensePatterns(createRng(1), 'spherical', 30, 16, { sampler: 'ziggurat' });
    for (let r = 0; r < 30; r++) {
      let s = 0;
      for (let i = 0; i < 16; i++) s += sph.blocks[0][r * 16 + i] ** 2;
      expect(s).toBeCloseTo(16, 4);
    }
  });

  it('the WebAssembly fast path gives the reference deviates bit for bit, and the same stream state', () => {
    const w = wasmBackend();
    if (!w) throw new Error('the wasm backend must be available in the test environment');
    const before = backend();
    const draw = () => {
      const r = createRng(31);
      const out = new Float64Array(200_003); // several kernel blocks, resumed at every slow-path draw
      r.fillNormal(out, 5, 200_000);
      const f32 = new Float32Array(9000);
      r.fillNormal(f32);
      return { out, f32, state: r.state(), next: r.uint32() };
    };
    try {
      setBackend(referenceBackend);
      const ref = draw();
      setBackend(w);
      const fast = draw();
      expect(fast.out).toEqual(ref.out);
      expect(fast.f32).toEqual(ref.f32);
      expect(fast.state).toEqual(ref.state);
      expect(fast.next).toBe(ref.next);
      expect(ref.out[4]).toBe(0);
      expect(ref.out[200_000]).toBe(0);
    } finally {
      setBackend(before);
    }
  });
});

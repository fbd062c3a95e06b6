// WebAssembly SIMD kernels of the hopfield compute core (AssemblyScript).
//
// Every function takes byte offsets into linear memory; the host (src/core/linalg/wasm.ts) owns the memory,
// allocates operands and scratch, and validates arguments. No static data, no allocation, no runtime calls:
// the same module runs on the main thread and in workers over one shared memory.
//
// Two builds come from this file: plain SIMD, and relaxed SIMD where f64x2 multiply-add may fuse (the switch
// is the compile-time constant ASC_FEATURE_RELAXED_SIMD).

// ---------------------------------------------------------------------------------------------------------
// helpers

/** c + a·b on two f64 lanes (fused when relaxed SIMD is enabled). */
// @ts-ignore: decorator
@inline function fma2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const ROUND_MAGIC: f64 = 6755399441055744.0; // 1.5·2^52
const EXP_LO: f64 = -708.3;
const EXP_HI: f64 = 709.0; // keeps k ≤ 1023 so 2^k is finite

/**
 * Vector constants of exp, stored by init() at a fixed address below the host's heap: V8 rebuilds a v128.const
 * in every loop iteration (several instructions each), while a load from L1 folds into the arithmetic.
 */
const KT: usize = 64;
const K_LOG2E: usize = KT + 0;
const K_ROUND_MAGIC: usize = KT + 16;
const K_LN2_HI: usize = KT + 32;
const K_LN2_LO: usize = KT + 48;
const K_ONE: usize = KT + 64;
const K_C2: usize = KT + 80;
const K_C3: usize = KT + 96;
const K_C4: usize = KT + 112;
const K_C5: usize = KT + 128;
const K_C6: usize = KT + 144;
const K_C7: usize = KT + 160;
const K_C8: usize = KT + 176;
const K_C9: usize = KT + 192;
const K_C10: usize = KT + 208;
const K_C11: usize = KT + 224;
const K_C12: usize = KT + 240;
const K_BIAS: usize = KT + 256;
// log1p constants (pseudo-likelihood epilogue): 1/3, 1/5, …, 1/21, √2 − 1, ln 2, 2, 3
const K_L3: usize = KT + 272;
const K_SQRT2M1: usize = KT + 432;
const K_LN2: usize = KT + 448;
const K_TWO: usize = KT + 464;
const K_THREE: usize = KT + 480;
const K_ZERO: usize = KT + 496;
const K_TINY: usize = KT + 512;
const K_EPI_LO: usize = KT + 528;

/** Write the constant table (the host calls this once per memory, before any kernel). */
export function init(): void {
  v128.store(K_LOG2E, f64x2.splat(LOG2E));
  v128.store(K_ROUND_MAGIC, f64x2.splat(ROUND_MAGIC));
  v128.store(K_LN2_HI, f64x2.splat(LN2_HI));
  v128.store(K_LN2_LO, f64x2.splat(LN2_LO));
  v128.store(K_ONE, f64x2.splat(1.0));
  v128.store(K_C2, f64x2.splat(0.5));
  v128.store(K_C3, f64x2.splat(1.66666666666666666667e-1));
  v128.store(K_C4, f64x2.splat(4.16666666666666666667e-2));
  v128.store(K_C5, f64x2.splat(8.33333333333333333333e-3));
  v128.store(K_C6, f64x2.splat(1.38888888888888888889e-3));
  v128.store(K_C7, f64x2.splat(1.98412698412698412698e-4));
  v128.store(K_C8, f64x2.splat(2.48015873015873015873e-5));
  v128.store(K_C9, f64x2.splat(2.75573192239858906526e-6));
  v128.store(K_C10, f64x2.splat(2.75573192239858906526e-7));
  v128.store(K_C11, f64x2.splat(2.50521083854417187751e-8));
  v128.store(K_C12, f64x2.splat(2.08767569878680989792e-9));
  v128.store(K_BIAS, i64x2.splat(0x3ff0000000000000));
  for (let q = 0; q < 10; q++) v128.store(K_L3 + (<usize>q << 4), f64x2.splat(1.0 / <f64>(2 * q + 3)));
  v128.store(K_SQRT2M1, f64x2.splat(0.41421356237309504880));
  v128.store(K_LN2, f64x2.splat(0.69314718055994530942));
  v128.store(K_TWO, f64x2.splat(2.0));
  v128.store(K_THREE, f64x2.splat(3.0));
  v128.store(K_ZERO, f64x2.splat(0.0));
  v128.store(K_TINY, f64x2.splat(1e-18));
  v128.store(K_EPI_LO, f64x2.splat(-600.0));
}

// @ts-ignore: decorator
@inline function kv(addr: usize): v128 {
  return v128.load(addr);
}

/**
 * exp on two lanes for arguments in [EXP_LO, EXP_HI]: x = k·ln2 + r, |r| ≤ ln2/2, degree-12 Taylor polynomial
 * for e^r (truncation < 2e-16 relative, evaluated by Estrin's scheme), 2^k built in the exponent bits.
 * Relative error ≲ 4 ulp.
 */
// @ts-ignore: decorator
@inline function exp2v(x: v128): v128 {
  const t = f64x2.add(f64x2.mul(x, kv(K_LOG2E)), kv(K_ROUND_MAGIC));
  const k = f64x2.sub(t, kv(K_ROUND_MAGIC));
  let r = f64x2.sub(x, f64x2.mul(k, kv(K_LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(k, kv(K_LN2_LO)));
  // Estrin's scheme: the same polynomial with a dependency chain of 5 multiply-adds instead of 12
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(r, kv(K_ONE));
  const p23 = fma2(r, kv(K_C3), kv(K_C2));
  const p45 = fma2(r, kv(K_C5), kv(K_C4));
  const p67 = fma2(r, kv(K_C7), kv(K_C6));
  const p89 = fma2(r, kv(K_C9), kv(K_C8));
  const pab = fma2(r, kv(K_C11), kv(K_C10));
  const q0 = fma2(r2, p23, p01);
  const q1 = fma2(r2, p67, p45);
  const q2 = fma2(r2, pab, p89);
  const s0 = fma2(r4, q1, q0);
  const s1 = fma2(r4, kv(K_C12), q2);
  const p = fma2(r8, s1, s0);
  // 2^k: the low mantissa bits of t hold k (two's complement); shift them into the exponent field.
  const scale = i64x2.add(i64x2.shl(t, 52), kv(K_BIAS));
  return f64x2.mul(p, scale);
}

/** max(x, lo) per lane, but NaN stays NaN. */
// @ts-ignore: decorator
@inline function clampLo(x: v128, lo: v128): v128 {
  return v128.bitselect(lo, x, f64x2.lt(x, lo));
}

/**
 * exp(x) for one value, any argument: overflow → ∞, deep underflow → 0; near the ends of the range 2^k is applied
 * in two steps (2^(k∓600)·2^(±600)) so the result rounds once, into the subnormals if it must.
 */
function expScalar(x: f64): f64 {
  if (x != x) return x;
  if (x >= EXP_LO && x <= EXP_HI) return f64x2.extract_lane(exp2v(f64x2.splat(x)), 0);
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0.0;
  const k = nearest(x * LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  // e^r from the vector kernel with k = 0 (|r| ≤ ln2/2)
  const p = f64x2.extract_lane(exp2v(f64x2.splat(r)), 0);
  const big = k > 0;
  const k1 = <i64>k + (big ? -600 : 600);
  const s1 = reinterpret<f64>((k1 + 1023) << 52);
  const s2 = big ? 4.149515568880993e180 : 2.409919865102884e-181; // 2^600, 2^-600
  return p * s1 * s2;
}

// ---------------------------------------------------------------------------------------------------------
// GEMV: y = A·x (m×n row-major, f64)

/**
 * y[i] = Σ_j A[i,j]·x[j] for rows i0 ≤ i < i1. Six rows at a time, each through its own pointer advanced by 16
 * bytes per step: with eight rows (or addresses recomputed from j) V8 spilled an accumulator to the stack, and the
 * store–reload chain through it capped the loop; six row streams run ~1.4× faster in cache and ~15 % faster from
 * memory than that (measured). Each row sums its column pairs in one f64x2 accumulator (lane 0: even j, lane 1:
 * odd j), then the two lanes, then the last column when n is odd — the same for every row whatever block it
 * falls in, so results do not depend on how the rows are split between threads.
 */
export function gemvRows(n: i32, a: usize, x: usize, y: usize, i0: i32, i1: i32): void {
  const rowBytes = <usize>n << 3;
  const n2 = n & ~1;
  const xEnd = x + (<usize>n2 << 3);
  let i = i0;
  for (; i + 6 <= i1; i += 6) {
    const r0 = a + <usize>i * rowBytes;
    let p0 = r0;
    let p1 = p0 + rowBytes;
    let p2 = p1 + rowBytes;
    let p3 = p2 + rowBytes;
    let p4 = p3 + rowBytes;
    let p5 = p4 + rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let s4 = f64x2.splat(0);
    let s5 = f64x2.splat(0);
    for (let xp = x; xp < xEnd; xp += 16) {
      const xv = v128.load(xp);
      s0 = fma2(v128.load(p0), xv, s0);
      s1 = fma2(v128.load(p1), xv, s1);
      s2 = fma2(v128.load(p2), xv, s2);
      s3 = fma2(v128.load(p3), xv, s3);
      s4 = fma2(v128.load(p4), xv, s4);
      s5 = fma2(v128.load(p5), xv, s5);
      p0 += 16;
      p1 += 16;
      p2 += 16;
      p3 += 16;
      p4 += 16;
      p5 += 16;
    }
    const yo = y + (<usize>i << 3);
    store<f64>(yo, rowTotal(s0, r0, x, n2, n));
    store<f64>(yo, rowTotal(s1, r0 + rowBytes, x, n2, n), 8);
    store<f64>(yo, rowTotal(s2, r0 + 2 * rowBytes, x, n2, n), 16);
    store<f64>(yo, rowTotal(s3, r0 + 3 * rowBytes, x, n2, n), 24);
    store<f64>(yo, rowTotal(s4, r0 + 4 * rowBytes, x, n2, n), 32);
    store<f64>(yo, rowTotal(s5, r0 + 5 * rowBytes, x, n2, n), 40);
  }
  for (; i < i1; i++) {
    const r = a + <usize>i * rowBytes;
    let s = f64x2.splat(0);
    let p = r;
    for (let xp = x; xp < xEnd; xp += 16) {
      s = fma2(v128.load(p), v128.load(xp), s);
      p += 16;
    }
    store<f64>(y + (<usize>i << 3), rowTotal(s, r, x, n2, n));
  }
}

/** One GEMV row's total: the two lanes of its pair accumulator, plus the last column when n is odd. */
// @ts-ignore: decorator
@inline function rowTotal(s: v128, row: usize, x: usize, n2: i32, n: i32): f64 {
  let t = hsum(s);
  if (n2 < n) t += load<f64>(row + (<usize>n2 << 3)) * load<f64>(x + (<usize>n2 << 3));
  return t;
}

// ---------------------------------------------------------------------------------------------------------
// GEMV with a float32 matrix: half the bytes of the memory-bound product, f64 vector and f64 accumulation

/** Two f32 at p promoted to f64 lanes. */
// @ts-ignore: decorator
@inline function load2f32(p: usize, off: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + off));
}

/**
 * y[i] = Σ_j A[i,j]·x[j] for rows i0 ≤ i < i1, A float32 (m×n row-major), x and y f64: each entry is widened
 * exactly, so the only difference from the f64 product of the rounded matrix is the order of the additions.
 */
export function gemvRowsF32(n: i32, a: usize, x: usize, y: usize, i0: i32, i1: i32): void {
  const rowBytes = <usize>n << 2;
  const n4 = n & ~3;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let u0 = f64x2.splat(0);
    let u1 = f64x2.splat(0);
    let u2 = f64x2.splat(0);
    let u3 = f64x2.splat(0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      const xo = x + (<usize>j << 3);
      const xv = v128.load(xo);
      const xw = v128.load(xo, 16);
      s0 = fma2(load2f32(r0, o), xv, s0);
      s1 = fma2(load2f32(r1, o), xv, s1);
      s2 = fma2(load2f32(r2, o), xv, s2);
      s3 = fma2(load2f32(r3, o), xv, s3);
      u0 = fma2(load2f32(r0, o + 8), xw, u0);
      u1 = fma2(load2f32(r1, o + 8), xw, u1);
      u2 = fma2(load2f32(r2, o + 8), xw, u2);
      u3 = fma2(load2f32(r3, o + 8), xw, u3);
    }
    let t0 = hsum(f64x2.add(s0, u0));
    let t1 = hsum(f64x2.add(s1, u1));
    let t2 = hsum(f64x2.add(s2, u2));
    let t3 = hsum(f64x2.add(s3, u3));
    for (let j = n4; j < n; j++) {
      const xl = load<f64>(x + (<usize>j << 3));
      const o = <usize>j << 2;
      t0 += <f64>load<f32>(r0 + o) * xl;
      t1 += <f64>load<f32>(r1 + o) * xl;
      t2 += <f64>load<f32>(r2 + o) * xl;
      t3 += <f64>load<f32>(r3 + o) * xl;
    }
    const yo = y + (<usize>i << 3);
    store<f64>(yo, t0);
    store<f64>(yo, t1, 8);
    store<f64>(yo, t2, 16);
    store<f64>(yo, t3, 24);
  }
  // single rows, with the same order of operations as the 4-row loop (results must not depend on the split)
  for (; i < i1; i++) {
    const r = a + <usize>i * rowBytes;
    let s0 = f64x2.splat(0);
    let u0 = f64x2.splat(0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      const xo = x + (<usize>j << 3);
      s0 = fma2(load2f32(r, o), v128.load(xo), s0);
      u0 = fma2(load2f32(r, o + 8), v128.load(xo, 16), u0);
    }
    let t = hsum(f64x2.add(s0, u0));
    for (let j = n4; j < n; j++) t += <f64>load<f32>(r + (<usize>j << 2)) * load<f64>(x + (<usize>j << 3));
    store<f64>(y + (<usize>i << 3), t);
  }
}

// ---------------------------------------------------------------------------------------------------------
// GEMM: C = A·B (A m×k, B k×n, C m×n, row-major f64). Goto-style: B packed in kc×4 column panels, A in 4×kc
// row panels, a 4×4 register-blocked micro-kernel (8 f64x2 accumulators, no broadcasts).

const MR: i32 = 4;
const NR: i32 = 4;
export const GEMM_MC: i32 = 64;
export const GEMM_KC: i32 = 256;
export const GEMM_NC: i32 = 512;
/** Scratch bytes one gemm call (one thread) needs: packed A block, packed B block, one 4×4 edge tile. */
export const GEMM_WORK_BYTES: i32 = (GEMM_MC * GEMM_KC + GEMM_KC * GEMM_NC + MR * NR) << 3;

/** Pack B[pc:pc+kc, jc:jc+nc] into ceil(nc/4) panels of kc rows × 4 (zero padded). */
function packB(kc: i32, nc: i32, b: usize, ldb: usize, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const w = min(NR, nc - jp);
    let d = dst + (<usize>jp * <usize>kc << 3);
    let src = b + (<usize>jp << 3);
    if (w == NR) {
      for (let l = 0; l < kc; l++) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        d += 32;
        src += ldb;
      }
    } else {
      for (let l = 0; l < kc; l++) {
        for (let q = 0; q < NR; q++) store<f64>(d + (<usize>q << 3), q < w ? load<f64>(src + (<usize>q << 3)) : 0.0);
        d += 32;
        src += ldb;
      }
    }
  }
}

/** Pack A[ic:ic+mc, pc:pc+kc] into ceil(mc/4) panels of kc columns × 4 rows (zero padded). */
function packA(mc: i32, kc: i32, a: usize, lda: usize, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const h = min(MR, mc - ip);
    const d0 = dst + (<usize>ip * <usize>kc << 3);
    const src = a + <usize>ip * lda;
    for (let q = 0; q < MR; q++) {
      let d = d0 + (<usize>q << 3);
      if (q < h) {
        let s = src + <usize>q * lda;
        for (let l = 0; l < kc; l++) {
          store<f64>(d, load<f64>(s));
          s += 8;
          d += 32;
        }
      } else {
        for (let l = 0; l < kc; l++) {
          store<f64>(d, 0.0);
          d += 32;
        }
      }
    }
  }
}

/**
 * C[0:4, 0:4] += Ap(4×kc) · Bp(kc×4); ldc in bytes. No broadcasts: each step loads rows (a0, a1), (a2, a3) and
 * columns (b0, b1), (b2, b3) as pairs and multiplies them as they are and with the column pair swapped, so an
 * accumulator holds a diagonal (c00, c11) or an anti-diagonal (c01, c10) of a 2×2 block; they are sorted into
 * rows once at the end. Every entry sums the same products in the same order as a broadcast kernel (measured
 * 5–10 % faster here: two shuffles instead of four load-splats per step).
 */
function micro4x4(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let d00 = f64x2.splat(0); // rows 0–1 × columns 0–1: (c00, c11)
  let e00 = f64x2.splat(0); // (c01, c10)
  let d01 = f64x2.splat(0); // rows 0–1 × columns 2–3: (c02, c13)
  let e01 = f64x2.splat(0); // (c03, c12)
  let d10 = f64x2.splat(0); // rows 2–3 × columns 0–1
  let e10 = f64x2.splat(0);
  let d11 = f64x2.splat(0); // rows 2–3 × columns 2–3
  let e11 = f64x2.splat(0);
  for (let l = 0; l < kc; l++) {
    const a0 = v128.load(ap);
    const a1 = v128.load(ap, 16);
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const s0 = v128.shuffle<f64>(b0, b0, 1, 0);
    const s1 = v128.shuffle<f64>(b1, b1, 1, 0);
    d00 = fma2(a0, b0, d00);
    e00 = fma2(a0, s0, e00);
    d01 = fma2(a0, b1, d01);
    e01 = fma2(a0, s1, e01);
    d10 = fma2(a1, b0, d10);
    e10 = fma2(a1, s0, e10);
    d11 = fma2(a1, b1, d11);
    e11 = fma2(a1, s1, e11);
    ap += 32;
    bp += 32;
  }
  if (add) {
    addPairRows(c, ldc, d00, e00, d01, e01);
    addPairRows(c + 2 * ldc, ldc, d10, e10, d11, e11);
  } else {
    storePairRows(c, ldc, d00, e00, d01, e01);
    storePairRows(c + 2 * ldc, ldc, d10, e10, d11, e11);
  }
}

/**
 * Rows r, r + 1 of a 4-column C tile = the diagonal/anti-diagonal accumulators of micro4x4 (the first k panel: no
 * zeroed C to add to; an accumulator that starts at +0 is never −0, so this equals 0 + acc bit for bit).
 */
// @ts-ignore: decorator
@inline function storePairRows(r: usize, ldc: usize, d0: v128, e0: v128, d1: v128, e1: v128): void {
  v128.store(r, v128.shuffle<f64>(d0, e0, 0, 2));
  v128.store(r, v128.shuffle<f64>(d1, e1, 0, 2), 16);
  const r1 = r + ldc;
  v128.store(r1, v128.shuffle<f64>(e0, d0, 1, 3));
  v128.store(r1, v128.shuffle<f64>(e1, d1, 1, 3), 16);
}

/** Rows r, r + 1 of a 4-column C tile += the diagonal/anti-diagonal accumulators of micro4x4. */
// @ts-ignore: decorator
@inline function addPairRows(r: usize, ldc: usize, d0: v128, e0: v128, d1: v128, e1: v128): void {
  v128.store(r, f64x2.add(v128.load(r), v128.shuffle<f64>(d0, e0, 0, 2)));
  v128.store(r, f64x2.add(v128.load(r, 16), v128.shuffle<f64>(d1, e1, 0, 2)), 16);
  const r1 = r + ldc;
  v128.store(r1, f64x2.add(v128.load(r1), v128.shuffle<f64>(e0, d0, 1, 3)));
  v128.store(r1, f64x2.add(v128.load(r1, 16), v128.shuffle<f64>(e1, d1, 1, 3)), 16);
}

/** One packed block: C[ic:ic+mc, jc:jc+nc] += Ap · Bp (add) or = Ap · Bp (the first k panel). */
function gemmBlock(mc: i32, nc: i32, kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, edge: usize, add: bool): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const w = min(NR, nc - jr);
    const bpj = bp + (<usize>jr * <usize>kc << 3);
    for (let ir = 0; ir < mc; ir += MR) {
      const h = min(MR, mc - ir);
      const api = ap + (<usize>ir * <usize>kc << 3);
      const cij = c + <usize>ir * ldc + (<usize>jr << 3);
      if (w == NR && h == MR) {
        micro4x4(kc, api, bpj, cij, ldc, add);
      } else {
        micro4x4(kc, api, bpj, edge, NR * 8, false);
        for (let q = 0; q < h; q++) {
          for (let t = 0; t < w; t++) {
            const dst = cij + <usize>q * ldc + (<usize>t << 3);
            const v = load<f64>(edge + (<usize>(q * NR + t) << 3));
            store<f64>(dst, add ? load<f64>(dst) + v : v);
          }
        }
      }
    }
  }
}

/**
 * C[i0:i1, :] = A[i0:i1, :]·B, with A m×k, B k×n, C m×n row-major (C rows i0..i1 are overwritten).
 * `work` must hold GEMM_WORK_BYTES bytes private to the caller.
 */
export function gemmRows(n: i32, k: i32, a: usize, b: usize, c: usize, i0: i32, i1: i32, work: usize): void {
  const lda = <usize>k << 3;
  const ldb = <usize>n << 3;
  const ldc = <usize>n << 3;
  const m = i1 - i0;
  if (m <= 0 || n <= 0) return;
  const cBase = c + <usize>i0 * ldc;
  if (k <= 0) {
    memory.fill(cBase, 0, <usize>m * ldc);
    return;
  }
  const aBase = a + <usize>i0 * lda;
  const ap = work;
  const bp = work + (<usize>(GEMM_MC * GEMM_KC) << 3);
  const edge = bp + (<usize>(GEMM_KC * GEMM_NC) << 3);
  for (let jc = 0; jc < n; jc += GEMM_NC) {
    const nc = min(GEMM_NC, n - jc);
    for (let pc = 0; pc < k; pc += GEMM_KC) {
      const kc = min(GEMM_KC, k - pc);
      packB(kc, nc, b + <usize>pc * ldb + (<usize>jc << 3), ldb, bp);
      for (let ic = 0; ic < m; ic += GEMM_MC) {
        const mc = min(GEMM_MC, m - ic);
        packA(mc, kc, aBase + <usize>ic * lda + (<usize>pc << 3), lda, ap);
        // the first k panel writes C, the later ones add to it (no pass zeroing C first)
        gemmBlock(mc, nc, kc, ap, bp, cBase + <usize>ic * ldc + (<usize>jc << 3), ldc, edge, pc > 0);
      }
    }
  }
}

/** dst (cols×rows) = transpose of src (rows×cols), f64. */
export function transpose(rows: i32, cols: i32, src: usize, dst: usize): void {
  const B: i32 = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          store<f64>(dst + ((<usize>j * <usize>rows + <usize>i) << 3), load<f64>(src + ((<usize>i * <usize>cols + <usize>j) << 3)));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// bit-packed ±1 overlaps: out[r] = n − 2·popcount(ξ_r XOR σ), rows of `words64` 64-bit words

export function pmOverlaps(rows: i32, n: i32, words64: i32, data: usize, query: usize, out: usize, r0: i32, r1: i32): void {
  const rowBytes = <usize>words64 << 3;
  for (let r = r0; r < r1; r++) {
    const row = data + <usize>r * rowBytes;
    let d: i64 = 0;
    let w = 0;
    for (; w + 2 <= words64; w += 2) {
      const o = <usize>w << 3;
      d += popcnt<i64>(load<i64>(row + o) ^ load<i64>(query + o));
      d += popcnt<i64>(load<i64>(row + o, 8) ^ load<i64>(query + o, 8));
    }
    if (w < words64) {
      const o = <usize>w << 3;
      d += popcnt<i64>(load<i64>(row + o) ^ load<i64>(query + o));
    }
    store<i32>(out + (<usize>r << 2), n - 2 * <i32>d);
  }
}

// ---------------------------------------------------------------------------------------------------------
// reductions and element-wise maps on f64 vectors

/** max_i β·x_i over i0 ≤ i < i1 (−∞ for an empty range; NaN lanes are skipped like the reference). */
export function scaledMax(x: usize, beta: f64, i0: i32, i1: i32): f64 {
  let mv = f64x2.splat(-Infinity);
  const bv = f64x2.splat(beta);
  let i = i0;
  for (; i + 2 <= i1; i += 2) mv = f64x2.pmax(mv, f64x2.mul(bv, v128.load(x + (<usize>i << 3))));
  let m = max(f64x2.extract_lane(mv, 0), f64x2.extract_lane(mv, 1));
  for (; i < i1; i++) {
    const v = beta * load<f64>(x + (<usize>i << 3));
    if (v > m) m = v;
  }
  return m;
}

/** Σ_i exp(β·x_i − shift) over i0 ≤ i < i1 (every argument ≤ 0 when shift is the maximum). */
export function sumExpShifted(x: usize, beta: f64, shift: f64, i0: i32, i1: i32): f64 {
  let sv = f64x2.splat(0);
  const bv = f64x2.splat(beta);
  const mv = f64x2.splat(shift);
  const lo = f64x2.splat(EXP_LO);
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const z = f64x2.sub(f64x2.mul(bv, v128.load(x + (<usize>i << 3))), mv);
    // arguments below EXP_LO contribute < 1e-307 relative to the maximum term: drop them (NaN stays NaN)
    const e = v128.andnot(exp2v(clampLo(z, lo)), f64x2.lt(z, lo));
    sv = f64x2.add(sv, e);
  }
  let s = hsum(sv);
  for (; i < i1; i++) s += expScalar(beta * load<f64>(x + (<usize>i << 3)) - shift);
  return s;
}

/**
 * One pass of log-sum-exp over x[i0:i1]: blocks of 512 values (in L1 for the second look) with a running maximum;
 * writes m = max β·x_i and s = Σ e^{β·x_i − m} to out (two f64). NaN values make s NaN; m = −∞ if all are −∞.
 */
export function lseRange(x: usize, beta: f64, i0: i32, i1: i32, out: usize): void {
  let m: f64 = -Infinity;
  let s: f64 = 0;
  for (let b0 = i0; b0 < i1; b0 += 512) {
    const b1 = min(i1, b0 + 512);
    const bm = scaledMax(x, beta, b0, b1);
    if (bm > m) {
      if (m != -Infinity) s *= expScalar(m - bm);
      m = bm;
    }
    if (m == -Infinity) {
      // nothing but −∞ (or NaN) so far: a NaN must still poison the sum
      for (let i = b0; i < b1; i++) {
        const v = load<f64>(x + (<usize>i << 3));
        if (v != v) s = v;
      }
      continue;
    }
    if (m == Infinity) continue;
    s += sumExpShifted(x, beta, m, b0, b1);
  }
  store<f64>(out, m);
  store<f64>(out, s, 8);
}

/** out_i = f(β·x_i) for i0 ≤ i < i1, f = exp (kind 0), tanh (1), sign (2, ties to +1). */
export function mapScaled(kind: i32, x: usize, out: usize, beta: f64, i0: i32, i1: i32): void {
  const bv = f64x2.splat(beta);
  let i = i0;
  if (kind == 0) {
    const lo = f64x2.splat(EXP_LO);
    const hi = f64x2.splat(EXP_HI);
    for (; i + 2 <= i1; i += 2) {
      const o = <usize>i << 3;
      const z = f64x2.mul(bv, v128.load(x + o));
      if (i64x2.all_true(v128.and(f64x2.ge(z, lo), f64x2.le(z, hi)))) {
        v128.store(out + o, exp2v(z));
      } else {
        store<f64>(out + o, expScalar(f64x2.extract_lane(z, 0)));
        store<f64>(out + o, expScalar(f64x2.extract_lane(z, 1)), 8);
      }
    }
    for (; i < i1; i++) {
      const o = <usize>i << 3;
      store<f64>(out + o, expScalar(beta * load<f64>(x + o)));
    }
  } else if (kind == 1) {
    // tanh z = sign(z)·(1 − t)/(1 + t), t = e^(−2|z|); t underflows to 0 for |z| > 354 (tanh = ±1 exactly)
    const lo = f64x2.splat(EXP_LO);
    const one = f64x2.splat(1.0);
    const signBit = i64x2.splat(0x8000000000000000);
    for (; i + 2 <= i1; i += 2) {
      const o = <usize>i << 3;
      const z = f64x2.mul(bv, v128.load(x + o));
      const a = f64x2.mul(f64x2.abs(z), f64x2.splat(-2.0));
      const t = v128.andnot(exp2v(clampLo(a, lo)), f64x2.lt(a, lo));
      let r = f64x2.div(f64x2.sub(one, t), f64x2.add(one, t));
      r = v128.or(r, v128.and(z, signBit));
      v128.store(out + o, r);
    }
    for (; i < i1; i++) {
      const o = <usize>i << 3;
      const z = beta * load<f64>(x + o);
      let r: f64;
      if (z != z) r = z;
      else {
        const t = expScalar(-2.0 * abs(z));
        r = (1.0 - t) / (1.0 + t);
        if (z < 0) r = -r;
      }
      store<f64>(out + o, r);
    }
  } else {
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1.0);
    const mone = f64x2.splat(-1.0);
    for (; i + 2 <= i1; i += 2) {
      const o = <usize>i << 3;
      const z = f64x2.mul(bv, v128.load(x + o));
      v128.store(out + o, v128.bitselect(mone, one, f64x2.lt(z, zero)));
    }
    for (; i < i1; i++) {
      const o = <usize>i << 3;
      store<f64>(out + o, beta * load<f64>(x + o) < 0 ? -1.0 : 1.0);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// dense-memory attention step, one pass over Ξ with an online softmax (paper 001 Eq. 2):
// s_μ = λ ξ_μ·x, a = softmax(s), y = Σ_μ a_μ ξ_μ, for Ξ (P×N, f32) and x, y (f64).

const ATT_BLOCK: i32 = 64;
/** Scratch bytes one attention call (one thread) needs: block scores + N accumulators + 4 scalars. */
export function attentionWorkBytes(n: i32): i32 {
  return (ATT_BLOCK + n + 4) << 3;
}

/**
 * Patterns μ0 ≤ μ < μ1: writes the unnormalized partial sums y_part[i] = Σ_μ e^{s_μ − m} ξ_μi to `work` + 8·BLOCK,
 * m (the running maximum) and z = Σ_μ e^{s_μ − m} to the two f64 after it, and raw scores s_μ to `scores`
 * (if nonzero). The host combines the partials of several ranges and normalizes.
 */
export function attentionRange(
  n: i32, xi: usize, x: usize, lambda: f64, scores: usize, work: usize, mu0: i32, mu1: i32,
): void {
  const sb = work;
  const acc = work + (<usize>ATT_BLOCK << 3);
  const res = acc + (<usize>n << 3);
  const rowBytes = <usize>n << 2;
  const n4 = n & ~3;
  memory.fill(acc, 0, <usize>n << 3);
  let m: f64 = -Infinity;
  let z: f64 = 0;
  const lo = f64x2.splat(EXP_LO);
  for (let b0 = mu0; b0 < mu1; b0 += ATT_BLOCK) {
    const b1 = min(mu1, b0 + ATT_BLOCK);
    const cnt = b1 - b0;
    // scores of the block
    let bm: f64 = -Infinity;
    for (let q = 0; q < cnt; q++) {
      const row = xi + <usize>(b0 + q) * rowBytes;
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let i = 0;
      for (; i < n4; i += 4) {
        const o = <usize>i << 2;
        const xo = x + (<usize>i << 3);
        s0 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(row + o)), v128.load(xo), s0);
        s1 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(row + o, 8)), v128.load(xo, 16), s1);
      }
      let s = hsum(f64x2.add(s0, s1));
      for (; i < n; i++) s += <f64>load<f32>(row + (<usize>i << 2)) * load<f64>(x + (<usize>i << 3));
      s *= lambda;
      store<f64>(sb + (<usize>q << 3), s);
      if (s > bm) bm = s;
    }
    if (scores != 0) memory.copy(scores + (<usize>b0 << 3), sb, <usize>cnt << 3);
    if (bm > m) {
      // rescale what was accumulated under the old maximum
      if (m != -Infinity) {
        const c = expScalar(m - bm);
        z *= c;
        const cv = f64x2.splat(c);
        let i = 0;
        for (; i + 2 <= n; i += 2) {
          const o = acc + (<usize>i << 3);
          v128.store(o, f64x2.mul(v128.load(o), cv));
        }
        if (i < n) store<f64>(acc + (<usize>i << 3), load<f64>(acc + (<usize>i << 3)) * c);
      }
      m = bm;
    }
    if (m == -Infinity) continue; // every score −∞ so far (e.g. λ·s = −∞): nothing to add
    // weights of the block, vectorized exp
    const mv = f64x2.splat(m);
    let zv = f64x2.splat(0);
    let q = 0;
    for (; q + 2 <= cnt; q += 2) {
      const o = sb + (<usize>q << 3);
      const a = f64x2.sub(v128.load(o), mv);
      const e = v128.andnot(exp2v(clampLo(a, lo)), f64x2.lt(a, lo));
      v128.store(o, e);
      zv = f64x2.add(zv, e);
    }
    z += hsum(zv);
    for (; q < cnt; q++) {
      const o = sb + (<usize>q << 3);
      const e = expScalar(load<f64>(o) - m);
      store<f64>(o, e);
      z += e;
    }
    // y += Σ_q w_q ξ_q, two patterns at a time to halve the accumulator traffic
    q = 0;
    for (; q + 2 <= cnt; q += 2) {
      const w0 = v128.load64_splat(sb + (<usize>q << 3));
      const w1 = v128.load64_splat(sb + (<usize>q << 3), 8);
      const r0 = xi + <usize>(b0 + q) * rowBytes;
      const r1 = r0 + rowBytes;
      let i = 0;
      for (; i < n4; i += 4) {
        const o = <usize>i << 2;
        const ao = acc + (<usize>i << 3);
        let a0 = v128.load(ao);
        let a1 = v128.load(ao, 16);
        a0 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(r0 + o)), w0, a0);
        a1 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(r0 + o, 8)), w0, a1);
        a0 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(r1 + o)), w1, a0);
        a1 = fma2(f64x2.promote_low_f32x4(v128.load64_zero(r1 + o, 8)), w1, a1);
        v128.store(ao, a0);
        v128.store(ao, a1, 16);
      }
      const s0 = f64x2.extract_lane(w0, 0);
      const s1 = f64x2.extract_lane(w1, 0);
      for (; i < n; i++) {
        const ao = acc + (<usize>i << 3);
        store<f64>(ao, load<f64>(ao) + s0 * <f64>load<f32>(r0 + (<usize>i << 2)) + s1 * <f64>load<f32>(r1 + (<usize>i << 2)));
      }
    }
    if (q < cnt) {
      const s0 = load<f64>(sb + (<usize>q << 3));
      const r0 = xi + <usize>(b0 + q) * rowBytes;
      for (let i = 0; i < n; i++) {
        const ao = acc + (<usize>i << 3);
        store<f64>(ao, load<f64>(ao) + s0 * <f64>load<f32>(r0 + (<usize>i << 2)));
      }
    }
  }
  store<f64>(res, m);
  store<f64>(res, z, 8);
}

/** scores[μ] ← exp(scores[μ] − m)·invZ for μ0 ≤ μ < μ1 (turns raw scores into softmax weights). */
export function softmaxFinish(scores: usize, m: f64, invZ: f64, mu0: i32, mu1: i32): void {
  const mv = f64x2.splat(m);
  const iv = f64x2.splat(invZ);
  const lo = f64x2.splat(EXP_LO);
  let i = mu0;
  for (; i + 2 <= mu1; i += 2) {
    const o = scores + (<usize>i << 3);
    const a = f64x2.sub(v128.load(o), mv);
    v128.store(o, f64x2.mul(v128.andnot(exp2v(clampLo(a, lo)), f64x2.lt(a, lo)), iv));
  }
  for (; i < mu1; i++) {
    const o = scores + (<usize>i << 3);
    store<f64>(o, expScalar(load<f64>(o) - m) * invZ);
  }
}

// ---------------------------------------------------------------------------------------------------------
// pseudo-likelihood epilogue (paper 000 Eqs. 4, 7), fused: one pass over the P×N fields

/**
 * log1p(e) on two lanes for e ∈ [0, 1]: with m = 1 + e (halved when e > √2 − 1), log m = 2·atanh(s),
 * s = (m − 1)/(m + 1) ∈ [−0.172, 0.172], by the odd series 2s·Σ_k s^{2k}/(2k + 1) to k = 10 (truncation
 * < 1e-18 relative). Relative error ≲ 2 ulp.
 */
// @ts-ignore: decorator
@inline function log1pUnit(e: v128): v128 {
  const big = f64x2.gt(e, kv(K_SQRT2M1));
  const num = v128.bitselect(f64x2.sub(e, kv(K_ONE)), e, big);
  const den = f64x2.add(e, v128.bitselect(kv(K_THREE), kv(K_TWO), big));
  const s = f64x2.div(num, den);
  // |s| < 1e-18: the series is 2s to the last bit; flushing w keeps w⁸ out of the (slow) subnormal range
  const sc = v128.andnot(s, f64x2.lt(f64x2.abs(s), kv(K_TINY)));
  const w = f64x2.mul(sc, sc);
  const w2 = f64x2.mul(w, w);
  const w4 = f64x2.mul(w2, w2);
  const w8 = f64x2.mul(w4, w4);
  // 1 + w/3 + w²/5 + … + w¹⁰/21 by Estrin's scheme
  const a0 = fma2(w, kv(K_L3), kv(K_ONE));
  const a1 = fma2(w, kv(K_L3 + 32), kv(K_L3 + 16));
  const a2 = fma2(w, kv(K_L3 + 64), kv(K_L3 + 48));
  const a3 = fma2(w, kv(K_L3 + 96), kv(K_L3 + 80));
  const a4 = fma2(w, kv(K_L3 + 128), kv(K_L3 + 112));
  const b0 = fma2(w2, a1, a0);
  const b1 = fma2(w2, a3, a2);
  const c0 = fma2(w4, b1, b0);
  const c1 = fma2(w2, kv(K_L3 + 144), a4);
  const poly = fma2(w8, c1, c0);
  const two_s = f64x2.add(s, s);
  return f64x2.add(f64x2.mul(two_s, poly), v128.and(kv(K_LN2), big));
}

/** e = e^{−|z|} on two lanes, 0 below e^{−600} (no subnormal arithmetic). */
// @ts-ignore: decorator
@inline function plExp(z: v128, lo: v128): v128 {
  const a = f64x2.neg(f64x2.abs(z));
  return v128.andnot(exp2v(clampLo(a, lo)), f64x2.lt(a, lo));
}

/** coef = c·x·(1 − tanh(z/2)) = c·x·2/(1 + e^z), from e = e^{−|z|}. */
// @ts-ignore: decorator
@inline function plCoef(z: v128, e: v128, xv: v128, cv: v128): v128 {
  const pos = f64x2.ge(z, kv(K_ZERO));
  const g = f64x2.div(f64x2.add(v128.bitselect(e, kv(K_ONE), pos), v128.bitselect(e, kv(K_ONE), pos)), f64x2.add(kv(K_ONE), e));
  return f64x2.mul(f64x2.mul(cv, xv), g);
}

/** The loss terms log(1 + e^{−z}) = max(−z, 0) + log1p(e^{−|z|}), from e = e^{−|z|}. */
// @ts-ignore: decorator
@inline function plLoss(z: v128, e: v128): v128 {
  const negz = f64x2.neg(z);
  return f64x2.add(v128.bitselect(negz, kv(K_ZERO), f64x2.gt(negz, kv(K_ZERO))), log1pUnit(e));
}

/**
 * Two entries of the epilogue: Δ = x·f − sh, z = 2λΔ; stores coef = c·x·(1 − tanh(z/2)) = c·x·2/(1 + e^z) and
 * returns the loss terms log(1 + e^{−z}) = max(−z, 0) + log1p(e^{−|z|}).
 */
// @ts-ignore: decorator
@inline function plPair(xv: v128, fv: v128, sv: v128, lam2: v128, cv: v128, lo: v128, dst: usize): v128 {
  const z = f64x2.mul(lam2, f64x2.sub(f64x2.mul(xv, fv), sv));
  const e = plExp(z, lo);
  v128.store(dst, plCoef(z, e, xv, cv));
  return plLoss(z, e);
}

/**
 * Pseudo-likelihood epilogue over rows r0 ≤ μ < r1 of P×N arrays: Δ_μi = x_μi·f_μi − shift_i (shift = 0 when
 * the pointer is 0), coef_μi = c·x_μi·(1 − tanh(λΔ_μi)); writes Σ log(1 + e^{−2λΔ_μi}) (one f64) to out.
 */
export function plEpilogueRange(n: i32, x: usize, f: usize, shift: usize, lambda: f64, c: f64, coef: usize, r0: i32, r1: i32, out: usize): void {
  const lam2 = f64x2.splat(2.0 * lambda);
  const cv = f64x2.splat(c);
  const lo = kv(K_EPI_LO); // e^{−600} < 1e-260: below it the terms are 0 (no subnormal arithmetic)
  let acc = f64x2.splat(0);
  const rowBytes = <usize>n << 3;
  const n2 = n & ~1;
  for (let r = r0; r < r1; r++) {
    const base = <usize>r * rowBytes;
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      const sv = shift ? v128.load(shift + o) : kv(K_ZERO);
      acc = f64x2.add(acc, plPair(v128.load(x + base + o), v128.load(f + base + o), sv, lam2, cv, lo, coef + base + o));
    }
    if (j < n) {
      // last column: one lane used, the other set to a harmless value and discarded
      const o = <usize>j << 3;
      const sv = f64x2.splat(shift ? load<f64>(shift + o) : 0.0);
      const xs = load<f64>(x + base + o);
      const tmp = out + 16; // two f64 of scratch after the result
      const t = plPair(f64x2.splat(xs), f64x2.splat(load<f64>(f + base + o)), sv, lam2, cv, lo, tmp);
      store<f64>(coef + base + o, load<f64>(tmp));
      acc = f64x2.add(acc, f64x2.replace_lane(t, 1, 0.0));
    }
  }
  store<f64>(out, hsum(acc));
}

// ---------------------------------------------------------------------------------------------------------
// products with a ±1 matrix stored as its minority entries: S = v(2B − 1), B_rk = 1 where S_rk = v

/** colsum_j = Σ_k M[k,j] over the K×n matrix M (rows summed in order). */
export function columnSums(rows: i32, n: i32, m: usize, out: usize): void {
  memory.fill(out, 0, <usize>n << 3);
  const n2 = n & ~1;
  for (let r = 0; r < rows; r++) {
    const base = m + <usize>r * (<usize>n << 3);
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), v128.load(base + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 3;
      store<f64>(out + o, load<f64>(out + o) + load<f64>(base + o));
    }
  }
}

/**
 * Rows r0 ≤ r < r1 of out = S·M for a ±1 matrix S (R×K) given by the column indices of its entries equal to v
 * (CSR: offsets, indices) and M (K×n, f64): out_r = v·(2·Σ_{k ∈ row r} M_k − colsum), colsum = Σ_k M_k. Additions
 * only: nnz·n instead of the R·K·n multiply-adds of a GEMM.
 */
export function pmSparseRows(n: i32, offsets: usize, indices: usize, m: usize, colsum: usize, v: f64, out: usize, r0: i32, r1: i32): void {
  const rowBytes = <usize>n << 3;
  const n2 = n & ~1;
  const twoV = f64x2.splat(2.0 * v);
  const vv = f64x2.splat(v);
  for (let r = r0; r < r1; r++) {
    const dst = out + <usize>r * rowBytes;
    memory.fill(dst, 0, rowBytes);
    const e1 = load<i32>(offsets + (<usize>(r + 1) << 2));
    for (let e = load<i32>(offsets + (<usize>r << 2)); e < e1; e++) {
      const src = m + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes;
      let j = 0;
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        v128.store(dst + o, f64x2.add(v128.load(dst + o), v128.load(src + o)));
      }
      for (; j < n; j++) {
        const o = <usize>j << 3;
        store<f64>(dst + o, load<f64>(dst + o) + load<f64>(src + o));
      }
    }
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.sub(f64x2.mul(twoV, v128.load(dst + o)), f64x2.mul(vv, v128.load(colsum + o))));
    }
    for (; j < n; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, 2.0 * v * load<f64>(dst + o) - v * load<f64>(colsum + o));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// label neurons (src/core/models/pseudolikelihoodClassifier.ts): one training epoch on ±1 inputs stored by their
// minority entries, fused — the two products, the epilogue and the step in one pass over the entries

/**
 * One epoch of label-neuron training for P inputs S (P×N, ±1, CSR of the entries equal to v: offsets, indices)
 * with labels y (P×L) and transposed couplings Wᵀ (wt, N×L, updated in place). Per row μ in order: fields
 * h_μ = v·(2·Σ_{k ∈ row μ} Wᵀ_k − Σ_k Wᵀ_k) (pmSparseRows' sums, accumulated in registers), coefficients and loss
 * terms of plEpilogueRange (x = y, f = h, no shift), then Gᵀ_k += coef_μ at the row's entries and colsum += coef_μ.
 * The additions of every entry of H, Gᵀ and the loss are those of pmSparseRows (on S and on Sᵀ, whose rows list μ
 * in increasing order), columnSums and plEpilogueRange (one range) in the same order, so the epoch gives the same
 * numbers as those kernels run one after another. Last: g = v·(2Gᵀ − colsum) (+ l2·Wᵀ when l2 > 0) and
 * Wᵀ ← Wᵀ − lr·g. work: 4L + 2 + N·L f64 of scratch; out: [Σ log(1 + e^{−2λ y h}), ‖W‖² (when l2 > 0, summed in
 * the order of W, L×N)].
 */
export function labelEpochSparse(p: i32, n: i32, l: i32, offsets: usize, indices: usize, v: f64, y: usize, wt: usize, lambda: f64, c: f64, lr: f64, l2: f64, work: usize, out: usize): void {
  const rowBytes = <usize>l << 3;
  const csW = work;
  const csC = csW + rowBytes;
  const hrow = csC + rowBytes;
  const crow = hrow + rowBytes;
  const tmp = crow + rowBytes; // two f64 for the coefficient of an odd last label
  const gt = tmp + 16;
  let sq = 0.0;
  if (l2 > 0) {
    for (let cc = 0; cc < l; cc++) {
      for (let j = 0; j < n; j++) {
        const w = load<f64>(wt + <usize>(j * l + cc) * 8);
        sq += w * w;
      }
    }
  }
  columnSums(n, l, wt, csW);
  memory.fill(csC, 0, rowBytes);
  memory.fill(gt, 0, <usize>n * rowBytes);
  const lam2 = f64x2.splat(2.0 * lambda);
  const cv = f64x2.splat(c);
  const lo = kv(K_EPI_LO);
  let acc = f64x2.splat(0);
  const lp = l & ~1;
  for (let r = 0; r < p; r++) {
    const e0 = load<i32>(offsets + (<usize>r << 2));
    const e1 = load<i32>(offsets + (<usize>(r + 1) << 2));
    labelFieldsRow(l, e0, e1, indices, wt, v, csW, hrow);
    const yrow = y + <usize>r * rowBytes;
    let j = 0;
    for (; j < lp; j += 2) {
      const o = <usize>j << 3;
      acc = f64x2.add(acc, plPair(v128.load(yrow + o), v128.load(hrow + o), kv(K_ZERO), lam2, cv, lo, crow + o));
      v128.store(csC + o, f64x2.add(v128.load(csC + o), v128.load(crow + o)));
    }
    if (j < l) {
      const o = <usize>j << 3;
      const t = plPair(f64x2.splat(load<f64>(yrow + o)), f64x2.splat(load<f64>(hrow + o)), f64x2.splat(0.0), lam2, cv, lo, tmp);
      store<f64>(crow + o, load<f64>(tmp));
      acc = f64x2.add(acc, f64x2.replace_lane(t, 1, 0.0));
      store<f64>(csC + o, load<f64>(csC + o) + load<f64>(crow + o));
    }
    labelScatterRow(l, e0, e1, indices, crow, gt);
  }
  labelStep(n, l, gt, csC, v, wt, lr, l2);
  store<f64>(out, hsum(acc));
  store<f64>(out + 8, sq);
}

/**
 * h = v·(2·Σ_{e0 ≤ e < e1} Wᵀ_{indices[e]} − colsum) for one row: up to six label pairs per pass over the entries
 * (sums in registers; the tests on the pair count do not change within the row), then an odd last label.
 */
// @ts-ignore: decorator
@inline function labelFieldsRow(l: i32, e0: i32, e1: i32, indices: usize, wt: usize, v: f64, colsum: usize, h: usize): void {
  const rowBytes = <usize>l << 3;
  const twoV = f64x2.splat(2.0 * v);
  const vv = f64x2.splat(v);
  const lp = l & ~1;
  let j = 0;
  for (; j < lp; j += 12) {
    const np = min(6, (lp - j) >> 1);
    const jo = <usize>j << 3;
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let a4 = a0;
    let a5 = a0;
    for (let e = e0; e < e1; e++) {
      const src = wt + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jo;
      a0 = f64x2.add(a0, v128.load(src));
      if (np > 1) a1 = f64x2.add(a1, v128.load(src, 16));
      if (np > 2) a2 = f64x2.add(a2, v128.load(src, 32));
      if (np > 3) a3 = f64x2.add(a3, v128.load(src, 48));
      if (np > 4) a4 = f64x2.add(a4, v128.load(src, 64));
      if (np > 5) a5 = f64x2.add(a5, v128.load(src, 80));
    }
    const cs = colsum + jo;
    const dst = h + jo;
    v128.store(dst, f64x2.sub(f64x2.mul(twoV, a0), f64x2.mul(vv, v128.load(cs))));
    if (np > 1) v128.store(dst, f64x2.sub(f64x2.mul(twoV, a1), f64x2.mul(vv, v128.load(cs, 16))), 16);
    if (np > 2) v128.store(dst, f64x2.sub(f64x2.mul(twoV, a2), f64x2.mul(vv, v128.load(cs, 32))), 32);
    if (np > 3) v128.store(dst, f64x2.sub(f64x2.mul(twoV, a3), f64x2.mul(vv, v128.load(cs, 48))), 48);
    if (np > 4) v128.store(dst, f64x2.sub(f64x2.mul(twoV, a4), f64x2.mul(vv, v128.load(cs, 64))), 64);
    if (np > 5) v128.store(dst, f64x2.sub(f64x2.mul(twoV, a5), f64x2.mul(vv, v128.load(cs, 80))), 80);
  }
  if (lp < l) {
    const jo = <usize>lp << 3;
    let a = 0.0;
    for (let e = e0; e < e1; e++) a = a + load<f64>(wt + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jo);
    store<f64>(h + jo, 2.0 * v * a - v * load<f64>(colsum + jo));
  }
}

/** Gᵀ_k += coef for the entries k = indices[e0 … e1) of one row: up to six label pairs per pass, then one. */
// @ts-ignore: decorator
@inline function labelScatterRow(l: i32, e0: i32, e1: i32, indices: usize, coef: usize, gt: usize): void {
  const rowBytes = <usize>l << 3;
  const lp = l & ~1;
  for (let j = 0; j < lp; j += 12) {
    const np = min(6, (lp - j) >> 1);
    const jo = <usize>j << 3;
    const c0 = v128.load(coef + jo);
    const c1 = np > 1 ? v128.load(coef + jo, 16) : c0;
    const c2 = np > 2 ? v128.load(coef + jo, 32) : c0;
    const c3 = np > 3 ? v128.load(coef + jo, 48) : c0;
    const c4 = np > 4 ? v128.load(coef + jo, 64) : c0;
    const c5 = np > 5 ? v128.load(coef + jo, 80) : c0;
    for (let e = e0; e < e1; e++) {
      const dst = gt + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jo;
      v128.store(dst, f64x2.add(v128.load(dst), c0));
      if (np > 1) v128.store(dst, f64x2.add(v128.load(dst, 16), c1), 16);
      if (np > 2) v128.store(dst, f64x2.add(v128.load(dst, 32), c2), 32);
      if (np > 3) v128.store(dst, f64x2.add(v128.load(dst, 48), c3), 48);
      if (np > 4) v128.store(dst, f64x2.add(v128.load(dst, 64), c4), 64);
      if (np > 5) v128.store(dst, f64x2.add(v128.load(dst, 80), c5), 80);
    }
  }
  if (lp < l) {
    const jo = <usize>lp << 3;
    const c0 = load<f64>(coef + jo);
    for (let e = e0; e < e1; e++) {
      const dst = gt + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jo;
      store<f64>(dst, load<f64>(dst) + c0);
    }
  }
}

/** The step of an epoch: g = v·(2Gᵀ − colsum) (+ l2·Wᵀ when l2 > 0), Wᵀ ← Wᵀ − lr·g, over the N×L arrays. */
// @ts-ignore: decorator
@inline function labelStep(n: i32, l: i32, gt: usize, colsum: usize, v: f64, wt: usize, lr: f64, l2: f64): void {
  const rowBytes = <usize>l << 3;
  const lp = l & ~1;
  const twoV = f64x2.splat(2.0 * v);
  const vv = f64x2.splat(v);
  const lrv = f64x2.splat(lr);
  const l2v = f64x2.splat(l2);
  const decay = l2 > 0;
  for (let k = 0; k < n; k++) {
    const g0 = gt + <usize>k * rowBytes;
    const w0 = wt + <usize>k * rowBytes;
    let j = 0;
    for (; j < lp; j += 2) {
      const o = <usize>j << 3;
      const w = v128.load(w0 + o);
      let g = f64x2.sub(f64x2.mul(twoV, v128.load(g0 + o)), f64x2.mul(vv, v128.load(colsum + o)));
      if (decay) g = f64x2.add(g, f64x2.mul(l2v, w));
      v128.store(w0 + o, f64x2.sub(w, f64x2.mul(lrv, g)));
    }
    if (j < l) {
      const o = <usize>j << 3;
      const w = load<f64>(w0 + o);
      let g = 2.0 * v * load<f64>(g0 + o) - v * load<f64>(colsum + o);
      if (decay) g = g + l2 * w;
      store<f64>(w0 + o, w - lr * g);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// pseudo-likelihood Gram form: the per-epoch passes after the epilogue (paper 000 Eq. 7 written in A)

/**
 * The Gram form's epoch pass, fused: for column pairs q0 ≤ q < q1 (columns 2q0 … min(n, 2q1)) of the P×N
 * arrays and every row in order, the epilogue of plEpilogueRange with shift d (coef, not stored), then
 * cd_j += coef_μj·x_μj and a_μj ← shrink·a_μj − lr·coef_μj. Writes the range's Σ log(1 + e^{−2λΔ}) to out.
 * One sweep reads x, f and a once and writes a (the separate passes also wrote and re-read coef and x).
 */
export function plGramStep(p: i32, n: i32, x: usize, f: usize, d: usize, lambda: f64, c: f64, a: usize, shrink: f64, lr: f64, cd: usize, q0: i32, q1: i32, out: usize): void {
  const lam2 = f64x2.splat(2.0 * lambda);
  const cv = f64x2.splat(c);
  const sv = f64x2.splat(shrink);
  const lv = f64x2.splat(lr);
  const lo = kv(K_EPI_LO);
  const j0 = q0 << 1;
  const j1 = min(n, q1 << 1);
  const jEnd2 = j0 + ((j1 - j0) & ~1);
  let acc = f64x2.splat(0);
  for (let r = 0; r < p; r++) {
    const base = <usize>r * (<usize>n << 3);
    for (let j = j0; j < jEnd2; j += 2) {
      const o = base + (<usize>j << 3);
      const jo = <usize>j << 3;
      const xv = v128.load(x + o);
      const z = f64x2.mul(lam2, f64x2.sub(f64x2.mul(xv, v128.load(f + o)), v128.load(d + jo)));
      const e = plExp(z, lo);
      const coef = plCoef(z, e, xv, cv);
      acc = f64x2.add(acc, plLoss(z, e));
      v128.store(cd + jo, f64x2.add(v128.load(cd + jo), f64x2.mul(coef, xv)));
      v128.store(a + o, f64x2.sub(f64x2.mul(sv, v128.load(a + o)), f64x2.mul(lv, coef)));
    }
    if (jEnd2 < j1) {
      // the last column when n is odd: both lanes carry it, lane 0 is kept
      const o = base + (<usize>jEnd2 << 3);
      const jo = <usize>jEnd2 << 3;
      const xs = load<f64>(x + o);
      const xv = f64x2.splat(xs);
      const z = f64x2.mul(lam2, f64x2.sub(f64x2.mul(xv, f64x2.splat(load<f64>(f + o))), f64x2.splat(load<f64>(d + jo))));
      const e = plExp(z, lo);
      const coef = f64x2.extract_lane(plCoef(z, e, xv, cv), 0);
      acc = f64x2.add(acc, f64x2.replace_lane(plLoss(z, e), 1, 0.0));
      store<f64>(cd + jo, load<f64>(cd + jo) + coef * xs);
      store<f64>(a + o, shrink * load<f64>(a + o) - lr * coef);
    }
  }
  store<f64>(out, hsum(acc));
}

/**
 * out_r = x_r·(radius/‖x_r‖) for rows × n f64 at x, stored as f32 at out: the sum of squares in row order (a
 * sequential f64 chain, as the plain loop adds), then the products in f64 pairs rounded to f32 (round to nearest,
 * as a Float32Array store rounds).
 */
export function scaleRowsF32(rows: i32, n: i32, x: usize, radius: f64, out: usize): void {
  const n2 = n & ~1;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * (<usize>n << 3);
    const orow = out + <usize>r * (<usize>n << 2);
    let s = 0.0;
    for (let i = 0; i < n; i++) {
      const v = load<f64>(xr + (<usize>i << 3));
      s += v * v;
    }
    const f = radius / Math.sqrt(s);
    const fv = f64x2.splat(f);
    let i = 0;
    for (; i < n2; i += 2) {
      const v = f32x4.demote_f64x2_zero(f64x2.mul(v128.load(xr + (<usize>i << 3)), fv));
      v128.store64_lane(orow + (<usize>i << 2), v, 0);
    }
    if (i < n) store<f32>(orow + (<usize>i << 2), <f32>(load<f64>(xr + (<usize>i << 3)) * f));
  }
}

/** Columns j0 ≤ j < j1: q_j += Σ_μ a_μj·f_μj over the P×N arrays (rows summed in order as the scalar loop does). */
export function columnDots(p: i32, n: i32, a: usize, f: usize, q: usize, j0: i32, j1: i32): void {
  const jEnd2 = j0 + ((j1 - j0) & ~1);
  for (let r = 0; r < p; r++) {
    const base = <usize>r * (<usize>n << 3);
    let j = j0;
    for (; j < jEnd2; j += 2) {
      const o = base + (<usize>j << 3);
      const qo = q + (<usize>j << 3);
      v128.store(qo, f64x2.add(v128.load(qo), f64x2.mul(v128.load(a + o), v128.load(f + o))));
    }
    for (; j < j1; j++) {
      const o = base + (<usize>j << 3);
      const qo = q + (<usize>j << 3);
      store<f64>(qo, load<f64>(qo) + load<f64>(a + o) * load<f64>(f + o));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// ziggurat normal deviates (the bit generator runs here instead of in JavaScript's 32-bit halves)

// @ts-ignore: decorator
@inline function rotl64(x: u64, r: u64): u64 {
  return (x << r) | (x >>> (64 - r));
}

/**
 * The ziggurat of src/core/rng on the xoroshiro128+ state at st (the four 32-bit words s0_hi, s0_lo, s1_hi,
 * s1_lo in pure-rand's order; each step outputs the low word of s0 + s1). Per deviate: a = first output,
 * b = second, layer i = a & 255, z = ((a >>> 9)·2³² + b)·2⁻⁵⁵·x[i] (x: the 257-entry table at xt, f = e^{−x²/2}
 * at ft), accepted when z < x[i+1] (sign from bit 8 of a). Otherwise the wedge test with u from two more steps,
 * f[i] + u·(f[i+1] − f[i]) < e^{−z²/2}, decided here when the two sides differ by more than 1e-12 relative
 * (this exp is within a few ulp of JavaScript's), a rejected draw starting over with fresh bits. The tail
 * (layer 0) and a too-close wedge test stop the loop: returns that k with z in out[k], a in st[4] and the state
 * as it was before u was drawn, so the caller finishes the draw exactly as the JavaScript slow path does.
 * Returns `to` when out[from:to] is filled.
 */
export function zigguratFast(st: usize, xt: usize, ft: usize, out: usize, from: i32, to: i32): i32 {
  let s0: u64 = (<u64>load<u32>(st) << 32) | <u64>load<u32>(st, 4);
  let s1: u64 = (<u64>load<u32>(st, 8) << 32) | <u64>load<u32>(st, 12);
  let k = from;
  while (k < to) {
    const a = <u32>(s0 + s1);
    let t = s1 ^ s0;
    s0 = rotl64(s0, 24) ^ t ^ (t << 16);
    s1 = rotl64(t, 37);
    const b = <u32>(s0 + s1);
    t = s1 ^ s0;
    s0 = rotl64(s0, 24) ^ t ^ (t << 16);
    s1 = rotl64(t, 37);
    const i = <usize>(a & 255);
    const u = <f64>(<i64>((<u64>(a >>> 9) << 32) | <u64>b)); // < 2^55: the signed conversion is exact-rounded too
    const z = u * 2.7755575615628914e-17 * load<f64>(xt + (i << 3));
    const o = out + (<usize>k << 3);
    if (z < load<f64>(xt + (i << 3), 8)) {
      store<f64>(o, a & 256 ? -z : z);
      k++;
      continue;
    }
    if (i != 0) {
      // wedge: u from two more steps (as Rng.uniform), on copies of the state in case the caller must decide
      const c0 = <u32>(s0 + s1);
      let w = s1 ^ s0;
      let r0 = rotl64(s0, 24) ^ w ^ (w << 16);
      let r1 = rotl64(w, 37);
      const c1 = <u32>(r0 + r1);
      w = r1 ^ r0;
      r0 = rotl64(r0, 24) ^ w ^ (w << 16);
      r1 = rotl64(w, 37);
      const uw = (<f64>(c0 >>> 5) * 67108864.0 + <f64>(c1 >>> 6)) * 1.1102230246251565e-16;
      const fi = load<f64>(ft + (i << 3));
      const lhs = fi + uw * (load<f64>(ft + (i << 3), 8) - fi);
      const rhs = expScalar(-0.5 * z * z);
      if (abs(lhs - rhs) > 1e-12 * rhs) {
        s0 = r0;
        s1 = r1;
        if (lhs < rhs) {
          store<f64>(o, a & 256 ? -z : z);
          k++;
        }
        continue; // accepted, or rejected: a fresh draw for the same k
      }
    }
    store<f64>(o, z);
    store<u32>(st, a, 16);
    break;
  }
  store<u32>(st, <u32>(s0 >>> 32));
  store<u32>(st, <u32>s0, 4);
  store<u32>(st, <u32>(s1 >>> 32), 8);
  store<u32>(st, <u32>s1, 12);
  return k;
}

// ---------------------------------------------------------------------------------------------------------
// Edwards–Anderson Metropolis sweep (Backend.eaSweep): the site loop of data/spinGlass with the generator and the
// cheap part of numerics/metropolis's acceptance test; sites that test leaves undecided go back to the caller.

const LN2_64_HI: f64 = 0.010830424696905538; // as numerics/metropolis.ts
const LN2_64_LO: f64 = -6.563929801064195e-13;
const INV_LN2_64: f64 = 92.33248261689366;
const BAND: f64 = 9.313225746154785e-10; // 2^-30

/**
 * Sites from … n − 1 of one replica: σ (f64) at sg, neighbours nb (i32) and weights w (f64) padded to dm per site,
 * frac the 64 values 2^{j/64} of numerics/metropolis, st the generator words as zigguratFast's, acc = [Σ flipped
 * d, u, d]. Every operation is the reference's in the same order (wasm never fuses a multiply-add), so flips, sums
 * and stream are bit for bit the same. Returns the first undecided site (its u and d in acc) or n.
 */
export function eaSweep(n: i32, dm: i32, nb: usize, w: usize, sg: usize, beta: f64, st: usize, frac: usize, from: i32, acc: usize): i32 {
  let s0: u64 = (<u64>load<u32>(st) << 32) | <u64>load<u32>(st, 4);
  let s1: u64 = (<u64>load<u32>(st, 8) << 32) | <u64>load<u32>(st, 12);
  let de = load<f64>(acc);
  let i = from;
  for (; i < n; i++) {
    const pn = nb + (<usize>(i * dm) << 2);
    const pw = w + (<usize>(i * dm) << 3);
    let h: f64;
    if (dm == 4) {
      h = load<f64>(pw) * load<f64>(sg + (<usize>load<i32>(pn) << 3)) + load<f64>(pw, 8) * load<f64>(sg + (<usize>load<i32>(pn, 4) << 3));
      h = h + load<f64>(pw, 16) * load<f64>(sg + (<usize>load<i32>(pn, 8) << 3)) + load<f64>(pw, 24) * load<f64>(sg + (<usize>load<i32>(pn, 12) << 3));
    } else {
      h = 0;
      for (let k = 0; k < dm; k++) {
        h += load<f64>(pw + (<usize>k << 3)) * load<f64>(sg + (<usize>load<i32>(pn + (<usize>k << 2)) << 3));
      }
    }
    const si = sg + (<usize>i << 3);
    const d = 2.0 * load<f64>(si) * h;
    if (!(d <= 0)) {
      // two generator steps (as Rng.uniform), then the cheap part of metropolisAccept; branches, not selects:
      // a branch-free version that always draws and keeps by select measured 1.8× slower (a longer dependency
      // chain from the spins through the generator state)
      const a = <u32>(s0 + s1);
      let t = s1 ^ s0;
      s0 = rotl64(s0, 24) ^ t ^ (t << 16);
      s1 = rotl64(t, 37);
      const b = <u32>(s0 + s1);
      t = s1 ^ s0;
      s0 = rotl64(s0, 24) ^ t ^ (t << 16);
      s1 = rotl64(t, 37);
      const u = (<f64>(a >>> 5) * 67108864.0 + <f64>(b >>> 6)) * 1.1102230246251565e-16;
      const x = -beta * d;
      let decided = x <= 0 && x >= -700;
      let accept = false;
      if (decided) {
        const v = x * INV_LN2_64;
        let kf = Math.floor(v);
        if (v - kf >= 0.5) kf += 1; // Math.round: halves go up
        const r = x - kf * LN2_64_HI - kf * LN2_64_LO;
        const k = <i32>kf;
        const j = k & 63;
        const m = (k - j) >> 6; // ≤ 0
        const p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0))));
        const e = reinterpret<f64>(<u64>(1023 + m) << 52) * load<f64>(frac + (<usize>j << 3)) * p;
        if (u < e * (1.0 - BAND)) accept = true;
        else if (!(u > e * (1.0 + BAND))) decided = false;
      }
      if (!decided) {
        store<f64>(acc, u, 8);
        store<f64>(acc, d, 16);
        break;
      }
      if (!accept) continue;
    }
    store<f64>(si, -load<f64>(si));
    de += d;
  }
  store<f64>(acc, de);
  store<u32>(st, <u32>(s0 >>> 32));
  store<u32>(st, <u32>s0, 4);
  store<u32>(st, <u32>(s1 >>> 32), 8);
  store<u32>(st, <u32>s1, 12);
  return i;
}

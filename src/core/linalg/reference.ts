/**
 * The reference backend: plain TypeScript loops on typed arrays. Every faster backend is tested against it.
 */
import { metropolisFast, UNDECIDED } from '../numerics/metropolis.js';
import type { Backend, PackedSpins, SparseSigns } from './types.js';

const TWO_POW_M55 = 2 ** -55;
const TWO_POW_M53 = 2 ** -53;

/**
 * One step of pure-rand's xoroshiro128+ on a state array [s01, s00, s11, s10] (32-bit halves): returns the output
 * (low word of s0 + s1) and advances the state.
 */
export function xoroshiroStep(st: Int32Array): number {
  const s01 = st[0];
  const s00 = st[1];
  const s11 = st[2];
  const s10 = st[3];
  const r = (s00 + s10) | 0;
  const a0 = s10 ^ s00;
  const a1 = s11 ^ s01;
  st[1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
  st[0] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
  st[3] = (a1 << 5) ^ (a0 >>> 27);
  st[2] = (a0 << 5) ^ (a1 >>> 27);
  return r;
}

/** Uniform on [0, 1) with 53 bits from two steps of the state (as Rng.uniform). */
export function xoroshiroUniform(st: Int32Array): number {
  const a = xoroshiroStep(st) >>> 5;
  const b = xoroshiroStep(st) >>> 6;
  return (a * 67108864 + b) * TWO_POW_M53;
}

/** Population count of a 32-bit integer. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Words per packed row: ceil(n/32) rounded up to even (64-bit aligned rows). */
export function packedWords(n: number): number {
  const w = Math.ceil(n / 32);
  return w + (w & 1);
}

/**
 * Pack `rows` ±1 vectors of length n (row-major, sign > 0 → bit 1) into bits. With `into`, the words are
 * allocated by that backend (e.g. in WebAssembly memory, so overlaps need no copy).
 */
export function packSpins(rows: number, n: number, x: ArrayLike<number>, into?: Backend): PackedSpins {
  const words = packedWords(n);
  const data = into ? into.allocUint32(rows * words) : new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const w0 = r * words;
    for (let i = 0; i < n; i++) {
      if (x[o + i] > 0) data[w0 + (i >>> 5)] |= 1 << (i & 31);
    }
  }
  return { rows, n, words, data };
}

/**
 * The minority entries of a ±1 matrix x (rows×cols, row-major; sign > 0 is +1), or of its transpose with
 * `transpose` (then rows and cols are swapped). v is +1 when +1 entries are at most half, else −1. `plus`, the
 * number of entries > 0 when the caller has counted them, saves the counting pass.
 */
export function sparseSigns(
  rows: number,
  cols: number,
  x: ArrayLike<number>,
  transpose = false,
  plus = -1,
): SparseSigns {
  if (plus < 0) {
    plus = 0;
    for (let k = 0; k < rows * cols; k++) if (x[k] > 0) plus++;
  }
  const v: 1 | -1 = 2 * plus <= rows * cols ? 1 : -1;
  const count = v === 1 ? plus : rows * cols - plus;
  const outRows = transpose ? cols : rows;
  const outCols = transpose ? rows : cols;
  // entry (r, k) of the output is x[r·rs + k·ks]; one filling pass that writes every column number and advances
  // past the minority ones (no branch on the data: this runs once per training on up to millions of entries)
  const rs = transpose ? 1 : cols;
  const ks = transpose ? cols : 1;
  const pos = v === 1;
  const offsets = new Int32Array(outRows + 1);
  const slots = new Int32Array(count + 1);
  let e = 0;
  for (let r = 0; r < outRows; r++) {
    for (let k = 0, q = r * rs; k < outCols; k++, q += ks) {
      slots[e] = k;
      e += x[q] > 0 === pos ? 1 : 0;
    }
    offsets[r + 1] = e;
  }
  return { rows: outRows, cols: outCols, v, offsets, indices: slots.subarray(0, count) };
}

/** Column sums of a rows×n matrix, rows added in order. */
export function columnSumsOf(rows: number, n: number, m: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[j] += m[r * n + j];
  return out;
}

/** ‖W‖² of W (L×N) stored transposed (wt, N×L), the squares summed in the order of W. */
export function transposedSquares(n: number, l: number, wt: Float64Array): number {
  let sq = 0;
  for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) sq += wt[j * l + c] * wt[j * l + c];
  return sq;
}

/** Unpack bits back to ±1 values (row-major Float64Array of rows·n). */
export function unpackSpins(packed: PackedSpins): Float64Array {
  const { rows, n, words, data } = packed;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) out[r * n + i] = (data[r * words + (i >>> 5)] >>> (i & 31)) & 1 ? 1 : -1;
  }
  return out;
}

export const referenceBackend: Backend = {
  name: 'ts',

  gemv(m, n, a, x, y) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) s += a[o + j] * x[j];
      y[i] = s;
    }
    return y;
  },

  gemvF32(m, n, a, x, y) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) s += a[o + j] * x[j];
      y[i] = s;
    }
    return y;
  },

  gemvBatch(m, n, k, a, x, y) {
    for (let v = 0; v < k; v++) {
      this.gemv(m, n, a, x.subarray(v * n, (v + 1) * n), y.subarray(v * m, (v + 1) * m));
    }
    return y;
  },

  gemm(m, n, k, a, b, c) {
    c.fill(0, 0, m * n);
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let l = 0; l < k; l++) {
        const ail = a[i * k + l];
        if (ail === 0) continue;
        const bl = l * n;
        for (let j = 0; j < n; j++) c[ci + j] += ail * b[bl + j];
      }
    }
    return c;
  },

  pmOverlaps(patterns, query, out) {
    const { rows, n, words, data } = patterns;
    for (let r = 0; r < rows; r++) {
      let diff = 0;
      const o = r * words;
      for (let w = 0; w < words; w++) diff += popcount32(data[o + w] ^ query[w]);
      out[r] = n - 2 * diff;
    }
    return out;
  },

  pmSparseProduct(sp, n, m, out) {
    const { rows, cols, v, offsets, indices } = sp;
    const colsum = columnSumsOf(cols, n, m);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      out.fill(0, o, o + n);
      for (let e = offsets[r]; e < offsets[r + 1]; e++) {
        const src = indices[e] * n;
        for (let j = 0; j < n; j++) out[o + j] += m[src + j];
      }
      for (let j = 0; j < n; j++) out[o + j] = 2 * v * out[o + j] - v * colsum[j];
    }
    return out;
  },

  logSumExp(x, beta) {
    let mx = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) if (beta * x[i] > mx) mx = beta * x[i];
    if (mx === Number.NEGATIVE_INFINITY || mx === Number.POSITIVE_INFINITY) return mx;
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.exp(beta * x[i] - mx);
    return mx + Math.log(s);
  },

  attentionStep(p, n, xi, x, lambda, y, scores) {
    // Two passes over Ξ: scores with a running max, then the weighted sum (the reference favours clarity).
    const s = scores ?? new Float64Array(p);
    let mx = Number.NEGATIVE_INFINITY;
    for (let mu = 0; mu < p; mu++) {
      let d = 0;
      const o = mu * n;
      for (let i = 0; i < n; i++) d += xi[o + i] * x[i];
      const v = lambda * d;
      s[mu] = v;
      if (v > mx) mx = v;
    }
    let z = 0;
    for (let mu = 0; mu < p; mu++) {
      const e = Math.exp(s[mu] - mx);
      s[mu] = e;
      z += e;
    }
    y.fill(0, 0, n);
    for (let mu = 0; mu < p; mu++) {
      const w = s[mu] / z;
      s[mu] = w;
      if (w === 0) continue;
      const o = mu * n;
      for (let i = 0; i < n; i++) y[i] += w * xi[o + i];
    }
    return mx + Math.log(z);
  },

  localFields(n, j, sigma, h) {
    return this.gemv(n, n, j, sigma, h);
  },

  labelTrainSparse(sp, l, y, wt, cfg, losses, onEpoch) {
    const { rows: p, cols: n, v, offsets, indices } = sp;
    const { lambda, scale, l2, rates } = cfg;
    const h = new Float64Array(p * l);
    const coef = new Float64Array(p * l);
    const gt = new Float64Array(n * l);
    for (let e = 0; e < rates.length; e++) {
      const sq = l2 > 0 ? transposedSquares(n, l, wt) : 0;
      this.pmSparseProduct(sp, l, wt, h);
      let loss = this.plCoefficients(p, l, y, h, null, lambda, -lambda * scale, coef) * scale;
      // Gᵀ = Sᵀ·C: each row's coefficients added at its minority entries, rows in order (the sums of
      // pmSparseProduct on Sᵀ, whose rows list μ in increasing order)
      gt.fill(0);
      for (let mu = 0; mu < p; mu++) {
        for (let q = offsets[mu]; q < offsets[mu + 1]; q++) {
          const o = indices[q] * l;
          for (let c = 0; c < l; c++) gt[o + c] += coef[mu * l + c];
        }
      }
      const colsum = columnSumsOf(p, l, coef);
      const lr = rates[e];
      for (let k = 0; k < n * l; k++) {
        let g = 2 * v * gt[k] - v * colsum[k % l];
        if (l2 > 0) g += l2 * wt[k];
        wt[k] -= lr * g;
      }
      if (l2 > 0) loss += 0.5 * l2 * sq;
      losses[e] = loss;
      onEpoch?.(e + 1);
    }
  },

  plCoefficients(p, n, x, fields, shift, lambda, c, coef) {
    let loss = 0;
    for (let mu = 0; mu < p; mu++) {
      const o = mu * n;
      for (let i = 0; i < n; i++) {
        const s = x[o + i];
        const delta = s * fields[o + i] - (shift ? shift[i] : 0);
        const z = 2 * lambda * delta;
        loss += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
        coef[o + i] = c * s * (1 - Math.tanh(lambda * delta));
      }
    }
    return loss;
  },

  eaSweep(nb, w, dm, sigma, beta, state, from, acc) {
    const n = sigma.length;
    let de = acc[0];
    for (let i = from; i < n; i++) {
      const q = i * dm;
      let h: number;
      if (dm === 4) {
        h = w[q] * sigma[nb[q]] + w[q + 1] * sigma[nb[q + 1]];
        h = h + w[q + 2] * sigma[nb[q + 2]] + w[q + 3] * sigma[nb[q + 3]];
      } else {
        h = 0;
        for (let k = q; k < q + dm; k++) h += w[k] * sigma[nb[k]];
      }
      const d = 2 * sigma[i] * h;
      let flip = d <= 0;
      if (!flip) {
        const u = xoroshiroUniform(state);
        const fast = metropolisFast(u, -beta * d);
        if (fast === UNDECIDED) {
          acc[0] = de;
          acc[1] = u;
          acc[2] = d;
          return i;
        }
        flip = fast === 1;
      }
      if (flip) {
        sigma[i] = -sigma[i];
        de += d;
      }
    }
    acc[0] = de;
    return n;
  },

  zigguratFast(state, table, _f, out, from, to) {
    let s01 = state[0];
    let s00 = state[1];
    let s11 = state[2];
    let s10 = state[3];
    let k = from;
    for (; k < to; k++) {
      // two xoroshiro128+ steps of pure-rand's next() written out on 32-bit halves (output: low word of s0 + s1)
      const a = (s00 + s10) | 0;
      let a0 = s10 ^ s00;
      let a1 = s11 ^ s01;
      let t00 = s00;
      let t01 = s01;
      s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const b = (s00 + s10) | 0;
      a0 = s10 ^ s00;
      a1 = s11 ^ s01;
      t00 = s00;
      t01 = s01;
      s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      const i = a & 255;
      const z = ((a >>> 9) * 4294967296 + (b >>> 0)) * TWO_POW_M55 * table[i];
      if (z < table[i + 1]) {
        out[k] = a & 256 ? -z : z;
        continue;
      }
      out[k] = z;
      state[4] = a;
      break;
    }
    state[0] = s01;
    state[1] = s00;
    state[2] = s11;
    state[3] = s10;
    return k;
  },

  plGramStep(p, n, x, f, d, lambda, c, { a, shrink, lr, cd }) {
    const coef = new Float64Array(n); // one row of coefficients at a time
    let loss = 0;
    for (let mu = 0; mu < p; mu++) {
      const o = mu * n;
      loss += this.plCoefficients(1, n, x.subarray(o, o + n), f.subarray(o, o + n), d, lambda, c, coef);
      for (let i = 0; i < n; i++) {
        cd[i] += coef[i] * x[o + i];
        a[o + i] = shrink * a[o + i] - lr * coef[i];
      }
    }
    return loss;
  },

  scaleRowsF32(rows, n, x, radius, out) {
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += x[o + i] * x[o + i];
      const f = radius / Math.sqrt(s);
      for (let i = 0; i < n; i++) out[o + i] = x[o + i] * f;
    }
  },

  columnDots(p, n, a, f, q) {
    for (let mu = 0; mu < p; mu++) {
      const o = mu * n;
      for (let i = 0; i < n; i++) q[i] += a[o + i] * f[o + i];
    }
  },

  map(f, x, out, beta = 1) {
    const len = x.length;
    switch (f) {
      case 'exp':
        for (let i = 0; i < len; i++) out[i] = Math.exp(beta * x[i]);
        break;
      case 'tanh':
        for (let i = 0; i < len; i++) out[i] = Math.tanh(beta * x[i]);
        break;
      case 'sign':
        for (let i = 0; i < len; i++) out[i] = beta * x[i] < 0 ? -1 : 1;
        break;
      default: {
        const never: never = f;
        throw new TypeError(`map: unknown function ${String(never)}`);
      }
    }
    return out;
  },

  allocFloat64(length) {
    return new Float64Array(length);
  },

  allocFloat32(length) {
    return new Float32Array(length);
  },

  allocUint32(length) {
    return new Uint32Array(length);
  },

  release() {},
};

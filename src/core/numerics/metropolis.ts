/**
 * The Metropolis acceptance test u < e^x (x = −βΔE) decided exactly as `u < Math.exp(x)`, but mostly without
 * calling Math.exp, which costs ~17 ns here — the largest single cost of a spin-glass sweep. Hand-written: the
 * point is to reproduce Math.exp's decisions bit for bit, which no library approximation promises.
 *
 * e^x is approximated as 2^m·2^{j/64}·p(r) with x = (64m + j)·ln2/64 + r, |r| ≤ ln2/128 (Cody–Waite split of
 * ln2/64), p the degree-4 Taylor polynomial (truncation < 4·10⁻¹⁴ relative) and 2^{j/64} from a table (1 ulp):
 * the approximation is within 2⁻⁴⁰ relative of e^x, and Math.exp within 1 ulp. Outside the band
 * |u − ẽ| ≤ 2⁻³⁰·ẽ both sides of the comparison agree, so the cheap answer is the exact one; inside it (and
 * for x outside [−700, 0], where the table would need subnormal scales) Math.exp decides.
 */

const LN2_64_HI = 0.010830424696905538; // ln2/64 rounded to 33 bits: k·LN2_64_HI is exact for |k| < 2^20
const LN2_64_LO = -6.563929801064195e-13; // ln2/64 − LN2_64_HI
const INV_LN2_64 = 92.33248261689366; // 64/ln2
const BAND = 2 ** -30;

/** 2^{j/64}, j = 0 … 63. */
const FRAC = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
/** 2^{−i}, i = 0 … 1022 (exact powers of two). */
const POW2_NEG = (() => {
  const t = new Float64Array(1023);
  t[0] = 1;
  for (let i = 1; i < t.length; i++) t[i] = t[i - 1] / 2;
  return t;
})();

/** True when u < e^x, the same answer as `u < Math.exp(x)` for every u and x. */
export function metropolisAccept(u: number, x: number): boolean {
  const fast = metropolisFast(u, x);
  return fast === UNDECIDED ? u < Math.exp(x) : fast === 1;
}

/** metropolisFast's answer when only Math.exp can decide (u within 2⁻³⁰ of e^x, or x outside [−700, 0]). */
export const UNDECIDED = -1;

/**
 * The cheap part of metropolisAccept: 1 (accept) or 0 (reject) where the approximation decides, else UNDECIDED.
 * The spin-glass sweep kernels (core/linalg `eaSweep`) run the same test and hand undecided sites back.
 */
export function metropolisFast(u: number, x: number): 1 | 0 | typeof UNDECIDED {
  if (!(x <= 0 && x >= -700)) return UNDECIDED;
  const k = Math.round(x * INV_LN2_64);
  const r = x - k * LN2_64_HI - k * LN2_64_LO;
  const j = k & 63;
  const m = (k - j) / 64; // ≤ 0
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  const e = POW2_NEG[-m] * FRAC[j] * p;
  if (u < e * (1 - BAND)) return 1;
  if (u > e * (1 + BAND)) return 0;
  return UNDECIDED;
}

/** 2^{j/64}, j = 0 … 63, as this module uses them (the WebAssembly backend copies them for its sweep kernel). */
export function metropolisFractions(): Float64Array {
  return FRAC;
}

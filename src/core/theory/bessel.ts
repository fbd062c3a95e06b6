/**
 * The von Mises–Fisher normaliser of vector spins: a unit vector s ∈ S^{d−1} in a field u has the conditional
 * p(s | u) = e^{s·u} / K_d(|u|), K_d(x) = (2π)^{d/2} I_{d/2−1}(x) / x^{d/2−1} (the normaliser of the
 * pseudo-likelihood library of paper 000's authors, `PL/utils/k_d.py`), with K_d(0) = |S^{d−1}|. The training
 * loss needs log[K_d(x)/K_d(0)] and its derivative A_d(x) = I_{d/2}(x)/I_{d/2−1}(x) (the mean resultant length)
 * for x from 0 to far beyond where I_ν(x) overflows, so everything is computed in logs:
 *
 *   x < 30:  the power series f_ν(x) = Γ(ν+1)(2/x)^ν I_ν(x) = Σ_k (x²/4)^k / (k! (ν+1)_k)  (DLMF 10.25.2):
 *            positive terms, no cancellation; log f_ν = log1p(Σ_{k≥1}), exact to rounding down to x = 0;
 *   x ≥ 30:  the uniform asymptotic (Debye) expansion (DLMF 10.41.3) written so that it stays finite as ν → 0,
 *            log I_ν(x) = r − ½log(2πr) + ν log(x/(ν + r)) + log Σ_k u_k(t)/ν^k,  r = √(ν² + x²), t = ν/r,
 *            with u_k(t)/ν^k = Σ_m c_{k,m} t^{m−k} / r^k (u_k has powers t^k … t^{3k}), ten terms; the
 *            polynomials u_k come from the recurrence DLMF 10.41.10 at load time. At ν = 0 it is Hankel's
 *            large-x expansion (DLMF 10.40.1).
 *
 * d = 1 (ν = −½, Ising spins: K_1(x) = 2cosh x) is closed-form: log cosh x and tanh x. Hand-written because
 * no maintained JavaScript package gives log I_ν for large arguments; tested against mpmath at 50 digits
 * (test/pl/bessel.test.ts, fixture and script in test/fixtures/bessel/).
 */

/** Argument above which the Debye expansion replaces the power series. */
export const DEBYE_FROM = 30;
const DEBYE_TERMS = 10;

/** Coefficients c_{k,m} of the Debye polynomials u_k(t) = Σ_m c_{k,m} t^m, k = 0 … DEBYE_TERMS (DLMF 10.41.10). */
const DEBYE_U: readonly Float64Array[] = (() => {
  const us: Float64Array[] = [Float64Array.of(1)];
  for (let k = 0; k < DEBYE_TERMS; k++) {
    const u = us[k];
    const next = new Float64Array(3 * (k + 1) + 1);
    // ½ t²(1 − t²) u'(t): m·c_m t^{m−1} → ½ m c_m (t^{m+1} − t^{m+3})
    for (let m = 1; m < u.length; m++) {
      next[m + 1] += 0.5 * m * u[m];
      next[m + 3] -= 0.5 * m * u[m];
    }
    // (1/8) ∫₀ᵗ (1 − 5s²) u(s) ds: c_m s^m → c_m t^{m+1}/(m+1) − 5 c_m t^{m+3}/(m+3)
    for (let m = 0; m < u.length; m++) {
      next[m + 1] += u[m] / (8 * (m + 1));
      next[m + 3] -= (5 * u[m]) / (8 * (m + 3));
    }
    us.push(next);
  }
  return us;
})();

/** log Γ(d/2) for an integer d ≥ 1 (exact products: Γ(n) = (n−1)!, Γ(n + ½) = (2n)! √π / (4ⁿ n!)). */
export function logGammaHalf(d: number): number {
  let s = d % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let v = d / 2 - 1; v > 0; v -= 1) s += Math.log(v);
  return s;
}

/** Σ_k u_k(t)/ν^k for r = √(ν²+x²), t = ν/r, in the ν-safe form Σ_k r^{−k} Σ_m c_{k,m} t^{m−k}. */
function debyeSum(t: number, r: number): number {
  let sum = 1;
  let rk = 1;
  for (let k = 1; k <= DEBYE_TERMS; k++) {
    rk /= r;
    const u = DEBYE_U[k];
    let poly = 0;
    for (let m = u.length - 1; m >= k; m--) poly = poly * t + u[m];
    sum += poly * rk;
  }
  return sum;
}

/** log I_ν(x) by the Debye expansion (ν ≥ 0, x ≥ DEBYE_FROM). */
function logBesselIDebye(nu: number, x: number): number {
  const r = Math.sqrt(nu * nu + x * x);
  const lead = nu === 0 ? 0 : nu * Math.log(x / (nu + r));
  return r - 0.5 * Math.log(2 * Math.PI * r) + lead + Math.log(debyeSum(nu / r, r));
}

/** Series sums S_ν = Σ_{k≥1} (x²/4)^k/(k!(ν+1)_k) and S_{ν+1}, so that f_ν = 1 + S_ν. */
function seriesSums(nu: number, x: number): { s0: number; s1: number } {
  const q = 0.25 * x * x;
  let t0 = 1;
  let t1 = 1;
  let s0 = 0;
  let s1 = 0;
  for (let k = 1; k < 500; k++) {
    t0 *= q / (k * (nu + k));
    t1 *= q / (k * (nu + 1 + k));
    s0 += t0;
    s1 += t1;
    if (t0 < 1e-17 * (1 + s0) && t1 < 1e-17 * (1 + s1)) break;
  }
  return { s0, s1 };
}

/**
 * log I_ν(x) for ν ≥ −½ and x > 0 (DLMF 10.25.2 below x = 30, the Debye expansion DLMF 10.41.3 above;
 * ν = −½ closed form, since the Debye expansion needs ν ≥ 0).
 */
export function logBesselI(nu: number, x: number): number {
  if (nu === -0.5) return 0.5 * Math.log(2 / (Math.PI * x)) + logCosh(x);
  if (x >= DEBYE_FROM) return logBesselIDebye(nu, x);
  const { s0 } = seriesSums(nu, x);
  return nu * Math.log(0.5 * x) - lgammaPlusOne(nu) + Math.log1p(s0);
}

/** log Γ(ν + 1) for ν a multiple of ½ (ν ≥ −½). */
function lgammaPlusOne(nu: number): number {
  return logGammaHalf(2 * nu + 2);
}

/** log cosh x without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/**
 * log[K_d(x)/K_d(0)] = log[Γ(d/2) (2/x)^ν I_ν(x)], ν = d/2 − 1: the log of the von Mises–Fisher normaliser of a
 * unit spin in R^d at field strength x, relative to its value at zero field (0 at x = 0; log cosh x for d = 1).
 */
export function vmfLogNormalizer(d: number, x: number): number {
  if (d === 1) return logCosh(x);
  if (x === 0) return 0;
  const nu = d / 2 - 1;
  if (x < DEBYE_FROM) return Math.log1p(seriesSums(nu, x).s0);
  return logGammaHalf(d) + nu * Math.log(2 / x) + logBesselIDebye(nu, x);
}

/**
 * A_d(x)/x with A_d(x) = d/dx log K_d(x) = I_{d/2}(x)/I_{d/2−1}(x) (the mean resultant length of the von
 * Mises–Fisher law); finite at x = 0 where it equals 1/d. The loss gradient with respect to a field u is
 * λ² (A_d/x)(λ|u|) u, which needs no direction u/|u| and so no special case at u = 0.
 */
export function vmfRatioOverX(d: number, x: number): number {
  if (d === 1) return x === 0 ? 1 : Math.tanh(x) / x;
  const nu = d / 2 - 1;
  if (x < DEBYE_FROM) {
    const { s0, s1 } = seriesSums(nu, x);
    return (1 + s1) / ((2 * nu + 2) * (1 + s0));
  }
  return vmfMeanResultant(d, x) / x;
}

/** A_d(x) = I_{d/2}(x)/I_{d/2−1}(x) ∈ [0, 1), the derivative of log K_d(x) (DLMF 10.29.2). */
export function vmfMeanResultant(d: number, x: number): number {
  if (d === 1) return Math.tanh(x);
  const nu = d / 2 - 1;
  if (x < DEBYE_FROM) return x * vmfRatioOverX(d, x);
  // log I_{ν+1} − log I_ν with the large parts (r₁ − r₀ = (2ν+1)/(r₁+r₀)) differenced exactly
  const r0 = Math.sqrt(nu * nu + x * x);
  const n1 = nu + 1;
  const r1 = Math.sqrt(n1 * n1 + x * x);
  const lead0 = nu === 0 ? 0 : nu * Math.log(x / (nu + r0));
  const diff =
    (2 * nu + 1) / (r1 + r0) -
    0.5 * Math.log(r1 / r0) +
    n1 * Math.log(x / (n1 + r1)) -
    lead0 +
    Math.log(debyeSum(n1 / r1, r1) / debyeSum(nu / r0, r0));
  return Math.exp(diff);
}

/**
 * Both quantities the training loss needs at one field strength, sharing the series: out[0] = log[K_d(x)/K_d(0)]
 * and out[1] = A_d(x)/x. d = 3 (I_{½}(x) = √(2/(πx)) sinh x) uses the closed forms log(sinh x / x) and
 * (coth x − 1/x)/x from x = 1 on (below, the series avoids their cancellation).
 */
export function vmfPair(d: number, x: number, out: Float64Array): Float64Array {
  if (d === 3 && x >= 1) {
    const e = Math.exp(-2 * x);
    out[0] = x + Math.log((1 - e) / (2 * x)); // 1 − e ≥ 0.86 here: no cancellation, one logarithm
    out[1] = ((1 + e) / (1 - e) - 1 / x) / x;
    return out;
  }
  if (d === 1 || x >= DEBYE_FROM || x === 0) {
    out[0] = vmfLogNormalizer(d, x);
    out[1] = vmfRatioOverX(d, x);
    return out;
  }
  const nu = d / 2 - 1;
  const { s0, s1 } = seriesSums(nu, x);
  out[0] = Math.log1p(s0);
  out[1] = (1 + s1) / ((2 * nu + 2) * (1 + s0));
  return out;
}

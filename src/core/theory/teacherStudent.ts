/**
 * Generalization of a perceptron student learning a perceptron teacher (replica theory, Gardner 1988; Györgyi &
 * Tishby 1990; Opper, Kinzel, Kleinz & Nehl 1990; collected in A. Engel & C. Van den Broeck, "Statistical
 * Mechanics of Learning", Cambridge 2001, chapters 2–4). Inputs are N isotropic spins, P = αN examples labelled
 * y = sign(T·ξ); the generalization error of a student J depends only on its overlap R = J·T/(|J||T|):
 *
 *   ε = arccos(R)/π                                                     (Engel & Van den Broeck ch. 2)
 *
 * and R(α) is given per learning rule:
 *   Hebb:              R = √(2α/(2α + π))                                (Engel & Van den Broeck ch. 3)
 *   Gibbs (version     R/√(1−R) = (α/π) ∫Dt e^{−Rt²/2}/H(−√R t)         (Engel & Van den Broeck ch. 2)
 *   space, T = 0):
 *   Bayes (centre of   R_Bayes = √R_Gibbs, the lower bound on ε of any student    (Opper & Haussler 1991; Engel & Van den Broeck ch. 3)
 *   the version space):
 *   maximal stability: the q → 1 limit of Gardner's volume with stability κ (the direction a logistic loss reaches
 *                      on separable data as its norm grows):
 *                        1 − R² = 2α ∫_{−∞}^{κ} Dt H(−Rt/s) (κ − t)²,
 *                        R s³  = −α ∫_{−∞}^{κ} Dt (κ − t)² t φ(Rt/s),   s = √(1 − R²),
 *                      ε → 0.5005/α for large α (Opper et al. 1990; Engel & Van den Broeck ch. 4).
 *
 * H(x) = ∫_x^∞ Dt, Dt the standard Gaussian measure. The pseudo-likelihood student is the logistic loss of the
 * label given the input (a perceptron at finite λ): between Hebb (its first gradient step) and maximal
 * stability (its λ → ∞ limit).
 */
import { findRoot, gaussianNodes, integrateGL, normalCdf, normalPdf } from './numerics.js';

/** H(x) = ∫_x^∞ Dt = Φ(−x). */
const hFn = (x: number) => normalCdf(-x);

/** Generalization error ε = arccos(R)/π of a perceptron at teacher–student overlap R. */
export function generalizationError(r: number): number {
  return Math.acos(Math.max(-1, Math.min(1, r))) / Math.PI;
}

/** Hebbian student: R = √(2α/(2α + π)) (Engel & Van den Broeck ch. 3). */
export function hebbOverlap(alpha: number): number {
  return Math.sqrt((2 * alpha) / (2 * alpha + Math.PI));
}

const NODES = gaussianNodes({ order: 16 });

/**
 * Gibbs learning (a random student of the version space): R solves R/√(1−R) = (α/π) ∫Dt e^{−Rt²/2}/H(−√R t)
 * (Engel & Van den Broeck ch. 2).
 */
export function gibbsOverlap(alpha: number): number {
  if (alpha <= 0) return 0;
  const rhs = (r: number) => {
    let s = 0;
    const sr = Math.sqrt(r);
    for (let k = 0; k < NODES.z.length; k++) {
      const t = NODES.z[k];
      s += (NODES.w[k] * Math.exp(-0.5 * r * t * t)) / hFn(-sr * t);
    }
    return (alpha / Math.PI) * s;
  };
  return findRoot((r) => r / Math.sqrt(1 - r) - rhs(r), 1e-12, 1 - 1e-12);
}

/** Bayes-optimal student (centre of mass of the version space): R = √R_Gibbs; no student does better. */
export function bayesOverlap(alpha: number): number {
  return Math.sqrt(gibbsOverlap(alpha));
}

/** ∫_{−∞}^{κ} Dt f(t) on [κ − 12, κ] in panels. */
function lowerIntegral(kappa: number, f: (t: number) => number): number {
  let s = 0;
  const lo = Math.min(kappa, 0) - 10;
  const panels = 12;
  const h = (kappa - lo) / panels;
  for (let k = 0; k < panels; k++)
    s += integrateGL((t) => normalPdf(t) * f(t), lo + k * h, lo + (k + 1) * h, 16);
  return s;
}

/**
 * Maximal-stability student (Opper et al. 1990): the overlap R and the stability κ solving the two equations of
 * the module comment; returns both.
 */
export function maximalStabilityOverlap(alpha: number): { r: number; kappa: number } {
  if (alpha <= 0) return { r: 0, kappa: Number.POSITIVE_INFINITY };
  /** κ(R) from the first equation (its right side grows with κ). */
  const kappaOf = (r: number) => {
    const s = Math.sqrt(1 - r * r);
    const f = (kappa: number) =>
      2 * alpha * lowerIntegral(kappa, (t) => hFn((-r * t) / s) * (kappa - t) ** 2) - (1 - r * r);
    let hi = 1;
    while (f(hi) < 0) hi *= 2;
    return findRoot(f, -10, hi, { xtol: 1e-12 });
  };
  const g = (r: number) => {
    const s = Math.sqrt(1 - r * r);
    const kappa = kappaOf(r);
    const integral = lowerIntegral(kappa, (t) => (kappa - t) ** 2 * t * normalPdf((r * t) / s));
    return r * s ** 3 + alpha * integral;
  };
  // g < 0 at small R and > 0 near R = 1 (both sides vanish there as s³): bracket on a grid of s = √(1 − R²)
  let lo = 1e-6;
  let hi = lo;
  for (let sv = 0.9; sv > 1e-5; sv *= 0.7) {
    const r = Math.sqrt(1 - sv * sv);
    if (g(r) > 0) {
      hi = r;
      break;
    }
    lo = r;
  }
  if (hi === 1e-6) return { r: 1, kappa: 0 };
  const r = findRoot(g, lo, hi, { xtol: 1e-13 });
  return { r, kappa: kappaOf(r) };
}

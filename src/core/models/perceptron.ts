/**
 * The self-supervised perceptron baseline of paper 000 (Eqs. 6, 8, 9): every row J_i is a perceptron that
 * classifies ξ_i^μ from the other spins, trained until every normalized stability κ_i^μ = ξ_i^μ Σ_{j≠i} J_ij ξ_j^μ
 * / ‖J_i‖ exceeds the margin k. Rows are independent; each is trained by the perceptron rule with margin
 * (Gardner 1988): while some κ_i^μ ≤ k, J_i ← J_i + (1/N) ξ_i^μ ξ^μ (j ≠ i), sweeping the examples in order.
 * A solution exists for k below the Gardner bound k_max(α) (maximalMargin in core/theory/pseudolikelihood.ts),
 * where α_c(k) = 1 / ∫_{−k}^∞ Dt (t + k)².
 */
import type { PatternSet } from '../patterns.js';

export interface PerceptronConfig {
  /** Required normalized margin k (κ_i^μ > k for all i, μ). */
  readonly margin: number;
  /** Sweeps over the examples per row before giving up (default 1000). */
  readonly maxEpochs?: number;
}

export interface PerceptronResult {
  readonly n: number;
  readonly couplings: Float64Array;
  /** Share of rows whose every stability exceeds the margin. */
  readonly solvedFraction: number;
  /** Largest number of sweeps used by a row. */
  readonly epochs: number;
  /** Smallest normalized stability over all rows and examples. */
  readonly minStability: number;
}

/** Train the N row perceptrons with margin k on ±1 examples (paper 000 Eq. 8). Starts from J = 0. */
export function trainPerceptron(xi: PatternSet, cfg: PerceptronConfig): PerceptronResult {
  const { p, n, data } = xi;
  if (p < 1) throw new RangeError(`need at least one training example (got P = ${p})`);
  if (!Number.isFinite(cfg.margin))
    throw new RangeError(`margin must be a finite number (got ${cfg.margin})`);
  const maxEpochs = cfg.maxEpochs ?? 1000;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1)
    throw new RangeError(`maxEpochs must be an integer ≥ 1 (got ${maxEpochs})`);
  const k = cfg.margin;
  const j = new Float64Array(n * n);
  const inv = 1 / n;
  let solved = 0;
  let maxUsed = 0;
  let minStab = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let norm2 = 0;
    let epoch = 0;
    let ok = false;
    while (epoch < maxEpochs && !ok) {
      ok = true;
      norm2 = 0;
      for (let q = 0; q < n; q++) if (q !== i) norm2 += j[o + q] ** 2;
      for (let mu = 0; mu < p; mu++) {
        const x = mu * n;
        const s = data[x + i];
        let h = 0;
        for (let q = 0; q < n; q++) h += j[o + q] * data[x + q];
        h -= j[o + i] * data[x + i];
        const norm = Math.sqrt(norm2);
        if (!(s * h > k * norm) || norm2 === 0) {
          ok = false;
          // J_i ← J_i + (1/N) ξ_i ξ^μ, keeping J_ii = 0; ‖J_i‖² updated incrementally.
          let dot = 0;
          for (let q = 0; q < n; q++) {
            if (q === i) continue;
            const d = inv * s * data[x + q];
            dot += j[o + q] * d;
            j[o + q] += d;
          }
          norm2 += 2 * dot + inv * inv * (n - 1);
        }
      }
      epoch++;
    }
    if (epoch > maxUsed) maxUsed = epoch;
    // Final stabilities of this row.
    let rowNorm = 0;
    for (let q = 0; q < n; q++) if (q !== i) rowNorm += j[o + q] ** 2;
    rowNorm = Math.sqrt(rowNorm);
    let rowMin = Number.POSITIVE_INFINITY;
    for (let mu = 0; mu < p; mu++) {
      const x = mu * n;
      let h = 0;
      for (let q = 0; q < n; q++) if (q !== i) h += j[o + q] * data[x + q];
      const kappa = rowNorm > 0 ? (data[x + i] * h) / rowNorm : 0;
      if (kappa < rowMin) rowMin = kappa;
    }
    if (rowMin > k) solved++;
    if (rowMin < minStab) minStab = rowMin;
  }
  return { n, couplings: j, solvedFraction: solved / n, epochs: maxUsed, minStability: minStab };
}

/**
 * The random-features (hidden manifold) model of correlated binary examples (paper 000 section IV.B):
 * D features f_k ∈ {±1}^N drawn uniformly, and examples ξ^μ = sgn(Σ_k c_k^μ f_k) whose coefficient vector c^μ has
 * L non-zero entries ±1 at random positions (L = 3 in the paper). The features are the generator's true latent
 * variables and are kept for comparison (the "learning" phase is the one where they become attractors).
 */
import { emptyPatterns, type PatternSet, rademacher } from '../core/patterns.js';
import type { Rng } from '../core/rng/index.js';

/** A random-features generator: N spins, D features (rows of `features`), L active features per example. */
export interface RandomFeatureModel {
  readonly n: number;
  readonly d: number;
  readonly l: number;
  /** The D features, D×N, entries ±1. */
  readonly features: PatternSet;
}

/** Examples drawn from the model with their latent coefficients. */
export interface RandomFeatureSample {
  readonly examples: PatternSet;
  /** Indices of the L active features of each example (P×L). */
  readonly indices: Int32Array;
  /** Signs c_k^μ = ±1 of the active features (P×L). */
  readonly signs: Int8Array;
}

/** D uniform ±1 features of length N; each example will combine L of them (1 ≤ L ≤ D). */
export function randomFeatureModel(rng: Rng, n: number, d: number, l = 3): RandomFeatureModel {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  if (!Number.isInteger(d) || d < 1)
    throw new RangeError(`number of features D must be an integer ≥ 1 (got ${d})`);
  if (!Number.isInteger(l) || l < 1 || l > d)
    throw new RangeError(`active features L must be an integer in [1, D = ${d}] (got ${l})`);
  return { n, d, l, features: rademacher(rng, d, n) };
}

/**
 * P examples ξ_i^μ = sgn(Σ_k c_k^μ f_ki) (paper 000 section IV.B). A tie (possible only for even L) is broken by
 * a fair coin.
 */
export function sampleRandomFeatures(rng: Rng, model: RandomFeatureModel, p: number): RandomFeatureSample {
  const { n, d, l, features } = model;
  const examples = emptyPatterns(p, n);
  const indices = new Int32Array(p * l);
  const signs = new Int8Array(p * l);
  const acc = new Float64Array(n);
  const fd = features.data;
  for (let mu = 0; mu < p; mu++) {
    acc.fill(0);
    const idx = rng.sampleWithoutReplacement(d, l);
    for (let a = 0; a < l; a++) {
      const k = idx[a];
      const c = rng.sign();
      indices[mu * l + a] = k;
      signs[mu * l + a] = c;
      const o = k * n;
      for (let i = 0; i < n; i++) acc[i] += c * fd[o + i];
    }
    const out = examples.data;
    const o = mu * n;
    for (let i = 0; i < n; i++) out[o + i] = acc[i] > 0 ? 1 : acc[i] < 0 ? -1 : rng.sign();
  }
  return { examples, indices, signs };
}

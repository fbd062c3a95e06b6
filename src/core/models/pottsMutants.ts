/**
 * Mutation effects under a Potts model of a protein family (the scores of EVmutation, Hopf et al. 2017, on the
 * pseudo-likelihood model of paper 000 Eq. 11), and sequences scored by energy.
 *
 * A wild type x (N letters in the model's columns, gap = q − 1 where the protein has no residue) and a mutant x'
 * that differs at the sites of a list of substitutions (i, a → b) get three scores:
 *
 *   ΔE          = E(x') − E(x),   E(x) = −Σ_i h̃_i(x_i) − Σ_{i<j} J̃_ij(x_i, x_j)   (larger: less fit)
 *   siteLogOdds = Σ_subs log p(b | x_∖i) − log p(a | x_∖i) = Σ_subs e_i(b) − e_i(a)   (larger: fitter)
 *   independent = Σ_subs h⁰_i(b) − h⁰_i(a)                                         (larger: fitter)
 *
 * ΔE uses the symmetrized couplings in the zero-sum gauge ({@link zeroSumSymmetric}); siteLogOdds uses each
 * site's own asymmetric conditional (Eq. 11, the quantity pseudo-likelihood trains), in the wild-type context of
 * the other sites; independent is a fields-only model h⁰ fitted to the same weighted frequencies with the same
 * L2 strength λ_h ({@link independentFields}).
 */
import { lbfgsMinimize } from '../optimize/lbfgs.js';
import type { PottsModel } from './potts.js';

/** Weighted single-site frequencies f_i(a) = Σ_s w_s [a_i^s = a] / Σ_s w_s (n×q). */
export function siteFrequencies(
  seqs: Uint8Array,
  m: number,
  n: number,
  q: number,
  weights: ArrayLike<number>,
): Float64Array {
  const f = new Float64Array(n * q);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const w = weights[s];
    total += w;
    for (let i = 0; i < n; i++) f[i * q + seqs[s * n + i]] += w;
  }
  for (let k = 0; k < f.length; k++) f[k] /= total;
  return f;
}

/**
 * Fields of the independent-site model: for each site, argmax_h Σ_a f_i(a) h(a) − log Σ_a e^{h(a)} − λ_h Σ_a h(a)²
 * (the pseudo-likelihood objective without couplings, with normalized weights).
 */
export function independentFields(freq: Float64Array, n: number, q: number, lambdaH: number): Float64Array {
  const h = new Float64Array(n * q);
  const p = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const x = new Float64Array(q);
    const fg = (v: Float64Array, g: Float64Array) => {
      let max = v[0];
      for (let a = 1; a < q; a++) if (v[a] > max) max = v[a];
      let z = 0;
      for (let a = 0; a < q; a++) {
        p[a] = Math.exp(v[a] - max);
        z += p[a];
      }
      let loss = Math.log(z) + max;
      for (let a = 0; a < q; a++) {
        p[a] /= z;
        const f = freq[i * q + a];
        loss += -f * v[a] + lambdaH * v[a] * v[a];
        g[a] = p[a] - f + 2 * lambdaH * v[a];
      }
      return loss;
    };
    lbfgsMinimize(fg, x, { maxIterations: 1000, gtol: 1e-9, ftol: 0 });
    h.set(x, i * q);
  }
  return h;
}

/**
 * The energy model of a pseudo-likelihood fit: each site's conditional is moved to the zero-sum gauge (the row
 * means J_ij(a, ·) go to the field of i, the column means J_ij(·, b), which the conditional of i ignores, are
 * dropped), then J̃_ij(a, b) = ½[J⁰_ij(a, b) + J⁰_ji(b, a)]. For a model that is already symmetric and zero-sum this
 * is the identity; energies of a symmetric model change only by a constant.
 */
export function zeroSumSymmetric(model: PottsModel): PottsModel {
  const { n, q } = model;
  const fields = Float64Array.from(model.fields);
  const zs = new Float64Array(model.couplings.length);
  const qq = q * q;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      let mean = 0;
      for (let b = 0; b < q; b++) mean += model.fields[i * q + b];
      fields[i * q + a] -= mean / q;
    }
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = (i * n + j) * qq;
      const row = new Float64Array(q);
      const col = new Float64Array(q);
      let all = 0;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const v = model.couplings[base + a * q + b];
          row[a] += v / q;
          col[b] += v / q;
          all += v / qq;
        }
      for (let a = 0; a < q; a++) {
        fields[i * q + a] += row[a] - all;
        for (let b = 0; b < q; b++)
          zs[base + a * q + b] = model.couplings[base + a * q + b] - row[a] - col[b] + all;
      }
    }
  }
  const couplings = new Float64Array(zs.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++)
          couplings[((i * n + j) * q + a) * q + b] =
            0.5 * (zs[((i * n + j) * q + a) * q + b] + zs[((j * n + i) * q + b) * q + a]);
    }
  return { n, q, fields, couplings, symmetry: 'symmetric' };
}

/** One substitution at a model column: letter `from` (the wild type's) replaced by `to`. */
export interface ColumnSubstitution {
  readonly column: number;
  readonly from: number;
  readonly to: number;
}

/** The three scores of one mutant (see the module comment for their signs). */
export interface MutantScore {
  readonly deltaE: number;
  readonly siteLogOdds: number;
  readonly independent: number;
}

/**
 * Scores of a mutant of `wt` (letters in the model's columns). `energyModel`: {@link zeroSumSymmetric} of `model`;
 * `indep`: {@link independentFields}. Substitutions are applied in turn, so ΔE includes the couplings between them.
 */
export function scoreMutant(
  model: PottsModel,
  energyModel: PottsModel,
  indep: Float64Array,
  wt: ArrayLike<number>,
  subs: readonly ColumnSubstitution[],
): MutantScore {
  const { n, q } = model;
  const seq = Uint8Array.from(wt);
  let deltaE = 0;
  let siteLogOdds = 0;
  let independent = 0;
  for (const { column: i, from: a, to: b } of subs) {
    independent += indep[i * q + b] - indep[i * q + a];
    let dl = model.fields[i * q + b] - model.fields[i * q + a];
    let de = -(energyModel.fields[i * q + (b as number)] - energyModel.fields[i * q + seq[i]]);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = (i * n + j) * q * q;
      dl += model.couplings[base + b * q + wt[j]] - model.couplings[base + a * q + wt[j]];
      de -= energyModel.couplings[base + b * q + seq[j]] - energyModel.couplings[base + seq[i] * q + seq[j]];
    }
    siteLogOdds += dl;
    deltaE += de;
    seq[i] = b;
  }
  return { deltaE, siteLogOdds, independent };
}

/** Energy E(x) = −Σ_i h_i(x_i) − Σ_{i<j} J_ij(x_i, x_j) of a symmetric model (e.g. {@link zeroSumSymmetric}). */
export function symmetricEnergy(model: PottsModel, seq: ArrayLike<number>): number {
  const { n, q, fields, couplings } = model;
  let e = 0;
  for (let i = 0; i < n; i++) {
    e -= fields[i * q + seq[i]];
    for (let j = i + 1; j < n; j++) e -= couplings[((i * n + j) * q + seq[i]) * q + seq[j]];
  }
  return e;
}

/** Mean per-site log-conditional (1/N) Σ_i log p(x_i | x_∖i) of paper 000 Eq. 11 (the pseudo-log-likelihood). */
export function meanSiteLogLikelihood(model: PottsModel, seq: ArrayLike<number>): number {
  const { n, q, fields, couplings } = model;
  const e = new Float64Array(q);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) e[a] = fields[i * q + a];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = (i * n + j) * q * q + seq[j];
      for (let a = 0; a < q; a++) e[a] += couplings[base + a * q];
    }
    let max = e[0];
    for (let a = 1; a < q; a++) if (e[a] > max) max = e[a];
    let z = 0;
    for (let a = 0; a < q; a++) z += Math.exp(e[a] - max);
    total += e[seq[i]] - max - Math.log(z);
  }
  return total / n;
}

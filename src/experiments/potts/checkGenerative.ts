/**
 * The statistics generative tools report when they compare sampled sequences with an alignment (adabmDCA, arDCA),
 * beside the Pearson r of `potts check`: the slope of the fit of sampled against natural connected correlations;
 * the noise ceiling (the same statistics for a weighted bootstrap of natural sequences of the sample's size: what a
 * perfect model scores at that size); connected three-site correlations on the most correlated triplets; a mixing
 * time of Markov-chain samples; energy histograms under a model; principal components of the one-hot natural
 * sequences with the samples projected on them. Pure: alignments in, numbers out.
 */

import type { PottsModel } from '../../core/models/potts.js';
import { pottsEnergy } from '../../core/models/potts.js';
import {
  type ArModel,
  arLogLikelihood,
  arTransposedCouplings,
} from '../../core/models/pottsAutoregressive.js';
import { pearsonSlope } from '../../core/numerics/rankCorrelation.js';
import type { Rng } from '../../core/rng/index.js';
import type { Alignment } from '../../data/msa.js';

/** Single-site frequencies f_i(a) and connected correlations C_ij(a, b) = f_ij(a, b) − f_i(a) f_j(b), i < j. */
export interface Moments {
  readonly f1: Float64Array;
  /** C[(p·q + a)·q + b] for the p-th pair i < j in row order. */
  readonly c2: Float64Array;
}

/** Moments of the sequences `rows` of `a` (all when omitted), weighted by `w` (uniform when omitted). */
export function connectedMoments(a: Alignment, w?: ArrayLike<number>, rows?: ArrayLike<number>): Moments {
  const { n, q, seqs } = a;
  const count = rows ? rows.length : a.m;
  const f1 = new Float64Array(n * q);
  const pairs = (n * (n - 1)) / 2;
  const f2 = new Float64Array(pairs * q * q);
  let total = 0;
  for (let r = 0; r < count; r++) {
    const s = rows ? rows[r] : r;
    const ws = w ? w[s] : 1;
    total += ws;
    const o = s * n;
    let p = 0;
    for (let i = 0; i < n; i++) {
      const ai = seqs[o + i];
      f1[i * q + ai] += ws;
      for (let j = i + 1; j < n; j++, p++) f2[(p * q + ai) * q + seqs[o + j]] += ws;
    }
  }
  for (let k = 0; k < f1.length; k++) f1[k] /= total;
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++)
      for (let x = 0; x < q; x++)
        for (let y = 0; y < q; y++) {
          const k = (p * q + x) * q + y;
          f2[k] = f2[k] / total - f1[i * q + x] * f1[j * q + y];
        }
  return { f1, c2: f2 };
}

/** Scatter of natural x against sampled y: the `points / 2` largest |x| + |y| pairs, then `points / 2` drawn uniformly. */
export function correlationScatter(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  points: number,
  rng: Rng,
): { natural: number; sample: number }[] {
  const order = Array.from({ length: x.length }, (_, k) => k).sort(
    (u, v) => Math.abs(x[v]) + Math.abs(y[v]) - Math.abs(x[u]) - Math.abs(y[u]),
  );
  const out: { natural: number; sample: number }[] = [];
  for (let k = 0; k < Math.min(points / 2, order.length); k++)
    out.push({ natural: x[order[k]], sample: y[order[k]] });
  for (let k = 0; k < points / 2 && x.length > 0; k++) {
    const u = rng.int(x.length);
    out.push({ natural: x[u], sample: y[u] });
  }
  return out;
}

/** Indices of `size` draws with replacement, sequence s drawn with probability w_s / Σ w. */
export function weightedBootstrap(w: ArrayLike<number>, size: number, rng: Rng): Int32Array {
  const cum = new Float64Array(w.length);
  let t = 0;
  for (let s = 0; s < w.length; s++) {
    t += w[s];
    cum[s] = t;
  }
  const out = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    const u = rng.uniform() * t;
    let lo = 0;
    let hi = w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    out[r] = lo;
  }
  return out;
}

/** The `count` triplets i < j < k with the largest S_ij + S_ik + S_jk, S the Frobenius norm of C_ij (natural). */
export function correlatedTriplets(nat: Moments, n: number, q: number, count: number): Int32Array {
  const pairs = (n * (n - 1)) / 2;
  const s = new Float64Array(n * n);
  const pi: number[] = [];
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++) {
      let v = 0;
      for (let k = 0; k < q * q; k++) v += nat.c2[p * q * q + k] ** 2;
      s[i * n + j] = Math.sqrt(v);
      s[j * n + i] = s[i * n + j];
      pi.push(p);
    }
  // Candidates: the strongest pairs joined with any third column.
  const pairList: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairList.push([i, j, s[i * n + j]]);
  pairList.sort((a, b) => b[2] - a[2]);
  const seen = new Set<number>();
  const cand: [number, number, number, number][] = [];
  for (const [i, j] of pairList.slice(0, Math.min(pairs, 4 * count))) {
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      const t = [i, j, k].sort((a, b) => a - b);
      const key = (t[0] * n + t[1]) * n + t[2];
      if (seen.has(key)) continue;
      seen.add(key);
      cand.push([t[0], t[1], t[2], s[t[0] * n + t[1]] + s[t[0] * n + t[2]] + s[t[1] * n + t[2]]]);
    }
  }
  cand.sort((a, b) => b[3] - a[3]);
  const out = new Int32Array(3 * Math.min(count, cand.length));
  for (let r = 0; r < out.length / 3; r++) out.set(cand[r].slice(0, 3), 3 * r);
  return out;
}

/**
 * Connected three-site correlations C_ijk(a, b, c) = f_ijk − f_ij f_k − f_ik f_j − f_jk f_i + 2 f_i f_j f_k of the
 * triplets (all q³ letter triples each), weighted by `w` (uniform when omitted), over `rows` (all when omitted).
 */
export function tripletCorrelations(
  a: Alignment,
  triplets: Int32Array,
  w?: ArrayLike<number>,
  rows?: ArrayLike<number>,
): Float64Array {
  const { n, q, seqs } = a;
  const t = triplets.length / 3;
  const q3 = q * q * q;
  const out = new Float64Array(t * q3);
  const count = rows ? rows.length : a.m;
  const f = new Float64Array(q3);
  for (let r = 0; r < t; r++) {
    const [i, j, k] = [triplets[3 * r], triplets[3 * r + 1], triplets[3 * r + 2]];
    f.fill(0);
    let total = 0;
    for (let u = 0; u < count; u++) {
      const s = rows ? rows[u] : u;
      const ws = w ? w[s] : 1;
      total += ws;
      f[(seqs[s * n + i] * q + seqs[s * n + j]) * q + seqs[s * n + k]] += ws;
    }
    for (let x = 0; x < q3; x++) f[x] /= total;
    const fij = new Float64Array(q * q);
    const fik = new Float64Array(q * q);
    const fjk = new Float64Array(q * q);
    const fi = new Float64Array(q);
    const fj = new Float64Array(q);
    const fk = new Float64Array(q);
    for (let x = 0; x < q; x++)
      for (let y = 0; y < q; y++)
        for (let z = 0; z < q; z++) {
          const v = f[(x * q + y) * q + z];
          fij[x * q + y] += v;
          fik[x * q + z] += v;
          fjk[y * q + z] += v;
          fi[x] += v;
          fj[y] += v;
          fk[z] += v;
        }
    for (let x = 0; x < q; x++)
      for (let y = 0; y < q; y++)
        for (let z = 0; z < q; z++)
          out[r * q3 + (x * q + y) * q + z] =
            f[(x * q + y) * q + z] -
            fij[x * q + y] * fk[z] -
            fik[x * q + z] * fj[y] -
            fjk[y * q + z] * fi[x] +
            2 * fi[x] * fj[y] * fk[z];
  }
  return out;
}

/** A model to score sequences with: the energy E (Potts) or −log P (autoregressive). */
export type ScoringModel =
  | { readonly kind: 'potts'; readonly model: PottsModel }
  | { readonly kind: 'autoregressive'; readonly model: ArModel };

/** E(a) of each sequence: the Potts energy (symmetrized couplings), or −log P(a) for the autoregressive model. */
export function sequenceEnergies(m: ScoringModel, a: Alignment): Float64Array {
  const out = new Float64Array(a.m);
  if (m.kind === 'potts') {
    for (let s = 0; s < a.m; s++) out[s] = pottsEnergy(m.model, a.seqs.subarray(s * a.n, (s + 1) * a.n));
  } else {
    const jt = arTransposedCouplings(m.model);
    for (let s = 0; s < a.m; s++)
      out[s] = -arLogLikelihood(m.model, a.seqs.subarray(s * a.n, (s + 1) * a.n), jt);
  }
  return out;
}

/** Histogram rows {energy (bin centre), natural, samples} (shares; natural weighted) over the joint range. */
export function energyHistogram(
  natural: Float64Array,
  w: ArrayLike<number>,
  samples: Float64Array,
  bins = 30,
): { energy: number; natural: number; samples: number }[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of [...natural, ...samples]) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const width = (hi - lo) / bins || 1;
  const hn = new Float64Array(bins);
  const hs = new Float64Array(bins);
  let wt = 0;
  natural.forEach((v, s) => {
    hn[Math.min(bins - 1, Math.floor((v - lo) / width))] += w[s];
    wt += w[s];
  });
  for (const v of samples) hs[Math.min(bins - 1, Math.floor((v - lo) / width))] += 1 / samples.length;
  return Array.from({ length: bins }, (_, b) => ({
    energy: lo + (b + 0.5) * width,
    natural: hn[b] / wt,
    samples: hs[b],
  }));
}

/**
 * Mixing of Markov-chain samples whose names read `sample_<chain>_<record>` (potts sample): the mean sequence
 * identity between a chain's states `lag` records apart against the identity between different chains at the same
 * record (adabmDCA compares the states at t and t/2, the same measure at lag t/2). The mixing lag is the smallest
 * lag (1, 2, 4, … records) at which the two agree within two standard errors (undefined when they never do).
 */
export interface MixingEstimate {
  readonly chains: number;
  readonly records: number;
  /** {lag (records), self: identity at that lag, between: identity between chains}. */
  readonly curve: { lag: number; self: number; between: number }[];
  /** Smallest lag in records at which a chain forgets its state; undefined when none of the lags does. */
  readonly mixingRecords: number | undefined;
}

/** See {@link MixingEstimate}; undefined when the names do not describe ≥ 2 chains of ≥ 4 records. */
export function mixingEstimate(samples: Alignment): MixingEstimate | undefined {
  const byChain = new Map<number, number[]>();
  for (let s = 0; s < samples.m; s++) {
    const m = /^sample_(\d+)_(\d+)\b/.exec(samples.names[s] ?? '');
    if (!m) return undefined;
    const c = Number(m[1]);
    if (!byChain.has(c)) byChain.set(c, []);
    (byChain.get(c) as number[])[Number(m[2]) - 1] = s;
  }
  const chains = [...byChain.values()];
  const records = Math.min(...chains.map((c) => c.length));
  if (
    chains.length < 2 ||
    records < 4 ||
    chains.some((c) => c.slice(0, records).some((x) => x === undefined))
  )
    return undefined;
  const { n, seqs } = samples;
  const ident = (s: number, t: number) => {
    let same = 0;
    for (let i = 0; i < n; i++) if (seqs[s * n + i] === seqs[t * n + i]) same++;
    return same / n;
  };
  let between = 0;
  let pairsCount = 0;
  for (let k = 0; k < records; k++)
    for (let a = 0; a < chains.length; a++)
      for (let b = a + 1; b < chains.length; b++) {
        between += ident(chains[a][k], chains[b][k]);
        pairsCount++;
      }
  between /= pairsCount;
  const curve: { lag: number; self: number; between: number }[] = [];
  let mixingRecords: number | undefined;
  for (let lag = 1; lag < records; lag *= 2) {
    const perChain = chains.map((c) => {
      let v = 0;
      for (let k = 0; k + lag < records; k++) v += ident(c[k], c[k + lag]);
      return v / (records - lag);
    });
    const mean = perChain.reduce((x, y) => x + y, 0) / perChain.length;
    const sd = Math.sqrt(
      perChain.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, perChain.length - 1),
    );
    curve.push({ lag, self: mean, between });
    if (mixingRecords === undefined && mean - between <= 2 * (sd / Math.sqrt(perChain.length)) + 1e-3)
      mixingRecords = lag;
  }
  return { chains: chains.length, records, curve, mixingRecords };
}

/** Principal components of the weighted one-hot natural sequences, and both sets projected on the first two. */
export interface PcaResult {
  /** Share of the total one-hot variance carried by PC1 and PC2. */
  readonly explained: [number, number];
  readonly natural: { pc1: number; pc2: number }[];
  readonly samples: { pc1: number; pc2: number }[];
}

/**
 * Top two eigenvectors of the weighted covariance of one-hot natural sequences, Σ_s ŵ_s x_s x_sᵀ − f fᵀ (subspace
 * iteration with matrix-free products, O(M·N) each), and the projections of up to `points` sequences of each set.
 */
export function oneHotPca(
  nat: Alignment,
  w: ArrayLike<number>,
  samples: Alignment,
  rng: Rng,
  points = 1500,
  iterations = 60,
): PcaResult {
  const { n, q } = nat;
  const d = n * q;
  let wt = 0;
  for (let s = 0; s < nat.m; s++) wt += w[s];
  const f = new Float64Array(d);
  for (let s = 0; s < nat.m; s++) for (let i = 0; i < n; i++) f[i * q + nat.seqs[s * n + i]] += w[s] / wt;
  const cov = (v: Float64Array, out: Float64Array) => {
    out.fill(0);
    let fv = 0;
    for (let k = 0; k < d; k++) fv += f[k] * v[k];
    for (let s = 0; s < nat.m; s++) {
      const o = s * n;
      let x = 0;
      for (let i = 0; i < n; i++) x += v[i * q + nat.seqs[o + i]];
      const c = (w[s] / wt) * x;
      for (let i = 0; i < n; i++) out[i * q + nat.seqs[o + i]] += c;
    }
    for (let k = 0; k < d; k++) out[k] -= f[k] * fv;
  };
  let v1 = Float64Array.from({ length: d }, () => rng.normal());
  let v2 = Float64Array.from({ length: d }, () => rng.normal());
  const u1 = new Float64Array(d);
  const u2 = new Float64Array(d);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((t, x, k) => t + x * b[k], 0);
  let l1 = 0;
  let l2 = 0;
  for (let it = 0; it < iterations; it++) {
    cov(v1, u1);
    cov(v2, u2);
    // Gram–Schmidt.
    l1 = Math.sqrt(dot(u1, u1));
    for (let k = 0; k < d; k++) u1[k] /= l1;
    const p = dot(u1, u2);
    for (let k = 0; k < d; k++) u2[k] -= p * u1[k];
    l2 = Math.sqrt(dot(u2, u2));
    for (let k = 0; k < d; k++) u2[k] /= l2;
    [v1, v2] = [Float64Array.from(u1), Float64Array.from(u2)];
  }
  // Eigenvalues are the Rayleigh quotients; total variance is the trace Σ f(1 − f).
  cov(v1, u1);
  cov(v2, u2);
  let trace = 0;
  for (let k = 0; k < d; k++) trace += f[k] * (1 - f[k]);
  const project = (a: Alignment) => {
    const pick =
      a.m <= points
        ? Array.from({ length: a.m }, (_, k) => k)
        : Array.from(rng.sampleWithoutReplacement(a.m, points));
    const c1 = dot(f, v1);
    const c2 = dot(f, v2);
    return pick.map((s) => {
      let x = 0;
      let y = 0;
      for (let i = 0; i < n; i++) {
        const k = i * q + a.seqs[s * n + i];
        x += v1[k];
        y += v2[k];
      }
      return { pc1: x - c1, pc2: y - c2 };
    });
  };
  return {
    explained: [dot(v1, u1) / trace, dot(v2, u2) / trace],
    natural: project(nat),
    samples: project(samples),
  };
}

/** The generative statistics of {@link generativeCheck}. */
export interface GenerativeCheckResult {
  /** Least-squares slope of sampled against natural C_ij(a, b) (1: same amplitude). */
  readonly slope2: number;
  /** Pearson r and slope of C_ijk(a, b, c) on the triplets. */
  readonly r3: number;
  readonly slope3: number;
  readonly triplets: number;
  /** The same statistics for a weighted bootstrap of natural sequences of the sample's size. */
  readonly ceiling: { r1: number; r2: number; slope2: number; r3: number; slope3: number; size: number };
  readonly mixing?: MixingEstimate;
  /** Energy histograms (with a model). */
  readonly energy?: { energy: number; natural: number; samples: number }[];
  readonly meanEnergy?: { natural: number; samples: number };
  readonly pca: PcaResult;
}

/** The alignments and model a check compares (decoded data; its settings are the entry's parameters). */
export interface GenerativeCheckInputs {
  readonly msa: Alignment;
  readonly weights: ArrayLike<number>;
  readonly samples: Alignment;
  readonly model?: ScoringModel;
  /** Triplets of the three-site statistic (default 200). */
  readonly triplets?: number;
}

/** Compute the statistics of the module comment (natural sequences weighted as in training). */
export function generativeCheck(
  cfg: GenerativeCheckInputs,
  rng: Rng,
  step?: () => void,
): GenerativeCheckResult {
  const { msa, weights, samples } = cfg;
  const [rBoot, rPca] = rng.split(2);
  const nat = connectedMoments(msa, weights);
  const gen = connectedMoments(samples);
  const boot = weightedBootstrap(weights, samples.m, rBoot);
  const bs = connectedMoments(msa, undefined, boot);
  step?.();
  const two = pearsonSlope(nat.c2, gen.c2);
  const tri = correlatedTriplets(nat, msa.n, msa.q, cfg.triplets ?? 200);
  const c3n = tripletCorrelations(msa, tri, weights);
  const three = pearsonSlope(c3n, tripletCorrelations(samples, tri));
  const bThree = pearsonSlope(c3n, tripletCorrelations(msa, tri, undefined, boot));
  const bTwo = pearsonSlope(nat.c2, bs.c2);
  step?.();
  let energy: GenerativeCheckResult['energy'];
  let meanEnergy: GenerativeCheckResult['meanEnergy'];
  if (cfg.model) {
    const en = sequenceEnergies(cfg.model, msa);
    const es = sequenceEnergies(cfg.model, samples);
    energy = energyHistogram(en, weights, es);
    let wt = 0;
    let mn = 0;
    en.forEach((v, s) => {
      mn += weights[s] * v;
      wt += weights[s];
    });
    meanEnergy = { natural: mn / wt, samples: es.reduce((a, b) => a + b, 0) / es.length };
  }
  const pca = oneHotPca(msa, weights, samples, rPca);
  step?.();
  return {
    slope2: two.slope,
    r3: three.r,
    slope3: three.slope,
    triplets: tri.length / 3,
    ceiling: {
      r1: pearsonSlope(nat.f1, bs.f1).r,
      r2: bTwo.r,
      slope2: bTwo.slope,
      r3: bThree.r,
      slope3: bThree.slope,
      size: samples.m,
    },
    mixing: mixingEstimate(samples),
    energy,
    meanEnergy,
    pca,
  };
}

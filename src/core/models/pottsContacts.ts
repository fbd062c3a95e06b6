/**
 * Contact prediction from Potts couplings, the way the DCA tools (plmDCA, CCMpred, pydca) score residue pairs:
 *
 *   1. symmetrize the two asymmetric estimates, J^s_ij(a, b) = ½[J_ij(a, b) + J_ji(b, a)];
 *   2. zero-sum gauge over all q letters, J'_ij(a, b) = J^s_ij(a, b) − J̄_ij(·, b) − J̄_ij(a, ·) + J̄_ij(·, ·);
 *   3. Frobenius norm over all q letters, gap included, F_ij = (Σ_{a,b} J'_ij(a, b)²)^{1/2} (plmc's and CCMpred's
 *      norm), or over the amino-acid block with the gap left out (plmDCA's, `gap` = the gap letter);
 *   4. average product correction, S_ij = F_ij − F_i· F_·j / F_··, with means over j ≠ i and over all i ≠ j;
 *   5. columns left out (`keep[i]` false; the experiments leave out columns that are almost all gap, more than 90 %
 *      of the weighted sequences): their pairs get S_ij = NaN and are not ranked, and the means of step 4 run over
 *      the kept columns only.
 *
 * The gap is kept by default: on shallow and fragment-rich alignments the gap rows carry much of the contact signal
 * (a residue that is there only when its partner is). It needs fields free to take a gappy column's gap frequency
 * (plmc's weak field prior on shallow families, the `auto` convention of src/experiments/potts/run.ts), or the gap
 * couplings take it over and rank gappy columns instead (docs/protein.md, "Contacts against plmc", has the
 * measurements both ways).
 *
 * Precision against a structure: pairs ranked by S_ij (ties by (i, j)), restricted to a separation class and to
 * the pairs the distance table lists; precision at top k = share of the first k pairs with distance < threshold.
 */
import type { PottsModel } from './potts.js';

/** Scores of all pairs, L×L row-major, symmetric, zero on the diagonal. */
export interface ContactScores {
  readonly n: number;
  /** Frobenius norms F_ij (step 3). */
  readonly frobenius: Float64Array;
  /** APC-corrected scores S_ij (step 4). */
  readonly apc: Float64Array;
}

/**
 * F_ij and S_ij of the module comment; `gap` is the letter left out of the norm (−1, the default: all letters),
 * `keep` the columns scored (default all).
 */
export function contactScores(model: PottsModel, gap = -1, keep?: ArrayLike<boolean>): ContactScores {
  const { n, q, couplings } = model;
  const fro = new Float64Array(n * n);
  const blk = new Float64Array(q * q);
  const rowMean = new Float64Array(q);
  const colMean = new Float64Array(q);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const u = (i * n + j) * q * q;
      const v = (j * n + i) * q * q;
      let all = 0;
      rowMean.fill(0);
      colMean.fill(0);
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const x = 0.5 * (couplings[u + a * q + b] + couplings[v + b * q + a]);
          blk[a * q + b] = x;
          rowMean[a] += x / q;
          colMean[b] += x / q;
          all += x;
        }
      all /= q * q;
      let s = 0;
      for (let a = 0; a < q; a++) {
        if (a === gap) continue;
        for (let b = 0; b < q; b++) {
          if (b === gap) continue;
          const x = blk[a * q + b] - rowMean[a] - colMean[b] + all;
          s += x * x;
        }
      }
      fro[i * n + j] = Math.sqrt(s);
      fro[j * n + i] = fro[i * n + j];
    }
  return { n, frobenius: fro, apc: averageProductCorrection(fro, n, keep) };
}

/**
 * S_ij = F_ij − F_i· F_·j / F_·· (means over off-diagonal entries of the kept columns); the diagonal is set to 0 and
 * pairs with a column not kept to NaN.
 */
export function averageProductCorrection(
  f: Float64Array,
  n: number,
  keep?: ArrayLike<boolean>,
): Float64Array {
  const kept = (i: number) => keep === undefined || keep[i];
  let count = 0;
  for (let i = 0; i < n; i++) if (kept(i)) count++;
  const mean = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!kept(i)) continue;
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i && kept(j)) s += f[i * n + j];
    mean[i] = count > 1 ? s / (count - 1) : 0;
    total += s;
  }
  total = count > 1 ? total / (count * (count - 1)) : 0;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (!kept(i) || !kept(j)) out[i * n + j] = Number.NaN;
      else out[i * n + j] = f[i * n + j] - (total > 0 ? (mean[i] * mean[j]) / total : 0);
    }
  return out;
}

/** One scored pair (0-based columns, i < j). */
export interface ScoredPair {
  readonly i: number;
  readonly j: number;
  readonly score: number;
}

/** All pairs i < j with j − i ≥ `minSeparation` and a score (NaN: not scored), by decreasing score (ties by i, j). */
export function rankPairs(scores: Float64Array, n: number, minSeparation = 1): ScoredPair[] {
  const out: ScoredPair[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + Math.max(1, minSeparation); j < n; j++)
      if (!Number.isNaN(scores[i * n + j])) out.push({ i, j, score: scores[i * n + j] });
  out.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  return out;
}

/** A separation class |i − j| ∈ [min, max] (max = Infinity for no upper bound). */
export interface SeparationClass {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/** The classes of the DCA literature: short 6–11, medium 12–23, long ≥ 24, and all pairs with |i − j| > 4. */
export const SEPARATION_CLASSES: readonly SeparationClass[] = [
  { name: 'short', min: 6, max: 11 },
  { name: 'medium', min: 12, max: 23 },
  { name: 'long', min: 24, max: Number.POSITIVE_INFINITY },
  { name: 'all', min: 5, max: Number.POSITIVE_INFINITY },
];

/** Residue distances of a structure: distance(i, j) in Å (0-based columns), NaN where the table has no entry. */
export interface DistanceMap {
  readonly n: number;
  /** L×L, symmetric, NaN for unknown pairs. */
  readonly d: Float64Array;
}

/** Precision at the top k pairs of one class. */
export interface PrecisionRow {
  readonly separation: string;
  /** The cut as named (e.g. 'L/2'). */
  readonly top: string;
  readonly k: number;
  /** Pairs of the class with a known distance that were available (k may exceed it). */
  readonly available: number;
  readonly true: number;
  readonly precision: number;
}

/**
 * Precision of the ranking at top L/10, L/5, L/2 and L (k = max(1, floor(L/d))) per separation class: contact =
 * distance < `threshold` Å; pairs without a distance in the table are skipped.
 */
export function contactPrecision(
  ranked: readonly ScoredPair[],
  dist: DistanceMap,
  threshold = 8,
  classes: readonly SeparationClass[] = SEPARATION_CLASSES,
  divisors: readonly number[] = [10, 5, 2, 1],
): PrecisionRow[] {
  const n = dist.n;
  const rows: PrecisionRow[] = [];
  for (const c of classes) {
    const hits: boolean[] = [];
    for (const p of ranked) {
      const sep = p.j - p.i;
      if (sep < c.min || sep > c.max) continue;
      const d = dist.d[p.i * n + p.j];
      if (Number.isNaN(d)) continue;
      hits.push(d < threshold);
    }
    for (const div of divisors) {
      const k = Math.max(1, Math.floor(n / div));
      let t = 0;
      const kk = Math.min(k, hits.length);
      for (let r = 0; r < kk; r++) if (hits[r]) t++;
      rows.push({
        separation: c.name,
        top: div === 1 ? 'L' : `L/${div}`,
        k,
        available: hits.length,
        true: t,
        precision: kk > 0 ? t / kk : Number.NaN,
      });
    }
  }
  return rows;
}

/** Precision of the first r pairs (class `cls`, pairs with a known distance), for r = 1..maxRank. */
export function precisionCurve(
  ranked: readonly ScoredPair[],
  dist: DistanceMap,
  threshold = 8,
  cls: SeparationClass = SEPARATION_CLASSES[3],
  maxRank = 2 * dist.n,
): { rank: number; precision: number }[] {
  const n = dist.n;
  const out: { rank: number; precision: number }[] = [];
  let t = 0;
  for (const p of ranked) {
    const sep = p.j - p.i;
    if (sep < cls.min || sep > cls.max) continue;
    const d = dist.d[p.i * n + p.j];
    if (Number.isNaN(d)) continue;
    if (d < threshold) t++;
    out.push({ rank: out.length + 1, precision: t / (out.length + 1) });
    if (out.length >= maxRank) break;
  }
  return out;
}

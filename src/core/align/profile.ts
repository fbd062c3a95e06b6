/**
 * Aligning one unaligned protein onto the columns of a family alignment, through the columns' weighted letter
 * frequencies f_i(a) (a profile; letters 0..19 the amino acids, 20 the gap). Scores are log-odds in nats, as in a
 * profile hidden Markov model with one match or delete state per column and an insert state between columns:
 *
 *   match residue r at column i:   log(1 − g_i) + log(p_i(r) / b(r)),   p_i(r) = (f_i(r) + α b(r)) / (1 − f_i(gap) + α)
 *   skip column i (no residue):     log g_i,                           g_i = (f_i(gap) + ε) / (1 + 2ε)
 *   residue between columns:         −open for the first, −extend for each further one
 *
 * with b(r) the amino-acid background (the mean of p over the columns). Residues before the first and after the
 * last aligned column are free (the protein may be longer than the family's domain). The dynamic programme is
 * Gotoh's three-state recursion, O(N·L) time and memory (N columns, L residues).
 */

/** Settings of the profile alignment (defaults: {@link PROFILE_ALIGN_DEFAULTS}). */
export interface ProfileAlignSettings {
  /** Pseudocount weight α of the background in p_i(r). */
  readonly pseudocount: number;
  /** Floor ε of the gap frequency g_i (so a column never seen empty can still be skipped). */
  readonly gapFloor: number;
  /** Penalty (nats) of the first residue between two columns. */
  readonly insertOpen: number;
  /** Penalty (nats) of each further residue between the same two columns. */
  readonly insertExtend: number;
}

/** One setting for every protein and family: never tuned per file. */
export const PROFILE_ALIGN_DEFAULTS: ProfileAlignSettings = {
  pseudocount: 0.05,
  gapFloor: 1e-3,
  insertOpen: 4,
  insertExtend: 0.5,
};

/** Result of {@link alignToProfile}. */
export interface ProfileAlignment {
  /** Column (0-based) of each residue, −1 for residues in no column (insertions and flanks). */
  readonly residueColumn: Int32Array;
  /** Residue (0-based) of each column, −1 for columns the protein skips. */
  readonly columnResidue: Int32Array;
  /** Log-odds score of the alignment (nats). */
  readonly score: number;
}

const NEG = Number.NEGATIVE_INFINITY;

/** Match scores s_i(r) = log(1 − g_i) + log(p_i(r)/b(r)) (n×20) and skip scores log g_i (n) of a profile. */
export function profileScores(
  freq: Float64Array,
  n: number,
  q: number,
  s: ProfileAlignSettings = PROFILE_ALIGN_DEFAULTS,
): { match: Float64Array; skip: Float64Array } {
  const aa = q - 1;
  const gap = q - 1;
  const bg = new Float64Array(aa);
  for (let i = 0; i < n; i++) {
    const occ = 1 - freq[i * q + gap];
    for (let a = 0; a < aa; a++) bg[a] += (freq[i * q + a] + s.pseudocount / aa) / (occ + s.pseudocount) / n;
  }
  const match = new Float64Array(n * aa);
  const skip = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const fg = freq[i * q + gap];
    const g = (fg + s.gapFloor) / (1 + 2 * s.gapFloor);
    skip[i] = Math.log(g);
    const occ = 1 - fg;
    for (let a = 0; a < aa; a++) {
      const p = (freq[i * q + a] + s.pseudocount * bg[a]) / (occ + s.pseudocount);
      match[i * aa + a] = Math.log(1 - g) + Math.log(p / bg[a]);
    }
  }
  return { match, skip };
}

/**
 * Best-scoring alignment of `residues` (codes 0..19) onto the n columns of a profile (frequencies n×q, q = 21,
 * gap last), semi-global: every column is matched or skipped, flanking residues are free.
 */
export function alignToProfile(
  freq: Float64Array,
  n: number,
  q: number,
  residues: ArrayLike<number>,
  s: ProfileAlignSettings = PROFILE_ALIGN_DEFAULTS,
): ProfileAlignment {
  const { match, skip } = profileScores(freq, n, q, s);
  const aa = q - 1;
  const len = residues.length;
  const w = len + 1;
  // M: column i−1 holds residue k−1; D: column i−1 skipped; I: residue k−1 between columns i−1 and i.
  const M = new Float64Array((n + 1) * w).fill(NEG);
  const D = new Float64Array((n + 1) * w).fill(NEG);
  const I = new Float64Array((n + 1) * w).fill(NEG);
  const best = (i: number, k: number) => (i === 0 ? 0 : Math.max(M[i * w + k], D[i * w + k], I[i * w + k]));
  for (let i = 1; i <= n; i++) {
    for (let k = 0; k <= len; k++) {
      const at = i * w + k;
      D[at] = best(i - 1, k) + skip[i - 1];
      if (k === 0) continue;
      M[at] = best(i - 1, k - 1) + match[(i - 1) * aa + residues[k - 1]];
      I[at] = Math.max(M[at - 1] - s.insertOpen, D[at - 1] - s.insertOpen, I[at - 1] - s.insertExtend);
    }
  }
  let end = 0;
  for (let k = 1; k <= len; k++) if (best(n, k) > best(n, end)) end = k;
  return traceback(M, D, I, n, len, end, s, best);
}

/** Follow the recursion of {@link alignToProfile} back from (n, end). */
function traceback(
  M: Float64Array,
  D: Float64Array,
  I: Float64Array,
  n: number,
  len: number,
  end: number,
  s: ProfileAlignSettings,
  best: (i: number, k: number) => number,
): ProfileAlignment {
  const w = len + 1;
  const residueColumn = new Int32Array(len).fill(-1);
  const columnResidue = new Int32Array(n).fill(-1);
  const score = best(n, end);
  let i = n;
  let k = end;
  let state: 'M' | 'D' | 'I' = pickState(M[i * w + k], D[i * w + k], I[i * w + k]);
  while (i > 0) {
    const at = i * w + k;
    if (state === 'M') {
      residueColumn[k - 1] = i - 1;
      columnResidue[i - 1] = k - 1;
      i--;
      k--;
    } else if (state === 'D') {
      i--;
    } else {
      const v = I[at];
      k--;
      const prev = at - 1;
      state =
        v === I[prev] - s.insertExtend ? 'I' : v === M[prev] - s.insertOpen ? 'M' : ('D' as 'M' | 'D' | 'I');
      continue;
    }
    if (i === 0) break;
    state = pickState(M[i * w + k], D[i * w + k], I[i * w + k]);
  }
  return { residueColumn, columnResidue, score };
}

/** The state of the largest of three scores (ties: match, then skip, then insert). */
function pickState(m: number, d: number, ins: number): 'M' | 'D' | 'I' {
  if (m >= d && m >= ins) return 'M';
  return d >= ins ? 'D' : 'I';
}

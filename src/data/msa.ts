/**
 * Multiple sequence alignments of protein families (paper 000 section IV.D, Appendix D): a FASTA / A2M (Pfam-style)
 * parser, the reweighting w_s = 1/n_s with M_eff = Σ_s w_s, and the mean pairwise overlap ⟨O⟩ between natural
 * sequences. Pure (no node:* imports): the command line reads the file and passes the text.
 *
 * A2M convention: uppercase letters and '-' are match columns (kept); lowercase letters and '.' are insertions
 * relative to the family model (dropped). Alphabet (q = 21): the 20 amino acids `ACDEFGHIKLMNPQRSTVWY` are 0..19
 * and the gap '-' is 20. Other uppercase letters (X unknown, B = D/N, Z = E/Q, J = I/L, O pyrrolysine,
 * U selenocysteine) are ambiguous or non-standard and are mapped to the gap, as plmDCA does. Any other character
 * (digits, '*', punctuation) is an error naming the record.
 */
import type { Rng } from '../core/rng/index.js';

/** The amino acids in index order 0..19; the gap '-' is index 20. */
export const AMINO_ACIDS = 'ACDEFGHIKLMNPQRSTVWY';
/** Alphabet size q: 20 amino acids plus the gap. */
export const POTTS_Q = 21;
/** Index of the gap symbol. */
export const GAP = 20;
/** The alphabet as a string, index k ↦ letter (gap last). */
export const MSA_ALPHABET = `${AMINO_ACIDS}-`;

/** A decoding error of an alignment (bad character, ragged records, empty input); the message names the source. */
export class MsaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MsaError';
  }
}

/** An aligned family: M sequences of N match columns, letters coded 0..q−1, row-major M×N. */
export interface Alignment {
  /** Number of sequences M. */
  readonly m: number;
  /** Sequence length N (match columns). */
  readonly n: number;
  /** Alphabet size (21). */
  readonly q: number;
  /** Codes, M×N row-major. */
  readonly seqs: Uint8Array;
  /** Record names (the header line after '>'). */
  readonly names: readonly string[];
}

const CODE = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let c = 'A'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) t[c] = GAP;
  for (let k = 0; k < AMINO_ACIDS.length; k++) t[AMINO_ACIDS.charCodeAt(k)] = k;
  t['-'.charCodeAt(0)] = GAP;
  return t;
})();

/** Code of one match-column character (uppercase or '-'); −1 when it is not one. */
export function residueCode(ch: string): number {
  const c = ch.charCodeAt(0);
  return c < 128 ? CODE[c] : -1;
}

/**
 * Parse a FASTA / A2M alignment: records start with '>' (the rest of the line is the name), sequence lines are
 * concatenated (whitespace ignored), match columns kept and insertions dropped (see the module comment). All records
 * must have the same number of match columns. `source` (a file name) prefixes every error message.
 */
export function parseAlignment(text: string, source = '<input>'): Alignment {
  const names: string[] = [];
  const rows: number[][] = [];
  let cur: number[] | null = null;
  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line.startsWith('>')) {
      names.push(line.slice(1).trim());
      cur = [];
      rows.push(cur);
      continue;
    }
    for (let k = 0; k < line.length; k++) {
      const ch = line[k];
      if (ch === ' ' || ch === '\t') continue;
      if (cur === null)
        throw new MsaError(`${source}: line ${ln + 1}: sequence data before the first '>' header`);
      if (ch === '.' || (ch >= 'a' && ch <= 'z')) continue; // insertion
      const code = residueCode(ch);
      if (code < 0)
        throw new MsaError(
          `${source}: record ${rows.length} "${names[names.length - 1]}" (line ${ln + 1}): unexpected character ${JSON.stringify(ch)}`,
        );
      cur.push(code);
    }
  }
  if (rows.length === 0) throw new MsaError(`${source}: no FASTA records (no line starts with '>')`);
  const n = rows[0].length;
  if (n === 0) throw new MsaError(`${source}: record 1 "${names[0]}" has no match columns`);
  for (let s = 1; s < rows.length; s++) {
    if (rows[s].length !== n)
      throw new MsaError(
        `${source}: ragged alignment: record ${s + 1} "${names[s]}" has ${rows[s].length} match columns, record 1 "${names[0]}" has ${n}`,
      );
  }
  const seqs = new Uint8Array(rows.length * n);
  rows.forEach((r, s) => {
    seqs.set(r, s * n);
  });
  return { m: rows.length, n, q: POTTS_Q, seqs, names };
}

/** The letters of sequence s (gap as '-'). */
export function sequenceString(msa: Alignment, s: number): string {
  let out = '';
  for (let i = 0; i < msa.n; i++) out += MSA_ALPHABET[msa.seqs[s * msa.n + i]];
  return out;
}

/** Overlap q(a, b) = (1/N) Σ_n δ(a_n, b_n) (paper 000 section IV.D) of two coded sequences of length N. */
export function sequenceOverlap(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/** The alignment restricted to the given sequences, in the given order. */
export function selectSequences(msa: Alignment, indices: ArrayLike<number>): Alignment {
  const { n } = msa;
  const k = indices.length;
  const seqs = new Uint8Array(k * n);
  const names: string[] = [];
  for (let r = 0; r < k; r++) {
    const s = indices[r];
    seqs.set(msa.seqs.subarray(s * n, (s + 1) * n), r * n);
    names.push(msa.names[s]);
  }
  return { m: k, n, q: msa.q, seqs, names };
}

/** Sequence weights and their sum. */
export interface SequenceWeights {
  /** w_s = 1/n_s. */
  readonly weights: Float64Array;
  /** M_eff = Σ_s w_s. */
  readonly mEff: number;
}

/**
 * Reweighting of paper 000 Appendix D (after plmDCA): w_s = 1/n_s, where n_s counts the sequences t (s itself
 * included) with identity q(s, t) ≥ `threshold` (default 0.8, the paper's "closer than 80%"); M_eff = Σ_s w_s.
 * Identity counts gap–gap matches, as the Hamming distance of plmDCA does. Cost M²N/2 with early exit.
 */
export function sequenceWeights(msa: Alignment, threshold = 0.8): SequenceWeights {
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`identity threshold must be in [0, 1] (got ${threshold})`);
  const { m, n, seqs } = msa;
  // identity ≥ θ ⇔ mismatches ≤ (1 − θ)N (the small slack absorbs rounding of θN).
  const maxMismatch = Math.floor((1 - threshold) * n + 1e-9);
  const count = new Float64Array(m).fill(1);
  for (let s = 0; s < m; s++) {
    const os = s * n;
    for (let t = s + 1; t < m; t++) {
      const ot = t * n;
      let mis = 0;
      let i = 0;
      for (; i < n; i++) {
        if (seqs[os + i] !== seqs[ot + i] && ++mis > maxMismatch) break;
      }
      if (i === n) {
        count[s]++;
        count[t]++;
      }
    }
  }
  const weights = new Float64Array(m);
  let mEff = 0;
  for (let s = 0; s < m; s++) {
    weights[s] = 1 / count[s];
    mEff += weights[s];
  }
  return { weights, mEff };
}

/**
 * Mean overlap ⟨O⟩ = mean over pairs s ≠ t of q(a^s, a^t) between natural sequences (paper 000 Fig. 6, dashed
 * line), unweighted. Exact when M(M−1)/2 ≤ `maxPairs` (default 200 000); otherwise estimated on `maxPairs` pairs
 * drawn uniformly with `rng` (required then).
 */
export function meanPairOverlap(msa: Alignment, rng?: Rng, maxPairs = 200_000): number {
  const { m, n, seqs } = msa;
  if (m < 2) throw new RangeError(`need at least 2 sequences for a pairwise overlap (got M = ${m})`);
  const pairs = (m * (m - 1)) / 2;
  let total = 0;
  if (pairs <= maxPairs) {
    for (let s = 0; s < m; s++)
      for (let t = s + 1; t < m; t++)
        total += sequenceOverlap(seqs.subarray(s * n, (s + 1) * n), seqs.subarray(t * n, (t + 1) * n), n);
    return total / pairs;
  }
  if (!rng) throw new TypeError(`estimating ⟨O⟩ on ${maxPairs} of ${pairs} pairs needs a random generator`);
  for (let k = 0; k < maxPairs; k++) {
    const s = rng.int(m);
    let t = rng.int(m - 1);
    if (t >= s) t++;
    total += sequenceOverlap(seqs.subarray(s * n, (s + 1) * n), seqs.subarray(t * n, (t + 1) * n), n);
  }
  return total / maxPairs;
}

/**
 * A weighted random order of the sequences (Efraimidis–Spirakis: key u^{1/w_s}, sorted by decreasing key). Its first
 * P entries are a draw of P distinct sequences with probability ∝ w_s, one at a time without replacement; the
 * entries after them are a disjoint weighted draw from the rest. Sequences with w_s = 0 come last.
 */
export function weightedOrder(weights: ArrayLike<number>, rng: Rng): Int32Array {
  const m = weights.length;
  const keys = new Float64Array(m);
  for (let s = 0; s < m; s++) {
    const w = weights[s];
    // log key = log(u)/w, compared in log space to avoid underflow.
    keys[s] = w > 0 ? Math.log(1 - rng.uniform()) / w : Number.NEGATIVE_INFINITY;
  }
  const idx = Array.from({ length: m }, (_, s) => s);
  idx.sort((a, b) => keys[b] - keys[a] || a - b);
  return Int32Array.from(idx);
}

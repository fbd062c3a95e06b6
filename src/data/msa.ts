/**
 * Multiple sequence alignments of protein families (paper 000 section IV.D, Appendix D): a FASTA / A2M (Pfam-style)
 * parser working on bytes (a UTF-8 byte-order mark is accepted and skipped), the reweighting w_s = 1/n_s with
 * M_eff = Σ_s w_s computed bit-parallel, the mean pairwise overlap ⟨O⟩ between natural sequences, and the residue
 * distance tables of structures. Pure (no node:* imports): src/node/msaFile.ts reads files, gzip and stdin.
 *
 * A2M convention: uppercase letters and '-' are match columns (kept); lowercase letters and '.' are insertions
 * relative to the family model (dropped). Alphabet (q = 21): the 20 amino acids `ACDEFGHIKLMNPQRSTVWY` are 0..19
 * and the gap '-' is 20. The other uppercase IUPAC letters (X unknown, B = D/N, Z = E/Q, J = I/L, O pyrrolysine,
 * U selenocysteine) are ambiguous or non-standard and are mapped to the gap, as plmDCA does. Any other character
 * (digits, '*', punctuation, non-ASCII bytes) is an error naming the record and the line.
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
export class MsaError extends TypeError {
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
  /** Line (1-based) of each record's header in the source. */
  readonly lines?: readonly number[];
}

const CODE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 'A'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) t[c] = GAP;
  for (let k = 0; k < AMINO_ACIDS.length; k++) t[AMINO_ACIDS.charCodeAt(k)] = k;
  t['-'.charCodeAt(0)] = GAP;
  return t;
})();
const INSERT = -2;
const SKIP = -3;
/** Byte classes: ≥ 0 a match-column code, INSERT (lowercase or '.'), SKIP (blank), −1 an error. */
const CLASS = (() => {
  const t = Int8Array.from(CODE);
  for (let c = 'a'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) t[c] = INSERT;
  t['.'.charCodeAt(0)] = INSERT;
  for (const c of [' ', '\t', '\r']) t[c.charCodeAt(0)] = SKIP;
  return t;
})();

/** Code of one match-column character (uppercase or '-'); −1 when it is not one. */
export function residueCode(ch: string): number {
  const c = ch.charCodeAt(0);
  return c < 128 ? CODE[c] : -1;
}

/** Options of {@link parseAlignment}. */
export interface ParseAlignmentOptions {
  /** Keep only the first of identical sequences (default false). */
  readonly dedupe?: boolean;
  /** Refuse alignments with fewer sequences (default 1). */
  readonly minSequences?: number;
}

const utf8 = new TextDecoder('utf-8');

function describeByte(c: number): string {
  return c >= 32 && c < 127
    ? JSON.stringify(String.fromCharCode(c))
    : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * Parse a FASTA / A2M alignment given as text or bytes (UTF-8, optional byte-order mark): records start with '>'
 * (the rest of the line is the name), sequence lines are concatenated (blanks ignored), match columns kept and
 * insertions dropped (see the module comment). All records must have the same number of match columns. `source`
 * (a file name) prefixes every error message, which names the record and its line. With `dedupe`, identical
 * sequences after the first are removed.
 */
export function parseAlignment(
  input: string | Uint8Array,
  source = '<input>',
  opts: ParseAlignmentOptions = {},
): Alignment {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const st = scanRecords(bytes, checkAlignmentStart(bytes, source), source);
  const { names, lines, buf, n } = st;
  let m = names.length;
  let seqs = buf.slice(0, m * n);
  let outNames = names;
  let outLines = lines;
  if (opts.dedupe) {
    const keep = distinctRows(seqs, m, n).first;
    seqs = new Uint8Array(keep.length * n);
    keep.forEach((s, r) => {
      seqs.set(buf.subarray(s * n, (s + 1) * n), r * n);
    });
    outNames = keep.map((s) => names[s]);
    outLines = keep.map((s) => lines[s]);
    m = keep.length;
  }
  const minSeq = opts.minSequences ?? 1;
  if (m < minSeq)
    throw new MsaError(
      `${source}: ${m} sequence${m === 1 ? '' : 's'}${opts.dedupe ? ' after removing duplicates' : ''}; at least ${minSeq} needed`,
    );
  return { m, n, q: POTTS_Q, seqs, names: outNames, lines: outLines };
}

/** Refuses empty and binary input; returns the offset of the first byte after an optional UTF-8 byte-order mark. */
function checkAlignmentStart(bytes: Uint8Array, source: string): number {
  const p = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length - p === 0) throw new MsaError(`${source}: empty file (no FASTA records)`);
  const probe = bytes.subarray(0, Math.min(bytes.length, 4096));
  if (probe.indexOf(0) >= 0)
    throw new MsaError(`${source}: binary data (a NUL byte), not a FASTA/A2M alignment`);
  return p;
}

/** State of the record scanner: names and header lines so far, match-column letters, columns per record. */
interface RecordScan {
  names: string[];
  lines: number[];
  buf: Uint8Array;
  used: number;
  /** Match columns of every record (−1 until the first record is complete). */
  n: number;
  /** Match columns of the current record. */
  cur: number;
}

/** Scans the lines of a FASTA/A2M file from byte `p` into records; every record has the same column count. */
function scanRecords(bytes: Uint8Array, p: number, source: string): RecordScan {
  const st: RecordScan = { names: [], lines: [], buf: new Uint8Array(1 << 16), used: 0, n: -1, cur: 0 };
  let line = 1;
  const end = bytes.length;
  while (p < end) {
    let e = bytes.indexOf(10, p);
    if (e < 0) e = end;
    if (bytes[p] === 62 /* '>' */) {
      finishRecord(st, source);
      let h = e;
      if (h > p + 1 && bytes[h - 1] === 13) h--;
      st.names.push(utf8.decode(bytes.subarray(p + 1, h)).trim());
      st.lines.push(line);
      st.cur = 0;
    } else scanSequenceLine(st, bytes, p, e, line, source);
    p = e + 1;
    line++;
  }
  if (st.names.length === 0) throw new MsaError(`${source}: no FASTA records (no line starts with '>')`);
  finishRecord(st, source);
  return st;
}

/** Closes the current record: the first fixes the column count, later ones must match it. */
function finishRecord(st: RecordScan, source: string): void {
  const { names, lines, cur } = st;
  const r = names.length;
  if (r === 0) return;
  if (st.n < 0) {
    if (cur === 0)
      throw new MsaError(`${source}: record 1 "${names[0]}" (line ${lines[0]}) has no match columns`);
    st.n = cur;
  } else if (cur !== st.n)
    throw new MsaError(
      `${source}: ragged alignment: record ${r} "${names[r - 1]}" (line ${lines[r - 1]}) has ${cur} match columns, record 1 "${names[0]}" has ${st.n}`,
    );
}

/** Appends the match columns of the sequence line bytes[p, e) to the current record; insertions are dropped. */
function scanSequenceLine(
  st: RecordScan,
  bytes: Uint8Array,
  p: number,
  e: number,
  line: number,
  source: string,
): void {
  for (let k = p; k < e; k++) {
    const c = bytes[k];
    const cls = CLASS[c];
    if (cls >= 0) {
      if (st.names.length === 0)
        throw new MsaError(`${source}: line ${line}: sequence data before the first '>' header`);
      if (st.used === st.buf.length) {
        const nb = new Uint8Array(st.buf.length * 2);
        nb.set(st.buf);
        st.buf = nb;
      }
      st.buf[st.used++] = cls;
      st.cur++;
    } else if (cls === INSERT) {
      if (st.names.length === 0)
        throw new MsaError(`${source}: line ${line}: sequence data before the first '>' header`);
    } else if (cls !== SKIP) refuseByte(st.names, c, line, source);
  }
}

/** Throws the error for a byte that is neither a residue, an insertion nor a blank. */
function refuseByte(names: string[], c: number, line: number, source: string): never {
  if (names.length === 0)
    throw new MsaError(
      c >= 128 || c < 32
        ? `${source}: line ${line}: ${describeByte(c)}: not a FASTA/A2M alignment (binary or non-ASCII data before the first '>' header)`
        : `${source}: line ${line}: sequence data before the first '>' header`,
    );
  const r = names.length;
  throw new MsaError(
    `${source}: record ${r} "${names[r - 1]}" (line ${line}): unexpected character ${describeByte(c)}`,
  );
}

/** The distinct rows of an M×N letter array: `first[u]` is the first row of class u, `of[s]` the class of row s. */
export function distinctRows(
  seqs: Uint8Array,
  m: number,
  n: number,
): { first: number[]; of: Int32Array; count: Int32Array } {
  const index = new Map<string, number>();
  const first: number[] = [];
  const of = new Int32Array(m);
  const counts: number[] = [];
  for (let s = 0; s < m; s++) {
    const key = String.fromCharCode.apply(null, seqs.subarray(s * n, (s + 1) * n) as unknown as number[]);
    let u = index.get(key);
    if (u === undefined) {
      u = first.length;
      index.set(key, u);
      first.push(s);
      counts.push(0);
    }
    of[s] = u;
    counts[u]++;
  }
  return { first, of, count: Int32Array.from(counts) };
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

/** Largest number of mismatches of a pair at identity ≥ θ over N columns: floor((1 − θ)N) (slack 1e-9 for rounding). */
export function maxMismatches(n: number, threshold: number): number {
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`identity threshold must be in [0, 1] (got ${threshold})`);
  return Math.floor((1 - threshold) * n + 1e-9);
}

/** 32-bit words per packed row: six 5-bit letters per word. */
export function msaPackedWords(n: number): number {
  return Math.ceil(n / 6);
}

/**
 * Pack letters (< 32) six per 32-bit word, 5 bits each, for {@link neighbourCountsPacked}: row r occupies words
 * r·W .. r·W + W − 1 with W = ceil(N/6). Unused fields are 0 in every row, so they never differ.
 */
export function packRows(seqs: Uint8Array, m: number, n: number): Uint32Array {
  const w = msaPackedWords(n);
  const out = new Uint32Array(m * w);
  for (let s = 0; s < m; s++)
    for (let i = 0; i < n; i++) out[s * w + Math.floor(i / 6)] |= seqs[s * n + i] << (5 * (i % 6));
  return out;
}

const LOW4 = 0x1ef7bdef; // 0b01111 in each of the six 5-bit fields
const HIGH = 0x21084210; // 0b10000 in each field

/**
 * Bit-parallel neighbour counts (the kernel of the sequence weights): for the packed distinct rows u with
 * u ≡ `part` (mod `parts`), compares u with every v > u and adds mult[v] to count[u] and mult[u] to count[v] when
 * they differ in at most `maxMis` columns. Per word: x = a ⊕ b, a field differs iff ((x & 0b01111) + 0b01111 | x)
 * has its top bit set; popcount of those bits; the row pair stops early once mismatches exceed `maxMis`. `count`
 * is accumulated into (start it at zero); summing the counts of all parts gives every pair once.
 */
export function neighbourCountsPacked(
  packed: Uint32Array,
  mu: number,
  words: number,
  mult: Int32Array,
  maxMis: number,
  part: number,
  parts: number,
  count: Float64Array,
): void {
  for (let u = part; u < mu; u += parts) {
    const ou = u * words;
    let cu = 0;
    const mulU = mult[u];
    for (let v = u + 1; v < mu; v++) {
      const ov = v * words;
      let mis = 0;
      let k = 0;
      for (; k < words; k++) {
        const x = packed[ou + k] ^ packed[ov + k];
        let y = (((x & LOW4) + LOW4) | x) & HIGH;
        y -= (y >>> 1) & 0x55555555;
        y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
        mis += Math.imul((y + (y >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
        if (mis > maxMis) break;
      }
      if (k === words) {
        cu += mult[v];
        count[v] += mulU;
      }
    }
    count[u] += cu;
  }
}

/** Distinct rows, their multiplicities and packed letters: the shared input of the weight kernel. */
export interface PackedAlignment {
  readonly mu: number;
  readonly words: number;
  readonly packed: Uint32Array;
  readonly mult: Int32Array;
  /** Class (distinct row) of each sequence. */
  readonly of: Int32Array;
}

/** Prepare {@link neighbourCountsPacked}: merge identical sequences and pack the distinct ones. */
export function packAlignment(msa: Alignment): PackedAlignment {
  const { m, n, seqs } = msa;
  const d = distinctRows(seqs, m, n);
  const mu = d.first.length;
  // Columns in increasing order of the chance Σ_a f_i(a)² that two sequences agree there: a pair of distant
  // sequences exceeds the mismatch budget within the first words, which ends its comparison early.
  const agree = new Float64Array(n);
  const freq = new Float64Array(32);
  for (let i = 0; i < n; i++) {
    freq.fill(0);
    for (let s = 0; s < m; s++) freq[seqs[s * n + i]]++;
    for (const f of freq) agree[i] += (f / m) ** 2;
  }
  const cols = Array.from({ length: n }, (_, i) => i).sort((a, b) => agree[a] - agree[b] || a - b);
  const uniq = new Uint8Array(mu * n);
  d.first.forEach((s, u) => {
    for (let k = 0; k < n; k++) uniq[u * n + k] = seqs[s * n + cols[k]];
  });
  return { mu, words: msaPackedWords(n), packed: packRows(uniq, mu, n), mult: d.count, of: d.of };
}

/** Weights from the per-distinct-row neighbour counts (identical sequences counted, the row itself included). */
export function weightsFromCounts(pa: PackedAlignment, counts: Float64Array): SequenceWeights {
  const m = pa.of.length;
  const weights = new Float64Array(m);
  let mEff = 0;
  for (let s = 0; s < m; s++) {
    const u = pa.of[s];
    // Identical copies (mult − 1 of them) and the row itself are neighbours too.
    weights[s] = 1 / (counts[u] + pa.mult[u]);
    mEff += weights[s];
  }
  return { weights, mEff };
}

/**
 * Reweighting of paper 000 Appendix D (after plmDCA): w_s = 1/n_s, where n_s counts the sequences t (s itself and
 * its identical copies included) with identity q(s, t) ≥ `threshold` (default 0.8, the paper's "closer than 80%");
 * M_eff = Σ_s w_s. Identity counts gap–gap matches, as the Hamming distance of plmDCA does. Identical sequences are
 * merged first, then distinct pairs compared bit-parallel ({@link neighbourCountsPacked}) on this thread;
 * src/node/msaWeights.ts spreads the same kernel over worker threads.
 */
export function sequenceWeights(msa: Alignment, threshold = 0.8): SequenceWeights {
  const maxMis = maxMismatches(msa.n, threshold);
  const pa = packAlignment(msa);
  const counts = new Float64Array(pa.mu);
  neighbourCountsPacked(pa.packed, pa.mu, pa.words, pa.mult, maxMis, 0, 1, counts);
  return weightsFromCounts(pa, counts);
}

/** Reference w_s = 1/n_s by direct comparison of all pairs (cost M²N/2; tests check the fast kernel with it). */
export function sequenceWeightsReference(msa: Alignment, threshold = 0.8): SequenceWeights {
  const { m, n, seqs } = msa;
  const maxMis = maxMismatches(n, threshold);
  const count = new Float64Array(m).fill(1);
  for (let s = 0; s < m; s++)
    for (let t = s + 1; t < m; t++) {
      let mis = 0;
      for (let i = 0; i < n; i++) if (seqs[s * n + i] !== seqs[t * n + i]) mis++;
      if (mis <= maxMis) {
        count[s]++;
        count[t]++;
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

/** Residue distances of a structure between alignment columns (see src/core/models/pottsContacts.ts). */
export interface DistanceTable {
  readonly n: number;
  /** L×L, symmetric, NaN where the table has no entry. */
  readonly d: Float64Array;
  /** Pairs listed. */
  readonly pairs: number;
}

/**
 * Parse a distance table `i j [x …] d` (whitespace-separated, 1-based columns i ≠ j, written as integers or as
 * floats like `5.7e+01`; the distance in Å in the last column; '#' comments and blank lines ignored) for an
 * alignment of N columns. Indices outside 1..N, non-integral indices, i = j, fewer than 3 columns or a distance that
 * is not a finite number ≥ 0 are errors naming the line.
 */
export function parseDistanceTable(
  input: string | Uint8Array,
  n: number,
  source = '<distances>',
): DistanceTable {
  const text = typeof input === 'string' ? input : utf8.decode(input);
  if (text.indexOf('\u0000') >= 0)
    throw new MsaError(`${source}: binary data (a NUL byte), not a distance table`);
  const d = new Float64Array(n * n).fill(Number.NaN);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let pairs = 0;
  for (let ln = 0; ln < lines.length; ln++) {
    const t = lines[ln].trim();
    if (t === '' || t.startsWith('#')) continue;
    const f = t.split(/\s+/);
    if (f.length < 3)
      throw new MsaError(
        `${source}: line ${ln + 1}: expected "i j distance" (got ${JSON.stringify(t.slice(0, 60))})`,
      );
    const i = Number(f[0]);
    const j = Number(f[1]);
    const dist = Number(f[f.length - 1]);
    for (const [name, v] of [
      ['i', i],
      ['j', j],
    ] as const)
      if (!Number.isInteger(v) || v < 1 || v > n)
        throw new MsaError(
          `${source}: line ${ln + 1}: column ${name} = ${JSON.stringify(name === 'i' ? f[0] : f[1])} is outside 1..${n} (the alignment has N = ${n})`,
        );
    if (i === j) throw new MsaError(`${source}: line ${ln + 1}: i = j = ${i}`);
    if (!(dist >= 0 && Number.isFinite(dist)))
      throw new MsaError(
        `${source}: line ${ln + 1}: distance ${JSON.stringify(f[f.length - 1])} is not a number ≥ 0`,
      );
    d[(i - 1) * n + (j - 1)] = dist;
    d[(j - 1) * n + (i - 1)] = dist;
    pairs++;
  }
  if (pairs === 0) throw new MsaError(`${source}: no distances (empty table)`);
  return { n, d, pairs };
}

/**
 * Parse sequence weights given by the user (plmc's `--weights` format): one number per line, in the order of the
 * alignment's records, blank lines and '#' comments ignored. Exactly `m` weights, each finite and ≥ 0, not all zero;
 * anything else is an MsaError naming the source and the line. M_eff = Σ_s w_s.
 */
export function parseWeights(input: string | Uint8Array, m: number, source = '<weights>'): SequenceWeights {
  const text = typeof input === 'string' ? input : utf8.decode(input);
  if (text.indexOf('\u0000') >= 0)
    throw new MsaError(`${source}: binary data (a NUL byte), not a list of weights`);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const values: number[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const t = lines[ln].trim();
    if (t === '' || t.startsWith('#')) continue;
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!(v >= 0 && Number.isFinite(v)))
      throw new MsaError(
        `${source}: line ${ln + 1}: weight ${JSON.stringify(t.slice(0, 40))} is not a finite number ≥ 0`,
      );
    values.push(v);
  }
  if (values.length !== m)
    throw new MsaError(`${source}: ${values.length} weights for ${m} sequences (one per sequence needed)`);
  let mEff = 0;
  for (const v of values) mEff += v;
  if (!(mEff > 0)) throw new MsaError(`${source}: all weights are zero`);
  return { weights: Float64Array.from(values), mEff };
}

/** Weights as text, one per line in full precision (the format {@link parseWeights} and plmc read). */
export function formatWeights(weights: ArrayLike<number>): string {
  let out = '';
  for (let s = 0; s < weights.length; s++) out += `${weights[s]}\n`;
  return out;
}

/** Whether bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate gzipped bytes with the standard DecompressionStream (Node ≥ 18 and browsers); other bytes are returned
 * as they are. Corrupt gzip data is an MsaError naming the source.
 */
export async function inflateIfGzip(bytes: Uint8Array, source = '<input>'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new MsaError(`${source}: corrupt gzip data (${(e as Error).message})`);
  }
}

/** Parse an alignment from file bytes, plain or gzipped (see {@link parseAlignment}). */
export async function decodeAlignment(
  bytes: Uint8Array,
  source = '<input>',
  opts: ParseAlignmentOptions = {},
): Promise<Alignment> {
  return parseAlignment(await inflateIfGzip(bytes, source), source, opts);
}

/**
 * Hamming distance (share of differing columns) from each query sequence to its nearest sequence of `ref`, by the
 * bit-parallel comparison of {@link neighbourCountsPacked}; `skipSelf` ignores ref row r for query row r (for a
 * query set that is a prefix of the reference).
 */
export function nearestDistances(query: Alignment, ref: Alignment, skipSelf = false): Float64Array {
  const n = query.n;
  if (ref.n !== n) throw new RangeError(`query and reference lengths differ (${n} and ${ref.n})`);
  const words = msaPackedWords(n);
  const pq = packRows(query.seqs, query.m, n);
  const pr = packRows(ref.seqs, ref.m, n);
  const out = new Float64Array(query.m);
  for (let s = 0; s < query.m; s++) {
    let best = n;
    const os = s * words;
    for (let t = 0; t < ref.m && best > 0; t++) {
      if (skipSelf && t === s) continue;
      const ot = t * words;
      let mis = 0;
      for (let k = 0; k < words; k++) {
        let y = ((((pq[os + k] ^ pr[ot + k]) & LOW4) + LOW4) | (pq[os + k] ^ pr[ot + k])) & HIGH;
        y -= (y >>> 1) & 0x55555555;
        y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
        mis += Math.imul((y + (y >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
        if (mis >= best) break;
      }
      if (mis < best) best = mis;
    }
    out[s] = best / n;
  }
  return out;
}

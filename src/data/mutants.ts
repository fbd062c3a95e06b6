/**
 * Decoders for mutation-effect inputs: a wild-type protein (FASTA, one unaligned record) and a list of mutants,
 * either a CSV with a `mutant` column (other columns kept as measured values, e.g. `amp_2500`) or a plain list of
 * one mutant per line. A mutant is one or more substitutions `H24C` (wild-type letter, 1-based residue number,
 * mutant letter) joined by `:` or `,` (`A42G:K199W`). Errors are {@link MutantError}s naming the file and line.
 */
import { AMINO_ACIDS } from './msa.js';

/** Malformed wild-type or mutant input (a TypeError: the CLI reports it on one line, exit 2). */
export class MutantError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'MutantError';
  }
}

/** One substitution: residue `position` (1-based) from `wt` to `mt` (letters of {@link AMINO_ACIDS}). */
export interface Substitution {
  readonly wt: string;
  readonly position: number;
  readonly mt: string;
}

/** A mutant as written in the file, its substitutions and the line it came from. */
export interface Mutant {
  readonly name: string;
  readonly substitutions: readonly Substitution[];
  readonly line: number;
}

/** Mutants of a file and, for CSV input, the other columns (numbers, NaN where empty or not a number). */
export interface MutantTable {
  readonly mutants: readonly Mutant[];
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** Whether the file was a CSV with a header (false: a plain list). */
  readonly csv: boolean;
}

const TOKEN = /^([A-Za-z*])(\d+)([A-Za-z*])$/;

/** Parse `H24C`, `A42G:K199W` or `A42G,K199W` (spaces around separators allowed); throws naming the bad part. */
export function parseMutant(text: string, where: string): Substitution[] {
  const parts = text
    .split(/[:,]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new MutantError(`${where}: empty mutant`);
  const out: Substitution[] = [];
  for (const p of parts) {
    const m = TOKEN.exec(p);
    if (!m)
      throw new MutantError(
        `${where}: "${p}" is not a substitution like H24C (wild-type letter, residue number, mutant letter)`,
      );
    for (const letter of [m[1], m[3]])
      if (!AMINO_ACIDS.includes(letter))
        throw new MutantError(
          `${where}: "${p}" has the unknown amino-acid letter "${letter}" (allowed: ${AMINO_ACIDS})`,
        );
    out.push({ wt: m[1], position: Number(m[2]), mt: m[3] });
  }
  const seen = new Set<number>();
  for (const s of out) {
    if (seen.has(s.position))
      throw new MutantError(`${where}: "${text}" substitutes residue ${s.position} twice`);
    seen.add(s.position);
  }
  return out;
}

/** Split one CSV line (RFC 4180 quotes, `""` inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quoted) {
      if (c === '"' && line[k + 1] === '"') {
        cur += '"';
        k++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function textLines(bytes: Uint8Array | string, source: string): string[] {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes);
  if (text.includes('\0')) throw new MutantError(`${source}: binary data`);
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/**
 * Parse a mutant file: a CSV whose header has a `mutant` column, or a plain list (one mutant per line; `#` lines
 * and blank lines skipped). A first line that is neither a mutant nor a header with `mutant` is refused.
 */
export function parseMutantTable(bytes: Uint8Array | string, source: string): MutantTable {
  const lines = textLines(bytes, source);
  const first = lines.findIndex((l) => l.trim().length > 0 && !l.trim().startsWith('#'));
  if (first < 0) throw new MutantError(`${source}: no mutants (empty file)`);
  const header = splitCsvLine(lines[first]);
  const col = header.indexOf('mutant');
  if (col < 0) {
    let isMutant = true;
    try {
      parseMutant(lines[first].trim(), `${source}: line ${first + 1}`);
    } catch {
      isMutant = false;
    }
    if (!isMutant && header.length > 1)
      throw new MutantError(
        `${source}: the CSV header has no "mutant" column (columns: ${header.slice(0, 8).join(', ')})`,
      );
    return plainList(lines, source);
  }
  const names = header.filter((h, k) => k !== col && h.length > 0);
  const values: number[][] = names.map(() => []);
  const mutants: Mutant[] = [];
  for (let k = first + 1; k < lines.length; k++) {
    if (lines[k].trim().length === 0) continue;
    const f = splitCsvLine(lines[k]);
    if (f.length !== header.length)
      throw new MutantError(
        `${source}: line ${k + 1} has ${f.length} fields, the header has ${header.length}`,
      );
    const where = `${source}: line ${k + 1}`;
    mutants.push({ name: f[col], substitutions: parseMutant(f[col], where), line: k + 1 });
    let c = 0;
    for (let h = 0; h < header.length; h++) {
      if (h === col || header[h].length === 0) continue;
      const v = f[h] === '' ? Number.NaN : Number(f[h]);
      values[c++].push(v);
    }
  }
  if (mutants.length === 0) throw new MutantError(`${source}: the CSV has a header but no mutants`);
  const columns: Record<string, Float64Array> = {};
  names.forEach((name, c) => {
    columns[name] = Float64Array.from(values[c]);
  });
  return { mutants, columns, csv: true };
}

function plainList(lines: readonly string[], source: string): MutantTable {
  const mutants: Mutant[] = [];
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k].trim();
    if (t.length === 0 || t.startsWith('#')) continue;
    mutants.push({ name: t, substitutions: parseMutant(t, `${source}: line ${k + 1}`), line: k + 1 });
  }
  return { mutants, columns: {}, csv: false };
}

/** A protein read from FASTA: its name (the header) and residue codes 0..19 (index in {@link AMINO_ACIDS}). */
export interface Protein {
  readonly name: string;
  readonly sequence: string;
  readonly codes: Uint8Array;
}

/**
 * Parse one unaligned protein from FASTA (or bare letters): lowercase is read as uppercase, spaces and line ends
 * ignored; gaps, `.`, `*` at the end (stop) dropped; any other letter than the 20 amino acids refused.
 */
export function parseProtein(bytes: Uint8Array | string, source: string): Protein {
  const lines = textLines(bytes, source);
  let name = '';
  let seq = '';
  let records = 0;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k].trim();
    if (l.startsWith('>')) {
      records++;
      if (records > 1) throw new MutantError(`${source}: line ${k + 1}: a second record; give one protein`);
      name = l.slice(1).trim();
      continue;
    }
    for (const ch of l.replace(/\s+/g, '').replace(/\*$/, '')) {
      const c = ch.toUpperCase();
      if (c === '-' || c === '.') continue;
      if (!AMINO_ACIDS.includes(c))
        throw new MutantError(
          `${source}: line ${k + 1}: "${ch}" is not one of the 20 amino-acid letters ${AMINO_ACIDS}`,
        );
      seq += c;
    }
  }
  if (seq.length === 0) throw new MutantError(`${source}: no residues`);
  const codes = Uint8Array.from(seq, (c) => AMINO_ACIDS.indexOf(c));
  return { name, sequence: seq, codes };
}

/**
 * Reading alignments and distance tables from files or standard input (Node): gzip is recognized by its magic
 * bytes (1f 8b) and inflated with node:zlib; the bytes then go to the pure parsers of src/data/msa.ts.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  type Alignment,
  type DistanceTable,
  MsaError,
  type ParseAlignmentOptions,
  parseAlignment,
  parseDistanceTable,
} from '../data/msa.js';

/** Bytes of a file ('-' reads standard input), inflated when gzipped; MsaError for unreadable or corrupt files. */
export function readMaybeGzip(path: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MsaError(
      `${path === '-' ? '<stdin>' : path}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (e as Error).message})`,
    );
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw new MsaError(`${path}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  return raw;
}

/** Read and parse a FASTA/A2M alignment (plain or gzipped; '-' for stdin), at least 2 sequences by default. */
export function readAlignment(path: string, opts: ParseAlignmentOptions = {}): Alignment {
  return parseAlignment(readMaybeGzip(path), path === '-' ? '<stdin>' : path, {
    minSequences: 2,
    ...opts,
  });
}

/** Read and parse a distance table (`i j [x] d`, 1-based) for an alignment of N columns. */
export function readDistanceTable(path: string, n: number): DistanceTable {
  return parseDistanceTable(readMaybeGzip(path), n, path);
}

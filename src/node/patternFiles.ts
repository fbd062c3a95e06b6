/**
 * Reading `--patterns` from disk (Node only): a file is read whole, a folder as its `.png` files. Decoding is
 * src/data/patternFiles.ts, which works on bytes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PatternDir, PatternFile } from '../data/patternFiles.js';

/** Largest file read as patterns, in bytes (1 GiB). */
export const MAX_PATTERN_FILE_BYTES = 2 ** 30;

/** The bytes of a file, or the `.png` files of a folder; TypeError naming the path when it is missing or too large. */
export function readPatternSource(path: string): PatternFile | PatternDir {
  if (path.trim() === '') throw new TypeError('patterns path must not be empty');
  if (!existsSync(path)) throw new TypeError(`${path}: no such file or directory`);
  const st = statSync(path);
  if (st.isDirectory()) {
    const files = readdirSync(path)
      .filter((f) => /\.png$/i.test(f) && statSync(join(path, f)).isFile())
      .map((f) => readOne(join(path, f), f));
    return { name: path, files };
  }
  return readOne(path, basename(path));
}

function readOne(path: string, name: string): PatternFile {
  const size = statSync(path).size;
  if (size > MAX_PATTERN_FILE_BYTES)
    throw new TypeError(`${path}: ${size} bytes exceed the limit of ${MAX_PATTERN_FILE_BYTES}`);
  return { name, bytes: new Uint8Array(readFileSync(path)) };
}

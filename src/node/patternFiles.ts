/**
 * Reading `--patterns` from disk (Node only): a file is read whole, a folder as its `.png` files. Decoding is
 * src/data/patternFiles.ts, which works on bytes.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeNpyHeader } from '../data/npy.js';
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

/** The first `length` bytes of a file (fewer when it is shorter). */
function readHead(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(length);
    const got = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * The number of patterns P and neurons N that `--patterns` (with `--size WxH` for images) would give, read from
 * headers only (a .npy header, the PNG files' count and first IHDR), so that memory can be checked before any
 * image is decoded or resized. Undefined when it cannot be told cheaply (decoding then reports the problem).
 */
export function peekPatternShape(path: string, size?: string): { n: number; p: number } | undefined {
  try {
    if (!existsSync(path)) return undefined;
    if (statSync(path).isDirectory()) {
      const pngs = readdirSync(path).filter((f) => /\.png$/i.test(f));
      if (pngs.length === 0) return undefined;
      if (size) {
        const [w, h] = size.split('x').map(Number);
        return { n: w * h, p: pngs.length };
      }
      const head = readHead(join(path, pngs[0]), 24);
      if (head.length < 24) return undefined;
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      return { n: view.getUint32(16) * view.getUint32(20), p: pngs.length };
    }
    const { shape } = decodeNpyHeader(readHead(path, 65536 + 12), basename(path));
    if (shape.length < 2) return undefined;
    return { n: shape.slice(1).reduce((a, b) => a * b, 1), p: shape[0] };
  } catch {
    return undefined;
  }
}

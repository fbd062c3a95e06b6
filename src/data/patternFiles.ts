/**
 * Patterns from the user's own files, for `--patterns FILE` wherever random patterns are drawn: a NumPy `.npy`
 * array of P × N (or P × H × W) entries that are ±1 or 0/1 (booleans, integers or floats), or a folder of PNG
 * images thresholded to ±1 on a common grid (src/data/png.ts). Also the `.npy` forms of patterns, couplings and
 * result tables. Pure: files arrive as bytes ({name, bytes}); the surface reads them.
 */
import { type PatternSet, patternSet } from '../core/patterns.js';
import { decodeNpy, decodeNpyHeader, encodeNpy, type NpyArray, npyToFloat64 } from './npy.js';
import { decodePngGrey, type GreyImage, resizeGrey, thresholdGrey } from './png.js';

/** A file's name and bytes. */
export interface PatternFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A folder's name and files. */
export interface PatternDir {
  readonly name: string;
  readonly files: readonly PatternFile[];
}

/** How images become patterns. */
export interface ImageOptions {
  /** Grey level in [0, 1] above which a pixel is +1 (default 0.5). */
  readonly threshold?: number;
  /** Common grid [width, height]; without it every image must have the same size. */
  readonly size?: readonly [number, number];
}

/** Patterns read from a file or folder, with where they came from. */
export interface LoadedPatterns {
  readonly patterns: PatternSet;
  /** One name per pattern (file names for images, `row μ` for arrays). */
  readonly names: readonly string[];
  /** Image grid of each pattern when known (PNG folders, P × H × W arrays), else null. */
  readonly shape: { readonly width: number; readonly height: number } | null;
}

/** Largest number of pattern entries P·N read from a file (2^27, 1 GiB as float64). */
export const MAX_PATTERN_ENTRIES = 2 ** 27;

/**
 * Patterns of a `.npy` array: rank 2 (P × N) or rank 3 (P × H × W, flattened row-major); entries all in {−1, +1}
 * or all in {0, 1} (mapped to −1, +1). TypeError/RangeError naming the file for any other content or shape.
 */
export function patternsFromNpy(a: NpyArray, name = 'patterns'): LoadedPatterns {
  if (a.shape.length !== 2 && a.shape.length !== 3)
    throw new RangeError(
      `${name}: patterns must be an array of rank 2 (P × N) or 3 (P × H × W) (got rank ${a.shape.length}, shape (${a.shape.join(', ')}))`,
    );
  const p = a.shape[0];
  const n = a.shape.slice(1).reduce((x, y) => x * y, 1);
  if (p < 1 || n < 1)
    throw new RangeError(`${name}: patterns need P ≥ 1 and N ≥ 1 (got shape (${a.shape.join(', ')}))`);
  if (p * n > MAX_PATTERN_ENTRIES)
    throw new RangeError(`${name}: ${p * n} entries exceed the limit of ${MAX_PATTERN_ENTRIES}`);
  const data = npyToFloat64(a);
  let binary01 = true;
  let pm1 = true;
  for (let k = 0; k < data.length && (binary01 || pm1); k++) {
    const v = data[k];
    if (v !== 0 && v !== 1) binary01 = false;
    if (v !== -1 && v !== 1) pm1 = false;
  }
  if (!pm1 && !binary01) {
    const k = data.findIndex((v) => v !== -1 && v !== 1);
    throw new RangeError(
      `${name}: patterns must hold only ±1 or only 0/1 (entry (${Math.floor(k / n)}, ${k % n}) is ${data[k]})`,
    );
  }
  if (!pm1) for (let k = 0; k < data.length; k++) data[k] = 2 * data[k] - 1;
  return {
    patterns: patternSet(p, n, data),
    names: Array.from({ length: p }, (_, mu) => `row ${mu}`),
    shape: a.shape.length === 3 ? { width: a.shape[2], height: a.shape[1] } : null,
  };
}

/** Patterns of PNG images (one per image, in the order given), thresholded on a common grid. */
export function patternsFromImages(
  files: readonly PatternFile[],
  opts: ImageOptions = {},
  where = 'images',
): LoadedPatterns {
  if (files.length === 0) throw new RangeError(`${where}: no PNG images`);
  const images: GreyImage[] = files.map((f) => decodePngGrey(f.bytes, f.name));
  let width: number;
  let height: number;
  if (opts.size) {
    [width, height] = opts.size;
  } else {
    ({ width, height } = images[0]);
    const k = images.findIndex((im) => im.width !== width || im.height !== height);
    if (k >= 0)
      throw new RangeError(
        `${where}: images differ in size (${files[0].name} is ${width}×${height}, ${files[k].name} is ${images[k].width}×${images[k].height}); give --size WxH`,
      );
  }
  const n = width * height;
  if (files.length * n > MAX_PATTERN_ENTRIES)
    throw new RangeError(`${where}: ${files.length * n} entries exceed the limit of ${MAX_PATTERN_ENTRIES}`);
  const data = new Float64Array(files.length * n);
  images.forEach((im, mu) => {
    data.set(thresholdGrey(resizeGrey(im, width, height), opts.threshold ?? 0.5), mu * n);
  });
  return {
    patterns: patternSet(files.length, n, data),
    names: files.map((f) => f.name),
    shape: { width, height },
  };
}

/**
 * Decode `--patterns`: a `.npy` file, a `.png` file (one pattern), or a folder of `.png` files (sorted by name).
 * Errors are TypeError/RangeError naming the file (by its base name; a folder by its name) and what is wrong.
 */
export function decodePatternFiles(
  source: PatternFile | PatternDir,
  opts: ImageOptions = {},
): LoadedPatterns {
  if ('files' in source) {
    const pngs = source.files
      .filter((f) => /\.png$/i.test(f.name))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    if (pngs.length === 0) throw new RangeError(`${source.name}: no .png files in this folder`);
    return patternsFromImages(pngs, opts, source.name);
  }
  // A file goes by its base name (`x.npy: …`), whether the surface named it by its path or not.
  const file = { name: source.name.split(/[\\/]/).pop() || source.name, bytes: source.bytes };
  if (/\.png$/i.test(file.name)) return patternsFromImages([file], opts, file.name);
  if (/\.npy$/i.test(file.name)) return patternsFromNpy(decodeNpy(file.bytes, file.name), file.name);
  throw new TypeError(`${file.name}: patterns must be a .npy file or a folder of .png images`);
}

/**
 * The number of patterns P and neurons N that a source would give (with `size` [W, H] for images), from headers
 * only (a .npy header, the PNG files' count and first IHDR), so that memory can be checked before any image is
 * decoded or resized. Undefined when it cannot be told cheaply (decoding then reports the problem).
 */
export function patternSourceShape(
  source: PatternFile | PatternDir,
  size?: readonly [number, number],
): { n: number; p: number } | undefined {
  try {
    if ('files' in source) {
      const pngs = source.files.filter((f) => /\.png$/i.test(f.name));
      if (pngs.length === 0) return undefined;
      if (size) return { n: size[0] * size[1], p: pngs.length };
      const head = pngs[0].bytes;
      if (head.length < 24) return undefined;
      const view = new DataView(head.buffer, head.byteOffset, 24);
      return { n: view.getUint32(16) * view.getUint32(20), p: pngs.length };
    }
    const { shape } = decodeNpyHeader(source.bytes.subarray(0, 65536 + 12), source.name);
    if (shape.length < 2) return undefined;
    return { n: shape.slice(1).reduce((a, b) => a * b, 1), p: shape[0] };
  } catch {
    return undefined;
  }
}

/** Patterns as a P × N '<f8' array (or P × H × W with `shape`). */
export function patternsToNpy(xi: PatternSet, shape?: { width: number; height: number } | null): Uint8Array {
  const dims =
    shape && shape.width * shape.height === xi.n ? [xi.p, shape.height, shape.width] : [xi.p, xi.n];
  return encodeNpy({ data: Float64Array.from(xi.data), shape: dims, dtype: '<f8' });
}

/** Couplings J (N × N, row-major) as an N × N '<f8' array. */
export function couplingsToNpy(j: Float64Array, n: number): Uint8Array {
  if (j.length !== n * n) throw new RangeError(`couplings must have N² = ${n * n} entries (got ${j.length})`);
  return encodeNpy({ data: Float64Array.from(j), shape: [n, n], dtype: '<f8' });
}

/** Couplings from a square N × N numeric array with finite entries; RangeError naming the file otherwise. */
export function couplingsFromNpy(a: NpyArray, name = 'couplings'): { n: number; j: Float64Array } {
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1] || a.shape[0] < 1)
    throw new RangeError(
      `${name}: couplings must be a square N × N array (got shape (${a.shape.join(', ')}))`,
    );
  const j = npyToFloat64(a);
  const k = j.findIndex((v) => !Number.isFinite(v));
  if (k >= 0)
    throw new RangeError(`${name}: coupling (${Math.floor(k / a.shape[0])}, ${k % a.shape[0]}) is ${j[k]}`);
  return { n: a.shape[0], j };
}

/** A table of numeric columns as an R × C '<f8' array (rows in order, columns as named). */
export function tableToNpy(rows: readonly Record<string, unknown>[], columns: readonly string[]): Uint8Array {
  const data = new Float64Array(rows.length * columns.length);
  rows.forEach((r, i) => {
    columns.forEach((c, k) => {
      const v = r[c];
      data[i * columns.length + k] =
        typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number.NaN;
    });
  });
  return encodeNpy({ data, shape: [rows.length, columns.length], dtype: '<f8' });
}

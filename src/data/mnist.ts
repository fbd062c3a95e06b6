/**
 * The IDX file format (the container of the MNIST data set) and the binarized 14×14 MNIST of paper 000
 * section IV.C: 28×28 grey images averaged over 2×2 blocks to 14×14 and thresholded to ±1.
 *
 * IDX layout: a 4-byte magic number [0, 0, type, ndims], then ndims big-endian uint32 sizes, then the data in
 * row-major order, big-endian. Types: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
 * This module works on bytes only (no file system), so it also runs in the browser.
 */
import { emptyPatterns, type PatternSet } from '../core/patterns.js';

/** A malformed or unsupported IDX file (a TypeError with a message naming what is wrong). */
export class IdxError extends TypeError {
  override readonly name = 'IdxError';
}

/** The element types of IDX. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { type: IdxType; size: number }> = {
  8: { type: 'uint8', size: 1 },
  9: { type: 'int8', size: 1 },
  11: { type: 'int16', size: 2 },
  12: { type: 'int32', size: 4 },
  13: { type: 'float32', size: 4 },
  14: { type: 'float64', size: 8 },
};

/** Decode an IDX file (uncompressed bytes); throws IdxError for a bad magic, type, size or truncation. */
export function decodeIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new IdxError(`IDX file too short: ${bytes.length} bytes, need at least 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new IdxError(
      `not an IDX file: magic number must start with two zero bytes (got ${bytes[0]}, ${bytes[1]}); gzipped files must be decompressed first`,
    );
  const t = TYPES[bytes[2]];
  if (!t) throw new IdxError(`IDX type code 0x${bytes[2].toString(16)} is not one of 08, 09, 0B, 0C, 0D, 0E`);
  const ndims = bytes[3];
  if (ndims < 1) throw new IdxError('IDX file declares 0 dimensions');
  const header = 4 + 4 * ndims;
  if (bytes.length < header)
    throw new IdxError(`IDX file truncated in its header: ${bytes.length} bytes, need ${header}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < ndims; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    dims.push(d);
    count *= d;
  }
  const expected = header + count * t.size;
  if (bytes.length < expected)
    throw new IdxError(
      `IDX file truncated: dimensions ${dims.join('×')} need ${expected} bytes, the file has ${bytes.length}`,
    );
  if (bytes.length > expected)
    throw new IdxError(
      `IDX file has ${bytes.length - expected} trailing bytes after ${dims.join('×')} ${t.type} values`,
    );
  let data: IdxArray['data'];
  switch (t.type) {
    case 'uint8':
      data = bytes.slice(header, expected);
      break;
    case 'int8':
      data = new Int8Array(bytes.slice(header, expected).buffer);
      break;
    case 'int16': {
      const a = new Int16Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getInt16(header + 2 * k, false);
      data = a;
      break;
    }
    case 'int32': {
      const a = new Int32Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getInt32(header + 4 * k, false);
      data = a;
      break;
    }
    case 'float32': {
      const a = new Float32Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getFloat32(header + 4 * k, false);
      data = a;
      break;
    }
    case 'float64': {
      const a = new Float64Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getFloat64(header + 8 * k, false);
      data = a;
      break;
    }
  }
  return { type: t.type, dims, data };
}

/** Encode an array as IDX bytes (the inverse of {@link decodeIdx}; used to write test files). */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const entry = Object.entries(TYPES).find(([, v]) => v.type === arr.type);
  if (!entry) throw new IdxError(`unknown IDX type ${arr.type}`);
  const code = Number(entry[0]);
  const size = entry[1].size;
  const count = arr.dims.reduce((a, b) => a * b, 1);
  if (arr.data.length !== count)
    throw new RangeError(
      `data must hold ${count} values for dimensions ${arr.dims.join('×')} (got ${arr.data.length})`,
    );
  const header = 4 + 4 * arr.dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = arr.dims.length;
  for (let k = 0; k < arr.dims.length; k++) view.setUint32(4 + 4 * k, arr.dims[k], false);
  for (let k = 0; k < count; k++) {
    const v = arr.data[k];
    const o = header + k * size;
    switch (arr.type) {
      case 'uint8':
        view.setUint8(o, v);
        break;
      case 'int8':
        view.setInt8(o, v);
        break;
      case 'int16':
        view.setInt16(o, v, false);
        break;
      case 'int32':
        view.setInt32(o, v, false);
        break;
      case 'float32':
        view.setFloat32(o, v, false);
        break;
      case 'float64':
        view.setFloat64(o, v, false);
        break;
    }
  }
  return out;
}

/** Grey images: `count` images of rows×cols pixels in [0, 255], row-major. */
export interface GreyImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly pixels: Uint8Array;
}

/** Check that an IDX array holds uint8 images (count×rows×cols) and view it as such. */
export function idxImages(arr: IdxArray): GreyImages {
  if (arr.type !== 'uint8' || arr.dims.length !== 3)
    throw new IdxError(
      `an image file must be uint8 with 3 dimensions (count×rows×cols); got ${arr.type} with ${arr.dims.length} dimension(s)`,
    );
  const [count, rows, cols] = arr.dims;
  return { count, rows, cols, pixels: arr.data as Uint8Array };
}

/** Check that an IDX array holds uint8 labels (1 dimension). */
export function idxLabels(arr: IdxArray): Uint8Array {
  if (arr.type !== 'uint8' || arr.dims.length !== 1)
    throw new IdxError(
      `a label file must be uint8 with 1 dimension; got ${arr.type} with ${arr.dims.length} dimension(s)`,
    );
  return arr.data as Uint8Array;
}

/**
 * Binarized, 2×2-downsampled images (paper 000 section IV.C): each output pixel is the mean of a 2×2 block
 * scaled to [0, 1], set to +1 when the mean exceeds `threshold` and −1 otherwise. Images with odd sizes drop
 * the last row/column. `limit` takes the first images only.
 */
export function binarizeDownsampled(images: GreyImages, threshold = 0.5, limit = images.count): PatternSet {
  if (!(threshold >= 0 && threshold < 1))
    throw new RangeError(`threshold must be in [0, 1) (got ${threshold})`);
  if (!Number.isInteger(limit) || limit < 0 || limit > images.count)
    throw new RangeError(`limit must be an integer in [0, ${images.count}] (got ${limit})`);
  const { rows, cols, pixels } = images;
  const r2 = Math.floor(rows / 2);
  const c2 = Math.floor(cols / 2);
  const n = r2 * c2;
  const out = emptyPatterns(limit, n);
  const cut = threshold * 255 * 4;
  for (let m = 0; m < limit; m++) {
    const base = m * rows * cols;
    for (let r = 0; r < r2; r++) {
      for (let c = 0; c < c2; c++) {
        const a = base + 2 * r * cols + 2 * c;
        const s = pixels[a] + pixels[a + 1] + pixels[a + cols] + pixels[a + cols + 1];
        out.data[m * n + r * c2 + c] = s > cut ? 1 : -1;
      }
    }
  }
  return out;
}

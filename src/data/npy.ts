/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): read and write little-endian, C-ordered arrays of
 * booleans, integers and floats. The format is a 6-byte magic `\x93NUMPY`, a version, a header length
 * (2 bytes in 1.0, 4 bytes in 2.0/3.0), a Python dict literal `{'descr': …, 'fortran_order': …, 'shape': …}`
 * padded with spaces to a multiple of 64 bytes and ended by a newline, then the raw data.
 *
 * Refused, with a TypeError or RangeError naming the file and what is wrong: a bad magic or version, a header that
 * is not such a dict, Fortran order, big-endian or structured/unsupported dtypes, and data shorter (or longer)
 * than the shape says. Works on bytes, not paths, so it runs in the browser too.
 */

/** Typed arrays an `.npy` file decodes to (one per dtype; `|b1` decodes to 0/1 bytes). */
export type NpyData =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A C-ordered array: `data[i0·s1·…·s_{d−1} + … + i_{d−1}]` holds entry (i0, …, i_{d−1}) of `shape`. */
export interface NpyArray {
  readonly data: NpyData;
  readonly shape: readonly number[];
  /** NumPy type string: '<f8', '<f4', '<i8', '<i4', '<i2', '|i1', '<u8', '<u4', '<u2', '|u1' or '|b1'. */
  readonly dtype: string;
}

interface DtypeInfo {
  readonly size: number;
  readonly make: (buffer: ArrayBuffer, length: number) => NpyData;
  readonly is: (data: NpyData) => boolean;
}

const DTYPES: Readonly<Record<string, DtypeInfo>> = {
  '<f8': {
    size: 8,
    make: (b, n) => new Float64Array(b, 0, n),
    is: (d) => d instanceof Float64Array,
  },
  '<f4': {
    size: 4,
    make: (b, n) => new Float32Array(b, 0, n),
    is: (d) => d instanceof Float32Array,
  },
  '<i8': {
    size: 8,
    make: (b, n) => new BigInt64Array(b, 0, n),
    is: (d) => d instanceof BigInt64Array,
  },
  '<i4': { size: 4, make: (b, n) => new Int32Array(b, 0, n), is: (d) => d instanceof Int32Array },
  '<i2': { size: 2, make: (b, n) => new Int16Array(b, 0, n), is: (d) => d instanceof Int16Array },
  '|i1': { size: 1, make: (b, n) => new Int8Array(b, 0, n), is: (d) => d instanceof Int8Array },
  '<u8': {
    size: 8,
    make: (b, n) => new BigUint64Array(b, 0, n),
    is: (d) => d instanceof BigUint64Array,
  },
  '<u4': {
    size: 4,
    make: (b, n) => new Uint32Array(b, 0, n),
    is: (d) => d instanceof Uint32Array,
  },
  '<u2': {
    size: 2,
    make: (b, n) => new Uint16Array(b, 0, n),
    is: (d) => d instanceof Uint16Array,
  },
  '|u1': { size: 1, make: (b, n) => new Uint8Array(b, 0, n), is: (d) => d instanceof Uint8Array },
  '|b1': { size: 1, make: (b, n) => new Uint8Array(b, 0, n), is: (d) => d instanceof Uint8Array },
};

/** The dtypes this module reads and writes. */
export const NPY_DTYPES: readonly string[] = Object.keys(DTYPES);

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Little-endian check: typed-array views below are only correct on little-endian hosts (all current ones). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Accept the spellings NumPy writes for one-byte types ('<u1', '=u1', '|u1' …) and '<'/'=' for the others. */
function normalizeDescr(descr: string): string {
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  if (!m) return descr;
  const [, order, kind, size] = m;
  if (size === '1') return `|${kind}1`;
  if (order === '=' && HOST_LITTLE_ENDIAN) return `<${kind}${size}`;
  return `${order}${kind}${size}`;
}

/** Number of entries ∏ shape (1 for a 0-d array). */
export function npySize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** The header of `.npy` bytes (enough bytes for the header suffice): dtype, order, shape and where the data starts. */
export function decodeNpyHeader(
  bytes: Uint8Array,
  name = 'NPY data',
): { descr: string; fortranOrder: boolean; shape: number[]; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name}: bytes must be a Uint8Array`);
  if (bytes.length === 0) throw new TypeError(`${name}: the file is empty`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new TypeError(`${name}: not a NumPy .npy file (bad magic)`);
  }
  if (bytes.length < 10) throw new RangeError(`${name}: truncated .npy header`);
  const major = bytes[6];
  const minor = bytes[7];
  if (!(major === 1 || major === 2 || major === 3) || minor !== 0) {
    throw new TypeError(`${name}: unsupported .npy format version ${major}.${minor} (1.0, 2.0, 3.0)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLen: number;
  if (major === 1) {
    headerStart = 10;
    headerLen = view.getUint16(8, true);
  } else {
    if (bytes.length < 12) throw new RangeError(`${name}: truncated .npy header`);
    headerStart = 12;
    headerLen = view.getUint32(8, true);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) {
    throw new RangeError(
      `${name}: truncated .npy header (${headerLen} bytes announced, ${bytes.length - headerStart} present)`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  checkHeaderBytes(headerBytes, major, name);
  let header: string;
  try {
    header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(headerBytes);
  } catch {
    throw new TypeError(`${name}: the .npy header is not valid text`);
  }
  return { ...parseHeader(header, name), dataStart };
}

/**
 * Decode `.npy` bytes (versions 1.0, 2.0, 3.0; little-endian; C order) to a typed array and its shape.
 * `name` (a file name) starts every error message.
 */
export function decodeNpy(bytes: Uint8Array, name = 'NPY data'): NpyArray {
  const { descr, fortranOrder, shape, dataStart } = decodeNpyHeader(bytes, name);
  if (fortranOrder) {
    throw new TypeError(`${name}: Fortran-ordered arrays are not supported (save with np.ascontiguousarray)`);
  }
  const dtype = normalizeDescr(descr);
  const info = DTYPES[dtype];
  if (!info) {
    const why = dtype.startsWith('>') ? 'big-endian data is not supported' : 'unsupported dtype';
    throw new TypeError(`${name}: ${why}: '${descr}' (supported: ${NPY_DTYPES.join(', ')})`);
  }
  const count = npySize(shape);
  const need = count * info.size;
  const have = bytes.length - dataStart;
  if (!Number.isSafeInteger(need) || have < need) {
    throw new RangeError(
      `${name}: truncated .npy data: shape (${shape.join(', ')}) of ${dtype} needs ${need} bytes, the file has ${have}`,
    );
  }
  if (have > need) {
    throw new RangeError(
      `${name}: ${have - need} unexpected bytes after the .npy data of shape (${shape.join(', ')})`,
    );
  }
  if (!HOST_LITTLE_ENDIAN && info.size > 1) {
    throw new TypeError(`${name}: reading .npy on a big-endian host is not supported`);
  }
  // Copy so the typed array is aligned and does not alias the caller's bytes.
  const buffer = new ArrayBuffer(need);
  new Uint8Array(buffer).set(bytes.subarray(dataStart, dataStart + need));
  const data = info.make(buffer, count);
  if (dtype === '|b1') {
    for (let i = 0; i < data.length; i++) {
      if ((data as Uint8Array)[i] > 1) {
        throw new RangeError(`${name}: boolean entry ${i} is ${(data as Uint8Array)[i]} (0 or 1)`);
      }
    }
  }
  return { data, shape, dtype };
}

/**
 * Refuse the header bytes `np.load` refuses before parsing: a NUL or other control byte (its literal parser
 * rejects them), and in versions 1.0/2.0 (latin-1 headers) any byte outside ASCII. Tabs, newlines and carriage
 * returns are whitespace.
 */
function checkHeaderBytes(h: Uint8Array, major: number, name: string): void {
  for (let i = 0; i < h.length; i++) {
    const b = h[i];
    const control = (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f;
    if (control)
      throw new TypeError(
        `${name}: malformed .npy header (control byte 0x${b.toString(16).padStart(2, '0')} at header byte ${i}; NumPy refuses it)`,
      );
    if (b > 0x7f && major !== 3)
      throw new TypeError(
        `${name}: malformed .npy header (non-ASCII byte 0x${b.toString(16)} at header byte ${i} of a version ${major}.0 header; NumPy refuses it)`,
      );
  }
}

function parseHeader(
  header: string,
  name: string,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const text = header.trim();
  const bad = (what: string) =>
    new TypeError(`${name}: malformed .npy header (${what}): ${JSON.stringify(text.slice(0, 120))}`);
  if (!text.startsWith('{') || !text.endsWith('}')) throw bad('not a dict');
  const keys = [...text.matchAll(/(['"])([^'"]*)\1\s*:/g)].map((m) => m[2]).sort();
  if (keys.join(',') !== 'descr,fortran_order,shape')
    throw bad(`keys ${keys.join(', ')}; NumPy wants exactly descr, fortran_order, shape`);
  const descrM = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(text);
  if (!descrM) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) {
      throw new TypeError(
        `${name}: unsupported dtype: structured arrays (supported: ${NPY_DTYPES.join(', ')})`,
      );
    }
    throw bad("no 'descr'");
  }
  const fortM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!fortM) throw bad("no 'fortran_order'");
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shapeM) throw bad("no 'shape'");
  const parts = shapeM[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const shape = parts.map((s) => {
    const v = /^\d+L?$/.test(s) ? Number.parseInt(s, 10) : Number.NaN;
    if (!Number.isSafeInteger(v)) throw bad(`shape entry '${s}'`);
    return v;
  });
  return { descr: descrM[2], fortranOrder: fortM[1] === 'True', shape };
}

/**
 * Encode a C-ordered array as `.npy` bytes (version 1.0, or 2.0 when the header exceeds 65535 bytes), header
 * padded so the data starts on a 64-byte boundary, as NumPy writes it.
 */
export function encodeNpy(a: NpyArray): Uint8Array {
  const dtype = normalizeDescr(a.dtype);
  const info = DTYPES[dtype];
  if (!info) {
    throw new TypeError(`dtype must be one of ${NPY_DTYPES.join(', ')} (got ${JSON.stringify(a.dtype)})`);
  }
  if (!info.is(a.data)) {
    throw new TypeError(`data must be the typed array of dtype ${dtype} (got ${a.data?.constructor?.name})`);
  }
  for (const s of a.shape) {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new RangeError(`shape entries must be integers ≥ 0 (got ${a.shape.join(', ')})`);
    }
  }
  const count = npySize(a.shape);
  if (count !== a.data.length) {
    throw new RangeError(`shape (${a.shape.join(', ')}) has ${count} entries but data has ${a.data.length}`);
  }
  if (!HOST_LITTLE_ENDIAN && info.size > 1) {
    throw new TypeError('writing .npy on a big-endian host is not supported');
  }
  const shapeText = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.map(String).join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  if (total - prefix > 0xffff) {
    version = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  }
  const headerLen = total - prefix;
  const header = `${dict}${' '.repeat(headerLen - dict.length - 1)}\n`;
  const dataBytes = count * info.size;
  const out = new Uint8Array(total + dataBytes);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, dataBytes), total);
  return out;
}

/** The entries as float64 (integers, booleans and 64-bit integers converted; Float64Array data copied). */
export function npyToFloat64(a: NpyArray): Float64Array {
  const out = new Float64Array(a.data.length);
  const d = a.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  } else {
    out.set(d);
  }
  return out;
}

/** Wrap a Float64Array of the given shape as a '<f8' NpyArray (no copy). */
export function npyFloat64(data: Float64Array, shape: readonly number[]): NpyArray {
  return { data, shape: [...shape], dtype: '<f8' };
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, npyToFloat64 } from '../../src/data/npy.js';

/** Fixtures written by NumPy (test/data/fixtures/npy/make.py). */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'npy');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, `${name}.npy`)));
const expected: Record<string, { shape: number[]; dtype: string; data: number[] }> = JSON.parse(
  readFileSync(join(dir, 'expected.json'), 'utf8'),
);

describe('decodeNpy reads files written by NumPy', () => {
  for (const [key, want] of Object.entries(expected)) {
    it(`${key}: ${want.dtype} shape (${want.shape.join(', ')})`, () => {
      const a = decodeNpy(read(key), `${key}.npy`);
      expect(a.shape).toEqual(want.shape);
      expect(a.dtype).toBe(want.dtype);
      expect(Array.from(npyToFloat64(a))).toEqual(want.data);
    });
  }

  it('decodes each dtype to its typed array', () => {
    expect(decodeNpy(read('f8')).data).toBeInstanceOf(Float64Array);
    expect(decodeNpy(read('f4')).data).toBeInstanceOf(Float32Array);
    expect(decodeNpy(read('i8')).data).toBeInstanceOf(BigInt64Array);
    expect(decodeNpy(read('i4')).data).toBeInstanceOf(Int32Array);
    expect(decodeNpy(read('i2')).data).toBeInstanceOf(Int16Array);
    expect(decodeNpy(read('i1')).data).toBeInstanceOf(Int8Array);
    expect(decodeNpy(read('u1')).data).toBeInstanceOf(Uint8Array);
    expect(decodeNpy(read('b1')).data).toBeInstanceOf(Uint8Array);
  });

  it('reads data at an unaligned offset of the input bytes', () => {
    const bytes = read('f8');
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const a = decodeNpy(shifted.subarray(3));
    expect(Array.from(a.data as Float64Array)).toEqual(expected.f8.data);
  });
});

describe('encodeNpy writes what NumPy writes', () => {
  for (const key of [
    'f8',
    'f4',
    'i8',
    'i4',
    'i2',
    'i1',
    'u1',
    'u2',
    'b1',
    'scalar',
    'vector',
    'rank3',
    'empty',
  ]) {
    it(`${key} round-trips byte for byte`, () => {
      const bytes = read(key);
      const again = encodeNpy(decodeNpy(bytes));
      expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    });
  }

  it('switches to version 2.0 when the header exceeds 65535 bytes', () => {
    const shape = Array.from({ length: 30000 }, () => 1);
    const bytes = encodeNpy({ data: new Float64Array([2.5]), shape, dtype: '<f8' });
    expect(bytes[6]).toBe(2);
    const back = decodeNpy(bytes);
    expect(back.shape.length).toBe(30000);
    expect(Array.from(back.data as Float64Array)).toEqual([2.5]);
  });

  it('refuses mismatched data, shape or dtype', () => {
    expect(() => encodeNpy({ data: new Float64Array(3), shape: [2, 2], dtype: '<f8' })).toThrow(RangeError);
    expect(() => encodeNpy({ data: new Float32Array(4), shape: [2, 2], dtype: '<f8' })).toThrow(TypeError);
    expect(() => encodeNpy({ data: new Float64Array(4), shape: [2, 2], dtype: '<c16' })).toThrow(/dtype/);
    expect(() => encodeNpy({ data: new Float64Array(4), shape: [2, -2], dtype: '<f8' })).toThrow(RangeError);
  });
});

describe('decodeNpy refuses bad files naming the file and the problem', () => {
  const cases: [string, RegExp, typeof TypeError | typeof RangeError][] = [
    ['fortran', /fortran\.npy: Fortran-ordered/, TypeError],
    ['bigendian', /bigendian\.npy: big-endian .*'>f8'/, TypeError],
    ['complex', /complex\.npy: unsupported dtype: '<c16'/, TypeError],
    ['structured', /structured\.npy: unsupported dtype: structured/, TypeError],
    [
      'truncated',
      /truncated\.npy: truncated \.npy data: shape \(2, 3\) of <f8 needs 48 bytes, the file has 43/,
      RangeError,
    ],
    ['badmagic', /badmagic\.npy: not a NumPy \.npy file \(bad magic\)/, TypeError],
  ];
  for (const [key, message, kind] of cases) {
    it(key, () => {
      expect(() => decodeNpy(read(key), `${key}.npy`)).toThrow(kind);
      expect(() => decodeNpy(read(key), `${key}.npy`)).toThrow(message);
    });
  }

  it('refuses empty input, truncated headers, bad versions, trailing bytes and non-boolean |b1 entries', () => {
    const f8 = read('f8');
    expect(() => decodeNpy(new Uint8Array(0), 'e.npy')).toThrow(/e\.npy: the file is empty/);
    expect(() => decodeNpy(f8.subarray(0, 8), 'h.npy')).toThrow(/h\.npy: truncated \.npy header/);
    expect(() => decodeNpy(f8.subarray(0, 40), 'h.npy')).toThrow(/h\.npy: truncated \.npy header/);
    const v9 = f8.slice();
    v9[6] = 9;
    expect(() => decodeNpy(v9, 'v.npy')).toThrow(/version 9\.0/);
    const extra = new Uint8Array(f8.length + 2);
    extra.set(f8);
    expect(() => decodeNpy(extra, 'x.npy')).toThrow(/2 unexpected bytes/);
    const b1 = read('b1').slice();
    b1[b1.length - 1] = 7;
    expect(() => decodeNpy(b1, 'b.npy')).toThrow(/boolean entry 7 is 7/);
    const garbled = f8.slice();
    garbled[10] = 0x28; // '(' instead of '{'
    expect(() => decodeNpy(garbled, 'g.npy')).toThrow(/g\.npy: malformed \.npy header/);
  });
});

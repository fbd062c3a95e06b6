/**
 * Property tests of the .npy decoder: random bytes, truncations and corruptions of valid files are refused with a
 * TypeError or RangeError naming the file (never another error, never a hang), and every valid array round-trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, NPY_DTYPES, type NpyArray } from '../../src/data/npy.js';
import { decodePatternFiles } from '../../src/data/patternFiles.js';

const SEED = 20261130;

function refusedCleanly(bytes: Uint8Array): boolean {
  try {
    decodeNpy(bytes, 'f.npy');
    return true;
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
    expect((e as Error).message.startsWith('f.npy: ')).toBe(true);
    return true;
  }
}

const arrays = fc
  .record({
    dtype: fc.constantFrom('<f8', '<f4', '<i4', '<i2', '|i1', '|u1', '<u2', '<u4'),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 }),
  })
  .map(({ dtype, shape }): NpyArray => {
    const count = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: count }, (_, k) => ((k * 37) % 11) - 5);
    const make: Record<string, (v: number[]) => NpyArray['data']> = {
      '<f8': (v) => Float64Array.from(v, (x) => x / 4),
      '<f4': (v) => Float32Array.from(v, (x) => x / 4),
      '<i4': (v) => Int32Array.from(v),
      '<i2': (v) => Int16Array.from(v),
      '|i1': (v) => Int8Array.from(v),
      '|u1': (v) => Uint8Array.from(v, (x) => x + 5),
      '<u2': (v) => Uint16Array.from(v, (x) => x + 5),
      '<u4': (v) => Uint32Array.from(v, (x) => x + 5),
    };
    return { data: make[dtype](values), shape, dtype };
  });

describe('decodeNpy on bad and edge input (fast-check, seeded)', () => {
  it('valid arrays round-trip', () => {
    fc.assert(
      fc.property(arrays, (a) => {
        const back = decodeNpy(encodeNpy(a));
        expect(back.shape).toEqual(a.shape);
        expect(back.dtype).toBe(a.dtype);
        expect(Array.from(back.data as ArrayLike<number>)).toEqual(Array.from(a.data as ArrayLike<number>));
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(NPY_DTYPES).toContain('|b1');
  });

  it('random bytes, truncations and single-byte corruptions are refused with TypeError/RangeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => refusedCleanly(b)),
      { seed: SEED, numRuns: 300 },
    );
    fc.assert(
      fc.property(arrays, fc.nat(), fc.nat(255), fc.boolean(), (a, at, value, cut) => {
        const bytes = encodeNpy(a);
        const k = at % bytes.length;
        if (cut) return refusedCleanly(bytes.subarray(0, k));
        const bad = bytes.slice();
        bad[k] = value;
        return refusedCleanly(bad);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('--patterns decoding refuses what is not a ±1 / 0-1 matrix, naming the file', () => {
    fc.assert(
      fc.property(arrays, (a) => {
        try {
          const p = decodePatternFiles({ name: 'p.npy', bytes: encodeNpy(a) });
          expect(p.patterns.data.every((v) => v === 1 || v === -1)).toBe(true);
        } catch (e) {
          if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
          expect((e as Error).message).toMatch(/^p\.npy: /);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

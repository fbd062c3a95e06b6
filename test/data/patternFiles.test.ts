import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/data/npy.js';
import {
  couplingsFromNpy,
  couplingsToNpy,
  decodePatternFiles,
  patternsFromNpy,
  patternsToNpy,
  tableToNpy,
} from '../../src/data/patternFiles.js';
import { decodePngGrey, encodePatternPng, resizeGrey } from '../../src/data/png.js';
import { readPatternSource } from '../../src/node/patternFiles.js';

/** PNGs written with zlib and .npy files written by NumPy (test/data/fixtures/png/make.py). */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'png');
const file = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const ref = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

function expectClose(got: ArrayLike<number>, want: number[], tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol);
}

describe('PNG images to grey levels and ±1 patterns', () => {
  for (const name of ['grey.png', 'rgb.png', 'rgba.png', 'palette.png', 'big.png']) {
    it(`${name}: grey levels as the reference`, () => {
      expectClose(decodePngGrey(file(name).bytes, name).grey, ref.grey[name]);
    });
  }

  // Every colour type and bit depth, plain and Adam7, with and without tRNS (fixtures/png/make_depths.py).
  const depths = JSON.parse(readFileSync(join(dir, 'depths.json'), 'utf8')) as Record<
    string,
    { width: number; height: number; grey: number[] }
  >;
  it(`${Object.keys(depths).length} images of every colour type, depth and interlace: grey levels as drawn`, () => {
    for (const [name, want] of Object.entries(depths)) {
      const got = decodePngGrey(new Uint8Array(readFileSync(join(dir, 'depths', name))), name);
      expect([got.width, got.height], name).toEqual([want.width, want.height]);
      expectClose(got.grey, want.grey);
    }
  });

  it('area-averaging resize matches the reference (down and up)', () => {
    const big = decodePngGrey(file('big.png').bytes);
    for (const [key, w, h] of [
      ['5x4', 5, 4],
      ['4x3', 4, 3],
      ['11x7', 11, 7],
    ] as const) {
      expectClose(resizeGrey(big, w, h).grey, ref.resized[key]);
    }
  });

  it('a folder becomes one pattern per image, thresholded at 0.5, in name order', () => {
    const loaded = decodePatternFiles(
      { name: 'imgs', files: [file('rgb.png'), file('grey.png')] },
      { threshold: 0.5 },
    );
    expect(loaded.names).toEqual(['grey.png', 'rgb.png']);
    expect(loaded.shape).toEqual({ width: 5, height: 4 });
    const want = [...ref.grey['grey.png'], ...ref.grey['rgb.png']].map((g: number) => (g > 0.5 ? 1 : -1));
    expect(Array.from(loaded.patterns.data)).toEqual(want);
  });

  it('images of different sizes need --size; with it they share the grid', () => {
    const files = [file('grey.png'), file('big.png')];
    expect(() => decodePatternFiles({ name: 'imgs', files })).toThrow(
      /imgs: images differ in size \(big\.png is 8×6, grey\.png is 5×4\); give --size WxH/,
    );
    const loaded = decodePatternFiles({ name: 'imgs', files }, { size: [5, 4] });
    expect(loaded.patterns.p).toBe(2);
    expect(loaded.patterns.n).toBe(20);
    expect(Array.from(loaded.patterns.data.subarray(0, 20))).toEqual(
      ref.resized['5x4'].map((g: number) => (g > 0.5 ? 1 : -1)),
    );
  });

  it('refuses what is not a PNG and truncated PNGs, naming the file', () => {
    expect(() => decodePatternFiles(file('notpng.png'))).toThrow(/notpng\.png: not a PNG image/);
    expect(() => decodePatternFiles(file('truncated.png'))).toThrow(
      /truncated\.png: malformed or truncated PNG/,
    );
    expect(() => decodePatternFiles({ name: 'empty', files: [] })).toThrow(/empty: no \.png files/);
    expect(() => decodePatternFiles({ name: 'x.txt', bytes: new Uint8Array(3) })).toThrow(
      /x\.txt: patterns must be/,
    );
  });

  it('encodePatternPng round-trips a ±1 pattern through the decoder', () => {
    const pattern = Float64Array.from(ref.pm.slice(0, 6));
    const png = encodePatternPng(pattern, 3, 2, 4);
    const back = decodePatternFiles({ name: 'p.png', bytes: png }, { size: [3, 2] });
    expect(Array.from(back.patterns.data)).toEqual(Array.from(pattern));
  });
});

describe('.npy pattern files written by NumPy', () => {
  it('±1 int64, float32, booleans and P × H × W int8 decode to the same ±1 patterns', () => {
    for (const name of ['pm_int.npy', 'pm_float.npy', 'zero_one_bool.npy']) {
      const loaded = decodePatternFiles(file(name));
      expect(loaded.patterns.p).toBe(3);
      expect(loaded.patterns.n).toBe(6);
      expect(Array.from(loaded.patterns.data)).toEqual(ref.pm);
    }
    const images = decodePatternFiles(file('images_3d.npy'));
    expect(images.shape).toEqual({ width: 3, height: 2 });
    expect(Array.from(images.patterns.data)).toEqual(ref.pm);
  });

  it('refuses wrong rank, non-binary entries and Fortran order, naming the file', () => {
    expect(() => decodePatternFiles(file('rank1.npy'))).toThrow(
      /rank1\.npy: patterns must be an array of rank 2/,
    );
    expect(() => decodePatternFiles(file('not_binary.npy'))).toThrow(
      /not_binary\.npy: patterns must hold only ±1 or only 0\/1/,
    );
    expect(() => decodePatternFiles(file('fortran_patterns.npy'))).toThrow(
      /fortran_patterns\.npy: Fortran-ordered/,
    );
  });

  it('patterns, couplings and tables write back as .npy', () => {
    const loaded = decodePatternFiles(file('images_3d.npy'));
    const again = patternsFromNpy(decodeNpy(patternsToNpy(loaded.patterns, loaded.shape)));
    expect(Array.from(again.patterns.data)).toEqual(ref.pm);
    expect(again.shape).toEqual({ width: 3, height: 2 });
    const j = Float64Array.from({ length: 9 }, (_, k) => k / 7);
    const back = couplingsFromNpy(decodeNpy(couplingsToNpy(j, 3)));
    expect(back.n).toBe(3);
    expect(Array.from(back.j)).toEqual(Array.from(j));
    expect(() => couplingsFromNpy(decodeNpy(patternsToNpy(loaded.patterns)), 'J.npy')).toThrow(
      /J\.npy: couplings must be a square/,
    );
    const t = decodeNpy(
      tableToNpy(
        [
          { a: 1, b: true },
          { a: 2.5, b: false },
        ],
        ['a', 'b'],
      ),
    );
    expect(t.shape).toEqual([2, 2]);
    expect(Array.from(t.data as Float64Array)).toEqual([1, 1, 2.5, 0]);
  });

  it('readPatternSource reads a file or the PNGs of a folder', () => {
    const tmp = join(tmpdir(), `hopfield-patterns-${process.pid}`);
    mkdirSync(tmp, { recursive: true });
    try {
      writeFileSync(join(tmp, 'b.png'), file('grey.png').bytes);
      writeFileSync(join(tmp, 'a.png'), file('rgb.png').bytes);
      writeFileSync(join(tmp, 'notes.txt'), 'ignored');
      const src = readPatternSource(tmp);
      expect(decodePatternFiles(src).names).toEqual(['a.png', 'b.png']);
      expect(decodePatternFiles(readPatternSource(join(dir, 'pm_int.npy'))).patterns.p).toBe(3);
      expect(() => readPatternSource(join(tmp, 'nope.npy'))).toThrow(/no such file/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

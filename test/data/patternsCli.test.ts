/**
 * `hopfield store --patterns FILE|DIR` and `recall --gallery`: the user's own patterns (PNG folders, NumPy
 * arrays written by NumPy) stored and retrieved; bad files exit 2 with one line and write nothing.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, npyToFloat64 } from '../../src/data/npy.js';
import { encodePatternPng } from '../../src/data/png.js';
import { filesIn, readJson, runCli } from '../cli/helpers.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let dir: string;

/** Five 12 × 10 ±1 images from a fixed linear-congruential sequence, scaled ×2 (24 × 20 pixels). */
function images(): Float64Array[] {
  let s = 12345;
  return Array.from({ length: 5 }, () =>
    Float64Array.from({ length: 120 }, () => {
      s = (1103515245 * s + 12345) % 2 ** 31;
      return s % 7 < 3 ? 1 : -1;
    }),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hopfield-patterns-cli-'));
  mkdirSync(join(dir, 'imgs'));
  images().forEach((im, k) => {
    writeFileSync(join(dir, 'imgs', `img${k}.png`), encodePatternPng(im, 12, 10, 2));
  });
  mkdirSync(join(dir, 'mixed'));
  copyFileSync(join(dir, 'imgs', 'img0.png'), join(dir, 'mixed', 'a.png'));
  copyFileSync(join(fixtures, 'png', 'grey.png'), join(dir, 'mixed', 'b.png'));
  mkdirSync(join(dir, 'notpng'));
  copyFileSync(join(dir, 'imgs', 'img0.png'), join(dir, 'notpng', 'a.png'));
  copyFileSync(join(fixtures, 'png', 'notpng.png'), join(dir, 'notpng', 'b.png'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store --patterns and recall --gallery', () => {
  it('a PNG folder: one pattern per image on its grid, .npy outputs, a gallery of stored/corrupted/retrieved', async () => {
    const model = join(dir, 'img.json');
    const r = await runCli([
      'store',
      '--patterns',
      join(dir, 'imgs'),
      '--rule',
      'pinv',
      '--out',
      model,
      '--couplings-npy',
      join(dir, 'J.npy'),
      '--patterns-npy',
      join(dir, 'xi.npy'),
      '--seed',
      '1',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored 5 patterns of 480 neurons .* images 24×20/);
    const m = readJson(model);
    expect(m.labels).toEqual(['img0.png', 'img1.png', 'img2.png', 'img3.png', 'img4.png']);
    expect(m.meta.shape).toEqual({ width: 24, height: 20 });
    const xi = decodeNpy(new Uint8Array(readFileSync(join(dir, 'xi.npy'))));
    expect(xi.shape).toEqual([5, 20, 24]);
    const first = npyToFloat64(xi).subarray(0, 480);
    const want = images()[0];
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 24; x++)
        expect(first[y * 24 + x]).toBe(want[Math.floor(y / 2) * 12 + Math.floor(x / 2)]);
    expect(decodeNpy(new Uint8Array(readFileSync(join(dir, 'J.npy')))).shape).toEqual([480, 480]);
    const g = join(dir, 'gallery.svg');
    const rec = await runCli([
      'recall',
      '--model',
      model,
      '--flip',
      '0.2',
      '--gallery',
      g,
      '--json',
      join(dir, 'rec.json'),
      '--seed',
      '2',
      '-q',
    ]);
    expect(rec.code, rec.stderr).toBe(0);
    expect(readJson(join(dir, 'rec.json')).finalOverlap).toBe(1);
    const svg = readFileSync(g, 'utf8');
    expect(svg).toMatch(/^<svg/);
    for (const s of ['stored', 'corrupted', 'retrieved']) expect(svg).toContain(s);
  }, 60_000);

  it('a .npy written by NumPy (int64 ±1) and one of booleans store the same patterns', async () => {
    for (const f of ['pm_int.npy', 'zero_one_bool.npy']) {
      const model = join(dir, `${f}.json`);
      const r = await runCli([
        'store',
        '--patterns',
        join(fixtures, 'png', f),
        '--rule',
        'pinv',
        '--out',
        model,
        '--seed',
        '1',
        '-q',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(readJson(model).params.n).toBe(6);
    }
  });

  it('bad input: exit 2, one line, nothing written', async () => {
    const cases: [string[], RegExp][] = [
      [['--patterns', join(dir, 'notpng')], /--patterns: b\.png: not a PNG image/],
      [['--patterns', join(dir, 'mixed')], /--patterns: .*images differ in size .*give --size WxH/],
      [
        ['--patterns', join(fixtures, 'npy', 'complex.npy')],
        /--patterns: complex\.npy: unsupported dtype: '<c16'/,
      ],
      [['--patterns', join(fixtures, 'npy', 'fortran.npy')], /--patterns: fortran\.npy: Fortran-ordered/],
      [
        ['--patterns', join(fixtures, 'png', 'rank1.npy')],
        /--patterns: rank1\.npy: patterns must be an array of rank 2/,
      ],
      [
        ['--patterns', join(fixtures, 'npy', 'truncated.npy')],
        /--patterns: truncated\.npy: truncated \.npy data/,
      ],
      [
        ['--patterns', join(fixtures, 'png', 'truncated.png')],
        /--patterns: truncated\.png: malformed or truncated PNG/,
      ],
      [['--patterns', join(fixtures, 'png', 'not_binary.npy')], /only ±1 or only 0\/1/],
      [['--patterns', join(dir, 'nothing-here')], /--patterns: .*no such file or directory/],
      [['--size', '8x8'], /--size applies to --patterns images only/],
      [['--patterns', join(dir, 'imgs'), '--size', '8by8'], /--size must be WxH/],
    ];
    for (const [args, pattern] of cases) {
      const out = join(dir, 'out', 'm.json');
      mkdirSync(join(dir, 'out'), { recursive: true });
      const r = await runCli([
        'store',
        ...args,
        '--out',
        out,
        '--couplings-npy',
        join(dir, 'out', 'J.npy'),
        '--seed',
        '1',
        '-q',
      ]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(filesIn(join(dir, 'out'))).toEqual([]);
    }
    const noImages = await runCli([
      'recall',
      '--model',
      join(dir, 'pm_int.npy.json'),
      '--gallery',
      join(dir, 'g2.svg'),
      '--seed',
      '1',
      '-q',
    ]);
    expect(noImages.code).toBe(2);
    expect(noImages.stderr).toMatch(/--gallery needs a model stored from images/);
    expect(existsSync(join(dir, 'g2.svg'))).toBe(false);
  }, 60_000);
});

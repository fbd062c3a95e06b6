/**
 * Reads at the edges: entries receive bytes or decoded data, never a path. The Node surface (src/node/inputs.ts)
 * reads the declared inputs — files, folders, a file or folder (`--patterns`), the bundled sets a folder left out
 * stands for, the `dataset` specs a config needs — and a page may give the same values as bytes. Report sections
 * get data/ files only from their driver.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { audioOverlaps } from '../../src/experiments/audio/entries.js';
import { capacity } from '../../src/experiments/classical/entries.js';
import { checkParam, defaultConfig, type LoadedDir, type LoadedFile } from '../../src/experiments/params.js';
import { plClassify, plTrain } from '../../src/experiments/pl/entries.js';
import { InputError, inputsKey, loadInputs, runWithInputs } from '../../src/node/inputs.js';
import { dataFile } from '../../src/report/types.js';
import { tempDir } from '../cli/helpers.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'png');
const IDX = [
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
];

describe('reads at the edges', () => {
  it('--patterns: a file is read as its bytes, a folder as its .png files only', () => {
    const dir = tempDir();
    try {
      copyFileSync(join(fixtures, 'grey.png'), join(dir, 'a.png'));
      copyFileSync(join(fixtures, 'pm_int.npy'), join(dir, 'b.npy'));
      const base = { patterns: undefined, threshold: 0.5 } as const;
      const file = loadInputs(capacity.params, { ...base, patterns: join(dir, 'b.npy') } as never)
        .patterns as LoadedFile;
      expect(file.name).toBe(join(dir, 'b.npy'));
      expect(file.bytes).toBeInstanceOf(Uint8Array);
      const folder = loadInputs(capacity.params, { ...base, patterns: dir } as never).patterns as LoadedDir;
      expect(folder.files.map((f) => f.name)).toEqual(['a.png']);
      expect(() =>
        loadInputs(capacity.params, { ...base, patterns: join(dir, 'none.npy') } as never),
      ).toThrow(/^--patterns: .*none\.npy: no such file or directory$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder flag left out stands for its bundled set; a given folder is read as given', () => {
    const bundled = loadInputs(audioOverlaps.params, {} as never).dir as LoadedDir;
    expect(bundled).toMatchObject({ name: 'bundled:numbers', bundled: 'audio-numbers' });
    expect(bundled.files).toHaveLength(81);
    expect(bundled.files.every((f) => f.name.endsWith('.wav') && f.bytes.length > 0)).toBe(true);
    const dir = tempDir();
    try {
      mkdirSync(join(dir, 'w'));
      copyFileSync(join(fixtures, 'grey.png'), join(dir, 'w', 'x.wav'));
      const given = loadInputs(audioOverlaps.params, { dir: join(dir, 'w') } as never).dir as LoadedDir;
      expect(given.bundled).toBeUndefined();
      expect(given.files.map((f) => f.name)).toEqual(['x.wav']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a dataset spec is read only when the config needs it (MNIST for pl train --data mnist, pl classify)', () => {
    expect(loadInputs(plTrain.params, { data: 'rademacher' } as never).mnist).toBeUndefined();
    const mnist = loadInputs(plTrain.params, { data: 'mnist' } as never).mnist as LoadedDir;
    expect(mnist.bundled).toBe('mnist');
    expect(mnist.files.map((f) => f.name)).toEqual(IDX);
    expect(inputsKey(plTrain.params, { data: 'mnist' })).not.toBe(
      inputsKey(plTrain.params, { data: 'rademacher' }),
    );
    const csv: LoadedFile = { name: 'train.csv', bytes: new Uint8Array() };
    expect(loadInputs(plClassify.params, { train: csv, test: csv } as never).mnist).toBeUndefined();
    expect(() => checkParam('mnist', plTrain.params.mnist, 'some/path')).toThrow(/given by the surface/);
  });

  it('an entry given no bundled set (a page that has not fetched it) refuses in one line naming the flag', async () => {
    await expect(
      audioOverlaps.run(
        { ...defaultConfig(audioOverlaps.params), dir: undefined } as never,
        createRng(1),
        {},
      ),
    ).rejects.toThrow(/^dir: the bundled numbers recordings were not given/);
  });

  it('a page gives files as bytes: checkParam takes them for input specs, a folder only where one is read', () => {
    const file: LoadedFile = { name: 'p.npy', bytes: new Uint8Array([1]) };
    const dir: LoadedDir = { name: 'imgs', files: [file] };
    expect(checkParam('patterns', capacity.params.patterns, file)).toBe(file);
    expect(checkParam('patterns', capacity.params.patterns, dir)).toBe(dir);
    expect(checkParam('dir', audioOverlaps.params.dir, dir)).toBe(dir);
    expect(() => checkParam('dir', audioOverlaps.params.dir, file)).toThrow(
      /must be a folder of \.wav files/,
    );
  });

  it('runWithInputs runs an entry from Node on paths (here --patterns FILE), as the command line does', async () => {
    const out = await runWithInputs(
      capacity,
      {
        ...defaultConfig(capacity.params),
        alpha: [0.5],
        trials: 1,
        patterns: join(fixtures, 'pm_int.npy'),
      } as never,
      createRng(1),
    );
    expect(out.derived).toMatchObject({ n: 6 });
    expect(() => loadInputs(capacity.params, { patterns: join(fixtures, 'nothing') } as never)).toThrow(
      InputError,
    );
  });

  it('a report section reads data/ through its context, and names the file when the driver gives none', () => {
    const ctx = { quick: true, seed: 1, rng: createRng(1) };
    expect(() => dataFile(ctx, 'msa/PF00595.fasta.gz')).toThrow(/needs data\/msa\/PF00595\.fasta\.gz/);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(
      dataFile({ ...ctx, data: (p) => (p === 'dms/x.csv' ? bytes : new Uint8Array()) }, 'dms/x.csv'),
    ).toBe(bytes);
  });
});

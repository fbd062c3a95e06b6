/**
 * Label-neuron training on sparse ±1 inputs runs as one fused epoch per backend call (labelTrainSparse). Pinned:
 * (1) the couplings and losses of six seeded cases equal, bit for bit, those the trainer gave before the fused
 * epoch (test/fixtures/labels/labelNeurons.json, written by test/fixtures/labels/record.ts at commit 7ca0b8f, when
 * each epoch ran pmSparseProduct on S, plCoefficients and pmSparseProduct on Sᵀ); (2) the fused epochs equal that
 * composition of the same backend's methods at label counts that exercise every path of the kernel (pairs per
 * pass 1–6, a second pass, an odd last label), on both backends and for both signs of the rarer entry.
 * Equality is exact on the plain build; on the relaxed build (fused multiply-adds in exp, which V8 may fuse in one
 * compiler tier and not in another) it is within 1e-12 relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  createWasmBackend,
  referenceBackend,
  sparseSigns,
  wasmBackend,
} from '../../src/core/linalg/index.js';
import { oneHotPm, trainLabelNeurons } from '../../src/core/models/pseudolikelihoodClassifier.js';
import { createRng } from '../../src/core/rng/index.js';
import { labelCases } from '../fixtures/labels/cases.js';

const probe = wasmBackend();
const relaxed = probe?.features.relaxedSimd ?? false;
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/labels/labelNeurons.json', import.meta.url), 'utf8'),
) as Record<'plain' | 'relaxed', Record<string, { weights: string[]; losses: string[] }>>;

const fromHex = (h: string[]) => new Float64Array(BigUint64Array.from(h, (s) => BigInt(`0x${s}`)).buffer);

function expectSame(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  if (!relaxed) {
    expect(Array.from(got)).toEqual(Array.from(want));
    return;
  }
  for (let k = 0; k < want.length; k++)
    expect(Math.abs(got[k] - want[k])).toBeLessThanOrEqual(1e-12 * Math.abs(want[k]));
}

/** The epochs as the trainer ran them before the fused kernel: two sparse products and the coefficients. */
function composed(
  b: Backend,
  p: number,
  n: number,
  l: number,
  x: Float64Array,
  y: Float64Array,
  rates: number[],
) {
  const sx = sparseSigns(p, n, x);
  const sxt = sparseSigns(p, n, x, true);
  const lambda = 1.2;
  const l2 = 0.003;
  const scale = 1 / (l * p);
  const w = new Float64Array(l * n);
  const wt = new Float64Array(n * l);
  const h = new Float64Array(p * l);
  const coef = new Float64Array(p * l);
  const gt = new Float64Array(n * l);
  const losses: number[] = [];
  for (const lr of rates) {
    for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) wt[j * l + c] = w[c * n + j];
    b.pmSparseProduct(sx, l, wt, h);
    const loss = b.plCoefficients(p, l, y, h, null, lambda, -lambda * scale, coef) * scale;
    b.pmSparseProduct(sxt, l, coef, gt);
    let sq = 0;
    for (let c = 0; c < l; c++)
      for (let j = 0; j < n; j++) {
        const k = c * n + j;
        sq += w[k] * w[k];
        w[k] -= lr * (gt[j * l + c] + l2 * w[k]);
      }
    losses.push(loss + 0.5 * l2 * sq);
  }
  return { w, losses: Float64Array.from(losses), lambda, l2, scale, sx };
}

describe('label neurons on sparse ±1 inputs: fused epochs', () => {
  it.skipIf(!probe)(
    'reproduce the couplings and losses trained before the fused kernel (six seeded cases)',
    () => {
      const want = fixture[relaxed ? 'relaxed' : 'plain'];
      for (const c of labelCases) {
        const { set, training } = c.make(createRng, oneHotPm);
        const res = trainLabelNeurons(set, training);
        expectSame(res.weights, fromHex(want[c.name].weights));
        expectSame(res.losses, fromHex(want[c.name].losses));
      }
    },
  );

  const backends: [string, Backend | null][] = [
    ['reference', referenceBackend],
    ['wasm', probe ? createWasmBackend({ smallToReference: false }) : null],
  ];
  for (const [name, b] of backends) {
    it.skipIf(!b)(`equal the two products and the coefficients, epoch by epoch (${name})`, () => {
      const r = createRng(21);
      for (const [p, n, l, plus] of [
        [37, 23, 1, 0.2],
        [41, 19, 7, 0.75],
        [29, 17, 13, 0.3],
        [33, 21, 16, 0.1],
        [25, 30, 27, 0.8],
      ]) {
        const x = Float64Array.from({ length: p * n }, () => (r.uniform() < plus ? 1 : -1));
        const y = oneHotPm(
          Int32Array.from({ length: p }, () => r.int(l)),
          l,
        );
        if (l === 1) for (let mu = 0; mu < p; mu++) y[mu] = r.sign();
        const rates = [0.9, 0.7, 1.1, 0.5];
        const want = composed(b!, p, n, l, x, y, rates);
        const wt = new Float64Array(n * l);
        const losses = new Float64Array(rates.length);
        const seen: number[] = [];
        const cfg = { lambda: want.lambda, scale: want.scale, l2: want.l2, rates: Float64Array.from(rates) };
        b!.labelTrainSparse(want.sx, l, y, wt, cfg, losses, (e) => seen.push(e));
        const w = new Float64Array(l * n);
        for (let c = 0; c < l; c++) for (let j = 0; j < n; j++) w[c * n + j] = wt[j * l + c];
        expectSame(w, want.w);
        expectSame(losses, want.losses);
        expect(seen).toEqual([1, 2, 3, 4]);
      }
    });
  }
});

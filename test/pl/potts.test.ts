import { describe, expect, it } from 'vitest';
import { pottsFinalOverlaps, pottsZeroTemperature } from '../../src/core/dynamics/potts.js';
import {
  loadPotts,
  type PottsData,
  type PottsModel,
  pottsConditional,
  pottsEnergy,
  pottsLocalFields,
  pottsSiteLossGrad,
  pottsSiteSize,
  savePotts,
  symmetrizePottsInPlace,
  trainPotts,
} from '../../src/core/models/potts.js';
import { createRng, type Rng } from '../../src/core/rng/index.js';

function randomData(rng: Rng, m: number, n: number, q: number): PottsData {
  const seqs = new Uint8Array(m * n);
  for (let k = 0; k < seqs.length; k++) seqs[k] = rng.int(q);
  return { m, n, q, seqs };
}

function randomModel(rng: Rng, n: number, q: number, scale = 1): PottsModel {
  const fields = new Float64Array(n * q).map(() => scale * rng.normal());
  const couplings = new Float64Array(n * n * q * q);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j) for (let k = 0; k < q * q; k++) couplings[(i * n + j) * q * q + k] = scale * rng.normal();
  return { n, q, fields, couplings, symmetry: 'asymmetric' };
}

describe('Potts pseudo-likelihood (paper 000 Eq. 11)', () => {
  it('site gradient matches central finite differences (weights, λ_h ≠ λ_J)', () => {
    const rng = createRng(11);
    const n = 4;
    const q = 3;
    const data = randomData(rng, 7, n, q);
    const w = Array.from({ length: 7 }, () => 0.2 + rng.uniform());
    const d = pottsSiteSize(n, q);
    const x = new Float64Array(d).map(() => 0.5 * rng.normal());
    const i = 2;
    const g = new Float64Array(d);
    pottsSiteLossGrad(i, x, data, w, 0.03, 0.07, g);
    const gg = new Float64Array(d);
    const own = q + i * q * q;
    const eps = 1e-6;
    for (let k = 0; k < d; k++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[k] += eps;
      xm[k] -= eps;
      const fd =
        (pottsSiteLossGrad(i, xp, data, w, 0.03, 0.07, gg) -
          pottsSiteLossGrad(i, xm, data, w, 0.03, 0.07, gg)) /
        (2 * eps);
      if (k >= own && k < own + q * q) {
        expect(g[k]).toBe(0);
        expect(Math.abs(fd)).toBeLessThan(1e-8); // J_ii is not a parameter
      } else expect(g[k]).toBeCloseTo(fd, 6);
    }
  });

  it('the trained conditional sums to one and fits the data (loss falls below the uniform model)', () => {
    const rng = createRng(3);
    const data = randomData(rng, 20, 5, 4);
    const res = trainPotts(data, undefined, { symmetry: { kind: 'asymmetric' }, maxIterations: 200 });
    const p = pottsConditional(res.model, data.seqs.subarray(0, 5), 1);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    for (const l of res.loss) expect(l).toBeLessThan(Math.log(4));
    for (let i = 0; i < 5; i++)
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++) expect(res.model.couplings[((i * 5 + i) * 4 + a) * 4 + b]).toBe(0);
  });

  it('asymmetric training gives J_ij(a,b) ≠ J_ji(b,a); the symmetric option gives equality', () => {
    const rng = createRng(5);
    const data = randomData(rng, 15, 4, 3);
    const cfg = { maxIterations: 100, lambdaH: 0.01, lambdaJ: 0.01 };
    const asym = trainPotts(data, undefined, { ...cfg, symmetry: { kind: 'asymmetric' } }).model;
    const sym = trainPotts(data, undefined, { ...cfg, symmetry: { kind: 'symmetric' } }).model;
    const { n, q } = sym;
    const at = (m: PottsModel, i: number, j: number, a: number, b: number) =>
      m.couplings[((i * n + j) * q + a) * q + b];
    let maxAsym = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let a = 0; a < q; a++)
          for (let b = 0; b < q; b++) {
            expect(at(sym, i, j, a, b)).toBe(at(sym, j, i, b, a));
            expect(at(sym, i, j, a, b)).toBeCloseTo(0.5 * (at(asym, i, j, a, b) + at(asym, j, i, b, a)), 12);
            maxAsym = Math.max(maxAsym, Math.abs(at(asym, i, j, a, b) - at(asym, j, i, b, a)));
          }
    expect(maxAsym).toBeGreaterThan(1e-3);
    expect(sym.symmetry).toBe('symmetric');
  });

  it('memorizes few training sequences: each is a fixed point of the T = 0 dynamics', () => {
    const rng = createRng(8);
    const data = randomData(rng, 3, 12, 5);
    const { model } = trainPotts(data, undefined, { symmetry: { kind: 'asymmetric' }, maxIterations: 100 });
    const { overlaps, converged } = pottsFinalOverlaps(model, data.seqs, createRng(9));
    expect(Array.from(overlaps)).toEqual([1, 1, 1]);
    expect(converged).toBe(3);
  });
});

describe('zero-temperature sequential dynamics', () => {
  it('each accepted move strictly raises the local field of the new letter; the end is a fixed point', () => {
    const rng = createRng(21);
    const model = randomModel(rng, 10, 4, 0.7);
    const start = Uint8Array.from({ length: 10 }, () => rng.int(4));
    const state = Uint8Array.from(start);
    let moves = 0;
    const res = pottsZeroTemperature(model, start, createRng(22), {
      onMove: (i, from, to) => {
        const e = pottsLocalFields(model, state, i);
        expect(e[to]).toBeGreaterThan(e[from]);
        for (let c = 0; c < 4; c++) expect(e[to]).toBeGreaterThanOrEqual(e[c]);
        state[i] = to;
        moves++;
      },
    });
    expect(moves).toBe(res.moves);
    expect(Array.from(res.final)).toEqual(Array.from(state));
    if (res.converged) {
      for (let i = 0; i < 10; i++) {
        const e = pottsLocalFields(model, res.final, i);
        for (let c = 0; c < 4; c++) expect(e[res.final[i]]).toBeGreaterThanOrEqual(e[c]);
      }
    }
  });

  it('with symmetric couplings the pseudo-energy never increases', () => {
    const rng = createRng(31);
    for (let t = 0; t < 5; t++) {
      const m = randomModel(rng, 12, 5);
      symmetrizePottsInPlace(12, 5, m.couplings);
      const start = Uint8Array.from({ length: 12 }, () => rng.int(5));
      const state = Uint8Array.from(start);
      let e = pottsEnergy(m, state);
      const res = pottsZeroTemperature(m, start, rng, {
        onMove: (i, _from, to) => {
          state[i] = to;
          const e2 = pottsEnergy(m, state);
          expect(e2).toBeLessThan(e + 1e-12);
          e = e2;
        },
      });
      expect(res.converged).toBe(true);
      expect(pottsEnergy(m, res.final)).toBeCloseTo(e, 12);
    }
  });

  it('the kept local fields give the moves of recomputing every site (random and tied couplings)', () => {
    // the plain loop: every visit sums e_i from scratch in site order, keeps a_i unless another letter is larger
    const plain = (model: ReturnType<typeof randomModel>, start: Uint8Array, rng: Rng) => {
      const { n, q } = model;
      const a = Uint8Array.from(start);
      const order = Int32Array.from({ length: n }, (_, i) => i);
      const moves: number[] = [];
      for (let sweep = 0; sweep < 100; sweep++) {
        rng.shuffle(order);
        let changed = 0;
        for (const i of order) {
          const e = Array.from({ length: q }, (_, c) => model.fields[i * q + c]);
          for (let j = 0; j < n; j++)
            if (j !== i)
              for (let c = 0; c < q; c++) e[c] += model.couplings[((i * n + j) * q + c) * q + a[j]];
          let best = a[i];
          for (let c = 0; c < q; c++) if (e[c] > e[best]) best = c;
          if (best !== a[i]) {
            moves.push(i, a[i], best);
            a[i] = best;
            changed++;
          }
        }
        if (changed === 0) break;
      }
      return { final: a, moves };
    };
    const rng = createRng(41);
    for (let t = 0; t < 12; t++) {
      const n = 9 + t;
      const q = 3 + (t % 4);
      const model = randomModel(rng, n, q, 0.8);
      // every third model: couplings on a coarse grid (many exact ties between letters)
      if (t % 3 === 0)
        for (let k = 0; k < model.couplings.length; k++)
          model.couplings[k] = Math.round(model.couplings[k] * 2) / 2;
      if (t % 3 === 0)
        for (let k = 0; k < model.fields.length; k++) model.fields[k] = Math.round(model.fields[k]);
      for (let i = 0; i < n; i++)
        for (let x = 0; x < q * q; x++) model.couplings[(i * n + i) * q * q + x] = 0;
      const start = Uint8Array.from({ length: n }, () => rng.int(q));
      const seed = 100 + t;
      const want = plain(model, start, createRng(seed));
      const got: number[] = [];
      const res = pottsZeroTemperature(model, start, createRng(seed), {
        onMove: (i, from, to) => got.push(i, from, to),
      });
      expect(got).toEqual(want.moves);
      expect(Array.from(res.final)).toEqual(Array.from(want.final));
    }
  });

  it('does not modify the start and rejects a wrong length', () => {
    const rng = createRng(2);
    const model = randomModel(rng, 6, 3);
    const start = Uint8Array.from([0, 1, 2, 0, 1, 2]);
    pottsZeroTemperature(model, start, rng);
    expect(Array.from(start)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(() => pottsZeroTemperature(model, [0, 1], rng)).toThrow(/N = 6/);
  });
});

describe('save / load', () => {
  it('round-trips exactly through JSON and rejects unknown versions and sizes', () => {
    const model = randomModel(createRng(4), 5, 3);
    const doc = JSON.parse(JSON.stringify(savePotts(model, { epochs: 7 })));
    expect(doc.type).toBe('hopfield.potts');
    expect(doc.version).toBe(1);
    const back = loadPotts(doc);
    expect(back.model.n).toBe(5);
    expect(back.model.q).toBe(3);
    expect(back.model.symmetry).toBe('asymmetric');
    expect(Array.from(back.model.fields)).toEqual(Array.from(model.fields));
    expect(Array.from(back.model.couplings)).toEqual(Array.from(model.couplings));
    expect(back.training).toEqual({ epochs: 7 });
    expect(() => loadPotts({ ...doc, version: 2 })).toThrow(/version/);
    expect(() => loadPotts({ ...doc, params: { ...doc.params, q: 4 } })).toThrow(/fields must hold 20/);
    expect(() => loadPotts({ ...doc, params: { ...doc.params, symmetry: 'both' } })).toThrow(/symmetry/);
  });
});

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { samplePotts } from '../../src/core/dynamics/potts.js';
import {
  type PottsModel,
  pottsCompactLossGrad,
  pottsMemoryBytes,
  preparePotts,
  trainPotts,
} from '../../src/core/models/potts.js';
import {
  averageProductCorrection,
  contactPrecision,
  contactScores,
  rankPairs,
} from '../../src/core/models/pottsContacts.js';
import { lbfgsMinimize } from '../../src/core/optimize/lbfgs.js';
import { createRng } from '../../src/core/rng/index.js';
import {
  decodeAlignment,
  nearestDistances,
  parseAlignment,
  parseDistanceTable,
  sequenceWeights,
  sequenceWeightsReference,
} from '../../src/data/msa.js';

describe('L-BFGS with the Moré–Thuente line search', () => {
  it('minimizes the Rosenbrock function from (−1.2, 1) to (1, 1) within 100 iterations', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const x = Float64Array.from([-1.2, 1]);
    const r = lbfgsMinimize(fg, x, { maxIterations: 100, gtol: 1e-8, ftol: 0 });
    expect(r.reason).toBe('gtol');
    expect(Math.abs(x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(x[1] - 1)).toBeLessThan(1e-6);
    // The strong Wolfe step keeps evaluations close to iterations (a backtracking search needs more).
    expect(r.evaluations).toBeLessThan(1.6 * r.iterations + 5);
  });

  it('solves an ill-conditioned quadratic (κ = 20) to 1e-8 within 2d iterations, mostly with the unit step', () => {
    const d = 20;
    const diag = Float64Array.from({ length: d }, (_, k) => 1 + k);
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let k = 0; k < d; k++) {
        g[k] = diag[k] * (x[k] - 1);
        f += 0.5 * diag[k] * (x[k] - 1) ** 2;
      }
      return f;
    };
    const x = new Float64Array(d);
    const r = lbfgsMinimize(fg, x, { gtol: 1e-10, ftol: 0, memory: d });
    expect(r.iterations).toBeLessThanOrEqual(2 * d);
    expect(r.evaluations).toBeLessThan(1.3 * r.iterations + 3);
    for (const v of x) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
  });
});

/** A sparse planted Potts model on a known contact graph (symmetric couplings, q letters, no gap). */
function plantedModel(n: number, q: number, edges: [number, number][], seed: number): PottsModel {
  const rng = createRng(seed);
  const fields = new Float64Array(n * q).map(() => 0.3 * rng.normal());
  const couplings = new Float64Array(n * n * q * q);
  for (const [i, j] of edges)
    for (let a = 0; a < q; a++)
      for (let b = 0; b < q; b++) {
        const v = (a === b ? 1 : -0.35) * (0.8 + 0.4 * rng.uniform());
        couplings[((i * n + j) * q + a) * q + b] = v;
        couplings[((j * n + i) * q + b) * q + a] = v;
      }
  return { n, q, fields, couplings, symmetry: 'symmetric' };
}

describe('planted model: sample, train, recover the contact graph', () => {
  it('the top-|E| pairs are the planted edges and the fitted couplings correlate with the planted ones', () => {
    const n = 10;
    const q = 4;
    const edges: [number, number][] = [
      [0, 3],
      [1, 7],
      [2, 5],
      [4, 9],
      [6, 8],
      [3, 6],
    ];
    const planted = plantedModel(n, q, edges, 3);
    const rng = createRng(5);
    const seqs = samplePotts(
      planted,
      { sampler: { kind: 'gibbs' }, temperature: 1, burnIn: 200, thinning: 3, samples: 4000 },
      rng,
    );
    const fit = trainPotts({ m: 4000, n, q, seqs }, undefined, {
      symmetry: { kind: 'symmetric' },
      maxIterations: 200,
      lambdaH: 1e-4,
      lambdaJ: 1e-4,
    });
    const scores = contactScores(fit.model, -1);
    const top = rankPairs(scores.apc, n).slice(0, edges.length);
    const want = new Set(edges.map(([i, j]) => `${Math.min(i, j)},${Math.max(i, j)}`));
    expect(top.filter((p) => want.has(`${p.i},${p.j}`)).length).toBe(edges.length);
    // Couplings of the planted edges in the zero-sum gauge: fitted against planted, Pearson r.
    const gauge = (m: PottsModel, i: number, j: number) => {
      const blk: number[] = [];
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) blk.push(m.couplings[((i * n + j) * q + a) * q + b]);
      const row = (a: number) => blk.slice(a * q, a * q + q).reduce((s, v) => s + v, 0) / q;
      const col = (b: number) =>
        Array.from({ length: q }, (_, a) => blk[a * q + b]).reduce((s, v) => s + v, 0) / q;
      const all = blk.reduce((s, v) => s + v, 0) / (q * q);
      return blk.map((v, k) => v - row(Math.floor(k / q)) - col(k % q) + all);
    };
    const x: number[] = [];
    const y: number[] = [];
    for (const [i, j] of edges) {
      x.push(...gauge(planted, i, j));
      y.push(...gauge(fit.model, i, j));
    }
    const mx = x.reduce((s, v) => s + v, 0) / x.length;
    const my = y.reduce((s, v) => s + v, 0) / y.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < x.length; k++) {
      sxy += (x[k] - mx) * (y[k] - my);
      sxx += (x[k] - mx) ** 2;
      syy += (y[k] - my) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.9);
  });

  it('Gibbs and Metropolis samples at T = 1 reproduce the single-site marginals of a one-site model', () => {
    const q = 3;
    const fields = Float64Array.from([0, 1, -1, 0.5, 0.5, 0]);
    const model: PottsModel = {
      n: 2,
      q,
      fields,
      couplings: new Float64Array(4 * q * q),
      symmetry: 'symmetric',
    };
    for (const kind of ['gibbs', 'metropolis'] as const) {
      const s = samplePotts(
        model,
        { sampler: { kind }, temperature: 1, burnIn: 10, thinning: 1, samples: 20000 },
        createRng(9),
      );
      const z = Math.exp(0) + Math.exp(1) + Math.exp(-1);
      const f = [0, 0, 0];
      for (let k = 0; k < 20000; k++) f[s[2 * k]] += 1 / 20000;
      expect(f[1]).toBeCloseTo(Math.exp(1) / z, 1);
      expect(Math.abs(f[0] - 1 / z)).toBeLessThan(0.02);
    }
  });
});

describe('grouped site kernel', () => {
  it('gives the same objective and gradient as the per-column kernel on real sequences', () => {
    const rng = createRng(2);
    const m = 300;
    const n = 12;
    const q = 21;
    const seqs = new Uint8Array(m * n).map((_, k) => (k % n < 6 ? rng.int(3) : rng.int(q)));
    const prep = preparePotts(
      { m, n, q, seqs },
      Array.from({ length: m }, () => 0.5 + rng.uniform()),
    );
    const x = new Float64Array(q + prep.pairs.length * q).map(() => 0.1 * rng.normal());
    const g1 = new Float64Array(x.length);
    const g2 = new Float64Array(x.length);
    for (const i of [0, 5, 11]) {
      const f1 = pottsCompactLossGrad(prep, i, x, 0.01, 0.02, g1, false);
      const f2 = pottsCompactLossGrad(prep, i, x, 0.01, 0.02, g2, true);
      expect(f2).toBeCloseTo(f1, 10);
      for (let k = 0; k < x.length; k++) expect(Math.abs(g1[k] - g2[k])).toBeLessThan(1e-10);
    }
  });

  it('warm start: fields from log(f·M_eff + 1) reach the same optimum as from zero, in fewer iterations', () => {
    const rng = createRng(4);
    const m = 200;
    const n = 8;
    const q = 21;
    // Skewed columns (a few letters, many never seen) under a weak field prior: the case warm starts are for.
    const seqs = new Uint8Array(m * n).map(() => (rng.uniform() < 0.8 ? rng.int(2) : rng.int(q)));
    const weights = Array.from({ length: m }, () => 0.5 + rng.uniform());
    const mEff = weights.reduce((a, b) => a + b, 0);
    const prep = preparePotts({ m, n, q, seqs }, weights);
    // startFields: log(f_i(a)·M_eff + 1), centred (f from the normalized weights of the merged rows).
    const f = new Float64Array(q);
    for (let s = 0; s < m; s++) f[seqs[s * n + 3]] += weights[s] / mEff;
    const want = Array.from(f, (v) => Math.log(v * mEff + 1));
    const mean = want.reduce((a, b) => a + b, 0) / q;
    for (let a = 0; a < q; a++) expect(prep.startFields[3 * q + a]).toBeCloseTo(want[a] - mean, 10);
    const cfg = {
      symmetry: { kind: 'asymmetric' } as const,
      maxIterations: 2000,
      lambdaH: 1e-5,
      lambdaJ: 0.05,
      tolerance: 1e-7,
      ftol: 0,
    };
    const cold = trainPotts({ m, n, q, seqs }, weights, cfg);
    const warm = trainPotts({ m, n, q, seqs }, weights, { ...cfg, warmStart: true });
    for (let i = 0; i < n; i++) expect(warm.loss[i], `site ${i}`).toBeCloseTo(cold.loss[i], 9);
    let d = 0;
    for (let k = 0; k < cold.model.couplings.length; k++)
      d = Math.max(d, Math.abs(warm.model.couplings[k] - cold.model.couplings[k]));
    expect(d).toBeLessThan(1e-3);
    const sum = (v: Int32Array) => v.reduce((a, b) => a + b, 0);
    expect(sum(warm.iterations)).toBeLessThan(sum(cold.iterations));
  });

  it('memory estimate: N = 202, q = 21 (β-lactamase) needs about 0.3–0.5 GB on two threads', () => {
    const b = pottsMemoryBytes(202, 21, 18334, 2);
    expect(b).toBeGreaterThan(0.3e9);
    expect(b).toBeLessThan(0.5e9);
  });
});

describe('contact scores and precision', () => {
  it('APC removes the product of row means: a rank-one F gives zero scores', () => {
    const n = 5;
    const u = [1, 2, 3, 4, 5];
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) f[i * n + j] = u[i] + u[j];
    const s = averageProductCorrection(f, n);
    // F_ij = u_i + u_j is not a product, so S ≠ 0; check the formula directly for one pair.
    const mean = (i: number) => (u.reduce((a, b) => a + b, 0) - u[i] + (n - 1) * u[i]) / (n - 1);
    let total = 0;
    for (let i = 0; i < n; i++) total += mean(i);
    total /= n;
    expect(s[0 * n + 1]).toBeCloseTo(f[1] - (mean(0) * mean(1)) / total, 12);
    expect(s[0]).toBe(0);
  });

  it('Frobenius norms equal ‖P J^s P‖ (P = I − 11ᵀ/q, the zero-sum projector) over all letters or the 20×20 block', () => {
    const n = 4;
    const q = 21;
    const rng = createRng(9);
    const couplings = new Float64Array(n * n * q * q);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j) for (let k = 0; k < q * q; k++) couplings[(i * n + j) * q * q + k] = rng.normal();
    const model: PottsModel = { n, q, fields: new Float64Array(n * q), couplings, symmetry: 'asymmetric' };
    const P = (a: number, c: number) => (a === c ? 1 : 0) - 1 / q;
    const norm = (i: number, j: number, skip: number) => {
      const js = (a: number, b: number) =>
        0.5 * (couplings[((i * n + j) * q + a) * q + b] + couplings[((j * n + i) * q + b) * q + a]);
      let s = 0;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          if (a === skip || b === skip) continue;
          let v = 0;
          for (let c = 0; c < q; c++) for (let d = 0; d < q; d++) v += P(a, c) * js(c, d) * P(d, b);
          s += v * v;
        }
      return Math.sqrt(s);
    };
    const all = contactScores(model);
    const amino = contactScores(model, q - 1);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        expect(all.frobenius[i * n + j], `${i},${j} all`).toBeCloseTo(norm(i, j, -1), 10);
        expect(amino.frobenius[i * n + j], `${i},${j} amino`).toBeCloseTo(norm(i, j, q - 1), 10);
      }
    expect(all.frobenius[1]).toBeGreaterThan(amino.frobenius[1]);
  });

  it('APC over kept columns equals APC of the submatrix; pairs of dropped columns are NaN and not ranked', () => {
    const n = 6;
    const rng = createRng(3);
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) f[i * n + j] = f[j * n + i] = rng.uniform();
    const keep = [true, false, true, true, false, true];
    const idx = [0, 2, 3, 5];
    const sub = new Float64Array(16);
    idx.forEach((a, x) => {
      idx.forEach((b, y) => {
        sub[x * 4 + y] = f[a * n + b];
      });
    });
    const want = averageProductCorrection(sub, 4);
    const got = averageProductCorrection(f, n, keep);
    idx.forEach((a, x) => {
      idx.forEach((b, y) => {
        if (a !== b) expect(got[a * n + b], `${a},${b}`).toBeCloseTo(want[x * 4 + y], 12);
      });
    });
    expect(Number.isNaN(got[0 * n + 1])).toBe(true);
    expect(Number.isNaN(got[4 * n + 5])).toBe(true);
    const ranked = rankPairs(got, n);
    expect(ranked).toHaveLength(6);
    expect(ranked.every((p) => keep[p.i] && keep[p.j])).toBe(true);
  });

  it('precision at top L/2 counts pairs with |i − j| > 4 against the 8 Å threshold, skipping unknown pairs', () => {
    const n = 20;
    const scores = new Float64Array(n * n);
    const set = (i: number, j: number, v: number) => {
      scores[i * n + j] = v;
      scores[j * n + i] = v;
    };
    set(0, 10, 9);
    set(1, 12, 8);
    set(2, 3, 7.5); // too close in sequence
    set(3, 15, 7);
    set(4, 19, 6);
    const table = ['1 11 5.0', '2 13 9.5', '4 16 7.9', '5 20 3.0'].join('\n');
    const dist = parseDistanceTable(table, n);
    const rows = contactPrecision(rankPairs(scores, n), dist);
    const all2 = rows.find((r) => r.separation === 'all' && r.top === 'L/2');
    expect(all2?.k).toBe(10);
    // Ranked known pairs (all others unknown): 1-11 yes, 2-13 no, 4-16 yes, 5-20 yes.
    expect(all2?.true).toBe(3);
    expect(all2?.precision).toBeCloseTo(3 / 4, 12);
    const short = rows.find((r) => r.separation === 'short' && r.top === 'L/10');
    expect(short?.available).toBe(2); // 1–11 and 2–13 (separations 10 and 11)
  });
});

describe('alignments: input forms, errors, weights', () => {
  it('accepts a UTF-8 byte-order mark and CRLF line ends; gzip through decodeAlignment', async () => {
    const text = '\uFEFF>a x\r\nACDE\r\n>b\r\nAC-E\r\n';
    const a = parseAlignment(text);
    expect(a.m).toBe(2);
    expect(a.names).toEqual(['a x', 'b']);
    const z = await decodeAlignment(new Uint8Array(gzipSync(Buffer.from(text))), 'f.fa.gz');
    expect(Array.from(z.seqs)).toEqual(Array.from(a.seqs));
  });

  it('refuses binary data, empty input, a single sequence when two are needed, and names record and line', () => {
    expect(() => parseAlignment(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'x.png')).toThrow(
      /x\.png: binary data/,
    );
    expect(() => parseAlignment(Uint8Array.from([0xff, 0xfe, 0x41]), 'u16.fa')).toThrow(
      /u16\.fa: line 1: byte 0xff/,
    );
    expect(() => parseAlignment('', 'e.fa')).toThrow(/e\.fa: empty file/);
    expect(() => parseAlignment('>one\nACD\n', 'one.fa', { minSequences: 2 })).toThrow(
      /one\.fa: 1 sequence; at least 2/,
    );
    expect(() => parseAlignment('>a\nACD\n>b\nAC\n>c\nA1D\n', 'f.fa')).toThrow(/record 2 "b" \(line 3\)/);
    expect(() => parseAlignment('>a\nACD\n>b\nACD\n>c\nA1D\n', 'f.fa')).toThrow(
      /record 3 "c" \(line 6\): unexpected character "1"/,
    );
  });

  it('dedupe keeps the first of identical sequences', () => {
    const a = parseAlignment('>a\nACD\n>b\nACD\n>c\nACE\n>d\nACE\n>e\nWCD\n', 'f', { dedupe: true });
    expect(a.names).toEqual(['a', 'c', 'e']);
  });

  it('bit-parallel weights equal the direct pair count (random alignments with duplicates, several N)', () => {
    const rng = createRng(4);
    for (const n of [5, 6, 7, 13, 31]) {
      const rows: string[] = [];
      for (let s = 0; s < 120; s++) {
        const base = s % 3 === 0 && s > 0 ? rows[rows.length - 1] : undefined;
        let seq = '';
        for (let i = 0; i < n; i++)
          seq +=
            base && rng.uniform() < 0.8
              ? base[i]
              : 'ACDEFGHIKLMNPQRSTVWY-'[rng.int(rng.uniform() < 0.5 ? 3 : 21)];
        rows.push(seq);
      }
      const msa = parseAlignment(rows.map((r, k) => `>s${k}\n${r}`).join('\n'));
      for (const th of [0.5, 0.8, 0.9]) {
        const fast = sequenceWeights(msa, th);
        const ref = sequenceWeightsReference(msa, th);
        expect(Array.from(fast.weights)).toEqual(Array.from(ref.weights));
      }
    }
  });

  it('nearest distances: share of differing columns to the closest reference sequence', () => {
    const ref = parseAlignment('>a\nAAAAAAAA\n>b\nCCCCCCCC\n');
    const q = parseAlignment('>x\nAAAACCCC\n>y\nACCCCCCC\n');
    expect(Array.from(nearestDistances(q, ref))).toEqual([0.5, 1 / 8]);
  });

  it('distance tables: floats as indices accepted, out-of-range and malformed lines refused with the line', () => {
    const t = parseDistanceTable('1.0e+00 3.0e+00 0 4.5\n2 3 9\n', 3);
    expect(t.d[0 * 3 + 2]).toBe(4.5);
    expect(t.d[2 * 3 + 0]).toBe(4.5);
    expect(() => parseDistanceTable('1 4 5\n', 3, 'd.dat')).toThrow(
      /d\.dat: line 1: column j = "4" is outside 1\.\.3/,
    );
    expect(() => parseDistanceTable('0 2 5\n', 3, 'd.dat')).toThrow(/outside 1\.\.3/);
    expect(() => parseDistanceTable('1 2\n', 3, 'd.dat')).toThrow(/line 1: expected "i j distance"/);
    expect(() => parseDistanceTable('\n', 3, 'd.dat')).toThrow(/empty table/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pseudoInverseCouplings } from '../../src/core/models/classical.js';
import { plLossGrad, trainPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import {
  corruptSpins,
  loadSpinModel,
  type PLSpins,
  randomSpinPatterns,
  runSpinDynamics,
  type SpinPatterns,
  saveSpinModel,
  spinLossGrad,
  spinOverlap,
  spinRetrievalMap,
  trainSpinPseudoLikelihood,
} from '../../src/core/models/pseudolikelihoodSpins.js';
import { createRng } from '../../src/core/rng/index.js';

const cfg = (epochs: number, learningRate: number) => ({
  symmetry: { kind: 'asymmetric' as const },
  epochs,
  learningRate,
  decay: 0.999,
});

describe('vector spins, d = 1, are the Ising model', () => {
  const spins: PLSpins = { kind: 'vector', dim: 1 };
  const xi = randomSpinPatterns(createRng(3), 12, 30, spins);
  it('random S⁰ patterns are the rademacher patterns of the same stream', async () => {
    const { rademacher } = await import('../../src/core/patterns.js');
    expect(Array.from(xi.data)).toEqual(Array.from(rademacher(createRng(3), 12, 30).data));
  });
  it('training runs the Ising trainer bit for bit', () => {
    const a = trainSpinPseudoLikelihood(xi, spins, cfg(40, 100));
    const b = trainPseudoLikelihood({ p: 12, n: 30, data: xi.data }, cfg(40, 100));
    expect(Buffer.from(a.couplings.buffer).equals(Buffer.from(b.couplings.buffer))).toBe(true);
  });
  it('the general vector loop (von Mises–Fisher with K_1 = 2cosh) gives the same iterates to rounding', () => {
    const a = trainSpinPseudoLikelihood(xi, spins, cfg(40, 100), undefined, { general: true });
    const b = trainPseudoLikelihood({ p: 12, n: 30, data: xi.data }, cfg(40, 100));
    let err = 0;
    for (let k = 0; k < a.couplings.length; k++)
      err = Math.max(err, Math.abs(a.couplings[k] - b.couplings[k]));
    expect(err).toBeLessThan(1e-9);
    expect(a.history[39].loss).toBeCloseTo(b.history[39].loss, 12);
  });
  it('the loss and gradient equal the Ising ones at a random J', () => {
    const r = createRng(4);
    const j = Float64Array.from({ length: 900 }, () => r.normal() * 0.3);
    const g1 = new Float64Array(900);
    const g2 = new Float64Array(900);
    const l1 = spinLossGrad(j, xi, spins, g1, 1.3, 0.01);
    const l2 = plLossGrad(j, { p: 12, n: 30, data: xi.data }, g2, 1.3, 0.01);
    expect(l1).toBeCloseTo(l2, 12);
    for (let k = 0; k < 900; k++) expect(g1[k]).toBeCloseTo(g2[k], 12);
  });
});

describe('gradient against central finite differences, 10 random points per spin type', () => {
  const types: PLSpins[] = [
    { kind: 'vector', dim: 2 },
    { kind: 'vector', dim: 3 },
    { kind: 'vector', dim: 10 },
    { kind: 'continuous', gamma: 1.7 },
  ];
  for (const spins of types) {
    it(`${spins.kind} ${spins.kind === 'vector' ? `d = ${spins.dim}` : `γ = ${spins.gamma}`}`, () => {
      const r = createRng(11);
      const n = 12;
      const d = spins.kind === 'vector' ? spins.dim : 1;
      const m = n * d;
      const xi = randomSpinPatterns(r, 7, n, spins);
      for (let point = 0; point < 10; point++) {
        // fields from small to far beyond the series/Debye switch (x ≥ 30)
        const scale = [0.01, 0.3, 3, 20][point % 4] / Math.sqrt(d);
        const j = Float64Array.from({ length: m * m }, () => r.normal() * scale);
        const lambda = 0.5 + r.uniform();
        const grad = new Float64Array(m * m);
        spinLossGrad(j, xi, spins, grad, lambda, 0.05);
        const i = r.int(n);
        let k = r.int(n - 1);
        if (k >= i) k++;
        const e = (i * d + r.int(d)) * m + k * d + r.int(d);
        const h = 1e-6 * Math.max(1, Math.abs(j[e]));
        const jp = Float64Array.from(j);
        jp[e] += h;
        const jm = Float64Array.from(j);
        jm[e] -= h;
        const fd =
          (spinLossGrad(jp, xi, spins, new Float64Array(m * m), lambda, 0.05) -
            spinLossGrad(jm, xi, spins, new Float64Array(m * m), lambda, 0.05)) /
          (2 * h);
        expect(Math.abs(fd - grad[e])).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        // the diagonal block of site i carries no coupling
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) expect(grad[(i * d + a) * m + i * d + b]).toBe(0);
      }
    });
  }
});

describe("block couplings are the library's J[N, N, d, d] (PL/model/model.py)", () => {
  const cases = JSON.parse(
    readFileSync(new URL('../fixtures/plspins/block_loss.json', import.meta.url), 'utf8'),
  ) as { p: number; n: number; d: number; loss: number }[];
  for (const c of cases)
    it(`the loss equals the library's einsum form at d = ${c.d} (fixture of make_block_loss.py)`, () => {
      const { p, n, d } = c;
      const m = n * d;
      const data = new Float64Array(p * m);
      for (let s = 0; s < p * n; s++) {
        const v = Array.from({ length: d }, (_, a) => Math.sin(1 + s * d + a));
        const norm = Math.hypot(...v);
        for (let a = 0; a < d; a++) data[s * d + a] = v[a] / norm;
      }
      // library index [i, j, a, b] → ours (i·d + a, j·d + b)
      const j = new Float64Array(m * m);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < n; k++)
          for (let a = 0; a < d; a++)
            for (let b = 0; b < d; b++)
              j[(i * d + a) * m + k * d + b] =
                i === k ? 0 : 0.3 * Math.cos(0.7 * (((i * n + k) * d + a) * d + b));
      const loss = spinLossGrad(j, { p, n, d, data }, { kind: 'vector', dim: d }, new Float64Array(m * m));
      expect(loss).toBeCloseTo(c.loss, 12);
    });
});

describe('the Gram form of vector/continuous training', () => {
  for (const spins of [
    { kind: 'vector', dim: 3 },
    { kind: 'continuous', gamma: 1.5 },
  ] as PLSpins[]) {
    it(`gives the direct form's iterates to rounding (${spins.kind}, with L2)`, () => {
      const xi = randomSpinPatterns(createRng(1), 30, 50, spins);
      const c = { ...cfg(40, spins.kind === 'vector' ? 100 : 1), l2: 0.001 };
      const a = trainSpinPseudoLikelihood(xi, spins, c, undefined, { form: 'direct' });
      const b = trainSpinPseudoLikelihood(xi, spins, c, undefined, { form: 'gram' });
      for (let k = 0; k < a.couplings.length; k++)
        expect(Math.abs(a.couplings[k] - b.couplings[k])).toBeLessThan(1e-11);
      for (let e = 0; e < 40; e++) {
        expect(b.history[e].loss).toBeCloseTo(a.history[e].loss, 11);
        expect(b.history[e].rowNorm).toBeCloseTo(a.history[e].rowNorm, 11);
      }
    });
  }
});

/** Symmetric positive-definite solve helpers for the planted Gaussian model. */
function cholesky(n: number, a: Float64Array): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
    }
  return l;
}

describe('continuous spins: a planted Gaussian model is fitted back', () => {
  it('J of p(x) ∝ exp(−γ/2 |x|² + (γ/2) xᵀJx) is recovered from 20000 samples within 0.03', () => {
    const n = 8;
    const gamma = 2;
    const r = createRng(21);
    const jTrue = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const v = (r.uniform() - 0.5) * 0.4;
        jTrue[i * n + j] = v;
        jTrue[j * n + i] = v;
      }
    // precision Q = γ(1 − J): conditional x_i | rest ~ N(Σ_j J_ij x_j, 1/γ) = the model at λ = γ... with λ = 1:
    // p(x_i|u) ∝ exp(λ x_i u_i − γ x_i²/2) has mean λu_i/γ, so the planted couplings in the model are γ·J.
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) q[i * n + j] = gamma * ((i === j ? 1 : 0) - jTrue[i * n + j]);
    // x = R⁻ᵀz with Q = RRᵀ has covariance Q⁻¹
    const rq = cholesky(n, q);
    const m = 20000;
    const data = new Float64Array(m * n);
    const z = new Float64Array(n);
    for (let mu = 0; mu < m; mu++) {
      for (let i = 0; i < n; i++) z[i] = r.normal();
      for (let i = n - 1; i >= 0; i--) {
        let s = z[i];
        for (let k = i + 1; k < n; k++) s -= rq[k * n + i] * data[mu * n + k];
        data[mu * n + i] = s / rq[i * n + i];
      }
    }
    const spins: PLSpins = { kind: 'continuous', gamma };
    const xi: SpinPatterns = { p: m, n, d: 1, data };
    const res = trainSpinPseudoLikelihood(xi, spins, { ...cfg(400, 4), decay: 1 });
    let err = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j) err = Math.max(err, Math.abs(res.couplings[i * n + j] - gamma * jTrue[i * n + j]));
    expect(err).toBeLessThan(0.03);
  });
});

describe('vector-spin dynamics and retrieval', () => {
  it('corruption sets every site to overlap m0 exactly and unit norm', () => {
    const spins: PLSpins = { kind: 'vector', dim: 3 };
    const xi = randomSpinPatterns(createRng(1), 1, 50, spins);
    const s = corruptSpins(createRng(2), spins, xi.data, 50, 0.5);
    expect(spinOverlap(spins, xi.data, s, 50)).toBeCloseTo(0.5, 12);
    for (let i = 0; i < 50; i++) {
      expect(Math.hypot(s[3 * i], s[3 * i + 1], s[3 * i + 2])).toBeCloseTo(1, 12);
      expect(
        s[3 * i] * xi.data[3 * i] + s[3 * i + 1] * xi.data[3 * i + 1] + s[3 * i + 2] * xi.data[3 * i + 2],
      ).toBeCloseTo(0.5, 12);
    }
  });
  it('d = 3, N = 100, α = 0.2 (default settings): the trained patterns are fixed points with a basin from m0 = 0.5', () => {
    const spins: PLSpins = { kind: 'vector', dim: 3 };
    const xi = randomSpinPatterns(createRng(5), 20, 100, spins);
    const res = trainSpinPseudoLikelihood(xi, spins, cfg(300, 100));
    const map = spinRetrievalMap(res.couplings, xi, spins, [1, 0.5], createRng(6), { maxSteps: 200 });
    expect(map[0].meanOverlap).toBeGreaterThan(0.99);
    expect(map[0].converged).toBe(1);
    expect(map[1].meanOverlap).toBeGreaterThan(0.9);
    expect(map[1].success).toBe(1);
    // one step from the patterns moves no spin by more than 0.05
    const run = runSpinDynamics(res.couplings, 100, spins, xi.data, 1);
    let worst = 0;
    for (let k = 0; k < xi.data.length; k++) worst = Math.max(worst, Math.abs(run.states[k] - xi.data[k]));
    expect(worst).toBeLessThan(0.05);
  });
  it('scalar couplings J_ij·1_d (the projection rule) lose the patterns once P·d/N > ½', () => {
    // J = Π − diag Π, Π the projector on the span of the P·d component vectors: fixed points for any load, linearly
    // unstable beyond P·d/N = ½ (tangent modes outside the span get the factor −(Pd/N)/(1 − Pd/N))
    const spins: PLSpins = { kind: 'vector', dim: 3 };
    const n = 100;
    const outcome = (p: number) => {
      const xi = randomSpinPatterns(createRng(7), p, n, spins);
      const j = scalarProjectionBlocks(xi);
      // from m_IN = 0.99 (an exact fixed point started exactly stays put)
      return spinRetrievalMap(j, xi, spins, [0.99], createRng(8), { probe: 5, maxSteps: 300 })[0].meanOverlap;
    };
    expect(outcome(13)).toBeGreaterThan(0.99); // P·d/N = 0.39
    expect(outcome(20)).toBeLessThan(0.5); // P·d/N = 0.6
  });
  it('continuous spins, N = 100, α = 0.1: patterns are fixed points of s ← (λ/γ)u and m_IN = 0.5 is improved', () => {
    const spins: PLSpins = { kind: 'continuous', gamma: 1 };
    const xi = randomSpinPatterns(createRng(5), 10, 100, spins);
    const res = trainSpinPseudoLikelihood(xi, spins, cfg(300, 1));
    const map = spinRetrievalMap(res.couplings, xi, spins, [1, 0.5], createRng(6), { maxSteps: 200 });
    expect(map[0].meanOverlap).toBeGreaterThan(0.99);
    expect(map[1].meanOverlap).toBeGreaterThan(0.8);
  });
  it('saves and loads a vector model', () => {
    const spins: PLSpins = { kind: 'vector', dim: 3 };
    const xi = randomSpinPatterns(createRng(5), 3, 10, spins);
    const res = trainSpinPseudoLikelihood(xi, spins, cfg(5, 10));
    const text = JSON.stringify(
      saveSpinModel({
        n: 10,
        spins,
        couplings: res.couplings,
        symmetry: 'asymmetric',
        training: { epochs: 5 },
        patterns: xi,
      }),
    );
    const back = loadSpinModel(JSON.parse(text));
    expect(back.spins).toEqual(spins);
    expect(Array.from(back.couplings)).toEqual(Array.from(res.couplings));
    expect(Array.from(back.patterns?.data ?? [])).toEqual(Array.from(xi.data));
    expect(() => loadSpinModel({ ...JSON.parse(text), version: 9 })).toThrow(/version/);
  });
  it('reads a version-1 file (scalar couplings) as blocks J_ij·1_d', () => {
    const spins: PLSpins = { kind: 'vector', dim: 2 };
    const scalar = Float64Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 0 : k));
    const saved = saveSpinModel({ n: 3, spins, couplings: scalar, symmetry: 'asymmetric', training: {} });
    const back = loadSpinModel({ ...saved, version: 1 });
    expect(back.couplings.length).toBe(36);
    expect(back.couplings[(0 * 2 + 1) * 6 + 1 * 2 + 1]).toBe(1); // J_01 on component 1
    expect(back.couplings[(0 * 2 + 1) * 6 + 1 * 2 + 0]).toBe(0);
    expect(back.couplings[(2 * 2 + 0) * 6 + 1 * 2 + 0]).toBe(7);
  });
});

/** Scalar projection-rule couplings as blocks: J_ij·1_d with J = Π − diag Π, Π the projector on the P·d planar rows. */
function scalarProjectionBlocks(xi: SpinPatterns): Float64Array {
  const { p, n, d, data } = xi;
  const x = new Float64Array(p * d * n); // row (μ, a): component a of every site
  for (let mu = 0; mu < p; mu++)
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d; a++) x[(mu * d + a) * n + i] = data[(mu * n + i) * d + a];
  const j = pseudoInverseCouplings({ p: p * d, n, data: x }, 'zero');
  const m = n * d;
  const out = new Float64Array(m * m);
  for (let i = 0; i < n; i++)
    for (let q = 0; q < n; q++) for (let a = 0; a < d; a++) out[(i * d + a) * m + q * d + a] = j[i * n + q];
  return out;
}

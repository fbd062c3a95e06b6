import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agsCriticalLoad,
  agsFreeEnergy,
  agsRetrieval,
  agsRetrievalCurve,
  agsRetrievalLoads,
  agsSolve,
  agsSpinGlass,
  curieWeissMagnetization,
  glassTemperature,
  patternStabilityProbability,
  retrievalTemperature,
  signalToNoiseCapacity,
  signalToNoiseStability,
} from '../../src/core/theory/classical.js';
import { gaussianExpectation } from '../../src/core/theory/numerics.js';

/** Independent SciPy values: test/fixtures/theory/make.py. */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/theory/theory.json', import.meta.url), 'utf8'));

describe('AGS replica-symmetric theory (paper 004 section 4.3–4.4) — issue acceptance', () => {
  it('T = 0: α_c ∈ [0.1375, 0.1385] with m(α_c) ∈ [0.965, 0.970]; T_g(0.25) = 1.5', () => {
    const { alphaC, mAtAlphaC } = agsCriticalLoad(0);
    expect(alphaC).toBeGreaterThanOrEqual(0.1375);
    expect(alphaC).toBeLessThanOrEqual(0.1385);
    expect(mAtAlphaC).toBeGreaterThanOrEqual(0.965);
    expect(mAtAlphaC).toBeLessThanOrEqual(0.97);
    expect(alphaC).toBeCloseTo(fixture.ags.alphaC0.alphaC, 10);
    expect(mAtAlphaC).toBeCloseTo(fixture.ags.alphaC0.mAtAlphaC, 7);
    expect(glassTemperature(0.25)).toBe(1.5);
    expect(agsRetrieval(0.139, 0)).toBeNull();
  });

  it('T = 0 retrieval solutions match the erf equations solved independently', () => {
    for (const row of fixture.ags.zero) {
      const s = agsRetrieval(row.alpha, 0);
      expect(s).not.toBeNull();
      expect(s?.m).toBeCloseTo(row.m, 10);
      expect(s?.r).toBeCloseTo(row.r, 8);
      expect(s?.q).toBe(1);
    }
  });

  it('finite-T retrieval and spin-glass solutions match damped fixed-point iteration with quad (fixture)', () => {
    for (const row of fixture.ags.finite) {
      const s = agsRetrieval(row.alpha, row.temperature);
      expect(s?.m).toBeCloseTo(row.m, 8);
      expect(s?.q).toBeCloseTo(row.q, 8);
      expect(s?.r).toBeCloseTo(row.r, 6);
      expect(s?.freeEnergy).toBeCloseTo(row.f, 8);
    }
    for (const row of fixture.ags.glass) {
      const s = agsSpinGlass(row.alpha, row.temperature);
      expect(s.q).toBeCloseTo(row.q, 8);
      expect(s.r).toBeCloseTo(row.r, 6);
      expect(s.freeEnergy).toBeCloseTo(row.f, 8);
    }
  });

  it('the solution is a stationary point of the free energy f(m, q, r)', () => {
    const a = 0.1;
    const t = 0.3;
    const s = agsRetrieval(a, t);
    if (s === null) throw new Error('no retrieval solution');
    const h = 1e-5;
    const d = (f: (e: number) => number) => (f(h) - f(-h)) / (2 * h);
    expect(d((e) => agsFreeEnergy(a, t, s.m + e, s.q, s.r))).toBeCloseTo(0, 6);
    expect(d((e) => agsFreeEnergy(a, t, s.m, s.q + e, s.r))).toBeCloseTo(0, 6);
    expect(d((e) => agsFreeEnergy(a, t, s.m, s.q, s.r + e))).toBeCloseTo(0, 6);
    // and the three saddle-point equations hold directly.
    const beta = 1 / t;
    const sigma = Math.sqrt(a * s.r);
    const o = { breakpoints: [-s.m / sigma], scale: t / sigma };
    expect(gaussianExpectation((z) => Math.tanh(beta * (s.m + sigma * z)), o)).toBeCloseTo(s.m, 10);
    expect(gaussianExpectation((z) => Math.tanh(beta * (s.m + sigma * z)) ** 2, o)).toBeCloseTo(s.q, 10);
    expect(s.r).toBeCloseTo(s.q / (1 - beta * (1 - s.q)) ** 2, 10);
  });

  it('the T → 0 limit is continuous: T = 1e-3 agrees with the T = 0 equations', () => {
    for (const a of [0.05, 0.12]) {
      const s0 = agsRetrieval(a, 0);
      const s1 = agsRetrieval(a, 1e-3);
      expect(s1?.m).toBeCloseTo(s0?.m as number, 4);
      expect(s1?.r).toBeCloseTo(s0?.r as number, 2);
      expect(s1?.freeEnergy).toBeCloseTo(s0?.freeEnergy as number, 5);
    }
    // The spin-glass f has a linear entropy term −TS (S < 0 in RS), so compare at T = 1e-4.
    expect(agsSpinGlass(0.1, 1e-4).freeEnergy).toBeCloseTo(agsSpinGlass(0.1, 0).freeEnergy, 4);
  });

  it('retrieval is the global minimum below α ≈ 0.052 at T = 0 (AGS 1987: 0.051), metastable up to α_c', () => {
    const loads = agsRetrievalLoads(0);
    expect(loads.alphaGlobal).toBeGreaterThan(0.05);
    expect(loads.alphaGlobal).toBeLessThan(0.053);
    expect(agsSolve(0.03, 0).phase).toBe('retrieval');
    expect(agsSolve(0.1, 0).phase).toBe('metastable-retrieval');
    expect(agsSolve(0.2, 0).phase).toBe('spin-glass');
    expect(agsSolve(0.2, 0).m).toBe(0);
    expect(agsSolve(0.1, 2).phase).toBe('paramagnetic');
  });

  it('T_M(α) ≈ 1 − 1.95√α at small load (AGS) and no retrieval above T = 1', () => {
    const a = 0.002;
    expect(retrievalTemperature(a)).toBeCloseTo(1 - 1.95 * Math.sqrt(a), 2);
    expect(agsCriticalLoad(1).alphaC).toBe(0);
    expect(agsRetrieval(0.01, 1.01)).toBeNull();
  });

  it('m(α) along the branch decreases and ends at α_c', () => {
    const curve = agsRetrievalCurve(0, 12);
    expect(curve.length).toBe(12);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k].alpha).toBeGreaterThan(curve[k - 1].alpha);
      expect(curve[k].m).toBeLessThan(curve[k - 1].m);
    }
    expect(curve[11].alpha).toBeCloseTo(agsCriticalLoad(0).alphaC, 12);
  });
});

describe('Curie–Weiss and signal-to-noise (paper 004 sections 3.1, 4.2)', () => {
  it('m = tanh(βm): fixed point, m² ≈ 3(1 − T) near T = 1, m = 0 above, sign of the field', () => {
    for (const t of [0.2, 0.5, 0.9]) {
      const m = curieWeissMagnetization({ beta: 1 / t });
      expect(m).toBeGreaterThan(0);
      expect(Math.tanh(m / t)).toBeCloseTo(m, 12);
    }
    const m = curieWeissMagnetization({ beta: 1 / 0.999 });
    expect((m * m) / (3 * 0.001)).toBeCloseTo(1, 2);
    expect(curieWeissMagnetization({ beta: 1 / 1.2 })).toBe(0);
    expect(curieWeissMagnetization({ beta: Number.POSITIVE_INFINITY })).toBe(1);
    const mh = curieWeissMagnetization({ beta: 0.5, field: -0.3 });
    expect(mh).toBeLessThan(0);
    expect(Math.tanh(0.5 * (mh - 0.3))).toBeCloseTo(mh, 12);
  });

  it('stability Φ(1/√α), whole-pattern Φ^N, P_c = N/(2 ln N)', () => {
    expect(signalToNoiseStability(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(patternStabilityProbability(0.05, 100)).toBeCloseTo(signalToNoiseStability(0.05) ** 100, 12);
    expect(signalToNoiseCapacity(1000)).toBeCloseTo(1000 / (2 * Math.log(1000)), 12);
    expect(signalToNoiseCapacity(1000, 'all')).toBeCloseTo(1000 / (4 * Math.log(1000)), 12);
    // At α = 1/(2 ln N) the expected number of unstable spins N√(α/2π) e^{−1/(2α)} is ≪ N.
    const n = 1e6;
    const a = 1 / (2 * Math.log(n));
    expect(n * (1 - signalToNoiseStability(a))).toBeLessThan(1);
  });
});

describe('AGS at extreme (α, T) inside the domain: finite numbers, no NaN', () => {
  it('below T = 1e-7 the solvers use the T → 0 limit, which the finite-T solution approaches continuously', () => {
    const zero = agsSolve(0.1, 0);
    // Just above the switch the finite-T solution agrees with T = 0 to O(T).
    const above = agsSolve(0.1, 1e-6);
    expect(Math.abs(above.m - zero.m)).toBeLessThan(1e-8);
    expect(Math.abs((above.freeEnergyGlass - zero.freeEnergyGlass) / 1e-6)).toBeLessThan(1);
    // Far below it the finite-T equations lose their digits (1 − q ≈ CT); the answer must still be the T = 0 one.
    for (const t of [1e-12, 1e-300, Number.MIN_VALUE]) {
      const s = agsSolve(0.1, t);
      expect(s.temperature).toBe(t);
      expect(s.m).toBeCloseTo(zero.m, 12);
      expect(s.r).toBeCloseTo(zero.r, 10);
      expect(s.freeEnergyRetrieval).toBeCloseTo(zero.freeEnergyRetrieval as number, 12);
      expect(s.freeEnergyGlass).toBeCloseTo(zero.freeEnergyGlass, 12);
      expect(s.phase).toBe('metastable-retrieval');
      expect(agsCriticalLoad(t).alphaC).toBeCloseTo(agsCriticalLoad(0).alphaC, 12);
    }
    expect(agsRetrievalLoads(1e-300).alphaGlobal).toBeCloseTo(agsRetrievalLoads(0).alphaGlobal, 12);
  });

  it('T = 0 spin glass: E = −√(2α/π) − 1/π, the limit of Eq. 43, finite even for tiny α', () => {
    for (const a of [0.01, 0.1, 1, 10]) {
      const c = Math.sqrt(2 / Math.PI) / (Math.sqrt(a) + Math.sqrt(2 / Math.PI));
      const sg = agsSpinGlass(a, 0);
      expect(sg.r).toBeCloseTo(1 / (1 - c) ** 2, 10);
      expect(sg.freeEnergy).toBeCloseTo(agsFreeEnergy(a, 0, 0, 1, sg.r, c), 12);
    }
    // C rounds to 1 below α ≈ 1e-32; the retrieval state (E = −½) must still beat the glass (E → −1/π).
    const s = agsSolve(1e-40, 0);
    expect(s.freeEnergyGlass).toBeCloseTo(-1 / Math.PI, 12);
    expect(s.phase).toBe('retrieval');
  });

  it('a finite-T spin glass whose 1 − q is below double precision gives a clear error', () => {
    expect(() => agsSpinGlass(1e300, 0.5)).toThrow(/1 − q is below double precision at alpha = 1e\+300/);
  });
});

describe('classical theory: domain errors', () => {
  it('rejects α ≤ 0 and T < 0 with a clear error', () => {
    expect(() => agsCriticalLoad(-0.1)).toThrow(/temperature must be a finite number ≥ 0 \(got -0.1\)/);
    expect(() => agsRetrieval(0, 0)).toThrow(/alpha must be a finite number > 0 \(got 0\)/);
    expect(() => agsSolve(-1, 0.5)).toThrow(RangeError);
    expect(() => agsSpinGlass(0.1, Number.NaN)).toThrow(RangeError);
    expect(() => retrievalTemperature(0)).toThrow(RangeError);
    expect(() => glassTemperature(-1)).toThrow(RangeError);
    expect(() => curieWeissMagnetization({ beta: -1 })).toThrow(RangeError);
    expect(() => signalToNoiseStability(0)).toThrow(RangeError);
    expect(() => signalToNoiseCapacity(1)).toThrow(RangeError);
  });
});

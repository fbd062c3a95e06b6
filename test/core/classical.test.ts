import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { glauberSweep, metropolisSweep, runDynamics, SpinState } from '../../src/core/dynamics/classical.js';
import {
  energy,
  hebbCouplings,
  isFixedPoint,
  loadClassical,
  localFields,
  networkFromCouplings,
  patternFields,
  pseudoInverseCouplings,
  saveClassical,
  storkeyCouplings,
  trainClassical,
} from '../../src/core/models/classical.js';
import { corruptByFraction, patternRow, patternSet, rademacher } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import { type CapacityConfig, capacityExperiment } from '../../src/experiments/classical/run.js';

const fx = JSON.parse(readFileSync(new URL('../fixtures/classical/couplings.json', import.meta.url), 'utf8'));

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(tol);
}

describe('couplings against the NumPy fixture (test/fixtures/classical/make_fixtures.py)', () => {
  const xi = patternSet(fx.p, fx.n, Float64Array.from(fx.patterns));
  it('Hebb J = (1/N) Σ ξξᵀ with zero diagonal (paper 004 Eq. 10)', () => {
    expectClose(hebbCouplings(xi), fx.hebb, 1e-12);
  });
  it('Storkey rule', () => {
    expectClose(storkeyCouplings(xi), fx.storkey, 1e-12);
  });
  it('pseudo-inverse rule, with and without the diagonal', () => {
    expectClose(pseudoInverseCouplings(xi, 'zero'), fx.pinv, 1e-9);
    expectClose(pseudoInverseCouplings(xi, 'keep'), fx.pinvWithDiagonal, 1e-9);
  });
  it('energy H = −½σᵀJσ − hᵀσ and local fields (paper 004 Eq. 11)', () => {
    const net = trainClassical(xi, { kind: 'hebb' }, Float64Array.from(fx.field));
    for (let s = 0; s < 4; s++) {
      const sigma = Float64Array.from(fx.states.slice(s * fx.n, (s + 1) * fx.n));
      expect(energy(net, sigma)).toBeCloseTo(fx.hebbEnergies[s], 10);
      expectClose(localFields(net, sigma), fx.hebbFields[s], 1e-12);
      expect(new SpinState(net, sigma).energy()).toBeCloseTo(fx.hebbEnergies[s], 10);
    }
  });
});

describe('zero-temperature dynamics', () => {
  it('never increases the energy under sequential dynamics with symmetric J (with a field)', () => {
    const r = createRng(100);
    for (const rule of [{ kind: 'hebb' }, { kind: 'storkey' }] as const) {
      const xi = rademacher(r, 30, 150);
      const h = Float64Array.from({ length: 150 }, () => 0.2 * r.normal());
      const net = trainClassical(xi, rule, h);
      const start = Float64Array.from({ length: 150 }, () => r.sign());
      const res = runDynamics(net, start, { kind: 'sequential' }, r, { maxSweeps: 50, traceEnergy: true });
      expect(res.converged).toBe(true);
      for (let t = 1; t < res.energyTrace.length; t++) {
        expect(res.energyTrace[t]).toBeLessThanOrEqual(res.energyTrace[t - 1] + 1e-9);
      }
      expect(res.energyTrace[res.energyTrace.length - 1]).toBeCloseTo(energy(net, res.state), 8);
      expect(isFixedPoint(net, res.state)).toBe(true);
    }
  });

  it('keeps stored patterns as fixed points at low load (α = 0.02, N = 500)', () => {
    const r = createRng(101);
    const xi = rademacher(r, 10, 500);
    const net = trainClassical(xi, { kind: 'hebb' });
    for (let mu = 0; mu < 10; mu++) {
      const target = patternRow(xi, mu);
      expect(isFixedPoint(net, target)).toBe(true);
      for (const kind of ['sequential', 'parallel'] as const) {
        const res = runDynamics(net, target, { kind }, r, { maxSweeps: 5 });
        expect(res.sweeps).toBe(1);
        expect(Array.from(res.state)).toEqual(Array.from(target));
      }
    }
  });

  it('retrieves a corrupted pattern with the overlap trace rising to 1', () => {
    const r = createRng(102);
    const xi = rademacher(r, 20, 400);
    const net = trainClassical(xi, { kind: 'hebb' });
    const target = patternRow(xi, 3);
    const start = corruptByFraction(r, target, 0.25);
    const res = runDynamics(net, start, { kind: 'sequential' }, r, { maxSweeps: 20, target });
    expect(res.overlapTrace[0]).toBeCloseTo(0.5, 10);
    expect(res.overlapTrace[res.overlapTrace.length - 1]).toBe(1);
  });

  it('batched pattern fields equal the per-pattern local fields, and runs given them match runs without', () => {
    const r = createRng(103);
    const xi = rademacher(r, 30, 150);
    const h = Float64Array.from({ length: 150 }, (_, i) => 0.05 * Math.sin(i));
    const net = networkFromCouplings(150, hebbCouplings(xi), h);
    const fields = patternFields(net, xi);
    for (let mu = 0; mu < xi.p; mu++) {
      const row = fields.subarray(mu * 150, (mu + 1) * 150);
      expectClose(row, localFields(net, patternRow(xi, mu)), 1e-12);
      expect(isFixedPoint(net, patternRow(xi, mu), row)).toBe(isFixedPoint(net, patternRow(xi, mu)));
    }
    const start = corruptByFraction(r, patternRow(xi, 4), 0.3);
    const given = runDynamics(net, start, { kind: 'metropolis', temperature: 0.3 }, createRng(9), {
      maxSweeps: 5,
      initialFields: localFields(net, start),
    });
    const computed = runDynamics(net, start, { kind: 'metropolis', temperature: 0.3 }, createRng(9), {
      maxSweeps: 5,
    });
    expect(given.state).toEqual(computed.state);
    expect(() =>
      runDynamics(net, start, { kind: 'sequential' }, r, {
        maxSweeps: 1,
        initialFields: new Float64Array(3),
      }),
    ).toThrow(/initial fields must have length N = 150 \(got 3\)/);
  });

  it('detects 2-cycles of parallel dynamics', () => {
    // two neurons coupled antiferromagnetically: (+,+) → (−,−) → (+,+)
    const net = networkFromCouplings(2, Float64Array.from([0, -1, -1, 0]));
    const res = runDynamics(net, [1, 1], { kind: 'parallel' }, createRng(1), { maxSweeps: 10 });
    expect(res.cycle2).toBe(true);
    expect(res.converged).toBe(false);
    expect(res.sweeps).toBe(2);
  });

  it('collapses between α = 0.10 and 0.20 for the Hebb rule (AGS α_c ≈ 0.138)', () => {
    const rows = capacityExperiment(
      { rule: 'hebb', n: 400, alpha: [0.1, 0.2], trials: 2, dynamics: 'sequential', maxSweeps: 100 },
      createRng(7),
    );
    expect(rows[0].meanOverlap).toBeGreaterThan(0.97);
    expect(rows[1].meanOverlap).toBeLessThan(0.8);
  });

  it('gives bit-identical results for the same seed', () => {
    const cfg: CapacityConfig = {
      rule: 'hebb',
      n: 120,
      alpha: [0.1, 0.15],
      trials: 2,
      dynamics: 'sequential',
      maxSweeps: 100,
    };
    expect(capacityExperiment(cfg, createRng(5))).toEqual(capacityExperiment(cfg, createRng(5)));
  });
});

describe('finite-temperature dynamics sample the Boltzmann distribution', () => {
  // A 4-spin network with a field: exact probabilities by enumeration of the 16 states.
  const n = 4;
  const r0 = createRng(55);
  const j = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const v = 0.6 * r0.normal();
      j[a * n + b] = v;
      j[b * n + a] = v;
    }
  }
  const h = Float64Array.from({ length: n }, () => 0.3 * r0.normal());
  const net = networkFromCouplings(n, j, h);
  const beta = 1 / 0.8;
  const exact = new Float64Array(16);
  let z = 0;
  for (let s = 0; s < 16; s++) {
    const sigma = Array.from({ length: n }, (_, i) => ((s >> i) & 1 ? 1 : -1));
    exact[s] = Math.exp(-beta * energy(net, sigma));
    z += exact[s];
  }
  for (let s = 0; s < 16; s++) exact[s] /= z;

  for (const [name, sweep] of [
    ['Glauber', glauberSweep],
    ['Metropolis', metropolisSweep],
  ] as const) {
    it(`${name} (paper 004 Eq. 14, Appendix B)`, () => {
      const r = createRng(name === 'Glauber' ? 1 : 2);
      const st = new SpinState(net, [1, 1, 1, 1]);
      const counts = new Float64Array(16);
      const samples = 40000;
      for (let t = 0; t < 200; t++) sweep(st, r, beta);
      for (let t = 0; t < samples; t++) {
        sweep(st, r, beta);
        let s = 0;
        for (let i = 0; i < n; i++) if (st.sigma[i] > 0) s |= 1 << i;
        counts[s]++;
      }
      let tv = 0;
      for (let s = 0; s < 16; s++) tv += Math.abs(counts[s] / samples - exact[s]);
      expect(tv / 2).toBeLessThan(0.02); // total-variation distance
    });
  }

  it('is paramagnetic above T = 1 at low load (m ≈ 0) and retrieves below', () => {
    const r = createRng(9);
    const xi = rademacher(r, 20, 400);
    const net = trainClassical(xi, { kind: 'hebb' });
    const target = patternRow(xi, 0);
    const hot = runDynamics(net, target, { kind: 'metropolis', temperature: 1.5 }, r, {
      maxSweeps: 60,
      target,
    });
    const cold = runDynamics(net, target, { kind: 'glauber', temperature: 0.2 }, r, {
      maxSweeps: 20,
      target,
    });
    expect(Math.abs(hot.overlapTrace[hot.overlapTrace.length - 1])).toBeLessThan(0.2);
    expect(cold.overlapTrace[cold.overlapTrace.length - 1]).toBeGreaterThan(0.95);
  });
});

describe('rules at their limits', () => {
  it('Storkey keeps patterns stable where Hebb fails (α = 0.25, N = 200)', () => {
    const r = createRng(31);
    const xi = rademacher(r, 50, 200);
    const st = trainClassical(xi, { kind: 'storkey' });
    const hb = trainClassical(xi, { kind: 'hebb' });
    let fixedS = 0;
    let fixedH = 0;
    for (let mu = 0; mu < 50; mu++) {
      if (isFixedPoint(st, patternRow(xi, mu))) fixedS++;
      if (isFixedPoint(hb, patternRow(xi, mu))) fixedH++;
    }
    expect(fixedS).toBeGreaterThan(45);
    expect(fixedH).toBeLessThan(10);
  });

  it('pseudo-inverse makes every pattern a fixed point at α = 0.5 and refuses P ≥ N', () => {
    const r = createRng(32);
    const xi = rademacher(r, 100, 200);
    const net = trainClassical(xi, { kind: 'pinv' });
    for (let mu = 0; mu < 100; mu++) expect(isFixedPoint(net, patternRow(xi, mu))).toBe(true);
    expect(() => trainClassical(rademacher(r, 30, 20), { kind: 'pinv' })).toThrow(/linearly independent/);
  });
});

describe('model files', () => {
  it('round-trip through versioned JSON exactly, with patterns and labels', () => {
    const r = createRng(40);
    const xi = rademacher(r, 3, 16);
    const net = trainClassical(
      xi,
      { kind: 'storkey' },
      Float64Array.from({ length: 16 }, () => r.normal()),
    );
    const json = JSON.parse(JSON.stringify(saveClassical(net, { patterns: xi, labels: ['a', 'b', 'c'] })));
    const back = loadClassical(json);
    expect(Array.from(back.network.couplings)).toEqual(Array.from(net.couplings));
    expect(Array.from(back.network.field ?? [])).toEqual(Array.from(net.field ?? []));
    expect(back.network.rule).toEqual({ kind: 'storkey' });
    expect(Array.from(back.patterns?.data ?? [])).toEqual(Array.from(xi.data));
    expect(back.labels).toEqual(['a', 'b', 'c']);
  });

  it('rejects wrong versions, wrong types and corrupt payloads with clear messages', () => {
    const net = trainClassical(rademacher(createRng(1), 2, 8), { kind: 'hebb' });
    const good = saveClassical(net);
    expect(() => loadClassical({ ...good, version: 99 })).toThrow(/version must be one of 1 .*got 99/);
    expect(() => loadClassical({ ...good, type: 'other' })).toThrow(/type must be "hopfield.classical"/);
    expect(() => loadClassical({ ...good, couplings: 'AAAA' })).toThrow(/multiple of 8|must hold 64/);
    expect(() => loadClassical({ ...good, couplings: '***' })).toThrow(/not valid base64/);
    expect(() => loadClassical([1, 2])).toThrow(/JSON object/);
  });
});

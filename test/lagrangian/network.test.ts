import { describe, expect, it } from 'vitest';
import { neuralStep, runNeuralDynamics } from '../../src/core/dynamics/lagrangian.js';
import {
  customLagrangian,
  expLagrangian,
  type LagrangianSpec,
  logCoshLagrangian,
  logSumExpLagrangian,
  quadraticLagrangian,
  repuLagrangian,
} from '../../src/core/lagrangians/index.js';
import { backend } from '../../src/core/linalg/index.js';
import { denseEnergy, denseUpdate } from '../../src/core/models/dense.js';
import {
  classicalLagrangianNetwork,
  createLagrangianNetwork,
  denseLagrangianNetwork,
  energyRate,
  hebbianTanhNetwork,
  isHyperbolic,
  jacobianEigenvalues,
  type LagrangianCoupling,
  loadLagrangianNetwork,
  neuralJacobian,
  neuralVelocity,
  oneStepUpdate,
  orthogonalMemories,
  quasiEquilibriumEnergy,
  saveLagrangianNetwork,
  type VisibleLagrangianSpec,
} from '../../src/core/models/lagrangian.js';
import { gaussianPatterns, type PatternSet, patternSet, rademacher } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import { symmetricEigenvalues } from '../../src/core/theory/lagrangian.js';

function scaled(xi: PatternSet, f: number): PatternSet {
  return patternSet(
    xi.p,
    xi.n,
    Float64Array.from(xi.data, (x) => x * f),
  );
}

function noisyStart(seed: number, target: Float64Array, sigma: number): Float64Array {
  const r = createRng(seed);
  return Float64Array.from(target, (x) => x + sigma * r.normal());
}

const softplus = customLagrangian({
  name: 'softplus',
  value: (x) => x.reduce((s, v) => s + Math.log1p(Math.exp(v)), 0),
  grad: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
    return out;
  },
});

describe('neural dynamics descend the quasi-equilibrium energy (paper 002 Eq. 6–8)', () => {
  const nv = 40;
  const k = 6;
  // Unit-norm memories keep every combination below bounded.
  const mem = scaled(rademacher(createRng(11), k, nv), 1 / Math.sqrt(nv));
  const start = noisyStart(12, mem.data.subarray(0, nv), 0.1);
  const hidden: [string, LagrangianSpec | ReturnType<typeof customLagrangian>][] = [
    ['quadratic', { kind: 'quadratic', scale: 0.5 }],
    ['logcosh', { kind: 'logcosh', beta: 3 }],
    ['lse', { kind: 'lse', beta: 10 }],
    ['relu', { kind: 'repu', degree: 2 }],
    ['repu3', { kind: 'repu', degree: 3 }],
    ['exp', { kind: 'exp', beta: 0.5 }],
    ['custom softplus', softplus],
  ];
  const visible: [string, VisibleLagrangianSpec | ReturnType<typeof customLagrangian>][] = [
    ['quadratic', { kind: 'quadratic', scale: 1 }],
    ['logcosh', { kind: 'logcosh', beta: 1 }],
    ['lse', { kind: 'lse', beta: 2 }],
    ['relu', { kind: 'repu', degree: 2 }],
    ['repu3', { kind: 'repu', degree: 3 }],
    ['exp', { kind: 'exp', beta: 0.5 }],
    ['custom softplus', softplus],
    ['memory-dependent', { kind: 'memoryQuadratic', scale: 2 }],
  ];
  const couplings: LagrangianCoupling[] = [{ kind: 'memory' }, { kind: 'identity' }];
  const biasR = createRng(13);
  const inputBias = Float64Array.from({ length: nv }, () => 0.05 * biasR.normal());

  const check = (net: ReturnType<typeof createLagrangianNetwork>) => {
    const trace = runNeuralDynamics(net, start, { dt: 0.05, steps: 300 });
    const e = trace.energies;
    let worst = Number.NEGATIVE_INFINITY;
    for (let t = 1; t < e.length; t++) worst = Math.max(worst, (e[t] - e[t - 1]) / (1 + Math.abs(e[t - 1])));
    expect(Number.isFinite(e[e.length - 1])).toBe(true);
    expect(worst).toBeLessThanOrEqual(1e-13);
    // The energy actually moves (the test could fail): the trajectory is not stuck at the start.
    expect(e[0] - e[e.length - 1]).toBeGreaterThan(1e-8);
  };

  for (const coupling of couplings) {
    for (const [name, lh] of hidden) {
      it(`J = ${coupling.kind === 'memory' ? 'Ξ' : '1'}, L_v = ½‖v‖², L_h = ${name}`, () => {
        const hb = createRng(14);
        const nh = coupling.kind === 'memory' ? k : nv;
        const hiddenBias = Float64Array.from({ length: nh }, () => 0.05 * hb.normal());
        // With L_v = ½‖v‖² the exponential hidden layer has no fixed point (v = e^{βv} for J = 1 runs away), so that
        // case uses L_v = (0.2/2)‖v‖² (v = e^{0.1 v} has one).
        const visible = quadraticLagrangian(name === 'exp' ? 0.2 : 1);
        check(
          createLagrangianNetwork({ memories: mem, coupling, visible, hidden: lh, inputBias, hiddenBias }),
        );
      });
    }
    for (const [name, lv] of visible) {
      it(`J = ${coupling.kind === 'memory' ? 'Ξ' : '1'}, L_v = ${name}, L_h = log cosh`, () => {
        check(
          createLagrangianNetwork({
            memories: mem,
            coupling,
            visible: lv,
            hidden: { kind: 'logcosh', beta: 2 },
            inputBias,
          }),
        );
      });
    }
  }

  it('the energy rate equals −ψᵀ H_v ψ / τ_v (Eq. 6) and vanishes at a fixed point', () => {
    for (const [lv, lh] of [
      [logCoshLagrangian(1), logSumExpLagrangian(5)],
      [logSumExpLagrangian(2), logCoshLagrangian(2)],
      [expLagrangian(0.5), repuLagrangian(3)],
    ] as const) {
      const net = createLagrangianNetwork({ memories: mem, visible: lv, hidden: lh, inputBias });
      const v = start;
      const dt = 1e-6;
      const next = neuralStep(net, v, dt);
      const fd = (quasiEquilibriumEnergy(net, next) - quasiEquilibriumEnergy(net, v)) / dt;
      const rate = energyRate(net, v);
      expect(rate).toBeLessThan(0);
      expect(Math.abs(fd - rate)).toBeLessThan(1e-4 * Math.abs(rate));
    }
    const net = denseLagrangianNetwork(mem, 20);
    const trace = runNeuralDynamics(net, start, { dt: 0.5, steps: 5000, tolerance: 1e-13 });
    expect(trace.converged).toBe(true);
    expect(Math.abs(energyRate(net, trace.state))).toBeLessThan(1e-20);
  });
});

describe('special cases of the framework', () => {
  it('L_v = (β̃/2)‖Ξv‖², L_h = Σ log cosh, J = 1 reproduces the Hebbian tanh dynamics with J = ΞᵀΞ/N_h (Eq. 21)', () => {
    const n = 30;
    const k = 5;
    const beta = 1.7;
    const xi = rademacher(createRng(21), k, n);
    const b = Float64Array.from({ length: n }, (_, i) => 0.1 * Math.sin(i));
    const net = hebbianTanhNetwork(xi, beta, b);
    // Explicit J_ij = (1/K) Σ_μ ξ_i^μ ξ_j^μ, written out independently of the model.
    const jm = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let m = 0; m < k; m++) s += xi.data[m * n + i] * xi.data[m * n + j];
        jm[i * n + j] = s / k;
      }
    let v = noisyStart(22, xi.data.subarray(0, n), 0.8);
    let w = Float64Array.from(v);
    const dt = 0.1;
    for (let step = 0; step < 200; step++) {
      v = neuralStep(net, v, dt);
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let h = 0;
        for (let j = 0; j < n; j++) h += jm[i * n + j] * w[j];
        next[i] = w[i] + dt * (-w[i] + Math.tanh(beta * h + b[i]));
      }
      w = next;
    }
    for (let i = 0; i < n; i++) expect(Math.abs(v[i] - w[i])).toBeLessThan(1e-12);
    // And it retrieves the memory it started near.
    let o = 0;
    for (let i = 0; i < n; i++) o += Math.sign(v[i]) * xi.data[i];
    expect(o / n).toBe(1);
  });

  it('L_h = log-sum-exp with J = Ξ and dt = τ reproduces the dense-memory update and energy (paper 001 Eq. 1–2)', () => {
    const n = 64;
    const p = 20;
    const lambda = 0.3;
    const xi = rademacher(createRng(31), p, n);
    const net = denseLagrangianNetwork(xi, lambda);
    const v = noisyStart(32, xi.data.subarray(0, n), 0.7);
    const ours = oneStepUpdate(net, v);
    const theirs = denseUpdate(xi, v, lambda);
    const kernel = new Float64Array(n);
    backend().attentionStep(p, n, Float32Array.from(xi.data), v, lambda, kernel);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(ours[i] - theirs[i])).toBeLessThan(1e-12);
      expect(Math.abs(ours[i] - kernel[i])).toBeLessThan(1e-12);
    }
    expect(quasiEquilibriumEnergy(net, v)).toBeCloseTo(denseEnergy(xi, v, lambda), 10);
    // The Euler step with dt = 1 is the same update.
    const euler = neuralStep(net, v, 1);
    for (let i = 0; i < n; i++) expect(euler[i]).toBeCloseTo(ours[i], 13);
  });

  it('quadratic L_v and L_h with J = Ξ give the linear classical dynamics τ v̇ = (ΞᵀΞ − 1)v (Eq. 26)', () => {
    const xi = gaussianPatterns(createRng(41), 4, 12);
    const net = classicalLagrangianNetwork(xi);
    const v = noisyStart(42, new Float64Array(12), 1);
    const psi = neuralVelocity(net, v);
    for (let i = 0; i < 12; i++) {
      let s = -v[i];
      for (let j = 0; j < 12; j++) {
        let g = 0;
        for (let m = 0; m < 4; m++) g += xi.data[m * 12 + i] * xi.data[m * 12 + j];
        s += g * v[j];
      }
      expect(psi[i]).toBeCloseTo(s, 12);
    }
  });
});

describe('linear analysis (paper 002 Eq. 28–30, Appendix A)', () => {
  const nv = 10;
  const xi = scaled(gaussianPatterns(createRng(51), 4, nv), 0.5);

  it('the Jacobian −1 + Ξᵀ H_h Ξ H_v matches finite differences of ψ', () => {
    for (const [lv, lh] of [
      [logCoshLagrangian(1), logCoshLagrangian(1)],
      [logSumExpLagrangian(3), expLagrangian(0.5)],
      [quadraticLagrangian(), logSumExpLagrangian(4)],
    ] as const) {
      const net = createLagrangianNetwork({
        memories: xi,
        visible: lv,
        hidden: lh,
        hiddenBias: [0.1, -0.2, 0.3, 0],
      });
      const v = noisyStart(52, new Float64Array(nv), 0.8);
      const jac = neuralJacobian(net, v);
      const eps = 1e-6;
      for (let j = 0; j < nv; j++) {
        const vp = Float64Array.from(v);
        const vm = Float64Array.from(v);
        vp[j] += eps;
        vm[j] -= eps;
        const pp = neuralVelocity(net, vp);
        const pm = neuralVelocity(net, vm);
        for (let i = 0; i < nv; i++)
          expect(Math.abs((pp[i] - pm[i]) / (2 * eps) - jac[i * nv + j])).toBeLessThan(1e-7);
      }
    }
  });

  it('at v* = 0 with tanh activations and zero biases the Jacobian is −1 + ΞᵀΞ (Eq. 29)', () => {
    const net = createLagrangianNetwork({
      memories: xi,
      visible: logCoshLagrangian(),
      hidden: logCoshLagrangian(),
    });
    const zero = new Float64Array(nv);
    for (const x of neuralVelocity(net, zero)) expect(x).toBe(0);
    const jac = neuralJacobian(net, zero);
    const gram = new Float64Array(nv * nv);
    for (let i = 0; i < nv; i++)
      for (let j = 0; j < nv; j++) {
        let s = 0;
        for (let m = 0; m < 4; m++) s += xi.data[m * nv + i] * xi.data[m * nv + j];
        gram[i * nv + j] = s;
        expect(jac[i * nv + j]).toBeCloseTo(s - (i === j ? 1 : 0), 13);
      }
    const ev = jacobianEigenvalues(net, zero);
    const expected = symmetricEigenvalues(nv, gram);
    ev.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] - 1, 10);
    });
    // 6 zero modes of ΞᵀΞ (N_h = 4 < N_v = 10) give Jacobian eigenvalue −1: still hyperbolic.
    expect(ev.filter((x) => Math.abs(x + 1) < 1e-10).length).toBe(6);
    expect(isHyperbolic(ev)).toBe(true);
  });

  it('Jacobian eigenvalues are real and match the traces of J and J² away from the fixed point', () => {
    for (const lv of [logCoshLagrangian(1.3), logSumExpLagrangian(2)]) {
      const net = createLagrangianNetwork({ memories: xi, visible: lv, hidden: logSumExpLagrangian(3) });
      const v = noisyStart(53, new Float64Array(nv), 1);
      const jac = neuralJacobian(net, v);
      const ev = jacobianEigenvalues(net, v);
      let tr = 0;
      let tr2 = 0;
      for (let i = 0; i < nv; i++) {
        tr += jac[i * nv + i];
        for (let j = 0; j < nv; j++) tr2 += jac[i * nv + j] * jac[j * nv + i];
      }
      expect(ev.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 10);
      expect(ev.reduce((s, x) => s + x * x, 0)).toBeCloseTo(tr2, 10);
    }
  });

  it('an eigenvalue of ΞᵀΞ equal to 1 makes the zero fixed point non-hyperbolic', () => {
    const mem = orthogonalMemories(createRng(54), 3, nv, 1); // ΞᵀΞ has eigenvalue 1 (×3) and 0 (×7)
    const net = createLagrangianNetwork({
      memories: mem,
      visible: logCoshLagrangian(),
      hidden: logCoshLagrangian(),
    });
    const ev = jacobianEigenvalues(net, new Float64Array(nv));
    expect(ev.filter((x) => Math.abs(x) < 1e-10).length).toBe(3);
    expect(isHyperbolic(ev)).toBe(false);
  });
});

describe('construction, validation and serialization', () => {
  const xi = gaussianPatterns(createRng(61), 3, 8);

  it('save/load round trip keeps the dynamics; unknown versions and types are rejected', () => {
    const net = createLagrangianNetwork({
      memories: xi,
      visible: { kind: 'logcosh', beta: 2 },
      hidden: { kind: 'lse', beta: 3 },
      inputBias: Float64Array.from({ length: 8 }, (_, i) => i / 10),
      hiddenBias: [1, 2, 3],
    });
    const json = JSON.parse(JSON.stringify(saveLagrangianNetwork(net)));
    const back = loadLagrangianNetwork(json);
    const v = noisyStart(62, new Float64Array(8), 1);
    expect(Array.from(neuralVelocity(back, v))).toEqual(Array.from(neuralVelocity(net, v)));
    expect(() => loadLagrangianNetwork({ ...json, version: 2 })).toThrow(/version/);
    expect(() => loadLagrangianNetwork({ ...json, type: 'classical' })).toThrow(/type/);
    expect(() =>
      saveLagrangianNetwork(createLagrangianNetwork({ memories: xi, visible: softplus, hidden: softplus })),
    ).toThrow(/built-in/);
    const hebb = hebbianTanhNetwork(xi, 2);
    const hb = loadLagrangianNetwork(JSON.parse(JSON.stringify(saveLagrangianNetwork(hebb))));
    expect(Array.from(neuralVelocity(hb, v))).toEqual(Array.from(neuralVelocity(hebb, v)));
  });

  it('reject bad shapes and values with errors naming the parameter', () => {
    const q = quadraticLagrangian();
    expect(() => createLagrangianNetwork({ memories: xi, visible: q, hidden: q, nh: 4 })).toThrow(
      /nh must equal/,
    );
    expect(() => createLagrangianNetwork({ memories: xi, visible: q, hidden: q, inputBias: [1, 2] })).toThrow(
      /inputBias must have length 8/,
    );
    expect(() =>
      createLagrangianNetwork({ memories: xi, visible: q, hidden: q, coupling: { kind: 'identity' }, nh: 0 }),
    ).toThrow(/nh must be an integer ≥ 1/);
    const bad = patternSet(1, 2, Float64Array.from([1, Number.NaN]));
    expect(() => createLagrangianNetwork({ memories: bad, visible: q, hidden: q })).toThrow(/finite/);
    const net = createLagrangianNetwork({ memories: xi, visible: q, hidden: q });
    expect(() => neuralVelocity(net, new Float64Array(3))).toThrow(/v must have length N_v = 8/);
    expect(() => runNeuralDynamics(net, new Float64Array(8), { dt: 0, steps: 1 })).toThrow(/dt/);
    expect(() => runNeuralDynamics(net, new Float64Array(8), { dt: 0.1, steps: -1 })).toThrow(/steps/);
    expect(() => orthogonalMemories(createRng(1), 9, 8)).toThrow(/k must be an integer in \[1, 8\]/);
    expect(() => hebbianTanhNetwork(xi, 0)).toThrow(/beta/);
  });

  it('orthogonal memories are orthogonal with ‖ξ‖² = N (paper 002 Eq. 42)', () => {
    const m = orthogonalMemories(createRng(63), 4, 50);
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) {
        let s = 0;
        for (let i = 0; i < 50; i++) s += m.data[a * 50 + i] * m.data[b * 50 + i];
        expect(s).toBeCloseTo(a === b ? 50 : 0, 10);
      }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  customLagrangian,
  expLagrangian,
  type Lagrangian,
  lagrangianFromSpec,
  legendreEnergy,
  logCoshLagrangian,
  logSumExpLagrangian,
  numericalConjugate,
  quadraticLagrangian,
  reluLagrangian,
  repuLagrangian,
} from '../../src/core/lagrangians/index.js';
import { memoryQuadraticLagrangian } from '../../src/core/models/lagrangian.js';
import { gaussianPatterns } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/lagrangian/fixtures.json'), 'utf8'),
) as {
  x: number[];
  lagrangians: { name: string; value: number; grad: number[]; legendre: number }[];
};

/** softplus: L = Σ log(1 + e^x), g = sigmoid(x) — a user-defined Lagrangian with a finite-difference Hessian. */
const softplus = customLagrangian({
  name: 'softplus',
  value: (x) => x.reduce((s, v) => s + Math.log1p(Math.exp(v)), 0),
  grad: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
    return out;
  },
  // L*(g) = Σ g log g + (1 − g) log(1 − g) on [0, 1].
  conjugate: (g) => g.reduce((s, v) => s + v * Math.log(v) + (1 - v) * Math.log(1 - v), 0),
});

const memQuad = memoryQuadraticLagrangian(gaussianPatterns(createRng(5), 3, 5), 0.8);

const all: [string, Lagrangian][] = [
  ['quadratic', quadraticLagrangian(2)],
  ['logcosh', logCoshLagrangian(1.5)],
  ['lse', logSumExpLagrangian(2)],
  ['relu', reluLagrangian()],
  ['repu3', repuLagrangian(3)],
  ['exp', expLagrangian(0.7)],
  ['custom softplus', softplus],
  ['memory-dependent (β̃/2)‖Ξv‖²', memQuad],
];

function randomPoint(seed: number, n: number): Float64Array {
  const r = createRng(seed);
  // Keep away from the ReLU kink at 0 (the gradient is not differentiable there).
  return Float64Array.from({ length: n }, () => {
    const v = r.normal();
    return Math.abs(v) < 0.05 ? v + 0.2 : v;
  });
}

describe('Lagrangians: gradient = activation (finite differences), Hessian, Legendre identity', () => {
  for (const [label, l] of all) {
    it(`${label}: ∇L matches central differences of L and ∇²L matches differences of ∇L`, () => {
      for (const seed of [1, 2, 3]) {
        const x = randomPoint(seed, 5);
        const g = l.grad(x);
        const h = l.hessian(x);
        const eps = 1e-6;
        for (let i = 0; i < 5; i++) {
          const xp = Float64Array.from(x);
          const xm = Float64Array.from(x);
          xp[i] += eps;
          xm[i] -= eps;
          const fd = (l.value(xp) - l.value(xm)) / (2 * eps);
          expect(Math.abs(fd - g[i])).toBeLessThan(1e-6 * (1 + Math.abs(g[i])));
          const gp = l.grad(xp);
          const gm = l.grad(xm);
          for (let j = 0; j < 5; j++) {
            const fdh = (gp[j] - gm[j]) / (2 * eps);
            expect(Math.abs(fdh - h[j * 5 + i])).toBeLessThan(2e-5 * (1 + Math.abs(fdh)));
          }
        }
        // Convexity: the Hessian is positive semi-definite (vᵀHv ≥ 0 on random directions).
        const r = createRng(seed + 10);
        for (let k = 0; k < 5; k++) {
          const d = Float64Array.from({ length: 5 }, () => r.normal());
          let q = 0;
          for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) q += d[i] * h[i * 5 + j] * d[j];
          expect(q).toBeGreaterThanOrEqual(-1e-12);
        }
      }
    });

    it(`${label}: Legendre energy x·∇L − L equals the conjugate L*(∇L(x)) (numerical maximization)`, () => {
      const x = randomPoint(4, 5);
      const e = legendreEnergy(l, x);
      const g = l.grad(x);
      const numerical = numericalConjugate(l, g, new Float64Array(5));
      expect(Math.abs(numerical - e)).toBeLessThan(1e-7 * (1 + Math.abs(e)));
      if (l.conjugate) expect(Math.abs(l.conjugate(g) - e)).toBeLessThan(1e-10 * (1 + Math.abs(e)));
    });
  }

  it('match the independent NumPy fixture (value, gradient, Legendre energy)', () => {
    const x = Float64Array.from(fixtures.x);
    for (const f of fixtures.lagrangians) {
      const [kind, p] = f.name.split(':');
      const param = Number(p);
      const l = lagrangianFromSpec(
        kind === 'quadratic'
          ? { kind, scale: param }
          : kind === 'repu'
            ? { kind, degree: param }
            : { kind: kind as 'logcosh' | 'lse' | 'exp', beta: param },
      );
      expect(l.value(x)).toBeCloseTo(f.value, 12);
      const g = l.grad(x);
      f.grad.forEach((v, i) => {
        expect(g[i]).toBeCloseTo(v, 12);
      });
      expect(legendreEnergy(l, x)).toBeCloseTo(f.legendre, 12);
    }
  });

  it('log-sum-exp is stable for large arguments and its activation is the softmax', () => {
    const l = logSumExpLagrangian(10);
    const x = Float64Array.from([1000, 999, -5]);
    expect(l.value(x)).toBeCloseTo(1000 + Math.log(1 + Math.exp(-10)) / 10, 10);
    const g = l.grad(x);
    expect(g[0] + g[1] + g[2]).toBeCloseTo(1, 14);
    expect(g[1] / g[0]).toBeCloseTo(Math.exp(-10), 12);
  });

  it('conjugates are +∞ outside their domain', () => {
    expect(logCoshLagrangian(1).conjugate?.(Float64Array.from([1.5]))).toBe(Number.POSITIVE_INFINITY);
    expect(logSumExpLagrangian(1).conjugate?.(Float64Array.from([0.5, 0.2]))).toBe(Number.POSITIVE_INFINITY);
    expect(expLagrangian(1).conjugate?.(Float64Array.from([-0.1]))).toBe(Number.POSITIVE_INFINITY);
  });

  it('reject bad parameters with RangeError naming the parameter', () => {
    expect(() => logCoshLagrangian(0)).toThrow(/beta must be a finite number > 0 \(got 0\)/);
    expect(() => logSumExpLagrangian(Number.NaN)).toThrow(RangeError);
    expect(() => quadraticLagrangian(-1)).toThrow(/scale/);
    expect(() => repuLagrangian(1.5)).toThrow(/degree must be a finite number ≥ 2 \(got 1.5\)/);
    expect(() => expLagrangian(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => memoryQuadraticLagrangian(gaussianPatterns(createRng(1), 2, 3), 0)).toThrow(/scale/);
    expect(() => customLagrangian({ name: '', value: () => 0, grad: (_x, o) => o })).toThrow(TypeError);
  });
});

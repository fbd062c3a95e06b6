/**
 * Hebbian local fields through the patterns (issue 15): for N ≥ 512 and 2P ≤ N, localFields and patternFields
 * of a Hebbian network compute φ = (Ξᵀ(Ξσ) − Pσ)/N from bit-packed overlaps instead of the N×N product. The
 * result is the exact field rounded once, so it must equal the integer formula exactly, and the N×N product to
 * its rounding (|Δ| ≤ 2·N·u·max|φ-term| ≈ 1e-12 here). Couplings changed in place fall back to the product.
 */
import { describe, expect, it } from 'vitest';
import { localFields, patternFields, trainClassical } from '../../src/core/models/classical.js';
import { rademacher, randomSpins } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';

/** The exact field (Σ_μ ξ_i^μ m_μ − [zero diagonal] P σ_i)/N with integer overlaps m_μ = ξ^μ·σ. */
function exactFields(
  x: Float64Array,
  p: number,
  n: number,
  s: ArrayLike<number>,
  zeroDiag: boolean,
): Float64Array {
  const m = new Float64Array(p);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) m[mu] += x[mu * n + i] * s[i];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let mu = 0; mu < p; mu++) t += x[mu * n + i] * m[mu];
    out[i] = (t - (zeroDiag ? p * s[i] : 0)) / n;
  }
  return out;
}

/** Σ_k J_ik σ_k summed directly over the couplings (the N×N route). */
function productFields(j: Float64Array, n: number, s: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let k = 0; k < n; k++) t += j[i * n + k] * s[k];
    out[i] = t;
  }
  return out;
}

describe('Hebbian fields through the patterns', () => {
  const n = 600;
  const p = 40;
  for (const diagonal of ['zero', 'keep'] as const) {
    it(`localFields and patternFields are the exact fields (diagonal ${diagonal})`, () => {
      const rng = createRng(diagonal === 'zero' ? 1 : 2);
      const xi = rademacher(rng, p, n);
      const net = trainClassical(xi, { kind: 'hebb', diagonal });
      const s = randomSpins(rng, n);
      const got = localFields(net, s);
      expect(Array.from(got)).toEqual(Array.from(exactFields(xi.data, p, n, s, diagonal === 'zero')));
      const direct = productFields(net.couplings, n, s);
      for (let i = 0; i < n; i++) expect(Math.abs(got[i] - direct[i])).toBeLessThanOrEqual(1e-12);
      const batch = patternFields(net, xi);
      for (let mu = 0; mu < p; mu++) {
        const want = exactFields(xi.data, p, n, xi.data.subarray(mu * n, (mu + 1) * n), diagonal === 'zero');
        expect(Array.from(batch.subarray(mu * n, (mu + 1) * n))).toEqual(Array.from(want));
      }
    });
  }

  it('a field that is exactly zero stays zero (sgn 0 keeps the neuron)', () => {
    // two patterns that agree on half of the sites: σ = ξ¹ gives fields (m₁ξ¹ + m₂ξ² − 2σ)/N with exact zeros
    const rng = createRng(3);
    const xi = rademacher(rng, 2, n);
    for (let i = 0; i < n; i++) xi.data[n + i] = i % 2 === 0 ? xi.data[i] : -xi.data[i];
    const net = trainClassical(xi, { kind: 'hebb' });
    const phi = localFields(net, xi.data.subarray(0, n));
    const exact = exactFields(xi.data, 2, n, xi.data.subarray(0, n), true);
    expect(Array.from(phi)).toEqual(Array.from(exact));
  });

  it('couplings modified in place fall back to the N×N product', () => {
    const rng = createRng(4);
    const xi = rademacher(rng, p, n);
    const net = trainClassical(xi, { kind: 'hebb' });
    for (let k = 0; k < n * n; k++) net.couplings[k] *= 0.5 + (k % 3) * 0.25;
    const s = randomSpins(rng, n);
    const got = localFields(net, s);
    const want = productFields(net.couplings, n, s);
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-12);
  });
});

/**
 * The Metropolis acceptance test without Math.exp (core/numerics/metropolis): the same decision as
 * `u < Math.exp(x)` for every pair, checked on draws spread over the whole range, at exact ties and one or a few
 * ulp either side (where the cheap approximation must hand over to Math.exp), and outside the tabulated range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metropolisAccept } from '../../src/core/numerics/metropolis.js';
import { createRng } from '../../src/core/rng/index.js';

/** The float next to v in the direction of `dir` (±1). */
function nextFloat(v: number, dir: number): number {
  const b = new Float64Array([v]);
  const i = new BigInt64Array(b.buffer);
  i[0] += BigInt(v > 0 ? dir : -dir);
  return b[0];
}

describe('metropolisAccept', () => {
  it('decides as u < Math.exp(x) at ties and at 1–4 ulp from them, over x ∈ [−750, 10]', () => {
    const rng = createRng(17);
    let cheap = 0;
    let wrong = 0;
    for (let k = 0; k < 200_000; k++) {
      const x = k < 1000 ? -k * 0.75 : -750 * rng.uniform() ** 3 + (k % 97 === 0 ? 10 * rng.uniform() : 0);
      const e = Math.exp(x);
      const us = [e, rng.uniform(), e * (1 - 2 ** -31), e * (1 + 2 ** -31)];
      let u = e;
      for (let s = 0; s < 4; s++) us.push((u = nextFloat(u, 1)));
      u = e;
      for (let s = 0; s < 4; s++) us.push((u = nextFloat(u, -1)));
      for (const v of us) {
        if (metropolisAccept(v, x) !== v < e) wrong++;
        if (Math.abs(v - e) > 2 ** -29 * e) cheap++;
      }
    }
    expect(wrong).toBe(0);
    expect(cheap).toBeGreaterThan(200_000); // most pairs were decided without Math.exp
  });

  it('agrees with Math.exp on arbitrary doubles (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -800, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        (x, u) => metropolisAccept(u, x) === u < Math.exp(x),
      ),
      { seed: 5, numRuns: 20_000 },
    );
  });
});

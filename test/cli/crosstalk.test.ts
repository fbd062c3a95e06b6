/** The crosstalk experiment against the signal-to-noise law of paper 004 section 4.2. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { crosstalk } from '../../src/experiments/classical/crosstalk.js';

describe('crosstalk (Hebb stabilities, paper 004 section 4.2)', () => {
  it('mean stability ≈ 1, variance ≈ α, unstable share ≈ 1 − Φ(1/√α) within binomial error', async () => {
    const out = await crosstalk.run(
      {
        n: 500,
        alpha: [0.1, 0.2, 0.3],
        trials: 2,
        maxMemory: 4,
        patterns: undefined,
        size: undefined,
        threshold: 0.5,
      },
      createRng(7),
      {},
    );
    for (const r of out.rows) {
      expect(Math.abs(r.meanStability - 1)).toBeLessThan(0.02);
      expect(Math.abs(r.varianceStability / r.alpha - 1)).toBeLessThan(0.08);
      const spins = r.p * 500 * 2;
      const sigma = Math.sqrt((r.unstableTheory * (1 - r.unstableTheory)) / spins);
      // spins of one pattern are correlated through the shared crosstalk: allow 5 binomial sigmas
      expect(Math.abs(r.unstableFraction - r.unstableTheory)).toBeLessThan(5 * sigma + 1e-3);
    }
  });
});

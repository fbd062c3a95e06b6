import type { PottsModel } from '../../src/core/models/potts.js';
import type { Rng } from '../../src/core/rng/index.js';

/** A symmetric Potts model with zero fields and couplings J_ij(a, b) = J_ji(b, a) ~ N(0, scale²) (i < j drawn in order). */
export function plantedSymmetricPotts(rng: Rng, n: number, q: number, scale: number): PottsModel {
  const couplings = new Float64Array(n * n * q * q);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const v = scale * rng.normal();
          couplings[((i * n + j) * q + a) * q + b] = v;
          couplings[((j * n + i) * q + b) * q + a] = v;
        }
  return { n, q, fields: new Float64Array(n * q), couplings, symmetry: 'symmetric' };
}

/**
 * Bounds of the pseudo-likelihood training settings and data sizes (paper 000 Appendix C), shared by the library's
 * surfaces: the command line, sweeps and the playground refuse the same values with the same words.
 */
import type { Bounds } from '../validate.js';

/** Number of spins N of random-pattern and random-feature data. */
export const PL_SPINS: Bounds = { integer: true, min: 2, max: 5000 };
/** Full-batch gradient epochs. */
export const PL_EPOCHS: Bounds = { integer: true, min: 1, max: 100_000 };
/** Learning rate η₀ of the mean loss. */
export const PL_LEARNING_RATE: Bounds = { min: 0, minExclusive: true, max: 1e6 };
/** Learning-rate decay per epoch, η_t = η₀·decay^t. */
export const PL_DECAY: Bounds = { min: 0, minExclusive: true, max: 1 };
/** L2 regularization γ (adds γ/2·‖J‖²). */
export const PL_L2: Bounds = { min: 0, max: 1e6 };

/** Bytes of training on P examples of N spins: the examples, two P×N work arrays, J and two N×N buffers. */
export function plTrainingBytes(p: number, n: number): number {
  return 8 * (4 * p * n + 4 * n * n + Math.min(p, 2 * n) ** 2);
}

/**
 * hopfield — the public API. The foundations every model shares (seeded random numbers, pattern sets, compute
 * kernels, bounds, model files, optimizers) sit at the top level; each family of models is a namespace of its own,
 * so that a name says which model it belongs to: `classical.energy`, `dense.patternCount`, `potts.contactScores`.
 *
 *   import { createRng, rademacher, classical } from 'hopfield';
 *   const net = classical.trainClassical(rademacher(createRng(1), 20, 400), { kind: 'hebb' });
 */

export * as audio from './api/audio.js';
export * as classical from './api/classical.js';
export * as dense from './api/dense.js';
export * as experiments from './api/experiments.js';
export * as files from './api/files.js';
export * as lagrangian from './api/lagrangian.js';
export * as pl from './api/pl.js';
export * as potts from './api/potts.js';
export * from './core/linalg/index.js';
export { enableRelaxedSimd } from './core/linalg/relaxedSimdFlag.js';
export * from './core/numerics/polyfit.js';
export * from './core/optimize/lbfgs.js';
export * from './core/patterns.js';
export * from './core/rng/index.js';
export * from './core/serialize.js';
export * from './core/validate.js';

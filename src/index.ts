/**
 * hopfield — a laboratory for associative memories. The public API: one export line per module.
 */
export * from './core/dynamics/classical.js';
export * from './core/linalg/index.js';
export * from './core/models/classical.js';
export * from './core/patterns.js';
export * from './core/rng/index.js';
export * from './core/serialize.js';
export * from './experiments/classical.js';
export * from './experiments/types.js';

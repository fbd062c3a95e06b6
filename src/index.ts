/**
 * hopfield — a laboratory for associative memories. The public API: one export line per module.
 */
export * from './core/dynamics/classical.js';
export * from './core/dynamics/dense.js';
export * from './core/dynamics/generating.js';
export * from './core/dynamics/pseudolikelihood.js';
export * from './core/lagrangians/index.js';
export * from './core/linalg/index.js';
export * from './core/models/classical.js';
export * from './core/models/dense.js';
export * from './core/models/denseBinary.js';
export * from './core/models/generating.js';
export * from './core/models/perceptron.js';
export * from './core/models/potts.js';
export * from './core/models/pseudolikelihood.js';
export * from './core/patterns.js';
export * from './core/rng/index.js';
export * from './core/serialize.js';
export * from './core/theory/classical.js';
export * from './core/theory/dense.js';
export * from './core/theory/generating.js';
export * from './core/theory/pseudolikelihood.js';
export * from './data/audioFeatures.js';
export * from './data/audioFiles.js';
export * from './data/mnist.js';
export * from './data/mnistFiles.js';
export * from './data/msa.js';
export * from './data/randomFeatures.js';
export * from './data/spinGlass.js';
export * from './data/wav.js';
export * from './experiments/audio.js';
export * from './experiments/classical.js';
export * from './experiments/dense.js';
export * from './experiments/lagrangian.js';
export * from './experiments/protein.js';
export * from './experiments/pseudolikelihood.js';
export * from './experiments/types.js';

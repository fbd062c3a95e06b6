/** Pseudo-likelihood memories (paper 000): training, retrieval, stability theory, random-feature, MNIST and spin-glass data. */
export * from '../core/dynamics/pseudolikelihood.js';
export * from '../core/models/perceptron.js';
export * from '../core/models/pseudolikelihood.js';
export * from '../core/theory/pseudolikelihood.js';
export * from '../data/mnist.js';
export * from '../data/randomFeatures.js';
export * from '../data/spinGlass.js';
export * from '../experiments/pl/run.js';

/** Generating-function (Lagrangian) networks (paper 002): Lagrangians, networks, neural and synaptic dynamics, theory. */
export * from '../core/dynamics/lagrangian.js';
export * from '../core/lagrangians/index.js';
export * from '../core/models/lagrangian.js';
export * from '../core/theory/lagrangian.js';
export * from '../experiments/lagrangian/run.js';

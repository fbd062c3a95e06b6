/** The classical network with binary neurons (paper 004): couplings, dynamics, AGS theory, experiments. */
export * from '../core/dynamics/classical.js';
export * from '../core/models/classical.js';
export * from '../core/theory/classical.js';
export * from '../experiments/classical/run.js';

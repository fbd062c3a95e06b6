/** Potts models of protein families (paper 000 section IV.D): alignments, training, contacts, sampling, retrieval. */
export * from '../core/dynamics/potts.js';
export * from '../core/models/potts.js';
export * from '../core/models/pottsAutoregressive.js';
export * from '../core/models/pottsBoltzmann.js';
export * from '../core/models/pottsContacts.js';
export * from '../data/msa.js';
export * from '../experiments/potts/checkGenerative.js';
export * from '../experiments/potts/fig6.js';
export * from '../experiments/potts/generative.js';
export * from '../experiments/potts/run.js';

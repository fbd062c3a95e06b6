/** Sweeps: grids of experiment cells on a local thread pool or a Redis queue, with a crash-proof journal. */
export * from './cells.js';
export * from './estimate.js';
export * from './figure.js';
export * from './journal.js';
export * from './live.js';
export * from './pool.js';
export * from './redis.js';
export * from './refine.js';
export * from './run.js';
export * from './runCell.js';
export * from './spec.js';
export * from './status.js';

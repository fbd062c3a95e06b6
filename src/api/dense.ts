/** Dense associative memories (papers 001, 003): log-sum-exp energy, softmax update, REM theory, experiments. */
export * from '../core/dynamics/dense.js';
export * from '../core/models/dense.js';
export * from '../core/models/denseBinary.js';
export * from '../core/theory/dense.js';
export * from '../experiments/dense/run.js';

/** The experiment registry: every experiment as a declaration (parameters, run, figure), and the spec builders. */
export * from '../experiments/params.js';
export * from '../experiments/plots.js';
export { experiments as registry, findExperiment, groups } from '../experiments/registry/index.js';
export type { AnyExperiment, Experiment, RunOutput } from '../experiments/registry/types.js';
export { defineExperiment } from '../experiments/registry/types.js';
export * from '../experiments/types.js';

/**
 * The experiment registry: every experiment of the project, in the order the command line lists them. A family
 * adds one file under registry/ and one line here.
 */
import { audioExperiments } from './audio.js';
import { classicalExperiments } from './classical.js';
import { crosstalk } from './crosstalk.js';
import { denseExperiments } from './dense.js';
import { lagrangianExperiments } from './lagrangian.js';
import { plExperiments } from './pl.js';
import { pottsExperiments } from './potts.js';
import { theoryExperiments } from './theory.js';
import type { AnyExperiment } from './types.js';

export const experiments: readonly AnyExperiment[] = [
  ...classicalExperiments,
  crosstalk,
  ...denseExperiments,
  ...lagrangianExperiments,
  ...plExperiments,
  ...pottsExperiments,
  ...theoryExperiments,
  ...audioExperiments,
];

export { groups } from './families.js';

/** The experiment with this id (or alias), or undefined. */
export function findExperiment(id: string): AnyExperiment | undefined {
  return experiments.find((e) => e.id === id || e.aliases?.includes(id));
}

export type { AnyExperiment, Experiment, RunOutput } from './types.js';

/**
 * The experiment registry: every experiment of the project, in the order the command line lists them. A family
 * adds one file under registry/ and one line here.
 */
import { audioExperiments } from '../audio/entries.js';
import { crosstalk } from '../classical/crosstalk.js';
import { classicalExperiments } from '../classical/entries.js';
import { denseExperiments } from '../dense/entries.js';
import { lagrangianExperiments } from '../lagrangian/entries.js';
import { plCompare } from '../pl/compare.js';
import { plExperiments } from '../pl/entries.js';
import { pottsExperiments } from '../potts/entries.js';
import { theoryExperiments } from '../theory/entries.js';
import type { AnyExperiment } from './types.js';

export const experiments: readonly AnyExperiment[] = [
  ...classicalExperiments,
  crosstalk,
  ...denseExperiments,
  ...lagrangianExperiments,
  ...plExperiments,
  plCompare,
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

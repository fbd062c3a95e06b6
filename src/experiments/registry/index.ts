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

/** One line per command group (the first part of the ids that have two). */
export const groups: Readonly<Record<string, string>> = {
  dense: 'dense associative memories with exponential capacity (log-sum-exp energy, softmax update)',
  lagrangian: 'generating-function (Lagrangian) networks and synaptic learning dynamics (paper 002)',
  pl: 'pseudo-likelihood associative memories (paper 000): train, retrieval maps, basins, features, MNIST, spin glass',
  potts:
    'Potts models of protein families by pseudo-likelihood: train, contacts, sampling, checks, retrieval',
  audio: 'audio retrieval of spoken numbers: recordings stored as bit patterns (paper 004 section 5)',
  theory: 'theory calculators: AGS replica theory, dense-memory thresholds, stability distributions',
};

/** The experiment with this id (or alias), or undefined. */
export function findExperiment(id: string): AnyExperiment | undefined {
  return experiments.find((e) => e.id === id || e.aliases?.includes(id));
}

export type { AnyExperiment, Experiment, RunOutput } from './types.js';

/**
 * Every command of `hopfield`: the experiments of the registry, generated, and the tools (report, info, list).
 */
import type { Command } from 'commander';
import { type AnyExperiment, experiments } from '../../experiments/registry/index.js';
import { installNodePottsRunner } from '../../node/potts.js';
import { installNodeGenerativeRunner } from '../../node/pottsAutoregressive.js';
import { registerExperiments } from '../generate.js';
import { registerInfo } from './info.js';
import { registerList } from './list.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerSweep } from './sweep.js';

/** Register every command; `only` (the entries an argument list names) replaces the whole registry's commands. */
export function registerCommands(program: Command, only?: readonly AnyExperiment[]): void {
  installNodePottsRunner();
  installNodeGenerativeRunner();
  registerExperiments(program, only ?? experiments);
  registerReport(program);
  registerServe(program);
  registerInfo(program);
  registerList(program);
  registerSweep(program);
}

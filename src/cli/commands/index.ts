/**
 * Every command of `hopfield`. Each family registers itself here with one line.
 */
import type { Command } from 'commander';
import { registerAudio } from './audio.js';
import { registerClassical } from './classical.js';
import { registerDense } from './dense.js';
import { registerInfo } from './info.js';
import { registerLagrangian } from './lagrangian.js';
import { registerModel } from './model.js';
import { registerPseudoLikelihood } from './pl.js';
import { registerReport } from './report.js';
import { registerTheory } from './theory.js';

export function registerCommands(program: Command): void {
  registerClassical(program);
  registerDense(program);
  registerLagrangian(program);
  registerModel(program);
  registerPseudoLikelihood(program);
  registerAudio(program);
  registerTheory(program);
  registerReport(program);
  registerInfo(program);
}

/**
 * Every command of `hopfield`. Each family registers itself here with one line.
 */
import type { Command } from 'commander';
import { registerClassical } from './classical.js';
import { registerModel } from './model.js';
import { registerReport } from './report.js';

export function registerCommands(program: Command): void {
  registerClassical(program);
  registerModel(program);
  registerReport(program);
}

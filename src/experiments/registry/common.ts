/**
 * Parameter specs shared by several families: network size, loads, the classical coupling rules and dynamics.
 * Bounds come from the model modules (core/models/classical.ts) so that the library and every surface agree.
 */
import type { ClassicalDynamics } from '../../core/dynamics/classical.js';
import { type CouplingRule, LOAD, NEURONS, SWEEPS, TEMPERATURE } from '../../core/models/classical.js';
import { choice, int, num, numList } from '../params.js';

/** `--n`: number of neurons N. */
export const neurons = (def: number, quick?: number) =>
  int({ help: 'number of neurons N', bounds: NEURONS, default: def, quick });

/** `--alpha` as one load α = P/N. */
export const load = (def: number, quick?: number) =>
  num({ help: 'load α = P/N', bounds: LOAD, default: def, quick });

/** `--alpha` as a list or range of loads. */
export const loads = (def: readonly number[], quick?: readonly number[]) =>
  numList({
    help: 'loads α = P/N: list "0.05,0.1" or range "0.05:0.25:0.05"',
    bounds: LOAD,
    default: def,
    quick,
  });

/** The coupling rules by their command-line names. */
export const RULE_NAMES = ['hebb', 'storkey', 'pinv'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** `--rule hebb|storkey|pinv`. */
export const rule = (def: RuleName = 'hebb') =>
  choice(RULE_NAMES, { help: 'coupling rule (Hebb, Storkey, pseudo-inverse)', default: def });

/** `--rule` name to a coupling rule (zero diagonal). */
export function ruleFromName(name: RuleName): CouplingRule {
  switch (name) {
    case 'hebb':
      return { kind: 'hebb', diagonal: 'zero' };
    case 'storkey':
      return { kind: 'storkey' };
    case 'pinv':
      return { kind: 'pinv', diagonal: 'zero' };
  }
}

export const ZERO_T_DYNAMICS = ['sequential', 'parallel'] as const;
export const MONTE_CARLO_DYNAMICS = ['metropolis', 'glauber'] as const;
export const ALL_DYNAMICS = [...ZERO_T_DYNAMICS, ...MONTE_CARLO_DYNAMICS] as const;
export type DynamicsName = (typeof ALL_DYNAMICS)[number];

/** `--dynamics sequential|parallel` (zero temperature). */
export const zeroTemperatureDynamics = () =>
  choice(ZERO_T_DYNAMICS, { help: 'zero-temperature dynamics', default: 'sequential' });

/** `--temperature T`. */
export const temperature = (def: number) =>
  num({ help: 'temperature T of the Monte Carlo dynamics', bounds: TEMPERATURE, default: def });

/** `--max-sweeps`: limit of a run that stops at a fixed point. */
export const maxSweeps = (def = 100) =>
  int({ help: 'sweep limit per run (stops earlier at a fixed point)', bounds: SWEEPS, default: def });

/** `--sweeps`: length of a Monte Carlo run. */
export const sweeps = (def: number, quick?: number) =>
  int({ help: 'Monte Carlo sweeps (N random-site updates each)', bounds: SWEEPS, default: def, quick });

/** `--flip`: fraction of spins flipped in the start configuration. */
export const flip = (def = 0.2) =>
  num({
    help: 'fraction of spins flipped in the start configuration',
    bounds: { min: 0, max: 1 },
    default: def,
  });

/** A dynamics name and temperature to a dynamics config (temperature only for glauber/metropolis). */
export function dynamicsFromName(kind: DynamicsName, temperature: number): ClassicalDynamics {
  switch (kind) {
    case 'sequential':
      return { kind: 'sequential' };
    case 'parallel':
      return { kind: 'parallel' };
    case 'glauber':
    case 'metropolis':
      return { kind, temperature };
  }
}

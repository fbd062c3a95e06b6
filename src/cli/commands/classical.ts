/**
 * Commands for the classical network: capacity, retrieval-map, phase-diagram (paper 004).
 */
import type { Command } from 'commander';
import type { ClassicalDynamics } from '../../core/dynamics/classical.js';
import type { CouplingRule } from '../../core/models/classical.js';
import {
  capacityExperiment,
  phaseDiagramExperiment,
  retrievalMapExperiment,
} from '../../experiments/classical.js';
import { capacityPlot, phaseDiagramPlot, retrievalMapPlot } from '../../report/classical.js';
import { defineCommand, type RawOptions } from '../command.js';
import { parseChoice, parseInteger, parseNumber, parseNumberList } from '../parse.js';

export const RULE_NAMES = ['hebb', 'storkey', 'pinv'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** `--rule hebb|storkey|pinv` to a coupling rule. */
export function ruleFromName(name: RuleName): CouplingRule {
  switch (name) {
    case 'hebb':
      return { kind: 'hebb', diagonal: 'zero' };
    case 'storkey':
      return { kind: 'storkey' };
    case 'pinv':
      return { kind: 'pseudoinverse', diagonal: 'zero' };
  }
}

export const ZERO_T_DYNAMICS = ['sequential', 'parallel'] as const;
export const ALL_DYNAMICS = ['sequential', 'parallel', 'glauber', 'metropolis'] as const;

/** `--dynamics` and `--temperature` to a dynamics config (temperature only for glauber/metropolis). */
export function dynamicsFromOptions(
  kind: (typeof ALL_DYNAMICS)[number],
  temperature: number,
): ClassicalDynamics {
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

const opt = (o: RawOptions, k: string) => o[k] as string;

export function registerClassical(program: Command): void {
  defineCommand(program, {
    name: 'capacity',
    description:
      'storage capacity at zero temperature: P = round(αN) random patterns, dynamics started at each stored pattern',
    examples: [
      'hopfield capacity --rule hebb --n 400 --alpha 0.05:0.25:0.025 --trials 3 --seed 1 --plot cap.svg',
    ],
    configure: (c) =>
      c
        .option('--rule <rule>', `coupling rule: ${RULE_NAMES.join('|')}`, 'hebb')
        .option('--n <int>', 'number of neurons N', '400')
        .option(
          '--alpha <list>',
          'loads α = P/N: list "0.05,0.1" or range "0.05:0.25:0.05"',
          '0.05:0.25:0.025',
        )
        .option('--trials <int>', 'independent pattern sets per α', '3')
        .option('--dynamics <kind>', `zero-temperature dynamics: ${ZERO_T_DYNAMICS.join('|')}`, 'sequential')
        .option('--max-sweeps <int>', 'sweep limit per run', '100'),
    run: (o, ctx) => {
      const ruleName = parseChoice('--rule', opt(o, 'rule'), RULE_NAMES);
      const n = parseInteger('--n', opt(o, 'n'), { min: 1, max: 20000 });
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1 });
      const dyn = parseChoice('--dynamics', opt(o, 'dynamics'), ZERO_T_DYNAMICS);
      const maxSweeps = parseInteger('--max-sweeps', opt(o, 'maxSweeps'), { min: 1 });
      const params = { rule: ruleName, n, alpha: alphas, trials, dynamics: dyn, maxSweeps };
      const bar = ctx.progress('capacity');
      const rows = capacityExperiment(
        { rule: ruleFromName(ruleName), n, alphas, trials, dynamics: dynamicsFromOptions(dyn, 0), maxSweeps },
        ctx.rng,
        { onProgress: bar.update },
      );
      return { params, rows, plot: capacityPlot(rows, ruleName, n, ctx.seed) };
    },
  });

  defineCommand(program, {
    name: 'retrieval-map',
    description: 'retrieval map: final overlap against the initial overlap m0 with a stored pattern',
    examples: ['hopfield retrieval-map --rule hebb --n 400 --alpha 0.1 --m0 0:1:0.05 --trials 3 --seed 1'],
    configure: (c) =>
      c
        .option('--rule <rule>', `coupling rule: ${RULE_NAMES.join('|')}`, 'hebb')
        .option('--n <int>', 'number of neurons N', '400')
        .option('--alpha <number>', 'load α = P/N', '0.1')
        .option('--m0 <list>', 'initial overlaps in [-1, 1]: list or range', '0:1:0.05')
        .option('--trials <int>', 'independent pattern sets', '3')
        .option('--dynamics <kind>', `zero-temperature dynamics: ${ZERO_T_DYNAMICS.join('|')}`, 'sequential')
        .option('--max-sweeps <int>', 'sweep limit per run', '100'),
    run: (o, ctx) => {
      const ruleName = parseChoice('--rule', opt(o, 'rule'), RULE_NAMES);
      const n = parseInteger('--n', opt(o, 'n'), { min: 1, max: 20000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10 });
      const m0s = parseNumberList('--m0', opt(o, 'm0'), { min: -1, max: 1 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1 });
      const dyn = parseChoice('--dynamics', opt(o, 'dynamics'), ZERO_T_DYNAMICS);
      const maxSweeps = parseInteger('--max-sweeps', opt(o, 'maxSweeps'), { min: 1 });
      const params = { rule: ruleName, n, alpha, m0: m0s, trials, dynamics: dyn, maxSweeps };
      const bar = ctx.progress('retrieval-map');
      const rows = retrievalMapExperiment(
        {
          rule: ruleFromName(ruleName),
          n,
          alpha,
          m0s,
          trials,
          dynamics: dynamicsFromOptions(dyn, 0),
          maxSweeps,
        },
        ctx.rng,
        { onProgress: bar.update },
      );
      return { params, rows, plot: retrievalMapPlot(rows, ruleName, n, alpha, ctx.seed) };
    },
  });

  defineCommand(program, {
    name: 'phase-diagram',
    description:
      'empirical (α, T) phase diagram: Monte Carlo from a corrupted stored pattern, final |m| per load and temperature',
    examples: [
      'hopfield phase-diagram --n 400 --alpha 0.02:0.2:0.02 --temperature 0.1:1.5:0.1 --flip 0.2 --dynamics metropolis --sweeps 50 --trials 3 --seed 1 --plot pd.svg',
    ],
    configure: (c) =>
      c
        .option('--rule <rule>', `coupling rule: ${RULE_NAMES.join('|')}`, 'hebb')
        .option('--n <int>', 'number of neurons N', '400')
        .option('--alpha <list>', 'loads α = P/N: list or range', '0.02:0.2:0.02')
        .option('--temperature <list>', 'temperatures T ≥ 0: list or range', '0.1:1.5:0.1')
        .option('--flip <r>', 'fraction of spins flipped in the start configuration, in [0, 1]', '0.2')
        .option('--dynamics <kind>', 'metropolis|glauber', 'metropolis')
        .option('--sweeps <int>', 'Monte Carlo sweeps (N random-site updates each)', '50')
        .option('--trials <int>', 'independent pattern sets per α', '3'),
    run: (o, ctx) => {
      const ruleName = parseChoice('--rule', opt(o, 'rule'), RULE_NAMES);
      const n = parseInteger('--n', opt(o, 'n'), { min: 1, max: 20000 });
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10 });
      const temperatures = parseNumberList('--temperature', opt(o, 'temperature'), { min: 0 });
      const flip = parseNumber('--flip', opt(o, 'flip'), { min: 0, max: 1 });
      const dynamics = parseChoice('--dynamics', opt(o, 'dynamics'), ['metropolis', 'glauber'] as const);
      const sweeps = parseInteger('--sweeps', opt(o, 'sweeps'), { min: 1 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1 });
      const params = {
        rule: ruleName,
        n,
        alpha: alphas,
        temperature: temperatures,
        flip,
        dynamics,
        sweeps,
        trials,
      };
      const bar = ctx.progress('phase-diagram');
      const rows = phaseDiagramExperiment(
        { rule: ruleFromName(ruleName), n, alphas, temperatures, flip, dynamics, sweeps, trials },
        ctx.rng,
        { onProgress: bar.update },
      );
      return { params, rows, plot: phaseDiagramPlot(rows, { n, flip, dynamics, seed: ctx.seed }) };
    },
  });
}

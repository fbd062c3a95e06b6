/** The classical panel's parameters (no DOM here: test/web/firstDemo.test.ts runs the first demo on them in Node). */
import { choice, int, seed } from '../../../src/experiments/params.js';
import {
  ALL_DYNAMICS,
  flip,
  RULE_NAMES,
  rule,
  temperature,
} from '../../../src/experiments/registry/common.js';
import { PL_EPOCHS } from '../compute/classical.js';

export const CLASSICAL_SPECS = {
  source: choice(['letters', 'digits', 'random', 'drawn'] as const, {
    help: 'patterns: letters, digits, random ±1, or drawn on the grid',
    default: 'letters',
  }),
  p: int({ help: 'number of stored patterns P', bounds: { min: 1, max: 1000 }, default: 4 }),
  side: int({ help: 'grid side L (N = L² neurons)', bounds: { min: 4, max: 64 }, default: 32 }),
  rule: choice([...RULE_NAMES, 'pl'] as const, {
    help: `${rule().help}, or pseudo-likelihood (${PL_EPOCHS} epochs of training)`,
    // The first demo must succeed: the letters are strongly correlated (mostly background), so Hebb and Storkey
    // recall a mixture for every seed while the pseudo-inverse rule retrieves each letter (test/web/firstDemo.test.ts).
    default: 'pinv',
  }),
  dynamics: choice(ALL_DYNAMICS, { help: 'update rule', default: 'sequential' }),
  temperature: temperature(0.2),
  noise: flip(0.25),
  target: int({ help: 'pattern to corrupt (1-based)', bounds: { min: 1, max: 1000 }, default: 1 }),
  sweeps: int({ help: 'sweep limit of a run', bounds: { min: 1, max: 100000 }, default: 60 }),
  perFrame: int({ help: 'sweeps per animation frame', bounds: { min: 1, max: 100 }, default: 1 }),
  seed,
};

/**
 * Every panel's form and the registry entries it runs (no DOM here: test/web/panelEntries.test.ts checks each run's
 * id in the registry and each field's spec against the entry's). Fields of an entry are the entry's specs; the seed
 * is the one seed spec of every surface; the rest are drawing and interaction only.
 */
import { DENSE_LAMBDA, DENSE_NEURONS } from '../../../src/core/models/dense.js';
import { audioRecall, audioStore } from '../../../src/experiments/audio/entries.js';
import { phaseDiagram } from '../../../src/experiments/classical/entries.js';
import { endDistance } from '../../../src/experiments/dense/entries.js';
import { choice, int, num, seed } from '../../../src/experiments/params.js';
import { plCompare } from '../../../src/experiments/pl/compare.js';
import { pottsTrain } from '../../../src/experiments/potts/entries.js';
import { oneOf, type PanelForm, pick, run, startingAt } from '../forms.js';
import { CLASSICAL_SPECS } from './classicalSpecs.js';

/** Classical: patterns stored and cleaned up sweep by sweep on the grid, an animation of single dynamics. */
export const CLASSICAL_FORM = {
  specs: CLASSICAL_SPECS,
  runs: [],
  interaction: [
    'source',
    'p',
    'side',
    'rule',
    'dynamics',
    'temperature',
    'noise',
    'target',
    'sweeps',
    'perFrame',
  ],
} satisfies PanelForm<typeof CLASSICAL_SPECS>;

const PD = phaseDiagram.params;
const PHASE_RUN = ['rule', 'n', 'flip', 'dynamics', 'sweeps', 'trials'] as const;
const PHASE_SPECS = {
  alpha: oneOf(PD.alpha, 0.05),
  temperature: oneOf(PD.temperature, 0.3),
  ...pick(PD, PHASE_RUN),
  seed,
};
/** The AGS lines the phase panel draws: `theory ags-phase-diagram` at these settings. */
export const AGS_LINES = { points: 24, alphaMax: 0.2 } as const;

/** Phase diagram: one (α, T) point or a coarse grid of `phase-diagram`, over the AGS lines. */
export const PHASE_FORM = {
  specs: PHASE_SPECS,
  runs: [run('phase-diagram', ['alpha', 'temperature', ...PHASE_RUN]), run('theory.ags-phase-diagram', [])],
  interaction: [],
} satisfies PanelForm<typeof PHASE_SPECS>;

const E = endDistance.params;
const DENSE_SPECS = {
  ensemble: E.ensemble,
  n: int({ help: 'dimension N of the softmax step', bounds: { ...DENSE_NEURONS, max: 4096 }, default: 64 }),
  alpha: E.alpha,
  lambda: num({ help: 'interaction strength λ of the step', bounds: DENSE_LAMBDA, default: 0.3 }),
  flip: num({
    help: 'fraction of the coordinates of ξ¹ sign-flipped at the start of the step',
    bounds: { min: 0, max: 1 },
    default: 0.1,
  }),
  lambdas: startingAt(E.lambda, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]),
  endN: startingAt(E.n, [40]),
  trials: E.trials,
  eta: E.eta,
  seed,
};

/**
 * Dense memory: one softmax step on P = round(e^{αN}) patterns (drawn: its attention weights), and the
 * `dense end-distance` curve against λ.
 */
export const DENSE_FORM = {
  specs: DENSE_SPECS,
  runs: [run('dense.end-distance', ['ensemble', 'alpha', 'trials', 'eta'], { endN: 'n', lambdas: 'lambda' })],
  interaction: ['n', 'lambda', 'flip'],
} satisfies PanelForm<typeof DENSE_SPECS>;

const PL_RUN = ['n', 'alpha', 'couplings', 'epochs', 'lr', 'decay', 'l2', 'spins', 'dim', 'gamma'] as const;
const PL_SPECS = { ...pick(plCompare.params, PL_RUN), seed };

/** Pseudo-likelihood: `pl compare` (training, then the maps and basins of the trained and the Hebb couplings). */
export const PL_FORM = {
  specs: PL_SPECS,
  runs: [run('pl.compare', PL_RUN)],
  interaction: [],
} satisfies PanelForm<typeof PL_SPECS>;

const AUDIO_SPECS = {
  set: choice(['numbers', 'fsdd'] as const, { help: 'stored recordings', default: 'numbers' }),
  feature: audioStore.params.feature,
  rule: startingAt(audioStore.params.rule, 'pinv'),
  flip: audioRecall.params.flip,
  sweeps: audioRecall.params.sweeps,
  seconds: int({ help: 'seconds recorded from the microphone', bounds: { min: 1, max: 10 }, default: 3 }),
  seed,
};

/** Audio: the stored set by `audio store`, one query (a bundled file or a capture) by `audio recall`. */
export const AUDIO_FORM = {
  specs: AUDIO_SPECS,
  runs: [run('audio.store', ['feature', 'rule']), run('audio.recall', ['flip', 'sweeps'])],
  interaction: ['set', 'seconds'],
} satisfies PanelForm<typeof AUDIO_SPECS>;

const PT = pottsTrain.params;
const PROTEIN_RUN = ['regularization', 'lambdaH', 'lambdaJ', 'identity'] as const;
const PROTEIN_SPECS = {
  // a few iterations already rank the strongest contacts; the page starts there
  maxIterations: startingAt(PT.maxIterations, 15),
  ...pick(PT, PROTEIN_RUN),
  minSeparation: int({
    help: 'smallest |i − j| of the listed pairs',
    bounds: { min: 1, max: 1000 },
    default: 5,
  }),
  top: int({ help: 'pairs listed and marked on the map', bounds: { min: 1, max: 500 }, default: 20 }),
};

/** Proteins: `potts train` on the alignment, then `potts contacts` of the model (the map and the listed pairs). */
export const PROTEINS_FORM = {
  specs: PROTEIN_SPECS,
  runs: [run('potts.train', ['maxIterations', ...PROTEIN_RUN]), run('potts.contacts', [])],
  interaction: ['minSeparation', 'top'],
} satisfies PanelForm<typeof PROTEIN_SPECS>;

/** Every panel's form by panel id. */
export const PANEL_FORMS = {
  classical: CLASSICAL_FORM,
  phase: PHASE_FORM,
  dense: DENSE_FORM,
  pl: PL_FORM,
  audio: AUDIO_FORM,
  proteins: PROTEINS_FORM,
} as const;

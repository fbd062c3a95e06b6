/**
 * The parameters of every `hopfield potts …` entry, declared once: the entries parse them, and the run functions
 * take their values as they are (`ConfigOf<typeof …Params>`, with decoded alignments and models beside them), so a
 * key here is the field name of the run's config, its flag (kebab-case) and its name in the JSON result.
 */
import { BM_DEFAULTS } from '../../core/models/pottsBoltzmann.js';
import {
  choice,
  choiceList,
  flag,
  inputFile,
  int,
  maxMemory,
  num,
  numList,
  outputFile,
  text,
  trials,
} from '../params.js';
import { AR_DEFAULTS } from './generative.js';
import { POTTS_DEFAULTS, POTTS_REGULARIZATION_DEFAULTS } from './run.js';

const msaParam = () =>
  inputFile({
    help: 'aligned sequences, FASTA/A2M, plain or gzipped (uppercase and - kept, lowercase and . dropped; - reads stdin)',
    stdin: true,
    metavar: '<file>',
  });

const weightsParam = () =>
  inputFile({
    help: 'sequence weights, one number ≥ 0 per line in the order of the alignment (after --dedupe), instead of computing them at --identity (plmc --save-weights files work)',
    optional: true,
  });

/** Settings every training command shares (the regularization strengths are added per command). */
const trainingBase = {
  identity: num({
    help: 'identity threshold of the sequence weights w_s = 1/n_s',
    bounds: { min: 0, minExclusive: true, max: 1 },
    default: POTTS_DEFAULTS.identity,
  }),
  weights: weightsParam(),
  maxIterations: int({
    help: 'L-BFGS iterations per site (Moré–Thuente line search)',
    bounds: { min: 1, max: 100_000 },
    default: POTTS_DEFAULTS.maxIterations,
  }),
  tolerance: num({
    help: 'stop a site when max |∇f_i| ≤ tolerance',
    bounds: { min: 0, max: 1 },
    default: POTTS_DEFAULTS.tolerance,
  }),
  dedupe: flag({ help: 'remove identical sequences (the first of each is kept) before anything else' }),
  threads: int({
    help: 'worker threads (0: all cores, at most 8)',
    bounds: { min: 0, max: 256 },
    default: 0,
  }),
  maxMemory: maxMemory(),
} as const;

/** train, contacts and sample: the regularization convention and strengths in its units. */
export const trainingParams = {
  regularization: choice(['auto', 'plmc', 'plmdca', 'scaled'] as const, {
    help: 'how --lambda-h/--lambda-j are read: auto (plmc with its defaults when M_eff < (L−1)·q, plmdca with its defaults otherwise; takes no --lambda-h/-j), plmc (its λ_h, λ_e on the sum over weighted sequences of the symmetric model: λ_h/M_eff and λ_e/(2·M_eff) per site), scaled (λ_J = lambda-j·max(1, (L−1)·q/M_eff) on normalized weights), plmdca (as given, weights normalized to sum 1)',
    default: POTTS_DEFAULTS.regularization,
  }),
  lambdaH: num({
    help: 'L2 strength of the fields in the --regularization units (default 0.01 in every convention but auto)',
    bounds: { min: 0, max: 1e6 },
    optional: true,
  }),
  lambdaJ: num({
    help: 'L2 strength of the couplings in the --regularization units (default: plmc 100, plmdca 0.01, scaled 0.01)',
    bounds: { min: 0, max: 1e6 },
    optional: true,
  }),
  ...trainingBase,
} as const;

/** Options of `potts train` for the autoregressive kind and the Boltzmann-machine refinement. */
const generativeTrainParams = {
  kind: choice(['potts', 'autoregressive'] as const, {
    help: 'potts: the pseudo-likelihood model (plmDCA); autoregressive: P(a) = Π_i P(a_i | a_<i) (arDCA), exact sampling and likelihood',
    default: 'potts',
  }),
  order: choice(['entropy', 'alignment'] as const, {
    help: 'autoregressive kind: order of the sites (entropy: increasing entropy, as arDCA; alignment: columns in order)',
    default: AR_DEFAULTS.order,
  }),
  arLambdaH: num({
    help: 'autoregressive kind: L2 strength λ_h of the fields (arDCA default, weights normalized to sum 1)',
    bounds: { min: 0, max: 1e6 },
    default: AR_DEFAULTS.lambdaH,
  }),
  arLambdaJ: num({
    help: 'autoregressive kind: L2 strength λ_J of the couplings (arDCA default, weights normalized to sum 1)',
    bounds: { min: 0, max: 1e6 },
    default: AR_DEFAULTS.lambdaJ,
  }),
  refine: choice(['none', 'bm'] as const, {
    help: 'bm: refine the pseudo-likelihood model as a Boltzmann machine (likelihood gradient from persistent chains, adabmDCA) until --target-pearson',
    default: 'none',
  }),
  targetPearson: num({
    help: 'bm: stop when the Pearson r of connected correlations (chains against data) reaches this (adabmDCA default)',
    bounds: { min: 0, minExclusive: true, max: 1 },
    default: BM_DEFAULTS.targetPearson,
  }),
  refineSteps: int({
    help: 'bm: step limit (each step: --refine-sweeps Gibbs sweeps of every chain, then one gradient step)',
    bounds: { min: 1, max: 10_000_000 },
    default: BM_DEFAULTS.maxSteps,
    quick: 20,
  }),
  refineChains: int({
    help: 'bm: persistent Markov chains',
    bounds: { min: 1, max: 10_000_000 },
    default: BM_DEFAULTS.chains,
  }),
  refineSweeps: int({
    help: 'bm: Gibbs sweeps per step (statistics recorded after each sweep)',
    bounds: { min: 1, max: 1_000_000 },
    default: BM_DEFAULTS.sweeps,
  }),
  learningRate: num({
    help: 'bm: learning rate η of h and J',
    bounds: { min: 0, minExclusive: true, max: 10 },
    default: BM_DEFAULTS.learningRate,
  }),
} as const;

/** `potts train`. */
export const trainParams = {
  msa: msaParam(),
  out: outputFile({ help: 'the model, versioned JSON (hopfield.potts v1)', metavar: '<model.json>' }),
  npy: outputFile({
    help: 'also write <prefix>_h.npy (N×q float64) and <prefix>_J.npy (N×N×q×q float64, J[i,j,a,b])',
    metavar: '<prefix>',
    suffixes: ['_h.npy', '_J.npy'],
    optional: true,
  }),
  couplings: choice(['asymmetric', 'symmetric'] as const, {
    help: 'asymmetric, or symmetric (J_ij(a,b) and J_ji(b,a) replaced by their mean after training)',
    default: 'asymmetric',
  }),
  saveWeights: outputFile({
    help: 'also write the sequence weights used, one per line (the format --weights and plmc -w read)',
    metavar: '<file>',
    optional: true,
  }),
  ...trainingParams,
  ...generativeTrainParams,
};

/** `potts contacts`. */
export const contactsParams = {
  msa: inputFile({
    help: 'aligned sequences, FASTA/A2M, plain or gzipped (- reads stdin); optional with --model',
    stdin: true,
    optional: true,
  }),
  model: inputFile({ help: 'a saved model (potts train --out) instead of training', optional: true }),
  out: outputFile({
    help: 'scores: "i j score" lines (1-based, by score) and <file>.npy (L×L float64)',
    metavar: '<scores>',
    suffixes: ['', '.npy'],
  }),
  structure: inputFile({
    help: 'residue distances "i j [x] d" (1-based columns, Å in the last column), plain or gzipped',
    optional: true,
  }),
  threshold: num({
    help: 'contact distance threshold in Å',
    bounds: { min: 0, minExclusive: true, max: 1000 },
    default: 8,
  }),
  maxGap: num({
    help: 'score only columns whose weighted gap fraction is at most this (the others: no score, named in the header; 1 scores every column; needs --msa or a model saved by potts train)',
    bounds: { min: 0, max: 1 },
    default: 0.9,
  }),
  excludeGap: flag({
    help: "leave the gap out of the Frobenius norm (plmDCA's 20×20 score; default: all 21 letters, as plmc)",
  }),
  ...trainingParams,
};

/** `potts sample`. */
export const sampleParams = {
  msa: inputFile({ help: 'alignment to train on when no --model is given', stdin: true, optional: true }),
  model: inputFile({ help: 'a saved model (potts train --out)', optional: true }),
  out: outputFile({ help: 'samples as FASTA', metavar: '<fasta>' }),
  sampler: choice(['gibbs', 'metropolis'] as const, { help: 'Monte Carlo move', default: 'gibbs' }),
  temperature: num({
    help: 'temperature T (1: the model itself)',
    bounds: { min: 0, minExclusive: true, max: 1000 },
    default: 1,
  }),
  burnIn: int({
    help: 'sweeps discarded at the start of each chain',
    bounds: { min: 0, max: 10_000_000 },
    default: 1000,
    quick: 200,
  }),
  thinning: int({
    help: 'sweeps between recorded samples',
    bounds: { min: 1, max: 1_000_000 },
    default: 10,
    quick: 5,
  }),
  samples: int({
    help: 'sequences drawn in all, split over the chains (each records ⌈samples / chains⌉; the last stops at the total)',
    bounds: { min: 1, max: 10_000_000 },
    default: 1000,
    quick: 200,
  }),
  chains: int({
    help: 'independent chains (random starts)',
    bounds: { min: 1, max: 100_000 },
    default: 4,
    quick: 2,
  }),
  ...trainingParams,
};

/** `potts check`. */
export const checkParams = {
  msa: msaParam(),
  samples: inputFile({ help: 'generated sequences, FASTA (potts sample --out)' }),
  model: inputFile({
    help: 'the model that generated them (Potts or autoregressive): energy histograms of natural and sampled sequences',
    optional: true,
  }),
  identity: trainingParams.identity,
  weights: weightsParam(),
  threads: trainingParams.threads,
};

/** `potts retrieval` (alias `pl protein`). */
export const retrievalParams = {
  msa: msaParam(),
  alpha: numList({
    help: 'loads α = P/N: list or range',
    bounds: { min: 0, minExclusive: true, max: 10_000 },
    default: [0.1, 0.3, 1, 3, 10, 30],
    quick: [0.1, 1, 10],
  }),
  trials: trials(5, 1),
  couplings: choiceList(['asymmetric', 'symmetric'] as const, {
    help: 'couplings probed (each training set is trained once, then symmetrized for symmetric)',
    default: ['asymmetric', 'symmetric'],
  }),
  probe: int({
    help: 'train and test sequences probed per trial',
    bounds: { min: 1, max: 1_000_000 },
    default: 200,
    quick: 100,
  }),
  maxSweeps: int({
    help: 'sweeps of the sequential dynamics',
    bounds: { min: 1, max: 100_000 },
    default: 100,
  }),
  lambdaH: num({
    help: 'L2 strength λ_h of the fields (plmDCA default, weights normalized to sum 1)',
    bounds: { min: 0, max: 1e6 },
    default: POTTS_REGULARIZATION_DEFAULTS.plmdca.lambdaH,
  }),
  lambdaJ: num({
    help: 'L2 strength λ_J of the couplings (plmDCA default, weights normalized to sum 1; paper 000 Fig. 6)',
    bounds: { min: 0, max: 1e6 },
    default: POTTS_REGULARIZATION_DEFAULTS.plmdca.lambdaJ,
  }),
  ...trainingBase,
};

/** `potts mutants`. */
export const mutantsParams = {
  msa: inputFile({
    help: 'aligned sequences to train on (FASTA/A2M, plain or gzipped); with --model: only its frequencies are used',
    stdin: true,
    optional: true,
  }),
  model: inputFile({
    help: 'a saved model (potts train --out) instead of training; an autoregressive model scores log P(mutant) − log P(wild type)',
    optional: true,
  }),
  wt: inputFile({ help: "the wild-type protein, FASTA, unaligned (mapped onto the model's columns)" }),
  mutants: inputFile({
    help: 'mutants: a CSV with a "mutant" column (H24C, A42G:K199W) or a plain list; absent: every single substitution',
    optional: true,
  }),
  fitness: text({
    help: 'a measured column of the --mutants CSV to correlate the scores with',
    metavar: '<column>',
    optional: true,
  }),
  out: outputFile({
    help: 'scores CSV: mutant,deltaE,siteLogOdds,independent,columns (empty: not scored)',
    metavar: '<scores.csv>',
  }),
  mapping: outputFile({
    help: 'mapping report CSV: residue,letter,column,consensus,identity',
    metavar: '<mapping.csv>',
    optional: true,
  }),
  ...trainingParams,
};

/** `potts energy`. */
export const energyParams = {
  model: inputFile({ help: 'a saved model, Potts or autoregressive (potts train --out)' }),
  sequences: inputFile({
    help: "sequences in the model's N columns, FASTA/A2M, plain or gzipped (- reads stdin)",
    stdin: true,
  }),
  out: outputFile({
    help: 'table CSV: sequence,energy,siteLogLikelihood (Potts), or sequence,energy,logLikelihood (autoregressive: log P exact, energy = −log P)',
    metavar: '<table.csv>',
  }),
};

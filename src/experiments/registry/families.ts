/**
 * The registry by command word, loaded on use: a command line names one family (its first word), and only that
 * family's entries — with their run functions, figures and data readers — are imported. `hopfield capacity` loads
 * the classical family, `hopfield dense basin` the dense one; the whole registry (./index.ts) only when every entry
 * is needed (`hopfield list`, a report, a sweep). The table is checked against the registry by
 * test/cli/startup.test.ts: every id and alias is found under its first word, in the registry's order.
 */
import type { AnyExperiment } from './types.js';

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

type Load = () => Promise<readonly AnyExperiment[]>;

const classical: Load = async () => (await import('../classical/entries.js')).classicalExperiments;
const crosstalk: Load = async () => [(await import('../classical/crosstalk.js')).crosstalk];
const dense: Load = async () => (await import('../dense/entries.js')).denseExperiments;
const lagrangian: Load = async () => (await import('../lagrangian/entries.js')).lagrangianExperiments;
const pl: Load = async () => (await import('../pl/entries.js')).plExperiments;
const plCompare: Load = async () => [(await import('../pl/compare.js')).plCompare];
const potts: Load = async () => (await import('../potts/entries.js')).pottsExperiments;
const theory: Load = async () => (await import('../theory/entries.js')).theoryExperiments;
const audio: Load = async () => (await import('../audio/entries.js')).audioExperiments;

/**
 * The modules holding the commands of each first word (`''`: the top-level commands), in the registry's order;
 * the groups in the order the command line lists them. `pl protein` is an alias held by the Potts family.
 */
export const commandWords: ReadonlyMap<string, readonly Load[]> = new Map([
  ['', [classical, crosstalk]],
  ['dense', [dense]],
  ['lagrangian', [lagrangian]],
  ['pl', [pl, plCompare, potts]],
  ['potts', [potts]],
  ['theory', [theory]],
  ['audio', [audio]],
]);

/** The entries a command word needs (`''`: the top-level ones), or undefined for a word that names no family. */
export async function experimentsOfWord(word: string): Promise<readonly AnyExperiment[] | undefined> {
  const loads = commandWords.get(word);
  if (!loads) return undefined;
  return (await Promise.all(loads.map((l) => l()))).flat();
}

/** Every entry of the registry, in its order. */
export async function allExperiments(): Promise<readonly AnyExperiment[]> {
  return (await import('./index.js')).experiments;
}

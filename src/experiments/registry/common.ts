/**
 * Parameter specs shared by several families: network size, loads, the classical coupling rules and dynamics.
 * Bounds come from the model modules (core/models/classical.ts) so that the library and every surface agree.
 */
import type { ClassicalDynamics } from '../../core/dynamics/classical.js';
import { type CouplingRule, LOAD, NEURONS, SWEEPS, TEMPERATURE } from '../../core/models/classical.js';
import { type PatternSet, patternSet } from '../../core/patterns.js';
import { ParamError } from '../../core/validate.js';
import { decodePatternFiles, type LoadedPatterns } from '../../data/patternFiles.js';
import { MAX_IMAGE_SIDE } from '../../data/png.js';
import { choice, inputSource, int, type LoadedDir, type LoadedFile, num, numList, text } from '../params.js';

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

/** `--flip`: fraction of spins (or bits) flipped in the start configuration. */
export const flip = (def = 0.2, help = 'fraction of spins flipped in the start configuration') =>
  num({ help, bounds: { min: 0, max: 1 }, default: def });

/** `--dynamics metropolis|glauber` (Monte Carlo at `--temperature`). */
export const monteCarloDynamics = () =>
  choice(MONTE_CARLO_DYNAMICS, { help: 'Monte Carlo dynamics', default: 'metropolis' });

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

/**
 * `--patterns FILE|DIR`, `--size WxH`, `--threshold`: the user's own patterns instead of random ones (a .npy array
 * or a folder of .png images, read by the surface). With a file, N is the file's pattern length and a load α
 * stores its first P = round(αN) patterns.
 */
export const patternFileParams = {
  patterns: inputSource({
    help: 'patterns from a file instead of random ones: a .npy array (P × N or P × H × W, ±1 or 0/1) or a folder of .png images',
    optional: true,
    metavar: '<file|dir>',
    extensions: ['.png'],
  }),
  size: text({
    help: 'common image grid for --patterns images, e.g. 16x16 (required when the images differ in size)',
    pattern: /^[1-9]\d{0,3}x[1-9]\d{0,3}$/,
    patternHelp: 'WxH with integers 1..4096, e.g. 16x16',
    metavar: '<WxH>',
    optional: true,
  }),
  threshold: num({
    help: 'grey level above which an image pixel is +1 (light), else −1',
    bounds: { min: 0, max: 1 },
    default: 0.5,
  }),
};

/** A pattern source as the surface gives it: a file's bytes, or a folder's image files. */
export type PatternSource = LoadedFile | LoadedDir;

/** Cross-checks of the pattern-file flags: `--size` only with `--patterns`. */
export function checkPatternFileParams(c: { patterns?: PatternSource; size?: string }): void {
  if (c.size !== undefined && c.patterns === undefined)
    throw new ParamError('size', 'applies to --patterns images only (no --patterns given)');
}

/**
 * Decode `--patterns` (bytes the surface read); errors are one-line ParamErrors. Async like the other pattern
 * helpers, as entries call them.
 */
export async function patternsFromFlag(
  source: PatternSource,
  threshold: number,
  size: string | undefined,
): Promise<LoadedPatterns> {
  const [w, h] = size ? size.split('x').map(Number) : [];
  if (size && (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE))
    throw new ParamError('size', `must be WxH with sides ≤ ${MAX_IMAGE_SIDE} (got "${size}")`);
  try {
    return decodePatternFiles(source, {
      threshold,
      ...(size ? { size: [w, h] as const } : {}),
    });
  } catch (e) {
    if (e instanceof ParamError) throw e;
    if (e instanceof TypeError || e instanceof RangeError) throw new ParamError('patterns', `: ${e.message}`);
    throw e;
  }
}

/** The patterns of `--patterns` when given (N from the file), else undefined; one helper for every command. */
export async function patternsIfGiven(c: {
  patterns?: PatternSource;
  threshold: number;
  size?: string;
}): Promise<PatternSet | undefined> {
  if (c.patterns === undefined) return undefined;
  return (await patternsFromFlag(c.patterns, c.threshold, c.size)).patterns;
}

/**
 * The first P = round(αN) patterns of a file (N = its pattern length); ParamError naming the load, P and the
 * number of patterns the file holds when α needs more.
 */
export function firstPatternsForLoad(
  xi: PatternSet,
  alpha: number,
  source: string,
  param = 'alpha',
): PatternSet {
  const p = Math.max(1, Math.round(alpha * xi.n));
  if (p > xi.p)
    throw new ParamError(
      param,
      `${alpha} needs P = round(αN) = ${p} patterns of N = ${xi.n}, but ${source} holds ${xi.p} (largest load ${(xi.p / xi.n).toPrecision(4)})`,
    );
  return p === xi.p ? xi : patternSet(p, xi.n, xi.data.slice(0, p * xi.n));
}

/**
 * `--patterns` loaded for commands that draw random patterns: undefined without the flag; else the file's patterns,
 * checked to hold P = round(αN) patterns for every load α (N = the file's pattern length).
 */
export async function patternsForLoads(
  c: { patterns?: PatternSource; threshold: number; size?: string },
  alphas: readonly number[],
): Promise<PatternSet | undefined> {
  const xi = await patternsIfGiven(c);
  if (xi && c.patterns !== undefined) for (const a of alphas) firstPatternsForLoad(xi, a, c.patterns.name);
  return xi;
}

/**
 * Experiments on the classical network (paper 004 sections 2–5): storage capacity at zero temperature,
 * retrieval maps m_F(m0), and the empirical (α, T) phase diagram with Monte Carlo dynamics.
 */
import { type ClassicalDynamics, runDynamics } from '../../core/dynamics/classical.js';
import { isFixedPoint, localFields, patternFields, trainClassical } from '../../core/models/classical.js';
import {
  corruptByFraction,
  corruptToOverlap,
  mattisOverlap,
  type PatternSet,
  patternRow,
  patternSet,
  rademacher,
} from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import { type ConfigOf, maxMemory, numList, type ParamSpecs, trials } from '../params.js';
import {
  dynamicsFromName,
  flip,
  load,
  loads,
  maxSweeps,
  monteCarloDynamics,
  neurons,
  patternFileParams,
  rule,
  ruleFromName,
  sweeps,
  zeroTemperatureDynamics,
} from '../registry/common.js';
import { type ExperimentHooks, meanStd, progressCounter } from '../types.js';

/**
 * The config of a run on random or given patterns: its parameters, with the patterns decoded (the first
 * P = round(αN) rows, the same in every trial) in place of the file flags; the memory limit is the surface's.
 */
export type OnPatterns<P extends ParamSpecs> = Omit<
  ConfigOf<P>,
  keyof typeof patternFileParams | 'maxMemory'
> & { readonly patterns?: PatternSet };

/**
 * The stored patterns of one trial: the first p rows of the given set (its N must be n), else p Rademacher
 * patterns drawn from `rng` (the stream is the same either way, so runs without given patterns are unchanged).
 */
export function trialPatterns(given: PatternSet | undefined, rng: Rng, p: number, n: number): PatternSet {
  if (!given) return rademacher(rng, p, n);
  if (given.n !== n || p > given.p)
    throw new RangeError(`patterns: need ${p} patterns of N = ${n} (got ${given.p} of N = ${given.n})`);
  return p === given.p ? given : patternSet(p, n, given.data.slice(0, p * n));
}

/** The parameters of `capacity`. */
export const capacityParams = {
  rule: rule(),
  n: neurons(400, 200),
  alpha: loads([0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25]),
  trials: trials(3, 2),
  dynamics: zeroTemperatureDynamics(),
  maxSweeps: maxSweeps(),
  maxMemory: maxMemory(),
  ...patternFileParams,
};

export type CapacityConfig = OnPatterns<typeof capacityParams>;

export interface CapacityRow {
  readonly alpha: number;
  readonly p: number;
  /** Mean final Mattis overlap over all stored patterns and trials, dynamics started at each pattern. */
  readonly meanOverlap: number;
  readonly stdOverlap: number;
  /** Share of stored patterns that are exact fixed points (σ_i φ_i > 0 for all i). */
  readonly fixedFraction: number;
}

/** P = round(αN) Rademacher patterns; zero-temperature dynamics started at each stored pattern. */
export function capacityExperiment(cfg: CapacityConfig, rng: Rng, hooks?: ExperimentHooks): CapacityRow[] {
  const { n, alpha: alphas, trials, maxSweeps } = cfg;
  const rule = ruleFromName(cfg.rule);
  const dynamics = dynamicsFromName(cfg.dynamics, 0);
  const tick = progressCounter(alphas.length * trials, hooks);
  const streams = rng.split(alphas.length);
  return alphas.map((alpha, a) => {
    const p = Math.max(1, Math.round(alpha * n));
    const overlaps: number[] = [];
    let fixed = 0;
    for (const r of streams[a].split(trials)) {
      const [rPatterns, rDynamics] = r.split(2);
      const xi = trialPatterns(cfg.patterns, rPatterns, p, n);
      const net = trainClassical(xi, rule);
      const fields = patternFields(net, xi);
      for (let mu = 0; mu < p; mu++) {
        const target = patternRow(xi, mu);
        const initialFields = fields.subarray(mu * n, (mu + 1) * n);
        if (isFixedPoint(net, target, initialFields)) fixed++;
        const res = runDynamics(net, target, dynamics, rDynamics, { maxSweeps, initialFields });
        overlaps.push(mattisOverlap(target, res.state));
      }
      tick();
    }
    const { mean, std } = meanStd(overlaps);
    return { alpha, p, meanOverlap: mean, stdOverlap: std, fixedFraction: fixed / overlaps.length };
  });
}

/** The parameters of `retrieval-map`. */
export const retrievalMapParams = {
  rule: rule(),
  n: neurons(400, 200),
  alpha: load(0.1),
  m0: numList({
    help: 'initial overlaps: list or range',
    bounds: { min: -1, max: 1 },
    default: Array.from({ length: 21 }, (_, k) => Number((k * 0.05).toPrecision(12))),
  }),
  trials: trials(3, 2),
  dynamics: zeroTemperatureDynamics(),
  maxSweeps: maxSweeps(),
  maxMemory: maxMemory(),
  ...patternFileParams,
};

export type RetrievalMapConfig = OnPatterns<typeof retrievalMapParams>;

/** Final overlap that counts as a successful retrieval. */
const SUCCESS_OVERLAP = 0.99;

export interface RetrievalMapRow {
  readonly m0: number;
  readonly meanOverlap: number;
  readonly successFraction: number;
}

/**
 * Retrieval map m_F(m0): per trial, new patterns and network; from every stored pattern corrupted to initial
 * overlap m0 (round((1 − m0)N/2) flips), run the dynamics and record the final overlap.
 */
export function retrievalMapExperiment(
  cfg: RetrievalMapConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): RetrievalMapRow[] {
  const { n, alpha, m0: m0s, trials, maxSweeps } = cfg;
  const rule = ruleFromName(cfg.rule);
  const dynamics = dynamicsFromName(cfg.dynamics, 0);
  const p = Math.max(1, Math.round(alpha * n));
  const finals: number[][] = m0s.map(() => []);
  const tick = progressCounter(trials * m0s.length, hooks);
  for (const r of rng.split(trials)) {
    const [rPatterns, rRest] = r.split(2);
    const xi = trialPatterns(cfg.patterns, rPatterns, p, n);
    const net = trainClassical(xi, rule);
    const perM0 = rRest.split(m0s.length);
    m0s.forEach((m0, k) => {
      const [rNoise, rDyn] = perM0[k].split(2);
      // every corrupted start first, so their local fields come from one batched product
      const starts = new Float64Array(p * n);
      for (let mu = 0; mu < p; mu++) starts.set(corruptToOverlap(rNoise, patternRow(xi, mu), m0), mu * n);
      const fields = patternFields(net, patternSet(p, n, starts));
      for (let mu = 0; mu < p; mu++) {
        const target = patternRow(xi, mu);
        const start = starts.subarray(mu * n, (mu + 1) * n);
        const initialFields = fields.subarray(mu * n, (mu + 1) * n);
        const res = runDynamics(net, start, dynamics, rDyn, { maxSweeps, initialFields });
        finals[k].push(mattisOverlap(target, res.state));
      }
      tick();
    });
  }
  return m0s.map((m0, k) => ({
    m0,
    meanOverlap: meanStd(finals[k]).mean,
    successFraction: finals[k].filter((m) => m >= SUCCESS_OVERLAP).length / finals[k].length,
  }));
}

/** Retrieval / spurious / none by the final overlap (paper 004 section 5: > 0.9, 0.6–0.9, < 0.6). */
export type RetrievalState = 'retrieval' | 'spurious' | 'none';

export function classifyOverlap(m: number): RetrievalState {
  return m > 0.9 ? 'retrieval' : m >= 0.6 ? 'spurious' : 'none';
}

/** The parameters of `phase-diagram`. */
export const phaseDiagramParams = {
  rule: rule(),
  n: neurons(400, 200),
  alpha: loads([0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2]),
  temperature: numList({
    help: 'temperatures T: list or range',
    bounds: { min: 0, max: 1e6 },
    default: Array.from({ length: 15 }, (_, k) => Number((0.1 + k * 0.1).toPrecision(12))),
  }),
  flip: flip(),
  dynamics: monteCarloDynamics(),
  sweeps: sweeps(50, 30),
  trials: trials(3, 2),
  maxMemory: maxMemory(),
  ...patternFileParams,
};

export type PhaseDiagramConfig = OnPatterns<typeof phaseDiagramParams>;

export interface PhaseDiagramRow {
  readonly alpha: number;
  readonly temperature: number;
  /** Mean over trials of |m| with the corrupted pattern after `sweeps` sweeps (the paper takes |m|). */
  readonly meanOverlap: number;
  readonly state: RetrievalState;
}

/**
 * Empirical phase diagram (paper 004 section 5, Listing 3, on random patterns): per α and trial, a network of
 * round(αN) patterns; one stored pattern, corrupted by flipping round(rN) spins, is the start of a Monte Carlo
 * run at each temperature; the final |m| is averaged over trials.
 */
export function phaseDiagramExperiment(
  cfg: PhaseDiagramConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): PhaseDiagramRow[] {
  const { n, alpha: alphas, temperature: temperatures, flip, sweeps, trials } = cfg;
  const rule = ruleFromName(cfg.rule);
  const tick = progressCounter(alphas.length * trials * temperatures.length, hooks);
  const rows: PhaseDiagramRow[] = [];
  const streams = rng.split(alphas.length);
  alphas.forEach((alpha, a) => {
    const p = Math.max(1, Math.round(alpha * n));
    const sums = new Float64Array(temperatures.length);
    for (const r of streams[a].split(trials)) {
      const [rPatterns, rPick, rDyn] = r.split(3);
      const xi = trialPatterns(cfg.patterns, rPatterns, p, n);
      const net = trainClassical(xi, rule);
      const mu = rPick.int(p);
      const target = patternRow(xi, mu);
      const start = corruptByFraction(rPick, target, flip);
      const perT = rDyn.split(temperatures.length);
      const initialFields = localFields(net, start);
      temperatures.forEach((temperature, t) => {
        const dyn: ClassicalDynamics = { kind: cfg.dynamics, temperature };
        const res = runDynamics(net, start, dyn, perT[t], { maxSweeps: sweeps, initialFields });
        sums[t] += Math.abs(mattisOverlap(target, res.state));
        tick();
      });
    }
    temperatures.forEach((temperature, t) => {
      const m = sums[t] / trials;
      rows.push({ alpha, temperature, meanOverlap: m, state: classifyOverlap(m) });
    });
  });
  return rows;
}

/**
 * The signal-to-noise picture of the Hebb rule (paper 004 section 4.2): the stability Δ_i^μ = ξ_i^μ h_i^μ of each
 * spin of each stored pattern is 1 plus a crosstalk term that is close to Gaussian with variance α, so a fraction
 * 1 − Φ(1/√α) of the spins is unstable. This entry was added as one file plus one registry line.
 */
import { patternFields, trainClassical } from '../../core/models/classical.js';
import { signalToNoiseStability } from '../../core/theory/classical.js';
import { checkMemory } from '../../core/validate.js';
import { maxMemory, trials } from '../params.js';
import { lineChart } from '../plots.js';
import {
  checkPatternFileParams,
  loads,
  neurons,
  patternFileParams,
  patternsForLoads,
} from '../registry/common.js';
import { defineExperiment } from '../registry/types.js';
import { meanStd } from '../types.js';
import { patternsAt, sumOf } from '../work.js';
import { classicalRunBytes, NO_PATTERN_FILE } from './entries.js';
import { trialPatterns } from './run.js';

export interface CrosstalkRow {
  readonly alpha: number;
  readonly p: number;
  /** Mean and variance of Δ = ξ_i h_i over all spins of all stored patterns and trials. */
  readonly meanStability: number;
  readonly varianceStability: number;
  /** Fraction of spins with Δ < 0, and the signal-to-noise prediction 1 − Φ(1/√α). */
  readonly unstableFraction: number;
  readonly unstableTheory: number;
}

/** Unstable share against α with the signal-to-noise law (dashed). */
const crosstalkPlot = (rows: readonly CrosstalkRow[], n: number, seed: number) =>
  lineChart({
    title: `Unstable spins of stored patterns, Hebb, N = ${n} (seed ${seed})`,
    xTitle: 'load α = P/N',
    yTitle: 'fraction of spins with ξ_i h_i < 0',
    simulation: {
      data: rows.map((r) => ({ ...r, series: 'simulation' })),
      x: 'alpha',
      y: 'unstableFraction',
      color: 'series',
    },
    theory: {
      data: rows.map((r) => ({ alpha: r.alpha, theory: r.unstableTheory })),
      x: 'alpha',
      y: 'theory',
    },
  });

const checkCrosstalkMemory = (n: number, alphas: readonly number[], limitGiB: number) =>
  checkMemory(`N = ${n}`, classicalRunBytes(n, Math.max(...alphas)), limitGiB, 'lower --n or --alpha');

export const crosstalk = defineExperiment({
  id: 'crosstalk',
  family: 'classical',
  summary:
    'Hebb rule: stability ξ_i h_i of stored spins against the signal-to-noise law (unstable share 1 − Φ(1/√α))',
  examples: ['crosstalk --n 400 --alpha 0.05:0.3:0.05 --trials 3 --seed 1 --plot crosstalk.svg'],
  params: {
    n: neurons(400, 200),
    alpha: loads([0.05, 0.1, 0.15, 0.2, 0.25, 0.3]),
    trials: trials(3, 2),
    maxMemory: maxMemory(),
    ...patternFileParams,
  },
  check: (c) => {
    checkPatternFileParams(c);
    if (c.patterns === undefined) checkCrosstalkMemory(c.n, c.alpha, c.maxMemory);
  },
  // Per load and trial: Hebb couplings and the patterns' fields, P·N² each.
  work: (c) => ({ couplings: c.trials * sumOf(c.alpha, (a) => 2 * patternsAt(a, c.n) * c.n * c.n) }),
  run: async (c, rng, hooks) => {
    const given = await patternsForLoads(c, c.alpha);
    const n = given?.n ?? c.n;
    if (given) checkCrosstalkMemory(n, c.alpha, c.maxMemory);
    const streams = rng.split(c.alpha.length);
    let done = 0;
    const rows: CrosstalkRow[] = c.alpha.map((alpha, a) => {
      const p = Math.max(1, Math.round(alpha * n));
      const stabilities: number[] = [];
      for (const r of streams[a].split(c.trials)) {
        const xi = trialPatterns(given, r, p, n);
        const fields = patternFields(trainClassical(xi, { kind: 'hebb', diagonal: 'zero' }), xi);
        for (let k = 0; k < fields.length; k++) stabilities.push(xi.data[k] * fields[k]);
        hooks.onProgress?.(++done, c.alpha.length * c.trials);
      }
      const { mean, std } = meanStd(stabilities);
      return {
        alpha,
        p,
        meanStability: mean,
        varianceStability: std * std,
        unstableFraction: stabilities.filter((d) => d < 0).length / stabilities.length,
        unstableTheory: 1 - signalToNoiseStability(alpha),
      };
    });
    if (!given) return { rows, derived: NO_PATTERN_FILE };
    return { rows, derived: { n }, figure: crosstalkPlot(rows, n, hooks.seed ?? 0) };
  },
  figure: (rows, c, seed) => crosstalkPlot(rows, c.n, seed),
  caption:
    'Share of unstable spins (ξ_i h_i < 0) of the stored patterns under the Hebb rule against the signal-to-noise ' +
    'prediction 1 − Φ(1/√α) (dashed, paper 004 section 4.2): the crosstalk is Gaussian with variance α.',
});

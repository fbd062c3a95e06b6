/**
 * The theory calculators (`hopfield theory <name>`): closed forms and saddle-point solutions of the papers, with
 * no randomness (no seed). AGS replica theory and the Curie–Weiss and signal-to-noise estimates (paper 004),
 * dense-memory thresholds (paper 001), the pseudo-likelihood stability distribution (paper 000 Appendix A), and
 * the Marchenko–Pastur and cosine-similarity laws (paper 002).
 */
import { agsCriticalLoad, glassTemperature, signalToNoiseCapacity } from '../../core/theory/classical.js';
import { retrievalLambda } from '../../core/theory/dense.js';
import {
  marchenkoPasturEdges,
  marchenkoPasturHyperbolic,
  marchenkoPasturZeroFraction,
} from '../../core/theory/lagrangian.js';
import {
  gardnerCapacity,
  hebbianStabilityLimit,
  maximallyStableLimit,
  STABILITY_DELTA,
  STABILITY_LAMBDA,
  STABILITY_LOAD,
  stabilityDistribution,
} from '../../core/theory/pseudolikelihood.js';
import { ParamError } from '../../core/validate.js';
import { num, numList } from '../params.js';
import { defineExperiment, type RunOutput } from '../registry/types.js';
import {
  agsOverlapPlot,
  agsPhaseDiagramPlot,
  cosineLawPlot,
  curieWeissPlot,
  densePlot,
  marchenkoPasturPlot,
  plStabilityPlot,
  signalToNoisePlot,
} from './figures.js';
import {
  agsCriticalParams,
  agsCriticalRows,
  agsOverlapParams,
  agsOverlapRows,
  agsParams,
  agsPhaseDiagramParams,
  agsPhaseLines,
  agsRows,
  cosineLawParams,
  cosineLawRows,
  curieWeissParams,
  curieWeissRows,
  denseParams,
  denseRows,
  marchenkoPasturParams,
  marchenkoPasturRows,
  optionalList,
  type StabilitySummaryRow,
  signalToNoiseParams,
  signalToNoiseRows,
  stabilitySummaryRows,
} from './run.js';

/** Most rows of one calculator run (a product of lists; ~100 bytes each in memory and in the JSON). */
export const MAX_THEORY_ROWS = 1_000_000;
/** Most AGS saddle-point solves of one run (each takes tens of milliseconds). */
export const MAX_AGS_SOLVES = 10_000;
/** Most values of λ for the stability distribution (each solves a saddle point, milliseconds). */
export const MAX_STABILITY_LAMBDAS = 1000;

/**
 * Scalar operations of one saddle-point solve (AGS, stability distribution: about a millisecond), of a bisection
 * on a critical line (about 40 solves), and of a closed-form row (bench/work.ts row `theory ags-phase-diagram`).
 */
const SOLVE_OPS = 2.5e5;
const BISECTION_OPS = 40 * SOLVE_OPS;
const ROW_OPS = 1e3;

/** Refuse a product of list lengths above `max`, naming the flags (`a` first) and the count. */
function checkProduct(count: number, max: number, what: string, a: string, ...others: string[]): void {
  if (count > max)
    throw new ParamError(
      a,
      `× ${others.map((o) => `--${o}`).join(' × ')} gives ${count} ${what}; at most ${max} are allowed: ` +
        `shorten --${[a, ...others].join(' or --')}`,
    );
}

export const curieWeiss = defineExperiment({
  id: 'theory.curie-weiss',
  family: 'theory',
  random: false,
  summary: 'Curie–Weiss magnetization m = tanh(β(Jm + h)) (paper 004 section 3.1)',
  examples: ['theory curie-weiss --temperature 0.1:1.5:0.1 --field 0'],
  params: curieWeissParams,
  work: (c) => ({ scalar: c.temperature.length * ROW_OPS }),
  run: (c) => ({ rows: curieWeissRows(c) }),
  figure: (rows, c) => curieWeissPlot(rows, c.coupling, c.field),
  caption:
    'Magnetization of the Curie–Weiss model against the temperature; without field it vanishes at T = J.',
});

export const signalToNoise = defineExperiment({
  id: 'theory.signal-to-noise',
  family: 'theory',
  random: false,
  summary:
    'signal-to-noise stability Φ(1/√α) of one spin and of a whole pattern; P_c = N/(2 ln N) (paper 004 Eq. 35)',
  examples: ['theory signal-to-noise --alpha 0.01:0.2:0.01 --n 513'],
  params: signalToNoiseParams,
  work: (c) => ({ scalar: c.alpha.length * ROW_OPS }),
  run: (c) => {
    const pcOne = signalToNoiseCapacity(c.n, 'one');
    const pcAll = signalToNoiseCapacity(c.n, 'all');
    return {
      rows: signalToNoiseRows(c),
      extra: { n: c.n, pcOne, pcAll, alphaOne: pcOne / c.n, alphaAll: pcAll / c.n },
      summary: [
        `P_c = N/(2 ln N) = ${pcOne.toFixed(2)} (α = ${(pcOne / c.n).toFixed(4)}); all patterns N/(4 ln N) = ${pcAll.toFixed(2)}`,
      ],
    };
  },
  figure: (rows, c) => signalToNoisePlot(rows, c.n),
  caption:
    'Probability that one spin, and that every spin of a pattern, is stable under the signal-to-noise estimate.',
});

export const ags = defineExperiment({
  id: 'theory.ags',
  family: 'theory',
  random: false,
  summary:
    'replica-symmetric (AGS) solution (m, q, r) at load α and temperature T (paper 004 Theorem 8, Eq. 44); m = 0 where no retrieval solution exists',
  examples: ['theory ags --alpha 0.05,0.1,0.138 --temperature 0,0.2,0.5 --json ags.json'],
  params: agsParams,
  check: (c) =>
    checkProduct(
      c.alpha.length * c.temperature.length,
      MAX_AGS_SOLVES,
      '(α, T) points',
      'alpha',
      'temperature',
    ),
  work: (c) => ({ scalar: c.alpha.length * c.temperature.length * SOLVE_OPS }),
  run: (c, _rng, hooks) => ({ rows: agsRows(c, hooks) }),
  figure: (rows) => agsOverlapPlot('AGS retrieval overlap', rows),
  columns: ['alpha', 'temperature', 'm', 'q', 'r', 'phase'],
  caption: 'Mattis overlap m of the replica-symmetric solution against the load, one curve per temperature.',
});

export const agsCritical = defineExperiment({
  id: 'theory.ags-critical',
  family: 'theory',
  random: false,
  summary:
    'critical load α_c(T) of the RS retrieval solution with m there, and the load below which retrieval is the global minimum',
  examples: ['theory ags-critical --temperature 0 --json crit.json'],
  params: agsCriticalParams,
  work: (c) => ({ scalar: c.temperature.length * BISECTION_OPS }),
  run: (c, _rng, hooks) => ({ rows: agsCriticalRows(c, hooks) }),
  figure: (_rows, c) =>
    agsOverlapPlot('AGS retrieval overlap m(α) up to α_c(T)', agsOverlapRows({ ...c, points: 40 })),
  caption: 'The stable retrieval branch m(α) at each temperature, ending at the critical load α_c(T).',
});

export const agsOverlap = defineExperiment({
  id: 'theory.ags-overlap',
  family: 'theory',
  random: false,
  summary: 'retrieval overlap m(α) of the stable RS solution on loads up to α_c(T), for each temperature',
  examples: ['theory ags-overlap --temperature 0,0.2,0.4 --points 20 --json m.json'],
  params: agsOverlapParams,
  check: (c) =>
    checkProduct(
      c.temperature.length * c.points,
      MAX_AGS_SOLVES,
      'saddle-point solves',
      'temperature',
      'points',
    ),
  // Per temperature: the critical load, then one solve per point.
  work: (c) => ({ scalar: c.temperature.length * (BISECTION_OPS + c.points * SOLVE_OPS) }),
  run: (c, _rng, hooks) => ({ rows: agsOverlapRows(c, hooks) }),
  figure: (rows) => agsOverlapPlot('AGS retrieval overlap m(α)', rows),
  caption:
    'Mattis overlap of the stable retrieval solution against the load at several temperatures; each curve ends at ' +
    'the critical load α_c(T) where the solution disappears (α_c(0) ≈ 0.138 with m ≈ 0.967).',
});

export const agsPhaseDiagram = defineExperiment({
  id: 'theory.ags-phase-diagram',
  family: 'theory',
  random: false,
  summary: 'the lines T_M(α), T_c(α) and T_g(α) = 1 + √α of the AGS phase diagram (paper 004 Fig. 6)',
  examples: ['theory ags-phase-diagram --points 30 --plot ags.svg'],
  params: agsPhaseDiagramParams,
  // Per temperature: two critical loads (T_M and T_c), each a bisection.
  work: (c) => ({ scalar: c.points * 2 * BISECTION_OPS }),
  run: (c, _rng, hooks) => ({
    rows: agsPhaseLines(c, hooks),
    extra: { tg025: glassTemperature(0.25), alphaC0: agsCriticalLoad(0).alphaC },
  }),
  figure: (rows) => agsPhaseDiagramPlot(rows),
  caption:
    'Retrieval states exist below T_M(α) and are global minima of the free energy below T_c(α); the spin-glass ' +
    'state appears below T_g(α) = 1 + √α.',
});

export const dense = defineExperiment({
  id: 'theory.dense',
  family: 'theory',
  random: false,
  summary:
    'dense-memory thresholds α₁(λ), α_c^lb(λ), α_*(λ), Ramsauer bound; with --alpha also φ, λ_*, cos θ_c, c_max (paper 001)',
  examples: [
    'theory dense --ensemble gaussian --lambda 0.5,1,2 --json dense.json',
    'theory dense --ensemble spherical --lambda 0.1:2:0.1 --alpha 0.05,0.1,0.2 --plot basin.svg',
  ],
  params: denseParams,
  check: (c) => {
    if (c.alpha !== undefined)
      checkProduct(
        c.ensemble.length * c.lambda.length * c.alpha.length,
        MAX_THEORY_ROWS,
        'rows',
        'alpha',
        'lambda',
        'ensemble',
      );
  },
  work: (c) => ({ scalar: c.ensemble.length * c.lambda.length * (c.alpha?.length ?? 1) * ROW_OPS }),
  run: (c) => {
    const alphas = c.alpha;
    const rows = denseRows(c);
    if (alphas === undefined) return { rows, derived: { alpha: null } };
    const lambda1 = c.ensemble.flatMap((e) =>
      alphas.map((a) => ({ ensemble: e, alpha: a, lambda1: retrievalLambda(e, a) })),
    );
    const columns = [
      'ensemble',
      'lambda',
      'alpha',
      'alpha1',
      'alphaCLowerBound',
      'phi',
      'lambdaStar',
      'cosThetaC',
      'cMax',
    ];
    return { rows, extra: { lambda1 }, columns };
  },
  figure: (_rows, c) => densePlot(c.ensemble, c.lambda, c.alpha),
  caption:
    'Without loads: the thresholds of the first ensemble against λ (α₁, α_c^lb, the REM condensation line α_* and ' +
    'the Ramsauer et al. bound). With loads: the critical angle θ_c(λ) of the basin, frozen at the nearest-pattern ' +
    'angle once the REM condenses.',
});

export const plStability = defineExperiment({
  id: 'theory.pl-stability',
  family: 'theory',
  random: false,
  summary:
    'stability distribution P_λ(Δ) of a pseudo-likelihood perceptron row at load α (paper 000 Appendix A)',
  examples: [
    'theory pl-stability --alpha 0.4 --lambda 0.2,1,5 --plot pl.svg',
    'theory pl-stability --alpha 0.4 --lambda 1 --density -2:5:0.05 --csv density.csv',
  ],
  params: {
    alpha: num({ help: 'load α = P/N', bounds: STABILITY_LOAD, default: 0.4 }),
    lambda: numList({
      help: 'inverse temperatures λ of the logistic loss: list or range',
      bounds: STABILITY_LAMBDA,
      default: [0.2, 0.5, 1, 2, 5],
      maxLength: MAX_STABILITY_LAMBDAS,
    }),
    density: optionalList(
      numList({
        help: 'also output P_λ(Δ) on these Δ values (rows become {alpha, lambda, delta, density})',
        bounds: STABILITY_DELTA,
        maxLength: 100_000,
      }),
    ),
  },
  check: (c) => {
    if (c.density !== undefined)
      checkProduct(c.lambda.length * c.density.length, MAX_THEORY_ROWS, 'rows', 'density', 'lambda');
  },
  work: (c) => ({ scalar: c.lambda.length * (SOLVE_OPS + (c.density?.length ?? 0) * ROW_OPS) }),
  run: (c) => plStabilityRun(c.alpha, c.lambda, c.density),
  figure: (rows, c) =>
    plStabilityPlot(
      c.alpha,
      c.lambda,
      c.density,
      c.density === undefined ? [] : (rows as readonly StabilityPointRow[]),
    ),
  caption:
    'From the Hebbian Gaussian N(1/√α, 1) at small λ to the maximally stable perceptron at large λ (a Gaussian cut ' +
    'at the Gardner margin κ(α) with the cut mass piled up at κ).',
});

/** A point of P_λ(Δ) at load α. */
interface StabilityPointRow {
  readonly alpha: number;
  readonly lambda: number;
  readonly delta: number;
  readonly density: number;
}

/** Rows of `theory pl-stability`: the summary per λ, or P_λ(Δ) on the given Δ values (summary in `extra`). */
function plStabilityRun(
  alpha: number,
  lambdas: readonly number[],
  deltas: readonly number[] | undefined,
): RunOutput<StabilitySummaryRow | StabilityPointRow> {
  const summary = stabilitySummaryRows(alpha, lambdas);
  const extra = {
    hebbianLimit: hebbianStabilityLimit(alpha),
    maximallyStableLimit: maximallyStableLimit(alpha),
    gardnerCapacityAtZeroMargin: gardnerCapacity(0),
  };
  if (deltas === undefined) return { rows: summary, extra, derived: { density: null } };
  const rows: StabilityPointRow[] = [];
  for (const l of lambdas) {
    const d = stabilityDistribution(alpha, l);
    for (const delta of deltas) rows.push({ alpha, lambda: d.lambda, delta, density: d.density(delta) });
  }
  return { rows, extra: { ...extra, summary } };
}

export const marchenkoPastur = defineExperiment({
  id: 'theory.marchenko-pastur',
  family: 'theory',
  random: false,
  summary:
    'Marchenko–Pastur spectrum of ΞᵀΞ for Gaussian memories, edges (1 ± α^{−1/2})² and hyperbolicity α < 1/4 (paper 002 §5.4)',
  examples: ['theory marchenko-pastur --alpha 0.2 --points 200 --plot mp.svg'],
  params: marchenkoPasturParams,
  work: (c) => ({ scalar: c.points * ROW_OPS }),
  run: (c) => {
    const { lambdaMin, lambdaMax } = marchenkoPasturEdges(c.alpha);
    const extra = {
      lambdaMin,
      lambdaMax,
      zeroFraction: marchenkoPasturZeroFraction(c.alpha),
      hyperbolic: marchenkoPasturHyperbolic(c.alpha),
    };
    return {
      rows: marchenkoPasturRows(c),
      extra,
      summary: [
        `λ_min = ${lambdaMin.toPrecision(6)}, λ_max = ${lambdaMax.toPrecision(6)}, zero modes ${extra.zeroFraction.toPrecision(4)}, hyperbolic: ${extra.hyperbolic}`,
      ],
    };
  },
  figure: (rows, c) => marchenkoPasturPlot(rows, c.alpha),
  caption: 'Density of the nonzero eigenvalues of ΞᵀΞ between the edges (1 ± α^{−1/2})².',
});

export const cosineLaw = defineExperiment({
  id: 'theory.cosine-law',
  family: 'theory',
  random: false,
  summary: 'cosine similarity of a memory to its target under the synaptic dynamics (paper 002 Eq. 40)',
  examples: ['theory cosine-law --tau 1 --alpha0 -0.5,0,0.5 --time 0:5:0.25'],
  params: cosineLawParams,
  check: (c) => checkProduct(c.alpha0.length * c.time.length, MAX_THEORY_ROWS, 'rows', 'alpha0', 'time'),
  work: (c) => ({ scalar: c.alpha0.length * c.time.length * ROW_OPS }),
  run: (c) => ({ rows: cosineLawRows(c) }),
  figure: (rows, c) => cosineLawPlot(rows, c.tau),
  caption: 'Cosine similarity of a memory row to its target against time, one curve per initial similarity.',
});

export const theoryExperiments = [
  curieWeiss,
  signalToNoise,
  ags,
  agsCritical,
  agsOverlap,
  agsPhaseDiagram,
  dense,
  plStability,
  marchenkoPastur,
  cosineLaw,
];

/**
 * The theory calculators (`hopfield theory <name>`): closed forms and saddle-point solutions of the papers, with
 * no randomness (no seed). AGS replica theory and the Curie–Weiss and signal-to-noise estimates (paper 004),
 * dense-memory thresholds (paper 001), the pseudo-likelihood stability distribution (paper 000 Appendix A), and
 * the Marchenko–Pastur and cosine-similarity laws (paper 002).
 */
import {
  AGS_LOAD,
  AGS_POINTS,
  AGS_TEMPERATURE,
  agsCriticalLoad,
  CURIE_WEISS_FIELD,
  CURIE_WEISS_TEMPERATURE,
  glassTemperature,
  SIGNAL_TO_NOISE_LOAD,
  SIGNAL_TO_NOISE_NEURONS,
  signalToNoiseCapacity,
} from '../../core/theory/classical.js';
import { DENSE_ENSEMBLES, REM_LAMBDA, REM_LOAD, retrievalLambda } from '../../core/theory/dense.js';
import {
  COSINE_LAW_ALPHA0,
  COSINE_LAW_TAU,
  COSINE_LAW_TIME,
  MARCHENKO_PASTUR_POINTS,
  MARCHENKO_PASTUR_RATIO,
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
import { choiceList, int, type NumListSpec, num, numList } from '../params.js';
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
  agsCriticalRows,
  agsOverlapRows,
  agsPhaseLines,
  agsRows,
  cosineLawRows,
  curieWeissRows,
  denseRows,
  marchenkoPasturRows,
  type StabilitySummaryRow,
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

/** Values a, a + s, … up to b, rounded as the command line rounds a range `a:b:s`. */
const range = (a: number, b: number, s: number) =>
  Array.from({ length: Math.floor((b - a) / s + 1e-9) + 1 }, (_, k) => Number((a + k * s).toPrecision(12)));

/** A list parameter that may be left out (its value is then undefined). */
const optionalList = (spec: NumListSpec<number[]>) =>
  ({ ...spec, optional: true }) as NumListSpec<number[] | undefined>;

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
  params: {
    temperature: numList({
      help: 'temperatures T = 1/β: list or range',
      bounds: CURIE_WEISS_TEMPERATURE,
      default: range(0, 1.5, 0.1),
    }),
    field: num({ help: 'external field h', bounds: CURIE_WEISS_FIELD, default: 0 }),
    coupling: num({ help: 'coupling J', bounds: CURIE_WEISS_FIELD, default: 1 }),
  },
  work: (c) => ({ scalar: c.temperature.length * ROW_OPS }),
  run: (c) => ({ rows: curieWeissRows(c.temperature, c.field, c.coupling) }),
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
  params: {
    alpha: numList({
      help: 'loads α = P/N: list or range',
      bounds: SIGNAL_TO_NOISE_LOAD,
      default: range(0.01, 0.2, 0.01),
    }),
    n: int({ help: 'number of neurons N', bounds: SIGNAL_TO_NOISE_NEURONS, default: 513 }),
  },
  work: (c) => ({ scalar: c.alpha.length * ROW_OPS }),
  run: (c) => {
    const pcOne = signalToNoiseCapacity(c.n, 'one');
    const pcAll = signalToNoiseCapacity(c.n, 'all');
    return {
      rows: signalToNoiseRows(c.alpha, c.n),
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
  params: {
    alpha: numList({ help: 'loads α: list or range', bounds: AGS_LOAD, default: [0.05, 0.1, 0.13] }),
    temperature: numList({ help: 'temperatures T: list or range', bounds: AGS_TEMPERATURE, default: [0] }),
  },
  check: (c) =>
    checkProduct(
      c.alpha.length * c.temperature.length,
      MAX_AGS_SOLVES,
      '(α, T) points',
      'alpha',
      'temperature',
    ),
  work: (c) => ({ scalar: c.alpha.length * c.temperature.length * SOLVE_OPS }),
  run: (c, _rng, hooks) => ({ rows: agsRows(c.alpha, c.temperature, hooks) }),
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
  params: {
    temperature: numList({
      help: 'temperatures T: list or range',
      bounds: AGS_TEMPERATURE,
      default: [0],
      maxLength: 1000,
    }),
  },
  work: (c) => ({ scalar: c.temperature.length * BISECTION_OPS }),
  run: (c, _rng, hooks) => ({ rows: agsCriticalRows(c.temperature, hooks) }),
  figure: (_rows, c) =>
    agsOverlapPlot('AGS retrieval overlap m(α) up to α_c(T)', agsOverlapRows(c.temperature, 40)),
  caption: 'The stable retrieval branch m(α) at each temperature, ending at the critical load α_c(T).',
});

export const agsOverlap = defineExperiment({
  id: 'theory.ags-overlap',
  family: 'theory',
  random: false,
  summary: 'retrieval overlap m(α) of the stable RS solution on loads up to α_c(T), for each temperature',
  examples: ['theory ags-overlap --temperature 0,0.2,0.4 --points 20 --json m.json'],
  params: {
    temperature: numList({
      help: 'temperatures T: list or range',
      bounds: AGS_TEMPERATURE,
      default: [0, 0.2, 0.4, 0.6],
    }),
    points: int({ help: 'loads per curve, from 0 to α_c(T)', bounds: AGS_POINTS, default: 40, quick: 20 }),
  },
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
  run: (c, _rng, hooks) => ({ rows: agsOverlapRows(c.temperature, c.points, hooks) }),
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
  params: {
    points: int({
      help: 'temperatures in [0, 1) on which T_M and T_c are traced',
      bounds: AGS_POINTS,
      default: 30,
      quick: 12,
    }),
    alphaMax: num({ help: 'largest α of the T_g line', bounds: AGS_LOAD, default: 0.16 }),
  },
  // Per temperature: two critical loads (T_M and T_c), each a bisection.
  work: (c) => ({ scalar: c.points * 2 * BISECTION_OPS }),
  run: (c, _rng, hooks) => ({
    rows: agsPhaseLines(c.points, c.alphaMax, hooks),
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
  params: {
    ensemble: choiceList(DENSE_ENSEMBLES, { help: 'pattern ensembles', default: ['spherical'] }),
    lambda: numList({
      help: 'interaction strengths λ: list or range',
      bounds: REM_LAMBDA,
      default: [0.1, 0.5, 1, 2, 5],
    }),
    alpha: optionalList(numList({ help: 'loads α = (log P)/N: list or range', bounds: REM_LOAD })),
  },
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
    const rows = denseRows(c.ensemble, c.lambda, alphas);
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
  params: {
    alpha: num({ help: 'ratio α = N_h/N_v', bounds: MARCHENKO_PASTUR_RATIO, default: 0.2 }),
    points: int({
      help: 'eigenvalues on which the density is tabulated',
      bounds: MARCHENKO_PASTUR_POINTS,
      default: 200,
    }),
  },
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
      rows: marchenkoPasturRows(c.alpha, c.points),
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
  params: {
    tau: num({ help: 'time scale τ_μ of the memory row', bounds: COSINE_LAW_TAU, default: 1 }),
    alpha0: numList({ help: 'initial similarities', bounds: COSINE_LAW_ALPHA0, default: [-0.5, 0, 0.5] }),
    time: numList({ help: 'times t: list or range', bounds: COSINE_LAW_TIME, default: range(0, 5, 0.25) }),
  },
  check: (c) => checkProduct(c.alpha0.length * c.time.length, MAX_THEORY_ROWS, 'rows', 'alpha0', 'time'),
  work: (c) => ({ scalar: c.alpha0.length * c.time.length * ROW_OPS }),
  run: (c) => ({ rows: cosineLawRows(c.tau, c.alpha0, c.time) }),
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

/**
 * `hopfield dense …`: dense associative memories with exponential capacity (paper 001 Appendix F) and binary dense
 * memories (Krotov–Hopfield polynomial F, Demircigil exponential F).
 */
import type { Command } from 'commander';
import type { DenseDynamics } from '../../core/dynamics/dense.js';
import type { DensePatternEnsemble } from '../../core/models/dense.js';
import type { BinaryDenseF } from '../../core/models/denseBinary.js';
import {
  basinDistanceExperiment,
  basinExperiment,
  binaryCapacityExperiment,
  crossoverExperiment,
  type DenseRunSettings,
  endDistanceExperiment,
  scaledExperiment,
} from '../../experiments/dense.js';
import {
  basinPlot,
  binaryCapacityPlot,
  crossoverPlot,
  endDistancePlot,
  scaledPlot,
} from '../../report/sections/dense.js';
import { defineCommand, type RawOptions } from '../command.js';
import { parseChoice, parseInteger, parseNumber, parseNumberList } from '../parse.js';

const ENSEMBLES = ['spherical', 'gaussian', 'binary'] as const satisfies readonly DensePatternEnsemble[];

const opt = (o: RawOptions, k: string) => o[k] as string;

/** Options shared by the gradient-descent commands. */
function runOptions(c: Command): Command {
  return c
    .option('--eta <number>', 'gradient-descent step η in (0, 1]; 1 is the softmax update of Eq. (2)', '0.5')
    .option('--max-iterations <int>', 'iteration limit per run', '1000')
    .option('--tolerance <number>', 'stop when ‖x_{t+1} − x_t‖/√N is below this', '1e-7')
    .option('--max-memory <GiB>', 'refuse runs whose patterns and scratch need more memory than this', '2');
}

function parseRunSettings(o: RawOptions): DenseRunSettings & { eta: number; maxMemoryGiB: number } {
  const eta = parseNumber('--eta', opt(o, 'eta'), { min: 0, minExclusive: true, max: 1 });
  const maxIterations = parseInteger('--max-iterations', opt(o, 'maxIterations'), { min: 1, max: 1_000_000 });
  const tolerance = parseNumber('--tolerance', opt(o, 'tolerance'), { min: 0, minExclusive: true, max: 1 });
  const maxMemoryGiB = parseNumber('--max-memory', opt(o, 'maxMemory'), {
    min: 0,
    minExclusive: true,
    max: 1024,
  });
  const dynamics: DenseDynamics = eta === 1 ? { kind: 'softmax' } : { kind: 'gradient', eta };
  return { dynamics, maxIterations, tolerance, memoryLimit: maxMemoryGiB * 1024 ** 3, eta, maxMemoryGiB };
}

const N_BOUNDS = { min: 1, max: 100_000 };

export function registerDense(program: Command): void {
  const dense = program
    .command('dense')
    .description('dense associative memories with exponential capacity (log-sum-exp energy, softmax update)');

  defineCommand(dense, {
    name: 'end-distance',
    description:
      'start at ξ¹, run gradient descent to convergence, report Δ = ‖x∞ − ξ¹‖²/N against λ (paper 001 Appendix F.1)',
    examples: [
      'hopfield dense end-distance --ensemble spherical --n 120 --alpha 0.1 --lambda 0.08,0.2 --trials 10 --seed 1 --json e.json',
      'hopfield dense end-distance --n 32 --p 10000000 --lambda 2 --trials 1 --seed 1',
    ],
    configure: (c) =>
      runOptions(
        c
          .option('--ensemble <name>', `pattern ensemble: ${ENSEMBLES.join('|')}`, 'spherical')
          .option('--n <list>', 'dimensions N: list "40,60" or range "40:80:20"', '40,60,80')
          .option('--alpha <number>', 'load α: P = round(e^{αN}) patterns', '0.1')
          .option('--p <int>', 'an exact number of patterns P instead of --alpha')
          .option('--lambda <list>', 'interaction strengths λ > 0: list or range', '0.02:0.4:0.02')
          .option('--trials <int>', 'independent pattern sets per N', '10'),
      ),
    run: (o, ctx) => {
      const ensemble = parseChoice('--ensemble', opt(o, 'ensemble'), ENSEMBLES);
      const ns = parseNumberList('--n', opt(o, 'n'), N_BOUNDS, true);
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 50 });
      const p = o.p === undefined ? undefined : parseInteger('--p', opt(o, 'p'), { min: 1, max: 1e12 });
      const lambdas = parseNumberList('--lambda', opt(o, 'lambda'), { min: 0, minExclusive: true, max: 1e6 });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1_000_000 });
      const s = parseRunSettings(o);
      const params = {
        ensemble,
        n: ns,
        ...(p === undefined ? { alpha } : { p }),
        lambda: lambdas,
        trials,
        eta: s.eta,
        maxIterations: s.maxIterations,
        tolerance: s.tolerance,
        maxMemoryGiB: s.maxMemoryGiB,
      };
      const bar = ctx.progress('end-distance');
      const rows = endDistanceExperiment({ ...s, ensemble, ns, alpha, p, lambdas, trials }, ctx.rng, {
        onProgress: bar.update,
      });
      return {
        params,
        rows,
        plot: endDistancePlot(rows, ensemble, ctx.seed),
        columns: ['n', 'alpha', 'lambda', 'p', 'meanDistance', 'stdDistance', 'lambdaTheory'],
      };
    },
  });

  defineCommand(dense, {
    name: 'crossover',
    description:
      'per (α, N) the λ where half of the samples keep ξ¹ (Δ < 0.5), a quadratic fit in 1/N and its N = ∞ value beside λ₁(α) (Fig. 10)',
    examples: [
      'hopfield dense crossover --ensemble spherical --n 40,60,80 --alpha 0.1 --seed 1 --json f.json',
    ],
    configure: (c) =>
      runOptions(
        c
          .option('--ensemble <name>', `pattern ensemble: ${ENSEMBLES.join('|')}`, 'spherical')
          .option('--n <list>', 'dimensions N (three or more for the quadratic fit)', '40,60,80')
          .option('--alpha <list>', 'loads α: list or range', '0.1')
          .option('--samples <int>', 'independent pattern sets per (α, N)', '50')
          .option('--lambda-tolerance <number>', 'bisection precision on λ', '0.001'),
      ),
    run: (o, ctx) => {
      const ensemble = parseChoice('--ensemble', opt(o, 'ensemble'), ENSEMBLES);
      const ns = parseNumberList('--n', opt(o, 'n'), N_BOUNDS, true);
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 50 });
      const samples = parseInteger('--samples', opt(o, 'samples'), { min: 1, max: 1_000_000 });
      const lambdaTolerance = parseNumber('--lambda-tolerance', opt(o, 'lambdaTolerance'), {
        min: 0,
        minExclusive: true,
        max: 1,
      });
      const s = parseRunSettings(o);
      const params = {
        ensemble,
        n: ns,
        alpha: alphas,
        samples,
        lambdaTolerance,
        eta: s.eta,
        maxIterations: s.maxIterations,
        tolerance: s.tolerance,
        maxMemoryGiB: s.maxMemoryGiB,
      };
      const bar = ctx.progress('crossover');
      const res = crossoverExperiment({ ...s, ensemble, ns, alphas, samples, lambdaTolerance }, ctx.rng, {
        onProgress: bar.update,
      });
      const summary = res.extrapolated.map(
        (e) =>
          `α = ${e.alpha}: extrapolated λ₁ = ${e.lambda1 === null ? 'n/a (needs two or more N)' : e.lambda1.toFixed(4)}` +
          `, theory λ₁ = ${e.lambda1Theory === null ? 'n/a' : e.lambda1Theory.toFixed(4)}`,
      );
      return {
        params,
        rows: res.rows,
        extra: {
          extrapolated: res.extrapolated.map((e) => ({
            alpha: e.alpha,
            lambda1: e.lambda1,
            lambda1Theory: e.lambda1Theory,
            coefficients: e.coefficients,
          })),
        },
        plot: crossoverPlot(res, ensemble, ctx.seed),
        summary,
      };
    },
  });

  defineCommand(dense, {
    name: 'basin',
    description:
      'critical angle of the basin of ξ¹: bisection on cos θ until half of the random starts return (paper 001 Appendix F.2, Fig. 11)',
    examples: ['hopfield dense basin --n 40,60,80 --alpha 0.1 --lambda 0.2 --seed 1 --json b.json'],
    configure: (c) =>
      runOptions(
        c
          .option('--ensemble <name>', `pattern ensemble: ${ENSEMBLES.join('|')}`, 'spherical')
          .option('--n <list>', 'dimensions N', '40,60,80')
          .option('--alpha <number>', 'load α: P = round(e^{αN})', '0.1')
          .option('--lambda <list>', 'interaction strengths λ > 0', '0.2')
          .option(
            '--samples <int>',
            'pattern sets per (N, λ); the critical cos θ is averaged over them',
            '10',
          )
          .option(
            '--restarts <int>',
            'random starts per angle; the critical angle is where half return',
            '10',
          )
          .option('--cos-tolerance <number>', 'bisection precision on cos θ', '0.005')
          .option(
            '--cos <list>',
            'also record Δ against these starting cos θ (JSON "distanceByAngle", Fig. 11 left)',
          ),
      ),
    run: (o, ctx) => {
      const ensemble = parseChoice('--ensemble', opt(o, 'ensemble'), ENSEMBLES);
      const ns = parseNumberList('--n', opt(o, 'n'), N_BOUNDS, true);
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 50 });
      const lambdas = parseNumberList('--lambda', opt(o, 'lambda'), { min: 0, minExclusive: true, max: 1e6 });
      const samples = parseInteger('--samples', opt(o, 'samples'), { min: 1, max: 1_000_000 });
      const restarts = parseInteger('--restarts', opt(o, 'restarts'), { min: 1, max: 1_000_000 });
      const cosTolerance = parseNumber('--cos-tolerance', opt(o, 'cosTolerance'), {
        min: 0,
        minExclusive: true,
        max: 1,
      });
      const cosThetas =
        o.cos === undefined ? undefined : parseNumberList('--cos', opt(o, 'cos'), { min: -1, max: 1 });
      const s = parseRunSettings(o);
      const params = {
        ensemble,
        n: ns,
        alpha,
        lambda: lambdas,
        samples,
        restarts,
        cosTolerance,
        ...(cosThetas ? { cos: cosThetas } : {}),
        eta: s.eta,
        maxIterations: s.maxIterations,
        tolerance: s.tolerance,
        maxMemoryGiB: s.maxMemoryGiB,
      };
      const [rBasin, rDist] = ctx.rng.split(2);
      const bar = ctx.progress('basin');
      const rows = basinExperiment(
        { ...s, ensemble, ns, alpha, lambdas, samples, restarts, cosTolerance },
        rBasin,
        { onProgress: bar.update },
      );
      const distanceByAngle = cosThetas
        ? lambdas.flatMap((lambda) =>
            basinDistanceExperiment(
              { ...s, ensemble, ns, alpha, lambda, cosThetas, samples, restarts },
              rDist,
            ).map((r) => ({ lambda, ...r })),
          )
        : undefined;
      return {
        params,
        rows,
        ...(distanceByAngle ? { extra: { distanceByAngle } } : {}),
        plot: basinPlot(rows, ensemble, ctx.seed),
      };
    },
  });

  defineCommand(dense, {
    name: 'scaled',
    description:
      'scaled dot product λ = λ̃/N^a with P = e^{α̃N^{1−a}}: Δ from ξ¹ against λ̃, theory threshold λ̃₁ = α̃ (Fig. 12)',
    examples: [
      'hopfield dense scaled --a 0.5 --n 64,144,256 --alpha-tilde 0.5 --lambda-tilde 0.1:1.5:0.1 --trials 5 --seed 1',
    ],
    configure: (c) =>
      runOptions(
        c
          .option('--a <number>', 'scaling exponent a in (0, 1) (the paper uses 0.5 and 0.75)', '0.5')
          .option('--ensemble <name>', `pattern ensemble: ${ENSEMBLES.join('|')}`, 'gaussian')
          .option('--n <list>', 'dimensions N', '64,144,256')
          .option('--alpha-tilde <number>', 'scaled load α̃: P = round(e^{α̃N^{1−a}})', '0.5')
          .option('--lambda-tilde <list>', 'scaled strengths λ̃ > 0: list or range', '0.1:1.5:0.1')
          .option('--trials <int>', 'independent pattern sets per N', '5'),
      ),
    run: (o, ctx) => {
      const a = parseNumber('--a', opt(o, 'a'), { min: 0, minExclusive: true, max: 1, maxExclusive: true });
      const ensemble = parseChoice('--ensemble', opt(o, 'ensemble'), ENSEMBLES);
      const ns = parseNumberList('--n', opt(o, 'n'), N_BOUNDS, true);
      const alphaTilde = parseNumber('--alpha-tilde', opt(o, 'alphaTilde'), {
        min: 0,
        minExclusive: true,
        max: 1e3,
      });
      const lambdaTildes = parseNumberList('--lambda-tilde', opt(o, 'lambdaTilde'), {
        min: 0,
        minExclusive: true,
        max: 1e6,
      });
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1_000_000 });
      const s = parseRunSettings(o);
      const params = {
        a,
        ensemble,
        n: ns,
        alphaTilde,
        lambdaTilde: lambdaTildes,
        trials,
        eta: s.eta,
        maxIterations: s.maxIterations,
        tolerance: s.tolerance,
        maxMemoryGiB: s.maxMemoryGiB,
      };
      const bar = ctx.progress('scaled');
      const rows = scaledExperiment({ ...s, ensemble, a, ns, alphaTilde, lambdaTildes, trials }, ctx.rng, {
        onProgress: bar.update,
      });
      return { params, rows, plot: scaledPlot(rows, ctx.seed) };
    },
  });

  defineCommand(dense, {
    name: 'capacity-binary',
    description:
      'capacity of binary dense memories E = −Σ F(ξ·σ): polynomial F = xⁿ grows as N^{n−1}, exponential F as e^{αN}',
    examples: [
      'hopfield dense capacity-binary --F poly --degree 3 --n 50,100,200 --trials 2 --seed 1',
      'hopfield dense capacity-binary --F exp --n 10,14,18 --trials 2 --seed 1',
    ],
    configure: (c) =>
      c
        .option('--F <kind>', 'interaction function: poly (xⁿ) | exp (eˣ)', 'poly')
        .option('--degree <int>', 'polynomial degree n ≥ 2 (poly only)', '3')
        .option('--n <list>', 'dimensions N ≥ 2 (default 50,100,200 for poly, 10,14,18 for exp)')
        .option('--trials <int>', 'independent pattern sets per N', '2')
        .option('--tested <int>', 'stored patterns tested per pattern set', '20')
        .option('--max-memory <GiB>', 'refuse runs whose patterns need more memory than this', '2'),
    run: (o, ctx) => {
      const kind = parseChoice('--F', opt(o, 'F'), ['poly', 'exp'] as const);
      const degree = parseInteger('--degree', opt(o, 'degree'), { min: 2, max: 30 });
      const f: BinaryDenseF = kind === 'poly' ? { kind, degree } : { kind };
      const nRaw = o.n === undefined ? (kind === 'poly' ? '50,100,200' : '10,14,18') : opt(o, 'n');
      const ns = parseNumberList('--n', nRaw, { min: 2, max: 100_000 }, true);
      const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1_000_000 });
      const tested = parseInteger('--tested', opt(o, 'tested'), { min: 1, max: 1_000_000 });
      const maxMemoryGiB = parseNumber('--max-memory', opt(o, 'maxMemory'), {
        min: 0,
        minExclusive: true,
        max: 1024,
      });
      const params = { F: kind, ...(kind === 'poly' ? { degree } : {}), n: ns, trials, tested, maxMemoryGiB };
      const bar = ctx.progress('capacity-binary');
      const res = binaryCapacityExperiment(
        { f, ns, trials, tested, memoryLimit: maxMemoryGiB * 1024 ** 3 },
        ctx.rng,
        { onProgress: bar.update },
      );
      const g = res.growth;
      const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
      const summary =
        kind === 'poly'
          ? [
              `log–log slope of P against N: measured ${fmt(g.measured)}, signal-to-noise estimate ${fmt(g.theory)}, ` +
                `asymptotic n − 1 = ${g.asymptotic} (up to the 1/log N factor)`,
            ]
          : [
              `growth rate d ln P / dN: measured ${fmt(g.measured)}; Demircigil et al. retrieve all patterns for α < ½ ln 2 = ${fmt(g.asymptotic)}`,
            ];
      return {
        params,
        rows: res.rows,
        extra: { growth: g, curves: res.curves },
        plot: binaryCapacityPlot(res, ctx.seed),
        summary,
      };
    },
  });
}

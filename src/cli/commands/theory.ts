/**
 * `hopfield theory <name>`: the closed forms and saddle-point solutions of the papers, with the shared output
 * conventions (--json, --csv, --plot). No randomness: these commands take no --seed.
 */
import type { Command } from 'commander';
import {
  agsCriticalLoad,
  agsRetrievalCurve,
  agsRetrievalLoads,
  agsSolve,
  curieWeissMagnetization,
  glassTemperature,
  patternStabilityProbability,
  signalToNoiseCapacity,
  signalToNoiseStability,
} from '../../core/theory/classical.js';
import {
  DENSE_ENSEMBLES,
  type DenseEnsemble,
  denseLoadPoint,
  denseThresholds,
  retrievalLambda,
} from '../../core/theory/dense.js';
import {
  cosineSimilarityLaw,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturHyperbolic,
  marchenkoPasturZeroFraction,
} from '../../core/theory/generating.js';
import {
  gardnerCapacity,
  hebbianStabilityLimit,
  maximallyStableLimit,
  stabilityDistribution,
} from '../../core/theory/pseudolikelihood.js';
import {
  agsPhaseDiagramPlot,
  agsPhaseLines,
  basinAnglePlot,
  basinAngleRows,
  curveChart,
  denseCurves,
  densePhaseDiagramPlot,
  grid,
  stabilityDensityPlot,
  stabilityDensityRows,
} from '../../report/sections/theory.js';
import { defineCommand, type RawOptions } from '../command.js';
import { parseChoiceList, parseInteger, parseNumber, parseNumberList } from '../parse.js';

const opt = (o: RawOptions, k: string) => o[k] as string;
const POSITIVE = { min: 0, minExclusive: true } as const;

/** AGS overlap m(α), one curve per temperature (rows carry alpha, m and a `curve` label). */
const agsOverlapChart = (title: string, data: Record<string, unknown>[]) =>
  curveChart({
    title,
    data,
    x: 'alpha',
    y: 'm',
    color: 'curve',
    xTitle: 'load α',
    yTitle: 'overlap m',
    legendTitle: 'temperature',
  });

/** Register `hopfield theory <name>` and its subcommands. */
export function registerTheory(program: Command): void {
  const theory = program
    .command('theory')
    .description('theory calculators: AGS replica theory, dense-memory thresholds, stability distributions');

  defineCommand(theory, {
    name: 'curie-weiss',
    description: 'Curie–Weiss magnetization m = tanh(β(Jm + h)) (paper 004 section 3.1)',
    examples: ['hopfield theory curie-weiss --temperature 0.1:1.5:0.1 --field 0'],
    random: false,
    configure: (c) =>
      c
        .option('--temperature <list>', 'temperatures T = 1/β ≥ 0: list or range', '0:1.5:0.1')
        .option('--field <h>', 'external field h', '0')
        .option('--coupling <J>', 'coupling J', '1'),
    run: (o) => {
      const temps = parseNumberList('--temperature', opt(o, 'temperature'), { min: 0, max: 1e6 });
      const field = parseNumber('--field', opt(o, 'field'), { min: -1e6, max: 1e6 });
      const coupling = parseNumber('--coupling', opt(o, 'coupling'), { min: -1e6, max: 1e6 });
      const rows = temps.map((t) => ({
        temperature: t,
        field,
        coupling,
        m: curieWeissMagnetization({ beta: t === 0 ? Number.POSITIVE_INFINITY : 1 / t, coupling, field }),
      }));
      return {
        params: { temperature: temps, field, coupling },
        rows,
        plot: curveChart({
          title: `Curie–Weiss magnetization, J = ${coupling}, h = ${field}`,
          data: rows.map((r) => ({ ...r, curve: 'm(T)' })),
          x: 'temperature',
          y: 'm',
          color: 'curve',
          xTitle: 'temperature T',
          yTitle: 'magnetization m',
        }),
      };
    },
  });

  defineCommand(theory, {
    name: 'signal-to-noise',
    description:
      'signal-to-noise stability Φ(1/√α) of one spin and of a whole pattern; P_c = N/(2 ln N) (paper 004 Eq. 35)',
    examples: ['hopfield theory signal-to-noise --alpha 0.01:0.2:0.01 --n 513'],
    random: false,
    configure: (c) =>
      c
        .option('--alpha <list>', 'loads α = P/N > 0: list or range', '0.01:0.2:0.01')
        .option('--n <int>', 'number of neurons N ≥ 2', '513'),
    run: (o) => {
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { ...POSITIVE, max: 1e3 });
      const n = parseInteger('--n', opt(o, 'n'), { min: 2, max: 1e9 });
      const rows = alphas.map((alpha) => ({
        alpha,
        spinStability: signalToNoiseStability(alpha),
        patternStability: patternStabilityProbability(alpha, n),
      }));
      const pcOne = signalToNoiseCapacity(n, 'one');
      const pcAll = signalToNoiseCapacity(n, 'all');
      return {
        params: { alpha: alphas, n },
        rows,
        extra: { n, pcOne, pcAll, alphaOne: pcOne / n, alphaAll: pcAll / n },
        summary: [
          `P_c = N/(2 ln N) = ${pcOne.toFixed(2)} (α = ${(pcOne / n).toFixed(4)}); all patterns N/(4 ln N) = ${pcAll.toFixed(2)}`,
        ],
        plot: curveChart({
          title: `Signal-to-noise stability, N = ${n}`,
          data: rows.flatMap((r) => [
            { alpha: r.alpha, p: r.spinStability, curve: 'one spin Φ(1/√α)' },
            { alpha: r.alpha, p: r.patternStability, curve: `whole pattern Φ(1/√α)^N` },
          ]),
          x: 'alpha',
          y: 'p',
          color: 'curve',
          xTitle: 'load α',
          yTitle: 'probability of stability',
        }),
      };
    },
  });

  defineCommand(theory, {
    name: 'ags',
    description:
      'replica-symmetric (AGS) solution (m, q, r) at load α and temperature T (paper 004 Theorem 8, Eq. 44); m = 0 where no retrieval solution exists',
    examples: ['hopfield theory ags --alpha 0.05,0.1,0.138 --temperature 0,0.2,0.5 --json ags.json'],
    random: false,
    configure: (c) =>
      c
        .option('--alpha <list>', 'loads α > 0: list or range', '0.05,0.1,0.13')
        .option('--temperature <list>', 'temperatures T ≥ 0: list or range', '0'),
    run: (o, ctx) => {
      const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { ...POSITIVE, max: 100 });
      const temps = parseNumberList('--temperature', opt(o, 'temperature'), { min: 0, max: 100 });
      const bar = ctx.progress('ags');
      const rows = [];
      let k = 0;
      for (const t of temps) {
        for (const a of alphas) {
          const s = agsSolve(a, t);
          rows.push({
            alpha: a,
            temperature: t,
            m: s.m,
            q: s.q,
            r: s.r,
            phase: s.phase,
            freeEnergyRetrieval: s.freeEnergyRetrieval,
            freeEnergyGlass: s.freeEnergyGlass,
          });
          bar.update(++k, temps.length * alphas.length);
        }
      }
      return {
        params: { alpha: alphas, temperature: temps },
        rows,
        columns: ['alpha', 'temperature', 'm', 'q', 'r', 'phase'],
        plot: agsOverlapChart(
          'AGS retrieval overlap',
          rows.map((r) => ({ ...r, curve: `T = ${r.temperature}` })),
        ),
      };
    },
  });

  defineCommand(theory, {
    name: 'ags-critical',
    description:
      'critical load α_c(T) of the RS retrieval solution with m there, and the load below which retrieval is the global minimum',
    examples: ['hopfield theory ags-critical --temperature 0 --json crit.json'],
    random: false,
    configure: (c) => c.option('--temperature <list>', 'temperatures T ≥ 0: list or range', '0'),
    run: (o, ctx) => {
      const temps = parseNumberList('--temperature', opt(o, 'temperature'), { min: 0, max: 100 });
      const bar = ctx.progress('ags-critical');
      const rows = temps.map((t, k) => {
        const c = agsCriticalLoad(t);
        const loads = agsRetrievalLoads(t);
        bar.update(k + 1, temps.length);
        return { temperature: t, alphaC: c.alphaC, mAtAlphaC: c.mAtAlphaC, alphaGlobal: loads.alphaGlobal };
      });
      const curves = temps.flatMap((t) =>
        agsRetrievalCurve(t, 40).map((p) => ({ alpha: p.alpha, m: p.m, curve: `T = ${t}` })),
      );
      return {
        params: { temperature: temps },
        rows,
        plot: agsOverlapChart('AGS retrieval overlap m(α) up to α_c(T)', curves),
      };
    },
  });

  defineCommand(theory, {
    name: 'ags-phase-diagram',
    description: 'the lines T_M(α), T_c(α) and T_g(α) = 1 + √α of the AGS phase diagram (paper 004 Fig. 6)',
    examples: ['hopfield theory ags-phase-diagram --points 30 --plot ags.svg'],
    random: false,
    configure: (c) =>
      c
        .option('--points <int>', 'temperatures in [0, 1) on which T_M and T_c are traced', '30')
        .option('--alpha-max <a>', 'largest α of the T_g line', '0.16'),
    run: (o, ctx) => {
      const points = parseInteger('--points', opt(o, 'points'), { min: 2, max: 1000 });
      const alphaMax = parseNumber('--alpha-max', opt(o, 'alphaMax'), { ...POSITIVE, max: 100 });
      const bar = ctx.progress('ags-phase-diagram');
      const rows = agsPhaseLines(points, alphaMax, bar.update);
      return {
        params: { points, alphaMax },
        rows,
        extra: { tg025: glassTemperature(0.25), alphaC0: agsCriticalLoad(0).alphaC },
        plot: agsPhaseDiagramPlot(rows),
      };
    },
  });

  defineCommand(theory, {
    name: 'dense',
    description:
      'dense-memory thresholds α₁(λ), α_c^lb(λ), α_*(λ), Ramsauer bound; with --alpha also φ, λ_*, cos θ_c, c_max (paper 001)',
    examples: [
      'hopfield theory dense --ensemble gaussian --lambda 0.5,1,2 --json dense.json',
      'hopfield theory dense --ensemble spherical --lambda 0.1:2:0.1 --alpha 0.05,0.1,0.2 --plot basin.svg',
    ],
    random: false,
    configure: (c) =>
      c
        .option('--ensemble <list>', `pattern ensembles: ${DENSE_ENSEMBLES.join(',')}`, 'spherical')
        .option('--lambda <list>', 'interaction strengths λ > 0: list or range', '0.1,0.5,1,2,5')
        .option('--alpha <list>', 'loads α = (log P)/N > 0: list or range'),
    run: (o) => {
      const ensembles = parseChoiceList('--ensemble', opt(o, 'ensemble'), DENSE_ENSEMBLES);
      const lambdas = parseNumberList('--lambda', opt(o, 'lambda'), { ...POSITIVE, max: 1e6 });
      const alphas =
        o.alpha === undefined ? null : parseNumberList('--alpha', opt(o, 'alpha'), { ...POSITIVE, max: 100 });
      const rows: Record<string, unknown>[] = [];
      for (const e of ensembles) {
        for (const l of lambdas) {
          const th = denseThresholds(e, l);
          if (alphas === null) rows.push({ ...th });
          else for (const a of alphas) rows.push({ ...th, ...denseLoadPoint(e, a, l) });
        }
      }
      const params = { ensemble: ensembles, lambda: lambdas, alpha: alphas };
      const extra =
        alphas === null
          ? undefined
          : {
              lambda1: ensembles.flatMap((e) =>
                alphas.map((a) => ({ ensemble: e, alpha: a, lambda1: retrievalLambda(e, a) })),
              ),
            };
      if (alphas === null) {
        const plotE: DenseEnsemble = ensembles[0];
        const ls = lambdas.length > 1 ? lambdas : grid(lambdas[0] / 10, lambdas[0] * 10, 50, true);
        return {
          params,
          rows,
          columns: ['ensemble', 'lambda', 'alpha1', 'alphaCLowerBound', 'alphaStar', 'ramsauer'],
          plot: densePhaseDiagramPlot(plotE, denseCurves(plotE, ls)),
        };
      }
      return {
        params,
        rows,
        extra,
        columns: [
          'ensemble',
          'lambda',
          'alpha',
          'alpha1',
          'alphaCLowerBound',
          'phi',
          'lambdaStar',
          'cosThetaC',
          'cMax',
        ],
        plot: basinAnglePlot(ensembles[0], basinAngleRows(ensembles[0], alphas, lambdas)),
      };
    },
  });

  defineCommand(theory, {
    name: 'pl-stability',
    description:
      'stability distribution P_λ(Δ) of a pseudo-likelihood perceptron row at load α (paper 000 Appendix A)',
    examples: [
      'hopfield theory pl-stability --alpha 0.4 --lambda 0.2,1,5 --plot pl.svg',
      'hopfield theory pl-stability --alpha 0.4 --lambda 1 --density -2:5:0.05 --csv density.csv',
    ],
    random: false,
    configure: (c) =>
      c
        .option('--alpha <a>', 'load α = P/N > 0', '0.4')
        .option(
          '--lambda <list>',
          'inverse temperatures λ > 0 of the logistic loss: list or range',
          '0.2,0.5,1,2,5',
        )
        .option(
          '--density <list>',
          'also output P_λ(Δ) on these Δ values (rows become {lambda, delta, density})',
        ),
    run: (o) => {
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { ...POSITIVE, max: 100 });
      const lambdas = parseNumberList('--lambda', opt(o, 'lambda'), { ...POSITIVE, max: 1000 });
      const deltas =
        o.density === undefined
          ? null
          : parseNumberList('--density', opt(o, 'density'), { min: -100, max: 100 });
      const dists = lambdas.map((l) => stabilityDistribution(alpha, l));
      const summary = dists.map((d) => ({
        alpha,
        lambda: d.lambda,
        x: d.x,
        mean: d.mean,
        variance: d.variance,
        negativeTail: d.negativeTail,
      }));
      const extra = {
        hebbianLimit: hebbianStabilityLimit(alpha),
        maximallyStableLimit: maximallyStableLimit(alpha),
        gardnerCapacityAtZeroMargin: gardnerCapacity(0),
      };
      const plotDeltas = deltas ?? grid(-2, Math.max(5, 1 / Math.sqrt(alpha) + 4), 241);
      const plot = stabilityDensityPlot(alpha, stabilityDensityRows(alpha, lambdas, plotDeltas));
      const params = { alpha, lambda: lambdas, density: deltas };
      if (deltas === null) return { params, rows: summary, extra, plot };
      const rows = dists.flatMap((d) =>
        deltas.map((delta) => ({ alpha, lambda: d.lambda, delta, density: d.density(delta) })),
      );
      return { params, rows, extra: { ...extra, summary }, plot };
    },
  });

  defineCommand(theory, {
    name: 'marchenko-pastur',
    description:
      'Marchenko–Pastur spectrum of ΞᵀΞ for Gaussian memories, edges (1 ± α^{−1/2})² and hyperbolicity α < 1/4 (paper 002 §5.4)',
    examples: ['hopfield theory marchenko-pastur --alpha 0.2 --points 200 --plot mp.svg'],
    random: false,
    configure: (c) =>
      c
        .option('--alpha <a>', 'ratio α = N_h/N_v > 0', '0.2')
        .option('--points <int>', 'eigenvalues on which the density is tabulated', '200'),
    run: (o) => {
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { ...POSITIVE, max: 1e6 });
      const points = parseInteger('--points', opt(o, 'points'), { min: 2, max: 100000 });
      const { lambdaMin, lambdaMax } = marchenkoPasturEdges(alpha);
      const rows = grid(lambdaMin, lambdaMax, points).map((lambda) => ({
        lambda,
        density: marchenkoPasturDensity(lambda, alpha),
      }));
      const extra = {
        lambdaMin,
        lambdaMax,
        zeroFraction: marchenkoPasturZeroFraction(alpha),
        hyperbolic: marchenkoPasturHyperbolic(alpha),
      };
      return {
        params: { alpha, points },
        rows,
        extra,
        summary: [
          `λ_min = ${lambdaMin.toPrecision(6)}, λ_max = ${lambdaMax.toPrecision(6)}, zero modes ${extra.zeroFraction.toPrecision(4)}, hyperbolic: ${extra.hyperbolic}`,
        ],
        plot: curveChart({
          title: `Marchenko–Pastur density, α = ${alpha}`,
          data: rows.map((r) => ({ ...r, curve: 'ρ(λ)' })),
          x: 'lambda',
          y: 'density',
          color: 'curve',
          xTitle: 'eigenvalue λ of ΞᵀΞ',
          yTitle: 'density',
        }),
      };
    },
  });

  defineCommand(theory, {
    name: 'cosine-law',
    description: 'cosine similarity of a memory to its target under the synaptic dynamics (paper 002 Eq. 40)',
    examples: ['hopfield theory cosine-law --tau 1 --alpha0 -0.5,0,0.5 --time 0:5:0.25'],
    random: false,
    configure: (c) =>
      c
        .option('--tau <t>', 'time scale τ_μ > 0 of the memory row', '1')
        .option('--alpha0 <list>', 'initial similarities in (-1, 1]', '-0.5,0,0.5')
        .option('--time <list>', 'times t ≥ 0: list or range', '0:5:0.25'),
    run: (o) => {
      const tau = parseNumber('--tau', opt(o, 'tau'), { ...POSITIVE, max: 1e9 });
      const alpha0s = parseNumberList('--alpha0', opt(o, 'alpha0'), { min: -1, minExclusive: true, max: 1 });
      const times = parseNumberList('--time', opt(o, 'time'), { min: 0, max: 1e9 });
      const rows = alpha0s.flatMap((a0) =>
        times.map((t) => ({ alpha0: a0, time: t, similarity: cosineSimilarityLaw(t, tau, a0) })),
      );
      return {
        params: { tau, alpha0: alpha0s, time: times },
        rows,
        plot: curveChart({
          title: `Cosine-similarity law, τ = ${tau}`,
          data: rows.map((r) => ({ ...r, curve: `α₀ = ${r.alpha0}` })),
          x: 'time',
          y: 'similarity',
          color: 'curve',
          xTitle: 'time t',
          yTitle: 'cosine similarity',
          legendTitle: 'initial similarity',
        }),
      };
    },
  });
}

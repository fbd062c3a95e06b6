/**
 * `hopfield lagrangian simulate|synaptic|spectrum`: generating-function networks (paper 002).
 */
import type { Command } from 'commander';
import type { LagrangianSpec } from '../../core/lagrangians/index.js';
import type { GeneratingCoupling, VisibleLagrangianSpec } from '../../core/models/generating.js';
import {
  type GeneratingMemoryEnsemble,
  lagrangianSimulateExperiment,
  marchenkoPasturExperiment,
  synapticExperiment,
} from '../../experiments/lagrangian.js';
import { energyPlot, spectrumPlot, synapticPlot } from '../../report/sections/lagrangian.js';
import { defineCommand, type RawOptions } from '../command.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseNumber, parseNumberList } from '../parse.js';

const opt = (o: RawOptions, k: string) => o[k] as string;

export const HIDDEN_NAMES = ['quadratic', 'logcosh', 'lse', 'relu', 'repu', 'exp'] as const;
export const VISIBLE_NAMES = [...HIDDEN_NAMES, 'memory'] as const;
type VisibleName = (typeof VISIBLE_NAMES)[number];

/**
 * One generating function from "name[:parameter]": quadratic[:scale], logcosh[:β], lse[:β], relu, repu[:degree],
 * exp[:β], and for the visible layer memory[:β] (L_v = (β/2K)‖Ξv‖², Eq. 21).
 */
export function parseLagrangian(
  flag: string,
  raw: string,
  allowed: readonly VisibleName[],
  k: number,
): VisibleLagrangianSpec {
  const text = String(raw).trim();
  const [name, param, extra] = text.split(':');
  const bad = () =>
    new UsageError(
      `${flag} must be one of ${allowed.join(', ')}, optionally with ":parameter" (e.g. lse:2, repu:3) (got "${raw}")`,
    );
  if (extra !== undefined || !(allowed as readonly string[]).includes(name)) throw bad();
  const num = (dflt: number, min: number, minExclusive: boolean) => {
    if (param === undefined) return dflt;
    return parseNumber(`${flag} parameter of ${name}`, param, { min, minExclusive, max: 1e6 });
  };
  const n = name as VisibleName;
  switch (n) {
    case 'quadratic':
      return { kind: 'quadratic', scale: num(1, 0, true) };
    case 'logcosh':
      return { kind: 'logcosh', beta: num(1, 0, true) };
    case 'lse':
      return { kind: 'lse', beta: num(1, 0, true) };
    case 'relu':
      if (param !== undefined) throw bad();
      return { kind: 'repu', degree: 2 };
    case 'repu':
      return { kind: 'repu', degree: num(3, 2, false) };
    case 'exp':
      return { kind: 'exp', beta: num(1, 0, true) };
    case 'memory':
      return { kind: 'memoryQuadratic', scale: num(1, 0, true) / k };
  }
}

/** A comma-separated list of hidden generating functions. */
function parseHiddenList(flag: string, raw: string, k: number): LagrangianSpec[] {
  const parts = String(raw)
    .split(',')
    .map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new UsageError(
      `${flag} must be a comma-separated list of ${HIDDEN_NAMES.join(', ')} with optional ":parameter" (got "${raw}")`,
    );
  return parts.map((p) => parseLagrangian(flag, p, HIDDEN_NAMES, k) as LagrangianSpec);
}

export function registerLagrangian(program: Command): void {
  const parent = program
    .command('lagrangian')
    .description('generating-function (Lagrangian) networks and synaptic learning dynamics (paper 002)');

  defineCommand(parent, {
    name: 'simulate',
    description:
      'neural dynamics τ_v dv/dt = −v + I + Jᵀ f(Jg + b) from a noisy memory, with the quasi-equilibrium energy E_QE along the trajectory',
    examples: [
      'hopfield lagrangian simulate --nv 100 --k 10 --lv quadratic --lh lse:20,logcosh:5,relu,repu:3 --dt 0.1 --steps 200 --seed 1 --plot energy.svg',
      'hopfield lagrangian simulate --coupling identity --lv memory:2 --lh logcosh --nv 100 --k 5 --norm 10 --seed 1',
    ],
    configure: (c) =>
      c
        .option('--nv <int>', 'visible neurons N_v', '100')
        .option('--k <int>', 'memories K (= hidden neurons N_h for --coupling memory)', '10')
        .option('--memories <kind>', 'memory ensemble: binary|gaussian|orthogonal', 'binary')
        .option('--norm <number>', 'row norm ‖ξ^μ‖ of the memories', '1')
        .option('--coupling <kind>', 'memory (J = Ξ, Eq. 9) | identity (J = 1, Eq. 20)', 'memory')
        .option('--lv <name[:p]>', `visible generating function: ${VISIBLE_NAMES.join('|')}`, 'quadratic')
        .option(
          '--lh <list>',
          `hidden generating functions, one run each: ${HIDDEN_NAMES.join('|')}`,
          'lse:20',
        )
        .option('--dt <number>', 'time step in units of τ_v, in (0, 1] (1 = one-step update, Eq. 2)', '0.1')
        .option('--steps <int>', 'number of steps', '200')
        .option('--every <int>', 'record every k steps', '1')
        .option('--noise <number>', 'start v0 = ξ¹ + noise·(‖ξ¹‖/√N_v)·z, z ~ N(0, 1)', '0.5'),
    run: (o, ctx) => {
      const nv = parseInteger('--nv', opt(o, 'nv'), { min: 1, max: 5000 });
      const k = parseInteger('--k', opt(o, 'k'), { min: 1, max: 5000 });
      const memories = parseChoice('--memories', opt(o, 'memories'), [
        'binary',
        'gaussian',
        'orthogonal',
      ] as const) as GeneratingMemoryEnsemble;
      if (memories === 'orthogonal' && k > nv)
        throw new UsageError(`--k must be ≤ --nv = ${nv} for orthogonal memories (got "${k}")`);
      const norm = parseNumber('--norm', opt(o, 'norm'), { min: 0, minExclusive: true, max: 1e6 });
      const couplingName = parseChoice('--coupling', opt(o, 'coupling'), ['memory', 'identity'] as const);
      const coupling: GeneratingCoupling = { kind: couplingName };
      const visible = parseLagrangian('--lv', opt(o, 'lv'), VISIBLE_NAMES, k);
      const hidden = parseHiddenList('--lh', opt(o, 'lh'), k);
      const dt = parseNumber('--dt', opt(o, 'dt'), { min: 0, minExclusive: true, max: 1 });
      const steps = parseInteger('--steps', opt(o, 'steps'), { min: 1, max: 1_000_000 });
      const every = parseInteger('--every', opt(o, 'every'), { min: 1 });
      const noise = parseNumber('--noise', opt(o, 'noise'), { min: 0, max: 1e3 });
      const params = {
        nv,
        k,
        memories,
        norm,
        coupling: couplingName,
        lv: opt(o, 'lv'),
        lh: opt(o, 'lh'),
        dt,
        steps,
        every,
        noise,
      };
      const bar = ctx.progress('simulate');
      const res = lagrangianSimulateExperiment(
        { nv, k, memories, norm, coupling, visible, hidden, dt, steps, every, noise },
        ctx.rng,
        { onProgress: bar.update },
      );
      const maxEnergyIncrease = Math.max(...res.summary.map((s) => s.maxEnergyIncrease));
      return {
        params,
        rows: res.rows,
        extra: { summary: res.summary, maxEnergyIncrease },
        plot: energyPlot(res.rows, {
          title: `E_QE along the dynamics, L_v = ${opt(o, 'lv')}, N_v = ${nv}, K = ${k} (seed ${ctx.seed})`,
        }),
        summary: res.summary.map(
          (s) =>
            `${s.hidden}: final E_QE ${s.finalEnergy.toPrecision(6)}, final similarity ${s.finalSimilarity.toFixed(4)}, largest energy increase ${s.maxEnergyIncrease.toExponential(2)}${s.maxJacobianEigenvalue === null ? '' : `, largest Jacobian eigenvalue at the end ${s.maxJacobianEigenvalue.toPrecision(4)} (${s.maxJacobianEigenvalue < 0 ? 'stable' : 'not stable'}${s.hyperbolic ? ', hyperbolic' : ', not hyperbolic'})`}${s.diverged ? ' (diverged: the trajectory runs away, E_QE is unbounded below; lower --norm or the gain)' : ''}`,
        ),
      };
    },
  });

  defineCommand(parent, {
    name: 'synaptic',
    description:
      'synaptic learning (Appendix B): memories pulled toward clamped noisy patterns; cosine similarity against Eq. 40',
    examples: [
      'hopfield lagrangian synaptic --nv 50 --nh 4 --steps 2000 --tau 250 --noise 0.4 --beta 2 --seed 1 --plot fig1.svg',
    ],
    configure: (c) =>
      c
        .option('--nv <int>', 'visible neurons N_v', '50')
        .option('--nh <int>', 'memories N_h (≤ N_v, orthogonal at start)', '4')
        .option('--steps <int>', 'clamping steps', '2000')
        .option('--tau <number>', 'memory time scale τ_Ξ (≥ 1, in steps)', '250')
        .option('--noise <number>', 'noise σ of the observed patterns ξ′ = ξ⁽⁰⁾ + N(0, σ²)', '0.4')
        .option('--beta <number>', 'softmax inverse temperature β of the weights (Eq. 13)', '2')
        .option('--p <list>', 'clamping probabilities p_μ (sum 1; default uniform)')
        .option('--every <int>', 'keep a row every k steps (deviation is measured at every step)', '20'),
    run: (o, ctx) => {
      const nv = parseInteger('--nv', opt(o, 'nv'), { min: 1, max: 10000 });
      const nh = parseInteger('--nh', opt(o, 'nh'), { min: 1, max: 10000 });
      if (nh > nv) throw new UsageError(`--nh must be ≤ --nv = ${nv} (got "${nh}")`);
      const steps = parseInteger('--steps', opt(o, 'steps'), { min: 0, max: 10_000_000 });
      const tauXi = parseNumber('--tau', opt(o, 'tau'), { min: 1, max: 1e9 });
      const noise = parseNumber('--noise', opt(o, 'noise'), { min: 0, max: 1e3 });
      const beta = parseNumber('--beta', opt(o, 'beta'), { min: 0, max: 1e6 });
      const every = parseInteger('--every', opt(o, 'every'), { min: 1 });
      let probabilities: number[] | undefined;
      if (o.p !== undefined) {
        probabilities = parseNumberList('--p', opt(o, 'p'), { min: 0, max: 1 });
        if (probabilities.length !== nh)
          throw new UsageError(`--p must list ${nh} probabilities, one per memory (got "${opt(o, 'p')}")`);
        const s = probabilities.reduce((a, b) => a + b, 0);
        if (Math.abs(s - 1) > 1e-6)
          throw new UsageError(`--p must sum to 1 (got "${opt(o, 'p')}", sum ${s})`);
        probabilities = probabilities.map((p) => p / s);
      }
      const params = { nv, nh, steps, tau: tauXi, noise, beta, p: probabilities ?? 'uniform', every };
      const bar = ctx.progress('synaptic');
      const res = synapticExperiment(
        { nv, nh, steps, tauXi, noise, beta, every, ...(probabilities ? { probabilities } : {}) },
        ctx.rng,
        { onProgress: bar.update },
      );
      return {
        params,
        rows: res.rows,
        extra: {
          maxDeviation: res.maxDeviation,
          finalSimilarity: res.finalSimilarity,
          initialSimilarity: res.initialSimilarity,
          timescales: res.timescales,
          hebbianDeviation: res.hebbianDeviation,
          hebbianDeviationTheory: res.hebbianDeviationTheory,
        },
        plot: synapticPlot(res.rows, { nv, nh, tauXi, noise, beta, seed: ctx.seed }),
        summary: [
          `max |simulation − Eq. 40| over all steps and rows: ${res.maxDeviation.toFixed(5)}`,
          `final similarities: ${res.finalSimilarity.map((x) => x.toFixed(5)).join(', ')}`,
          `distance to the Hebbian prescription ‖ΞᵀΞ − Ξ′ᵀΞ′‖/‖Ξ′ᵀΞ′‖: ${res.hebbianDeviation.toFixed(5)} (Eq. 24: ${res.hebbianDeviationTheory.toFixed(5)})`,
        ],
      };
    },
  });

  defineCommand(parent, {
    name: 'spectrum',
    description:
      'spectrum of ΞᵀΞ for Gaussian memories ξ ~ N(0, 1/N_h) against Marchenko–Pastur, with zero modes and the hyperbolicity check (§5.4)',
    examples: ['hopfield lagrangian spectrum --nv 1000 --alpha 0.2 --seed 1 --plot mp.svg'],
    configure: (c) =>
      c
        .option('--nv <int>', 'visible neurons N_v', '1000')
        .option('--alpha <number>', 'load α = N_h/N_v', '0.2')
        .option('--bins <int>', 'histogram bins', '40'),
    run: (o, ctx) => {
      const nv = parseInteger('--nv', opt(o, 'nv'), { min: 2, max: 4000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 16 });
      const bins = parseInteger('--bins', opt(o, 'bins'), { min: 1, max: 10000 });
      const nh = Math.max(1, Math.round(alpha * nv));
      if (Math.min(nh, nv) > 2500)
        throw new UsageError(
          `--nv and --alpha give a ${Math.min(nh, nv)}-dimensional eigenproblem; at most 2500 is allowed (got --nv "${nv}", --alpha "${alpha}")`,
        );
      const params = { nv, alpha, nh, bins };
      const bar = ctx.progress('spectrum');
      const res = marchenkoPasturExperiment({ nv, alpha, bins }, ctx.rng, { onProgress: bar.update });
      const { rows, eigenvalues: _e, ...extra } = res;
      return {
        params,
        rows,
        extra,
        plot: spectrumPlot(res, { nv, alpha, seed: ctx.seed }),
        summary: [
          `edges: λ_min ${res.lambdaMin.toFixed(4)} (theory ${res.theoryMin.toFixed(4)}, rel. error ${(100 * res.relErrorMin).toFixed(2)}%), λ_max ${res.lambdaMax.toFixed(4)} (theory ${res.theoryMax.toFixed(4)}, rel. error ${(100 * res.relErrorMax).toFixed(2)}%)`,
          `zero modes: ${res.zeroModes} (Marchenko–Pastur: ${res.expectedZeroModes})`,
          `Jacobian −1 + ΞᵀΞ at v* = 0 (Eq. 29): min |λ − 1| = ${res.minDistanceToOne.toPrecision(4)}, hyperbolic: ${res.hyperbolic}; α < 1/4: ${res.hyperbolicTheory}`,
        ],
      };
    },
  });
}

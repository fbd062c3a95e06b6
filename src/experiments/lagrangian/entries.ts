/**
 * Generating-function (Lagrangian) networks of paper 002 — `lagrangian` in the library and on the
 * command line: neural dynamics with the quasi-equilibrium energy, synaptic learning (Appendix B) and the
 * Marchenko–Pastur spectrum of ΞᵀΞ (§5.4).
 */
import {
  NEURAL_STEP,
  NEURAL_STEPS,
  SYNAPTIC_BETA,
  SYNAPTIC_NEURONS,
  SYNAPTIC_STEPS,
  SYNAPTIC_TIMESCALE,
} from '../../core/dynamics/lagrangian.js';
import {
  LAGRANGIAN_MEMORIES,
  LAGRANGIAN_VISIBLE,
  MAX_EIGEN_DIMENSION,
  MEMORY_NORM,
  SPECTRUM_LOAD,
  SPECTRUM_VISIBLE,
} from '../../core/models/lagrangian.js';
import { marchenkoPasturEdges } from '../../core/theory/lagrangian.js';
import { checkMemory, DEFAULT_MAX_MEMORY_GIB, ParamError } from '../../core/validate.js';
import { choice, int, maxMemory, num, numList, text } from '../params.js';
import { defineExperiment } from '../registry/types.js';
import { energyPlot, spectrumPlot, synapticPlot } from './figures.js';
import {
  HIDDEN_NAMES,
  lagrangianSimulateExperiment,
  marchenkoPasturExperiment,
  parseHiddenLagrangians,
  parseLagrangian,
  synapticExperiment,
  VISIBLE_NAMES,
} from './run.js';

/** Bytes per kept row: the object and its share of the JSON and CSV text. */
const ROW_BYTES = 200;
const NOISE = { min: 0, max: 1e3 };
const EVERY = { integer: true, min: 1 };

/** The memory limit is stored with the parameters only when it was changed. */
const storedLimit = (c: { maxMemory: number }) =>
  c.maxMemory === DEFAULT_MAX_MEMORY_GIB ? { maxMemory: undefined } : {};

export const simulate = defineExperiment({
  id: 'lagrangian.simulate',
  family: 'lagrangian',
  summary:
    'neural dynamics τ_v dv/dt = −v + I + Jᵀ f(Jg + b) from a noisy memory, with the quasi-equilibrium energy E_QE along the trajectory',
  examples: [
    'lagrangian simulate --nv 100 --k 10 --lv quadratic --lh lse:20,logcosh:5,relu,repu:3 --dt 0.1 --steps 200 --seed 1 --plot energy.svg',
    'lagrangian simulate --coupling identity --lv memory:2 --lh logcosh --nv 100 --k 5 --norm 10 --seed 1',
  ],
  params: {
    nv: int({ help: 'visible neurons N_v', bounds: LAGRANGIAN_VISIBLE, default: 100 }),
    k: int({
      help: 'memories K (= hidden neurons N_h for --coupling memory)',
      bounds: LAGRANGIAN_MEMORIES,
      default: 10,
    }),
    memories: choice(['binary', 'gaussian', 'orthogonal'], { help: 'memory ensemble', default: 'binary' }),
    norm: num({ help: 'row norm ‖ξ^μ‖ of the memories', bounds: MEMORY_NORM, default: 1 }),
    coupling: choice(['memory', 'identity'], {
      help: 'memory (J = Ξ, Eq. 9) | identity (J = 1, Eq. 20)',
      default: 'memory',
    }),
    lv: text({
      help: `visible generating function name[:parameter]: ${VISIBLE_NAMES.join('|')}`,
      default: 'quadratic',
      metavar: '<name[:p]>',
    }),
    lh: text({
      help: `hidden generating functions, one run each: ${HIDDEN_NAMES.join('|')} with optional ":parameter"`,
      default: 'lse:20',
      metavar: '<list>',
    }),
    dt: num({
      help: 'time step in units of τ_v, in (0, 1] (1 = one-step update, Eq. 2)',
      bounds: NEURAL_STEP,
      default: 0.1,
    }),
    steps: int({ help: 'number of steps', bounds: NEURAL_STEPS, default: 200 }),
    every: int({ help: 'record every k steps', bounds: EVERY, default: 1 }),
    noise: num({ help: 'start v0 = ξ¹ + noise·(‖ξ¹‖/√N_v)·z, z ~ N(0, 1)', bounds: NOISE, default: 0.5 }),
    maxMemory: maxMemory(),
  },
  check: (c) => {
    if (c.memories === 'orthogonal' && c.k > c.nv)
      throw new ParamError('k', `must be ≤ --nv = ${c.nv} for orthogonal memories (got ${c.k})`);
    parseLagrangian('lv', c.lv, VISIBLE_NAMES, c.k);
    const hidden = parseHiddenLagrangians('lh', c.lh, c.k);
    const rows = hidden.length * (Math.floor(c.steps / c.every) + 2);
    // Memories, coupling and Gram matrices (≤ N_v² for L_v = memory), Jacobian at the end, and the kept rows.
    const bytes = 8 * (3 * c.k * c.nv + 2 * c.nv * c.nv) + ROW_BYTES * rows;
    checkMemory(
      `this run (the network and ${rows} rows)`,
      bytes,
      c.maxMemory,
      'lower --nv, --k or --steps, raise --every',
    );
  },
  // Per hidden function: each step multiplies by Ξ and Ξᵀ (4·K·N_v); the Jacobian's eigenvalues at the end ≈ 10·N_v³.
  work: (c) => ({ scalar: c.lh.split(',').length * (c.steps * 4 * c.k * c.nv + 10 * c.nv ** 3) }),
  run: (c, rng, hooks) => {
    const res = lagrangianSimulateExperiment(
      {
        nv: c.nv,
        k: c.k,
        memories: c.memories,
        norm: c.norm,
        coupling: { kind: c.coupling },
        visible: parseLagrangian('lv', c.lv, VISIBLE_NAMES, c.k),
        hidden: parseHiddenLagrangians('lh', c.lh, c.k),
        dt: c.dt,
        steps: c.steps,
        every: c.every,
        noise: c.noise,
      },
      rng,
      hooks,
    );
    const maxEnergyIncrease = Math.max(...res.summary.map((s) => s.maxEnergyIncrease));
    return {
      rows: res.rows,
      extra: { summary: res.summary, maxEnergyIncrease },
      derived: storedLimit(c),
      summary: res.summary.map(simulateLine),
    };
  },
  figure: (rows, c, seed) =>
    energyPlot(rows, {
      title: `E_QE along the dynamics, L_v = ${c.lv}, N_v = ${c.nv}, K = ${c.k} (seed ${seed})`,
    }),
  caption:
    'E_QE(t) along the neural dynamics, one line per hidden generating function: it never increases (Eq. 8).',
});

/** One line of the simulate summary. */
function simulateLine(s: {
  hidden: string;
  finalEnergy: number;
  finalSimilarity: number;
  maxEnergyIncrease: number;
  maxJacobianEigenvalue: number | null;
  hyperbolic: boolean | null;
  diverged: boolean;
}): string {
  const jac =
    s.maxJacobianEigenvalue === null
      ? ''
      : `, largest Jacobian eigenvalue at the end ${s.maxJacobianEigenvalue.toPrecision(4)} (${s.maxJacobianEigenvalue < 0 ? 'stable' : 'not stable'}${s.hyperbolic ? ', hyperbolic' : ', not hyperbolic'})`;
  const div = s.diverged
    ? ' (diverged: the trajectory runs away, E_QE is unbounded below; lower --norm or the gain)'
    : '';
  return `${s.hidden}: final E_QE ${s.finalEnergy.toPrecision(6)}, final similarity ${s.finalSimilarity.toFixed(4)}, largest energy increase ${s.maxEnergyIncrease.toExponential(2)}${jac}${div}`;
}

export const synaptic = defineExperiment({
  id: 'lagrangian.synaptic',
  family: 'lagrangian',
  summary:
    'synaptic learning (Appendix B): memories pulled toward clamped noisy patterns; cosine similarity against Eq. 40',
  examples: [
    'lagrangian synaptic --nv 50 --nh 4 --steps 2000 --tau 250 --noise 0.4 --beta 2 --seed 1 --plot fig1.svg',
  ],
  params: {
    nv: int({ help: 'visible neurons N_v', bounds: SYNAPTIC_NEURONS, default: 50 }),
    nh: int({ help: 'memories N_h (≤ N_v, orthogonal at start)', bounds: SYNAPTIC_NEURONS, default: 4 }),
    steps: int({ help: 'clamping steps', bounds: SYNAPTIC_STEPS, default: 2000 }),
    tau: num({ help: 'memory time scale τ_Ξ (≥ 1, in steps)', bounds: SYNAPTIC_TIMESCALE, default: 250 }),
    noise: num({
      help: 'noise σ of the observed patterns ξ′ = ξ⁽⁰⁾ + N(0, σ²)',
      bounds: NOISE,
      default: 0.4,
    }),
    beta: num({
      help: 'softmax inverse temperature β of the weights (Eq. 13)',
      bounds: SYNAPTIC_BETA,
      default: 2,
    }),
    p: numList({
      help: 'clamping probabilities p_μ, one per memory, summing to 1 (default uniform)',
      bounds: { min: 0, max: 1 },
      optional: true,
    }),
    every: int({
      help: 'keep a row every k steps (deviation is measured at every step)',
      bounds: EVERY,
      default: 20,
    }),
    maxMemory: maxMemory(),
  },
  check: (c) => {
    if (c.nh > c.nv) throw new ParamError('nh', `must be ≤ --nv = ${c.nv} (got ${c.nh})`);
    probabilities(c.p, c.nh);
    const rows = c.nh * (Math.floor(c.steps / c.every) + 2);
    // Four K × N_v memory matrices, two N_v × N_v Gram matrices at the end, and the kept rows.
    const bytes = 8 * (5 * c.nh * c.nv + 2 * c.nv * c.nv) + ROW_BYTES * rows;
    checkMemory(
      `this run (the memories and ${rows} rows)`,
      bytes,
      c.maxMemory,
      'lower --nv or --steps, raise --every',
    );
  },
  // Each step: the weights, the memories' update and the deviation from Eq. 40, a few N_v·N_h each; at the end two
  // N_v × N_v Gram matrices (2·N_v²·N_h, and about 10·N_v² to allocate and compare them).
  work: (c) => ({ scalar: 6 * c.steps * c.nv * c.nh + 2 * c.nv * c.nv * c.nh + 10 * c.nv * c.nv }),
  run: (c, rng, hooks) => {
    const p = probabilities(c.p, c.nh);
    const res = synapticExperiment(
      {
        nv: c.nv,
        nh: c.nh,
        steps: c.steps,
        tauXi: c.tau,
        noise: c.noise,
        beta: c.beta,
        every: c.every,
        ...(p ? { probabilities: p } : {}),
      },
      rng,
      hooks,
    );
    return {
      rows: res.rows,
      extra: {
        maxDeviation: res.maxDeviation,
        finalSimilarity: res.finalSimilarity,
        initialSimilarity: res.initialSimilarity,
        timescales: res.timescales,
        hebbianDeviation: res.hebbianDeviation,
        hebbianDeviationTheory: res.hebbianDeviationTheory,
      },
      derived: { p: p ?? 'uniform', ...storedLimit(c) },
      summary: [
        `max |simulation − Eq. 40| over all steps and rows: ${res.maxDeviation.toFixed(5)}`,
        `final similarities: ${res.finalSimilarity.map((x) => x.toFixed(5)).join(', ')}`,
        `distance to the Hebbian prescription ‖ΞᵀΞ − Ξ′ᵀΞ′‖/‖Ξ′ᵀΞ′‖: ${res.hebbianDeviation.toFixed(5)} (Eq. 24: ${res.hebbianDeviationTheory.toFixed(5)})`,
      ],
    };
  },
  figure: (rows, c, seed) =>
    synapticPlot(rows, { nv: c.nv, nh: c.nh, tauXi: c.tau, noise: c.noise, beta: c.beta, seed }),
  caption:
    'Cosine similarity of each memory row with its observed target while v is clamped to the noisy patterns; ' +
    'dashed: Eq. 40 with τ_μ = τ_Ξ/p_μ.',
});

/** The clamping probabilities: one per memory, summing to 1 (renormalized to exactly 1); undefined is uniform. */
function probabilities(p: readonly number[] | undefined, nh: number): number[] | undefined {
  if (p === undefined) return undefined;
  if (p.length !== nh)
    throw new ParamError('p', `must list ${nh} probabilities, one per memory (got "${p.join(',')}")`);
  const s = p.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-6) throw new ParamError('p', `must sum to 1 (got "${p.join(',')}", sum ${s})`);
  return p.map((x) => x / s);
}

export const spectrum = defineExperiment({
  id: 'lagrangian.spectrum',
  family: 'lagrangian',
  summary:
    'spectrum of ΞᵀΞ for Gaussian memories ξ ~ N(0, 1/N_h) against Marchenko–Pastur, with zero modes and the hyperbolicity check (§5.4)',
  examples: ['lagrangian spectrum --nv 1000 --alpha 0.2 --seed 1 --plot mp.svg'],
  params: {
    nv: int({ help: 'visible neurons N_v', bounds: SPECTRUM_VISIBLE, default: 1000 }),
    alpha: num({ help: 'load α = N_h/N_v', bounds: SPECTRUM_LOAD, default: 0.2 }),
    bins: int({ help: 'histogram bins', bounds: { integer: true, min: 1, max: 10000 }, default: 40 }),
    maxMemory: maxMemory(),
  },
  check: (c) => {
    const nh = Math.max(1, Math.round(c.alpha * c.nv));
    const dim = Math.min(nh, c.nv);
    if (dim > MAX_EIGEN_DIMENSION)
      throw new ParamError(
        'nv',
        `and --alpha give a ${dim}-dimensional eigenproblem; at most ${MAX_EIGEN_DIMENSION} is allowed (got --nv "${c.nv}", --alpha "${c.alpha}")`,
      );
    // Ξ and its transpose, the Gram matrix and the eigensolver's copy of it.
    const bytes = 8 * (2 * nh * c.nv + 2 * dim * dim + c.nv);
    checkMemory(
      `this run (Ξ of ${nh} × ${c.nv} and its Gram matrix)`,
      bytes,
      c.maxMemory,
      'lower --nv or --alpha',
    );
  },
  // The Gram matrix (N_h·N_v·dim) and its symmetric eigensolver (≈ 10·dim³).
  work: (c) => {
    const nh = Math.max(1, Math.round(c.alpha * c.nv));
    const dim = Math.min(nh, c.nv);
    return { scalar: nh * c.nv * dim + 10 * dim ** 3 };
  },
  run: (c, rng, hooks) => {
    const res = marchenkoPasturExperiment({ nv: c.nv, alpha: c.alpha, bins: c.bins }, rng, hooks);
    const { rows, eigenvalues: _e, ...extra } = res;
    return {
      rows,
      extra,
      derived: { nh: res.nh, ...storedLimit(c) },
      summary: [
        `edges: λ_min ${res.lambdaMin.toFixed(4)} (theory ${res.theoryMin.toFixed(4)}, rel. error ${(100 * res.relErrorMin).toFixed(2)}%), λ_max ${res.lambdaMax.toFixed(4)} (theory ${res.theoryMax.toFixed(4)}, rel. error ${(100 * res.relErrorMax).toFixed(2)}%)`,
        `zero modes: ${res.zeroModes} (Marchenko–Pastur: ${res.expectedZeroModes})`,
        `Jacobian −1 + ΞᵀΞ at v* = 0 (Eq. 29): min |λ − 1| = ${res.minDistanceToOne.toPrecision(4)}, hyperbolic: ${res.hyperbolic}; α < 1/4: ${res.hyperbolicTheory}`,
      ],
    };
  },
  figure: (rows, c, seed, extra) => {
    const nh = Math.max(1, Math.round(c.alpha * c.nv));
    const edges = marchenkoPasturEdges(nh / c.nv);
    return spectrumPlot(
      rows,
      {
        nh,
        theoryMin: edges.lambdaMin,
        theoryMax: edges.lambdaMax,
        zeroModes: (extra?.zeroModes as number | undefined) ?? c.nv - Math.min(nh, c.nv),
      },
      { nv: c.nv, alpha: c.alpha, seed },
    );
  },
  caption:
    'Nonzero eigenvalues of ΞᵀΞ for ξ ~ N(0, 1/N_h); dashed: Marchenko–Pastur density, rules at ' +
    'λ± = (1 ± α^{−1/2})². With α < 1/4 the bulk lies above 1, so the zero fixed point of Eq. 27 is hyperbolic.',
});

export const lagrangianExperiments = [simulate, synaptic, spectrum];

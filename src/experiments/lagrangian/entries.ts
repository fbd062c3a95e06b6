import { MAX_EIGEN_DIMENSION } from '../../core/models/lagrangian.js';
import { marchenkoPasturEdges } from '../../core/theory/lagrangian.js';
import { checkMemory, DEFAULT_MAX_MEMORY_GIB, ParamError } from '../../core/validate.js';
import { defineExperiment } from '../registry/types.js';
import { energyPlot, spectrumPlot, synapticPlot } from './figures.js';
import {
  clampingProbabilities,
  lagrangianSimulateExperiment,
  marchenkoPasturExperiment,
  parseHiddenLagrangians,
  parseLagrangian,
  simulateParams,
  spectrumParams,
  synapticExperiment,
  synapticParams,
  VISIBLE_NAMES,
} from './run.js';

/** Bytes per kept row: the object and its share of the JSON and CSV text. */
const ROW_BYTES = 200;

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
  params: simulateParams,
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
    const res = lagrangianSimulateExperiment(c, rng, hooks);
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
  params: synapticParams,
  check: (c) => {
    if (c.nh > c.nv) throw new ParamError('nh', `must be ≤ --nv = ${c.nv} (got ${c.nh})`);
    clampingProbabilities(c.p, c.nh);
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
    const res = synapticExperiment(c, rng, hooks);
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
      derived: { p: clampingProbabilities(c.p, c.nh) ?? 'uniform', ...storedLimit(c) },
      summary: [
        `max |simulation − Eq. 40| over all steps and rows: ${res.maxDeviation.toFixed(5)}`,
        `final similarities: ${res.finalSimilarity.map((x) => x.toFixed(5)).join(', ')}`,
        `distance to the Hebbian prescription ‖ΞᵀΞ − Ξ′ᵀΞ′‖/‖Ξ′ᵀΞ′‖: ${res.hebbianDeviation.toFixed(5)} (Eq. 24: ${res.hebbianDeviationTheory.toFixed(5)})`,
      ],
    };
  },
  figure: (rows, c, seed) => synapticPlot(rows, { ...c, seed }),
  caption:
    'Cosine similarity of each memory row with its observed target while v is clamped to the noisy patterns; ' +
    'dashed: Eq. 40 with τ_μ = τ_Ξ/p_μ.',
});

export const spectrum = defineExperiment({
  id: 'lagrangian.spectrum',
  family: 'lagrangian',
  summary:
    'spectrum of ΞᵀΞ for Gaussian memories ξ ~ N(0, 1/N_h) against Marchenko–Pastur, with zero modes and the hyperbolicity check (§5.4)',
  examples: ['lagrangian spectrum --nv 1000 --alpha 0.2 --seed 1 --plot mp.svg'],
  params: spectrumParams,
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
    const res = marchenkoPasturExperiment(c, rng, hooks);
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

/**
 * Experiments on generating-function networks (paper 002): neural trajectories with their quasi-equilibrium
 * energy for several generating functions, the synaptic learning run of Appendix B (Fig. 1) against the
 * cosine-similarity law of Eq. 40, and the spectrum of ΞᵀΞ for Gaussian memories against Marchenko–Pastur (§5.4).
 */
import {
  cosineSimilarity,
  NEURAL_STEP,
  NEURAL_STEPS,
  runNeuralDynamics,
  runSynapticDynamics,
  SYNAPTIC_BETA,
  SYNAPTIC_NEURONS,
  SYNAPTIC_STEPS,
  SYNAPTIC_TIMESCALE,
} from '../../core/dynamics/lagrangian.js';
import { type LagrangianSpec, lagrangianFromSpec } from '../../core/lagrangians/index.js';
import { backend } from '../../core/linalg/index.js';
import {
  createLagrangianNetwork,
  isHyperbolic,
  jacobianEigenvalues,
  LAGRANGIAN_MEMORIES,
  LAGRANGIAN_PARAMETER,
  LAGRANGIAN_VISIBLE,
  MEMORY_NORM,
  orthogonalMemories,
  REPU_DEGREE,
  SPECTRUM_LOAD,
  SPECTRUM_VISIBLE,
  type VisibleLagrangianSpec,
} from '../../core/models/lagrangian.js';
import { type PatternSet, patternRow, patternSet } from '../../core/patterns.js';
import type { Rng } from '../../core/rng/index.js';
import {
  cosineSimilarityLaw,
  marchenkoPasturEdges,
  marchenkoPasturHyperbolic,
  marchenkoPasturMass,
  marchenkoPasturZeroFraction,
  symmetricEigenvalues,
  synapticTimescale,
} from '../../core/theory/lagrangian.js';
import { type Bounds, ParamError } from '../../core/validate.js';
import { type ConfigOf, choice, int, maxMemory, num, numList, parseParam, text } from '../params.js';
import { type Defaulted, type ExperimentHooks, progressCounter } from '../types.js';

/** Hidden generating functions by name (`relu` is repu:2). */
export const HIDDEN_NAMES = ['quadratic', 'logcosh', 'lse', 'relu', 'repu', 'exp'] as const;
/** Visible generating functions: the hidden ones and the memory-dependent L_v = (β/2K)‖Ξv‖² (Eq. 21). */
export const VISIBLE_NAMES = [...HIDDEN_NAMES, 'memory'] as const;
type VisibleName = (typeof VISIBLE_NAMES)[number];

/**
 * One generating function from "name[:parameter]": quadratic[:scale], logcosh[:β], lse[:β], relu, repu[:degree],
 * exp[:β], and where allowed memory[:β] (L_v = (β/2K)‖Ξv‖², Eq. 21, K memories). Throws a ParamError on `param`.
 */
export function parseLagrangian(
  param: string,
  raw: string,
  allowed: readonly VisibleName[],
  k: number,
): VisibleLagrangianSpec {
  const [name, value, extra] = raw.trim().split(':');
  const bad = () =>
    new ParamError(
      param,
      `must be one of ${allowed.join(', ')}, optionally with ":parameter" (e.g. lse:2, repu:3) (got "${raw}")`,
    );
  if (extra !== undefined || !(allowed as readonly string[]).includes(name)) throw bad();
  const number = (dflt: number, bounds: Bounds) => {
    if (value === undefined) return dflt;
    try {
      return parseParam(param, num({ help: '', bounds }), value);
    } catch (e) {
      throw e instanceof ParamError ? new ParamError(param, `parameter of ${name} ${e.detail}`) : e;
    }
  };
  switch (name as VisibleName) {
    case 'quadratic':
      return { kind: 'quadratic', scale: number(1, LAGRANGIAN_PARAMETER) };
    case 'logcosh':
      return { kind: 'logcosh', beta: number(1, LAGRANGIAN_PARAMETER) };
    case 'lse':
      return { kind: 'lse', beta: number(1, LAGRANGIAN_PARAMETER) };
    case 'relu':
      if (value !== undefined) throw bad();
      return { kind: 'repu', degree: 2 };
    case 'repu':
      return { kind: 'repu', degree: number(3, REPU_DEGREE) };
    case 'exp':
      return { kind: 'exp', beta: number(1, LAGRANGIAN_PARAMETER) };
    case 'memory':
      return { kind: 'memoryQuadratic', scale: number(1, LAGRANGIAN_PARAMETER) / k };
  }
}

/** A comma-separated list of hidden generating functions ("lse:20,logcosh:5,relu"). */
export function parseHiddenLagrangians(param: string, raw: string, k: number): LagrangianSpec[] {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.some((p) => p === ''))
    throw new ParamError(
      param,
      `must be a comma-separated list of ${HIDDEN_NAMES.join(', ')} with optional ":parameter" (got "${raw}")`,
    );
  return parts.map((p) => parseLagrangian(param, p, HIDDEN_NAMES, k) as LagrangianSpec);
}

const NOISE = { min: 0, max: 1e3 };
const EVERY = { integer: true, min: 1 };
/** Defaults a library caller may leave out. */
const SYNAPTIC_EVERY = 20;
const SPECTRUM_BINS = 40;
const SIMULATE_EVERY = 1;

/** How the memories of the neural simulation are drawn (each row then scaled to ‖ξ^μ‖ = norm). */
export const MEMORY_ENSEMBLES = ['binary', 'gaussian', 'orthogonal'] as const;
export type LagrangianMemoryEnsemble = (typeof MEMORY_ENSEMBLES)[number];

/** The parameters of `lagrangian simulate`. */
export const simulateParams = {
  nv: int({ help: 'visible neurons N_v', bounds: LAGRANGIAN_VISIBLE, default: 100 }),
  k: int({
    help: 'memories K (= hidden neurons N_h for --coupling memory)',
    bounds: LAGRANGIAN_MEMORIES,
    default: 10,
  }),
  memories: choice(MEMORY_ENSEMBLES, { help: 'memory ensemble', default: 'binary' }),
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
  every: int({ help: 'record every k steps', bounds: EVERY, default: SIMULATE_EVERY }),
  noise: num({ help: 'start v0 = ξ¹ + noise·(‖ξ¹‖/√N_v)·z, z ~ N(0, 1)', bounds: NOISE, default: 0.5 }),
  maxMemory: maxMemory(),
};

/**
 * `lv`: the visible generating function, `lh`: the hidden ones (one run each, same memories and start), as
 * "name[:parameter]" words; `noise`: the start v0 = ξ¹ + noise·(‖ξ¹‖/√N_v)·z with z ~ N(0, 1)^N_v. The memory
 * limit is the surface's.
 */
export type LagrangianSimulateConfig = Defaulted<Omit<ConfigOf<typeof simulateParams>, 'maxMemory'>, 'every'>;

export interface LagrangianSimulateRow {
  readonly hidden: string;
  /** Time in units of τ_v. */
  readonly t: number;
  /** E_QE (paper 002 Eq. 3). */
  readonly energy: number;
  /** ‖τ_v v̇‖_∞. */
  readonly speed: number;
  /** Cosine similarity of v with the first memory ξ¹. */
  readonly similarity: number;
}

export interface LagrangianSimulateResult {
  readonly rows: LagrangianSimulateRow[];
  /** Per hidden Lagrangian: the largest step-to-step energy increase (≤ 0 up to rounding when E decreases). */
  readonly summary: {
    readonly hidden: string;
    readonly maxEnergyIncrease: number;
    readonly finalSimilarity: number;
    readonly finalEnergy: number;
    /** The trajectory ran away to infinity (energy unbounded below); the increase is over the finite part. */
    readonly diverged: boolean;
    /**
     * Largest eigenvalue of the Jacobian −1 + Jᵀ H_h J H_v at the final state (Eq. 30): negative at a stable
     * fixed point; null when the run diverged or N_v > 500.
     */
    readonly maxJacobianEigenvalue: number | null;
    /** No Jacobian eigenvalue at the final state is zero (Appendix A); null as above. */
    readonly hyperbolic: boolean | null;
  }[];
}

/** Memories of the neural simulation: K rows of the ensemble, each scaled to ‖ξ^μ‖ = norm. */
export function simulationMemories(
  rng: Rng,
  ensemble: LagrangianMemoryEnsemble,
  k: number,
  nv: number,
  norm: number,
): PatternSet {
  let data: Float64Array;
  switch (ensemble) {
    case 'binary':
      data = Float64Array.from({ length: k * nv }, () => rng.sign());
      break;
    case 'gaussian':
      data = Float64Array.from({ length: k * nv }, () => rng.normal());
      break;
    case 'orthogonal':
      data = orthogonalMemories(rng, k, nv).data;
      break;
    default: {
      const never: never = ensemble;
      throw new RangeError(`unknown memory ensemble ${String(never)}`);
    }
  }
  for (let m = 0; m < k; m++) {
    const row = data.subarray(m * nv, (m + 1) * nv);
    let s = 0;
    for (let i = 0; i < nv; i++) s += row[i] * row[i];
    const f = norm / Math.sqrt(s);
    for (let i = 0; i < nv; i++) row[i] *= f;
  }
  return patternSet(k, nv, data);
}

/**
 * Neural dynamics τ_v v̇ = −v + I + Jᵀ f(Jg + b) (paper 002 Eq. 7/9/20) from a noisy copy of the first memory, one
 * run per hidden generating function, recording E_QE (Eq. 3) — which must not increase (Eq. 8).
 */
export function lagrangianSimulateExperiment(
  cfg: LagrangianSimulateConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): LagrangianSimulateResult {
  const { nv, k, dt, steps, noise, norm } = cfg;
  const coupling = { kind: cfg.coupling };
  const visible = parseLagrangian('lv', cfg.lv, VISIBLE_NAMES, k);
  const hidden = parseHiddenLagrangians('lh', cfg.lh, k);
  const [rMem, rStart] = rng.split(2);
  const memories = simulationMemories(rMem, cfg.memories, k, nv, norm);
  const target = patternRow(memories, 0);
  const v0 = new Float64Array(nv);
  const scale = (noise * norm) / Math.sqrt(nv);
  for (let i = 0; i < nv; i++) v0[i] = target[i] + scale * rStart.normal();
  const tick = progressCounter(hidden.length, hooks);
  const rows: LagrangianSimulateRow[] = [];
  const summary: LagrangianSimulateResult['summary'] = [];
  for (const spec of hidden) {
    const label = lagrangianFromSpec(spec).name;
    const net = createLagrangianNetwork({ memories, coupling, visible, hidden: spec });
    const sims: number[] = [];
    const trace = runNeuralDynamics(net, v0, {
      dt,
      steps,
      every: cfg.every ?? SIMULATE_EVERY,
      onRecord: (_s, _e, v) => sims.push(cosineSimilarity(v, target)),
    });
    let maxInc = Number.NEGATIVE_INFINITY;
    // Consecutive recorded energies; with every > 1 a recorded increase still implies a step-level one.
    for (let r = 1; r < trace.energies.length; r++) {
      const inc = trace.energies[r] - trace.energies[r - 1];
      if (Number.isFinite(inc)) maxInc = Math.max(maxInc, inc);
    }
    for (let r = 0; r < trace.times.length; r++)
      rows.push({
        hidden: label,
        t: trace.times[r],
        energy: trace.energies[r],
        speed: trace.speeds[r],
        similarity: sims[r],
      });
    summary.push({
      hidden: label,
      maxEnergyIncrease: maxInc === Number.NEGATIVE_INFINITY ? 0 : maxInc,
      finalSimilarity: sims[sims.length - 1],
      finalEnergy: trace.energies[trace.energies.length - 1],
      diverged: trace.diverged,
      ...finalLinearization(net, trace.state, trace.diverged),
    });
    tick();
  }
  return { rows, summary };
}

function finalLinearization(
  net: ReturnType<typeof createLagrangianNetwork>,
  v: Float64Array,
  diverged: boolean,
): { maxJacobianEigenvalue: number | null; hyperbolic: boolean | null } {
  if (diverged || net.nv > 500) return { maxJacobianEigenvalue: null, hyperbolic: null };
  const ev = jacobianEigenvalues(net, v);
  return { maxJacobianEigenvalue: ev[ev.length - 1], hyperbolic: isHyperbolic(ev) };
}

/** The parameters of `lagrangian synaptic`. */
export const synapticParams = {
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
    default: SYNAPTIC_EVERY,
  }),
  maxMemory: maxMemory(),
};

/**
 * `tau`: τ_Ξ in units of the clamping step; `noise`: σ of the observed patterns ξ' = ξ⁽⁰⁾ + N(0, σ²) (Eq. 41);
 * `p`: the clamping probabilities p_μ (left out: uniform 1/N_h). The memory limit is the surface's.
 */
export type SynapticConfig = Defaulted<Omit<ConfigOf<typeof synapticParams>, 'maxMemory'>, 'p' | 'every'>;

/** The clamping probabilities: one per memory, summing to 1 (renormalized to exactly 1); undefined is uniform. */
export function clampingProbabilities(p: readonly number[] | undefined, nh: number): number[] | undefined {
  if (p === undefined) return undefined;
  if (p.length !== nh)
    throw new ParamError('p', `must list ${nh} probabilities, one per memory (got "${p.join(',')}")`);
  const s = p.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-6) throw new ParamError('p', `must sum to 1 (got "${p.join(',')}", sum ${s})`);
  return p.map((x) => x / s);
}

export interface SynapticRow {
  readonly t: number;
  readonly row: number;
  /** Simulated cosine similarity of memory row μ with its target ξ'_μ (Eq. 36). */
  readonly similarity: number;
  /** Eq. 40 with τ_μ = τ_Ξ/p_μ and α_μ the initial similarity (Eq. 37). */
  readonly theory: number;
}

export interface SynapticResult {
  readonly rows: SynapticRow[];
  /** max over every step and row of |simulation − Eq. 40|. */
  readonly maxDeviation: number;
  /** Similarities at the last step, per row. */
  readonly finalSimilarity: number[];
  /** Initial similarities α_μ (Eq. 37). */
  readonly initialSimilarity: number[];
  /** τ_μ = τ_Ξ/p_μ (Eq. 35). */
  readonly timescales: number[];
  /** ‖ΞᵀΞ − Ξ'ᵀΞ'‖_F / ‖Ξ'ᵀΞ'‖_F at the end: the distance to the Hebbian prescription (Eq. 25). */
  readonly hebbianDeviation: number;
  /** The same distance for the effective solution of Eq. 34 (Eq. 24 at the final time). */
  readonly hebbianDeviationTheory: number;
}

/** ‖A − B‖_F / ‖B‖_F for the N_v × N_v Gram matrices of two K × N_v memory matrices. */
function gramDistance(a: PatternSet, b: PatternSet): number {
  const n = a.n;
  const ga = gram(a);
  const gb = gram(b);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n * n; i++) {
    num += (ga[i] - gb[i]) ** 2;
    den += gb[i] ** 2;
  }
  return Math.sqrt(num / den);
}

function gram(x: PatternSet): Float64Array {
  const { p, n, data } = x;
  const t = new Float64Array(p * n);
  for (let m = 0; m < p; m++) for (let i = 0; i < n; i++) t[i * p + m] = data[m * n + i];
  return backend().gemm(n, n, p, t, data, new Float64Array(n * n));
}

/**
 * The synaptic learning run of paper 002 Appendix B.2 (Fig. 1): N_h orthogonal memories with ‖ξ⁽⁰⁾‖² = N_v
 * (Eq. 42), observed patterns ξ' = ξ⁽⁰⁾ + N(0, σ²) (Eq. 41), v clamped each step to ξ'_ν with probability p_ν,
 * Ξ updated by Eq. 14 with dt = 1. The cosine similarity of each row to its target is compared with Eq. 40.
 */
export function synapticExperiment(cfg: SynapticConfig, rng: Rng, hooks?: ExperimentHooks): SynapticResult {
  const { nv, nh, steps, tau: tauXi, noise, beta } = cfg;
  if (nh > nv) throw new RangeError(`nh must be ≤ nv for orthogonal memories (got nh = ${nh}, nv = ${nv})`);
  const every = cfg.every ?? SYNAPTIC_EVERY;
  const probs = clampingProbabilities(cfg.p, nh) ?? Array.from({ length: nh }, () => 1 / nh);
  const [rMem, rNoise, rClamp] = rng.split(3);
  const initial = orthogonalMemories(rMem, nh, nv, nv);
  const observed = patternSet(
    nh,
    nv,
    Float64Array.from(initial.data, (x) => x + noise * rNoise.normal()),
  );
  const alpha0 = Array.from({ length: nh }, (_, m) =>
    cosineSimilarity(patternRow(initial, m), patternRow(observed, m)),
  );
  const taus = probs.map((p) => (p > 0 ? synapticTimescale(tauXi, p) : Number.POSITIVE_INFINITY));
  const theoryAt = (t: number, m: number) =>
    Number.isFinite(taus[m]) ? cosineSimilarityLaw(t, taus[m], alpha0[m]) : alpha0[m];
  const rows: SynapticRow[] = [];
  for (let m = 0; m < nh; m++) rows.push({ t: 0, row: m, similarity: alpha0[m], theory: alpha0[m] });
  let maxDeviation = 0;
  const last = new Array<number>(nh).fill(0);
  const tick = progressCounter(Math.max(1, Math.ceil(steps / 100)), hooks);
  const final = runSynapticDynamics(
    initial,
    observed,
    {
      beta,
      tauXi,
      steps,
      probabilities: probs,
      onStep: (t, xi) => {
        const keep = t % every === 0 || t === steps;
        for (let m = 0; m < nh; m++) {
          const sim = cosineSimilarity(xi.subarray(m * nv, (m + 1) * nv), patternRow(observed, m));
          const th = theoryAt(t, m);
          maxDeviation = Math.max(maxDeviation, Math.abs(sim - th));
          last[m] = sim;
          if (keep) rows.push({ t, row: m, similarity: sim, theory: th });
        }
        if (t % 100 === 0) tick();
      },
    },
    rClamp,
  );
  // Effective solution of Eq. 34 at the final time, for the Hebbian distance of Eq. 24.
  const effective = new Float64Array(nh * nv);
  for (let m = 0; m < nh; m++) {
    const e = Number.isFinite(taus[m]) ? Math.exp(-steps / taus[m]) : 1;
    for (let i = 0; i < nv; i++)
      effective[m * nv + i] = e * initial.data[m * nv + i] + (1 - e) * observed.data[m * nv + i];
  }
  return {
    rows,
    maxDeviation,
    finalSimilarity: steps > 0 ? last : alpha0,
    initialSimilarity: alpha0,
    timescales: taus,
    hebbianDeviation: gramDistance(final, observed),
    hebbianDeviationTheory: gramDistance(patternSet(nh, nv, effective), observed),
  };
}

/** The parameters of `lagrangian spectrum`. */
export const spectrumParams = {
  nv: int({ help: 'visible neurons N_v', bounds: SPECTRUM_VISIBLE, default: 1000 }),
  alpha: num({ help: 'load α = N_h/N_v', bounds: SPECTRUM_LOAD, default: 0.2 }),
  bins: int({
    help: 'histogram bins',
    bounds: { integer: true, min: 1, max: 10000 },
    default: SPECTRUM_BINS,
  }),
  maxMemory: maxMemory(),
};

/** `alpha`: α = N_h/N_v; `bins`: histogram bins over the Marchenko–Pastur support. */
export type MarchenkoPasturConfig = Defaulted<Omit<ConfigOf<typeof spectrumParams>, 'maxMemory'>, 'bins'>;

export interface MarchenkoPasturRow {
  /** Bin centre. */
  readonly lambda: number;
  /** Empirical density of the nonzero eigenvalues of ΞᵀΞ per eigenvalue (count / (N_v·width)). */
  readonly density: number;
  /** Marchenko–Pastur density averaged over the bin. */
  readonly theory: number;
}

export interface MarchenkoPasturResult {
  readonly rows: MarchenkoPasturRow[];
  readonly nh: number;
  /** Smallest and largest nonzero eigenvalue of ΞᵀΞ. */
  readonly lambdaMin: number;
  readonly lambdaMax: number;
  /** (1 ∓ α^{−1/2})². */
  readonly theoryMin: number;
  readonly theoryMax: number;
  /** |empirical − theory| / theory for each edge (absolute error for a zero lower edge, α = 1). */
  readonly relErrorMin: number;
  readonly relErrorMax: number;
  /** Number of zero eigenvalues of ΞᵀΞ (N_v − numerical rank) and the Marchenko–Pastur expectation N_v·max(0, 1 − α). */
  readonly zeroModes: number;
  readonly expectedZeroModes: number;
  /** min over eigenvalues λ of ΞᵀΞ of |λ − 1|: the distance of the Jacobian −1 + ΞᵀΞ (Eq. 29) from singularity. */
  readonly minDistanceToOne: number;
  /** No eigenvalue of the Jacobian at v* = 0 is zero (|λ − 1| > 1e-9 for every λ of ΞᵀΞ). */
  readonly hyperbolic: boolean;
  /** The thermodynamic-limit condition α < 1/4 (λ₋ > 1). */
  readonly hyperbolicTheory: boolean;
  /** All eigenvalues of ΞᵀΞ, ascending (zero modes included). */
  readonly eigenvalues: Float64Array;
}

/**
 * Spectrum of ΞᵀΞ for Gaussian memories ξ_i^μ ~ N(0, 1/N_h), N_h = round(αN_v) (paper 002 §5.4). The nonzero
 * eigenvalues are those of the smaller Gram matrix (ΞΞᵀ when N_h < N_v); the remaining N_v − N_h are the zero
 * modes (rank of ΞᵀΞ is min(N_h, N_v)).
 */
export function marchenkoPasturExperiment(
  cfg: MarchenkoPasturConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): MarchenkoPasturResult {
  const { nv, alpha } = cfg;
  const bins = cfg.bins ?? SPECTRUM_BINS;
  const nh = Math.max(1, Math.round(alpha * nv));
  const tick = progressCounter(2, hooks);
  const sd = 1 / Math.sqrt(nh);
  const xi = Float64Array.from({ length: nh * nv }, () => sd * rng.normal());
  const xiT = new Float64Array(nh * nv);
  for (let m = 0; m < nh; m++) for (let i = 0; i < nv; i++) xiT[i * nh + m] = xi[m * nv + i];
  const small = Math.min(nh, nv);
  // ΞΞᵀ (N_h × N_h) if N_h < N_v, else ΞᵀΞ (N_v × N_v).
  const g =
    nh < nv
      ? backend().gemm(nh, nh, nv, xi, xiT, new Float64Array(nh * nh))
      : backend().gemm(nv, nv, nh, xiT, xi, new Float64Array(nv * nv));
  tick();
  const nonzero = symmetricEigenvalues(small, g);
  tick();
  const eigenvalues = new Float64Array(nv);
  eigenvalues.set(nonzero, nv - small);
  const { lambdaMin: theoryMin, lambdaMax: theoryMax } = marchenkoPasturEdges(nh / nv);
  const lambdaMin = nonzero[0];
  const lambdaMax = nonzero[small - 1];
  const lo = Math.min(theoryMin, lambdaMin);
  const hi = Math.max(theoryMax, lambdaMax);
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  for (const x of nonzero) counts[Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / width)))]++;
  const a = nh / nv;
  const rows: MarchenkoPasturRow[] = Array.from({ length: bins }, (_, b) => {
    const l0 = lo + b * width;
    return {
      lambda: l0 + width / 2,
      density: counts[b] / (nv * width),
      theory: marchenkoPasturMass(l0, l0 + width, a) / width,
    };
  });
  let rank = 0;
  for (const x of nonzero) if (x > 1e-10 * Math.max(1, lambdaMax)) rank++;
  let minDistanceToOne = Number.POSITIVE_INFINITY;
  for (const x of eigenvalues) minDistanceToOne = Math.min(minDistanceToOne, Math.abs(x - 1));
  return {
    rows,
    nh,
    lambdaMin,
    lambdaMax,
    theoryMin,
    theoryMax,
    // At α = 1 the lower edge is 0: the absolute error is reported instead.
    relErrorMin: Math.abs(lambdaMin - theoryMin) / (theoryMin > 0 ? theoryMin : 1),
    relErrorMax: Math.abs(lambdaMax - theoryMax) / theoryMax,
    zeroModes: nv - rank,
    expectedZeroModes: Math.round(nv * marchenkoPasturZeroFraction(a)),
    minDistanceToOne,
    hyperbolic: minDistanceToOne > 1e-9,
    hyperbolicTheory: marchenkoPasturHyperbolic(a),
    eigenvalues,
  };
}

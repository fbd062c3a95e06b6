/**
 * Boltzmann-machine refinement of a Potts model (the learning of adabmDCA: Muntoni, Pagnani, Weigt, Zamponi,
 * "adabmDCA: adaptive Boltzmann machine learning for biological sequences", BMC Bioinformatics 22, 528 (2021)).
 *
 * The likelihood of P(a) ∝ exp(Σ_i h_i(a_i) + Σ_{i<j} J_ij(a_i, a_j)) has the gradient
 *
 *   ∂ log L / ∂h_i(a) = f_i(a) − p_i(a),   ∂ log L / ∂J_ij(a, b) = f_ij(a, b) − p_ij(a, b),
 *
 * data frequencies f (weighted) minus model frequencies p. The model's are estimated by persistent Markov chains
 * (Gibbs sweeps continued from one step to the next, statistics recorded after each sweep), and h, J move by
 * η × gradient until the Pearson r of the connected correlations C_ij(a, b) = p_ij(a, b) − p_i(a) p_j(b) against the
 * data's reaches a target (adabmDCA's default 0.95) or a step limit. The start is a pseudo-likelihood model with its
 * couplings symmetrized (the distribution the Potts sampler draws from).
 */
import type { Rng } from '../rng/index.js';
import { drawFromLocalFields, type PottsModel } from './potts.js';

/** Settings of the refinement. */
export interface BmConfig {
  /** Persistent chains. */
  readonly chains: number;
  /** Gibbs sweeps per step (statistics recorded after each). */
  readonly sweeps: number;
  /** Learning rate η. */
  readonly learningRate: number;
  /** Stop when the Pearson r of connected correlations reaches this. */
  readonly targetPearson: number;
  /** Step limit. */
  readonly maxSteps: number;
  /** Gibbs sweeps of every chain before the first step, so that the first r is the model's, not the start's. */
  readonly burnIn: number;
}

/** adabmDCA-like defaults sized for a CPU: 1000 chains × 10 sweeps per step, η = 0.05, target r = 0.95. */
export const BM_DEFAULTS: BmConfig = {
  chains: 1000,
  sweeps: 10,
  learningRate: 0.05,
  targetPearson: 0.95,
  maxSteps: 2000,
  burnIn: 100,
};

/** Data statistics: f_i(a) (N·q) and f_ij(a, b) for the pairs i < j in row order (pairs·q·q). */
export interface PairStatistics {
  readonly n: number;
  readonly q: number;
  readonly f1: Float64Array;
  readonly f2: Float64Array;
}

/** Weighted one- and two-site frequencies of M×N letters (weights uniform when omitted). */
export function pairStatistics(
  m: number,
  n: number,
  q: number,
  seqs: Uint8Array,
  weights?: ArrayLike<number>,
): PairStatistics {
  const f1 = new Float64Array(n * q);
  const f2 = new Float64Array(((n * (n - 1)) / 2) * q * q);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const w = weights ? weights[s] : 1;
    total += w;
    accumulate(seqs, s * n, n, q, w, f1, f2);
  }
  for (let k = 0; k < f1.length; k++) f1[k] /= total;
  for (let k = 0; k < f2.length; k++) f2[k] /= total;
  return { n, q, f1, f2 };
}

function accumulate(
  seqs: Uint8Array,
  o: number,
  n: number,
  q: number,
  w: number,
  f1: Float64Array,
  f2: Float64Array,
): void {
  let p = 0;
  for (let i = 0; i < n; i++) {
    const ai = seqs[o + i];
    f1[i * q + ai] += w;
    for (let j = i + 1; j < n; j++, p++) f2[(p * q + ai) * q + seqs[o + j]] += w;
  }
}

/** Pearson r of the connected correlations of two sets of statistics. */
export function connectedPearson(a: PairStatistics, b: PairStatistics): number {
  const { n, q } = a;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let k = 0;
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++)
      for (let x = 0; x < q; x++)
        for (let y = 0; y < q; y++) {
          const u = (p * q + x) * q + y;
          const cx = a.f2[u] - a.f1[i * q + x] * a.f1[j * q + y];
          const cy = b.f2[u] - b.f1[i * q + x] * b.f1[j * q + y];
          sx += cx;
          sy += cy;
          sxx += cx * cx;
          syy += cy * cy;
          sxy += cx * cy;
          k++;
        }
  const cov = sxy - (sx * sy) / k;
  return cov / Math.sqrt((sxx - (sx * sx) / k) * (syy - (sy * sy) / k));
}

export interface BmProgress {
  readonly step: number;
  readonly pearson: number;
}

export interface BmResult {
  /** The refined model (symmetric couplings). */
  readonly model: PottsModel;
  readonly steps: number;
  /** Pearson r of connected correlations, chains against data, at the last step. */
  readonly pearson: number;
  /** r after each step. */
  readonly history: readonly BmProgress[];
  /** True when the target was reached. */
  readonly reached: boolean;
}

/** Check the settings (RangeError naming the setting, its range and the value). */
export function checkBmConfig(cfg: BmConfig): void {
  const ints: [keyof BmConfig, number, number][] = [
    ['chains', 1, 1e7],
    ['sweeps', 1, 1e6],
    ['maxSteps', 0, 1e7],
    ['burnIn', 0, 1e7],
  ];
  for (const [k, lo, hi] of ints) {
    const v = cfg[k];
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new RangeError(`${k} must be an integer in ${lo}..${hi} (got ${v})`);
  }
  if (!(cfg.learningRate > 0 && cfg.learningRate <= 10))
    throw new RangeError(`learningRate must be in (0, 10] (got ${cfg.learningRate})`);
  if (!(cfg.targetPearson > 0 && cfg.targetPearson <= 1))
    throw new RangeError(`targetPearson must be in (0, 1] (got ${cfg.targetPearson})`);
}

/**
 * Integer counts of the chains' states summed over chains and recorded sweeps: c1[i·q + a] and c2 in the pair layout
 * of {@link PairStatistics}. Integers, so sums over blocks of chains are exact in any order (the same statistics for
 * any split of the chains over threads).
 */
export interface ChainCounts {
  readonly c1: Float64Array;
  readonly c2: Float64Array;
}

/**
 * Persistent chains of a refinement. `h` (N·q) and `jt` (the transposed layout of refineBoltzmann, N²q²) are the
 * parameters the chains read; the refinement writes them in place between calls, never during one.
 */
export interface BmChains {
  readonly h: Float64Array;
  readonly jt: Float64Array;
  /** `sweeps` Gibbs sweeps of every chain; with `record`, the counts of the states after each sweep. */
  advance(sweeps: number, record: boolean): Promise<ChainCounts | undefined>;
  /** Release what the chains hold (threads). */
  close(): Promise<void>;
}

/** Makes the chains of a refinement: `init` holds chains×N letters, `rngs` one stream per chain. */
export type BmChainFactory = (
  n: number,
  q: number,
  init: Uint8Array,
  rngs: readonly Rng[],
) => Promise<BmChains>;

/**
 * Advance a block of chains (state: chains×N letters, one stream per chain) by `sweeps` Gibbs sweeps; with counts,
 * add the states after each sweep to c1, c2. Chain c uses only its own stream, so a chain's path does not depend on
 * how the chains are split into blocks.
 */
export function advanceChainBlock(
  state: Uint8Array,
  rngs: readonly Rng[],
  n: number,
  q: number,
  h: Float64Array,
  jt: Float64Array,
  sweeps: number,
  counts?: ChainCounts,
): void {
  const e = new Float64Array(q);
  for (let ch = 0; ch < rngs.length; ch++)
    for (let sw = 0; sw < sweeps; sw++) {
      gibbsSweep(state, ch * n, n, q, h, jt, e, rngs[ch]);
      if (counts) accumulate(state, ch * n, n, q, 1, counts.c1, counts.c2);
    }
}

/** Empty counts for N sites of q letters. */
export function emptyCounts(n: number, q: number): ChainCounts {
  return { c1: new Float64Array(n * q), c2: new Float64Array(((n * (n - 1)) / 2) * q * q) };
}

/** Chains advanced on the calling thread. */
export const inThreadChains: BmChainFactory = async (n, q, init, rngs) => {
  const state = Uint8Array.from(init);
  const h = new Float64Array(n * q);
  const jt = new Float64Array(n * n * q * q);
  return {
    h,
    jt,
    advance: async (sweeps, record) => {
      const counts = record ? emptyCounts(n, q) : undefined;
      advanceChainBlock(state, rngs, n, q, h, jt, sweeps, counts);
      return counts;
    },
    close: async () => {},
  };
};

/** Write the symmetrized couplings of `start` into the transposed layout: jt[((i·N + j)·q + b)·q + a] = J^s_ij(a, b). */
function symmetrizeInto(start: PottsModel, jt: Float64Array): void {
  const { n, q } = start;
  const c = start.couplings;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++)
          jt[((i * n + j) * q + b) * q + a] =
            0.5 * (c[((i * n + j) * q + a) * q + b] + c[((j * n + i) * q + b) * q + a]);
    }
}

/**
 * Refine `start` (its couplings symmetrized) towards the data statistics `data` (see the module comment). Chains
 * start from `init` (chains×N letters, e.g. natural sequences drawn by weight), chain c on the c-th stream of
 * `rng.split(chains)`, and run where `makeChains` puts them (the calling thread by default; the statistics are
 * the same wherever they run). `onStep` reports each step's r.
 */
export async function refineBoltzmann(
  start: PottsModel,
  data: PairStatistics,
  init: Uint8Array,
  cfg: BmConfig,
  rng: Rng,
  onStep?: (p: BmProgress) => void,
  makeChains: BmChainFactory = inThreadChains,
): Promise<BmResult> {
  checkBmConfig(cfg);
  const { n, q } = start;
  if (data.n !== n || data.q !== q)
    throw new RangeError(`data statistics are for N = ${data.n}, the model has N = ${n}`);
  if (init.length !== cfg.chains * n)
    throw new RangeError(`init must hold chains·N = ${cfg.chains * n} letters (got ${init.length})`);
  const chains = await makeChains(n, q, init, rng.split(cfg.chains));
  try {
    // jt is kept symmetric: jt of (j, i, a, b) equals jt of (i, j, b, a).
    const { h, jt } = chains;
    h.set(start.fields);
    symmetrizeInto(start, jt);
    const history: BmProgress[] = [];
    let pearson = Number.NaN;
    let reached = false;
    let step = 0;
    if (cfg.burnIn > 0) await chains.advance(cfg.burnIn, false);
    const total = cfg.chains * cfg.sweeps;
    for (step = 1; step <= cfg.maxSteps; step++) {
      const counts = (await chains.advance(cfg.sweeps, true)) as ChainCounts;
      for (let k = 0; k < counts.c1.length; k++) counts.c1[k] /= total;
      for (let k = 0; k < counts.c2.length; k++) counts.c2[k] /= total;
      const model: PairStatistics = { n, q, f1: counts.c1, f2: counts.c2 };
      pearson = connectedPearson(data, model);
      history.push({ step, pearson });
      onStep?.({ step, pearson });
      if (pearson >= cfg.targetPearson) {
        reached = true;
        break;
      }
      gradientStep(h, jt, data, model, cfg.learningRate);
    }
    const couplings = new Float64Array(n * n * q * q);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let a = 0; a < q; a++)
          for (let b = 0; b < q; b++)
            couplings[((i * n + j) * q + a) * q + b] = jt[((i * n + j) * q + b) * q + a];
    return {
      model: { n, q, fields: Float64Array.from(h), couplings, symmetry: 'symmetric' },
      steps: Math.min(step, cfg.maxSteps),
      pearson,
      history,
      reached,
    };
  } finally {
    await chains.close();
  }
}

/** h += η (f_i − p_i); J_ij += η (f_ij − p_ij) in both orientations of the symmetric layout of refineBoltzmann. */
function gradientStep(
  h: Float64Array,
  jt: Float64Array,
  data: PairStatistics,
  model: PairStatistics,
  eta: number,
): void {
  const { n, q } = data;
  for (let k = 0; k < h.length; k++) h[k] += eta * (data.f1[k] - model.f1[k]);
  let p = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, p++)
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const u = (p * q + a) * q + b;
          const d = eta * (data.f2[u] - model.f2[u]);
          jt[((i * n + j) * q + b) * q + a] += d;
          jt[((j * n + i) * q + a) * q + b] += d;
        }
}

/** One Gibbs sweep (sites in order) of the chain at state[o .. o+N). */
function gibbsSweep(
  state: Uint8Array,
  o: number,
  n: number,
  q: number,
  h: Float64Array,
  jt: Float64Array,
  e: Float64Array,
  rng: Rng,
): void {
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) e[a] = h[i * q + a];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const base = ((i * n + j) * q + state[o + j]) * q;
      for (let a = 0; a < q; a++) e[a] += jt[base + a];
    }
    state[o + i] = drawFromLocalFields(e, q, 1, rng);
  }
}

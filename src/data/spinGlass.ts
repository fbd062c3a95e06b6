/**
 * Samples of the two-dimensional Edwards–Anderson spin glass (paper 000 section IV.E and Appendix C):
 * H(σ) = −Σ_{(i,j)∈E} J_ij σ_i σ_j on an L×L square lattice with open boundaries, J_ij ~ N(0, J²), no fields
 * (Eq. C2 with H_i = 0), drawn from the Gibbs–Boltzmann law e^{−βH}/Z (Eq. C1) by parallel tempering
 * (replica exchange, Hukushima–Nemoto): R replicas at temperatures T_1 < … < T_R each do Metropolis sweeps, then
 * neighbouring temperatures try to exchange configurations with probability min(1, e^{(β_k − β_{k+1})(E_k − E_{k+1})}).
 * The true couplings are kept (as a dense symmetric N×N matrix) for comparison with the inferred ones.
 */
import { backend } from '../core/linalg/index.js';
import { emptyPatterns, type PatternSet } from '../core/patterns.js';
import type { Rng } from '../core/rng/index.js';

/** An EA instance: the lattice, its bonds and the dense coupling matrix. */
export interface EAInstance {
  readonly l: number;
  readonly n: number;
  /** Bond endpoints, 2 per bond (i < j). */
  readonly bonds: Int32Array;
  /** Bond couplings J_ij, one per bond. */
  readonly weights: Float64Array;
  /** Dense symmetric couplings (N×N, zero diagonal): J_ij on bonds, 0 elsewhere. */
  readonly couplings: Float64Array;
  /** Neighbours of each site (2 to 4 on the open lattice). */
  readonly degrees: Int32Array;
  /** The largest degree, D: the neighbour table has D slots per site. */
  readonly maxDegree: number;
  /**
   * Neighbour table, N×D: site i's neighbours in slots i·D … i·D + degrees[i] − 1 (bond order), the other slots
   * padded with i itself and weight 0, so that a sweep runs the same D terms at every site (a loop whose length
   * varied from site to site cost more than the arithmetic: ~30 against ~6 ns per site).
   */
  readonly neighbours: Int32Array;
  readonly neighbourWeights: Float64Array;
}

/** A 2D EA instance on an L×L open lattice with Gaussian couplings of standard deviation `couplingStd`. */
export function eaInstance(rng: Rng, l: number, couplingStd = 1): EAInstance {
  if (!Number.isInteger(l) || l < 2) throw new RangeError(`lattice side L must be an integer ≥ 2 (got ${l})`);
  if (!(couplingStd > 0 && Number.isFinite(couplingStd)))
    throw new RangeError(`coupling standard deviation must be a finite number > 0 (got ${couplingStd})`);
  const pairs: number[] = [];
  for (let r = 0; r < l; r++) {
    for (let c = 0; c < l; c++) {
      const i = r * l + c;
      if (c + 1 < l) pairs.push(i, i + 1);
      if (r + 1 < l) pairs.push(i, i + l);
    }
  }
  const bonds = Int32Array.from(pairs);
  const nb = bonds.length / 2;
  const weights = new Float64Array(nb);
  for (let b = 0; b < nb; b++) weights[b] = couplingStd * rng.normal();
  return instanceFromBonds(l, bonds, weights);
}

/** Build an instance from explicit bonds and couplings (tests use it for hand-made systems). */
export function instanceFromBonds(l: number, bonds: Int32Array, weights: Float64Array): EAInstance {
  const n = l * l;
  const nb = weights.length;
  if (bonds.length !== 2 * nb)
    throw new RangeError(`bonds must hold 2 sites per coupling (${2 * nb}, got ${bonds.length})`);
  const couplings = new Float64Array(n * n);
  const degree = new Int32Array(n);
  for (let b = 0; b < nb; b++) {
    const i = bonds[2 * b];
    const j = bonds[2 * b + 1];
    if (!(i >= 0 && i < n && j >= 0 && j < n && i !== j))
      throw new RangeError(`bond ${b} joins invalid sites ${i}, ${j}`);
    couplings[i * n + j] = weights[b];
    couplings[j * n + i] = weights[b];
    degree[i]++;
    degree[j]++;
  }
  let maxDegree = 0;
  for (let i = 0; i < n; i++) maxDegree = Math.max(maxDegree, degree[i]);
  const neighbours = Int32Array.from({ length: n * maxDegree }, (_, k) => Math.floor(k / maxDegree));
  const neighbourWeights = new Float64Array(n * maxDegree);
  const fill = Int32Array.from({ length: n }, (_, i) => i * maxDegree);
  for (let b = 0; b < nb; b++) {
    const i = bonds[2 * b];
    const j = bonds[2 * b + 1];
    neighbours[fill[i]] = j;
    neighbourWeights[fill[i]++] = weights[b];
    neighbours[fill[j]] = i;
    neighbourWeights[fill[j]++] = weights[b];
  }
  return { l, n, bonds, weights, couplings, degrees: degree, maxDegree, neighbours, neighbourWeights };
}

/** Energy H(σ) = −Σ_{bonds} J_ij σ_i σ_j (paper 000 Eq. C2 with zero fields). */
export function eaEnergy(inst: EAInstance, sigma: ArrayLike<number>, offset = 0): number {
  const { bonds, weights } = inst;
  let e = 0;
  for (let b = 0; b < weights.length; b++)
    e -= weights[b] * sigma[offset + bonds[2 * b]] * sigma[offset + bonds[2 * b + 1]];
  return e;
}

/**
 * One Metropolis sweep at inverse temperature β over the sites in order: flip σ_i with probability
 * min(1, e^{−βΔE}), ΔE = 2σ_i Σ_j J_ij σ_j. Each single-site move satisfies detailed balance. `state` holds the
 * replica at `offset`. Returns the energy change of the sweep. The site loop runs in the backend (`eaSweep`:
 * WebAssembly, with the generator and the cheap part of the acceptance test); the few sites where only
 * Math.exp can decide (numerics/metropolis) are decided here, so every backend takes the same moves.
 */
export function metropolisSweepEA(
  inst: EAInstance,
  state: Float64Array,
  offset: number,
  beta: number,
  rng: Rng,
): number {
  const { n, maxDegree: dm, neighbours: nb, neighbourWeights: w } = inst;
  const sigma = state.subarray(offset, offset + n);
  const kernels = backend();
  const acc = new Float64Array(3); // Σ flipped ΔE, then a handed-back site's u and ΔE
  rng.withWords((st) => {
    for (let i = 0; i < n; i++) {
      i = kernels.eaSweep(nb, w, dm, sigma, beta, st, i, acc);
      if (i < n && acc[1] < Math.exp(-beta * acc[2])) {
        sigma[i] = -sigma[i];
        acc[0] += acc[2];
      }
    }
  });
  return acc[0];
}

/** Probability of exchanging the configurations of two replicas: min(1, e^{(β_a − β_b)(E_a − E_b)}). */
export function swapProbability(betaA: number, betaB: number, energyA: number, energyB: number): number {
  const x = (betaA - betaB) * (energyA - energyB);
  return x >= 0 ? 1 : Math.exp(x);
}

/** Temperatures T_k = T_min (T_max/T_min)^{k/(R−1)} (a geometric ladder, R ≥ 2). */
export function geometricTemperatures(tMin: number, tMax: number, count: number): number[] {
  if (!(tMin > 0 && tMax > tMin)) throw new RangeError(`need 0 < tMin < tMax (got ${tMin}, ${tMax})`);
  if (!Number.isInteger(count) || count < 2)
    throw new RangeError(`replica count must be an integer ≥ 2 (got ${count})`);
  return Array.from({ length: count }, (_, k) => tMin * (tMax / tMin) ** (k / (count - 1)));
}

export interface ParallelTemperingConfig {
  /** Increasing temperatures; samples are taken at `temperatures[sampleAt]` (default the lowest). */
  readonly temperatures: readonly number[];
  readonly sampleAt?: number;
  /** Sweeps of every replica before the first sample. */
  readonly burnIn: number;
  /** Sweeps between two kept samples. */
  readonly thinning: number;
  readonly samples: number;
  /** Sweeps between exchange attempts (default 1). */
  readonly sweepsPerSwap?: number;
}

export interface ParallelTemperingResult {
  /** The kept configurations at the sampling temperature, samples×N. */
  readonly samples: PatternSet;
  /** Their energies. */
  readonly energies: Float64Array;
  /** Acceptance rate of exchanges between temperatures k and k+1. */
  readonly swapAcceptance: Float64Array;
  /** Mean energy of every replica over the sampling phase. */
  readonly meanEnergy: Float64Array;
}

/** Hooks for long runs. */
export interface SamplingHooks {
  readonly onProgress?: (done: number, total: number) => void;
}

/** Validates a parallel-tempering config (increasing positive temperatures, integer counts); returns sampleAt. */
function checkTempering(cfg: ParallelTemperingConfig): number {
  const temps = cfg.temperatures;
  const r = temps.length;
  if (r < 1) throw new RangeError('temperatures must hold at least one temperature');
  for (let k = 0; k < r; k++) {
    if (!(temps[k] > 0 && Number.isFinite(temps[k])))
      throw new RangeError(`temperatures must be finite and > 0 (got ${temps[k]})`);
    if (k > 0 && !(temps[k] > temps[k - 1])) throw new RangeError('temperatures must be strictly increasing');
  }
  const at = cfg.sampleAt ?? 0;
  if (!Number.isInteger(at) || at < 0 || at >= r)
    throw new RangeError(`sampleAt must be an integer in [0, ${r - 1}] (got ${at})`);
  for (const [name, v, min] of [
    ['burnIn', cfg.burnIn, 0],
    ['thinning', cfg.thinning, 1],
    ['samples', cfg.samples, 1],
    ['sweepsPerSwap', cfg.sweepsPerSwap ?? 1, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`${name} must be an integer ≥ ${min} (got ${v})`);
  }
  return at;
}

/**
 * One round of replica exchanges between neighbouring temperatures k, k + 1 for k = parity, parity + 2, …:
 * each accepted with swapProbability, counted in tries/accepted.
 */
function exchangeRound(
  parity: number,
  ladder: {
    readonly slot: Int32Array;
    readonly betas: readonly number[];
    readonly energy: Float64Array;
    readonly tries: Float64Array;
    readonly accepted: Float64Array;
  },
  rng: Rng,
): void {
  const { slot, betas, energy, tries, accepted } = ladder;
  for (let k = parity; k + 1 < slot.length; k += 2) {
    const a = slot[k];
    const b = slot[k + 1];
    tries[k]++;
    if (rng.uniform() < swapProbability(betas[k], betas[k + 1], energy[a], energy[b])) {
      slot[k] = b;
      slot[k + 1] = a;
      accepted[k]++;
    }
  }
}

/** Parallel tempering for an EA instance (paper 000 Appendix C): returns decorrelated samples at one temperature. */
export function parallelTempering(
  inst: EAInstance,
  cfg: ParallelTemperingConfig,
  rng: Rng,
  hooks?: SamplingHooks,
): ParallelTemperingResult {
  const temps = cfg.temperatures;
  const r = temps.length;
  const at = checkTempering(cfg);
  const n = inst.n;
  const betas = temps.map((t) => 1 / t);
  // slot[k] = which stored configuration currently sits at temperature k.
  const state = new Float64Array(r * n);
  for (let k = 0; k < state.length; k++) state[k] = rng.sign();
  const slot = Int32Array.from({ length: r }, (_, k) => k);
  const energy = new Float64Array(r);
  for (let c = 0; c < r; c++) energy[c] = eaEnergy(inst, state, c * n);
  const tries = new Float64Array(Math.max(0, r - 1));
  const accepted = new Float64Array(Math.max(0, r - 1));
  const sumE = new Float64Array(r);
  const perSwap = cfg.sweepsPerSwap ?? 1;
  let parity = 0;

  const sweep = () => {
    for (let k = 0; k < r; k++) {
      const c = slot[k];
      energy[c] += metropolisSweepEA(inst, state, c * n, betas[k], rng);
    }
  };
  let sinceSwap = 0;
  const step = () => {
    sweep();
    if (++sinceSwap >= perSwap && r > 1) {
      sinceSwap = 0;
      exchangeRound(parity, { slot, betas, energy, tries, accepted }, rng);
      parity ^= 1; // alternate even and odd pairs so every pair is tried every other round
    }
  };

  const total = cfg.burnIn + cfg.samples * cfg.thinning;
  let done = 0;
  const tick = () => {
    done++;
    if (done % 64 === 0 || done === total) hooks?.onProgress?.(done, total);
  };
  for (let s = 0; s < cfg.burnIn; s++) {
    step();
    tick();
  }
  const samples = emptyPatterns(cfg.samples, n);
  const energies = new Float64Array(cfg.samples);
  for (let m = 0; m < cfg.samples; m++) {
    for (let s = 0; s < cfg.thinning; s++) {
      step();
      for (let k = 0; k < r; k++) sumE[k] += energy[slot[k]];
      tick();
    }
    const c = slot[at];
    samples.data.set(state.subarray(c * n, (c + 1) * n), m * n);
    energies[m] = energy[c];
  }
  const sweeps = cfg.samples * cfg.thinning;
  return {
    samples,
    energies,
    swapAcceptance: tries.map((t, k) => (t > 0 ? accepted[k] / t : 0)),
    meanEnergy: sumE.map((s) => s / sweeps),
  };
}

/** Decorrelation of successive samples: lag-1 autocorrelations and mean |overlaps|. */
export interface DecorrelationReport {
  /** Lag-1 autocorrelation of the sample energies (≈ 0 for independent samples). */
  readonly energyLag1: number;
  /** Mean |q| between successive samples, q = σ^m·σ^{m+1}/N. */
  readonly successiveOverlap: number;
  /** Mean |q| between samples half the chain apart (the reference for independent samples). */
  readonly distantOverlap: number;
}

/** Check that successive samples are (nearly) independent: compare neighbours in the chain with distant pairs. */
export function decorrelation(samples: PatternSet, energies: Float64Array): DecorrelationReport {
  const { p, n, data } = samples;
  if (p < 4) throw new RangeError(`need at least 4 samples for the decorrelation check (got ${p})`);
  let mean = 0;
  for (const e of energies) mean += e;
  mean /= p;
  let c0 = 0;
  let c1 = 0;
  for (let m = 0; m < p; m++) {
    c0 += (energies[m] - mean) ** 2;
    if (m + 1 < p) c1 += (energies[m] - mean) * (energies[m + 1] - mean);
  }
  const q = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[a * n + i] * data[b * n + i];
    return Math.abs(s / n);
  };
  let succ = 0;
  for (let m = 0; m + 1 < p; m++) succ += q(m, m + 1);
  const half = Math.floor(p / 2);
  let dist = 0;
  for (let m = 0; m + half < p; m++) dist += q(m, m + half);
  return {
    energyLag1: c0 > 0 ? c1 / (p - 1) / (c0 / p) : 0,
    successiveOverlap: succ / (p - 1),
    distantOverlap: dist / (p - half),
  };
}

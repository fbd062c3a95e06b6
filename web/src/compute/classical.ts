/**
 * Classical network in the worker: store patterns with a coupling rule, start from a corrupted pattern (noise
 * from the seed's second stream) or a brushed state, and advance the dynamics sweep by sweep with the same
 * steppers and random streams as runDynamics, so the page's run equals the library's run for the same seed.
 */
import {
  type ClassicalDynamics,
  glauberSweep,
  metropolisSweep,
  parallelStep,
  SpinState,
  sequentialSweep,
} from '../../../src/core/dynamics/classical.js';
import { type ClassicalNetwork, trainClassical } from '../../../src/core/models/classical.js';
import { plNetwork, trainPseudoLikelihood } from '../../../src/core/models/pseudolikelihood.js';
import {
  corruptByFraction,
  mattisOverlaps,
  type PatternSet,
  patternRow,
  patternSet,
  rademacher,
} from '../../../src/core/patterns.js';
import { createRng, type Rng } from '../../../src/core/rng/index.js';
import { type RuleName, ruleFromName } from '../../../src/experiments/registry/common.js';
import type { Handler } from '../protocol.js';

/** Epochs of pseudo-likelihood training for the 'pl' rule (paper 000 Appendix C rates: η₀ = 100, decay 0.999). */
export const PL_EPOCHS = 200;
/** Largest N the page trains pseudo-likelihood couplings for (N²·P work per epoch). */
export const PL_MAX_N = 1024;

/** Couplings of a rule name; 'pl' trains asymmetric pseudo-likelihood couplings (zero diagonal). */
function networkFor(xi: PatternSet, rule: RuleName | 'pl'): ClassicalNetwork {
  if (rule !== 'pl') return trainClassical(xi, ruleFromName(rule));
  const r = trainPseudoLikelihood(xi, {
    symmetry: { kind: 'asymmetric' },
    epochs: PL_EPOCHS,
    learningRate: 100,
    decay: 0.999,
  });
  return plNetwork(xi.n, r.couplings);
}

/** The three streams of a classical run: patterns, corruption, dynamics. */
export function classicalStreams(seed: number): { patterns: Rng; noise: Rng; dynamics: Rng } {
  const [patterns, noise, dynamics] = createRng(seed).split(3);
  return { patterns, noise, dynamics };
}

interface Session {
  xi: PatternSet;
  net: ClassicalNetwork;
  noise: Rng;
  dyn: Rng;
  dynamics: ClassicalDynamics;
  st: SpinState;
  sweeps: number;
  converged: boolean;
  prev: Float64Array | null;
  order: Int32Array;
}

let s: Session | null = null;

/** What the panel shows after each step. */
export interface ClassicalView {
  sigma: Float64Array;
  overlaps: Float64Array;
  energy: number;
  sweeps: number;
  flips: number;
  converged: boolean;
  label: string;
  ms: number;
}

/** Name the state: a stored pattern (or its reverse), a symmetric 3-mixture of stored patterns, or spurious. */
export function nameState(xi: PatternSet, sigma: Float64Array, m: Float64Array): string {
  const idx = Array.from(m.keys()).sort((a, b) => Math.abs(m[b]) - Math.abs(m[a]));
  const top = idx[0];
  if (top !== undefined && Math.abs(m[top]) >= 0.95)
    return m[top] > 0 ? `pattern ${top + 1} retrieved` : `reversed pattern ${top + 1} (−ξ)`;
  if (idx.length >= 3) {
    const [a, b, c] = idx;
    const n = xi.n;
    let o = 0;
    for (let i = 0; i < n; i++) {
      const v =
        Math.sign(m[a]) * xi.data[a * n + i] +
        Math.sign(m[b]) * xi.data[b * n + i] +
        Math.sign(m[c]) * xi.data[c * n + i];
      o += (v > 0 ? 1 : -1) * sigma[i];
    }
    if (Math.abs(o / n) >= 0.95) return `mixture state of patterns ${a + 1}, ${b + 1}, ${c + 1} (spurious)`;
  }
  return 'spurious state (neither a stored pattern nor a 3-mixture)';
}

function view(flips: number, ms: number): ClassicalView {
  const cur = s!;
  const sigma = Float64Array.from(cur.st.sigma);
  const overlaps = mattisOverlaps(cur.xi, sigma);
  return {
    sigma,
    overlaps,
    energy: cur.st.energy() / cur.xi.n,
    sweeps: cur.sweeps,
    flips,
    converged: cur.converged,
    label: nameState(cur.xi, sigma, overlaps),
    ms,
  };
}

export const classicalHandlers: Record<string, Handler> = {
  /** Store P patterns (given, or random ±1 from the seed's first stream) with a rule. */
  'classical.store': ((a: { p: number; n: number; data?: Float64Array; rule: RuleName; seed: number }) => {
    const t0 = performance.now();
    const streams = classicalStreams(a.seed);
    const xi = a.data
      ? patternSet(a.p, a.n, Float64Array.from(a.data))
      : rademacher(streams.patterns, a.p, a.n);
    const net = networkFor(xi, a.rule);
    const st = new SpinState(net, patternRow(xi, 0));
    s = {
      xi,
      net,
      noise: streams.noise,
      dyn: streams.dynamics,
      dynamics: { kind: 'sequential' },
      st,
      sweeps: 0,
      converged: false,
      prev: null,
      order: new Int32Array(a.n),
    };
    return { ms: performance.now() - t0, patterns: Float64Array.from(xi.data) };
  }) as Handler,

  /** Start a run: from pattern `target` with a fraction `noise` flipped, or from the given state. */
  'classical.start': ((a: {
    target: number;
    noise: number;
    sigma?: Float64Array;
    dynamics: ClassicalDynamics;
    seed: number;
  }) => {
    if (!s) throw new Error('store patterns first');
    const streams = classicalStreams(a.seed);
    s.noise = streams.noise;
    s.dyn = streams.dynamics;
    const sigma0 = a.sigma
      ? Float64Array.from(a.sigma)
      : corruptByFraction(s.noise, patternRow(s.xi, a.target), a.noise);
    s.st = new SpinState(s.net, sigma0);
    s.dynamics = a.dynamics;
    s.sweeps = 0;
    s.converged = false;
    s.prev = null;
    return view(0, 0);
  }) as Handler,

  /** Advance `sweeps` sweeps (stops early at a fixed point or a 2-cycle of zero-temperature dynamics). */
  'classical.step': ((a: { sweeps: number }) => {
    if (!s) throw new Error('store patterns first');
    const t0 = performance.now();
    let flips = 0;
    const cur = s;
    for (let k = 0; k < a.sweeps && !cur.converged; k++) {
      const d = cur.dynamics;
      switch (d.kind) {
        case 'sequential':
          flips = sequentialSweep(cur.st, cur.dyn, cur.order);
          if (flips === 0) cur.converged = true;
          break;
        case 'parallel': {
          const next = new Float64Array(cur.xi.n);
          const before = Float64Array.from(cur.st.sigma);
          flips = parallelStep(cur.net, before, next);
          const cycle = cur.prev !== null && next.every((v, i) => v === cur.prev![i]);
          cur.prev = before;
          cur.st = new SpinState(cur.net, next);
          if (flips === 0 || cycle) cur.converged = true;
          break;
        }
        case 'glauber':
        case 'metropolis': {
          const beta = d.temperature === 0 ? Number.POSITIVE_INFINITY : 1 / d.temperature;
          flips = (d.kind === 'glauber' ? glauberSweep : metropolisSweep)(cur.st, cur.dyn, beta);
          break;
        }
      }
      cur.sweeps++;
    }
    return view(flips, performance.now() - t0);
  }) as Handler,
};

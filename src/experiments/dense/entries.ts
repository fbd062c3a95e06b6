/**
 * Dense associative memories (paper 001 Appendix F): end distance, finite-N crossover, basins, the scaled dot
 * product, and the capacity of binary dense memories (Krotov–Hopfield xⁿ, Demircigil eˣ).
 */
import { checkDenseMemory, patternCount, scaledPatternCount } from '../../core/models/dense.js';
import { defineExperiment } from '../registry/types.js';
import { sumOf } from '../work.js';
import {
  basinDistancePlot,
  basinPlot,
  binaryCapacityPlot,
  crossoverPlot,
  endDistancePlot,
  scaledPlot,
} from './figures.js';
import {
  basinDistanceExperiment,
  basinDistanceParams,
  basinExperiment,
  basinParams,
  binaryCapacityExperiment,
  binaryDimensions,
  binaryF,
  binaryPMax,
  type CrossoverExtrapolation,
  capacityBinaryParams,
  checkBasinDimensions,
  crossoverExperiment,
  crossoverParams,
  endDistanceExperiment,
  endDistanceParams,
  scaledExperiment,
  scaledParams,
} from './run.js';

/** The basin entries' checks: dimensions a basin can be measured in, and memory for every (N, P). */
function checkBasinEntry(c: { n: readonly number[]; alpha: number; maxMemory: number }): void {
  checkBasinDimensions(c.n);
  checkSizes(
    c.n.map((n) => ({ n, p: patternCount(c.alpha, n) })),
    c.maxMemory,
  );
}

/**
 * The memory limit is stored as `maxMemoryGiB` in the results (its name before the registry); a derived value of
 * undefined leaves a key out of the JSON.
 */
const storedMemory = (c: { maxMemory: number }) => ({ maxMemory: undefined, maxMemoryGiB: c.maxMemory });

/**
 * Multiply–adds of `runs` gradient runs on P patterns of dimension N: each iteration is one attention step (Ξx and
 * Ξᵀsoftmax, 2·P·N); runs stop at a fixed point, typically within about 50 iterations.
 */
const denseRunOps = (c: { maxIterations: number }, runs: number, p: number, n: number) =>
  runs * Math.min(c.maxIterations, 50) * 2 * p * n;

/** Steps of a bisection from an interval of `width` down to `tolerance`. */
const bisections = (width: number, tolerance: number) => Math.max(1, Math.ceil(Math.log2(width / tolerance)));

/** Refuse, before any pattern is drawn, a (P, N) whose patterns and scratch exceed the limit. */
function checkSizes(sizes: readonly { p: number; n: number }[], limitGiB: number): void {
  for (const { p, n } of sizes) checkDenseMemory(p, n, limitGiB * 1024 ** 3);
}

export const endDistance = defineExperiment({
  id: 'dense.end-distance',
  family: 'dense',
  summary:
    'start at ξ¹, run gradient descent to convergence, report Δ = ‖x∞ − ξ¹‖²/N against λ (paper 001 Appendix F.1)',
  examples: [
    'dense end-distance --ensemble spherical --n 120 --alpha 0.1 --lambda 0.08,0.2 --trials 10 --seed 1 --json e.json',
    'dense end-distance --n 32 --p 10000000 --lambda 2 --trials 1 --seed 1',
  ],
  params: endDistanceParams,
  check: (c) =>
    checkSizes(
      c.n.map((n) => ({ n, p: c.p ?? patternCount(c.alpha, n) })),
      c.maxMemory,
    ),
  work: (c) => ({
    couplings: sumOf(c.n, (n) =>
      denseRunOps(c, c.lambda.length * c.trials, c.p ?? patternCount(c.alpha, n), n),
    ),
  }),
  run: (c, rng, hooks) => ({
    rows: endDistanceExperiment(c, rng, hooks),
    // With --p the rows carry α = ln P / N; the load flag is then not part of the stored parameters.
    derived: { ...(c.p !== undefined ? { alpha: undefined } : {}), ...storedMemory(c) },
  }),
  figure: (rows, c, seed) => endDistancePlot(rows, c.ensemble, seed),
  caption:
    'Mean Δ = ‖x∞ − ξ¹‖²/N after gradient descent from ξ¹ (± std over pattern sets). Δ ≈ 1 means collapse to the ' +
    'barycentre (≈ origin), Δ ≈ 0 retrieval; the dotted rule is λ₁(α) of the N = ∞ theory (paper 001 Fig. 8).',
  columns: ['n', 'alpha', 'lambda', 'p', 'meanDistance', 'stdDistance', 'lambdaTheory'],
});

/** "α = 0.1: extrapolated λ₁ = 0.1717, theory λ₁ = 0.1055" per load. */
function crossoverSummary(extrapolated: readonly CrossoverExtrapolation[]): string[] {
  return extrapolated.map(
    (e) =>
      `α = ${e.alpha}: extrapolated λ₁ = ${e.lambda1 === null ? 'n/a (needs two or more N)' : e.lambda1.toFixed(4)}` +
      `, theory λ₁ = ${e.lambda1Theory === null ? 'n/a' : e.lambda1Theory.toFixed(4)}`,
  );
}

export const crossover = defineExperiment({
  id: 'dense.crossover',
  family: 'dense',
  summary:
    'per (α, N) the λ where half of the samples keep ξ¹ (Δ < 0.5), a quadratic fit in 1/N and its N = ∞ value beside λ₁(α) (Fig. 10)',
  examples: ['dense crossover --ensemble spherical --n 40,60,80 --alpha 0.1 --seed 1 --json f.json'],
  params: crossoverParams,
  check: (c) =>
    checkSizes(
      c.alpha.flatMap((alpha) => c.n.map((n) => ({ n, p: patternCount(alpha, n) }))),
      c.maxMemory,
    ),
  // Per (α, N) and sample: a bisection on λ, one run per step.
  work: (c) => ({
    couplings: sumOf(c.alpha, (alpha) =>
      sumOf(c.n, (n) =>
        denseRunOps(c, c.samples * bisections(1, c.lambdaTolerance), patternCount(alpha, n), n),
      ),
    ),
  }),
  run: (c, rng, hooks) => {
    const res = crossoverExperiment(c, rng, hooks);
    const extrapolated = res.extrapolated.map((e) => ({
      alpha: e.alpha,
      lambda1: e.lambda1,
      lambda1Theory: e.lambda1Theory,
      coefficients: e.coefficients,
    }));
    return {
      rows: res.rows,
      extra: { extrapolated },
      derived: storedMemory(c),
      summary: crossoverSummary(extrapolated),
    };
  },
  figure: (rows, c, seed, extra) =>
    crossoverPlot(rows, (extra?.extrapolated ?? []) as CrossoverExtrapolation[], c.ensemble, seed),
  caption:
    'The λ at which half of the pattern sets keep ξ¹ (Δ < ½), against 1/N, with least-squares quadratic fits in ' +
    '1/N (dashed) and the theory λ₁(α) (flat dashed lines) (paper 001 Fig. 10).',
});

export const basin = defineExperiment({
  id: 'dense.basin',
  family: 'dense',
  summary:
    'critical angle of the basin of ξ¹: bisection on cos θ until half of the random starts return (paper 001 Appendix F.2, Fig. 11)',
  examples: ['dense basin --n 40,60,80 --alpha 0.1 --lambda 0.2 --seed 1 --json b.json'],
  params: basinParams,
  check: checkBasinEntry,
  // Per (N, λ) and sample: a bisection on cos θ with `restarts` runs per step; --cos adds one set per angle.
  work: (c) => ({
    couplings: sumOf(c.n, (n) =>
      denseRunOps(
        c,
        c.lambda.length * c.samples * c.restarts * (bisections(2, c.cosTolerance) + (c.cos?.length ?? 0)),
        patternCount(c.alpha, n),
        n,
      ),
    ),
  }),
  run: (c, rng, hooks) => {
    const [rBasin, rDist] = rng.split(2);
    const rows = basinExperiment(c, rBasin, hooks);
    const cos = c.cos;
    const distanceByAngle = cos
      ? c.lambda.flatMap((lambda) =>
          basinDistanceExperiment({ ...c, lambda, cos }, rDist).map((r) => ({ lambda, ...r })),
        )
      : undefined;
    return {
      rows,
      ...(distanceByAngle ? { extra: { distanceByAngle } } : {}),
      derived: storedMemory(c),
    };
  },
  figure: (rows, c, seed) => basinPlot(rows, c.ensemble, seed),
  caption:
    'The cos θ at which half of the random starts on the sphere at angle θ from ξ¹ return to it (bisection), mean ± ' +
    'std over pattern sets, against λ; dashed: cos θ_c = φ_{α,1}(λ) of the theory and the nearest-pattern overlap ' +
    'c_max(α) (paper 001 Fig. 11 right).',
});

export const basinDistance = defineExperiment({
  id: 'dense.basin-distance',
  family: 'dense',
  summary:
    'Δ = ‖x∞ − ξ¹‖²/N against the cosine of the starting angle, random starts on the sphere (paper 001 Fig. 11 left)',
  examples: [
    'dense basin-distance --n 40,60 --alpha 0.1 --lambda 0.2 --cos 0.3:0.9:0.06 --samples 2 --seed 1',
  ],
  params: basinDistanceParams,
  check: checkBasinEntry,
  work: (c) => ({
    couplings: sumOf(c.n, (n) =>
      denseRunOps(c, c.samples * c.restarts * c.cos.length, patternCount(c.alpha, n), n),
    ),
  }),
  run: (c, rng, hooks) => ({
    rows: basinDistanceExperiment(c, rng, hooks),
    derived: storedMemory(c),
  }),
  figure: (rows, c, seed) =>
    basinDistancePlot(rows, { ensemble: c.ensemble, alpha: c.alpha, lambda: c.lambda, seed }),
  caption:
    'Mean Δ after gradient descent from random starts at angle θ from ξ¹; the dotted rule is cos θ_c of the ' +
    'theory (paper 001 Fig. 11 left).',
});

export const scaled = defineExperiment({
  id: 'dense.scaled',
  family: 'dense',
  summary:
    'scaled dot product λ = λ̃/N^a with P = e^{α̃N^{1−a}}: Δ from ξ¹ against λ̃, theory threshold λ̃₁ = α̃ (Fig. 12)',
  examples: [
    'dense scaled --a 0.5 --n 64,144,256 --alpha-tilde 0.5 --lambda-tilde 0.1:1.5:0.1 --trials 5 --seed 1',
  ],
  params: scaledParams,
  check: (c) =>
    checkSizes(
      c.n.map((n) => ({ n, p: scaledPatternCount(c.alphaTilde, n, c.a) })),
      c.maxMemory,
    ),
  work: (c) => ({
    couplings: sumOf(c.n, (n) =>
      denseRunOps(c, c.lambdaTilde.length * c.trials, scaledPatternCount(c.alphaTilde, n, c.a), n),
    ),
  }),
  run: (c, rng, hooks) => ({
    rows: scaledExperiment(c, rng, hooks),
    derived: storedMemory(c),
  }),
  figure: (rows, _c, seed) => scaledPlot(rows, seed),
  caption:
    'λ = λ̃/N^a and P = e^{α̃N^{1−a}}: the retrieval threshold is λ̃₁ = α̃ (dotted rule; paper 001 section VI, Fig. 12).',
});

export const capacityBinary = defineExperiment({
  id: 'dense.capacity-binary',
  family: 'dense',
  summary:
    'capacity of binary dense memories E = −Σ F(ξ·σ): polynomial F = xⁿ grows as N^{n−1}, exponential F as e^{αN}',
  examples: [
    'dense capacity-binary --F poly --degree 3 --n 50,100,200 --trials 2 --seed 1',
    'dense capacity-binary --F exp --n 10,14,18 --trials 2 --seed 1',
  ],
  params: capacityBinaryParams,
  // Per N and trial: each tested pattern's stability at every grid size, P·N² for the largest P.
  work: (c) => {
    const f = binaryF(c);
    const ops = (n: number) => c.trials * Math.min(c.tested, binaryPMax(f, n)) * binaryPMax(f, n) * n * n;
    return { couplings: sumOf(binaryDimensions(c), ops) };
  },
  run: (c, rng, hooks) => {
    const res = binaryCapacityExperiment(c, rng, hooks);
    return {
      rows: res.rows,
      extra: { growth: res.growth, curves: res.curves },
      derived: {
        ...(c.F === 'exp' ? { degree: undefined } : {}),
        n: binaryDimensions(c),
        ...storedMemory(c),
      },
      summary: [binarySummary(c.F, res.growth)],
    };
  },
  figure: (rows, _c, seed) => binaryCapacityPlot(rows, seed),
  caption:
    'The number of stored ±1 patterns at which half of the tested patterns stop being fixed points of the ' +
    'asynchronous dynamics, beside the signal-to-noise estimate (dashed).',
});

function binarySummary(
  kind: 'poly' | 'exp',
  g: { measured: number | null; theory: number | null; asymptotic: number },
): string {
  const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
  return kind === 'poly'
    ? `log–log slope of P against N: measured ${fmt(g.measured)}, signal-to-noise estimate ${fmt(g.theory)}, ` +
        `asymptotic n − 1 = ${g.asymptotic} (up to the 1/log N factor)`
    : `growth rate d ln P / dN: measured ${fmt(g.measured)}; Demircigil et al. retrieve all patterns for α < ½ ln 2 = ${fmt(g.asymptotic)}`;
}

export const denseExperiments = [endDistance, crossover, basin, basinDistance, scaled, capacityBinary];

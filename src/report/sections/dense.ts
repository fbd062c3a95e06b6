/**
 * Report section: dense associative memories (paper 001, Appendix F), declared from the registry entries. The
 * figures run in the order of the streams of the section's generator: end distance, crossover, basin angle,
 * distance against the starting angle, scaled dot product, binary capacity.
 */
import type { CrossoverExtrapolation } from '../../experiments/dense/run.js';
import type { SectionDecl } from '../types.js';

const fmt = (v: number, d = 3) => Number(v.toFixed(d));
/** `count` points from a to b, rounded to 4 decimals. */
const grid = (a: number, b: number, count: number) =>
  Array.from({ length: count }, (_, k) => fmt(a + (k * (b - a)) / (count - 1), 4));
const orDash = (v: number | null, d = 3) => (v === null ? '–' : String(fmt(v, d)));

export const denseSection: SectionDecl = {
  id: 'dense',
  title: 'Dense associative memories (exponential capacity)',
  intro:
    'P = e^{αN} patterns on the sphere of radius √N with the log-sum-exp energy E(x) = −(1/λ) log Σ_μ e^{λx·ξ^μ} + ½‖x‖² ' +
    '(paper 001 Eq. 1), gradient descent with step η = 0.5 until convergence (Appendix F). Started at a pattern, the ' +
    'dynamics stays there above the threshold λ₁(α) of the random-energy-model theory and collapses to the barycentre ' +
    'below it; the finite-N crossover moves towards λ₁ as N grows. Binary memories with F(x) = x³ show the N² growth of ' +
    'the Krotov–Hopfield capacity.',
  figures: [
    {
      id: 'dense-end-distance',
      experiment: 'dense.end-distance',
      title: 'End distance from a stored pattern (spherical, α = 0.1)',
      params: {
        ensemble: 'spherical',
        alpha: 0.1,
        n: [40, 60, 80, 100],
        lambda: grid(0.05, 0.25, 21),
        trials: 10,
      },
      quick: { n: [40, 60, 80], lambda: grid(0.05, 0.25, 11), trials: 5 },
      caption:
        'Mean Δ = ‖x∞ − ξ¹‖²/N after gradient descent from ξ¹ (± std over pattern sets). Δ ≈ 1 means collapse to the ' +
        'barycentre (≈ origin), Δ ≈ 0 retrieval. The dotted rule is λ₁(0.1) ≈ 0.106 of the N = ∞ theory; the ' +
        'crossover sharpens and moves towards it as N grows (paper 001 Fig. 8).',
    },
    {
      id: 'dense-crossover',
      experiment: 'dense.crossover',
      title: 'Finite-N crossover and extrapolation',
      params: { ensemble: 'spherical', n: [40, 60, 80, 100], alpha: [0.05, 0.1], samples: 20 },
      quick: { n: [40, 60, 80], alpha: [0.1], samples: 10 },
      captionOf: ({ extra }) => {
        const ex = (extra[0].extrapolated as CrossoverExtrapolation[]).map(
          (e) => `α = ${e.alpha}: ${orDash(e.lambda1)} vs ${orDash(e.lambda1Theory)}`,
        );
        return (
          'The λ at which half of the pattern sets keep ξ¹ (Δ < ½), against 1/N, with least-squares quadratic fits in 1/N ' +
          `(dashed) and the theory λ₁(α) (flat dashed lines). Extrapolated vs theory: ${ex.join('; ')} (paper 001 Fig. 10).`
        );
      },
    },
    {
      id: 'dense-basin-angle',
      experiment: 'dense.basin',
      title: 'Basin size: critical angle (spherical, α = 0.1)',
      params: {
        ensemble: 'spherical',
        alpha: 0.1,
        n: [40, 60, 80],
        lambda: [0.15, 0.2, 0.25, 0.3, 0.4, 0.6],
        samples: 6,
        restarts: 10,
      },
      quick: { n: [40, 60], lambda: [0.2, 0.3, 0.45], samples: 3 },
      caption:
        'The cos θ at which half of 10 random starts on the sphere at angle θ from ξ¹ return to it (bisection), mean ± ' +
        'std over pattern sets, against λ; dashed: cos θ_c = φ_{α,1}(λ) of the theory and the nearest-pattern overlap ' +
        'c_max(α) (paper 001 Fig. 11 right).',
    },
    {
      id: 'dense-basin-distance',
      experiment: 'dense.basin-distance',
      title: 'End distance against the starting angle (α = 0.1, λ = 0.2)',
      params: {
        ensemble: 'spherical',
        alpha: 0.1,
        lambda: 0.2,
        n: [40, 60, 80],
        cos: grid(0.3, 0.9, 21),
        samples: 5,
        restarts: 10,
      },
      quick: { n: [40, 60], cos: grid(0.3, 0.9, 11), samples: 2, restarts: 3 },
      caption:
        'Mean Δ after gradient descent from random starts at angle θ from ξ¹; the dotted rule is cos θ_c ≈ 0.598 ' +
        '(paper 001 Fig. 11 left).',
    },
    {
      id: 'dense-scaled',
      experiment: 'dense.scaled',
      title: 'Scaled dot product (a = ½, Gaussian patterns)',
      params: {
        ensemble: 'gaussian',
        a: 0.5,
        alphaTilde: 0.5,
        n: [64, 144, 256, 324],
        lambdaTilde: grid(0.1, 1.5, 15),
        trials: 5,
      },
      quick: { n: [64, 144], lambdaTilde: grid(0.1, 1.5, 8), trials: 3 },
      caption:
        'λ = λ̃/√N and P = e^{α̃√N} with α̃ = 0.5: the retrieval threshold is λ̃₁ = α̃ (dotted rule; paper 001 section VI, Fig. 12).',
    },
    {
      id: 'dense-binary-capacity',
      experiment: 'dense.capacity-binary',
      title: 'Binary dense memory, F(x) = x³: capacity against N',
      params: { F: 'poly', degree: 3, n: [30, 50, 80, 120, 200], trials: 3 },
      quick: { n: [30, 50, 80], trials: 1 },
      captionOf: ({ extra }) => {
        const g = extra[0].growth as { measured: number | null; theory: number | null };
        return (
          'The number of stored ±1 patterns at which half of the tested patterns stop being fixed points of the ' +
          'asynchronous dynamics, beside the signal-to-noise estimate (dashed). Log–log slope measured ' +
          `${orDash(g.measured, 2)}, estimate ${orDash(g.theory, 2)} (→ n − 1 = 2 at large N, up to the log N factor).`
        );
      },
    },
  ],
};

/**
 * Report section: the theory calculators (no simulation), declared from the registry entries. The AGS (α, T)
 * phase diagram and m(α) curves (paper 004), the (λ, α) phase diagrams of dense memories for both ensembles and
 * the basin angle θ_c(λ) (papers 001/003), and the pseudo-likelihood stability distribution P_λ(Δ) (paper 000
 * Appendix A).
 */
import { agsCriticalLoad, agsRetrievalLoads } from '../../core/theory/classical.js';
import { maximalMargin } from '../../core/theory/pseudolikelihood.js';
import { agsOverlapPlot } from '../../experiments/theory/figures.js';
import { type AgsOverlapRow, grid, stabilitySummaryRows } from '../../experiments/theory/run.js';
import type { SectionDecl } from '../types.js';

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.floor((b - a) / step + 1e-9) + 1 }, (_, k) => Number((a + k * step).toFixed(10)));

const PL_ALPHA = 0.4;
const PL_LAMBDAS = [0.2, 0.5, 1, 2, 5, 20];

/** A caption computed on first use (it quotes values of the theory). */
function lazy(make: () => string): () => string {
  let text: string | undefined;
  return () => {
    text ??= make();
    return text;
  };
}

const agsCaption = lazy(() => {
  const crit = agsCriticalLoad(0);
  const global = agsRetrievalLoads(0).alphaGlobal;
  return (
    `Retrieval states exist below T_M(α), which meets T = 0 at α_c = ${crit.alphaC.toFixed(4)} (m = ${crit.mAtAlphaC.toFixed(4)}); ` +
    `they are global minima of the free energy below T_c(α), which meets T = 0 at α ≈ ${global.toFixed(4)}; ` +
    'the spin-glass state appears below T_g(α) = 1 + √α. The slight bend of T_M and T_c at low T is the known ' +
    'reentrance of the replica-symmetric solution.'
  );
});

const plCaption = lazy(() => {
  const summary = stabilitySummaryRows(PL_ALPHA, PL_LAMBDAS);
  return (
    `From the Hebbian Gaussian N(1/√α, 1) at small λ to the maximally stable perceptron at large λ (a Gaussian cut at ` +
    `the Gardner margin κ(${PL_ALPHA}) = ${maximalMargin(PL_ALPHA).toFixed(3)} with the cut mass piled up at κ). ` +
    `Negative-tail mass: ${summary.map((s) => `λ = ${s.lambda}: ${s.negativeTail.toExponential(2)}`).join(', ')}.`
  );
});

export const theorySection: SectionDecl = {
  id: 'theory',
  title: 'Theory: phase diagrams, thresholds and stability distributions',
  intro:
    'Closed forms and saddle-point solutions computed by the library, without simulation: the replica-symmetric ' +
    '(AGS) phase diagram of the Hebbian network (paper 004), the random-energy-model thresholds and basins of dense ' +
    'associative memories for spherical and Gaussian patterns (paper 001), and the distribution of stabilities of ' +
    'a perceptron row trained by pseudo-likelihood (paper 000 Appendix A).',
  figures: [
    {
      id: 'theory-ags-phase-diagram',
      experiment: 'theory.ags-phase-diagram',
      title: 'AGS phase diagram of the Hebbian network',
      params: { alphaMax: 0.16 },
      get caption() {
        return agsCaption();
      },
    },
    {
      id: 'theory-ags-overlap',
      experiment: 'theory.ags-overlap',
      title: 'Retrieval overlap m(α) of the RS solution',
      params: { temperature: [0, 0.2, 0.4, 0.6] },
      figure: (rows) =>
        agsOverlapPlot('AGS retrieval overlap m(α)', rows as AgsOverlapRow[], {
          xDomain: [0, 0.15],
          yDomain: [0.5, 1],
        }),
    },
    {
      id: 'theory-dense-spherical',
      experiment: 'theory.dense',
      title: 'Dense memory thresholds, spherical patterns',
      params: { ensemble: ['spherical'], lambda: grid(0.02, 50, 120, true) },
      quick: { lambda: grid(0.02, 50, 40, true) },
      caption:
        'A typical pattern, and with it every pattern, is retrieved below α₁(λ) = λ − ζ₁(λ) (≈ ½ log λ at large λ). ' +
        'The REM condenses above α_*(λ) only, so the transition is driven by exponentially many patterns. ' +
        'The Ramsauer et al. bound W₀(2λ/5)/4 is far below.',
    },
    {
      id: 'theory-dense-gaussian',
      experiment: 'theory.dense',
      title: 'Dense memory thresholds, gaussian patterns',
      params: { ensemble: ['gaussian'], lambda: grid(0.02, 50, 120, true).filter((l) => l <= 10) },
      quick: { lambda: grid(0.02, 50, 40, true).filter((l) => l <= 10) },
      caption:
        'α₁(λ) = λ(1 − λ/2) saturates at ½ for λ ≥ 1; the all-pattern bound α_c^lb saturates at log 2 / 4 ≈ 0.1733 ' +
        'from λ ≈ 0.70091; α_* = λ²/2 is the condensation line.',
    },
    {
      id: 'theory-dense-basin-angle',
      experiment: 'theory.dense',
      title: 'Basin angle θ_c(λ), spherical patterns',
      params: { ensemble: ['spherical'], alpha: [0.05, 0.1, 0.2, 0.4], lambda: grid(0.05, 20, 150, true) },
      quick: { lambda: grid(0.05, 20, 50, true) },
      caption:
        'Largest angle between a typical pattern and a random start on the sphere from which one step of the ' +
        'dynamics retrieves it, cos θ_c = φ_{α,1}(λ). No basin for λ < λ₁(α); the angle grows with λ and freezes at ' +
        'the nearest-pattern angle arccos √(1 − e^{−2α}) (dashed) once the REM condenses.',
    },
    {
      id: 'theory-pl-stability',
      experiment: 'theory.pl-stability',
      title: `Pseudo-likelihood stability distribution at α = ${PL_ALPHA}`,
      params: { alpha: PL_ALPHA, lambda: PL_LAMBDAS, density: range(-2, 5, 0.02) },
      quick: { density: range(-2, 5, 0.05) },
      get caption() {
        return plCaption();
      },
    },
  ],
};

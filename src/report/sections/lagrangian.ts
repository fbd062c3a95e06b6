/**
 * Report section: generating-function networks (paper 002), declared from the registry entries: the synaptic
 * learning run of Appendix B (Fig. 1) against Eq. 40, the quasi-equilibrium energy along the neural dynamics for
 * several hidden generating functions (Eq. 8), and the spectrum of ΞᵀΞ against Marchenko–Pastur (§5.4).
 */
import type { SectionDecl } from '../types.js';

const fixed = (xs: readonly number[], d: number) => xs.map((x) => x.toFixed(d)).join(', ');

export const lagrangianSection: SectionDecl = {
  id: 'lagrangian',
  title: 'Generating-function networks and synaptic dynamics',
  intro:
    'Networks of visible and hidden neurons built from convex generating functions (paper 002): activations are ' +
    'gradients, the quasi-equilibrium energy is a Legendre transform and decreases along the neural dynamics; a slow ' +
    'softmax-weighted dynamics of the memory matrix learns from clamped observations, following the cosine-similarity ' +
    'law of Eq. 40; for Gaussian memories the spectrum of ΞᵀΞ follows Marchenko–Pastur.',
  figures: [
    {
      id: 'lagrangian-synaptic',
      experiment: 'lagrangian.synaptic',
      title: 'Synaptic learning (Appendix B, Fig. 1)',
      params: { nv: 50, nh: 4, steps: 2000, tau: 250, noise: 0.4, beta: 2, every: 20 },
      captionOf: ({ extra }, c) =>
        'Cosine similarity of each memory row with its observed target while v is clamped to the noisy patterns ' +
        `with p_μ = 1/${c.nh}; dashed: Eq. 40 with τ_μ = τ_Ξ/p_μ. Largest deviation ` +
        `${(extra[0].maxDeviation as number).toFixed(4)} (acceptance 0.02); final similarities ` +
        `${fixed(extra[0].finalSimilarity as number[], 4)} (> 0.99).`,
    },
    {
      id: 'lagrangian-energy',
      experiment: 'lagrangian.simulate',
      title: 'Energy along the neural dynamics (Eq. 6–8)',
      params: {
        nv: 200,
        k: 10,
        memories: 'binary',
        norm: 0.8,
        coupling: 'memory',
        lv: 'quadratic',
        lh: 'lse:20,logcosh:5,relu,repu:3',
        dt: 0.1,
        steps: 150,
        every: 2,
        noise: 0.5,
      },
      quick: { nv: 100 },
      captionOf: ({ extra }, c) =>
        `E_QE(t) for L_v = ½‖v‖², J = Ξ and several hidden generating functions, Euler steps dt = 0.1 τ_v from a ` +
        `noisy memory (binary memories with ‖ξ‖ = 0.8, N_v = ${c.nv}, K = ${c.k}). Largest step-to-step change of the ` +
        `energy ${(extra[0].maxEnergyIncrease as number).toExponential(2)}: it never increases (Eq. 8).`,
    },
    {
      id: 'lagrangian-spectrum',
      experiment: 'lagrangian.spectrum',
      title: 'Marchenko–Pastur spectrum of ΞᵀΞ (§5.4)',
      params: { nv: 1000, alpha: 0.2, bins: 40 },
      quick: { nv: 500 },
      captionOf: ({ extra }, c) => {
        const x = extra[0] as Record<string, number>;
        return (
          `Nonzero eigenvalues of ΞᵀΞ for ξ ~ N(0, 1/N_h), α = ${c.alpha}; dashed: Marchenko–Pastur density, rules at ` +
          `λ± = (1 ± α^{−1/2})². Edges ${x.lambdaMin.toFixed(3)} / ${x.lambdaMax.toFixed(3)} against ` +
          `${x.theoryMin.toFixed(3)} / ${x.theoryMax.toFixed(3)}; ${x.zeroModes} zero modes. With α < 1/4 ` +
          'the bulk lies above 1, so the zero fixed point of Eq. 27 is hyperbolic.'
        );
      },
    },
  ],
};

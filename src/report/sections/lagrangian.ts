/**
 * Report section and figures for generating-function networks (paper 002): the synaptic learning run of
 * Appendix B (Fig. 1) against Eq. 40, the quasi-equilibrium energy along the neural dynamics for several hidden
 * generating functions (Eq. 8), and the spectrum of ΞᵀΞ against Marchenko–Pastur (§5.4).
 */
import type { LagrangianSpec } from '../../core/lagrangians/index.js';
import {
  type LagrangianSimulateRow,
  lagrangianSimulateExperiment,
  type MarchenkoPasturResult,
  marchenkoPasturExperiment,
  type SynapticRow,
  synapticExperiment,
} from '../../experiments/lagrangian.js';
import { lineChart, type PlotSpec } from '../plot.js';
import type { ReportSection } from '../types.js';

/** Cosine similarity of each memory row to its target: simulation (solid) and Eq. 40 (dashed). */
export function synapticPlot(
  rows: readonly SynapticRow[],
  s: { nv: number; nh: number; tauXi: number; noise: number; beta: number; seed: number },
): PlotSpec {
  const label = (r: SynapticRow) => `ξ${r.row + 1}`;
  return lineChart({
    title: `Synaptic dynamics, N_v = ${s.nv}, N_h = ${s.nh}, τ_Ξ = ${s.tauXi}, σ = ${s.noise}, β = ${s.beta} (seed ${s.seed})`,
    xTitle: 'time step t',
    yTitle: 'cosine similarity of Ξ_μ(t) with ξ′_μ',
    simulation: {
      data: rows.map((r) => ({ t: r.t, value: r.similarity, memory: label(r) })),
      x: 't',
      y: 'value',
      color: 'memory',
    },
    theory: {
      data: rows.map((r) => ({ t: r.t, value: r.theory, memory: label(r) })),
      x: 't',
      y: 'value',
      color: 'memory',
    },
    legendTitle: 'memory row (dashed: Eq. 40)',
  });
}

/** E_QE(t) along the neural dynamics, one line per hidden generating function. */
export function energyPlot(rows: readonly LagrangianSimulateRow[], s: { title: string }): PlotSpec {
  return lineChart({
    title: s.title,
    xTitle: 'time t / τ_v',
    yTitle: 'quasi-equilibrium energy E_QE',
    simulation: { data: rows as unknown as Record<string, unknown>[], x: 't', y: 'energy', color: 'hidden' },
    legendTitle: 'hidden generating function L_h',
  });
}

/** Histogram of the nonzero eigenvalues of ΞᵀΞ with the Marchenko–Pastur density and edges. */
export function spectrumPlot(
  res: MarchenkoPasturResult,
  s: { nv: number; alpha: number; seed: number },
): PlotSpec {
  return lineChart({
    title: `Spectrum of ΞᵀΞ, N_v = ${s.nv}, α = ${s.alpha}, N_h = ${res.nh} (seed ${s.seed})`,
    xTitle: 'eigenvalue λ of ΞᵀΞ',
    yTitle: 'density (nonzero eigenvalues)',
    simulation: {
      data: res.rows.map((r) => ({ ...r, kind: 'simulation' })),
      x: 'lambda',
      y: 'density',
      color: 'kind',
    },
    theory: { data: res.rows as unknown as Record<string, unknown>[], x: 'lambda', y: 'theory' },
    rules: [
      { x: res.theoryMin, label: 'λ₋' },
      { x: res.theoryMax, label: 'λ₊' },
      { x: 1, label: 'λ = 1' },
    ],
    legendTitle: `zero modes: ${res.zeroModes}`,
  });
}

export const lagrangianSection: ReportSection = {
  id: 'lagrangian',
  title: 'Generating-function networks and synaptic dynamics',
  intro:
    'Networks of visible and hidden neurons built from convex generating functions (paper 002): activations are ' +
    'gradients, the quasi-equilibrium energy is a Legendre transform and decreases along the neural dynamics; a slow ' +
    'softmax-weighted dynamics of the memory matrix learns from clamped observations, following the cosine-similarity ' +
    'law of Eq. 40; for Gaussian memories the spectrum of ΞᵀΞ follows Marchenko–Pastur.',
  build(ctx) {
    const q = ctx.quick;
    const [rSyn, rSim, rSpec] = ctx.rng.split(3);
    const syn = { nv: 50, nh: 4, steps: 2000, tauXi: 250, noise: 0.4, beta: 2 };
    const synRes = synapticExperiment({ ...syn, every: 20 }, rSyn);
    ctx.onProgress?.(1, 3);
    const hidden: LagrangianSpec[] = [
      { kind: 'lse', beta: 20 },
      { kind: 'logcosh', beta: 5 },
      { kind: 'repu', degree: 2 },
      { kind: 'repu', degree: 3 },
    ];
    const simCfg = {
      nv: q ? 100 : 200,
      k: 10,
      memories: 'binary' as const,
      norm: 0.8,
      coupling: { kind: 'memory' as const },
      visible: { kind: 'quadratic' as const, scale: 1 },
      hidden,
      dt: 0.1,
      steps: 150,
      every: 2,
      noise: 0.5,
    };
    const simRes = lagrangianSimulateExperiment(simCfg, rSim);
    ctx.onProgress?.(2, 3);
    const spec = { nv: q ? 500 : 1000, alpha: 0.2 };
    const specRes = marchenkoPasturExperiment({ ...spec, bins: 40 }, rSpec);
    ctx.onProgress?.(3, 3);
    const maxInc = Math.max(...simRes.summary.map((s) => s.maxEnergyIncrease));
    return [
      {
        id: 'lagrangian-synaptic',
        title: 'Synaptic learning (Appendix B, Fig. 1)',
        caption:
          `Cosine similarity of each memory row with its observed target while v is clamped to the noisy patterns ` +
          `with p_μ = 1/${syn.nh}; dashed: Eq. 40 with τ_μ = τ_Ξ/p_μ. Largest deviation ${synRes.maxDeviation.toFixed(4)} ` +
          `(acceptance 0.02); final similarities ${synRes.finalSimilarity.map((x) => x.toFixed(4)).join(', ')} (> 0.99).`,
        plot: synapticPlot(synRes.rows, { ...syn, seed: ctx.seed }),
        settings: { ...syn, seed: ctx.seed },
        rows: synRes.rows,
      },
      {
        id: 'lagrangian-energy',
        title: 'Energy along the neural dynamics (Eq. 6–8)',
        caption:
          `E_QE(t) for L_v = ½‖v‖², J = Ξ and several hidden generating functions, Euler steps dt = 0.1 τ_v from a ` +
          `noisy memory (binary memories with ‖ξ‖ = 0.8, N_v = ${simCfg.nv}, K = ${simCfg.k}). Largest step-to-step change of the ` +
          `energy ${maxInc.toExponential(2)}: it never increases (Eq. 8).`,
        plot: energyPlot(simRes.rows, {
          title: `E_QE along the dynamics, N_v = ${simCfg.nv}, K = ${simCfg.k} (seed ${ctx.seed})`,
        }),
        settings: { ...simCfg, hidden: hidden.map((h) => h.kind), seed: ctx.seed },
        rows: simRes.rows,
      },
      {
        id: 'lagrangian-spectrum',
        title: 'Marchenko–Pastur spectrum of ΞᵀΞ (§5.4)',
        caption:
          `Nonzero eigenvalues of ΞᵀΞ for ξ ~ N(0, 1/N_h), α = ${spec.alpha}; dashed: Marchenko–Pastur density, rules at ` +
          `λ± = (1 ± α^{−1/2})². Edges ${specRes.lambdaMin.toFixed(3)} / ${specRes.lambdaMax.toFixed(3)} against ` +
          `${specRes.theoryMin.toFixed(3)} / ${specRes.theoryMax.toFixed(3)}; ${specRes.zeroModes} zero modes. With α < 1/4 ` +
          'the bulk lies above 1, so the zero fixed point of Eq. 27 is hyperbolic.',
        plot: spectrumPlot(specRes, { ...spec, seed: ctx.seed }),
        settings: { ...spec, bins: 40, seed: ctx.seed },
        rows: specRes.rows,
      },
    ];
  },
};

/**
 * Figures of generating-function networks (paper 002): the synaptic learning run of Appendix B (Fig. 1) against
 * Eq. 40, the quasi-equilibrium energy along the neural dynamics (Eq. 8), and the spectrum of ΞᵀΞ against
 * Marchenko–Pastur (§5.4).
 */

import { lineChart, type PlotSpec } from '../plots.js';
import type { LagrangianSimulateRow, MarchenkoPasturResult, MarchenkoPasturRow, SynapticRow } from './run.js';

/** Cosine similarity of each memory row to its target: simulation (solid) and Eq. 40 (dashed). */
export function synapticPlot(
  rows: readonly SynapticRow[],
  s: { nv: number; nh: number; tau: number; noise: number; beta: number; seed: number },
): PlotSpec {
  const label = (r: SynapticRow) => `ξ${r.row + 1}`;
  return lineChart({
    title: `Synaptic dynamics, N_v = ${s.nv}, N_h = ${s.nh}, τ_Ξ = ${s.tau}, σ = ${s.noise}, β = ${s.beta} (seed ${s.seed})`,
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
  rows: readonly MarchenkoPasturRow[],
  res: Pick<MarchenkoPasturResult, 'nh' | 'theoryMin' | 'theoryMax' | 'zeroModes'>,
  s: { nv: number; alpha: number; seed: number },
): PlotSpec {
  return lineChart({
    title: `Spectrum of ΞᵀΞ, N_v = ${s.nv}, α = ${s.alpha}, N_h = ${res.nh} (seed ${s.seed})`,
    xTitle: 'eigenvalue λ of ΞᵀΞ',
    yTitle: 'density (nonzero eigenvalues)',
    simulation: {
      data: rows.map((r) => ({ ...r, kind: 'simulation' })),
      x: 'lambda',
      y: 'density',
      color: 'kind',
    },
    theory: { data: rows as unknown as Record<string, unknown>[], x: 'lambda', y: 'theory' },
    rules: [
      { x: res.theoryMin, label: 'λ₋' },
      { x: res.theoryMax, label: 'λ₊' },
      { x: 1, label: 'λ = 1' },
    ],
    legendTitle: `zero modes: ${res.zeroModes}`,
  });
}

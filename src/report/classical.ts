/**
 * Figures for the classical network: capacity curve, retrieval map and the empirical phase diagram, each with
 * the theory the papers give beside it (α_c ≈ 0.138 at T = 0; T_g(α) = 1 + √α, paper 004 section 4).
 */
import type { CapacityRow, PhaseDiagramRow, RetrievalMapRow } from '../experiments/classical.js';
import { heatmap, lineChart, type PlotSpec } from './plot.js';

/** AGS zero-temperature capacity of the Hebbian network (paper 004 section 4). */
export const HEBB_ALPHA_C = 0.138;

export function capacityPlot(rows: readonly CapacityRow[], rule: string, n: number, seed: number): PlotSpec {
  return lineChart({
    title: `Capacity, ${rule} rule, N = ${n} (seed ${seed})`,
    xTitle: 'load α = P/N',
    yTitle: 'final overlap m (start at a stored pattern)',
    simulation: {
      data: rows.map((r) => ({ ...r, rule })),
      x: 'alpha',
      y: 'meanOverlap',
      color: 'rule',
      error: 'stdOverlap',
    },
    rules: rule === 'hebb' ? [{ x: HEBB_ALPHA_C, label: 'α_c ≈ 0.138 (AGS)' }] : [],
    legendTitle: 'rule',
  });
}

export function retrievalMapPlot(
  rows: readonly RetrievalMapRow[],
  rule: string,
  n: number,
  alpha: number,
  seed: number,
): PlotSpec {
  const data = rows.flatMap((r) => [
    { m0: r.m0, value: r.meanOverlap, quantity: 'mean final overlap' },
    { m0: r.m0, value: r.successFraction, quantity: 'success fraction (m ≥ 0.99)' },
  ]);
  return lineChart({
    title: `Retrieval map, ${rule} rule, N = ${n}, α = ${alpha} (seed ${seed})`,
    xTitle: 'initial overlap m0',
    yTitle: 'final overlap / success fraction',
    simulation: { data, x: 'm0', y: 'value', color: 'quantity' },
    theory: {
      data: [
        { m0: Math.min(...rows.map((r) => r.m0)), value: Math.min(...rows.map((r) => r.m0)) },
        { m0: Math.max(...rows.map((r) => r.m0)), value: Math.max(...rows.map((r) => r.m0)) },
      ],
      x: 'm0',
      y: 'value',
    },
    legendTitle: '',
  });
}

/** T_g(α) = 1 + √α, the paramagnet–spin-glass line of the RS theory (paper 004 section 4). */
export function spinGlassLine(
  alphaMax: number,
  points = 60,
): { alpha: number; temperature: number; line: string }[] {
  return Array.from({ length: points }, (_, k) => {
    const alpha = (alphaMax * k) / (points - 1);
    return { alpha, temperature: 1 + Math.sqrt(alpha), line: 'T_g = 1 + √α' };
  });
}

export function phaseDiagramPlot(
  rows: readonly PhaseDiagramRow[],
  s: { n: number; flip: number; dynamics: string; seed: number; title?: string; xTitle?: string },
): PlotSpec {
  const alphaMax = Math.max(...rows.map((r) => r.alpha));
  return heatmap({
    title: s.title ?? `Phase diagram, ${s.dynamics}, N = ${s.n}, flip r = ${s.flip} (seed ${s.seed})`,
    data: rows as unknown as Record<string, unknown>[],
    x: 'alpha',
    y: 'temperature',
    value: 'meanOverlap',
    xTitle: s.xTitle ?? 'load α = P/N',
    yTitle: 'temperature T',
    valueTitle: 'final |m|',
    valueDomain: [0, 1],
    theory: { data: spinGlassLine(alphaMax * 1.2), x: 'alpha', y: 'temperature', color: 'line' },
  });
}

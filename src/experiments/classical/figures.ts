/**
 * Figures for the classical network: capacity curve, retrieval map and the empirical phase diagram, each with
 * the theory the papers give beside it (AGS m(α) at T = 0 up to α_c ≈ 0.138; T_g(α) = 1 + √α and the RS lines
 * T_M(α), T_c(α), paper 004 section 4).
 */
import { agsRetrievalCurve, agsRetrievalLoads } from '../../core/theory/classical.js';
import { heatmap, lineChart, type PlotSpec } from '../plots.js';
import type { CapacityRow, PhaseDiagramRow, RetrievalMapRow } from './run.js';

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
    ...(rule === 'hebb' ? { theory: { data: agsZeroTemperatureOverlap(), x: 'alpha', y: 'm' } } : {}),
    yDomain: [0, 1],
    legendTitle: 'rule',
  });
}

/**
 * AGS retrieval overlap m(α) at T = 0 (replica-symmetric, paper 004 section 4.3), from α ≈ 0 up to
 * α_c ≈ 0.138 where m ≈ 0.967: the dashed theory line of the capacity figure.
 */
const agsOverlapCache = new Map<number, { alpha: number; m: number }[]>();
export function agsZeroTemperatureOverlap(points = 40): { alpha: number; m: number }[] {
  const cached = agsOverlapCache.get(points);
  if (cached) return cached;
  const curve = [
    { alpha: 0, m: 1 },
    ...agsRetrievalCurve(0, points).map((p) => ({ alpha: p.alpha, m: p.m })),
  ];
  agsOverlapCache.set(points, curve);
  return curve;
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

/**
 * The RS lines T_M(α) (retrieval states exist below) and T_c(α) (they are global minima below), traced on a
 * temperature grid as α(T) (paper 004 section 4.4, Fig. 6); both meet T = 1 at α = 0.
 */
let retrievalLinesCache: { alpha: number; temperature: number; line: string }[] | undefined;
export function agsRetrievalLines(): { alpha: number; temperature: number; line: string }[] {
  if (retrievalLinesCache) return retrievalLinesCache;
  // T < 0.1 is skipped apart from T = 0: there the RS lines bend back slightly (reentrance), which a line
  // drawn in order of α would show as a hook.
  const temps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  const loads = temps.map((t) => agsRetrievalLoads(t));
  const tm = loads.map((l) => ({ alpha: l.alphaM, temperature: l.temperature, line: 'T_M (AGS)' }));
  const tc = loads
    .filter((l) => l.alphaGlobal > 0)
    .map((l) => ({ alpha: l.alphaGlobal, temperature: l.temperature, line: 'T_c (AGS)' }));
  retrievalLinesCache = [
    ...tm,
    { alpha: 0, temperature: 1, line: 'T_M (AGS)' },
    ...tc,
    { alpha: 0, temperature: 1, line: 'T_c (AGS)' },
  ];
  return retrievalLinesCache;
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
    theory: {
      data: [...spinGlassLine(alphaMax * 1.2), ...agsRetrievalLines()],
      x: 'alpha',
      y: 'temperature',
      color: 'line',
    },
  });
}

/** Report section: the classical Hopfield network (paper 004), declared from the registry entries. */

import { agsZeroTemperatureOverlap, HEBB_ALPHA_C } from '../../experiments/classical/figures.js';
import type { CapacityRow } from '../../experiments/classical/run.js';
import { lineChart, type PlotSpec } from '../plot.js';
import type { SectionDecl } from '../types.js';

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.floor((b - a) / step + 1e-9) + 1 }, (_, k) => Number((a + k * step).toFixed(10)));

/** The rules of the capacity figure, in the order they are drawn side by side. */
const CAPACITY_RULES = ['hebb', 'storkey', 'pinv'] as const;
/** Horizontal spacing of the rules' points, as a fraction of the α step (Storkey and pinv coincide at m = 1). */
const CAPACITY_DODGE = 0.25;

/**
 * The capacity rows with the x at which each is drawn (`alphaShown`): the rules side by side, CAPACITY_DODGE of
 * the α step apart, so points and error bars that coincide (every rule at m = 1 for small α) stay visible.
 */
export function dodgedCapacityRows<R extends CapacityRow & { readonly rule: string }>(
  rows: readonly R[],
): (R & { alphaShown: number })[] {
  const alphas = [...new Set(rows.map((r) => r.alpha))].sort((a, b) => a - b);
  let step = Number.POSITIVE_INFINITY;
  for (let k = 1; k < alphas.length; k++) step = Math.min(step, alphas[k] - alphas[k - 1]);
  if (!Number.isFinite(step)) step = alphas[0] || 1;
  const mid = (CAPACITY_RULES.length - 1) / 2;
  return rows.map((r) => {
    const k = (CAPACITY_RULES as readonly string[]).indexOf(r.rule);
    return { ...r, alphaShown: r.alpha + (k < 0 ? 0 : (k - mid) * CAPACITY_DODGE * step) };
  });
}

/**
 * The figure with its open markers drawn whole: the rules that hold every pattern sit at m = 1, the top of the
 * axis, where a clipped marker shows only its lower half (lines and error bars stay clipped to the axis).
 */
function unclippedMarkers(spec: PlotSpec): PlotSpec {
  const layers = (spec as unknown as { layer: { mark?: { type?: string; clip?: boolean } }[] }).layer;
  for (const l of layers) if (l.mark?.type === 'point') l.mark.clip = false;
  return spec;
}

export const classicalSection: SectionDecl = {
  id: 'classical',
  title: 'Classical Hopfield network (binary neurons)',
  intro:
    'Random ±1 patterns stored with the Hebb, Storkey and pseudo-inverse rules; zero-temperature sequential ' +
    'dynamics started at each stored pattern (capacity), from corrupted patterns (retrieval map), and Metropolis ' +
    'dynamics at temperature T from a pattern with 20% of its spins flipped (phase diagram, paper 004 section 5).',
  figures: [
    {
      id: 'classical-capacity',
      experiment: 'capacity',
      title: 'Storage capacity at T = 0',
      params: { n: 500, trials: 4, alpha: range(0.025, 0.5, 0.025) },
      quick: { n: 200, trials: 2, alpha: range(0.025, 0.4, 0.025) },
      series: { param: 'rule', values: [...CAPACITY_RULES] },
      caption:
        'Mean final overlap (± std over patterns) when the dynamics starts at a stored pattern. ' +
        `The Hebbian network collapses near the AGS capacity α_c ≈ ${HEBB_ALPHA_C} (dotted rule); Storkey holds longer; ` +
        'the pseudo-inverse rule keeps every pattern a fixed point while α < 1. At each α the three rules are drawn ' +
        `side by side (${CAPACITY_DODGE} of the α step apart), so coinciding points stay visible.`,
      figure: (rows, c, seed) =>
        unclippedMarkers(
          lineChart({
            title: `Capacity at T = 0, N = ${c.n} (seed ${seed})`,
            xTitle: 'load α = P/N',
            yTitle: 'final overlap m',
            simulation: {
              data: dodgedCapacityRows(rows as (CapacityRow & { rule: string })[]) as never,
              x: 'alphaShown',
              y: 'meanOverlap',
              color: 'rule',
              error: 'stdOverlap',
            },
            rules: [{ x: HEBB_ALPHA_C, label: 'α_c ≈ 0.138 (AGS)' }],
            theory: { data: agsZeroTemperatureOverlap(), x: 'alpha', y: 'm' },
            yDomain: [0, 1],
            legendTitle: 'rule',
          }),
        ),
    },
    {
      id: 'classical-retrieval-map',
      experiment: 'retrieval-map',
      title: 'Retrieval map (Hebb, α = 0.1)',
      params: { rule: 'hebb', n: 500, trials: 4, alpha: 0.1, m0: range(0, 1, 0.05) },
      quick: { n: 200, trials: 2, m0: range(0, 1, 0.1) },
      caption:
        'Final overlap and success fraction (m ≥ 0.99) against the initial overlap m0; the dashed diagonal is m = m0. ' +
        'At α = 0.1 below α_c the basin of attraction is wide: retrieval succeeds from small initial overlaps.',
    },
    {
      id: 'classical-phase-diagram',
      experiment: 'phase-diagram',
      title: 'Empirical phase diagram (Hebb, Metropolis)',
      params: {
        n: 400,
        trials: 4,
        alpha: range(0.02, 0.24, 0.02),
        temperature: range(0.1, 1.6, 0.1),
        sweeps: 50,
      },
      quick: {
        n: 200,
        trials: 2,
        alpha: range(0.02, 0.2, 0.02),
        temperature: range(0.1, 1.5, 0.1),
        sweeps: 30,
      },
      caption:
        'Final |m| after Metropolis sweeps from a stored pattern with 20% of the spins flipped. Retrieval (|m| > 0.9) ' +
        'survives at low load and temperature; above T = 1 (α → 0) the network is paramagnetic. The dashed lines are the ' +
        'replica-symmetric theory: T_g(α) = 1 + √α (paramagnet–spin glass), T_M(α) (retrieval states exist below) ' +
        'and T_c(α) (retrieval states are global minima below).',
    },
  ],
};

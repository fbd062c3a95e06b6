/** Report section: the classical Hopfield network (paper 004). */
import type { CouplingRule } from '../../core/models/classical.js';
import {
  capacityExperiment,
  phaseDiagramExperiment,
  retrievalMapExperiment,
} from '../../experiments/classical.js';
import { agsZeroTemperatureOverlap, HEBB_ALPHA_C, phaseDiagramPlot, retrievalMapPlot } from '../classical.js';
import { lineChart } from '../plot.js';
import type { ReportSection } from '../types.js';

const range = (a: number, b: number, step: number) =>
  Array.from({ length: Math.floor((b - a) / step + 1e-9) + 1 }, (_, k) => Number((a + k * step).toFixed(10)));

export const classicalSection: ReportSection = {
  id: 'classical',
  title: 'Classical Hopfield network (binary neurons)',
  intro:
    'Random ±1 patterns stored with the Hebb, Storkey and pseudo-inverse rules; zero-temperature sequential ' +
    'dynamics started at each stored pattern (capacity), from corrupted patterns (retrieval map), and Metropolis ' +
    'dynamics at temperature T from a pattern with 20% of its spins flipped (phase diagram, paper 004 section 5).',
  build(ctx) {
    const q = ctx.quick;
    const [rCap, rMap, rPd] = ctx.rng.split(3);
    const n = q ? 200 : 500;
    const trials = q ? 2 : 4;
    const alphas = range(0.025, q ? 0.4 : 0.5, 0.025);
    const rules: [string, CouplingRule][] = [
      ['hebb', { kind: 'hebb' }],
      ['storkey', { kind: 'storkey' }],
      ['pinv', { kind: 'pseudoinverse' }],
    ];
    const capRows = rules.flatMap(([name, rule], k) =>
      capacityExperiment(
        {
          rule,
          n,
          alphas: name === 'pinv' ? alphas.filter((a) => a < 0.9) : alphas,
          trials,
          dynamics: { kind: 'sequential' },
        },
        rCap.split(rules.length)[k],
      ).map((r) => ({ ...r, rule: name })),
    );
    ctx.onProgress?.(1, 3);
    const capSettings = {
      n,
      trials,
      alphas: `${alphas[0]}..${alphas[alphas.length - 1]}`,
      dynamics: 'sequential',
      seed: ctx.seed,
    };
    const capacityFigure = {
      id: 'classical-capacity',
      title: 'Storage capacity at T = 0',
      caption:
        `Mean final overlap (± std over patterns) when the dynamics starts at a stored pattern, N = ${n}. ` +
        `The Hebbian network collapses near the AGS capacity α_c ≈ ${HEBB_ALPHA_C} (dotted rule); Storkey holds longer; ` +
        'the pseudo-inverse rule keeps every pattern a fixed point while α < 1.',
      plot: lineChart({
        title: `Capacity at T = 0, N = ${n} (seed ${ctx.seed})`,
        xTitle: 'load α = P/N',
        yTitle: 'final overlap m',
        simulation: { data: capRows, x: 'alpha', y: 'meanOverlap', color: 'rule', error: 'stdOverlap' },
        rules: [{ x: HEBB_ALPHA_C, label: 'α_c ≈ 0.138 (AGS)' }],
        theory: { data: agsZeroTemperatureOverlap(), x: 'alpha', y: 'm' },
        legendTitle: 'rule',
      }),
      settings: capSettings,
      rows: capRows,
    };

    const mapAlpha = 0.1;
    const m0s = range(0, 1, q ? 0.1 : 0.05);
    const mapRows = retrievalMapExperiment(
      { rule: { kind: 'hebb' }, n, alpha: mapAlpha, m0s, trials, dynamics: { kind: 'sequential' } },
      rMap,
    );
    ctx.onProgress?.(2, 3);

    const pdN = q ? 200 : 400;
    const pdAlphas = range(0.02, q ? 0.2 : 0.24, 0.02);
    const temps = range(0.1, q ? 1.5 : 1.6, 0.1);
    const sweeps = q ? 30 : 50;
    const pdRows = phaseDiagramExperiment(
      { n: pdN, alphas: pdAlphas, temperatures: temps, flip: 0.2, dynamics: 'metropolis', sweeps, trials },
      rPd,
    );
    ctx.onProgress?.(3, 3);
    return [
      capacityFigure,
      {
        id: 'classical-retrieval-map',
        title: 'Retrieval map (Hebb, α = 0.1)',
        caption:
          'Final overlap and success fraction (m ≥ 0.99) against the initial overlap m0; the dashed diagonal is m = m0. ' +
          'At α = 0.1 below α_c the basin of attraction is wide: retrieval succeeds from small initial overlaps.',
        plot: retrievalMapPlot(mapRows, 'hebb', n, mapAlpha, ctx.seed),
        settings: { n, alpha: mapAlpha, trials, dynamics: 'sequential', seed: ctx.seed },
        rows: mapRows,
      },
      {
        id: 'classical-phase-diagram',
        title: 'Empirical phase diagram (Hebb, Metropolis)',
        caption:
          'Final |m| after Metropolis sweeps from a stored pattern with 20% of the spins flipped. Retrieval (|m| > 0.9) ' +
          'survives at low load and temperature; above T = 1 (α → 0) the network is paramagnetic. The dashed lines are the ' +
          'replica-symmetric theory: T_g(α) = 1 + √α (paramagnet–spin glass), T_M(α) (retrieval states exist below) ' +
          'and T_c(α) (retrieval states are global minima below).',
        plot: phaseDiagramPlot(pdRows, { n: pdN, flip: 0.2, dynamics: 'metropolis', seed: ctx.seed }),
        settings: { n: pdN, flip: 0.2, sweeps, trials, dynamics: 'metropolis', seed: ctx.seed },
        rows: pdRows,
      },
    ];
  },
};

/**
 * Figures of mutation effects: a score against the measured fitness (one point per scored mutant, Spearman ρ in
 * the title), and the single-substitution scan as a residue × amino-acid heatmap.
 */
import { AMINO_ACIDS } from '../../data/msa.js';
import type { PlotSpec } from '../plots.js';
import type { ScoreName, ScoreRow } from './mutants.js';

const CONFIG = { legend: { labelLimit: 320, titleLimit: 320 }, axis: { titleFontSize: 12 } };

/** What each score means, for axis titles. */
export const SCORE_TITLES: Record<ScoreName, string> = {
  deltaE: 'ΔE = E(mutant) − E(wild type) (higher: less fit)',
  siteLogOdds: 'Σ site log-odds log p(mt)/p(wt) (higher: fitter)',
  independent: 'independent-site log-odds (higher: fitter)',
  logLikelihoodRatio: 'log P(mutant) − log P(wild type) (higher: fitter)',
};

/** Score against measured fitness, one point per mutant scored and measured. */
export function mutantScatterPlot(
  rows: readonly ScoreRow[],
  score: ScoreName,
  fitness: string,
  title: string,
): PlotSpec {
  const values = rows
    .filter((r) => r[score] !== null && r.fitness !== null && r.fitness !== undefined)
    .map((r) => ({ mutant: r.mutant, score: r[score], fitness: r.fitness }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    width: 420,
    height: 320,
    data: { values },
    mark: { type: 'circle', size: 10, opacity: 0.35, color: '#1f77b4' },
    encoding: {
      x: { field: 'score', type: 'quantitative', title: SCORE_TITLES[score], scale: { zero: false } },
      y: { field: 'fitness', type: 'quantitative', title: `measured ${fitness}`, scale: { zero: false } },
      tooltip: [{ field: 'mutant', type: 'nominal' }],
    },
  } as PlotSpec;
}

/** Residue × mutant amino acid, coloured by the score; wild-type cells empty. */
export function mutantHeatmapPlot(rows: readonly ScoreRow[], score: ScoreName, title: string): PlotSpec {
  const values = rows
    .filter((r) => r.position !== undefined && r[score] !== null)
    .map((r) => ({
      residue: r.position,
      x0: (r.position as number) - 0.5,
      x1: (r.position as number) + 0.5,
      mt: r.mt,
      wt: r.wt,
      value: r[score],
    }));
  const xs = values.map((v) => v.residue as number);
  const lo = Math.min(...xs) - 0.5;
  const hi = Math.max(...xs) + 0.5;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    width: Math.min(1200, Math.max(420, 3 * (hi - lo))),
    height: 300,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        title: 'residue',
        scale: { domain: [lo, hi], nice: false, zero: false },
      },
      x2: { field: 'x1' },
      y: { field: 'mt', type: 'ordinal', title: 'mutant amino acid', sort: [...AMINO_ACIDS] },
      color: {
        field: 'value',
        type: 'quantitative',
        title: score,
        scale: { scheme: 'viridis', reverse: score === 'deltaE' },
      },
      tooltip: [
        { field: 'wt', type: 'nominal' },
        { field: 'residue', type: 'quantitative' },
        { field: 'mt', type: 'nominal' },
        { field: 'value', type: 'quantitative' },
      ],
    },
  } as PlotSpec;
}

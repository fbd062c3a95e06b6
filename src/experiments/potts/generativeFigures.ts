/**
 * Figures of the generative checks (Vega-Lite): principal components of the one-hot natural sequences with the
 * samples projected on them, energy histograms of natural and sampled sequences under a model, and the mixing curve
 * of Markov-chain samples.
 */
import type { PlotSpec } from '../plots.js';
import type { GenerativeCheckResult } from './checkGenerative.js';

const INDEPENDENT = { scale: { color: 'independent' }, legend: { color: 'independent' } };
const CONFIG = { legend: { labelLimit: 320, titleLimit: 320 }, axis: { titleFontSize: 12 } };

/** The panels of {@link GenerativeCheckResult} side by side (PCA; energies and mixing when known). */
export function generativeCheckPanels(res: GenerativeCheckResult): Record<string, unknown>[] {
  const pts = [
    ...res.pca.natural.map((p) => ({ ...p, set: 'natural' })),
    ...res.pca.samples.map((p) => ({ ...p, set: 'samples' })),
  ];
  const panels: Record<string, unknown>[] = [
    {
      width: 320,
      height: 320,
      title: `one-hot PCA of the natural sequences (${(100 * res.pca.explained[0]).toFixed(1)} %, ${(100 * res.pca.explained[1]).toFixed(1)} % of the variance), samples projected`,
      data: { values: pts },
      mark: { type: 'point', size: 8, opacity: 0.7, filled: true },
      encoding: {
        x: { field: 'pc1', type: 'quantitative', title: 'PC1' },
        y: { field: 'pc2', type: 'quantitative', title: 'PC2' },
        color: { field: 'set', type: 'nominal', title: null },
      },
    },
  ];
  if (res.energy)
    panels.push({
      width: 320,
      height: 320,
      title: 'energy under the model (natural weighted)',
      data: {
        values: res.energy.flatMap((r) => [
          { energy: r.energy, share: r.natural, set: 'natural' },
          { energy: r.energy, share: r.samples, set: 'samples' },
        ]),
      },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'energy', type: 'quantitative', title: 'E (Potts) or −log P (autoregressive)' },
        y: { field: 'share', type: 'quantitative', title: 'share of sequences' },
        color: { field: 'set', type: 'nominal', title: null },
      },
    });
  if (res.mixing)
    panels.push({
      width: 320,
      height: 320,
      title: `chain mixing: identity at a lag against between chains${res.mixing.mixingRecords === undefined ? ' (not mixed)' : ''}`,
      data: {
        values: res.mixing.curve.flatMap((r) => [
          { lag: r.lag, identity: r.self, set: 'same chain, lag apart' },
          { lag: r.lag, identity: r.between, set: 'different chains' },
        ]),
      },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'lag',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          title: 'lag (recorded samples)',
        },
        y: { field: 'identity', type: 'quantitative', title: 'sequence identity' },
        color: { field: 'set', type: 'nominal', title: null },
      },
    });
  return panels;
}

/** A check figure (the existing one, `base`) with the generative panels below it. */
export function withGenerativePanels(base: PlotSpec, res: GenerativeCheckResult): PlotSpec {
  const { $schema, title, config, ...rest } = base as unknown as Record<string, unknown>;
  return {
    $schema,
    title,
    config: config ?? CONFIG,
    vconcat: [rest, { hconcat: generativeCheckPanels(res), resolve: INDEPENDENT }],
    resolve: INDEPENDENT,
  } as unknown as PlotSpec;
}

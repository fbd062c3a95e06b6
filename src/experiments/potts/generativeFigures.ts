/**
 * Figures of the generative checks (Vega-Lite): principal components of the one-hot natural sequences with the
 * samples projected on them, energy histograms of natural and sampled sequences under a model, and the mixing curve
 * of Markov-chain samples.
 */
import { pearsonSlope } from '../../core/numerics/rankCorrelation.js';
import type { Rng } from '../../core/rng/index.js';
import type { Alignment } from '../../data/msa.js';
import type { PlotSpec } from '../plots.js';
import {
  connectedMoments,
  correlationScatter,
  type GenerativeCheckResult,
  weightedBootstrap,
} from './checkGenerative.js';

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

/** One model's samples against the alignment: the statistics of a panel of {@link modelComparisonPlot}. */
export interface ModelPanel {
  readonly model: string;
  /** Pearson r of single-site frequencies, sampled against natural (weighted). */
  readonly r1: number;
  /** Pearson r and least-squares slope of the connected correlations C_ij(a, b), sampled against natural. */
  readonly r2: number;
  readonly slope2: number;
  /** Up to `points` (natural, sample) pairs: the largest |C| half, a uniform draw the other half. */
  readonly scatter: { natural: number; sample: number }[];
}

/** The statistics of each model's samples, and the bootstrap ceiling at the samples' size (the first set's). */
export interface ModelComparison {
  readonly panels: ModelPanel[];
  /** r1, r2 and slope of a weighted bootstrap of natural sequences as many as the first model's samples. */
  readonly ceiling: { r1: number; r2: number; slope2: number; size: number };
}

/**
 * Compare several models' samples with the weighted alignment on the same connected two-site correlations
 * C_ij(a, b) = f_ij(a, b) − f_i(a) f_j(b) (i < j, all letter pairs), with the noise ceiling of a natural bootstrap.
 */
export function compareModels(
  msa: Alignment,
  weights: ArrayLike<number>,
  samples: readonly { model: string; seqs: Uint8Array }[],
  rng: Rng,
  points = 3000,
): ModelComparison {
  const nat = connectedMoments(msa, weights);
  const [rBoot, ...rPick] = rng.split(samples.length + 1);
  const panels = samples.map(({ model, seqs }, k): ModelPanel => {
    const gen = connectedMoments({ ...msa, m: seqs.length / msa.n, seqs, names: [] });
    const two = pearsonSlope(nat.c2, gen.c2);
    return {
      model,
      r1: pearsonSlope(nat.f1, gen.f1).r,
      r2: two.r,
      slope2: two.slope,
      scatter: correlationScatter(nat.c2, gen.c2, points, rPick[k]),
    };
  });
  const size = samples.length > 0 ? samples[0].seqs.length / msa.n : msa.m;
  const boot = connectedMoments(msa, undefined, weightedBootstrap(weights, size, rBoot));
  const b2 = pearsonSlope(nat.c2, boot.c2);
  return { panels, ceiling: { r1: pearsonSlope(nat.f1, boot.f1).r, r2: b2.r, slope2: b2.slope, size } };
}

/** One row of scatter panels (sampled against natural C_ij(a, b), diagonal dashed), one per model, same axes. */
export function modelComparisonPlot(cmp: ModelComparison, title: string): PlotSpec {
  const lim = Math.max(
    1e-6,
    ...cmp.panels.flatMap((p) => p.scatter.map((s) => Math.max(Math.abs(s.natural), Math.abs(s.sample)))),
  );
  const axis = (field: string, t: string) => ({
    field,
    type: 'quantitative',
    title: t,
    scale: { domain: [-lim, lim] },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    hconcat: cmp.panels.map((p) => ({
      width: 260,
      height: 260,
      title: `${p.model}: r = ${p.r2.toFixed(3)}, slope ${p.slope2.toFixed(2)}`,
      layer: [
        {
          data: { values: p.scatter },
          mark: { type: 'point', size: 6, opacity: 0.5 },
          encoding: {
            x: axis('natural', 'C_ij(a,b) natural (weighted)'),
            y: axis('sample', 'C_ij(a,b) samples'),
          },
        },
        {
          data: {
            values: [
              { natural: -lim, sample: -lim },
              { natural: lim, sample: lim },
            ],
          },
          mark: { type: 'line', strokeDash: [4, 4], color: 'black' },
          encoding: {
            x: axis('natural', 'C_ij(a,b) natural (weighted)'),
            y: axis('sample', 'C_ij(a,b) samples'),
          },
        },
      ],
    })),
  } as unknown as PlotSpec;
}

/**
 * Figures of the audio experiments (paper 004 section 5): the (α, T) phase diagram per rule, the pattern overlap
 * matrix, the confusion matrix of identified labels, and accuracy per speaker.
 */
import { naturalCompare } from '../../data/audioMemory.js';
import { phaseDiagramPlot } from '../classical/figures.js';
import { heatmap, lineChart, type PlotSpec } from '../plots.js';
import {
  type AudioPhaseDiagramRow,
  confusionCounts,
  type IdentifyRow,
  type RetrievalTraceRow,
} from './run.js';

/** One phase-diagram heatmap per rule, side by side (paper 004 Listing 3 figure, reusing the classical plot). */
export function audioPhaseDiagramPlot(
  rows: readonly AudioPhaseDiagramRow[],
  s: { n: number; flip: number; dynamics: string; seed: number; feature: string },
): PlotSpec {
  const rules = [...new Set(rows.map((r) => r.rule))];
  const panels = rules.map((rule) => {
    const spec = phaseDiagramPlot(
      rows.filter((r) => r.rule === rule),
      {
        n: s.n,
        flip: s.flip,
        dynamics: s.dynamics,
        seed: s.seed,
        title: `${rule}: spoken numbers (${s.feature}), N = ${s.n}, r = ${s.flip}`,
        xTitle: 'load α = P/N',
      },
    ) as unknown as Record<string, unknown>;
    const { $schema: _drop, ...panel } = spec;
    return panel;
  });
  if (panels.length === 1)
    return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...panels[0] } as PlotSpec;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Audio phase diagram, ${s.dynamics} (seed ${s.seed})`,
    hconcat: panels,
    resolve: { scale: { color: 'shared' } },
  } as unknown as PlotSpec;
}

/** Heatmap of q_μν = ξ^μ·ξ^ν/N over the stored recordings (index order). */
export function overlapMatrixPlot(
  rows: readonly { mu: number; nu: number; overlap: number }[],
  title: string,
): PlotSpec {
  return heatmap({
    title,
    data: rows as unknown as Record<string, unknown>[],
    x: 'mu',
    y: 'nu',
    value: 'overlap',
    xTitle: 'stored recording μ',
    yTitle: 'stored recording ν',
    valueTitle: 'overlap q_μν',
    valueDomain: [-1, 1],
  });
}

/** Pixels per label of a confusion matrix (10 px labels never overlap their neighbours). */
export const CONFUSION_STEP = 11;

/** Confusion matrix: count of queries with true label (rows) identified as each label (columns). */
export function confusionPlot(
  rows: readonly Pick<IdentifyRow, 'label' | 'identified'>[],
  title: string,
): PlotSpec {
  const counts = confusionCounts(rows);
  const labels = [...new Set([...rows.map((r) => r.label), ...rows.map((r) => r.identified)])].sort(
    naturalCompare,
  );
  // Every label readable at 100 % zoom: 10 px labels, one row (column) of at least CONFUSION_STEP px per label.
  const side = Math.max(420, labels.length * CONFUSION_STEP);
  const axis = { labelFontSize: 10, labelOverlap: false, labelLimit: 0 };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: side,
    height: side,
    data: { values: counts },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'identified', type: 'ordinal', scale: { domain: labels }, title: 'identified label', axis },
      y: { field: 'label', type: 'ordinal', scale: { domain: labels }, title: 'true label', axis },
      color: {
        field: 'count',
        type: 'quantitative',
        title: 'queries',
        scale: { scheme: 'blues', domain: [0, Math.max(1, ...counts.map((c) => c.count))] },
        legend: { format: 'd', tickMinStep: 1 },
      },
      tooltip: [
        { field: 'label', type: 'ordinal' },
        { field: 'identified', type: 'ordinal' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  } as unknown as PlotSpec;
}

/** Accuracy per queried speaker and protocol (bars), with the chance level as a rule. */
export function speakerAccuracyPlot(
  rows: readonly { speaker: string; protocol: string; accuracy: number }[],
  title: string,
  chance: number,
): PlotSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 240,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'speaker', type: 'nominal', title: 'queried speaker' },
          xOffset: { field: 'protocol' },
          y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, title: 'accuracy' },
          color: { field: 'protocol', type: 'nominal', title: 'protocol' },
          tooltip: [
            { field: 'speaker', type: 'nominal' },
            { field: 'protocol', type: 'nominal' },
            { field: 'accuracy', type: 'quantitative', format: '.3f' },
          ],
        },
      },
      {
        data: { values: [{ chance }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
        encoding: { y: { field: 'chance', type: 'quantitative' } },
      },
    ],
  } as unknown as PlotSpec;
}

/** Overlap m(t) with the target recording per sweep, one curve per `rule: "label"` (rows may carry their rule). */
export function retrievalTracesPlot(
  rows: readonly (RetrievalTraceRow & { rule?: string })[],
  rule: string,
  title: string,
): PlotSpec {
  const data = rows.map((r) => ({ ...r, series: `${r.rule ?? rule}: "${r.label}"` }));
  return lineChart({
    title,
    xTitle: 'Monte Carlo sweep',
    yTitle: 'overlap m with the target',
    simulation: { data, x: 'sweep', y: 'overlap', color: 'series' },
    yDomain: [-0.2, 1],
    legendTitle: 'rule: number',
  });
}

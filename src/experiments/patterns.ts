/**
 * Figures of the user's own patterns: a gallery of images as stored, as corrupted (the start of the dynamics)
 * and as retrieved (the final state), one column per pattern.
 */
import type { PlotSpec } from './plots.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One gallery column: a pattern's name and its three images (±1, row-major width × height). */
export interface GalleryColumn {
  readonly name: string;
  readonly stored: ArrayLike<number>;
  readonly corrupted: ArrayLike<number>;
  readonly retrieved: ArrayLike<number>;
  /** Final overlap with the stored pattern. */
  readonly overlap: number;
}

/** Gallery of stored / corrupted / retrieved images (+1 light, −1 dark), faceted rows × columns. */
export function patternGalleryPlot(
  columns: readonly GalleryColumn[],
  shape: { readonly width: number; readonly height: number },
  title: string,
): PlotSpec {
  const values: Record<string, unknown>[] = [];
  const stages = ['stored', 'corrupted', 'retrieved'] as const;
  const names = columns.map((c, k) => `${k + 1}. ${c.name} (m = ${c.overlap.toFixed(2)})`);
  columns.forEach((c, k) => {
    for (const stage of stages) {
      const img = c[stage];
      for (let i = 0; i < img.length; i++)
        values.push({
          stage,
          pattern: names[k],
          x: i % shape.width,
          y: Math.floor(i / shape.width),
          v: img[i] > 0 ? 1 : 0,
        });
    }
  });
  const side = Math.max(40, Math.min(120, 480 / Math.max(1, columns.length)));
  const scale = side / Math.max(shape.width, shape.height);
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: {
      row: { field: 'stage', type: 'nominal', title: null, sort: [...stages] },
      column: { field: 'pattern', type: 'nominal', title: null, sort: names, header: { labelFontSize: 9 } },
    },
    spec: {
      width: Math.max(8, Math.round(shape.width * scale)),
      height: Math.max(8, Math.round(shape.height * scale)),
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x', type: 'ordinal', axis: null },
        y: { field: 'y', type: 'ordinal', axis: null },
        color: {
          field: 'v',
          type: 'quantitative',
          scale: { domain: [0, 1], range: ['#111111', '#ffffff'] },
          legend: null,
        },
      },
    },
    spacing: 4,
  } as unknown as PlotSpec;
}

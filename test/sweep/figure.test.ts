/**
 * Figures that know the grid (issue 27): the docs example (`--grid n=200,400,800 --grid alpha=0.05:0.25:0.01`)
 * draws one labelled line per N, read back from the rendered SVG (legend labels and the colour of each line);
 * a parameter the experiment plots on no axis becomes a colour and a colour the experiment already used moves to
 * the dash pattern; a heatmap is facetted, one panel per value. The rows are made up here (the figure depends on
 * the rows only), so no cell runs; one small command-line sweep checks the file it writes.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/plot.js';
import {
  type CellTask,
  cellAt,
  cellsOf,
  colourAxes,
  commonTitle,
  type JournalRecord,
  resolveSpec,
  sweepFigure,
} from '../../src/sweep/index.js';
import { runCli, tempDir } from '../cli/helpers.js';

const root = tempDir('hopfield-sweep-figure-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Journal records with rows made by `row(point)` for every cell. */
function records(cells: readonly CellTask[], row: (p: Record<string, unknown>) => object[]) {
  const m = new Map<string, JournalRecord>();
  for (const c of cells) m.set(c.key, { key: c.key, seed: c.seed, rows: row(c.point) });
  return m;
}

/** Legend labels, and for each line mark its colour and number of vertices (from the SVG). */
function readSvg(svg: string) {
  const legend = /aria-label="Symbol legend titled '([^']*)'[^"]*with \d+ values: ([^"]*)"/.exec(svg);
  const labels = [...svg.matchAll(/role-legend-label[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  const symbols = [...svg.matchAll(/role-legend-symbol[^>]*><path[^>]*stroke="(#[0-9a-f]{6})"/g)].map(
    (m) => m[1],
  );
  const lines = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)"(?: stroke="([^"]*)")?/g)].map(
    (m) => ({ vertices: m[1].split(/[ML]/).filter(Boolean).length, stroke: m[2] }),
  );
  return { title: legend?.[1], values: legend?.[2], labels, symbols, lines };
}

describe('the figure of a sweep', () => {
  it('the docs example: three labelled lines, one per N, each in its legend colour', async () => {
    const spec = resolveSpec({
      experiment: 'capacity',
      seed: 1,
      trials: 2,
      grid: { n: '200,400,800', alpha: '0.05:0.25:0.01' },
    });
    const cells = cellsOf(spec);
    const fig = sweepFigure(
      spec,
      cells,
      records(cells, (p) => {
        const a = (p.alpha as number) * Math.sqrt(p.n as number) * 0.07;
        return [{ alpha: p.alpha, p: 1, meanOverlap: 1 / (1 + a ** 8), stdOverlap: 0.01, fixedFraction: 0 }];
      }),
    );
    const svg = await renderSvg(fig as never);
    const s = readSvg(svg);
    expect(s.title).toBe('n');
    expect(s.labels).toEqual(['200', '400', '800']);
    expect(new Set(s.symbols).size).toBe(3);
    // the three simulation lines have 21 loads each and the legend's colours; the AGS theory line is grey
    const sim = s.lines.filter((l) => l.vertices === 21);
    expect(sim.map((l) => l.stroke)).toEqual(s.symbols);
    expect(s.lines.filter((l) => l.vertices !== 21).map((l) => l.stroke)).toEqual(['#444']);
    expect(svg).toContain('Capacity, hebb rule (seed 1); colour: n');
    expect(svg).not.toContain('N = 200');
  });

  it('a parameter the figure plots on no axis becomes a colour; the figure’s own colour moves to dashes', async () => {
    const spec = resolveSpec({
      experiment: 'retrieval-map',
      seed: 2,
      grid: { alpha: '0.05,0.15' },
      params: { m0: '0:1:0.25' },
    });
    const cells = cellsOf(spec);
    const fig = sweepFigure(
      spec,
      cells,
      records(cells, (p) =>
        [0, 0.25, 0.5, 0.75, 1].map((m0) => ({
          m0,
          meanOverlap: (p.alpha as number) < 0.1 ? 1 : m0,
          successFraction: m0,
        })),
      ),
    );
    expect(colourAxes(spec, fig)).toEqual(['alpha']);
    const s = readSvg(await renderSvg(fig as never));
    expect(s.labels).toEqual(expect.arrayContaining(['0.05', '0.15']));
    // two alphas × two quantities: four dashed or solid lines in two colours
    const sim = s.lines.filter((l) => l.vertices === 5);
    expect(sim).toHaveLength(4);
    expect(new Set(sim.map((l) => l.stroke)).size).toBe(2);
    expect(JSON.stringify(fig)).toContain('"strokeDash":{"field":"quantity"');
  });

  it('a heatmap swept over N is facetted, one panel per N', () => {
    const spec = resolveSpec({
      experiment: 'phase-diagram',
      seed: 3,
      grid: { n: '100,200' },
      params: { alpha: '0.05,0.1', temperature: '0.2,0.6' },
    });
    const cells = cellsOf(spec);
    const fig = sweepFigure(
      spec,
      cells,
      records(cells, () =>
        [0.05, 0.1].flatMap((alpha) =>
          [0.2, 0.6].map((temperature) => ({ alpha, temperature, meanOverlap: 0.5, stdOverlap: 0 })),
        ),
      ),
    ) as unknown as { concat: { title: string }[]; title: string };
    expect(fig.concat.map((p) => p.title)).toEqual(['n = 100', 'n = 200']);
    expect(fig.title).toMatch(/panels: n$/);
  });

  it('a heatmap refined along T: each column tiles its own temperatures without gaps', () => {
    const spec = resolveSpec({
      experiment: 'phase-diagram',
      seed: 3,
      grid: { alpha: '0.01,0.05', temperature: '0.2,0.6,1' },
      refine: { param: 'temperature', target: 'meanOverlap=0.5', tolerance: 0.1 },
    });
    // refined points differ per column: T = 0.4 at α = 0.01, T = 0.8 at α = 0.05
    const cells = [
      ...cellsOf(spec),
      cellAt(spec, { alpha: 0.01, temperature: 0.4 }, 0),
      cellAt(spec, { alpha: 0.05, temperature: 0.8 }, 0),
    ];
    const fig = sweepFigure(
      spec,
      cells,
      records(cells, (p) => [
        { alpha: p.alpha, temperature: p.temperature, meanOverlap: 0.5, stdOverlap: 0 },
      ]),
    ) as unknown as { layer: { mark: { type: string }; data: { values: Record<string, number>[] } }[] };
    const rects = fig.layer.find((l) => l.mark.type === 'rect')?.data.values ?? [];
    for (const alpha of [0.01, 0.05]) {
      const col = rects.filter((d) => d.alpha === alpha).sort((a, b) => a.temperature - b.temperature);
      expect(col).toHaveLength(4);
      for (let i = 1; i < col.length; i++) expect(col[i].__y0).toBeCloseTo(col[i - 1].__y1, 12);
      expect(col[0].__y0).toBeCloseTo(0.2 - (col[1].temperature - 0.2) / 2, 12);
    }
  });

  it('keeps the words every title shares', () => {
    expect(
      commonTitle(['Capacity, hebb rule, N = 200 (seed 1)', 'Capacity, hebb rule, N = 400 (seed 1)']),
    ).toBe('Capacity, hebb rule (seed 1)');
    expect(commonTitle(['Retrieval map, N = 4, α = 0.1', 'Retrieval map, N = 4, α = 0.2'])).toBe(
      'Retrieval map, N = 4',
    );
  });

  it('the command line writes the figure with a legend of the swept N', async () => {
    const out = join(root, 'cli');
    const r = await runCli([
      'sweep',
      '--experiment',
      'capacity',
      '--grid',
      'n=100,150',
      '--grid',
      'alpha=0.05,0.2',
      '--seed',
      '1',
      '--out',
      out,
      '--workers',
      '1',
      '-q',
    ]);
    expect(r.code).toBe(0);
    const s = readSvg(readFileSync(join(out, 'figure.svg'), 'utf8'));
    expect(s.labels).toEqual(['100', '150']);
  });
});

/**
 * Report figures read at 100 % zoom and lead to the playground: the capacity figure draws the three rules side by
 * side (Storkey's points are not hidden under the pseudo-inverse ones where both sit at m = 1), the 81-label
 * identification matrix gets 10 px labels that never overlap, and every report figure links to a panel.
 */
import { describe, expect, it } from 'vitest';
import { CONFUSION_STEP, confusionPlot } from '../../src/experiments/audio/figures.js';
import type { CapacityRow } from '../../src/experiments/classical/run.js';
import { PLAYGROUND_URL, playgroundLink } from '../../src/report/html.js';
import { renderSvg } from '../../src/report/plot.js';
import { classicalSection, dodgedCapacityRows } from '../../src/report/sections/classical.js';
import { reportFigureSettings } from './figureSettings.js';

describe('capacity figure', () => {
  const alphas = [0.025, 0.05, 0.075];
  const rows = ['hebb', 'storkey', 'pinv'].flatMap((rule) =>
    alphas.map((alpha) => ({ alpha, p: 0, meanOverlap: 1, stdOverlap: 0, fixedFraction: 1, rule })),
  );

  it('draws the rules side by side at each α, a quarter of the α step apart, in rule order', () => {
    const shown = dodgedCapacityRows(rows);
    for (const alpha of alphas) {
      const xs = ['hebb', 'storkey', 'pinv'].map(
        (rule) => shown.find((r) => r.alpha === alpha && r.rule === rule)?.alphaShown as number,
      );
      expect(xs[1]).toBeCloseTo(alpha, 12);
      expect(xs[1] - xs[0]).toBeCloseTo(0.25 * 0.025, 12);
      expect(xs[2] - xs[1]).toBeCloseTo(0.25 * 0.025, 12);
    }
  });

  it("the report's spec plots every layer of points, lines and bars at the shifted α", async () => {
    const decl = classicalSection.figures.find((f) => f.id === 'classical-capacity');
    const spec = decl?.figure?.(rows as (CapacityRow & { rule: string })[], { n: 200 }, 1) as unknown as {
      layer: {
        encoding?: { x?: { field: string } };
        data?: { values: { rule?: string; alphaShown?: number }[] };
      }[];
    };
    const simLayers = spec.layer.filter((l) => l.data?.values.some((v) => v.rule !== undefined));
    expect(simLayers.length).toBeGreaterThanOrEqual(3); // lines, open markers, error bars
    for (const l of simLayers) expect(l.encoding?.x?.field).toBe('alphaShown');
    // the markers at m = 1 (the top of the axis) are drawn whole
    expect(spec.layer.find((l) => (l as { mark?: { type?: string } }).mark?.type === 'point')).toMatchObject({
      mark: { clip: false },
    });
    // the drawn SVG places Storkey's and pinv's markers at m = 1 at different x
    const svg = await renderSvg(spec as never);
    const xs = [...svg.matchAll(/<path[^>]*transform="translate\(([\d.]+),([\d.]+)\)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(new Set(xs.map((x) => x.toFixed(1))).size).toBeGreaterThanOrEqual(9);
  });
});

describe('identification matrix of 81 labels', () => {
  it('is drawn with 10 px labels, one per row and column, none dropped or overlapping', async () => {
    const labels = Array.from({ length: 81 }, (_, k) => String(k));
    const rows = labels.map((label, k) => ({ label, identified: labels[(k * 7) % 81] }));
    const spec = confusionPlot(rows, 'identify') as unknown as { width: number };
    expect(spec.width).toBeGreaterThanOrEqual(81 * CONFUSION_STEP);
    const svg = await renderSvg(spec as never);
    const texts = [
      ...svg.matchAll(
        /<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)[^"]*"[^>]*font-size="(\d+)px"[^>]*>(\d+)<\/text>/g,
      ),
    ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), size: Number(m[3]), text: m[4] }));
    // two axes of 81 labels each (the colour legend's counts are few)
    expect(texts.length).toBeGreaterThanOrEqual(162);
    for (const t of texts) expect(t.size).toBeGreaterThanOrEqual(10);
    const ys = texts
      .filter((t) => t.x < 0)
      .map((t) => t.y)
      .sort((a, b) => a - b);
    expect(ys).toHaveLength(81);
    for (let k = 1; k < ys.length; k++) expect(ys[k] - ys[k - 1]).toBeGreaterThanOrEqual(10);
  });
});

describe('report → playground links', () => {
  it('every report figure links to a panel, with its parameters in the permalink', () => {
    const figs = reportFigureSettings();
    expect(figs.length).toBeGreaterThan(30);
    for (const f of figs) {
      const url = playgroundLink(f.id, f.settings);
      expect(url, f.id).not.toBeNull();
      expect(url?.startsWith(`${PLAYGROUND_URL}#`), f.id).toBe(true);
    }
    const cap = reportFigureSettings().find((f) => f.id === 'classical-capacity');
    // n = 200 → a 14 × 14 grid; the middle α of 0.025…0.4 is 0.2 → P = round(0.2 · 196) = 39; the first rule
    expect(playgroundLink('classical-capacity', cap?.settings)).toBe(
      `${PLAYGROUND_URL}#classical?rule=hebb&dynamics=sequential&seed=12345&side=14&p=39&source=random&noise=0&autorun=1`,
    );
    expect(playgroundLink('protein-contacts', { lambdaH: 0.01, maxIterations: 25 })).toBe(
      `${PLAYGROUND_URL}#proteins?lambdaH=0.01&maxIterations=25&family=PF00595.fasta.gz`,
    );
    // a λ list travels rounded to 4 significant digits, as the settings tables show it
    expect(playgroundLink('theory-dense-x', { lambda: [0.02, 0.02444312127604942, 0.5] })).toBe(
      `${PLAYGROUND_URL}#dense?lambda=0.02444&lambdas=0.02%2C0.02444%2C0.5`,
    );
    expect(playgroundLink('no-such-figure')).toBeNull();
  });
});

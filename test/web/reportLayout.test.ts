/**
 * The report at 100 % zoom in a 1,280 px window: settings tables round numbers and summarise long lists, the page
 * is no wider than the window, and every figure is shown at least at its natural size (a wide one scrolls in its
 * own box instead of being shrunk until its tick labels are unreadable).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timingsTable } from '../../src/cli/commands/report.js';
import { formatSetting, type RenderedSection, reportHtml } from '../../src/report/html.js';
import { lineChart, renderSvg } from '../../src/report/plot.js';
import { reportSections } from '../../src/report/sections/index.js';
import { CHROMIUM, launchChromium, newPage } from './browser.js';

const grid = (a: number, b: number, k: number, log = false) =>
  Array.from({ length: k }, (_, i) =>
    log ? a * (b / a) ** (i / (k - 1)) : Number((a + ((b - a) * i) / (k - 1)).toFixed(10)),
  );

describe('report settings', () => {
  it('round to 4 significant digits and summarise lists of more than 6 numbers', () => {
    expect(formatSetting(0.024443121276049)).toBe('0.02444');
    expect(formatSetting(918.0199246447575)).toBe('918');
    expect(formatSetting(500)).toBe('500');
    expect(formatSetting([0.1, 1, 10])).toBe('0.1, 1, 10');
    expect(formatSetting(grid(-2, 5, 141))).toBe('-2:5:0.05 (141 values)');
    expect(formatSetting(grid(0.02, 50, 40, true))).toBe('40 values from 0.02 to 50 (log-spaced)');
    expect(formatSetting([2, 3, 5, 7, 11, 13, 17])).toBe('7 values from 2 to 17');
    expect(formatSetting(['hebb', 'storkey'])).toBe('hebb, storkey');
    expect(formatSetting('PF00014.fasta.gz')).toBe('PF00014.fasta.gz');
  });

  it('the closing timings table lists every section, their sum and the command', () => {
    const rendered = reportSections.slice(0, 2).map((section, k) => ({
      section,
      seed: 1,
      figures: [],
      seconds: k + 1.25,
      figureSeconds: [{ id: `${section.id}-a`, seconds: 0.5 }],
    }));
    const t = timingsTable(rendered, 9.5, true);
    expect(t).toMatch(new RegExp(`${rendered[0].section.id} +1\\.3 s`));
    expect(t).toMatch(/ {4}\S+-a +0\.5 s/);
    expect(t).toMatch(/sections +3\.5 s/);
    expect(t).toMatch(/report command +9\.5 s/);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('report layout in Chromium at 1,280 px', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-report-layout-'));
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page is no wider than the window and no figure is shrunk below its natural size', async () => {
    const data = grid(0, 1, 11).map((x) => ({
      x,
      y: x * x,
      series: 'a very long legend entry that must stay whole',
    }));
    const one = lineChart({
      title: 'one',
      xTitle: 'x',
      yTitle: 'y',
      simulation: { data, x: 'x', y: 'y', color: 'series' },
    });
    const { $schema, ...inner } = one as unknown as Record<string, unknown>;
    const wide = { $schema, hconcat: [inner, inner, inner] } as never;
    const figures = [
      { id: 'narrow', plot: one },
      { id: 'wide', plot: wide },
    ];
    const rendered: RenderedSection[] = [
      {
        section: reportSections[reportSections.length - 1],
        seed: 1,
        seconds: 1,
        figures: await Promise.all(
          figures.map(async (f) => ({
            id: f.id,
            title: f.id,
            caption: 'caption',
            plot: f.plot,
            svg: await renderSvg(f.plot),
            settings: {
              lambda: grid(0.02, 50, 120, true),
              density: grid(-2, 5, 141),
              mEff: 918.0199246447575,
              alignment: 'PF13354_betalactamase.fasta.gz'.repeat(4),
            },
          })),
        ),
      },
    ];
    const file = join(dir, 'index.html');
    writeFileSync(
      file,
      reportHtml({ title: 't', seed: 1, quick: true, version: '0', date: 'd', sections: rendered }),
    );
    const errors: string[] = [];
    const page = await newPage({ browser }, errors);
    try {
      await page.goto(`file://${file}`);
      const m = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        window: document.documentElement.clientWidth,
        figures: Array.from(document.querySelectorAll('.plot svg')).map((s) => ({
          id: s.closest('figure')?.id,
          shown: s.getBoundingClientRect().width,
          natural: Number(s.getAttribute('width')),
          box: (s.parentElement as HTMLElement).clientWidth,
        })),
      }));
      expect(m.page).toBeLessThanOrEqual(m.window);
      expect(m.figures).toHaveLength(2);
      for (const f of m.figures) expect(f.shown, f.id).toBeGreaterThanOrEqual(f.natural - 0.5);
      const wideFig = m.figures.find((f) => f.id === 'wide');
      expect(wideFig && wideFig.natural > wideFig.box).toBe(true); // it scrolls in its own box
      const text = await page.textContent('table.settings');
      expect(text).toContain('120 values from 0.02 to 50 (log-spaced)');
      expect(text).toContain('-2:5:0.05 (141 values)');
      expect(text).toContain('918');
      expect(text).not.toContain('918.01');
      // legends are never cut with an ellipsis
      expect(await page.textContent('#narrow .plot')).toContain(
        'a very long legend entry that must stay whole',
      );
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

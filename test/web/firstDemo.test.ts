/**
 * The first hour of a new user in the playground: the classical panel's defaults (letters A–D on a 32 × 32 grid,
 * 25 % noise) retrieve their target for every seed (checked over 50 seeds in Node with the worker's own
 * handlers), and in Chromium the page starts at the fixed default seed, the first run retrieves the target, the
 * panel offers downloads, reset, a new seed and its guide, and drawn patterns survive in the permalink.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/experiments/params.js';
import { type ClassicalView, classicalHandlers } from '../../web/src/compute/classical.js';
import { glyph, LETTERS } from '../../web/src/glyphs.js';
import { CLASSICAL_SPECS } from '../../web/src/panels/classicalSpecs.js';
import { CHROMIUM, newPage, panelResults, useSession, waitState } from './browser.js';

const call = <T>(name: string, args: unknown) => classicalHandlers[name](args as never, () => {}) as T;

describe('the first classical demo', () => {
  it('retrieves its target at the default size for each of 50 seeds (every letter, too)', () => {
    const d = defaultConfig(CLASSICAL_SPECS) as Required<
      ReturnType<typeof defaultConfig<typeof CLASSICAL_SPECS>>
    >;
    expect(d.source).toBe('letters');
    expect(d.seed).toBe(1);
    const n = d.side * d.side;
    const data = new Float64Array(d.p * n);
    for (let mu = 0; mu < d.p; mu++) data.set(glyph(LETTERS[mu], d.side), mu * n);
    let failures = 0;
    for (let seed = 1; seed <= 50; seed++) {
      call('classical.store', { p: d.p, n, data, rule: d.rule, seed });
      for (let target = 0; target < d.p; target++) {
        call('classical.start', { target, noise: d.noise, dynamics: { kind: 'sequential' }, seed });
        const v = call<ClassicalView>('classical.step', { sweeps: d.sweeps });
        if (v.label !== `pattern ${target + 1} retrieved`) failures++;
      }
    }
    expect(failures).toBe(0);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the first classical run in Chromium', () => {
  const s = useSession();

  it('starts at seed 1, retrieves the target, offers downloads, reset, a new seed, the guide, and keeps drawings', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#classical`);
      await waitState(page, 'classical', ['ready']);
      expect(await page.inputValue('#panel-classical input[name=seed]')).toBe('1');
      await page.click('#classical-run');
      await waitState(page, 'classical', ['done']);
      const r = await panelResults<{ label: string; overlaps: number[] }>(page, 'classical');
      expect(r.label).toBe('pattern 1 retrieved');
      expect(r.overlaps[0]).toBeGreaterThan(0.99);
      for (const id of ['csv', 'json', 'png', 'svg', 'reset', 'new-seed'])
        expect(await page.$(`#classical-${id}`), id).not.toBeNull();
      expect(await page.textContent('#classical-guide')).toMatch(/guide/);
      // a new seed, then back to the defaults
      await page.click('#classical-new-seed');
      expect(await page.inputValue('#panel-classical input[name=seed]')).not.toBe('1');
      expect(await page.getAttribute('#panel-classical', 'data-stale')).toBe('1');
      await page.click('#classical-reset');
      expect(await page.inputValue('#panel-classical input[name=seed]')).toBe('1');
      // the rows download is the panel's result
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#classical-json')]);
      expect(dl.suggestedFilename()).toBe('classical.json');
      // a drawing enters the permalink and comes back with it
      const box = (await page.$('#classical-grid'))!;
      const b = (await box.boundingBox())!;
      await page.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width * 0.7, b.y + b.height * 0.7, { steps: 8 });
      await page.mouse.up();
      await page.click('#classical-add');
      const url = page.url();
      expect(url).toMatch(/drawn=32%3A|drawn=32:/);
      const again = await newPage(s, errors);
      await again.goto(url.replace('source=letters', 'source=drawn'));
      await waitState(again, 'classical', ['ready']);
      expect(await again.textContent('#panel-classical .thumbs')).toMatch(/1: m =/);
      await again.screenshot({ path: '/tmp/playground-classical-first-run.png', fullPage: true });
      await again.close();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

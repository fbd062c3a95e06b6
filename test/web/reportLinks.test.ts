/**
 * Every report figure's "explore in the playground" link opens its panel with the figure's parameters: each value
 * of the permalink query that names a form field is in that field, and the panel starts without an error.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND_URL, playgroundLink } from '../../src/report/html.js';
import { reportFigureSettings } from '../report/figureSettings.js';
import { CHROMIUM, newPage, useSession } from './browser.js';

describe.skipIf(!existsSync(CHROMIUM))('report links open their panel with the figure parameters', () => {
  const s = useSession();

  it('every figure: the panel of the link, its form holding the query values, no error', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(s.url);
      for (const f of reportFigureSettings()) {
        const link = playgroundLink(f.id, f.settings) as string;
        const hash = link.slice(PLAYGROUND_URL.length).replace(/[?&]autorun=[^&]*/, '');
        const [panel, query = ''] = hash.slice(1).split('?');
        await page.evaluate((h) => {
          location.hash = h;
        }, hash);
        // The phase panel solves the AGS lines before it is ready: 2.5 s of one core when quiet, ten times that
        // when the suite's other files share the 2 cores.
        await page
          .waitForFunction(
            (p) => {
              const st = (document.querySelector(`#panel-${p}`) as HTMLElement | null)?.dataset.state;
              return st === 'ready' || st === 'done' || st === 'error';
            },
            panel,
            { timeout: 90_000 },
          )
          .catch(async (e: Error) => {
            const st = await page
              .$eval(`#panel-${panel}`, (el) => (el as HTMLElement).dataset.state)
              .catch(() => 'no panel');
            throw new Error(
              `${f.id}: panel ${panel} (state ${st}) not ready after 90 s: ${link} (${e.message}; page errors: ${errors.join(' | ') || 'none'})`,
            );
          });
        expect(await page.$eval(`#panel-${panel}`, (e) => (e as HTMLElement).dataset.state), f.id).toBe(
          'ready',
        );
        // each field's value, and whether the browser finds it valid (a number beyond the spec's min/max or not
        // an integer where the step is 1 is not)
        const fields = await page.$$eval(`#panel-${panel} .controls [name]`, (els) =>
          Object.fromEntries(
            els.map((e) => {
              const input = e as HTMLInputElement;
              const value = input.type === 'checkbox' ? String(input.checked) : input.value;
              return [input.name, { value, valid: input.validity.valid }];
            }),
          ),
        );
        const params = new URLSearchParams(query);
        let shown = 0;
        for (const [k, v] of params) {
          if (!(k in fields)) continue;
          shown++;
          expect(fields[k].valid, `${f.id}: ${k} = ${v}`).toBe(true);
          if (Number.isFinite(Number(v)) && v !== '')
            expect(Number(fields[k].value), `${f.id}: ${k}`).toBe(Number(v));
          else expect(fields[k].value, `${f.id}: ${k}`).toBe(v);
        }
        // the figure's own parameters reach the form (the seed at least; most carry their sizes too)
        expect(shown, `${f.id}: ${link}`).toBeGreaterThanOrEqual(params.has('seed') ? 1 : 0);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 420_000);
});

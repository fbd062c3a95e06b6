/**
 * The playground in a real browser (Debian's Chromium through playwright-core) against `hopfield serve`'s server:
 * every panel loads with the wasm backend and its threads and no console error, one scripted interaction per
 * panel reproduces the library's numbers for the same seed, bad input shows a message, speed is printed, and a
 * screenshot of every panel is written to docs/images/. dist/web is built first when missing.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runDynamics } from '../../src/core/dynamics/classical.js';
import { trainClassical } from '../../src/core/models/classical.js';
import { plNetwork, trainPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import {
  randomSpinPatterns,
  trainSpinPseudoLikelihood,
} from '../../src/core/models/pseudolikelihoodSpins.js';
import { corruptByFraction, mattisOverlaps, patternRow, rademacher } from '../../src/core/patterns.js';
import { createRng } from '../../src/core/rng/index.js';
import { phaseDiagram } from '../../src/experiments/classical/entries.js';
import { endDistance } from '../../src/experiments/dense/entries.js';
import { defaultConfig } from '../../src/experiments/params.js';
import { ruleFromName } from '../../src/experiments/registry/common.js';
import {
  backendOf,
  CHROMIUM,
  newPage,
  openSession,
  panelResults,
  ROOT,
  screenshot,
  useSession,
  waitState,
} from './browser.js';

const IMAGES = join(ROOT, 'docs', 'images');

/** Record long tasks (> 50 ms) of the main thread into window.longTasks from the first script on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no longtask support: the list stays empty
    }
  });
}

describe.skipIf(!existsSync(CHROMIUM))('playground in Chromium', () => {
  const s = useSession();

  it('every panel loads with the wasm backend and its threads, without a console error', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#classical?source=letters&side=16&p=3&seed=1`);
      const info = await backendOf(page);
      expect(info).toMatchObject({ name: 'wasm', isolated: true });
      expect(info.threads).toBeGreaterThan(1);
      const ids = await page.$$eval('#tabs a', (as) => as.map((a) => (a as HTMLElement).dataset.panel ?? ''));
      expect(ids).toEqual(expect.arrayContaining(['classical', 'phase', 'dense', 'pl']));
      for (const id of ids) {
        await page.click(`#tabs a[data-panel="${id}"]`);
        await page.waitForFunction(
          (p) => {
            const st = (document.querySelector(`#panel-${p}`) as HTMLElement | null)?.dataset.state;
            return st !== undefined && st !== 'loading';
          },
          id,
          { timeout: 60_000 },
        );
        const text = await page.$eval(`#panel-${id}`, (e) => e.textContent ?? '');
        expect(text.length).toBeGreaterThan(20); // never a blank panel
        if (!existsSync(join(IMAGES, `playground-${id}.png`))) await screenshot(page, id);
      }
      expect(await page.textContent('#backend')).toMatch(/wasm SIMD.*threads/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('classical: the final overlaps equal runDynamics for the same seed; wasm with threads; no console error', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      const cfg = { side: 24, p: 40, noise: 0.3, seed: 11, rule: 'hebb' as const };
      await page.goto(
        `${s.url}#classical?source=random&side=${cfg.side}&p=${cfg.p}&rule=${cfg.rule}&dynamics=sequential&noise=${cfg.noise}&seed=${cfg.seed}&target=1&sweeps=60&autorun=1`,
      );
      const info = await backendOf(page);
      expect(info.name).toBe('wasm');
      expect(info.isolated).toBe(true);
      expect(info.threads).toBeGreaterThan(1);
      await waitState(page, 'classical', ['done']);
      const got = await panelResults<{ overlaps: number[]; sweeps: number; label: string }>(
        page,
        'classical',
      );

      const n = cfg.side * cfg.side;
      const [rP, rN, rD] = createRng(cfg.seed).split(3);
      const xi = rademacher(rP, cfg.p, n);
      const net = trainClassical(xi, ruleFromName(cfg.rule));
      const sigma0 = corruptByFraction(rN, patternRow(xi, 0), cfg.noise);
      const ref = runDynamics(net, sigma0, { kind: 'sequential' }, rD, { maxSweeps: 60 });
      const m = Array.from(mattisOverlaps(xi, ref.state));
      expect(got.sweeps).toBe(ref.sweeps);
      expect(got.overlaps.length).toBe(cfg.p);
      for (let mu = 0; mu < cfg.p; mu++) expect(got.overlaps[mu]).toBeCloseTo(m[mu], 12);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('classical: Metropolis at T = 0.4 equals runDynamics sweep for sweep', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(
        `${s.url}#classical?source=random&side=16&p=6&rule=storkey&dynamics=metropolis&temperature=0.4&noise=0.2&seed=5&target=2&sweeps=15&perFrame=3&autorun=1`,
      );
      await waitState(page, 'classical', ['done']);
      const got = await panelResults<{ overlaps: number[]; sweeps: number; energy: number }>(
        page,
        'classical',
      );
      const [rP, rN, rD] = createRng(5).split(3);
      const xi = rademacher(rP, 6, 256);
      const net = trainClassical(xi, ruleFromName('storkey'));
      const sigma0 = corruptByFraction(rN, patternRow(xi, 1), 0.2);
      const ref = runDynamics(net, sigma0, { kind: 'metropolis', temperature: 0.4 }, rD, { maxSweeps: 15 });
      expect(got.sweeps).toBe(15);
      const m = mattisOverlaps(xi, ref.state);
      for (let mu = 0; mu < 6; mu++) expect(got.overlaps[mu]).toBeCloseTo(m[mu], 12);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('classical: pseudo-likelihood couplings (rule pl) give the overlaps of runDynamics on plNetwork', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(
        `${s.url}#classical?source=random&side=16&p=40&rule=pl&dynamics=sequential&noise=0.15&seed=9&target=3&sweeps=50&autorun=1`,
      );
      await waitState(page, 'classical', ['done'], 90_000);
      const got = await panelResults<{ overlaps: number[]; label: string }>(page, 'classical');
      const [rP, rN, rD] = createRng(9).split(3);
      const xi = rademacher(rP, 40, 256);
      const j = trainPseudoLikelihood(xi, {
        symmetry: { kind: 'asymmetric' },
        epochs: 200,
        learningRate: 100,
        decay: 0.999,
      });
      const sigma0 = corruptByFraction(rN, patternRow(xi, 2), 0.15);
      const ref = runDynamics(plNetwork(256, j.couplings), sigma0, { kind: 'sequential' }, rD, {
        maxSweeps: 50,
      });
      const m = mattisOverlaps(xi, ref.state);
      for (let mu = 0; mu < 40; mu++) expect(got.overlaps[mu]).toBeCloseTo(m[mu], 12);
      expect(got.label).toBe('pattern 3 retrieved'); // α = 0.156: beyond Hebb's capacity, within pseudo-likelihood's
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('classical: N = 4096, one Glauber sweep per frame for ~10 s: frames/s printed, no main-thread task over 200 ms', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    await watchLongTasks(page);
    try {
      await page.goto(
        `${s.url}#classical?source=letters&side=64&p=6&rule=hebb&dynamics=glauber&temperature=0.3&noise=0.3&seed=3&target=1&sweeps=100000&perFrame=1&autorun=1`,
      );
      await waitState(page, 'classical', ['running']);
      await page.waitForTimeout(10_000);
      await page.click('#classical-run'); // pause: ends the run and computes the frame rate
      await waitState(page, 'classical', ['done']);
      const got = await panelResults<{ fps: number; sweeps: number; runStart: number }>(page, 'classical');
      // tasks of the run itself (page start-up, while the browser compiles the bundle, is not the run)
      const long = (
        await page.evaluate(
          () => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks,
        )
      )
        .filter((t) => t.start >= got.runStart)
        .map((t) => t.duration);
      console.log(
        `classical N = 4096, one sweep per frame: ${got.fps.toFixed(1)} frames/s over ${got.sweeps} sweeps; longest main-thread task ${Math.max(0, ...long).toFixed(0)} ms`,
      );
      expect(got.sweeps).toBeGreaterThan(10);
      await screenshot(page, 'classical');
      // A main-thread task is paint and a few small canvas draws (< 5 ms on an idle core); on a machine loaded
      // beyond two runnable processes per core the scheduler alone stretches tasks past 200 ms, so only report.
      const load = loadavg()[0] / cpus().length;
      if (load < 2) expect(long.filter((d) => d > 200)).toEqual([]);
      else
        console.log(
          `load average ${load.toFixed(1)} per core: long tasks ${JSON.stringify(long.map(Math.round))} reported, not asserted`,
        );
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('classical: bad input (an empty drawing, P ≥ N for the pseudo-inverse) shows a message', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#classical?source=letters&side=8&p=4&seed=1`);
      await waitState(page, 'classical', ['ready']);
      await page.click('#classical-clear');
      await page.click('#classical-add');
      await expect.poll(() => page.textContent('#panel-classical .msg')).toMatch(/drawing is empty/);
      await page.goto(`${s.url}#classical?source=random&side=4&p=20&rule=pinv&seed=1`);
      await waitState(page, 'classical', ['error']).catch(() => {});
      await expect.poll(() => page.textContent('#panel-classical .msg')).toMatch(/P < N/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("phase diagram: the AGS lines drawn; a point run and a click give the phase-diagram experiment's |m|", async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#phase?alpha=0.05&temperature=0.3&n=200&sweeps=20&trials=2&seed=4&autorun=1`);
      await waitState(page, 'phase', ['done'], 90_000);
      const got = await panelResults<{ meanOverlap: number }>(page, 'phase');
      const base = defaultConfig(phaseDiagram.params) as Record<string, unknown>;
      const cfg = { ...base, n: 200, sweeps: 20, trials: 2, alpha: [0.05], temperature: [0.3] };
      const ref = (await phaseDiagram.run(cfg as never, createRng(4), {})).rows[0];
      expect(got.meanOverlap).toBeCloseTo(ref.meanOverlap, 12);
      // a click at a point of the chart runs there (α, T read back from the form)
      const chart = page.locator('#phase-chart');
      const box = (await chart.boundingBox())!;
      await chart.click({ position: { x: box.width * 0.6, y: box.height * 0.3 } }); // scrolls it into view
      await page.waitForFunction(
        () =>
          (window as unknown as { playground: { results: { phase?: { alpha: number } } } }).playground.results
            .phase?.alpha !== 0.05,
        null,
        { timeout: 90_000 },
      );
      await waitState(page, 'phase', ['done'], 90_000);
      const clicked = await panelResults<{ alpha: number; temperature: number; meanOverlap: number }>(
        page,
        'phase',
      );
      expect(clicked.alpha).toBeGreaterThan(0.1);
      expect(clicked.temperature).toBeGreaterThan(0.8);
      const ref2 = (
        await phaseDiagram.run(
          { ...cfg, alpha: [clicked.alpha], temperature: [clicked.temperature] } as never,
          createRng(4),
          {},
        )
      ).rows[0];
      expect(clicked.meanOverlap).toBeCloseTo(ref2.meanOverlap, 12);
      expect(clicked.meanOverlap).toBeLessThan(0.5); // paramagnetic / spin-glass side: no retrieval
      await screenshot(page, 'phase');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('phase diagram: a long grid run reports progress and can be cancelled; the next run works', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#phase?n=2000&sweeps=200&trials=1&seed=2`);
      await waitState(page, 'phase', ['ready'], 90_000);
      await page.click('#phase-grid');
      await expect
        .poll(() => page.textContent('#panel-phase .msg'), { timeout: 30_000 })
        .toMatch(/empirical grid: \d+\/49/);
      await page.click('#phase-cancel');
      await expect.poll(() => page.textContent('#panel-phase .msg')).toBe('cancelled');
      await page.fill('#panel-phase input[name=n]', '100');
      await page.fill('#panel-phase input[name=sweeps]', '10');
      await page.click('#phase-run');
      await waitState(page, 'phase', ['done'], 60_000);
      expect(await page.textContent('#phase-m')).toMatch(/\|m\| = /);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("dense: the step's text follows α typed in the form (never the previous α), and goes on a failed step", async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#dense?n=32&alpha=0.1&lambda=0.5&seed=2&autorun=step`);
      await expect.poll(() => page.textContent('#dense-info'), { timeout: 60_000 }).toContain('λ₁(α = 0.1)');
      await page.fill('#panel-dense input[name=alpha]', '0.15');
      await page.press('#panel-dense input[name=alpha]', 'Tab');
      await expect.poll(() => page.textContent('#dense-info'), { timeout: 60_000 }).toContain('λ₁(α = 0.15)');
      expect(await page.inputValue('#dense-alpha')).toBe('0.15');
      const p = await panelResults<{ step: { p: number } }>(page, 'dense');
      expect(p.step.p).toBe(Math.round(Math.exp(0.15 * 32)));
      // P = e^{0.9·32} is beyond the page: the message says so and no text of another α stays
      await page.fill('#panel-dense input[name=alpha]', '0.9');
      await page.press('#panel-dense input[name=alpha]', 'Tab');
      await expect.poll(() => page.textContent('#panel-dense .msg')).toMatch(/at most/);
      expect(await page.textContent('#dense-info')).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('dense: a softmax step over P = 10⁵ patterns (N = 64) timed; the end-distance curve equals dense end-distance', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      const lambdas = [0.1, 0.2, 0.3, 0.4, 0.5];
      await page.goto(
        `${s.url}#dense?n=64&alpha=0.18&lambda=0.5&endN=24&lambdas=${lambdas.join(',')}&trials=2&eta=0.5&seed=3&autorun=1`,
      );
      await page.waitForFunction(
        () =>
          (window as unknown as { playground: { results: { dense?: { end?: unknown } } } }).playground.results
            .dense?.end,
        null,
        { timeout: 90_000 },
      );
      const got = await panelResults<{
        step: { p: number; ms: number };
        end: { lambda: number; meanDistance: number }[];
      }>(page, 'dense');
      console.log(
        `dense softmax step, P = ${got.step.p}, N = 64: ${got.step.ms.toFixed(2)} ms (best of three)`,
      );
      expect(got.step.p).toBeGreaterThanOrEqual(100_000);
      const base = defaultConfig(endDistance.params) as Record<string, unknown>;
      const cfg = {
        ...base,
        ensemble: 'spherical',
        n: [24],
        alpha: 0.18,
        lambda: lambdas,
        trials: 2,
        eta: 0.5,
      };
      const ref = (await endDistance.run(cfg as never, createRng(3), {})).rows;
      expect(got.end.length).toBe(lambdas.length);
      ref.forEach((r, k) => {
        expect(got.end[k].lambda).toBe(r.lambda);
        expect(got.end[k].meanDistance).toBeCloseTo(r.meanDistance, 9);
      });
      await screenshot(page, 'dense');
      // too many patterns for the page: a message, not a blank panel
      await page.fill('#panel-dense input[name=alpha]', '0.3');
      await page.click('#dense-step');
      await expect.poll(() => page.textContent('#panel-dense .msg')).toMatch(/at most/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('pseudo-likelihood (pl compare): the loss equals trainPseudoLikelihood for the same seed; its basin beats Hebb at α = 0.5', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#pl?n=100&alpha=0.5&epochs=120&lr=100&decay=0.999&seed=2&autorun=1`);
      await waitState(page, 'pl', ['done'], 90_000);
      const got = await panelResults<{ history: number[]; basin: { pl: number; hebb: number } }>(page, 'pl');
      const [rData] = createRng(2).split(2);
      const xi = rademacher(rData, 50, 100);
      const ref = trainPseudoLikelihood(xi, {
        symmetry: { kind: 'asymmetric' },
        epochs: 120,
        learningRate: 100,
        decay: 0.999,
        l2: 0,
      });
      expect(got.history.length).toBe(120);
      ref.history.forEach((h, k) => {
        expect(Math.abs(got.history[k] - h.loss)).toBeLessThanOrEqual(1e-9 * Math.abs(h.loss));
      });
      expect(got.basin.hebb).toBe(0); // α = 0.5 is far above the Hebb capacity
      expect(got.basin.pl).toBeGreaterThan(0.1);
      await screenshot(page, 'pl');
      // a load the page refuses: a message, not a blank panel
      await page.fill('#panel-pl input[name=n]', '5000');
      await page.fill('#panel-pl input[name=alpha]', '100');
      await page.click('#pl-train');
      await expect.poll(() => page.textContent('#panel-pl .msg')).toMatch(/too much work/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('pseudo-likelihood with vector spins (d = 3): the loss equals trainSpinPseudoLikelihood; continuous needs dim 1', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(
        `${s.url}#pl?n=60&alpha=0.05&epochs=60&lr=100&decay=0.999&seed=2&spins=vector&dim=3&autorun=1`,
      );
      await waitState(page, 'pl', ['done'], 90_000);
      const got = await panelResults<{ history: number[]; basin: { pl: number; hebb: number } }>(page, 'pl');
      const [rData] = createRng(2).split(3);
      const spins = { kind: 'vector', dim: 3 } as const;
      const ref = trainSpinPseudoLikelihood(randomSpinPatterns(rData, 3, 60, spins), spins, {
        symmetry: { kind: 'asymmetric' },
        epochs: 60,
        learningRate: 100,
        decay: 0.999,
      });
      expect(got.history.length).toBe(60);
      ref.history.forEach((h, k) => {
        expect(Math.abs(got.history[k] - h.loss)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(h.loss)));
      });
      expect(got.basin.pl).toBeGreaterThan(0.3);
      await page.selectOption('#panel-pl select[name=spins]', 'continuous');
      await page.click('#pl-train');
      await expect
        .poll(() => page.textContent('#panel-pl .msg'))
        .toMatch(/dim must be 1 for --spins continuous \(got 3\)/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a page without cross-origin isolation still runs the wasm kernels (one thread) and says why', async () => {
    const plain = await openSession([], false);
    const errors: string[] = [];
    const page = await newPage(plain, errors);
    try {
      await page.goto(`${plain.url}#classical?source=random&side=8&p=2&seed=1`);
      const info = await backendOf(page);
      expect(info.isolated).toBe(false);
      expect(info.name).toBe('wasm');
      expect(info.threads).toBe(1);
      expect(info.note).toMatch(/cross-origin/);
      await expect.poll(() => page.textContent('#backend')).toMatch(/wasm SIMD/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await plain.close();
    }
  });
});

/**
 * Helpers of the browser tests: the playground served by `hopfield serve`'s server on a loopback port, and
 * Debian's Chromium driven by playwright-core (never downloaded: /usr/bin/chromium or $CHROMIUM).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB = join(ROOT, 'dist', 'web');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Build dist/web when it is missing (CI builds it through `npm ci` → prepare → build). */
export function ensureBuilt(): void {
  if (existsSync(join(WEB, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Session {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the given extra flags (playwright gives it a fresh temporary profile). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Serve dist/web on 127.0.0.1 (any free port) and start Chromium with the given extra flags; playwright gives
 * every launch a fresh temporary profile directory and removes it on close.
 */
export async function openSession(extraArgs: string[] = [], isolation = true): Promise<Session> {
  ensureBuilt();
  const { server, url } = await startServer({ port: 0, host: '127.0.0.1', root: WEB, isolation });
  let browser: Browser;
  try {
    browser = await launchChromium(extraArgs);
  } catch (e) {
    await closeServer(server);
    throw e;
  }
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await closeServer(server);
    },
  };
}

/**
 * The session of a describe block: opened before its tests (with the Chromium flags `extraArgs` returns then) and
 * closed after them; the returned object reads the open session's url and browser.
 */
export function useSession(extraArgs: () => string[] = () => []): Session {
  let open: Session | undefined;
  beforeAll(async () => {
    open = await openSession(extraArgs());
  }, 120_000);
  afterAll(async () => {
    await open?.close();
  });
  const get = () => {
    if (!open) throw new Error('the browser session did not start');
    return open;
  };
  return {
    get url() {
      return get().url;
    },
    get browser() {
      return get().browser;
    },
    close: () => get().close(),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

/** A page that records console errors and uncaught exceptions into `errors`. */
export async function newPage(s: { readonly browser: Browser }, errors: string[]): Promise<Page> {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}

/** Wait until the panel's data-state is one of `states` (or 'error', which fails with the page's message). */
export async function waitState(
  page: Page,
  panel: string,
  states: string[],
  timeout = 60_000,
): Promise<string> {
  const sel = `#panel-${panel}`;
  await page.waitForFunction(
    ([s, want]) => {
      const e = document.querySelector(s as string) as HTMLElement | null;
      const st = e?.dataset.state ?? '';
      return (want as string[]).includes(st) || st === 'error';
    },
    [sel, states],
    { timeout },
  );
  const st = await page.$eval(sel, (e) => (e as HTMLElement).dataset.state ?? '');
  if (!states.includes(st)) {
    const text = await page.$eval(sel, (e) => e.querySelector('.msg')?.textContent ?? '');
    throw new Error(`panel ${panel} ended in state ${st}: ${text}`);
  }
  return st;
}

/** What a panel published as its latest result (`window.playground.results[panel]`). */
export async function panelResults<T>(page: Page, panel: string): Promise<T> {
  return page.evaluate(
    (p) => (window as unknown as { playground: { results: Record<string, unknown> } }).playground.results[p],
    panel,
  ) as Promise<T>;
}

/** The screenshot of a panel for docs/playground.md (docs/images/playground-PANEL.png). */
export async function screenshot(page: Page, panel: string): Promise<void> {
  const images = join(ROOT, 'docs', 'images');
  mkdirSync(images, { recursive: true });
  await page.screenshot({ path: join(images, `playground-${panel}.png`), fullPage: true });
}

/** The backend the playground reports (name, kernel threads, cross-origin isolation, fallback note). */
export async function backendOf(
  page: Page,
): Promise<{ name: string; threads: number; isolated: boolean; note: string | null }> {
  await page.waitForFunction(
    () => (window as unknown as { playground?: { backend: unknown } }).playground?.backend,
  );
  return page.evaluate(() => (window as unknown as { playground: { backend: never } }).playground.backend);
}

/** What a canvas heat map drew: its axis titles, its colour bar's title and the bar's colours at its two ends. */
export async function drawnScale(
  page: Page,
  selector: string,
): Promise<{ axes: string; title: string; top: number[]; bottom: number[] }> {
  return page.$eval(selector, (e) => {
    const c = e as HTMLCanvasElement;
    const [title = '', x = '0', top = '0', h = '0'] = (c.dataset.scale ?? '').split('|');
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    const at = (y: number) => Array.from(g.getImageData(Number(x) + 7, y, 1, 1).data.slice(0, 3));
    return {
      axes: c.dataset.axes ?? '',
      title,
      top: at(Number(top) + 2),
      bottom: at(Number(top) + Number(h) - 3),
    };
  });
}

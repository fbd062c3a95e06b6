/**
 * `hopfield serve` without a browser: cross-origin-isolation headers on every response, content types, 404 for
 * missing files and 403 for paths outside the folder; and the report's figure links to the playground panels.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, startServer } from '../../src/cli/commands/serve.js';
import { PLAYGROUND_URL, playgroundLink, reportHtml } from '../../src/report/html.js';

function get(
  url: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(new URL(path, url), { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('hopfield serve', () => {
  const root = mkdtempSync(join(tmpdir(), 'hopfield-serve-'));
  let url = '';
  let close = () => {};
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'assets', 'a.js'), 'export {};');
    const s = await startServer({ port: 0, host: '127.0.0.1', root });
    url = s.url;
    close = () => s.server.close();
  });
  afterAll(() => {
    close();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends COOP/COEP on every response, with the right content types', async () => {
    for (const path of ['/', '/assets/a.js', '/missing.txt']) {
      const r = await get(url, path);
      expect(r.headers['cross-origin-opener-policy']).toBe(ISOLATION_HEADERS['Cross-Origin-Opener-Policy']);
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
    expect((await get(url, '/')).headers['content-type']).toMatch(/text\/html/);
    expect((await get(url, '/assets/a.js')).headers['content-type']).toMatch(/javascript/);
    expect((await get(url, '/missing.txt')).status).toBe(404);
  });

  it('refuses paths outside the folder', async () => {
    const r = await get(url, '/%2e%2e/%2e%2e/etc/passwd');
    expect([403, 404]).toContain(r.status);
    expect(r.body).not.toMatch(/root:/);
  });
});

describe('report figures link to the playground', () => {
  it('maps figure ids to panel permalinks, and leaves figures without a panel alone', () => {
    expect(playgroundLink('classical-phase-diagram', { alpha: [0.02, 0.04, 0.06], temperature: 0.3 })).toBe(
      `${PLAYGROUND_URL}#phase?alpha=0.04&temperature=0.3`,
    );
    expect(playgroundLink('dense-crossover')).toBe(`${PLAYGROUND_URL}#dense`);
    expect(playgroundLink('pl-basins', { n: 100, alpha: [0.1, 0.3, 0.6, 1] })).toBe(
      `${PLAYGROUND_URL}#pl?n=100&alpha=0.3`,
    );
    expect(playgroundLink('lagrangian-energy')).toBe(`${PLAYGROUND_URL}#dense`);
    expect(playgroundLink('unknown-figure')).toBeNull();
    const html = reportHtml({
      title: 'r',
      seed: 1,
      quick: true,
      version: '0',
      date: 'd',
      sections: [
        {
          section: { id: 'classical', title: 'C', intro: 'i' } as never,
          seed: 1,
          seconds: 0,
          figures: [
            {
              id: 'classical-capacity',
              title: 't',
              caption: 'c',
              plot: {} as never,
              settings: {},
              svg: '<svg/>',
            },
          ],
        },
      ],
    });
    expect(html).toContain(`href="${PLAYGROUND_URL}#classical?`);
    expect(html).toContain('explore in the playground');
  });
});

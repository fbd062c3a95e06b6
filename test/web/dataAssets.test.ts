/**
 * The package ships data/ once: `hopfield serve` answers the page's asset URLs of data files from data/ through
 * dist/web/data-assets.json, and refuses entries that point outside data/. One default port everywhere: the
 * server's default, the report's links and the README's command.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataAssetFile } from '../../src/cli/commands/dataAssets.js';
import { allCommands } from '../../src/cli/commands/index.js';
import { startServer } from '../../src/cli/commands/serve.js';
import { buildProgram } from '../../src/cli/main.js';
import { PLAYGROUND_URL } from '../../src/report/html.js';
import { ROOT } from './browser.js';

function get(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(new URL(path, url), (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('data assets served from data/', () => {
  const pkg = mkdtempSync(join(tmpdir(), 'hopfield-pkg-'));
  const web = join(pkg, 'dist', 'web');
  let url = '';
  let close = () => {};
  beforeAll(async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    mkdirSync(join(pkg, 'data', 'msa'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(pkg, 'data', 'msa', 'X.fasta.gz'), 'alignment bytes');
    writeFileSync(join(pkg, 'package.json'), '{"secret": true}');
    writeFileSync(
      join(web, 'data-assets.json'),
      JSON.stringify({
        'assets/X.fasta-H4sh.gz': 'data/msa/X.fasta.gz',
        'assets/evil.json': 'data/../package.json',
      }),
    );
    const s = await startServer({ port: 0, host: '127.0.0.1', root: web });
    url = s.url;
    close = () => s.server.close();
  });
  afterAll(() => {
    close();
    rmSync(pkg, { recursive: true, force: true });
  });

  it('an asset left out of the package comes from data/; entries outside data/ are refused', async () => {
    const r = await get(url, '/assets/X.fasta-H4sh.gz');
    expect(r.status).toBe(200);
    expect(r.body).toBe('alignment bytes');
    expect((await get(url, '/assets/evil.json')).status).toBe(404);
    expect((await get(url, '/assets/missing.gz')).status).toBe(404);
    expect(dataAssetFile(web, '/index.html')).toBeNull();
  });
});

describe('one default port', () => {
  it('serve, the report links and the README agree', async () => {
    const serve = buildProgram(await allCommands()).commands.find((c) => c.name() === 'serve');
    const port = serve?.options.find((o) => o.long === '--port')?.defaultValue;
    expect(PLAYGROUND_URL).toBe(`http://localhost:${port}/`);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/localhost:(\d+)/g)) expect(m[1]).toBe(String(port));
    expect(readme).not.toMatch(/hopfield serve --port (?!0\b)\d+/);
  });
});

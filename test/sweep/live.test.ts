/**
 * The live view of a sweep (`hopfield serve --sweep DIR`): the page at /sweep, its state (cells done, pending) and
 * the figure of the cells finished so far, drawn as the sweep's own figure (a line per swept N); a folder whose
 * journal holds only some cells shows those (one value of N so far: named in the title); `--sweep` on a folder that holds no sweep exits 2 with one line.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/commands/serve.js';
import { errorLines, runCli, tempDir } from '../cli/helpers.js';

const root = tempDir('hopfield-sweep-live-');
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(root, { recursive: true, force: true });
});

const dir = join(root, 'sw');
beforeAll(async () => {
  const r = await runCli([
    'sweep',
    '--experiment',
    'capacity',
    '--grid',
    'n=100,150',
    '--grid',
    'alpha=0.05,0.15',
    '--seed',
    '2',
    '--workers',
    '1',
    '--out',
    dir,
    '-q',
  ]);
  expect(r.code).toBe(0);
}, 120_000);

async function serve(sweepDir: string): Promise<string> {
  const { server, url } = await startServer({ port: 0, host: '127.0.0.1', root, sweep: { dir: sweepDir } });
  servers.push(server);
  return url;
}

describe('hopfield serve --sweep', () => {
  it('serves the page, the state and the figure of the finished sweep', async () => {
    const url = await serve(dir);
    const page = await fetch(`${url}sweep`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("fetch('/sweep/state.json'");
    const st = await (await fetch(`${url}sweep/state.json`)).json();
    expect(st.sweeps[0]).toMatchObject({
      experiment: 'capacity',
      done: 4,
      total: 4,
      pending: 0,
      finished: true,
    });
    const fig = await fetch(`${url}sweep/figure.svg`);
    expect(fig.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await fig.text();
    expect(svg).toMatch(/Symbol legend titled 'n' for [^"]*color[^"]* with 2 values: 100, 150/);
    // the same figure as the sweep wrote (Vega numbers clip paths per process: ids normalized)
    const unclip = (t: string) => t.replace(/clip\d+/g, 'clip');
    expect(unclip(svg)).toBe(unclip(readFileSync(join(dir, 'figure.svg'), 'utf8')));
  });

  it('a sweep under way: the state and figure of the cells finished so far', async () => {
    const part = join(root, 'part');
    cpSync(dir, part, { recursive: true });
    rmSync(join(part, 'rows.json'));
    const lines = readFileSync(join(part, 'journal.jsonl'), 'utf8').split('\n');
    writeFileSync(join(part, 'journal.jsonl'), `${lines.slice(0, 1).join('\n')}\n`);
    const url = await serve(part);
    const st = await (await fetch(`${url}sweep/state.json`)).json();
    expect(st.sweeps[0]).toMatchObject({ done: 1, pending: 3, finished: false });
    const svg = await (await fetch(`${url}sweep/figure.svg`)).text();
    // one value of N so far: the title names it; one point drawn
    expect(svg).toMatch(/Title text 'Capacity, hebb rule, N = 100 \(seed 2\) \(n = 100\)'/);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(1);
  });

  it('--sweep on a folder without a sweep: exit 2, one line', async () => {
    const r = await runCli(['serve', '--sweep', root, '--port', '0']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([`hopfield: --sweep: "${root}" holds no sweep (no spec.json)`]);
  });
});

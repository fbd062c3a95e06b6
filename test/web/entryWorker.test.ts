/**
 * The package's main entry (src/index.ts, built as `hopfield`) loads in a browser worker as it is: bundled for the
 * browser with no Node module answered by a stub (a Node built-in anywhere in its graph fails the build, save any
 * that scripts/check-layers.mjs names as known: none is left), then imported by a module worker in Chromium, which
 * draws patterns, trains a classical network and runs the WebAssembly kernels.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, type Plugin, type Rollup } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { KNOWN_NODE_IMPORTS } from '../../scripts/check-layers.mjs';
import { CHROMIUM, ROOT } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'hopfield-entry-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node built-ins fail the build; known ones (none is left) would become stubs that throw when called. */
function nodeGuard(): Plugin {
  const known = new Set(Object.values(KNOWN_NODE_IMPORTS as Record<string, string[]>).flat());
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return {
    name: 'node-guard',
    enforce: 'pre',
    resolveId(id, importer) {
      if (known.has(id)) return `\0stub:${id}`;
      if (builtins.has(id) || id.startsWith('node:'))
        throw new Error(`${importer}: imports the Node module ${id}, which a browser cannot load`);
      return null;
    },
    load(id) {
      if (!id.startsWith('\0stub:')) return null;
      return 'export default {};';
    },
  };
}

/** The worker: the bundled entry and a few calls through it, the answer posted back. */
const WORKER = `
import * as h from './hopfield.js';
const rng = h.createRng(7);
const patterns = h.rademacher(rng, 3, 64);
const net = h.classical.trainClassical(patterns, { kind: 'hebb' });
postMessage({ exports: Object.keys(h).length, n: patterns.n, p: patterns.p, backend: h.backend().name,
  relaxed: typeof h.enableRelaxedSimd(), couplings: net.n });
`;

describe.skipIf(!existsSync(CHROMIUM))('the package entry in a browser worker', () => {
  it('bundles without Node modules and runs in a module worker', async () => {
    const out = (await build({
      configFile: false,
      logLevel: 'silent',
      plugins: [nodeGuard()],
      // as web/vite.config.ts: wavefile's "module" entry has no default export, its UMD build has
      resolve: { alias: { wavefile: 'wavefile/dist/wavefile.js' } },
      build: {
        write: false,
        target: 'es2022',
        minify: false,
        lib: { entry: join(ROOT, 'src', 'index.ts'), formats: ['es'], fileName: 'hopfield' },
      },
    })) as Rollup.RollupOutput[];
    const chunks = out.flatMap((o) => o.output).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) writeFileSync(join(dir, c.fileName), c.code);
    writeFileSync(join(dir, 'hopfield.js'), chunks[0].code);
    writeFileSync(join(dir, 'worker.js'), WORKER);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>entry</title>');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'index.html')}`);
      const answer = await page.evaluate(
        () =>
          new Promise((done, fail) => {
            const w = new Worker('./worker.js', { type: 'module' });
            w.onmessage = (e) => done(e.data);
            w.onerror = (e) => fail(new Error(e.message || 'the worker failed to load'));
          }),
      );
      expect(answer).toMatchObject({ n: 64, p: 3, couplings: 64, relaxed: 'boolean' });
      expect((answer as { exports: number }).exports).toBeGreaterThan(50);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/**
 * Build of the browser playground: web/ → dist/web (relative asset paths, so the folder works under any prefix).
 * The page imports src/core and src/experiments directly; Vite bundles them with the embedded wasm kernels.
 */

import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * dist/web/data-assets.json: which bundled asset is which file of data/ (`assets/PF00595.fasta-HASH.gz` →
 * `data/msa/PF00595.fasta.gz`). The package ships data/ once and leaves these copies out of its tarball;
 * `hopfield serve` answers their URLs from data/ through this list.
 */
function dataAssetList(): Plugin {
  return {
    name: 'hopfield-data-assets',
    generateBundle(_options, bundle) {
      const list: Record<string, string> = {};
      for (const f of Object.values(bundle))
        if (f.type === 'asset')
          for (const o of f.originalFileNames) {
            const rel = relative(join(here, '..'), resolve(here, o)).split(sep).join('/');
            if (rel.startsWith('data/')) list[f.fileName] = rel;
          }
      this.emitFile({
        type: 'asset',
        fileName: 'data-assets.json',
        source: `${JSON.stringify(list, null, 1)}\n`,
      });
    },
  };
}

export default defineConfig({
  plugins: [dataAssetList()],
  root: here,
  base: './',
  publicDir: 'public',
  // wavefile's "module" entry has no default export; its main (UMD) build is what src/data/wav.ts imports in Node
  resolve: { alias: { wavefile: 'wavefile/dist/wavefile.js' } },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
});

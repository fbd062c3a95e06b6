#!/usr/bin/env node
/**
 * One-way layers of src/ (see docs/architecture.md): a module may import only from its own layer or a lower one,
 * and src/core imports no Node built-in (it runs in browser workers). Prints each violation as
 * `file: imports target (layer → layer)` and exits 1 when there is one. Usage: node scripts/check-layers.mjs [SRC]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Rank of each top-level folder of src/: imports go to equal or lower ranks only. */
export const LAYERS = { core: 0, data: 1, experiments: 2, report: 3, node: 3, sweep: 4, cli: 5, api: 6 };

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The layer (top-level folder under src) of a file, or null for files directly in src (the public entry). */
function layerOf(src, file) {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Every upward import and every Node built-in imported by core, under `src`. */
export function layerViolations(src) {
  const out = [];
  for (const file of sources(src)) {
    const from = layerOf(src, file);
    if (from === null || !(from in LAYERS)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const rel = relative(src, file);
      if (
        from === 'core' &&
        (spec.startsWith('node:') || /^(fs|path|os|worker_threads|crypto|child_process)$/.test(spec))
      ) {
        out.push(`${rel}: imports ${spec} (core must stay free of Node built-ins)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      const to = layerOf(src, target);
      if (to === null || !(to in LAYERS)) {
        out.push(`${rel}: imports ${spec} (outside the layers)`);
        continue;
      }
      if (LAYERS[to] > LAYERS[from] || (LAYERS[to] === LAYERS[from] && to !== from))
        out.push(`${rel}: imports ${spec} (${from} → ${to}, an upward or sideways import)`);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const v = layerViolations(src);
  for (const line of v) console.error(line);
  if (v.length > 0) {
    console.error(`${v.length} layer violation(s)`);
    process.exit(1);
  }
  console.log('layers: no upward import');
}

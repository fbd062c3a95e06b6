#!/usr/bin/env node
/**
 * One-way layers of src/ (see docs/architecture.md): a module may import only from its own layer or a lower one.
 * The layers the page loads (core, data, experiments, report) and the page itself (web/src) import no Node built-in,
 * and those layers read no path (no readFileSync, readdirSync, existsSync, fs.…: the surfaces read, runs receive
 * bytes); the page reaches into src/ only through those layers; the package's main entry (src/index.ts) reaches no
 * Node built-in through anything it imports (it loads in a browser worker); and the web build config
 * (web/vite.config.ts) stubs no Node module out of the page. Prints each violation as `file: imports target (why)`
 * or `file: reads paths (call)` and exits 1 when there is one. Usage: node scripts/check-layers.mjs [SRC [WEB]]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Rank of each top-level folder of src/: imports go to equal or lower ranks only (api may not import cli). */
export const LAYERS = { core: 0, data: 1, experiments: 2, report: 3, node: 3, sweep: 4, api: 5, cli: 6 };

/** The layers the page bundles: no Node built-in in them. */
export const BROWSER_LAYERS = ['core', 'data', 'experiments', 'report'];

/**
 * Node built-ins still imported by a browser layer, each with its reason; nothing else is allowed, and each one
 * left is a file the page cannot use. None is left.
 */
export const KNOWN_NODE_IMPORTS = {};

/**
 * Calls that read the disk by path (Node's fs functions, sync or not, and anything reached through an `fs`
 * namespace): none in a browser layer, whatever module they would come from.
 */
const PATH_READ_RE =
  /\b(readFileSync|readdirSync|existsSync|statSync|lstatSync|openSync|readSync|readFile|readdir|createReadStream|opendirSync|realpathSync)\s*\(|\bfs(?:Promises)?\.[a-zA-Z]+/g;

/** Source text without comments and string literals' contents (so that prose naming a call is not one). */
function codeOf(file) {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/[^\n]*/g, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

/** Reads of paths in the browser layers. */
function pathReadViolations(src) {
  const out = [];
  for (const file of sources(src)) {
    const from = layerOf(src, file);
    if (!BROWSER_LAYERS.includes(from)) continue;
    const rel = relative(src, file);
    for (const m of new Set([...codeOf(file).matchAll(PATH_READ_RE)].map((x) => x[1] ?? x[0])))
      out.push(
        `${rel}: reads paths (${m}) (${from} is loaded by the page: the surface reads, runs receive bytes)`,
      );
  }
  return out;
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Whether an import specifier names a Node built-in (`node:fs`, `fs`, `fs/promises`). */
export function isNodeBuiltin(spec) {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);
}

/** Every import specifier of a file (static, re-exports, dynamic with a literal, side-effect imports). */
function importsOf(file) {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The source file a relative specifier names (`./x.js` → `./x.ts` when that is the file). */
function resolveSource(file, spec) {
  const target = resolve(dirname(file), spec);
  if (existsSync(target) && statSync(target).isFile()) return target;
  const ts = target.replace(/\.(m?)js$/, '.$1ts');
  return existsSync(ts) ? ts : target;
}

/** The layer (top-level folder under src) of a file, or null for files directly in src (the public entry). */
function layerOf(src, file) {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 && !parts[0].startsWith('..') ? parts[0] : null;
}

const known = (src, file, spec) =>
  (KNOWN_NODE_IMPORTS[relative(src, file).split(sep).join('/')] ?? []).includes(spec);

/** Upward and sideways imports in src/, and Node built-ins in the browser layers. */
function srcViolations(src) {
  const out = [];
  for (const file of sources(src)) {
    const from = layerOf(src, file);
    if (from === null || !(from in LAYERS)) continue;
    const rel = relative(src, file);
    for (const spec of importsOf(file)) {
      if (BROWSER_LAYERS.includes(from) && isNodeBuiltin(spec) && !known(src, file, spec)) {
        out.push(`${rel}: imports ${spec} (${from} is loaded by the page: no Node built-ins)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const to = layerOf(src, resolve(dirname(file), spec));
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

/** Node built-ins reached from the package's main entry through its static imports (with the chain that leads there). */
function entryViolations(src) {
  const entry = join(src, 'index.ts');
  if (!existsSync(entry)) return [];
  const out = [];
  const seen = new Set([entry]);
  const queue = [[entry, ['index.ts']]];
  while (queue.length > 0) {
    const [file, chain] = queue.shift();
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[3]; // dynamic imports load on use, not with the entry
      if (spec === undefined) continue;
      if (isNodeBuiltin(spec)) {
        if (!known(src, file, spec))
          out.push(`${chain.join(' → ')}: imports ${spec} (the package entry must load in a browser worker)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolveSource(file, spec);
      if (seen.has(target) || !existsSync(target)) continue;
      seen.add(target);
      queue.push([target, [...chain, relative(src, target).split(sep).join('/')]]);
    }
  }
  return out;
}

/** The page (web/src): no Node built-ins, and into src/ only through the layers the page loads. */
function webViolations(src, web) {
  const out = [];
  const page = join(web, 'src');
  if (!existsSync(page)) return out;
  for (const file of sources(page)) {
    const rel = join('web', relative(web, file));
    for (const spec of importsOf(file)) {
      if (isNodeBuiltin(spec)) {
        out.push(`${rel}: imports ${spec} (the page runs in a browser: no Node built-ins)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (relative(src, target).startsWith('..')) continue; // inside web/
      const to = layerOf(src, target);
      if (to !== null && !BROWSER_LAYERS.includes(to))
        out.push(`${rel}: imports ${spec} (the page may load ${BROWSER_LAYERS.join(', ')} only, not ${to})`);
    }
  }
  return out;
}

/** Node modules stubbed out of the page by the web build config (a plugin answering built-ins with a stub). */
function stubViolations(web) {
  const config = join(web, 'vite.config.ts');
  if (!existsSync(config)) return [];
  // The config's own imports run in Node and stub nothing; any other mention of a Node module is a stub.
  const text = readFileSync(config, 'utf8')
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
    .replace(IMPORT_RE, '');
  const out = [];
  if (/builtinModules/.test(text))
    out.push('web/vite.config.ts: stubs Node built-ins (builtinModules) out of the page');
  const allowed = Object.values(KNOWN_NODE_IMPORTS).flat();
  for (const m of text.matchAll(/['"`]([a-z_:/]+)['"`]/g))
    if (isNodeBuiltin(m[1]) && !allowed.includes(m[1]))
      out.push(`web/vite.config.ts: stubs ${m[1]} out of the page`);
  return out;
}

/** Every violation under `src` and `web` (default: the web/ folder beside src/). */
export function layerViolations(src, web = join(src, '..', 'web')) {
  return [
    ...srcViolations(src),
    ...pathReadViolations(src),
    ...entryViolations(src),
    ...webViolations(src, web),
    ...stubViolations(web),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const src = resolve(process.argv[2] ?? join(here, '..', 'src'));
  const web = resolve(process.argv[3] ?? join(src, '..', 'web'));
  const v = layerViolations(src, web);
  for (const line of v) console.error(line);
  if (v.length > 0) {
    console.error(`${v.length} layer violation(s)`);
    process.exit(1);
  }
  console.log(
    'layers: no upward import, no Node built-in where the page or the package entry runs, no path read where the page runs',
  );
}

#!/usr/bin/env node
/**
 * The package's `prepare` step: `npm run build` unless dist/ is current (its built files newer than every source
 * file that goes into them), so `npm pack` and `npm publish` right after a build do not build again. A fresh clone
 * (no dist/) always builds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outputs = ['dist/cli/bin.js', 'dist/index.js', 'dist/web/index.html'].map((p) => join(root, p));
const sources = [
  'src',
  'web',
  'assembly',
  'data',
  'docs/playground.md',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** Newest modification time under a path (files only; assembly/build is an output). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules' || e === 'build') continue;
    t = Math.max(t, newest(join(path, e)));
  }
  return t;
}

const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const changed = Math.max(...sources.map((p) => newest(join(root, p))));
if (built > changed) {
  process.stdout.write(
    'dist/ is newer than the sources: not building again (npm run build forces a build)\n',
  );
} else {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

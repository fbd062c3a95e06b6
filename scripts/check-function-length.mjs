#!/usr/bin/env node
/**
 * Lists functions longer than a limit (default 80 lines) under the given folders (default src and web): function
 * declarations, methods, arrow functions and function expressions, measured from their first to their last line.
 * Exits 1 when one is found. Usage: node scripts/check-function-length.mjs [--max 80] [DIR ...]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Every function of a source text longer than `max` lines: `{ name, line, lines }`. */
export function longFunctions(text, file, max = 80) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max) {
        const name =
          node.name?.getText(sf) ??
          (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sf) : '(anonymous)');
        out.push({ name, line: start + 1, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') yield* sources(p);
    } else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 80;
const dirs =
  args.length > 0
    ? args
    : ['src', 'web'].filter((d) => {
        try {
          return statSync(d).isDirectory();
        } catch {
          return false;
        }
      });
let found = 0;
for (const dir of dirs) {
  for (const file of sources(dir)) {
    for (const f of longFunctions(readFileSync(file, 'utf8'), file, max)) {
      console.error(`${relative(process.cwd(), file)}:${f.line} ${f.name}: ${f.lines} lines (max ${max})`);
      found++;
    }
  }
}
if (found > 0) process.exit(1);
console.log(`functions: none over ${max} lines`);

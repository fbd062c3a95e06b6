/**
 * Pinned outputs: one small seeded run per command, replayed in-process and compared with the JSON written by the
 * command line before the experiment registry (issue 11). The cases and fixtures are in test/fixtures/pinned/;
 * `node test/fixtures/pinned/make.mjs` (after `npm run build`) regenerates them from the checkout it runs in.
 * Every case runs with `--backend ts`: the WebAssembly kernels may use fused multiply-add (relaxed SIMD) where the
 * runtime has it, and Monte Carlo decisions then differ between machines.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { upgradeResult } from '../src/experiments/legacy.js';
import { runCli, tempDir } from './cli/helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', 'pinned');
const repo = resolve(here, '..');
const shared = resolve(repo, '..', 'shared');

interface PinnedCase {
  readonly name: string;
  readonly args: string[];
  readonly setup?: string[][];
}

/**
 * Tolerance per case (default 1e-12): numbers agree when |actual − expected| ≤ tol · max(1, |expected|).
 * A deliberate numerical change loosens one case here, with its reason, instead of regenerating the fixture.
 */
const TOLERANCE: Record<string, { readonly tol: number; readonly reason: string }> = {};
const DEFAULT_TOLERANCE = 1e-12;
// Re-pinned on purpose (not by the refactor): pl.protein, when the Potts fit changed to L-BFGS with a Moré–Thuente
// line search and `--max-iterations` replaced `--epochs` (issue "Protein families").

/**
 * New options and new top-level result fields added since the pin (e.g. --max-memory, --vote) are allowed: the
 * comparison ignores keys of `params` and of the top level that the fixture does not have. Rows stay strict.
 */
function withoutAdded(
  out: Record<string, unknown>,
  pinned: Record<string, unknown>,
): Record<string, unknown> {
  const keep = (a: Record<string, unknown>, e: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(a).filter(([k]) => k in e));
  const top = keep(out, pinned);
  if (top.params && pinned.params)
    top.params = keep(top.params as Record<string, unknown>, pinned.params as Record<string, unknown>);
  return top;
}

const cases: PinnedCase[] = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));

const fill = (args: readonly string[], tmp: string): string[] =>
  args.map((a) => a.replaceAll('{tmp}', tmp).replaceAll('{shared}', shared).replaceAll('{repo}', repo));

/** The first difference between two JSON values as 'path: reason', or null when they agree within tol. */
function firstDifference(actual: unknown, expected: unknown, path: string, tol: number): string | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number')
      return `${path}: expected number ${expected}, got ${JSON.stringify(actual)}`;
    const err = Math.abs(actual - expected);
    return err <= tol * Math.max(1, Math.abs(expected))
      ? null
      : `${path}: expected ${expected}, got ${actual} (difference ${err.toExponential(2)}, tolerance ${tol})`;
  }
  if (expected === null || typeof expected !== 'object') {
    return actual === expected
      ? null
      : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} entries, got ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`, tol);
      if (d) return d;
    }
    return null;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return `${path}: expected an object, got ${JSON.stringify(actual)}`;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const missing = Object.keys(e).filter((k) => !(k in a));
  const added = Object.keys(a).filter((k) => !(k in e));
  if (missing.length > 0 || added.length > 0) {
    return `${path}: keys differ (missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(added)})`;
  }
  for (const k of Object.keys(e)) {
    const d = firstDifference(a[k], e[k], `${path}.${k}`, tol);
    if (d) return d;
  }
  return null;
}

describe('pinned outputs of every command (same seeds, same rows)', () => {
  it('compares values as documented (absolute or relative tolerance, same keys, exact strings)', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(firstDifference({ x: [1, 'a'] }, { x: [1 + 5e-13, 'a'] }, 'v', 1e-12)).toBeNull();
    expect(firstDifference({ x: [1e6] }, { x: [1e6 + 5e-7] }, 'v', 1e-12)).toBeNull();
    expect(firstDifference({ x: [1, 'a'] }, { x: [1 + 2e-12, 'a'] }, 'v', 1e-12)).toMatch(/^v\.x\[0\]: /);
    expect(firstDifference({ x: 1, y: true }, { x: 1, y: false }, 'v', 1e-12)).toMatch(/^v\.y: /);
    expect(firstDifference({ x: 1 }, { x: 1, y: null }, 'v', 1e-12)).toMatch(/missing \["y"\]/);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const tol = TOLERANCE[c.name]?.tol ?? DEFAULT_TOLERANCE;
      const pinned = JSON.parse(readFileSync(join(fixtures, `${c.name}.json`), 'utf8'));
      const tmp = tempDir();
      try {
        for (const s of c.setup ?? []) {
          const r = await runCli(fill(s, tmp));
          expect(r.code, `${c.name}: setup '${s.join(' ')}' failed: ${r.stderr}`).toBe(0);
        }
        // The case and its fixture were written by an earlier version: the command line reads the case's old flags
        // itself, and the fixture is read as every saved result is, under today's parameter and column names
        // (src/experiments/legacy.ts).
        const args = fill(c.args, tmp);
        const r = await runCli(args);
        expect(r.code, `${c.name}: '${c.args.join(' ')}' failed: ${r.stderr}`).toBe(0);
        const text = readFileSync(args[args.indexOf('--json') + 1], 'utf8')
          .replaceAll(tmp, '{tmp}')
          .replaceAll(shared, '{shared}')
          .replaceAll(repo, '{repo}');
        const { command: _command, version: _version, ...out } = JSON.parse(text);
        const { args: _args, ...expected } = upgradeResult(pinned, c.name);
        const d = firstDifference(withoutAdded(out, expected), expected, c.name, tol);
        expect(d, `case ${c.name} (hopfield ${c.args.join(' ')}) differs from its fixture`).toBeNull();
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

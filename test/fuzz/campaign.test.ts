/**
 * The second bad-input campaign as properties over every registry entry (seeded; FUZZ_RUNS sets the cases per
 * entry and property, default 3; FUZZ_SEED the seed):
 *
 * - degenerate tolerances and steps (5e-324, 1e-300, 0, −0, …) are refused, unless the entry caps its iterations;
 * - every list written as a range of more than 10,000 values is refused naming --max-values;
 * - the smallest sizes (N = 1, 2 where the bounds allow them) are refused or finish quickly (bounded by
 *   --max-minutes, not by a wall clock), and their result files hold no NaN or Infinity;
 * - --threads above the cores is clamped to the cores;
 * - result rows with NaN or ±Infinity are written with status "diverged", empty CSV cells and JSON null.
 */

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { clampThreads, finiteOutput } from '../../src/cli/generate.js';
import { toCsv } from '../../src/cli/output.js';
import { ParamError } from '../../src/core/validate.js';
import { DEFAULT_MAX_VALUES, kebab, type ParamSpec, parseParam } from '../../src/experiments/params.js';
import { experiments } from '../../src/experiments/registry/index.js';
import type { AnyExperiment } from '../../src/experiments/registry/types.js';
import { runCli, tempDir } from '../cli/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

const specsOf = (e: AnyExperiment) => Object.entries(e.params as Record<string, ParamSpec>);
const command = (e: AnyExperiment) => e.id.split('.');

/** Entries that need an input file to start (left out of the properties that run commands). */
const needsInput = (e: AnyExperiment) =>
  specsOf(e).some(
    ([, s]) => (s.kind === 'inputFile' || s.kind === 'inputDir') && s.default === undefined && !s.optional,
  );

/** An iteration cap among the entry's parameters (a degenerate tolerance then ends at the cap). */
const capsIterations = (e: AnyExperiment) =>
  specsOf(e).some(([k]) => /^max(Iterations|Sweeps|Steps)$|^iterations$/.test(k));

/** Required output parameters, pointed into `dir`. */
function requiredOutputs(e: AnyExperiment, dir: string): string[] {
  return specsOf(e).flatMap(([k, s]) =>
    s.kind === 'outputFile' && !s.optional ? [`--${kebab(k)}`, join(dir, `${k}.out`)] : [],
  );
}

describe(`degenerate tolerances and steps (${RUNS} values per parameter)`, () => {
  for (const e of experiments) {
    const params = specsOf(e).filter(([k, s]) => s.kind === 'num' && /tol|step/i.test(k));
    if (params.length === 0) continue;
    it(`hopfield ${e.id.replace(/\./g, ' ')}: ${params.map(([k]) => `--${kebab(k)}`).join(', ')}`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...params),
          fc.constantFrom('5e-324', '1e-300', '1e-200', '1e-17', '0', '-0', '-1e-300'),
          ([name, spec], value) => {
            // The parser the command line uses (one line, exit 2, is checked by the commands fuzz suite).
            let refused = false;
            try {
              parseParam(name, spec, value, { maxValues: DEFAULT_MAX_VALUES });
            } catch (err) {
              refused = err instanceof ParamError;
            }
            if (!refused)
              expect(capsIterations(e), `--${kebab(name)} ${value} accepted without an iteration cap`).toBe(
                true,
              );
          },
        ),
        { numRuns: RUNS * 5, seed: SEED },
      );
    });
  }
});

describe(`lists past ${DEFAULT_MAX_VALUES} values (${RUNS} ranges per entry)`, () => {
  for (const e of experiments) {
    const lists = specsOf(e).filter(([, s]) => {
      if (s.kind !== 'numList') return false;
      const lo = s.bounds.min ?? 0;
      const hi = s.bounds.max ?? lo + 1e6;
      return !s.bounds.integer || hi - lo > DEFAULT_MAX_VALUES + 1;
    });
    if (lists.length === 0) continue;
    it(`hopfield ${e.id.replace(/\./g, ' ')}: ${lists.map(([k]) => `--${kebab(k)}`).join(', ')}`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...lists),
          fc.double({ min: DEFAULT_MAX_VALUES + 2, max: 1e12, noNaN: true }),
          ([name, spec], count) => {
            if (spec.kind !== 'numList') return;
            const lo = (spec.bounds.min ?? 0) + (spec.bounds.minExclusive ? 1e-9 : 0);
            const hi = spec.bounds.max ?? lo + 1e6;
            let step = (hi - lo) / count;
            if (spec.bounds.integer) step = Math.max(1, Math.floor(step));
            const range = `${lo}:${hi}:${step}`;
            // The parser and options the command line uses (its one-line exit 2 is the commands fuzz suite's).
            // A list whose entry states its own maximum (a documented one) keeps it.
            const cap = spec.statedMax ? spec.maxLength : Math.min(spec.maxLength, DEFAULT_MAX_VALUES);
            if (count <= cap + 1) return;
            const hint = cap < spec.maxLength ? ' \\(raise with --max-values' : '$';
            expect(() => parseParam(name, spec, range, { maxValues: DEFAULT_MAX_VALUES }), range).toThrow(
              new RegExp(`^${name} range .* values; at most ${cap} are allowed${hint}`),
            );
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});

/** Flags giving every parameter with a quick value that value (small sizes). */
function quickFlags(e: AnyExperiment, except: string): string[] {
  return specsOf(e).flatMap(([k, s]) => {
    if (k === except || s.quick === undefined) return [];
    const v = Array.isArray(s.quick) ? s.quick.join(',') : String(s.quick);
    return s.kind === 'flag' ? (s.quick ? [`--${kebab(k)}`] : []) : [`--${kebab(k)}=${v}`];
  });
}

const SIZE_NAMES = /^(n|nv|nh|size)$/;
const sizeCases = experiments
  .filter((e) => !needsInput(e))
  .flatMap((e) =>
    specsOf(e)
      .filter(([k, s]) => SIZE_NAMES.test(k) && (s.kind === 'int' || s.kind === 'numList'))
      .flatMap(([k]) => [1, 2].map((v) => ({ e, name: k, value: v }))),
  );

describe(`smallest sizes N = 1, 2 (${sizeCases.length} cases; ${RUNS} drawn, all with FUZZ_RUNS ≥ ${sizeCases.length})`, () => {
  it('are refused by the bounds or finish within --max-minutes, with finite result files', async () => {
    const root = tempDir();
    let k = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          RUNS >= sizeCases.length
            ? fc.constant(null)
            : fc.nat({ max: sizeCases.length - 1 }).map((i) => [sizeCases[i]]),
          async (picked) => {
            for (const { e, name, value } of picked ?? sizeCases) {
              const dir = join(root, `c${k++}`);
              const json = join(dir, 'r.json');
              const csv = join(dir, 'r.csv');
              mkdirSync(dir);
              const args = [
                ...command(e),
                ...quickFlags(e, name),
                `--${kebab(name)}=${value}`,
                ...requiredOutputs(e, dir),
                ...(e.random !== false ? ['--seed', '1'] : []),
                '--max-minutes',
                '0.5',
                '--json',
                json,
                '--csv',
                csv,
                '-q',
              ];
              const r = await runCli(args);
              const where = `hopfield ${args.join(' ')} → ${r.code} ${r.stderr}`;
              if (r.code === 2) {
                expect(r.stderr.trim().split('\n'), where).toHaveLength(1);
                expect(existsSync(json), where).toBe(false);
                continue;
              }
              expect(r.code, where).toBe(0);
              for (const f of [json, csv])
                expect(readFileSync(f, 'utf8'), where).not.toMatch(/\bNaN\b|Infinity/);
            }
          },
        ),
        { numRuns: RUNS >= sizeCases.length ? 1 : RUNS, seed: SEED },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('--threads above the cores', () => {
  const withThreads = experiments.filter((e) => specsOf(e).some(([k]) => k === 'threads'));
  it(`is clamped to the cores, said once (${withThreads.map((e) => e.id).join(', ')})`, () => {
    const cores = availableParallelism();
    expect(withThreads.length).toBeGreaterThan(0);
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(...withThreads),
          fc.integer({ min: cores + 1, max: 1_000_000 }),
          (e, t) => {
            spy.mockClear();
            const spec = (e.params as Record<string, ParamSpec>).threads;
            if (spec.kind !== 'int' || (spec.bounds.max !== undefined && t > spec.bounds.max)) return;
            expect(clampThreads({ threads: t }).threads).toBe(cores);
            expect(spy).toHaveBeenCalledTimes(1);
          },
        ),
        { numRuns: RUNS * 10, seed: SEED },
      );
    } finally {
      spy.mockRestore();
    }
  });
});

describe('non-finite numbers in result rows', () => {
  it('become status "diverged", empty CSV cells and JSON null; finite rows are unchanged', () => {
    const value = fc.oneof(
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c'), value), { maxLength: 8 }),
        (rows) => {
          const out = finiteOutput({ rows });
          const csv = toCsv(out.rows);
          const json = JSON.stringify(out.rows);
          expect(csv).not.toMatch(/NaN|Infinity/);
          expect(json).not.toMatch(/NaN|Infinity/);
          out.rows.forEach((r, i) => {
            const before = rows[i] as Record<string, unknown>;
            const bad = Object.values(before).some((v) => typeof v === 'number' && !Number.isFinite(v));
            if (bad) expect((r as Record<string, unknown>).status).toBe('diverged');
            else expect(r).toBe(rows[i]);
          });
        },
      ),
      { numRuns: RUNS * 50, seed: SEED },
    );
  });
});

/**
 * Property-based fuzzing of every command, generated from the registry's parameter specs: hostile text for
 * numeric and choice flags (malformed numbers, extremes beyond the bounds, empty and unicode strings), files of
 * random bytes or truncated content for input files, and outputs in missing or unwritable places. Each case must
 * exit with status 2 and one line on stderr without a stack trace, leave the output folder empty, and finish
 * quickly. Seeded; FUZZ_RUNS (default 6 per command) and FUZZ_SEED select the campaign.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kebab, type ParamSpec } from '../../src/experiments/params.js';
import { experiments } from '../../src/experiments/registry/index.js';
import { runCli, tempDir } from '../cli/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const MALFORMED = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1e',
  '--',
  '1,,2',
  ':::',
  '1:0:1',
  'x1',
  '١٢',
];

/** A value for this spec that must be refused. */
function hostile(spec: ParamSpec, dir: string): fc.Arbitrary<string> {
  switch (spec.kind) {
    case 'int':
    case 'num':
    case 'numList': {
      const b = spec.bounds;
      const extremes: string[] = [];
      if (b.max !== undefined) extremes.push(String(b.max * 10 + 1), '1e308');
      if (b.min !== undefined) extremes.push(String(b.min - 1 - Math.abs(b.min) * 10), '-1e308');
      if (b.integer) extremes.push('2.5', '9007199254740993');
      return fc.oneof(
        fc.constantFrom(...MALFORMED, ...extremes),
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[\s\d.,:eE+-]*$/.test(s)),
      );
    }
    case 'choice':
    case 'choiceList':
      return fc.oneof(
        fc.constantFrom('', 'none', 'HEBB', ','),
        fc
          .string({ maxLength: 12 })
          .filter((s) => s.split(',').some((p) => !spec.choices.includes(p.trim()))),
      );
    case 'inputFile':
    case 'inputDir':
    case 'inputSource':
      return fc.oneof(
        fc.constant(join(dir, 'missing', 'file')),
        fc.constant(dir),
        fc.uint8Array({ maxLength: 600 }).map((bytes) => {
          const p = join(dir, '..', `in-${bytes.length}-${Math.random().toString(36).slice(2)}`);
          writeFileSync(p, bytes);
          return p;
        }),
      );
    case 'outputFile':
      return fc.constantFrom(join(dir, 'missing', 'out.json'), `${dir}/`, '', '/proc/hopfield/out.json');
    default:
      return fc.constant('');
  }
}

describe(`commands under fuzzing (${RUNS} cases per command, seed ${SEED})`, () => {
  for (const e of experiments) {
    const params = Object.entries(e.params as Record<string, ParamSpec>).filter(
      ([, s]) => s.kind !== 'flag' && s.kind !== 'text',
    );
    if (params.length === 0) continue;
    it(`hopfield ${e.id.replace(/\./g, ' ')}`, async () => {
      const root = tempDir();
      const out = join(root, 'out');
      mkdirSync(out);
      try {
        await fc.assert(
          fc.asyncProperty(
            fc
              .nat({ max: params.length - 1 })
              .chain((k) => hostile(params[k][1], out).map((v) => [params[k][0], v] as const)),
            async ([name, value]) => {
              const args = [
                ...e.id.split('.'),
                `--${kebab(name)}=${value}`,
                '--json',
                join(out, 'r.json'),
                '-q',
              ];
              const t0 = performance.now();
              const r = await runCli(args);
              const where = `hopfield ${args.join(' ')} → ${r.stderr}`;
              expect(r.code, where).toBe(2);
              const lines = r.stderr.trim().split('\n');
              expect(lines, where).toHaveLength(1);
              expect(lines[0], where).toMatch(/^hopfield: /);
              expect(r.stderr, where).not.toMatch(
                /\n\s+at |Invalid typed array|allocation failed|call stack/,
              );
              expect(readdirSync(out), where).toEqual([]);
              expect(performance.now() - t0, where).toBeLessThan(20_000);
            },
          ),
          { numRuns: RUNS, seed: SEED },
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

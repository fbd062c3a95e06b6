/**
 * Tests generated from the parameter specs of every registry entry: each bad value a spec can receive (below the
 * minimum, above the maximum, not a number, a fraction for an integer, an unknown choice, a missing input file,
 * an output into a missing directory) exits with status 2 and one line naming the flag, the allowed values and
 * the value given, and writes nothing. `hopfield list --json` gives valid JSON Schemas whose defaults, fed back
 * through the command line, run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allowedWords, kebab, type ParamSpec } from '../../src/experiments/params.js';
import { experiments } from '../../src/experiments/registry/index.js';
import { runCli, tempDir } from './helpers.js';

interface BadCase {
  readonly flag: string;
  readonly value: string;
  /** What the one line must contain besides the flag. */
  readonly mustSay: readonly string[];
}

/** The bad values one spec can be given on the command line. */
function badCases(name: string, spec: ParamSpec, dir: string): BadCase[] {
  const flag = `--${kebab(name)}`;
  const said = (v: string) => [allowedWords(spec), `(got "${v}")`];
  const out: BadCase[] = [];
  const num = (v: number) => String(v);
  switch (spec.kind) {
    case 'int':
    case 'num':
    case 'numList': {
      const b = spec.bounds;
      if (b.min !== undefined) {
        const v = num(
          b.minExclusive ? b.min : b.min - (b.integer ? 1 : Math.max(1e-3, Math.abs(b.min) * 0.5)),
        );
        out.push({ flag, value: v, mustSay: said(v) });
      }
      if (b.max !== undefined) {
        const v = num(
          b.maxExclusive ? b.max : b.max + (b.integer ? 1 : Math.max(1e-3, Math.abs(b.max) * 0.5)),
        );
        out.push({ flag, value: v, mustSay: said(v) });
      }
      out.push({ flag, value: 'abc', mustSay: said('abc') });
      if (b.integer) out.push({ flag, value: '1.5', mustSay: said('1.5') });
      break;
    }
    case 'choice':
    case 'choiceList':
      out.push({ flag, value: 'no-such-choice', mustSay: said('no-such-choice') });
      break;
    case 'inputFile':
    case 'inputDir':
      out.push({ flag, value: join(dir, 'missing-input'), mustSay: ['cannot read'] });
      break;
    case 'inputSource':
      out.push({ flag, value: join(dir, 'missing-input'), mustSay: ['no such file or directory'] });
      break;
    case 'outputFile':
      out.push({ flag, value: join(dir, 'no-such-dir', 'out.json'), mustSay: ['does not exist'] });
      break;
    default:
      break;
  }
  return out;
}

/** Valid values for the required parameters, so that only the bad one fails. */
function requiredArgs(params: Record<string, ParamSpec>, skip: string, dir: string): string[] {
  const args: string[] = [];
  for (const [name, spec] of Object.entries(params)) {
    if (name === skip || spec.default !== undefined || spec.optional || spec.kind === 'flag') continue;
    const flag = `--${kebab(name)}`;
    if (spec.kind === 'outputFile') args.push(flag, join(dir, `${name}.out`));
    // Readable stand-ins (this file, this folder), so that only the bad parameter fails to load.
    else if (spec.kind === 'inputFile') args.push(flag, fileURLToPath(import.meta.url));
    else if (spec.kind === 'inputDir') args.push(flag, dirname(fileURLToPath(import.meta.url)));
    else if (spec.quick !== undefined) args.push(flag, String(spec.quick));
  }
  return args;
}

describe('bad input generated from the specs: exit 2, one line naming flag, allowed values and value; no file', () => {
  for (const e of experiments) {
    const command = e.id.split('.');
    it(`hopfield ${command.join(' ')}`, async () => {
      const dir = tempDir();
      let count = 0;
      for (const [name, spec] of Object.entries(e.params as Record<string, ParamSpec>)) {
        for (const c of badCases(name, spec, dir)) {
          const args = [
            ...command,
            ...requiredArgs(e.params, name, dir),
            c.flag,
            c.value,
            '--json',
            join(dir, 'o.json'),
          ];
          const r = await runCli(args);
          const lines = r.stderr.trim().split('\n');
          const where = `hopfield ${args.join(' ')} → ${r.stderr}`;
          expect(r.code, where).toBe(2);
          expect(lines, where).toHaveLength(1);
          expect(lines[0], where).toContain(c.flag);
          for (const s of c.mustSay) expect(lines[0], where).toContain(s);
          expect(lines[0], where).not.toMatch(/\n\s+at /);
          expect(readdirSync(dir), where).toEqual([]);
          count++;
        }
      }
      // an output into a missing directory, for the shared --json flag
      const r = await runCli([
        ...command,
        ...requiredArgs(e.params, '', dir),
        '--json',
        join(dir, 'nope', 'o.json'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^hopfield: --json: directory .* does not exist/);
      expect(readdirSync(dir)).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });
  }
});

describe('hopfield list --json', () => {
  it('prints a valid JSON Schema for every experiment, and the defaults satisfy it', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.experiments.map((x: { id: string }) => x.id)).toEqual(experiments.map((e) => e.id));
    const ajv = new Ajv2020({
      strict: false,
      formats: { 'input-file': true, 'input-directory': true, 'output-file': true },
    });
    for (const x of doc.experiments) {
      const validate = ajv.compile(x.schema);
      const defaults: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(x.schema.properties as Record<string, { default?: unknown }>))
        if (s.default !== undefined) defaults[k] = s.default;
      const required: string[] = x.schema.required;
      // A required value: a path for files, the minimum for numbers (e.g. pl spin-glass --size).
      const given = (k: string) => {
        const p = (x.schema.properties as Record<string, { type?: string; minimum?: number }>)[k];
        return p.type === 'integer' || p.type === 'number' ? (p.minimum ?? 1) : 'x';
      };
      const filled = { ...defaults, ...Object.fromEntries(required.map((k) => [k, given(k)])) };
      expect(validate(filled), `${x.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...filled, noSuchParameter: 1 }), `${x.id} accepts unknown parameters`).toBe(false);
    }
  });
});

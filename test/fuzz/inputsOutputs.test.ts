/**
 * No output overwrites an input, over every registry entry: each path a command reads (input files, files of an
 * input folder, `--patterns`) given as each path it writes (`--json`, `--csv`, `--plot`, `--npy`, its own output
 * parameters and their derived names such as `--npy PREFIX`'s `PREFIX_h.npy`) exits 2 with one line naming both
 * flags, and leaves the input byte-identical and no other file behind. Every (input, output) pair of every entry
 * is tried once; then the pair, the way the path is spelled (as given, `./`-prefixed, absolute, through a
 * symlink, through a hard link) and the input's bytes are drawn (seeded; FUZZ_RUNS sets the cases per entry,
 * default 2).
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawsFigure } from '../../src/cli/generate.js';
import { kebab, type ParamSpec } from '../../src/experiments/params.js';
import { experiments } from '../../src/experiments/registry/index.js';
import type { AnyExperiment } from '../../src/experiments/registry/types.js';
import { runCli, tempDir } from '../cli/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/**
 * The harness's limit per drawn case (a case is one in-process command refused before any work: ~5 ms of CPU, far
 * more under load); the run's length is bounded by FUZZ_RUNS, this only keeps vitest's 60 s default from cutting
 * a large FUZZ_RUNS short.
 */
const CASE_BUDGET_MS = 1000;

interface InputParam {
  readonly name: string;
  /** For folders: an extension of the files read from it. */
  readonly ext?: string;
}

interface OutputFlag {
  readonly flag: string;
  readonly suffix: string;
}

function inputsOf(e: AnyExperiment): InputParam[] {
  const out: InputParam[] = [];
  for (const [name, s] of Object.entries(e.params as Record<string, ParamSpec>)) {
    if (s.kind === 'inputFile') out.push({ name });
    if (s.kind === 'inputDir') out.push({ name, ext: s.extensions[0] });
    if (s.kind === 'inputSource') out.push({ name });
  }
  return out;
}

function outputsOf(e: AnyExperiment): OutputFlag[] {
  const params = e.params as Record<string, ParamSpec>;
  const out: OutputFlag[] = [
    { flag: '--json', suffix: '' },
    { flag: '--csv', suffix: '' },
    ...(drawsFigure(e) ? [{ flag: '--plot', suffix: '' }] : []),
  ];
  if (!Object.hasOwn(params, 'npy')) out.push({ flag: '--npy', suffix: '' });
  for (const [name, s] of Object.entries(params)) {
    if (s.kind !== 'outputFile') continue;
    for (const suffix of s.suffixes ?? ['']) out.push({ flag: `--${kebab(name)}`, suffix });
  }
  return out;
}

type Spelling = 'plain' | 'dot' | 'absolute' | 'symlink' | 'hardlink';

/** The output path that names `target` (a file, existing or not) in the given spelling, made in `dir`. */
function spelled(target: string, how: Spelling, dir: string, k: number): string {
  switch (how) {
    case 'plain':
      return relative(process.cwd(), target);
    case 'dot':
      return `./${relative(process.cwd(), target)}`;
    case 'absolute':
      return target;
    case 'symlink': {
      const link = join(dir, `link${k}`);
      symlinkSync(target, link);
      return link;
    }
    case 'hardlink': {
      const link = join(dir, `hard${k}`);
      linkSync(target, link);
      return link;
    }
  }
}

/** One case: `input`'s path given to `output`, spelled `how`, the inputs holding `bytes`. */
async function clashCase(
  e: AnyExperiment,
  input: InputParam,
  output: OutputFlag,
  how: Spelling,
  bytes: Uint8Array,
  root: string,
  counter: { k: number },
): Promise<void> {
  const inputs = inputsOf(e);
  const case_ = join(root, `c${counter.k++}`);
  mkdirSync(case_);
  const args = [...e.id.split('.')];
  // Every input of the entry gets a file or folder (the clash is found before any is read).
  let target = '';
  let watched = '';
  for (const other of inputs) {
    const flag = `--${kebab(other.name)}`;
    if (other.ext !== undefined) {
      const d = join(case_, `${other.name}-dir`);
      mkdirSync(d);
      writeFileSync(join(d, `a${other.ext}`), bytes);
      args.push(flag, d);
      if (other.name === input.name) {
        // A new file of the folder's kind, or (with a hard link, which needs a file) an existing one.
        target = join(d, how === 'hardlink' ? `a${other.ext}` : `new${other.ext}`);
        watched = join(d, `a${other.ext}`);
      }
    } else {
      const f = join(case_, `${other.name}${other.name === input.name ? output.suffix : ''}`);
      writeFileSync(f, bytes);
      args.push(flag, f);
      if (other.name === input.name) {
        target = f;
        watched = f;
      }
    }
  }
  // A prefix (derived names) cannot be a link: it is spelled as a path.
  const linked = how === 'symlink' || how === 'hardlink';
  const path = spelled(target, output.suffix && linked ? 'absolute' : how, case_, counter.k);
  const given = output.suffix ? path.slice(0, path.length - output.suffix.length) : path;
  args.push(output.flag, given);
  // Required outputs other than the one under test go to a fresh path.
  for (const [name, s] of Object.entries(e.params as Record<string, ParamSpec>)) {
    const flag = `--${kebab(name)}`;
    if (s.kind === 'outputFile' && !s.optional && flag !== output.flag)
      args.push(flag, join(case_, `${name}.out`));
  }
  args.push('-q');
  const before = readdirSync(case_).sort();
  const r = await runCli(args);
  const where = `hopfield ${args.join(' ')} → ${r.code} ${r.stderr}`;
  expect(r.code, where).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, where).toHaveLength(1);
  expect(lines[0], where).toContain(output.flag);
  expect(lines[0], where).toContain(`--${kebab(input.name)}`);
  expect(r.stdout, where).toBe('');
  expect(Buffer.compare(readFileSync(watched), Buffer.from(bytes)), where).toBe(0);
  expect(readdirSync(case_).sort(), where).toEqual(before);
}

const SPELLINGS: readonly Spelling[] = ['plain', 'dot', 'absolute', 'symlink', 'hardlink'];
const entries = experiments.filter((e) => inputsOf(e).length > 0);

describe(`no output overwrites an input (${entries.length} entries): every input × output`, () => {
  for (const e of entries) {
    it(`hopfield ${e.id.replace(/\./g, ' ')}`, async () => {
      const root = tempDir();
      const counter = { k: 0 };
      try {
        const outputs = outputsOf(e);
        for (const [i, input] of inputsOf(e).entries())
          for (const [j, output] of outputs.entries())
            await clashCase(
              e,
              input,
              output,
              SPELLINGS[(i + j) % SPELLINGS.length],
              new Uint8Array([1, 2, 3]),
              root,
              counter,
            );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe(`no output overwrites an input: ${RUNS} drawn cases per entry (spelling, bytes)`, () => {
  for (const e of entries) {
    it(
      `hopfield ${e.id.replace(/\./g, ' ')}`,
      async () => {
        const root = tempDir();
        const counter = { k: 0 };
        try {
          await fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...inputsOf(e)),
              fc.constantFrom(...outputsOf(e)),
              fc.constantFrom(...SPELLINGS),
              fc.uint8Array({ minLength: 0, maxLength: 64 }),
              (input, output, how, bytes) => clashCase(e, input, output, how, bytes, root, counter),
            ),
            { numRuns: RUNS, seed: SEED },
          );
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
      CASE_BUDGET_MS * RUNS,
    );
  }
});

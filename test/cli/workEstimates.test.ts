/**
 * Work estimated before a run starts (issue "Hardening, second campaign", Deliver item 2): every registry entry
 * counts its operations from its parameters; the command line says how long a run longer than 10 s will take
 * before starting, and --max-minutes refuses one past its limit with one line, before any work (nothing on stdout,
 * not even the seed line). Every command of the first table, at the sizes given there, either is refused
 * with one line or has such an estimate: shown here with --max-minutes 0.01, which refuses before any work, so no
 * test waits for a long run.
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTable, smallAlignment } from '../../scripts/first-table-commands.mjs';
import { parseConfig } from '../../src/cli/generate.js';
import { checkWorkEstimate, createProgress } from '../../src/cli/progress.js';
import type { ParamSpec } from '../../src/experiments/params.js';
import { experiments, findExperiment } from '../../src/experiments/registry/index.js';
import {
  alignmentShape,
  modelShape,
  OPS_PER_SECOND,
  sumWork,
  workSeconds,
} from '../../src/experiments/work.js';
import { runCli, tempDir } from './helpers.js';

const oneLine = (stderr: string) => stderr.trim().split('\n');

let dir = '';
let table: { refused: string[][]; long: string[][]; run: string[][] };
beforeAll(() => {
  dir = tempDir();
  table = firstTable(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('work estimates of the registry entries', () => {
  it('every entry estimates its work; at its defaults the estimate is a finite number of seconds', async () => {
    const missing = experiments.filter((e) => e.work === undefined).map((e) => e.id);
    expect(missing).toEqual([]);
    for (const e of experiments) {
      const specs = Object.entries(e.params as Record<string, ParamSpec>);
      if (
        specs.some(([, s]) => /^(inputFile|inputDir|outputFile)$/.test(s.kind) && !s.optional && !s.default)
      )
        continue; // needs a file: covered by the table below
      // Required values that have a quick one (pl spin-glass --size) take it.
      const quick = Object.fromEntries(
        specs
          .filter(([, s]) => s.default === undefined && s.quick !== undefined)
          .map(([k, s]) => [k, String(s.quick)]),
      );
      const config = parseConfig(e.params, quick);
      const seconds = workSeconds(await (e.work as NonNullable<typeof e.work>)(config as never));
      expect(Number.isFinite(seconds) && seconds >= 0, `${e.id}: ${seconds}`).toBe(true);
    }
  });

  it('operations become seconds by one rate per kind; parts add by kind', () => {
    expect(workSeconds({ couplings: OPS_PER_SECOND.couplings, scalar: 2 * OPS_PER_SECOND.scalar })).toBe(3);
    expect(sumWork([1, 2], (k) => ({ spins: k, potts: 10 }))).toEqual({ spins: 3, potts: 20 });
  });

  it('alignment sizes are counted without decoding (gzip, A2M inserts); model sizes from the params', async () => {
    const text = '>a\nAC-DeF\nG\n>b desc\nACDDEFG\n>c\nAAAAAAA\n';
    expect(await alignmentShape({ name: 'x.fa', bytes: new TextEncoder().encode(text) })).toEqual({
      m: 3,
      n: 6,
    });
    expect(await alignmentShape({ name: 'x.fa.gz', bytes: gzipSync(text) })).toEqual({ m: 3, n: 6 });
    const model = JSON.stringify({
      type: 'hopfield.potts',
      version: 1,
      params: { n: 53, q: 21 },
      fields: '',
    });
    expect(modelShape({ name: 'm.json', bytes: new TextEncoder().encode(model) })).toEqual({
      n: 53,
      q: 21,
      autoregressive: false,
    });
    const ar = JSON.stringify({ type: 'hopfield.potts.autoregressive', version: 1, params: { n: 8, q: 21 } });
    expect(modelShape({ name: 'a.json', bytes: new TextEncoder().encode(ar) })?.autoregressive).toBe(true);
  });

  it('a long run is said before it starts; --max-minutes refuses with one line; the extrapolation is a second opinion', () => {
    const lines: string[] = [];
    const write = (l: string) => lines.push(l);
    checkWorkEstimate('job', 8, { enabled: true, write });
    expect(lines).toEqual([]); // under ANNOUNCE_ESTIMATE_SECONDS (10 s): nothing said
    checkWorkEstimate('job', 14 * 60, { enabled: true, write });
    expect(lines).toEqual([
      expect.stringMatching(
        /^job: about 14 min on \d+ cores? \(estimated before starting; --max-minutes sets a limit\)\n$/,
      ),
    ]);
    expect(() => checkWorkEstimate('job', 14 * 60, { enabled: false, maxMinutes: 10 })).toThrow(
      /^--max-minutes is 10 but this run needs about 14 min on \d+ cores? \(estimated from its parameters before starting\); make it smaller or raise --max-minutes$/,
    );
    // Progress that agrees with the up-front estimate adds nothing; one more than twice it is said.
    for (const [expected, unit, said] of [
      [100, 1000, false],
      [100, 3000, true],
    ] as const) {
      let t = 0;
      lines.length = 0;
      const p = createProgress('job', true, { tty: true, now: () => t, write, expectedSeconds: expected });
      t = 5 * unit;
      p.update(5, 100);
      p.stop();
      expect(lines.length, `unit ${unit}`).toBe(said ? 1 : 0);
      if (said)
        expect(lines[0]).toMatch(
          /about 5 min .*extrapolated from the first 5 %; estimated 100 s before starting/,
        );
    }
  });
});

describe("the issue's first table: refused with one line, or estimated before any work", () => {
  // Long legal sizes: refused by --max-minutes 0.01 before any work (which proves the estimate exists up front).
  it('long legal sizes: --max-minutes refuses them before the seed line, naming the estimate', async () => {
    for (const args of table.long) {
      const r = await runCli([...args, '--max-minutes', '0.01']);
      const where = `${args.join(' ')} → ${r.code} ${r.stderr}`;
      expect(r.code, where).toBe(2);
      expect(oneLine(r.stderr), where).toHaveLength(1);
      expect(r.stderr, where).toMatch(
        /^hopfield: --max-minutes is 0.01 but this run needs about .* on \d+ cores? \(estimated from its parameters before starting\)/,
      );
      expect(r.stdout, where).toBe('');
    }
  });

  it('long legal sizes (over 10 s) are said on stderr before starting', async () => {
    for (const args of table.long) {
      const e = findExperiment(args.slice(0, 2).join('.')) as NonNullable<ReturnType<typeof findExperiment>>;
      const { loadInputs } = await import('../../src/node/inputs.js');
      const flags: Record<string, string> = {};
      for (let k = 2; k < args.length; k += 2)
        flags[args[k].slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = args[k + 1];
      const config = loadInputs(e.params, parseConfig(e.params, flags));
      const seconds = workSeconds(await (e.work as NonNullable<typeof e.work>)(config as never));
      const lines: string[] = [];
      checkWorkEstimate(e.id, seconds, { enabled: true, write: (l) => lines.push(l) });
      // Every command of the table takes more than 5 s, so each is announced (lagrangian synaptic --nv 10000:
      // estimated 11 s, 12.7 s measured on 2 quiet cores).
      expect(lines, `${args.join(' ')}: ${seconds} s`).toHaveLength(1);
    }
  });

  it('degenerate values, huge lists and huge pattern grids are refused with one line', async () => {
    for (const args of table.refused) {
      const r = await runCli([...args, '-q']);
      const where = `${args.join(' ')} → ${r.code} ${r.stderr}`;
      expect(r.code, where).toBe(2);
      expect(oneLine(r.stderr), where).toHaveLength(1);
      expect(r.stdout, where).toBe('');
    }
  });

  it('potts train on 60 sequences with --threads 256: clamped and run', async () => {
    const r = await runCli([...table.run[0], '--seed', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--threads 256 is more than the \d+ cores? of this machine/);
  });

  it('a progress callback that stops a run on worker threads (--max-minutes) rejects the run, not the process', async () => {
    const { decodeAlignment } = await import('../../src/data/msa.js');
    const { fitPotts, POTTS_DEFAULTS } = await import('../../src/experiments/potts/run.js');
    const { installNodePottsRunner } = await import('../../src/node/potts.js');
    installNodePottsRunner();
    const msa = await decodeAlignment(new TextEncoder().encode(smallAlignment()), 'm.fasta', {
      minSequences: 2,
    });
    const stop = new Error('--max-minutes is 0.01 but this run needs about 2 min');
    const settings = { ...POTTS_DEFAULTS, threads: 2 };
    // Calls 0 and 1 come from the calling thread; later ones from the workers' results.
    const onProgress = (done: number) => {
      if (done >= 2) throw stop;
    };
    await expect(fitPotts(msa, settings, { kind: 'asymmetric' }, { onProgress })).rejects.toBe(stop);
  });
});

/**
 * The failures of the bad-input campaign (issue "Hardening"), one test each: numbered as in the issue.
 * Items 5 and the WAV half of 11 live in test/audio, 8 in test/theory, 10 in test/potts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, runCli, tempDir } from './helpers.js';

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('hardening', () => {
  it('1: commander errors (unknown option, missing value, stray argument, missing required option, unknown command) are one line', async () => {
    const cases = [
      ['capacity', '--nope'],
      ['capacity', '--n'],
      ['capacity', 'stray'],
      ['store'],
      ['no-such-command'],
      ['dense', 'no-such-command'],
    ];
    for (const args of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr), `${args.join(' ')}: ${r.stderr}`).toHaveLength(1);
      expect(r.stderr).toMatch(/^hopfield: /);
    }
  });

  it('2: an unwritable output is refused before any work, and a failing second output leaves no first one', async () => {
    const d = tempDir();
    const r = await runCli(['capacity', '--n', '30', '--alpha', '0.1', '--json', '/proc/hopfield-x.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(''); // refused before the seed line: no work started
    expect(oneLine(r.stderr)).toEqual(['hopfield: --json: "/proc/hopfield-x.json" is not writable']);
    const m = join(d, 'm.json');
    const s = await runCli(['store', '--out', m, '--n', '20', '--json', '/proc/hopfield-o.json']);
    expect(s.code).toBe(2);
    expect(existsSync(m)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });

  it("3: report --out '' and --only '' are refused before any work; --out under /proc does not hang", async () => {
    for (const args of [
      ['report', '--out', '', '--quick'],
      ['report', '--out', join(tempDir(), 'r'), '--only', ''],
      ['report', '--out', '/proc/hopfield-rep', '--quick'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toHaveLength(1);
    }
  });

  it('4: sizes are estimated before allocating and refused with the estimate, the flag and --max-memory', async () => {
    const big = await runCli(['capacity', '--n', '20000', '--alpha', '10']);
    expect(big.code).toBe(2);
    expect(oneLine(big.stderr)[0]).toMatch(
      /--max-memory is 4 GiB but .* needs about .*GiB; lower --n or --alpha/,
    );
    const file = await runCli([
      'store',
      '--n',
      '10000',
      '--alpha',
      '0.01',
      '--out',
      join(tempDir(), 'm.json'),
    ]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/--n must be at most \d+ for a model file/);
    for (const args of [
      ['capacity', '--trials', '1e9'],
      ['retrieval-map', '--trials', '1000000000'],
      ['phase-diagram', '--sweeps', '1000000000'],
      ['recall', '--model', 'x.json', '--dynamics', 'glauber', '--sweeps', '1000000000'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr)[0]).toMatch(/must be an integer ≥ 1 and ≤ \d+/);
    }
  });

  it('4: input files are sized before they are read (a sparse 3 GiB model file is refused, not loaded)', async () => {
    const d = tempDir();
    const big = join(d, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 3 * 1024 ** 3);
    const r = await runCli(['recall', '--model', big]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)[0]).toMatch(
      /--model: ".*big.json" holds 3.00 GiB; inputs of at most 2 GiB are read/,
    );
  });

  it('6: model files with NaN couplings, NaN patterns or patterns that are not ±1 are refused', async () => {
    const d = tempDir();
    const model = join(d, 'm.json');
    expect((await runCli(['store', '--out', model, '--n', '4', '--alpha', '0.5', '--seed', '1'])).code).toBe(
      0,
    );
    const doc = readJson(model);
    const f64 = (v: number[]) => Buffer.from(new Float64Array(v).buffer).toString('base64');
    const variants = {
      couplings: { ...doc, couplings: f64(Array(16).fill(Number.NaN)) },
      patternsNaN: { ...doc, patterns: { p: 2, data: f64(Array(8).fill(Number.NaN)) } },
      patternsNot1: { ...doc, patterns: { p: 2, data: f64([1, -1, 0.5, 1, 1, 1, -1, 1]) } },
    };
    for (const [name, v] of Object.entries(variants)) {
      const p = join(d, `${name}.json`);
      writeFileSync(p, JSON.stringify(v));
      const r = await runCli(['recall', '--model', p, '--seed', '1']);
      expect(r.code, name).toBe(2);
      expect(oneLine(r.stderr)[0], name).toMatch(/--model: .*(finite numbers|must be ±1)/);
    }
  });

  it('7: the same path given to two outputs is refused', async () => {
    const d = tempDir();
    const same = join(d, 'same.json');
    const r = await runCli(['store', '--out', same, '--json', same, '--n', '10']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)[0]).toMatch(/(--json and --out|--out and --json) name the same file/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('9: SIGINT during a run leaves neither temporaries nor a partial set of outputs', async () => {
    const d = tempDir();
    const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'bin.ts');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        bin,
        'phase-diagram',
        '--n',
        '300',
        '--alpha',
        '0.05:0.2:0.05',
        '--temperature',
        '0.1:1:0.1',
        '--sweeps',
        '3000',
        '--trials',
        '1',
        '--seed',
        '1',
        '-q',
        '--backend',
        'ts',
        '--json',
        join(d, 'big.json'),
        '--csv',
        join(d, 'big.csv'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // listen for the exit from the start: a run that ends before the interrupt must fail here, not time out
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    let out = '';
    child.stdout.on('data', (b) => {
      out += String(b);
    });
    let ended = false;
    void exited.then(() => {
      ended = true;
    });
    await new Promise<void>((resolve) => {
      const wait = setInterval(() => {
        if (ended) {
          clearInterval(wait);
          resolve();
        } else if (out.includes('seed 1')) {
          clearInterval(wait);
          setTimeout(() => {
            child.kill('SIGINT');
            resolve();
          }, 500);
        }
      }, 50);
    });
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(readdirSync(d)).toEqual([]);
  }, 180_000);

  it('11: recall refuses --temperature under zero-temperature dynamics', async () => {
    const d = tempDir();
    const model = join(d, 'm.json');
    expect((await runCli(['store', '--out', model, '--n', '20', '--seed', '1'])).code).toBe(0);
    const r = await runCli(['recall', '--model', model, '--temperature', '0.5', '--dynamics', 'sequential']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)[0]).toBe(
      'hopfield: --temperature applies to glauber and metropolis dynamics only (got 0.5 with --dynamics sequential)',
    );
    expect(readFileSync(model).length).toBeGreaterThan(0);
  });
});

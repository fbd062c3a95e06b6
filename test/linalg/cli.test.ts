/** `hopfield info` and the shared --backend flag (with HOPFIELD_BACKEND) through the CLI, in-process. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend } from '../../src/core/linalg/index.js';
import { runCli, tempDir } from '../cli/helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('hopfield info', () => {
  it('prints the backend, the WebAssembly features and the versions', async () => {
    const r = await runCli(['info']);
    expect(r.code).toBe(0);
    for (const item of ['backend', 'wasm backend', 'cores', 'hopfield', 'node', 'v8']) {
      expect(r.stdout).toMatch(new RegExp(`^${item} `, 'm'));
    }
    expect(r.stdout).toContain(process.versions.node);
    expect(r.stdout).not.toMatch(/^seed/m); // info draws no random numbers
  });

  it('writes the rows as JSON and honours --backend ts', async () => {
    const file = join(tempDir(), 'info.json');
    const r = await runCli(['info', '--backend', 'ts', '--json', file]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.command).toBe('info');
    const row = doc.rows.find((x: { item: string }) => x.item === 'backend');
    expect(row.value).toMatch(/^ts /);
  });
});

describe('--backend', () => {
  it.each([
    ['gpu', /--backend must be one of ts, wasm \(got "gpu"\)/],
    ['', /--backend must be one of ts, wasm \(got ""\)/],
    ['WASM', /--backend must be one of ts, wasm \(got "WASM"\)/],
  ])('rejects %j with exit 2, one line, no file', async (value, message) => {
    const file = join(tempDir(), 'out.json');
    const r = await runCli(['info', '--backend', value, '--json', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(file)).toBe(false);
  });

  it('rejects a missing value', async () => {
    const r = await runCli(['info', '--backend']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--backend/);
  });

  it('runs an experiment on the reference backend and restores the previous backend afterwards', async () => {
    const before = backend();
    const r = await runCli([
      'capacity',
      '--backend',
      'ts',
      '--n',
      '50',
      '--alpha',
      '0.05',
      '--trials',
      '1',
      '--seed',
      '3',
      '-q',
    ]);
    expect(r.code).toBe(0);
    expect(backend()).toBe(before);
  });

  it('gives the same capacity table with either backend (seeded)', async () => {
    const args = ['capacity', '--n', '60', '--alpha', '0.05,0.1', '--trials', '2', '--seed', '7', '-q'];
    const ts = await runCli([...args, '--backend', 'ts']);
    const wasm = await runCli([...args, '--backend', 'wasm']);
    expect(ts.code).toBe(0);
    if (wasm.code === 0) expect(wasm.stdout).toBe(ts.stdout);
    else expect(wasm.stderr).toMatch(/--backend wasm: the wasm backend is unavailable/);
  });

  it('an invalid HOPFIELD_BACKEND is a usage error naming the variable (exit 2, no file)', async () => {
    vi.stubEnv('HOPFIELD_BACKEND', 'fast');
    const file = join(tempDir(), 'out.json');
    const r = await runCli(['info', '--json', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("hopfield: HOPFIELD_BACKEND must be one of ts, wasm; got 'fast'");
    expect(existsSync(file)).toBe(false);
  });
});

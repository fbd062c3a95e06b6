/**
 * The relaxed (fused multiply-add) build and its switch: HOPFIELD_RELAXED_SIMD is validated, the CLI turns relaxed
 * SIMD on in Node 20 too (src/node/relaxedSimd.ts), =0 keeps the plain build, and a training run gives the same
 * model with either within rounding. The kernels themselves are checked under the relaxed build by the 'relaxed'
 * test project (vitest.config.ts), against the same bounds as the plain one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilesRelaxedSimd, relaxedSimdFromEnv, wasmBackend } from '../../src/core/linalg/index.js';
import { loadPseudoLikelihood } from '../../src/core/models/pseudolikelihood.js';
import { enableRelaxedSimd } from '../../src/node/relaxedSimd.js';
import { tempDir } from '../cli/helpers.js';

const bin = join(__dirname, '..', '..', 'src', 'cli', 'bin.ts');

/**
 * The CLI in a child process (the flag can only be set before the first kernel loads) with HOPFIELD_RELAXED_SIMD
 * and V8 options.
 */
function cli(args: string[], relaxed: string | undefined, v8: string[] = []) {
  const env = { ...process.env };
  delete env.HOPFIELD_RELAXED_SIMD;
  if (relaxed !== undefined) env.HOPFIELD_RELAXED_SIMD = relaxed;
  return spawnSync(process.execPath, [...v8, '--import', 'tsx', bin, ...args], { encoding: 'utf8', env });
}

/** `pl train` (N = 200, α = 0.4, 40 epochs, seed 5) through the CLI: the couplings and the loss of every epoch. */
function trainPl(dir: string, tag: string, relaxed: string | undefined, v8: string[] = []) {
  const args = ['pl', 'train', '--n', '200', '--alpha', '0.4', '--epochs', '40', '--seed', '5'];
  const model = join(dir, `m-${tag}.json`);
  const history = join(dir, `h-${tag}.json`);
  const r = cli([...args, '--history-every', '1', '--out', model, '--json', history, '--quiet'], relaxed, v8);
  expect(r.status, r.stderr).toBe(0);
  return {
    couplings: loadPseudoLikelihood(JSON.parse(readFileSync(model, 'utf8'))).couplings,
    losses: (JSON.parse(readFileSync(history, 'utf8')).rows as { loss: number }[]).map((x) => x.loss),
  };
}

describe('HOPFIELD_RELAXED_SIMD', () => {
  const saved = process.env.HOPFIELD_RELAXED_SIMD;
  afterEach(() => {
    if (saved === undefined) delete process.env.HOPFIELD_RELAXED_SIMD;
    else process.env.HOPFIELD_RELAXED_SIMD = saved;
  });

  it('is unset, 0 or 1; anything else names the variable and the value', () => {
    delete process.env.HOPFIELD_RELAXED_SIMD;
    expect(relaxedSimdFromEnv()).toBeUndefined();
    process.env.HOPFIELD_RELAXED_SIMD = '';
    expect(relaxedSimdFromEnv()).toBeUndefined();
    process.env.HOPFIELD_RELAXED_SIMD = '0';
    expect(relaxedSimdFromEnv()).toBe(false);
    process.env.HOPFIELD_RELAXED_SIMD = '1';
    expect(relaxedSimdFromEnv()).toBe(true);
    process.env.HOPFIELD_RELAXED_SIMD = 'yes';
    expect(() => relaxedSimdFromEnv()).toThrow("HOPFIELD_RELAXED_SIMD must be 0 or 1; got 'yes'");
  });

  it('once the kernels have loaded, enableRelaxedSimd reports the build in use and changes nothing', () => {
    const w = wasmBackend(); // this file runs in the 'plain' project: HOPFIELD_RELAXED_SIMD=0 at load
    expect(w?.features.relaxedSimd).toBe(false);
    process.env.HOPFIELD_RELAXED_SIMD = '1';
    expect(enableRelaxedSimd()).toBe(false);
    expect(compilesRelaxedSimd()).toBe(false); // V8's flag was not set either
  });

  it('the CLI runs the relaxed build by default, the plain one with =0, and refuses a bad value', () => {
    const d = tempDir();
    const relaxedRow = (relaxed: string | undefined) => {
      const f = join(d, `info-${relaxed ?? 'default'}.json`);
      const r = cli(['info', '--json', f], relaxed);
      expect(r.status, r.stderr).toBe(0);
      const rows = JSON.parse(readFileSync(f, 'utf8')).rows as { item: string; value: string }[];
      return rows.find((x) => x.item === 'wasm relaxed SIMD (FMA)')?.value;
    };
    // Node 20 compiles relaxed SIMD once the CLI sets V8's flag; Node ≥ 22 by default
    expect(relaxedRow(undefined)).toBe('yes');
    expect(relaxedRow('0')).toBe('no (HOPFIELD_RELAXED_SIMD=0: the plain SIMD build)');
    const bad = cli(['info'], 'fast');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("hopfield: HOPFIELD_RELAXED_SIMD must be 0 or 1; got 'fast'");
  });

  it('pl train: the relaxed and the plain build give the same couplings and losses within rounding', () => {
    const d = tempDir();
    const fused = trainPl(d, 'default', undefined);
    const plain = trainPl(d, 'plain', '0');
    expect(fused.losses.length).toBe(40);
    for (let e = 0; e < 40; e++) {
      expect(Math.abs(fused.losses[e] - plain.losses[e])).toBeLessThanOrEqual(1e-12 * plain.losses[e]);
    }
    const jf = fused.couplings;
    const jp = plain.couplings;
    expect(jf.length).toBe(200 * 200);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < jp.length; i++) {
      scale = Math.max(scale, Math.abs(jp[i]));
      diff = Math.max(diff, Math.abs(jf[i] - jp[i]));
    }
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(1e-12 * scale);
  }, 60_000);

  it('pl train on the relaxed build repeats bit for bit in either of V8 compiler tiers (the documented claim)', () => {
    const d = tempDir();
    const baseline = trainPl(d, 'liftoff', undefined, ['--liftoff-only']);
    const optimized = trainPl(d, 'turbofan', undefined, ['--no-liftoff']);
    expect(Array.from(optimized.couplings)).toEqual(Array.from(baseline.couplings));
    expect(optimized.losses).toEqual(baseline.losses);
  }, 60_000);
});

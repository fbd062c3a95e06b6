/**
 * Property-based fuzzing of every decoder: truncations, byte flips, random bytes and valid headers over random
 * bodies. Each input must either decode or be refused with a clear error (TypeError, RangeError or the decoder's
 * own error class) — never a crash from deep inside (an invalid typed-array length, an allocation failure, a stack
 * overflow) and never a long hang. Seeded; FUZZ_RUNS sets the number of cases per decoder (default 60; CI runs
 * the default, a longer campaign sets e.g. FUZZ_RUNS=5000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadClassical, saveClassical, trainClassical } from '../../src/core/models/classical.js';
import { patternSet } from '../../src/core/patterns.js';
import { decodeIdx, encodeIdx } from '../../src/data/mnist.js';
import { MsaError, parseAlignment, parseDistanceTable } from '../../src/data/msa.js';
import { decodeNpy, encodeNpy } from '../../src/data/npy.js';
import { decodeWav } from '../../src/data/wav.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const repo = join(import.meta.dirname, '..', '..');

/** Mutations of a valid input: truncated, bytes flipped, bytes inserted, or replaced by random bytes. */
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const truncated = fc.nat({ max: valid.length }).map((k) => valid.slice(0, k));
  const flipped = fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, valid.length - 1) }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((edits) => {
      const b = valid.slice();
      for (const [i, v] of edits) b[i] = v;
      return b;
    });
  const headerThenNoise = fc
    .uint8Array({ maxLength: 512 })
    .chain((noise) =>
      fc.nat({ max: Math.min(64, valid.length) }).map((k) => concat(valid.slice(0, k), noise)),
    );
  const random = fc.uint8Array({ maxLength: 2048 });
  return fc.oneof(truncated, flipped, headerThenNoise, random);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const CRASH =
  /Invalid typed array length|Array buffer allocation failed|Maximum call stack|out of memory|Cannot read properties|is not a function|is not iterable/;

/** Decode, and check that a refusal is a clear error, quickly. */
function decodesOrRefusesClearly(decode: () => unknown): void {
  const t0 = performance.now();
  try {
    decode();
  } catch (e) {
    expect(e instanceof TypeError || e instanceof RangeError || e instanceof MsaError, String(e)).toBe(true);
    const msg = (e as Error).message;
    expect(msg.length).toBeGreaterThan(0);
    expect(msg.includes('\n')).toBe(false);
    expect(msg).not.toMatch(CRASH);
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

const property = (valid: Uint8Array, decode: (b: Uint8Array) => unknown) =>
  fc.assert(
    fc.property(mutated(valid), (b) => decodesOrRefusesClearly(() => decode(b))),
    { numRuns: RUNS, seed: SEED },
  );

describe(`decoders under fuzzing (${RUNS} cases each, seed ${SEED})`, () => {
  it('WAV', () => {
    property(new Uint8Array(readFileSync(join(repo, 'data', 'audio', 'numbers', '7.wav'))), (b) =>
      decodeWav(b),
    );
  });

  it('FASTA / A2M alignments', () => {
    const fasta = new TextEncoder().encode('>a\nACDEF-GHIK\n>b\nACDQF-GHLK\n>c/1-9\nAC.DEFgGHIK\n');
    property(fasta, (b) => parseAlignment(b, 'fuzz.fasta'));
  });

  it('distance tables', () => {
    const table = new TextEncoder().encode('# i j d\n1 5 7.5\n2 9 12.0\n3 6 x 4.25\n');
    property(table, (b) => parseDistanceTable(b, 10, 'fuzz.dist'));
  });

  it('IDX (MNIST) arrays', () => {
    const idx = encodeIdx({ type: 'uint8', dims: [3, 4, 4], data: new Uint8Array(48).map((_, i) => i) });
    property(idx, (b) => decodeIdx(b));
  });

  it('.npy arrays', () => {
    const npy = encodeNpy({ data: new Float64Array([1, -1, 1, 1, -1, -1]), shape: [2, 3], dtype: '<f8' });
    property(npy, (b) => decodeNpy(b, 'fuzz.npy'));
  });

  it('classical model files (JSON)', () => {
    const xi = patternSet(2, 6, new Float64Array([1, -1, 1, 1, -1, -1, -1, -1, 1, 1, 1, -1]));
    const text = JSON.stringify(saveClassical(trainClassical(xi, { kind: 'hebb' }), { patterns: xi }));
    const decode = (b: Uint8Array) => {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder().decode(b));
      } catch {
        throw new TypeError('not JSON');
      }
      return loadClassical(value);
    };
    property(new TextEncoder().encode(text), decode);
  });
});

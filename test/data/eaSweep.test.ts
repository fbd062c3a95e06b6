/**
 * The spin glass's Metropolis sweep through the backends' `eaSweep` kernel against the sweep written out here as
 * it was before the kernel (each site: h in the same order, d = 2σh, d ≤ 0 flips, else rng.uniform() and
 * metropolisAccept): the same spins, energy changes and random stream bit for bit, on both backends; and the
 * hand-back of a site only Math.exp can decide.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Backend,
  referenceBackend,
  setBackend,
  wasmBackend,
  xoroshiroUniform,
} from '../../src/core/linalg/index.js';
import { metropolisAccept } from '../../src/core/numerics/metropolis.js';
import { createRng, type Rng } from '../../src/core/rng/index.js';
import { type EAInstance, eaInstance, metropolisSweepEA } from '../../src/data/spinGlass.js';

/** The sweep as data/spinGlass wrote it before the kernel: the independent statement of what it must do. */
function plainSweep(inst: EAInstance, state: Float64Array, offset: number, beta: number, rng: Rng): number {
  const { n, maxDegree: dm, neighbours: nb, neighbourWeights: w } = inst;
  let de = 0;
  for (let i = 0; i < n; i++) {
    const q = i * dm;
    let h: number;
    if (dm === 4) {
      h = w[q] * state[offset + nb[q]] + w[q + 1] * state[offset + nb[q + 1]];
      h = h + w[q + 2] * state[offset + nb[q + 2]] + w[q + 3] * state[offset + nb[q + 3]];
    } else {
      h = 0;
      for (let k = q; k < q + dm; k++) h += w[k] * state[offset + nb[k]];
    }
    const d = 2 * state[offset + i] * h;
    if (d <= 0 || metropolisAccept(rng.uniform(), -beta * d)) {
      state[offset + i] = -state[offset + i];
      de += d;
    }
  }
  return de;
}

const backends: [string, Backend | null][] = [
  ['ts', referenceBackend],
  ['wasm', wasmBackend()],
];
const previous = wasmBackend() ?? referenceBackend;

describe.each(backends)('metropolisSweepEA on the %s backend', (_name, b) => {
  afterEach(() => {
    setBackend(previous);
  });

  it.skipIf(!b)(
    'gives the plain sweep’s spins, energy changes and stream, bit for bit (L = 12, β from 0.05 to 20)',
    () => {
      setBackend(b as Backend);
      const inst = eaInstance(createRng(3), 12);
      const n = inst.n;
      const start = createRng(4);
      const mine = new Float64Array(2 * n);
      for (let k = 0; k < mine.length; k++) mine[k] = start.sign();
      const theirs = mine.slice();
      const rngA = createRng(5);
      const rngB = createRng(5);
      for (const beta of [0.05, 0.3, 1, 3, 20]) {
        for (let sweep = 0; sweep < 6; sweep++) {
          const offset = (sweep & 1) * n;
          const got = metropolisSweepEA(inst, mine, offset, beta, rngA);
          const want = plainSweep(inst, theirs, offset, beta, rngB);
          expect(Object.is(got, want)).toBe(true);
        }
      }
      expect(Array.from(mine)).toEqual(Array.from(theirs));
      expect(rngA.uint32()).toBe(rngB.uint32());
    },
  );

  it.skipIf(!b)(
    'hands back a site whose uniform sits on e^{−βd}, with its u and d and the stream after the draw',
    () => {
      // two sites joined by J = 1, both up: site 0 has d = 2 and draws u; β = −ln(u)/2 puts e^{−βd} on u
      const nb = Int32Array.from([1, 0]);
      const w = Float64Array.from([1, 1]);
      const st = Int32Array.from([0x12345678, -0x1234567, 0x7654321, 0x1abcdef, 0]);
      const u = xoroshiroUniform(st.slice());
      const beta = -Math.log(u) / 2;
      const sigma = Float64Array.from([1, 1]);
      const acc = new Float64Array(3);
      const at = (b as Backend).eaSweep(nb, w, 1, sigma, beta, st, 0, acc);
      expect(at).toBe(0);
      expect(acc[1]).toBe(u);
      expect(acc[2]).toBe(2);
      expect(acc[0]).toBe(0);
      expect(Array.from(sigma)).toEqual([1, 1]); // undecided: not flipped
      const after = Int32Array.from([0x12345678, -0x1234567, 0x7654321, 0x1abcdef, 0]);
      xoroshiroUniform(after);
      expect(Array.from(st.subarray(0, 4))).toEqual(Array.from(after.subarray(0, 4)));
    },
  );
});

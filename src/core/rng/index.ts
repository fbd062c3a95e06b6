/**
 * Seeded, splittable random generators with serializable state.
 *
 * The bit generator is xoroshiro128+ from the `pure-rand` library; this module adds the samplers the
 * models need (uniform, integers, normal, Rademacher, sphere) and stream splitting by jump-ahead
 * (each jump advances the generator by 2^64 draws, so split streams never overlap in practice).
 */

import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Serialized generator state: the xoroshiro128+ words plus the cached normal deviate, if any. */
export interface RngState {
  readonly type: 'xoroshiro128plus';
  readonly version: 1;
  readonly words: readonly number[];
  readonly spareNormal: number | null;
}

const TWO_POW_M53 = 1 / 9007199254740992;

/** A mutable random stream. Every method advances the stream. */
export class Rng {
  private readonly gen: JumpableRandomGenerator;
  private spare: number | null = null;

  private constructor(gen: JumpableRandomGenerator, spare: number | null = null) {
    this.gen = gen;
    this.spare = spare;
  }

  /** A new stream from an integer seed (any 32-bit integer; larger values are reduced mod 2^32). */
  static fromSeed(seed: number): Rng {
    if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer (got ${seed})`);
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /** Restore a stream saved with {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    if (state?.type !== 'xoroshiro128plus' || state.version !== 1 || state.words?.length !== 4) {
      throw new TypeError('rng state must be {type: "xoroshiro128plus", version: 1, words: [4 integers]}');
    }
    return new Rng(xoroshiro128plusFromState(state.words), state.spareNormal);
  }

  /** The full state, as plain JSON-serializable data. */
  state(): RngState {
    return { type: 'xoroshiro128plus', version: 1, words: [...this.gen.getState()], spareNormal: this.spare };
  }

  /** An independent copy that continues exactly as this one would. */
  clone(): Rng {
    return new Rng(this.gen.clone() as JumpableRandomGenerator, this.spare);
  }

  /**
   * k independent streams. Stream i starts (i+1) jumps of 2^64 ahead of this one; this stream itself is
   * advanced past all of them, so later draws from it do not overlap the children either.
   */
  split(k: number): Rng[] {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`split count must be an integer ≥ 1 (got ${k})`);
    const out: Rng[] = [];
    for (let i = 0; i < k; i++) {
      this.gen.jump();
      out.push(new Rng(this.gen.clone() as JumpableRandomGenerator));
    }
    this.gen.jump();
    return out;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.gen.next() >>> 5;
    const b = this.gen.next() >>> 6;
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  /** Uniform integer in [0, n), unbiased (rejection on the top of the 32-bit range). n ≤ 2^32. */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = this.gen.next() >>> 0;
      if (u < limit) return u % n;
    }
  }

  /** Standard normal deviate (Marsaglia polar method; the second deviate is cached). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** ±1 with probability ½ each. */
  sign(): 1 | -1 {
    return this.gen.next() < 0 ? -1 : 1;
  }

  /** In-place Fisher–Yates shuffle of the first `length` entries of `a`. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T, length = a.length): T {
    for (let i = length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** k distinct indices drawn uniformly from 0..n-1 (partial Fisher–Yates), in draw order. */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`cannot draw ${k} distinct indices from ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p.slice(0, k);
  }
}

/** Create a seeded generator: `const rng = createRng(1234)`. */
export function createRng(seed: number): Rng {
  return Rng.fromSeed(seed);
}

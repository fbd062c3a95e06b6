import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import {
  GAP,
  MsaError,
  meanPairOverlap,
  parseAlignment,
  sequenceOverlap,
  sequenceString,
  sequenceWeights,
  weightedOrder,
} from '../../src/data/msa.js';

describe('parseAlignment (FASTA / A2M)', () => {
  it('keeps match columns, drops insertions (lowercase and .), joins multi-line records', () => {
    const text = ['>s1 first', 'AC..d-', 'Y', '>s2', 'a.WC', 'D.E', ''].join('\n');
    const msa = parseAlignment(text);
    expect(msa.m).toBe(2);
    expect(msa.n).toBe(4);
    expect(msa.q).toBe(21);
    expect(msa.names).toEqual(['s1 first', 's2']);
    expect(sequenceString(msa, 0)).toBe('AC-Y');
    expect(sequenceString(msa, 1)).toBe('WCDE');
    expect(Array.from(msa.seqs.subarray(0, 4))).toEqual([0, 1, GAP, 19]);
  });

  it('maps non-standard uppercase letters (X, B, Z, U) to the gap', () => {
    const msa = parseAlignment('>a\nXBZUA\n');
    expect(Array.from(msa.seqs)).toEqual([GAP, GAP, GAP, GAP, 0]);
  });

  it('rejects ragged alignments naming the file and the record', () => {
    expect(() => parseAlignment('>one\nACDE\n>two\nACD\n', 'fam.fasta')).toThrow(
      /fam\.fasta: ragged alignment: record 2 "two" \(line 3\) has 3 match columns, record 1 "one" has 4/,
    );
  });

  it('rejects unexpected characters, data before a header and empty input', () => {
    expect(() => parseAlignment('>a\nAC*D\n', 'f.fa')).toThrow(
      /f\.fa: record 1 "a".*unexpected character "\*"/,
    );
    expect(() => parseAlignment('ACD\n>a\nACD\n', 'f.fa')).toThrow(/before the first '>'/);
    expect(() => parseAlignment('', 'f.fa')).toThrow(MsaError);
    expect(() => parseAlignment('>a\n...abc\n', 'f.fa')).toThrow(/no match columns/);
  });
});

describe('sequence weights and overlaps', () => {
  // Length 5, threshold 0.8: identity ≥ 0.8 ⇔ at most one mismatch.
  const msa = parseAlignment(['>a', 'AAAAA', '>b', 'AAAAC', '>c', 'AAACC', '>d', 'WWWWW'].join('\n'));

  it('w_s = 1/n_s with n_s counting neighbours at identity ≥ 0.8 (itself included); M_eff = Σ w_s', () => {
    const { weights, mEff } = sequenceWeights(msa, 0.8);
    // a~b (4/5), b~c (4/5), a≁c (3/5), d alone.
    expect(Array.from(weights)).toEqual([1 / 2, 1 / 3, 1 / 2, 1]);
    expect(mEff).toBeCloseTo(1 / 2 + 1 / 3 + 1 / 2 + 1, 12);
    expect(Array.from(sequenceWeights(msa, 0.6).weights)).toEqual([1 / 3, 1 / 3, 1 / 3, 1]);
  });

  it('⟨O⟩ is the mean pairwise overlap, exact for small M and close when sampled', () => {
    const s = (k: number) => msa.seqs.subarray(k * 5, k * 5 + 5);
    expect(sequenceOverlap(s(0), s(2))).toBeCloseTo(0.6, 12);
    const exact = (0.8 + 0.6 + 0 + 0.8 + 0 + 0) / 6;
    expect(meanPairOverlap(msa)).toBeCloseTo(exact, 12);
    // Sampled estimate (more pairs than the budget) on 60 random sequences over 3 letters: ⟨O⟩ ≈ 1/3.
    const r = createRng(1);
    const big = parseAlignment(
      Array.from(
        { length: 60 },
        (_, k) => `>s${k}\n${Array.from({ length: 30 }, () => 'ACD'[r.int(3)]).join('')}`,
      ).join('\n'),
    );
    const full = meanPairOverlap(big);
    expect(Math.abs(full - 1 / 3)).toBeLessThan(0.03);
    expect(Math.abs(meanPairOverlap(big, createRng(2), 1000) - full)).toBeLessThan(0.02);
    expect(() => meanPairOverlap(big, undefined, 1000)).toThrow(/random generator/);
  });

  it('weightedOrder draws heavier sequences first more often, seeded', () => {
    const w = [1, 0, 9];
    let first2 = 0;
    const rng = createRng(7);
    for (let t = 0; t < 2000; t++) {
      const o = weightedOrder(w, rng);
      expect(o[2]).toBe(1); // zero weight last
      if (o[0] === 2) first2++;
    }
    expect(first2 / 2000).toBeGreaterThan(0.85);
    expect(first2 / 2000).toBeLessThan(0.95);
  });
});

import { describe, expect, it } from 'vitest';
import { alignToProfile } from '../../src/core/align/profile.js';
import { type PottsModel, pottsConditional } from '../../src/core/models/potts.js';
import {
  independentFields,
  meanSiteLogLikelihood,
  scoreMutant,
  siteFrequencies,
  symmetricEnergy,
  zeroSumSymmetric,
} from '../../src/core/models/pottsMutants.js';
import { averageRanks, spearman } from '../../src/core/numerics/rankCorrelation.js';
import { createRng, type Rng } from '../../src/core/rng/index.js';
import { AMINO_ACIDS } from '../../src/data/msa.js';
import { MutantError, parseMutant, parseMutantTable, parseProtein } from '../../src/data/mutants.js';

const Q = 21;

/** A random asymmetric model (fields and couplings N(0, s²)), J_ii = 0. */
function randomModel(rng: Rng, n: number, s = 0.5): PottsModel {
  const fields = Float64Array.from({ length: n * Q }, () => s * (rng.uniform() * 2 - 1));
  const couplings = new Float64Array(n * n * Q * Q);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j)
        for (let k = 0; k < Q * Q; k++) couplings[(i * n + j) * Q * Q + k] = s * (rng.uniform() * 2 - 1);
  return { n, q: Q, fields, couplings, symmetry: 'asymmetric' };
}

describe('Spearman ρ (scipy.stats.spearmanr values)', () => {
  it('ties share the mean rank', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });
  it('matches scipy on two tied samples', () => {
    // python3 -c "import scipy.stats as s; print(s.spearmanr([1,2,2,3,5,4,7],[3,1,4,1,5,9,2]).correlation)"
    expect(spearman([1, 2, 2, 3, 5, 4, 7], [3, 1, 4, 1, 5, 9, 2])).toBeCloseTo(0.22727272727272727, 12);
    expect(spearman([0.5, -1, 2, 2, 2, 7, 3.5, 0], [1, 1, 2, 3, 3, 0, -4, 6])).toBeCloseTo(
      -0.46917155840855507,
      12,
    );
  });
});

describe('profile alignment of a protein onto the columns', () => {
  it('maps every residue of a planted sequence (insertions, deletions, substitutions, flanks) to its column', () => {
    const rng = createRng(2023);
    const n = 80;
    // Column consensus letters, distinct within 6 columns (so no shifted placement of a gap scores the same), W
    // never a consensus (insertions are made of W).
    const cons: number[] = [];
    for (let i = 0; i < n; i++) {
      let a: number;
      do a = rng.int(19);
      while (a === AMINO_ACIDS.indexOf('W') || cons.slice(Math.max(0, i - 6)).includes(a));
      cons.push(a);
    }
    const freq = new Float64Array(n * Q);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < Q; a++) freq[i * Q + a] = 0.2 / 20;
      freq[i * Q + cons[i]] += 0.8;
      if (i % 17 === 5) {
        // a gap-rich column: half the family skips it
        for (let a = 0; a < Q; a++) freq[i * Q + a] *= 0.5;
        freq[i * Q + Q - 1] += 0.5;
      }
    }
    const deleted = new Set([12, 13, 44, 45, 46, 56, 66]); // 56 is gap-rich
    const insertAfter = new Map([
      [20, 3],
      [50, 1],
      [58, 5],
    ]);
    const substituted = new Set([3, 9, 27, 33, 36, 71, 75]); // none next to an indel
    const W = AMINO_ACIDS.indexOf('W');
    const residues: number[] = [];
    const expected: number[] = [];
    const flank = (k: number) => {
      for (let t = 0; t < k; t++) {
        residues.push(W);
        expected.push(-1);
      }
    };
    flank(7);
    for (let i = 0; i < n; i++) {
      if (!deleted.has(i)) {
        let a = cons[i];
        if (substituted.has(i)) a = (cons[i] + 7) % 19 === W ? (cons[i] + 8) % 19 : (cons[i] + 7) % 19;
        residues.push(a);
        expected.push(i);
      }
      for (let t = 0; t < (insertAfter.get(i) ?? 0); t++) {
        residues.push(W);
        expected.push(-1);
      }
    }
    flank(9);
    const al = alignToProfile(freq, n, Q, residues);
    expect(Array.from(al.residueColumn)).toEqual(expected);
    for (const i of deleted) expect(al.columnResidue[i]).toBe(-1);
    for (let k = 0; k < residues.length; k++)
      if (expected[k] >= 0) expect(al.columnResidue[expected[k]]).toBe(k);
  });
});

describe('mutation scores', () => {
  const rng = createRng(7);
  const n = 9;
  const model = randomModel(rng, n);
  const energyModel = zeroSumSymmetric(model);
  const indep = new Float64Array(n * Q);
  const wt = Uint8Array.from({ length: n }, () => rng.int(Q));
  const withSubs = (subs: { column: number; to: number }[]) => {
    const x = Uint8Array.from(wt);
    for (const s of subs) x[s.column] = s.to;
    return x;
  };

  it('ΔE is the energy difference of the symmetrized zero-sum model, double mutants included', () => {
    for (const subs of [
      [{ column: 2, to: (wt[2] + 3) % Q }],
      [
        { column: 1, to: (wt[1] + 5) % Q },
        { column: 6, to: (wt[6] + 1) % Q },
      ],
    ]) {
      const s = scoreMutant(
        model,
        energyModel,
        indep,
        wt,
        subs.map((t) => ({ ...t, from: wt[t.column] })),
      );
      const direct = symmetricEnergy(energyModel, withSubs(subs)) - symmetricEnergy(energyModel, wt);
      expect(s.deltaE).toBeCloseTo(direct, 10);
    }
  });

  it('site log-odds is log p(b | wt) − log p(a | wt) of the asymmetric conditional (paper 000 Eq. 11)', () => {
    const i = 4;
    const b = (wt[i] + 2) % Q;
    const p = pottsConditional(model, wt, i);
    const s = scoreMutant(model, energyModel, indep, wt, [{ column: i, from: wt[i], to: b }]);
    expect(s.siteLogOdds).toBeCloseTo(Math.log(p[b]) - Math.log(p[wt[i]]), 10);
  });

  it('ΔE ignores what the conditional of a site ignores: shifts J_ij(·, b) by c(b) leave it unchanged', () => {
    const shifted = { ...model, couplings: Float64Array.from(model.couplings) };
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (i !== j)
          for (let b = 0; b < Q; b++) {
            const c = rng.uniform() * 4 - 2;
            for (let a = 0; a < Q; a++) shifted.couplings[((i * n + j) * Q + a) * Q + b] += c;
          }
    const em2 = zeroSumSymmetric(shifted);
    const subs = [
      { column: 3, from: wt[3], to: (wt[3] + 4) % Q },
      { column: 8, from: wt[8], to: (wt[8] + 9) % Q },
    ];
    const a = scoreMutant(model, energyModel, indep, wt, subs);
    const b = scoreMutant(shifted, em2, indep, wt, subs);
    expect(b.deltaE).toBeCloseTo(a.deltaE, 9);
    expect(b.siteLogOdds).toBeCloseTo(a.siteLogOdds, 9);
  });

  it('a symmetric zero-sum model is left as it is', () => {
    const again = zeroSumSymmetric(energyModel);
    for (let k = 0; k < again.couplings.length; k += 97)
      expect(again.couplings[k]).toBeCloseTo(energyModel.couplings[k], 12);
    const x = withSubs([{ column: 0, to: 3 }]);
    expect(symmetricEnergy(again, x) - symmetricEnergy(again, wt)).toBeCloseTo(
      symmetricEnergy(energyModel, x) - symmetricEnergy(energyModel, wt),
      10,
    );
  });

  it('mean site log-likelihood averages log p(x_i | x_∖i)', () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log(pottsConditional(model, wt, i)[wt[i]]);
    expect(meanSiteLogLikelihood(model, wt)).toBeCloseTo(s / n, 10);
  });

  it('independent fields: f − softmax(h) − 2λh = 0, and log-frequency ratios as λ → 0', () => {
    const seqs = Uint8Array.from([0, 1, 0, 2, 1, 2, 0, 2]);
    const f = siteFrequencies(seqs, 4, 2, 3, [1, 1, 2, 0.5]);
    expect(f[0]).toBeCloseTo((1 + 1 + 0.5) / 4.5, 12);
    const h = independentFields(f, 2, 3, 0.01);
    for (let i = 0; i < 2; i++) {
      const z = [0, 1, 2].reduce((t, a) => t + Math.exp(h[i * 3 + a]), 0);
      for (let a = 0; a < 3; a++)
        expect(f[i * 3 + a] - Math.exp(h[i * 3 + a]) / z - 0.02 * h[i * 3 + a]).toBeCloseTo(0, 7);
    }
    const h0 = independentFields(f, 2, 3, 1e-9);
    expect(h0[1] - h0[0]).toBeCloseTo(Math.log(f[1] / f[0]), 4);
  });
});

describe('mutant and protein decoders', () => {
  it('reads single and multiple mutants with : or , separators', () => {
    expect(parseMutant('H24C', 'x')).toEqual([{ wt: 'H', position: 24, mt: 'C' }]);
    expect(parseMutant('A42G:K199W', 'x')).toHaveLength(2);
    expect(parseMutant('A42G,K199W', 'x')[1]).toEqual({ wt: 'K', position: 199, mt: 'W' });
  });
  it('refuses unknown letters, malformed tokens and a residue substituted twice', () => {
    expect(() => parseMutant('A42B', 'x')).toThrow(/unknown amino-acid letter "B"/);
    expect(() => parseMutant('A42*', 'x')).toThrow(/unknown amino-acid letter "\*"/);
    expect(() => parseMutant('42G', 'x')).toThrow(/not a substitution like H24C/);
    expect(() => parseMutant('A42G:A42C', 'x')).toThrow(/twice/);
  });
  it('reads a CSV with a mutant column (quoted multiple mutants, measured columns) and a plain list', () => {
    const t = parseMutantTable('mutant,score\nH2C,0.5\n"A1G,H2W",\n', 'm.csv');
    expect(t.csv).toBe(true);
    expect(t.mutants.map((m) => m.name)).toEqual(['H2C', 'A1G,H2W']);
    expect(Array.from(t.columns.score)).toEqual([0.5, Number.NaN]);
    const l = parseMutantTable('# list\nH2C\n\nA1G:H2W\n', 'l.txt');
    expect(l.csv).toBe(false);
    expect(l.mutants.map((m) => m.line)).toEqual([2, 4]);
  });
  it('refuses a CSV without a mutant column, naming its columns', () => {
    expect(() => parseMutantTable('variant,score\nH2C,1\n', 'v.csv')).toThrow(
      /no "mutant" column \(columns: variant, score\)/,
    );
    expect(() => parseMutantTable('', 'e.csv')).toThrow(MutantError);
  });
  it('reads one unaligned protein, refusing non-amino-acid letters and a second record', () => {
    expect(parseProtein('>p\nmkv\nLA*\n', 'p.fa').sequence).toBe('MKVLA');
    expect(() => parseProtein('>p\nMKXV\n', 'p.fa')).toThrow(/"X" is not one of the 20/);
    expect(() => parseProtein('>p\nMK\n>q\nLL\n', 'p.fa')).toThrow(/second record/);
  });
});

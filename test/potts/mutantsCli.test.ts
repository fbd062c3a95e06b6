import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPotts } from '../../src/core/models/potts.js';
import {
  meanSiteLogLikelihood,
  symmetricEnergy,
  zeroSumSymmetric,
} from '../../src/core/models/pottsMutants.js';
import { spearman } from '../../src/core/numerics/rankCorrelation.js';
import { createRng } from '../../src/core/rng/index.js';
import { AMINO_ACIDS, residueCode } from '../../src/data/msa.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from '../cli/helpers.js';

/**
 * A small synthetic family: 14 columns, each with a consensus letter kept with probability 0.7, 80 sequences.
 * The wild type is the consensus with one substitution, three flanking residues on each side and one inserted
 * residue after column 8.
 */
function family(dir: string) {
  const rng = createRng(11);
  const n = 14;
  const cons = Array.from({ length: n }, (_, i) => AMINO_ACIDS[(i * 7 + 3) % 20]);
  const seqs: string[] = [];
  for (let s = 0; s < 80; s++)
    seqs.push(
      cons
        .map((c, i) =>
          rng.uniform() < 0.7 ? c : i === 5 && rng.uniform() < 0.5 ? '-' : AMINO_ACIDS[rng.int(20)],
        )
        .join(''),
    );
  const msa = join(dir, 'fam.fasta');
  writeFileSync(msa, seqs.map((s, k) => `>s${k}\n${s}\n`).join(''));
  const core = [...cons];
  core[2] = AMINO_ACIDS[(AMINO_ACIDS.indexOf(core[2]) + 5) % 20];
  const wtSeq = `CCC${core.slice(0, 8).join('')}C${core.slice(8).join('')}CCC`; // C is no column's consensus
  const wt = join(dir, 'wt.fasta');
  writeFileSync(wt, `>wt\n${wtSeq}\n`);
  return { msa, wt, wtSeq, cons, n };
}

describe('hopfield potts mutants and potts energy', () => {
  const dir = tempDir();
  let fam: ReturnType<typeof family>;
  let model: string;
  beforeAll(async () => {
    fam = family(dir);
    model = join(dir, 'model.json');
    const r = await runCli(['potts', 'train', '--msa', fam.msa, '--out', model, '--threads', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores a CSV of mutants, leaves residues outside the columns unscored, and correlates with --fitness', async () => {
    const s = fam.wtSeq;
    // Residue 4 is column 1, residue 12 the insertion, residue 1 a flank; fitness decreasing along the list.
    const names = [
      `${s[3]}4A`,
      `${s[4]}5${s[4] === 'G' ? 'P' : 'G'}`,
      `${s[0]}1K`,
      `${s[11]}12A`,
      `${s[5]}6W:${s[9]}10W`,
      `${s[6]}7D,${s[12]}13D`,
      `${s[13]}14P`,
    ];
    const csv = join(dir, 'mut.csv');
    writeFileSync(
      csv,
      `mutant,fit\n${names.map((m, k) => `${m.includes(',') ? `"${m}"` : m},${k === 2 ? '' : 1 - k / 10}`).join('\n')}\n`,
    );
    const out = tempDir();
    const r = await runCli([
      'potts',
      'mutants',
      '--msa',
      fam.msa,
      '--model',
      model,
      '--wt',
      fam.wt,
      '--mutants',
      csv,
      '--fitness',
      'fit',
      '--out',
      join(out, 'scores.csv'),
      '--mapping',
      join(out, 'map.csv'),
      '--json',
      join(out, 'r.json'),
      '--plot',
      join(out, 'fig.svg'),
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    expect(head.slice(0, 4)).toEqual(['mutant', 'deltaE', 'siteLogOdds', 'independent']);
    expect(lines).toHaveLength(names.length + 1);
    const rows = lines
      .slice(1)
      .map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? []);
    // Flank (residue 1) and insertion (residue 12): listed, scores empty.
    expect(rows[2].slice(1, 4)).toEqual(['', '', '']);
    expect(rows[3].slice(1, 4)).toEqual(['', '', '']);
    for (const k of [0, 1, 4, 5, 6])
      for (const c of rows[k].slice(1, 4)) expect(Number.isFinite(Number(c)) && c !== '').toBe(true);
    const map = readFileSync(join(out, 'map.csv'), 'utf8').trim().split('\n');
    expect(map[0]).toBe('residue,letter,column,consensus,identity');
    // Residue k+4 (1-based) is column k+1 for the first 8 columns; residue 12 has no column; 13 is column 9.
    expect(map.slice(1, 13).map((l) => l.split(',')[2])).toEqual([
      '',
      '',
      '',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '',
    ]);
    expect(map[13].split(',')[2]).toBe('9');
    const j = readJson(join(out, 'r.json'));
    expect(j.scored).toBe(5);
    expect(j.notScored).toBe(2);
    // ρ over the 5 scored mutants with a fitness (the unmeasured one is unscored anyway).
    const scored = [0, 1, 4, 5, 6];
    const fit = scored.map((k) => 1 - k / 10);
    const dE = scored.map((k) => Number(rows[k][1]));
    expect(j.spearman.deltaE.n).toBe(5);
    expect(j.spearman.deltaE.spearman).toBeCloseTo(spearman(dE, fit), 12);
    expect(r.stdout).toMatch(/Spearman ρ\(deltaE, fit\) = .* over 5 mutants/);
    expect(filesIn(out)).toEqual(['fig.svg', 'map.csv', 'r.json', 'scores.csv']);
    rmSync(out, { recursive: true, force: true });
  });

  it('without --mutants scans every single substitution of every covered residue and draws the heatmap', async () => {
    const out = tempDir();
    const r = await runCli([
      'potts',
      'mutants',
      '--model',
      model,
      '--wt',
      fam.wt,
      '--out',
      join(out, 'scan.csv'),
      '--plot',
      join(out, 'scan.svg'),
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'scan.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(fam.n * 19 + 1);
    expect(readFileSync(join(out, 'scan.svg'), 'utf8')).toMatch(/<svg/);
    rmSync(out, { recursive: true, force: true });
  });

  it('--msa alone trains the model; a plain list of mutants gives the same scores as the saved model', async () => {
    const list = join(dir, 'list.txt');
    const s = fam.wtSeq;
    writeFileSync(list, `# two mutants\n${s[4]}5A\n${s[5]}6W:${s[9]}10W\n`);
    const out = tempDir();
    const args = ['--wt', fam.wt, '--mutants', list, '--threads', '1', '--quiet'];
    const a = await runCli(['potts', 'mutants', '--msa', fam.msa, ...args, '--out', join(out, 'a.csv')]);
    const b = await runCli(['potts', 'mutants', '--model', model, ...args, '--out', join(out, 'b.csv')]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ra = readFileSync(join(out, 'a.csv'), 'utf8').trim().split('\n');
    const rb = readFileSync(join(out, 'b.csv'), 'utf8').trim().split('\n');
    expect(ra).toHaveLength(3);
    for (let k = 1; k < 3; k++) {
      const x = ra[k].split(',');
      const y = rb[k].split(',');
      for (let c = 1; c < 4; c++) expect(Number(x[c])).toBeCloseTo(Number(y[c]), 6);
    }
    rmSync(out, { recursive: true, force: true });
  });

  it('potts energy: energy and mean site log-likelihood of each sequence', async () => {
    const out = tempDir();
    const seqs = join(dir, 'two.fasta');
    const a = fam.cons.join('');
    const b = `${a.slice(0, 3)}-${a.slice(4)}`;
    writeFileSync(seqs, `>a\n${a}\n>b\n${b}\n`);
    const r = await runCli([
      'potts',
      'energy',
      '--model',
      model,
      '--sequences',
      seqs,
      '--out',
      join(out, 'e.csv'),
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'e.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sequence,energy,siteLogLikelihood');
    const { model: m } = loadPotts(JSON.parse(readFileSync(model, 'utf8')));
    const em = zeroSumSymmetric(m);
    [a, b].forEach((s, k) => {
      const x = Array.from(s, (c) => residueCode(c));
      const [, e, ll] = lines[k + 1].split(',');
      expect(Number(e)).toBeCloseTo(symmetricEnergy(em, x), 9);
      expect(Number(ll)).toBeCloseTo(meanSiteLogLikelihood(m, x), 9);
    });
    rmSync(out, { recursive: true, force: true });
  });

  describe('bad input: one line, exit 2, nothing written', () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        'wild-type letters that do not match --wt',
        () => [`Y4A`, `${fam.wtSeq[4]}5A`, 'Y6A', 'Y7A', 'Y8A'],
        /--mutants: .*mut\.csv: 4 substitutions name a wild-type letter that .*wt\.fasta" does not have: Y4A \(line 2; residue 4 is [A-Z]\), Y6A .*, …/,
      ],
      [
        'a position outside the protein',
        () => ['A99G'],
        /--mutants: .*line 2: "A99G" names residue 99, outside the protein \(1\.\.21/,
      ],
      [
        'an unknown letter',
        () => ['A4B'],
        /--mutants: .*line 2: "A4B" has the unknown amino-acid letter "B"/,
      ],
    ];
    for (const [what, mutants, msg] of cases)
      it(what, async () => {
        const csv = join(dir, 'mut.csv');
        writeFileSync(
          csv,
          `mutant,fit\n${mutants()
            .map((m) => `${m},1`)
            .join('\n')}\n`,
        );
        await expectRefused(['--model', model, '--wt', fam.wt, '--mutants', csv], msg);
      });

    it('a CSV without a mutant column', async () => {
      const csv = join(dir, 'nomut.csv');
      writeFileSync(csv, 'variant,fit\nA4G,1\n');
      await expectRefused(
        ['--model', model, '--wt', fam.wt, '--mutants', csv],
        /--mutants: .*nomut\.csv: the CSV header has no "mutant" column \(columns: variant, fit\)/,
      );
    });

    it('a --fitness column the CSV does not have', async () => {
      const csv = join(dir, 'fit.csv');
      writeFileSync(csv, `mutant,fit\n${fam.wtSeq[4]}5A,1\n`);
      await expectRefused(
        ['--model', model, '--wt', fam.wt, '--mutants', csv, '--fitness', 'amp'],
        /--fitness "amp" is not a column of .*fit\.csv \(columns: fit\)/,
      );
    });

    it('a --wt that aligns to nothing (identity below the floor)', async () => {
      const wt = join(dir, 'unrelated.fasta');
      writeFileSync(wt, '>u\nCCCCCCCCCCCCCCCCCCCCCCCC\n');
      await expectRefused(
        ['--model', model, '--wt', wt],
        /--wt: .*unrelated\.fasta" does not align to the model: .*identity to the column consensus 0\.00 \(at least 0\.3 needed\)/,
      );
    });

    it('a --model saved without frequencies and no --msa', async () => {
      const json = JSON.parse(readFileSync(model, 'utf8'));
      delete json.params.frequencies;
      const old = join(dir, 'old.json');
      writeFileSync(old, JSON.stringify(json));
      await expectRefused(
        ['--model', old, '--wt', fam.wt],
        /--model: .*old\.json" holds no single-site frequencies .*--msa too/,
      );
    });

    it('potts energy with sequences of the wrong length', async () => {
      const seqs = join(dir, 'short.fasta');
      writeFileSync(seqs, '>a\nACDEF\n');
      const out = tempDir();
      const r = await runCli([
        'potts',
        'energy',
        '--model',
        model,
        '--sequences',
        seqs,
        '--out',
        join(out, 'e.csv'),
        '--quiet',
      ]);
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(
        /--sequences: .*short\.fasta" has sequences of 5 columns but the model .* has N = 14/,
      );
      expect(filesIn(out)).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    });

    async function expectRefused(args: string[], msg: RegExp) {
      const out = tempDir();
      const r = await runCli([
        'potts',
        'mutants',
        ...args,
        '--out',
        join(out, 's.csv'),
        '--mapping',
        join(out, 'm.csv'),
        '--json',
        join(out, 'r.json'),
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(filesIn(out)).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/**
 * The commands of the hardening campaign's first table at the sizes it gives, and their small input files: read by
 * scripts/first-table.mjs (the 5 s bound against the built CLI) and by test/cli/workEstimates.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** FASTA of 60 sequences of length 6 (the table's "(60 sequences)"), from a fixed pattern. */
export function smallAlignment() {
  const aa = 'ACDEFG-';
  let s = '';
  for (let i = 0; i < 60; i++) {
    let seq = '';
    for (let j = 0; j < 6; j++) seq += aa[(i * 7 + j * 3 + ((i * j) % 5)) % aa.length];
    s += `>s${i}\n${seq}\n`;
  }
  return s;
}

/**
 * The table's commands with their inputs written into `dir`: `refused` (degenerate values, huge lists and pattern
 * grids: one line, exit 2), `long` (legal sizes that take long: an estimate before any work) and `run` (finishes).
 */
export function firstTable(dir) {
  const msa = join(dir, 'm.fasta');
  writeFileSync(msa, smallAlignment());
  // Three PNG headers of 8×8 images (all that is read before the --size refusal).
  const pngs = join(dir, 'imgs');
  mkdirSync(pngs, { recursive: true });
  const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080800000000', 'hex');
  for (let i = 0; i < 3; i++) writeFileSync(join(pngs, `p${i}.png`), header);
  const out = (name) => join(dir, name);
  const huge = ['--patterns', pngs, '--size', '4096x4096', '--alpha', '1e-7'];
  const sample = ['potts', 'sample', '--msa', msa, '--out', out('s.fasta')];
  return {
    refused: [
      ['dense', 'crossover', '--lambda-tolerance', '5e-324'],
      ['pl', 'basins', '--step', '5e-324'],
      ['dense', 'basin', '--n', '1'],
      ['dense', 'basin-distance', '--n', '1'],
      ...[
        ['capacity'],
        ['retrieval-map'],
        ['phase-diagram'],
        ['store', '--out', out('n.json')],
        ['crosstalk'],
        ['pl', 'train', '--out', out('p.json')],
        ['pl', 'retrieval-map'],
        ['pl', 'basins'],
      ].map((c) => [...c, ...huge]),
      ['capacity', '--alpha', '0.001:9.99:9.99e-05'],
      ['phase-diagram', '--alpha', '0.001:9.99:9.99e-05'],
      ['crosstalk', '--alpha', '0.001:9.99:9.99e-05'],
      ['pl', 'features', '--alpha', '0.001:100:0.001'],
      ['pl', 'retrieval-map', '--margins', '-5:10:0.00015'],
      ['pl', 'spin-glass', '--alpha', '0.001:1000:0.01'],
      ['audio', 'phase-diagram', '--temperature', '0:999990:10'],
    ],
    long: [
      ['pl', 'train', '--n', '5000', '--out', out('pl.json')],
      ['lagrangian', 'synaptic', '--nv', '10000'],
      ['theory', 'ags-phase-diagram', '--points', '1000'],
      [...sample, '--samples', '10000000'],
      [...sample, '--burn-in', '10000000'],
      [...sample, '--chains', '100000'],
      ['potts', 'retrieval', '--msa', msa, '--trials', '100000'],
    ],
    run: [['potts', 'train', '--msa', msa, '--out', out('t.json'), '--threads', '256']],
  };
}

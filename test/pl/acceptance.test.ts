/**
 * The generalization lines of the pseudo-likelihood issue, run through the commands with their default training
 * settings (so a change of default that breaks them fails here): MNIST reaches a regime where train and test
 * final overlaps are both ≥ 0.8 (paper 000 Fig. 5a: ≈ 0.85), and on Edwards–Anderson samples the final overlap
 * from test samples approaches the one reached with the true couplings as α grows (paper 000 Fig. 7).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, runCli, tempDir } from '../cli/helpers.js';

interface Row {
  alpha: number;
  mTrain: number;
  mTest: number;
  mRandom: number;
  mTrueTest?: number;
}

describe('hopfield pl: generalization (issue acceptance)', () => {
  it('pl mnist at α = 10: train and test final overlaps both ≥ 0.8 and close to each other', async () => {
    const d = tempDir();
    const r = await runCli([
      'pl',
      'mnist',
      '--alpha',
      '10',
      '--probe',
      '100',
      '--seed',
      '1',
      '--json',
      join(d, 'm.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const [row] = readJson(join(d, 'm.json')).rows as Row[];
    expect(row.mTrain).toBeGreaterThanOrEqual(0.8);
    expect(row.mTest).toBeGreaterThanOrEqual(0.8);
    // Generalization: train and test examples end at the same distance from the attractors.
    expect(Math.abs(row.mTrain - row.mTest)).toBeLessThan(0.05);
    // Random configurations are not pulled towards where they started.
    expect(row.mRandom).toBeLessThan(0.3);
  }, 120_000);

  it('pl spin-glass: the test overlap approaches the true-coupling value as α grows', async () => {
    const d = tempDir();
    const r = await runCli([
      'pl',
      'spin-glass',
      '--size',
      '6',
      '--alpha',
      '1,5,20,50',
      '--test',
      '200',
      '--probe',
      '100',
      '--replicas',
      '8',
      '--burn-in',
      '1000',
      '--seed',
      '1',
      '--json',
      join(d, 'e.json'),
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const doc = readJson(join(d, 'e.json'));
    const rows = doc.rows as Row[];
    const truth = doc.trueCouplings.mTest as number;
    const first = rows[0];
    const last = rows[rows.length - 1];
    // Memorization at α = 1: the training samples are (nearly) fixed points.
    expect(first.mTrain).toBeGreaterThan(0.95);
    expect(last.mTest).toBeGreaterThan(first.mTest);
    const gapFirst = truth - first.mTest;
    const gapLast = Math.abs(truth - last.mTest);
    expect(gapLast).toBeLessThan(0.5 * gapFirst);
    expect(gapLast).toBeLessThan(0.05);
  }, 120_000);
});

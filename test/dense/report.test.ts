import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { criticalCosine, retrievalLambda } from '../../src/core/theory/dense.js';
import type {
  BasinDistanceRow,
  BasinRow,
  BinaryCapacityRow,
  CrossoverRow,
  EndDistanceRow,
  ScaledRow,
} from '../../src/experiments/dense/run.js';
import { buildSection } from '../../src/report/run.js';
import { denseSection } from '../../src/report/sections/dense.js';

describe('dense report section (quick, seed 1)', () => {
  it('builds its six figures, each beside its theory line, with simulation rows on the right side of it', async () => {
    const noFiles = (_params: unknown, config: Record<string, unknown>) => config;
    const figures = await buildSection(denseSection, { quick: true, seed: 1, rng: createRng(1) }, noFiles);
    expect(figures.map((f) => f.id)).toEqual([
      'dense-end-distance',
      'dense-crossover',
      'dense-basin-angle',
      'dense-basin-distance',
      'dense-scaled',
      'dense-binary-capacity',
    ]);
    const byId = Object.fromEntries(figures.map((f) => [f.id, f]));
    const plotText = (id: string) => JSON.stringify(byId[id].plot);
    const lambda1 = retrievalLambda('spherical', 0.1);

    // End distance (Fig. 8): collapse well below λ₁(0.1) ≈ 0.106, retrieval well above; the rule is drawn.
    const end = byId['dense-end-distance'].rows as EndDistanceRow[];
    const n80 = end.filter((r) => r.n === 80);
    for (const r of n80) {
      expect(r.lambdaTheory).toBeCloseTo(lambda1, 12);
      if (r.lambda < 0.8 * lambda1) expect(r.meanDistance).toBeGreaterThan(0.9);
      if (r.lambda > 2 * lambda1) expect(r.meanDistance).toBeLessThan(0.1);
    }
    expect(plotText('dense-end-distance')).toContain('λ₁(α)');

    // Crossover (Fig. 10): above λ₁ at finite N and falling with N; the caption reports the extrapolation.
    const cross = byId['dense-crossover'].rows as CrossoverRow[];
    for (let k = 0; k < cross.length; k++) {
      expect(cross[k].lambdaCrossover).toBeGreaterThan(lambda1);
      if (k > 0) expect(cross[k].lambdaCrossover).toBeLessThan(cross[k - 1].lambdaCrossover);
    }
    expect(byId['dense-crossover'].caption).toMatch(/Extrapolated vs theory: α = 0\.1: 0\.\d+ vs 0\.106/);
    expect(plotText('dense-crossover')).toContain('theory λ₁(0.1)');

    // Basin (Fig. 11 right): the theory column is φ_{α,1}(λ); at λ = 0.2 the simulation is within 0.1 of it.
    const basin = byId['dense-basin-angle'].rows as BasinRow[];
    for (const r of basin)
      expect(r.cosThetaTheory).toBeCloseTo(criticalCosine('spherical', 0.1, r.lambda) as number, 12);
    const at02 = basin.filter((r) => r.lambda === 0.2);
    expect(at02.length).toBeGreaterThan(0);
    for (const r of at02)
      expect(Math.abs(r.cosThetaCritical - (r.cosThetaTheory as number))).toBeLessThan(0.1);
    expect(plotText('dense-basin-angle')).toContain('φ_{α,1}(λ)');

    // Δ against the starting angle (Fig. 11 left): nobody returns well outside cos θ_c ≈ 0.598, everybody inside.
    const cosC = criticalCosine('spherical', 0.1, 0.2) as number;
    for (const r of byId['dense-basin-distance'].rows as BasinDistanceRow[]) {
      if (r.cosTheta < cosC - 0.15) expect(r.returnedFraction).toBe(0);
      if (r.cosTheta > cosC + 0.1) expect(r.returnedFraction).toBe(1);
    }

    // Scaled dot product (Fig. 12): the theory threshold λ̃₁ = α̃ rides along; no retrieval far below it.
    for (const r of byId['dense-scaled'].rows as ScaledRow[]) {
      expect(r.lambdaTildeTheory).toBe(0.5);
      if (r.lambdaTilde <= 0.5 * r.alphaTilde) expect(r.meanDistance).toBeGreaterThan(0.5);
      if (r.lambdaTilde >= 3 * r.alphaTilde) expect(r.meanDistance).toBeLessThan(0.1);
    }
    expect(plotText('dense-scaled')).toContain('λ̃₁');

    // Binary x³: measured capacity beside the signal-to-noise estimate.
    for (const r of byId['dense-binary-capacity'].rows as BinaryCapacityRow[])
      expect(Math.abs(r.pCapacity / (r.pTheory as number) - 1)).toBeLessThan(0.2);
  });
});

/**
 * The proteins panel in Chromium: a small alignment with two planted couplings, dropped in as a file, is trained
 * in the worker; the panel's top pairs equal those of the library (sequenceWeights, trainPotts, contactScores,
 * rankPairs) in Node for the same input and settings, and the strongest planted pair comes first. A file that is
 * not an alignment shows a message. A screenshot is written to docs/images/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { trainPotts } from '../../src/core/models/potts.js';
import { contactScores, rankPairs } from '../../src/core/models/pottsContacts.js';
import { createRng } from '../../src/core/rng/index.js';
import { parseAlignment, sequenceWeights } from '../../src/data/msa.js';
import {
  backendOf,
  CHROMIUM,
  drawnScale,
  newPage,
  panelResults,
  ROOT,
  screenshot,
  useSession,
  waitState,
} from './browser.js';

/**
 * M sequences of N columns over six amino acids: column 9 copies column 2 (through a fixed permutation) with
 * probability 0.9, column 7 copies column 4 with probability 0.6, every other letter uniform.
 */
function plantedFasta(seed: number, m = 300, n = 12): string {
  const rng = createRng(seed);
  const letters = 'ACDEFG';
  const perm = [3, 5, 0, 1, 4, 2];
  const lines: string[] = [];
  for (let s = 0; s < m; s++) {
    const a = Array.from({ length: n }, () => rng.int(letters.length));
    if (rng.uniform() < 0.9) a[9] = perm[a[2]];
    if (rng.uniform() < 0.6) a[7] = perm[a[4]];
    lines.push(`>seq${s}`, a.map((k) => letters[k]).join(''));
  }
  return `${lines.join('\n')}\n`;
}

/** The backend the page's worker reports (wasm, with its kernel threads in a cross-origin-isolated page). */
const results = <T>(page: Page) => panelResults<T>(page, 'proteins');

describe.skipIf(!existsSync(CHROMIUM))('playground proteins panel in Chromium', () => {
  const s = useSession();

  it("a dropped planted alignment: the top pairs equal the library's for the same input; no console error", async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      const fasta = plantedFasta(7);
      const cfg = {
        maxIterations: 25,
        lambdaH: 0.01,
        lambdaJ: 0.01,
        identity: 0.8,
        minSeparation: 1,
        top: 10,
      };
      await page.goto(
        // plmdca: the strengths as given (the convention of trainPotts below; the form's default is scaled)
        `${s.url}#proteins?regularization=plmdca&maxIterations=${cfg.maxIterations}&lambdaH=${cfg.lambdaH}&lambdaJ=${cfg.lambdaJ}&identity=${cfg.identity}&minSeparation=${cfg.minSeparation}&top=${cfg.top}`,
      );
      await waitState(page, 'proteins', ['ready']);
      expect(await backendOf(page)).toMatchObject({ name: 'wasm', isolated: true });
      await page.setInputFiles('#proteins-file', {
        name: 'planted.fasta',
        mimeType: 'text/plain',
        buffer: Buffer.from(fasta),
      });
      await waitState(page, 'proteins', ['done']);
      const got = await results<{
        n: number;
        m: number;
        mEff: number;
        top: { i: number; j: number; score: number }[];
      }>(page);

      const msa = parseAlignment(fasta, 'planted.fasta');
      const { weights, mEff } = sequenceWeights(msa, cfg.identity);
      const res = trainPotts(msa, weights, {
        symmetry: { kind: 'asymmetric' },
        maxIterations: cfg.maxIterations,
        lambdaH: cfg.lambdaH,
        lambdaJ: cfg.lambdaJ,
      });
      const ref = rankPairs(contactScores(res.model).apc, msa.n, cfg.minSeparation).slice(0, cfg.top);
      expect(got.n).toBe(12);
      expect(got.m).toBe(300);
      expect(got.mEff).toBeCloseTo(mEff, 12);
      expect(got.top.length).toBe(10);
      ref.forEach((r, k) => {
        expect([got.top[k].i, got.top[k].j]).toEqual([r.i, r.j]);
        expect(got.top[k].score).toBeCloseTo(r.score, 9);
      });
      // the planted pairs lead (0-based columns)
      expect([got.top[0].i, got.top[0].j]).toEqual([2, 9]);
      expect([got.top[1].i, got.top[1].j]).toEqual([4, 7]);
      await expect.poll(() => page.textContent('#proteins-top')).toMatch(/3\s*10/);
      // the contact map has its axes (1-based columns) and a colour scale from white (0) to dark blue (max S_ij)
      const map = await drawnScale(page, '#proteins-map');
      expect(map).toMatchObject({ axes: 'column j|column i', title: 'S_ij' });
      expect(Math.min(...map.bottom)).toBeGreaterThan(240);
      expect(Math.min(...map.top)).toBeLessThan(100);
      await screenshot(page, 'proteins');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("the bundled PF00014 (gzipped, inflated in the page): its top pair is the library's, few iterations", async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      const cfg = { maxIterations: 1, minSeparation: 5, top: 5 };
      await page.goto(
        `${s.url}#proteins?regularization=plmdca&maxIterations=${cfg.maxIterations}&minSeparation=${cfg.minSeparation}&top=${cfg.top}&family=PF00014.fasta.gz&autorun=bundled`,
      );
      // the library in Node while the page trains in its worker
      const bytes = new Uint8Array(readFileSync(join(ROOT, 'data', 'msa', 'PF00014.fasta.gz')));
      const msa = parseAlignment(gunzipSync(bytes), 'PF00014.fasta.gz');
      const { weights } = sequenceWeights(msa, 0.8);
      const res = trainPotts(msa, weights, {
        symmetry: { kind: 'asymmetric' },
        maxIterations: cfg.maxIterations,
      });
      const ref = rankPairs(contactScores(res.model).apc, msa.n, cfg.minSeparation)[0];
      await waitState(page, 'proteins', ['done'], 50_000);
      const got = await results<{ n: number; m: number; top: { i: number; j: number; score: number }[] }>(
        page,
      );
      expect([got.n, got.m]).toEqual([53, 4915]);
      expect([got.top[0].i, got.top[0].j]).toEqual([ref.i, ref.j]);
      expect(got.top[0].score).toBeCloseTo(ref.score, 9);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('a file that is not an alignment shows a message, not a blank panel', async () => {
    const errors: string[] = [];
    const page = await newPage(s, errors);
    try {
      await page.goto(`${s.url}#proteins`);
      await waitState(page, 'proteins', ['ready']);
      await page.setInputFiles('#proteins-file', {
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('these are my notes, not sequences\n'),
      });
      await waitState(page, 'proteins', ['error']).catch(() => {});
      await expect.poll(() => page.textContent('#panel-proteins .msg')).toMatch(/notes\.txt: .*'>'/);
      await page.setInputFiles('#proteins-file', {
        name: 'picture.png',
        mimeType: 'image/png',
        buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      });
      await expect
        .poll(() => page.textContent('#panel-proteins .msg'))
        .toMatch(/picture\.png: .*not a FASTA\/A2M/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 30_000);
});

/**
 * Reads at the edges: the entries' one door to the disk (src/experiments/nodeReads.ts) is closed until the Node
 * edge opens it, and says so in one line; report sections get data/ files only from their driver.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/core/rng/index.js';
import { dataFile } from '../../src/report/types.js';

describe('reads at the edges', () => {
  it('without the Node edge, an entry reading a path is refused in one line naming the way out', async () => {
    vi.resetModules(); // a fresh module: the door as a page sees it (the test setup opened the shared one)
    const { nodeReads } = await import('../../src/experiments/nodeReads.js');
    await expect(nodeReads()).rejects.toThrow(/^reading files by path needs Node .*useNodeReads\(\)/);
  });

  it('with it, the readers load on first use', async () => {
    const { nodeReads } = await import('../../src/experiments/nodeReads.js');
    const { useNodeReads } = await import('../../src/node/reads.js');
    useNodeReads();
    const reads = await nodeReads();
    expect(reads.readRecordings(reads.bundledAudioDir('numbers')).length).toBe(81);
  });

  it('a report section reads data/ through its context, and names the file when the driver gives none', () => {
    const ctx = { quick: true, seed: 1, rng: createRng(1) };
    expect(() => dataFile(ctx, 'msa/PF00595.fasta.gz')).toThrow(/needs data\/msa\/PF00595\.fasta\.gz/);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(
      dataFile({ ...ctx, data: (p) => (p === 'dms/x.csv' ? bytes : new Uint8Array()) }, 'dms/x.csv'),
    ).toBe(bytes);
  });
});

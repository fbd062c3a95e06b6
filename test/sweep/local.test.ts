/**
 * The local pool (issue 13 acceptance): the same rows with 1, 2 and 4 worker threads; a sweep killed with SIGKILL
 * half-way (and its journal torn mid-line, as a power loss would leave it) and then resumed gives merged rows
 * byte-identical to an uninterrupted run.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/helpers.js';
import { journalLines, kill, spawnCli, waitFor } from './helpers.js';

const root = tempDir('hopfield-sweep-local-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TOTAL = 18;
const spec = [
  '--experiment',
  'capacity',
  '--grid',
  'n=300',
  '--grid',
  'alpha=0.05:0.25:0.04',
  '--trials',
  '3',
];
const args = (out: string, workers: number) => [
  'sweep',
  ...spec,
  '--seed',
  '11',
  '--out',
  out,
  '--workers',
  String(workers),
  '-q',
];
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('hopfield sweep on the local pool', () => {
  it('gives identical rows with 1, 2 and 4 workers', async () => {
    for (const w of [1, 2, 4]) {
      const r = await runCli(args(join(root, `w${w}`), w));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(journalLines(join(root, `w${w}`, 'journal.jsonl'))).toHaveLength(TOTAL);
    }
    const rows = read(join(root, 'w1'), 'rows.json');
    expect(JSON.parse(rows).rows).toHaveLength(TOTAL);
    expect(read(join(root, 'w2'), 'rows.json')).toBe(rows);
    expect(read(join(root, 'w4'), 'rows.json')).toBe(rows);
    expect(read(join(root, 'w4'), 'rows.csv')).toBe(read(join(root, 'w1'), 'rows.csv'));
  });

  it('killed with SIGKILL half-way, then resumed: byte-identical merged rows', async () => {
    const out = join(root, 'killed');
    const journal = join(out, 'journal.jsonl');
    const child = spawnCli(args(out, 1));
    await waitFor(() => journalLines(journal).length >= 3, 45_000, 'three finished cells', 5);
    await kill(child);
    const kept = journalLines(journal);
    expect(kept.length).toBeLessThan(TOTAL);
    // a power loss mid-write leaves half a line: it is cut off and its cell runs again
    appendFileSync(journal, kept[0].slice(0, 25));
    const r = await runCli(['sweep', '--resume', out, '--workers', '2', '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/the journal's last line was torn \(25 bytes, cut off\)/);
    expect(r.stdout).toMatch(new RegExp(`${TOTAL - kept.length} cells ran`));
    const lines = journalLines(journal);
    expect(lines).toHaveLength(TOTAL);
    expect(new Set(lines.map((l) => JSON.parse(l).key)).size).toBe(TOTAL);
    expect(read(out, 'rows.json')).toBe(read(join(root, 'w1'), 'rows.json'));
    expect(read(out, 'rows.csv')).toBe(read(join(root, 'w1'), 'rows.csv'));
  });
});

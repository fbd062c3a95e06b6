/**
 * State and preview of a sweep (issue 27): `--dry-run` prints the cells, their count and the estimates and writes
 * nothing; a failing cell stops a sweep from starting new cells unless `--keep-going`, which finishes the others
 * and writes their rows with the failures listed (exit 1); `sweep status DIR` shows done, failed and pending cells,
 * the last error and the provenance; `--extend` runs only the new cells and gives the rows of the whole grid run at
 * once.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLines, runCli, tempDir } from '../cli/helpers.js';

const root = tempDir('hopfield-sweep-state-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const capacity = (alpha: string, out: string, extra: string[] = []) => [
  'sweep',
  '--experiment',
  'capacity',
  '--grid',
  'n=100',
  '--grid',
  `alpha=${alpha}`,
  '--seed',
  '3',
  '--workers',
  '1',
  '--out',
  out,
  '-q',
  ...extra,
];

describe('hopfield sweep --dry-run', () => {
  it('prints the cells, their count, the estimated time and memory; writes nothing', async () => {
    const out = join(root, 'dry');
    const r = await runCli(capacity('0.05,0.1,0.15', out, ['--trials', '2', '--dry-run']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sweep \(dry run\): capacity, 6 cells \(1 n × 3 alpha × 2 trials\), seed 3$/m);
    expect(r.stdout).toContain('  {"n":100,"alpha":0.15,"trial":1}\n');
    expect(r.stdout).toMatch(
      /^estimated time: [\d.]+ s on 1 thread\(s\) \(cells [\d.]+ s in all; 3 probe cells timed/m,
    );
    expect(r.stdout).toMatch(
      /^estimated memory: [\d.]+ MiB for the largest cell \(\{"n":100,"alpha":0\.\d+\}\)/m,
    );
    expect(existsSync(out)).toBe(false);
    const j = await runCli(capacity('0.05,0.1', out, ['--dry-run', '--json']));
    const doc = JSON.parse(j.stdout);
    expect(doc.count).toBe(2);
    expect(doc.estimate.seconds).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a failing cell', () => {
  const models = () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{"type": "not a model"}');
    return bad;
  };
  const recall = (out: string, good: string, bad: string, extra: string[] = []) => [
    'sweep',
    '--experiment',
    'recall',
    '--grid',
    `model=${bad},${good}`,
    '--grid',
    'flip=0.1',
    '--trials',
    '2',
    '--seed',
    '1',
    '--workers',
    '1',
    '--out',
    out,
    '-q',
    ...extra,
  ];

  it('stops new cells by default; --keep-going finishes the others and writes their rows with the failures', async () => {
    const bad = models();
    const good = join(root, 'net.json');
    expect(
      (await runCli(['store', '--n', '100', '--alpha', '0.05', '--seed', '2', '--out', good, '-q'])).code,
    ).toBe(0);
    const stop = join(root, 'stop');
    const r = await runCli(recall(stop, good, bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/0 of 4 cells done, 2 failed; rerun them with hopfield sweep --resume/);
    expect(existsSync(join(stop, 'rows.json'))).toBe(false);

    const keep = join(root, 'keep');
    const k = await runCli(recall(keep, good, bad, ['--keep-going']));
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(
      /^hopfield sweep: cell \{"model":".*bad\.json","flip":0\.1,"trial":0\} failed: /m,
    );
    expect(k.stderr).toMatch(
      /2 of 4 cells done, 2 failed; rows of the finished cells in .*rows\.json; rerun them/,
    );
    const doc = JSON.parse(read(keep, 'rows.json'));
    expect(doc.failed.map((f: { key: string }) => JSON.parse(f.key).model)).toEqual([bad, bad]);
    expect(doc.rows.every((row: { model: string }) => row.model === good)).toBe(true);
    expect([...new Set(doc.rows.map((row: { trial: number }) => row.trial))]).toEqual([0, 1]);

    const st = await runCli(['sweep', 'status', keep]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/cells: 2 done, 2 failed, 2 pending of 4\n/);
    expect(st.stdout).toMatch(
      /^last error: cell \{"model":".*bad\.json","flip":0\.1,"trial":1\}: .+ \(20\d\d-/m,
    );
    expect(st.stdout).toMatch(
      /^cell time: mean [\d.]+ ms, max [\d.]+ ms; peak memory [\d.]+ MiB; ran on local$/m,
    );
    expect(st.stdout).toMatch(
      /^provenance: 1 run\(s\), last start at .*, \d+ cores \(.*\), \d+ GiB, backend \w+, 1 worker\(s\)$/m,
    );
    expect(st.stdout).toContain('command: hopfield sweep --experiment recall');
  });

  it('status of a folder that holds no sweep: exit 2, one line', async () => {
    const r = await runCli(['sweep', 'status', root]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([`hopfield: sweep status: "${root}" holds no sweep (no spec.json)`]);
  });
});

describe('hopfield sweep --extend', () => {
  it('runs only the new cells; the rows are those of the whole grid run at once', async () => {
    const whole = join(root, 'whole');
    expect((await runCli(capacity('0.1,0.15,0.2', whole))).code).toBe(0);
    const part = join(root, 'part');
    expect((await runCli(capacity('0.1,0.2', part))).code).toBe(0);
    const r = await runCli(['sweep', '--extend', part, '--grid', 'alpha=0.15', '--workers', '1', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1 cells ran/m);
    for (const f of ['rows.json', 'rows.csv', 'spec.json']) expect(read(part, f)).toBe(read(whole, f));
    const again = await runCli(['sweep', '--extend', part, '--grid', 'alpha=0.15']);
    expect(again.code).toBe(2);
    expect(errorLines(again.stderr)).toEqual([expect.stringMatching(/every value given is on the grid/)]);
  });
});

/**
 * Sweeps on a real Redis server (issue 13 acceptance; redis-server is started here on a free loopback port with a
 * temporary folder, and stopped at the end): two worker processes, one killed with SIGKILL mid-sweep, every cell
 * exactly once in the journal and the rows of the local run; Redis stopped mid-sweep, the coordinator says so and
 * keeps the journal, `--resume` finishes after the restart; Redis unreachable at start exits 2 with one line;
 * status and cancel.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelSweep, sweepStatus } from '../../src/sweep/index.js';
import { errorLines, runCli, tempDir } from '../cli/helpers.js';
import { type Child, freePort, journalLines, kill, RedisServer, spawnCli, waitFor } from './helpers.js';

const root = tempDir('hopfield-sweep-redis-');
let redis: RedisServer;
const workers: Child[] = [];
const TOTAL = 16;
// N = 1200: cells long enough (about half a second) that a worker killed after its first cells, or Redis stopped
// after three, still leaves work to do when the test's own process gets little CPU on a busy machine.
const spec = [
  '--experiment',
  'capacity',
  '--grid',
  'n=1200',
  '--grid',
  'alpha=0.05:0.26:0.03',
  '--trials',
  '2',
];
const sweep = (out: string, extra: string[] = []) => [
  'sweep',
  ...spec,
  '--seed',
  '5',
  '--out',
  out,
  '-q',
  ...extra,
];
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const worker = () => {
  const w = spawnCli(['worker', '--redis', redis.url, '--concurrency', '1', '--lock-duration', '1500']);
  workers.push(w);
  return w;
};
const keys = (lines: string[]) => new Set(lines.map((l) => JSON.parse(l).key as string));

beforeAll(async () => {
  redis = new RedisServer(await freePort());
  await redis.start();
  const r = await runCli(sweep(join(root, 'local'), ['--workers', '2']));
  expect(r.code).toBe(0);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => kill(w)));
  await redis.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('hopfield sweep --redis', () => {
  it('Redis unreachable at start: exit 2, one line naming the URL, nothing written', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const r = await runCli(sweep(join(root, 'unreachable'), ['--redis', url]));
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringContaining(`cannot reach Redis at ${url}`)]);
    const w = await runCli(['worker', '--redis', url]);
    expect(w.code).toBe(2);
    expect(errorLines(w.stderr)).toEqual([expect.stringContaining(url)]);
  });

  it('two workers, one killed with SIGKILL mid-sweep: every cell exactly once, rows of the local run', async () => {
    const a = worker();
    const b = worker();
    const out = join(root, 'killed');
    const journal = join(out, 'journal.jsonl');
    const run = runCli(sweep(out, ['--redis', redis.url]));
    await waitFor(() => /^done /m.test(a.stderr) && journalLines(journal).length >= 3, 45_000, 'cells of A');
    await kill(a);
    expect(journalLines(journal).length).toBeLessThan(TOTAL);
    const r = await run;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = journalLines(journal);
    expect(lines).toHaveLength(TOTAL);
    expect(keys(lines).size).toBe(TOTAL);
    expect(b.stderr).toMatch(/^done /m);
    expect(read(out, 'rows.json')).toBe(read(join(root, 'local'), 'rows.json'));
    const st = await runCli(['sweep', 'status', '--redis', redis.url]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(
      new RegExp(`capacity +${TOTAL}/${TOTAL} cells \\(100\\.0%\\) +0 failed +finished`),
    );
  });

  it('Redis stopped mid-sweep: the coordinator says so and keeps the journal; --resume finishes', async () => {
    const c = new Redis(redis.url);
    await c.flushall();
    c.disconnect();
    worker();
    const out = join(root, 'stopped');
    const journal = join(out, 'journal.jsonl');
    const run = runCli(sweep(out, ['--redis', redis.url, '--redis-wait', '2']));
    await waitFor(() => journalLines(journal).length >= 3, 45_000, 'three cells');
    await redis.stop();
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`lost the connection to Redis at ${redis.url}`);
    expect(r.stderr).toContain(`--resume ${out}`);
    const kept = journalLines(journal);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.length).toBeLessThan(TOTAL);
    await redis.start();
    const again = await runCli(['sweep', '--resume', out, '--redis', redis.url, '-q']);
    expect(again.code).toBe(0);
    const lines = journalLines(journal);
    expect(lines.slice(0, kept.length)).toEqual(kept);
    expect(keys(lines).size).toBe(TOTAL);
    expect(lines).toHaveLength(TOTAL);
    expect(read(out, 'rows.json')).toBe(read(join(root, 'local'), 'rows.json'));
  });

  it('a failing cell is retried with backoff and reported after its last attempt', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{"type": "not a model"}');
    const out = join(root, 'failing');
    const args = ['sweep', '--experiment', 'recall', '--set', `model=${bad}`, '--grid', 'flip=0.1'];
    const r = await runCli([
      ...args,
      '--seed',
      '1',
      '--out',
      out,
      '-q',
      '--redis',
      redis.url,
      '--attempts',
      '2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^hopfield sweep: cell \{"flip":0\.1,"trial":0\} failed: .+ \(after 2 attempts\)$/m,
    );
    expect(journalLines(join(out, 'journal.jsonl'))).toHaveLength(0);
  });

  it('a refined sweep on two workers: the refinement rounds and rows of the local pool', async () => {
    await Promise.all(workers.splice(0).map((w) => kill(w)));
    worker();
    worker();
    const refined = [
      'sweep',
      '--experiment',
      'capacity',
      '--grid',
      'n=200',
      '--grid',
      'alpha=0.14:0.3:0.04',
      '--trials',
      '2',
      '--seed',
      '4',
      '--refine',
      'alpha',
      '--target',
      'meanOverlap=0.5',
      '--tolerance',
      '0.005',
      '-q',
    ];
    const local = await runCli([...refined, '--out', join(root, 'refined-local'), '--workers', '2']);
    expect(local.code).toBe(0);
    const r = await runCli([...refined, '--out', join(root, 'refined-redis'), '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refinement: \d+ cells added/);
    for (const f of ['rows.json', 'rows.csv', 'refine.json'])
      expect(read(join(root, 'refined-redis'), f)).toBe(read(join(root, 'refined-local'), f));
    const by = journalLines(join(root, 'refined-redis', 'journal.jsonl')).map((l) => JSON.parse(l).by);
    expect(new Set(by).size).toBe(2);
  }, 240_000);

  it('a sweep cancelled while it waits: its queued cells are removed and its coordinator stops', async () => {
    await Promise.all(workers.map((w) => kill(w)));
    const out = join(root, 'cancelled');
    const run = runCli(['sweep', ...spec, '--seed', '99', '--out', out, '-q', '--redis', redis.url]);
    // (the library's status and cancel here: runCli captures output globally, one run at a time)
    let id = '';
    await waitFor(
      async () => {
        const st = await sweepStatus(redis.url);
        id = st.sweeps.find((s) => s.experiment === 'capacity' && s.pending === TOTAL)?.id ?? '';
        return id !== '' && st.counts.waiting === TOTAL;
      },
      30_000,
      'the sweep in status',
      200,
    );
    expect(await cancelSweep(redis.url, id)).toEqual({ removed: TOTAL, known: true });
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`sweep ${id} was cancelled`));
    const st = await runCli(['sweep', 'status', '--redis', redis.url]);
    expect(st.stdout).toMatch(new RegExp(`${id} .*cancelled`));
    expect(st.stdout).toMatch(/^queue: 0 waiting/m);
    const again = await runCli(['sweep', 'cancel', id, '--redis', redis.url]);
    expect(again.stdout).toMatch(/cancelled; 0 queued cell\(s\) removed/);
  });
});

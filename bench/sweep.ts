/**
 * Sweep benchmark: cells per second of a small classical sweep (`capacity`, N = 100, 5 loads × 8 trials = 40
 * cells) run directly in this thread, on the local pool with 1 and 2 workers, and on Redis with 2 worker
 * processes on this machine; and the overhead per cell of the local pool (thread messages, the fsynced journal
 * line, the merge), measured on a pool whose threads have started (thread start-up is shown apart): the sweep's
 * wall time minus the cells' own run time in their thread, and, noisier on a shared machine, against the median
 * of three direct runs in this thread. Target: under 5 ms per cell.
 *
 * `node --import tsx bench/sweep.ts [--json FILE]` (also run by `npm run bench`). Needs redis-server on the PATH
 * for the Redis row (skipped otherwise).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/core/rng/index.js';
import { findExperiment } from '../src/experiments/registry/index.js';
import {
  CellPool,
  cellsOf,
  createSweepDir,
  type Engine,
  localEngine,
  mergeRows,
  redisEngine,
  resolveSpec,
  runSweep,
  sweepId,
} from '../src/sweep/index.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const spec = resolveSpec({
  experiment: 'capacity',
  seed: 1,
  trials: 8,
  grid: { n: [100], alpha: '0.05:0.25:0.05' },
});
const cells = cellsOf(spec);
const work = mkdtempSync(join(tmpdir(), 'hopfield-bench-sweep-'));
let dirs = 0;

interface SweepRow {
  kind: 'sweep';
  mode: string;
  cells: number;
  seconds: number;
  cellsPerSecond: number;
  overheadMsPerCell: number | null;
  note: string;
}

async function direct(): Promise<number> {
  const e = findExperiment(spec.experiment);
  if (!e) throw new Error('capacity is not in the registry');
  const run = async (k: number) => {
    const c = cells[k];
    await e.run({ ...c.config } as never, createRng(c.seed), { seed: c.seed });
  };
  await run(0); // warm-up
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (let k = 0; k < cells.length; k++) await run(k);
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[1];
}

/** Seconds of a sweep, and the cells' own run time (summed `ms` of the journal: the experiment in its thread). */
async function timeSweep(engine: Engine): Promise<number> {
  return (await timeSweepIn(engine)).seconds;
}

async function timeSweepIn(engine: Engine): Promise<{ seconds: number; cellSeconds: number }> {
  const dir = join(work, `s${dirs++}`);
  createSweepDir(dir, spec);
  const t0 = performance.now();
  const out = await runSweep(dir, engine);
  mergeRows(out.cells, out.records);
  const seconds = (performance.now() - t0) / 1000;
  if (!out.complete) throw new Error(`sweep incomplete: ${out.failed.map((f) => f.error).join('; ')}`);
  let ms = 0;
  for (const r of out.records.values()) ms += r.ms ?? 0;
  return { seconds, cellSeconds: ms / 1000 };
}

/** The local pool with its threads already started (start-up timed apart). */
async function warmPool(threads: number): Promise<{ startup: number; seconds: number; cellSeconds: number }> {
  const pool = new CellPool(threads);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: threads }, () => pool.run(cells[0])));
  const startup = (performance.now() - t0) / 1000;
  const engine: Engine = async (list, sink) => {
    let next = 0;
    const lane = async () => {
      while (next < list.length) {
        const c = list[next++];
        sink.done(c, await pool.run(c), 'local');
      }
    };
    await Promise.all(Array.from({ length: 2 * threads }, lane)); // as localEngine: two cells per thread
  };
  try {
    return { startup, ...(await timeSweepIn(engine)) };
  } finally {
    await pool.close();
  }
}

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function redisRow(): Promise<number | string> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return 'redis-server not found';
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = join(work, 'redis');
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const procs: ChildProcess[] = [];
  try {
    await sleep(300);
    for (let k = 0; k < 2; k++) {
      const w = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'src/cli/bin.ts'),
          'worker',
          '--redis',
          url,
          '--concurrency',
          '1',
          '-q',
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      procs.push(w);
      await new Promise<void>((ok, fail) => {
        w.stdout?.once('data', () => ok());
        w.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
      });
    }
    // warm the workers' threads with one throw-away sweep, then time a fresh one
    const warm = resolveSpec({ ...spec, seed: 2 });
    createSweepDir(`${dir}-warm`, warm);
    await runSweep(
      `${dir}-warm`,
      redisEngine({ url, sweep: sweepId(warm), info: { experiment: 'capacity', out: '', total: 40 } }),
    );
    return await timeSweep(
      redisEngine({
        url,
        sweep: sweepId(spec),
        info: { experiment: 'capacity', out: '', total: cells.length },
      }),
    );
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    server.kill('SIGTERM');
    await sleep(200);
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : '';
  const rows: SweepRow[] = [];
  const n = cells.length;
  const row = (mode: string, seconds: number, overhead: number | null, note: string) =>
    rows.push({
      kind: 'sweep',
      mode,
      cells: n,
      seconds,
      cellsPerSecond: n / seconds,
      overheadMsPerCell: overhead,
      note,
    });
  const d = await direct();
  row('direct', d, null, 'experiment.run in this thread');
  for (const w of [1, 2]) {
    const cold = await timeSweep(localEngine(w));
    row(`local ${w}w`, cold, null, 'thread start-up included');
    const warm = await warmPool(w);
    const overhead = w === 1 ? ((warm.seconds - warm.cellSeconds) * 1000) / n : null;
    const vsDirect = ((warm.seconds * w - d) * 1000) / n;
    row(
      `local ${w}w warm`,
      warm.seconds,
      overhead,
      `threads started first (${warm.startup.toFixed(2)} s); against the direct calls ${vsDirect.toFixed(2)} ms/cell`,
    );
  }
  const r = await redisRow();
  if (typeof r === 'number') row('redis 2 workers', r, null, 'two worker processes, one thread each, warm');
  const load = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  process.stdout.write(`sweep: capacity N=100, ${n} cells (5 loads × 8 trials); load average ${load}\n`);
  for (const x of rows)
    process.stdout.write(
      `  ${x.mode.padEnd(16)} ${x.seconds.toFixed(3).padStart(7)} s ${x.cellsPerSecond.toFixed(1).padStart(8)} cells/s${
        x.overheadMsPerCell === null ? '' : `   overhead ${x.overheadMsPerCell.toFixed(2)} ms/cell`
      }   ${x.note}\n`,
    );
  if (typeof r === 'string') process.stdout.write(`  redis: skipped (${r})\n`);
  if (json)
    writeFileSync(
      json,
      `${JSON.stringify({ command: 'bench sweep', loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

main()
  .then(() => rmSync(work, { recursive: true, force: true }))
  .catch((e) => {
    rmSync(work, { recursive: true, force: true });
    process.stderr.write(`bench sweep: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });

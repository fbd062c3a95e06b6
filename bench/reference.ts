/**
 * What the benchmarks against a NumPy/SciPy reference share (bench/potts.ts, bench/autoregressive.ts): the common
 * flags, the load average, running the Python side, rows with their ratio, the table and the JSON file.
 *
 *   --quick  --threads K  --no-scipy  --json FILE
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultThreads } from '../src/node/pool.js';

export const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The flags every reference benchmark reads. */
export function benchArgs(argv = process.argv.slice(2)) {
  const ti = argv.indexOf('--threads');
  const ji = argv.indexOf('--json');
  return {
    argv,
    quick: argv.includes('--quick'),
    scipy: !argv.includes('--no-scipy'),
    threads: ti >= 0 ? Number(argv[ti + 1]) : defaultThreads(),
    jsonOut: ji >= 0 ? argv[ji + 1] : '',
  };
}

/** The 1, 5 and 15 minute load averages. */
export const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

/** Print the header line: what is compared, the machine, the threads, the load. */
export function header(title: string, threads: number): void {
  process.stdout.write(
    `${title} (${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${threads} threads; load average ${load()}):\n`,
  );
}

/** Run bench/<script> with `cfg` as its JSON argument and BLAS on `threads`; its JSON result, or why it failed. */
export function runReference(
  script: string,
  cfg: Record<string, unknown>,
  threads: number,
): Record<string, number> | string {
  const r = spawnSync('python3', [join(root, 'bench', script), JSON.stringify(cfg)], {
    encoding: 'utf8',
    cwd: join(root, 'bench'),
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) return `SciPy failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  return JSON.parse(r.stdout);
}

export interface ReferenceRow {
  kind: string;
  name: string;
  ms: number;
  scipyMs: number | null;
  /** Reference time over ours: > 1 is faster than the reference. */
  ratioToScipy: number | null;
  detail: string;
}

/** A row timed against the reference's `refMs` (null when the reference did not run: its message joins the detail). */
export function referenceRow(
  kind: string,
  name: string,
  ms: number,
  ref: Record<string, number> | string,
  refMs: (r: Record<string, number>) => number | null,
  detail: (r: Record<string, number> | undefined) => string,
): ReferenceRow {
  if (typeof ref === 'string')
    return { kind, name, ms, scipyMs: null, ratioToScipy: null, detail: `${detail(undefined)}; ${ref}` };
  const s = refMs(ref);
  return { kind, name, ms, scipyMs: s, ratioToScipy: s === null ? null : s / ms, detail: detail(ref) };
}

/** Print the rows (name padded to `width`), the load at the end, and write the JSON file when asked. */
export function report(
  rows: readonly ReferenceRow[],
  width: number,
  command: string,
  threads: number,
  jsonOut: string,
): void {
  for (const row of rows)
    process.stdout.write(
      `  ${row.name.padEnd(width)} ${(row.ms / 1000).toFixed(2).padStart(8)} s  SciPy ${row.scipyMs === null ? '   n/a' : (row.scipyMs / 1000).toFixed(2).padStart(8)} s  ratio ${row.ratioToScipy === null ? 'n/a' : row.ratioToScipy.toFixed(2)}  ${row.detail}\n`,
    );
  process.stdout.write(`  load average at end: ${load()}\n`);
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ command, threads, loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

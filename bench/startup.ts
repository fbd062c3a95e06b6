/**
 * Start-up benchmark: wall time from process start to exit of the built command line (dist/cli/bin.js) for
 * `hopfield --help`, `hopfield list` and a tiny run (`hopfield capacity --n 100 --alpha 0.1 --trials 1 --seed 1`),
 * against `node -e 0` (the runtime's own start) measured in the same run, the commands alternating, the median of
 * `--reps` runs each (default 11). Targets on a quiet machine: --help under 0.5 s, the tiny run under 0.8 s.
 *
 * `node --import tsx bench/startup.ts [--reps K] [--json FILE]` (also run by `npm run bench`, `--only startup`).
 * Measures dist/: build it first (`npx tsc -p tsconfig.build.json`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');

/** The measured command lines: name, arguments of node, and the target in seconds (if any). */
const CASES: readonly { name: string; args: readonly string[]; target?: number }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'hopfield --help', args: [bin, '--help'], target: 0.5 },
  { name: 'hopfield list', args: [bin, 'list'] },
  {
    name: 'hopfield capacity (tiny)',
    args: [bin, 'capacity', '--n', '100', '--alpha', '0.1', '--trials', '1', '--seed', '1', '--quiet'],
    target: 0.8,
  },
];

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Seconds from spawn to exit of one run (fails loudly when the command fails). */
function timeOnce(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

function main(argv: string[]): void {
  const reps = Number(argv[argv.indexOf('--reps') + 1] ?? 11) || 11;
  const json = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  if (!existsSync(bin)) {
    process.stdout.write('startup: dist/cli/bin.js not built (npx tsc -p tsconfig.build.json); skipped\n');
    return;
  }
  const load = loadavg()[0].toFixed(2);
  for (const c of CASES) timeOnce(c.args); // warm the file cache
  const times = CASES.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) for (const [i, c] of CASES.entries()) times[i].push(timeOnce(c.args));
  const base = median(times[0]);
  process.stdout.write(
    `\nstart-up (process start to exit, median of ${reps}, alternating; load ${load} on ${cpus().length} cores)\n`,
  );
  const rows = CASES.map((c, i) => {
    const s = median(times[i]);
    const verdict =
      c.target === undefined
        ? ''
        : s < c.target
          ? `  (target < ${c.target} s: met)`
          : `  (target < ${c.target} s: not met)`;
    const over = i === 0 ? '' : `  ${(s - base).toFixed(3)} s over node -e 0, ${(s / base).toFixed(1)}×`;
    process.stdout.write(`  ${c.name.padEnd(26)} ${s.toFixed(3)} s${over}${verdict}\n`);
    return { kind: 'startup', name: c.name, seconds: s, overNodeSeconds: s - base, target: c.target ?? null };
  });
  if (json) writeFileSync(json, `${JSON.stringify({ load: Number(load), reps, rows }, null, 2)}\n`);
}

main(process.argv.slice(2));

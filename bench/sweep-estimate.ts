/**
 * How good is `hopfield sweep --dry-run`? Estimates the time of a sweep (probe cells timed on one thread, see
 * src/sweep/estimate.ts), then runs it on the local pool and prints both, their ratio and the load average before
 * and after (the machine may be shared). Default: the docs example (docs/sweeps.md), capacity over
 * n = 200,400,800 × α = 0.05:0.25:0.01 × 20 trials = 1260 cells, on 2 threads. Target: the ratio within [0.5, 2].
 *
 * `node --import tsx bench/sweep-estimate.ts [--workers K] [--trials T] [--json FILE]`
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cellsOf,
  createSweepDir,
  estimateSweep,
  localEngine,
  resolveSpec,
  runSweep,
} from '../src/sweep/index.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const workers = Number(arg('--workers', '2'));
const trials = Number(arg('--trials', '20'));
const jsonOut = arg('--json', '');

const spec = resolveSpec({
  experiment: 'capacity',
  seed: 1,
  trials,
  grid: { n: '200,400,800', alpha: '0.05:0.25:0.01' },
});
const cells = cellsOf(spec);
const load0 = loadavg()[0];
const est = await estimateSweep(spec, cells, workers);
console.log(
  `dry run: ${cells.length} cells, estimated ${est.seconds.toFixed(1)} s on ${est.threads} thread(s) (${est.probes.length} probes in ${est.probeSeconds.toFixed(1)} s); load ${load0.toFixed(2)}`,
);
const dir = mkdtempSync(join(tmpdir(), 'hopfield-bench-estimate-'));
try {
  createSweepDir(join(dir, 'sw'), spec);
  const t0 = performance.now();
  const out = await runSweep(join(dir, 'sw'), localEngine(workers));
  const real = (performance.now() - t0) / 1000;
  const load1 = loadavg()[0];
  const ratio = real / est.seconds;
  console.log(
    `real run: ${out.ran} cells in ${real.toFixed(1)} s; real / estimate = ${ratio.toFixed(2)} (target 0.5–2); load ${load1.toFixed(2)}`,
  );
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ cells: cells.length, workers, estimate: est.seconds, real, ratio, load: [load0, load1] }, null, 2)}\n`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

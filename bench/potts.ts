/**
 * Potts benchmarks against the SciPy reference of the same computation (bench/potts_scipy.py), timed in the same
 * run: (a) sequence weights of the DNA-binding-domain alignment (24944 rows, identity 0.8), (b) pseudo-likelihood
 * training on PF00014 (same objective, λ_h = λ_J = 0.01, gtol 1e-5, ftol 1e-7, 500 iterations at most; SciPy's
 * L-BFGS-B against our L-BFGS with Moré–Thuente on worker threads). Ratio > 1: faster than SciPy.
 *
 *   node --import tsx bench/potts.ts [--quick] [--threads K] [--no-scipy] [--json FILE]
 *
 * --quick trains on pf14short (1000 rows) instead of PF00014. The load average is printed before and after: the
 * machine may be shared, and both sides are timed under the same load.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAlignment } from '../src/node/msaFile.js';
import { defaultThreads } from '../src/node/pool.js';
import { sequenceWeightsThreads, trainPottsThreads } from '../src/node/potts.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data', 'msa');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const scipy = !argv.includes('--no-scipy');
const ti = argv.indexOf('--threads');
const threads = ti >= 0 ? Number(argv[ti + 1]) : defaultThreads();
const ji = argv.indexOf('--json');
const jsonOut = ji >= 0 ? argv[ji + 1] : '';
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
const settings = { lambdaH: 0.01, lambdaJ: 0.01, gtol: 1e-5, ftol: 1e-7, maxIterations: 500 };

function runScipy(cfg: Record<string, unknown>): Record<string, number> | string {
  const r = spawnSync('python3', [join(root, 'bench', 'potts_scipy.py'), JSON.stringify(cfg)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) return `SciPy failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  return JSON.parse(r.stdout);
}

interface PottsBenchRow {
  kind: 'potts';
  name: string;
  ms: number;
  scipyMs: number | null;
  ratioToScipy: number | null;
  detail: string;
}

async function main(): Promise<void> {
  process.stdout.write(
    `Potts against SciPy (${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${threads} threads; load average ${load()}):\n`,
  );
  const rows: PottsBenchRow[] = [];
  // (a) weights of the DBD alignment.
  const dbdPath = join(shared, 'PF00105_dbd.a2m.gz');
  const dbd = readAlignment(dbdPath);
  let t = performance.now();
  const w = await sequenceWeightsThreads(dbd, 0.8, threads);
  const wMs = performance.now() - t;
  const sw = scipy ? runScipy({ msa: dbdPath, task: 'weights', theta: 0.8 }) : 'skipped';
  rows.push({
    kind: 'potts',
    name: `weights DBD (M = ${dbd.m}, N = ${dbd.n})`,
    ms: wMs,
    scipyMs: typeof sw === 'string' ? null : sw.weightsMs,
    ratioToScipy: typeof sw === 'string' ? null : sw.weightsMs / wMs,
    detail: `M_eff ${w.mEff.toFixed(1)}${typeof sw === 'string' ? `; ${sw}` : ` (NumPy ${sw.mEff.toFixed(1)})`}`,
  });
  // (b) training on PF00014.
  const msaPath = join(shared, quick ? 'pf14short.fasta' : 'PF00014.fasta');
  const msa = readAlignment(msaPath);
  t = performance.now();
  const ww = await sequenceWeightsThreads(msa, 0.8, threads);
  const r = await trainPottsThreads(
    msa,
    ww.weights,
    {
      symmetry: { kind: 'asymmetric' },
      lambdaH: settings.lambdaH,
      lambdaJ: settings.lambdaJ,
      tolerance: settings.gtol,
      ftol: settings.ftol,
      maxIterations: settings.maxIterations,
    },
    threads,
  );
  const tMs = performance.now() - t;
  const loss = r.loss.reduce((s, v) => s + v, 0);
  const it = r.iterations.reduce((s, v) => s + v, 0) / msa.n;
  const st = scipy ? runScipy({ msa: msaPath, task: 'train', theta: 0.8, ...settings }) : 'skipped';
  const scipyTotal = typeof st === 'string' ? null : st.weightsMs + st.trainMs;
  rows.push({
    kind: 'potts',
    name: `train ${quick ? 'pf14short' : 'PF00014'} (M = ${msa.m}, N = ${msa.n})`,
    ms: tMs,
    scipyMs: scipyTotal,
    ratioToScipy: scipyTotal === null ? null : scipyTotal / tMs,
    detail: `Σf_i ${loss.toFixed(4)}, ${it.toFixed(1)} it/site${typeof st === 'string' ? `; ${st}` : ` (SciPy Σf_i ${st.loss.toFixed(4)}, ${st.iterations.toFixed(1)} it/site)`}`,
  });
  for (const row of rows)
    process.stdout.write(
      `  ${row.name.padEnd(40)} ${(row.ms / 1000).toFixed(2).padStart(8)} s  SciPy ${row.scipyMs === null ? '   n/a' : (row.scipyMs / 1000).toFixed(2).padStart(8)} s  ratio ${row.ratioToScipy === null ? 'n/a' : row.ratioToScipy.toFixed(2)}  ${row.detail}\n`,
    );
  process.stdout.write(`  load average at end: ${load()}\n`);
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ command: 'bench potts', threads, loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

await main();

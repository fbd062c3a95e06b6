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
import { join } from 'node:path';
import { readAlignment } from '../src/node/msaFile.js';
import { sequenceWeightsThreads, trainPottsThreads } from '../src/node/potts.js';
import {
  benchArgs,
  header,
  type ReferenceRow,
  referenceRow,
  report,
  root,
  runReference,
} from './reference.js';

const shared = join(root, '..', 'shared', 'data', 'msa');
const { quick, scipy, threads, jsonOut } = benchArgs();
const settings = { lambdaH: 0.01, lambdaJ: 0.01, gtol: 1e-5, ftol: 1e-7, maxIterations: 500 };
const runScipy = (cfg: Record<string, unknown>) => runReference('potts_scipy.py', cfg, threads);

async function main(): Promise<void> {
  header('Potts against SciPy', threads);
  const rows: ReferenceRow[] = [];
  // (a) weights of the DBD alignment.
  const dbdPath = join(shared, 'PF00105_dbd.a2m.gz');
  const dbd = readAlignment(dbdPath);
  let t = performance.now();
  const w = await sequenceWeightsThreads(dbd, 0.8, threads);
  const wMs = performance.now() - t;
  const sw = scipy ? runScipy({ msa: dbdPath, task: 'weights', theta: 0.8 }) : 'skipped';
  rows.push(
    referenceRow(
      'potts',
      `weights DBD (M = ${dbd.m}, N = ${dbd.n})`,
      wMs,
      sw,
      (r) => r.weightsMs,
      (r) => `M_eff ${w.mEff.toFixed(1)}${r ? ` (NumPy ${r.mEff.toFixed(1)})` : ''}`,
    ),
  );
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
  rows.push(
    referenceRow(
      'potts',
      `train ${quick ? 'pf14short' : 'PF00014'} (M = ${msa.m}, N = ${msa.n})`,
      tMs,
      st,
      (r) => r.weightsMs + r.trainMs,
      (r) =>
        `Σf_i ${loss.toFixed(4)}, ${it.toFixed(1)} it/site${r ? ` (SciPy Σf_i ${r.loss.toFixed(4)}, ${r.iterations.toFixed(1)} it/site)` : ''}`,
    ),
  );
  report(rows, 40, 'bench potts', threads, jsonOut);
}

await main();

/**
 * Autoregressive-model benchmarks against the NumPy/SciPy reference of the same computation (bench/ar_scipy.py),
 * timed in the same run: (a) training (sequence weights at identity 0.8, entropic order, arDCA's λ_h = 1e-6,
 * λ_J = 1e-4, gtol 1e-5, ftol 1e-5, 500 iterations at most; our L-BFGS with Moré–Thuente on worker threads against
 * SciPy's L-BFGS-B), (b) 10⁴ exact ancestral samples. Ratio > 1: faster than SciPy. Our side runs first, then SciPy;
 * the load average is printed before and after (the machine may be shared; both sides run under the same load).
 *
 *   node --import tsx bench/autoregressive.ts [--quick] [--threads K] [--no-scipy] [--json FILE]
 *
 * The full run uses the β-lactamase alignment (N = 202, M = 18334); --quick its first 40 columns and 3000 rows.
 * --bm adds the Boltzmann-machine refinement's time to reach a Pearson r of 0.9 on PF00014 from the
 * pseudo-likelihood model (training not counted; no reference implementation, so no ratio).
 */
import { join } from 'node:path';
import { BM_DEFAULTS } from '../src/core/models/pottsBoltzmann.js';
import { createRng } from '../src/core/rng/index.js';
import { refineBm } from '../src/experiments/potts/generative.js';
import { readAlignment } from '../src/node/msaFile.js';
import { installNodePottsRunner, sequenceWeightsThreads, trainPottsThreads } from '../src/node/potts.js';
import {
  installNodeGenerativeRunner,
  sampleAutoregressiveThreads,
  trainAutoregressiveThreads,
} from '../src/node/pottsAutoregressive.js';
import {
  benchArgs,
  header,
  type ReferenceRow,
  referenceRow,
  report,
  root,
  runReference,
} from './reference.js';

const data = join(root, 'data', 'msa');
const { argv, quick, scipy, threads, jsonOut } = benchArgs();
const settings = { lambdaH: 1e-6, lambdaJ: 1e-4, gtol: 1e-5, ftol: 1e-5, maxIterations: 500 };
const columns = quick ? 40 : 0;
const rowsLimit = quick ? 3000 : 0;
const samples = 10_000;
const bm = argv.includes('--bm');

/** Seconds of the BM refinement of the PF00014 pseudo-likelihood model until r ≥ 0.9 (or its step limit). */
async function bmRow(): Promise<ReferenceRow> {
  installNodePottsRunner();
  installNodeGenerativeRunner();
  const msa = readAlignment(join(data, 'PF00014.fasta.gz'));
  const w = await sequenceWeightsThreads(msa, 0.8, threads);
  const pl = await trainPottsThreads(
    msa,
    w.weights,
    { symmetry: { kind: 'asymmetric' }, lambdaH: 0.01, lambdaJ: 0.01, maxIterations: 500 },
    threads,
  );
  const t = performance.now();
  const r = await refineBm(
    msa,
    pl.model,
    { ...BM_DEFAULTS, targetPearson: 0.9, identity: 0.8, threads },
    createRng(1),
  );
  const ms = performance.now() - t;
  return {
    kind: 'boltzmann',
    name: 'BM refinement of PF00014 to r = 0.9',
    ms,
    scipyMs: null,
    ratioToScipy: null,
    detail: `r ${r.startPearson.toFixed(3)} → ${r.pearson.toFixed(3)} in ${r.steps} steps${r.reached ? '' : ' (target not reached)'}`,
  };
}

async function main(): Promise<void> {
  header('Autoregressive model against SciPy', threads);
  const path = join(data, 'PF13354_betalactamase.fasta.gz');
  const full = readAlignment(path);
  const n = columns || full.n;
  const m = rowsLimit ? Math.min(rowsLimit, full.m) : full.m;
  const seqs = new Uint8Array(m * n);
  for (let s = 0; s < m; s++) seqs.set(full.seqs.subarray(s * full.n, s * full.n + n), s * n);
  const msa = { ...full, m, n, seqs, names: full.names.slice(0, m) };
  let t = performance.now();
  const w = await sequenceWeightsThreads(msa, 0.8, threads);
  const r = await trainAutoregressiveThreads(
    msa,
    w.weights,
    { order: { kind: 'entropy' }, ...settings, tolerance: settings.gtol },
    threads,
  );
  const trainMs = performance.now() - t;
  t = performance.now();
  await sampleAutoregressiveThreads(r.model, samples, 1, createRng(1), threads);
  const sampleMs = performance.now() - t;
  const loss = r.loss.reduce((s, v) => s + v, 0);
  const it = r.iterations.reduce((s, v) => s + v, 0) / n;
  const sp = scipy
    ? runReference(
        'ar_scipy.py',
        { msa: path, theta: 0.8, ...settings, columns, rows: rowsLimit, samples },
        threads,
      )
    : 'skipped';
  const name = `β-lactamase${quick ? ' (first 40 columns, 3000 rows)' : ''} N = ${n}, M = ${m}`;
  const rows = [
    referenceRow(
      'autoregressive',
      `train ${name}`,
      trainMs,
      sp,
      (x) => x.trainMs,
      (x) =>
        `Σf_k ${loss.toFixed(4)}, ${it.toFixed(1)} it/site${x ? ` (SciPy Σf_k ${x.loss.toFixed(4)}, ${x.iterations.toFixed(1)} it/site)` : ''}`,
    ),
    referenceRow(
      'autoregressive',
      `sample 10^4 ${name}`,
      sampleMs,
      sp,
      (x) => x.sampleMs,
      () => 'exact ancestral samples',
    ),
  ];
  if (bm) rows.push(await bmRow());
  report(rows, 60, 'bench autoregressive', threads, jsonOut);
}

await main();

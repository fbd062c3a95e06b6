/**
 * Vector-spin and classifier training against NumPy implementations of the same objectives
 * (bench/plspins_numpy.py), timed in the same run with alternating repetitions, so both sides see the same load
 * (printed before and after). Ratio = NumPy time / ours (> 1: faster).
 *
 *   node --import tsx bench/plspins.ts [--reps R] [--epochs E] [--numpy-threads K] [--json FILE]
 *
 * Rows: pseudo-likelihood training of vector spins, N = 200, d = 3, α = 0.4 (P = 80), lr 100, decay 0.999;
 * the classifier, 10 label neurons on P = 1960 binarized MNIST images (α = 10, N = 196), lr 0.2 (a stable step: at lr 1 the loss oscillates and amplifies rounding). The same data
 * go to both sides (written as .npy); the check column is each side's final loss. NumPy runs with as many BLAS
 * threads as our default (--numpy-threads K to change it; on a loaded machine one thread is often faster).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { oneHotPm, trainLabelNeurons } from '../src/core/models/pseudolikelihoodClassifier.js';
import { randomSpinPatterns, trainSpinPseudoLikelihood } from '../src/core/models/pseudolikelihoodSpins.js';
import { createRng } from '../src/core/rng/index.js';
import { encodeNpy, npyFloat64 } from '../src/data/npy.js';
import { loadBinarizedMnist } from '../src/node/mnistFiles.js';
import { defaultThreads } from '../src/node/pool.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const reps = flag('--reps', 5);
const epochs = flag('--epochs', 100);
const ji = argv.indexOf('--json');
const jsonOut = ji >= 0 ? argv[ji + 1] : '';
const threads = flag('--numpy-threads', defaultThreads());
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

interface Row {
  kind: 'plspins';
  name: string;
  ms: number;
  numpyMs: number | null;
  ratioToNumpy: number | null;
  check: number;
  numpyCheck: number | null;
  reps: number;
}

/** A NumPy process serving repetitions: `run()` resolves with its {ms, check}. */
async function numpyServer(cfg: Record<string, unknown>) {
  const child = spawn('python3', [join(root, 'bench', 'plspins_numpy.py')], {
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  child.stdin.write(`${JSON.stringify(cfg)}\n`);
  const first = await lines.next();
  if (first.done || !JSON.parse(first.value).ready) throw new Error('NumPy reference did not start');
  return {
    async run(): Promise<{ ms: number; check: number }> {
      child.stdin.write('run\n');
      const r = await lines.next();
      if (r.done) throw new Error('NumPy reference stopped');
      return JSON.parse(r.value);
    },
    stop() {
      child.stdin.end();
    },
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function row(name: string, ours: () => number, cfg: Record<string, unknown>): Promise<Row> {
  const server = await numpyServer(cfg).catch(() => null);
  const mine: number[] = [];
  const theirs: number[] = [];
  let check = 0;
  let numpyCheck: number | null = null;
  ours(); // warm-up (kernels compiled)
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    check = ours();
    mine.push(performance.now() - t);
    if (server) {
      const res = await server.run();
      theirs.push(res.ms);
      numpyCheck = res.check;
    }
  }
  server?.stop();
  const ms = median(mine);
  const numpyMs = theirs.length ? median(theirs) : null;
  return {
    kind: 'plspins',
    name,
    ms,
    numpyMs,
    ratioToNumpy: numpyMs === null ? null : numpyMs / ms,
    check,
    numpyCheck,
    reps,
  };
}

async function main(): Promise<void> {
  process.stdout.write(
    `Vector-spin and classifier training against NumPy (${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${threads} threads, ${epochs} epochs, ${reps} reps; load average ${load()}):\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-bench-'));
  const rows: Row[] = [];
  try {
    const spins = { kind: 'vector', dim: 3 } as const;
    const xi = randomSpinPatterns(createRng(1), 80, 200, spins);
    writeFileSync(join(dir, 'xi.npy'), encodeNpy(npyFloat64(xi.data, [80, 200, 3])));
    const train = { symmetry: { kind: 'asymmetric' as const }, epochs, learningRate: 100, decay: 0.999 };
    rows.push(
      await row(
        'vector spins N = 200, d = 3, α = 0.4',
        () => trainSpinPseudoLikelihood(xi, spins, train).history[epochs - 1].loss,
        { algo: 'vector', files: { xi: join(dir, 'xi.npy') }, epochs, lr: 100, decay: 0.999 },
      ),
    );
    const mnist = loadBinarizedMnist('train', { limit: 1960 });
    const p = mnist.images.p;
    const n = mnist.images.n;
    const y = oneHotPm(mnist.labels, 10);
    writeFileSync(join(dir, 'x.npy'), encodeNpy(npyFloat64(mnist.images.data, [p, n])));
    writeFileSync(join(dir, 'y.npy'), encodeNpy(npyFloat64(y, [p, 10])));
    const set = { p, n, l: 10, x: mnist.images.data, y };
    rows.push(
      await row(
        'classifier MNIST N = 196, P = 1960, 10 labels',
        () => {
          const r = trainLabelNeurons(set, { epochs, learningRate: 0.2, decay: 0.999 });
          return r.losses[epochs - 1];
        },
        {
          algo: 'classifier',
          files: { x: join(dir, 'x.npy'), y: join(dir, 'y.npy') },
          epochs,
          lr: 0.2,
          decay: 0.999,
        },
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const r of rows)
    process.stdout.write(
      `  ${r.name.padEnd(46)} ${r.ms.toFixed(1).padStart(9)} ms  NumPy ${r.numpyMs === null ? '      n/a' : r.numpyMs.toFixed(1).padStart(9)} ms  ratio ${r.ratioToNumpy === null ? 'n/a' : r.ratioToNumpy.toFixed(2)}  loss ${r.check.toPrecision(8)} (NumPy ${r.numpyCheck === null ? 'n/a' : r.numpyCheck.toPrecision(8)})\n`,
    );
  process.stdout.write(`  load average at end: ${load()}\n`);
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ command: 'bench plspins', threads, epochs, loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

await main();

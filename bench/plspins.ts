/**
 * Vector-spin, Ising and classifier training against NumPy implementations of the same objectives
 * (bench/plspins_numpy.py) and against the pseudo-likelihood library of paper 000's authors itself
 * (bench/pl_library.py, PyTorch; rows skipped with a message where PyTorch is missing), timed in the same run with
 * alternating repetitions (ours, NumPy, the library, ours, …), so all sides see the same load (printed before and
 * after). Ratio = their time / ours (> 1: we are faster).
 *
 *   node --import tsx bench/plspins.ts [--reps R] [--epochs E] [--library-epochs E2] [--threads K] [--json FILE]
 *
 * Rows: pseudo-likelihood training of vector spins, N = 200, d = 3, α = 0.4 (P = 80), lr 100, decay 0.999, d×d
 * block couplings (E epochs against NumPy, E2 against the library); Ising spins, N = 200, α = 0.4 (E2 epochs
 * against the library); the classifier, 10 label neurons on P = 1960 binarized MNIST images (α = 10, N = 196),
 * lr 0.2 (a stable step: at lr 1 the loss oscillates and amplifies rounding). The same data go to every side
 * (written as .npy); the check column is each side's final loss. Every side runs K threads (default: one per
 * core, at most 8): ours through HOPFIELD_THREADS, NumPy through OPENBLAS_NUM_THREADS/OMP_NUM_THREADS, the library
 * through torch.set_num_threads. The library runs in its default float32, ours and NumPy in float64. Each row
 * prints the ratio of wall times (the measure) and of CPU times (all threads of each process; a cross-check on a
 * loaded machine, where wall time also counts waiting for the cores).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { trainPseudoLikelihood } from '../src/core/models/pseudolikelihood.js';
import { oneHotPm, trainLabelNeurons } from '../src/core/models/pseudolikelihoodClassifier.js';
import { randomSpinPatterns, trainSpinPseudoLikelihood } from '../src/core/models/pseudolikelihoodSpins.js';
import { rademacher } from '../src/core/patterns.js';
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
const libraryEpochs = flag('--library-epochs', 20);
const ji = argv.indexOf('--json');
const jsonOut = ji >= 0 ? argv[ji + 1] : '';
const threads = flag('--threads', defaultThreads());
// our kernels read HOPFIELD_THREADS when the backend starts (on the first training call below)
process.env.HOPFIELD_THREADS = String(threads);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

interface Row {
  kind: 'plspins';
  name: string;
  reference: 'numpy' | 'library';
  epochs: number;
  ms: number;
  referenceMs: number | null;
  ratio: number | null;
  /** CPU time (all threads of each process): less sensitive to other jobs than wall time on a loaded machine. */
  cpuMs: number;
  referenceCpuMs: number | null;
  cpuRatio: number | null;
  check: number;
  referenceCheck: number | null;
  reps: number;
  note?: string;
}

/** A Python process serving repetitions (bench/plspins_numpy.py's protocol): `run()` resolves with {ms, check}. */
async function pythonServer(python: string, script: string, cfg: Record<string, unknown>) {
  const child = spawn(python, [join(root, 'bench', script)], {
    env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  child.stdin.write(`${JSON.stringify({ ...cfg, threads })}\n`);
  const first = await lines.next();
  if (first.done || !JSON.parse(first.value).ready) throw new Error(`${script} did not start`);
  return {
    async run(): Promise<{ ms: number; cpuMs: number; check: number }> {
      child.stdin.write('run\n');
      const r = await lines.next();
      if (r.done) throw new Error(`${script} stopped`);
      return JSON.parse(r.value);
    },
    stop() {
      child.stdin.end();
    },
  };
}

/** The first Python that imports torch (HOPFIELD_TORCH_PYTHON, python3, /usr/bin/python3), or null. */
function torchPython(): string | null {
  const env = process.env.HOPFIELD_TORCH_PYTHON;
  for (const py of env ? [env] : ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

type Server = Awaited<ReturnType<typeof pythonServer>>;

/**
 * One row: our run (`ours(epochs)` returns the final loss) against a reference server, alternating repetitions
 * after one warm-up of ours (kernels compiled, threads started).
 */
async function row(
  name: string,
  reference: Row['reference'],
  e: number,
  ours: (epochs: number) => number,
  start: () => Promise<Server>,
): Promise<Row> {
  let server: Server | null = null;
  let note: string | undefined;
  try {
    server = await start();
  } catch (err) {
    note = `${reference} not run: ${(err as Error).message}`;
  }
  const mine: number[] = [];
  const theirs: number[] = [];
  const mineCpu: number[] = [];
  const theirsCpu: number[] = [];
  let check = 0;
  let referenceCheck: number | null = null;
  ours(e);
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    check = ours(e);
    mine.push(performance.now() - t);
    const used = process.cpuUsage(c);
    mineCpu.push((used.user + used.system) / 1000);
    if (server) {
      const res = await server.run();
      theirs.push(res.ms);
      theirsCpu.push(res.cpuMs);
      referenceCheck = res.check;
    }
  }
  server?.stop();
  const ms = median(mine);
  const referenceMs = theirs.length ? median(theirs) : null;
  return {
    kind: 'plspins',
    name,
    reference,
    epochs: e,
    ms,
    referenceMs,
    ratio: referenceMs === null ? null : referenceMs / ms,
    cpuMs: median(mineCpu),
    referenceCpuMs: theirsCpu.length ? median(theirsCpu) : null,
    cpuRatio: theirsCpu.length ? median(theirsCpu) / median(mineCpu) : null,
    check,
    referenceCheck,
    reps,
    ...(note ? { note } : {}),
  };
}

async function main(): Promise<void> {
  process.stdout.write(
    `PL training against NumPy and the library (${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, ${threads} threads on every side, ${epochs} epochs against NumPy, ${libraryEpochs} against the library, ${reps} reps; load average ${load()}):\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-bench-'));
  const rows: Row[] = [];
  const torch = torchPython();
  const noTorch = async (): Promise<Server> => {
    throw new Error(
      'PyTorch is not installed (Debian: apt-get install python3-torch; or set HOPFIELD_TORCH_PYTHON)',
    );
  };
  const library = (cfg: Record<string, unknown>) =>
    torch ? () => pythonServer(torch, 'pl_library.py', cfg) : noTorch;
  try {
    const spins = { kind: 'vector', dim: 3 } as const;
    const xi = randomSpinPatterns(createRng(1), 80, 200, spins);
    const xiFile = join(dir, 'xi.npy');
    writeFileSync(xiFile, encodeNpy(npyFloat64(xi.data, [80, 200, 3])));
    const train = (e: number) => ({
      symmetry: { kind: 'asymmetric' as const },
      epochs: e,
      learningRate: 100,
      decay: 0.999,
    });
    const vector = (e: number) => trainSpinPseudoLikelihood(xi, spins, train(e)).history[e - 1].loss;
    const vectorCase = (e: number) => ({
      algo: 'vector',
      files: { xi: xiFile },
      epochs: e,
      lr: 100,
      decay: 0.999,
    });
    const name = 'vector spins N = 200, d = 3, α = 0.4';
    rows.push(
      await row(name, 'numpy', epochs, vector, () =>
        pythonServer('python3', 'plspins_numpy.py', vectorCase(epochs)),
      ),
    );
    rows.push(await row(name, 'library', libraryEpochs, vector, library(vectorCase(libraryEpochs))));
    const ising = rademacher(createRng(2), 80, 200);
    const isingFile = join(dir, 'ising.npy');
    writeFileSync(isingFile, encodeNpy(npyFloat64(ising.data, [80, 200, 1])));
    rows.push(
      await row(
        'Ising spins N = 200, α = 0.4',
        'library',
        libraryEpochs,
        (e) => trainPseudoLikelihood(ising, train(e)).history[e - 1].loss,
        library({ algo: 'ising', files: { xi: isingFile }, epochs: libraryEpochs, lr: 100, decay: 0.999 }),
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
        'numpy',
        epochs,
        (e) => trainLabelNeurons(set, { epochs: e, learningRate: 0.2, decay: 0.999 }).losses[e - 1],
        () =>
          pythonServer('python3', 'plspins_numpy.py', {
            algo: 'classifier',
            files: { x: join(dir, 'x.npy'), y: join(dir, 'y.npy') },
            epochs,
            lr: 0.2,
            decay: 0.999,
          }),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const r of rows) {
    const ref = r.reference === 'numpy' ? 'NumPy  ' : 'library';
    const theirs = r.referenceMs === null ? '      n/a' : r.referenceMs.toFixed(1).padStart(9);
    process.stdout.write(
      `  ${r.name.padEnd(46)} ${String(r.epochs).padStart(4)} ep ${r.ms.toFixed(1).padStart(9)} ms  ${ref} ${theirs} ms  ratio ${r.ratio === null ? 'n/a' : r.ratio.toFixed(2)} (CPU time ${r.cpuRatio === null ? 'n/a' : r.cpuRatio.toFixed(2)})  loss ${r.check.toPrecision(8)} (${r.referenceCheck === null ? 'n/a' : r.referenceCheck.toPrecision(8)})${r.note ? `  [${r.note}]` : ''}\n`,
    );
  }
  process.stdout.write(`  load average at end: ${load()}\n`);
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ command: 'bench plspins', threads, epochs, libraryEpochs, loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

await main();

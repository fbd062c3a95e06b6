/**
 * End-to-end benchmark rows (`npm run bench -- --e2e`): whole paper experiments timed in this process, each
 * beside a NumPy implementation of the same algorithm with the same sizes and steps (bench/e2e_numpy.py),
 * their repetitions alternating with ours so that both see the same machine load. Ratio = NumPy time / ours (> 1: faster).
 *
 * The step counts of the long rows are cut by default (the time per step is constant, so the ratio is not);
 * `--e2e-full` runs the sizes of issue 15 in full (PL N = 1000 for 1000 epochs, MNIST for 200 epochs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { patternCount } from '../src/core/models/dense.js';
import { trainPseudoLikelihood } from '../src/core/models/pseudolikelihood.js';
import { type PatternSet, rademacher } from '../src/core/patterns.js';
import { createRng } from '../src/core/rng/index.js';
import { eaInstance, geometricTemperatures, parallelTempering } from '../src/data/spinGlass.js';
import { capacityExperiment, phaseDiagramExperiment } from '../src/experiments/classical/run.js';
import { endDistanceExperiment } from '../src/experiments/dense/run.js';
import { synapticExperiment } from '../src/experiments/lagrangian/run.js';
import { loadBinarizedMnist } from '../src/node/mnistFiles.js';
import { readAlignment } from '../src/node/msaFile.js';
import { defaultThreads } from '../src/node/pool.js';
import { sequenceWeightsThreads, trainPottsThreads } from '../src/node/potts.js';

/** One end-to-end row of the `--json` output. */
export interface E2ERow {
  readonly kind: 'e2e';
  readonly name: string;
  readonly ms: number;
  readonly numpyMs: number | null;
  readonly ratioToNumpy: number | null;
  /** Repetitions whose median is `ms` (NumPy: the same count). */
  readonly reps: number;
}

interface E2ECase {
  readonly name: string;
  readonly algo:
    | 'pl-train'
    | 'capacity'
    | 'dense-end-distance'
    | 'phase-diagram'
    | 'spin-glass-pt'
    | 'synaptic'
    | 'potts-train';
  readonly params: Record<string, number | string>;
  /** Our run; returns a number from the result (printed beside NumPy's as a sanity check). */
  readonly ours: () => number | Promise<number>;
  /** Repetitions of this row when fewer than the bench's (long rows). */
  readonly maxReps?: number;
  /** The reference run when it is not bench/e2e_numpy.py (ms and check value, or why it failed). */
  readonly reference?: () => { ms: number; check: number | null } | string;
  readonly cleanup?: () => void;
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

function plCase(name: string, xi: PatternSet, epochs: number, data?: string): E2ECase {
  const params = { p: xi.p, n: xi.n, epochs, lr: 100, decay: 0.999, ...(data ? { data } : {}) };
  return {
    name,
    algo: 'pl-train',
    params,
    ours: () => {
      const r = trainPseudoLikelihood(xi, {
        symmetry: { kind: 'asymmetric' },
        epochs,
        learningRate: params.lr,
        decay: params.decay,
      });
      return r.history[r.history.length - 1].loss;
    },
  };
}

function cases(full: boolean, only: readonly string[]): E2ECase[] {
  const list: E2ECase[] = [];
  const want = (name: string) => only.length === 0 || only.some((o) => name.includes(o));
  const rng = createRng(1);
  const [r200, r1000] = rng.split(2); // one stream per row: the data does not depend on the rows selected
  if (want('pl-train N=200'))
    list.push(plCase('pl-train N=200 α=0.4, 1000 epochs', rademacher(r200, 80, 200), 1000));
  if (want('pl-train N=1000')) {
    const e = full ? 1000 : 100;
    list.push(plCase(`pl-train N=1000 α=0.4, ${e} epochs`, rademacher(r1000, 400, 1000), e));
  }
  if (want('pl-train MNIST')) {
    try {
      const { images } = loadBinarizedMnist('train', { limit: 1960 });
      const dir = mkdtempSync(join(tmpdir(), 'hopfield-e2e-'));
      const file = join(dir, 'mnist.i8');
      writeFileSync(file, Int8Array.from(images.data));
      const e = full ? 200 : 20;
      list.push({
        ...plCase(`pl-train MNIST α=10 (N=196, P=1960), ${e} epochs`, images, e, file),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      });
    } catch (err) {
      process.stderr.write(`e2e: MNIST row skipped (${err instanceof Error ? err.message : String(err)})\n`);
    }
  }
  if (want('capacity')) {
    const params = { n: 2000, p: 200, maxSweeps: 100 };
    list.push({
      name: 'capacity hebb parallel N=2000 α=0.1',
      algo: 'capacity',
      params,
      ours: () =>
        capacityExperiment(
          {
            rule: 'hebb',
            n: params.n,
            alpha: [params.p / params.n],
            trials: 1,
            dynamics: 'parallel',
            maxSweeps: params.maxSweeps,
          },
          createRng(1),
        )[0].meanOverlap,
    });
  }
  if (want('dense')) {
    const params = { n: 120, p: patternCount(0.1, 120), lambdas: '0.08,0.2', trials: 4 };
    list.push({
      name: `dense end-distance N=120 α=0.1 (P=${params.p}), 4 trials, λ=0.08,0.2`,
      algo: 'dense-end-distance',
      params,
      ours: () => {
        const rows = endDistanceExperiment(
          { ensemble: 'spherical', n: [120], alpha: 0.1, lambda: [0.08, 0.2], trials: params.trials },
          createRng(1),
        );
        return rows.reduce((s, r) => s + r.meanDistance, 0) / rows.length;
      },
    });
  }
  if (want('phase-diagram')) list.push(phaseDiagramCase(full));
  if (want('spin-glass')) list.push(spinGlassCase(full));
  if (want('synaptic')) list.push(synapticCase());
  if (want('potts')) {
    const msa = join(root, '..', 'shared', 'data', 'msa', 'PF00014.fasta');
    list.push(pottsCase(msa));
  }
  return list;
}

/** Paper 004 Listing 3: Metropolis from a 20 %-corrupted pattern, N = 400, 10 loads × 10 temperatures, 50 sweeps. */
function phaseDiagramCase(full: boolean): E2ECase {
  const params = { n: 400, alphas: '0.02:0.2:0.02', temperatures: '0.15:1.5:0.15', flip: 0.2, sweeps: 50 };
  const trials = full ? 3 : 1;
  const grid = (a: number, step: number) => Array.from({ length: 10 }, (_, k) => +(a + k * step).toFixed(10));
  return {
    name: `phase-diagram metropolis N=400 10×10, 50 sweeps, ${trials} trial${trials > 1 ? 's' : ''}`,
    algo: 'phase-diagram',
    params: { ...params, trials },
    ours: () => {
      const rows = phaseDiagramExperiment(
        {
          rule: 'hebb',
          n: params.n,
          alpha: grid(0.02, 0.02),
          temperature: grid(0.15, 0.15),
          flip: params.flip,
          dynamics: 'metropolis',
          sweeps: params.sweeps,
          trials,
        },
        createRng(1),
      );
      return rows.reduce((s, r) => s + r.meanOverlap, 0) / rows.length;
    },
  };
}

/** Paper 000 Appendix C: 2D EA spin glass L = 32, 10 replicas from T = 0.99 to 3 (the CLI's ladder), fewer sweeps. */
function spinGlassCase(full: boolean): E2ECase {
  const params = {
    l: 32,
    tMin: 0.99,
    tMax: 3,
    replicas: 10,
    burnIn: full ? 2000 : 1000,
    thinning: 10,
    samples: full ? 1000 : 100,
  };
  return {
    name: `spin-glass parallel tempering L=32, ${params.burnIn + params.samples * params.thinning} sweeps × 10 replicas`,
    algo: 'spin-glass-pt',
    params,
    ours: () => {
      const rng = createRng(1);
      const [rInst, rRun] = rng.split(2);
      const inst = eaInstance(rInst, params.l);
      const r = parallelTempering(
        inst,
        {
          temperatures: geometricTemperatures(params.tMin, params.tMax, params.replicas),
          burnIn: params.burnIn,
          thinning: params.thinning,
          samples: params.samples,
        },
        rRun,
      );
      return r.energies.reduce((s, e) => s + e, 0) / r.energies.length / inst.n;
    },
  };
}

/** Paper 002 Appendix B.2 (Fig. 1) at the paper's size: N_v = 50, N_h = 4, 2000 steps, τ_Ξ = 250, σ = 0.4, β = 2. */
function synapticCase(): E2ECase {
  const params = { nv: 50, nh: 4, steps: 2000, tau: 250, noise: 0.4, beta: 2, every: 20 };
  return {
    name: 'synaptic Appendix B N_v=50 N_h=4, 2000 steps',
    algo: 'synaptic',
    params,
    ours: () => {
      const r = synapticExperiment(
        {
          nv: params.nv,
          nh: params.nh,
          steps: params.steps,
          tau: params.tau,
          noise: params.noise,
          beta: params.beta,
          every: params.every,
        },
        createRng(1),
      );
      return r.finalSimilarity.reduce((s, v) => s + v, 0) / r.finalSimilarity.length;
    },
  };
}

/** Potts pseudo-likelihood on PF00014 with weights, against bench/potts_scipy.py (the protein issue's reference). */
function pottsCase(msaPath: string): E2ECase {
  const settings = { lambdaH: 0.01, lambdaJ: 0.01, gtol: 1e-5, ftol: 1e-7, maxIterations: 500, theta: 0.8 };
  return {
    name: 'potts PL training PF00014 (weights + L-BFGS)',
    algo: 'potts-train',
    params: { msa: msaPath, ...settings },
    maxReps: 1,
    reference: () => scipyPotts(msaPath, settings),
    ours: async () => {
      const msa = readAlignment(msaPath);
      const threads = defaultThreads();
      const w = await sequenceWeightsThreads(msa, settings.theta, threads);
      const r = await trainPottsThreads(
        msa,
        w.weights,
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
      return r.loss.reduce((s, v) => s + v, 0);
    },
  };
}

/** The SciPy reference of the Potts row: one run of bench/potts_scipy.py (weights + training, in ms). */
function scipyPotts(
  msa: string,
  settings: Record<string, number>,
): { ms: number; check: number | null } | string {
  const threads = String(defaultThreads());
  const r = spawnSync(
    'python3',
    [join(root, 'bench', 'potts_scipy.py'), JSON.stringify({ msa, ...settings, task: 'train' })],
    {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads },
    },
  );
  if (r.error) return `python3 failed: ${r.error.message}`;
  if (r.status !== 0) return `SciPy run failed: ${r.stderr.trim().split('\n').pop()}`;
  const out = JSON.parse(r.stdout) as { weightsMs: number; trainMs: number; loss: number };
  return { ms: out.weightsMs + out.trainMs, check: out.loss };
}

type Timed = { ms: number; check: number | null };

/**
 * bench/e2e_numpy.py in serve mode for one row: it makes its data, then times one repetition per `next()`, so
 * that NumPy's repetitions alternate with ours and both sides see the same minutes of this machine's load.
 */
async function numpyServer(
  c: E2ECase,
  threads?: number,
): Promise<{ next: () => Promise<Timed>; close: () => void } | string> {
  const env = threads
    ? { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }
    : process.env;
  const child = spawn('python3', [join(root, 'bench', 'e2e_numpy.py')], { env });
  let failure = '';
  child.on('error', (e) => {
    failure = `python3 failed: ${e.message}`;
  });
  child.stderr.on('data', (d: Buffer) => {
    failure = `NumPy run failed: ${String(d).trim().split('\n').pop()}`;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const read = async (): Promise<{ ms?: number; check?: number; error?: string; ready?: boolean }> => {
    const r = await lines.next();
    if (r.done) throw new Error(failure || 'NumPy run ended early');
    return JSON.parse(r.value);
  };
  const close = () => {
    child.stdin.end();
    child.kill();
  };
  child.stdin.write(`${JSON.stringify({ name: c.name, algo: c.algo, params: c.params, serve: true })}\n`);
  try {
    const first = await read();
    if (!first.ready) throw new Error(first.error ?? 'no ready line');
  } catch (e) {
    close();
    return e instanceof Error ? e.message : String(e);
  }
  return {
    next: async () => {
      child.stdin.write('run\n');
      const out = await read();
      if (out.error || out.ms === undefined) throw new Error(out.error ?? 'no time reported');
      return { ms: out.ms, check: out.check ?? null };
    },
    close,
  };
}

function medianOf(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** Run the end-to-end rows; prints one line per row through `log`. */
export async function e2eRows(opts: {
  full: boolean;
  reps: number;
  numpy: boolean;
  only?: readonly string[];
  /** BLAS threads of the NumPy runs (default: NumPy's own choice, one per core). */
  numpyThreads?: number;
  log: (line: string) => void;
}): Promise<E2ERow[]> {
  const rows: E2ERow[] = [];
  for (const c of cases(opts.full, opts.only ?? [])) {
    try {
      const reps = Math.min(opts.reps, c.maxReps ?? opts.reps);
      const r = await timeRow(c, reps, opts.numpy, opts.numpyThreads);
      const ms = medianOf(r.ours);
      const numpyMs = r.numpy.length > 0 ? medianOf(r.numpy) : null;
      rows.push({
        kind: 'e2e',
        name: c.name,
        ms,
        numpyMs,
        ratioToNumpy: numpyMs === null ? null : numpyMs / ms,
        reps,
      });
      const npText =
        numpyMs === null ? r.note : `NumPy ${numpyMs.toFixed(0)} ms (check ${fmt(r.numpyCheck)})`;
      opts.log(
        `  ${c.name.padEnd(48)} ours ${ms.toFixed(0).padStart(7)} ms (check ${fmt(r.check)})   ${npText}` +
          (numpyMs === null ? '' : `   ratio ${(numpyMs / ms).toFixed(2)}`),
      );
    } finally {
      c.cleanup?.();
    }
  }
  return rows;
}

/**
 * Our repetitions of one row and NumPy's, alternating (NumPy's first, then ours, `reps` times; a row with its own
 * reference runs that once before ours).
 */
async function timeRow(
  c: E2ECase,
  reps: number,
  numpy: boolean,
  numpyThreads?: number,
): Promise<{ ours: number[]; check: number; numpy: number[]; numpyCheck: number | null; note: string }> {
  const out = {
    ours: [] as number[],
    check: 0,
    numpy: [] as number[],
    numpyCheck: null as number | null,
    note: '',
  };
  const record = (t: Timed | string) => {
    if (typeof t === 'string') out.note = t;
    else {
      out.numpy.push(t.ms);
      out.numpyCheck = t.check;
    }
  };
  let live: Exclude<Awaited<ReturnType<typeof numpyServer>>, string> | null = null;
  if (!numpy) out.note = 'NumPy skipped';
  else if (c.reference) record(c.reference());
  else {
    const server = await numpyServer(c, numpyThreads);
    if (typeof server === 'string') record(server);
    else live = server;
  }
  try {
    if (c.maxReps === undefined) await c.ours(); // warm-up: wasm compilation, thread start-up
    for (let k = 0; k < reps; k++) {
      if (live) {
        try {
          record(await live.next());
        } catch (e) {
          out.numpy = []; // a failed NumPy run voids its row
          out.note = e instanceof Error ? e.message : String(e);
          live.close();
          live = null;
        }
      }
      const t0 = performance.now();
      out.check = await c.ours();
      out.ours.push(performance.now() - t0);
    }
  } finally {
    live?.close();
  }
  return out;
}

function fmt(v: number | null): string {
  return v === null ? '—' : Number(v.toPrecision(6)).toString();
}

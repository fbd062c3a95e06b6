/**
 * End-to-end benchmark rows (`npm run bench -- --e2e`): whole paper experiments timed in this process, each
 * beside a NumPy implementation of the same algorithm with the same sizes and steps (bench/e2e_numpy.py),
 * timed right before it so that both see the same machine load. Ratio = NumPy time / ours (> 1: faster).
 *
 * The step counts of the long rows are cut by default (the time per step is constant, so the ratio is not);
 * `--e2e-full` runs the sizes of issue 15 in full (PL N = 1000 for 1000 epochs, MNIST for 200 epochs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patternCount } from '../src/core/models/dense.js';
import { trainPseudoLikelihood } from '../src/core/models/pseudolikelihood.js';
import { type PatternSet, rademacher } from '../src/core/patterns.js';
import { createRng } from '../src/core/rng/index.js';
import { loadBinarizedMnist } from '../src/data/mnistFiles.js';
import { capacityExperiment } from '../src/experiments/classical.js';
import { endDistanceExperiment } from '../src/experiments/dense.js';

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
  readonly algo: 'pl-train' | 'capacity' | 'dense-end-distance';
  readonly params: Record<string, number | string>;
  /** Our run; returns a number from the result (printed beside NumPy's as a sanity check). */
  readonly ours: () => number;
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
            rule: { kind: 'hebb' },
            n: params.n,
            alphas: [params.p / params.n],
            trials: 1,
            dynamics: { kind: 'parallel' },
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
          { ensemble: 'spherical', ns: [120], alpha: 0.1, lambdas: [0.08, 0.2], trials: params.trials },
          createRng(1),
        );
        return rows.reduce((s, r) => s + r.meanDistance, 0) / rows.length;
      },
    });
  }
  return list;
}

function numpyCase(
  c: E2ECase,
  reps: number,
  threads?: number,
): { ms: number; check: number | null } | string {
  const env = threads
    ? { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }
    : process.env;
  const r = spawnSync('python3', [join(root, 'bench', 'e2e_numpy.py')], {
    env,
    input: JSON.stringify({ name: c.name, algo: c.algo, params: c.params, reps }),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.error) return `python3 failed: ${r.error.message}`;
  if (r.status !== 0) return `NumPy run failed: ${r.stderr.trim().split('\n').pop()}`;
  const out = JSON.parse(r.stdout) as { ms?: number; check?: number; error?: string };
  if (out.error || out.ms === undefined) return out.error ?? 'no time reported';
  return { ms: out.ms, check: out.check ?? null };
}

function medianOf(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** Run the end-to-end rows; prints one line per row through `log`. */
export function e2eRows(opts: {
  full: boolean;
  reps: number;
  numpy: boolean;
  only?: readonly string[];
  /** BLAS threads of the NumPy runs (default: NumPy's own choice, one per core). */
  numpyThreads?: number;
  log: (line: string) => void;
}): E2ERow[] {
  const rows: E2ERow[] = [];
  for (const c of cases(opts.full, opts.only ?? [])) {
    try {
      const np = opts.numpy ? numpyCase(c, opts.reps, opts.numpyThreads) : 'NumPy skipped';
      c.ours(); // warm-up: wasm compilation, thread start-up
      const times: number[] = [];
      let check = 0;
      for (let k = 0; k < opts.reps; k++) {
        const t0 = performance.now();
        check = c.ours();
        times.push(performance.now() - t0);
      }
      const ms = medianOf(times);
      const numpyMs = typeof np === 'string' ? null : np.ms;
      rows.push({
        kind: 'e2e',
        name: c.name,
        ms,
        numpyMs,
        ratioToNumpy: numpyMs === null ? null : numpyMs / ms,
        reps: opts.reps,
      });
      const npText = typeof np === 'string' ? np : `NumPy ${np.ms.toFixed(0)} ms (check ${fmt(np.check)})`;
      opts.log(
        `  ${c.name.padEnd(48)} ours ${ms.toFixed(0).padStart(7)} ms (check ${fmt(check)})   ${npText}` +
          (numpyMs === null ? '' : `   ratio ${(numpyMs / ms).toFixed(2)}`),
      );
    } finally {
      c.cleanup?.();
    }
  }
  return rows;
}

function fmt(v: number | null): string {
  return v === null ? '—' : Number(v.toPrecision(6)).toString();
}

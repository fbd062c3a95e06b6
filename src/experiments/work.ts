/**
 * Work of a run, estimated before it starts. Each registry entry's `work(config)` counts the operations of its
 * heaviest loops from its parameters, by kernel kind (one count per kind: the loops of a kind run at about the same
 * speed), e.g. PL training ≈ epochs·P·N² `couplings` operations, Potts sampling ≈ (burn-in + samples·thinning)·
 * chains·N²·q `potts` operations. {@link workSeconds} turns the counts into seconds with one rate per kind.
 *
 * The rates are operations per second of whole runs on the reference machine (2 cores, Node 20, wasm backend),
 * measured by the bench row named beside each rate (`node --import tsx bench/work.ts` prints every row's measured
 * rate and its ratio to the rate here). They are meant to be right within a factor of about 3: enough to say
 * "about 14 min" before a run and to refuse one past --max-minutes.
 */
import { inflateIfGzip } from '../data/msa.js';
import type { LoadedDir, LoadedFile } from './params.js';

/** Kinds of loops whose speed differs. */
export type WorkKind = 'couplings' | 'spins' | 'potts' | 'scalar';

/** Operations of a run by kind (absent kinds: none). */
export type WorkOps = Partial<Record<WorkKind, number>>;

/**
 * Operations per second of each kind on the reference machine (2 cores, Node 20, wasm backend), and the bench row
 * of bench/work.ts that measures it (CPU time per thread used, so that a loaded machine measures what a quiet one
 * would take; measured at load 22 on 2 cores, 2026-12-05):
 * - couplings: multiply–adds of matrix arithmetic through the linalg kernels (PL gradients, Hebb sums, attention
 *   steps); row `couplings: pl train N=200 α=0.4 epochs=300` (one epoch ≈ 2·P·N² multiply–adds): 7.9e9 measured.
 * - spins: field updates of spin dynamics (a zero-temperature or Monte Carlo sweep ≈ N² operations); row
 *   `spins: phase-diagram N=400 5×5 sweeps=50`: 4.5e8 measured.
 * - potts: Potts operations (an L-BFGS iteration ≈ 2·M·N²·q, a Gibbs sweep ≈ N²·q) on worker threads; rows
 *   `potts: train N=53 M=300` (4.9e8) and `potts: sample N=53 chains=2 burn-in=2000` (1.9e8).
 * - scalar: plain JavaScript arithmetic (theory solvers, integrators of the Lagrangian networks); rows
 *   `scalar: lagrangian synaptic nv=200 nh=20 steps=2000` (2.0e8) and `scalar: theory ags-phase-diagram points=12`.
 */
export const OPS_PER_SECOND: Readonly<Record<WorkKind, number>> = {
  couplings: 5e9,
  spins: 4e8,
  potts: 3e8,
  scalar: 2e8,
};

/** Estimated seconds of a run from its operation counts. */
export function workSeconds(ops: WorkOps): number {
  let s = 0;
  for (const [k, v] of Object.entries(ops) as [WorkKind, number | undefined][])
    if (v) s += v / OPS_PER_SECOND[k];
  return s;
}

/**
 * Potts operations of comparing every sequence of one set with every one of another (sequence weights, nearest
 * natural sequence): bit-parallel, eight letters per 32-bit word (`neighbourCountsPacked` in data/msa.ts), so
 * m1·m2·N/8 word operations.
 */
export const sequenceComparisons = (m1: number, m2: number, n: number): number => (m1 * m2 * n) / 8;

/** The sum of a list (loads, sizes) mapped by `f`. */
export const sumOf = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);

/** P = max(1, round(αN)) as the experiments draw it. */
export const patternsAt = (alpha: number, n: number): number => Math.max(1, Math.round(alpha * n));

/**
 * Sequences M and columns N of an alignment file, counted without decoding it: records are `>` lines, columns are
 * the uppercase letters and gaps of the first record (A2M inserts in lowercase are dropped, as the decoder does).
 */
export async function alignmentShape(file: LoadedFile): Promise<{ m: number; n: number }> {
  const bytes = await inflateIfGzip(file.bytes, file.name).catch(() => file.bytes);
  let m = 0;
  let n = 0;
  let inFirst = false;
  let lineStart = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (lineStart && b === 62 /* > */) {
      m++;
      inFirst = m === 1;
      while (i < bytes.length && bytes[i] !== 10) i++;
      lineStart = true;
      continue;
    }
    lineStart = b === 10;
    if (inFirst && ((b >= 65 && b <= 90) || b === 45)) n++;
  }
  return { m, n };
}

/**
 * N and q of a saved Potts or autoregressive model, from its params (written first), and whether it is
 * autoregressive; undefined if unreadable.
 */
export function modelShape(file: LoadedFile): { n: number; q: number; autoregressive: boolean } | undefined {
  const head = new TextDecoder().decode(file.bytes.subarray(0, 4096));
  const n = /"n"\s*:\s*(\d+)/.exec(head);
  const q = /"q"\s*:\s*(\d+)/.exec(head);
  const autoregressive = /"type"\s*:\s*"[^"]*autoregressive"/.test(head);
  return n ? { n: Number(n[1]), q: q ? Number(q[1]) : 21, autoregressive } : undefined;
}

/** Bytes of a folder's files (decoding work of audio folders grows with it). */
export const dirBytes = (dir: LoadedDir | undefined): number =>
  dir ? sumOf(dir.files, (f) => f.bytes.length) : 0;

/**
 * Multiply–adds of building couplings from P patterns of N by a rule: Hebb P·N², Storkey ≈ 3·P·N² (the local
 * fields each step), pseudo-inverse P·N² + P²·N + P³ (the overlap matrix, its inverse and the product).
 */
export function ruleOps(rule: string, p: number, n: number): number {
  if (rule === 'storkey') return 3 * p * n * n;
  if (rule === 'pinv') return p * n * n + p * p * n + p * p * p;
  return p * n * n;
}

/** The operations of several parts (loads, sizes) of a run, added by kind. */
export function sumWork<T>(xs: readonly T[], f: (x: T) => WorkOps): WorkOps {
  const out: Record<string, number> = {};
  for (const x of xs)
    for (const [k, v] of Object.entries(f(x))) if (v !== undefined) out[k] = (out[k] ?? 0) + v;
  return out as WorkOps;
}

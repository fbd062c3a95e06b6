/**
 * Pseudo-likelihood experiments on vector and continuous spins (core/models/pseudolikelihoodSpins.ts): reading
 * P×N×d pattern files, and the retrieval map and fixed-point test against the spin dimension d and the load α.
 * Config in, rows out, no I/O beyond the one pattern-file read that every `--patterns` flag does.
 */
import {
  checkSpinPatterns,
  type PLSpins,
  randomSpinPatterns,
  type SpinPatterns,
  spinDim,
  spinRetrievalMap,
  trainSpinPseudoLikelihood,
} from '../../core/models/pseudolikelihoodSpins.js';
import type { Rng } from '../../core/rng/index.js';
import { ParamError } from '../../core/validate.js';
import { decodeNpy, npyToFloat64 } from '../../data/npy.js';
import type { ConfigOf, LoadedDir, LoadedFile } from '../params.js';
import type { ExperimentHooks } from '../types.js';
import type { spinMapParams, spinSpecs } from './params.js';
import { plTraining } from './run.js';

/** The spin type of --spins, --dim and --gamma (vector d = 1 is the Ising case; continuous spins take d = 1). */
export function plSpinsOf(c: ConfigOf<typeof spinSpecs>): PLSpins {
  return c.spins === 'continuous' ? { kind: 'continuous', gamma: c.gamma } : { kind: 'vector', dim: c.dim };
}

/**
 * Spin patterns from `.npy` bytes: shape P × N × d (the library's layout; continuous spins also P × N), entries
 * checked by checkSpinPatterns (unit vectors within 1e-6 for vector spins). Errors are ParamErrors of `param`.
 */
export function spinPatternsFromNpy(
  bytes: Uint8Array,
  name: string,
  spins: PLSpins,
  param = 'patterns',
): SpinPatterns {
  const d = spinDim(spins);
  let arr: ReturnType<typeof decodeNpy>;
  try {
    arr = decodeNpy(bytes, name);
  } catch (e) {
    throw new ParamError(param, `: ${(e as Error).message}`);
  }
  const shape = arr.shape;
  const rankOk = shape.length === 3 || (spins.kind === 'continuous' && shape.length === 2);
  if (!rankOk)
    throw new ParamError(
      param,
      `: ${name} must be a .npy array of shape P × N × d${spins.kind === 'continuous' ? ' or P × N' : ''} for --spins ${spins.kind} (got shape ${shape.length === 0 ? '()' : shape.join(' × ')}, rank ${shape.length})`,
    );
  const [p, n] = shape;
  const fileD = shape.length === 3 ? shape[2] : 1;
  if (fileD !== d) throw new ParamError(param, `: ${name} has spin dimension d = ${fileD} but --dim is ${d}`);
  if (p < 1 || n < 2)
    throw new ParamError(param, `: ${name} must hold P ≥ 1 patterns of N ≥ 2 spins (got ${p} × ${n})`);
  const x: SpinPatterns = { p, n, d, data: npyToFloat64(arr) };
  try {
    checkSpinPatterns(x, spins, name);
  } catch (e) {
    throw new ParamError(param, `: ${(e as Error).message}`);
  }
  return x;
}

/** `--patterns FILE` (bytes the surface read) as spin patterns; a folder is refused in one line. */
export async function spinPatternsFromFile(
  source: LoadedFile | LoadedDir,
  spins: PLSpins,
): Promise<SpinPatterns> {
  if (!('bytes' in source))
    throw new ParamError(
      'patterns',
      `: ${source.name}: a folder of images holds ±1 patterns; vector and continuous spins need a .npy file`,
    );
  return spinPatternsFromNpy(source.bytes, source.name, spins);
}

/** The first P patterns of a set. */
export function firstSpinPatterns(x: SpinPatterns, p: number): SpinPatterns {
  return p === x.p ? x : { ...x, p, data: x.data.slice(0, p * x.n * x.d) };
}

/**
 * `pl vector-map`'s values: vector spins (one run per entry of `dim`) or continuous spins (`dim` must be [1]) of
 * precision `gamma`.
 */
export type SpinMapConfig = Omit<ConfigOf<typeof spinMapParams>, 'maxMemory'>;

/** One row: the mean final overlap from initial overlap m0 at spin dimension d and load α. */
export interface SpinMapRow {
  readonly dim: number;
  readonly alpha: number;
  readonly p: number;
  readonly m0: number;
  readonly meanOverlap: number;
  readonly std: number;
  readonly success: number;
  readonly converged: number;
}

/**
 * For each spin dimension d and load α: draw P = round(αN) patterns uniform on S^{d−1} (continuous spins: N(0, 1)),
 * train by pseudo-likelihood and measure the retrieval map m_F(m_IN) of (up to `probe`) training patterns
 * (spinRetrievalMap). m_IN = 1 tests whether the patterns are fixed points.
 */
export function spinMapExperiment(cfg: SpinMapConfig, rng: Rng, hooks: ExperimentHooks = {}): SpinMapRow[] {
  const rows: SpinMapRow[] = [];
  const total = cfg.dim.length * cfg.alpha.length * cfg.trials;
  let done = 0;
  for (const dim of cfg.dim) {
    const spins = plSpinsOf({ ...cfg, dim });
    for (const alpha of cfg.alpha) {
      const p = Math.max(1, Math.round(alpha * cfg.n));
      const acc = cfg.m0.map(() => ({ meanOverlap: 0, sq: 0, success: 0, converged: 0 }));
      for (let t = 0; t < cfg.trials; t++) {
        const [rData, rMap] = rng.split(2);
        const xi = randomSpinPatterns(rData, p, cfg.n, spins);
        const res = trainSpinPseudoLikelihood(xi, spins, {
          symmetry: { kind: 'asymmetric' },
          ...plTraining(cfg),
        });
        const map = spinRetrievalMap(res.couplings, xi, spins, cfg.m0, rMap, {
          probe: cfg.probe,
          maxSteps: cfg.maxSweeps,
        });
        map.forEach((pt, k) => {
          acc[k].meanOverlap += pt.meanOverlap;
          acc[k].sq += pt.meanOverlap * pt.meanOverlap;
          acc[k].success += pt.success;
          acc[k].converged += pt.converged;
        });
        hooks.onProgress?.(++done, total);
      }
      cfg.m0.forEach((m0, k) => {
        const mean = acc[k].meanOverlap / cfg.trials;
        rows.push({
          dim,
          alpha,
          p,
          m0,
          meanOverlap: mean,
          std: cfg.trials > 1 ? Math.sqrt(Math.max(0, acc[k].sq / cfg.trials - mean * mean)) : 0,
          success: acc[k].success / cfg.trials,
          converged: acc[k].converged / cfg.trials,
        });
      });
    }
  }
  return rows;
}

/**
 * Measured capacity per spin dimension: the largest α of the rows at which the patterns stay fixed points
 * (mean m_F ≥ `threshold` from m_IN = 1) with every smaller α of the grid passing too; 0 when none passes.
 */
export function spinCapacity(
  rows: readonly SpinMapRow[],
  threshold = 0.99,
): { dim: number; alpha: number }[] {
  const dims = [...new Set(rows.map((r) => r.dim))];
  return dims.map((dim) => {
    const fixed = rows.filter((r) => r.dim === dim && r.m0 === 1).sort((a, b) => a.alpha - b.alpha);
    let alpha = 0;
    for (const r of fixed) {
      if (r.meanOverlap < threshold) break;
      alpha = r.alpha;
    }
    return { dim, alpha };
  });
}

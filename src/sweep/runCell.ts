/**
 * Running one cell: load its input files (on the machine that runs it), check the config, run the experiment on
 * a generator seeded with the cell's seed. The same function runs in the local pool's threads and in the queue
 * workers, so a cell's rows do not depend on where it ran.
 */
import { type BackendName, backendByName, setBackend } from '../core/linalg/index.js';
import { createRng } from '../core/rng/index.js';
import { findExperiment } from '../experiments/registry/index.js';
import { hasInputs, loadInputs } from '../node/inputs.js';
import type { CellTask } from './cells.js';

/** What a cell returns (stored in the journal). */
export interface CellResult {
  readonly rows: readonly object[];
  readonly extra?: Record<string, unknown>;
  readonly ms: number;
  /**
   * Peak resident memory of the process that ran the cell when it ended, MiB (`getrusage` maxrss: a high-water
   * mark of the whole process, threads included, so an upper bound of the cell's own peak).
   */
  readonly peakMiB?: number;
}

/** The part of a task a runner needs. */
export type CellInput = Pick<CellTask, 'experiment' | 'key' | 'seed' | 'config'>;

/** Install a compute backend by name in this thread (the default when undefined). */
export function useBackend(name: BackendName | undefined): void {
  if (name !== undefined) setBackend(backendByName(name));
}

/** Run one cell. Throws the experiment's error (the caller records it with the cell's key). */
export async function runCell(cell: CellInput): Promise<CellResult> {
  const t0 = performance.now();
  const e = findExperiment(cell.experiment);
  if (!e) throw new Error(`unknown experiment "${cell.experiment}" (is this worker's package older?)`);
  const config = hasInputs(e.params) ? loadInputs(e.params, { ...cell.config }) : { ...cell.config };
  e.check?.(config);
  const out = await e.run(config, createRng(cell.seed), { seed: cell.seed });
  const ms = performance.now() - t0;
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
  return out.extra === undefined
    ? { rows: out.rows, ms, peakMiB }
    : { rows: out.rows, extra: out.extra, ms, peakMiB };
}

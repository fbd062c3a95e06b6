/**
 * Registry experiments in the worker: the page sends an experiment id, a config (checked here by the entry's
 * own specs, the same words as the command line) and a seed; the entry's `check` and `run` do the rest, so a
 * panel's numbers are the command's numbers for the same seed.
 */
import { createRng } from '../../../src/core/rng/index.js';
import { phaseDiagram, retrievalMap } from '../../../src/experiments/classical/entries.js';
import { endDistance } from '../../../src/experiments/dense/entries.js';
import { checkParam } from '../../../src/experiments/params.js';
import type { AnyExperiment } from '../../../src/experiments/registry/types.js';
import { agsPhaseLines } from '../../../src/experiments/theory/run.js';
import type { Handler } from '../protocol.js';

const entries = new Map<string, AnyExperiment>();

/** Make experiments available to `experiment.run`. */
export function offer(...list: AnyExperiment[]): void {
  for (const e of list) entries.set(e.id, e);
}
offer(phaseDiagram, retrievalMap, endDistance);

export const experimentHandlers: Record<string, Handler> = {
  /** Run a registry experiment: `{ id, config, seed }` → `{ rows, extra, summary }`, progress as (done, total). */
  'experiment.run': (async (a: { id: string; config: Record<string, unknown>; seed: number }, progress) => {
    const e = entries.get(a.id);
    if (!e) throw new Error(`experiment ${a.id} is not available in the page`);
    const config: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(e.params)) {
      if (spec.kind === 'inputFile' || spec.kind === 'inputDir') config[k] = a.config[k];
      else if (spec.kind !== 'outputFile') config[k] = checkParam(k, spec, a.config[k]);
    }
    e.check?.(config as never);
    let last = 0;
    const out = await e.run(config as never, createRng(a.seed), {
      seed: a.seed,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - last > 100 || done === total) {
          last = now;
          progress({ done, total });
        }
      },
    });
    return { rows: out.rows, extra: out.extra ?? null, summary: out.summary ?? null };
  }) as Handler,

  /** The AGS lines T_g, T_M, T_c (paper 004 Fig. 6) as rows {line, alpha, temperature}. */
  'theory.agsLines': ((a: { temperatures: number; alphaMax: number }) =>
    agsPhaseLines({ points: a.temperatures, alphaMax: a.alphaMax })) as Handler,
};

/**
 * Registry experiments in the worker: the page sends an experiment id, a config (checked here by the entry's
 * own specs, the same words as the command line) and a seed; the entry's `check` and `run` do the rest, so a
 * panel's numbers are the command's numbers for the same seed. Every computation a panel shows as a result goes
 * through this one message (test/web/panelEntries.test.ts lists them by id).
 */
import { createRng } from '../../../src/core/rng/index.js';
import { checkParam } from '../../../src/experiments/params.js';
import { experimentsOfWord } from '../../../src/experiments/registry/families.js';
import type { AnyExperiment, OutputFileContent } from '../../../src/experiments/registry/types.js';
import type { Handler } from '../protocol.js';

/** The arguments of `experiment.run`. */
export interface EntryRunArgs {
  readonly id: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed: number;
}

/** What `experiment.run` answers: the run's rows, extra fields, summary lines and files (bytes or text). */
export interface EntryRunResult<R = Record<string, unknown>> {
  readonly rows: R[];
  readonly extra: Record<string, unknown> | null;
  readonly summary: readonly string[] | null;
  readonly files: readonly OutputFileContent[];
}

/** The entry of a registry id, loaded with its family only (the first word of the id; `''` for top-level ones). */
async function entryOf(id: string): Promise<AnyExperiment> {
  const word = id.includes('.') ? id.slice(0, id.indexOf('.')) : '';
  const e = (await experimentsOfWord(word))?.find((x) => x.id === id || x.aliases?.includes(id));
  if (!e) throw new Error(`no experiment ${id} in the registry`);
  return e;
}

/** The config of `given` checked by the entry's specs: inputs pass as loaded files;
 * a required output is named after its parameter (its content comes back in `files`). */
function checkedConfig(e: AnyExperiment, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(e.params)) {
    if (spec.kind === 'inputFile' || spec.kind === 'inputDir') config[k] = given[k];
    else if (spec.kind === 'outputFile') config[k] = given[k] ?? (spec.optional ? undefined : k);
    else config[k] = checkParam(k, spec, given[k]);
  }
  e.check?.(config as never);
  return config;
}

export const experimentHandlers: Record<string, Handler> = {
  /** Run a registry experiment: `{ id, config, seed }` → its output, progress as (done, total). */
  'experiment.run': (async (a: EntryRunArgs, progress) => {
    const e = await entryOf(a.id);
    const config = checkedConfig(e, a.config);
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
    return {
      rows: [...out.rows],
      extra: out.extra ?? null,
      summary: out.summary ?? null,
      files: out.files ?? [],
    } satisfies EntryRunResult;
  }) as Handler,
};

/**
 * The shape of an experiment declaration. Each experiment is one entry — id, parameters, a pure `run`, a figure
 * and a caption — and every surface is generated from it: the `hopfield` subcommand (id `dense.end-distance` is
 * `hopfield dense end-distance`), `hopfield list --json`, report figures, sweep cells and playground forms.
 *
 * `run` does no I/O: input files arrive as bytes ({@link LoadedFile}), output files leave as `files` in the result,
 * and the surface writes them atomically; progress goes through `hooks.onProgress`.
 */
import type { Rng } from '../../core/rng/index.js';
import type { ConfigOf, ParamSpecs } from '../params.js';
import type { PlotSpec } from '../plots.js';
import type { ExperimentHooks } from '../types.js';
import type { WorkOps } from '../work.js';

/** The families of the registry (the first part of an id, or `classical` for top-level commands). */
export type Family = 'classical' | 'dense' | 'pl' | 'potts' | 'audio' | 'lagrangian' | 'theory' | 'patterns';

/** A file a run produces: written to the path given by the output parameter `param`, plus `suffix`. */
export interface OutputFileContent {
  readonly param: string;
  readonly suffix?: string;
  /** Text or bytes as written, or a figure that the surface renders (SVG on the command line). */
  readonly content: string | Uint8Array | { readonly plot: PlotSpec };
}

/** What a run returns. */
export interface RunOutput<R extends object = object> {
  readonly rows: readonly R[];
  /** Extra top-level fields of the JSON result (e.g. `accuracy`). */
  readonly extra?: Record<string, unknown>;
  /** Values computed from the parameters (e.g. P = round(αN)), stored beside them in the results. */
  readonly derived?: Record<string, unknown>;
  /** Lines printed after the table. */
  readonly summary?: readonly string[];
  /** Files for output parameters. */
  readonly files?: readonly OutputFileContent[];
  /** Columns of the printed table and the CSV when they depend on the parameters (over the entry's `columns`). */
  readonly columns?: readonly string[];
  /** A figure that needs more than the rows (otherwise `figure(rows, config)` is used). */
  readonly figure?: PlotSpec;
}

/** One experiment. */
export interface Experiment<P extends ParamSpecs = ParamSpecs, R extends object = object> {
  /** Command path joined by dots: `capacity`, `dense.end-distance`, `pl.basins`. */
  readonly id: string;
  readonly family: Family;
  /** One line: what it measures. */
  readonly summary: string;
  /** Example command lines (without the program name), shown under --help and run by the docs test. */
  readonly examples: readonly string[];
  readonly params: P;
  /** False for experiments that draw no random numbers (no seed). */
  readonly random?: boolean;
  /** Other ids that run this entry (old names kept working). */
  readonly aliases?: readonly string[];
  /** Checks that involve several parameters, and memory estimates; throws ParamError before any work. */
  check?(config: ConfigOf<P>): void;
  /**
   * Operations of the run by kernel kind, from the parameters (and the sizes of its input files), before any work
   * (see experiments/work.ts): the surface says how long a long run will take and refuses one past --max-minutes.
   */
  work?(config: ConfigOf<P>): WorkOps | Promise<WorkOps>;
  run(config: ConfigOf<P>, rng: Rng, hooks: ExperimentHooks): RunOutput<R> | Promise<RunOutput<R>>;
  /** The figure of the rows (`--plot`, the report, the playground); `extra`: the run's extra fields, if known. */
  figure?(rows: readonly R[], config: ConfigOf<P>, seed: number, extra?: Record<string, unknown>): PlotSpec;
  /** How to read the figure. */
  readonly caption?: string;
  /** The run returns its figure (`RunOutput.figure`) although the entry has no `figure`: `--plot` is offered. */
  readonly runFigure?: boolean;
  /** Columns of the printed table (default: all). */
  readonly columns?: readonly string[];
}

/** An experiment of any config and row type (methods are compared bivariantly, so every entry fits). */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds experiments of every row type
export type AnyExperiment = Experiment<ParamSpecs, any>;

/** Declare an experiment (identity; gives the config type to `run`, `check` and `figure`). */
export function defineExperiment<P extends ParamSpecs, R extends object>(
  e: Experiment<P, R>,
): Experiment<P, R> {
  return e;
}

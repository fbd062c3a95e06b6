/**
 * One way to define a command, so every command gets the shared conventions: `--seed` (chosen at random when
 * absent, printed, stored in the JSON), `--json FILE`, `--csv FILE`, `--plot FILE.svg`, `--quiet`, a progress bar on
 * stderr, a table on stdout, `--help` with an example, and output paths checked before any work starts.
 */
import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import {
  BACKEND_NAMES,
  type Backend,
  backend,
  backendByName,
  backendFromEnv,
  setBackend,
} from '../core/linalg/index.js';
import { createRng, type Rng } from '../core/rng/index.js';
import { type PlotSpec, renderSvg } from '../report/plot.js';
import { UsageError } from './errors.js';
import { checkOutputPath, formatTable, type Row, resultDocument, toCsv, writeFileAtomic } from './output.js';
import { parseChoice, parseInteger } from './parse.js';
import { createProgress, type Progress } from './progress.js';

/** What a command's run function returns. */
export interface CommandOutput {
  /** The validated parameters, stored in the JSON as `params`. */
  readonly params: Record<string, unknown>;
  readonly rows: readonly Row[];
  /** Extra top-level JSON fields (e.g. `accuracy`, `extrapolated`). */
  readonly extra?: Record<string, unknown>;
  /** The figure for --plot. */
  readonly plot?: PlotSpec;
  /** Columns of the stdout table (default: all). */
  readonly columns?: readonly string[];
  /** Lines printed after the table (summaries). */
  readonly summary?: readonly string[];
}

export interface CommandContext {
  /** The seed in force (given or chosen). */
  readonly seed: number;
  /** A generator seeded with it. */
  readonly rng: Rng;
  /** A progress bar on stderr (stopped automatically when the command ends). */
  progress(label: string): Progress;
}

/** Raw option values as commander gives them (strings, booleans, or undefined). */
export type RawOptions = Record<string, string | boolean | undefined>;

export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  /** One or more example invocations shown under --help. */
  readonly examples: readonly string[];
  /** Positional arguments in commander syntax, e.g. '<name>' (passed to run as `args`). */
  readonly args?: string;
  /** Add the command's own options (values are parsed and validated in `run`). */
  readonly configure: (cmd: Command) => void;
  /** Validate options, run the experiment, return rows. Throw UsageError for bad input. */
  readonly run: (
    opts: RawOptions,
    ctx: CommandContext,
    args: string[],
  ) => Promise<CommandOutput> | CommandOutput;
  /** False for commands that draw no random numbers (no --seed). */
  readonly random?: boolean;
}

/** Parse --seed or choose one. Seeds are integers in [0, 2^32 − 1]. */
export function resolveSeed(raw: string | boolean | undefined): number {
  if (raw === undefined || raw === false || raw === true) return randomInt(0, 2 ** 31);
  return parseInteger('--seed', raw, { min: 0, max: 4294967295 });
}

/** Add a command with the shared conventions to `parent`. */
export function defineCommand(parent: Command, def: CommandDefinition): Command {
  const cmd = parent.command(def.args ? `${def.name} ${def.args}` : def.name).description(def.description);
  def.configure(cmd);
  if (def.random !== false)
    cmd.option('--seed <int>', 'random seed (integer 0..4294967295; chosen and printed if absent)');
  cmd
    .option('--json <file>', 'write {command, version, seed, params, rows} as JSON')
    .option('--csv <file>', 'write the rows as CSV')
    .option('--plot <file.svg>', 'write the figure as SVG')
    .option('-q, --quiet', 'no progress bar')
    .option(
      '--backend <name>',
      `compute backend: ${BACKEND_NAMES.join('|')} (default: $HOPFIELD_BACKEND, else the fastest)`,
    );
  cmd.addHelpText(
    'after',
    `\nExample${def.examples.length > 1 ? 's' : ''}:\n${def.examples.map((e) => `  $ ${e}`).join('\n')}\n`,
  );
  cmd.action(async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const opts = command.opts() as RawOptions;
    const args = actionArgs.slice(0, -2).map(String);
    checkOutputPath('--json', opts.json as string | undefined);
    checkOutputPath('--csv', opts.csv as string | undefined);
    checkOutputPath('--plot', opts.plot as string | undefined);
    const restoreBackend = installBackend(opts.backend);
    const random = def.random !== false;
    const seed = random ? resolveSeed(opts.seed) : 0;
    const bars: Progress[] = [];
    const ctx: CommandContext = {
      seed,
      rng: createRng(seed),
      progress: (label) => {
        const p = createProgress(label, !opts.quiet);
        bars.push(p);
        return p;
      },
    };
    const fullName = commandPath(command);
    if (random) process.stdout.write(`seed ${seed}\n`);
    let out: CommandOutput;
    try {
      out = await def.run(opts, ctx, args);
    } finally {
      for (const b of bars) b.stop();
      restoreBackend();
    }
    const doc = resultDocument(fullName, random ? seed : null, out.params, out.rows, out.extra);
    // Render everything first, then write: nothing is written if any step fails.
    const svg = opts.plot && out.plot ? await renderSvg(out.plot) : undefined;
    if (opts.plot && !out.plot)
      process.stderr.write(`${fullName}: this command has no figure; --plot ignored\n`);
    if (opts.json) writeFileAtomic(opts.json as string, `${JSON.stringify(doc, null, 2)}\n`);
    if (opts.csv) writeFileAtomic(opts.csv as string, toCsv(out.rows, out.columns));
    if (opts.plot && svg) writeFileAtomic(opts.plot as string, svg);
    if (out.rows.length > 0) process.stdout.write(`${formatTable(out.rows, out.columns)}\n`);
    for (const line of out.summary ?? []) process.stdout.write(`${line}\n`);
  });
  return cmd;
}

/**
 * Install the backend named by --backend (validated), or check HOPFIELD_BACKEND and pick the default. An
 * unavailable backend is a usage error naming the reason.
 */
export function installBackend(raw: string | boolean | undefined): () => void {
  if (raw === undefined || raw === false) {
    backendFromEnv(); // validates HOPFIELD_BACKEND (RangeError → exit 2)
    backend();
    return () => {};
  }
  const name = parseChoice('--backend', raw === true ? '' : raw, BACKEND_NAMES);
  let chosen: Backend;
  try {
    chosen = backendByName(name);
  } catch (e) {
    throw new UsageError(`--backend ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const prev = setBackend(chosen);
  return () => {
    setBackend(prev);
  };
}

/** "capacity" or "dense end-distance": the command's names below the root. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  let c: Command | null = cmd;
  while (c?.parent) {
    names.unshift(c.name());
    c = c.parent;
  }
  return names.join(' ');
}

/**
 * The `hopfield` subcommands, generated from the experiment registry. For every entry: one command at its id's
 * path (`dense.end-distance` → `hopfield dense end-distance`), one flag per parameter (`maxSweeps` →
 * `--max-sweeps`) with its allowed values and default in the help, and the shared conventions: `--seed` (chosen and
 * printed when absent, stored in the JSON), `--json`, `--csv`, `--npy`, `--plot`, `--quiet`, `--backend`, a progress bar on
 * stderr, a table on stdout. Every output path is checked before any work; all outputs are written at the end,
 * all-or-nothing.
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
import { createRng } from '../core/rng/index.js';
import { checkChoice, joinParam, ParamError } from '../core/validate.js';
import { tableToNpy } from '../data/patternFiles.js';
import {
  allowedWords,
  type ConfigOf,
  kebab,
  type ParamSpec,
  type ParamSpecs,
  parseParam,
} from '../experiments/params.js';
import { groups } from '../experiments/registry/index.js';
import type { AnyExperiment, RunOutput } from '../experiments/registry/types.js';
import { loadInputs } from '../node/inputs.js';
import { renderSvg } from '../report/plot.js';
import { UsageError } from './errors.js';
import {
  checkOutputPaths,
  columnsOf,
  formatTable,
  type OutputFile,
  resultDocument,
  toCsv,
  writeAllAtomic,
} from './output.js';
import { createProgress } from './progress.js';

/** Raw option values as commander gives them. */
type RawOptions = Record<string, string | boolean | undefined>;

/** A seed chosen at the edge when none is given (printed and stored by the caller). */
export function chooseSeed(): number {
  return randomInt(0, 2 ** 31);
}

/** Seeds are integers in [0, 2^32 − 1]; chosen at random when absent. */
export function resolveSeed(raw: string | boolean | undefined): number {
  if (raw === undefined || typeof raw === 'boolean') return chooseSeed();
  try {
    return parseParam('seed', SEED_SPEC, raw);
  } catch (e) {
    throw cliError(e);
  }
}

const SEED_SPEC: ParamSpec<number> = {
  kind: 'int',
  help: 'random seed',
  bounds: { integer: true, min: 0, max: 4294967295 },
};

/** A ParamError shown with the flag's name (`--max-sweeps must be …`); other errors unchanged. */
export function cliError(e: unknown): unknown {
  if (e instanceof ParamError) return new UsageError(joinParam(`--${kebab(e.param)}`, e.detail));
  return e;
}

function optionHelp(spec: ParamSpec): string {
  const def =
    spec.default !== undefined && spec.kind !== 'flag'
      ? ` (default: ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})`
      : spec.default === undefined && !spec.optional && spec.kind !== 'flag'
        ? ' (required)'
        : '';
  // A free text has no allowed-values phrase ("a text" says nothing); a patterned one states its form.
  const plainText = spec.kind === 'text' && spec.patternHelp === undefined;
  const allowed = spec.kind === 'flag' || plainText ? '' : `; ${allowedWords(spec)}`;
  return `${spec.help}${allowed}${def}`;
}

function metavar(spec: ParamSpec): string {
  if (spec.metavar) return spec.metavar;
  switch (spec.kind) {
    case 'int':
      return '<int>';
    case 'num':
      return '<number>';
    case 'numList':
      return '<list>';
    case 'choice':
      return '<name>';
    case 'choiceList':
      return '<names>';
    case 'inputDir':
      return '<dir>';
    case 'text':
      return '<text>';
    default:
      return '<file>';
  }
}

/** The command for an id's path, creating the group commands on the way. */
function commandAt(program: Command, path: readonly string[]): Command {
  let parent = program;
  for (const name of path.slice(0, -1)) {
    const existing = parent.commands.find((c) => c.name() === name);
    parent = existing ?? parent.command(name).description(groups[name] ?? `${name} commands`);
  }
  return parent.command(path[path.length - 1]);
}

/** Add one command per registry entry (and per alias) to `program`. */
export function registerExperiments(program: Command, experiments: readonly AnyExperiment[]): void {
  for (const e of experiments) {
    for (const id of [e.id, ...(e.aliases ?? [])]) addExperimentCommand(program, e, id);
  }
}

function addExperimentCommand(program: Command, e: AnyExperiment, id: string): void {
  const cmd = commandAt(program, id.split('.')).description(
    id === e.id ? e.summary : `${e.summary} (alias of ${e.id.replace(/\./g, ' ')})`,
  );
  for (const [name, spec] of Object.entries(e.params)) {
    const flag = spec.kind === 'flag' ? `--${kebab(name)}` : `--${kebab(name)} ${metavar(spec)}`;
    cmd.option(flag, optionHelp(spec));
  }
  if (e.random !== false)
    cmd.option('--seed <int>', 'random seed (0..4294967295; chosen and printed if absent)');
  cmd
    .option('--json <file>', 'write {command, version, seed, params, rows} as JSON')
    .option('--csv <file>', 'write the rows as CSV');
  // potts train has an `npy` parameter of its own (a prefix for h and J): the table output yields to it.
  if (hasTableNpy(e))
    cmd.option(
      '--npy <file>',
      'write the numeric columns of the rows as a rows × columns float64 .npy array (CSV column order)',
    );
  // --plot only where there is a figure to draw (the entry's figure, or one its run returns).
  if (drawsFigure(e)) cmd.option('--plot <file.svg>', 'write the figure as SVG');
  cmd
    .option('-q, --quiet', 'no progress bar')
    .option(
      '--backend <name>',
      `compute backend: ${BACKEND_NAMES.join('|')} (default: $HOPFIELD_BACKEND, else the fastest)`,
    );
  const ex = e.examples.map((x) => `  $ hopfield ${x}`).join('\n');
  cmd.addHelpText('after', `\nExample${e.examples.length > 1 ? 's' : ''}:\n${ex}\n`);
  cmd.action(async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    await runExperimentCommand(e, id.replace(/\./g, ' '), command.opts() as RawOptions);
  });
}

/** Parse every flag of an experiment into its typed config (files not yet loaded: their paths). */
export function parseConfig<P extends ParamSpecs>(params: P, opts: RawOptions): ConfigOf<P> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(params)) {
    try {
      out[name] = parseParam(name, spec, opts[name]);
    } catch (e) {
      throw cliError(e);
    }
  }
  return out as ConfigOf<P>;
}

/** The parameters as stored in the JSON result: files by their paths, everything else as parsed, then `derived`. */
function storedParams(
  params: ParamSpecs,
  config: Record<string, unknown>,
  derived: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(params)) {
    if (config[k] !== undefined) out[k] = config[k];
  }
  return { ...out, ...derived };
}

/** Parse, check, run and write the outputs of one experiment command. */
async function runExperimentCommand(e: AnyExperiment, name: string, opts: RawOptions): Promise<void> {
  const parsed = parseConfig(e.params, opts);
  const outputs = [
    { flag: '--json', path: opts.json as string | undefined },
    { flag: '--csv', path: opts.csv as string | undefined },
    ...(hasTableNpy(e) ? [{ flag: '--npy', path: opts.npy as string | undefined }] : []),
    { flag: '--plot', path: opts.plot as string | undefined },
    ...Object.entries(e.params)
      .filter(([, s]) => s.kind === 'outputFile')
      .map(([k]) => ({ flag: `--${kebab(k)}`, path: parsed[k] as string | undefined })),
  ];
  checkOutputPaths(outputs);
  const restoreBackend = installBackend(opts.backend);
  const random = e.random !== false;
  const seed = random ? resolveSeed(opts.seed) : 0;
  let out: RunOutput;
  let config: Record<string, unknown>;
  try {
    config = loadInputs(e.params, parsed);
    try {
      e.check?.(config);
    } catch (err) {
      throw cliError(err);
    }
    if (random) process.stdout.write(`seed ${seed}\n`);
    const bar = createProgress(name, !opts.quiet);
    try {
      out = await e.run(config, createRng(seed), { onProgress: bar.update, ...(random ? { seed } : {}) });
    } catch (err) {
      throw cliError(err);
    } finally {
      bar.stop();
    }
  } finally {
    restoreBackend();
  }
  const files: OutputFile[] = [];
  for (const f of out.files ?? []) {
    const path = parsed[f.param] as string | undefined;
    if (path === undefined) continue;
    const c = f.content;
    const content = typeof c === 'string' || c instanceof Uint8Array ? c : await renderSvg(c.plot);
    files.push({ flag: `--${kebab(f.param)}`, path: path + (f.suffix ?? ''), content });
  }
  const params = storedParams(e.params, parsed, out.derived);
  const columns = out.columns ?? e.columns;
  const npyCols =
    opts.npy && hasTableNpy(e) ? numericColumns(out.rows, columns ?? columnsOf(out.rows)) : undefined;
  if (npyCols)
    files.push({
      flag: '--npy',
      path: opts.npy as string,
      content: tableToNpy(out.rows as readonly Record<string, unknown>[], npyCols),
    });
  if (opts.json) {
    const extra = npyCols ? { ...out.extra, npyColumns: npyCols } : out.extra;
    const doc = resultDocument(name, random ? seed : null, params, out.rows, extra);
    files.push({ flag: '--json', path: opts.json as string, content: `${JSON.stringify(doc, null, 2)}\n` });
  }
  if (opts.csv)
    files.push({
      flag: '--csv',
      path: opts.csv as string,
      content: toCsv(out.rows, columns),
    });
  if (opts.plot) {
    const spec = out.figure ?? e.figure?.(out.rows, config, seed, out.extra ?? {});
    if (spec) files.push({ flag: '--plot', path: opts.plot as string, content: await renderSvg(spec) });
    else process.stderr.write(`${name}: this command has no figure; --plot ignored\n`);
  }
  writeAllAtomic(files);
  if (out.rows.length > 0) process.stdout.write(`${formatTable(out.rows, out.columns ?? e.columns)}\n`);
  for (const line of out.summary ?? []) process.stdout.write(`${line}\n`);
}

/** Whether a command draws a figure: the entry declares one, or its run returns one (`runFigure`). */
export const drawsFigure = (e: AnyExperiment) => e.figure !== undefined || e.runFigure === true;

/** Whether the command gets the generic `--npy` table output (not when a parameter of its own is named npy). */
const hasTableNpy = (e: AnyExperiment) => !Object.hasOwn(e.params, 'npy');

/**
 * The columns of `--npy`: those of the CSV header (in its order) whose values are all numbers or booleans (true = 1),
 * with at least one number; empty cells are NaN. Other columns (labels, names) are left out.
 */
export function numericColumns(rows: readonly object[], columns: readonly string[]): string[] {
  return columns.filter((c) => {
    let numbers = 0;
    for (const r of rows) {
      const v = (r as Record<string, unknown>)[c];
      if (typeof v === 'number') numbers++;
      else if (v !== null && v !== undefined && typeof v !== 'boolean') return false;
    }
    return numbers > 0;
  });
}

/**
 * Install the backend named by --backend (validated), or check HOPFIELD_BACKEND and pick the default; returns the
 * function that restores the previous backend. An unavailable backend is a usage error naming the reason.
 */
export function installBackend(raw: string | boolean | undefined): () => void {
  if (raw === undefined || raw === false) {
    backendFromEnv(); // validates HOPFIELD_BACKEND (RangeError → exit 2)
    backend();
    return () => {};
  }
  let chosen: Backend;
  const name = checkChoice('--backend', raw === true ? '' : raw, BACKEND_NAMES);
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

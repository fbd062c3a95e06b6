/**
 * The `hopfield` subcommands, generated from the experiment registry. For every entry: one command at its id's
 * path (`dense.end-distance` → `hopfield dense end-distance`), one flag per parameter (`maxSweeps` →
 * `--max-sweeps`) with its allowed values and default in the help, and the shared conventions: `--seed` (chosen and
 * printed when absent, stored in the JSON), `--json`, `--csv`, `--npy`, `--plot`, `--quiet`, `--backend`, a progress bar on
 * stderr, a table on stdout. Every output path is checked before any work; all outputs are written at the end,
 * all-or-nothing.
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
import {
  allowedWords,
  type ConfigOf,
  DEFAULT_MAX_VALUES,
  kebab,
  type LoadedDir,
  type LoadedFile,
  MAX_LIST_LENGTH,
  type ParamSpec,
  type ParamSpecs,
  parseParam,
  seed as seedSpec,
} from '../experiments/params.js';
import type { PlotSpec } from '../experiments/plots.js';
import { groups } from '../experiments/registry/families.js';
import type { AnyExperiment, RunOutput } from '../experiments/registry/types.js';
import { workSeconds } from '../experiments/work.js';
import { loadInputs } from '../node/inputs.js';
import { UsageError } from './errors.js';
import {
  checkOutputPaths,
  columnsOf,
  formatTable,
  type InputUse,
  type OutputFile,
  type OutputUse,
  resultDocument,
  toCsv,
  writeAllAtomic,
} from './output.js';
import { checkWorkEstimate, createProgress } from './progress.js';

/** Raw option values as commander gives them. */
type RawOptions = Record<string, string | boolean | undefined>;

/** A seed chosen at the edge when none is given (printed and stored by the caller). */
export function chooseSeed(): number {
  return randomInt(0, 2 ** 31);
}

/** Seeds are integers within the one seed spec's bounds ([0, 2^32 − 1]); chosen at random when absent. */
export function resolveSeed(raw: string | boolean | undefined): number {
  if (raw === undefined || typeof raw === 'boolean') return chooseSeed();
  try {
    return parseParam('seed', seedSpec, raw);
  } catch (e) {
    throw cliError(e);
  }
}

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
  // A free text has no allowed-values phrase ("a text" says nothing); a patterned one states its form. A file or
  // folder's help names what it may be.
  const plainText = spec.kind === 'text' && spec.patternHelp === undefined;
  const said = spec.kind === 'flag' || spec.kind === 'inputSource' || plainText;
  const allowed = said ? '' : `; ${allowedWords(spec)}`;
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
    case 'inputSource':
      return '<file|dir>';
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
    if (spec.kind === 'dataset') continue; // given by the surface, no flag
    const flag = spec.kind === 'flag' ? `--${kebab(name)}` : `--${kebab(name)} ${metavar(spec)}`;
    cmd.option(flag, optionHelp(spec));
  }
  if (Object.values(e.params).some((s) => s.kind === 'numList'))
    cmd.option(
      '--max-values <int>',
      `most values of one list or range (1..${MAX_LIST_LENGTH}; default: ${DEFAULT_MAX_VALUES})`,
    );
  if (e.random !== false)
    cmd.option(
      '--seed <int>',
      `random seed (${seedSpec.bounds.min}..${seedSpec.bounds.max}; chosen and printed if absent)`,
    );
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
      '--max-minutes <number>',
      'stop (exit 2, nothing written) when the run is expected to take longer than this many minutes',
    )
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
  const maxValues = resolveMaxValues(opts.maxValues);
  for (const [name, spec] of Object.entries(params)) {
    try {
      out[name] = parseParam(name, spec, opts[name], { maxValues });
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

const MAX_VALUES_SPEC: ParamSpec<number> = {
  kind: 'int',
  help: 'most values of one list',
  bounds: { integer: true, min: 1, max: MAX_LIST_LENGTH },
};

/** `--max-values`: most values of one list or range (default {@link DEFAULT_MAX_VALUES}). */
function resolveMaxValues(raw: string | boolean | undefined): number {
  if (raw === undefined || typeof raw === 'boolean') return DEFAULT_MAX_VALUES;
  try {
    return parseParam('maxValues', MAX_VALUES_SPEC, raw);
  } catch (e) {
    throw cliError(e);
  }
}

const MAX_MINUTES_SPEC: ParamSpec<number> = {
  kind: 'num',
  help: 'most minutes a run may take',
  bounds: { min: 0, minExclusive: true, max: 1e6 },
};

/** `--max-minutes`: absent means no limit. */
function resolveMaxMinutes(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  try {
    return parseParam('maxMinutes', MAX_MINUTES_SPEC, raw);
  } catch (e) {
    throw cliError(e);
  }
}

/**
 * Before any pattern file is decoded: the entry's own checks (memory, sizes) with N as the file's headers give it
 * (`--size WxH` for images), so that a huge grid is refused in a moment instead of after minutes of resizing.
 * For entries with an integer `n` and a file-or-folder input (`--patterns`), on the bytes read. Returns the config
 * as checked (random patterns of the file's N in place of the file), which the work estimate uses too.
 */
async function precheckPatternFiles(
  e: AnyExperiment,
  config: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!e.check || e.params.n?.kind !== 'int') return config;
  let sized = config;
  for (const [k, s] of Object.entries(e.params)) {
    const source = config[k] as LoadedFile | LoadedDir | undefined;
    if (s.kind !== 'inputSource' || source === undefined) continue;
    const size = typeof config.size === 'string' ? config.size : undefined;
    const grid = size?.split('x').map(Number) as [number, number] | undefined;
    const { patternSourceShape } = await import('../data/patternFiles.js');
    const shape = patternSourceShape(source, grid);
    if (!shape) continue;
    try {
      // As if random patterns of that N were drawn (checks skip their size estimate when a file gives N).
      sized = { ...config, n: shape.n, [k]: undefined, size: undefined };
      e.check(sized);
    } catch (err) {
      const c = cliError(err);
      if (!(c instanceof UsageError)) throw c;
      throw new UsageError(
        `--${kebab(k)} gives N = ${shape.n} neurons${size ? ` (--size ${size})` : ''}: ${c.message.replace(/^--n must/, 'N must').replace(/--n\b/g, size ? '--size' : 'the pattern files')}`,
      );
    }
  }
  return sized;
}

/** The entry's work estimate in seconds before the run (undefined: it gives none). */
async function estimatedSeconds(
  e: AnyExperiment,
  config: Record<string, unknown>,
): Promise<number | undefined> {
  if (!e.work) return undefined;
  try {
    return workSeconds(await e.work(config));
  } catch (err) {
    throw cliError(err);
  }
}

/** Parse, check, run and write the outputs of one experiment command. */
async function runExperimentCommand(e: AnyExperiment, name: string, opts: RawOptions): Promise<void> {
  const parsed = clampThreads(parseConfig(e.params, opts));
  const inputs = inputUses(e.params, parsed);
  checkOutputPaths(outputUses(e, opts, parsed), inputs);
  const maxMinutes = resolveMaxMinutes(opts.maxMinutes);
  const restoreBackend = installBackend(opts.backend);
  const random = e.random !== false;
  const seed = random ? resolveSeed(opts.seed) : 0;
  let out: RunOutput;
  let config: Record<string, unknown>;
  try {
    config = loadInputs(e.params, parsed);
    const sized = await precheckPatternFiles(e, config);
    try {
      e.check?.(config);
    } catch (err) {
      throw cliError(err);
    }
    const expectedSeconds = await estimatedSeconds(e, sized);
    if (expectedSeconds !== undefined)
      checkWorkEstimate(name, expectedSeconds, { maxMinutes, enabled: !opts.quiet });
    if (random) process.stdout.write(`seed ${seed}\n`);
    const bar = createProgress(name, !opts.quiet, { maxMinutes, expectedSeconds });
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
  out = finiteOutput(out, e.columns);
  // Loaded when used: Vega for figures, the .npy writer for --npy.
  const renderSvg = async (spec: PlotSpec) => (await import('../report/plot.js')).renderSvg(spec);
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
      content: (await import('../data/patternFiles.js')).tableToNpy(
        out.rows as readonly Record<string, unknown>[],
        npyCols,
      ),
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
  // Names a run derives beyond those declared are checked here too, before anything is written.
  checkOutputPaths(files, inputs);
  writeAllAtomic(files);
  if (out.rows.length > 0) process.stdout.write(`${formatTable(out.rows, out.columns ?? e.columns)}\n`);
  for (const line of out.summary ?? []) process.stdout.write(`${line}\n`);
}

/**
 * `--threads` (any entry's parameter of that name) above the machine's cores is accepted but clamped to the
 * cores, said once on stderr: more workers than cores only add start-up time and memory.
 */
export function clampThreads<C extends Record<string, unknown>>(config: C): C {
  const t = config.threads;
  const cores = availableParallelism();
  if (typeof t !== 'number' || t <= cores) return config;
  process.stderr.write(
    `hopfield: --threads ${t} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine; using ${cores}\n`,
  );
  return { ...config, threads: cores };
}

/** Every output of a command: the shared flags and the entry's output parameters with their derived names. */
export function outputUses(e: AnyExperiment, opts: RawOptions, parsed: Record<string, unknown>): OutputUse[] {
  return [
    { flag: '--json', path: opts.json as string | undefined },
    { flag: '--csv', path: opts.csv as string | undefined },
    ...(hasTableNpy(e) ? [{ flag: '--npy', path: opts.npy as string | undefined }] : []),
    { flag: '--plot', path: opts.plot as string | undefined },
    ...Object.entries(e.params)
      .filter(([, s]) => s.kind === 'outputFile')
      .map(([k, s]) => ({
        flag: `--${kebab(k)}`,
        path: parsed[k] as string | undefined,
        ...(s.kind === 'outputFile' && s.suffixes ? { suffixes: s.suffixes } : {}),
      })),
  ];
}

/** Every path a command reads: input files, folders, and files-or-folders. */
export function inputUses(params: ParamSpecs, parsed: Record<string, unknown>): InputUse[] {
  const out: InputUse[] = [];
  for (const [k, s] of Object.entries(params)) {
    const path = parsed[k];
    if (typeof path !== 'string') continue;
    const flag = `--${kebab(k)}`;
    if (s.kind === 'inputFile') out.push({ flag, path });
    else if (s.kind === 'inputDir' || s.kind === 'inputSource')
      out.push({ flag, path, extensions: s.extensions });
  }
  return out;
}

/**
 * Result files hold no NaN or ±Infinity: a row with a non-finite number gets `status: 'diverged'` (unless it has
 * a status of its own) and those cells become null (empty in CSV, null in JSON, NaN in --npy); the columns gain
 * `status` when some row has one. Runs whose values are all finite are unchanged.
 */
export function finiteOutput(out: RunOutput, entryColumns?: readonly string[]): RunOutput {
  let changed = false;
  const rows = out.rows.map((r) => {
    const fields = r as Record<string, unknown>;
    const bad = Object.keys(fields).filter(
      (k) => typeof fields[k] === 'number' && !Number.isFinite(fields[k]),
    );
    if (bad.length === 0) return r;
    changed = true;
    const copy: Record<string, unknown> = { ...fields };
    for (const k of bad) copy[k] = null;
    if (copy.status === undefined) copy.status = 'diverged';
    return copy;
  });
  if (!changed) return out;
  const given = out.columns ?? entryColumns;
  const columns = given && !given.includes('status') ? [...given, 'status'] : given;
  return { ...out, rows, ...(columns ? { columns } : {}) };
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

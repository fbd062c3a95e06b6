/**
 * `hopfield sweep` (grids of experiment cells, on a local thread pool or a Redis queue), `hopfield sweep status`,
 * `hopfield sweep cancel` and `hopfield worker` (a queue worker). See docs/sweeps.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { BACKEND_NAMES, type BackendName } from '../../core/linalg/index.js';
import { parseParam, seed as seedSpec } from '../../experiments/params.js';
import { renderSvg } from '../../report/plot.js';
import {
  CellPool,
  cancelSweep,
  cellAt,
  cellCount,
  cellsOf,
  checkRedis,
  checkRedisUrl,
  checkRefineColumn,
  checkWorkers,
  createSweepDir,
  DEFAULT_MAX_CELLS,
  defaultWorkers,
  type Engine,
  estimateSweep,
  experimentOf,
  type GridValue,
  localEngine,
  localStatus,
  mergeRows,
  parseGridValues,
  parseSpecText,
  type RawSpec,
  RedisLostError,
  readSweepSpec,
  recordRun,
  redisEngine,
  refineColumn,
  refineFindings,
  resolveSpec,
  runRecord,
  runSweep,
  SpecError,
  SWEEP_FILES,
  SweepCancelledError,
  type SweepOutcome,
  type SweepSpec,
  splitAssignment,
  startWorker,
  sweepDocument,
  sweepFigure,
  sweepId,
  sweepStatus,
  validateCells,
  writeDurable,
} from '../../sweep/index.js';
import { UsageError } from '../errors.js';
import { chooseSeed } from '../generate.js';
import { type OutputFile, toCsv, VERSION, writeAllAtomic } from '../output.js';
import { tools } from './tools.js';

type Opts = Record<string, string | boolean | string[] | undefined>;

const collect = (v: string, prev: string[] = []) => [...prev, v];

function intOption(flag: string, raw: unknown, min: number, max: number, def: number): number {
  if (raw === undefined) return def;
  try {
    return parseParam(flag, { kind: 'int', help: flag, bounds: { integer: true, min, max } }, String(raw));
  } catch (e) {
    throw new UsageError(`--${e instanceof Error ? e.message : String(e)}`);
  }
}

function backendOption(raw: unknown): BackendName | undefined {
  if (raw === undefined) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(String(raw)))
    throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')} (got "${String(raw)}")`);
  return raw as BackendName;
}

/** The Redis URL from --redis or HOPFIELD_REDIS (undefined: local mode). */
function redisUrl(opts: Opts): string | undefined {
  const raw = (opts.redis as string | undefined) ?? process.env.HOPFIELD_REDIS;
  return raw === undefined || raw === '' ? undefined : checkRedisUrl(raw);
}

/** The spec of a new sweep from --spec, --experiment, --grid, --set, --trials, --seed. */
function specFromOptions(opts: Opts): SweepSpec {
  let raw: RawSpec = {};
  if (typeof opts.spec === 'string') {
    let text: string;
    try {
      text = readFileSync(opts.spec, 'utf8');
    } catch (e) {
      throw new SpecError(
        `--spec: cannot read "${opts.spec}" (${(e as { code?: string }).code ?? String(e)})`,
      );
    }
    raw = parseSpecText(opts.spec, text);
  }
  const experiment = experimentOf(opts.experiment ?? raw.experiment);
  const grid: Record<string, unknown> = { ...((raw.grid as Record<string, unknown> | undefined) ?? {}) };
  for (const g of (opts.grid as string[] | undefined) ?? []) {
    const [name, values] = splitAssignment('--grid', g);
    const spec = experiment.params[name];
    if (!spec)
      grid[name] = values; // resolveSpec names the unknown parameter
    else grid[name] = parseGridValues(name, spec, values);
  }
  const params: Record<string, unknown> = { ...((raw.params as Record<string, unknown> | undefined) ?? {}) };
  for (const s of (opts.set as string[] | undefined) ?? []) {
    const [name, value] = splitAssignment('--set', s);
    const spec = experiment.params[name];
    try {
      params[name] = spec ? parseParam(name, spec, value) : value;
    } catch (e) {
      throw new SpecError(`--set ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const seed = opts.seed ?? raw.seed ?? chooseSeed();
  const refine = refineFromOptions(opts, raw);
  return resolveSpec({
    experiment: experiment.id,
    grid,
    params,
    trials: opts.trials ?? raw.trials,
    seed,
    ...(refine !== undefined ? { refine } : {}),
  });
}

/**
 * The spec of a sweep with more values on its axes (--extend DIR --grid name=values): new values only, on axes the
 * sweep has; an axis that was in ascending order stays so. Refuses another experiment's folder.
 */
function extendSpec(spec: SweepSpec, dir: string, experiment: unknown, grids: readonly string[]): SweepSpec {
  if (experiment !== undefined && experimentOf(experiment).id !== spec.experiment)
    throw new SpecError(`--extend: "${dir}" holds a sweep of ${spec.experiment}, not ${String(experiment)}`);
  if (grids.length === 0) throw new UsageError('--extend needs the values to add: --grid name=values');
  const e = experimentOf(spec.experiment);
  const grid: Record<string, GridValue[]> = Object.fromEntries(
    Object.entries(spec.grid).map(([k, v]) => [k, [...v]]),
  );
  let added = 0;
  for (const g of grids) {
    const [name, values] = splitAssignment('--grid', g);
    if (!(name in grid))
      throw new SpecError(
        `--extend adds values to the axes of the sweep in "${dir}" (${Object.keys(grid).join(', ')}); ${name} is not one`,
      );
    const axis = grid[name];
    const sorted = axis.every((v, i) => typeof v === 'number' && (i === 0 || (axis[i - 1] as number) < v));
    for (const v of parseGridValues(name, e.params[name], values)) {
      if (axis.some((x) => JSON.stringify(x) === JSON.stringify(v))) continue;
      axis.push(v);
      added++;
    }
    if (sorted) (axis as number[]).sort((a, b) => a - b);
  }
  if (added === 0) throw new SpecError(`--extend: every value given is on the grid of "${dir}" already`);
  return resolveSpec({ ...spec, grid });
}

const fmtBytes = (b: number) =>
  b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GiB` : `${(b / 1024 ** 2).toFixed(1)} MiB`;

/** Seconds as "12.3 s", "4 min 5 s" or "2 h 3 min". */
export function fmtSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** --dry-run: the cells, their count, the estimated time and memory (probe cells timed); nothing written. */
async function dryRun(
  spec: SweepSpec,
  threads: number,
  backend: BackendName | undefined,
  json: boolean,
): Promise<number> {
  const cells = cellsOf(spec);
  const est = await estimateSweep(spec, cells, threads, backend);
  const meanCell = est.cellSeconds / Math.max(1, cells.length);
  const refineS = spec.refine ? (spec.refine.budget * meanCell) / est.threads : 0;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ experiment: spec.experiment, seed: spec.seed, count: cells.length, cells: cells.map((c) => c.key), estimate: est, refineSeconds: spec.refine ? refineS : undefined }, null, 2)}
`,
    );
    return 0;
  }
  const axes = Object.entries(spec.grid).map(([k, v]) => `${v.length} ${k}`);
  const out = [
    `sweep (dry run): ${spec.experiment}, ${cells.length} cells (${[...axes, `${spec.trials} trials`].join(' × ')}), seed ${spec.seed}`,
  ];
  const shown = cells.length <= 60 ? cells : [...cells.slice(0, 20), null, ...cells.slice(-5)];
  for (const c of shown) out.push(c ? `  ${c.key}` : `  ... ${cells.length - 25} more ...`);
  out.push(
    `estimated time: ${fmtSeconds(est.seconds)} on ${est.threads} thread(s) (cells ${fmtSeconds(est.cellSeconds)} in all; ${est.probes.length} probe cells timed in ${est.probeSeconds.toFixed(1)} s)`,
  );
  if (spec.refine)
    out.push(
      `refinement of ${spec.refine.param}: up to ${spec.refine.budget} more cells, about ${fmtSeconds(refineS)} more at most`,
    );
  out.push(
    est.cellBytes > 0
      ? `estimated memory: ${fmtBytes(est.cellBytes)} for the largest cell (${est.largestCell}), ${fmtBytes(est.bytes)} for ${est.threads} at once${est.probePeakMiB ? `; a probe thread's process peaked at ${est.probePeakMiB} MiB` : ''}`
      : `estimated memory: the experiment gives no estimate${est.probePeakMiB ? `; a probe thread's process peaked at ${est.probePeakMiB} MiB` : ''}`,
  );
  out.push('nothing was run or written (drop --dry-run to run it)');
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'sweep [{bar}] {value}/{total} cells | {rate} cells/s | eta {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let first = -1;
  return {
    update(done: number, total: number) {
      if (first < 0) {
        first = done;
        bar.start(total, done, { rate: '0' });
        return;
      }
      const s = (Date.now() - t0) / 1000;
      bar.setTotal(total); // refinement rounds add cells
      bar.update(done, { rate: s > 0 ? ((done - first) / s).toFixed(1) : '0' });
    },
    stop: () => bar.stop(),
  };
}

const SPEC_FLAGS = ['experiment', 'grid', 'set', 'spec', 'trials', 'seed', 'out'] as const;
const REFINE_FLAGS = ['refine', 'target', 'where', 'tolerance', 'budget'] as const;

/** The refinement of a new sweep from --refine, --target, --where, --tolerance, --budget (undefined: none). */
function refineFromOptions(opts: Opts, raw: RawSpec): unknown {
  if (opts.refine === undefined) {
    for (const f of REFINE_FLAGS.slice(1))
      if (opts[f] !== undefined) throw new UsageError(`--${f} goes with --refine PARAM`);
    return raw.refine;
  }
  return {
    param: opts.refine,
    ...(opts.target !== undefined ? { target: opts.target } : {}),
    ...(opts.where !== undefined ? { where: opts.where } : {}),
    ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
    ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
  };
}

/** Where a run's spec comes from: a new sweep, --resume DIR or --extend DIR. */
interface Plan {
  readonly mode: 'start' | 'resume' | 'extend';
  readonly dir: string;
  readonly spec: SweepSpec;
}

function planOf(opts: Opts): Plan {
  const resume = opts.resume as string | undefined;
  const extend = opts.extend as string | undefined;
  if (resume !== undefined && extend !== undefined)
    throw new UsageError('give --resume DIR or --extend DIR, not both');
  if (resume !== undefined) {
    for (const f of [...SPEC_FLAGS, ...REFINE_FLAGS])
      if (opts[f] !== undefined) throw new UsageError(`--resume takes the spec from ${resume}; drop --${f}`);
    return { mode: 'resume', dir: resume, spec: readSweepSpec(resume) };
  }
  if (extend !== undefined) {
    for (const f of ['set', 'spec', 'trials', 'seed', 'out', ...REFINE_FLAGS])
      if (opts[f] !== undefined)
        throw new UsageError(`--extend adds --grid values to ${extend}; drop --${f}`);
    const grid = (opts.grid as string[] | undefined) ?? [];
    return {
      mode: 'extend',
      dir: extend,
      spec: extendSpec(readSweepSpec(extend, '--extend'), extend, opts.experiment, grid),
    };
  }
  if (typeof opts.out !== 'string' && !opts.dryRun)
    throw new UsageError('--out DIR is required (or --resume DIR)');
  return { mode: 'start', dir: String(opts.out ?? ''), spec: specFromOptions(opts) };
}

/** The cell of the smallest numeric values (first of the others), trial 0: what the checks run. */
function smallestCell(spec: SweepSpec) {
  const values: Record<string, GridValue> = {};
  for (const [name, v] of Object.entries(spec.grid))
    values[name] = v.every((x) => typeof x === 'number') ? Math.min(...(v as number[])) : v[0];
  return cellAt(spec, values, 0);
}

/**
 * Before a refined sweep starts: run its smallest cell on a pool thread and check that the target column is a
 * numeric column of its rows; for --where steepest, fix the column (the figure's quantity) in the spec.
 */
async function checkRefinement(spec: SweepSpec, backend: BackendName | undefined): Promise<SweepSpec> {
  const r = spec.refine;
  if (!r) return spec;
  const cell = smallestCell(spec);
  const pool = new CellPool(1, backend);
  let result: Awaited<ReturnType<CellPool['run']>>;
  try {
    result = await pool.run(cell);
  } catch (e) {
    throw new SpecError(
      `--refine: the check cell ${cell.key} failed (${e instanceof Error ? e.message : String(e)})`,
    );
  } finally {
    await pool.close();
  }
  let column = r.target?.column ?? r.column;
  if (column === undefined) {
    const fig = sweepFigure(
      spec,
      [cell],
      new Map([[cell.key, { key: cell.key, seed: cell.seed, rows: result.rows }]]),
    );
    column = refineColumn(spec, fig);
  }
  checkRefineColumn(column, result.rows);
  return r.target || r.column ? spec : resolveSpec({ ...spec, refine: { ...r, column } });
}

async function sweepAction(opts: Opts): Promise<number> {
  const url = redisUrl(opts);
  const workers = intOption('workers', opts.workers, 1, 1024, defaultWorkers());
  const maxCells = intOption('max-cells', opts.maxCells, 1, 100_000_000, DEFAULT_MAX_CELLS);
  const attempts = intOption('attempts', opts.attempts, 1, 100, 3);
  const graceS = intOption('redis-wait', opts.redisWait, 1, 86_400, 30);
  const backend = backendOption(opts.backend);
  const plan = planOf(opts);
  const { dir } = plan;
  let spec = plan.spec;
  const total = cellCount(spec);
  if (total + (spec.refine?.budget ?? 0) > maxCells)
    throw new SpecError(
      `the sweep has ${total} cells${spec.refine ? ` and up to ${spec.refine.budget} of refinement` : ''}, more than --max-cells ${maxCells}`,
    );
  validateCells(spec, cellsOf(spec));
  if (plan.mode === 'start') spec = await checkRefinement(spec, backend);
  if (opts.dryRun) return dryRun(spec, workers, backend, opts.json === true);
  if (url) await checkRedis(url);
  if (plan.mode === 'start') createSweepDir(dir, spec);
  if (plan.mode === 'extend') writeDurable(join(dir, SWEEP_FILES.spec), `${JSON.stringify(spec, null, 2)}\n`);
  const how = url ? { redis: url, backend } : { workers, backend };
  recordRun(dir, { ...runRecord(plan.mode, VERSION, how), argv: (opts.argv as string[] | undefined) ?? [] });
  const id = sweepId(spec);
  const refineNote = spec.refine ? `, refining ${spec.refine.param} (up to ${spec.refine.budget} more)` : '';
  process.stdout.write(
    `sweep ${id}: ${spec.experiment}, ${total} cells${refineNote}, seed ${spec.seed}, in ${dir}\n`,
  );
  // what `sweep status --redis` shows; its total grows with the refinement rounds (see runAndWrite)
  const info = { experiment: spec.experiment, out: dir, total };
  const engine: Engine = url
    ? redisEngine({
        url,
        sweep: id,
        info,
        attempts,
        graceMs: graceS * 1000,
        backend,
        onNote: (m) => process.stderr.write(`hopfield sweep: ${m}\n`),
      })
    : localEngine(workers, backend);
  return runAndWrite(dir, spec, engine, opts, url, info);
}

async function runAndWrite(
  dir: string,
  spec: SweepSpec,
  engine: Engine,
  opts: Opts,
  url?: string,
  info?: { total: number },
): Promise<number> {
  const bar = progressBar(!opts.quiet);
  const t0 = performance.now();
  const keepGoing = opts.keepGoing === true;
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(
      dir,
      engine,
      {
        onProgress: (done, total) => {
          if (info) info.total = total;
          bar.update(done, total);
        },
        onNote: (m) => process.stderr.write(`hopfield sweep: ${m}\n`),
        onRound: opts.quiet
          ? undefined
          : (r, n) => process.stderr.write(`\nrefinement round ${r}: ${n} cells\n`),
      },
      undefined,
      { keepGoing },
    );
  } catch (e) {
    bar.stop();
    if (e instanceof RedisLostError || e instanceof SweepCancelledError) {
      process.stderr.write(
        `hopfield sweep: ${e.message}; the journal keeps the finished cells; continue with hopfield sweep --resume ${dir}${url ? ' --redis URL' : ''}\n`,
      );
      return 1;
    }
    throw e;
  }
  bar.stop();
  const s = (performance.now() - t0) / 1000;
  for (const f of outcome.failed) process.stderr.write(`hopfield sweep: cell ${f.key} failed: ${f.error}\n`);
  const done = outcome.cells.filter((c) => outcome.records.has(c.key)).length;
  if (!outcome.complete) {
    if (keepGoing && done > 0) await writeOutputs(dir, spec, outcome, true);
    process.stderr.write(
      `hopfield sweep: ${done} of ${outcome.cells.length} cells done, ${outcome.failed.length} failed; ${keepGoing && done > 0 ? `rows of the finished cells in ${join(dir, SWEEP_FILES.rowsJson)}; ` : ''}rerun them with hopfield sweep --resume ${dir}\n`,
    );
    return 1;
  }
  await writeOutputs(dir, spec, outcome, false);
  const rate = outcome.ran > 0 && s > 0 ? ` (${(outcome.ran / s).toFixed(1)} cells/s)` : '';
  process.stdout.write(
    `${outcome.ran} cells ran in ${s.toFixed(1)} s${rate}; ${outcome.cells.length} in the journal; rows in ${join(dir, SWEEP_FILES.rowsJson)}\n`,
  );
  if (spec.refine) for (const line of findingLines(spec, outcome)) process.stdout.write(`${line}\n`);
  return 0;
}

/** One line per refinement finding: where the target is crossed (or the steepest interval) on each line. */
function findingLines(spec: SweepSpec, outcome: SweepOutcome): string[] {
  const r = spec.refine as NonNullable<SweepSpec['refine']>;
  const column = refineColumn(spec);
  const found = refineFindings(spec, outcome.cells, outcome.records, column);
  const gridCells = cellCount(spec);
  const head = `refinement: ${outcome.cells.length - gridCells} cells added to the grid's ${gridCells}`;
  if (found.length === 0)
    return [`${head}; ${r.target ? `no interval brackets ${column} = ${r.target.value}` : 'nothing found'}`];
  return [
    `${head}:`,
    ...found.map((f) => {
      const where = Object.entries(f.axes)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ');
      const row = f.row > 0 ? ` row ${f.row}` : '';
      const what = r.target
        ? `${column} = ${r.target.value} at ${r.param} ≈ ${f.estimate.toPrecision(5)}`
        : `steepest ${column} (slope ${f.slope?.toPrecision(3)}) at ${r.param} ≈ ${f.estimate.toPrecision(5)}`;
      return `  ${where || 'all'}${row}: ${what} (between ${f.interval[0]} and ${f.interval[1]})`;
    }),
  ];
}

async function writeOutputs(
  dir: string,
  spec: SweepSpec,
  outcome: SweepOutcome,
  partial: boolean,
): Promise<void> {
  const rows = mergeRows(outcome.cells, outcome.records, partial);
  const doc = sweepDocument(spec, rows, VERSION, outcome.cells.length, outcome.failed);
  const files: OutputFile[] = [
    { flag: '--out', path: join(dir, SWEEP_FILES.rowsJson), content: `${JSON.stringify(doc, null, 2)}\n` },
    { flag: '--out', path: join(dir, SWEEP_FILES.rowsCsv), content: toCsv(rows) },
  ];
  if (spec.refine) {
    const column = refineColumn(spec);
    const findings = refineFindings(spec, outcome.cells, outcome.records, column);
    const refine = { ...spec.refine, column, cells: outcome.cells.length - cellCount(spec), findings };
    files.push({
      flag: '--out',
      path: join(dir, SWEEP_FILES.refine),
      content: `${JSON.stringify(refine, null, 2)}\n`,
    });
  }
  try {
    const fig = sweepFigure(spec, outcome.cells, outcome.records);
    if (fig)
      files.push({ flag: '--out', path: join(dir, SWEEP_FILES.figure), content: await renderSvg(fig) });
  } catch (e) {
    process.stderr.write(`hopfield sweep: no figure (${e instanceof Error ? e.message : String(e)})\n`);
  }
  writeAllAtomic(files);
}

/** `sweep status DIR`: the state of a sweep folder. */
function localStatusAction(dir: string, opts: Opts): number {
  const st = localStatus(dir);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...st, spec: undefined, experiment: st.spec.experiment }, null, 2)}\n`,
    );
    return 0;
  }
  const state = st.running
    ? 'running'
    : st.finished
      ? 'finished'
      : st.failed > 0
        ? 'stopped with failures'
        : 'stopped';
  const grid = cellCount(st.spec);
  const refine = st.spec.refine
    ? ` (grid ${grid} + refinement ${st.total - grid} in ${st.rounds} round(s)${st.refining ? ', more may follow' : ''})`
    : '';
  const lines = [
    `sweep ${sweepId(st.spec)}: ${st.spec.experiment} in ${dir}, ${state}`,
    `cells: ${st.done} done, ${st.failed} failed, ${st.pending} pending of ${st.total}${refine}`,
    `elapsed ${fmtSeconds(st.elapsedS)}; ETA ${st.pending === 0 ? '-' : st.etaS === null ? 'unknown' : fmtSeconds(st.etaS)}`,
  ];
  if (st.lastError)
    lines.push(
      `last error: cell ${st.lastError.key}: ${st.lastError.error} (${new Date(st.lastError.at).toISOString()})`,
    );
  if (st.cellMs)
    lines.push(
      `cell time: mean ${st.cellMs.mean.toFixed(1)} ms, max ${st.cellMs.max.toFixed(1)} ms; peak memory ${st.peakMiB ?? '?'} MiB; ran on ${st.by.join(', ')}`,
    );
  const last = st.runs.at(-1);
  if (last)
    lines.push(
      `provenance: ${st.runs.length} run(s), last ${last.mode} at ${new Date(last.at).toISOString()}: hopfield ${last.version}, node ${last.node}, ${last.platform}, ${last.host}, ${last.cores} cores (${last.cpu}), ${last.memoryGiB} GiB, backend ${last.backend}, ${last.redis ? `redis ${last.redis}` : `${last.workers} worker(s)`}`,
      `command: hopfield ${last.argv.join(' ')}`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function statusAction(opts: Opts): Promise<number> {
  const url = redisUrl(opts);
  if (!url) throw new UsageError('--redis URL (or HOPFIELD_REDIS) is required');
  const st = await sweepStatus(url);
  const c = st.counts;
  process.stdout.write(
    `queue: ${c.waiting ?? 0} waiting, ${c.active ?? 0} active, ${c.delayed ?? 0} delayed, ${c.completed ?? 0} completed, ${c.failed ?? 0} failed; ${st.workers} worker connection(s)\n`,
  );
  if (st.sweeps.length === 0) process.stdout.write('no sweeps\n');
  for (const s of st.sweeps) {
    const done = s.total - s.pending;
    const pct = s.total > 0 ? ((100 * done) / s.total).toFixed(1) : '100.0';
    const when = s.updated ? new Date(s.updated).toISOString() : '-';
    process.stdout.write(
      `${s.id}  ${s.experiment}  ${done}/${s.total} cells (${pct}%)  ${s.failed} failed  ${s.state}  updated ${when}  out ${s.host}:${s.out}\n`,
    );
  }
  return 0;
}

async function cancelAction(id: string, opts: Opts): Promise<number> {
  const url = redisUrl(opts);
  if (!url) throw new UsageError('--redis URL (or HOPFIELD_REDIS) is required');
  if (!/^[0-9a-f]{16}$/.test(id)) throw new UsageError(`sweep id must be 16 hex digits (got "${id}")`);
  const r = await cancelSweep(url, id);
  process.stdout.write(
    `sweep ${id} cancelled${r.known ? '' : ' (not known to this server)'}; ${r.removed} queued cell(s) removed\n`,
  );
  return 0;
}

async function workerAction(opts: Opts): Promise<void> {
  const url = redisUrl(opts);
  if (!url) throw new UsageError('--redis URL (or HOPFIELD_REDIS) is required');
  const concurrency = intOption('concurrency', opts.concurrency, 1, 1024, defaultWorkers());
  const lock = intOption('lock-duration', opts.lockDuration, 500, 3_600_000, 30_000);
  checkWorkers('concurrency', concurrency);
  const quiet = opts.quiet === true;
  const w = await startWorker({
    url,
    concurrency,
    lockDurationMs: lock,
    backend: backendOption(opts.backend),
    onCell: quiet ? undefined : (ev, key, detail) => process.stderr.write(`${ev} ${key} ${detail}\n`),
  });
  process.stdout.write(`worker ${process.pid}: ${concurrency} thread(s) on ${url}; stop with Ctrl-C\n`);
  // Runs until the process is interrupted: a cell in progress is then taken over by another worker once its
  // lock expires (--lock-duration).
  await new Promise<never>(() => {});
  await w.close();
}

/** Register `hopfield sweep` (with the actions `status` and `cancel ID`) and `hopfield worker`. */
/** The options of `hopfield sweep`. */
function sweepOptions(cmd: Command): Command {
  return cmd
    .option('--experiment <id>', 'registry id of the experiment (see hopfield list)')
    .option('--grid <name=values>', 'an axis: n=200,400 or alpha=0.05:0.25:0.01 (repeatable)', collect)
    .option('--set <name=value>', 'a fixed parameter value (repeatable)', collect)
    .option('--spec <file>', 'a JSON or YAML spec: experiment, grid, params, trials, seed')
    .option('--trials <int>', 'cells per grid point, each with its own seed (default: 1)')
    .option(
      '--seed <int>',
      `sweep seed (${seedSpec.bounds.min}..${seedSpec.bounds.max}; chosen and printed if absent)`,
    )
    .option('--out <dir>', 'output directory: spec.json, journal.jsonl, rows.json, rows.csv, figure.svg')
    .option('--resume <dir>', 'run the cells missing from the journal of an earlier sweep')
    .option(
      '--extend <dir>',
      'add the --grid values to the axes of an earlier sweep and run only the new cells',
    )
    .option(
      '--refine <param>',
      'after the grid, add cells along this numeric axis (with --target or --where)',
    )
    .option(
      '--target <col=value>',
      'refine by bisection where the column crosses the value, e.g. meanOverlap=0.5',
    )
    .option('--where <steepest>', "refine where the figure's quantity changes fastest")
    .option(
      '--tolerance <x>',
      'refine until the intervals are this narrow (default: the smallest grid step / 8)',
    )
    .option(
      '--budget <cells>',
      "most cells refinement may add (default: the grid's cell count, at least 100)",
    )
    .option(
      '--dry-run',
      'print the cells, their count, estimated time and memory (probe cells timed) and exit',
    )
    .option(
      '--keep-going',
      'when a cell fails, finish the others and write their rows (exit 1, failures listed)',
    )
    .option('--json', 'dry run and status: print JSON')
    .option('--workers <int>', 'threads of the local pool (default: the cores)')
    .option('--redis <url>', 'run the cells on a BullMQ queue at this Redis URL (default: $HOPFIELD_REDIS)')
    .option('--attempts <int>', 'attempts per cell on the queue before it is reported failed (default: 3)')
    .option('--redis-wait <s>', 'seconds to wait for a lost Redis before stopping (default: 30)')
    .option('--max-cells <int>', `refuse sweeps with more cells (default: ${DEFAULT_MAX_CELLS})`)
    .option('--backend <name>', `compute backend of the cells: ${BACKEND_NAMES.join('|')}`);
}

export function registerSweep(program: Command): void {
  sweepOptions(program.command('sweep'))
    .description(tools.sweep.description)
    .argument('[action]', 'status | cancel (absent: run a sweep)')
    .argument(
      '[id]',
      'status: a sweep folder; cancel: the sweep id (printed by hopfield sweep and hopfield sweep status)',
    )
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ hopfield sweep --experiment capacity --grid n=100,200 --grid alpha=0.05:0.2:0.05 --trials 4 --seed 1 --out sw',
        '  $ hopfield sweep --resume sw',
        '  $ hopfield sweep --extend sw --grid n=400',
        '  $ hopfield sweep status sw',
        '  $ hopfield sweep --experiment capacity --grid n=400 --grid alpha=0.05:0.25:0.02 --trials 4 --refine alpha --target meanOverlap=0.5 --seed 1 --out ac',
        '  $ hopfield sweep --experiment capacity --grid n=400 --grid alpha=0.05:0.25:0.02 --dry-run',
        '  $ hopfield sweep status --redis redis://10.0.0.5:6379',
        '  $ hopfield sweep cancel 3bb07402c0af0340 --redis redis://10.0.0.5:6379',
        '',
      ].join('\n'),
    )
    .action(async (action: string | undefined, id: string | undefined, opts: Opts, cmd: Command) => {
      const argv = ((cmd.parent as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv.slice(2)).slice();
      if (action === undefined) process.exitCode = await sweepAction({ ...opts, argv });
      else if (action === 'status' && id === undefined) process.exitCode = await statusAction(opts);
      else if (action === 'status' && id !== undefined) process.exitCode = localStatusAction(id, opts);
      else if (action === 'cancel' && id !== undefined) process.exitCode = await cancelAction(id, opts);
      else
        throw new UsageError(
          `sweep takes no argument, "status", or "cancel ID" (got "${[action, id].filter(Boolean).join(' ')}")`,
        );
    });
  program
    .command('worker')
    .description(tools.worker.description)
    .option('--redis <url>', 'Redis URL (default: $HOPFIELD_REDIS)')
    .option('--concurrency <int>', 'cells at once, one thread each (default: the cores)')
    .option(
      '--lock-duration <ms>',
      "a dead worker's cell is taken over after about this long (default: 30000)",
    )
    .option('--backend <name>', `compute backend: ${BACKEND_NAMES.join('|')}`)
    .option('-q, --quiet', 'no line per cell')
    .addHelpText('after', '\nExample:\n  $ hopfield worker --redis redis://10.0.0.5:6379 --concurrency 8\n')
    .action(async (opts: Opts) => {
      await workerAction(opts);
    });
}

/**
 * `hopfield sweep` (grids of experiment cells, on a local thread pool or a Redis queue), `hopfield sweep status`,
 * `hopfield sweep cancel` and `hopfield worker` (a queue worker). See docs/sweeps.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { BACKEND_NAMES, type BackendName } from '../../core/linalg/index.js';
import { parseParam } from '../../experiments/params.js';
import { renderSvg } from '../../report/plot.js';
import {
  cancelSweep,
  cellCount,
  cellsOf,
  checkRedis,
  checkRedisUrl,
  checkWorkers,
  createSweepDir,
  DEFAULT_MAX_CELLS,
  defaultWorkers,
  type Engine,
  experimentOf,
  localEngine,
  mergeRows,
  parseGridValues,
  parseSpecText,
  type RawSpec,
  RedisLostError,
  readSweepSpec,
  redisEngine,
  resolveSpec,
  runSweep,
  SpecError,
  SWEEP_FILES,
  SweepCancelledError,
  type SweepSpec,
  splitAssignment,
  startWorker,
  sweepDocument,
  sweepFigure,
  sweepId,
  sweepStatus,
  validateCells,
} from '../../sweep/index.js';
import { UsageError } from '../errors.js';
import { chooseSeed } from '../generate.js';
import { type OutputFile, toCsv, VERSION, writeAllAtomic } from '../output.js';

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
  return resolveSpec({ experiment: experiment.id, grid, params, trials: opts.trials ?? raw.trials, seed });
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
      bar.update(done, { rate: s > 0 ? ((done - first) / s).toFixed(1) : '0' });
    },
    stop: () => bar.stop(),
  };
}

async function sweepAction(opts: Opts): Promise<number> {
  const url = redisUrl(opts);
  const workers = intOption('workers', opts.workers, 1, 1024, defaultWorkers());
  const maxCells = intOption('max-cells', opts.maxCells, 1, 100_000_000, DEFAULT_MAX_CELLS);
  const attempts = intOption('attempts', opts.attempts, 1, 100, 3);
  const graceS = intOption('redis-wait', opts.redisWait, 1, 86_400, 30);
  const backend = backendOption(opts.backend);
  const resume = opts.resume as string | undefined;
  let dir: string;
  let spec: SweepSpec;
  if (resume !== undefined) {
    for (const f of ['experiment', 'grid', 'set', 'spec', 'trials', 'seed', 'out'])
      if (opts[f] !== undefined) throw new UsageError(`--resume takes the spec from ${resume}; drop --${f}`);
    dir = resume;
    spec = readSweepSpec(dir);
  } else {
    if (typeof opts.out !== 'string') throw new UsageError('--out DIR is required (or --resume DIR)');
    dir = opts.out;
    spec = specFromOptions(opts);
  }
  const total = cellCount(spec);
  if (total > maxCells)
    throw new SpecError(`the sweep has ${total} cells, more than --max-cells ${maxCells}`);
  validateCells(spec, cellsOf(spec));
  if (url) await checkRedis(url);
  if (resume === undefined) createSweepDir(dir, spec);
  const id = sweepId(spec);
  process.stdout.write(`sweep ${id}: ${spec.experiment}, ${total} cells, seed ${spec.seed}, in ${dir}\n`);
  const engine: Engine = url
    ? redisEngine({
        url,
        sweep: id,
        info: { experiment: spec.experiment, out: dir, total },
        attempts,
        graceMs: graceS * 1000,
        backend,
        onNote: (m) => process.stderr.write(`hopfield sweep: ${m}\n`),
      })
    : localEngine(workers, backend);
  const bar = progressBar(!opts.quiet);
  const t0 = performance.now();
  let outcome: Awaited<ReturnType<typeof runSweep>>;
  try {
    outcome = await runSweep(dir, engine, {
      onProgress: bar.update,
      onNote: (m) => process.stderr.write(`hopfield sweep: ${m}\n`),
    });
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
  if (!outcome.complete) {
    process.stderr.write(
      `hopfield sweep: ${outcome.records.size} of ${total} cells done, ${outcome.failed.length} failed; rerun them with hopfield sweep --resume ${dir}\n`,
    );
    return 1;
  }
  await writeOutputs(dir, spec, outcome);
  const rate = outcome.ran > 0 && s > 0 ? ` (${(outcome.ran / s).toFixed(1)} cells/s)` : '';
  process.stdout.write(
    `${outcome.ran} cells ran in ${s.toFixed(1)} s${rate}; ${total} in the journal; rows in ${join(dir, SWEEP_FILES.rowsJson)}\n`,
  );
  return 0;
}

async function writeOutputs(
  dir: string,
  spec: SweepSpec,
  outcome: Awaited<ReturnType<typeof runSweep>>,
): Promise<void> {
  const rows = mergeRows(outcome.cells, outcome.records);
  const files: OutputFile[] = [
    {
      flag: '--out',
      path: join(dir, SWEEP_FILES.rowsJson),
      content: `${JSON.stringify(sweepDocument(spec, rows, VERSION), null, 2)}\n`,
    },
    { flag: '--out', path: join(dir, SWEEP_FILES.rowsCsv), content: toCsv(rows) },
  ];
  try {
    const fig = sweepFigure(spec, outcome.cells, outcome.records);
    if (fig)
      files.push({ flag: '--out', path: join(dir, SWEEP_FILES.figure), content: await renderSvg(fig) });
  } catch (e) {
    process.stderr.write(`hopfield sweep: no figure (${e instanceof Error ? e.message : String(e)})\n`);
  }
  writeAllAtomic(files);
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
export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description(
      'run an experiment over a grid of parameters (local threads, or a Redis queue with --redis); ' +
        '`sweep status` shows the sweeps on a Redis server, `sweep cancel ID` cancels one',
    )
    .argument('[action]', 'status | cancel (absent: run a sweep)')
    .argument('[id]', 'the sweep id to cancel (printed by hopfield sweep and hopfield sweep status)')
    .option('--experiment <id>', 'registry id of the experiment (see hopfield list)')
    .option('--grid <name=values>', 'an axis: n=200,400 or alpha=0.05:0.25:0.01 (repeatable)', collect)
    .option('--set <name=value>', 'a fixed parameter value (repeatable)', collect)
    .option('--spec <file>', 'a JSON or YAML spec: experiment, grid, params, trials, seed')
    .option('--trials <int>', 'cells per grid point, each with its own seed (default: 1)')
    .option('--seed <int>', 'sweep seed (0..4294967295; chosen and printed if absent)')
    .option('--out <dir>', 'output directory: spec.json, journal.jsonl, rows.json, rows.csv, figure.svg')
    .option('--resume <dir>', 'run the cells missing from the journal of an earlier sweep')
    .option('--workers <int>', 'threads of the local pool (default: the cores)')
    .option('--redis <url>', 'run the cells on a BullMQ queue at this Redis URL (default: $HOPFIELD_REDIS)')
    .option('--attempts <int>', 'attempts per cell on the queue before it is reported failed (default: 3)')
    .option('--redis-wait <s>', 'seconds to wait for a lost Redis before stopping (default: 30)')
    .option('--max-cells <int>', `refuse sweeps with more cells (default: ${DEFAULT_MAX_CELLS})`)
    .option('--backend <name>', `compute backend of the cells: ${BACKEND_NAMES.join('|')}`)
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ hopfield sweep --experiment capacity --grid n=100,200 --grid alpha=0.05:0.2:0.05 --trials 4 --seed 1 --out sw',
        '  $ hopfield sweep --resume sw',
        '  $ hopfield sweep status --redis redis://10.0.0.5:6379',
        '  $ hopfield sweep cancel 3bb07402c0af0340 --redis redis://10.0.0.5:6379',
        '',
      ].join('\n'),
    )
    .action(async (action: string | undefined, id: string | undefined, opts: Opts) => {
      if (action === undefined) process.exitCode = await sweepAction(opts);
      else if (action === 'status' && id === undefined) process.exitCode = await statusAction(opts);
      else if (action === 'cancel' && id !== undefined) process.exitCode = await cancelAction(id, opts);
      else
        throw new UsageError(
          `sweep takes no argument, "status", or "cancel ID" (got "${[action, id].filter(Boolean).join(' ')}")`,
        );
    });
  program
    .command('worker')
    .description('pull sweep cells from a Redis queue and run them (until interrupted)')
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

/**
 * Contacts against plmc (the reference C implementation of pseudo-likelihood DCA, MIT, in ../shared/anchors/plmc):
 * the bench copies plmc's source to a temporary folder, builds it there (`make all-openmp`, plain `make all` when
 * OpenMP is missing) and times, on the same alignment with the same threads, plmc with its own defaults
 * (`plmc -c FILE -n T alignment`) and `hopfield potts contacts --msa alignment --out FILE --threads T` with ours,
 * each run a fresh process, the two sides alternating. Ratio = plmc time / our time (> 1: we are faster). Where the
 * family has a structure, both rankings are scored the same way (precision at top L/2, |i − j| > 4, < 8 Å; the
 * scoring of src/core/models/pottsContacts.ts). Wall time and CPU time (user + system of each child, all threads) are
 * both reported: on a shared machine the CPU-time ratio is the steadier one.
 *
 *   node --import tsx bench/plmc.ts [--threads T] [--reps R] [--families PF00014,betalactamase,PF00595,PF00035,PF00200]
 *                                   [--plmc-args "-m 100"] [--plmc-timeout SECONDS|FACTORx] [--json FILE]
 *
 * plmc's defaults run L-BFGS to convergence with no iteration cap, which takes hours on deep families (one
 * iteration on the 19,000 sequences of PF00200 is about 2 s of CPU, and it runs well over a hundred). `--plmc-timeout` (default
 * 1800 s) stops such a run: the row then says "plmc > T s" and the ratio is a lower bound, with no plmc precision.
 * `--plmc-timeout 1.5x` runs ours first and stops plmc at 1.5 times our wall time: an unfinished plmc then shows the
 * ratio is above 1.5 without waiting for plmc's whole run. `--plmc-args` passes extra options to plmc, e.g.
 * EVcouplings' usual cap `-m 100`, named in the row.
 *
 * Default families: PF00014 and the β-lactamase alignment (the targets of the speed check). The row is skipped with
 * a message when the plmc folder, `make` or a C compiler is missing. The load average is printed per row.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { contactPrecision, rankPairs } from '../src/core/models/pottsContacts.js';
import { readAlignment, readDistanceTable } from '../src/node/msaFile.js';
import { load, root } from './reference.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const threads = Number(arg('--threads') ?? Math.min(2, availableParallelism()));
const reps = Number(arg('--reps') ?? 1);
const jsonOut = arg('--json') ?? '';
const families = (arg('--families') ?? 'PF00014,betalactamase').split(',');
const plmcArgs = (arg('--plmc-args') ?? '').split(/\s+/).filter((a) => a !== '');
const timeoutArg = arg('--plmc-timeout') ?? '1800';
/** `--plmc-timeout 1.5x`: each rep runs ours first and stops plmc at 1.5 times our wall time (a ratio bound of 1.5). */
const timeoutFactor = timeoutArg.endsWith('x') ? Number(timeoutArg.slice(0, -1)) : 0;
const plmcTimeoutMs = timeoutFactor > 0 ? 0 : Number(timeoutArg) * 1000;

/** The shared folder: $HOPFIELD_SHARED, or ../shared beside the checkout (or beside its parent). */
function sharedDir(): string | undefined {
  const c = [process.env.HOPFIELD_SHARED, join(root, '..', 'shared'), join(root, '..', '..', 'shared')];
  return c.find((d): d is string => d !== undefined && existsSync(join(d, 'data', 'msa')));
}

interface Family {
  readonly name: string;
  readonly msa: string;
  readonly structure?: string;
}

function familyFiles(shared: string, name: string): Family | undefined {
  const msa = join(shared, 'data', 'msa');
  const st = join(msa, 'structures');
  if (name === 'PF00014') return { name, msa: join(msa, 'PF00014.fasta') };
  if (name === 'betalactamase') return { name, msa: join(msa, 'PF13354_betalactamase.fasta.gz') };
  if (existsSync(join(st, `${name}.fasta.gz`)))
    return { name, msa: join(st, `${name}.fasta.gz`), structure: join(st, `${name}_distances.dat`) };
  return undefined;
}

/** Build plmc in a temporary folder; the binary's path, or why it could not be built. */
function buildPlmc(shared: string, tmp: string): string | { skip: string } {
  const src = join(shared, 'anchors', 'plmc');
  if (!existsSync(join(src, 'makefile'))) return { skip: `no plmc source in ${src}` };
  const dir = join(tmp, 'plmc');
  cpSync(src, dir, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', dir]);
  for (const target of ['all-openmp', 'all']) {
    const r = spawnSync('make', ['-s', target], { cwd: dir, encoding: 'utf8' });
    if (r.error) return { skip: `cannot run make (${r.error.message})` };
    if (r.status === 0 && existsSync(join(dir, 'bin', 'plmc'))) return join(dir, 'bin', 'plmc');
  }
  return { skip: 'plmc did not build (no C compiler?)' };
}

/** Scores of an L×L ranking from `i j score` (ours) or `i ai j aj 0 score` (plmc) lines. */
function readScores(file: string, n: number): Float64Array {
  const s = new Float64Array(n * n);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#')) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const i = Number(f[0]) - 1;
    const j = Number(f.length >= 6 ? f[2] : f[1]) - 1;
    const v = Number(f[f.length - 1]);
    s[i * n + j] = v;
    s[j * n + i] = v;
  }
  return s;
}

function precisionHalf(file: string, fam: Family, n: number): number | null {
  if (!fam.structure) return null;
  const rows = contactPrecision(rankPairs(readScores(file, n), n, 1), readDistanceTable(fam.structure, n), 8);
  return rows.find((r) => r.separation === 'all' && r.top === 'L/2')?.precision ?? null;
}

/** CPU seconds of the finished children of this process (Linux: /proc/self/stat cutime + cstime), or NaN. */
function childCpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat(5), counted from the state (field 3) here.
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function timed(
  cmd: string,
  args: string[],
  timeoutMs = 0,
): { ms: number; cpuMs: number; timedOut?: boolean; error?: string } {
  const c0 = childCpuSeconds();
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs });
  const ms = performance.now() - t;
  const cpuMs = (childCpuSeconds() - c0) * 1000;
  if (timeoutMs > 0 && r.signal === 'SIGTERM' && ms >= timeoutMs) return { ms, cpuMs, timedOut: true };
  if (r.status !== 0)
    return { ms, cpuMs, error: `${cmd} exited ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}` };
  return { ms, cpuMs };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];

interface PlmcRow {
  kind: 'plmc';
  name: string;
  threads: number;
  plmcMs: number | null;
  ms: number | null;
  ratioToPlmc: number | null;
  /** CPU time of each side (user + system, all threads) and their ratio: the comparison a shared machine distorts least. */
  plmcCpuMs: number | null;
  cpuMs: number | null;
  cpuRatioToPlmc: number | null;
  precisionPlmc: number | null;
  precision: number | null;
  /** The options given to plmc beyond `-c FILE -n T` (empty: its defaults). */
  plmcArgs: string;
  /** True when plmc ran past --plmc-timeout: its time is a lower bound, and so is the ratio. */
  plmcTimedOut: boolean;
  load: string;
  note?: string;
}

function cliCommand(): string[] {
  const dist = join(root, 'dist', 'cli', 'bin.js');
  return existsSync(dist) ? [dist] : ['--import', 'tsx', join(root, 'src', 'cli', 'bin.ts')];
}

function benchFamily(plmc: string, tmp: string, fam: Family): PlmcRow {
  const msa = readAlignment(fam.msa);
  // plmc reads plain FASTA only.
  const plain = join(tmp, `${fam.name}.fasta`);
  const raw = readFileSync(fam.msa);
  writeFileSync(plain, raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
  const plmcOut = join(tmp, `${fam.name}.plmc.txt`);
  const ours = join(tmp, `${fam.name}.scores`);
  const loadStart = load();
  const tp: number[] = [];
  const to: number[] = [];
  const cp: number[] = [];
  const co: number[] = [];
  let plmcTimedOut = false;
  const runOurs = () =>
    timed(process.execPath, [
      ...cliCommand(),
      'potts',
      'contacts',
      '--msa',
      fam.msa,
      '--out',
      ours,
      '--threads',
      String(threads),
    ]);
  for (let r = 0; r < reps; r++) {
    // With a timeout relative to our time, ours goes first; otherwise plmc does.
    const b0 = timeoutFactor > 0 ? runOurs() : undefined;
    if (b0?.error) return failed(fam, loadStart, b0.error);
    if (b0)
      process.stderr.write(
        `  ${fam.name}: ours ${(b0.ms / 1000).toFixed(1)} s (CPU ${(b0.cpuMs / 1000).toFixed(1)} s); plmc now, up to ${timeoutFactor}× that\n`,
      );
    const limit = b0 ? Math.ceil(timeoutFactor * b0.ms) : plmcTimeoutMs;
    const a = timed(plmc, ['-c', plmcOut, '-n', String(threads), ...plmcArgs, plain], limit);
    if (a.error) return failed(fam, loadStart, a.error);
    plmcTimedOut ||= a.timedOut === true;
    tp.push(a.ms);
    cp.push(a.cpuMs);
    const b = b0 ?? runOurs();
    if (b.error) return failed(fam, loadStart, b.error);
    to.push(b.ms);
    co.push(b.cpuMs);
  }
  const plmcMs = median(tp);
  const ms = median(to);
  return {
    kind: 'plmc',
    name: `${fam.name} (M = ${msa.m}, N = ${msa.n})`,
    threads,
    plmcMs,
    ms,
    ratioToPlmc: plmcMs / ms,
    plmcCpuMs: median(cp),
    cpuMs: median(co),
    cpuRatioToPlmc: median(cp) / median(co),
    precisionPlmc: plmcTimedOut ? null : precisionHalf(plmcOut, fam, msa.n),
    precision: precisionHalf(ours, fam, msa.n),
    plmcArgs: plmcArgs.join(' '),
    plmcTimedOut,
    load: `${loadStart} → ${load()}`,
  };
}

function failed(fam: Family, loadStart: string, note: string): PlmcRow {
  return {
    kind: 'plmc',
    name: fam.name,
    threads,
    plmcMs: null,
    ms: null,
    ratioToPlmc: null,
    plmcCpuMs: null,
    cpuMs: null,
    cpuRatioToPlmc: null,
    precisionPlmc: null,
    precision: null,
    plmcArgs: plmcArgs.join(' '),
    plmcTimedOut: false,
    load: `${loadStart} → ${load()}`,
    note,
  };
}

function print(row: PlmcRow): void {
  const s = (v: number | null) => (v === null ? '   n/a' : (v / 1000).toFixed(1).padStart(7));
  const p = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
  const gt = row.plmcTimedOut ? '>' : '';
  process.stdout.write(
    `  ${row.name.padEnd(34)} plmc${row.plmcArgs ? ` ${row.plmcArgs}` : ''} ${gt}${s(row.plmcMs)} s  ours ${s(row.ms)} s  ratio ${gt}${row.ratioToPlmc === null ? 'n/a' : row.ratioToPlmc.toFixed(2)}  (CPU plmc ${gt}${s(row.plmcCpuMs)} s, ours ${s(row.cpuMs)} s, ratio ${gt}${row.cpuRatioToPlmc === null ? 'n/a' : row.cpuRatioToPlmc.toFixed(2)})  top-L/2 precision plmc ${p(row.precisionPlmc)} ours ${p(row.precision)}  load ${row.load}${row.note ? `  (${row.note})` : ''}\n`,
  );
}

function main(): void {
  process.stdout.write(
    `Contacts against plmc (${plmcArgs.length ? `its defaults and ${plmcArgs.join(' ')}` : 'its defaults'}, stopped after ${timeoutFactor > 0 ? `${timeoutFactor} times our time` : `${plmcTimeoutMs / 1000} s`}; ${threads} threads each side, ${reps} run(s) each, alternating; load average ${load()}):\n`,
  );
  const shared = sharedDir();
  if (!shared) {
    process.stdout.write('  skipped: no shared data folder (set HOPFIELD_SHARED)\n');
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'hopfield-plmc-'));
  const rows: PlmcRow[] = [];
  try {
    const plmc = buildPlmc(shared, tmp);
    if (typeof plmc !== 'string') {
      process.stdout.write(`  skipped: ${plmc.skip}\n`);
      return;
    }
    for (const name of families) {
      const fam = familyFiles(shared, name);
      if (!fam) {
        process.stdout.write(`  ${name}: no such alignment in ${shared}/data/msa\n`);
        continue;
      }
      const row = benchFamily(plmc, tmp, fam);
      print(row);
      rows.push(row);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`  load average at end: ${load()}\n`);
  if (jsonOut)
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ command: 'bench plmc', threads, reps, loadAverage: loadavg(), rows }, null, 2)}\n`,
    );
}

main();

/**
 * Kernel benchmarks: `npm run bench [-- --json FILE] [--quick] [--only gemm,attention] [--no-numpy] [--no-e2e]`
 * (`--only` names kernels and the sections 'e2e', 'sweep', 'startup', 'potts', 'plmc', 'autoregressive'; without it everything
 * runs but the e2e and autoregressive rows).
 *
 * For every kernel and size of issue #3, the median time of each backend — the TypeScript reference ('ts'), the
 * WebAssembly SIMD kernels on one thread ('wasm-1t') and with the default thread pool ('wasm') — with GFLOP/s or
 * GB/s, and the NumPy time measured in the same run (bench/numpy_bench.py) with the ratio (> 1: faster than
 * NumPy). wasm operands live in WebAssembly memory (allocFloat64/allocFloat32), so the times are the kernels';
 * the copy-in cost for plain arrays is shown in the 'wasm+copy' rows for GEMV and the attention step.
 * Like the CLI, the bench turns relaxed SIMD on where the runtime has it behind a flag (Node 20;
 * src/node/relaxedSimd.ts) unless HOPFIELD_RELAXED_SIMD=0; the wasm rows are then measured again in a child
 * process with the other build (rows 'wasm plain', 'wasm-1t plain' — or 'wasm relaxed', 'wasm-1t relaxed' when
 * this process runs the plain one; skip with --no-relaxed).
 * Then end-to-end: `hopfield capacity --rule hebb --n 2000 --alpha 0.1` with each backend (skip: --no-e2e).
 * With `--e2e`, whole paper experiments against NumPy implementations of the same algorithms (bench/e2e.ts;
 * `--e2e-full` for the full step counts, `--e2e-reps K` repetitions, default 3, `--e2e-rows a,b` rows whose names
 * contain a or b, `--numpy-threads K` BLAS threads of NumPy; `--only e2e` skips the kernels):
 * rows `{kind: 'e2e', name, ms, numpyMs, ratioToNumpy}` in the `--json` output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Backend,
  packSpins,
  type RangeRunner,
  referenceBackend,
  type WasmBackend,
  wasmBackend,
  wasmUnavailableReason,
} from '../src/core/linalg/index.js';
import { createRng } from '../src/core/rng/index.js';
import { enableRelaxedSimd } from '../src/node/relaxedSimd.js';
import { type E2ERow, e2eRows } from './e2e.js';

type Kernel =
  | 'gemm'
  | 'gemv'
  | 'gemvF32'
  | 'gemvBatch'
  | 'attention'
  | 'pmOverlaps'
  | 'logSumExp'
  | 'tanh'
  | 'exp';

interface Case {
  readonly id: string;
  readonly kernel: Kernel;
  readonly dims: number[];
  readonly size: string;
  /** flops (rate in GFLOP/s) or bytes (GB/s) of one call */
  readonly work: { flops: number } | { bytes: number };
}

interface Row {
  kernel: Kernel;
  size: string;
  backend: string;
  ms: number;
  rate: string;
  numpyMs: number | null;
  ratioToNumpy: number | null;
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

function parseArgs(argv: string[]) {
  const o = {
    json: '',
    quick: false,
    only: [] as string[],
    numpy: true,
    e2e: true,
    relaxed: true,
    e2eRows: false,
    e2eFull: false,
    e2eReps: 3,
    e2eOnly: [] as string[],
    numpyThreads: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = argv[++i] ?? '';
    else if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',');
    else if (a === '--no-numpy') o.numpy = false;
    else if (a === '--no-e2e') o.e2e = false;
    else if (a === '--no-relaxed') o.relaxed = false;
    else if (a === '--e2e') o.e2eRows = true;
    else if (a === '--e2e-rows') o.e2eOnly = (argv[++i] ?? '').split(',');
    else if (a === '--numpy-threads') o.numpyThreads = Number(argv[++i]);
    else if (a === '--e2e-full') o.e2eRows = o.e2eFull = true;
    else if (a === '--e2e-reps') {
      o.e2eReps = Number(argv[++i]);
      if (!Number.isInteger(o.e2eReps) || o.e2eReps < 1) {
        process.stderr.write('bench: --e2e-reps needs an integer ≥ 1\n');
        process.exit(2);
      }
    } else {
      process.stderr.write(`bench: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (argv.includes('--json') && !o.json) {
    process.stderr.write('bench: --json needs a file name\n');
    process.exit(2);
  }
  return o;
}

function cases(quick: boolean): Case[] {
  const c: Case[] = [];
  const gemm = quick
    ? [[256, 256, 256]]
    : [
        [512, 512, 512],
        [1000, 1000, 1000],
        [2000, 1000, 1000],
      ];
  for (const [m, k, n] of gemm) {
    c.push({
      id: `gemm-${m}`,
      kernel: 'gemm',
      dims: [m, k, n],
      size: `${m}×${k}×${n}`,
      work: { flops: 2 * m * n * k },
    });
  }
  for (const n of quick ? [1000] : [2000, 5000]) {
    c.push({ id: `gemv-${n}`, kernel: 'gemv', dims: [n, n], size: `${n}×${n}`, work: { bytes: 8 * n * n } });
    c.push({
      id: `gemv32-${n}`,
      kernel: 'gemvF32',
      dims: [n, n],
      size: `${n}×${n} f32`,
      work: { bytes: 4 * n * n },
    });
    c.push({
      id: `gemvb-${n}`,
      kernel: 'gemvBatch',
      dims: [n, n, 64],
      size: `${n}×${n}, 64 vectors`,
      work: { flops: 2 * 64 * n * n },
    });
  }
  const p = quick ? 100_000 : 1_000_000;
  c.push({
    id: 'att',
    kernel: 'attention',
    dims: [p, 32],
    size: `P=${p}, N=32`,
    work: { bytes: 4 * p * 32 },
  });
  c.push({
    id: 'pm',
    kernel: 'pmOverlaps',
    dims: [10_000, 1024],
    size: 'P=10000, N=1024',
    work: { bytes: (10_000 * 1024) / 8 },
  });
  const len = quick ? 100_000 : 1_000_000;
  c.push({ id: 'lse', kernel: 'logSumExp', dims: [len], size: `${len}`, work: { bytes: 8 * len } });
  c.push({ id: 'tanh', kernel: 'tanh', dims: [len], size: `${len}`, work: { bytes: 16 * len } });
  c.push({ id: 'exp', kernel: 'exp', dims: [len], size: `${len}`, work: { bytes: 16 * len } });
  return c;
}

/** Median of timed calls after one warm-up: at least 3, until ~1.5 s or 15 calls. */
function median(fn: () => void, slow: boolean): number {
  fn();
  const t: number[] = [];
  let total = 0;
  while (t.length < 3 || (!slow && total < 1500 && t.length < 15)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    t.push(dt);
    total += dt;
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** A runnable call for a backend; `resident` allocates the operands through the backend (wasm memory). */
function prepare(c: Case, b: Backend, resident: boolean): () => void {
  const rng = createRng(1);
  const f64 = (len: number, fill: () => number) => {
    const a = resident ? b.allocFloat64(len) : new Float64Array(len);
    for (let i = 0; i < len; i++) a[i] = fill();
    return a;
  };
  const f32 = (len: number, fill: () => number) => {
    const a = resident ? b.allocFloat32(len) : new Float32Array(len);
    for (let i = 0; i < len; i++) a[i] = fill();
    return a;
  };
  const normal = () => rng.normal();
  switch (c.kernel) {
    case 'gemm': {
      const [m, k, n] = c.dims;
      const a = f64(m * k, normal);
      const bm = f64(k * n, normal);
      const out = f64(m * n, () => 0);
      return () => b.gemm(m, n, k, a, bm, out);
    }
    case 'gemv': {
      const [m, n] = c.dims;
      const a = f64(m * n, normal);
      const x = f64(n, normal);
      const y = f64(m, () => 0);
      return () => b.gemv(m, n, a, x, y);
    }
    case 'gemvF32': {
      const [m, n] = c.dims;
      const a = f32(m * n, normal);
      const x = f64(n, normal);
      const y = f64(m, () => 0);
      return () => b.gemvF32(m, n, a, x, y);
    }
    case 'gemvBatch': {
      const [m, n, k] = c.dims;
      const a = f64(m * n, normal);
      const x = f64(k * n, normal);
      const y = f64(k * m, () => 0);
      return () => b.gemvBatch(m, n, k, a, x, y);
    }
    case 'attention': {
      const [p, n] = c.dims;
      const xi = f32(p * n, () => rng.sign());
      const x = f64(n, normal);
      const y = new Float64Array(n);
      return () => b.attentionStep(p, n, xi, x, 0.1, y);
    }
    case 'pmOverlaps': {
      const [p, n] = c.dims;
      const spins = Float64Array.from({ length: p * n }, () => rng.sign());
      const packed = packSpins(p, n, spins, resident ? b : undefined);
      const q = packSpins(1, n, spins.subarray(0, n)).data;
      const out = new Int32Array(p);
      return () => b.pmOverlaps(packed, q, out);
    }
    case 'logSumExp': {
      const x = f64(c.dims[0], () => 10 * rng.normal());
      return () => b.logSumExp(x, 1);
    }
    case 'tanh': {
      const x = f64(c.dims[0], normal);
      const out = f64(c.dims[0], () => 0);
      return () => b.map('tanh', x, out);
    }
    case 'exp': {
      const x = f64(c.dims[0], normal);
      const out = f64(c.dims[0], () => 0);
      return () => b.map('exp', x, out);
    }
    default: {
      const never: never = c.kernel;
      throw new Error(`unknown kernel ${String(never)}`);
    }
  }
}

function rate(c: Case, ms: number): string {
  if ('flops' in c.work) return `${(c.work.flops / ms / 1e6).toFixed(2)} GFLOP/s`;
  return `${(c.work.bytes / ms / 1e6).toFixed(2)} GB/s`;
}

function numpyTimes(list: Case[]): { ms: Record<string, number>; version: string; note: string } {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop();
    return { ms: {}, version: '', note: `NumPy unavailable (python3 -c "import numpy" failed: ${why})` };
  }
  const input = JSON.stringify(
    list.map((c) => ({ id: c.id, kernel: c.kernel, dims: c.dims, reps: 'flops' in c.work ? 5 : 11 })),
  );
  const r = spawnSync('python3', [join(root, 'bench', 'numpy_bench.py')], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { ms: {}, version: '', note: `NumPy benchmark failed: ${r.stderr.trim()}` };
  const out = JSON.parse(r.stdout) as {
    numpy?: string;
    blas?: string;
    ms?: Record<string, number>;
    error?: string;
  };
  if (out.error) return { ms: {}, version: '', note: out.error };
  return { ms: out.ms ?? {}, version: `NumPy ${out.numpy} (${out.blas})`, note: '' };
}

function table(rows: Row[]): string {
  const cols = ['kernel', 'size', 'backend', 'ms', 'rate', 'numpyMs', 'ratioToNumpy'] as const;
  const cell = (r: Row, k: (typeof cols)[number]) => {
    const v = r[k];
    if (v === null) return '—';
    if (typeof v === 'number') return k === 'ratioToNumpy' ? v.toFixed(2) : v.toFixed(3);
    return v;
  };
  const widths = cols.map((k) => Math.max(k.length, ...rows.map((r) => cell(r, k).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ');
  return [
    line([...cols]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((k) => cell(r, k)))),
  ].join('\n');
}

function endToEnd(): { backend: string; seconds: number; output: string }[] {
  const built = existsSync(join(root, 'dist', 'cli', 'bin.js'));
  const cmd = built ? ['dist/cli/bin.js'] : ['--import', 'tsx', 'src/cli/bin.ts'];
  const args = [
    ...cmd,
    'capacity',
    '--rule',
    'hebb',
    '--n',
    '2000',
    '--alpha',
    '0.1',
    '--seed',
    '1',
    '--quiet',
  ];
  const out: { backend: string; seconds: number; output: string }[] = [];
  for (const [label, env] of [
    ['ts', { HOPFIELD_BACKEND: 'ts' }],
    ['wasm-1t', { HOPFIELD_BACKEND: 'wasm', HOPFIELD_THREADS: '1' }],
    ['wasm', { HOPFIELD_BACKEND: 'wasm' }],
  ] as const) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const seconds = (performance.now() - t0) / 1000;
    const lines = (r.stdout ?? '').trim().split('\n');
    out.push({
      backend: label,
      seconds,
      output: r.status === 0 ? (lines[lines.length - 1] ?? '') : `failed: ${r.stderr}`,
    });
  }
  return out;
}

/**
 * The kernel's transparent huge page mode, when Linux tells it. NumPy asks for 2 MiB pages for its large arrays
 * (madvise); WebAssembly memory cannot ask, so under 'madvise' (the usual default) only NumPy's arrays get them:
 * memory-bound rows (GEMV) then compare 4 KiB pages against 2 MiB pages (measured here, one thread, four A/B
 * pairs: GEMV 2000×2000 6–19 % faster with 'always', which gives WebAssembly memory 2 MiB pages too).
 */
function hugePagesLine(): string {
  try {
    const mode = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
    if (!mode) return '';
    const note = mode === 'madvise' ? ' (NumPy arrays get 2 MiB pages, WebAssembly memory 4 KiB pages)' : '';
    return `transparent huge pages: ${mode}${note}\n`;
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  enableRelaxedSimd(); // as the CLI does, before the first kernel loads
  const list = cases(opts.quick).filter((c) => opts.only.length === 0 || opts.only.includes(c.kernel));
  const w = wasmBackend();
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.versions.node} (V8 ${process.versions.v8})`;
  process.stdout.write(
    `machine: ${machine}\nload average at start: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}\n${hugePagesLine()}`,
  );
  if (w) {
    process.stdout.write(
      `wasm: SIMD yes, relaxed SIMD ${w.features.relaxedSimd ? 'yes' : 'no'}, threads ${w.threads()}\n`,
    );
  } else process.stdout.write(`wasm unavailable: ${wasmUnavailableReason()}\n`);

  // NumPy: probed once here, then timed case by case right before the same case in TypeScript, so that both
  // see the same machine load (this matters on shared machines).
  const np = opts.numpy ? numpyTimes([]) : { ms: {}, version: '', note: 'NumPy skipped (--no-numpy)' };
  process.stdout.write(`${np.version || np.note}\n\n`);

  const backends: { label: string; b: Backend; resident: boolean; threads?: number }[] = [
    { label: 'ts', b: referenceBackend, resident: false },
  ];
  if (w) {
    backends.push({ label: 'wasm-1t', b: w, resident: true, threads: 1 });
    backends.push({ label: 'wasm', b: w, resident: true, threads: w.threads() });
  }
  const defaultThreads = w?.threads() ?? 1;
  const rows: Row[] = [];
  for (const c of list) {
    if (np.version) Object.assign(np.ms, numpyTimes([c]).ms);
    for (const be of backends) {
      await setThreads(w, be.threads ?? 1, defaultThreads);
      const slow = be.label === 'ts' && 'flops' in c.work && c.work.flops > 2e8;
      const fn = prepare(c, be.b, be.resident);
      const ms = median(fn, slow);
      addRow(rows, c, be.label, ms, np.ms[c.id]);
      if (be.label === 'wasm' && (c.kernel === 'gemv' || c.kernel === 'attention')) {
        addRow(rows, c, 'wasm+copy', median(prepare(c, be.b, false), false), np.ms[c.id]);
      }
    }
    process.stdout.write(`${table(rows.filter((r) => r.kernel === c.kernel && r.size === c.size))}\n\n`);
  }
  await setThreads(w, defaultThreads, defaultThreads);

  if (w && opts.relaxed && list.length > 0) {
    const other = w.features.relaxedSimd ? 'plain' : 'relaxed';
    const more = otherBuildRows(other, opts.quick, list, np.ms);
    if (typeof more === 'string') process.stdout.write(`${other} SIMD build: ${more}\n\n`);
    else {
      process.stdout.write(
        other === 'plain'
          ? 'plain SIMD build (HOPFIELD_RELAXED_SIMD=0: no fused multiply-add):\n'
          : 'relaxed SIMD build (fused multiply-add):\n',
      );
      process.stdout.write(`${table(more)}\n\n`);
      rows.push(...more);
    }
  }

  const onlyE2e = opts.only.length > 0 && opts.only.every((k) => k === 'e2e');
  let e2eTable: E2ERow[] = [];
  if (opts.e2eRows || onlyE2e) {
    process.stdout.write(
      `end to end against NumPy (median of ${opts.e2eReps}; load average ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}):\n`,
    );
    e2eTable = await e2eRows({
      full: opts.e2eFull,
      reps: opts.e2eReps,
      numpy: opts.numpy,
      only: opts.e2eOnly,
      numpyThreads: opts.numpyThreads || undefined,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write('\n');
  }

  // with --only, the sweep, start-up, Potts and plmc sections run only when named ('sweep', 'startup', 'potts', 'plmc')
  const section = (name: string) => opts.only.length === 0 || opts.only.includes(name);
  const e2e = opts.e2e && !onlyE2e ? endToEnd() : [];
  if (section('sweep'))
    process.stdout.write(
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'sweep.ts')], {
        cwd: root,
        encoding: 'utf8',
      }).stdout,
    ); // sweep rows (bench/sweep.ts)
  if (section('startup'))
    process.stdout.write(
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'startup.ts')], {
        cwd: root,
        encoding: 'utf8',
      }).stdout,
    ); // command-line start-up against node -e 0 (bench/startup.ts)
  if (section('potts'))
    process.stdout.write(
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'bench', 'potts.ts'), ...(opts.quick ? ['--quick'] : [])],
        { cwd: root, encoding: 'utf8' },
      ).stdout,
    ); // Potts rows against SciPy (bench/potts.ts)
  if (section('plmc'))
    process.stdout.write(
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'plmc.ts')], {
        cwd: root,
        encoding: 'utf8',
      }).stdout,
    ); // contacts against plmc, built in a temporary folder (bench/plmc.ts)
  if (opts.only.includes('autoregressive'))
    process.stdout.write(
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'bench', 'autoregressive.ts'), ...(opts.quick ? ['--quick'] : [])],
        { cwd: root, encoding: 'utf8' },
      ).stdout,
    ); // autoregressive rows against SciPy (bench/autoregressive.ts; long, only when named)
  if (e2e.length > 0) {
    process.stdout.write('end to end: hopfield capacity --rule hebb --n 2000 --alpha 0.1 --seed 1\n');
    for (const e of e2e)
      process.stdout.write(`  ${e.backend.padEnd(8)} ${e.seconds.toFixed(2)} s   ${e.output}\n`);
  }
  process.stdout.write(
    `load average at end: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}\n`,
  );
  if (opts.json) {
    const doc = {
      command: 'bench',
      machine,
      numpy: np.version || np.note,
      wasm: w ? { ...w.features, threads: defaultThreads } : { unavailable: wasmUnavailableReason() },
      loadAverage: loadavg(),
      rows: [...rows, ...e2eTable],
      endToEnd: e2e,
    };
    writeFileSync(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`wrote ${opts.json}\n`);
  }
}

/** The wasm rows again in a child process with the other build (labels get a ' plain' or ' relaxed' suffix). */
function otherBuildRows(
  build: 'plain' | 'relaxed',
  quick: boolean,
  list: Case[],
  numpyMs: Record<string, number>,
): Row[] | string {
  const kernels = [...new Set(list.map((c) => c.kernel))].join(',');
  const dir = mkdtempSync(join(tmpdir(), 'hopfield-bench-'));
  const file = join(dir, `${build}.json`);
  const args = ['--import', 'tsx', join(root, 'bench', 'run.ts')];
  args.push('--no-numpy', '--no-e2e', '--no-relaxed', '--only', kernels, '--json', file);
  if (quick) args.push('--quick');
  const env = { ...process.env, HOPFIELD_RELAXED_SIMD: build === 'plain' ? '0' : '1' };
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env });
  const doc =
    r.status === 0
      ? (JSON.parse(readFileSync(file, 'utf8')) as { wasm: { relaxedSimd?: boolean }; rows: Row[] })
      : null;
  rmSync(dir, { recursive: true, force: true });
  if (!doc) return `child run failed: ${r.stderr.trim().split('\n').pop()}`;
  if (doc.wasm.relaxedSimd !== (build === 'relaxed')) return 'not available on this runtime';
  const ids = new Map(list.map((c) => [`${c.kernel} ${c.size}`, c.id]));
  return doc.rows
    .filter((row) => row.backend === 'wasm' || row.backend === 'wasm-1t')
    .map((row) => {
      const np = numpyMs[ids.get(`${row.kernel} ${row.size}`) ?? ''];
      return {
        ...row,
        backend: `${row.backend} ${build}`,
        numpyMs: np ?? null,
        ratioToNumpy: np === undefined ? null : np / row.ms,
      };
    });
}

function addRow(rows: Row[], c: Case, backend: string, ms: number, numpyMs: number | undefined): void {
  rows.push({
    kernel: c.kernel,
    size: c.size,
    backend,
    ms,
    rate: rate(c, ms),
    numpyMs: numpyMs ?? null,
    ratioToNumpy: numpyMs === undefined ? null : numpyMs / ms,
  });
}

let defaultRunner: RangeRunner | null | undefined;
/**
 * Threads for the next measurements: 1 detaches the pool, the default count re-attaches the backend's own and
 * waits until its workers are ready (until then a pool runs everything on the caller's thread, which would be
 * timed as a threaded row).
 */
async function setThreads(w: WasmBackend | null, threads: number, defaultThreads: number): Promise<void> {
  if (!w) return;
  if (defaultRunner === undefined) defaultRunner = w.threadRunner();
  const runner = threads > 1 && threads === defaultThreads ? defaultRunner : null;
  w.setThreadRunner(runner);
  for (let i = 0; i < 400 && runner?.ready && !runner.ready(); i++)
    await new Promise((r) => setTimeout(r, 25));
}

await main();

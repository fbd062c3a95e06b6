/**
 * The rates of src/experiments/work.ts: small real runs, one or more per kernel kind, each timed against its
 * entry's up-front estimate (the `work` of its registry entry turned into seconds by the rates). Prints per row the
 * operations, the measured seconds, the measured rate of its main kind, the estimate and the ratio
 * measured / estimated, and the load average before and after (the machine may be shared). A rate is right on
 * this machine when its rows' ratios are near 1; the estimates are meant to hold within a factor of about 3.
 *
 * `node --import tsx bench/work.ts [--only NAME] [--wall]` (--wall on a quiet machine; default: CPU time)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseConfig } from '../src/cli/generate.js';
import { createRng } from '../src/core/rng/index.js';
import { findExperiment } from '../src/experiments/registry/index.js';
import { OPS_PER_SECOND, type WorkKind, type WorkOps, workSeconds } from '../src/experiments/work.js';
import { loadInputs } from '../src/node/inputs.js';
import { installNodePottsRunner } from '../src/node/potts.js';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const dir = mkdtempSync(join(tmpdir(), 'hopfield-work-'));
installNodePottsRunner();

// A small alignment: the first 300 sequences of PF00014 (N = 53).
const records = gunzipSync(readFileSync(new URL('../data/msa/PF00014.fasta.gz', import.meta.url)))
  .toString('utf8')
  .split('>')
  .filter((r) => r.trim() !== '')
  .slice(0, 300);
const msa = join(dir, 'small.fasta');
writeFileSync(msa, records.map((r) => `>${r}`).join(''));
const model = join(dir, 'small.json');

interface Row {
  readonly name: string;
  readonly kind: WorkKind;
  readonly args: Record<string, string>;
  /** Threads the run keeps busy (worker threads), for the CPU-time measure. */
  readonly threads?: number;
}

/** `--wall`: time by the wall clock (a quiet machine); default: CPU time per thread used. */
const quiet = process.argv.includes('--wall');

const rows: Row[] = [
  {
    name: 'couplings: pl train N=200 α=0.4 epochs=300',
    kind: 'couplings',
    args: { id: 'pl.train', n: '200', alpha: '0.4', epochs: '300', out: join(dir, 'pl.json') },
  },
  {
    name: 'couplings: capacity N=800 hebb',
    kind: 'couplings',
    args: { id: 'capacity', n: '800', alpha: '0.05,0.1,0.15', trials: '2' },
  },
  {
    name: 'spins: phase-diagram N=400 5×5 sweeps=50',
    kind: 'spins',
    args: {
      id: 'phase-diagram',
      n: '400',
      alpha: '0.02:0.1:0.02',
      temperature: '0.2:1:0.2',
      sweeps: '50',
      trials: '1',
    },
  },
  {
    name: 'potts: train N=53 M=300',
    kind: 'potts',
    args: { id: 'potts.train', msa, out: model },
    threads: 2,
  },
  {
    name: 'potts: sample N=53 chains=2 burn-in=2000',
    kind: 'potts',
    args: {
      id: 'potts.sample',
      model,
      out: join(dir, 's.fasta'),
      burnIn: '2000',
      samples: '100',
      thinning: '10',
      chains: '2',
    },
    threads: 2,
  },
  {
    name: 'scalar: lagrangian synaptic nv=200 nh=20 steps=2000',
    kind: 'scalar',
    args: { id: 'lagrangian.synaptic', nv: '200', nh: '20', steps: '2000' },
  },
  {
    name: 'scalar: theory ags-phase-diagram points=12',
    kind: 'scalar',
    args: { id: 'theory.ags-phase-diagram', points: '12' },
  },
];

const load0 = loadavg()[0];
console.log(`load ${load0.toFixed(2)}; rates ${JSON.stringify(OPS_PER_SECOND)}`);
console.log(
  `row | ops (main kind) | measured s (${quiet ? 'wall' : 'CPU per thread'}) | measured rate | estimated s | measured/estimated`,
);
for (const r of rows) {
  if (only && !r.name.includes(only)) continue;
  const { id, ...flags } = r.args;
  const e = findExperiment(id);
  if (!e) throw new Error(`no entry ${id}`);
  const config = loadInputs(e.params, parseConfig(e.params, flags)) as Record<string, unknown>;
  e.check?.(config);
  const ops: WorkOps = (await e.work?.(config)) ?? {};
  const estimated = workSeconds(ops);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await e.run(config, createRng(1), {});
  const wall = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  // Under load the wall clock measures the other processes too: the CPU time (all threads of this process,
  // divided by the threads the kind runs on) is what a quiet machine's wall clock would show.
  const cpu = (c1.user + c1.system) / 1e6 / (r.threads ?? 1);
  const seconds = quiet ? wall : cpu;
  // A model the next rows read.
  for (const f of out.files ?? [])
    if (f.param === 'out' && typeof f.content === 'string' && id === 'potts.train')
      writeFileSync(model, f.content);
  const main = ops[r.kind] ?? 0;
  const otherSeconds = estimated - main / OPS_PER_SECOND[r.kind];
  const rate = main / Math.max(1e-9, seconds - otherSeconds);
  console.log(
    `${r.name} | ${main.toExponential(2)} | ${seconds.toFixed(2)} (wall ${wall.toFixed(2)}) | ${rate.toExponential(2)} | ${estimated.toFixed(2)} | ${(seconds / estimated).toFixed(2)}`,
  );
}
console.log(`load after ${loadavg()[0].toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });

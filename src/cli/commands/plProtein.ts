/**
 * `hopfield pl protein`: Potts pseudo-likelihood on a protein alignment (paper 000 section IV.D, Fig. 6). The rest
 * of the `pl` family is generated from the experiment registry (src/experiments/registry/pl.ts); this command
 * stays hand-wired until the Potts family takes it over.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { type Alignment, MsaError, parseAlignment } from '../../data/msa.js';
import { type ProteinRow, proteinExperiment } from '../../experiments/protein.js';
import { lineChart, type PlotSpec } from '../../report/plot.js';
import { type CommandContext, type CommandOutput, defineCommand, type RawOptions } from '../command.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseNumber, parseNumberList } from '../parse.js';

const opt = (o: RawOptions, k: string) => o[k] as string;

/** Read and parse an alignment for --msa; missing, unreadable or malformed files are usage errors. */
function loadAlignment(path: string): Alignment {
  if (!existsSync(path)) throw new UsageError(`--msa: ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`--msa: ${path}: is a directory, not an alignment`);
  try {
    return parseAlignment(readFileSync(path, 'utf8'), path);
  } catch (e) {
    if (e instanceof MsaError) throw new UsageError(`--msa: ${e.message}`);
    throw e;
  }
}

/** Fig. 6: final overlap against α (log x) from train and test sequences, ⟨O⟩ dashed. */
function proteinPlot(rows: readonly ProteinRow[], title: string): PlotSpec {
  const data = rows.flatMap((r) => [
    { alpha: r.alpha, start: 'train', q: r.trainOverlap, std: r.trainOverlapStd },
    { alpha: r.alpha, start: 'test', q: r.testOverlap, std: r.testOverlapStd },
  ]);
  const alphas = rows.map((r) => r.alpha);
  const o = rows[0]?.naturalOverlap ?? 0;
  return lineChart({
    title,
    xTitle: 'load α = P/N',
    yTitle: 'final overlap q(a_ini, a_fin)',
    xScale: 'log',
    simulation: { data, x: 'alpha', y: 'q', color: 'start', error: 'std' },
    theory: {
      data: [Math.min(...alphas), Math.max(...alphas)].map((a) => ({
        alpha: a,
        q: o,
        start: '⟨O⟩ natural pairs',
      })),
      x: 'alpha',
      y: 'q',
      color: 'start',
    },
    legendTitle: 'start',
  });
}

/** Register `hopfield pl protein` (under the `pl` group of the generated commands). */
export function registerPlProtein(program: Command): void {
  const pl = (program.commands.find((c) => c.name() === 'pl') ?? program.command('pl')).description(
    'pseudo-likelihood associative memories (paper 000): train, retrieval maps, basins, features, MNIST, spin glass, proteins',
  );

  // Once the registry declares `pl protein` (an alias of `potts retrieval`), that command wins.
  if (pl.commands.some((c) => c.name() === 'protein')) return;
  defineCommand(pl, {
    name: 'protein',
    description:
      'Potts pseudo-likelihood on a protein alignment: final overlap of T = 0 sequential dynamics from train and test sequences against α (Fig. 6)',
    examples: [
      'hopfield pl protein --msa PF00014.fasta --alpha 0.1,1,10,40 --trials 1 --symmetry asymmetric --epochs 100 --seed 1 --plot protein.svg',
    ],
    configure: (c) =>
      c
        .requiredOption(
          '--msa <file>',
          'aligned sequences, FASTA/A2M (uppercase and - kept, lowercase and . dropped)',
        )
        .option('--alpha <list>', 'loads α = P/N: list or range', '0.1,0.3,1,3,10,30')
        .option('--trials <int>', 'independent training sets per α', '1')
        .option(
          '--symmetry <kind>',
          'asymmetric|symmetric (mean of J_ij(a,b) and J_ji(b,a) after training)',
          'asymmetric',
        )
        .option(
          '--epochs <int>',
          'L-BFGS iterations per site (about one pass over the training sequences each)',
          '100',
        )
        .option('--lambda-h <number>', 'L2 regularization λ_h of the fields (plmDCA default)', '0.01')
        .option('--lambda-j <number>', 'L2 regularization λ_J of the couplings (plmDCA default)', '0.01')
        .option('--probe <int>', 'train and test sequences probed per trial', '200')
        .option('--max-sweeps <int>', 'sweeps of the sequential dynamics', '100')
        .option(
          '--identity <number>',
          'identity threshold of the sequence weights w_s = 1/n_s, in (0, 1]',
          '0.8',
        ),
    run: runProtein,
  });
}

/** Parse, run and describe `pl protein`. */
async function runProtein(o: RawOptions, ctx: CommandContext): Promise<CommandOutput> {
  const path = opt(o, 'msa');
  const alphas = parseNumberList('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10000 });
  const trials = parseInteger('--trials', opt(o, 'trials'), { min: 1, max: 1000 });
  const symmetry = parseChoice('--symmetry', opt(o, 'symmetry'), ['asymmetric', 'symmetric'] as const);
  const epochs = parseInteger('--epochs', opt(o, 'epochs'), { min: 1, max: 100000 });
  const lambdaH = parseNumber('--lambda-h', opt(o, 'lambdaH'), { min: 0, max: 1e6 });
  const lambdaJ = parseNumber('--lambda-j', opt(o, 'lambdaJ'), { min: 0, max: 1e6 });
  const probe = parseInteger('--probe', opt(o, 'probe'), { min: 1, max: 1_000_000 });
  const maxSweeps = parseInteger('--max-sweeps', opt(o, 'maxSweeps'), { min: 1, max: 100000 });
  const identity = parseNumber('--identity', opt(o, 'identity'), { min: 0, minExclusive: true, max: 1 });
  const msa = loadAlignment(path);
  for (const a of alphas) {
    const p = Math.max(1, Math.round(a * msa.n));
    if (p >= msa.m)
      throw new UsageError(
        `--alpha ${a} needs P = round(${a}·${msa.n}) = ${p} training sequences; ${path} has M = ${msa.m} (at most ${msa.m - 1}, one is kept for testing)`,
      );
  }
  const params = {
    msa: path,
    n: msa.n,
    m: msa.m,
    alpha: alphas,
    trials,
    symmetry,
    epochs,
    lambdaH,
    lambdaJ,
    probe,
    maxSweeps,
    identity,
  };
  const bar = ctx.progress('protein');
  const t0 = Date.now();
  const res = await proteinExperiment(
    {
      msa,
      alphas,
      trials,
      symmetry: { kind: symmetry },
      training: { maxIterations: epochs, lambdaH, lambdaJ },
      probe,
      maxSweeps,
      identity,
    },
    ctx.rng,
    { onProgress: bar.update },
  );
  const seconds = (Date.now() - t0) / 1000;
  return {
    params,
    rows: res.rows,
    extra: { mEff: res.mEff, naturalOverlap: res.naturalOverlap },
    columns: ['alpha', 'p', 'trainOverlap', 'testOverlap', 'naturalOverlap', 'trainFixed', 'iterations'],
    plot: proteinPlot(
      res.rows,
      `Protein alignment ${path.split(/[\\/]/).pop()}, N = ${res.n}, ${symmetry} (seed ${ctx.seed})`,
    ),
    summary: [
      `${path}: N = ${res.n}, M = ${res.m}, M_eff = ${res.mEff.toFixed(1)} (identity ≥ ${identity}), ⟨O⟩ = ${res.naturalOverlap.toFixed(3)}; ${seconds.toFixed(1)} s`,
    ],
  };
}

/**
 * Report section: Potts models of protein families (paper 000 section IV.D) on the bundled alignments (data/msa):
 * Fig. 6 on the DNA-binding domain and β-lactamase (quick mode: PF00014 on a small grid), the contact map of
 * PF00595 against its structure with its precision (quick mode: its first 1000 sequences), the sampling check, and
 * (full report) the pseudo-likelihood, autoregressive and refined models' samples side by side.
 * One default setting (plmDCA's) everywhere.
 */
import type { Rng } from '../../core/rng/index.js';
import {
  type Alignment,
  decodeAlignment,
  inflateIfGzip,
  parseAlignment,
  parseDistanceTable,
  selectSequences,
} from '../../data/msa.js';
import { proteinExperiment } from '../../experiments/potts/fig6.js';
import { checkPlot, contactMapPlot, fig6Plot } from '../../experiments/potts/figures.js';
import {
  fitPotts,
  POTTS_DEFAULTS,
  pottsCheckExperiment,
  pottsContactsExperiment,
} from '../../experiments/potts/run.js';
import { type BuiltSection, dataFile, type ReportContext, type ReportFigure } from '../types.js';
import { generativeModelsFigure, gibbsSamples, REPORT_BM, REPORT_GIBBS } from './proteinModels.js';
import { tem1Figures } from './proteinMutants.js';
import { REPORT_POTTS } from './proteinSettings.js';

const msaFile = (ctx: ReportContext, name: string) => dataFile(ctx, `msa/${name}`);
const settings = { ...REPORT_POTTS, threads: 0 };
/**
 * Quick mode's PF00595 model: its first 1000 sequences (M_eff ≈ 460; training time grows with M). The contacts
 * still stand far above chance (precision at L/2 ≈ 0.7, where the full run reaches ≈ 0.9) and the samples still
 * reproduce the single-site statistics; the one model serves both figures.
 */
const QUICK_PDZ_SEQUENCES = 1000;
/**
 * Quick mode's L-BFGS iterations per site for that model (plmDCA's defaults otherwise): the sites would stop at
 * 38 on average; at 25 the precision at L/2 is the same (0.732 both, seed-free) for two thirds of the time.
 */
const QUICK_PDZ_ITERATIONS = 25;

export const proteinSection: BuiltSection = {
  id: 'protein',
  title: 'Potts models of protein families',
  intro:
    'Potts models (q = 21) trained by pseudo-likelihood with the plmDCA defaults (λ_h = λ_J = 0.01 with weights ' +
    'normalized, λ_J raised to 0.01·(L − 1)·q/M_eff where M_eff < (L − 1)·q, reweighting at 80 % identity; L-BFGS with the Moré–Thuente line search, site problems on worker ' +
    'threads). As associative memories (paper 000 Fig. 6): training sequences are fixed points of the T = 0 ' +
    'sequential dynamics at small α and test sequences are pulled towards the training attractors as α grows. As ' +
    'models of the family: their couplings predict residue contacts, and sequences sampled at T = 1 reproduce the ' +
    'statistics of the alignment.',
  async build(ctx): Promise<ReportFigure[]> {
    const figures: ReportFigure[] = [];
    const [rFig6, rSample, rCheck, rModels] = ctx.rng.split(4);
    const fams = fig6Families(ctx.quick);
    const fig6Rngs = rFig6.split(fams.length);
    for (const [k, f] of fams.entries())
      figures.push(await timed(ctx, () => fig6Figure(ctx, f, k, fig6Rngs[k])));
    // Contacts of PF00595 against its structure.
    let pdz = await decodeAlignment(msaFile(ctx, 'PF00595.fasta.gz'), 'PF00595.fasta.gz', {
      minSequences: 2,
    });
    if (ctx.quick)
      pdz = selectSequences(
        pdz,
        Array.from({ length: QUICK_PDZ_SEQUENCES }, (_, s) => s),
      );
    let fit: PottsFit | undefined;
    const dist = parseDistanceTable(
      await inflateIfGzip(msaFile(ctx, 'PF00595_distances.dat.gz')),
      pdz.n,
      'PF00595_distances.dat.gz',
    );
    figures.push(
      await timed(ctx, async () => {
        const s = ctx.quick ? { ...settings, maxIterations: QUICK_PDZ_ITERATIONS } : settings;
        fit = await fitPotts(pdz, s, { kind: 'asymmetric' }, { onProgress: ctx.onProgress });
        return contactsFigure(ctx.quick, pdz, dist, fit);
      }),
    );
    // Sampling check on the same model.
    let plSamples: Uint8Array | undefined;
    figures.push(
      await timed(ctx, async () => {
        const r = await samplingFigure(ctx.quick, pdz, fit as PottsFit, rSample, rCheck);
        plSamples = r.seqs;
        return r.figure;
      }),
    );
    // The three generative models side by side (full report only: the autoregressive fit and the chains take minutes).
    if (!ctx.quick)
      figures.push(
        await timed(ctx, async () => {
          const settings = { gibbs: REPORT_GIBBS, bm: REPORT_BM, threads: 0 };
          const hooks = { onProgress: ctx.onProgress };
          const f = fit as PottsFit;
          return (await generativeModelsFigure('PF00595', pdz, f, settings, rModels, hooks, plSamples))
            .figure;
        }),
      );
    // Mutation effects of TEM-1 under the β-lactamase model (two figures from one model: timed together).
    const t0 = performance.now();
    const tem1 = await tem1Figures(ctx);
    ctx.onFigure?.(tem1.map((f) => f.id).join(' + '), (performance.now() - t0) / 1000);
    figures.push(...tem1);
    return figures;
  },
};

/** Run one figure's work and report its seconds to the context (`hopfield report --timings`). */
async function timed(
  ctx: ReportContext,
  make: () => Promise<ReportFigure> | ReportFigure,
): Promise<ReportFigure> {
  const t0 = performance.now();
  const f = await make();
  ctx.onFigure?.(f.id, (performance.now() - t0) / 1000);
  return f;
}

/** One protein family of Fig. 6: bundled alignment file, display name, loads and training sets per load. */
interface Fig6Family {
  readonly file: string;
  readonly name: string;
  readonly alphas: number[];
  readonly trials: number;
  readonly dedupe: boolean;
}

/** The families of Fig. 6 (quick mode: PF00014 on a small grid). */
function fig6Families(quick: boolean): Fig6Family[] {
  return quick
    ? [
        {
          file: 'PF00014.fasta.gz',
          name: 'PF00014 (Kunitz)',
          alphas: [0.1, 1, 10],
          trials: 1,
          dedupe: false,
        },
      ]
    : [
        {
          file: 'PF00105_dbd.a2m.gz',
          name: 'DNA-binding domain',
          alphas: [0.1, 0.3, 1, 3, 10, 30],
          trials: 5,
          dedupe: true,
        },
        {
          file: 'PF13354_betalactamase.fasta.gz',
          name: 'β-lactamase',
          alphas: [0.1, 0.3, 1, 3, 10, 30],
          trials: 5,
          dedupe: false,
        },
      ];
}

/** Fig. 6 of paper 000 on one family: final overlaps from training and test sequences against α. */
async function fig6Figure(ctx: ReportContext, f: Fig6Family, k: number, rng: Rng): Promise<ReportFigure> {
  const msa = await decodeAlignment(msaFile(ctx, f.file), f.file, { dedupe: f.dedupe, minSequences: 2 });
  const res = await proteinExperiment(
    {
      ...REPORT_POTTS,
      msa,
      alpha: f.alphas,
      trials: f.trials,
      couplings: ['asymmetric', 'symmetric'],
      probe: ctx.quick ? 50 : 200,
      maxSweeps: 100,
      threads: 0,
    },
    rng,
    { onProgress: ctx.onProgress },
  );
  return {
    id: `protein-fig6-${k}`,
    title: `Fig. 6: ${f.name} (N = ${res.n}, M = ${res.m}, M_eff = ${res.mEff.toFixed(0)})`,
    caption:
      'Final overlap of the T = 0 sequential dynamics from training and test sequences against α = P/N, ' +
      `asymmetric and symmetric couplings, ${f.trials} training set(s) per α drawn with probability ∝ w_s; dashed: ` +
      `⟨O⟩ = ${res.naturalOverlap.toFixed(3)} between natural sequences. Paper 000: training overlap 1 up to α ` +
      'between 1 and 10, then falling; test overlap rising from ⟨O⟩ and saturating near 0.55–0.6.',
    plot: fig6Plot(res.rows, `Fig. 6, ${f.name}`),
    settings: {
      alignment: f.file,
      alphas: f.alphas,
      trials: f.trials,
      dedupe: f.dedupe,
      ...REPORT_POTTS,
    },
    rows: res.rows,
  };
}

type PottsFit = Awaited<ReturnType<typeof fitPotts>>;

/** Contact map of PF00595: top L/2 predicted pairs over the native contacts (< 8 Å), and the precision curve. */
function contactsFigure(
  quick: boolean,
  pdz: Alignment,
  dist: ReturnType<typeof parseDistanceTable>,
  fit: PottsFit,
): ReportFigure {
  const c = pottsContactsExperiment({ model: fit.model, distances: dist });
  const half = c.precision.find((r) => r.separation === 'all' && r.top === 'L/2');
  const n = pdz.n;
  const native: { i: number; j: number }[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 5; j < n; j++) if (dist.d[i * n + j] < 8) native.push({ i, j });
  return {
    id: 'protein-contacts',
    title: `Contacts of PF00595 (PDZ) against its structure${quick ? ` (first ${QUICK_PDZ_SEQUENCES} sequences)` : ''}`,
    caption:
      `Top L/2 = ${Math.floor(n / 2)} pairs (|i − j| > 4) by APC-corrected Frobenius norm (all 21 letters) over native contacts ` +
      `(grey, < 8 Å); precision at L/2: ${half ? half.precision.toFixed(3) : 'n/a'}. Right: precision against the ` +
      'number of predicted pairs.',
    plot: contactMapPlot(
      'PF00595 contact map',
      n,
      c.ranked,
      native,
      (i, j) => {
        const d = dist.d[i * n + j];
        return Number.isNaN(d) ? undefined : d < 8;
      },
      c.curve,
    ),
    settings: {
      m: pdz.m,
      mEff: fit.mEff,
      ...REPORT_POTTS,
      ...(quick ? { maxIterations: QUICK_PDZ_ITERATIONS } : {}),
    },
    rows: c.precision,
  };
}

/** Gibbs samples at T = 1 of the PF00595 model against its alignment (frequencies, correlations, distances). */
async function samplingFigure(
  quick: boolean,
  pdz: Alignment,
  fit: PottsFit,
  rSample: Rng,
  rCheck: Rng,
): Promise<{ figure: ReportFigure; seqs: Uint8Array }> {
  const n = pdz.n;
  const gibbs = quick ? { burnIn: 200, thinning: 5, samplesPerChain: 100, chains: 4 } : REPORT_GIBBS;
  const seqs = await gibbsSamples(fit.model, gibbs, 0, rSample);
  const samples = parseAlignment(
    Array.from(
      { length: seqs.length / n },
      (_, s) =>
        `>s${s}\n${Array.from(seqs.subarray(s * n, (s + 1) * n), (a) => 'ACDEFGHIKLMNPQRSTVWY-'[a]).join('')}`,
    ).join('\n'),
  );
  const chk = await pottsCheckExperiment(
    { msa: pdz, samples, identity: POTTS_DEFAULTS.identity, threads: 0 },
    rCheck,
  );
  const figure: ReportFigure = {
    id: 'protein-sampling',
    title: 'Samples at T = 1 against the PF00595 alignment',
    caption:
      `Gibbs samples of the model above: single-site frequencies r = ${chk.r1.toFixed(3)}, connected two-site ` +
      `correlations r = ${chk.r2.toFixed(3)}; mean distance to the nearest natural sequence ${chk.meanNearestSamples.toFixed(3)} ` +
      `(natural sequences to the rest: ${chk.meanNearestNatural.toFixed(3)}).`,
    plot: checkPlot(chk, 'Sampling check, PF00595'),
    settings: { sampler: 'gibbs', temperature: 1, chains: 4 },
    rows: chk.rows,
  };
  return { figure, seqs };
}

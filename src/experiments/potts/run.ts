/**
 * The Potts family on protein alignments: training a model by pseudo-likelihood (plmDCA defaults), contact
 * prediction from its couplings scored against a structure, sampling sequences from it, and checking the samples
 * against the alignment. Pure: configs in, typed results out, progress through hooks; the heavy parts go through
 * the runner of ./pottsRunner.ts (worker threads when the command line installs them).
 */

import { type PottsSampler, samplePotts } from '../../core/dynamics/potts.js';
import {
  type PottsModel,
  type PottsSymmetry,
  pottsMemoryBytes,
  symmetrizePottsInPlace,
} from '../../core/models/potts.js';
import {
  contactPrecision,
  contactScores,
  type DistanceMap,
  type PrecisionRow,
  precisionCurve,
  rankPairs,
  type ScoredPair,
  SEPARATION_CLASSES,
  type SeparationClass,
} from '../../core/models/pottsContacts.js';
import { pearsonSlope } from '../../core/numerics/rankCorrelation.js';
import type { Rng } from '../../core/rng/index.js';
import { checkMemory, ParamError } from '../../core/validate.js';
import { type Alignment, nearestDistances, type SequenceWeights, selectSequences } from '../../data/msa.js';
import type { ConfigOf } from '../params.js';
import type { ExperimentHooks } from '../types.js';
import { correlationScatter } from './checkGenerative.js';
import type { checkParams, contactsParams, sampleParams, trainingParams } from './params.js';
import { pottsRunner, resolveThreads } from './runner.js';

/**
 * How `lambdaH` and `lambdaJ` are read. The objective trained is always the one of src/core/models/potts.ts (each
 * site's conditional, weights normalized to sum 1); a convention says which strengths λ_h, λ_J enter it:
 *
 * - `plmdca`: λ_h = lambdaH, λ_J = lambdaJ on the normalized weights (plmDCA; paper 000's Fig. 6 setting; 0.01 both);
 * - `plmc`: lambdaH, lambdaJ are plmc's λ_h, λ_e (defaults 0.01 and 100), priors on the pseudo-likelihood summed
 *   over the weighted sequences (Σ_s w_s = M_eff) of the symmetric model, where one block J_ij = J_jiᵀ enters the
 *   conditionals of both i and j and is penalized once:
 *
 *     Σ_i Σ_s w_s [−log p(a_i^s | a_∖i^s)] + λ_h Σ_i ‖h_i‖² + λ_e Σ_{i<j} ‖J_ij‖²
 *       = Σ_i { Σ_s w_s [−log p(a_i^s | a_∖i^s)] + λ_h ‖h_i‖² + (λ_e / 2) Σ_{j≠i} ‖J_ij‖² }   when J_ji = J_ijᵀ.
 *
 *   Dropping the constraint J_ji = J_ijᵀ leaves one independent problem per site, ours, with λ_h = lambdaH / M_eff and
 *   λ_J = lambdaJ / (2·M_eff) on normalized weights. Both priors thus follow the depth of the family: strong
 *   couplings priors on shallow families (100 / (2·110) ≈ 0.45 at M_eff ≈ 110), weak field priors on deep ones;
 * - `auto` (the default of train, contacts, sample and mutants): `plmc` with its defaults when the family has fewer
 *   effective sequences than regressors per site (one per column j ≠ i and letter), M_eff < (L − 1)·q, and
 *   `plmdca` with its defaults otherwise. Measured (docs/protein.md, "Contacts against plmc"): on shallow subsets
 *   plmc's priors give plmc's own precision to the pair, where plmDCA's fit noise; on a deep family (PF00200)
 *   plmDCA's priors do better and train 3 times faster, and every shared family keeps the model of before. `auto` takes no --lambda-h/--lambda-j: their units depend on the
 *   convention, so a value needs one named;
 * - `scaled`: λ_J = lambdaJ · max(1, (L − 1)·q / M_eff), λ_h = lambdaH on normalized weights (an earlier default).
 */
export type PottsRegularization = 'auto' | 'plmc' | 'plmdca' | 'scaled';

/** The strengths each convention uses when `lambdaH` / `lambdaJ` are not given (`auto` uses plmc's or plmDCA's). */
export const POTTS_REGULARIZATION_DEFAULTS: Record<
  Exclude<PottsRegularization, 'auto'>,
  { readonly lambdaH: number; readonly lambdaJ: number }
> = {
  // plmc's built-in defaults (its README's examples use λ_e = 16).
  plmc: { lambdaH: 0.01, lambdaJ: 100 },
  plmdca: { lambdaH: 0.01, lambdaJ: 0.01 },
  scaled: { lambdaH: 0.01, lambdaJ: 0.01 },
};

/**
 * The one default setting of the family, used for every alignment and never tuned per family: train, contacts,
 * sample and mutants use the `auto` convention (`potts retrieval`, paper 000's Fig. 6, keeps plmDCA's strengths).
 */
export const POTTS_DEFAULTS = {
  regularization: 'auto' as PottsRegularization,
  /** Absent: the convention's own (auto takes none). */
  lambdaH: undefined as number | undefined,
  lambdaJ: undefined as number | undefined,
  identity: 0.8,
  maxIterations: 500,
  tolerance: 1e-5,
  ftol: 1e-7,
} as const;

/** The strengths a training run uses, with the convention in words (written into result files). */
export interface ResolvedRegularization {
  /** The convention applied (`auto` resolved to `plmc` or `plmdca`). */
  readonly regularization: Exclude<PottsRegularization, 'auto'>;
  /** λ_h and λ_J of the normalized objective. */
  readonly lambdaH: number;
  readonly lambdaJ: number;
  readonly text: string;
}

/** `auto` takes no strengths (their units depend on the convention it picks): ParamError naming the flag. */
export function checkRegularization(c: {
  readonly regularization: PottsRegularization;
  readonly lambdaH?: number;
  readonly lambdaJ?: number;
}): void {
  if (c.regularization !== 'auto') return;
  for (const param of ['lambdaH', 'lambdaJ'] as const)
    if (c[param] !== undefined)
      throw new ParamError(
        param,
        'needs --regularization plmc, plmdca or scaled (its units depend on the convention; auto picks its own values)',
      );
}

/** λ_h, λ_J of the normalized objective for a convention (see {@link PottsRegularization}). */
export function resolveRegularization(
  regularization: PottsRegularization,
  lambdaH: number | undefined,
  lambdaJ: number | undefined,
  n: number,
  q: number,
  mEff: number,
): ResolvedRegularization {
  const g = (v: number) => Number(v.toPrecision(6));
  if (regularization === 'auto') {
    checkRegularization({ regularization, lambdaH, lambdaJ });
    const shallow = mEff < (n - 1) * q;
    const r = resolveRegularization(shallow ? 'plmc' : 'plmdca', undefined, undefined, n, q, mEff);
    return {
      ...r,
      text: `auto (M_eff = ${g(mEff)} ${shallow ? '<' : '>='} (L-1)*q = ${(n - 1) * q}) ${r.text}`,
    };
  }
  const d = POTTS_REGULARIZATION_DEFAULTS[regularization];
  const lh = lambdaH ?? d.lambdaH;
  const lj = lambdaJ ?? d.lambdaJ;
  switch (regularization) {
    case 'scaled': {
      const j = lj * Math.max(1, ((n - 1) * q) / mEff);
      return {
        regularization,
        lambdaH: lh,
        lambdaJ: j,
        text: `scaled: lambda_J = ${lj}*max(1, (L-1)*q/M_eff) = ${g(j)}, lambda_h = ${lh} (weights normalized to sum 1)`,
      };
    }
    case 'plmdca':
      return {
        regularization,
        lambdaH: lh,
        lambdaJ: lj,
        text: `plmdca: lambda_J = ${lj}, lambda_h = ${lh} (weights normalized to sum 1)`,
      };
    case 'plmc':
      return {
        regularization,
        lambdaH: lh / mEff,
        lambdaJ: lj / (2 * mEff),
        text: `plmc: lambda_e = ${lj}, lambda_h = ${lh} on the sum over weighted sequences of the symmetric model (per site, normalized: lambda_J = lambda_e/(2*M_eff) = ${g(lj / (2 * mEff))}, lambda_h = lambda_h/M_eff = ${g(lh / mEff)})`,
      };
  }
}

/**
 * The training values of `potts train`, `contacts`, `sample` and `mutants` (defaults in {@link POTTS_DEFAULTS}):
 * `lambdaH`, `lambdaJ` in the units of `regularization` (absent: the convention's default), the identity threshold
 * of the sequence weights, worker `threads` (0: the runner's default); with the sequence `weights` given by the user
 * (one per sequence, decoded) instead of computing them at `identity`, and the L-BFGS `ftol` (library only; default
 * POTTS_DEFAULTS.ftol).
 */
export type PottsFitSettings = Pick<
  ConfigOf<typeof trainingParams>,
  'regularization' | 'lambdaH' | 'lambdaJ' | 'identity' | 'maxIterations' | 'tolerance' | 'threads'
> & { readonly weights?: SequenceWeights; readonly ftol?: number };

/** Refuse a training run whose estimate exceeds `limitGiB` (see {@link pottsMemoryBytes}). */
/** Summed L-BFGS iterations and losses of the N site problems of a trainer's result. */
export function siteTotals(
  r: { readonly iterations: ArrayLike<number>; readonly loss: ArrayLike<number> },
  n: number,
): { it: number; loss: number } {
  let it = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    it += r.iterations[i];
    loss += r.loss[i];
  }
  return { it, loss };
}

export function checkPottsMemory(n: number, m: number, threads: number, limitGiB: number): void {
  checkMemory(
    `training N = ${n}, q = 21 on ${m} sequences with ${threads} thread${threads === 1 ? '' : 's'}`,
    pottsMemoryBytes(n, 21, m, threads),
    limitGiB,
    'use fewer threads',
  );
}

export interface PottsFit {
  readonly model: PottsModel;
  readonly mEff: number;
  /** The sequence weights used (computed, or given). */
  readonly weights: Float64Array;
  /** The regularization used. */
  readonly regularization: ResolvedRegularization;
  /** Mean L-BFGS iterations per site. */
  readonly iterations: number;
  /** Σ_i f_i at the end. */
  readonly loss: number;
  readonly seconds: number;
}

/** Weighted gap fraction of each column, Σ_s w_s [a_i^s = gap] / Σ_s w_s (the gap is the last letter). */
export function gapFractions(msa: Alignment, weights: ArrayLike<number>): Float64Array {
  const { m, n, q, seqs } = msa;
  const out = new Float64Array(n);
  let total = 0;
  for (let s = 0; s < m; s++) {
    total += weights[s];
    for (let i = 0; i < n; i++) if (seqs[s * n + i] === q - 1) out[i] += weights[s];
  }
  for (let i = 0; i < n; i++) out[i] = total > 0 ? out[i] / total : 0;
  return out;
}

/** Sequence weights: the given ones (checked against M), or w_s = 1/n_s at the identity threshold. */
export async function pottsWeights(
  msa: Alignment,
  identity: number,
  threads: number,
  given?: SequenceWeights,
): Promise<SequenceWeights> {
  if (!given) return pottsRunner().weights(msa, identity, resolveThreads(threads));
  if (given.weights.length !== msa.m)
    throw new RangeError(`weights must have M = ${msa.m} entries (got ${given.weights.length})`);
  return given;
}

/** Weights (computed or given), then asymmetric pseudo-likelihood training (optionally symmetrized). */
export async function fitPotts(
  msa: Alignment,
  s: PottsFitSettings,
  symmetry: PottsSymmetry,
  hooks?: ExperimentHooks,
): Promise<PottsFit> {
  const runner = pottsRunner();
  const threads = resolveThreads(s.threads);
  const t0 = Date.now();
  hooks?.onProgress?.(0, msa.n + 1);
  const w = await pottsWeights(msa, s.identity, threads, s.weights);
  hooks?.onProgress?.(1, msa.n + 1);
  const reg = resolveRegularization(s.regularization, s.lambdaH, s.lambdaJ, msa.n, msa.q, w.mEff);
  const r = await runner.train(
    msa,
    w.weights,
    {
      symmetry,
      lambdaH: reg.lambdaH,
      lambdaJ: reg.lambdaJ,
      maxIterations: s.maxIterations,
      tolerance: s.tolerance,
      ftol: s.ftol ?? POTTS_DEFAULTS.ftol,
      // plmc's weak field prior: start the fields where plmc does (the optimum is unchanged, reached sooner).
      warmStart: reg.regularization === 'plmc',
    },
    threads,
    (d, t) => hooks?.onProgress?.(d + 1, t + 1),
  );
  const { it, loss } = siteTotals(r, msa.n);
  return {
    model: r.model,
    mEff: w.mEff,
    weights: w.weights,
    regularization: reg,
    iterations: it / msa.n,
    loss,
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * Contact prediction on a model, optionally scored against a structure: `potts contacts`' `threshold` (Å, default
 * 8) with the model and the decoded distances; library-only: the smallest |i − j| of the ranking written out
 * (`minSeparation`, default 1: all pairs) and the separation classes of the precision rows.
 */
export type PottsContactsConfig = Partial<
  Pick<ConfigOf<typeof contactsParams>, 'threshold' | 'excludeGap' | 'maxGap'>
> & {
  readonly model: PottsModel;
  /** Weighted gap fraction of each column (absent: every column is scored). */
  readonly gapFractions?: ArrayLike<number>;
  readonly distances?: DistanceMap;
  readonly minSeparation?: number;
  readonly classes?: readonly SeparationClass[];
};

export interface PottsContactsResult {
  readonly n: number;
  /** True when the gap was left out of the Frobenius norm (plmDCA's score). */
  readonly excludeGap: boolean;
  /** 0-based columns left unscored (gap fraction above maxGap), and the threshold (null: no gap fractions known). */
  readonly dropped: readonly number[];
  readonly maxGap: number | null;
  /** APC-corrected Frobenius scores, L×L. */
  readonly scores: Float64Array;
  readonly ranked: readonly ScoredPair[];
  /** Precision rows (empty without a structure). */
  readonly precision: readonly PrecisionRow[];
  /** Precision against rank, all pairs |i − j| > 4 (empty without a structure). */
  readonly curve: readonly { rank: number; precision: number }[];
}

/** Scores (symmetrized, zero-sum gauge, Frobenius over all letters or the amino acids, APC), ranking and precision. */
export function pottsContactsExperiment(cfg: PottsContactsConfig): PottsContactsResult {
  const { model } = cfg;
  const threshold = cfg.threshold ?? 8;
  if (cfg.distances && cfg.distances.n !== model.n)
    throw new RangeError(
      `the distance table is for N = ${cfg.distances.n} columns, the model has N = ${model.n}`,
    );
  const excludeGap = cfg.excludeGap ?? false;
  const maxGap = cfg.gapFractions ? (cfg.maxGap ?? 0.9) : null;
  const keep = Array.from(
    { length: model.n },
    (_, i) => maxGap === null || (cfg.gapFractions?.[i] ?? 0) <= maxGap,
  );
  const dropped = keep.flatMap((k, i) => (k ? [] : [i]));
  const sc = contactScores(model, excludeGap ? model.q - 1 : -1, keep);
  const ranked = rankPairs(sc.apc, model.n, cfg.minSeparation ?? 1);
  const precision = cfg.distances
    ? contactPrecision(ranked, cfg.distances, threshold, cfg.classes ?? SEPARATION_CLASSES)
    : [];
  const curve = cfg.distances ? precisionCurve(ranked, cfg.distances, threshold) : [];
  return { n: model.n, excludeGap, dropped, maxGap, scores: sc.apc, ranked, precision, curve };
}

/**
 * `i j score` lines (1-based, sorted by score) with '#' header lines naming the conventions; `training` lines (the
 * regularization and weights of the model, when known) go into the header too.
 */
export function formatContactScores(
  res: PottsContactsResult,
  source: string,
  training: readonly string[] = [],
): string {
  const lines = [
    `# contact scores of ${source}: N = ${res.n}, pairs i < j, 1-based alignment columns, sorted by score`,
    res.excludeGap
      ? '# score = Frobenius norm over the 20x20 amino-acid block (gap excluded, as plmDCA) of the symmetrized couplings'
      : '# score = Frobenius norm over all 21x21 letters (gap included, as plmc) of the symmetrized couplings',
    '#         (J_ij(a,b) + J_ji(b,a))/2 in the zero-sum gauge, minus the average product correction (APC)',
    res.maxGap === null
      ? '# every column scored (no alignment frequencies to find the columns that are almost all gap)'
      : `# columns with a weighted gap fraction above ${res.maxGap} not scored (NaN in the .npy): ${res.dropped.length ? res.dropped.map((i) => i + 1).join(' ') : 'none'}`,
    ...training.map((t) => `# ${t}`),
    '# i j score',
  ];
  for (const p of res.ranked) lines.push(`${p.i + 1} ${p.j + 1} ${p.score.toPrecision(8)}`);
  return `${lines.join('\n')}\n`;
}

/** `potts sample`'s chain values (`samples` per chain) and the model they sample. */
export type PottsSampleConfig = Pick<
  ConfigOf<typeof sampleParams>,
  'sampler' | 'temperature' | 'burnIn' | 'thinning' | 'samples' | 'chains' | 'threads'
> & { readonly model: PottsModel };

/** The Monte Carlo move of a --sampler word. */
export const pottsSampler = (name: ConfigOf<typeof sampleParams>['sampler']): PottsSampler => ({
  kind: name,
});

/** `chains` Markov chains (see samplePotts); samples in chain order, chains×samples×N letters. */
export async function pottsSampleExperiment(
  cfg: PottsSampleConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): Promise<Uint8Array> {
  const { model, chains } = cfg;
  const threads = resolveThreads(cfg.threads);
  const sc = {
    sampler: pottsSampler(cfg.sampler),
    temperature: cfg.temperature,
    burnIn: cfg.burnIn,
    thinning: cfg.thinning,
    samples: cfg.samples,
  };
  if (threads === 1 || chains === 1) {
    // In-thread: report progress per sweep.
    const per = cfg.samples * model.n;
    const out = new Uint8Array(chains * per);
    const total = chains * (cfg.burnIn + cfg.samples * cfg.thinning);
    let done = 0;
    rng.split(chains).forEach((r, c) => {
      out.set(
        samplePotts(model, sc, r, undefined, undefined, () => hooks?.onProgress?.(++done, total)),
        c * per,
      );
    });
    return out;
  }
  return pottsRunner().sample(model, sc, chains, rng, threads, hooks?.onProgress);
}

/** Samples as FASTA (`>sample_<chain>_<k> T=<T>` records, one line per sequence). */
export function samplesToFasta(seqs: Uint8Array, n: number, perChain: number, temperature: number): string {
  const alpha = 'ACDEFGHIKLMNPQRSTVWY-';
  const m = seqs.length / n;
  const out: string[] = [];
  for (let s = 0; s < m; s++) {
    let line = '';
    for (let i = 0; i < n; i++) line += alpha[seqs[s * n + i]];
    out.push(`>sample_${Math.floor(s / perChain) + 1}_${(s % perChain) + 1} T=${temperature}`, line);
  }
  return `${out.join('\n')}\n`;
}

/**
 * `potts check`'s `identity` and `threads` with the decoded natural alignment (weighted at `identity`, or by the
 * user's `weights`) and generated sequences (same N); library-only: the points kept in the two-site scatter figure
 * (`scatterPoints`, default 4000) and the natural sequences compared with the rest for the reference distance
 * histogram (`naturalProbe`, default 500).
 */
export type PottsCheckConfig = Pick<ConfigOf<typeof checkParams>, 'identity' | 'threads'> & {
  readonly msa: Alignment;
  readonly samples: Alignment;
  readonly weights?: SequenceWeights;
  readonly scatterPoints?: number;
  readonly naturalProbe?: number;
};

export interface PottsCheckRow {
  /** Hamming distance bin (share of columns), left edge. */
  readonly distance: number;
  /** Share of samples whose nearest natural sequence is this far. */
  readonly samples: number;
  /** The same for natural sequences against the rest of the alignment. */
  readonly natural: number;
}

export interface PottsCheckResult {
  readonly rows: PottsCheckRow[];
  /** Pearson r of single-site frequencies f_i(a) (natural weighted vs samples), all i, a. */
  readonly r1: number;
  /** Pearson r of connected correlations C_ij(a, b) = f_ij(a, b) − f_i(a) f_j(b), i < j, all a, b. */
  readonly r2: number;
  /** Mean nearest-natural Hamming distance of the samples and of natural sequences (held out from the rest). */
  readonly meanNearestSamples: number;
  readonly meanNearestNatural: number;
  /** A subsample of (natural, sample) pairs of C_ij(a, b) for the scatter figure. */
  readonly scatter: { natural: number; sample: number }[];
  readonly mEff: number;
}

function frequencies(a: Alignment, w: ArrayLike<number> | undefined): { f1: Float64Array; f2: Float64Array } {
  const { m, n, q, seqs } = a;
  const f1 = new Float64Array(n * q);
  const f2 = new Float64Array(n * n * q * q);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const ws = w ? w[s] : 1;
    total += ws;
    const o = s * n;
    for (let i = 0; i < n; i++) {
      const ai = seqs[o + i];
      f1[i * q + ai] += ws;
      const base = i * n * q * q + ai * q;
      for (let j = i + 1; j < n; j++) f2[base + j * q * q + seqs[o + j]] += ws;
    }
  }
  for (let k = 0; k < f1.length; k++) f1[k] /= total;
  for (let k = 0; k < f2.length; k++) f2[k] /= total;
  return { f1, f2 };
}

/**
 * Compare generated sequences with the alignment: single-site frequencies and connected two-site correlations
 * (natural ones weighted as in training), Pearson r of each, and the distribution of the Hamming distance to the
 * nearest natural sequence (samples, and `naturalProbe` natural sequences against the rest for reference).
 */
export async function pottsCheckExperiment(
  cfg: PottsCheckConfig,
  rng: Rng,
  hooks?: ExperimentHooks,
): Promise<PottsCheckResult> {
  const { msa, samples } = cfg;
  if (samples.n !== msa.n)
    throw new RangeError(`the samples have N = ${samples.n} columns, the alignment N = ${msa.n}`);
  const { n, q } = msa;
  hooks?.onProgress?.(0, 4);
  const w = await pottsWeights(msa, cfg.identity, cfg.threads, cfg.weights);
  hooks?.onProgress?.(1, 4);
  const nat = frequencies(msa, w.weights);
  const gen = frequencies(samples, undefined);
  const r1 = pearsonSlope(nat.f1, gen.f1).r;
  const cn: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          const k = ((i * n + j) * q + a) * q + b;
          cn.push(nat.f2[k] - nat.f1[i * q + a] * nat.f1[j * q + b]);
          cs.push(gen.f2[k] - gen.f1[i * q + a] * gen.f1[j * q + b]);
        }
  const r2 = pearsonSlope(cn, cs).r;
  hooks?.onProgress?.(2, 4);
  // The largest |C| pairs carry the signal; keep them plus a uniform draw of the rest.
  const scatter = correlationScatter(cn, cs, cfg.scatterPoints ?? 4000, rng);
  const dSamples = nearestDistances(samples, msa);
  hooks?.onProgress?.(3, 4);
  const probe = Math.min(cfg.naturalProbe ?? 500, msa.m - 1);
  const pick = rng.sampleWithoutReplacement(msa.m, probe);
  // Natural sequence s against all others (itself skipped): reorder so the probes come first.
  const rest = Array.from(pick);
  const chosen = new Set(rest);
  for (let s = 0; s < msa.m; s++) if (!chosen.has(s)) rest.push(s);
  const reordered = selectSequences(msa, rest);
  const dNatural = nearestDistances(selectSequences(msa, pick), reordered, true);
  hooks?.onProgress?.(4, 4);
  const bins = 20;
  const rows: PottsCheckRow[] = [];
  const hist = (d: Float64Array) => {
    const h = new Float64Array(bins);
    for (const v of d) h[Math.min(bins - 1, Math.floor(v * bins))] += 1 / d.length;
    return h;
  };
  const hs = hist(dSamples);
  const hn = hist(dNatural);
  for (let b = 0; b < bins; b++) rows.push({ distance: b / bins, samples: hs[b], natural: hn[b] });
  const mean = (d: Float64Array) => d.reduce((s, v) => s + v, 0) / d.length;
  return {
    rows,
    r1,
    r2,
    meanNearestSamples: mean(dSamples),
    meanNearestNatural: mean(dNatural),
    scatter,
    mEff: w.mEff,
  };
}

/** Symmetrized copy of a model (J_ij(a, b) = J_ji(b, a) = their mean). */
export function symmetrizedPotts(model: PottsModel): PottsModel {
  const couplings = symmetrizePottsInPlace(model.n, model.q, Float64Array.from(model.couplings));
  return { ...model, couplings, symmetry: 'symmetric' };
}

/**
 * Mutation effects and sequence scores under a Potts model (`hopfield potts mutants | energy`). The user's
 * protein is aligned onto the model's columns by a profile alignment against the alignment's weighted single-site
 * frequencies (src/core/align/profile.ts); each mutant gets ΔE (symmetrized zero-sum couplings; larger = less fit),
 * the summed site log-odds of the asymmetric conditionals and the independent-site log-odds (both larger = fitter),
 * and with a measured column the Spearman ρ of each score with it. An autoregressive model scores each mutant by
 * its exact log-likelihood ratio log P(mutant) − log P(wild type) (larger = fitter) beside the independent-site
 * log-odds. Pure: configs in, rows and text out.
 */
import { alignToProfile } from '../../core/align/profile.js';
import type { PottsModel } from '../../core/models/potts.js';
import {
  type ArModel,
  arLogLikelihood,
  arTransposedCouplings,
} from '../../core/models/pottsAutoregressive.js';
import {
  type ColumnSubstitution,
  independentFields,
  type MutantScore,
  meanSiteLogLikelihood,
  scoreMutant,
  siteFrequencies,
  symmetricEnergy,
  zeroSumSymmetric,
} from '../../core/models/pottsMutants.js';
import { spearman } from '../../core/numerics/rankCorrelation.js';
import { ParamError } from '../../core/validate.js';
import { type Alignment, AMINO_ACIDS, MSA_ALPHABET } from '../../data/msa.js';
import type { MutantTable, Protein } from '../../data/mutants.js';
import type { ConfigOf } from '../params.js';
import type { mutantsParams } from './params.js';
import { pottsRunner, resolveThreads } from './runner.js';

/** A protein whose aligned residues match their column's consensus less often than this is refused. */
export const WT_IDENTITY_FLOOR = 0.3;
/** …and so is one that fills fewer than this fraction of the model's columns. */
export const WT_COVERAGE_FLOOR = 0.3;

/** The three score columns of the scores table of a Potts model, in order. */
export const SCORE_NAMES = ['deltaE', 'siteLogOdds', 'independent'] as const;
/** The score columns of an autoregressive model: the exact log-likelihood ratio and the independent-site log-odds. */
export const AR_SCORE_NAMES = ['logLikelihoodRatio', 'independent'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number] | (typeof AR_SCORE_NAMES)[number];
/**
 * The default score (figures, heatmap): the summed site log-odds, which ranked the TEM-1 scan better than ΔE
 * (docs/protein.md, "Mutation effects").
 */
export const DEFAULT_SCORE: ScoreName = 'siteLogOdds';

/** True for an autoregressive model (it has a site order; a Potts model has a coupling symmetry). */
export function isArModel(m: PottsModel | ArModel): m is ArModel {
  return 'order' in m;
}

/** The score columns of a model, and the one its figures show. */
export function modelScores(m: PottsModel | ArModel): { names: readonly ScoreName[]; main: ScoreName } {
  return isArModel(m)
    ? { names: AR_SCORE_NAMES, main: 'logLikelihoodRatio' }
    : { names: SCORE_NAMES, main: DEFAULT_SCORE };
}

/** Weighted single-site frequencies of an alignment: the given weights (those training used), else computed at the identity threshold. */
export async function alignmentFrequencies(
  msa: Alignment,
  identity: number,
  threads: number,
  weights?: Float64Array,
): Promise<Float64Array> {
  const w = weights ?? (await pottsRunner().weights(msa, identity, resolveThreads(threads))).weights;
  return siteFrequencies(msa.seqs, msa.m, msa.n, msa.q, w);
}

/** One residue of the mapping report. */
export interface MappingRow {
  readonly residue: number;
  readonly letter: string;
  /** 1-based model column, or null for residues in no column. */
  readonly column: number | null;
  /** The column's most frequent letter (`-` when gaps are). */
  readonly consensus: string;
  /** 1 when the residue is the column's most frequent amino acid, else 0 (empty outside the columns). */
  readonly identity: number | null;
}

export interface WildTypeMapping {
  readonly rows: readonly MappingRow[];
  /** Model column of each residue (0-based, −1: none). */
  readonly residueColumn: Int32Array;
  /** The wild type in the model's columns (letters 0..q−1, the gap where it has no residue). */
  readonly columns: Uint8Array;
  /** Residues in model columns. */
  readonly covered: number;
  /** Fraction of covered residues equal to their column's most frequent amino acid. */
  readonly identity: number;
  /** Fraction of the model's columns holding a residue. */
  readonly coverage: number;
}

/** Align a protein onto the columns of a profile; refuses (ParamError on `wt`) an alignment below the floors. */
export function mapWildType(
  freq: Float64Array,
  n: number,
  q: number,
  protein: Protein,
  source: string,
): WildTypeMapping {
  const al = alignToProfile(freq, n, q, protein.codes);
  const gap = q - 1;
  const consensus = (i: number, aaOnly: boolean) => {
    let best = 0;
    for (let a = 1; a < (aaOnly ? gap : q); a++) if (freq[i * q + a] > freq[i * q + best]) best = a;
    return best;
  };
  const columns = new Uint8Array(n).fill(gap);
  let covered = 0;
  let same = 0;
  const rows: MappingRow[] = [];
  for (let k = 0; k < protein.codes.length; k++) {
    const i = al.residueColumn[k];
    const letter = AMINO_ACIDS[protein.codes[k]];
    if (i < 0) {
      rows.push({ residue: k + 1, letter, column: null, consensus: '', identity: null });
      continue;
    }
    columns[i] = protein.codes[k];
    covered++;
    const id = consensus(i, true) === protein.codes[k] ? 1 : 0;
    same += id;
    rows.push({
      residue: k + 1,
      letter,
      column: i + 1,
      consensus: MSA_ALPHABET[consensus(i, false)],
      identity: id,
    });
  }
  const identity = covered > 0 ? same / covered : 0;
  const coverage = covered / n;
  if (identity < WT_IDENTITY_FLOOR || coverage < WT_COVERAGE_FLOOR)
    throw new ParamError(
      'wt',
      `: "${source}" does not align to the model: ${covered} of ${protein.codes.length} residues in ${n} columns (coverage ${coverage.toFixed(2)}, at least ${WT_COVERAGE_FLOOR} needed), identity to the column consensus ${identity.toFixed(2)} (at least ${WT_IDENTITY_FLOOR} needed)`,
    );
  return { rows, residueColumn: al.residueColumn, columns, covered, identity, coverage };
}

/** The mapping report as CSV: residue,letter,column,consensus,identity (empty column: residue in no column). */
export function formatMapping(m: WildTypeMapping): string {
  const lines = ['residue,letter,column,consensus,identity'];
  for (const r of m.rows)
    lines.push(`${r.residue},${r.letter},${r.column ?? ''},${r.consensus},${r.identity ?? ''}`);
  return `${lines.join('\n')}\n`;
}

/** One row of the scores table (null scores: the mutant touches a residue in no column). */
export interface ScoreRow {
  readonly mutant: string;
  readonly deltaE: number | null;
  readonly siteLogOdds: number | null;
  readonly independent: number | null;
  /** log P(mutant) − log P(wild type) under an autoregressive model. */
  readonly logLikelihoodRatio?: number | null;
  /** Model columns of the substitutions (1-based, `:`-joined), empty when not scored. */
  readonly columns: string;
  /** Residue and letters, for the single-substitution scan (heatmap). */
  readonly position?: number;
  readonly wt?: string;
  readonly mt?: string;
  /** The measured value, when a fitness column was named. */
  readonly fitness?: number | null;
}

/** Spearman ρ of one score with the measured fitness over the n mutants with both. */
export interface CorrelationRow {
  readonly score: ScoreName;
  readonly spearman: number;
  readonly n: number;
}

/**
 * `potts mutants`' `fitness` (a measured column of the mutant CSV) with the decoded inputs: a Potts model (ΔE, site
 * log-odds) or an autoregressive one (exact log-likelihood ratio), and the rest below.
 */
export type MutantsConfig = Partial<Pick<ConfigOf<typeof mutantsParams>, 'fitness'>> & {
  readonly model: PottsModel | ArModel;
  /** Single-site frequencies (n×q) of the alignment: profile of the mapping and the independent-site model. */
  readonly frequencies: Float64Array;
  /** λ_h of the independent-site model (that of training). */
  readonly lambdaH: number;
  readonly protein: Protein;
  /** Name of the protein's file, for messages. */
  readonly wtSource: string;
  /** Mutants to score; absent: every single substitution at every covered residue. */
  readonly mutants?: { readonly table: MutantTable; readonly source: string };
};

export interface MutantsResult {
  readonly mapping: WildTypeMapping;
  readonly rows: readonly ScoreRow[];
  readonly correlations: readonly CorrelationRow[];
  readonly scored: number;
}

/** Check the mutants against the wild type: positions inside the protein, wild-type letters matching. */
function checkMutants(table: MutantTable, protein: Protein, source: string, wtSource: string): void {
  const len = protein.sequence.length;
  const mismatches: string[] = [];
  for (const m of table.mutants)
    for (const s of m.substitutions) {
      if (s.position < 1 || s.position > len)
        throw new ParamError(
          'mutants',
          `: ${source}: line ${m.line}: "${m.name}" names residue ${s.position}, outside the protein (1..${len} in "${wtSource}")`,
        );
      const actual = protein.sequence[s.position - 1];
      if (actual !== s.wt)
        mismatches.push(`${s.wt}${s.position}${s.mt} (line ${m.line}; residue ${s.position} is ${actual})`);
    }
  if (mismatches.length > 0)
    throw new ParamError(
      'mutants',
      `: ${source}: ${mismatches.length} substitution${mismatches.length === 1 ? '' : 's'} name a wild-type letter that "${wtSource}" does not have: ${mismatches.slice(0, 3).join(', ')}${mismatches.length > 3 ? ', …' : ''}`,
    );
}

/** Every single substitution at every residue in a model column (19 per residue), as mutants. */
function fullScan(protein: Protein, mapping: WildTypeMapping): MutantTable {
  const mutants: MutantTable['mutants'][number][] = [];
  for (let k = 0; k < protein.codes.length; k++) {
    if (mapping.residueColumn[k] < 0) continue;
    const wt = protein.sequence[k];
    for (const mt of AMINO_ACIDS)
      if (mt !== wt)
        mutants.push({ name: `${wt}${k + 1}${mt}`, substitutions: [{ wt, position: k + 1, mt }], line: 0 });
  }
  return { mutants, columns: {}, csv: false };
}

/** Map the protein, score the mutants (or the full scan) and correlate the scores with the fitness column. */
export function pottsMutantsExperiment(cfg: MutantsConfig): MutantsResult {
  const { model, protein } = cfg;
  const { n, q } = model;
  const mapping = mapWildType(cfg.frequencies, n, q, protein, cfg.wtSource);
  let fitness: Float64Array | undefined;
  if (cfg.mutants) {
    checkMutants(cfg.mutants.table, protein, cfg.mutants.source, cfg.wtSource);
    if (cfg.fitness !== undefined) {
      fitness = cfg.mutants.table.columns[cfg.fitness];
      if (!fitness)
        throw new ParamError(
          'fitness',
          `"${cfg.fitness}" is not a column of ${cfg.mutants.source} (columns: ${Object.keys(cfg.mutants.table.columns).join(', ') || 'none: a plain list'})`,
        );
    }
  } else if (cfg.fitness !== undefined)
    throw new ParamError('fitness', `"${cfg.fitness}" needs --mutants (a CSV with that column)`);
  const scan = cfg.mutants === undefined;
  const table = cfg.mutants?.table ?? fullScan(protein, mapping);
  const score = mutantScorer(model, mapping.columns, independentFields(cfg.frequencies, n, q, cfg.lambdaH));
  const rows: ScoreRow[] = [];
  let scored = 0;
  table.mutants.forEach((m, k) => {
    const subs: ColumnSubstitution[] = [];
    for (const s of m.substitutions) {
      const i = mapping.residueColumn[s.position - 1];
      if (i < 0) break;
      subs.push({ column: i, from: AMINO_ACIDS.indexOf(s.wt), to: AMINO_ACIDS.indexOf(s.mt) });
    }
    const ok = subs.length === m.substitutions.length;
    const sc = ok ? score(subs) : undefined;
    if (ok) scored++;
    const single = m.substitutions.length === 1 ? m.substitutions[0] : undefined;
    rows.push({
      mutant: m.name,
      deltaE: sc?.deltaE ?? null,
      siteLogOdds: sc?.siteLogOdds ?? null,
      independent: sc?.independent ?? null,
      ...(isArModel(model) ? { logLikelihoodRatio: sc?.logLikelihoodRatio ?? null } : {}),
      columns: ok ? subs.map((s) => s.column + 1).join(':') : '',
      ...(scan && single ? { position: single.position, wt: single.wt, mt: single.mt } : {}),
      ...(fitness ? { fitness: Number.isFinite(fitness[k]) ? fitness[k] : null } : {}),
    });
  });
  const names = modelScores(model).names;
  return { mapping, rows, correlations: fitness ? correlations(rows, names) : [], scored };
}

/**
 * The scores of a mutant of `wt` (letters in the model's columns) given its substitutions: Potts: ΔE, site
 * log-odds and independent; autoregressive: log P(mutant) − log P(wt) (exact) and independent.
 */
function mutantScorer(
  model: PottsModel | ArModel,
  wt: Uint8Array,
  indep: Float64Array,
): (subs: readonly ColumnSubstitution[]) => Partial<MutantScore> & { logLikelihoodRatio?: number } {
  if (!isArModel(model)) {
    const energyModel = zeroSumSymmetric(model);
    return (subs) => scoreMutant(model, energyModel, indep, wt, subs);
  }
  const jt = arTransposedCouplings(model);
  const base = arLogLikelihood(model, wt, jt);
  const q = model.q;
  return (subs) => {
    const mt = Uint8Array.from(wt);
    let independent = 0;
    for (const { column: i, from: a, to: b } of subs) {
      mt[i] = b;
      independent += indep[i * q + b] - indep[i * q + a];
    }
    return { logLikelihoodRatio: arLogLikelihood(model, mt, jt) - base, independent };
  };
}

/** Spearman ρ of each score with the fitness, over the mutants that have both. */
function correlations(rows: readonly ScoreRow[], names: readonly ScoreName[]): CorrelationRow[] {
  return names.map((score) => {
    const x: number[] = [];
    const y: number[] = [];
    for (const r of rows) {
      const v = r[score];
      if (v === null || v === undefined || r.fitness === null || r.fitness === undefined) continue;
      x.push(v);
      y.push(r.fitness);
    }
    return { score, spearman: spearman(x, y), n: x.length };
  });
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/**
 * The scores table: mutant,<score names>,columns[,fitness] (empty scores: not scored); the names are a Potts model's
 * (deltaE,siteLogOdds,independent) unless given.
 */
export function formatScores(
  rows: readonly ScoreRow[],
  fitness?: string,
  names: readonly ScoreName[] = SCORE_NAMES,
): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['mutant', ...names, 'columns', ...(fitness ? [quote(fitness)] : [])];
  const lines = [head.join(',')];
  for (const r of rows)
    lines.push(
      [
        quote(r.mutant),
        ...names.map((k) => cell(r[k])),
        r.columns,
        ...(fitness ? [cell(r.fitness)] : []),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

/**
 * Scores of a sequence already in the model's columns. Potts model: the energy and the mean site log-likelihood;
 * autoregressive model: the exact log-likelihood log P(x) and the energy −log P(x).
 */
export interface EnergyRow {
  readonly sequence: string;
  /** E(x) with the symmetrized zero-sum couplings, or −log P(x) (lower: more typical of the family). */
  readonly energy: number;
  /** Potts: (1/N) Σ_i log p(x_i | x_∖i) under the asymmetric conditionals (higher: more typical). */
  readonly siteLogLikelihood?: number;
  /** Autoregressive: log P(x) in nats (exact). */
  readonly logLikelihood?: number;
}

/** Score every sequence of an alignment (already in the model's N columns). */
export function pottsEnergyExperiment(model: PottsModel | ArModel, seqs: Alignment): EnergyRow[] {
  const rows: EnergyRow[] = [];
  const row = (s: number) => seqs.seqs.subarray(s * seqs.n, (s + 1) * seqs.n);
  if (isArModel(model)) {
    const jt = arTransposedCouplings(model);
    for (let s = 0; s < seqs.m; s++) {
      const ll = arLogLikelihood(model, row(s), jt);
      rows.push({ sequence: seqs.names[s], energy: -ll, logLikelihood: ll });
    }
    return rows;
  }
  const energyModel = zeroSumSymmetric(model);
  for (let s = 0; s < seqs.m; s++)
    rows.push({
      sequence: seqs.names[s],
      energy: symmetricEnergy(energyModel, row(s)),
      siteLogLikelihood: meanSiteLogLikelihood(model, row(s)),
    });
  return rows;
}

/** The energy table as CSV: sequence,energy,siteLogLikelihood (Potts) or sequence,energy,logLikelihood (autoregressive). */
export function formatEnergies(rows: readonly EnergyRow[]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const ar = rows.length > 0 && rows[0].logLikelihood !== undefined;
  const head = ar ? 'sequence,energy,logLikelihood' : 'sequence,energy,siteLogLikelihood';
  const line = (r: EnergyRow) =>
    `${quote(r.sequence)},${r.energy},${ar ? r.logLikelihood : r.siteLogLikelihood}`;
  return `${[head, ...rows.map(line)].join('\n')}\n`;
}

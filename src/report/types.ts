/**
 * The report is a list of sections; each section runs small versions of its experiments and returns figures.
 * A family of models adds one section file under report/sections and one line in report/sections/index.ts.
 */
import type { Rng } from '../core/rng/index.js';
import type { ProgressFn } from '../experiments/types.js';
import type { PlotSpec } from './plot.js';

export interface ReportContext {
  /** Smaller sizes for a fast run (the README's main job uses --quick). */
  readonly quick: boolean;
  /** The section's own seed (derived from the report seed and the section id) and a generator on it. */
  readonly seed: number;
  readonly rng: Rng;
  readonly onProgress?: ProgressFn;
  /** Called as each figure is done, with the seconds it took (`hopfield report --timings`). */
  readonly onFigure?: (id: string, seconds: number) => void;
  /**
   * A file of the package's data/ folder by its path there (`msa/PF00595.fasta.gz`), read by the report's driver
   * (the command line reads the disk; a page would fetch it). Sections read no files themselves.
   */
  readonly data?: (path: string) => Uint8Array;
}

/** The bytes of a data/ file through the context; a section that needs one names it when no driver gives it. */
export function dataFile(ctx: ReportContext, path: string): Uint8Array {
  if (!ctx.data)
    throw new Error(`this report section needs data/${path}, and its driver gives no data files`);
  return ctx.data(path);
}

export interface ReportFigure {
  /** File-name-safe id, unique in the report (the SVG is written as <id>.svg). */
  readonly id: string;
  readonly title: string;
  /** What the figure shows and how to read it (theory lines, expected values). */
  readonly caption: string;
  readonly plot: PlotSpec;
  /** The settings that produced it (shown beside the figure). */
  readonly settings: Record<string, unknown>;
  /** The rows behind the figure (saved in report.json). */
  readonly rows?: readonly object[];
}

/** A section that builds its figures itself (for figures that combine several experiments by hand). */
export interface BuiltSection {
  readonly id: string;
  readonly title: string;
  /** A paragraph introducing the section (plain text). */
  readonly intro: string;
  build(ctx: ReportContext): Promise<ReportFigure[]> | ReportFigure[];
}

/** A report section: declared figures (preferred) or a build function. */
export type ReportSection = SectionDecl | BuiltSection;

/**
 * A report figure declared from a registry entry: which experiment, which parameters (the rest come from the
 * entry's specs: their quick values in quick mode, their defaults otherwise), and optionally one run per value of
 * a parameter whose rows are tagged with that value (one curve per rule, say).
 */
export interface FigureDecl {
  /** File-name-safe id, unique in the report. */
  readonly id: string;
  /** Registry id of the experiment. */
  readonly experiment: string;
  readonly title: string;
  /** How to read the figure (default: the experiment's caption). */
  readonly caption?: string;
  /** Parameter values in both modes. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Parameter values in quick mode (over `params`). */
  readonly quick?: Readonly<Record<string, unknown>>;
  /** One run per value of `param`, rows tagged `{ [param]: value }`. */
  readonly series?: { readonly param: string; readonly values: readonly unknown[] };
  /** A caption with numbers measured in the run (over `caption`): rows merged, one `extra` per run. */
  readonly captionOf?: (
    run: { readonly rows: readonly object[]; readonly extra: readonly Record<string, unknown>[] },
    config: Record<string, unknown>,
  ) => string;
  /** The figure of the merged rows (default: the experiment's figure). */
  readonly figure?: (rows: readonly object[], config: Record<string, unknown>, seed: number) => PlotSpec;
}

/** A section made of declared figures. */
export interface SectionDecl {
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly figures: readonly FigureDecl[];
}

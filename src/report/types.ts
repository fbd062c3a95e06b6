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

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** A paragraph introducing the section (plain text). */
  readonly intro: string;
  build(ctx: ReportContext): Promise<ReportFigure[]> | ReportFigure[];
}

/**
 * Running declared report figures: the config of each figure is the experiment's defaults (quick values in quick
 * mode) with the figure's own values over them, checked by the same specs as every other surface. Random streams:
 * figure k of a section gets split k of the section's generator, and series value j split j of the figure's.
 */
import type { Rng } from '../core/rng/index.js';
import { type ConfigOf, checkParam, type ParamSpecs } from '../experiments/params.js';
import type { PlotSpec } from '../experiments/plots.js';
import { findExperiment } from '../experiments/registry/index.js';
import type { ExperimentHooks } from '../experiments/types.js';
import type { FigureDecl, ReportContext, ReportFigure, SectionDecl } from './types.js';

/** Reads the input files named in a config (the command line passes its loader; the browser its own). */
export type InputLoader = (params: ParamSpecs, config: Record<string, unknown>) => Record<string, unknown>;

/** The checked config of a declared figure. */
export function figureConfig(decl: FigureDecl, quick: boolean): Record<string, unknown> {
  const e = findExperiment(decl.experiment);
  if (!e)
    throw new RangeError(`report figure ${decl.id}: no experiment "${decl.experiment}" in the registry`);
  const given: Record<string, unknown> = { ...decl.params, ...(quick ? decl.quick : {}) };
  for (const k of Object.keys(given))
    if (!(k in e.params))
      throw new RangeError(`report figure ${decl.id}: ${decl.experiment} has no parameter "${k}"`);
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(e.params)) {
    const v = k in given ? given[k] : quick && spec.quick !== undefined ? spec.quick : spec.default;
    out[k] = checkParam(k, spec, v);
  }
  return out;
}

/** Run one declared figure: rows (merged over the series), figure and settings. */
export async function runFigure(
  decl: FigureDecl,
  opts: { quick: boolean; seed: number; rng: Rng; load: InputLoader; hooks?: ExperimentHooks },
): Promise<ReportFigure> {
  const base = figureConfig(decl, opts.quick);
  const e = findExperiment(decl.experiment);
  if (!e) throw new RangeError(`report figure ${decl.id}: no experiment "${decl.experiment}"`);
  const values = decl.series?.values ?? [undefined];
  const streams = decl.series ? opts.rng.split(values.length) : [opts.rng];
  const rows: object[] = [];
  const extra: Record<string, unknown>[] = [];
  let figure: PlotSpec | undefined;
  for (let j = 0; j < values.length; j++) {
    const config = decl.series ? { ...base, [decl.series.param]: values[j] } : base;
    const loaded = opts.load(e.params, config) as ConfigOf<ParamSpecs>;
    e.check?.(loaded);
    const out = await e.run(loaded, streams[j], opts.hooks ?? {});
    for (const r of out.rows) rows.push(decl.series ? { ...r, [decl.series.param]: values[j] } : r);
    extra.push(out.extra ?? {});
    figure ??= out.figure;
  }
  const plot = decl.figure
    ? decl.figure(rows, base, opts.seed)
    : (figure ?? e.figure?.(rows, base as ConfigOf<ParamSpecs>, opts.seed, extra[0] ?? {}));
  if (!plot) throw new RangeError(`report figure ${decl.id}: ${decl.experiment} has no figure`);
  // Parameters left out (optional ones without a value) are not settings.
  const settings: Record<string, unknown> = Object.fromEntries(
    Object.entries({ ...base, ...(decl.series ? { [decl.series.param]: values } : {}) }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return {
    id: decl.id,
    title: decl.title,
    caption: decl.captionOf?.({ rows, extra }, base) ?? decl.caption ?? e.caption ?? '',
    plot,
    settings: { ...settings, seed: opts.seed },
    rows,
  };
}

/** Build a declared section: its figures in order, each on its own split of the section's generator. */
export async function buildSection(
  s: SectionDecl,
  ctx: ReportContext,
  load: InputLoader,
): Promise<ReportFigure[]> {
  const streams = ctx.rng.split(s.figures.length);
  const out: ReportFigure[] = [];
  for (let k = 0; k < s.figures.length; k++) {
    const t0 = performance.now();
    out.push(await runFigure(s.figures[k], { quick: ctx.quick, seed: ctx.seed, rng: streams[k], load }));
    ctx.onFigure?.(s.figures[k].id, (performance.now() - t0) / 1000);
    ctx.onProgress?.(k + 1, s.figures.length);
  }
  return out;
}

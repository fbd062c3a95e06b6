/**
 * The HTML report: one self-contained page with every figure inline (SVG), its caption, settings and seed.
 */
import type { ReportFigure, ReportSection } from './types.js';

export interface RenderedSection {
  readonly section: ReportSection;
  readonly seed: number;
  readonly figures: readonly (ReportFigure & { svg: string })[];
  readonly seconds: number;
  /** Seconds of each figure, in order (empty when the section does not report them). */
  readonly figureSeconds?: readonly { readonly id: string; readonly seconds: number }[];
  readonly error?: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Where `npx hopfield serve` puts the playground (default port); figure links open the panel exploring them. */
export const PLAYGROUND_URL = 'http://localhost:4173/';

/** The playground panel (with parameters) that explores each report figure, by figure id or id prefix. */
const PANEL_OF_FIGURE: Readonly<Record<string, string>> = {
  'classical-capacity': 'classical?source=random&side=32&p=100&rule=hebb&noise=0.1&autorun=1',
  'classical-retrieval-map': 'classical?source=random&side=20&p=40&rule=hebb&noise=0.3&autorun=1',
  'classical-phase-diagram': 'phase?alpha=0.05&temperature=0.3',
  'theory-ags-phase-diagram': 'phase',
  'theory-ags-overlap': 'phase?alpha=0.1&temperature=0.1',
  'dense-end-distance': 'dense?alpha=0.1&lambda=0.3&autorun=1',
  'theory-dense-gaussian': 'dense?ensemble=gaussian',
  'pl-retrieval-map': 'pl?n=200&alpha=0.4',
  'pl-basins': 'pl?n=200&alpha=0.6',
  dense: 'dense',
  'theory-dense': 'dense',
  pl: 'pl',
  'theory-pl': 'pl',
  audio: 'audio',
  protein: 'proteins',
};

/** The playground link of a figure, or null when no panel explores it. */
export function playgroundLink(figureId: string): string | null {
  let best = '';
  for (const k of Object.keys(PANEL_OF_FIGURE))
    if ((figureId === k || figureId.startsWith(`${k}-`)) && k.length > best.length) best = k;
  return best ? `${PLAYGROUND_URL}#${PANEL_OF_FIGURE[best]}` : null;
}

/** A number with at most 4 significant digits (integers as they are). */
export function roundSetting(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** Equal steps (within 1e-6 of the range), for a list summarised as `start:stop:step`. */
function constantStep(xs: readonly number[]): number | null {
  const step = xs[1] - xs[0];
  const tol = 1e-6 * Math.max(Math.abs(xs[xs.length - 1] - xs[0]), 1e-12);
  for (let k = 2; k < xs.length; k++) if (Math.abs(xs[k] - xs[k - 1] - step) > tol) return null;
  return step;
}

/** Equal ratios (within 1e-6), for a list summarised as log-spaced. */
function constantRatio(xs: readonly number[]): boolean {
  if (xs.some((x) => !(x > 0))) return false;
  const r = Math.log(xs[1] / xs[0]);
  for (let k = 2; k < xs.length; k++) if (Math.abs(Math.log(xs[k] / xs[k - 1]) - r) > 1e-6) return false;
  return true;
}

/**
 * A setting as shown in the report's tables: numbers rounded to 4 significant digits; a list of more than 6 numbers
 * as `start:stop:step` (equal steps) or "N values from a to b" (log-spaced or uneven); report.json keeps the values.
 */
export function formatSetting(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return roundSetting(v);
  if (Array.isArray(v)) {
    if (v.length > 6 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      const xs = v as number[];
      const step = constantStep(xs);
      if (step !== null && step !== 0)
        return `${roundSetting(xs[0])}:${roundSetting(xs[xs.length - 1])}:${roundSetting(step)} (${xs.length} values)`;
      const how = constantRatio(xs) ? ' (log-spaced)' : '';
      return `${xs.length} values from ${roundSetting(xs[0])} to ${roundSetting(xs[xs.length - 1])}${how}`;
    }
    return v.map((x) => formatSetting(x)).join(', ');
  }
  if (v !== null && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${formatSetting(x)}`)
      .join(', ');
  return JSON.stringify(v) ?? String(v);
}

function settingsTable(settings: Record<string, unknown>): string {
  const rows = Object.entries(settings)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(formatSetting(v))}</td></tr>`)
    .join('');
  return `<table class="settings">${rows}</table>`;
}

function explore(figureId: string): string {
  const url = playgroundLink(figureId);
  return url ? ` · <a class="explore" href="${esc(url)}">explore in the playground</a>` : '';
}

export function reportHtml(opts: {
  title: string;
  seed: number;
  quick: boolean;
  version: string;
  date: string;
  sections: readonly RenderedSection[];
}): string {
  const toc = opts.sections
    .map((s) => `<li><a href="#${esc(s.section.id)}">${esc(s.section.title)}</a></li>`)
    .join('');
  const body = opts.sections
    .map((s) => {
      const figs = s.figures
        .map(
          (f) => `<figure id="${esc(f.id)}">
<h3>${esc(f.title)}</h3>
<div class="plot">${f.svg}</div>
<figcaption>${esc(f.caption)} <a href="${esc(f.id)}.svg">SVG</a>${explore(f.id)}</figcaption>
${settingsTable(f.settings)}
</figure>`,
        )
        .join('\n');
      const err = s.error ? `<p class="error">This section failed: ${esc(s.error)}</p>` : '';
      return `<section id="${esc(s.section.id)}">
<h2>${esc(s.section.title)}</h2>
<p>${esc(s.section.intro)}</p>
<p class="meta">section seed ${s.seed} · ${s.seconds.toFixed(1)} s</p>
${err}${figs}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(opts.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #222; overflow-wrap: anywhere; }
h1 { margin-bottom: 0.2em; } .meta { color: #666; font-size: 0.9em; }
figure { margin: 2em 0; padding: 1em; border: 1px solid #ddd; border-radius: 6px; min-width: 0; }
figcaption { margin: 0.5em 0; }
/* Figures at their natural size (tick labels as drawn); a figure wider than the card scrolls on its own. */
.plot { overflow-x: auto; max-width: 100%; }
.plot svg { display: block; max-width: none; height: auto; }
table.settings { font-size: 0.85em; border-collapse: collapse; width: 100%; table-layout: fixed; }
table.settings th { text-align: left; padding-right: 1em; color: #555; width: 12em; vertical-align: top; font-weight: 600; }
table.settings td { overflow-wrap: anywhere; }
table.timings td { text-align: right; padding: 0 0.5em; }
.error { color: #b00; }
</style>
</head>
<body>
<h1>${esc(opts.title)}</h1>
<p class="meta">hopfield ${esc(opts.version)} · ${esc(opts.date)} · seed ${opts.seed}${opts.quick ? ' · quick' : ''}</p>
<p class="meta">"Explore in the playground" links open the panel of a figure in the page served by <code>npx hopfield serve</code>.</p>
<ol>${toc}</ol>
${body}
</body>
</html>
`;
}

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

type Settings = Readonly<Record<string, unknown>>;

/**
 * How the settings of a report figure become the permalink query of the playground panel that explores it: the
 * panel, the settings it takes under their own names, values derived from others (the panel's own sizes), and
 * fixed ones (where its patterns come from, a run on opening). A list setting gives its middle value (a number
 * list) or its first (a list of words): the panel runs one point of the figure.
 */
interface PanelLink {
  readonly panel: string;
  readonly carry?: readonly string[];
  readonly derive?: (s: Settings) => Record<string, unknown>;
  readonly fixed?: Readonly<Record<string, string | number>>;
}

/** One value of a setting: a scalar as it is, a list's middle number or first word. */
function pick(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  if (v.length === 0) return undefined;
  return v.every((x) => typeof x === 'number') ? v[Math.floor((v.length - 1) / 2)] : v[0];
}

/** The classical panel's grid (N = L² ≈ n) and pattern count (P = round(α N)) of a figure's n and α. */
function classicalSize(s: Settings): Record<string, unknown> {
  const n = Number(pick(s.n) ?? 1024);
  const side = Math.max(4, Math.min(64, Math.round(Math.sqrt(n))));
  const alpha = Number(pick(s.alpha) ?? 0.1);
  return { side, p: Math.max(1, Math.round(alpha * side * side)) };
}

const CLASSICAL_CARRY = ['rule', 'dynamics', 'seed'];
const PHASE_CARRY = ['alpha', 'temperature', 'rule', 'n', 'flip', 'dynamics', 'sweeps', 'trials', 'seed'];
const DENSE_CARRY = ['ensemble', 'alpha', 'trials', 'eta', 'seed'];
/** The dense panel: its step at the figure's λ and α, its end-distance curve over the figure's λ values. */
const denseLink: PanelLink = {
  panel: 'dense',
  carry: DENSE_CARRY,
  derive: (s) => ({
    lambda: pick(s.lambda),
    lambdas: Array.isArray(s.lambda) ? s.lambda.map((x) => formatSetting(x)).join(',') : s.lambda,
    endN: pick(s.n),
  }),
};
const plLink: PanelLink = {
  panel: 'pl',
  carry: ['n', 'alpha', 'couplings', 'epochs', 'lr', 'decay', 'l2', 'spins', 'dim', 'gamma', 'seed'],
};
const proteinsLink = (family: string): PanelLink => ({
  panel: 'proteins',
  carry: ['lambdaH', 'lambdaJ', 'identity', 'maxIterations'],
  derive: (s) => ({ family: typeof s.alignment === 'string' ? s.alignment : family }),
});

/** The panel exploring each report figure, by figure id or id prefix (the longest that matches wins). */
const PANEL_OF_FIGURE: Readonly<Record<string, PanelLink>> = {
  'classical-capacity': {
    panel: 'classical',
    carry: CLASSICAL_CARRY,
    derive: classicalSize,
    // the capacity figure starts at the stored pattern itself
    fixed: { source: 'random', noise: 0, autorun: 1 },
  },
  'classical-retrieval-map': {
    panel: 'classical',
    carry: CLASSICAL_CARRY,
    // the initial overlap m0 of a pattern with a fraction f of its spins flipped is 1 − 2f
    derive: (s) => ({ ...classicalSize(s), noise: (1 - Number(pick(s.m0) ?? 0.5)) / 2 }),
    fixed: { source: 'random', autorun: 1 },
  },
  'classical-phase-diagram': { panel: 'phase', carry: PHASE_CARRY },
  'theory-ags': { panel: 'phase', carry: PHASE_CARRY },
  dense: denseLink,
  'theory-dense': denseLink,
  // the log-sum-exp Lagrangian of paper 002 is the dense memory's energy
  lagrangian: { panel: 'dense', carry: ['seed'] },
  pl: plLink,
  'theory-pl': plLink,
  audio: { panel: 'audio', carry: ['feature', 'rule', 'flip', 'sweeps', 'seed'], fixed: { set: 'numbers' } },
  'audio-real-speech': {
    panel: 'audio',
    carry: ['feature', 'rule', 'sweeps', 'seed'],
    fixed: { set: 'fsdd' },
  },
  protein: proteinsLink('PF00014.fasta.gz'),
  'protein-contacts': proteinsLink('PF00595.fasta.gz'),
  'protein-sampling': proteinsLink('PF00595.fasta.gz'),
};

/** A query value as the playground's form reads it (numbers rounded as in the settings tables). */
function queryValue(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? roundSetting(v) : undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * The playground link of a figure: the panel that explores it, with the figure's parameters in the permalink
 * query (`#panel?k=v&…`), or null when no panel explores it.
 */
export function playgroundLink(figureId: string, settings: Settings = {}): string | null {
  let best = '';
  for (const k of Object.keys(PANEL_OF_FIGURE))
    if ((figureId === k || figureId.startsWith(`${k}-`)) && k.length > best.length) best = k;
  if (!best) return null;
  const link = PANEL_OF_FIGURE[best];
  const q = new URLSearchParams();
  const put = (k: string, v: unknown) => {
    const text = queryValue(v);
    if (text !== undefined) q.set(k, text);
  };
  for (const k of link.carry ?? []) if (k in settings) put(k, pick(settings[k]));
  for (const [k, v] of Object.entries(link.derive?.(settings) ?? {})) put(k, v);
  for (const [k, v] of Object.entries(link.fixed ?? {})) put(k, v);
  const query = q.toString();
  return `${PLAYGROUND_URL}#${link.panel}${query ? `?${query}` : ''}`;
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

function explore(f: ReportFigure): string {
  const url = playgroundLink(f.id, f.settings);
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
<figcaption>${esc(f.caption)} <a href="${esc(f.id)}.svg">SVG</a>${explore(f)}</figcaption>
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
<p class="meta">"Explore in the playground" links open the panel of a figure, set to the figure's parameters (one point of a swept figure), in the page served by <code>npx hopfield serve</code>.</p>
<ol>${toc}</ol>
${body}
</body>
</html>
`;
}

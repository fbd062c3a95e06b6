/**
 * What a panel computed, kept by the user: its rows (CSV, JSON: `window.playground.results[panel]`) and its figure
 * (the panel's charts stacked into one PNG, or an SVG holding that image), offered under every panel.
 */
import { el } from './ui.js';

/** Save `data` as a file named `name`. */
function save(name: string, data: Blob): void {
  const a = el('a', { href: URL.createObjectURL(data), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Rows of a result: its first array of objects, or its arrays of numbers side by side, or the result as one row. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result.map((r) => (typeof r === 'object' && r ? r : { value: r }));
  if (!result || typeof result !== 'object') return [];
  const obj = result as Record<string, unknown>;
  for (const v of Object.values(obj))
    if (Array.isArray(v) && v.length > 0 && v.every((r) => r && typeof r === 'object' && !Array.isArray(r)))
      return v as Record<string, unknown>[];
  const cols = Object.entries(obj).filter(
    ([, v]) => Array.isArray(v) && v.every((x) => typeof x !== 'object'),
  );
  if (cols.length > 0) {
    const n = Math.max(...cols.map(([, v]) => (v as unknown[]).length));
    return Array.from({ length: n }, (_, i) =>
      Object.fromEntries([['index', i], ...cols.map(([k, v]) => [k, (v as unknown[])[i]])]),
    );
  }
  return [Object.fromEntries(Object.entries(obj).filter(([, v]) => typeof v !== 'object' || v === null))];
}

/** RFC 4180 CSV of rows (the union of their keys as the header). */
export function csvOf(rows: readonly Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

/** The panel's visible charts stacked into one canvas (white background). */
function figureCanvas(box: HTMLElement): HTMLCanvasElement | null {
  const charts = [...box.querySelectorAll('canvas')].filter((c) => c.width > 80 && c.height > 80);
  if (charts.length === 0) return null;
  const out = document.createElement('canvas');
  out.width = Math.max(...charts.map((c) => c.width));
  out.height = charts.reduce((s, c) => s + c.height, 0);
  const g = out.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, out.width, out.height);
  let y = 0;
  for (const c of charts) {
    g.drawImage(c, 0, y);
    y += c.height;
  }
  return out;
}

/** The download bar of a panel. */
export function downloadBar(panel: string, box: HTMLElement): HTMLElement {
  const result = () => window.playground.results[panel];
  const rowsCsv = el('button', { type: 'button', id: `${panel}-csv` }, 'rows CSV');
  const rowsJson = el('button', { type: 'button', id: `${panel}-json` }, 'rows JSON');
  const png = el('button', { type: 'button', id: `${panel}-png` }, 'figure PNG');
  const svg = el('button', { type: 'button', id: `${panel}-svg` }, 'figure SVG');
  const none = () => alert('nothing computed yet in this panel: run it first');
  rowsCsv.addEventListener('click', () => {
    const r = result();
    if (r === undefined) return none();
    save(`${panel}.csv`, new Blob([csvOf(rowsOf(r))], { type: 'text/csv' }));
  });
  rowsJson.addEventListener('click', () => {
    const r = result();
    if (r === undefined) return none();
    const doc = { panel, address: location.href, result: r };
    save(`${panel}.json`, new Blob([`${JSON.stringify(doc, null, 1)}\n`], { type: 'application/json' }));
  });
  png.addEventListener('click', () => {
    const c = figureCanvas(box);
    if (!c) return none();
    c.toBlob((b) => b && save(`${panel}.png`, b), 'image/png');
  });
  svg.addEventListener('click', () => {
    const c = figureCanvas(box);
    if (!c) return none();
    const body =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}">` +
      `<image width="${c.width}" height="${c.height}" href="${c.toDataURL('image/png')}"/></svg>\n`;
    save(`${panel}.svg`, new Blob([body], { type: 'image/svg+xml' }));
  });
  return el('div', { class: 'downloads' }, el('span', {}, 'download:'), rowsCsv, rowsJson, png, svg);
}

/**
 * Grey the panel's results out once a parameter changes (until the next result): the shown numbers no longer
 * match the form.
 */
export function markStale(box: HTMLElement): () => void {
  const onEdit = (ev: Event) => {
    if ((ev.target as HTMLElement).closest('.controls, .form')) box.dataset.stale = '1';
  };
  box.addEventListener('change', onEdit);
  box.addEventListener('input', onEdit);
  const seen = new MutationObserver(() => {
    const st = box.dataset.state ?? '';
    if (st === 'running' || st === 'busy' || st === 'done' || st === 'ready') delete box.dataset.stale;
  });
  seen.observe(box, { attributes: true, attributeFilter: ['data-state'] });
  return () => seen.disconnect();
}

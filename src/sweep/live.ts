/**
 * The live view of a sweep (`hopfield serve --sweep DIR|URL`): a page at `/sweep` that polls `/sweep/state.json`
 * every two seconds and redraws `/sweep/figure.svg` when cells finished, the same figure as the sweep's own
 * (src/sweep/figure.ts) drawn from the cells in the journal so far. With a Redis URL the page lists the server's
 * sweeps and draws the one chosen (`?id=`, default: the last updated) from its folder when that folder is on this
 * host. Plain responses, no dependency; the library stays silent.
 */
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { renderSvg } from '../report/plot.js';
import { sweepFigure } from './figure.js';
import { readJournal } from './journal.js';
import { checkRedisUrl, sweepStatus } from './redis.js';
import { knownCells } from './refine.js';
import { SWEEP_FILES } from './run.js';
import { localStatus } from './status.js';

/** A response of the sweep page. */
export interface LiveResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** What the page watches: a sweep folder or a Redis URL. */
export type LiveSource = { readonly dir: string } | { readonly url: string };

/** The source named by `--sweep`: a Redis URL (redis:// or rediss://) or a folder. */
export function liveSource(text: string): LiveSource {
  return /^rediss?:\/\//.test(text) ? { url: checkRedisUrl(text) } : { dir: text };
}

const json = (v: unknown): LiveResponse => ({
  status: 200,
  type: 'application/json',
  body: JSON.stringify(v),
});

/** The state of a folder as the page shows it. */
function folderState(dir: string) {
  const st = localStatus(dir);
  return {
    id: '',
    experiment: st.spec.experiment,
    dir,
    done: st.done,
    failed: st.failed,
    pending: st.pending,
    total: st.total,
    rounds: st.rounds,
    running: st.running,
    finished: st.finished,
    elapsedS: st.elapsedS,
    etaS: st.etaS,
    lastError: st.lastError,
  };
}

const figureCache = new Map<string, { stamp: string; svg: string }>();

/** The figure of a folder from the cells in its journal now (rendered again only when the journal grew). */
async function folderFigure(dir: string): Promise<LiveResponse> {
  const path = join(dir, SWEEP_FILES.journal);
  const stamp = existsSync(path) ? `${statSync(path).size}:${statSync(path).mtimeMs}` : 'none';
  const cached = figureCache.get(dir);
  if (cached?.stamp === stamp) return { status: 200, type: 'image/svg+xml', body: cached.svg };
  const st = localStatus(dir);
  const records = readJournal(path, false, st.spec.experiment).records;
  const { cells } = knownCells(st.spec, records);
  const fig = sweepFigure(st.spec, cells, records);
  if (!fig) return { status: 404, type: 'text/plain; charset=utf-8', body: 'no cell has finished yet' };
  const svg = await renderSvg(fig);
  figureCache.set(dir, { stamp, svg });
  return { status: 200, type: 'image/svg+xml', body: svg };
}

/** The sweeps of a Redis server, with the folder of each when it is on this host. */
async function redisState(url: string) {
  const st = await sweepStatus(url);
  const here = hostname();
  return {
    counts: st.counts,
    workers: st.workers,
    sweeps: st.sweeps
      .sort((a, b) => b.updated - a.updated)
      .map((s) => ({
        ...s,
        done: s.total - s.pending,
        local: s.host === here && existsSync(join(s.out, SWEEP_FILES.spec)),
      })),
  };
}

/** Answer a request under /sweep (null: not the page's path). */
export async function liveResponse(
  source: LiveSource,
  path: string,
  query: URLSearchParams,
): Promise<LiveResponse | null> {
  if (path === '/sweep' || path === '/sweep/')
    return { status: 200, type: 'text/html; charset=utf-8', body: PAGE };
  try {
    if ('dir' in source) {
      if (path === '/sweep/state.json') return json({ kind: 'folder', sweeps: [folderState(source.dir)] });
      if (path === '/sweep/figure.svg') return await folderFigure(source.dir);
      return null;
    }
    if (path === '/sweep/state.json') return json({ kind: 'redis', ...(await redisState(source.url)) });
    if (path === '/sweep/figure.svg') {
      const st = await redisState(source.url);
      const id = query.get('id');
      const s = st.sweeps.find((x) => (id ? x.id === id : x.local));
      if (!s?.local)
        return {
          status: 404,
          type: 'text/plain; charset=utf-8',
          body: 'the sweep folder is not on this host',
        };
      return await folderFigure(s.out);
    }
    return null;
  } catch (e) {
    return {
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: e instanceof Error ? e.message : String(e),
    };
  }
}

/** The page: status lines and the figure, polled every two seconds. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hopfield sweep</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } td, th { padding: 2px 10px; text-align: left; }
tr.sel { background: #eef; } tr { cursor: pointer; }
.bar { width: 240px; height: 10px; background: #eee; display: inline-block; vertical-align: middle; }
.bar > div { height: 100%; background: #4c78a8; }
#err { color: #a00; } #figure img { max-width: 100%; }
</style></head>
<body>
<h1>Sweep</h1>
<div id="status">loading…</div>
<div id="err"></div>
<div id="figure"></div>
<script>
let chosen = new URLSearchParams(location.search).get('id') || '';
let lastDone = -1;
const fmt = (s) => s == null ? '–' : s < 60 ? s.toFixed(1) + ' s' : Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
function row(s) {
  const pct = s.total > 0 ? (100 * s.done) / s.total : 0;
  const state = s.running ? 'running' : s.finished ? 'finished' : s.state || 'stopped';
  return '<tr data-id="' + (s.id || '') + '"' + (s.id === chosen ? ' class="sel"' : '') + '><td>' + (s.id || s.dir) +
    '</td><td>' + s.experiment + '</td><td><span class="bar"><div style="width:' + pct.toFixed(1) + '%"></div></span> ' +
    s.done + '/' + s.total + '</td><td>' + s.failed + ' failed</td><td>' + state + '</td><td>' +
    (s.elapsedS != null ? 'elapsed ' + fmt(s.elapsedS) + ', ETA ' + (s.pending ? fmt(s.etaS) : '–') : '') + '</td></tr>';
}
async function tick() {
  try {
    const st = await (await fetch('/sweep/state.json', { cache: 'no-store' })).json();
    const list = st.sweeps || [];
    if (st.kind === 'redis' && !chosen) chosen = (list.find((s) => s.local) || {}).id || '';
    const head = st.kind === 'redis' ? '<p>queue: ' + JSON.stringify(st.counts) + '; ' + st.workers + ' worker connection(s)</p>' : '';
    document.getElementById('status').innerHTML = head + '<table>' + list.map(row).join('') + '</table>';
    for (const tr of document.querySelectorAll('tr[data-id]')) tr.onclick = () => { chosen = tr.dataset.id; lastDone = -1; tick(); };
    const cur = st.kind === 'redis' ? list.find((s) => s.id === chosen) : list[0];
    const err = cur && cur.lastError ? 'last error: cell ' + cur.lastError.key + ': ' + cur.lastError.error : '';
    document.getElementById('err').textContent = err;
    if (cur && cur.done !== lastDone && cur.done > 0) {
      lastDone = cur.done;
      document.getElementById('figure').innerHTML =
        '<img alt="figure of the sweep" src="/sweep/figure.svg?id=' + encodeURIComponent(chosen) + '&n=' + cur.done + '">';
    }
  } catch (e) {
    document.getElementById('err').textContent = String(e);
  }
  setTimeout(tick, 2000);
}
tick();
</script>
</body></html>
`;

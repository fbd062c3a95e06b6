/**
 * Proteins panel (paper 000 section IV.D): drop a FASTA/A2M alignment (plain or gzipped) or pick a bundled family;
 * the worker runs `potts train` on it (sequence weights, a Potts model by pseudo-likelihood) and `potts contacts`
 * on the model (APC-corrected Frobenius scores of residue pairs); the page shows the contact map and the top pairs.
 */
import { rankPairs, type ScoredPair } from '../../../src/core/models/pottsContacts.js';
import { decodeNpy, npyToFloat64 } from '../../../src/data/npy.js';
import type { Panel } from '../panel.js';
import { heatmap } from '../plot.js';
import type { Compute } from '../rpc.js';
import { el, errorText, failHandler, message, specForm, writeHash } from '../ui.js';
import { PROTEINS_FORM } from './forms.js';

/** Bundled families (gzipped alignments under data/msa), copied into the build as assets. */
const BUNDLED = import.meta.glob<string>(['../../../data/msa/*.fasta.gz', '../../../data/msa/*.a2m.gz'], {
  query: '?url',
  import: 'default',
  eager: true,
});

const families = Object.entries(BUNDLED)
  .map(([path, url]) => ({ name: path.split('/').pop() as string, url: new URL(url, location.href).href }))
  .sort((a, b) => a.name.localeCompare(b.name));

const SPECS = PROTEINS_FORM.specs;

/**
 * The most a training in the page may need (GiB, the entry's `--max-memory`, fixed here): a WebAssembly worker
 * holds at most 4 GiB, and a tab much less; larger runs are refused in the command line's words.
 */
const PAGE_MAX_MEMORY_GIB = 1.5;

/** What the panel shows of the two runs. */
interface ProteinView {
  readonly name: string;
  readonly n: number;
  readonly m: number;
  readonly mEff: number;
  /** APC-corrected scores S_ij, N×N row-major. */
  readonly scores: Float64Array;
  /** The best pairs with |i − j| ≥ minSeparation (0-based columns, i < j). */
  readonly top: ScoredPair[];
  /** Mean L-BFGS iterations per site and Σ_i f_i. */
  readonly iterations: number;
  readonly loss: number;
  readonly seconds: number;
}

/** The row of `potts train`. */
interface TrainRow {
  readonly n: number;
  readonly m: number;
  readonly mEff: number;
  readonly iterations: number;
  readonly pseudoLogLikelihood: number;
  readonly seconds: number;
}

/** The contact map: S_ij (white → blue, clipped at 0) on 1-based column axes, the top pairs marked in red above the diagonal. */
function drawMap(c: HTMLCanvasElement, v: ProteinView): void {
  let hi = 0;
  for (const x of v.scores) if (x > hi) hi = x;
  const f = heatmap(c, v.scores, v.n, v.n, 0, hi, {
    x: [0.5, v.n + 0.5],
    y: [0.5, v.n + 0.5],
    xlabel: 'column j',
    ylabel: 'column i',
    value: 'S_ij',
  });
  const g = c.getContext('2d') as CanvasRenderingContext2D;
  const s = f.px(1.5) - f.px(0.5);
  g.strokeStyle = '#d62728';
  g.lineWidth = Math.max(1, Math.min(3, s / 8));
  const w = g.lineWidth;
  for (const p of v.top) g.strokeRect(f.px(p.j + 0.5) + w / 2, f.py(p.i + 0.5) + w / 2, s - w, s - w);
}

/** The panel's elements. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('proteins', SPECS, params);
  const msg = el('p', { class: 'msg' });
  const fileInput = el('input', {
    type: 'file',
    id: 'proteins-file',
    accept: '.fasta,.fa,.a2m,.afa,.gz,.txt',
  });
  const drop = el(
    'div',
    { class: 'drop', id: 'proteins-drop' },
    'Drop a FASTA/A2M alignment here (plain or .gz), or choose a file: ',
    fileInput,
  );
  const bundled = el('select', { id: 'proteins-bundled' });
  for (const f of families) bundled.append(el('option', { value: f.name }, f.name));
  if (families.length === 0) bundled.append(el('option', { value: '' }, '(no family bundled)'));
  const want = params.get('family');
  if (want && families.some((f) => f.name === want)) bundled.value = want;
  const bundledBtn = el(
    'button',
    { id: 'proteins-train-bundled', class: 'primary' },
    'Train on the bundled family',
  );
  const cancelBtn = el('button', { id: 'proteins-cancel' }, 'Cancel');
  const info = el('p', { class: 'status', id: 'proteins-info' });
  const map = el('canvas', { id: 'proteins-map', width: '520', height: '460', class: 'grid' });
  const table = el('table', { class: 'pairs', id: 'proteins-top' });
  box.append(
    el('h2', {}, 'Protein families: Potts couplings by pseudo-likelihood and predicted contacts'),
    form.element,
    drop,
    el(
      'div',
      { class: 'buttons' },
      el('label', { class: 'field' }, el('span', {}, 'bundled family'), bundled),
      bundledBtn,
      cancelBtn,
    ),
    msg,
    info,
    el(
      'div',
      { class: 'row' },
      el('div', {}, el('h3', {}, 'Contact map S_ij (APC-corrected Frobenius norm; red: top pairs)'), map),
      el('div', {}, el('h3', {}, 'Top pairs (1-based alignment columns)'), table),
    ),
  );
  drop.style.border = '2px dashed #bbb';
  drop.style.padding = '0.8em';
  drop.style.margin = '0.4em 0';
  return { form, msg, fileInput, drop, bundled, bundledBtn, cancelBtn, info, map, table };
}

type View = ReturnType<typeof buildView>;

/** Fill the table of top pairs and the summary line. */
function showResult(view: View, r: ProteinView, identity: number): void {
  view.table.replaceChildren(
    el(
      'tr',
      {},
      el('th', {}, 'rank'),
      el('th', {}, 'i'),
      el('th', {}, 'j'),
      el('th', {}, '|i − j|'),
      el('th', {}, 'S_ij'),
    ),
    ...r.top.map((p, k) =>
      el(
        'tr',
        {},
        el('td', {}, String(k + 1)),
        el('td', {}, String(p.i + 1)),
        el('td', {}, String(p.j + 1)),
        el('td', {}, String(p.j - p.i)),
        el('td', {}, p.score.toFixed(4)),
      ),
    ),
  );
  view.info.textContent =
    `${r.name}: N = ${r.n} columns, M = ${r.m} sequences (M_eff = ${r.mEff.toFixed(1)} at identity ${identity}); ` +
    `${r.iterations.toFixed(1)} L-BFGS iterations per site on average, Σ f_i = ${r.loss.toFixed(3)}, ${r.seconds.toFixed(1)} s. ` +
    (r.top[0] ? `Top pair (${r.top[0].i + 1}, ${r.top[0].j + 1}), S = ${r.top[0].score.toFixed(4)}.` : '');
  window.playground.results.proteins = {
    name: r.name,
    n: r.n,
    m: r.m,
    mEff: r.mEff,
    top: r.top.slice(0, 10),
    iterations: r.iterations,
    loss: r.loss,
  };
}

/** `potts train` on the alignment, then `potts contacts` of the model, in the worker; the top pairs listed. */
async function contactsOf(
  compute: Compute,
  v: ReturnType<View['form']['read']>,
  msa: { name: string; bytes: Uint8Array },
  say: (text: string) => void,
): Promise<ProteinView> {
  const { minSeparation, top, ...settings } = v;
  const trained = await compute.run<TrainRow>(
    'potts.train',
    { ...settings, msa, maxMemory: PAGE_MAX_MEMORY_GIB },
    // the Potts fit draws no random numbers (only --refine bm does): any seed gives the same model
    1,
    // (0, N + 1) before the weights, then (d + 1, N + 1) with d sites trained
    (done, total) =>
      say(
        done === 0
          ? `${msa.name}: weighting the sequences…`
          : `${msa.name}: training site ${done - 1}/${total - 1}`,
      ),
    [msa.bytes.buffer as ArrayBuffer],
  );
  const model = new TextEncoder().encode(String(trained.files[0].content));
  say(`${msa.name}: scoring the pairs…`);
  const contacts = await compute.run(
    'potts.contacts',
    { model: { name: `${msa.name}.json`, bytes: model } },
    0,
  );
  const npy = contacts.files.find((f) => f.suffix === '.npy')?.content as Uint8Array;
  const t = trained.rows[0];
  const scores = npyToFloat64(decodeNpy(npy));
  return {
    name: msa.name,
    n: t.n,
    m: t.m,
    mEff: t.mEff,
    scores,
    top: rankPairs(scores, t.n, minSeparation).slice(0, top),
    iterations: t.iterations,
    loss: -t.pseudoLogLikelihood,
    seconds: t.seconds,
  };
}

/** Train on the alignment `bytes` in the worker and show the contacts. */
async function trainOnce(
  box: HTMLElement,
  view: View,
  compute: Compute,
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const v = view.form.read();
  if (families.some((f) => f.name === name)) writeHash('proteins', { ...v, family: name });
  box.dataset.state = 'running';
  message(view.msg, `${name}: reading the alignment…`);
  const r = await contactsOf(compute, v, { name, bytes }, (text) => message(view.msg, text));
  drawMap(view.map, r);
  showResult(view, r, v.identity);
  message(view.msg, '');
  box.dataset.state = 'done';
}

/** File input and drop zone: `take` gets the chosen or dropped file. */
function wireDrop(view: View, take: (f: File) => void): void {
  const { fileInput, drop } = view;
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) take(f);
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.style.borderColor = '#1f77b4';
  });
  drop.addEventListener('dragleave', () => {
    drop.style.borderColor = '#bbb';
  });
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.style.borderColor = '#bbb';
    const f = e.dataTransfer?.files[0];
    if (f) take(f);
    else message(view.msg, 'the drop held no file: drop a FASTA/A2M alignment file', 'error');
  });
}

export const proteinsPanel: Panel = {
  id: 'proteins',
  title: 'Proteins',
  mount(box, { compute, params }) {
    const view = buildView(box, params);
    const { msg, bundled, bundledBtn, cancelBtn } = view;
    const fail = failHandler(box, msg);
    let busy = false;
    const train = async (name: string, bytes: Uint8Array) => {
      if (busy) return;
      busy = true;
      try {
        await trainOnce(box, view, compute, name, bytes);
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
    };
    const trainFile = async (f: File) => train(f.name, new Uint8Array(await f.arrayBuffer()));
    const trainBundled = async () => {
      const f = families.find((x) => x.name === bundled.value);
      if (!f) {
        message(msg, 'no bundled family in this build: drop an alignment file instead', 'error');
        return;
      }
      try {
        const r = await fetch(f.url);
        if (!r.ok) throw new Error(`${f.name}: HTTP ${r.status}`);
        await train(f.name, new Uint8Array(await r.arrayBuffer()));
      } catch (e) {
        message(msg, errorText(e), 'error');
        box.dataset.state = 'error';
      }
    };

    wireDrop(view, (f) => void trainFile(f));
    bundledBtn.addEventListener('click', () => void trainBundled());
    cancelBtn.addEventListener('click', () => {
      compute.cancel();
      busy = false;
      message(msg, 'cancelled');
      box.dataset.state = 'ready';
    });
    box.dataset.state = 'ready';
    if (params.get('autorun') === 'bundled') void trainBundled();
    return () => {};
  },
};

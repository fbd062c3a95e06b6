/**
 * Proteins panel (paper 000 section IV.D): drop a FASTA/A2M alignment (plain or gzipped) or pick a bundled family;
 * the worker weights the sequences, trains a Potts model by pseudo-likelihood and scores residue pairs (APC-corrected
 * Frobenius norms); the page shows the contact map and the top pairs.
 */
import { POTTS_DEFAULT_LAMBDA } from '../../../src/core/models/potts.js';
import { int, num } from '../../../src/experiments/params.js';
import type { ProteinTrainView } from '../compute/proteins.js';
import type { Panel } from '../panel.js';
import { heatmap } from '../plot.js';
import type { Compute } from '../rpc.js';
import { el, errorText, failHandler, message, specForm, writeHash } from '../ui.js';

/** Bundled families (gzipped alignments under data/msa), copied into the build as assets. */
const BUNDLED = import.meta.glob<string>(['../../../data/msa/*.fasta.gz', '../../../data/msa/*.a2m.gz'], {
  query: '?url',
  import: 'default',
  eager: true,
});

const families = Object.entries(BUNDLED)
  .map(([path, url]) => ({ name: path.split('/').pop() as string, url: new URL(url, location.href).href }))
  .sort((a, b) => a.name.localeCompare(b.name));

const SPECS = {
  maxIterations: int({
    help: 'L-BFGS iterations per site (plmDCA runs to convergence; a few already rank the strongest contacts)',
    bounds: { min: 0, max: 10_000 },
    default: 15,
  }),
  lambdaH: num({
    help: 'field regularization λ_h',
    bounds: { min: 0, max: 100 },
    default: POTTS_DEFAULT_LAMBDA,
  }),
  lambdaJ: num({
    help: 'coupling regularization λ_J',
    bounds: { min: 0, max: 100 },
    default: POTTS_DEFAULT_LAMBDA,
  }),
  identity: num({
    help: 'identity threshold of the sequence weights',
    bounds: { min: 0, max: 1 },
    default: 0.8,
  }),
  minSeparation: int({
    help: 'smallest |i − j| of the listed pairs',
    bounds: { min: 1, max: 1000 },
    default: 5,
  }),
  top: int({ help: 'pairs listed and marked on the map', bounds: { min: 1, max: 500 }, default: 20 }),
};

/** The contact map: S_ij (white → blue, clipped at 0) on 1-based column axes, the top pairs marked in red above the diagonal. */
function drawMap(c: HTMLCanvasElement, v: ProteinTrainView): void {
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
function showResult(view: View, r: ProteinTrainView, identity: number): void {
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

/** Train the Potts model on the alignment `bytes` in the worker and show the contacts. */
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
  const r = await compute.call<ProteinTrainView>(
    'proteins.train',
    { bytes, name, ...v },
    (p) => {
      const q = p as {
        stage: string;
        done: number;
        total: number;
        n: number;
        m: number;
        mEff?: number;
      };
      message(
        view.msg,
        q.stage === 'weights'
          ? `${name}: N = ${q.n} columns, M = ${q.m} sequences; weighting…`
          : `${name}: training site ${q.done}/${q.total} (M_eff = ${q.mEff?.toFixed(1)})`,
      );
    },
    [bytes.buffer as ArrayBuffer],
  );
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

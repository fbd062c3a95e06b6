/**
 * Pseudo-likelihood panel (paper 000): the `pl compare` experiment in the worker — couplings trained on P = αN
 * random patterns (progress by epoch), then the retrieval map m_F(m_IN) and the basin size of the trained network
 * against the Hebb rule on the same patterns, and the loss by epoch. The loads above α ≈ 0.138 show the point: Hebb
 * fails, pseudo-likelihood retrieves. The spin type (vector spins in R^d, continuous spins) is a form field, as
 * `pl compare --spins --dim --gamma`.
 */
import type { PLCompareRow } from '../../../src/experiments/pl/compare.js';
import type { Panel } from '../panel.js';
import { axes, lines } from '../plot.js';
import { el, failHandler, message, specForm } from '../ui.js';
import { PL_FORM } from './forms.js';

const SPECS = PL_FORM.specs;

/** What `pl compare` returns beside its rows. */
interface CompareExtra {
  readonly p: number;
  readonly basin: { readonly pl: number; readonly hebb: number };
  readonly history: { epoch: number; loss: number }[];
}

/** Largest N·N·P work the page accepts for one training (a few seconds per epoch at most). */
const MAX_WORK = 2e9;

/** The panel's elements. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('pl', SPECS, params);
  const msg = el('p', { class: 'msg' });
  const trainBtn = el('button', { id: 'pl-train', class: 'primary' }, 'Train');
  const cancelBtn = el('button', { id: 'pl-cancel' }, 'Cancel');
  const lossChart = el('canvas', { id: 'pl-loss', width: '560', height: '300' });
  const mapChart = el('canvas', { id: 'pl-map', width: '560', height: '300' });
  const info = el('p', { class: 'status', id: 'pl-info' });
  box.append(
    el('h2', {}, 'Memories learned by maximizing pseudo-likelihood'),
    form.element,
    el('div', { class: 'buttons' }, trainBtn, cancelBtn),
    msg,
    el(
      'div',
      { class: 'row' },
      el('div', {}, el('h3', {}, 'Training loss'), lossChart),
      el('div', {}, el('h3', {}, 'Retrieval map m_F(m_IN): pseudo-likelihood vs Hebb'), mapChart, info),
    ),
  );
  return { form, msg, trainBtn, cancelBtn, lossChart, mapChart, info };
}

/**
 * Plot log₁₀ of the training loss against the epoch (Ising spins), or the loss itself (vector and continuous spins,
 * whose loss — a negative log density — may be negative).
 */
function drawLoss(
  lossChart: HTMLCanvasElement,
  h: { epoch: number; loss: number }[],
  total: number,
  log = true,
): void {
  const ys = h.map((r) => (log ? Math.log10(r.loss) : r.loss));
  const lo = log ? Math.min(-3, ...ys) : Math.min(0, ...ys);
  const hi = log ? 0 : Math.max(1, ...ys);
  const f = axes(lossChart, {
    xmin: 0,
    xmax: total,
    ymin: Math.floor(lo),
    ymax: Math.ceil(hi),
    xlabel: 'epoch',
    ylabel: log ? 'log₁₀ loss' : 'loss',
    legend: 150,
  });
  lines(lossChart, f, [
    { x: h.map((r) => r.epoch), y: ys, color: '#1f77b4', label: 'pseudo-likelihood loss' },
  ]);
}

/** Plot the retrieval maps of the trained network and of the Hebb rule. */
function drawMap(mapChart: HTMLCanvasElement, rows: readonly PLCompareRow[], couplings: string): void {
  const pl = rows.filter((q) => q.couplings === 'pseudo-likelihood');
  const hebb = rows.filter((q) => q.couplings === 'hebb');
  const f = axes(mapChart, {
    xmin: 0,
    xmax: 1,
    ymin: 0,
    ymax: 1,
    xlabel: 'm_IN',
    ylabel: 'm_F',
    legend: 180,
  });
  lines(mapChart, f, [
    {
      x: pl.map((q) => q.m0),
      y: pl.map((q) => q.meanOverlap),
      color: '#1f77b4',
      label: `pseudo-likelihood (${couplings})`,
    },
    {
      x: hebb.map((q) => q.m0),
      y: hebb.map((q) => q.meanOverlap),
      color: '#d62728',
      label: 'Hebb',
    },
    { x: [0, 1], y: [0, 1], color: '#999', dash: true },
  ]);
}

export const plPanel: Panel = {
  id: 'pl',
  title: 'Pseudo-likelihood',
  mount(box, { compute, params }) {
    const { form, msg, trainBtn, cancelBtn, lossChart, mapChart, info } = buildView(box, params);
    let running = false;
    const fail = failHandler(box, msg);
    const train = async () => {
      if (running) return;
      running = true;
      try {
        const { seed, ...v } = form.read();
        const p = Math.max(1, Math.round(v.alpha * v.n));
        const ising = v.spins === 'vector' && v.dim === 1;
        if (v.n * v.n * p * v.dim > MAX_WORK)
          throw new Error(
            `N = ${v.n} with P = ${p} is too much work per epoch for the page: lower n or alpha`,
          );
        box.dataset.state = 'running';
        drawLoss(lossChart, [], v.epochs, ising);
        const r = await compute.run<PLCompareRow>('pl.compare', v, seed, (done, total) =>
          message(msg, `epoch ${done}/${total}`),
        );
        const { p: stored, basin, history } = r.extra as unknown as CompareExtra;
        drawLoss(lossChart, history, v.epochs, ising);
        drawMap(mapChart, r.rows, v.couplings);
        info.textContent = `P = ${stored} patterns of N = ${v.n} (α = ${v.alpha}). Basin size 1 − m_IN^max: pseudo-likelihood ${basin.pl.toFixed(2)}, Hebb ${basin.hebb.toFixed(2)}.`;
        window.playground.results.pl = { history: history.map((h) => h.loss), basin, p: stored };
        message(
          msg,
          `trained ${history.length} epochs; final loss ${history[history.length - 1]?.loss.toPrecision(4)}`,
        );
        box.dataset.state = 'done';
      } catch (e) {
        fail(e);
      } finally {
        running = false;
      }
    };
    trainBtn.addEventListener('click', () => void train());
    cancelBtn.addEventListener('click', () => {
      compute.cancel();
      running = false;
      message(msg, 'cancelled');
      box.dataset.state = 'ready';
    });
    axes(lossChart, { xmin: 0, xmax: 1, ymin: -3, ymax: 0, xlabel: 'epoch', ylabel: 'log₁₀ loss' });
    box.dataset.state = 'ready';
    if (params.get('autorun') === '1') void train();
    return () => {};
  },
};

/**
 * Dense-memory panel (paper 001): λ and α sliders; P = round(e^{αN}) patterns sampled in the worker; one softmax
 * step from a corrupted ξ¹ with its attention weights as bars; the `dense end-distance` experiment against λ with
 * λ₁(α) of the N = ∞ theory drawn.
 */
import { patternCount } from '../../../src/core/models/dense.js';
import { retrievalLambda } from '../../../src/core/theory/dense.js';
import type { ConfigOf } from '../../../src/experiments/params.js';
import type { DenseStepView } from '../compute/dense.js';
import type { Panel } from '../panel.js';
import { axes, bars, lines } from '../plot.js';
import { Cancelled, type Compute } from '../rpc.js';
import { el, failHandler, message, specForm } from '../ui.js';
import { DENSE_FORM } from './forms.js';

const SPECS = DENSE_FORM.specs;

/** The form fields a softmax step depends on (a change redoes a shown step). */
const STEP_FIELDS = new Set(['ensemble', 'n', 'alpha', 'lambda', 'flip', 'seed']);

/** Largest P the panel samples (memory ≈ 4·P·N bytes). */
const MAX_P = 2_000_000;

interface EndRow {
  lambda: number;
  meanDistance: number;
  stdDistance: number;
  lambdaTheory: number | null;
  p: number;
}

type Values = ConfigOf<typeof SPECS>;

/** The panel's elements, with the sliders set from the form. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('dense', SPECS, params);
  const msg = el('p', { class: 'msg' });
  const lambdaSlider = el('input', {
    type: 'range',
    id: 'dense-lambda',
    min: '0.01',
    max: '2',
    step: '0.01',
  });
  const alphaSlider = el('input', {
    type: 'range',
    id: 'dense-alpha',
    min: '0.01',
    max: '0.25',
    step: '0.005',
  });
  const info = el('p', { class: 'status', id: 'dense-info' });
  const barChart = el('canvas', { id: 'dense-bars', width: '620', height: '260' });
  const endChart = el('canvas', { id: 'dense-end', width: '620', height: '300' });
  const stepBtn = el('button', { id: 'dense-step', class: 'primary' }, 'Softmax step');
  const endBtn = el('button', { id: 'dense-endrun' }, 'End distance vs λ');
  const cancelBtn = el('button', { id: 'dense-cancel' }, 'Cancel');
  lambdaSlider.value = String(form.fields.lambda.value());
  alphaSlider.value = String(form.fields.alpha.value());
  box.append(
    el('h2', {}, 'Dense associative memory: exponential capacity and the softmax step'),
    form.element,
    el(
      'div',
      { class: 'buttons' },
      el('label', { class: 'field' }, el('span', {}, 'λ slider'), lambdaSlider),
      el('label', { class: 'field' }, el('span', {}, 'α slider'), alphaSlider),
      stepBtn,
      endBtn,
      cancelBtn,
    ),
    msg,
    info,
    el(
      'div',
      { class: 'row' },
      el('div', {}, el('h3', {}, 'Attention weights a_μ of the step (largest 40; red: ξ¹)'), barChart),
      el('div', {}, el('h3', {}, 'End distance Δ = ‖x∞ − ξ¹‖²/N against λ'), endChart),
    ),
  );
  return { form, msg, lambdaSlider, alphaSlider, info, barChart, endChart, stepBtn, endBtn, cancelBtn };
}

type View = ReturnType<typeof buildView>;

/** Draw the attention weights of one softmax step and describe it against λ₁(α). */
function showStep(view: View, r: DenseStepView, v: Values): void {
  const rank1 = r.top.findIndex((t) => t.mu === 0);
  bars(
    view.barChart,
    r.top.map((t) => t.a),
    { ymin: 0, ymax: Math.max(1e-12, r.top[0]?.a ?? 1), xlabel: 'rank', ylabel: 'a_μ' },
    rank1,
  );
  // λ₁(α) of the N = ∞ theory is known for the spherical and Gaussian ensembles
  const l1 = v.ensemble === 'binary' ? Number.NaN : retrievalLambda(v.ensemble, v.alpha);
  view.info.textContent =
    `P = ${r.p.toLocaleString('en')}, N = ${r.n}: one softmax step in ${r.ms.toFixed(2)} ms` +
    `${r.sampleMs > 0 ? ` (patterns sampled in ${r.sampleMs.toFixed(0)} ms)` : ''}. ` +
    `a(ξ¹) = ${r.a1.toPrecision(3)}, participation 1/Σa² = ${r.participation.toPrecision(3)}; ` +
    `Δ: ${r.startDistance.toFixed(3)} → ${r.distance.toFixed(3)}. λ₁(α = ${v.alpha}) = ${Number.isFinite(l1) ? l1.toFixed(4) : '∞'}: ` +
    (Number.isNaN(l1)
      ? 'no N = ∞ threshold for binary patterns.'
      : v.lambda > l1
        ? 'above it ξ¹ is a retrievable memory.'
        : 'below it the step collapses towards the barycentre.');
  window.playground.results.dense = {
    ...(window.playground.results.dense as object),
    step: { p: r.p, n: r.n, ms: r.ms, a1: r.a1, distance: r.distance },
  };
}

/** Draw the end distance against λ with λ₁(α) of the theory. */
function showEnd(view: View, rows: EndRow[], v: Values): void {
  const l1 = rows[0]?.lambdaTheory ?? null;
  const xmax = Math.max(...v.lambdas, l1 ?? 0) * 1.05;
  const f = axes(view.endChart, {
    xmin: 0,
    xmax,
    ymin: 0,
    ymax: Math.max(1.05, ...rows.map((x) => x.meanDistance + x.stdDistance)),
    xlabel: 'λ',
    ylabel: 'Δ',
    legend: 120,
  });
  const xs = rows.map((x) => x.lambda);
  const ys = rows.map((x) => x.meanDistance);
  lines(view.endChart, f, [
    { x: xs, y: ys, label: `N = ${v.endN.join(',')}, P = ${rows[0]?.p}`, color: '#1f77b4' },
    { x: xs, y: ys, points: true, color: '#1f77b4' },
    ...(l1 !== null
      ? [{ x: [l1, l1], y: [0, 1.05], dash: true, color: '#d62728', label: `λ₁(α) = ${l1.toFixed(3)}` }]
      : []),
  ]);
  window.playground.results.dense = { ...(window.playground.results.dense as object), end: rows };
}

/** One softmax step from a corrupted ξ¹ on P = round(e^{αN}) patterns sampled in the worker. */
async function stepOnce(box: HTMLElement, view: View, compute: Compute): Promise<void> {
  const v = view.form.read();
  const p = patternCount(v.alpha, v.n);
  if (p > MAX_P)
    throw new Error(
      `α = ${v.alpha} at N = ${v.n} gives P = ${p.toExponential(2)} patterns; the page samples at most ${MAX_P.toExponential(0)}: lower α or N`,
    );
  box.dataset.state = 'running';
  message(view.msg, `P = ${p.toLocaleString('en')} patterns of N = ${v.n} (${v.ensemble}); stepping…`);
  const r = await compute.call<DenseStepView>('dense.step', {
    ensemble: v.ensemble,
    n: v.n,
    p,
    lambda: v.lambda,
    flip: v.flip,
    seed: v.seed,
  });
  showStep(view, r, v);
  message(view.msg, '');
  box.dataset.state = 'done';
}

/** The `dense end-distance` experiment at the λ values of the form. */
async function endOnce(box: HTMLElement, view: View, compute: Compute): Promise<void> {
  const v = view.form.read();
  box.dataset.state = 'running';
  const cfg = {
    ensemble: v.ensemble,
    n: v.endN,
    alpha: v.alpha,
    lambda: v.lambdas,
    trials: v.trials,
    eta: v.eta,
  };
  const r = await compute.run<EndRow>('dense.end-distance', cfg, v.seed, (done, total) =>
    message(view.msg, `end distance: ${done}/${total}`),
  );
  const rows = r.rows;
  showEnd(view, rows, v);
  message(
    view.msg,
    `end distance at ${rows.length} values of λ (${v.trials} trial${v.trials > 1 ? 's' : ''} each)`,
  );
  box.dataset.state = 'done';
}

export const densePanel: Panel = {
  id: 'dense',
  title: 'Dense memory',
  mount(box, { compute, params }) {
    const view = buildView(box, params);
    const { form, msg, lambdaSlider, alphaSlider, stepBtn, endBtn, cancelBtn } = view;
    let busy = false;
    let again = false;
    const fail = failHandler(box, msg);

    const step = async () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        await stepOnce(box, view, compute);
      } catch (e) {
        // the text of the last step describes other values than the form's now
        if (!(e instanceof Cancelled)) view.info.textContent = '';
        fail(e);
      } finally {
        busy = false;
      }
      if (again) {
        again = false;
        void step();
      }
    };

    const endRun = async () => {
      if (busy) return;
      busy = true;
      try {
        await endOnce(box, view, compute);
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
    };

    // A step's parameter typed in the form: the sliders follow, and a shown step is redone at the new values
    // (its text names α and λ₁(α): it must never describe the previous ones).
    form.element.addEventListener('change', (ev) => {
      const name = (ev.target as HTMLInputElement | null)?.name ?? '';
      if (!STEP_FIELDS.has(name)) return;
      try {
        lambdaSlider.value = String(form.fields.lambda.value());
        alphaSlider.value = String(form.fields.alpha.value());
      } catch {
        // a bad value: the step below names it
      }
      if (view.info.textContent) void step();
    });
    lambdaSlider.addEventListener('input', () => {
      form.fields.lambda.set(lambdaSlider.value);
      void step();
    });
    alphaSlider.addEventListener('input', () => {
      form.fields.alpha.set(alphaSlider.value);
      void step();
    });
    stepBtn.addEventListener('click', () => void step());
    endBtn.addEventListener('click', () => void endRun());
    cancelBtn.addEventListener('click', () => {
      compute.cancel();
      busy = false;
      message(msg, 'cancelled');
      box.dataset.state = 'ready';
    });
    axes(view.endChart, { xmin: 0, xmax: 0.4, ymin: 0, ymax: 1.05, xlabel: 'λ', ylabel: 'Δ' });
    box.dataset.state = 'ready';
    const auto = params.get('autorun');
    if (auto === 'step') void step();
    else if (auto === 'end') void endRun();
    else if (auto === '1') void step().then(() => endRun());
    return () => {
      again = false;
    };
  },
};

/**
 * Phase-diagram panel: the AGS lines T_g(α), T_M(α), T_c(α) (paper 004 Fig. 6, `theory ags-phase-diagram`); clicking or dragging a point
 * (α, T) runs the `phase-diagram` experiment there and shows |m|; a coarse empirical grid can be overlaid.
 */

import type { Panel } from '../panel.js';
import { axes, colourBar, type Frame, lines } from '../plot.js';
import type { Compute } from '../rpc.js';
import { el, failHandler, message, specForm } from '../ui.js';
import { AGS_LINES, PHASE_FORM } from './forms.js';

const SPECS = PHASE_FORM.specs;

const VIEW = { xmin: 0, xmax: 0.2, ymin: 0, ymax: 1.5, xlabel: 'load α = P/N', ylabel: 'temperature T' };

interface PhaseRow {
  alpha: number;
  temperature: number;
  meanOverlap: number;
}

/** |m| → colour: blue (retrieval) through grey to orange (no retrieval). */
function mColor(m: number): string {
  const t = Math.max(0, Math.min(1, m));
  return `rgb(${Math.round(230 - 200 * t)},${Math.round(120 + 0 * t)},${Math.round(40 + 180 * t)})`;
}

type Point = { alpha: number; temperature: number };
type Theory = { line: string; alpha: number; temperature: number }[];

/** The panel's elements. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('phase', SPECS, params);
  const msg = el('p', { class: 'msg' });
  const runBtn = el('button', { id: 'phase-run', class: 'primary' }, 'Run at (α, T)');
  const gridBtn = el('button', { id: 'phase-grid' }, 'Empirical grid');
  const cancelBtn = el('button', { id: 'phase-cancel' }, 'Cancel');
  const chart = el('canvas', { id: 'phase-chart', width: '720', height: '460', class: 'clickable' });
  const out = el('p', { class: 'big', id: 'phase-m' });
  box.append(
    el('h2', {}, 'Phase diagram of the Hebbian network (Amit–Gutfreund–Sompolinsky)'),
    form.element,
    el('div', { class: 'buttons' }, runBtn, gridBtn, cancelBtn),
    msg,
    el(
      'p',
      { class: 'note' },
      'Click or drag on the diagram to run a Monte Carlo simulation at that (α, T): the dot shows the final |m|. ',
      'Lines: T_g = 1 + √α (spin glass below), T_M (retrieval states exist below), T_c (retrieval states are global minima below).',
    ),
    el('div', { class: 'row' }, chart, out),
  );
  return { form, msg, runBtn, gridBtn, cancelBtn, chart, out };
}

type View = ReturnType<typeof buildView>;

/** Draw the theory lines and the simulated points (coloured by |m|); returns the frame of the axes. */
function drawDiagram(chart: HTMLCanvasElement, theory: Theory, points: PhaseRow[]): Frame {
  const frame = axes(chart, { ...VIEW, legend: 60 });
  const series = ['T_g', 'T_M', 'T_c'].map((name, k) => {
    const rows = theory
      .filter((r) => r.line === name)
      .sort((a, b) => (name === 'T_g' ? a.alpha - b.alpha : b.temperature - a.temperature));
    return {
      x: rows.map((r) => r.alpha),
      y: rows.map((r) => r.temperature),
      label: name,
      color: ['#555', '#1f77b4', '#d62728'][k],
      dash: name === 'T_g',
    };
  });
  lines(chart, frame, series);
  const g = chart.getContext('2d')!;
  for (const p of points) {
    g.fillStyle = mColor(p.meanOverlap);
    g.beginPath();
    g.arc(frame.px(p.alpha), frame.py(p.temperature), 6, 0, 2 * Math.PI);
    g.fill();
  }
  colourScale(chart, frame.legendX ?? chart.width - 56);
  return frame;
}

/** The colour scale of the dots: final |m| from 0 (bottom) to 1 (top), in the legend column. */
function colourScale(chart: HTMLCanvasElement, x: number): void {
  colourBar(
    chart,
    x,
    { title: '|m|', colour: mColor, ticks: [0, 0.5, 1].map((t) => ({ t, label: String(t) })) },
    70,
  );
}

/** The (α, T) under the pointer, clamped to the diagram. */
function pointAt(chart: HTMLCanvasElement, frame: Frame, ev: PointerEvent): Point {
  const r = chart.getBoundingClientRect();
  const p = frame.inv(
    ((ev.clientX - r.left) / r.width) * chart.width,
    ((ev.clientY - r.top) / r.height) * chart.height,
  );
  const alpha = Math.min(VIEW.xmax, Math.max(0.001, Number(p.x.toFixed(3))));
  const temperature = Math.min(VIEW.ymax, Math.max(0, Number(p.y.toFixed(3))));
  return { alpha, temperature };
}

/** Write the point into the form. */
function setPoint(view: View, p: Point): void {
  view.form.fields.alpha.set(String(p.alpha));
  view.form.fields.temperature.set(String(p.temperature));
}

/** Pointer handling of the diagram: `down` gets the point pressed, `drag` a reader of the point under a drag. */
function wireDrag(
  chart: HTMLCanvasElement,
  frameOf: () => Frame,
  down: (p: Point) => void,
  drag: (at: () => Point) => void,
): void {
  let dragging = false;
  chart.addEventListener('pointerdown', (ev) => {
    dragging = true;
    chart.setPointerCapture(ev.pointerId);
    down(pointAt(chart, frameOf(), ev));
  });
  chart.addEventListener('pointermove', (ev) => {
    if (dragging) drag(() => pointAt(chart, frameOf(), ev));
  });
  chart.addEventListener('pointerup', () => {
    dragging = false;
  });
}

/** Run the `phase-diagram` experiment at the (α, T) of the form; `add` records and draws the new point. */
async function pointOnce(
  box: HTMLElement,
  view: View,
  compute: Compute,
  add: (rows: PhaseRow[]) => void,
): Promise<void> {
  const { msg, out } = view;
  const v = view.form.read();
  box.dataset.state = 'running';
  message(msg, `running N = ${v.n}, α = ${v.alpha}, T = ${v.temperature}…`);
  const { alpha, temperature, seed, ...rest } = v;
  const r = await compute.run<PhaseRow>(
    'phase-diagram',
    { ...rest, alpha: [alpha], temperature: [temperature] },
    seed,
    (done, total) => message(msg, `running… ${done}/${total}`),
  );
  const row = r.rows[0];
  add([row]);
  out.textContent = `|m| = ${row.meanOverlap.toFixed(4)} at α = ${alpha}, T = ${temperature}`;
  const phase =
    row.meanOverlap >= 0.9 ? 'retrieval' : row.meanOverlap >= 0.3 ? 'partial retrieval' : 'no retrieval';
  message(msg, `done: |m| = ${row.meanOverlap.toFixed(3)} (${phase}) after ${v.sweeps} sweeps`);
  window.playground.results.phase = { ...row };
  box.dataset.state = 'done';
}

/** Run the experiment on a coarse 7 × 7 grid of (α, T), one trial each; `add` records and draws the points. */
async function gridOnce(
  box: HTMLElement,
  view: View,
  compute: Compute,
  add: (rows: PhaseRow[]) => void,
): Promise<void> {
  const { msg } = view;
  const v = view.form.read();
  const alphas = [0.02, 0.05, 0.08, 0.11, 0.14, 0.17, 0.2];
  const temps = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3];
  box.dataset.state = 'running';
  const { alpha: _a, temperature: _t, seed, ...rest } = v;
  const r = await compute.run<PhaseRow>(
    'phase-diagram',
    { ...rest, trials: 1, alpha: alphas, temperature: temps },
    seed,
    (done, total) => message(msg, `empirical grid: ${done}/${total} runs`),
  );
  add(r.rows);
  message(msg, `empirical grid of ${r.rows.length} points done (one trial each)`);
  box.dataset.state = 'done';
}

export const phasePanel: Panel = {
  id: 'phase',
  title: 'Phase diagram',
  mount(box, { compute, params }) {
    const view = buildView(box, params);
    const { msg, runBtn, gridBtn, cancelBtn, chart } = view;
    let theory: Theory = [];
    const points: PhaseRow[] = [];
    let frame: Frame = axes(chart, VIEW);
    let busy = false;
    let pending: Point | null = null;
    const draw = () => {
      frame = drawDiagram(chart, theory, points);
    };
    const add = (rows: PhaseRow[]) => {
      points.push(...rows);
      draw();
    };
    const fail = failHandler(box, msg);
    /** Run `job` unless another is running; false when it was refused. */
    const exclusive = async (job: () => Promise<void>): Promise<boolean> => {
      if (busy) return false;
      busy = true;
      try {
        await job();
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
      return true;
    };
    const runPoint = async (): Promise<void> => {
      if (!(await exclusive(() => pointOnce(box, view, compute, add)))) return;
      if (pending) {
        const p = pending;
        pending = null;
        setPoint(view, p);
        void runPoint();
      }
    };
    const runGrid = () => exclusive(() => gridOnce(box, view, compute, add));
    wireDrag(
      chart,
      () => frame,
      (p) => {
        setPoint(view, p);
        if (busy) pending = p;
        else void runPoint();
      },
      (at) => {
        if (busy) pending = at();
      },
    );
    runBtn.addEventListener('click', () => void runPoint());
    gridBtn.addEventListener('click', () => void runGrid());
    cancelBtn.addEventListener('click', () => {
      compute.cancel();
      busy = false;
      pending = null;
      message(msg, 'cancelled');
      box.dataset.state = 'ready';
    });
    draw();
    message(msg, 'solving the replica-symmetric equations for the lines…');
    compute
      .run<Theory[number]>('theory.ags-phase-diagram', AGS_LINES, 0)
      .then(({ rows }) => {
        theory = rows;
        draw();
        message(msg, 'click on the diagram to run a simulation at that point');
        box.dataset.state = 'ready';
        if (params.get('autorun') === '1') void runPoint();
      })
      .catch(fail);
    return () => {
      pending = null;
    };
  },
};

/**
 * Phase-diagram panel: the AGS lines T_g(α), T_M(α), T_c(α) (paper 004 Fig. 6); clicking or dragging a point
 * (α, T) runs the `phase-diagram` experiment there and shows |m|; a coarse empirical grid can be overlaid.
 */

import { LOAD, TEMPERATURE } from '../../../src/core/models/classical.js';
import { int, num } from '../../../src/experiments/params.js';
import { phaseDiagram } from '../../../src/experiments/registry/classical.js';
import type { Panel } from '../panel.js';
import { axes, type Frame, lines } from '../plot.js';
import { Cancelled } from '../rpc.js';
import { el, errorText, message, specForm } from '../ui.js';

const P = phaseDiagram.params;
const SPECS = {
  alpha: num({ help: 'load α = P/N of the point', bounds: LOAD, default: 0.05 }),
  temperature: num({ help: 'temperature T of the point', bounds: TEMPERATURE, default: 0.3 }),
  rule: P.rule,
  n: P.n,
  flip: P.flip,
  dynamics: P.dynamics,
  sweeps: P.sweeps,
  trials: P.trials,
  seed: int({ help: 'random seed', bounds: { min: 0, max: 2 ** 31 - 1 }, default: 1 }),
};

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

export const phasePanel: Panel = {
  id: 'phase',
  title: 'Phase diagram',
  mount(box, { compute, params }) {
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
    let theory: { line: string; alpha: number; temperature: number }[] = [];
    const points: PhaseRow[] = [];
    let frame: Frame = axes(chart, VIEW);
    let busy = false;
    let pending: { alpha: number; temperature: number } | null = null;

    const draw = () => {
      frame = axes(chart, VIEW);
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
    };
    const fail = (e: unknown) => {
      if (e instanceof Cancelled) return;
      message(msg, errorText(e), 'error');
      box.dataset.state = 'error';
    };

    const runPoint = async () => {
      if (busy) return;
      busy = true;
      try {
        const v = form.read();
        box.dataset.state = 'running';
        message(msg, `running N = ${v.n}, α = ${v.alpha}, T = ${v.temperature}…`);
        const { alpha, temperature, seed, ...rest } = v;
        const r = await compute.call<{ rows: PhaseRow[] }>(
          'experiment.run',
          { id: 'phase-diagram', config: { ...rest, alpha: [alpha], temperature: [temperature] }, seed },
          (p) => {
            const { done, total } = p as { done: number; total: number };
            message(msg, `running… ${done}/${total}`);
          },
        );
        const row = r.rows[0];
        points.push(row);
        draw();
        out.textContent = `|m| = ${row.meanOverlap.toFixed(4)} at α = ${alpha}, T = ${temperature}`;
        message(msg, `done: ${(row as unknown as { state: string }).state ?? ''}`);
        window.playground.results.phase = { ...row };
        box.dataset.state = 'done';
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
      if (pending) {
        const p = pending;
        pending = null;
        form.fields.alpha.set(String(p.alpha));
        form.fields.temperature.set(String(p.temperature));
        void runPoint();
      }
    };

    const runGrid = async () => {
      if (busy) return;
      busy = true;
      try {
        const v = form.read();
        const alphas = [0.02, 0.05, 0.08, 0.11, 0.14, 0.17, 0.2];
        const temps = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3];
        box.dataset.state = 'running';
        const { alpha: _a, temperature: _t, seed, ...rest } = v;
        const r = await compute.call<{ rows: PhaseRow[] }>(
          'experiment.run',
          { id: 'phase-diagram', config: { ...rest, trials: 1, alpha: alphas, temperature: temps }, seed },
          (p) => {
            const { done, total } = p as { done: number; total: number };
            message(msg, `empirical grid: ${done}/${total} runs`);
          },
        );
        points.push(...r.rows);
        draw();
        message(msg, `empirical grid of ${r.rows.length} points done (one trial each)`);
        box.dataset.state = 'done';
      } catch (e) {
        fail(e);
      } finally {
        busy = false;
      }
    };

    const at = (ev: PointerEvent) => {
      const r = chart.getBoundingClientRect();
      const p = frame.inv(
        ((ev.clientX - r.left) / r.width) * chart.width,
        ((ev.clientY - r.top) / r.height) * chart.height,
      );
      const alpha = Math.min(VIEW.xmax, Math.max(0.001, Number(p.x.toFixed(3))));
      const temperature = Math.min(VIEW.ymax, Math.max(0, Number(p.y.toFixed(3))));
      return { alpha, temperature };
    };
    let dragging = false;
    chart.addEventListener('pointerdown', (ev) => {
      dragging = true;
      chart.setPointerCapture(ev.pointerId);
      const p = at(ev);
      form.fields.alpha.set(String(p.alpha));
      form.fields.temperature.set(String(p.temperature));
      if (busy) pending = p;
      else void runPoint();
    });
    chart.addEventListener('pointermove', (ev) => {
      if (dragging && busy) pending = at(ev);
    });
    chart.addEventListener('pointerup', () => {
      dragging = false;
    });
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
      .call<typeof theory>('theory.agsLines', { temperatures: 24, alphaMax: 0.2 })
      .then((rows) => {
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

/**
 * Classical panel: draw or pick patterns, store them with a coupling rule, corrupt one (brush or noise), and
 * watch the dynamics clean it up sweep by sweep, with every Mattis overlap and the energy plotted live. The final
 * state is named: a stored pattern, a mixture of three, or another spurious state.
 */

import { choice, int } from '../../../src/experiments/params.js';
import {
  ALL_DYNAMICS,
  dynamicsFromName,
  flip,
  RULE_NAMES,
  rule,
  temperature,
} from '../../../src/experiments/registry/common.js';
import { type ClassicalView, PL_EPOCHS, PL_MAX_N } from '../compute/classical.js';
import { DIGITS, glyph, LETTERS } from '../glyphs.js';
import type { Panel } from '../panel.js';
import { axes, COLORS, lines, spins } from '../plot.js';
import { Cancelled } from '../rpc.js';
import { el, errorText, message, specForm } from '../ui.js';

const SPECS = {
  source: choice(['letters', 'digits', 'random', 'drawn'] as const, {
    help: 'patterns: letters, digits, random ±1, or drawn on the grid',
    default: 'letters',
  }),
  p: int({ help: 'number of stored patterns P', bounds: { min: 1, max: 1000 }, default: 4 }),
  side: int({ help: 'grid side L (N = L² neurons)', bounds: { min: 4, max: 64 }, default: 32 }),
  rule: choice([...RULE_NAMES, 'pl'] as const, {
    help: `${rule().help}, or pseudo-likelihood (${PL_EPOCHS} epochs of training)`,
    default: 'hebb',
  }),
  dynamics: choice(ALL_DYNAMICS, { help: 'update rule', default: 'sequential' }),
  temperature: temperature(0.2),
  noise: flip(0.25),
  target: int({ help: 'pattern to corrupt (1-based)', bounds: { min: 1, max: 1000 }, default: 1 }),
  sweeps: int({ help: 'sweep limit of a run', bounds: { min: 1, max: 100000 }, default: 60 }),
  perFrame: int({ help: 'sweeps per animation frame', bounds: { min: 1, max: 100 }, default: 1 }),
  seed: int({ help: 'random seed', bounds: { min: 0, max: 2 ** 31 - 1 }, default: 1 }),
};

export const classicalPanel: Panel = {
  id: 'classical',
  title: 'Classical',
  mount(box, { compute, params }) {
    const form = specForm('classical', SPECS, params);
    const fields = form.fields;
    const msg = el('p', { class: 'msg' });
    const storeBtn = el('button', { id: 'classical-store' }, 'Store patterns');
    const addBtn = el(
      'button',
      { id: 'classical-add', title: 'add the grid as a new pattern (source "drawn")' },
      'Add drawing',
    );
    const clearBtn = el('button', { id: 'classical-clear' }, 'Clear grid');
    const noiseBtn = el('button', { id: 'classical-corrupt' }, 'Corrupt target');
    const runBtn = el('button', { id: 'classical-run', class: 'primary' }, 'Run');
    const stepBtn = el('button', { id: 'classical-step' }, 'Step');
    const noiseSlider = el('input', {
      type: 'range',
      id: 'classical-noise',
      min: '0',
      max: '0.5',
      step: '0.01',
    });
    noiseSlider.value = String(fields.noise.value());
    const inkSel = el(
      'select',
      { id: 'classical-ink' },
      el('option', { value: '1' }, 'brush: ink'),
      el('option', { value: '-1' }, 'brush: erase'),
      el('option', { value: '0' }, 'brush: flip'),
    );
    const grid = el('canvas', { id: 'classical-grid', width: '384', height: '384', class: 'grid' });
    const thumbs = el('div', { class: 'thumbs' });
    const ov = el('canvas', { id: 'classical-overlaps', width: '460', height: '220' });
    const en = el('canvas', { id: 'classical-energy', width: '460', height: '180' });
    const status = el('p', { class: 'status', id: 'classical-status' });
    box.append(
      el('h2', {}, 'Classical Hopfield network'),
      form.element,
      el(
        'div',
        { class: 'buttons' },
        storeBtn,
        el('label', { class: 'field' }, el('span', {}, 'noise slider'), noiseSlider),
        noiseBtn,
        runBtn,
        stepBtn,
        inkSel,
        addBtn,
        clearBtn,
      ),
      msg,
      el('div', { class: 'row' }, el('div', {}, grid, status), el('div', {}, ov, en)),
      el('h3', {}, 'Stored patterns (overlap m with the state)'),
      thumbs,
    );

    let side = 32;
    let sigma: Float64Array = new Float64Array(side * side).fill(-1);
    let patterns: Float64Array | null = null;
    let p = 0;
    const drawn: Float64Array[] = [];
    const traceM: number[][] = [];
    const traceE: number[] = [];
    let running = false;
    let stopped = false;
    let frames = 0;
    let t0 = 0;
    let maxSweeps = 60;

    const read = () => form.read();

    const drawGrid = () => spins(grid, sigma, side);
    const thumbLabels: HTMLElement[] = [];
    const buildThumbs = () => {
      thumbs.replaceChildren();
      thumbLabels.length = 0;
      if (!patterns) return;
      for (let mu = 0; mu < p; mu++) {
        const c = el('canvas', { width: '64', height: '64' });
        spins(c, patterns.subarray(mu * side * side, (mu + 1) * side * side), side);
        const label = el('span', {}, `${mu + 1}`);
        thumbLabels.push(label);
        const fig = el('figure', { style: `border-color:${COLORS[mu % COLORS.length]}` }, c, label);
        fig.addEventListener('click', () => {
          fields.target.set(String(mu + 1));
          void corrupt();
        });
        thumbs.append(fig);
      }
    };
    const drawThumbs = (m: Float64Array) => {
      thumbLabels.forEach((l, mu) => {
        l.textContent = `${mu + 1}: m = ${m[mu].toFixed(3)}`;
      });
    };
    const drawTraces = () => {
      const n = traceE.length;
      const xs = Array.from({ length: n }, (_, i) => i);
      const f = axes(ov, {
        xmin: 0,
        xmax: Math.max(1, n - 1),
        ymin: -1,
        ymax: 1,
        xlabel: 'sweep',
        ylabel: 'overlap m_μ',
      });
      lines(
        ov,
        f,
        traceM.map((y, mu) => ({ x: xs, y, label: mu < 8 ? `ξ${mu + 1}` : undefined })),
      );
      let lo = Math.min(...traceE);
      let hi = Math.max(...traceE);
      if (!(hi > lo)) {
        lo -= 0.05;
        hi += 0.05;
      }
      const g = axes(en, {
        xmin: 0,
        xmax: Math.max(1, n - 1),
        ymin: lo,
        ymax: hi,
        xlabel: 'sweep',
        ylabel: 'energy / N',
      });
      lines(en, g, [{ x: xs, y: traceE, color: '#333' }]);
    };
    const show = (v: ClassicalView, reset = false) => {
      sigma = v.sigma;
      if (reset) {
        traceM.length = 0;
        traceE.length = 0;
        for (let mu = 0; mu < p; mu++) traceM.push([]);
      }
      for (let mu = 0; mu < p; mu++) traceM[mu].push(v.overlaps[mu]);
      traceE.push(v.energy);
      drawGrid();
      drawTraces();
      drawThumbs(v.overlaps);
      status.textContent = `sweep ${v.sweeps} · flips ${v.flips} · E/N = ${v.energy.toFixed(4)} · ${v.label}${v.converged ? ' · fixed point' : ''}`;
      window.playground.results.classical = {
        sweeps: v.sweeps,
        overlaps: Array.from(v.overlaps),
        energy: v.energy,
        label: v.label,
        converged: v.converged,
      };
    };
    const fail = (e: unknown) => {
      if (e instanceof Cancelled) return;
      message(msg, errorText(e), 'error');
      box.dataset.state = 'error';
    };

    const store = async () => {
      stop();
      try {
        const v = read();
        side = v.side;
        const n = side * side;
        let data: Float64Array | undefined;
        if (v.source === 'letters' || v.source === 'digits') {
          const chars = v.source === 'letters' ? LETTERS : DIGITS;
          p = Math.min(v.p, chars.length);
          data = new Float64Array(p * n);
          for (let mu = 0; mu < p; mu++) data.set(glyph(chars[mu], side), mu * n);
        } else if (v.source === 'drawn') {
          const usable = drawn.filter((d) => d.length === n);
          if (usable.length === 0)
            throw new Error(
              'no drawn pattern yet: draw on the grid, then press "Add drawing" (source "drawn")',
            );
          p = usable.length;
          data = new Float64Array(p * n);
          for (let mu = 0; mu < p; mu++) data.set(usable[mu], mu * n);
        } else p = v.p;
        if (v.rule === 'pl' && n > PL_MAX_N)
          throw new Error(
            `pseudo-likelihood training in the page takes N ≤ ${PL_MAX_N} (a ${Math.floor(Math.sqrt(PL_MAX_N))}×${Math.floor(Math.sqrt(PL_MAX_N))} grid); got N = ${n}`,
          );
        if (v.rule === 'pinv' && p >= n)
          throw new Error(`the pseudo-inverse rule needs P < N (P = ${p}, N = ${n})`);
        message(msg, `storing ${p} patterns of N = ${n} with ${v.rule}…`);
        box.dataset.state = 'busy';
        const r = await compute.call<{ ms: number; patterns: Float64Array }>('classical.store', {
          p,
          n,
          data,
          rule: v.rule,
          seed: v.seed,
        });
        patterns = r.patterns;
        buildThumbs();
        message(msg, `stored ${p} patterns (N = ${n}, ${v.rule}) in ${r.ms.toFixed(0)} ms`);
        await corrupt();
      } catch (e) {
        fail(e);
      }
    };

    const start = async (given?: Float64Array) => {
      const v = read();
      if (!patterns) throw new Error('store patterns first');
      if (v.target > p)
        throw new Error(`target must be an integer in [1, ${p}] (the stored patterns); got ${v.target}`);
      const view = await compute.call<ClassicalView>('classical.start', {
        target: v.target - 1,
        noise: v.noise,
        sigma: given,
        dynamics: dynamicsFromName(v.dynamics, v.temperature),
        seed: v.seed,
      });
      show(view, true);
      box.dataset.state = 'ready';
    };
    const corrupt = async () => {
      stop();
      try {
        await start();
      } catch (e) {
        fail(e);
      }
    };

    // The animation keeps the worker one sweep ahead of the page: while frame k is drawn, sweep k + 1 runs.
    const queue: ClassicalView[] = [];
    let inFlight = false;
    let last = false;
    let perFrame = 1;
    let generation = 0;
    const pump = () => {
      if (!running || stopped || inFlight || last || queue.length >= 2) return;
      inFlight = true;
      const gen = generation;
      compute
        .call<ClassicalView>('classical.step', { sweeps: perFrame })
        .then((view) => {
          inFlight = false;
          if (!running || stopped || gen !== generation) return;
          queue.push(view);
          if (view.converged || view.sweeps >= maxSweeps) last = true;
          pump();
        })
        .catch((e) => {
          inFlight = false;
          running = false;
          fail(e);
        });
    };
    const frame = () => {
      if (!running || stopped) return;
      const view = queue.shift();
      if (view) {
        frames++;
        show(view);
        if (queue.length === 0 && last) {
          finish();
          return;
        }
      }
      pump();
      requestAnimationFrame(frame);
    };
    const finish = () => {
      running = false;
      runBtn.textContent = 'Run';
      const secs = (performance.now() - t0) / 1000;
      const fps = frames / secs;
      Object.assign(window.playground.results.classical as object, { fps, runStart: t0, frames });
      message(msg, `run finished: ${frames} frames in ${secs.toFixed(2)} s (${fps.toFixed(1)} frames/s)`);
      box.dataset.state = 'done';
    };
    const run = async () => {
      if (running) {
        finish();
        return;
      }
      try {
        const v = read();
        maxSweeps = v.sweeps;
        if (!patterns) await store();
        if (!patterns) return;
        running = true;
        generation++;
        inFlight = false;
        queue.length = 0;
        last = false;
        perFrame = v.perFrame;
        frames = 0;
        t0 = performance.now();
        runBtn.textContent = 'Pause';
        box.dataset.state = 'running';
        pump();
        requestAnimationFrame(frame);
      } catch (e) {
        fail(e);
      }
    };
    function stop() {
      running = false;
      generation++;
      runBtn.textContent = 'Run';
    }

    // brushing: edits the state on the grid (a new start state, or a drawing to store)
    let painting = false;
    let edited = false;
    const paint = (ev: PointerEvent) => {
      const r = grid.getBoundingClientRect();
      const x = Math.floor(((ev.clientX - r.left) / r.width) * side);
      const y = Math.floor(((ev.clientY - r.top) / r.height) * side);
      const ink = Number(inkSel.value);
      const rad = Math.max(0, Math.round(side / 32));
      for (let dy = -rad; dy <= rad; dy++)
        for (let dx = -rad; dx <= rad; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= side || yy >= side) continue;
          const i = yy * side + xx;
          sigma[i] = ink === 0 ? -sigma[i] : ink;
        }
      edited = true;
      drawGrid();
    };
    grid.addEventListener('pointerdown', (ev) => {
      stop();
      painting = true;
      grid.setPointerCapture(ev.pointerId);
      if (inkSel.value === '0') {
        paint(ev);
        painting = false;
      } else paint(ev);
    });
    grid.addEventListener('pointermove', (ev) => painting && paint(ev));
    grid.addEventListener('pointerup', async () => {
      painting = false;
      if (edited && patterns && sigma.length === side * side) {
        edited = false;
        try {
          const view = await compute.call<ClassicalView>('classical.start', {
            target: 0,
            noise: 0,
            sigma,
            dynamics: dynamicsFromName(read().dynamics, read().temperature),
            seed: read().seed,
          });
          show(view, true);
        } catch (e) {
          fail(e);
        }
      }
    });

    storeBtn.addEventListener('click', () => void store());
    noiseSlider.addEventListener('input', () => {
      fields.noise.set(noiseSlider.value);
      if (patterns) void corrupt();
    });
    noiseBtn.addEventListener('click', () => void corrupt());
    runBtn.addEventListener('click', () => void run());
    stepBtn.addEventListener('click', async () => {
      stop();
      try {
        show(await compute.call<ClassicalView>('classical.step', { sweeps: 1 }));
      } catch (e) {
        fail(e);
      }
    });
    clearBtn.addEventListener('click', () => {
      stop();
      sigma = new Float64Array(side * side).fill(-1);
      drawGrid();
    });
    addBtn.addEventListener('click', () => {
      if (!sigma.some((x) => x > 0)) {
        message(msg, 'the drawing is empty: draw a pattern on the grid first', 'error');
        return;
      }
      drawn.push(Float64Array.from(sigma));
      fields.source.set('drawn');
      message(
        msg,
        `${drawn.length} drawn pattern${drawn.length > 1 ? 's' : ''}; press "Store patterns" to store them`,
      );
    });

    drawGrid();
    void store().then(() => {
      if (params.get('autorun') === '1') void run();
    });
    return () => {
      stopped = true;
      running = false;
    };
  },
};

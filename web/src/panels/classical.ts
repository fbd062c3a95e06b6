/**
 * Classical panel: draw or pick patterns, store them with a coupling rule, corrupt one (brush or noise), and
 * watch the dynamics clean it up sweep by sweep, with every Mattis overlap and the energy plotted live. The final
 * state is named: a stored pattern, a mixture of three, or another spurious state.
 */

import type { ConfigOf } from '../../../src/experiments/params.js';
import { dynamicsFromName } from '../../../src/experiments/registry/common.js';
import { type ClassicalView, PL_MAX_N } from '../compute/classical.js';
import { DIGITS, glyph, LETTERS } from '../glyphs.js';
import type { Panel } from '../panel.js';
import { axes, COLORS, lines, spins } from '../plot.js';
import type { Compute } from '../rpc.js';
import { el, failHandler, message, setHashExtra, specForm } from '../ui.js';
import { CLASSICAL_SPECS } from './classicalSpecs.js';

type Values = ConfigOf<typeof CLASSICAL_SPECS>;

/** The panel's elements. */
function buildView(box: HTMLElement, params: URLSearchParams) {
  const form = specForm('classical', CLASSICAL_SPECS, params);
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
  return {
    form,
    fields,
    msg,
    storeBtn,
    addBtn,
    clearBtn,
    noiseBtn,
    runBtn,
    stepBtn,
    noiseSlider,
    inkSel,
    grid,
    thumbs,
    ov,
    en,
    status,
  };
}

type View = ReturnType<typeof buildView>;

/** Plot every overlap m_μ and the energy per neuron against the sweep. */
function drawTraces(view: View, traceM: number[][], traceE: number[]): void {
  const n = traceE.length;
  const xs = Array.from({ length: n }, (_, i) => i);
  const f = axes(view.ov, {
    xmin: 0,
    xmax: Math.max(1, n - 1),
    ymin: -1,
    ymax: 1,
    xlabel: 'sweep',
    ylabel: 'overlap m_μ',
    legend: 44,
  });
  lines(
    view.ov,
    f,
    traceM.map((y, mu) => ({ x: xs, y, label: mu < 8 ? `ξ${mu + 1}` : undefined })),
  );
  let lo = Math.min(...traceE);
  let hi = Math.max(...traceE);
  if (!(hi > lo)) {
    lo -= 0.05;
    hi += 0.05;
  }
  const g = axes(view.en, {
    xmin: 0,
    xmax: Math.max(1, n - 1),
    ymin: lo,
    ymax: hi,
    xlabel: 'sweep',
    ylabel: 'energy / N',
  });
  lines(view.en, g, [{ x: xs, y: traceE, color: '#333' }]);
}

/** P and the P·N pattern data of a glyph or drawn source (no data for random patterns: the worker samples them). */
function patternData(
  v: Values,
  drawn: Float64Array[],
  n: number,
): { p: number; data: Float64Array | undefined } {
  let p: number;
  let data: Float64Array | undefined;
  if (v.source === 'letters' || v.source === 'digits') {
    const chars = v.source === 'letters' ? LETTERS : DIGITS;
    p = Math.min(v.p, chars.length);
    data = new Float64Array(p * n);
    for (let mu = 0; mu < p; mu++) data.set(glyph(chars[mu], v.side), mu * n);
  } else if (v.source === 'drawn') {
    const usable = drawn.filter((d) => d.length === n);
    if (usable.length === 0)
      throw new Error('no drawn pattern yet: draw on the grid, then press "Add drawing" (source "drawn")');
    p = usable.length;
    data = new Float64Array(p * n);
    for (let mu = 0; mu < p; mu++) data.set(usable[mu], mu * n);
  } else p = v.p;
  return { p, data };
}

/** Drawn patterns in the permalink: `L:` then each pattern's ±1 cells as bits in base64url, joined by '.'. */
export function encodeDrawn(drawn: readonly Float64Array[], side: number): string {
  const one = (d: Float64Array) => {
    const bytes = new Uint8Array(Math.ceil(d.length / 8));
    for (let i = 0; i < d.length; i++) if (d[i] > 0) bytes[i >> 3] |= 1 << (i & 7);
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  };
  return `${side}:${drawn.map(one).join('.')}`;
}

/** The patterns of {@link encodeDrawn} (an empty list for a malformed value). */
export function decodeDrawn(value: string | null): { side: number; drawn: Float64Array[] } {
  const m = /^(\d+):([A-Za-z0-9_.-]*)$/.exec(value ?? '');
  if (!m) return { side: 0, drawn: [] };
  const side = Number(m[1]);
  const n = side * side;
  const drawn = m[2]
    .split('.')
    .filter(Boolean)
    .map((b) => {
      const s = atob(b.replace(/-/g, '+').replace(/_/g, '/'));
      const d = new Float64Array(n).fill(-1);
      for (let i = 0; i < n; i++) if ((s.charCodeAt(i >> 3) >> (i & 7)) & 1) d[i] = 1;
      return d;
    });
  return { side, drawn };
}

/** Refuse a coupling rule the page cannot apply to P patterns of N neurons. */
function checkRule(rule: Values['rule'], p: number, n: number): void {
  if (rule === 'pl' && n > PL_MAX_N)
    throw new Error(
      `pseudo-likelihood training in the page takes N ≤ ${PL_MAX_N} (a ${Math.floor(Math.sqrt(PL_MAX_N))}×${Math.floor(Math.sqrt(PL_MAX_N))} grid); got N = ${n}`,
    );
  if (rule === 'pinv' && p >= n) throw new Error(`the pseudo-inverse rule needs P < N (P = ${p}, N = ${n})`);
}

/** The state of a mounted classical panel: stored patterns, the network state on the grid, traces and the run. */
class ClassicalSession {
  readonly box: HTMLElement;
  readonly compute: Compute;
  readonly view: View;
  readonly fail: (e: unknown) => void;
  side = 32;
  sigma: Float64Array = new Float64Array(this.side * this.side).fill(-1);
  patterns: Float64Array | null = null;
  p = 0;
  readonly drawn: Float64Array[] = [];
  readonly traceM: number[][] = [];
  readonly traceE: number[] = [];
  readonly thumbLabels: HTMLElement[] = [];
  running = false;
  stopped = false;
  frames = 0;
  t0 = 0;
  maxSweeps = 60;
  // The animation keeps the worker one sweep ahead of the page: while frame k is drawn, sweep k + 1 runs.
  readonly queue: ClassicalView[] = [];
  inFlight = false;
  last = false;
  perFrame = 1;
  generation = 0;
  // brushing: edits the state on the grid (a new start state, or a drawing to store)
  painting = false;
  edited = false;

  constructor(box: HTMLElement, compute: Compute, params: URLSearchParams) {
    this.box = box;
    this.compute = compute;
    this.view = buildView(box, params);
    this.fail = failHandler(box, this.view.msg);
    // drawn patterns of a permalink come back as the drawn source's patterns
    const given = decodeDrawn(params.get('drawn'));
    if (given.drawn.length > 0) {
      this.drawn.push(...given.drawn);
      setHashExtra('classical', 'drawn', params.get('drawn') ?? undefined);
    }
  }

  read(): Values {
    return this.view.form.read();
  }

  drawGrid(): void {
    spins(this.view.grid, this.sigma, this.side);
  }

  buildThumbs(): void {
    const { thumbs, fields } = this.view;
    thumbs.replaceChildren();
    this.thumbLabels.length = 0;
    if (!this.patterns) return;
    const side = this.side;
    for (let mu = 0; mu < this.p; mu++) {
      const c = el('canvas', { width: '64', height: '64' });
      spins(c, this.patterns.subarray(mu * side * side, (mu + 1) * side * side), side);
      const label = el('span', {}, `${mu + 1}`);
      this.thumbLabels.push(label);
      const fig = el('figure', { style: `border-color:${COLORS[mu % COLORS.length]}` }, c, label);
      fig.addEventListener('click', () => {
        fields.target.set(String(mu + 1));
        void this.corrupt();
      });
      thumbs.append(fig);
    }
  }

  drawThumbs(m: Float64Array): void {
    this.thumbLabels.forEach((l, mu) => {
      l.textContent = `${mu + 1}: m = ${m[mu].toFixed(3)}`;
    });
  }

  show(v: ClassicalView, reset = false): void {
    const { traceM, traceE, p } = this;
    this.sigma = v.sigma;
    if (reset) {
      traceM.length = 0;
      traceE.length = 0;
      for (let mu = 0; mu < p; mu++) traceM.push([]);
    }
    for (let mu = 0; mu < p; mu++) traceM[mu].push(v.overlaps[mu]);
    traceE.push(v.energy);
    this.drawGrid();
    drawTraces(this.view, traceM, traceE);
    this.drawThumbs(v.overlaps);
    this.view.status.textContent = `sweep ${v.sweeps} · flips ${v.flips} · E/N = ${v.energy.toFixed(4)} · ${v.label}${v.converged ? ' · fixed point' : ''}`;
    window.playground.results.classical = {
      sweeps: v.sweeps,
      overlaps: Array.from(v.overlaps),
      energy: v.energy,
      label: v.label,
      converged: v.converged,
    };
  }

  async store(): Promise<void> {
    this.stop();
    try {
      const v = this.read();
      this.side = v.side;
      const n = this.side * this.side;
      const { p, data } = patternData(v, this.drawn, n);
      this.p = p;
      checkRule(v.rule, p, n);
      message(this.view.msg, `storing ${p} patterns of N = ${n} with ${v.rule}…`);
      this.box.dataset.state = 'busy';
      const r = await this.compute.call<{ ms: number; patterns: Float64Array }>('classical.store', {
        p,
        n,
        data,
        rule: v.rule,
        seed: v.seed,
      });
      this.patterns = r.patterns;
      this.buildThumbs();
      message(this.view.msg, `stored ${p} patterns (N = ${n}, ${v.rule}) in ${r.ms.toFixed(0)} ms`);
      await this.corrupt();
    } catch (e) {
      this.fail(e);
    }
  }

  async start(given?: Float64Array): Promise<void> {
    const v = this.read();
    if (!this.patterns) throw new Error('store patterns first');
    if (v.target > this.p)
      throw new Error(`target must be an integer in [1, ${this.p}] (the stored patterns); got ${v.target}`);
    const view = await this.compute.call<ClassicalView>('classical.start', {
      target: v.target - 1,
      noise: v.noise,
      sigma: given,
      dynamics: dynamicsFromName(v.dynamics, v.temperature),
      seed: v.seed,
    });
    this.show(view, true);
    this.box.dataset.state = 'ready';
  }

  async corrupt(): Promise<void> {
    this.stop();
    try {
      await this.start();
    } catch (e) {
      this.fail(e);
    }
  }

  pump(): void {
    if (!this.running || this.stopped || this.inFlight || this.last || this.queue.length >= 2) return;
    this.inFlight = true;
    const gen = this.generation;
    this.compute
      .call<ClassicalView>('classical.step', { sweeps: this.perFrame })
      .then((view) => {
        this.inFlight = false;
        if (!this.running || this.stopped || gen !== this.generation) return;
        this.queue.push(view);
        if (view.converged || view.sweeps >= this.maxSweeps) this.last = true;
        this.pump();
      })
      .catch((e) => {
        this.inFlight = false;
        this.running = false;
        this.fail(e);
      });
  }

  readonly frame = (): void => {
    if (!this.running || this.stopped) return;
    const view = this.queue.shift();
    if (view) {
      this.frames++;
      this.show(view);
      if (this.queue.length === 0 && this.last) {
        this.finish();
        return;
      }
    }
    this.pump();
    requestAnimationFrame(this.frame);
  };

  finish(): void {
    const { frames, t0 } = this;
    this.running = false;
    this.view.runBtn.textContent = 'Run';
    const secs = (performance.now() - t0) / 1000;
    const fps = frames / secs;
    Object.assign(window.playground.results.classical as object, { fps, runStart: t0, frames });
    message(
      this.view.msg,
      `run finished: ${frames} frames in ${secs.toFixed(2)} s (${fps.toFixed(1)} frames/s)`,
    );
    this.box.dataset.state = 'done';
  }

  async run(): Promise<void> {
    if (this.running) {
      this.finish();
      return;
    }
    try {
      const v = this.read();
      this.maxSweeps = v.sweeps;
      if (!this.patterns) await this.store();
      if (!this.patterns) return;
      this.running = true;
      this.generation++;
      this.inFlight = false;
      this.queue.length = 0;
      this.last = false;
      this.perFrame = v.perFrame;
      this.frames = 0;
      this.t0 = performance.now();
      this.view.runBtn.textContent = 'Pause';
      this.box.dataset.state = 'running';
      this.pump();
      requestAnimationFrame(this.frame);
    } catch (e) {
      this.fail(e);
    }
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.view.runBtn.textContent = 'Run';
  }

  paint(ev: PointerEvent): void {
    const { grid, inkSel } = this.view;
    const { side, sigma } = this;
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
    this.edited = true;
    this.drawGrid();
  }

  /** After a brush stroke on a stored network, restart the dynamics from the edited state. */
  async restartFromGrid(): Promise<void> {
    this.painting = false;
    if (this.edited && this.patterns && this.sigma.length === this.side * this.side) {
      this.edited = false;
      try {
        const view = await this.compute.call<ClassicalView>('classical.start', {
          target: 0,
          noise: 0,
          sigma: this.sigma,
          dynamics: dynamicsFromName(this.read().dynamics, this.read().temperature),
          seed: this.read().seed,
        });
        this.show(view, true);
      } catch (e) {
        this.fail(e);
      }
    }
  }

  wireGrid(): void {
    const { grid, inkSel } = this.view;
    grid.addEventListener('pointerdown', (ev) => {
      this.stop();
      this.painting = true;
      grid.setPointerCapture(ev.pointerId);
      if (inkSel.value === '0') {
        this.paint(ev);
        this.painting = false;
      } else this.paint(ev);
    });
    grid.addEventListener('pointermove', (ev) => this.painting && this.paint(ev));
    grid.addEventListener('pointerup', () => this.restartFromGrid());
  }

  addDrawing(): void {
    const { msg, fields } = this.view;
    const drawn = this.drawn;
    if (!this.sigma.some((x) => x > 0)) {
      message(msg, 'the drawing is empty: draw a pattern on the grid first', 'error');
      return;
    }
    drawn.push(Float64Array.from(this.sigma));
    setHashExtra('classical', 'drawn', encodeDrawn(drawn, this.side));
    fields.source.set('drawn');
    message(
      msg,
      `${drawn.length} drawn pattern${drawn.length > 1 ? 's' : ''}; press "Store patterns" to store them`,
    );
  }

  wireButtons(): void {
    const { storeBtn, noiseSlider, noiseBtn, runBtn, stepBtn, clearBtn, addBtn, fields } = this.view;
    storeBtn.addEventListener('click', () => void this.store());
    noiseSlider.addEventListener('input', () => {
      fields.noise.set(noiseSlider.value);
      if (this.patterns) void this.corrupt();
    });
    noiseBtn.addEventListener('click', () => void this.corrupt());
    runBtn.addEventListener('click', () => void this.run());
    stepBtn.addEventListener('click', async () => {
      this.stop();
      try {
        this.show(await this.compute.call<ClassicalView>('classical.step', { sweeps: 1 }));
      } catch (e) {
        this.fail(e);
      }
    });
    clearBtn.addEventListener('click', () => {
      this.stop();
      this.sigma = new Float64Array(this.side * this.side).fill(-1);
      this.drawGrid();
    });
    addBtn.addEventListener('click', () => this.addDrawing());
  }
}

export const classicalPanel: Panel = {
  id: 'classical',
  title: 'Classical',
  mount(box, { compute, params }) {
    const session = new ClassicalSession(box, compute, params);
    session.wireGrid();
    session.wireButtons();
    session.drawGrid();
    void session.store().then(() => {
      if (params.get('autorun') === '1') void session.run();
    });
    return () => {
      session.stopped = true;
      session.running = false;
    };
  },
};

/** Canvas charts of the playground: lines (live traces, theory curves), bars and heat maps. Cheap to redraw. */

export const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

export interface Series {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color?: string;
  readonly label?: string;
  readonly dash?: boolean;
  readonly points?: boolean;
}

export interface Axes {
  readonly xmin: number;
  readonly xmax: number;
  readonly ymin: number;
  readonly ymax: number;
  readonly xlabel?: string;
  readonly ylabel?: string;
  /** Width in px of a legend column right of the plot area (0: no legend column). */
  readonly legend?: number;
}

const PAD = { l: 46, r: 10, t: 10, b: 32 };

/** Pixel mapping of a chart. */
export interface Frame {
  px(x: number): number;
  py(y: number): number;
  /** Data coordinates of a pixel (for clicks). */
  inv(cx: number, cy: number): { x: number; y: number };
  /** Left edge of the legend column (outside the plot area), when the axes reserved one. */
  readonly legendX?: number;
}

function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step0 = span / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step)
    out.push(Number(v.toPrecision(10)));
  return out;
}

/** Clear the canvas and draw axes; returns the mapping. */
export function axes(c: HTMLCanvasElement, a: Axes): Frame {
  const g = c.getContext('2d')!;
  const h = c.height;
  const legend = a.legend ?? 0;
  // The plot area ends before the legend column: curves never run under their labels.
  const w = c.width - legend;
  g.clearRect(0, 0, c.width, h);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, c.width, h);
  const px = (x: number) => PAD.l + ((x - a.xmin) / (a.xmax - a.xmin || 1)) * (w - PAD.l - PAD.r);
  const py = (y: number) => h - PAD.b - ((y - a.ymin) / (a.ymax - a.ymin || 1)) * (h - PAD.t - PAD.b);
  g.strokeStyle = '#ccc';
  g.fillStyle = '#333';
  g.font = '11px sans-serif';
  g.lineWidth = 1;
  g.textAlign = 'center';
  // a matrix's rows run downwards: ymin may lie above ymax (the same for x)
  for (const t of ticks(Math.min(a.xmin, a.xmax), Math.max(a.xmin, a.xmax))) {
    g.beginPath();
    g.moveTo(px(t), PAD.t);
    g.lineTo(px(t), h - PAD.b);
    g.stroke();
    g.fillText(String(t), px(t), h - PAD.b + 13);
  }
  g.textAlign = 'right';
  for (const t of ticks(Math.min(a.ymin, a.ymax), Math.max(a.ymin, a.ymax))) {
    g.beginPath();
    g.moveTo(PAD.l, py(t));
    g.lineTo(w - PAD.r, py(t));
    g.stroke();
    g.fillText(String(t), PAD.l - 4, py(t) + 4);
  }
  g.textAlign = 'center';
  if (a.xlabel) g.fillText(a.xlabel, (PAD.l + w - PAD.r) / 2, h - 4);
  if (a.ylabel) {
    g.save();
    g.translate(11, (PAD.t + h - PAD.b) / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(a.ylabel, 0, 0);
    g.restore();
  }
  return {
    px,
    py,
    ...(legend > 0 ? { legendX: w + 4 } : {}),
    inv: (cx, cy) => ({
      x: a.xmin + ((cx - PAD.l) / (w - PAD.l - PAD.r)) * (a.xmax - a.xmin),
      y: a.ymin + ((h - PAD.b - cy) / (h - PAD.t - PAD.b)) * (a.ymax - a.ymin),
    }),
  };
}

/** Draw series on a frame. */
export function lines(c: HTMLCanvasElement, f: Frame, series: readonly Series[]): void {
  const g = c.getContext('2d')!;
  series.forEach((s, k) => {
    const color = s.color ?? COLORS[k % COLORS.length];
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 1.6;
    g.setLineDash(s.dash ? [5, 4] : []);
    if (s.points) {
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.y[i])) continue;
        g.beginPath();
        g.arc(f.px(s.x[i]), f.py(s.y[i]), 3, 0, 2 * Math.PI);
        g.fill();
      }
      return;
    }
    g.beginPath();
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.y[i]) || !Number.isFinite(s.x[i])) {
        pen = false;
        continue;
      }
      if (pen) g.lineTo(f.px(s.x[i]), f.py(s.y[i]));
      else g.moveTo(f.px(s.x[i]), f.py(s.y[i]));
      pen = true;
    }
    g.stroke();
  });
  g.setLineDash([]);
  // legend
  let y = 14;
  g.font = '11px sans-serif';
  g.textAlign = 'left';
  series.forEach((s, k) => {
    if (!s.label) return;
    const color = s.color ?? COLORS[k % COLORS.length];
    if (f.legendX !== undefined) {
      // a line sample, then the label, in the column right of the plot area
      g.strokeStyle = color;
      g.setLineDash(s.dash ? [4, 3] : []);
      g.beginPath();
      g.moveTo(f.legendX, y - 4);
      g.lineTo(f.legendX + 14, y - 4);
      g.stroke();
      g.setLineDash([]);
    }
    g.fillStyle = color;
    g.fillText(s.label, f.legendX !== undefined ? f.legendX + 18 : c.width - PAD.r - 150, y);
    y += 13;
  });
}

/** A bar chart of values (e.g. attention weights), bars indexed 0..n−1. */
export function bars(
  c: HTMLCanvasElement,
  values: ArrayLike<number>,
  a: Omit<Axes, 'xmin' | 'xmax'>,
  highlight = -1,
  first = 0,
): void {
  // bar i stands at x = first + i (ranks count from 1 where the table does)
  const f0 = axes(c, { ...a, xmin: first - 0.5, xmax: first + values.length - 0.5 });
  const f = { ...f0, px: (i: number) => f0.px(first + i) };
  const g = c.getContext('2d')!;
  const w = Math.max(1, f.px(1) - f.px(0) - 1);
  for (let i = 0; i < values.length; i++) {
    g.fillStyle = i === highlight ? '#d62728' : '#1f77b4';
    const y0 = f.py(Math.max(a.ymin, 0));
    const y1 = f.py(values[i]);
    g.fillRect(f.px(i) - w / 2, Math.min(y0, y1), w, Math.abs(y1 - y0));
  }
}

/** The heat maps' colour at t ∈ [0, 1]: white → dark blue. */
function heatRgb(t: number): [number, number, number] {
  return [
    Math.round(255 * (1 - 0.9 * t)),
    Math.round(255 * (1 - 0.75 * t)),
    Math.round(255 * (1 - 0.35 * t)),
  ];
}

/** A colour scale of a chart. */
export interface ColourScale {
  readonly title: string;
  /** The colour at t ∈ [0, 1] (bottom to top of the bar). */
  readonly colour: (t: number) => string;
  /** Tick labels at t ∈ [0, 1]. */
  readonly ticks: readonly { readonly t: number; readonly label: string }[];
}

/**
 * A vertical colour bar with its title and tick labels at x (the legend column of the axes). Its place is written
 * into the canvas's data-scale attribute (`title|x|top|height`) for tests and tools reading the chart.
 */
export function colourBar(c: HTMLCanvasElement, x: number, s: ColourScale, top = 30): void {
  const g = c.getContext('2d')!;
  const h = Math.max(40, Math.min(160, c.height - top - 50));
  for (let k = 0; k < h; k++) {
    g.fillStyle = s.colour(1 - k / (h - 1));
    g.fillRect(x, top + k, 14, 1);
  }
  g.strokeStyle = '#888';
  g.strokeRect(x, top, 14, h);
  g.fillStyle = '#333';
  g.font = '11px sans-serif';
  g.textAlign = 'left';
  // the title above the bar's top label (which stands 4 px below the top)
  g.fillText(s.title, x, top - 12);
  for (const k of s.ticks) g.fillText(k.label, x + 18, top + (1 - k.t) * (h - 1) + 4);
  c.dataset.scale = `${s.title}|${x}|${top}|${h}`;
}

/** Where a heat map's cells lie on its axes and what its colours mean. */
export interface HeatmapAxes {
  /** Axis range covered by the columns (left to right) and rows (top to bottom). */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly xlabel: string;
  readonly ylabel: string;
  /** Title of the colour bar and labels of the two ends of [lo, hi] (default: the numbers). */
  readonly value: string;
  readonly loLabel?: string;
  readonly hiLabel?: string;
}

/** Width of a heat map's colour-bar column, right of the plot area. */
const SCALE_COLUMN = 64;

/**
 * A heat map of a rows×cols matrix (row-major, row 0 at the top) scaled to [lo, hi], white → dark blue, in the
 * plot area of axes with a colour bar beside it; returns the frame (cells map through the axis ranges).
 */
export function heatmap(
  c: HTMLCanvasElement,
  m: ArrayLike<number>,
  rows: number,
  cols: number,
  lo: number,
  hi: number,
  a: HeatmapAxes,
): Frame {
  const f = axes(c, {
    xmin: a.x[0],
    xmax: a.x[1],
    ymin: a.y[1],
    ymax: a.y[0],
    xlabel: a.xlabel,
    ylabel: a.ylabel,
    legend: SCALE_COLUMN,
  });
  const g = c.getContext('2d')!;
  const img = g.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const rgb = heatRgb(Math.max(0, Math.min(1, (m[i] - lo) / (hi - lo || 1))));
    img.data.set([...rgb, 255], 4 * i);
  }
  const tmp = document.createElement('canvas');
  tmp.width = cols;
  tmp.height = rows;
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = false;
  const x0 = f.px(a.x[0]);
  const y0 = f.py(a.y[0]);
  g.drawImage(tmp, x0, y0, f.px(a.x[1]) - x0, f.py(a.y[1]) - y0);
  const num = (v: number) => String(Number(v.toPrecision(3)));
  colourBar(c, f.legendX ?? c.width - SCALE_COLUMN, {
    title: a.value,
    colour: (t) => `rgb(${heatRgb(t).join(',')})`,
    ticks: [
      { t: 0, label: a.loLabel ?? num(lo) },
      { t: 1, label: a.hiLabel ?? num(hi) },
    ],
  });
  c.dataset.axes = `${a.xlabel}|${a.ylabel}`;
  return f;
}

const scratch = new Map<number, { canvas: HTMLCanvasElement; img: ImageData }>();

/** Draw ±1 spins of an L×L grid (black = +1) scaled to the canvas. */
export function spins(c: HTMLCanvasElement, sigma: ArrayLike<number>, side: number): void {
  let s = scratch.get(side);
  if (!s) {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    s = { canvas, img: canvas.getContext('2d')!.createImageData(side, side) };
    scratch.set(side, s);
  }
  const d = s.img.data;
  for (let i = 0; i < side * side; i++) {
    const v = sigma[i] > 0 ? 20 : 245;
    d[4 * i] = v;
    d[4 * i + 1] = v;
    d[4 * i + 2] = v;
    d[4 * i + 3] = 255;
  }
  s.canvas.getContext('2d')!.putImageData(s.img, 0, 0);
  const g = c.getContext('2d')!;
  g.imageSmoothingEnabled = false;
  g.drawImage(s.canvas, 0, 0, c.width, c.height);
}

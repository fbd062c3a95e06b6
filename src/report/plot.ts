/**
 * Rendering of figures: Vega-Lite specs (built in experiments/plots.ts) to SVG, in Node or the browser, by Vega
 * (no canvas needed).
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { PlotSpec } from '../experiments/plots.js';

export * from '../experiments/plots.js';

/** Render a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

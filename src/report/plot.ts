/**
 * Rendering of figures: Vega-Lite specs (built in experiments/plots.ts) to SVG, in Node or the browser, by Vega
 * (no canvas needed). Vega and Vega-Lite are optional peer dependencies (about 80 packages): they are loaded on
 * the first figure drawn (`--plot`, `hopfield report`), and a missing one is named in a one-line error.
 */
import type { PlotSpec } from '../experiments/plots.js';

export * from '../experiments/plots.js';

/** What to install to draw figures (the error of a missing package). */
export const FIGURE_INSTALL_HINT =
  'drawing figures needs the optional packages vega and vega-lite: npm install vega vega-lite';

type Renderer = { vega: typeof import('vega'); compile: typeof import('vega-lite').compile };
let renderer: Promise<Renderer> | undefined;

/** Vega and Vega-Lite, loaded once. */
function loadRenderer(): Promise<Renderer> {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]).then(
    ([vega, vl]) => ({ vega, compile: vl.compile }),
    (e: unknown) => {
      renderer = undefined;
      const code = (e as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
        throw new RangeError(FIGURE_INSTALL_HINT);
      throw e;
    },
  );
  return renderer;
}

/** Render a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const { vega, compile } = await loadRenderer();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

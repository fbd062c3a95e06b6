/**
 * The classical network (paper 004): capacity, retrieval map, empirical phase diagram, and storing / recalling a
 * saved network.
 */
import { runDynamics } from '../../core/dynamics/classical.js';
import { loadClassical, saveClassical, trainClassical } from '../../core/models/classical.js';
import type { PatternSet } from '../../core/patterns.js';
import { corruptByFraction, mattisOverlaps, patternRow, rademacher } from '../../core/patterns.js';
import { checkMemory, ParamError } from '../../core/validate.js';
import { couplingsToNpy, patternsToNpy } from '../../data/patternFiles.js';
import { decodeJsonFile } from '../files.js';
import { choice, inputFile, int, maxMemory, outputFile } from '../params.js';
import { type GalleryColumn, patternGalleryPlot } from '../patterns.js';
import { lineChart } from '../plots.js';
import {
  ALL_DYNAMICS,
  checkPatternFileParams,
  dynamicsFromName,
  flip,
  load,
  neurons,
  type PatternSource,
  patternFileParams,
  patternsForLoads,
  patternsFromFlag,
  rule,
  ruleFromName,
  sweeps,
  temperature,
} from '../registry/common.js';
import { defineExperiment } from '../registry/types.js';
import { patternsAt, ruleOps, sumOf } from '../work.js';
import { capacityPlot, phaseDiagramPlot, retrievalMapPlot } from './figures.js';
import {
  capacityExperiment,
  capacityParams,
  classifyOverlap,
  phaseDiagramExperiment,
  phaseDiagramParams,
  retrievalMapExperiment,
  retrievalMapParams,
} from './run.js';

/**
 * Bytes one classical run holds: the couplings (twice, for the rules that build them through a temporary) and
 * patterns, starting states and their fields, P×N each.
 */
export function classicalRunBytes(n: number, alpha: number): number {
  const p = Math.max(1, Math.round(alpha * n));
  return 8 * (2 * n * n + 4 * p * n);
}

const checkClassicalMemory = (n: number, alphas: readonly number[], limitGiB: number) =>
  checkMemory(
    `N = ${n} at α = ${Math.max(...alphas)}`,
    classicalRunBytes(n, Math.max(...alphas)),
    limitGiB,
    'lower --n or --alpha',
  );

/** Stored parameters without `--patterns`: the image threshold does not apply, so it is left out of the JSON. */
export const NO_PATTERN_FILE = { threshold: undefined };

/** Cross-checks of a command with `--patterns`: the memory guard then waits for the file's N (in `run`). */
function checkRandomOrFile(
  c: { patterns?: PatternSource; size?: string; n: number; maxMemory: number },
  alphas: readonly number[],
): void {
  checkPatternFileParams(c);
  if (c.patterns === undefined) checkClassicalMemory(c.n, alphas, c.maxMemory);
}

/** `--patterns` for capacity, retrieval-map and phase-diagram: the patterns and N (the file's, else `--n`). */
async function storedOrRandom(
  c: { patterns?: PatternSource; threshold: number; size?: string; n: number; maxMemory: number },
  alphas: readonly number[],
): Promise<{ patterns?: PatternSet; n: number }> {
  const patterns = await patternsForLoads(c, alphas);
  if (!patterns) return { n: c.n };
  checkClassicalMemory(patterns.n, alphas, c.maxMemory);
  return { patterns, n: patterns.n };
}

export const capacity = defineExperiment({
  id: 'capacity',
  family: 'classical',
  summary:
    'storage capacity at zero temperature: P = round(αN) random patterns, dynamics started at each stored pattern',
  examples: ['capacity --rule hebb --n 400 --alpha 0.05:0.25:0.025 --trials 3 --seed 1 --plot cap.svg'],
  params: capacityParams,
  check: (c) => checkRandomOrFile(c, c.alpha),
  // Per trial: the couplings, then the dynamics from each of the P patterns (about one sweep of N² each: they start
  // at a stored pattern).
  work: (c) => ({
    couplings: c.trials * sumOf(c.alpha, (a) => ruleOps(c.rule, patternsAt(a, c.n), c.n)),
    spins: c.trials * sumOf(c.alpha, (a) => patternsAt(a, c.n) * c.n * c.n),
  }),
  run: async (c, rng, hooks) => {
    const { patterns, n } = await storedOrRandom(c, c.alpha);
    const rows = capacityExperiment({ ...c, n, patterns }, rng, hooks);
    if (!patterns) return { rows, derived: NO_PATTERN_FILE };
    return { rows, derived: { n }, figure: capacityPlot(rows, c.rule, n, hooks.seed ?? 0) };
  },
  figure: (rows, c, seed) => capacityPlot(rows, c.rule, c.n, seed),
  caption:
    'Mean final overlap (± std over patterns) when the dynamics starts at a stored pattern. The Hebbian network ' +
    'collapses near the AGS capacity α_c ≈ 0.138; Storkey holds longer; the pseudo-inverse rule keeps every ' +
    'pattern a fixed point while α < 1.',
});

export const retrievalMap = defineExperiment({
  id: 'retrieval-map',
  family: 'classical',
  summary: 'retrieval map: final overlap against the initial overlap m0 with a stored pattern',
  examples: ['retrieval-map --rule hebb --n 400 --alpha 0.1 --m0 0:1:0.05 --trials 3 --seed 1'],
  params: retrievalMapParams,
  check: (c) => checkRandomOrFile(c, [c.alpha]),
  // Per trial: the couplings, then P starts per initial overlap (a few sweeps of N² each).
  work: (c) => ({
    couplings: c.trials * ruleOps(c.rule, patternsAt(c.alpha, c.n), c.n),
    spins: c.trials * c.m0.length * 3 * patternsAt(c.alpha, c.n) * c.n * c.n,
  }),
  run: async (c, rng, hooks) => {
    const { patterns, n } = await storedOrRandom(c, [c.alpha]);
    const rows = retrievalMapExperiment({ ...c, n, patterns }, rng, hooks);
    if (!patterns) return { rows, derived: NO_PATTERN_FILE };
    return { rows, derived: { n }, figure: retrievalMapPlot(rows, c.rule, n, c.alpha, hooks.seed ?? 0) };
  },
  figure: (rows, c, seed) => retrievalMapPlot(rows, c.rule, c.n, c.alpha, seed),
  caption:
    'Final overlap and success fraction (m ≥ 0.99) against the initial overlap m0; the dashed diagonal is m = m0. ' +
    'Below α_c the basin of attraction is wide: retrieval succeeds from small initial overlaps.',
});

export const phaseDiagram = defineExperiment({
  id: 'phase-diagram',
  family: 'classical',
  summary:
    'empirical (α, T) phase diagram: Monte Carlo from a corrupted stored pattern, final |m| per load and temperature',
  examples: [
    'phase-diagram --n 400 --alpha 0.02:0.2:0.02 --temperature 0.1:1.5:0.1 --flip 0.2 --dynamics metropolis --sweeps 50 --trials 3 --seed 1 --plot pd.svg',
  ],
  params: phaseDiagramParams,
  check: (c) => checkRandomOrFile(c, c.alpha),
  // Per load and trial: the couplings, then a Monte Carlo run per temperature (a sweep ≈ N² at half acceptance).
  work: (c) => ({
    couplings: c.trials * sumOf(c.alpha, (a) => ruleOps(c.rule, patternsAt(a, c.n), c.n)),
    spins: c.trials * c.alpha.length * c.temperature.length * c.sweeps * 0.5 * c.n * c.n,
  }),
  run: async (c, rng, hooks) => {
    const { patterns, n } = await storedOrRandom(c, c.alpha);
    const rows = phaseDiagramExperiment({ ...c, n, patterns }, rng, hooks);
    if (!patterns) return { rows, derived: NO_PATTERN_FILE };
    const figure = phaseDiagramPlot(rows, { n, flip: c.flip, dynamics: c.dynamics, seed: hooks.seed ?? 0 });
    return { rows, derived: { n }, figure };
  },
  figure: (rows, c, seed) => phaseDiagramPlot(rows, { n: c.n, flip: c.flip, dynamics: c.dynamics, seed }),
  caption:
    'Final |m| after Monte Carlo sweeps from a stored pattern with a fraction of the spins flipped. Retrieval ' +
    '(|m| > 0.9) survives at low load and temperature; above T = 1 (α → 0) the network is paramagnetic. The ' +
    'dashed lines are the replica-symmetric theory: T_g(α) = 1 + √α, T_M(α) and T_c(α).',
});

/** The image grid of a model stored from images (meta.shape with width·height = N), or null. */
function imageShapeOf(
  meta: Record<string, unknown> | undefined,
  n: number,
): { width: number; height: number } | null {
  const s = meta?.shape as { width?: unknown; height?: unknown } | null | undefined;
  if (!s || !Number.isInteger(s.width) || !Number.isInteger(s.height)) return null;
  const width = s.width as number;
  const height = s.height as number;
  return width * height === n ? { width, height } : null;
}

/** Largest model file `store` writes (a JavaScript string holds at most about 512 MB). */
const MAX_MODEL_FILE_BYTES = 400e6;

export const store = defineExperiment({
  id: 'store',
  family: 'classical',
  summary: 'train a classical network on P = round(αN) random ±1 patterns and save it (patterns included)',
  examples: ['store --rule storkey --n 200 --alpha 0.1 --seed 1 --out net.json'],
  params: {
    out: outputFile({ help: 'model file to write (versioned JSON)' }),
    rule: rule(),
    n: neurons(200),
    alpha: load(0.1),
    maxMemory: maxMemory(),
    ...patternFileParams,
    couplingsNpy: outputFile({ help: 'also write the couplings J as an N × N .npy array', optional: true }),
    patternsNpy: outputFile({ help: 'also write the stored patterns as a .npy array', optional: true }),
  },
  check: (c) => {
    checkPatternFileParams(c);
    checkClassicalMemory(c.n, [c.alpha], c.maxMemory);
    // The model file holds J in base64 (4/3 bytes per byte): one JavaScript string must fit it.
    const fileBytes = (8 * c.n * c.n * 4) / 3;
    if (fileBytes > MAX_MODEL_FILE_BYTES)
      throw new ParamError(
        'n',
        `must be at most ${Math.floor(Math.sqrt((MAX_MODEL_FILE_BYTES * 3) / 32))} for a model file (got ${c.n}: the couplings alone would take ${(fileBytes / 1e6).toFixed(0)} MB of JSON)`,
      );
  },
  work: (c) => ({ couplings: ruleOps(c.rule, patternsAt(c.alpha, c.n), c.n) }),
  run: async (c, rng) => {
    if (c.patterns !== undefined) {
      const loaded = await patternsFromFlag(c.patterns, c.threshold, c.size);
      const xi = loaded.patterns;
      if (xi.n * xi.n * 8 > c.maxMemory * 1024 ** 3)
        throw new ParamError(
          'patterns',
          `: N = ${xi.n} needs ${((xi.n * xi.n * 8) / 1024 ** 3).toFixed(1)} GiB of couplings, more than --max-memory ${c.maxMemory}`,
        );
      let net: ReturnType<typeof trainClassical>;
      try {
        net = trainClassical(xi, ruleFromName(c.rule));
      } catch (e) {
        if (e instanceof RangeError) throw new ParamError('rule', `${c.rule}: ${e.message}`);
        throw e;
      }
      const meta = {
        rule: c.rule,
        n: xi.n,
        alpha: xi.p / xi.n,
        p: xi.p,
        out: c.out,
        source: c.patterns.name,
        shape: loaded.shape,
      };
      return {
        rows: [],
        derived: { p: xi.p, n: xi.n, alpha: xi.p / xi.n },
        files: [
          {
            param: 'out',
            content: JSON.stringify(saveClassical(net, { patterns: xi, labels: loaded.names, meta })),
          },
          { param: 'couplingsNpy', content: couplingsToNpy(net.couplings, xi.n) },
          { param: 'patternsNpy', content: patternsToNpy(xi, loaded.shape) },
        ],
        summary: [
          `stored ${xi.p} patterns of ${xi.n} neurons from ${c.patterns.name} (${c.rule}${loaded.shape ? `, images ${loaded.shape.width}×${loaded.shape.height}` : ''}) in ${c.out}`,
        ],
      };
    }
    const p = Math.max(1, Math.round(c.alpha * c.n));
    const xi = rademacher(rng, p, c.n);
    const net = trainClassical(xi, ruleFromName(c.rule));
    const labels = Array.from({ length: p }, (_, mu) => `pattern ${mu}`);
    const meta = { rule: c.rule, n: c.n, alpha: c.alpha, p, out: c.out };
    return {
      rows: [],
      derived: { p },
      files: [
        { param: 'out', content: JSON.stringify(saveClassical(net, { patterns: xi, labels, meta })) },
        { param: 'couplingsNpy', content: couplingsToNpy(net.couplings, c.n) },
        { param: 'patternsNpy', content: patternsToNpy(xi) },
      ],
      summary: [`stored ${p} patterns of ${c.n} neurons (${c.rule}) in ${c.out}`],
    };
  },
});

export const recall = defineExperiment({
  id: 'recall',
  family: 'classical',
  summary: 'load a saved network and run the dynamics from a stored pattern with a fraction of spins flipped',
  examples: [
    'recall --model net.json --pattern 0 --flip 0.3 --dynamics sequential --seed 1 --plot recall.svg',
  ],
  params: {
    model: inputFile({ help: 'model file written by `hopfield store`' }),
    pattern: int({ help: 'index of the stored pattern to start from', bounds: { min: 0 }, default: 0 }),
    flip: flip(),
    dynamics: choice(ALL_DYNAMICS, { help: 'dynamics', default: 'sequential' }),
    temperature: temperature(0),
    sweeps: sweeps(50),
    gallery: outputFile({
      help: 'write stored / corrupted / retrieved images as SVG (models stored from images)',
      optional: true,
    }),
    galleryCount: int({ help: 'patterns shown in the gallery', bounds: { min: 1, max: 24 }, default: 6 }),
  },
  check: (c) => {
    if ((c.dynamics === 'sequential' || c.dynamics === 'parallel') && c.temperature !== 0)
      throw new ParamError(
        'temperature',
        `applies to glauber and metropolis dynamics only (got ${c.temperature} with --dynamics ${c.dynamics})`,
      );
  },
  // N from the model file's size (its couplings are 8·N²·4/3 bytes of base64): each sweep ≈ N², per gallery column too.
  work: (c) => {
    const n = Math.sqrt((c.model.bytes.length * 3) / 32);
    return { spins: (1 + (c.gallery === undefined ? 0 : c.galleryCount)) * c.sweeps * n * n };
  },
  run: (c, rng) => {
    const model = decodeJsonFile('model', c.model, loadClassical);
    if (!model.patterns) throw new ParamError('model', `: "${c.model.name}" holds no patterns to start from`);
    const xi = model.patterns;
    if (c.pattern > xi.p - 1)
      throw new ParamError('pattern', `must be an integer ≥ 0 and ≤ ${xi.p - 1} (got "${c.pattern}")`);
    const [rNoise, rDyn] = rng.split(2);
    const target = patternRow(xi, c.pattern);
    const start = corruptByFraction(rNoise, target, c.flip);
    const res = runDynamics(model.network, start, dynamicsFromName(c.dynamics, c.temperature), rDyn, {
      maxSweeps: c.sweeps,
      target,
      traceEnergy: true,
    });
    const rows = res.overlapTrace.map((m, t) => ({ sweep: t, overlap: m, energy: res.energyTrace[t] }));
    const overlaps = mattisOverlaps(xi, res.state);
    let best = 0;
    for (let k = 1; k < xi.p; k++) if (Math.abs(overlaps[k]) > Math.abs(overlaps[best])) best = k;
    const final = res.overlapTrace[res.overlapTrace.length - 1];
    const label = model.labels?.[best] ?? String(best);
    const state = classifyOverlap(Math.abs(final));
    const files = [];
    if (c.gallery !== undefined) {
      const shape = imageShapeOf(model.meta, xi.n);
      if (!shape)
        throw new ParamError(
          'gallery',
          `needs a model stored from images (store --patterns with .png files or a P × H × W .npy); "${c.model.name}" has none`,
        );
      const count = Math.min(c.galleryCount, xi.p);
      const streams = rng.split(count);
      const columns: GalleryColumn[] = streams.map((r, mu) => {
        const [rn, rd] = r.split(2);
        const stored = patternRow(xi, mu);
        const corrupted = corruptByFraction(rn, stored, c.flip);
        const out = runDynamics(model.network, corrupted, dynamicsFromName(c.dynamics, c.temperature), rd, {
          maxSweeps: c.sweeps,
          target: stored,
        });
        return {
          name: model.labels?.[mu] ?? `pattern ${mu}`,
          stored,
          corrupted,
          retrieved: out.state,
          overlap: out.overlapTrace[out.overlapTrace.length - 1],
        };
      });
      files.push({
        param: 'gallery',
        content: {
          plot: patternGalleryPlot(
            columns,
            shape,
            `Stored, corrupted (flip ${c.flip}) and retrieved, ${c.dynamics}`,
          ),
        },
      });
    }
    return {
      files,
      rows,
      extra: {
        finalOverlap: final,
        state,
        identified: best,
        identifiedLabel: label,
        identifiedOverlap: overlaps[best],
        converged: res.converged,
        cycle2: res.cycle2,
      },
      summary: [
        `final overlap with pattern ${c.pattern}: ${final.toFixed(4)} (${state}); ` +
          `closest stored pattern: ${label} (m = ${overlaps[best].toFixed(4)})`,
      ],
    };
  },
  figure: (rows, c, seed) =>
    lineChart({
      title: `Recall of pattern ${c.pattern}, flip ${c.flip}, ${c.dynamics}${c.dynamics === 'glauber' || c.dynamics === 'metropolis' ? ` T = ${c.temperature}` : ''} (seed ${seed})`,
      xTitle: 'sweep',
      yTitle: 'Mattis overlap m',
      simulation: {
        data: rows.map((r) => ({ ...r, series: 'overlap' })),
        x: 'sweep',
        y: 'overlap',
        color: 'series',
      },
    }),
});

export const classicalExperiments = [capacity, retrievalMap, phaseDiagram, store, recall];

/**
 * `hopfield store` trains a classical network on random patterns and saves it; `hopfield recall` loads a saved
 * network and runs the dynamics from a corrupted stored pattern, printing the overlap and energy per sweep.
 */
import type { Command } from 'commander';
import { runDynamics } from '../../core/dynamics/classical.js';
import { loadClassical, saveClassical, trainClassical } from '../../core/models/classical.js';
import { corruptByFraction, mattisOverlaps, patternRow, rademacher } from '../../core/patterns.js';
import { classifyOverlap } from '../../experiments/classical.js';
import { lineChart } from '../../report/plot.js';
import { defineCommand, type RawOptions } from '../command.js';
import { UsageError } from '../errors.js';
import { readModelFile } from '../model-file.js';
import { checkOutputPath, writeFileAtomic } from '../output.js';
import { parseChoice, parseInteger, parseNumber } from '../parse.js';
import { ALL_DYNAMICS, dynamicsFromOptions, RULE_NAMES, ruleFromName } from './classical.js';

const opt = (o: RawOptions, k: string) => o[k] as string;

export function registerModel(program: Command): void {
  defineCommand(program, {
    name: 'store',
    description:
      'train a classical network on P = round(αN) random ±1 patterns and save it (patterns included)',
    examples: ['hopfield store --rule storkey --n 200 --alpha 0.1 --seed 1 --out net.json'],
    configure: (c) =>
      c
        .requiredOption('--out <file>', 'model file to write (versioned JSON)')
        .option('--rule <rule>', `coupling rule: ${RULE_NAMES.join('|')}`, 'hebb')
        .option('--n <int>', 'number of neurons N', '200')
        .option('--alpha <number>', 'load α = P/N', '0.1'),
    run: (o, ctx) => {
      const out = opt(o, 'out');
      checkOutputPath('--out', out);
      const ruleName = parseChoice('--rule', opt(o, 'rule'), RULE_NAMES);
      const n = parseInteger('--n', opt(o, 'n'), { min: 1, max: 20000 });
      const alpha = parseNumber('--alpha', opt(o, 'alpha'), { min: 0, minExclusive: true, max: 10 });
      const p = Math.max(1, Math.round(alpha * n));
      const xi = rademacher(ctx.rng, p, n);
      const net = trainClassical(xi, ruleFromName(ruleName));
      const labels = Array.from({ length: p }, (_, mu) => `pattern ${mu}`);
      const params = { rule: ruleName, n, alpha, p, out };
      writeFileAtomic(
        out,
        JSON.stringify(saveClassical(net, { patterns: xi, labels, meta: { seed: ctx.seed, ...params } })),
      );
      return { params, rows: [], summary: [`stored ${p} patterns of ${n} neurons (${ruleName}) in ${out}`] };
    },
  });

  defineCommand(program, {
    name: 'recall',
    description:
      'load a saved network and run the dynamics from a stored pattern with a fraction of spins flipped',
    examples: [
      'hopfield recall --model net.json --pattern 0 --flip 0.3 --dynamics sequential --seed 1 --plot recall.svg',
    ],
    configure: (c) =>
      c
        .requiredOption('--model <file>', 'model file written by `hopfield store`')
        .option('--pattern <int>', 'index of the stored pattern to start from', '0')
        .option('--flip <r>', 'fraction of spins flipped in the start configuration, in [0, 1]', '0.2')
        .option('--dynamics <kind>', `${ALL_DYNAMICS.join('|')}`, 'sequential')
        .option('--temperature <T>', 'temperature for glauber/metropolis (≥ 0)', '0')
        .option('--sweeps <int>', 'sweep limit', '50'),
    run: (o, ctx) => {
      const model = readModelFile('--model', opt(o, 'model'), loadClassical);
      if (!model.patterns)
        throw new UsageError(`--model: "${opt(o, 'model')}" holds no patterns to start from`);
      const xi = model.patterns;
      const mu = parseInteger('--pattern', opt(o, 'pattern'), { min: 0, max: xi.p - 1 });
      const flip = parseNumber('--flip', opt(o, 'flip'), { min: 0, max: 1 });
      const kind = parseChoice('--dynamics', opt(o, 'dynamics'), ALL_DYNAMICS);
      const temperature = parseNumber('--temperature', opt(o, 'temperature'), { min: 0 });
      const sweeps = parseInteger('--sweeps', opt(o, 'sweeps'), { min: 1 });
      const [rNoise, rDyn] = ctx.rng.split(2);
      const target = patternRow(xi, mu);
      const start = corruptByFraction(rNoise, target, flip);
      const res = runDynamics(model.network, start, dynamicsFromOptions(kind, temperature), rDyn, {
        maxSweeps: sweeps,
        target,
        traceEnergy: true,
      });
      const rows = res.overlapTrace.map((m, t) => ({ sweep: t, overlap: m, energy: res.energyTrace[t] }));
      const overlaps = mattisOverlaps(xi, res.state);
      let best = 0;
      for (let k = 1; k < xi.p; k++) if (Math.abs(overlaps[k]) > Math.abs(overlaps[best])) best = k;
      const final = res.overlapTrace[res.overlapTrace.length - 1];
      const label = model.labels?.[best] ?? String(best);
      return {
        params: { model: opt(o, 'model'), pattern: mu, flip, dynamics: kind, temperature, sweeps },
        rows,
        extra: {
          finalOverlap: final,
          state: classifyOverlap(Math.abs(final)),
          identified: best,
          identifiedLabel: label,
          identifiedOverlap: overlaps[best],
          converged: res.converged,
          cycle2: res.cycle2,
        },
        summary: [
          `final overlap with pattern ${mu}: ${final.toFixed(4)} (${classifyOverlap(Math.abs(final))}); ` +
            `closest stored pattern: ${label} (m = ${overlaps[best].toFixed(4)})`,
        ],
        plot: lineChart({
          title: `Recall of pattern ${mu}, flip ${flip}, ${kind}${kind === 'glauber' || kind === 'metropolis' ? ` T = ${temperature}` : ''} (seed ${ctx.seed})`,
          xTitle: 'sweep',
          yTitle: 'Mattis overlap m',
          simulation: {
            data: rows.map((r) => ({ ...r, series: 'overlap' })),
            x: 'sweep',
            y: 'overlap',
            color: 'series',
          },
        }),
      };
    },
  });
}

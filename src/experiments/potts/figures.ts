/**
 * Figures of the Potts family: the contact map (predicted top pairs over the native contacts) beside precision
 * against rank, the sampling check (connected correlations scatter, nearest-natural distance histogram), and
 * paper 000 Fig. 6 (final overlap against α, train and test starts, both symmetries, ⟨O⟩ as a dashed line).
 */
import type { PrecisionRow, ScoredPair } from '../../core/models/pottsContacts.js';
import type { PlotSpec } from '../plots.js';
import type { ProteinRow } from './fig6.js';
import type { PottsCheckResult } from './run.js';

const CONFIG = { legend: { labelLimit: 0, titleLimit: 0 }, axis: { titleFontSize: 12 } };

/**
 * Contact map: native contacts (distance < threshold, |i − j| > 4) as grey squares in both triangles, the top
 * `top` predicted pairs (|i − j| > 4) as points in the upper triangle, coloured true/false; beside it the precision
 * of the first r predictions against r.
 */
export function contactMapPlot(
  title: string,
  n: number,
  ranked: readonly ScoredPair[],
  native: readonly { i: number; j: number }[],
  isContact: (i: number, j: number) => boolean | undefined,
  curve: readonly { rank: number; precision: number }[],
  top = Math.floor(n / 2),
): PlotSpec {
  const nat = native.flatMap((p) => [
    { x: p.i + 1, y: p.j + 1 },
    { x: p.j + 1, y: p.i + 1 },
  ]);
  const pred = ranked
    .filter((p) => p.j - p.i > 4)
    .slice(0, top)
    .map((p) => {
      const c = isContact(p.i, p.j);
      return {
        x: p.j + 1,
        y: p.i + 1,
        kind: c === undefined ? 'no distance' : c ? 'true contact' : 'false contact',
      };
    });
  const axis = (t: string) => ({
    type: 'quantitative' as const,
    title: t,
    scale: { domain: [0, n + 1], nice: false },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    hconcat: [
      {
        width: 360,
        height: 360,
        layer: [
          {
            data: { values: nat },
            mark: { type: 'square', color: '#bbbbbb', size: 18 },
            encoding: { x: { field: 'x', ...axis('column i') }, y: { field: 'y', ...axis('column j') } },
          },
          {
            data: { values: pred },
            mark: { type: 'point', filled: true, size: 30 },
            encoding: {
              x: { field: 'x', ...axis('column i') },
              y: { field: 'y', ...axis('column j') },
              color: {
                field: 'kind',
                type: 'nominal',
                title: `top ${top} predictions (|i−j| > 4)`,
                scale: {
                  domain: ['true contact', 'false contact', 'no distance'],
                  range: ['#1f77b4', '#d62728', '#999999'],
                },
              },
            },
          },
        ],
      },
      {
        width: 300,
        height: 360,
        data: { values: curve.map((c) => ({ rank: c.rank, precision: c.precision })) },
        mark: { type: 'line', point: false },
        encoding: {
          x: { field: 'rank', type: 'quantitative', title: 'number of predicted pairs (|i−j| > 4)' },
          y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
        },
      },
    ],
  } as unknown as PlotSpec;
}

/** Precision rows as a grouped bar chart: one group per separation class, one bar per cut. */
export function precisionPlot(rows: readonly PrecisionRow[], title: string): PlotSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    width: 360,
    height: 240,
    data: { values: rows.map((r) => ({ ...r })) },
    mark: 'bar',
    encoding: {
      x: {
        field: 'separation',
        type: 'nominal',
        title: 'separation class',
        sort: ['short', 'medium', 'long', 'all'],
      },
      xOffset: { field: 'top', sort: ['L/10', 'L/5', 'L/2', 'L'] },
      y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
      color: { field: 'top', type: 'nominal', title: 'top', sort: ['L/10', 'L/5', 'L/2', 'L'] },
    },
  } as unknown as PlotSpec;
}

/** Sampling check: connected correlations (natural vs samples) and the nearest-natural distance histogram. */
export function checkPlot(res: PottsCheckResult, title: string): PlotSpec {
  const lim = Math.max(1e-6, ...res.scatter.map((p) => Math.max(Math.abs(p.natural), Math.abs(p.sample))));
  const hist = res.rows.flatMap((r) => [
    { distance: r.distance, share: r.samples, set: 'samples → nearest natural' },
    { distance: r.distance, share: r.natural, set: 'natural → nearest other natural' },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    hconcat: [
      {
        width: 320,
        height: 320,
        title: `connected correlations, Pearson r = ${res.r2.toFixed(3)} (single-site r = ${res.r1.toFixed(3)})`,
        layer: [
          {
            data: { values: res.scatter },
            mark: { type: 'point', size: 6, opacity: 0.5 },
            encoding: {
              x: {
                field: 'natural',
                type: 'quantitative',
                title: 'C_ij(a,b) natural (weighted)',
                scale: { domain: [-lim, lim] },
              },
              y: {
                field: 'sample',
                type: 'quantitative',
                title: 'C_ij(a,b) samples',
                scale: { domain: [-lim, lim] },
              },
            },
          },
          {
            data: {
              values: [
                { x: -lim, y: -lim },
                { x: lim, y: lim },
              ],
            },
            mark: { type: 'line', strokeDash: [4, 4], color: 'black' },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
          },
        ],
      },
      {
        width: 320,
        height: 320,
        title: 'Hamming distance to the nearest natural sequence',
        data: { values: hist },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'distance', type: 'quantitative', title: 'distance (share of columns)' },
          y: { field: 'share', type: 'quantitative', title: 'share of sequences' },
          color: { field: 'set', type: 'nominal', title: null },
        },
      },
    ],
  } as unknown as PlotSpec;
}

/** Paper 000 Fig. 6: final overlap against α (log), train/test × asymmetric/symmetric, ⟨O⟩ dashed. */
export function fig6Plot(rows: readonly ProteinRow[], title: string): PlotSpec {
  const data = rows.flatMap((r) => [
    { alpha: r.alpha, q: r.trainOverlap, std: r.trainOverlapStd, series: `train, ${r.couplings}` },
    { alpha: r.alpha, q: r.testOverlap, std: r.testOverlapStd, series: `test, ${r.couplings}` },
  ]);
  const natural = rows.length > 0 ? rows[0].naturalOverlap : 0;
  const alphas = rows.map((r) => r.alpha);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CONFIG,
    width: 420,
    height: 280,
    layer: [
      {
        data: { values: data },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'alpha', type: 'quantitative', title: 'α = P/N', scale: { type: 'log' } },
          y: {
            field: 'q',
            type: 'quantitative',
            title: 'final overlap q(a_ini, a_fin)',
            scale: { domain: [0, 1] },
          },
          color: {
            field: 'series',
            type: 'nominal',
            title: 'start, couplings',
            scale: {
              domain: ['train, asymmetric', 'test, asymmetric', 'train, symmetric', 'test, symmetric'],
              range: ['#1f77b4', '#d62728', '#9467bd', '#e6b800'],
            },
          },
          // Train and test starts told apart by their markers too (the symmetric curves often lie on the others).
          shape: {
            field: 'series',
            type: 'nominal',
            title: 'start, couplings',
            scale: {
              domain: ['train, asymmetric', 'test, asymmetric', 'train, symmetric', 'test, symmetric'],
              range: ['circle', 'square', 'triangle-up', 'diamond'],
            },
          },
        },
      },
      {
        data: { values: data },
        mark: { type: 'errorbar' },
        encoding: {
          x: { field: 'alpha', type: 'quantitative' },
          // The same axis title as the lines (an untitled layer would append its field to it); bars clipped to [0, 1].
          y: { field: 'lo', type: 'quantitative', title: 'final overlap q(a_ini, a_fin)' },
          y2: { field: 'hi', title: null },
          color: { field: 'series', type: 'nominal' },
        },
        transform: [
          { calculate: 'max(0, datum.q - datum.std)', as: 'lo' },
          { calculate: 'min(1, datum.q + datum.std)', as: 'hi' },
        ],
      },
      {
        data: {
          values: [
            { alpha: Math.min(...alphas), q: natural },
            { alpha: Math.max(...alphas), q: natural },
          ],
        },
        mark: { type: 'line', strokeDash: [6, 4], color: 'black' },
        encoding: {
          x: { field: 'alpha', type: 'quantitative' },
          y: { field: 'q', type: 'quantitative', title: 'final overlap q(a_ini, a_fin)' },
        },
      },
    ],
  } as unknown as PlotSpec;
}

/**
 * Adaptive refinement (issue 27). On made-up rows with a known crossing (a logistic step at c(N)), bisection finds
 * the crossing of every line within the tolerance, on the values of the uniform grid of that resolution, with far
 * fewer cells; `--where steepest` closes in on the step; the budget bounds the cells. On real cells (capacity,
 * Hebb rule, N = 100): each refined cell has the rows of the uniform grid's cell of the same key (seeds come from
 * the sweep seed and the key), so the crossing found lies on the uniform grid's curve; the rows are the same with
 * 1 and 2 workers and after a SIGKILL and --resume. Bad input exits 2 with one line and writes nothing.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExperiment } from '../../src/experiments/registry/index.js';
import {
  type CellTask,
  cellsOf,
  type JournalRecord,
  nextRefineCells,
  parseGridValues,
  refineFindings,
  resolveSpec,
  type SweepSpec,
  sortCells,
} from '../../src/sweep/index.js';
import { errorLines, filesIn, runCli, tempDir } from '../cli/helpers.js';
import { journalLines, kill, spawnCli, waitFor } from './helpers.js';

const root = tempDir('hopfield-sweep-refine-');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

/** Run a refinement to its end on rows made by `y(point)`; the cells in canonical order. */
function refineAll(spec: SweepSpec, y: (p: Record<string, unknown>) => number) {
  let cells = sortCells(spec, cellsOf(spec));
  const records = new Map<string, JournalRecord>();
  const fill = (list: readonly CellTask[]) => {
    for (const c of list)
      records.set(c.key, {
        key: c.key,
        seed: c.seed,
        rows: [{ alpha: c.point.alpha, meanOverlap: y(c.point) }],
      });
  };
  fill(cells);
  let rounds = 0;
  for (;;) {
    const next = nextRefineCells(spec, cells, records, 'meanOverlap');
    if (next.length === 0) break;
    fill(next);
    cells = sortCells(spec, [...cells, ...next]);
    rounds++;
  }
  return { cells, records, rounds, findings: refineFindings(spec, cells, records, 'meanOverlap') };
}

const centre = (n: number) => (n === 100 ? 0.2 : 0.1634);
const logistic = (p: Record<string, unknown>) =>
  1 / (1 + Math.exp(((p.alpha as number) - centre(p.n as number)) / 0.01));

describe('refinement rounds', () => {
  const grid = { n: [100, 200], alpha: '0.1:0.3:0.04' };
  const capacity = findExperiment('capacity');
  const uniform = parseGridValues('alpha', capacity?.params.alpha as never, '0.1:0.3:0.005');

  it('bisection: the crossing of each line within the tolerance, on the uniform grid, with few cells', () => {
    const spec = resolveSpec({
      experiment: 'capacity',
      seed: 1,
      grid,
      refine: { param: 'alpha', target: 'meanOverlap=0.5', tolerance: 0.005 },
    });
    const r = refineAll(spec, logistic);
    expect(r.rounds).toBe(3); // 0.04 → 0.02 → 0.01 → 0.005
    expect(r.findings).toHaveLength(2);
    for (const f of r.findings) {
      const c = centre(f.axes.n as number);
      // N = 100: the midpoint 0.2 is the crossing itself (an interval of width 0)
      expect(f.interval[1] - f.interval[0]).toBeCloseTo(c === 0.2 ? 0 : 0.005, 12);
      expect(f.interval[0]).toBeLessThanOrEqual(c);
      expect(f.interval[1]).toBeGreaterThanOrEqual(c);
      expect(Math.abs(f.estimate - c)).toBeLessThan(0.001);
    }
    // every refined value is a value of the uniform grid of that resolution (same key, same seed)
    const alphas = new Set(r.cells.map((c) => c.point.alpha as number));
    for (const a of alphas) expect(uniform).toContain(a);
    // 6 + 1 (N = 100: the first midpoint, 0.2, is the crossing) and 6 + 3 points, against 41 per line
    expect(r.cells.length).toBe(16);
    expect(r.cells.length).toBeLessThanOrEqual((2 * uniform.length) / 3);
  });

  it('--where steepest closes in on the step; the budget bounds the cells added', () => {
    const spec = resolveSpec({
      experiment: 'capacity',
      seed: 1,
      grid,
      refine: { param: 'alpha', where: 'steepest', column: 'meanOverlap', tolerance: 0.005 },
    });
    const r = refineAll(spec, logistic);
    for (const f of r.findings) {
      expect(Math.abs(f.estimate - centre(f.axes.n as number))).toBeLessThan(0.005);
      expect(f.slope).toBeLessThan(-10);
    }
    const capped = resolveSpec({ ...spec, refine: { ...spec.refine, budget: 3 } });
    expect(refineAll(capped, logistic).cells.length).toBe(12 + 3);
  });
});

const sweep = (out: string, workers: number, extra: string[] = [], alpha = '0.14:0.3:0.04') => [
  'sweep',
  '--experiment',
  'capacity',
  '--grid',
  'n=200',
  '--grid',
  `alpha=${alpha}`,
  '--trials',
  '2',
  '--seed',
  '4',
  '--out',
  out,
  '--workers',
  String(workers),
  '-q',
  ...extra,
];
const refine = ['--refine', 'alpha', '--target', 'meanOverlap=0.5', '--tolerance', '0.005'];

describe('hopfield sweep --refine on real cells', () => {
  it('refined cells are the uniform grid’s cells; the crossing lies on its curve; 1 and 2 workers agree', async () => {
    const r1 = await runCli(sweep(join(root, 'w1'), 1, refine));
    expect(r1.code).toBe(0);
    expect(r1.stdout).toMatch(
      /refinement: \d+ cells added to the grid's 10:\n {2}n = 200: meanOverlap = 0\.5 at alpha ≈ /,
    );
    const r2 = await runCli(sweep(join(root, 'w2'), 2, refine));
    expect(r2.code).toBe(0);
    for (const f of ['rows.json', 'rows.csv', 'refine.json'])
      expect(read(join(root, 'w2'), f)).toBe(read(join(root, 'w1'), f));
    const u = await runCli(sweep(join(root, 'uniform'), 2, [], '0.14:0.3:0.005'));
    expect(u.code).toBe(0);
    const fine = new Map(
      journalLines(join(root, 'uniform', 'journal.jsonl')).map((l) => [
        JSON.parse(l).key,
        JSON.parse(l).rows,
      ]),
    );
    const refined = journalLines(join(root, 'w1', 'journal.jsonl')).map((l) => JSON.parse(l));
    for (const rec of refined) expect(fine.get(rec.key)).toEqual(rec.rows);
    expect(refined.length).toBeLessThanOrEqual(fine.size / 3);
    // the uniform grid's crossings (trial means, linear interpolation); the refined one is among them
    const mean = new Map<number, number[]>();
    for (const [key, rows] of fine) {
      const a = JSON.parse(key).alpha as number;
      mean.set(a, [...(mean.get(a) ?? []), rows[0].meanOverlap]);
    }
    const curve = [...mean.entries()]
      .map(([a, v]) => [a, v.reduce((s, x) => s + x, 0) / v.length])
      .sort((p, q) => p[0] - q[0]);
    const crossings: number[] = [];
    for (let i = 1; i < curve.length; i++) {
      const [a0, y0] = curve[i - 1];
      const [a1, y1] = curve[i];
      if ((y0 - 0.5) * (y1 - 0.5) < 0) crossings.push(a0 + ((0.5 - y0) * (a1 - a0)) / (y1 - y0));
    }
    const found = JSON.parse(read(join(root, 'w1'), 'refine.json')).findings[0].estimate as number;
    expect(Math.min(...crossings.map((c) => Math.abs(c - found)))).toBeLessThan(1e-9);
  }, 240_000);

  it('killed with SIGKILL during refinement, then resumed: the same rows', async () => {
    const out = join(root, 'killed');
    const journal = join(out, 'journal.jsonl');
    const child = spawnCli(sweep(out, 1, refine));
    await waitFor(() => journalLines(journal).length >= 11, 90_000, 'a refined cell', 5);
    await kill(child);
    expect(existsSync(join(out, 'rows.json'))).toBe(false);
    const r = await runCli(['sweep', '--resume', out, '--workers', '2', '-q']);
    expect(r.code).toBe(0);
    for (const f of ['rows.json', 'rows.csv', 'refine.json'])
      expect(read(out, f)).toBe(read(join(root, 'w1'), f));
    const st = await runCli(['sweep', 'status', out]);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(
      /finished\ncells: (\d+) done, 0 failed, 0 pending of \1 \(grid 10 \+ refinement \d+ in 3 round\(s\)\)/,
    );
    expect(st.stdout).toMatch(
      /provenance: 2 run\(s\), last resume at .*2 worker\(s\)\ncommand: hopfield sweep --resume/,
    );
  }, 240_000);
});

describe('bad refinement and extension: exit 2, one line, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a parameter not swept',
      ['--refine', 'rule', '--target', 'meanOverlap=0.5'],
      /^hopfield: --refine rule: not swept; refine one of the grid's axes \(n, alpha\)$/,
    ],
    [
      'a parameter not numeric',
      ['--grid', 'rule=hebb,storkey', '--refine', 'rule', '--where', 'steepest'],
      /--refine rule: not numeric \(a choice parameter\)/,
    ],
    [
      'a target column the experiment does not produce',
      ['--refine', 'alpha', '--target', 'mF=0.5'],
      /^hopfield: --target mF: not a numeric column of the experiment's rows \(columns: .*meanOverlap.*\)$/,
    ],
    [
      'a target that is not COL=NUMBER',
      ['--refine', 'alpha', '--target', 'meanOverlap=high'],
      /--target must be written COLUMN=NUMBER/,
    ],
    ['--target without --refine', ['--target', 'meanOverlap=0.5'], /--target goes with --refine PARAM/],
  ];
  for (const [what, extra, message] of cases)
    it(what, async () => {
      const out = join(root, `bad-${what.replace(/\W+/g, '-')}`);
      const r = await runCli(sweep(out, 1, extra));
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(message)]);
      expect(existsSync(out)).toBe(false);
    });

  it('--extend on a folder of another experiment, or with a parameter that is not an axis', async () => {
    const dir = join(root, 'w1');
    const before = filesIn(dir).map((f) => [f, read(dir, f)]);
    const other = await runCli([
      'sweep',
      '--extend',
      dir,
      '--experiment',
      'phase-diagram',
      '--grid',
      'temperature=0.5',
    ]);
    expect(other.code).toBe(2);
    expect(errorLines(other.stderr)).toEqual([
      `hopfield: --extend: "${dir}" holds a sweep of capacity, not phase-diagram`,
    ]);
    const axis = await runCli(['sweep', '--extend', dir, '--grid', 'rule=storkey']);
    expect(axis.code).toBe(2);
    expect(errorLines(axis.stderr)).toEqual([
      expect.stringMatching(/--extend adds values to the axes .* \(n, alpha\); rule is not one$/),
    ]);
    expect(filesIn(dir).map((f) => [f, read(dir, f)])).toEqual(before);
  });
});

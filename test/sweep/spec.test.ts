import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEURONS } from '../../src/core/models/classical.js';
import { findExperiment } from '../../src/experiments/registry/index.js';
import {
  cellCount,
  cellSeed,
  cellsOf,
  Journal,
  JournalError,
  jobId,
  parseGridValues,
  readJournal,
  resolveSpec,
  SpecError,
  sweepId,
} from '../../src/sweep/index.js';
import { errorLines, filesIn, runCli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
const temp = () => {
  const d = tempDir('hopfield-sweep-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const capacity = findExperiment('capacity');
if (!capacity) throw new Error('capacity is not in the registry');

describe('sweep specs', () => {
  it('parses grid values with the parameter’s own parser and bounds', () => {
    expect(parseGridValues('n', capacity.params.n, '200,400')).toEqual([200, 400]);
    expect(parseGridValues('alpha', capacity.params.alpha, '0.05:0.15:0.05')).toEqual([0.05, 0.1, 0.15]);
    expect(parseGridValues('rule', capacity.params.rule, 'hebb,storkey')).toEqual(['hebb', 'storkey']);
    expect(() => parseGridValues('n', capacity.params.n, `${(NEURONS.min ?? 1) - 1}`)).toThrow(SpecError);
    expect(() => parseGridValues('rule', capacity.params.rule, 'hebb,nope')).toThrow(
      /one of hebb, storkey, pinv/,
    );
  });

  it('derives cell keys and seeds from the spec alone (order of axes or values given does not matter)', () => {
    const a = resolveSpec({
      experiment: 'capacity',
      seed: 7,
      trials: 2,
      grid: { n: [100, 200], alpha: [0.1] },
    });
    const b = resolveSpec({
      experiment: 'capacity',
      seed: 7,
      trials: 2,
      grid: { alpha: '0.1', n: '100,200' },
    });
    expect(a).toEqual(b);
    expect(sweepId(a)).toBe(sweepId(b));
    const cells = cellsOf(a);
    expect(cells.length).toBe(cellCount(a));
    expect(cells.map((c) => c.key)).toEqual([
      '{"n":100,"alpha":0.1,"trial":0}',
      '{"n":100,"alpha":0.1,"trial":1}',
      '{"n":200,"alpha":0.1,"trial":0}',
      '{"n":200,"alpha":0.1,"trial":1}',
    ]);
    // a list parameter's axis gives each cell a one-value list; the experiment's own trials become 1
    expect(cells[0].config).toMatchObject({ n: 100, alpha: [0.1], trials: 1, rule: 'hebb' });
    expect(cells[0].seed).toBe(cellSeed('capacity', 7, cells[0].key));
    expect(new Set(cells.map((c) => c.seed)).size).toBe(4);
    // the same cell in a bigger sweep keeps its seed
    const c = resolveSpec({
      experiment: 'capacity',
      seed: 7,
      trials: 3,
      grid: { n: [50, 100, 200], alpha: [0.1] },
    });
    const same = cellsOf(c).find((x) => x.key === cells[3].key);
    expect(same?.seed).toBe(cells[3].seed);
    expect(jobId(sweepId(a), cells[0].key)).toMatch(/^c[0-9a-f]{32}$/);
  });

  it('refuses fixed and grid values for the same parameter, and unknown fields', () => {
    expect(() =>
      resolveSpec({ experiment: 'capacity', seed: 1, grid: { n: [100] }, params: { n: 200 } }),
    ).toThrow(/both on the grid and fixed/);
    expect(() => resolveSpec({ experiment: 'capacity', seed: 1, grid: { n: [] } })).toThrow(/no values/);
  });
});

describe('journal', () => {
  it('cuts off a torn last line and keeps the complete records; refuses a damaged middle line', async () => {
    const d = temp();
    const path = join(d, 'journal.jsonl');
    const j = new Journal(path);
    j.append({ key: 'a', seed: 1, rows: [{ x: 1 }] });
    j.append({ key: 'b', seed: 2, rows: [{ x: -0 }] });
    expect(j.append({ key: 'a', seed: 1, rows: [{ x: 9 }] })).toBe(false);
    await j.close();
    const clean = readFileSync(path, 'utf8');
    appendFileSync(path, '{"key":"c","seed":3,"rows":[{"x"');
    const st = readJournal(path);
    expect([...st.records.keys()]).toEqual(['a', 'b']);
    expect(st.tornBytes).toBeGreaterThan(0);
    expect(readFileSync(path, 'utf8')).toBe(clean);
    // a complete last line that is not JSON counts as torn too
    appendFileSync(path, 'garbage\n');
    expect(readJournal(path).tornBytes).toBe(8);
    writeFileSync(path, `garbage\n${clean}`);
    expect(() => readJournal(path)).toThrow(JournalError);
  });
});

describe('hopfield sweep: bad specs exit 2 before any cell runs', () => {
  const base = ['sweep', '--seed', '1', '-q'];
  const cases: [string, string[], RegExp][] = [
    ['unknown experiment', ['--experiment', 'nope', '--grid', 'n=100'], /unknown experiment "nope"/],
    [
      'unknown parameter',
      ['--experiment', 'capacity', '--grid', 'bogus=1'],
      /unknown parameter "bogus" of capacity/,
    ],
    [
      'value out of bounds',
      ['--experiment', 'capacity', '--grid', 'n=100,20001'],
      /--grid n must be .*≤ 20000/,
    ],
    [
      'range out of bounds',
      ['--experiment', 'capacity', '--grid', 'alpha=0.1:20:5'],
      /--grid alpha must be .*≤ 10/,
    ],
    ['empty grid', ['--experiment', 'capacity'], /the grid is empty/],
    ['an empty axis', ['--experiment', 'capacity', '--grid', 'n='], /--grid n must be/],
    [
      'over the cell limit',
      ['--experiment', 'capacity', '--grid', 'n=100,200', '--trials', '3', '--max-cells', '5'],
      /6 cells, more than --max-cells 5/,
    ],
    [
      'bad --set',
      ['--experiment', 'capacity', '--grid', 'n=100', '--set', 'rule=nope'],
      /--set rule must be one of/,
    ],
    [
      'bad trials',
      ['--experiment', 'capacity', '--grid', 'n=100', '--trials', '0'],
      /--trials must be an integer ≥ 1/,
    ],
  ];
  for (const [what, args, re] of cases) {
    it(what, async () => {
      const d = temp();
      const out = join(d, 'sw');
      const r = await runCli([...base, ...args, '--out', out]);
      expect(r.code).toBe(2);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a YAML spec file with an unknown field, and a good one that runs', async () => {
    const d = temp();
    writeFileSync(join(d, 'bad.yaml'), 'experiment: capacity\ngrid: { n: [100] }\nseeds: 3\n');
    const bad = await runCli(['sweep', '--spec', join(d, 'bad.yaml'), '--out', join(d, 'x')]);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)[0]).toMatch(/unknown field "seeds"/);
    writeFileSync(
      join(d, 'ok.yaml'),
      'experiment: capacity\nseed: 3\ntrials: 2\nparams: { rule: storkey, max-sweeps: 20 }\ngrid:\n  n: [60]\n  alpha: "0.05,0.1"\n',
    );
    const ok = await runCli([
      'sweep',
      '--spec',
      join(d, 'ok.yaml'),
      '--out',
      join(d, 'y'),
      '--workers',
      '1',
      '-q',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(filesIn(join(d, 'y'))).toEqual([
      'figure.svg',
      'journal.jsonl',
      'rows.csv',
      'rows.json',
      'runs.jsonl',
      'spec.json',
    ]);
    const doc = JSON.parse(readFileSync(join(d, 'y', 'rows.json'), 'utf8'));
    expect(doc.params).toMatchObject({ rule: 'storkey', maxSweeps: 20, trials: 1 });
    expect(doc.rows.map((r: { alpha: number; trial: number }) => [r.alpha, r.trial])).toEqual([
      [0.05, 0],
      [0.05, 1],
      [0.1, 0],
      [0.1, 1],
    ]);
    expect(readFileSync(join(d, 'y', 'figure.svg'), 'utf8')).toMatch(/^<svg/);
    // the same directory again is refused: resume it instead
    const again = await runCli(['sweep', '--spec', join(d, 'ok.yaml'), '--out', join(d, 'y'), '-q']);
    expect(again.code).toBe(2);
    expect(errorLines(again.stderr)[0]).toMatch(/already holds a sweep; continue it with --resume/);
    const resumed = await runCli(['sweep', '--resume', join(d, 'y'), '-q']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/0 cells ran/);
  });
});

describe('hopfield sweep with an input file', () => {
  it('each cell reads the model file named by --set (recall over flip fractions)', async () => {
    const d = temp();
    const model = join(d, 'net.json');
    const st = await runCli(['store', '--n', '100', '--alpha', '0.05', '--seed', '2', '--out', model, '-q']);
    expect(st.code).toBe(0);
    const out = join(d, 'sw');
    const r = await runCli([
      'sweep',
      '--experiment',
      'recall',
      '--set',
      `model=${model}`,
      '--grid',
      'flip=0.05,0.1',
      '--trials',
      '2',
      '--seed',
      '4',
      '--workers',
      '1',
      '--out',
      out,
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'rows.json'), 'utf8'));
    expect(doc.params.model).toBe(model);
    expect(doc.rows.length).toBeGreaterThanOrEqual(4);
    expect(doc.rows[0]).toMatchObject({ flip: 0.05, trial: 0 });
    const missing = await runCli([
      'sweep',
      '--experiment',
      'recall',
      '--set',
      `model=${join(d, 'none.json')}`,
      '--grid',
      'flip=0.1',
      '--out',
      join(d, 'sw2'),
      '-q',
    ]);
    expect(missing.code).toBe(2);
    expect(errorLines(missing.stderr)).toEqual([
      expect.stringMatching(/--model: cannot read ".*none\.json"/),
    ]);
    expect(existsSync(join(d, 'sw2'))).toBe(false);
  });
});

describe('hopfield sweep: a cell that fails', () => {
  it('is reported with its key and error; the others finish; no merged files; exit 1', async () => {
    const d = temp();
    writeFileSync(join(d, 'bad.json'), '{"type": "not a model"}');
    const out = join(d, 'sw');
    const r = await runCli([
      'sweep',
      '--experiment',
      'recall',
      '--set',
      `model=${join(d, 'bad.json')}`,
      '--grid',
      'flip=0.1',
      '--workers',
      '1',
      '--seed',
      '1',
      '--out',
      out,
      '-q',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hopfield sweep: cell \{"flip":0\.1,"trial":0\} failed: .+$/m);
    expect(r.stderr).toMatch(/0 of 1 cells done, 1 failed; rerun them with hopfield sweep --resume/);
    expect(filesIn(out)).toEqual(['failures.jsonl', 'journal.jsonl', 'runs.jsonl', 'spec.json']);
  });
});

/**
 * Results of earlier versions load under today's names (src/experiments/legacy.ts): a JSON result, a command line,
 * and a sweep folder (spec.json and journal.jsonl) written before `--thin` became `--thinning`, the rows' `mF`
 * became `meanOverlap` and potts retrieval's `symmetry` column became `couplings`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { upgradeArgs, upgradeResult } from '../src/experiments/legacy.js';
import { findExperiment } from '../src/experiments/registry/index.js';
import { cellsOf } from '../src/sweep/cells.js';
import { readJournal } from '../src/sweep/journal.js';
import { readSweepSpec, SWEEP_FILES } from '../src/sweep/run.js';
import { resolveSpec } from '../src/sweep/spec.js';
import { runCli, tempDir } from './cli/helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('results of earlier versions under today’s names', () => {
  it('renames parameters and columns of the experiments that changed, and nothing else', () => {
    const spinGlass = {
      command: 'pl spin-glass',
      seed: 1,
      params: { size: 3, thin: 2 },
      rows: [{ alpha: 1 }],
    };
    expect(upgradeResult(spinGlass)).toEqual({ ...spinGlass, params: { size: 3, thinning: 2 } });
    const map = { command: 'pl retrieval-map', params: { n: 40 }, rows: [{ m0: 0.3, mF: 0.9, std: 0 }] };
    expect(upgradeResult(map).rows).toEqual([{ m0: 0.3, meanOverlap: 0.9, std: 0 }]);
    // `pl protein` is the alias of `potts retrieval`; both read their old rows.
    for (const command of ['pl protein', 'potts retrieval']) {
      const protein = { command, params: {}, rows: [{ alpha: 0.3, symmetry: 'asymmetric', p: 16 }] };
      expect(upgradeResult(protein).rows).toEqual([{ alpha: 0.3, couplings: 'asymmetric', p: 16 }]);
    }
    const capacity = { command: 'capacity', params: { thin: 1 }, rows: [{ mF: 1 }] };
    expect(upgradeResult(capacity)).toEqual(capacity);
    // The id may be given when the document has no command (a pinned fixture).
    expect(upgradeResult({ params: { thin: 4 } }, 'pl.spin-glass').params).toEqual({ thinning: 4 });
  });

  it('every renamed parameter and column is today’s name of its experiment', () => {
    expect(Object.keys(findExperiment('pl.spin-glass')?.params ?? {})).toContain('thinning');
    expect(findExperiment('pl.retrieval-map')?.columns).toContain('meanOverlap');
    expect(findExperiment('potts.retrieval')?.columns).toContain('couplings');
  });

  it('reads an old command line with today’s flags', () => {
    expect(
      upgradeArgs('pl.spin-glass', ['pl', 'spin-glass', '--thin', '2', '--thin=3', '--size', '3']),
    ).toEqual(['pl', 'spin-glass', '--thinning', '2', '--thinning=3', '--size', '3']);
    expect(upgradeArgs('capacity', ['--thin', '2'])).toEqual(['--thin', '2']);
  });

  it('runs an old command line: the flag is read under its new name and the change said once on stderr', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const out = join(dir, 'r.json');
    const args = ['pl', 'spin-glass', '--size', '3', '--alpha', '0.5', '--replicas', '2', '--burn-in', '20'];
    const run = await runCli([
      ...args,
      ...['--thin', '3', '--test', '10', '--probe', '5', '--max-sweeps', '5', '--epochs', '2', '--seed', '1'],
      ...['--quiet', '--json', out],
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--thin is now --thinning');
    expect(JSON.parse(readFileSync(out, 'utf8')).params.thinning).toBe(3);
  });

  it('resumes a sweep folder written with the old names: spec, cell keys and rows come back renamed', () => {
    const dir = tempDir();
    dirs.push(dir);
    const spec = resolveSpec({
      experiment: 'pl.spin-glass',
      seed: 1,
      grid: { thinning: [2, 4] },
      params: { size: 3, alpha: [0.5] },
    });
    const { thinning, ...others } = spec.params as Record<string, unknown>;
    expect(thinning).toBeUndefined();
    const old = { ...spec, grid: { thin: spec.grid.thinning }, params: others };
    writeFileSync(join(dir, SWEEP_FILES.spec), JSON.stringify(old));
    expect(readSweepSpec(dir)).toEqual(spec);
    const cell = cellsOf(spec)[0];
    const oldKey = cell.key.replace('"thinning"', '"thin"');
    expect(oldKey).not.toBe(cell.key);
    const record = { key: oldKey, seed: cell.seed, rows: [{ alpha: 0.5, mTrain: 1 }], ms: 1 };
    writeFileSync(join(dir, SWEEP_FILES.journal), `${JSON.stringify(record)}\n`);
    const back = readJournal(join(dir, SWEEP_FILES.journal), false, spec.experiment).records;
    expect([...back.keys()]).toEqual([cell.key]);

    const journal = join(dir, 'map.jsonl');
    const mapRecord = { key: '{"n":40,"trial":0}', seed: 3, rows: [{ m0: 0.5, mF: 0.8 }] };
    writeFileSync(journal, `${JSON.stringify(mapRecord)}\n`);
    const rows = readJournal(journal, false, 'pl.retrieval-map').records.get(mapRecord.key)?.rows;
    expect(rows).toEqual([{ m0: 0.5, meanOverlap: 0.8 }]);
  });
});

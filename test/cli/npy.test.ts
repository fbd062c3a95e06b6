/**
 * `--npy FILE` on every generated command: the numeric columns of the rows as a rows × columns float64 array in
 * the CSV column order (non-numeric columns left out), their names in the JSON result as `npyColumns`, the path
 * checked before any work and the file written all-or-nothing with the other outputs. Read back with our decoder
 * and, where python3 with NumPy is installed, with NumPy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeNpy, npyToFloat64 } from '../../src/data/npy.js';
import { errorLines, filesIn, readJson, runCli, tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('hopfield-npy-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** NumPy available? (python3 -c "import numpy") */
function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('--npy FILE', () => {
  it('phase-diagram: numeric columns in CSV order, the string column left out, names in the JSON', async () => {
    const [npy, json, csv] = ['pd.npy', 'pd.json', 'pd.csv'].map((f) => join(dir, f));
    const r = await runCli([
      'phase-diagram',
      '--n',
      '40',
      '--alpha',
      '0.05,0.1',
      '--temperature',
      '0.2,1.5',
      '--sweeps',
      '3',
      '--trials',
      '1',
      '--seed',
      '1',
      '-q',
      '--npy',
      npy,
      '--json',
      json,
      '--csv',
      csv,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const header = readFileSync(csv, 'utf8').split('\n')[0].split(',');
    expect(header).toEqual(['alpha', 'temperature', 'meanOverlap', 'state']);
    const doc = readJson(json);
    expect(doc.npyColumns).toEqual(['alpha', 'temperature', 'meanOverlap']);
    const a = decodeNpy(new Uint8Array(readFileSync(npy)));
    expect(a.dtype).toBe('<f8');
    expect(a.shape).toEqual([4, 3]);
    const data = npyToFloat64(a);
    doc.rows.forEach((row: Record<string, number>, i: number) => {
      doc.npyColumns.forEach((c: string, k: number) => {
        expect(data[i * 3 + k]).toBe(row[c]);
      });
    });
    if (hasNumpy()) {
      const script =
        'import json, sys, numpy as np; a = np.load(sys.argv[1]); ' +
        'print(json.dumps({"shape": list(a.shape), "dtype": str(a.dtype), "c": bool(a.flags.c_contiguous), "rows": a.tolist()}))';
      const got = JSON.parse(execFileSync('python3', ['-c', script, npy], { encoding: 'utf8' }));
      expect(got.shape).toEqual([4, 3]);
      expect(got.dtype).toBe('float64');
      expect(got.c).toBe(true);
      expect(got.rows).toEqual(
        doc.rows.map((row: Record<string, number>) => doc.npyColumns.map((c: string) => row[c])),
      );
    }
  });

  it('crosstalk: every column numeric, no JSON needed', async () => {
    const npy = join(dir, 'ct.npy');
    const r = await runCli([
      'crosstalk',
      '--n',
      '40',
      '--alpha',
      '0.1,0.2,0.3',
      '--trials',
      '1',
      '--seed',
      '2',
      '-q',
      '--npy',
      npy,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const a = decodeNpy(new Uint8Array(readFileSync(npy)));
    expect(a.shape).toEqual([3, 6]);
    const d = npyToFloat64(a);
    expect([d[0], d[6], d[12]]).toEqual([0.1, 0.2, 0.3]);
    expect([d[1], d[7], d[13]]).toEqual([4, 8, 12]);
  });

  it('checks the path before any work and writes nothing when one output fails', async () => {
    const json = join(dir, 'out.json');
    const r = await runCli([
      'crosstalk',
      '--n',
      '40',
      '--alpha',
      '0.1',
      '--seed',
      '1',
      '-q',
      '--json',
      json,
      '--npy',
      join(dir, 'missing', 'x.npy'),
    ]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toMatch(/--npy/);
    expect(r.stdout).not.toMatch(/seed/);
    expect(existsSync(json)).toBe(false);
    expect(filesIn(dir)).toEqual([]);
  });

  it('potts train keeps its own --npy PREFIX (h and J), not the table output', async () => {
    const r = await runCli(['potts', 'train', '--help']);
    expect(r.stdout).toMatch(/--npy <prefix>/);
    expect(r.stdout.match(/^\s+--npy /gm)).toHaveLength(1);
    const c = await runCli(['capacity', '--help']);
    expect(c.stdout).toMatch(/--npy <file>/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runCli, tempDir } from './helpers.js';

describe('hopfield store / recall', () => {
  it('stores a network and recalls a corrupted pattern to overlap 1', async () => {
    const d = tempDir();
    const model = join(d, 'net.json');
    const s = await runCli([
      'store',
      '--rule',
      'storkey',
      '--n',
      '200',
      '--alpha',
      '0.1',
      '--seed',
      '4',
      '--out',
      model,
    ]);
    expect(s.code).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ type: 'hopfield.classical', version: 1 });
    const r = await runCli([
      'recall',
      '--model',
      model,
      '--pattern',
      '3',
      '--flip',
      '0.25',
      '--seed',
      '5',
      '--quiet',
      '--json',
      join(d, 'r.json'),
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, 'r.json'), 'utf8'));
    expect(doc.rows[0].overlap).toBeCloseTo(0.5, 10);
    expect(doc.finalOverlap).toBe(1);
    expect(doc).toMatchObject({ state: 'retrieval', identified: 3, identifiedLabel: 'pattern 3' });
    for (let t = 1; t < doc.rows.length; t++)
      expect(doc.rows[t].energy).toBeLessThanOrEqual(doc.rows[t - 1].energy + 1e-9);
  });

  it('rejects corrupt, truncated, wrong-version and missing model files with exit 2 and one line', async () => {
    const d = tempDir();
    const model = join(d, 'net.json');
    await runCli(['store', '--n', '20', '--alpha', '0.1', '--seed', '1', '--out', model]);
    const good = JSON.parse(readFileSync(model, 'utf8'));
    const variants: [string, string, RegExp][] = [
      ['corrupt.json', '{"type": "hopfield.cl', /not valid JSON/],
      ['empty.json', '', /not valid JSON/],
      ['version.json', JSON.stringify({ ...good, version: 7 }), /version must be one of 1 .*got 7/],
      ['type.json', JSON.stringify({ ...good, type: 'dense' }), /type must be "hopfield.classical"/],
      ['couplings.json', JSON.stringify({ ...good, couplings: good.couplings.slice(0, 40) }), /couplings/],
    ];
    for (const [name, text, re] of variants) {
      writeFileSync(join(d, name), text);
      const r = await runCli([
        'recall',
        '--model',
        join(d, name),
        '--seed',
        '1',
        '--json',
        join(d, `${name}.out`),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--model: /);
      expect(r.stderr).toMatch(re);
    }
    const missing = await runCli(['recall', '--model', join(d, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model: cannot read ".*nope.json" \(ENOENT\)/);
    expect(filesIn(d).filter((f) => f.endsWith('.out'))).toEqual([]);
    const badPattern = await runCli(['recall', '--model', model, '--pattern', '9']);
    expect(badPattern.stderr).toMatch(/--pattern must be an integer ≥ 0 and ≤ 1 \(got "9"\)/);
  });

  it('store refuses an --out path in a missing directory', async () => {
    const d = tempDir();
    const r = await runCli(['store', '--out', join(d, 'no', 'net.json'), '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: directory ".*no" does not exist/);
  });
});

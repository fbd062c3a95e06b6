/** One-way layers: the checker finds no upward import in src/, and does find ones planted in a copy. */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { layerViolations } from '../scripts/check-layers.mjs';

const src = join(import.meta.dirname, '..', 'src');

describe('layers (core ← data ← experiments ← report/node ← sweep ← cli)', () => {
  it('src/ has no upward import and core imports no Node built-in', () => {
    expect(layerViolations(src)).toEqual([]);
  });

  it('an upward import, a sideways import and a Node built-in in core, planted in a copy, are each reported', () => {
    const copy = mkdtempSync(join(tmpdir(), 'hopfield-layers-'));
    try {
      cpSync(src, copy, { recursive: true });
      appendFileSync(join(copy, 'core', 'patterns.ts'), "\nimport { main } from '../cli/main.js';\n");
      appendFileSync(join(copy, 'core', 'patterns.ts'), "\nimport { readFileSync } from 'node:fs';\n");
      appendFileSync(
        join(copy, 'data', 'wav.ts'),
        "\nexport { capacity } from '../experiments/registry/classical.js';\n",
      );
      appendFileSync(join(copy, 'report', 'html.ts'), "\nimport type { Foo } from '../node/nothing.js';\n");
      const v: string[] = layerViolations(copy);
      expect(v.some((l) => l.startsWith(join('core', 'patterns.ts')) && l.includes('core → cli'))).toBe(true);
      expect(v.some((l) => l.includes('node:fs'))).toBe(true);
      expect(v.some((l) => l.startsWith(join('data', 'wav.ts')) && l.includes('data → experiments'))).toBe(
        true,
      );
      expect(v.some((l) => l.startsWith(join('report', 'html.ts')) && l.includes('report → node'))).toBe(
        true,
      );
      expect(v).toHaveLength(4);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

/**
 * One-way layers and the browser's share of them: the checker finds nothing in src/ and web/, and finds each
 * violation planted in a copy — an upward and a sideways import, `api` importing `cli`, a Node built-in in core,
 * in src/data, in src/experiments, in src/report, in a page file and in the package entry (src/index.ts), a path
 * read in each layer the page loads, and a Node stub in the web build config.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { layerViolations } from '../scripts/check-layers.mjs';

const root = join(import.meta.dirname, '..');

/** The violations of a copy of src/ and web/ after `plant` edits it. */
function plantedViolations(plant: (copy: string) => void): string[] {
  const copy = mkdtempSync(join(tmpdir(), 'hopfield-layers-'));
  try {
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    cpSync(join(root, 'web'), join(copy, 'web'), {
      recursive: true,
      filter: (p) => !p.includes('node_modules'),
    });
    plant(copy);
    return layerViolations(join(copy, 'src'), join(copy, 'web'));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('layers (core ← data ← experiments ← report/node ← sweep ← api ← cli)', () => {
  it('src/ and web/ have no upward import and no Node built-in where the page or the package entry runs', () => {
    expect(layerViolations(join(root, 'src'), join(root, 'web'))).toEqual([]);
  });

  it('upward and sideways imports, api → cli, and a Node built-in in core, planted in a copy, are each reported', () => {
    const v = plantedViolations((copy) => {
      const src = join(copy, 'src');
      appendFileSync(join(src, 'core', 'patterns.ts'), "\nimport { main } from '../cli/main.js';\n");
      appendFileSync(join(src, 'core', 'patterns.ts'), "\nimport { readFileSync } from 'node:fs';\n");
      appendFileSync(
        join(src, 'data', 'wav.ts'),
        "\nexport { capacity } from '../experiments/classical/entries.js';\n",
      );
      appendFileSync(join(src, 'report', 'html.ts'), "\nimport type { Foo } from '../node/nothing.js';\n");
      appendFileSync(join(src, 'api', 'dense.ts'), "\nexport { main } from '../cli/main.js';\n");
    });
    expect(v.some((l) => l.startsWith(join('core', 'patterns.ts')) && l.includes('core → cli'))).toBe(true);
    expect(v.some((l) => l.startsWith(join('core', 'patterns.ts')) && l.includes('node:fs'))).toBe(true);
    expect(v.some((l) => l.startsWith(join('data', 'wav.ts')) && l.includes('data → experiments'))).toBe(
      true,
    );
    expect(v.some((l) => l.startsWith(join('report', 'html.ts')) && l.includes('report → node'))).toBe(true);
    expect(v.some((l) => l.startsWith(join('api', 'dense.ts')) && l.includes('api → cli'))).toBe(true);
  });

  it('a Node built-in in src/data, in a page file and in src/index.ts are each reported', () => {
    const data = plantedViolations((copy) =>
      appendFileSync(join(copy, 'src', 'data', 'npy.ts'), "\nimport { readFileSync } from 'node:fs';\n"),
    );
    expect(data.some((l) => /^data.npy\.ts: imports node:fs \(data is loaded by the page/.test(l))).toBe(
      true,
    );
    const page = plantedViolations((copy) =>
      appendFileSync(join(copy, 'web', 'src', 'ui.ts'), "\nimport { readFileSync } from 'fs';\n"),
    );
    expect(page).toEqual([expect.stringMatching(/^web.src.ui\.ts: imports fs \(the page runs in a browser/)]);
    const entry = plantedViolations((copy) =>
      appendFileSync(join(copy, 'src', 'index.ts'), "\nexport { setFlagsFromString } from 'node:v8';\n"),
    );
    expect(entry).toEqual([expect.stringMatching(/^index\.ts: imports node:v8 \(the package entry/)]);
    const reached = plantedViolations((copy) =>
      appendFileSync(join(copy, 'src', 'index.ts'), "\nexport * from './node/audioFiles.js';\n"),
    );
    expect(reached.some((l) => l.startsWith('index.ts → node/audioFiles.ts: imports node:fs'))).toBe(true);
  });

  it('a Node built-in in src/experiments and src/report, and a path read in each layer the page loads, are reported', () => {
    const v = plantedViolations((copy) => {
      const src = join(copy, 'src');
      appendFileSync(join(src, 'experiments', 'params.ts'), "\nimport { join } from 'node:path';\n");
      appendFileSync(join(src, 'report', 'html.ts'), "\nimport * as zlib from 'zlib';\n");
      // No import at all: the call is what reads a path, wherever its function comes from.
      appendFileSync(join(src, 'core', 'patterns.ts'), '\nexport const a = (p: string) => existsSync(p);\n');
      appendFileSync(join(src, 'data', 'npy.ts'), '\nexport const b = (p: string) => readFileSync(p);\n');
      appendFileSync(
        join(src, 'experiments', 'registry', 'common.ts'),
        '\nexport const c = (p: string) => readdirSync(p);\n',
      );
      appendFileSync(join(src, 'report', 'run.ts'), '\nexport const d = (p: string) => fs.statSync(p);\n');
      // Words in comments and strings are not calls.
      appendFileSync(
        join(src, 'data', 'wav.ts'),
        "\n// readFileSync(path) is the surface's\nexport const e = 'fs.x';\n",
      );
    });
    const has = (file: string, what: string) => v.some((l) => l.startsWith(file) && l.includes(what));
    expect(
      has(join('experiments', 'params.ts'), 'imports node:path (experiments is loaded by the page'),
    ).toBe(true);
    expect(has(join('report', 'html.ts'), 'imports zlib (report is loaded by the page')).toBe(true);
    expect(has(join('core', 'patterns.ts'), 'reads paths (existsSync)')).toBe(true);
    expect(has(join('data', 'npy.ts'), 'reads paths (readFileSync)')).toBe(true);
    expect(has(join('experiments', 'registry', 'common.ts'), 'reads paths (readdirSync)')).toBe(true);
    expect(has(join('report', 'run.ts'), 'reads paths (fs.statSync)')).toBe(true);
    expect(v.some((l) => l.startsWith(join('data', 'wav.ts')))).toBe(false);
    // The six planted, and the package entry's chain to the planted import (src/index.ts reaches params.ts).
    expect(v).toHaveLength(7);
    expect(v[6]).toMatch(/^index\.ts → .*experiments\/params\.ts: imports node:path/);
  });

  it('a page file importing the Node edge, and a Node stub in the web build config, are reported', () => {
    const v = plantedViolations((copy) => {
      appendFileSync(
        join(copy, 'web', 'src', 'ui.ts'),
        "\nimport { loadInputs } from '../../src/node/inputs.js';\n",
      );
      appendFileSync(
        join(copy, 'web', 'vite.config.ts'),
        "\nconst MORE_STUBS = new Set(['node:fs', 'path']);\n",
      );
    });
    expect(v.some((l) => l.startsWith(join('web', 'src', 'ui.ts')) && l.includes('not node'))).toBe(true);
    expect(v).toContain('web/vite.config.ts: stubs node:fs out of the page');
    expect(v).toContain('web/vite.config.ts: stubs path out of the page');
  });
});

/** The README's library example runs as written (with the package import pointed at the sources). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

describe('README', () => {
  it('library example runs and prints what its comments say', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const src = new URL('../src/index.js', import.meta.url).pathname;
    const code = (block as string).replace("from 'hopfield'", `from '${src}'`);
    const dir = new URL('./.tmp/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const file = new URL('readme-example.ts', dir);
    writeFileSync(file, code);
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((v: unknown) => {
      logged.push(v);
    });
    try {
      await import(file.pathname);
    } finally {
      spy.mockRestore();
    }
    const [overlaps, energies, fixed] = logged as [number[], number[], boolean];
    expect(overlaps[0]).toBeCloseTo(0.6, 10);
    expect(overlaps[overlaps.length - 1]).toBe(1);
    for (let t = 1; t < energies.length; t++) expect(energies[t]).toBeLessThanOrEqual(energies[t - 1] + 1e-9);
    expect(fixed).toBe(true);
  });

  it('names the two commands of a newcomer and the test command that .ci/run calls', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('npm ci && npx hopfield report --out report --quick');
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/npm ci/);
    expect(ci).toMatch(/npm test/);
  });
});

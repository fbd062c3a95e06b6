/**
 * The words of the command line a newcomer reads: help texts without placeholders that say nothing, `--seed` on
 * every command that draws random numbers (and a reason where it is refused), `--plot` only where a figure is
 * drawn, "did you mean" for misspelled flags, `list --json FILE`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/cli/commands/index.js';
import { drawsFigure } from '../../src/cli/generate.js';
import { buildProgram, similarFlags } from '../../src/cli/main.js';
import { experiments } from '../../src/experiments/registry/index.js';
import { runCli, tempDir } from './helpers.js';

const all = await allCommands();
const optionsOf = (path: string[]) => {
  let c = buildProgram(all);
  for (const name of path) c = c.commands.find((x) => x.name() === name) ?? c;
  return c.options.map((o) => o.long);
};

describe('command-line words', () => {
  it('store --help: --patterns does not end in "; a text" and --size shows <WxH>', async () => {
    const h = await runCli(['store', '--help']);
    expect(h.stdout).not.toMatch(/; a text/);
    expect(h.stdout).toMatch(/--size <WxH>/);
    expect(h.stdout).toMatch(/--patterns <file\|dir>/);
  });

  it('--seed exactly on the commands that draw random numbers; --plot exactly on those that draw a figure', () => {
    for (const e of experiments) {
      const flags = optionsOf(e.id.split('.'));
      expect(flags.includes('--seed'), e.id).toBe(e.random !== false);
      expect(flags.includes('--plot'), e.id).toBe(drawsFigure(e));
    }
    expect(optionsOf(['store'])).not.toContain('--plot');
    expect(optionsOf(['potts', 'contacts'])).toContain('--plot');
  });

  it('a misspelled flag gets "did you mean", one-letter flags included; --seed on a deterministic command says why', async () => {
    expect(similarFlags('--nn', ['--n', '--alpha', '--trials'])).toEqual(['--n']);
    expect(similarFlags('--alpah', ['--n', '--alpha'])).toEqual(['--alpha']);
    expect(similarFlags('--zzzzzz', ['--n', '--alpha'])).toEqual([]);
    const r = await runCli(['capacity', '--nn', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hopfield: unknown option '--nn' (did you mean --n?)\n");
    const t = await runCli(['theory', 'ags-critical', '--seed', '1']);
    expect(t.code).toBe(2);
    expect(t.stderr).toBe(
      "hopfield: 'hopfield theory ags-critical' draws no random numbers, so it takes no --seed\n",
    );
  });

  it('list --json FILE writes the registry; list --json prints it', async () => {
    const file = join(tempDir(), 'experiments.json');
    const r = await runCli(['list', '--json', file]);
    expect(r.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.experiments.length).toBe(experiments.length);
    const s = await runCli(['list', '--json']);
    expect(JSON.parse(s.stdout).experiments.length).toBe(experiments.length);
    const bad = await runCli(['list', '--json', '/proc/hopfield-list.json']);
    expect(bad.code).toBe(2);
  });
});

/**
 * The command line loads what its first word names (src/cli/commands/index.ts): the table of command words
 * (src/experiments/registry/families.ts) holds every entry under its word in the registry's order, the top-level
 * help built without the groups and tools is the one of the whole program, and a command line naming one
 * experiment or one tool loads only that family or tool.
 */
import { describe, expect, it } from 'vitest';
import { allCommands, commandsFor, commandWord } from '../../src/cli/commands/index.js';
import { tools } from '../../src/cli/commands/tools.js';
import { buildProgram } from '../../src/cli/main.js';
import { commandWords, experimentsOfWord } from '../../src/experiments/registry/families.js';
import { experiments } from '../../src/experiments/registry/index.js';

const wordOf = (id: string) => (id.includes('.') ? id.split('.')[0] : '');
const ids = (set: { experiments: readonly { id: string }[] }) => set.experiments.map((e) => e.id);

describe('command words', () => {
  it('every id and alias is found under its first word, and the words list the registry in order', async () => {
    for (const e of experiments)
      for (const id of [e.id, ...(e.aliases ?? [])]) {
        const under = (await experimentsOfWord(wordOf(id))) ?? [];
        expect(under, id).toContain(e);
      }
    const seen: string[] = [];
    for (const word of commandWords.keys())
      for (const e of (await experimentsOfWord(word)) ?? []) if (!seen.includes(e.id)) seen.push(e.id);
    expect(seen).toEqual(experiments.map((e) => e.id));
  });

  it('the first word of a command line', () => {
    expect(commandWord(['capacity', '--n', '100'])).toBe('capacity');
    expect(commandWord(['--help'])).toBe('');
    expect(commandWord([])).toBe('');
    expect(commandWord(['help', 'dense', 'basin'])).toBe('dense');
  });
});

describe('start-up loads what the command names', () => {
  it('the top-level help without groups and tools loaded is the help of the whole program', async () => {
    const lazy = buildProgram(await commandsFor(['--help']));
    const full = buildProgram(await allCommands());
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    expect(lazy.commands.map((c) => c.name())).toEqual(full.commands.map((c) => c.name()));
  });

  it('capacity loads the top-level experiments and no tool; dense loads the dense group', async () => {
    const cap = await commandsFor(['capacity', '--n', '100', '--alpha', '0.1']);
    expect(ids(cap)).toContain('capacity');
    expect(ids(cap).every((id) => !id.includes('.'))).toBe(true);
    expect(cap.tools).toHaveLength(0);
    const dense = await commandsFor(['dense', 'basin', '--help']);
    expect(new Set(ids(dense).map(wordOf))).toEqual(new Set(['dense']));
    const alias = await commandsFor(['pl', 'protein']);
    expect(alias.experiments.some((e) => e.aliases?.includes('pl.protein'))).toBe(true);
  });

  it('a tool loads that tool only; an unknown word loads everything (for "did you mean")', async () => {
    for (const word of Object.keys(tools)) {
      const set = await commandsFor([word, '--help']);
      expect(set.experiments, word).toHaveLength(0);
      expect(set.tools, word).toHaveLength(1);
    }
    expect(ids(await commandsFor(['capacty']))).toEqual(experiments.map((e) => e.id));
  });
});

/**
 * Every command of `hopfield`: the experiments of the registry, generated, and the tools (report, info, list, …),
 * loaded on use. A command line loads what its first word names — one family of the registry, or one tool — so that
 * `hopfield capacity` imports the classical family and nothing of Vega, BullMQ, the report or the web server. The
 * top-level help (no word) loads the top-level experiments and lists the groups and tools by name; a word that
 * names nothing loads everything, so that commander's "unknown command" suggests from every name.
 */
import type { Command } from 'commander';
import {
  allExperiments,
  commandWords,
  experimentsOfWord,
  groups,
} from '../../experiments/registry/families.js';
import type { AnyExperiment } from '../../experiments/registry/types.js';
import { registerExperiments } from '../generate.js';
import { toolStub, tools } from './tools.js';

/** What one command line needs: registry entries, tool registrations, and whether the rest are listed by name. */
export interface CommandSet {
  readonly experiments: readonly AnyExperiment[];
  readonly tools: readonly ((program: Command) => void)[];
  /** The top-level view: groups and tools not loaded are listed by name and description. */
  readonly stubs: boolean;
}

/** The first word of a command line (`help WORD` names WORD), or '' for the top-level view. */
export function commandWord(argv: readonly string[]): string {
  const words = argv.filter((a) => !a.startsWith('-'));
  return (words[0] === 'help' ? words[1] : words[0]) ?? '';
}

/** The commands a command line needs (see the module's comment). */
export async function commandsFor(argv: readonly string[]): Promise<CommandSet> {
  const word = commandWord(argv);
  if (Object.hasOwn(tools, word)) {
    await installRunners(word);
    return { experiments: [], tools: [await tools[word].load()], stubs: false };
  }
  // A group's word loads the group; any other word is looked for among the top-level commands.
  const group = commandWords.has(word) ? word : '';
  const entries = (await experimentsOfWord(group)) ?? [];
  const found = word === group || entries.some((e) => e.id === word || e.aliases?.includes(word));
  if (!found) return allCommands();
  if (entries.some((e) => e.family === 'potts')) await installRunners(word);
  return { experiments: entries, tools: [], stubs: word === '' };
}

/** Every command, loaded (an unknown word; tests that walk the whole command tree). */
export async function allCommands(): Promise<CommandSet> {
  await installRunners('');
  const loaded = await Promise.all(Object.values(tools).map((t) => t.load()));
  return { experiments: await allExperiments(), tools: [...new Set(loaded)], stubs: false };
}

/** The Potts trainers on worker threads, for the commands that may train a Potts model. */
async function installRunners(word: string): Promise<void> {
  if (word === 'serve' || word === 'info' || word === 'list') return;
  const [potts, generative] = await Promise.all([
    import('../../node/potts.js'),
    import('../../node/pottsAutoregressive.js'),
  ]);
  potts.installNodePottsRunner();
  generative.installNodeGenerativeRunner();
}

export function registerCommands(program: Command, set: CommandSet): void {
  registerExperiments(program, set.experiments);
  if (set.stubs)
    for (const name of commandWords.keys())
      if (name !== '' && !program.commands.some((c) => c.name() === name))
        program.command(name).description(groups[name] ?? `${name} commands`);
  for (const register of set.tools) register(program);
  if (set.stubs) for (const [name, tool] of Object.entries(tools)) toolStub(program, name, tool);
}

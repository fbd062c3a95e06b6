/**
 * `hopfield list [--json]`: every experiment of the registry with its parameters; with --json, each parameter set
 * as JSON Schema — the contract that sweeps and the playground use.
 */
import type { Command } from 'commander';
import { configSchema, kebab } from '../../experiments/params.js';
import { experiments } from '../../experiments/registry/index.js';
import { checkOutputPaths, VERSION, writeAllAtomic } from '../output.js';
import { tools } from './tools.js';

/** The registry as a JSON document: one entry per experiment with its config schema. */
export function registryDocument(): Record<string, unknown> {
  return {
    version: VERSION,
    experiments: experiments.map((e) => ({
      id: e.id,
      family: e.family,
      command: e.id.replace(/\./g, ' '),
      summary: e.summary,
      random: e.random !== false,
      aliases: e.aliases ?? [],
      examples: e.examples.map((x) => `hopfield ${x}`),
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        title: e.id,
        ...configSchema(e.params),
      },
    })),
  };
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description(tools.list.description)
    .option('--json [file]', 'write the registry as JSON (one JSON Schema per experiment) to FILE, or stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ hopfield list\n  $ hopfield list --json experiments.json\n  $ hopfield list --json > experiments.json\n',
    )
    .action((o: { json?: boolean | string }) => {
      if (o.json !== undefined) {
        const text = `${JSON.stringify(registryDocument(), null, 2)}\n`;
        if (typeof o.json === 'string') {
          checkOutputPaths([{ flag: '--json', path: o.json }]);
          writeAllAtomic([{ flag: '--json', path: o.json, content: text }]);
        } else process.stdout.write(text);
        return;
      }
      for (const e of experiments) {
        const flags = Object.keys(e.params).map((k) => `--${kebab(k)}`);
        process.stdout.write(`${e.id.replace(/\./g, ' ').padEnd(28)} ${e.summary}\n`);
        process.stdout.write(`${''.padEnd(28)} ${flags.join(' ')}\n`);
      }
    });
}

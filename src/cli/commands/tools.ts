/**
 * The tool commands (report, serve, info, list, sweep, worker), loaded on use: each module imports what its
 * command runs (the report's sections, the sweep engine, the web server), so only the module a command line names
 * is imported. The top-level help lists every tool from this table without loading them: name, description and the
 * parts of its usage line (test/cli/startup.test.ts compares that help with the one of the fully loaded program).
 */
import type { Command } from 'commander';

/** A tool command as the top-level help shows it, and how to register it for real. */
export interface Tool {
  readonly description: string;
  /** Positional arguments shown in the usage line (`[action] [id]`). */
  readonly args?: readonly string[];
  /** Registers this tool (and the commands sharing its module) on the program. */
  readonly load: () => Promise<(program: Command) => void>;
}

/** Every tool command, in the order the help lists them. */
export const tools: Readonly<Record<string, Tool>> = {
  report: {
    description: 'run a small version of every experiment and write an HTML report with the figures',
    load: async () => (await import('./report.js')).registerReport,
  },
  serve: {
    description: 'serve the browser playground (dist/web) with the cross-origin-isolation headers',
    load: async () => (await import('./serve.js')).registerServe,
  },
  info: {
    description: 'print the compute backend, WebAssembly SIMD/relaxed-SIMD/threads support and versions',
    load: async () => (await import('./info.js')).registerInfo,
  },
  list: {
    description: 'list every experiment with its parameters (--json: JSON Schema of each parameter set)',
    load: async () => (await import('./list.js')).registerList,
  },
  sweep: {
    description:
      'run an experiment over a grid of parameters (local threads, or a Redis queue with --redis); ' +
      '`sweep status DIR` shows the state of a sweep folder, `sweep status` the sweeps on a Redis server, ' +
      '`sweep cancel ID` cancels one',
    args: ['[action]', '[id]'],
    load: async () => (await import('./sweep.js')).registerSweep,
  },
  worker: {
    description: 'pull sweep cells from a Redis queue and run them (until interrupted)',
    load: async () => (await import('./sweep.js')).registerSweep,
  },
};

/**
 * A tool as the top-level help shows it, without its module: the name, description, `[options]` (every tool has
 * options) and its arguments. Running it is never reached: a command line naming a tool loads the real one.
 */
export function toolStub(program: Command, name: string, tool: Tool): void {
  const c = program.command(name).description(tool.description).option('--options');
  for (const a of tool.args ?? []) c.argument(a);
}

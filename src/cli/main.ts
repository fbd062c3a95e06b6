/**
 * The `hopfield` command. Argument errors exit with status 2 and one line on stderr; --help on every command.
 */
import { Command, CommanderError } from 'commander';
import { joinParam, ParamError } from '../core/validate.js';
import { kebab } from '../experiments/params.js';
import { registerCommands } from './commands/index.js';
import { UsageError } from './errors.js';
import { VERSION } from './output.js';

export function buildProgram(): Command {
  const program = new Command('hopfield')
    .description(
      'A laboratory for associative memories: classical, dense and pseudo-likelihood Hopfield networks',
    )
    .version(VERSION)
    .configureOutput({
      // Commander's own errors (unknown option, missing value, …) in the one-line form of every other error.
      // Its suggestion ("\n(Did you mean --npy?)") joins the same line.
      writeErr: (text) =>
        process.stderr.write(
          (text.startsWith('error: ') ? `hopfield: ${text.slice(7)}` : text).replace(
            /\n\(Did you mean/,
            ' (did you mean',
          ),
        ),
    })
    .exitOverride();
  registerCommands(program);
  // exitOverride and output settings must reach every subcommand.
  const walk = (c: Command) => {
    c.exitOverride();
    for (const s of c.commands) walk(s);
  };
  walk(program);
  return program;
}

/** An error of a file-system call (Node's `{code: 'ENOSPC', syscall: 'write', …}`). */
function isFileSystemError(e: unknown): e is Error & { code: string } {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^E[A-Z]+$/.test((e as unknown as { code: string }).code) &&
    typeof (e as { syscall?: unknown }).syscall === 'string'
  );
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2; // commander already printed its one-line message
    }
    if (e instanceof ParamError) {
      process.stderr.write(`hopfield: ${joinParam(`--${kebab(e.param)}`, e.detail)}\n`);
      return 2;
    }
    if (e instanceof UsageError || e instanceof RangeError || e instanceof TypeError) {
      process.stderr.write(`hopfield: ${e.message}\n`);
      return 2;
    }
    if (isFileSystemError(e)) {
      // A file that cannot be written or read (name too long, not a directory, permission, disk full): the
      // system's own one-line message, as a usage error.
      process.stderr.write(`hopfield: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`hopfield: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

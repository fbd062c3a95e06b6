/**
 * The `hopfield` command. Argument errors exit with status 2 and one line on stderr; --help on every command.
 */
import { Command, CommanderError } from 'commander';
import { joinParam, ParamError } from '../core/validate.js';
import { upgradeArgs } from '../experiments/legacy.js';
import { kebab } from '../experiments/params.js';
import { type CommandSet, commandsFor, registerCommands } from './commands/index.js';
import { UsageError } from './errors.js';
import { VERSION } from './output.js';

/** The program with the commands of `set` (see commands/index.ts: a command line loads what its first word names). */
export function buildProgram(set: CommandSet): Command {
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
  registerCommands(program, set);
  // exitOverride and output settings must reach every subcommand.
  const walk = (c: Command) => {
    c.exitOverride();
    suggestFlags(c);
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

/** Edit distance with adjacent transpositions (optimal string alignment; flags are short: the O(ab) table). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The flags closest to a misspelled one: the smallest edit distance, at most a third of the longer name (at
 * least 1), so `--nn` finds `--n` and `--alpah` finds `--alpha` (commander alone never proposes one-letter flags).
 */
export function similarFlags(flag: string, known: readonly string[]): string[] {
  const word = flag.replace(/^--?/, '').split('=')[0];
  let best = Number.POSITIVE_INFINITY;
  let out: string[] = [];
  for (const k of new Set(known)) {
    const name = k.replace(/^--/, '');
    const d = editDistance(word, name);
    if (d > Math.max(1, Math.floor(Math.max(word.length, name.length) / 3))) continue;
    if (d < best) [best, out] = [d, [k]];
    else if (d === best) out.push(k);
  }
  return out.sort();
}

/**
 * Unknown options get "did you mean" from every flag of the command; `--seed` on a command that draws no random
 * numbers says so instead of only "unknown option".
 */
function suggestFlags(c: Command): void {
  const cmd = c as unknown as { unknownOption(flag: string): never };
  cmd.unknownOption = (flag: string): never => {
    const known = c.options.map((o) => o.long).filter((l): l is string => l !== undefined);
    if (flag.split('=')[0] === '--seed' && c.commands.length === 0)
      c.error(`error: '${commandPath(c)}' draws no random numbers, so it takes no --seed`, {
        code: 'commander.unknownOption',
      });
    const similar = similarFlags(flag, [...known, '--help']);
    const hint = similar.length > 0 ? ` (did you mean ${similar.join(' or ')}?)` : '';
    return c.error(`error: unknown option '${flag}'${hint}`, { code: 'commander.unknownOption' });
  };
}

/** `hopfield theory ags-critical` for a subcommand. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/**
 * Flags an earlier version named otherwise (`pl spin-glass --thin` → `--thinning`, experiments/legacy.ts) under
 * today's names, said once on stderr, so command lines in old notes and scripts keep working.
 */
export function upgradeCommandLine(argv: readonly string[]): string[] {
  const words = argv.slice(0, 2).filter((a) => !a.startsWith('-'));
  const out = upgradeArgs(words.join('.'), argv);
  for (let k = 0; k < argv.length; k++)
    if (out[k] !== argv[k])
      process.stderr.write(`hopfield: ${argv[k].split('=')[0]} is now ${out[k].split('=')[0]}\n`);
  return out;
}

export async function main(args: string[]): Promise<number> {
  try {
    const argv = upgradeCommandLine(args);
    const program = buildProgram(await commandsFor(argv));
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

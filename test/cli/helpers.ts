/** Run the CLI in-process and capture its exit code, stdout and stderr. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const prevExit = process.exitCode;
  try {
    const code = await main(args);
    const exit = process.exitCode;
    process.exitCode = prevExit;
    return { code: code !== 0 ? code : typeof exit === 'number' ? exit : 0, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'hopfield-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Files in a directory (including temporaries that a failed write might leave). */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The lines of an error report on stderr, without the usage hint commander adds after a missing required option. */
export function errorLines(stderr: string): string[] {
  return stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('(add --help'));
}

/** Parse a JSON file written by a command. */
// biome-ignore lint/suspicious/noExplicitAny: command outputs are checked field by field in the tests
export const readJson = (p: string): any => JSON.parse(readFileSync(p, 'utf8'));

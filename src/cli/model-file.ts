/** Reading model files at the command line: every failure is a one-line UsageError naming the flag and file. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Read and parse a JSON model file, then hand it to `load` (which throws TypeError/RangeError on bad content). */
export function readModelFile<T>(flag: string, path: string, load: (value: unknown) => T): T {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new UsageError(`${flag}: "${path}" is not a file`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag}: cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag}: "${path}" is not valid JSON (corrupt or truncated model file)`);
  }
  try {
    return load(value);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError)
      throw new UsageError(`${flag}: "${path}": ${e.message}`);
    throw e;
  }
}

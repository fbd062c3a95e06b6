/**
 * Decoding of loaded input files inside experiments: every failure becomes a ParamError naming the parameter and
 * the file, so each surface reports it in one line.
 */
import { ParamError } from '../core/validate.js';
import type { LoadedFile } from './params.js';

/** Parse a model file (JSON) and hand it to a model loader; errors name the parameter and the file. */
export function decodeJsonFile<T>(param: string, file: LoadedFile, load: (value: unknown) => T): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes));
  } catch {
    throw new ParamError(param, `: "${file.name}" is not valid JSON (corrupt or truncated file)`);
  }
  try {
    return load(value);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError)
      throw new ParamError(param, `: "${file.name}": ${e.message}`);
    throw e;
  }
}

/** Decode a file with a decoder that throws TypeError/RangeError on bad content; errors name the parameter. */
export function decodeFile<T>(
  param: string,
  file: LoadedFile,
  decode: (bytes: Uint8Array, name: string) => T,
): T {
  try {
    return decode(file.bytes, file.name);
  } catch (e) {
    if (e instanceof ParamError) throw e;
    if (e instanceof TypeError || e instanceof RangeError)
      throw new ParamError(param, `: "${file.name}": ${e.message}`);
    throw e;
  }
}

/**
 * Reading recordings from disk (Node only) and locating the bundled spoken-number sets in data/audio/.
 * The decoding itself (src/data/wav.ts, src/data/audioMemory.ts) works on bytes and has no file-system dependency.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { naturalCompare, type Recording, recordingLabel } from '../data/audioMemory.js';
import { checkAudible, decodeWav, WavError } from '../data/wav.js';

export {
  type BundledAudioSet,
  bundledAudioDir,
  bundledFsddDir,
  packageRoot,
} from './bundled.js';

/** Paths of the .wav files (any case) in a folder, in natural order; throws WavError if there are none. */
export function listWavFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new WavError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new WavError(`${dir}: not a directory`);
  const names = readdirSync(dir)
    .filter((f) => /\.wav$/i.test(f) && statSync(join(dir, f)).isFile())
    .sort(naturalCompare);
  if (names.length === 0) throw new WavError(`${dir}: no .wav files in this directory`);
  return names.map((f) => join(dir, f));
}

/** Read and decode one WAV file; throws WavError naming the path for a missing or unreadable file. */
export function readRecording(path: string): Recording {
  if (!existsSync(path)) throw new WavError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new WavError(`${path}: is a directory, not a WAV file`);
  const bytes = new Uint8Array(readFileSync(resolve(path)));
  const name = path.split(/[\\/]/).pop() ?? path;
  const audio = decodeWav(bytes, path);
  checkAudible(audio, path);
  return { name, label: recordingLabel(name), audio };
}

/** Every recording in a folder, in natural file-name order. */
export function readRecordings(dir: string): Recording[] {
  return listWavFiles(dir).map(readRecording);
}

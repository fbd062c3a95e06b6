/**
 * `hopfield/node`: what reads the disk, for Node only — recordings and the bundled audio sets, pattern files and
 * folders, the MNIST files, and the reading of a registry entry's inputs: `loadInputs` replaces the paths of a
 * config by their bytes and adds the bundled sets it needs, `runWithInputs` does that and runs the entry (entries
 * receive bytes, never a path). The package's main entry (`hopfield`) holds none of it, so that it loads in a
 * browser worker as it is.
 *
 *   import { runWithInputs, readRecordings, bundledAudioDir } from 'hopfield/node';
 */
export * from '../node/audioFiles.js';
export { readBundledSet } from '../node/bundled.js';
export { InputError, loadInputs, runWithInputs } from '../node/inputs.js';
export * from '../node/mnistFiles.js';
export * from '../node/patternFiles.js';
export { enableRelaxedSimd } from '../node/relaxedSimd.js';

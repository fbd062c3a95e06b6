/**
 * `hopfield/node`: what reads the disk, for Node only — recordings and the bundled audio sets, pattern files and
 * folders, the MNIST files, and the door through which registry entries read paths while they run. The package's
 * main entry (`hopfield`) holds none of it, so that it loads in a browser worker as it is.
 *
 *   import { useNodeReads, readRecordings, bundledAudioDir } from 'hopfield/node';
 */
export * from '../node/audioFiles.js';
export * from '../node/mnistFiles.js';
export * from '../node/patternFiles.js';
export { useNodeReads } from '../node/reads.js';
export { enableRelaxedSimd } from '../node/relaxedSimd.js';

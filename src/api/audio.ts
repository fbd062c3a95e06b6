/** Audio retrieval of spoken numbers (paper 004 section 5): WAV decoding, features, audio memories, experiments. */
export * from '../data/audioFeatures.js';
export * from '../data/audioMemory.js';
export * from '../data/mel.js';
export * from '../data/wav.js';
export * from '../experiments/audio/run.js';

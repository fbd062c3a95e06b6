/** Your own data as patterns: NumPy .npy arrays and PNG images. */
export * from '../data/npy.js';
export * from '../data/patternFiles.js';
export * from '../data/png.js';

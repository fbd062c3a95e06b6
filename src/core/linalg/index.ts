/**
 * Backend selection. The library asks `backend()` for the active kernels; the CLI (or a caller) may install
 * another backend with `setBackend`. The reference TypeScript backend is the default.
 */
import { referenceBackend } from './reference.js';
import type { Backend } from './types.js';

export { packedWords, packSpins, popcount32, referenceBackend, unpackSpins } from './reference.js';
export type { Backend, PackedSpins } from './types.js';

let active: Backend = referenceBackend;

/** The backend in use. */
export function backend(): Backend {
  return active;
}

/** Install a backend (returns the previous one, so callers can restore it). */
export function setBackend(b: Backend): Backend {
  const prev = active;
  active = b;
  return prev;
}

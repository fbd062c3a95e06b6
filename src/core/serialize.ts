/**
 * Versioned JSON envelopes for models: `{ type, version, params, ... }`, with typed arrays stored as base64 of
 * their little-endian bytes (exact and compact). No node:* imports, so this also runs in the browser.
 */

import { type PatternSet, patternSet } from './patterns.js';

/** Base64 of the bytes of a Float64Array (little-endian, as typed arrays are on every supported platform). */
export function encodeFloat64(a: Float64Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk) as unknown as number[]);
  }
  return btoa(s);
}

/** Inverse of {@link encodeFloat64}; `expected` (if given) is the required element count; NaN and ±∞ are refused. */
export function decodeFloat64(b64: unknown, what: string, expected?: number): Float64Array {
  if (typeof b64 !== 'string') throw new TypeError(`${what} must be a base64 string`);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new TypeError(`${what} is not valid base64`);
  }
  if (bin.length % 8 !== 0) throw new TypeError(`${what} has ${bin.length} bytes, not a multiple of 8`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const out = new Float64Array(bytes.buffer);
  if (expected !== undefined && out.length !== expected) {
    throw new TypeError(`${what} must hold ${expected} numbers (got ${out.length})`);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]))
      throw new TypeError(`${what} must hold finite numbers (entry ${i} is ${out[i]})`);
  }
  return out;
}

/** A serialized model: a type tag, a format version and the model's parameters. */
export interface Envelope<T extends string = string> {
  readonly type: T;
  readonly version: number;
  readonly params: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/**
 * Check that `value` is an envelope of the given type and a supported version; throws TypeError naming
 * what is wrong (unknown type, unknown version, missing params).
 */
export function checkEnvelope<T extends string>(
  value: unknown,
  type: T,
  versions: readonly number[],
): Envelope<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`model must be a JSON object {type, version, params} (got ${typeof value})`);
  }
  const v = value as Record<string, unknown>;
  if (v.type !== type) throw new TypeError(`model type must be "${type}" (got ${JSON.stringify(v.type)})`);
  if (typeof v.version !== 'number' || !versions.includes(v.version)) {
    throw new TypeError(
      `model version must be one of ${versions.join(', ')} for type "${type}" (got ${JSON.stringify(v.version)})`,
    );
  }
  if (typeof v.params !== 'object' || v.params === null)
    throw new TypeError('model params must be an object');
  return v as unknown as Envelope<T>;
}

/** A pattern set as stored in a model envelope: `{ p, data }` with the data in base64 (null when absent). */
export function encodePatterns(xi: PatternSet | undefined): { p: number; data: string } | null {
  return xi ? { p: xi.p, data: encodeFloat64(xi.data) } : null;
}

/** Inverse of {@link encodePatterns} for ±1 patterns of N = `n` neurons; undefined when the envelope has none. */
export function decodePatterns(value: unknown, n: number): PatternSet | undefined {
  if (value == null) return undefined;
  const pv = value as { p?: unknown; data?: unknown };
  if (!Number.isInteger(pv.p) || (pv.p as number) < 1)
    throw new TypeError('model patterns.p must be an integer ≥ 1');
  const p = pv.p as number;
  const data = decodeFloat64(pv.data, 'model patterns', p * n);
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 1 && data[i] !== -1)
      throw new TypeError(
        `model patterns must be ±1 (pattern ${Math.floor(i / n)}, neuron ${i % n} is ${data[i]})`,
      );
  }
  return patternSet(p, n, data);
}

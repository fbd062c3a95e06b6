/**
 * Flag parsers. Each throws a UsageError naming the flag, the allowed values and what was given, e.g.
 * `--n must be an integer ≥ 1 (got "0")`.
 */
import { UsageError } from './errors.js';

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (e.g. temperature > 0). */
  readonly minExclusive?: boolean;
  /** Exclusive upper bound. */
  readonly maxExclusive?: boolean;
}

function rangeText(b: Bounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.minExclusive ? '>' : '≥'} ${b.min}`);
  if (b.max !== undefined) parts.push(`${b.maxExclusive ? '<' : '≤'} ${b.max}`);
  return parts.join(' and ');
}

function inBounds(v: number, b: Bounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(v < b.max) : !(v <= b.max))) return false;
  return true;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number within bounds. */
export function parseNumber(flag: string, raw: string, bounds: Bounds = {}): number {
  const s = String(raw).trim();
  const v = NUMBER_RE.test(s) ? Number(s) : Number.NaN;
  const allowed = ['a number', rangeText(bounds)].filter(Boolean).join(' ');
  if (!Number.isFinite(v) || !inBounds(v, bounds))
    throw new UsageError(`${flag} must be ${allowed} (got "${raw}")`);
  return v;
}

/** An integer within bounds. */
export function parseInteger(flag: string, raw: string, bounds: Bounds = {}): number {
  const s = String(raw).trim();
  const v = /^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN;
  const allowed = ['an integer', rangeText(bounds)].filter(Boolean).join(' ');
  if (!Number.isSafeInteger(v) || !inBounds(v, bounds))
    throw new UsageError(`${flag} must be ${allowed} (got "${raw}")`);
  return v;
}

/**
 * A list of numbers: `0.05,0.1,0.2`, ranges `start:stop:step` (stop included when reached up to rounding),
 * or a mix `0.01,0.05:0.25:0.05`. Every value is checked against bounds.
 */
export function parseNumberList(flag: string, raw: string, bounds: Bounds = {}, integer = false): number[] {
  const out: number[] = [];
  const one = (s: string) => (integer ? parseInteger(flag, s, bounds) : parseNumber(flag, s, bounds));
  const what = integer ? 'integers' : 'numbers';
  const bad = () =>
    new UsageError(
      `${flag} must be a comma-separated list of ${what}${rangeText(bounds) ? ` ${rangeText(bounds)}` : ''} or start:stop:step ranges (got "${raw}")`,
    );
  const text = String(raw).trim();
  if (text === '') throw bad();
  for (const part of text.split(',')) {
    const p = part.trim();
    if (p.includes(':')) {
      const f = p.split(':');
      if (f.length !== 3) throw bad();
      const [a, b, st] = f.map((x) => (NUMBER_RE.test(x.trim()) ? Number(x) : Number.NaN));
      if (![a, b, st].every(Number.isFinite) || !(st > 0) || b < a) throw bad();
      const count = Math.floor((b - a) / st + 1e-9) + 1;
      if (count > 100_000)
        throw new UsageError(`${flag} range ${p} has ${count} values; at most 100000 are allowed`);
      for (let k = 0; k < count; k++) {
        const v = Number((a + k * st).toPrecision(12));
        out.push(one(String(v)));
      }
    } else {
      try {
        out.push(one(p));
      } catch (e) {
        if (e instanceof UsageError) throw bad();
        throw e;
      }
    }
  }
  return out;
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

/** A comma-separated list of words from a fixed set. */
export function parseChoiceList<T extends string>(flag: string, raw: string, choices: readonly T[]): T[] {
  const parts = String(raw)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0)
    throw new UsageError(`${flag} must be a comma-separated list of ${choices.join(', ')} (got "${raw}")`);
  return parts.map((p) => {
    if (!(choices as readonly string[]).includes(p)) {
      throw new UsageError(`${flag} must be a comma-separated list of ${choices.join(', ')} (got "${raw}")`);
    }
    return p as T;
  });
}

/**
 * Bounds and the errors that enforce them, defined once so that the library, the command line, sweeps and the
 * playground refuse the same values with the same words. A model module declares the bounds it needs next to the
 * code they protect (e.g. `NEURONS` in models/classical.ts) and the surfaces reuse those objects.
 *
 * Messages follow one template: `<name> must be <allowed> (got <value>)`, e.g.
 * `n must be an integer ≥ 1 and ≤ 20000 (got 0)`. The command line shows the same words with the flag name
 * (`--n must be …`), because it catches {@link ParamError} and renames the parameter.
 */

/** An interval of allowed numbers, optionally integers only. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (e.g. temperature > 0). */
  readonly minExclusive?: boolean;
  /** Exclusive upper bound. */
  readonly maxExclusive?: boolean;
  /** Only integers (safe integers) are allowed. */
  readonly integer?: boolean;
}

/** A bad parameter value: `param` is the parameter's name, `detail` the rest of the sentence. */
export class ParamError extends RangeError {
  constructor(
    readonly param: string,
    readonly detail: string,
  ) {
    super(joinParam(param, detail));
    this.name = 'ParamError';
  }
}

/** `name must be …`, or `name: "file" …` when the detail starts with a colon. */
export function joinParam(name: string, detail: string): string {
  return detail.startsWith(':') ? `${name}${detail}` : `${name} ${detail}`;
}

/** "≥ 1 and ≤ 20000" (empty when unbounded). */
export function boundsText(b: Bounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.minExclusive ? '>' : '≥'} ${b.min}`);
  if (b.max !== undefined) parts.push(`${b.maxExclusive ? '<' : '≤'} ${b.max}`);
  return parts.join(' and ');
}

/** "an integer ≥ 1 and ≤ 20000", "a number > 0". */
export function allowedText(b: Bounds): string {
  return [b.integer ? 'an integer' : 'a number', boundsText(b)].filter(Boolean).join(' ');
}

/** Whether v lies in the bounds (integers checked too). */
export function inBounds(v: number, b: Bounds): boolean {
  if (!Number.isFinite(v)) return false;
  if (b.integer && !Number.isSafeInteger(v)) return false;
  if (b.min !== undefined && (b.minExclusive ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(v < b.max) : !(v <= b.max))) return false;
  return true;
}

/** Throw a ParamError unless `value` is a number within `b`; returns it. */
export function checkNumber(name: string, value: unknown, b: Bounds = {}): number {
  if (typeof value !== 'number' || !inBounds(value, b))
    throw new ParamError(name, `must be ${allowedText(b)} (got ${shown(value)})`);
  return value;
}

/** Throw a ParamError unless `value` is one of `choices`; returns it. */
export function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw new ParamError(name, `must be one of ${choices.join(', ')} (got ${shown(value)})`);
  return value as T;
}

/** Intersection of two bounds (the tighter side of each). */
export function tighter(a: Bounds, b: Bounds): Bounds {
  const pick = (x?: number, xe?: boolean, y?: number, ye?: boolean, lower = true) => {
    if (x === undefined) return { v: y, e: ye };
    if (y === undefined) return { v: x, e: xe };
    if (x === y) return { v: x, e: Boolean(xe || ye) };
    return (lower ? x > y : x < y) ? { v: x, e: xe } : { v: y, e: ye };
  };
  const lo = pick(a.min, a.minExclusive, b.min, b.minExclusive, true);
  const hi = pick(a.max, a.maxExclusive, b.max, b.maxExclusive, false);
  return {
    ...(lo.v !== undefined ? { min: lo.v, ...(lo.e ? { minExclusive: true } : {}) } : {}),
    ...(hi.v !== undefined ? { max: hi.v, ...(hi.e ? { maxExclusive: true } : {}) } : {}),
    ...(a.integer || b.integer ? { integer: true } : {}),
  };
}

/** A value as shown in an error: strings quoted, others as JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** Refuse, before allocating, work that needs more than `limitGiB` GiB: names the estimate and the flag to change. */
export function checkMemory(what: string, bytes: number, limitGiB: number, hint: string): void {
  if (bytes > limitGiB * 1024 ** 3)
    throw new ParamError(
      'maxMemory',
      `is ${limitGiB} GiB but ${what} needs about ${formatGiB(bytes)}; ${hint} or raise --max-memory`,
    );
}

/** "1.50 GiB" (or MiB below one GiB). */
export function formatGiB(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** Default memory limit of one run, in GiB. */
export const DEFAULT_MAX_MEMORY_GIB = 4;

/**
 * Shared shapes of experiments: a pure function takes a typed config, a seeded generator and optional hooks, and
 * returns typed rows (plus any top-level summary). No I/O happens here.
 */

/** Called as work advances: `done` of `total` units; `note` (optional) is shown beside the bar (e.g. a current r). */
export type ProgressFn = (done: number, total: number, note?: string) => void;

/**
 * A run's config where the keys `K` may be left out for their defaults (the defaults of the entry's specs): for
 * configs derived from parameter specs (`Defaulted<ConfigOf<typeof params>, 'every'>`).
 */
export type Defaulted<C, K extends keyof C> = Omit<C, K> & Partial<Pick<C, K>>;

export interface ExperimentHooks {
  readonly onProgress?: ProgressFn;
  /** The run's seed, for records that name it (a saved model's training settings, figure titles). */
  readonly seed?: number;
}

/** Mean and (population) standard deviation. */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const k = values.length;
  if (k === 0) return { mean: Number.NaN, std: Number.NaN };
  let s = 0;
  for (let i = 0; i < k; i++) s += values[i];
  const mean = s / k;
  let v = 0;
  for (let i = 0; i < k; i++) v += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / k) };
}

/** A counter that reports progress through an optional hook: each call adds `k` units (default 1), up to `total`. */
export function progressCounter(total: number, hooks?: ExperimentHooks): (k?: number) => void {
  let done = 0;
  hooks?.onProgress?.(0, total);
  return (k = 1) => {
    done = Math.min(total, done + k);
    hooks?.onProgress?.(done, total);
  };
}

/**
 * Progress bars on stderr (cli-progress). Shown only when stderr is a terminal and --quiet is not given; the
 * library reports progress through callbacks, and this is the only place they become bars.
 */
import cliProgress from 'cli-progress';
import type { ProgressFn } from '../experiments/types.js';

export interface Progress {
  /** A callback for an experiment's onProgress hook. */
  readonly update: ProgressFn;
  readonly stop: () => void;
}

export function createProgress(label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}{note}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, note) => {
      const payload = { note: note ? ` | ${note}` : '' };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

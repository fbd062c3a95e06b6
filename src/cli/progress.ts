/**
 * Progress on stderr: a bar (cli-progress) when stderr is a terminal, one line per ~10 % done otherwise (logs of
 * batch jobs), nothing with --quiet. The library reports progress through callbacks; this is the only place they
 * become bars and lines.
 *
 * Before a run starts, its entry's work estimate (operations from its parameters, see experiments/work.ts) is
 * checked by {@link checkWorkEstimate}: a run expected to take more than ANNOUNCE_ESTIMATE_SECONDS (10 s) says so
 * ("about 14 min on 2 cores"), and `--max-minutes` refuses one expected to take longer (a UsageError: exit 2, nothing done, nothing
 * written). The progress callbacks give a second opinion: from the share done and the time spent, the whole run's
 * time is extrapolated; it is said once when there was no estimate before the start (or it is more than twice the
 * one said), and `--max-minutes` stops a run whose extrapolation exceeds the limit.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type CliProgress from 'cli-progress';
import type { ProgressFn } from '../experiments/types.js';
import { UsageError } from './errors.js';

/** cli-progress, loaded when a bar is drawn (a terminal): logs, --quiet and tests never import it. */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress');

export interface Progress {
  /** A callback for an experiment's onProgress hook. */
  readonly update: ProgressFn;
  readonly stop: () => void;
}

export interface ProgressOptions {
  /** Stop runs whose extrapolated time exceeds this many minutes (absent: no limit). */
  readonly maxMinutes?: number;
  /** Runs expected to take longer than this many seconds say so once (default 60). */
  readonly announceSeconds?: number;
  /** Seconds of work before the time is extrapolated (default 1: earlier shares are too noisy). */
  readonly settleSeconds?: number;
  /** Where lines go (default: stderr). */
  readonly write?: (line: string) => void;
  /** Whether stderr is a terminal (default: process.stderr.isTTY). */
  readonly tty?: boolean;
  /** Clock in milliseconds (default: performance.now). */
  readonly now?: () => number;
  /** The estimate said before the start, seconds (absent: none). */
  readonly expectedSeconds?: number;
}

/**
 * A run estimated (before it starts) to take longer than this says so at once, so that nothing runs more than a few
 * seconds without a word; the estimates of bench/work.ts land within 0.6–1.7 of the measured times.
 */
export const ANNOUNCE_ESTIMATE_SECONDS = 10;

const coresText = (cores: number) => `${cores} core${cores === 1 ? '' : 's'}`;

/**
 * The up-front estimate of a run of `seconds`: refused past `maxMinutes` (UsageError naming the flag and the
 * estimate), said on stderr when longer than `announceSeconds` (default ANNOUNCE_ESTIMATE_SECONDS) and `enabled`
 * (not --quiet).
 */
export function checkWorkEstimate(
  label: string,
  seconds: number,
  opts: { maxMinutes?: number; enabled: boolean; announceSeconds?: number; write?: (line: string) => void },
): void {
  const cores = coresText(availableParallelism());
  if (opts.maxMinutes !== undefined && seconds > opts.maxMinutes * 60)
    throw new UsageError(
      `--max-minutes is ${opts.maxMinutes} but this run needs about ${formatDuration(seconds)} on ${cores} (estimated from its parameters before starting); make it smaller or raise --max-minutes`,
    );
  if (opts.enabled && seconds > (opts.announceSeconds ?? ANNOUNCE_ESTIMATE_SECONDS))
    (opts.write ?? ((line: string) => process.stderr.write(line)))(
      `${label}: about ${formatDuration(seconds)} on ${cores} (estimated before starting; --max-minutes sets a limit)\n`,
    );
}

/** "45 s", "14 min", "3.2 h", "2.1 days". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

/** A progress reporter for one labelled run; `enabled` false (--quiet) keeps only the --max-minutes check. */
export function createProgress(label: string, enabled: boolean, opts: ProgressOptions = {}): Progress {
  const now = opts.now ?? (() => performance.now());
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const tty = opts.tty ?? process.stderr.isTTY === true;
  const announce = opts.announceSeconds ?? 60;
  const settle = (opts.settleSeconds ?? 1) * 1000;
  const cores = availableParallelism();
  const start = now();
  const said = opts.expectedSeconds;
  // Said before the start: the extrapolation speaks again only when it is more than twice that.
  let announced = false;
  const worthSaying = (whole: number) =>
    whole > announce && (said === undefined || said <= announce || whole > 2 * said);
  let nextTenth = 1;
  const bar = enabled && tty ? ttyBar(label) : undefined;
  const estimate = (done: number, total: number) => {
    const elapsed = now() - start;
    if (!(done > 0 && total > 0 && elapsed >= settle)) return undefined;
    return ((elapsed / 1000) * total) / done;
  };
  return {
    update: (done, total, note) => {
      bar?.update(done, total, note);
      const whole = estimate(done, total);
      if (whole === undefined) return;
      if (opts.maxMinutes !== undefined && whole > opts.maxMinutes * 60)
        throw new UsageError(
          `--max-minutes is ${opts.maxMinutes} but this run needs about ${formatDuration(whole)} on ${coresText(cores)} (extrapolated from its first ${percent(done, total)}); make it smaller or raise --max-minutes`,
        );
      if (enabled && !announced && worthSaying(whole)) {
        announced = true;
        write(
          `${label}: about ${formatDuration(whole)} on ${coresText(cores)} (extrapolated from the first ${percent(done, total)}${said !== undefined && said > announce ? `; estimated ${formatDuration(said)} before starting` : ''}; --max-minutes sets a limit)\n`,
        );
      }
      if (enabled && !tty && done < total && (10 * done) / total >= nextTenth) {
        nextTenth = Math.floor((10 * done) / total) + 1;
        const left = whole - (now() - start) / 1000;
        const extra = note ? `; ${note}` : '';
        write(
          `${label}: ${percent(done, total)} (${done}/${total}), about ${formatDuration(left)} left${extra}\n`,
        );
      }
    },
    stop: () => bar?.stop(),
  };
}

function percent(done: number, total: number): string {
  const p = (100 * done) / total;
  return `${p < 1 ? Number(p.toPrecision(1)) : Math.floor(p)} %`;
}

function ttyBar(label: string): { update: ProgressFn; stop: () => void } {
  const cliProgress = loadCliProgress();
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

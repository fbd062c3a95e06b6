/** The page's side of the compute worker: promise-returning calls, progress callbacks, cancel by restart. */
import type { EntryRunResult } from './compute/experiments.js';
import type { BackendInfo, Reply } from './protocol.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  progress?: (v: unknown) => void;
}

/** Raised for calls interrupted by `cancel()`. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export class Compute {
  private worker!: Worker;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Resolves with the backend the worker runs on. */
  ready!: Promise<BackendInfo>;

  constructor(private readonly threads: number) {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      const p = this.pending.get(r.id);
      if (!p) return;
      if (r.kind === 'progress') p.progress?.(r.value);
      else {
        this.pending.delete(r.id);
        if (r.kind === 'done') p.resolve(r.value);
        else p.reject(new Error(r.message));
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      for (const p of this.pending.values()) p.reject(new Error(e.message || 'worker error'));
      this.pending.clear();
    };
    this.ready = this.call<BackendInfo>('init', { threads: this.threads });
  }

  /** Run an operation in the worker. */
  call<T>(
    op: string,
    args: unknown = {},
    progress?: (v: unknown) => void,
    transfer: Transferable[] = [],
  ): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  /**
   * Run the registry experiment `id` in the worker with `config` (checked there by the entry's specs) and `seed`;
   * `progress` gets (done, total). Inputs (loaded files) are copied, or moved when listed in `transfer`.
   */
  run<R = Record<string, unknown>>(
    id: string,
    config: Readonly<Record<string, unknown>>,
    seed: number,
    progress?: (done: number, total: number) => void,
    transfer: Transferable[] = [],
  ): Promise<EntryRunResult<R>> {
    const onProgress = progress
      ? (v: unknown) => {
          const { done, total } = v as { done: number; total: number };
          progress(done, total);
        }
      : undefined;
    return this.call<EntryRunResult<R>>('experiment.run', { id, config, seed }, onProgress, transfer);
  }

  /** Whether a call is still running (or queued) in the worker. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Stop whatever runs (the worker is replaced; its state is lost); pending calls reject with Cancelled. */
  cancel(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Cancelled());
    this.pending.clear();
    this.start();
  }
}

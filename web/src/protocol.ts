/** Messages between the page and its compute worker. */

/** What the worker reports about the kernels it runs on. */
export interface BackendInfo {
  readonly name: string;
  readonly simd: boolean;
  readonly relaxedSimd: boolean;
  readonly sharedMemory: boolean;
  readonly threads: number;
  readonly isolated: boolean;
  /** Why wasm or its threads are not in use, when they are not. */
  readonly note: string | null;
}

export interface Request {
  readonly id: number;
  readonly op: string;
  readonly args: unknown;
}

export type Reply =
  | { readonly id: number; readonly kind: 'done'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly message: string }
  | { readonly id: number; readonly kind: 'progress'; readonly value: unknown };

/** A worker operation: arguments in, a value out (typed arrays inside are transferred), progress on the way. */
export type Handler = (args: never, progress: (value: unknown) => void) => unknown | Promise<unknown>;

/**
 * The job queue's packages (bullmq, ioredis) are optional peer dependencies: a library user who only wants the
 * models does not install them. They are loaded on first use (`hopfield sweep --redis`, `hopfield worker`,
 * `sweep status|cancel`), synchronously through their CommonJS builds; when missing, the first use throws one
 * line naming what to install. The exports stand in for the packages' classes (same types, same statics).
 */
import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

const require = createRequire(import.meta.url);

/** What to install for the job queue (the error of a missing package). */
export const QUEUE_INSTALL_HINT =
  'the Redis job queue needs the optional packages bullmq and ioredis: npm install bullmq ioredis';

let bull: typeof BullMQ | undefined;
let ioredis: typeof IORedis | undefined;

/** Load one optional package, or throw the install hint naming it. */
function load<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
      throw new RangeError(`${QUEUE_INSTALL_HINT} (${name} is not installed)`);
    throw e;
  }
}

const bullmq = (): typeof BullMQ => {
  bull ??= load<typeof BullMQ>('bullmq');
  return bull;
};
const redis = (): typeof IORedis => {
  ioredis ??= load<typeof IORedis>('ioredis');
  return ioredis;
};

/** A class whose constructor and statics come from `get()` on first use. */
function lazyClass<C extends abstract new (...args: never[]) => unknown>(get: () => C): C {
  return new Proxy(function lazy() {} as unknown as C, {
    construct: (_t, args) => Reflect.construct(get() as unknown as new (...a: unknown[]) => object, args),
    get: (_t, key) => {
      const c = get();
      const v = Reflect.get(c, key);
      return typeof v === 'function' ? v.bind(c) : v; // statics run on the real class
    },
  });
}

export const Queue = lazyClass(() => bullmq().Queue);
export type Queue<D = unknown, R = unknown, N extends string = string> = BullMQ.Queue<D, R, N>;
export const QueueEvents = lazyClass(() => bullmq().QueueEvents);
export type QueueEvents = BullMQ.QueueEvents;
export const Worker = lazyClass(() => bullmq().Worker);
export type Worker<D = unknown, R = unknown, N extends string = string> = BullMQ.Worker<D, R, N>;
export const Job = lazyClass(() => bullmq().Job);
export type Job<D = unknown, R = unknown, N extends string = string> = BullMQ.Job<D, R, N>;
export const Redis = lazyClass(() => redis().Redis);
export type Redis = IORedis.Redis;

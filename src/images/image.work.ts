import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A bounded queue in front of sharp work (variant renders, upload processing). sharp runs on
 * libuv's threadpool, which Postgres logins (SCRAM) and DNS lookups share: left unbounded, a burst
 * of cold renders takes every thread and hundreds of MB, and requests time out waiting for a
 * database connection. At most `concurrency` jobs run at once per process; up to `queue` requests
 * wait, as long as the expected wait stays under 30 s; past that a request is shed (BusyError: 503
 * with Retry-After) and counted.
 */
export interface ImageWorkStats {
  active: number;
  queued: number;
  /** Requests refused because the queue was full. */
  shed: number;
}

export interface ImageWork {
  /**
   * Runs `fn` when a slot is free. `wait: true` (background jobs, already bounded by the worker's
   * concurrency) never sheds; `signal` takes a waiting request out of the queue.
   */
  run<T>(fn: () => Promise<T>, opts?: { wait?: boolean; signal?: AbortSignal }): Promise<T>;
  stats(): ImageWorkStats;
}

export class BusyError extends Error {
  override name = 'BusyError';
  constructor(public readonly retryAfterSeconds: number) {
    super(`image work is busy (queue full); retry in ${retryAfterSeconds} s`);
  }
}

/** A request expected to wait longer than this is shed at once rather than left to time out. */
const MAX_WAIT_MS = 30_000;

export function createImageWork(opts: { concurrency: number; queue: number; maxWaitMs?: number }): ImageWork {
  const concurrency = Math.max(1, opts.concurrency);
  let active = 0;
  let shed = 0;
  let averageMs = 200;
  const waiting: { start: () => void }[] = [];
  // Work started inside a slot (an upload that renders its default variant) runs in that slot.
  const inSlot = new AsyncLocalStorage<true>();

  function next() {
    while (active < concurrency && waiting.length > 0) waiting.shift()!.start();
  }

  async function runNow<T>(fn: () => Promise<T>): Promise<T> {
    active++;
    const t0 = performance.now();
    try {
      return await inSlot.run(true, fn);
    } finally {
      averageMs = averageMs * 0.8 + (performance.now() - t0) * 0.2;
      active--;
      next();
    }
  }

  return {
    async run(fn, { wait = false, signal } = {}) {
      signal?.throwIfAborted();
      if (inSlot.getStore()) return fn();
      if (active < concurrency && waiting.length === 0) return runNow(fn);
      const requests = waiting.length; // background jobs count too: they hold the same threads
      const expectedWaitMs = ((requests + 1) * averageMs) / concurrency;
      if (!wait && (requests >= opts.queue || expectedWaitMs > (opts.maxWaitMs ?? MAX_WAIT_MS))) {
        shed++;
        throw new BusyError(Math.max(1, Math.ceil(expectedWaitMs / 1000)));
      }
      return new Promise((resolve, reject) => {
        const entry = {
          start: () => {
            signal?.removeEventListener('abort', abort);
            runNow(fn).then(resolve, reject);
          },
        };
        const abort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', abort, { once: true });
        waiting.push(entry);
      });
    },
    stats: () => ({ active, queued: waiting.length, shed }),
  };
}

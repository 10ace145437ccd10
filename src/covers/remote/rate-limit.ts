import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces calls per key: `acquire` resolves when the call may be sent, and the next call's turn is
 * counted from that moment. Injectable: a Postgres-backed one keeps MusicBrainz's 1 req/s across
 * processes.
 */
export interface RateLimiter {
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

/**
 * In-process limiter: callers take turns in call order; each turn starts 1/perSecond after the
 * previous one was let through (not after a slot reserved in advance: a busy event loop waking
 * several reserved slots late would send them together).
 */
export function memoryRateLimiter(perSecond: number): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  const intervalMs = 1000 / perSecond;
  const lastSent = new Map<string, number>();
  const queue = new Map<string, Promise<void>>();
  return {
    acquire(key, signal) {
      const previous = queue.get(key) ?? Promise.resolve();
      const turn = (async () => {
        await untilAborted(previous, signal);
        signal?.throwIfAborted();
        const wait = (lastSent.get(key) ?? -Infinity) + intervalMs - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal });
        lastSent.set(key, performance.now());
      })();
      queue.set(key, turn.catch(() => undefined));
      return turn;
    },
  };
}

/** Waits for `p` (whatever its outcome), or rejects as soon as `signal` aborts. */
function untilAborted(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

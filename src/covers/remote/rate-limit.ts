import { setTimeout as sleep } from 'node:timers/promises';

/** Spaces calls per key. Injectable: a Postgres-backed one keeps MusicBrainz's 1 req/s across processes. */
export interface RateLimiter {
  acquire(key: string, signal?: AbortSignal): Promise<void>;
}

/** In-process limiter: reserves the next free slot (1/perSecond apart) in call order, then sleeps until it. */
export function memoryRateLimiter(perSecond: number): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  const intervalMs = 1000 / perSecond;
  const nextSlot = new Map<string, number>();
  return {
    async acquire(key, signal) {
      signal?.throwIfAborted();
      const now = performance.now();
      const slot = Math.max(now, nextSlot.get(key) ?? now);
      nextSlot.set(key, slot + intervalMs);
      if (slot > now) await sleep(slot - now, undefined, { signal });
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';

/** How a caller waits for its turn. */
export interface AcquireOptions {
  /**
   * A wait longer than this is not slept: `acquire` throws `RateLimitWait` with the expected wait,
   * so a job can give its worker slot back and come again then (see cover.chain.ts).
   */
  maxWaitMs?: number;
  /**
   * The key this caller already has a place in line for (it gave a wait up before and came back
   * at its place): a turn still far is told as it is, the very next one, rather than as a new
   * place at the end of the line.
   */
  inLine?: string;
  /**
   * A user is waiting (a HIGH request): the caller sleeps for its turn, and while it waits no
   * caller that is not urgent is let through (the shared limiter; the in-process one serves in
   * call order, and its non-urgent callers give up long waits anyway).
   */
  urgent?: boolean;
}

/**
 * Thrown by `acquire` instead of sleeping past `maxWaitMs`: come back in `waitMs`. That is the
 * caller's place in the key's line, one interval after the place given before it (or the very next
 * turn for a caller `inLine`), so callers giving up waits come back one at a time, with their turn,
 * instead of all at the next turn to find it taken and give up again.
 */
export class RateLimitWait extends Error {
  override name = 'RateLimitWait';
  constructor(
    readonly key: string,
    readonly waitMs: number,
  ) {
    super(`${key}: turn in ${Math.round(waitMs)} ms`);
  }
}

/**
 * Spaces calls per key: `acquire` resolves when the call may be sent, and the next call's turn is
 * counted from that moment. Injectable: a Postgres-backed one keeps MusicBrainz's 1 req/s across
 * processes.
 */
export interface RateLimiter {
  acquire(key: string, signal?: AbortSignal, opts?: AcquireOptions): Promise<void>;
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
  /** Callers waiting for their turn, per key: each is one interval ahead of the next caller. */
  const waiting = new Map<string, number>();
  /** When the next place in line is, per key (callers that gave a wait up, see RateLimitWait). */
  const line = new Map<string, number>();
  return {
    acquire(key, signal, opts = {}) {
      if (opts.maxWaitMs !== undefined && !opts.urgent) {
        const now = performance.now();
        const wait = Math.max(0, (lastSent.get(key) ?? -Infinity) + intervalMs - now) + (waiting.get(key) ?? 0) * intervalMs;
        if (wait > opts.maxWaitMs) {
          if (opts.inLine === key) return Promise.reject(new RateLimitWait(key, wait));
          const place = Math.max(line.get(key) ?? -Infinity, now + wait);
          line.set(key, place + intervalMs);
          return Promise.reject(new RateLimitWait(key, place - now));
        }
      }
      waiting.set(key, (waiting.get(key) ?? 0) + 1);
      const previous = queue.get(key) ?? Promise.resolve();
      const turn = (async () => {
        try {
          await untilAborted(previous, signal);
          signal?.throwIfAborted();
          const wait = (lastSent.get(key) ?? -Infinity) + intervalMs - performance.now();
          if (wait > 0) await sleep(wait, undefined, { signal });
          lastSent.set(key, performance.now());
        } finally {
          waiting.set(key, (waiting.get(key) ?? 1) - 1);
        }
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

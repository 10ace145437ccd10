import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * A rate limiter every process shares through one Postgres row per key: each call reserves the
 * next free slot atomically and sleeps until it. MusicBrainz allows 1 request/s per client, and
 * every worker process together is one client.
 */
export function postgresRateLimiter(db: Db, perSecond: number): RateLimiter {
  const intervalMs = Math.ceil(1000 / perSecond);
  return {
    async acquire(key, signal) {
      signal?.throwIfAborted();
      const { rows } = await sql<{ wait_ms: number }>`
        insert into rate_limits as r (key, next_at) values (${key}, clock_timestamp() + ${intervalMs} * interval '1 millisecond')
        on conflict (key) do update set next_at = greatest(r.next_at, clock_timestamp()) + ${intervalMs} * interval '1 millisecond'
        returning greatest(0, extract(epoch from (r.next_at - clock_timestamp())) * 1000 - ${intervalMs})::float8 as wait_ms`.execute(db);
      const wait = rows[0]?.wait_ms ?? 0;
      if (wait > 0) await sleep(wait, undefined, { signal });
    },
  };
}

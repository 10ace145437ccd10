import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * A rate limiter every process shares through one Postgres row per key. MusicBrainz allows
 * 1 request/s per client, and every worker process together is one client. A caller claims the
 * key only once its time has come, and the next time is counted from that claim, right before
 * the request is sent: slots reserved ahead and woken late by a busy process would go out
 * together (126 ms apart were seen under load).
 */
export function postgresRateLimiter(db: Db, perSecond: number): RateLimiter {
  const intervalMs = Math.ceil(1000 / perSecond);
  return {
    async acquire(key, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await sql<{ claimed: boolean; wait_ms: number | null }>`
          with claimed as (
            insert into rate_limits as r (key, next_at) values (${key}, clock_timestamp() + ${intervalMs} * interval '1 millisecond')
            on conflict (key) do update set next_at = clock_timestamp() + ${intervalMs} * interval '1 millisecond'
              where r.next_at <= clock_timestamp()
            returning key
          )
          select exists (select 1 from claimed) as claimed,
            (select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000)::float8 from rate_limits where key = ${key}) as wait_ms`.execute(db);
        if (rows[0]?.claimed) return;
        // Not claimed. The wait is read in the statement's snapshot, which may not see a row another
        // caller created meanwhile (the first use of a key): then ask again shortly, never go ahead.
        const wait = rows[0]?.wait_ms ?? 5;
        // A few ms past the due time, so the claim is not retried a hair too early.
        await sleep(wait + 2, undefined, { signal });
      }
    },
  };
}

import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import { RateLimitWait, type RateLimiter } from './rate-limit.js';

/**
 * A rate limiter every process shares through one Postgres row per key. MusicBrainz allows
 * 1 request/s per client, and every worker process together is one client. A caller claims the
 * key only once its time has come, and the next time is counted from that claim, right before
 * the request is sent: slots reserved ahead and woken late by a busy process would go out
 * together (126 ms apart were seen under load).
 *
 * An urgent caller (a user's HIGH request) that has to wait writes a hold in a second row
 * (`<key>/urgent`, until one interval past its turn): callers that are not urgent claim nothing
 * while it stands, so the user's request takes the next turn, not a backlog job's.
 *
 * A caller that gives a long wait up (`maxWaitMs`) is given a place in the key's line, kept in a
 * third row (`<key>/line`: the next free place): one interval after the last place given, so a
 * backlog of jobs comes back one at a time with its turns rather than all at every turn.
 */
export function postgresRateLimiter(db: Db, perSecond: number): RateLimiter {
  const intervalMs = Math.ceil(1000 / perSecond);
  return {
    async acquire(key, signal, opts = {}) {
      const urgent = opts.urgent ?? false;
      const holdKey = `${key}/urgent`;
      const lineKey = `${key}/line`;
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await sql<{ claimed: boolean; wait_ms: number | null }>`
          with hold as (
            select next_at from rate_limits where key = ${holdKey} and next_at > clock_timestamp() and not ${urgent}
          ), claimed as (
            insert into rate_limits as r (key, next_at)
              select ${key}, clock_timestamp() + ${intervalMs} * interval '1 millisecond' where not exists (select 1 from hold)
            on conflict (key) do update set next_at = clock_timestamp() + ${intervalMs} * interval '1 millisecond'
              where r.next_at <= clock_timestamp()
            returning key
          )
          select exists (select 1 from claimed) as claimed,
            (select greatest(0, extract(epoch from (greatest(r.next_at, (select next_at from hold)) - clock_timestamp())) * 1000)::float8
              from rate_limits r where r.key = ${key}) as wait_ms`.execute(db);
        if (rows[0]?.claimed) return;
        // Not claimed. The wait is read in the statement's snapshot, which may not see a row another
        // caller created meanwhile (the first use of a key): then ask again shortly, never go ahead.
        const wait = rows[0]?.wait_ms ?? 5;
        if (!urgent && opts.maxWaitMs !== undefined && wait > opts.maxWaitMs) {
          if (opts.inLine === key) throw new RateLimitWait(key, wait);
          const { rows: place } = await sql<{ wait_ms: number }>`
            insert into rate_limits as r (key, next_at) values (${lineKey}, clock_timestamp() + ${wait + intervalMs} * interval '1 millisecond')
            on conflict (key) do update set next_at = greatest(r.next_at, clock_timestamp() + ${wait} * interval '1 millisecond') + ${intervalMs} * interval '1 millisecond'
            returning greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000 - ${intervalMs})::float8 as wait_ms`.execute(db);
          throw new RateLimitWait(key, place[0]?.wait_ms ?? wait);
        }
        if (urgent) {
          await sql`
            insert into rate_limits as r (key, next_at) values (${holdKey}, clock_timestamp() + ${wait + intervalMs} * interval '1 millisecond')
            on conflict (key) do update set next_at = greatest(r.next_at, excluded.next_at)`.execute(db);
        }
        // A few ms past the due time, so the claim is not retried a hair too early.
        await sleep(wait + 2, undefined, { signal });
      }
    },
  };
}

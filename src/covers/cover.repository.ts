import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import type { Cover, CoverSourceName, CoverStatus, CoverTable, EntityType, SourceAttemptRecord } from './cover.table.js';

type Conn = Kysely<Database>;

export interface EntityKey {
  type: EntityType;
  id: number;
}

export const keyString = (k: EntityKey) => `${k.type}:${k.id}`;

/** All the covers of a mixed set of albums and artists, in one statement. */
export async function findCoversByKeys(db: Conn, keys: readonly EntityKey[]): Promise<Cover[]> {
  if (keys.length === 0) return [];
  const albums = keys.filter((k) => k.type === 'album').map((k) => k.id);
  const artists = keys.filter((k) => k.type === 'artist').map((k) => k.id);
  return db
    .selectFrom('covers')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'album'), eb('entity_id', '=', eb.fn.any(sql.val(albums)))]),
        eb.and([eb('entity_type', '=', 'artist'), eb('entity_id', '=', eb.fn.any(sql.val(artists)))]),
      ]),
    )
    .execute();
}

export async function findCover(db: Conn, key: EntityKey): Promise<Cover | undefined> {
  return db.selectFrom('covers').selectAll().where('entity_type', '=', key.type).where('entity_id', '=', key.id).executeTakeFirst();
}

const NO_RESULT = { source: null, image_hash: null, upload_hash: null, next_retry_at: null, last_error: null, resolved_at: null };

/** Creates PENDING rows for entities that have none yet; returns only the rows it created. */
export async function insertPendingCovers(db: Conn, keys: readonly EntityKey[]): Promise<Cover[]> {
  if (keys.length === 0) return [];
  return db
    .insertInto('covers')
    .values(keys.map((k) => ({ entity_type: k.type, entity_id: k.id, status: 'PENDING' as const, ...NO_RESULT })))
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doNothing())
    .returningAll()
    .execute();
}

export type CoverChanges = Omit<Updateable<CoverTable>, 'trace' | 'updated_at'> & { trace?: SourceAttemptRecord[] };

/** The columns an update writes: the trace as JSON, and the time of the change. */
function coverSet(changes: CoverChanges) {
  const { trace, ...rest } = changes;
  return { ...rest, ...(trace ? { trace: JSON.stringify(trace) } : {}), updated_at: sql<Date>`now()` };
}

export async function updateCover(db: Conn, key: EntityKey, changes: CoverChanges): Promise<Cover | undefined> {
  return db
    .updateTable('covers')
    .set(coverSet(changes))
    .where('entity_type', '=', key.type)
    .where('entity_id', '=', key.id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * An upgrade's write: only while the cover is still served from `servedHash` and not uploaded or
 * chosen, so a resolve, an upload or a reset that landed meanwhile is never overwritten.
 */
export async function replaceServedCover(db: Conn, key: EntityKey, servedHash: string, changes: CoverChanges): Promise<Cover | undefined> {
  return db
    .updateTable('covers')
    .set(coverSet(changes))
    .where('entity_type', '=', key.type)
    .where('entity_id', '=', key.id)
    .where('image_hash', '=', servedHash)
    .where('upload_hash', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** A fresh retry budget (a user asked again). */
export async function resetAttempts(db: Conn, keys: readonly EntityKey[]): Promise<void> {
  for (const type of ['album', 'artist'] as const) {
    const ids = keys.filter((k) => k.type === type).map((k) => k.id);
    if (ids.length) await db.updateTable('covers').set({ attempts: 0 }).where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  }
}

/** MISSING covers older than the TTL, oldest first: the maintenance task re-checks them. */
export async function findStaleMissingCovers(db: Conn, olderThan: Date, limit: number): Promise<EntityKey[]> {
  const rows = await db
    .selectFrom('covers')
    .select(['entity_type', 'entity_id'])
    .where('status', '=', 'MISSING')
    .where('resolved_at', '<', olderThan)
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
}

/** Covers with no row yet among existing albums and artists: what a backfill enqueues. */
export async function findEntitiesWithoutCover(db: Conn, limit: number): Promise<EntityKey[]> {
  const { rows } = await sql<{ entity_type: EntityType; id: number }>`
    (select 'album' as entity_type, a.id from albums a
      where not exists (select 1 from covers c where c.entity_type = 'album' and c.entity_id = a.id) order by a.id limit ${limit})
    union all
    (select 'artist' as entity_type, r.id from artists r
      where not exists (select 1 from covers c where c.entity_type = 'artist' and c.entity_id = r.id) order by r.id limit ${limit})`.execute(db);
  return rows.map((r) => ({ type: r.entity_type, id: r.id }));
}

/** Which covers a bulk refresh takes: any of these statuses and any of these sources (absent: any). */
export interface CoverFilter {
  status?: readonly CoverStatus[] | null;
  source?: readonly CoverSourceName[] | null;
}

/** Gives every album and artist without a cover row a PENDING one (what the first read would do); returns how many. */
export async function insertMissingPendingCovers(db: Conn): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with added as (
      insert into covers (entity_type, entity_id, status)
      select 'album', a.id, 'PENDING' from albums a where not exists (select 1 from covers c where c.entity_type = 'album' and c.entity_id = a.id)
      union all
      select 'artist', r.id, 'PENDING' from artists r where not exists (select 1 from covers c where c.entity_type = 'artist' and c.entity_id = r.id)
      on conflict (entity_type, entity_id) do nothing
      returning 1)
    select count(*)::int as n from added`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * A page of the covers matching `filter`, by (entity_type, entity_id) after `after`. Covers set by
 * hand (an upload, a URL) are left out: the sources never replace them, so searching again is moot.
 */
export async function pageCoverKeys(db: Conn, filter: CoverFilter, after: EntityKey | null, limit: number): Promise<EntityKey[]> {
  let q = db.selectFrom('covers').select(['entity_type', 'entity_id']).where('upload_hash', 'is', null);
  if (filter.status) q = q.where('status', '=', sql<CoverStatus>`any(${sql.val([...filter.status])}::text[])`);
  if (filter.source) q = q.where('source', '=', sql<CoverSourceName>`any(${sql.val([...filter.source])}::text[])`);
  if (after) q = q.where((eb) => eb(eb.refTuple('entity_type', 'entity_id'), '>', eb.tuple(after.type, after.id)));
  const rows = await q.orderBy('entity_type').orderBy('entity_id').limit(limit).execute();
  return rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
}

export async function deleteCoversOf(db: Conn, keys: readonly EntityKey[]): Promise<void> {
  for (const type of ['album', 'artist'] as const) {
    const ids = keys.filter((k) => k.type === type).map((k) => k.id);
    if (ids.length) await db.deleteFrom('covers').where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  }
}

/** Counts by status: the cache and queue numbers for monitoring. */
export async function countCoversByStatus(db: Conn): Promise<Record<string, number>> {
  const rows = await db.selectFrom('covers').select(['status', db.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

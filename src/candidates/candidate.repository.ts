import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { EntityKey } from '../covers/cover.repository.js';
import type { CoverCandidateRow, CoverCandidateTable } from './candidate.table.js';

/** Every kept candidate of these entities: one query for a page. */
export async function findCandidatesByKeys(db: Db, keys: readonly EntityKey[]): Promise<CoverCandidateRow[]> {
  if (keys.length === 0) return [];
  const albums = keys.filter((k) => k.type === 'album').map((k) => k.id);
  const artists = keys.filter((k) => k.type === 'artist').map((k) => k.id);
  return db
    .selectFrom('cover_candidates')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('entity_type', '=', 'album'), eb('entity_id', '=', sql<number>`any(${albums}::int[])`)]), eb.and([eb('entity_type', '=', 'artist'), eb('entity_id', '=', sql<number>`any(${artists}::int[])`)])]))
    .orderBy('found_at')
    .execute();
}

export async function findCandidate(db: Db, key: EntityKey, candidateId: string): Promise<CoverCandidateRow | undefined> {
  return db.selectFrom('cover_candidates').selectAll().where('entity_type', '=', key.type).where('entity_id', '=', key.id).where('candidate_id', '=', candidateId).executeTakeFirst();
}

/**
 * Marks the entities whose candidates were never gathered, or gathered before `staleBefore`, as
 * QUEUED and returns them; the caller queues their jobs in the same transaction.
 */
export async function claimCandidateGathers(db: Db, keys: readonly EntityKey[], staleBefore: Date): Promise<EntityKey[]> {
  if (keys.length === 0) return [];
  const types = keys.map((k) => k.type);
  const ids = keys.map((k) => k.id);
  const { rows } = await sql<{ entity_type: 'album' | 'artist'; entity_id: number }>`
    with wanted as (select * from unnest(${types}::text[], ${ids}::int[]) as w(entity_type, entity_id)),
    inserted as (
      insert into cover_candidate_gathers (entity_type, entity_id, state)
      select entity_type, entity_id, 'QUEUED' from wanted
      on conflict (entity_type, entity_id) do nothing
      returning entity_type, entity_id
    ), refreshed as (
      update cover_candidate_gathers g set state = 'QUEUED'
      from wanted w where g.entity_type = w.entity_type and g.entity_id = w.entity_id and g.state = 'DONE' and g.gathered_at < ${staleBefore}
      returning g.entity_type, g.entity_id
    )
    select * from inserted union select * from refreshed`.execute(db);
  return rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
}

/** One candidate as soon as it is found (a later gather of the same picture updates it). */
export async function upsertCandidate(db: Db, row: Omit<CoverCandidateTable, 'found_at'>): Promise<void> {
  await db
    .insertInto('cover_candidates')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'candidate_id']).doUpdateSet({ ...row, found_at: sql`now()` }))
    .execute();
}

/** Ends a gather: candidates this run did not offer again are forgotten, and the gather is DONE. */
export async function finishCandidateGather(db: Db, key: EntityKey, kept: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('cover_candidates').where('entity_type', '=', key.type).where('entity_id', '=', key.id);
    if (kept.length > 0) del = del.where('candidate_id', 'not in', [...kept]);
    await del.execute();
    await trx
      .insertInto('cover_candidate_gathers')
      .values({ entity_type: key.type, entity_id: key.id, state: 'DONE', gathered_at: new Date() })
      .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doUpdateSet({ state: 'DONE', gathered_at: new Date() }))
      .execute();
  });
}

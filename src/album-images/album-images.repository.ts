import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { AlbumImageRow, AlbumImageTable } from './album-images.table.js';

/** An album picture with the metadata of its stored original (no bytes). */
export interface AlbumImageInfo extends AlbumImageRow {
  width: number;
  height: number;
  dominant_color: string;
  thumbhash: string;
}

/** Every picture of these albums, in each album's order: one query for a whole page. */
export async function findAlbumImagesByAlbumIds(db: Db, albumIds: readonly number[]): Promise<AlbumImageInfo[]> {
  if (albumIds.length === 0) return [];
  return db
    .selectFrom('album_images as a')
    .innerJoin('images as i', 'i.hash', 'a.image_hash')
    .select(['a.album_id', 'a.image_hash', 'a.type', 'a.source', 'a.position', 'a.detail', 'i.width', 'i.height', 'i.dominant_color', 'i.thumbhash'])
    .where('a.album_id', 'in', [...new Set(albumIds)])
    .orderBy('a.album_id')
    .orderBy('a.position')
    .execute();
}

/**
 * Marks the albums whose pictures were never gathered, or gathered before `staleBefore`, as
 * QUEUED and returns their ids: the caller queues their jobs in the same transaction. An album
 * already QUEUED is not returned, so concurrent reads queue it once.
 */
export async function claimAlbumImageGathers(db: Db, albumIds: readonly number[], staleBefore: Date): Promise<number[]> {
  if (albumIds.length === 0) return [];
  const ids = [...new Set(albumIds)];
  const { rows } = await sql<{ album_id: number }>`
    with inserted as (
      insert into album_image_gathers (album_id, state)
      select id, 'QUEUED' from albums where id = any(${ids}::int[])
      on conflict (album_id) do nothing
      returning album_id
    ), refreshed as (
      update album_image_gathers set state = 'QUEUED', updated_at = now()
      where album_id = any(${ids}::int[]) and state = 'DONE' and gathered_at < ${staleBefore}
      returning album_id
    )
    select album_id from inserted union select album_id from refreshed`.execute(db);
  return rows.map((r) => r.album_id);
}

/** Makes these albums' pictures due for gathering on the next read (their folder or files changed, or a refresh). */
export async function expireAlbumImageGathers(db: Db, albumIds: readonly number[]): Promise<void> {
  if (albumIds.length === 0) return;
  await db.updateTable('album_image_gathers').set({ gathered_at: new Date(0), updated_at: sql`now()` }).where('album_id', 'in', [...albumIds]).where('state', '=', 'DONE').execute();
}

/** Replaces an album's pictures with what a gather found, and records it DONE. */
export async function replaceAlbumImages(trx: Db, albumId: number, rows: Omit<AlbumImageTable, 'album_id'>[], detail: string): Promise<void> {
  await trx.deleteFrom('album_images').where('album_id', '=', albumId).execute();
  if (rows.length > 0) await trx.insertInto('album_images').values(rows.map((r) => ({ ...r, album_id: albumId }))).execute();
  await trx
    .insertInto('album_image_gathers')
    .values({ album_id: albumId, state: 'DONE', detail, gathered_at: new Date() })
    .onConflict((oc) => oc.column('album_id').doUpdateSet({ state: 'DONE', detail, gathered_at: new Date(), updated_at: sql`now()` }))
    .execute();
}

import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Album, AlbumTable, Artist, ArtistTable } from './library.table.js';

// The statements of a pushed library (LIBRARY_SOURCE=push): everything by the backend's external id.

type Conn = Kysely<Database>;

/** `column = any($1)`: one bind parameter for any number of values (an IN list would take one each). */
const anyText = (column: string, values: readonly string[]) => sql<boolean>`${sql.ref(column)} = any(${[...values]}::text[])`;
const anyInt = (column: string, values: readonly number[]) => sql<boolean>`${sql.ref(column)} = any(${[...values]}::int[])`;

export async function findArtistsByExternalIds(db: Conn, ids: readonly string[]): Promise<Artist[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('artists').selectAll().where(anyText('external_id', ids)).execute();
}

export async function findAlbumsByExternalIds(db: Conn, ids: readonly string[]): Promise<Album[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('albums').selectAll().where(anyText('external_id', ids)).execute();
}

/** Artists holding these grouping keys: a pushed artist adopts a scanned one of the same name. */
export async function findArtistsByNameKeys(db: Conn, keys: readonly string[]): Promise<Artist[]> {
  if (keys.length === 0) return [];
  return db.selectFrom('artists').selectAll().where(anyText('name_key', keys)).execute();
}

/** Albums holding these identities (artist, title key, folder): the albums_identity unique key. */
export async function findAlbumsByIdentities(db: Conn, rows: readonly { artist_id: number; title_key: string; folder: string }[]): Promise<Album[]> {
  if (rows.length === 0) return [];
  const { rows: found } = await sql<Album>`
    select albums.* from albums
    join unnest(${rows.map((r) => r.artist_id)}::int[], ${rows.map((r) => r.title_key)}::text[], ${rows.map((r) => r.folder)}::text[]) as v(artist_id, title_key, folder)
      on albums.artist_id = v.artist_id and albums.title_key = v.title_key and albums.folder = v.folder`.execute(db);
  return found;
}

/** The external id of each key, in order (null when the entity has none or is gone). */
export async function findExternalIds(db: Conn, keys: readonly { type: 'album' | 'artist'; id: number }[]): Promise<(string | null)[]> {
  const ids = (type: 'album' | 'artist') => keys.filter((k) => k.type === type).map((k) => k.id);
  const [albums, artists] = await Promise.all([
    ids('album').length ? db.selectFrom('albums').select(['id', 'external_id']).where(anyInt('id', ids('album'))).execute() : [],
    ids('artist').length ? db.selectFrom('artists').select(['id', 'external_id']).where(anyInt('id', ids('artist'))).execute() : [],
  ]);
  const found = new Map([...albums.map((r) => [`album:${r.id}`, r.external_id] as const), ...artists.map((r) => [`artist:${r.id}`, r.external_id] as const)]);
  return keys.map((k) => found.get(`${k.type}:${k.id}`) ?? null);
}

export type ArtistWrite = Omit<Insertable<ArtistTable>, 'id' | 'created_at' | 'updated_at'> & { external_id: string };
export type AlbumWrite = Omit<Insertable<AlbumTable>, 'id' | 'created_at' | 'updated_at'> & { external_id: string };

/** Rows per multi-row INSERT: far under Postgres' 65,535 bind parameters. */
const CHUNK = 500;

export async function insertArtists(trx: Transaction<Database>, rows: readonly ArtistWrite[]): Promise<{ id: number; external_id: string }[]> {
  const out: { id: number; external_id: string }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await trx.insertInto('artists').values(rows.slice(i, i + CHUNK)).returning(['id', 'external_id']).execute();
    out.push(...res.map((r) => ({ id: r.id, external_id: r.external_id! })));
  }
  return out;
}

export async function updateArtist(trx: Transaction<Database>, id: number, row: ArtistWrite): Promise<void> {
  await trx.updateTable('artists').set({ ...row, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function insertAlbums(trx: Transaction<Database>, rows: readonly AlbumWrite[]): Promise<{ id: number; external_id: string }[]> {
  const out: { id: number; external_id: string }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await trx.insertInto('albums').values(rows.slice(i, i + CHUNK)).returning(['id', 'external_id']).execute();
    out.push(...res.map((r) => ({ id: r.id, external_id: r.external_id! })));
  }
  return out;
}

export async function updateAlbum(trx: Transaction<Database>, id: number, row: AlbumWrite): Promise<void> {
  await trx.updateTable('albums').set({ ...row, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** Deletes the tracks of these albums whose path is not among `keep`. */
export async function deleteTracksNotIn(trx: Transaction<Database>, albumIds: readonly number[], keep: readonly string[]): Promise<void> {
  if (albumIds.length === 0) return;
  await trx
    .deleteFrom('tracks')
    .where(anyInt('album_id', albumIds))
    .where(sql<boolean>`not (path = any(${[...keep]}::text[]))`)
    .execute();
}

/** Album ids of these artists: removing an artist removes its albums (the foreign key cascades). */
export async function findAlbumIdsOfArtists(db: Conn, artistIds: readonly number[]): Promise<number[]> {
  if (artistIds.length === 0) return [];
  const rows = await db.selectFrom('albums').select('id').where(anyInt('artist_id', artistIds)).execute();
  return rows.map((r) => r.id);
}

export async function deleteAlbumsByIds(trx: Transaction<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('albums').where(anyInt('id', ids)).execute();
}

export async function deleteArtistsByIds(trx: Transaction<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('artists').where(anyInt('id', ids)).execute();
}

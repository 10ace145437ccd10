import type { ScanCounters } from './library.progress.js';
import { type Insertable, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { normaliseKey } from './library.keys.js';
import { type Album, type AlbumTable, type Artist, type Scan, type Track, type TrackTable, type TrackView, TRACK_VIEW_COLUMNS } from './library.table.js';

/** A database or a transaction: every function here runs inside either. */
type Conn = Kysely<Database>;

/** Rows per multi-row INSERT: far under Postgres' 65,535 bind parameters at ~12 columns a row. */
const INSERT_CHUNK = 500;

// ---------------------------------------------------------------------------------------------
// By-id lookups (one statement for any number of ids: DataLoader batch functions)

export async function findArtistsByIds(db: Conn, ids: readonly number[]): Promise<Artist[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('artists')
    .selectAll()
    .where((eb) => eb('id', '=', eb.fn.any(eb.val([...ids]))))
    .execute();
}

export async function findAlbumsByIds(db: Conn, ids: readonly number[]): Promise<Album[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('albums')
    .selectAll()
    .where((eb) => eb('id', '=', eb.fn.any(eb.val([...ids]))))
    .execute();
}

export async function findTracksByIds(db: Conn, ids: readonly number[]): Promise<TrackView[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('tracks')
    .select(TRACK_VIEW_COLUMNS)
    .where((eb) => eb('id', '=', eb.fn.any(eb.val([...ids]))))
    .execute();
}

/** Every album of these artists, ordered by (artist_id, title_key, id); the caller groups. */
export async function findAlbumsByArtistIds(db: Conn, artistIds: readonly number[]): Promise<Album[]> {
  if (artistIds.length === 0) return [];
  return db
    .selectFrom('albums')
    .selectAll()
    .where((eb) => eb('artist_id', '=', eb.fn.any(eb.val([...artistIds]))))
    .orderBy('artist_id')
    .orderBy('title_key')
    .orderBy('id')
    .execute();
}

/** Play order within an album: disc, track number, path. One rule for every read of an album's tracks. */
export const TRACK_ORDER = sql`disc_no nulls first, track_no nulls last, path`;

function tracksOfAlbums(db: Conn, albumIds: readonly number[]) {
  return db
    .selectFrom('tracks')
    .where((eb) => eb('album_id', '=', eb.fn.any(eb.val([...albumIds]))))
    .orderBy('album_id')
    .orderBy(TRACK_ORDER);
}

/** Every track of these albums in play order (album, disc, track number, path); the caller groups. */
export async function findTracksByAlbumIds(db: Conn, albumIds: readonly number[]): Promise<Track[]> {
  if (albumIds.length === 0) return [];
  return tracksOfAlbums(db, albumIds).selectAll().execute();
}

/** findTracksByAlbumIds with only the columns the API shows: the GraphQL loaders' read. */
export async function findTrackViewsByAlbumIds(db: Conn, albumIds: readonly number[]): Promise<TrackView[]> {
  if (albumIds.length === 0) return [];
  return tracksOfAlbums(db, albumIds).select(TRACK_VIEW_COLUMNS).execute();
}

// ---------------------------------------------------------------------------------------------
// Scanner reads

export interface StoredTrackState {
  id: number;
  size: number;
  mtime_ms: number;
  album_id: number;
}

/** `%`, `_` and `\` stand for themselves in the returned LIKE operand (backslash is Postgres' default escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** path → stored size/mtime for every track under `prefix` (a folder relative to the root; '' = all). */
export async function findTrackMapUnder(db: Conn, prefix: string): Promise<Map<string, StoredTrackState>> {
  let q = db.selectFrom('tracks').select(['id', 'path', 'size', 'mtime_ms', 'album_id']);
  if (prefix !== '') q = q.where('path', 'like', `${escapeLike(prefix)}/%`);
  const rows = await q.execute();
  const map = new Map<string, StoredTrackState>();
  for (const r of rows) map.set(r.path, { id: r.id, size: r.size, mtime_ms: r.mtime_ms, album_id: r.album_id });
  return map;
}

/**
 * folder → the folder_images signatures stored for albums in that folder, for albums whose folder is
 * `exactFolder` or lies under `prefix` ('' = every album).
 */
export async function findAlbumFolderImagesUnder(
  db: Conn,
  prefix: string,
  exactFolder: string,
): Promise<Map<string, Set<string>>> {
  let q = db.selectFrom('albums').select(['folder', 'folder_images']).distinct();
  if (prefix !== '') {
    q = q.where((eb) => eb.or([eb('folder', '=', exactFolder), eb('folder', 'like', `${escapeLike(prefix)}/%`)]));
  }
  const map = new Map<string, Set<string>>();
  for (const r of await q.execute()) {
    const set = map.get(r.folder) ?? new Set<string>();
    set.add(r.folder_images);
    map.set(r.folder, set);
  }
  return map;
}

/** (artist, album folder, artist's stored folder) for these artists: input to the artist-folder rule. */
export async function findAlbumFoldersByArtistIds(
  db: Conn,
  artistIds: readonly number[],
): Promise<{ artist_id: number; artist_folder: string | null; album_folder: string }[]> {
  if (artistIds.length === 0) return [];
  return db
    .selectFrom('artists')
    .innerJoin('albums', 'albums.artist_id', 'artists.id')
    .select(['artists.id as artist_id', 'artists.folder as artist_folder', 'albums.folder as album_folder'])
    .where((eb) => eb('artists.id', '=', eb.fn.any(eb.val([...artistIds]))))
    .execute();
}

/**
 * What a MusicBrainz artist search found for an artist without an id: the id (never replacing
 * one the tags gave meanwhile), or nothing; either way when it ran.
 */
export async function recordArtistMbidSearch(db: Conn, id: number, mbid: string | null): Promise<void> {
  await db
    .updateTable('artists')
    .set((eb) => ({ mb_artist_id: eb.fn.coalesce('mb_artist_id', eb.val(mbid)), mb_artist_searched_at: sql<Date>`now()` }))
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Scanner writes

export interface ArtistUpsert {
  name: string;
  name_key: string;
  mb_artist_id: string | null;
}

/**
 * Inserts missing artists (by name_key) and fills a stored artist's MusicBrainz id from the tags;
 * the stored name is kept. Returns every artist's id and whether this statement created it.
 */
export async function upsertArtists(
  db: Conn,
  rows: readonly ArtistUpsert[],
): Promise<{ id: number; name_key: string; inserted: boolean }[]> {
  const out: { id: number; name_key: string; inserted: boolean }[] = [];
  for (const chunk of chunks(dedupeBy(rows, (r) => r.name_key), INSERT_CHUNK)) {
    const res = await db
      .insertInto('artists')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('name_key').doUpdateSet((eb) => ({
          mb_artist_id: eb.fn.coalesce('excluded.mb_artist_id', 'artists.mb_artist_id'),
        })),
      )
      // xmax is 0 only on a freshly inserted row version: how Postgres tells insert from update here.
      .returning(['id', 'name_key', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    out.push(...res);
  }
  return out;
}

export type AlbumUpsert = Omit<Insertable<AlbumTable>, 'id' | 'created_at' | 'updated_at'>;

/**
 * Inserts missing albums (by artist, title key, folder) and refreshes a stored album's year and
 * MusicBrainz ids from the tags when they carry them. folder_images is only written on insert.
 */
export async function upsertAlbums(
  db: Conn,
  rows: readonly AlbumUpsert[],
): Promise<{ id: number; artist_id: number; title_key: string; folder: string; inserted: boolean }[]> {
  const out: { id: number; artist_id: number; title_key: string; folder: string; inserted: boolean }[] = [];
  const unique = dedupeBy(rows, (r) => `${r.artist_id}\u0000${r.title_key}\u0000${r.folder}`);
  for (const chunk of chunks(unique, INSERT_CHUNK)) {
    const res = await db
      .insertInto('albums')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['artist_id', 'title_key', 'folder']).doUpdateSet((eb) => ({
          year: eb.fn.coalesce('excluded.year', 'albums.year'),
          mb_release_id: eb.fn.coalesce('excluded.mb_release_id', 'albums.mb_release_id'),
          mb_release_group_id: eb.fn.coalesce('excluded.mb_release_group_id', 'albums.mb_release_group_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning(['id', 'artist_id', 'title_key', 'folder', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    out.push(...res);
  }
  return out;
}

export type TrackUpsert = Omit<Insertable<TrackTable>, 'id' | 'created_at' | 'updated_at'>;

/** Inserts or rewrites tracks by path (a retagged file may move to another album). */
export async function upsertTracks(db: Conn, rows: readonly TrackUpsert[]): Promise<void> {
  for (const chunk of chunks(dedupeBy(rows, (r) => r.path), INSERT_CHUNK)) {
    await db
      .insertInto('tracks')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('path').doUpdateSet((eb) => ({
          album_id: eb.ref('excluded.album_id'),
          size: eb.ref('excluded.size'),
          mtime_ms: eb.ref('excluded.mtime_ms'),
          title: eb.ref('excluded.title'),
          artist: eb.ref('excluded.artist'),
          track_no: eb.ref('excluded.track_no'),
          disc_no: eb.ref('excluded.disc_no'),
          format: eb.ref('excluded.format'),
          mb_track_id: eb.ref('excluded.mb_track_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

/**
 * The album of `folder` holding most of its tracks (other than `exceptPaths`), with its artist's
 * name: the album an untagged file of that folder joins. Undefined when the folder has none.
 */
export async function findMainAlbumOfFolder(
  db: Conn,
  folder: string,
  exceptPaths: readonly string[],
): Promise<{ title: string; artist_name: string } | undefined> {
  let q = db
    .selectFrom('albums')
    .innerJoin('artists', 'artists.id', 'albums.artist_id')
    .innerJoin('tracks', 'tracks.album_id', 'albums.id')
    .where('albums.folder', '=', folder)
    .select(['albums.title', 'artists.name as artist_name'])
    .groupBy(['albums.id', 'artists.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('albums.id')
    .limit(1);
  if (exceptPaths.length > 0) q = q.where('tracks.path', 'not in', exceptPaths);
  return q.executeTakeFirst();
}

/** Sets the image signature of every album in `folder` whose stored one differs; returns their ids. */
export async function updateAlbumFolderImages(db: Conn, folder: string, signature: string): Promise<number[]> {
  const rows = await db
    .updateTable('albums')
    .set({ folder_images: signature, updated_at: sql<Date>`now()` })
    .where('folder', '=', folder)
    .where('folder_images', '<>', signature)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** One statement for any number of artists: (id, folder) pairs. */
export async function updateArtistFolders(db: Conn, rows: readonly { id: number; folder: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const folders = rows.map((r) => r.folder);
  await sql`
    update artists set folder = v.folder, updated_at = now()
    from unnest(${ids}::int[], ${folders}::text[]) as v(id, folder)
    where artists.id = v.id`.execute(db);
}

// ---------------------------------------------------------------------------------------------
// Removals. What hangs off an album or artist elsewhere (its cover) is removed by its owner, through
// the scan's `onRemoved` hook in the same transaction (library.changes.ts).

export async function deleteTracksByIds(db: Conn, ids: readonly number[]): Promise<{ id: number; album_id: number }[]> {
  const out: { id: number; album_id: number }[] = [];
  for (const chunk of chunks([...ids], 10_000)) {
    const rows = await db
      .deleteFrom('tracks')
      .where((eb) => eb('id', '=', eb.fn.any(eb.val(chunk))))
      .returning(['id', 'album_id'])
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Deletes those of these albums that have no track left. */
export async function deleteEmptyAlbums(db: Conn, albumIds: readonly number[]): Promise<{ id: number; artist_id: number }[]> {
  if (albumIds.length === 0) return [];
  const removed = await db
    .deleteFrom('albums')
    .where((eb) =>
      eb.and([
        eb('id', '=', eb.fn.any(eb.val([...albumIds]))),
        eb.not(eb.exists(eb.selectFrom('tracks').select(sql`1`.as('one')).whereRef('tracks.album_id', '=', 'albums.id'))),
      ]),
    )
    .returning(['id', 'artist_id'])
    .execute();
  return removed;
}

/** Deletes those of these artists that have no album left. */
export async function deleteEmptyArtists(db: Conn, artistIds: readonly number[]): Promise<number[]> {
  if (artistIds.length === 0) return [];
  const removed = await db
    .deleteFrom('artists')
    .where((eb) =>
      eb.and([
        eb('id', '=', eb.fn.any(eb.val([...artistIds]))),
        eb.not(eb.exists(eb.selectFrom('albums').select(sql`1`.as('one')).whereRef('albums.artist_id', '=', 'artists.id'))),
      ]),
    )
    .returning('id')
    .execute();
  return removed.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Pages for Relay connections: keyset pagination on (key, id), so cursors stay valid while rows come and go.

export interface PageArgs {
  /** Case-insensitive substring of the title (albums) or name (artists). */
  search?: string | null;
  /** The (key, id) of the last row of the previous page. */
  after?: { key: string; id: number } | null;
  first: number;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** The orders of the `albums` list; each is a total order (the id breaks ties), so keyset pages never skip or repeat. */
export type AlbumOrder = 'TITLE' | 'YEAR' | 'RECENTLY_ADDED';

/**
 * Where a page of albums starts: the sort key of the last row of the previous page, per order.
 * YEAR: by year, oldest first, albums without a year last, then title; RECENTLY_ADDED: newest
 * first, `addedUs` the row's created_at in microseconds since the epoch (a JS Date keeps only ms).
 */
export type AlbumCursor =
  | { order: 'TITLE'; title: string; id: number }
  | { order: 'YEAR'; year: number | null; title: string; id: number }
  | { order: 'RECENTLY_ADDED'; addedUs: string; id: number };

/** What the `albums` list can be narrowed to. The cover filters read the covers table: an album with no cover row yet counts as PENDING. */
export interface AlbumFilter {
  /** Case-insensitive substring of the title. */
  search?: string | null;
  artistId?: number | null;
  coverStatus?: readonly Database['covers']['status'][] | null;
  coverSource?: readonly NonNullable<Database['covers']['source']>[] | null;
}

/** An album row with the sort key of its order, from which its cursor is made. */
export type AlbumPageRow = Album & { added_us: string };

// Albums with no year sort after every year (a year is a smallint-sized number).
const YEAR_KEY = sql<number>`coalesce(albums.year, 2147483647)`;
const NO_YEAR = 2147483647;
const ADDED_US = sql<string>`(extract(epoch from albums.created_at) * 1000000)::bigint::text`;

function whereAlbums<Q extends SelectQueryBuilder<Database, 'albums', object>>(q: Q, filter: AlbumFilter): Q {
  const pattern = searchPattern(filter.search);
  if (pattern) q = q.where('albums.title_key', 'like', pattern) as Q;
  if (filter.artistId != null) q = q.where('albums.artist_id', '=', filter.artistId) as Q;
  const statuses = filter.coverStatus ?? [];
  const sources = filter.coverSource ?? [];
  if (filter.coverStatus || filter.coverSource) {
    q = q.where((eb) => {
      const cover = eb
        .selectFrom('covers')
        .select(sql`1`.as('one'))
        .where('covers.entity_type', '=', 'album')
        .whereRef('covers.entity_id', '=', 'albums.id');
      const matching = eb.exists(
        cover
          .$if(filter.coverStatus != null, (c) => c.where('covers.status', '=', eb.fn.any(eb.val([...statuses]))))
          .$if(filter.coverSource != null, (c) => c.where('covers.source', '=', eb.fn.any(eb.val([...sources])))),
      );
      // No row yet: the first read makes it PENDING with no source.
      const unseen = filter.coverStatus?.includes('PENDING') && filter.coverSource == null ? [eb.not(eb.exists(cover))] : [];
      return eb.or([matching, ...unseen]);
    }) as Q;
  }
  return q;
}

/** One page of albums in `order`, after `after` (a cursor of the same order). */
export async function pageAlbums(db: Conn, args: { filter?: AlbumFilter; order?: AlbumOrder; after?: AlbumCursor | null; first: number }): Promise<Page<AlbumPageRow>> {
  const order = args.order ?? 'TITLE';
  let q = whereAlbums(db.selectFrom('albums').selectAll('albums').select(ADDED_US.as('added_us')), args.filter ?? {});
  const after = args.after;
  if (after && after.order !== order) throw new Error(`a ${after.order} cursor for a ${order} page`); // the schema refuses it first
  switch (order) {
    case 'TITLE':
      if (after?.order === 'TITLE') q = q.where((eb) => eb(eb.refTuple('albums.title_key', 'albums.id'), '>', eb.tuple(after.title, after.id)));
      q = q.orderBy('albums.title_key').orderBy('albums.id');
      break;
    case 'YEAR':
      if (after?.order === 'YEAR') q = q.where(sql<boolean>`(${YEAR_KEY}, albums.title_key, albums.id) > (${after.year ?? NO_YEAR}, ${after.title}, ${after.id})`);
      q = q.orderBy(YEAR_KEY).orderBy('albums.title_key').orderBy('albums.id');
      break;
    case 'RECENTLY_ADDED':
      // Compared as timestamps (exact to the microsecond), so an index on (created_at, id) can serve it.
      if (after?.order === 'RECENTLY_ADDED') q = q.where(sql<boolean>`(albums.created_at, albums.id) < (timestamptz 'epoch' + ${after.addedUs}::bigint * interval '1 microsecond', ${after.id})`);
      q = q.orderBy('albums.created_at', 'desc').orderBy('albums.id', 'desc');
      break;
  }
  const rows = await q.limit(args.first + 1).execute();
  return toPage(rows, args.first);
}

/** The cursor key of a row in `order`. */
export function albumCursorOf(row: AlbumPageRow, order: AlbumOrder): AlbumCursor {
  switch (order) {
    case 'TITLE':
      return { order, title: row.title_key, id: row.id };
    case 'YEAR':
      return { order, year: row.year, title: row.title_key, id: row.id };
    case 'RECENTLY_ADDED':
      return { order, addedUs: row.added_us, id: row.id };
  }
}

/** Artists ordered by (name_key, id); search as in pageAlbums. */
export async function pageArtists(db: Conn, args: PageArgs): Promise<Page<Artist>> {
  let q = db.selectFrom('artists').selectAll();
  const pattern = searchPattern(args.search);
  if (pattern) q = q.where('name_key', 'like', pattern);
  const after = args.after;
  if (after) q = q.where((eb) => eb(eb.refTuple('name_key', 'id'), '>', eb.tuple(after.key, after.id)));
  const rows = await q.orderBy('name_key').orderBy('id').limit(args.first + 1).execute();
  return toPage(rows, args.first);
}

export async function countAlbums(db: Conn, filter: AlbumFilter = {}): Promise<number> {
  const row = await whereAlbums(db.selectFrom('albums').select((eb) => eb.fn.countAll<number>().as('n')), filter).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countArtists(db: Conn, args: { search?: string | null } = {}): Promise<number> {
  let q = db.selectFrom('artists').select((eb) => eb.fn.countAll<number>().as('n'));
  const pattern = searchPattern(args.search);
  if (pattern) q = q.where('name_key', 'like', pattern);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

function searchPattern(search: string | null | undefined): string | null {
  const key = search ? normaliseKey(search) : '';
  return key === '' ? null : `%${escapeLike(key)}%`;
}

function toPage<T>(rows: T[], first: number): Page<T> {
  const hasNextPage = rows.length > first;
  return { rows: hasNextPage ? rows.slice(0, first) : rows, hasNextPage };
}

// ---------------------------------------------------------------------------------------------
// Scans

export type { ScanCounters };

const ZERO_COUNTERS: ScanCounters = {
  filesSeen: 0,
  filesParsed: 0,
  filesSkipped: 0,
  filesFailed: 0,
  filesIgnored: 0,
  artistsAdded: 0,
  albumsAdded: 0,
  albumsChanged: 0,
  albumsRemoved: 0,
  tracksRemoved: 0,
};

/** `root` is what the scan covers (the folder relative to the library root; '' = all of it). */
export async function insertScan(db: Conn, args: { root: string; state?: 'queued' | 'running' }): Promise<Scan> {
  return db
    .insertInto('scans')
    .values({ root: args.root, state: args.state ?? 'running', ...counterColumns(ZERO_COUNTERS), failures: '[]', ignored: '[]' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A queued scan starts: state running, started_at now, counters from zero. */
export async function markScanRunning(db: Conn, id: number): Promise<void> {
  await db
    .updateTable('scans')
    .set({ state: 'running', started_at: sql<Date>`now()`, ...counterColumns(ZERO_COUNTERS), failures: '[]', ignored: '[]', error: null, finished_at: null })
    .where('id', '=', id)
    .execute();
}

export async function updateScanProgress(db: Conn, id: number, c: ScanCounters): Promise<void> {
  await db.updateTable('scans').set(counterColumns(c)).where('id', '=', id).execute();
}

export async function finishScan(
  db: Conn,
  id: number,
  args: {
    state: 'done' | 'failed';
    counters: ScanCounters;
    failures: readonly { path: string; error: string }[];
    ignored: readonly { path: string; reason: string }[];
    error?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('scans')
    .set({
      ...counterColumns(args.counters),
      state: args.state,
      // node-postgres would send a JS array as a Postgres array, not JSON.
      failures: JSON.stringify(args.failures),
      ignored: JSON.stringify(args.ignored),
      error: args.error ?? null,
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** A scan stopped by a stopping worker goes back to the queue with its job; it resumes where the files say. */
export async function requeueScan(db: Conn, id: number): Promise<void> {
  await db.updateTable('scans').set({ state: 'queued', error: null, finished_at: null }).where('id', '=', id).execute();
}

export async function findScansByIds(db: Conn, ids: readonly number[]): Promise<Scan[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('scans')
    .selectAll()
    .where((eb) => eb('id', '=', eb.fn.any(eb.val([...ids]))))
    .execute();
}

export async function findScanById(db: Conn, id: number): Promise<Scan | undefined> {
  return (await findScansByIds(db, [id]))[0];
}

export async function findLatestScan(db: Conn): Promise<Scan | undefined> {
  return db.selectFrom('scans').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

function counterColumns(c: ScanCounters) {
  return {
    files_seen: c.filesSeen,
    files_parsed: c.filesParsed,
    files_skipped: c.filesSkipped,
    files_failed: c.filesFailed,
    files_ignored: c.filesIgnored,
    artists_added: c.artistsAdded,
    albums_added: c.albumsAdded,
    albums_changed: c.albumsChanged,
    albums_removed: c.albumsRemoved,
    tracks_removed: c.tracksRemoved,
  };
}

// ---------------------------------------------------------------------------------------------

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Postgres refuses an upsert that touches one row twice: keep the first row per key. */
function dedupeBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

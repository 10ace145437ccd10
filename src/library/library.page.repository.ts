import { type Kysely, sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { CoverViewRow } from '../covers/cover.service.js';
import type { Image } from '../images/image.table.js';
import { TRACK_ORDER } from './library.repository.js';
import type { Artist, TrackView } from './library.table.js';

type Conn = Kysely<Database>;

export type TrackColumn = keyof TrackView;

/**
 * What a page of albums usually shows beside each album; each part is read only when asked. The
 * tracks are read with only the columns the page selects (`track_no` always, by which a value is
 * known to be a Track): most of the statement's cost, in Postgres and in parsing, is track values.
 */
export interface AlbumPageParts {
  artist: boolean;
  tracks: readonly TrackColumn[] | false;
  /** The cover's trace (a JSON array, the largest part of a cover row) is read only when selected. */
  cover: false | { trace: boolean };
}

/** A track with the columns a page asked for (the others absent). */
export type PageTrack = Partial<TrackView> & Pick<TrackView, 'track_no'>;

export type PageImage = Pick<Image, 'hash' | 'width' | 'height' | 'dominant_color' | 'thumbhash' | 'attribution'>;

export interface AlbumPageDetails {
  albumId: number;
  artist?: Artist;
  /** In play order (TRACK_ORDER), with the columns asked for. */
  tracks?: PageTrack[];
  /** null: the album has no cover row yet. Only the columns a view reads; trace empty unless asked. */
  cover?: CoverViewRow | null;
  image?: PageImage | null;
}

// Every column of each row type, so a column added to a table is a compile error here until it is
// read; 'ts' marks a timestamptz, sent as epoch milliseconds (a number: no date text to parse).
type Kind = 1 | 'ts';
const ARTIST_COLUMNS = {
  id: 1, name: 1, name_key: 1, mb_artist_id: 1, mb_artist_searched_at: 'ts', folder: 1, external_id: 1, created_at: 'ts', updated_at: 'ts',
} satisfies Record<keyof Artist, Kind>;
// Only what a cover view reads (CoverViewRow), not the whole row: the rest (errors, retry times,
// the winner) is the worker's.
const COVER_COLUMNS = { status: 1, source: 1, upload_hash: 1, attempts: 1, updated_at: 'ts', trace: 1 } satisfies Record<keyof CoverViewRow, Kind>;
const { trace: _trace, ...COVER_COLUMNS_NO_TRACE } = COVER_COLUMNS;
const IMAGE_COLUMNS = { hash: 1, width: 1, height: 1, dominant_color: 1, thumbhash: 1, attribution: 1 } satisfies Record<keyof PageImage, Kind>;

/** The columns of `table` as one JSON array, in `columns`' order (null when `present` is null). */
function jsonRow(table: string, columns: Record<string, Kind>, present: string): RawBuilder<unknown> {
  const values = Object.entries(columns).map(([c, kind]) =>
    kind === 'ts' ? sql`floor(extract(epoch from ${sql.ref(`${table}.${c}`)}) * 1000)` : sql.ref(`${table}.${c}`),
  );
  return sql`case when ${sql.ref(`${table}.${present}`)} is null then null else json_build_array(${sql.join(values)}) end`;
}

/** The object a jsonRow array stands for, timestamps back as Dates. */
function objectOf<T>(values: unknown[], columns: Record<string, Kind>): T {
  const out: Record<string, unknown> = {};
  let i = 0;
  for (const c in columns) {
    const v = values[i++];
    out[c] = columns[c] === 'ts' && v !== null ? new Date(v as number) : v;
  }
  return out as T;
}

function trackOf(values: unknown[], columns: readonly TrackColumn[]): PageTrack {
  const track: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) track[columns[i]!] = values[i];
  return track as PageTrack;
}

/**
 * The artist, tracks and cover (with its image's metadata) of these albums, in ONE statement: what
 * the albums page's loaders would fetch in four (artists, tracks, covers, images). The whole answer
 * is one JSON text (an array per album, the rows in it as arrays of values, timestamps as epoch
 * milliseconds): pg then parses one value for the page instead of some thirty columns per album,
 * and JSON.parse does the rest (about a fifth of the page's CPU, BENCHMARKS.md).
 */
export async function findAlbumPageDetails(db: Conn, albumIds: readonly number[], parts: AlbumPageParts): Promise<AlbumPageDetails[]> {
  if (albumIds.length === 0) return [];
  const select: RawBuilder<unknown>[] = [sql`a.id`];
  const from: RawBuilder<unknown>[] = [];
  if (parts.artist) {
    select.push(jsonRow('r', ARTIST_COLUMNS, 'id'));
    from.push(sql`join artists r on r.id = a.artist_id`);
  }
  const coverColumns: Record<string, Kind> = parts.cover && parts.cover.trace ? COVER_COLUMNS : COVER_COLUMNS_NO_TRACE;
  if (parts.cover) {
    select.push(jsonRow('c', coverColumns, 'entity_id'), jsonRow('i', IMAGE_COLUMNS, 'hash'));
    from.push(sql`left join covers c on c.entity_type = 'album' and c.entity_id = a.id`, sql`left join images i on i.hash = c.image_hash`);
  }
  const trackColumns: readonly TrackColumn[] = parts.tracks ? ['track_no', ...parts.tracks.filter((c) => c !== 'track_no')] : [];
  if (parts.tracks) {
    const values = sql.join(trackColumns.map((c) => sql.ref(`t.${c}`)));
    select.push(sql`(select coalesce(json_agg(json_build_array(${values}) order by ${TRACK_ORDER}), '[]') from tracks t where t.album_id = a.id)`);
  }
  const { rows } = await sql<{ page: unknown[][] | null }>`
    select json_agg(json_build_array(${sql.join(select)})) as page from albums a ${sql.join(from, sql` `)}
    where a.id = any(${sql.val([...albumIds])})`.execute(db);
  return (rows[0]?.page ?? []).map((row) => {
    let i = 0;
    const details: AlbumPageDetails = { albumId: row[i++] as number };
    if (parts.artist) details.artist = objectOf<Artist>(row[i++] as unknown[], ARTIST_COLUMNS);
    if (parts.cover) {
      const cover = row[i++] as unknown[] | null;
      const image = row[i++] as unknown[] | null;
      details.cover = cover === null ? null : objectOf<CoverViewRow>(cover, coverColumns);
      // Not read: empty, for a selection that does not show it (the page keeps such views to itself).
      if (details.cover) details.cover.trace ??= [];
      details.image = image === null ? null : objectOf<PageImage>(image, IMAGE_COLUMNS);
    }
    if (parts.tracks) details.tracks = (row[i++] as unknown[][]).map((values) => trackOf(values, trackColumns));
    return details;
  });
}

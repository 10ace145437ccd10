import { type Kysely, sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Cover } from '../covers/cover.table.js';
import type { Image } from '../images/image.table.js';
import { TRACK_ORDER } from './library.repository.js';
import { type Artist, type TrackView, TRACK_VIEW_COLUMNS } from './library.table.js';

type Conn = Kysely<Database>;

/** What a page of albums usually shows beside each album; each part is read only when asked. */
export interface AlbumPageParts {
  artist: boolean;
  tracks: boolean;
  cover: boolean;
}

export type PageImage = Pick<Image, 'hash' | 'width' | 'height' | 'dominant_color' | 'thumbhash' | 'attribution'>;

export interface AlbumPageDetails {
  albumId: number;
  artist?: Artist;
  /** In play order (TRACK_ORDER). */
  tracks?: TrackView[];
  /** null: the album has no cover row yet. */
  cover?: Cover | null;
  image?: PageImage | null;
}

// Every column of each row type, so a column added to a table is a compile error here until it is read.
const ARTIST_COLUMNS = { id: 1, name: 1, name_key: 1, mb_artist_id: 1, mb_artist_searched_at: 1, folder: 1, external_id: 1, created_at: 1, updated_at: 1 } satisfies Record<keyof Artist, 1>;
const COVER_COLUMNS = {
  entity_type: 1, entity_id: 1, status: 1, source: 1, image_hash: 1, upload_hash: 1, trace: 1, attempts: 1,
  next_retry_at: 1, last_error: 1, resolved_at: 1, created_at: 1, updated_at: 1,
} satisfies Record<keyof Cover, 1>;
const IMAGE_COLUMNS = { hash: 1, width: 1, height: 1, dominant_color: 1, thumbhash: 1, attribution: 1 } satisfies Record<keyof PageImage, 1>;

const prefixed = (table: string, prefix: string, columns: object): RawBuilder<unknown>[] =>
  Object.keys(columns).map((c) => sql`${sql.ref(`${table}.${c}`)} as ${sql.id(`${prefix}${c}`)}`);

function unprefix<T>(row: Record<string, unknown>, prefix: string, columns: object): T {
  const out: Record<string, unknown> = {};
  for (const c of Object.keys(columns)) out[c] = row[`${prefix}${c}`];
  return out as T;
}

function trackOf(values: unknown[]): TrackView {
  const track: Record<string, unknown> = {};
  TRACK_VIEW_COLUMNS.forEach((c, i) => (track[c] = values[i]));
  return track as TrackView;
}

/**
 * The artist, tracks and cover (with its image's metadata) of these albums, in ONE statement: what
 * the albums page's loaders would fetch in four (artists, tracks, covers, images). Tracks come as
 * one JSON array per album with only the columns the API shows.
 */
export async function findAlbumPageDetails(db: Conn, albumIds: readonly number[], parts: AlbumPageParts): Promise<AlbumPageDetails[]> {
  if (albumIds.length === 0) return [];
  const select: RawBuilder<unknown>[] = [sql`a.id as album_id`];
  const from: RawBuilder<unknown>[] = [];
  if (parts.artist) {
    select.push(...prefixed('r', 'artist_', ARTIST_COLUMNS));
    from.push(sql`join artists r on r.id = a.artist_id`);
  }
  if (parts.cover) {
    select.push(...prefixed('c', 'cover_', COVER_COLUMNS), ...prefixed('i', 'image_', IMAGE_COLUMNS));
    from.push(sql`left join covers c on c.entity_type = 'album' and c.entity_id = a.id`, sql`left join images i on i.hash = c.image_hash`);
  }
  if (parts.tracks) {
    // Arrays of values, not objects: a third of the text to decode and parse for the same rows.
    const values = sql.join(TRACK_VIEW_COLUMNS.map((c) => sql.ref(`t.${c}`)));
    select.push(sql`(select coalesce(json_agg(json_build_array(${values}) order by ${TRACK_ORDER}), '[]') from tracks t where t.album_id = a.id) as tracks`);
  }
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(select)} from albums a ${sql.join(from, sql` `)}
    where a.id = any(${sql.val([...albumIds])})`.execute(db);
  return rows.map((row) => {
    const details: AlbumPageDetails = { albumId: row.album_id as number };
    if (parts.artist) details.artist = unprefix<Artist>(row, 'artist_', ARTIST_COLUMNS);
    if (parts.tracks) details.tracks = (row.tracks as unknown[][]).map(trackOf);
    if (parts.cover) {
      details.cover = row.cover_entity_id == null ? null : unprefix<Cover>(row, 'cover_', COVER_COLUMNS);
      details.image = row.image_hash == null ? null : unprefix<PageImage>(row, 'image_', IMAGE_COLUMNS);
    }
    return details;
  });
}

import type { Generated, Selectable } from 'kysely';
import type { CoverSourceName } from '../covers/sources/catalog.js';

/** What an album picture shows; one declaration for the table, the gatherers and the GraphQL enum. */
export const ALBUM_IMAGE_TYPES = ['FRONT', 'BACK', 'BOOKLET', 'MEDIUM'] as const;
export type AlbumImageType = (typeof ALBUM_IMAGE_TYPES)[number];

/** Where an album picture was found: the local sources and the Cover Art Archive. */
export type AlbumImageSource = Extract<CoverSourceName, 'EMBEDDED' | 'FOLDER' | 'COVER_ART_ARCHIVE'>;

export interface AlbumImageTable {
  album_id: number;
  /** An original in `images`: stored once, whichever album or cover shows it. */
  image_hash: string;
  type: AlbumImageType;
  source: AlbumImageSource;
  /** Order within the album: local pictures first, then by type, then as found. */
  position: number;
  /** Where exactly: `01 - Fold.flac: Cover (back)`, `scans/inlay.jpg`, `release 5ca1ab1e…: image 3 (Booklet)`. */
  detail: string;
}

export interface AlbumImageGatherTable {
  album_id: number;
  /** QUEUED: a gather job is on its way; DONE: `album_images` holds what it found. */
  state: 'QUEUED' | 'DONE';
  /** What each place gave, in words (shown nowhere yet; read it in SQL when a picture is missing). */
  detail: Generated<string>;
  gathered_at: Date | null;
  updated_at: Generated<Date>;
}

export type AlbumImageRow = Selectable<AlbumImageTable>;

export interface AlbumImageTables {
  album_images: AlbumImageTable;
  album_image_gathers: AlbumImageGatherTable;
}

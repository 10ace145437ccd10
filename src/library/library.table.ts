import type { Generated, Selectable } from 'kysely';

export interface ArtistTable {
  id: Generated<number>;
  name: string;
  /** Lower-cased, whitespace-folded name: how tracks are grouped under one artist. */
  name_key: string;
  mb_artist_id: string | null;
  /** Folder holding the artist's album folders, relative to the library root, when they share one. */
  folder: string | null;
  /** The id SoniqueBay's backend gave it (LIBRARY_SOURCE=push); null for what a scan found. */
  external_id: Generated<string | null>;
  /** When a MusicBrainz artist search last ran for it (its tags gave no id); null if never. */
  mb_artist_searched_at: Generated<Date | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AlbumTable {
  id: Generated<number>;
  artist_id: number;
  title: string;
  title_key: string;
  /** Album folder relative to the library root (disc subfolders fold into it); '' is the root. */
  folder: string;
  year: number | null;
  mb_release_id: string | null;
  mb_release_group_id: string | null;
  /** Names, sizes and mtimes of the image files in the album folder: a change re-resolves the cover. */
  folder_images: string;
  /** The id SoniqueBay's backend gave it (LIBRARY_SOURCE=push); null for what a scan found. */
  external_id: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TrackTable {
  id: Generated<number>;
  album_id: number;
  /** Relative to the library root, with forward slashes. */
  path: string;
  size: number;
  mtime_ms: number;
  title: string;
  artist: string | null;
  track_no: number | null;
  disc_no: number | null;
  format: string | null;
  mb_track_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ScanTable {
  id: Generated<number>;
  root: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  files_seen: number;
  files_parsed: number;
  files_skipped: number;
  files_failed: number;
  /** Files in the scanned folders that were not read at all (not audio, a symlink out of the library). */
  files_ignored: number;
  /** [{ path, reason }] for the first ignored files, capped. */
  ignored: unknown;
  artists_added: number;
  albums_added: number;
  albums_changed: number;
  albums_removed: number;
  tracks_removed: number;
  /** [{ path, error }] for files that could not be read, capped. */
  failures: unknown;
  error: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export type Artist = Selectable<ArtistTable>;
export type Album = Selectable<AlbumTable>;
export type Track = Selectable<TrackTable>;
/** The columns the GraphQL Track type shows: what its loaders select (no timestamps to parse per row). */
export const TRACK_VIEW_COLUMNS = ['id', 'album_id', 'path', 'title', 'artist', 'track_no', 'disc_no', 'format'] as const satisfies readonly (keyof Track)[];
export type TrackView = Pick<Track, (typeof TRACK_VIEW_COLUMNS)[number]>;
export type Scan = Selectable<ScanTable>;

export interface LibraryTables {
  artists: ArtistTable;
  albums: AlbumTable;
  tracks: TrackTable;
  scans: ScanTable;
}

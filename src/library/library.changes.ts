import type { Db } from '../db/database.js';

/**
 * What a scan changed, by id. The library announces it; whoever keeps data about albums and
 * artists (covers) decides what follows. The library imports none of them: `app.ts` wires them in.
 */
export interface LibraryChanges {
  albumsAdded: number[];
  /** Tracks added, changed or removed, or the folder's images changed (art may be new). */
  albumsChanged: number[];
  albumsRemoved: number[];
  artistsAdded: number[];
  /** The artist's folder changed (its picture may be new). */
  artistsChanged: number[];
  artistsRemoved: number[];
}

export interface LibraryHooks {
  /**
   * Runs inside the transaction that deletes these albums and artists, so what hangs off them goes
   * in the same commit (or not at all).
   */
  removed?(trx: Db, removed: { albums: number[]; artists: number[] }): Promise<void>;
  /**
   * Runs after each commit, with what that commit changed: a scan tells it album folder by album
   * folder as it goes (so a cover is queued while the scan still runs), a push once per batch.
   */
  changed?(changes: LibraryChanges): Promise<void>;
}

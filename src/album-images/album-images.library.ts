import type { Db } from '../db/database.js';
import type { LibraryHooks } from '../library/library.changes.js';
import { expireAlbumImageGathers } from './album-images.repository.js';

/**
 * Adds to the library hooks what album pictures need: an album whose tracks or folder images
 * changed has its pictures gathered again on the next read. A removed album takes its pictures
 * with it (foreign keys, on delete cascade).
 */
export function withAlbumImageHooks(hooks: LibraryHooks, db: Db): LibraryHooks {
  return {
    ...hooks,
    async changed(changes) {
      await hooks.changed?.(changes);
      await expireAlbumImageGathers(db, changes.albumsChanged);
    },
  };
}

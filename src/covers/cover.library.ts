import type { Services } from '../context.js';
import type { LibraryChanges, LibraryHooks } from '../library/library.changes.js';
import { deleteCoversOf, type EntityKey } from './cover.repository.js';
import { enqueueAfterScan } from './cover.service.js';

// How covers follow the library: the library says what changed, covers decide what that means.

const keys = (type: EntityKey['type'], ids: readonly number[]): EntityKey[] => ids.map((id) => ({ type, id }));

/** A removed album or artist takes its covers row with it, in the transaction that removes it. */
export const deleteCoversOfRemoved: NonNullable<LibraryHooks['removed']> = (trx, removed) =>
  deleteCoversOf(trx, [...keys('album', removed.albums), ...keys('artist', removed.artists)]);

/** New albums and artists get a LOW job as they commit; changed ones (new art, new tracks) are searched again. */
export function queueCoversAfterScan(services: Pick<Services, 'db' | 'queue'>): NonNullable<LibraryHooks['changed']> {
  return (c: LibraryChanges) =>
    enqueueAfterScan(
      services,
      [...keys('album', c.albumsAdded), ...keys('artist', c.artistsAdded)],
      [...keys('album', c.albumsChanged), ...keys('artist', c.artistsChanged)],
    );
}

/** Everything covers does when the library changes: what `app.ts` hands the scan task. */
export function coverLibraryHooks(services: Pick<Services, 'db' | 'queue'>): LibraryHooks {
  return { removed: deleteCoversOfRemoved, changed: queueCoversAfterScan(services) };
}

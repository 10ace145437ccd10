import type { JobHelpers } from 'graphile-worker';
import type { Config } from '../env.js';
import type { Db } from '../db/database.js';
import { acceptImage } from '../covers/cover.accept.js';
import { loadSubject } from '../covers/cover.chain.js';
import type { SourceRuntime } from '../covers/sources/registry.js';
import type { ImageStore } from '../images/image.store.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import { embeddedPictures, folderPictures, type FoundPicture } from './album-images.local.js';
import { replaceAlbumImages } from './album-images.repository.js';
import { ALBUM_IMAGE_TYPES, type AlbumImageSource, type AlbumImageTable } from './album-images.table.js';
import { caaPictures } from './caa-images.js';

export interface AlbumImageDeps {
  db: Db;
  config: Config;
  store: ImageStore;
  sources: Pick<SourceRuntime, 'remote'>;
  log: Log;
}

export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

/**
 * The `gather_album_images` task: an album's typed pictures from its tracks, its folder and the
 * Cover Art Archive, each validated and stored like a cover (content hash, default variant) and
 * recorded in one transaction. Pictures are judged like a cover of their origin, except for their
 * shape: a booklet spread is twice as wide as high. A transient CAA failure keeps what was found
 * and rethrows, so graphile-worker tries again with its backoff.
 */
export function gatherAlbumImagesTask(deps: AlbumImageDeps): TaskHandlers['gather_album_images'] {
  return async (payload, helpers: JobHelpers) => {
    const subject = await loadSubject(deps.db, deps.config, { type: 'album', id: payload.albumId });
    if (!subject || subject.kind !== 'album') return; // removed meanwhile
    const signal = helpers.abortSignal;
    const embedded = await embeddedPictures(subject);
    const folder = await folderPictures(subject, deps.config.musicDir);
    const caa = await caaPictures(subject, deps.sources.remote('coverartarchive'), signal);
    signal?.throwIfAborted();
    const found: [AlbumImageSource, FoundPicture[]][] = [['EMBEDDED', embedded.pictures], ['FOLDER', folder.pictures], ['COVER_ART_ARCHIVE', caa.pictures]];
    const rows: Omit<AlbumImageTable, 'album_id'>[] = [];
    const rejected: string[] = [];
    for (const [source, pictures] of found) {
      for (const p of pictures) {
        const result = await acceptImage(deps.store, p.image, { kind: 'album', origin: source === 'COVER_ART_ARCHIVE' ? 'remote' : 'local', squareTolerance: Infinity });
        if (!result.accepted) rejected.push(`${p.detail}: ${result.reason}`);
        // The same picture twice (embedded and in the folder): stored once, listed once, first place wins.
        else if (!rows.some((r) => r.image_hash === result.image.hash)) rows.push({ image_hash: result.image.hash, type: p.type, source, position: 0, detail: p.detail });
      }
    }
    // By type (front, back, booklet, medium), then as found: local before remote, file order.
    const ordered = rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => ALBUM_IMAGE_TYPES.indexOf(a.r.type) - ALBUM_IMAGE_TYPES.indexOf(b.r.type) || a.i - b.i)
      .map(({ r }, position) => ({ ...r, position }));
    const detail = [embedded.note, folder.note, caa.note, ...rejected.map((r) => `rejected ${r}`)].join('; ').slice(0, 2000);
    await deps.db.transaction().execute((trx) => replaceAlbumImages(trx, payload.albumId, ordered, detail));
    deps.log.info({ album: payload.albumId, images: ordered.length, rejected: rejected.length }, 'album images gathered');
    if (caa.retry) throw new RetryLaterError(`album ${payload.albumId}: ${caa.note}`);
  };
}

import type { Services } from '../context.js';
import { albumImagesJobKey } from './album-images.keys.js';
import { claimAlbumImageGathers, findAlbumImagesByAlbumIds, type AlbumImageInfo } from './album-images.repository.js';

export type AlbumImageView = AlbumImageInfo;

/**
 * The DataLoader's batch function: these albums' pictures in one query; albums never gathered (or
 * gathered longer ago than MISSING_TTL_DAYS) are claimed and get a NORMAL job in one transaction.
 */
export async function albumImagesOf(services: Pick<Services, 'db' | 'queue' | 'config'>, albumIds: readonly number[]): Promise<AlbumImageView[][]> {
  const { db, queue, config } = services;
  const rows = await findAlbumImagesByAlbumIds(db, albumIds);
  await db.transaction().execute(async (trx) => {
    const due = await claimAlbumImageGathers(trx, albumIds, new Date(Date.now() - config.missingTtlMs));
    await queue.add(
      due.map((albumId) => ({ task: 'gather_album_images' as const, payload: { albumId }, priority: 'NORMAL' as const, jobKey: albumImagesJobKey(albumId), maxAttempts: 5 })),
      trx,
    );
  });
  return albumIds.map((id) => rows.filter((r) => r.album_id === id));
}

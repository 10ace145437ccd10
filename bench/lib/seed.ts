import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { normalise } from '../../src/images/image.pipeline.js';
import { createImageStore } from '../../src/images/image.store.js';
import { poolPicture } from './library.js';

export { seedLibrary } from '../../test/helpers/seed.js';

/** Normalises `count` pool pictures and stores them as images; returns their hashes. */
export async function storePoolImages(db: Db, count: number): Promise<string[]> {
  const store = createImageStore(db, { cacheBytes: 0 });
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const img = await normalise(await poolPicture(i));
    await store.put(img);
    hashes.push(img.hash);
  }
  return hashes;
}

/** READY album covers from the embedded source, cycling through `hashes`: a library already resolved. */
export async function markAlbumCoversReady(db: Db, albumIds: readonly number[], hashes: readonly string[]): Promise<void> {
  const rows = albumIds.map((id, i) => ({
    entity_type: 'album' as const,
    entity_id: id,
    status: 'READY' as const,
    source: 'EMBEDDED' as const,
    image_hash: hashes[i % hashes.length]!,
    upload_hash: null,
    // What the chain writes for an embedded hit (a real library's READY covers all have a trace).
    trace: JSON.stringify([{ source: 'EMBEDDED', outcome: 'FOUND', detail: `front cover in ${String(i + 1).padStart(5, '0')}/01.flac (1200x1200)`, durationMs: 41, at: '2026-12-03T08:00:00.000Z' }]),
    next_retry_at: null,
    last_error: null,
    resolved_at: new Date(),
  }));
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('covers').values(rows.slice(i, i + 2000)).execute();
  await sql`analyze`.execute(db);
}

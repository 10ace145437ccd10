import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';

/**
 * Writes a synthetic library straight into the tables (no audio files): for tests that need many
 * albums, such as round-trip counting. Returns the album ids in title order.
 */
export async function seedLibrary(db: Db, opts: { albums: number; tracksPerAlbum?: number; artists?: number; prefix?: string }): Promise<number[]> {
  const artists = opts.artists ?? Math.max(1, Math.ceil(opts.albums / 5));
  const prefix = opts.prefix ?? 'Seed';
  const artistRows = await db
    .insertInto('artists')
    .values(Array.from({ length: artists }, (_, i) => ({ name: `${prefix} Artist ${i}`, name_key: `${prefix.toLowerCase()} artist ${i}`, mb_artist_id: null, folder: null })))
    .returning('id')
    .execute();
  const albumRows = await db
    .insertInto('albums')
    .values(
      Array.from({ length: opts.albums }, (_, i) => {
        const title = `${prefix} Album ${String(i).padStart(5, '0')}`;
        return {
          artist_id: artistRows[i % artists]!.id,
          title,
          title_key: title.toLowerCase(),
          folder: `${prefix}/${i}`,
          year: 2000 + (i % 20),
          mb_release_id: null,
          mb_release_group_id: null,
          folder_images: '',
        };
      }),
    )
    .returning('id')
    .execute();
  const tracks = opts.tracksPerAlbum ?? 3;
  const trackValues = albumRows.flatMap((a, i) =>
    Array.from({ length: tracks }, (_, t) => ({
      album_id: a.id,
      path: `${prefix}/${i}/${t + 1}.mp3`,
      size: 1000,
      mtime_ms: 0,
      title: `Track ${t + 1}`,
      artist: null,
      track_no: t + 1,
      disc_no: 1,
      format: 'MPEG',
      mb_track_id: null,
    })),
  );
  for (let i = 0; i < trackValues.length; i += 5000) await db.insertInto('tracks').values(trackValues.slice(i, i + 5000)).execute();
  await sql`analyze`.execute(db);
  return albumRows.map((a) => a.id);
}

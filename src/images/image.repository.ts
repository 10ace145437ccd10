import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Image, ImageAttribution } from './image.table.js';
import type { NormalisedImage } from './image.pipeline.js';

type Conn = Kysely<Database>;

/** Content-addressed: storing a picture that is already there is a no-op. */
export async function insertImage(db: Conn, img: NormalisedImage): Promise<void> {
  await db
    .insertInto('images')
    .values({
      hash: img.hash,
      data: img.data,
      format: img.format,
      width: img.width,
      height: img.height,
      bytes: img.data.length,
      dominant_color: img.dominantColor,
      thumbhash: img.thumbhash,
      phash: img.phash,
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** Image metadata (no bytes) for many hashes at once. */
export async function findImageInfoByHashes(db: Conn, hashes: readonly string[]): Promise<Omit<Image, 'data'>[]> {
  if (hashes.length === 0) return [];
  return db
    .selectFrom('images')
    .select(['hash', 'format', 'width', 'height', 'bytes', 'dominant_color', 'thumbhash', 'attribution', 'phash', 'created_at'])
    .where('hash', 'in', [...new Set(hashes)])
    .execute();
}

/** Records who made a stored picture and under which licence (the same bytes always carry the same credit). */
export async function setImageAttribution(db: Conn, hash: string, attribution: ImageAttribution): Promise<void> {
  await db.updateTable('images').set({ attribution: JSON.stringify(attribution) }).where('hash', '=', hash).execute();
}

export async function findImageOriginal(db: Conn, hash: string): Promise<Pick<Image, 'data' | 'width' | 'height'> | undefined> {
  return db.selectFrom('images').select(['data', 'width', 'height']).where('hash', '=', hash).executeTakeFirst();
}

/** A stored variant's bytes; marks it used so eviction keeps what is served. */
export async function takeVariant(db: Conn, hash: string, size: number, format: string): Promise<Buffer | undefined> {
  const row = await db
    .updateTable('image_variants')
    .set({ last_used_at: sql`now()` })
    .where('hash', '=', hash)
    .where('size', '=', size)
    .where('format', '=', format)
    .returning('data')
    .executeTakeFirst();
  return row?.data;
}

export async function hasVariant(db: Conn, hash: string, size: number, format: string): Promise<boolean> {
  const row = await db.selectFrom('image_variants').select('hash').where('hash', '=', hash).where('size', '=', size).where('format', '=', format).executeTakeFirst();
  return row !== undefined;
}

export async function insertVariant(db: Conn, hash: string, size: number, format: string, data: Buffer): Promise<void> {
  await db
    .insertInto('image_variants')
    .values({ hash, size, format, data, bytes: data.length })
    .onConflict((oc) => oc.columns(['hash', 'size', 'format']).doNothing())
    .execute();
}

/** Total bytes held in originals and variants. */
export async function measureStore(db: Conn): Promise<{ images: number; imageBytes: number; variants: number; variantBytes: number }> {
  const { rows } = await sql<{ images: number; image_bytes: number; variants: number; variant_bytes: number }>`
    select (select count(*) from images)::int as images,
           (select coalesce(sum(bytes), 0) from images)::bigint as image_bytes,
           (select count(*) from image_variants)::int as variants,
           (select coalesce(sum(bytes), 0) from image_variants)::bigint as variant_bytes`.execute(db);
  const r = rows[0]!;
  return { images: r.images, imageBytes: Number(r.image_bytes), variants: r.variants, variantBytes: Number(r.variant_bytes) };
}

/**
 * Deletes the least recently used variants until all variants fit in `budgetBytes`.
 * Variants are derived data: any of them is rebuilt from its original on the next request.
 */
export async function evictVariantsOverBudget(db: Conn, budgetBytes: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with ranked as (
      select hash, size, format, sum(bytes) over (order by last_used_at desc, hash, size, format) as running
      from image_variants
    ), doomed as (
      delete from image_variants v using ranked r
      where v.hash = r.hash and v.size = r.size and v.format = r.format and r.running > ${budgetBytes}
      returning 1
    )
    select count(*)::int as n from doomed`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Deletes originals no cover, album picture (Album.images) or kept candidate preview points at any more (their variants go with them). */
export async function deleteUnreferencedImages(db: Conn, olderThan: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with doomed as (
      delete from images i
      where i.created_at < ${olderThan}
        and not exists (select 1 from covers c where c.image_hash = i.hash or c.upload_hash = i.hash)
        and not exists (select 1 from album_images a where a.image_hash = i.hash)
        and not exists (select 1 from cover_candidates k where k.image_hash = i.hash)
      returning 1
    )
    select count(*)::int as n from doomed`.execute(db);
  return rows[0]?.n ?? 0;
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// external_id: the id SoniqueBay's own backend gives an artist or album when it registers its
// library (LIBRARY_SOURCE=push). Null for what a scan found. Unique per table (Postgres lets any
// number of nulls through a unique index), and the lookup path of upsertLibrary and album(externalId:).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artists').addColumn('external_id', 'text').execute();
  await db.schema.alterTable('albums').addColumn('external_id', 'text').execute();
  await db.schema.createIndex('artists_external_id').on('artists').column('external_id').unique().execute();
  await db.schema.createIndex('albums_external_id').on('albums').column('external_id').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('albums_external_id').execute();
  await db.schema.dropIndex('artists_external_id').execute();
  await db.schema.alterTable('albums').dropColumn('external_id').execute();
  await db.schema.alterTable('artists').dropColumn('external_id').execute();
}

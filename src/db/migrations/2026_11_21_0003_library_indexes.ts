import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// A scan of one folder reads tracks and albums by path prefix (`like 'Artist/%'`): text_pattern_ops
// lets a btree serve LIKE prefixes whatever the database collation, and equality as well.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tracks_path_prefix').on('tracks').expression(sql`path text_pattern_ops`).execute();
  await db.schema.createIndex('albums_folder_prefix').on('albums').expression(sql`folder text_pattern_ops`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('albums_folder_prefix').execute();
  await db.schema.dropIndex('tracks_path_prefix').execute();
}

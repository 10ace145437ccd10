import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// scans: the files a scan passed over without reading (not audio, a symlink out of the library)
// are counted and a sample kept with the reason, so no file is ignored without a word; and the
// artists a scan added are counted like its albums.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('scans')
    .addColumn('files_ignored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ignored', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('artists_added', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scans').dropColumn('files_ignored').dropColumn('ignored').dropColumn('artists_added').execute();
}

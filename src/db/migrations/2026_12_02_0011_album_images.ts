import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// album_images: an album's pictures beyond its cover (front, back, booklet, medium), each an
// original of `images` (content-addressed: stored once whichever album or cover shows it).
// album_image_gathers: when an album's pictures were last gathered, so a read queues the work once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('album_images')
    .addColumn('album_id', 'integer', (c) => c.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('image_hash', 'text', (c) => c.notNull().references('images.hash').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('FRONT', 'BACK', 'BOOKLET', 'MEDIUM')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('album_images_pk', ['album_id', 'image_hash'])
    .execute();
  await db.schema.createIndex('album_images_image_hash').on('album_images').column('image_hash').execute();
  await db.schema
    .createTable('album_image_gathers')
    .addColumn('album_id', 'integer', (c) => c.primaryKey().references('albums.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('QUEUED', 'DONE')`))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('gathered_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('album_image_gathers').execute();
  await db.schema.dropTable('album_images').execute();
}

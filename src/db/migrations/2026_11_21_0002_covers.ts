import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('images')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('dominant_color', 'text', (c) => c.notNull())
    .addColumn('thumbhash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('image_variants')
    .addColumn('hash', 'text', (c) => c.notNull().references('images.hash').onDelete('cascade'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('image_variants_pk', ['hash', 'size', 'format'])
    .execute();
  await db.schema.createIndex('image_variants_lru').on('image_variants').column('last_used_at').execute();

  await db.schema
    .createTable('covers')
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type in ('album', 'artist')`))
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('image_hash', 'text', (c) => c.references('images.hash').onDelete('set null'))
    .addColumn('upload_hash', 'text', (c) => c.references('images.hash').onDelete('set null'))
    .addColumn('trace', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_retry_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('covers_pk', ['entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('covers_status').on('covers').columns(['status', 'next_retry_at']).execute();
  await db.schema.createIndex('covers_image_hash').on('covers').column('image_hash').execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('worker_heartbeats')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['worker_heartbeats', 'rate_limits', 'covers', 'image_variants', 'images']) {
    await db.schema.dropTable(t).execute();
  }
}

import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// cover_candidates: every picture the sources offered for an album's cover or an artist's image
// when a user asked (Album.coverCandidates), each with its preview stored in `images` so the
// browser never loads a remote host; kept until gathered again. cover_candidate_gathers: when.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cover_candidates')
    .addColumn('entity_type', 'text', (c) => c.notNull().check(sql`entity_type in ('album', 'artist')`))
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('similarity', 'real')
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('image_hash', 'text', (c) => c.notNull().references('images.hash').onDelete('cascade'))
    .addColumn('found_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cover_candidates_pk', ['entity_type', 'entity_id', 'candidate_id'])
    .execute();
  await db.schema.createIndex('cover_candidates_image_hash').on('cover_candidates').column('image_hash').execute();
  await db.schema
    .createTable('cover_candidate_gathers')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('QUEUED', 'DONE')`))
    .addColumn('gathered_at', 'timestamptz')
    .addPrimaryKeyConstraint('cover_candidate_gathers_pk', ['entity_type', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cover_candidate_gathers').execute();
  await db.schema.dropTable('cover_candidates').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// winner: the candidate a READY cover is served from (source, match, similarity, type, size, id),
// so a background upgrade check knows what a new candidate has to beat. Null for placeholders,
// uploads and covers resolved before it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('covers').addColumn('winner', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('covers').dropColumn('winner').execute();
}

import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// phash: the perceptual hash of the stored original (16 hex digits, src/images/phash.ts), how a
// known provider placeholder or the same picture at another size is recognised by look. Null for
// originals stored before it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('images').addColumn('phash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('images').dropColumn('phash').execute();
}

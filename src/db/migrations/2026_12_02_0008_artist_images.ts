import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// images.attribution: who made a picture and under which licence (a Wikimedia Commons file's
// author and licence), kept with the picture itself since it is content-addressed: the same
// bytes carry the same credit whichever cover shows them.
// artists.mb_artist_searched_at: when a MusicBrainz artist search last ran for an artist the tags
// gave no id (found or not), so a search that found nothing is not repeated on every retry.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('images').addColumn('attribution', 'jsonb').execute();
  await db.schema.alterTable('artists').addColumn('mb_artist_searched_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artists').dropColumn('mb_artist_searched_at').execute();
  await db.schema.alterTable('images').dropColumn('attribution').execute();
}

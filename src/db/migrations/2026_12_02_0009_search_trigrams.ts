import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Album and artist search is `title_key like '%part%'` (and name_key): a btree cannot serve a
// pattern that does not start the string, so without this every search reads the whole table.
// pg_trgm's GIN index serves LIKE with any pattern of 3 characters or more. pg_trgm is a
// "trusted" extension (any role that may create objects in the database can install it); the
// embedded Postgres ships it. A server without it (contrib not installed) keeps working with
// sequential scans: the migration then adds nothing.
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ installed: boolean; available: boolean; allowed: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
           exists (select 1 from pg_available_extensions where name = 'pg_trgm') as available,
           has_database_privilege(current_database(), 'CREATE') as allowed`.execute(db);
  const { installed, available, allowed } = rows[0]!;
  if (!installed) {
    if (!available || !allowed) return;
    await sql`create extension pg_trgm`.execute(db);
  }
  await sql`create index albums_title_key_trgm on albums using gin (title_key gin_trgm_ops)`.execute(db);
  await sql`create index artists_name_key_trgm on artists using gin (name_key gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists artists_name_key_trgm`.execute(db);
  await sql`drop index if exists albums_title_key_trgm`.execute(db);
}

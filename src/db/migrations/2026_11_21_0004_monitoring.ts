import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// source_attempts: one row per source attempt, written in one insert per resolved cover; what
// coverStats and the success-rate alert read across every process. Pruned by maintain_covers.
// alert_states: one row per alert (rule, subject); a transition is an UPDATE … WHERE firing <> new
// under the row lock, so with many worker processes each one is observed (and sent) once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('source_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('source_attempts_at').on('source_attempts').column('at').execute();
  await db.schema.createIndex('source_attempts_source_at').on('source_attempts').columns(['source', 'at']).execute();

  await db.schema
    .createTable('alert_states')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('firing', 'boolean', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('value', 'double precision')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('alert_states_pk', ['rule', 'subject'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_states').execute();
  await db.schema.dropTable('source_attempts').execute();
}

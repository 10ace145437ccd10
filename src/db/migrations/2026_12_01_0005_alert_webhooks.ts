import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// alert_webhook_outbox: the alert transitions still to be POSTed to ALERT_WEBHOOK_URL, oldest
// first. A send_alert_webhooks job delivers them in order and deletes each once the receiver took
// it; they survive a restart, and any worker process may send them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_webhook_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('alert', 'json', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_webhook_outbox').execute();
}

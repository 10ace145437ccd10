import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AttemptOutcome, CoverSourceName, EntityType } from '../covers/cover.table.js';

export interface SourceAttemptTable {
  id: Generated<number>;
  /** The trace's source name (COVER_ART_ARCHIVE, …), as in `covers.trace`. */
  source: CoverSourceName;
  outcome: AttemptOutcome;
  entity_type: EntityType;
  duration_ms: number;
  at: Generated<Date>;
}

export type AlertSeverity = 'warning' | 'critical';

export interface AlertStateTable {
  rule: string;
  subject: string;
  firing: boolean;
  severity: AlertSeverity;
  message: string;
  /** When the alert last changed between firing and resolved. */
  since: Generated<Date>;
  value: number | null;
  updated_at: Generated<Date>;
}

export type AlertState = Selectable<AlertStateTable>;

/** An alert transition waiting to be POSTed to the webhook (send_alert_webhooks). */
export interface AlertWebhookOutboxTable {
  id: Generated<number>;
  /** The AlertEvent as the bus carries it (src/events.ts; not imported: events.ts reaches this file through db/database.ts), the webhook body. */
  alert: ColumnType<object, string, string>;
  created_at: Generated<Date>;
}

// A type, not an interface: Kysely's withTables wants an index-signature-compatible shape.
export type MonitoringTables = {
  source_attempts: SourceAttemptTable;
  alert_states: AlertStateTable;
  alert_webhook_outbox: AlertWebhookOutboxTable;
};

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { AlertEvent } from '../events.js';
import type { TaskName } from '../jobs/task-list.js';
import type { EntityType, SourceAttemptRecord } from '../covers/cover.table.js';
import type { AlertSeverity, AlertState } from './monitoring.table.js';

type Conn = Kysely<Database>;

// The monitoring tables are this feature's own; Database does not list them.

/** A resolved cover's whole trace, in one statement. */
export async function insertSourceAttempts(db: Conn, entityType: EntityType, trace: readonly SourceAttemptRecord[]): Promise<void> {
  if (trace.length === 0) return;
  await db
    .insertInto('source_attempts')
    .values(trace.map((a) => ({ source: a.source, outcome: a.outcome, entity_type: entityType, duration_ms: Math.round(a.durationMs), at: new Date(a.at) })))
    .execute();
}

/** Drops attempts older than the retention; returns how many. */
export async function pruneSourceAttempts(db: Conn, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom('source_attempts').where('at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SourceStatsRow {
  source: string;
  attempts: number;
  found: number;
  not_found: number;
  rejected: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
}

/** Outcomes and latency percentiles per source since `since` (everything retained when null), across every process. */
export async function summariseSourceAttempts(db: Conn, since: Date | null): Promise<SourceStatsRow[]> {
  const { rows } = await sql<SourceStatsRow>`
    select source,
           count(*)::int as attempts,
           count(*) filter (where outcome = 'FOUND')::int as found,
           count(*) filter (where outcome = 'NOT_FOUND')::int as not_found,
           count(*) filter (where outcome = 'REJECTED')::int as rejected,
           count(*) filter (where outcome = 'ERROR')::int as errors,
           percentile_cont(0.5) within group (order by duration_ms) as p50_ms,
           percentile_cont(0.95) within group (order by duration_ms) as p95_ms
    from source_attempts
    where ${since === null ? sql`true` : sql`at >= ${since}`}
    group by source
    order by source`.execute(db);
  return rows;
}

/**
 * Per source, its latest `sample` attempts within the window: how many, and how many did not end in
 * ERROR. The attempts of `after.sources` count only from `after.at` on (the end of an outage).
 */
export async function sampleRecentAttempts(
  db: Conn,
  windowMinutes: number,
  sample: number,
  after: { sources: readonly string[]; at: Date } | null = null,
): Promise<{ source: string; attempts: number; ok: number }[]> {
  const since = after ? sql`and (source <> all(${[...after.sources]}::text[]) or at > ${after.at})` : sql``;
  const { rows } = await sql<{ source: string; attempts: number; ok: number }>`
    select source, count(*)::int as attempts, count(*) filter (where outcome <> 'ERROR')::int as ok
    from (
      select source, outcome, row_number() over (partition by source order by at desc, id desc) as n
      from source_attempts
      where at > now() - make_interval(secs => ${windowMinutes * 60}) ${since}
    ) recent
    where n <= ${sample}
    group by source
    order by source`.execute(db);
  return rows;
}

/** When an alert of `rule` last resolved, in any process (null: none did). */
export async function findLastResolved(db: Conn, rule: string): Promise<Date | null> {
  const row = await db
    .selectFrom('alert_states')
    .select((eb) => eb.fn.max('since').as('at'))
    .where('rule', '=', rule)
    .where('firing', '=', false)
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

export type JobState = 'queued' | 'running' | 'scheduled' | 'failed';

/** graphile-worker's jobs by priority and state: running (locked), failed (out of attempts), scheduled (due later), else queued. */
export async function countJobsByPriorityAndState(db: Conn): Promise<{ priority: number; state: JobState; n: number }[]> {
  const { rows } = await sql<{ priority: number; state: JobState; n: number }>`
    select priority,
           case when locked_at is not null then 'running'
                when attempts >= max_attempts then 'failed'
                when run_at > now() then 'scheduled'
                else 'queued' end as state,
           count(*)::int as n
    from graphile_worker.jobs
    group by 1, 2`.execute(db);
  return rows;
}

/** Jobs waiting for a worker and due now: what the queue_growing rule watches. */
export async function countDueJobs(db: Conn): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.jobs
    where locked_at is null and attempts < max_attempts and run_at <= now()`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Jobs that failed 3 times or more (with an error on record), and covers that went FAILED within the window. */
export async function countJobFailures(db: Conn, windowMinutes: number): Promise<{ jobs: number; covers: number }> {
  const { rows } = await sql<{ jobs: number; covers: number }>`
    select (select count(*) from graphile_worker.jobs where attempts >= 3 and last_error is not null)::int as jobs,
           (select count(*) from covers
             where status = 'FAILED' and resolved_at > now() - make_interval(secs => ${windowMinutes * 60}))::int as covers`.execute(db);
  return rows[0] ?? { jobs: 0, covers: 0 };
}

export async function findFiringAlerts(db: Conn): Promise<AlertState[]> {
  return db.selectFrom('alert_states').selectAll().where('firing', '=', true).orderBy('since').orderBy('rule').orderBy('subject').execute();
}

export interface AlertChange {
  rule: string;
  subject: string;
  severity: AlertSeverity;
  value: number | null;
  message: string;
}

/**
 * Marks an alert firing. Returns the row only when this call made the transition: the row lock
 * (insert … on conflict … where not firing) lets exactly one of many processes see it.
 */
export async function fireAlert(db: Conn, a: AlertChange): Promise<AlertState | undefined> {
  return db
    .insertInto('alert_states')
    .values({ rule: a.rule, subject: a.subject, firing: true, severity: a.severity, message: a.message, value: a.value })
    .onConflict((oc) =>
      oc
        .columns(['rule', 'subject'])
        .doUpdateSet({ firing: true, severity: a.severity, message: a.message, value: a.value, since: sql`now()`, updated_at: sql`now()` })
        .where('alert_states.firing', '=', false),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Marks an alert resolved; returns the row only when this call made the transition. */
export async function resolveAlert(db: Conn, a: AlertChange): Promise<AlertState | undefined> {
  return db
    .updateTable('alert_states')
    .set({ firing: false, message: a.message, value: a.value, since: sql`now()`, updated_at: sql`now()` })
    .where('rule', '=', a.rule)
    .where('subject', '=', a.subject)
    .where('firing', '=', true)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps a firing alert's value and message current (and shows it is still being evaluated). */
export async function refreshAlert(db: Conn, a: AlertChange): Promise<void> {
  await db
    .updateTable('alert_states')
    .set({ message: a.message, value: a.value, updated_at: sql`now()` })
    .where('rule', '=', a.rule)
    .where('subject', '=', a.subject)
    .where('firing', '=', true)
    .execute();
}

/** Resolves firing alerts nobody has re-evaluated for `staleMs` (e.g. the breaker of a process that died). */
export async function resolveStaleAlerts(db: Conn, staleMs: number, message: string): Promise<AlertState[]> {
  return db
    .updateTable('alert_states')
    .set({ firing: false, message, since: sql`now()`, updated_at: sql`now()` })
    .where('firing', '=', true)
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`)
    .returningAll()
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The alert webhook's outbox (send_alert_webhooks)

/**
 * Queues an alert for the webhook and keeps the outbox bounded: past `maxQueue` waiting alerts the
 * oldest waiting ones are dropped. The oldest row of all is never dropped: it may be on its way.
 * Returns the alerts dropped.
 */
export async function queueWebhookAlert(trx: Transaction<Database>, alert: AlertEvent, maxQueue: number): Promise<AlertEvent[]> {
  await trx.insertInto('alert_webhook_outbox').values({ alert: JSON.stringify(alert) }).execute();
  const { rows } = await sql<{ alert: AlertEvent }>`
    delete from alert_webhook_outbox where id in (
      select id from alert_webhook_outbox
      where id > (select min(id) from alert_webhook_outbox)
      order by id desc offset ${maxQueue})
    returning alert`.execute(trx);
  return rows.map((r) => r.alert);
}

export async function findFirstWebhookAlert(db: Conn): Promise<{ id: number; alert: AlertEvent } | null> {
  const row = await db.selectFrom('alert_webhook_outbox').select(['id', 'alert']).orderBy('id').limit(1).executeTakeFirst();
  return row ? { id: row.id, alert: row.alert as AlertEvent } : null;
}

export async function deleteWebhookAlert(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('alert_webhook_outbox').where('id', '=', id).execute();
}

/**
 * Whether a send_alert_webhooks job added before `jobId` waits to retry (it failed, and has tries
 * left): that one holds the head of the outbox, and sends the rest after it, in order.
 */
export async function hasEarlierWebhookJobWaiting(db: Conn, jobId: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.jobs
    where task_identifier = ${'send_alert_webhooks' satisfies TaskName} and id < ${jobId}::bigint
      and attempts > 0 and attempts < max_attempts and locked_at is null`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

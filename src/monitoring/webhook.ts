import type { Db } from '../db/database.js';
import type { AlertEvent } from '../events.js';
import type { AnyJobSpec, JobQueue } from '../jobs/queue.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import { postWebhook, worthRetrying } from '../jobs/webhook.post.js';
import * as repo from './monitoring.repository.js';

export interface AlertWebhookOptions {
  /** ALERT_WEBHOOK_URL; without one, nothing is queued or sent. */
  url: string | undefined;
  db: Db;
  queue: JobQueue;
  log: Log;
  fetch?: typeof fetch;
  /** Alerts waiting to be sent; past this the oldest waiting one is dropped (default 100). */
  maxQueue?: number;
  /** Tries per alert, the first included (default 5): the delivery job's max_attempts. */
  maxAttempts?: number;
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

export interface AlertWebhook {
  /** Queues an alert; never waits on the network (nor on the database: the write runs behind). */
  send(alert: AlertEvent): void;
  /** The `send_alert_webhooks` task, for the worker's task list. */
  readonly task: TaskHandlers['send_alert_webhooks'];
  /**
   * Finishes the queue writes, gives deliveries running in this process up to `graceMs`, then
   * aborts them: their alerts stay in the outbox for the next worker.
   */
  stop(graceMs?: number): Promise<void>;
  /** Alerts this process gave up on: outbox overflow, a permanent refusal, or every try failed. */
  readonly dropped: number;
}

/** The named queue that runs delivery jobs one at a time, so the outbox is sent in order. */
const QUEUE_NAME = 'alert_webhooks';

/**
 * Alert webhooks through the job queue (graphile-worker): each alert goes to an outbox table and a
 * `send_alert_webhooks` job POSTs the outbox as JSON, oldest first. A failed POST rethrows, and
 * graphile-worker retries the job with its exponential backoff; later alerts wait behind the one
 * failing, so the receiver sees them in order. Alerts survive a restart and any worker may send them.
 */
export function createAlertWebhook(opts: AlertWebhookOptions): AlertWebhook {
  const { db, queue, log } = opts;
  const doFetch = opts.fetch ?? fetch;
  const maxQueue = opts.maxQueue ?? 100;
  const maxAttempts = opts.maxAttempts ?? 5;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const host = opts.url ? new URL(opts.url).host : ''; // logged instead of the URL: it may carry a token
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  let writes: Promise<void> = Promise.resolve();
  let dropped = 0;

  const job = (): AnyJobSpec => ({ task: 'send_alert_webhooks', payload: {}, queueName: QUEUE_NAME, maxAttempts });

  function send(alert: AlertEvent): void {
    if (!opts.url || stopping.signal.aborted) return;
    // One write after another: the outbox keeps the order the alerts were announced in.
    writes = writes.then(async () => {
      try {
        const pushedOut = await db.transaction().execute(async (trx) => {
          const out = await repo.queueWebhookAlert(trx, alert, maxQueue);
          await queue.add([job()], trx);
          return out;
        });
        for (const old of pushedOut) log.warn({ rule: old.rule, subject: old.subject, host }, 'alert webhook queue full, oldest alert dropped');
        dropped += pushedOut.length;
      } catch (err) {
        dropped++;
        log.warn({ err, rule: alert.rule, subject: alert.subject }, 'alert webhook: could not queue the alert');
      }
    });
  }

  const deliver = (alert: AlertEvent, signal: AbortSignal) =>
    postWebhook(opts.url!, JSON.stringify(alert), { fetch: doFetch, timeoutMs, userAgent: 'soniquebay-covers-alerts', signal });

  const task: AlertWebhook['task'] = async (_payload, helpers) => {
    if (!opts.url) return;
    if (stopping.signal.aborted) throw new Error('alert webhook: this process is stopping; another worker will send the outbox');
    const { id, attempts, max_attempts } = helpers.job;
    // Jobs are added one per alert; an earlier one that waits to retry sends everything after it.
    if (await repo.hasEarlierWebhookJobWaiting(db, id)) return;
    const run = drain(attempts, max_attempts, AbortSignal.any([helpers.abortSignal, stopping.signal]));
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
    }
  };

  async function drain(attempts: number, maxTries: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      const next = await repo.findFirstWebhookAlert(db);
      if (!next) return;
      const result = await deliver(next.alert, signal);
      if (!result.sent && signal.aborted) throw new Error(`alert webhook ${host}: stopped while sending; the alert stays queued`);
      if (!result.sent && worthRetrying(result, attempts, maxTries)) {
        log.debug({ host, why: result.why, attempt: attempts }, 'alert webhook failed, retrying');
        // graphile-worker retries this job, and the outbox from this alert on, with its backoff.
        throw new Error(`alert webhook ${host} ${result.why}`);
      }
      if (!result.sent) {
        dropped++;
        log.warn({ host, why: result.why, attempts, rule: next.alert.rule, subject: next.alert.subject, firing: next.alert.firing }, 'alert webhook gave up');
      }
      await repo.deleteWebhookAlert(db, next.id);
      // After a retry, the alerts behind get a job of their own, with every try left.
      if (attempts > 1) {
        if (await repo.findFirstWebhookAlert(db)) await queue.add([job()]);
        return;
      }
    }
  }

  return {
    send,
    task,
    get dropped() {
      return dropped;
    },
    async stop(graceMs = 2000) {
      await writes;
      const grace = new Promise((r) => setTimeout(r, graceMs).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
      stopping.abort();
      await Promise.allSettled([...running]);
    },
  };
}

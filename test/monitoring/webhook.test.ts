/**
 * The alert webhook, sent through the job queue (a real graphile-worker on a real Postgres), against
 * a receiver on loopback: retries with backoff (graphile-worker's own: e^1 s, then e^2 s), gives up
 * on a permanent answer, keeps a bounded queue, never makes its caller wait, and keeps what it could
 * not send across a stop.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/events.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { buildTaskList } from '../../src/jobs/task-list.js';
import { createWorker, type JobWorker } from '../../src/jobs/worker.js';
import { createLogger } from '../../src/logger.js';
import { createAlertWebhook, type AlertWebhookOptions } from '../../src/monitoring/webhook.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const alert = (subject: string, firing = true): AlertEvent => ({
  rule: 'source_success_rate',
  subject,
  severity: 'warning',
  firing,
  message: `${subject} fails`,
  value: 0,
  at: new Date().toISOString(),
});

type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];

/** Records each POST body (by alert subject) and answers with `answer`. */
async function receiver(answer: Answer): Promise<{ url: string; subjects: string[]; at: number[] }> {
  const subjects: string[] = [];
  const at: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      subjects.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertEvent).subject);
      at.push(performance.now());
      answer(req, res, subjects.length);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, subjects, at };
}

const cleanups: (() => Promise<void>)[] = [];

/** The webhook and a worker that serves only its task, over a fresh database of their own. */
async function startWebhook(url: string, opts: Partial<AlertWebhookOptions> = {}, database?: TestDatabase) {
  const db = database ?? (await createTestDatabase());
  if (!database) cleanups.push(() => db.destroy());
  const webhook = createAlertWebhook({ url, db: db.db, queue: createJobQueue(db.db), log, ...opts });
  const idle = async () => {};
  const worker: JobWorker = createWorker({
    db: db.db,
    pool: db.pool,
    concurrency: 2,
    log,
    // Retries are scheduled jobs, found by polling: poll often so the backoff is all that is measured.
    pollIntervalMs: 100,
    taskList: buildTaskList({ scan_library: idle, resolve_cover: idle, upgrade_cover: idle, gather_album_images: idle, gather_cover_candidates: idle, maintain_covers: idle, prune_monitoring: idle, send_alert_webhooks: webhook.task, send_cover_webhook: idle }),
  });
  await worker.start();
  let stopped = false;
  const stop = async (graceMs?: number) => {
    if (stopped) return;
    stopped = true;
    await webhook.stop(graceMs);
    await worker.stop();
  };
  cleanups.push(() => stop());
  return { sender: webhook, database: db, stop };
}

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('alert webhook', () => {
  it('retries a failing receiver with growing pauses, in order', async () => {
    const hook = await receiver((_req, res, n) => res.writeHead(n <= 2 ? 503 : 200).end());
    const { sender, stop } = await startWebhook(hook.url);
    sender.send(alert('a'));
    sender.send(alert('b'));
    await waitFor(() => hook.subjects.length === 4, 20_000);
    expect(hook.subjects).toEqual(['a', 'a', 'a', 'b']);
    const [t0, t1, t2] = hook.at as [number, number, number];
    expect(t1 - t0).toBeGreaterThanOrEqual(35);
    expect(t2 - t1).toBeGreaterThanOrEqual(75); // doubled
    expect(sender.dropped).toBe(0);
    await stop();
  }, 40_000);

  it('gives up after maxAttempts, and at once on a permanent 4xx', async () => {
    const failing = await receiver((_req, res) => res.writeHead(500).end());
    const { sender: s1 } = await startWebhook(failing.url, { maxAttempts: 3 });
    s1.send(alert('x'));
    await waitFor(() => s1.dropped === 1, 20_000);
    expect(failing.subjects).toEqual(['x', 'x', 'x']);

    const refusing = await receiver((_req, res) => res.writeHead(404).end());
    const { sender: s2 } = await startWebhook(refusing.url);
    s2.send(alert('y'));
    await waitFor(() => s2.dropped === 1, 5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(refusing.subjects).toEqual(['y']);
  }, 40_000);

  it('keeps a bounded queue: the oldest waiting alert is dropped, and send never waits', async () => {
    const slow = await receiver((_req, res) => setTimeout(() => res.writeHead(200).end(), 150));
    const { sender, stop } = await startWebhook(slow.url, { maxQueue: 2 });
    const started = performance.now();
    for (const s of ['1', '2', '3', '4', '5']) sender.send(alert(s));
    expect(performance.now() - started).toBeLessThan(50);
    await waitFor(() => slow.subjects.length === 3, 5000);
    await new Promise((r) => setTimeout(r, 200));
    // '1' was already on its way; '2' and '3' were pushed out by '4' and '5'.
    expect(slow.subjects).toEqual(['1', '4', '5']);
    expect(sender.dropped).toBe(2);
    await stop();
  });

  it('stop gives a hanging receiver a grace period, then gives up; the alert waits for the next worker', async () => {
    // Hangs on the first POST, answers the next.
    const hanging = await receiver((_req, res, n) => void (n > 1 && res.writeHead(200).end()));
    const first = await startWebhook(hanging.url, { timeoutMs: 60_000 });
    first.sender.send(alert('h'));
    await waitFor(() => hanging.subjects.length === 1, 5000);
    const started = performance.now();
    await first.stop(100);
    expect(performance.now() - started).toBeLessThan(1000);
    // Not lost with the process: the alert is still in the outbox (not given up, so not dropped)...
    expect(first.sender.dropped).toBe(0);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from alert_webhook_outbox`.execute(first.database.db);
    expect(rows[0]!.n).toBe(1);
    // ...and the next worker on the same database sends it.
    await startWebhook(hanging.url, {}, first.database);
    await waitFor(() => hanging.subjects.length === 2, 20_000);
    expect(hanging.subjects).toEqual(['h', 'h']);
  }, 40_000);
});

/**
 * The alert webhook sender against a receiver on loopback: retries with backoff, gives up on a
 * permanent answer, keeps a bounded queue, and never makes its caller wait.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/events.js';
import { createLogger } from '../../src/logger.js';
import { createWebhookSender } from '../../src/monitoring/webhook.js';
import { waitFor } from '../helpers/wait.js';

const log = createLogger('silent');
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

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('alert webhook', () => {
  it('retries a failing receiver with growing pauses, in order', async () => {
    const hook = await receiver((_req, res, n) => res.writeHead(n <= 2 ? 503 : 200).end());
    const sender = createWebhookSender({ url: hook.url, log, backoffMs: 40 });
    sender.send(alert('a'));
    sender.send(alert('b'));
    await waitFor(() => hook.subjects.length === 4, 5000);
    expect(hook.subjects).toEqual(['a', 'a', 'a', 'b']);
    const [t0, t1, t2] = hook.at as [number, number, number];
    expect(t1 - t0).toBeGreaterThanOrEqual(35);
    expect(t2 - t1).toBeGreaterThanOrEqual(75); // doubled
    expect(sender.dropped).toBe(0);
    await sender.stop();
  });

  it('gives up after maxAttempts, and at once on a permanent 4xx', async () => {
    const failing = await receiver((_req, res) => res.writeHead(500).end());
    const s1 = createWebhookSender({ url: failing.url, log, backoffMs: 10, maxAttempts: 3 });
    s1.send(alert('x'));
    await waitFor(() => s1.dropped === 1, 5000);
    expect(failing.subjects).toEqual(['x', 'x', 'x']);

    const refusing = await receiver((_req, res) => res.writeHead(404).end());
    const s2 = createWebhookSender({ url: refusing.url, log, backoffMs: 10 });
    s2.send(alert('y'));
    await waitFor(() => s2.dropped === 1, 5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(refusing.subjects).toEqual(['y']);
    await Promise.all([s1.stop(), s2.stop()]);
  });

  it('keeps a bounded queue: the oldest waiting alert is dropped, and send never waits', async () => {
    const slow = await receiver((_req, res) => setTimeout(() => res.writeHead(200).end(), 150));
    const sender = createWebhookSender({ url: slow.url, log, maxQueue: 2 });
    const started = performance.now();
    for (const s of ['1', '2', '3', '4', '5']) sender.send(alert(s));
    expect(performance.now() - started).toBeLessThan(50);
    await waitFor(() => slow.subjects.length === 3, 5000);
    await new Promise((r) => setTimeout(r, 200));
    // '1' was already on its way; '2' and '3' were pushed out by '4' and '5'.
    expect(slow.subjects).toEqual(['1', '4', '5']);
    expect(sender.dropped).toBe(2);
    await sender.stop();
  });

  it('stop gives a hanging receiver a grace period, then gives up', async () => {
    const hanging = await receiver(() => {});
    const sender = createWebhookSender({ url: hanging.url, log, timeoutMs: 60_000 });
    sender.send(alert('h'));
    await waitFor(() => hanging.subjects.length === 1, 5000);
    const started = performance.now();
    await sender.stop(100);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sender.dropped).toBe(1);
  });
});

import type { AlertEvent } from '../events.js';
import type { Log } from '../logger.js';

export interface WebhookOptions {
  url: string;
  log: Log;
  fetch?: typeof fetch;
  /** Alerts waiting to be sent; past this the oldest is dropped (default 100). */
  maxQueue?: number;
  /** Tries per alert, the first included (default 5). */
  maxAttempts?: number;
  /** Wait before the first retry, doubled each time up to 60 s (default 1 s). */
  backoffMs?: number;
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

export interface WebhookSender {
  /** Queues an alert; never waits on the network. */
  send(alert: AlertEvent): void;
  /** Gives what is queued up to `graceMs` to go out, then gives up on the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Alerts given up on: queue overflow, or every try failed. */
  readonly dropped: number;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * POSTs each alert as JSON to the webhook, in order, one at a time, in the background: a slow or
 * failing receiver delays later alerts (retries with exponential backoff) but never an evaluation
 * or a job, and the queue is bounded.
 */
export function createWebhookSender(opts: WebhookOptions): WebhookSender {
  const doFetch = opts.fetch ?? fetch;
  const maxQueue = opts.maxQueue ?? 100;
  const maxAttempts = opts.maxAttempts ?? 5;
  const backoffMs = opts.backoffMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const host = new URL(opts.url).host; // logged instead of the URL: it may carry a token
  const queue: AlertEvent[] = [];
  const stopping = new AbortController();
  let dropped = 0;
  let draining: Promise<void> | null = null;

  function send(alert: AlertEvent): void {
    if (stopping.signal.aborted) return;
    if (queue.length >= maxQueue) {
      const old = queue.shift();
      dropped++;
      opts.log.warn({ rule: old?.rule, subject: old?.subject, host }, 'alert webhook queue full, oldest alert dropped');
    }
    queue.push(alert);
    draining ??= drain().finally(() => {
      draining = null;
    });
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !stopping.signal.aborted) {
      const alert = queue.shift()!;
      if (!(await deliver(alert))) dropped++;
    }
  }

  async function deliver(alert: AlertEvent): Promise<boolean> {
    const body = JSON.stringify(alert);
    for (let attempt = 1; ; attempt++) {
      let why: string;
      try {
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'soniquebay-covers-alerts' },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return true;
        why = `answered ${res.status}`;
        // A 4xx other than 408/429 will not change on retry.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) return giveUp(alert, why, attempt);
      } catch (err) {
        why = (err as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `failed: ${(err as Error).message}`;
      }
      if (attempt >= maxAttempts || stopping.signal.aborted) return giveUp(alert, why, attempt);
      const delay = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (attempt - 1));
      opts.log.debug({ host, why, attempt, retryInMs: delay }, 'alert webhook failed, retrying');
      await sleep(delay, stopping.signal);
    }
  }

  function giveUp(alert: AlertEvent, why: string, attempts: number): false {
    opts.log.warn({ host, why, attempts, rule: alert.rule, subject: alert.subject, firing: alert.firing }, 'alert webhook gave up');
    return false;
  }

  return {
    send,
    get dropped() {
      return dropped;
    },
    async stop(graceMs = 2000) {
      const deadline = Date.now() + graceMs;
      while (draining && Date.now() < deadline) await sleep(20);
      stopping.abort();
      dropped += queue.length;
      queue.length = 0;
      await draining;
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

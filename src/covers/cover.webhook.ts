import type { Db } from '../db/database.js';
import { DEFAULT_VARIANT } from '../images/image.pipeline.js';
import { variantPath } from '../images/image.routes.js';
import type { JobQueue } from '../jobs/queue.js';
import type { TaskHandlers, TaskPayload } from '../jobs/task-list.js';
import { postWebhook, worthRetrying } from '../jobs/webhook.post.js';
import { findExternalIds } from '../library/library.push.repository.js';
import type { Log } from '../logger.js';
import * as repo from './cover.repository.js';
import type { CoverStatus } from './cover.table.js';

export interface CoverWebhookOptions {
  /** COVER_WEBHOOK_URL; without one, nothing is queued or sent. */
  url: string | undefined;
  /** COVER_WEBHOOK_SECRET: signs each body (HMAC-SHA256) so the receiver can trust it. */
  secret: string | undefined;
  db: Db;
  queue: JobQueue;
  log: Log;
  fetch?: typeof fetch;
  /** Tries per cover, the first included (default 8): the delivery job's max_attempts. */
  maxAttempts?: number;
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

const SETTLED = new Set<CoverStatus>(['READY', 'MISSING', 'FAILED']);
/** Tries per cover, the first included: the delivery job's max_attempts. */
const MAX_ATTEMPTS = 8;

export interface SettledCover {
  key: repo.EntityKey;
  status: CoverStatus;
}

/**
 * Queues the delivery of a cover that just settled, in `db` (a transaction, so the job commits with
 * the cover row it reports), when there is a URL to tell and the entity has SoniqueBay's external id.
 * One path for every way a cover settles: the chain (worker) and an upload (API).
 */
export async function queueCoverWebhook(deps: { db: Db; queue: JobQueue; url: string | undefined; maxAttempts?: number }, settled: SettledCover): Promise<void> {
  if (!deps.url || !SETTLED.has(settled.status)) return;
  const [externalId] = await findExternalIds(deps.db, [settled.key]);
  if (!externalId) return;
  const cover = await repo.findCover(deps.db, settled.key);
  const payload: TaskPayload<'send_cover_webhook'> = {
    entityType: settled.key.type,
    externalId,
    status: settled.status as 'READY',
    source: cover?.source ?? null,
    imageUrl: cover?.image_hash ? variantPath(cover.image_hash, DEFAULT_VARIANT.size, DEFAULT_VARIANT.format) : null,
    at: new Date().toISOString(),
  };
  await deps.queue.add([{ task: 'send_cover_webhook', payload, maxAttempts: deps.maxAttempts ?? MAX_ATTEMPTS }], deps.db);
}

/**
 * Tells SoniqueBay's backend each settled cover: a `send_cover_webhook` job per cover (queued when
 * the chain settles it, or by the upload), POSTed like the alert webhook and signed. Only entities
 * the backend registered (with an external id) are told: the rest mean nothing to it.
 */
export function createCoverWebhook(opts: CoverWebhookOptions) {
  const { log, url } = opts;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const host = url ? new URL(url).host : ''; // logged instead of the URL: it may carry a token

  /** The resolver's hook: queues the delivery of a cover that just settled. Never throws. */
  async function settled(resolved: SettledCover): Promise<void> {
    try {
      await queueCoverWebhook(opts, resolved);
    } catch (err) {
      log.warn({ err, entity: repo.keyString(resolved.key) }, 'cover webhook: could not queue the delivery');
    }
  }

  const task: TaskHandlers['send_cover_webhook'] = async (payload, helpers) => {
    if (!url) return;
    const result = await postWebhook(url, JSON.stringify(payload), {
      timeoutMs,
      userAgent: 'soniquebay-covers-webhook',
      secret: opts.secret,
      signal: helpers.abortSignal ?? new AbortController().signal,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    if (result.sent) return;
    const { attempts, max_attempts } = helpers.job;
    // graphile-worker retries the job with its exponential backoff.
    if (worthRetrying(result, attempts, max_attempts)) throw new Error(`cover webhook ${host} ${result.why}`);
    log.warn({ host, why: result.why, attempts, externalId: payload.externalId, status: payload.status }, 'cover webhook gave up');
  };

  return { settled, task };
}

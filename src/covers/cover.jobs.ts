import type { JobHelpers } from 'graphile-worker';
import type { Services } from '../context.js';
import { deleteUnreferencedImages, evictVariantsOverBudget } from '../images/image.repository.js';
import { priorityName, type TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import { resolveCover, type ResolverDeps } from './cover.chain.js';
import { coverJobKey, upgradeJobKey } from './cover.keys.js';
import * as repo from './cover.repository.js';
import { raisePriority } from './cover.service.js';
import { cleanText } from '../text.js';

/**
 * The `resolve_cover` task. Expected failures end in a status, never a thrown error. An unexpected
 * one (a database error, a bug met by some data) is an attempt: it is rethrown so graphile-worker
 * records it on the job (`Cover.job.attempts`, `lastError`) and retries with its backoff, and once
 * RETRY_MAX_ATTEMPTS attempts have thrown the cover is FAILED (counted by the `job_failures` alert)
 * and the job ends, instead of retrying for days while the cover says PENDING.
 */
export function resolveCoverTask(deps: ResolverDeps): TaskHandlers['resolve_cover'] {
  return async (payload, helpers: JobHelpers) => {
    try {
      await resolveOnce(deps, payload, helpers);
    } catch (err) {
      if (helpers.abortSignal?.aborted) throw err;
      const entity = { type: payload.entityType, id: payload.entityId };
      const error = cleanText(err instanceof Error ? err.message : String(err)).slice(0, 300) || 'unexpected error';
      const attempts = helpers.job.attempts;
      if (attempts < deps.config.retryMaxAttempts) {
        // graphile-worker's own schedule for the next attempt: exp(min(attempts, 10)) seconds.
        const retryAt = new Date(Date.now() + Math.exp(Math.min(attempts, 10)) * 1000);
        await repo.updateCover(deps.db, entity, { attempts, last_error: error, next_retry_at: retryAt }).catch(() => undefined);
        throw err;
      }
      await repo.updateCover(deps.db, entity, { status: 'FAILED', attempts, last_error: error, next_retry_at: null, resolved_at: new Date() });
      deps.log.warn({ entity: repo.keyString(entity), attempts, error }, 'cover failed: every attempt threw');
      deps.publish({ kind: 'FAILED', entityType: entity.type, entityId: entity.id, priority: priorityName(helpers.job.priority), error });
    }
  };
}

async function resolveOnce(deps: ResolverDeps, payload: Parameters<TaskHandlers['resolve_cover']>[0], helpers: JobHelpers): Promise<void> {
  const { id, key } = helpers.job;
  const entity = { type: payload.entityType, id: payload.entityId };
  const priority = priorityName(helpers.job.priority);
  const outcome = await resolveCover(deps, {
    key: entity,
    force: payload.force ?? false,
    priority,
    // A refresh while this job runs gives its key to a new job: this one must not write its older answer.
    superseded: async () => key != null && !(await deps.queue.holdsKey(id, key)),
    signal: helpers.abortSignal,
    ...(payload.resume ? { resume: payload.resume } : {}),
    // The rest of the chain comes back as a job of its own under the same key and priority, due
    // with the remote's turn: waiting, it holds no worker slot, so local covers queued behind it
    // run meanwhile. (Adding under a running job's key makes a new job, as for ABORTED below.)
    defer: async (resume, waitMs) => {
      await deps.queue.add([{ task: 'resolve_cover', payload: { ...payload, resume }, priority, jobKey: key ?? coverJobKey(entity), runAt: new Date(Date.now() + waitMs) }]);
    },
  });
  if (outcome === 'ABORTED') {
    // The worker is stopping. Thrown, the abort would count as a failed attempt and back off;
    // instead the same job goes back in the queue under its key, due now, for the next worker
    // (adding under a running job's key makes a new job), and this one completes.
    await deps.queue.add([{ task: 'resolve_cover', payload, priority, jobKey: key ?? coverJobKey(entity) }]);
  }
}

/**
 * The `upgrade_cover` task: one look again at a settled cover (cover.upgrade.ts), at LOW priority,
 * through the same rate-limited clients as every job. A stop puts it back in the queue, due now.
 */
export function upgradeCoverTask(deps: ResolverDeps): TaskHandlers['upgrade_cover'] {
  return async (payload, helpers: JobHelpers) => {
    const { id, key } = helpers.job;
    const entity = { type: payload.entityType, id: payload.entityId };
    const priority = priorityName(helpers.job.priority);
    const jobKey = key ?? upgradeJobKey(entity);
    const outcome = await resolveCover(deps, {
      key: entity,
      priority,
      upgrade: true,
      superseded: async () => key != null && !(await deps.queue.holdsKey(id, key)),
      signal: helpers.abortSignal,
      ...(payload.resume ? { resume: payload.resume } : {}),
      // Background work too: waiting for a remote's turn, it holds no worker slot (as resolve_cover).
      defer: async (resume, waitMs) => {
        await deps.queue.add([{ task: 'upgrade_cover', payload: { ...payload, resume }, priority, jobKey, runAt: new Date(Date.now() + waitMs) }]);
      },
    });
    if (outcome === 'ABORTED') await deps.queue.add([{ task: 'upgrade_cover', payload, priority, jobKey }]);
  };
}

/** The periodic `maintain_covers` task: TTL re-checks and store housekeeping. */
export function maintainCoversTask(services: Services, log: Log): TaskHandlers['maintain_covers'] {
  return async () => {
    const { db, config, queue } = services;
    const stale = await repo.findStaleMissingCovers(db, new Date(Date.now() - config.missingTtlMs), 500);
    await raisePriority(queue, db, stale, 'LOW', { force: true });
    // Entities that never got a cover row (e.g. rows written before an upgrade) are backfilled too.
    const unseen = await repo.findEntitiesWithoutCover(db, 1000);
    await repo.insertPendingCovers(db, unseen);
    await raisePriority(queue, db, unseen, 'LOW');
    const evicted = await evictVariantsOverBudget(db, config.imageStoreBytes);
    const collected = await deleteUnreferencedImages(db, new Date(Date.now() - 3600_000));
    log.info({ recheckMissing: stale.length, backfilled: unseen.length, evictedVariants: evicted, collectedImages: collected }, 'cover maintenance');
  };
}

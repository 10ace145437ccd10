import type { JobHelpers, Task, TaskList } from 'graphile-worker';
import { z } from 'zod';
import { ATTEMPT_OUTCOMES } from '../covers/cover.table.js';
import { IMAGE_TYPES, MATCH_KINDS } from '../covers/sources/candidate.js';
import { COVER_SOURCE_VALUES, REMOTE_NAMES, SOURCE_NAMES, type CoverSourceName, type RemoteName, type SourceName } from '../covers/sources/catalog.js';

/** A candidate a deferred chain carries: everything but its bytes (CarriedCandidate in cover.selection.ts). */
const carriedCandidate = z.object({
  url: z.string().optional(),
  via: z.enum(REMOTE_NAMES as [RemoteName, ...RemoteName[]]).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  match: z.enum(MATCH_KINDS),
  similarity: z.number().optional(),
  type: z.enum(IMAGE_TYPES),
  detail: z.string(),
  attribution: z
    .object({ author: z.string().nullable(), license: z.string().nullable(), licenseUrl: z.string().nullable(), sourceUrl: z.string().nullable() })
    .optional(),
  look: z.object({ phash: z.string(), rgb: z.tuple([z.number(), z.number(), z.number()]) }).optional(),
  rejected: z.string().optional(),
});

/**
 * What a cover's chain has gathered so far, carried whole (never field by field) when it stops to
 * wait for a remote's turn, so a state the chain grows is carried with no change here beyond its field.
 */
const chainState = z.object({
  /** The steps already tried (and streamed), kept for the cover's trace. */
  trace: z.array(
    z.object({
      source: z.enum(COVER_SOURCE_VALUES as [CoverSourceName, ...CoverSourceName[]]),
      outcome: z.enum(ATTEMPT_OUTCOMES),
      detail: z.string(),
      durationMs: z.number(),
      at: z.string(),
    }),
  ),
  /** A transient failure met before the wait: the resolution still ends in FALLBACK and a retry. */
  transient: z.string().nullable(),
  /** The longest wait a failed remote asked for (Retry-After): the retry is not sooner. */
  retryAfterMs: z.number(),
  /** COVER_SELECTION=best: the candidates offered so far (cover.selection.ts, CarriedSelection). */
  selection: z
    .object({
      offers: z.array(
        z.object({
          source: z.enum(SOURCE_NAMES as [SourceName, ...SourceName[]]),
          at: z.number().int().nonnegative(),
          reread: z.boolean(),
          ranked: z.number().int().nonnegative(),
          candidates: z.array(carriedCandidate),
        }),
      ),
    })
    .optional(),
});

/** Where a cover's chain stopped to wait for a remote's turn, and what it had by then (see cover.chain.ts). */
const chainResume = z.object({
  /** The source to run next. */
  at: z.enum(SOURCE_NAMES as [SourceName, ...SourceName[]]),
  /** The rate-limit key whose line the job has its place in (RateLimitWait). */
  line: z.string().optional(),
  state: chainState,
});

/**
 * Every task the service runs, defined once. Whatever enqueues a job takes the identifier from
 * here and `buildTaskList` needs a handler for each: a job nobody consumes cannot be written
 * (the failure of seeds/cover-queue-fix.md).
 */
export const TASKS = {
  scan_library: z.object({ scanId: z.number().int().positive(), path: z.string().nullable() }),
  resolve_cover: z.object({
    entityType: z.enum(['album', 'artist']),
    entityId: z.number().int().positive(),
    /** Search again even when the cover is READY (refreshCovers, or changed art seen by a scan). */
    force: z.boolean().optional(),
    /** Set when the job put itself back to wait for a remote's turn: the chain goes on from there. */
    resume: chainResume.optional(),
  }),
  /**
   * Looks again at a cover served from a small local picture, a fuzzy match or a placeholder after
   * transient failures (LOW, its own job key): a better candidate replaces it; nothing else changes.
   */
  upgrade_cover: z.object({
    entityType: z.enum(['album', 'artist']),
    entityId: z.number().int().positive(),
    /** Set when the check put itself back to wait for a remote's turn, as for resolve_cover. */
    resume: chainResume.optional(),
  }),
  /** Finds an album's typed pictures (front, back, booklet, medium: embedded, folder, Cover Art Archive) and stores them (Album.images). */
  gather_album_images: z.object({ albumId: z.number().int().positive() }),
  /** Asks every source of the chain for all its candidates for one album or artist, with previews (Album.coverCandidates). */
  gather_cover_candidates: z.object({ entityType: z.enum(['album', 'artist']), entityId: z.number().int().positive() }),
  /** Periodic: re-check MISSING covers past their TTL, evict variants over budget, collect orphans. */
  maintain_covers: z.object({}).passthrough(),
  /** Periodic: monitoring deletes its own data past its retention (source attempts). */
  prune_monitoring: z.object({}).passthrough(),
  /** Sends the alert webhook's outbox, oldest first; a failed POST rethrows, so graphile-worker retries it with its backoff. */
  send_alert_webhooks: z.object({}).passthrough(),
  /** POSTs one settled cover to COVER_WEBHOOK_URL (signed); a failed POST rethrows, so graphile-worker retries it. */
  send_cover_webhook: z.object({
    entityType: z.enum(['album', 'artist']),
    externalId: z.string(),
    status: z.enum(['READY', 'MISSING', 'FAILED']),
    source: z.string().nullable(),
    imageUrl: z.string().nullable(),
    at: z.string(),
  }),
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskPayload<N extends TaskName> = z.infer<(typeof TASKS)[N]>;
export type TaskHandlers = { [N in TaskName]: (payload: TaskPayload<N>, helpers: JobHelpers) => Promise<void> };

export const TASK_NAMES = Object.keys(TASKS) as TaskName[];

/**
 * The periodic tasks and when they run (graphile-worker crontab times), keyed by task so a
 * schedule cannot name a task the worker does not serve. Each runs one at a time (its own job key).
 */
export const SCHEDULES = {
  maintain_covers: '*/15 * * * *',
  prune_monitoring: '7 * * * *',
} as const satisfies Partial<Record<TaskName, string>>;

/** The crontab the worker runs, derived from SCHEDULES. */
export const CRONTAB = Object.entries(SCHEDULES)
  .map(([task, when]) => `${when} ${task} ?jobKey=${task}&max=1`)
  .join('\n');

/** graphile-worker priorities: a lower number runs first. */
export const PRIORITY = { HIGH: -10, NORMAL: 0, LOW: 10 } as const;
export type PriorityName = keyof typeof PRIORITY;

export function priorityName(value: number): PriorityName {
  if (value <= PRIORITY.HIGH) return 'HIGH';
  if (value <= PRIORITY.NORMAL) return 'NORMAL';
  return 'LOW';
}

/** Wraps each handler so its payload is parsed before it runs; a malformed job fails loudly. */
export function buildTaskList(handlers: TaskHandlers): TaskList {
  const list: TaskList = {};
  for (const name of TASK_NAMES) {
    const schema = TASKS[name];
    const handler = handlers[name] as (p: unknown, h: JobHelpers) => Promise<void>;
    const task: Task = async (payload, helpers) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new Error(`${name}: malformed payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      await handler(parsed.data, helpers);
    };
    list[name] = task;
  }
  return list;
}

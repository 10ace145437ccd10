import type { Db } from '../db/database.js';
import type { EntityKey } from '../covers/cover.repository.js';
import { countCoversByStatus } from '../covers/cover.repository.js';
import type { CoverStatus, SourceAttemptRecord } from '../covers/cover.table.js';
import type { AlertEvent } from '../events.js';
import { measureStore } from '../images/image.repository.js';
import type { ImageStore, ImageStoreStats } from '../images/image.store.js';
import { PRIORITY, priorityName, type PriorityName } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import * as repo from './monitoring.repository.js';
import type { AlertState } from './monitoring.table.js';

/** How long source attempts are kept (coverStats' horizon); prune_monitoring deletes older ones. */
export const SOURCE_ATTEMPTS_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** What the recorder needs of the metrics: declared here so metrics.ts depends on this file, not both ways. */
export interface TraceCounter {
  /** Counts a resolved cover's attempts per source and outcome, and their latency. */
  recordTrace(trace: readonly SourceAttemptRecord[]): void;
}

/**
 * The resolver's `onResolved` hook: counts the trace in this process's metrics and stores it in
 * one insert, so /metrics (per process) and coverStats (every process) count the same attempts.
 * Never throws: losing a statistic must not fail the job that already wrote its cover.
 */
export function attemptRecorder(deps: { db: Db; metrics: TraceCounter; log: Log }) {
  return async (resolved: { key: EntityKey; trace: readonly SourceAttemptRecord[] }): Promise<void> => {
    if (resolved.trace.length === 0) return;
    deps.metrics.recordTrace(resolved.trace);
    try {
      await repo.insertSourceAttempts(deps.db, resolved.key.type, resolved.trace);
    } catch (err) {
      deps.log.warn({ err, entity: `${resolved.key.type}:${resolved.key.id}` }, 'could not record source attempts');
    }
  };
}

export interface SourceStats {
  source: string;
  attempts: number;
  found: number;
  notFound: number;
  rejected: number;
  errors: number;
  /** found / attempts. */
  successRate: number;
  p50Ms: number;
  p95Ms: number;
}

export async function loadSourceStats(db: Db, since: Date | null): Promise<SourceStats[]> {
  const rows = await repo.summariseSourceAttempts(db, since);
  return rows.map((r) => ({
    source: r.source,
    attempts: r.attempts,
    found: r.found,
    notFound: r.not_found,
    rejected: r.rejected,
    errors: r.errors,
    successRate: r.attempts > 0 ? r.found / r.attempts : 0,
    p50Ms: r.p50_ms,
    p95Ms: r.p95_ms,
  }));
}

export const JOB_STATES = ['queued', 'running', 'scheduled', 'failed'] as const satisfies readonly repo.JobState[];

export type QueueCounts = { priority: PriorityName } & Record<repo.JobState, number>;

/** Every job (all tasks) by priority and state; each priority is listed, zeros included. */
export async function loadQueueCounts(db: Db): Promise<QueueCounts[]> {
  const counts = new Map<PriorityName, QueueCounts>();
  for (const priority of Object.keys(PRIORITY) as PriorityName[]) counts.set(priority, { priority, queued: 0, running: 0, scheduled: 0, failed: 0 });
  for (const row of await repo.countJobsByPriorityAndState(db)) counts.get(priorityName(row.priority))![row.state] += row.n;
  return [...counts.values()];
}

export const COVER_STATUSES = ['READY', 'PENDING', 'FALLBACK', 'MISSING', 'FAILED'] as const satisfies readonly CoverStatus[];

/** Covers (albums and artists) by status, zeros included. */
export async function loadCoverCounts(db: Db): Promise<Record<CoverStatus, number>> {
  const found = await countCoversByStatus(db);
  return Object.fromEntries(COVER_STATUSES.map((s) => [s, found[s] ?? 0])) as Record<CoverStatus, number>;
}

export interface CacheStats extends ImageStoreStats {
  hitRate: number;
  storedImages: number;
  storedImageBytes: number;
  storedVariants: number;
  storedVariantBytes: number;
}

/** This process's variant LRU, plus what the database stores for every process. */
export async function loadCacheStats(db: Db, store: ImageStore): Promise<CacheStats> {
  const lru = store.stats();
  const stored = await measureStore(db);
  const lookups = lru.hits + lru.misses;
  return {
    ...lru,
    hitRate: lookups > 0 ? lru.hits / lookups : 0,
    storedImages: stored.images,
    storedImageBytes: stored.imageBytes,
    storedVariants: stored.variants,
    storedVariantBytes: stored.variantBytes,
  };
}

/** The alerts firing now, as the bus carries them (`at`: when each fired). */
export async function loadFiringAlerts(db: Db): Promise<AlertEvent[]> {
  return (await repo.findFiringAlerts(db)).map(toAlertEvent);
}

/** An alert_states row as an event: `at` is when it last fired or resolved. */
export function toAlertEvent(a: AlertState): AlertEvent {
  return { rule: a.rule, subject: a.subject, severity: a.severity, firing: a.firing, message: a.message, value: a.value, at: a.since.toISOString() };
}

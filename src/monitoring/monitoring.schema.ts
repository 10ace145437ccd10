import { CoverPriority } from '../covers/cover.schema.js';
import { CoverSource } from '../schema/cover-enums.js';
import type { CoverSourceName } from '../covers/cover.table.js';
import type { AlertEvent } from '../events.js';
import { builder } from '../schema/builder.js';
import {
  loadCacheStats,
  loadCoverCounts,
  loadFiringAlerts,
  loadQueueCounts,
  loadSourceStats,
  type CacheStats,
  type QueueCounts,
  type SourceStats,
} from './monitoring.service.js';

const SourceStatsRef = builder.objectRef<SourceStats>('SourceStats').implement({
  description: 'How one source of the fallback chain did, across every process.',
  fields: (t) => ({
    source: t.field({ type: CoverSource, resolve: (s) => s.source as CoverSourceName }),
    attempts: t.exposeInt('attempts'),
    found: t.exposeInt('found'),
    notFound: t.exposeInt('notFound'),
    rejected: t.exposeInt('rejected', { description: 'Found, but the image did not pass validation.' }),
    errors: t.exposeInt('errors'),
    successRate: t.exposeFloat('successRate', { description: 'found / attempts.' }),
    p50Ms: t.exposeFloat('p50Ms', { description: 'Median attempt duration, ms.' }),
    p95Ms: t.exposeFloat('p95Ms', { description: '95th percentile attempt duration, ms.' }),
  }),
});

const CacheStatsRef = builder.objectRef<CacheStats>('ImageCacheStats').implement({
  description: "The in-memory variant cache of the process that answered (hits … rendered), and the image store every process shares.",
  fields: (t) => ({
    hits: t.exposeInt('hits'),
    misses: t.exposeInt('misses'),
    hitRate: t.exposeFloat('hitRate', { description: 'hits / (hits + misses); 0 before any request.' }),
    bytes: t.exposeFloat('bytes'),
    entries: t.exposeInt('entries'),
    evictions: t.exposeInt('evictions'),
    rendered: t.exposeInt('rendered', { description: 'Variants rendered from an original because none was stored.' }),
    storedImages: t.exposeInt('storedImages'),
    storedImageBytes: t.exposeFloat('storedImageBytes'),
    storedVariants: t.exposeInt('storedVariants'),
    storedVariantBytes: t.exposeFloat('storedVariantBytes'),
  }),
});

const QueuePriorityStatsRef = builder.objectRef<QueueCounts>('QueuePriorityStats').implement({
  fields: (t) => ({
    priority: t.field({ type: CoverPriority, resolve: (c) => c.priority }),
    queued: t.exposeInt('queued'),
    running: t.exposeInt('running'),
    scheduled: t.exposeInt('scheduled'),
    failed: t.exposeInt('failed'),
  }),
});

const sum = (counts: QueueCounts[], state: 'queued' | 'running' | 'scheduled' | 'failed') => counts.reduce((n, c) => n + c[state], 0);

const QueueStatsRef = builder.objectRef<QueueCounts[]>('QueueStats').implement({
  description: 'Background jobs (every task), by state, and by priority.',
  fields: (t) => ({
    queued: t.int({ description: 'Waiting for a worker, due now.', resolve: (c) => sum(c, 'queued') }),
    running: t.int({ resolve: (c) => sum(c, 'running') }),
    scheduled: t.int({ description: 'Due later (a retry).', resolve: (c) => sum(c, 'scheduled') }),
    failed: t.int({ description: 'Out of attempts.', resolve: (c) => sum(c, 'failed') }),
    byPriority: t.field({ type: [QueuePriorityStatsRef], resolve: (c) => c }),
  }),
});

type CoverCounts = Awaited<ReturnType<typeof loadCoverCounts>>;

const CoverStatusCountsRef = builder.objectRef<CoverCounts>('CoverStatusCounts').implement({
  description: 'Covers of albums and artists, by status.',
  fields: (t) => ({
    ready: t.int({ resolve: (c) => c.READY }),
    pending: t.int({ resolve: (c) => c.PENDING }),
    fallback: t.int({ resolve: (c) => c.FALLBACK }),
    missing: t.int({ resolve: (c) => c.MISSING }),
    failed: t.int({ resolve: (c) => c.FAILED }),
    total: t.int({ resolve: (c) => Object.values(c).reduce((n, v) => n + v, 0) }),
  }),
});

// Each part is read only when asked for.
const CoverStatsRef = builder.objectRef<{ since: Date | null }>('CoverStats').implement({
  description: 'What /metrics exposes, for the frontend.',
  fields: (t) => ({
    since: t.field({ type: 'DateTime', nullable: true, description: 'Start of the source figures; null: everything kept (7 days).', resolve: (s) => s.since }),
    sources: t.field({ type: [SourceStatsRef], resolve: (s, _a, ctx) => loadSourceStats(ctx.db, s.since) }),
    cache: t.field({ type: CacheStatsRef, resolve: (_s, _a, ctx) => loadCacheStats(ctx.db, ctx.store) }),
    queue: t.field({ type: QueueStatsRef, resolve: (_s, _a, ctx) => loadQueueCounts(ctx.db) }),
    covers: t.field({ type: CoverStatusCountsRef, resolve: (_s, _a, ctx) => loadCoverCounts(ctx.db) }),
  }),
});

const AlertSeverity = builder.enumType('AlertSeverity', {
  values: { WARNING: { value: 'warning' }, CRITICAL: { value: 'critical' } } as const,
});

const AlertRef = builder.objectRef<AlertEvent>('Alert').implement({
  description: 'An alert rule about one subject, as it fired or resolved.',
  fields: (t) => ({
    rule: t.exposeString('rule', { description: 'source_success_rate, breaker_open, queue_growing or job_failures.' }),
    subject: t.exposeString('subject', { description: 'What it is about: a source, `remote@host:pid` for a breaker, `queue`, `jobs`.' }),
    severity: t.field({ type: AlertSeverity, resolve: (a) => a.severity }),
    firing: t.exposeBoolean('firing'),
    message: t.exposeString('message'),
    value: t.exposeFloat('value', { nullable: true, description: 'The measured value: a success rate, a breaker state (2 open), a queue depth, a failure count.' }),
    at: t.field({ type: 'DateTime', description: 'When it fired or resolved.', resolve: (a) => a.at }),
  }),
});

builder.queryFields((t) => ({
  coverStats: t.field({
    type: CoverStatsRef,
    description: 'Source success rates and latency, cache, queue and cover figures: the numbers of /metrics.',
    args: { since: t.arg({ type: 'DateTime', required: false, description: 'Count source attempts from this time only.' }) },
    resolve: (_root, args) => ({ since: args.since ?? null }),
  }),
  alerts: t.field({
    type: [AlertRef],
    description: 'The alerts firing now, oldest first.',
    resolve: (_root, _args, ctx) => loadFiringAlerts(ctx.db),
  }),
}));

builder.subscriptionFields((t) => ({
  alerts: t.field({
    type: AlertRef,
    description: 'Each alert as it fires or resolves, from whichever process saw it.',
    subscribe: (_root, _args, ctx) => ctx.events.pubsub.subscribe('alert'),
    resolve: (a) => a,
  }),
}));

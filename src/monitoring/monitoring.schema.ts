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
    source: t.field({ type: CoverSource, description: 'The source.', resolve: (s) => s.source as CoverSourceName }),
    attempts: t.exposeInt('attempts', { description: 'Times it was asked (in the window, across processes).' }),
    found: t.exposeInt('found', { description: 'Times it had a picture that passed validation.' }),
    notFound: t.exposeInt('notFound', { description: 'Times it had none.' }),
    rejected: t.exposeInt('rejected', { description: 'Found, but the image did not pass validation.' }),
    errors: t.exposeInt('errors', { description: 'Times it failed (timeout, 5xx, 429, circuit open…).' }),
    successRate: t.exposeFloat('successRate', { description: 'found / attempts.' }),
    p50Ms: t.exposeFloat('p50Ms', { description: 'Median attempt duration, ms.' }),
    p95Ms: t.exposeFloat('p95Ms', { description: '95th percentile attempt duration, ms.' }),
  }),
});

const CacheStatsRef = builder.objectRef<CacheStats>('ImageCacheStats').implement({
  description: "The in-memory variant cache of the process that answered (hits … rendered), and the image store every process shares.",
  fields: (t) => ({
    hits: t.exposeInt('hits', { description: 'Variant requests served from memory.' }),
    misses: t.exposeInt('misses', { description: 'Variant requests read from the store or rendered.' }),
    hitRate: t.exposeFloat('hitRate', { description: 'hits / (hits + misses); 0 before any request.' }),
    bytes: t.exposeFloat('bytes', { description: 'Bytes held in memory (at most IMAGE_CACHE_MB).' }),
    entries: t.exposeInt('entries', { description: 'Variants held in memory.' }),
    evictions: t.exposeInt('evictions', { description: 'Variants dropped from memory to stay within IMAGE_CACHE_MB.' }),
    rendered: t.exposeInt('rendered', { description: 'Variants rendered from an original because none was stored.' }),
    storedImages: t.exposeInt('storedImages', { description: 'Originals in the image store (Postgres).' }),
    storedImageBytes: t.exposeFloat('storedImageBytes', { description: 'Their bytes.' }),
    storedVariants: t.exposeInt('storedVariants', { description: 'Rendered variants in the image store (evicted past IMAGE_STORE_MB).' }),
    storedVariantBytes: t.exposeFloat('storedVariantBytes', { description: 'Their bytes.' }),
  }),
});

const QueuePriorityStatsRef = builder.objectRef<QueueCounts>('QueuePriorityStats').implement({
  description: 'Background jobs of one priority, by state.',
  fields: (t) => ({
    priority: t.field({ type: CoverPriority, description: 'The priority.', resolve: (c) => c.priority }),
    queued: t.exposeInt('queued', { description: 'Waiting for a worker, due now.' }),
    running: t.exposeInt('running', { description: 'A worker is on them.' }),
    scheduled: t.exposeInt('scheduled', { description: 'Due later (a retry).' }),
    failed: t.exposeInt('failed', { description: 'Out of attempts.' }),
  }),
});

const sum = (counts: QueueCounts[], state: 'queued' | 'running' | 'scheduled' | 'failed') => counts.reduce((n, c) => n + c[state], 0);

const QueueStatsRef = builder.objectRef<QueueCounts[]>('QueueStats').implement({
  description: 'Background jobs (every task), by state, and by priority.',
  fields: (t) => ({
    queued: t.int({ description: 'Waiting for a worker, due now.', resolve: (c) => sum(c, 'queued') }),
    running: t.int({ description: 'A worker is on them.', resolve: (c) => sum(c, 'running') }),
    scheduled: t.int({ description: 'Due later (a retry).', resolve: (c) => sum(c, 'scheduled') }),
    failed: t.int({ description: 'Out of attempts.', resolve: (c) => sum(c, 'failed') }),
    byPriority: t.field({ type: [QueuePriorityStatsRef], description: 'The same, per priority.', resolve: (c) => c }),
  }),
});

type CoverCounts = Awaited<ReturnType<typeof loadCoverCounts>>;

const CoverStatusCountsRef = builder.objectRef<CoverCounts>('CoverStatusCounts').implement({
  description: 'Covers of albums and artists, by status.',
  fields: (t) => ({
    ready: t.int({ description: 'READY: a real image.', resolve: (c) => c.READY }),
    pending: t.int({ description: 'PENDING: queued or running (covers never asked for are not counted).', resolve: (c) => c.PENDING }),
    fallback: t.int({ description: 'FALLBACK: a placeholder while a failed source is retried.', resolve: (c) => c.FALLBACK }),
    missing: t.int({ description: 'MISSING: no source had one.', resolve: (c) => c.MISSING }),
    failed: t.int({ description: 'FAILED: out of retries.', resolve: (c) => c.FAILED }),
    total: t.int({ description: 'All of them.', resolve: (c) => Object.values(c).reduce((n, v) => n + v, 0) }),
  }),
});

// Each part is read only when asked for.
const CoverStatsRef = builder.objectRef<{ since: Date | null }>('CoverStats').implement({
  description: 'What /metrics exposes, for the frontend.',
  fields: (t) => ({
    since: t.field({ type: 'DateTime', nullable: true, description: 'Start of the source figures; null: everything kept (7 days).', resolve: (s) => s.since }),
    sources: t.field({ type: [SourceStatsRef], description: 'Each source of the fallback chain.', resolve: (s, _a, ctx) => loadSourceStats(ctx.db, s.since) }),
    cache: t.field({ type: CacheStatsRef, description: 'The image cache and store.', resolve: (_s, _a, ctx) => loadCacheStats(ctx.db, ctx.store) }),
    queue: t.field({ type: QueueStatsRef, description: 'The job queue.', resolve: (_s, _a, ctx) => loadQueueCounts(ctx.db) }),
    covers: t.field({ type: CoverStatusCountsRef, description: 'Covers by status.', resolve: (_s, _a, ctx) => loadCoverCounts(ctx.db) }),
  }),
});

const AlertSeverity = builder.enumType('AlertSeverity', {
  description: 'How urgent an alert is.',
  values: {
    WARNING: { value: 'warning', description: 'Worth a look soon.' },
    CRITICAL: { value: 'critical', description: 'Needs action now.' },
  } as const,
});

const AlertRef = builder.objectRef<AlertEvent>('Alert').implement({
  description: 'An alert rule about one subject, as it fired or resolved.',
  fields: (t) => ({
    rule: t.exposeString('rule', { description: 'remotes_unreachable, source_success_rate, breaker_open, queue_growing or job_failures.' }),
    subject: t.exposeString('subject', { description: 'What it is about: `remotes@host:pid` for unreachable remotes, a source, `remote@host:pid` for a breaker, `queue`, `jobs`.' }),
    severity: t.field({ type: AlertSeverity, description: 'How urgent.', resolve: (a) => a.severity }),
    firing: t.exposeBoolean('firing', { description: 'True when it fired, false when it resolved.' }),
    message: t.exposeString('message', { description: 'What is wrong, in words.' }),
    value: t.exposeFloat('value', { nullable: true, description: 'The measured value: remotes unreachable, a success rate, a breaker state (2 open), a queue depth, a failure count.' }),
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

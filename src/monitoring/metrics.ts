import type { WorkerEvents } from 'graphile-worker';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../covers/remote/breaker.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { ImageStore } from '../images/image.store.js';
import type { ImageWork } from '../images/image.work.js';
import type { Log } from '../logger.js';
import { COVER_STATUSES, JOB_STATES, loadCoverCounts, loadQueueCounts, type TraceCounter } from './monitoring.service.js';

export interface Metrics extends TraceCounter {
  readonly registry: Registry;
  /** Times every job from the worker's events. */
  watchWorker(events: WorkerEvents): void;
  /** Reads this process's breakers at each scrape. */
  watchBreakers(breakers: () => Record<string, BreakerState>): void;
  /** The Prometheus text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsDeps {
  db: Db;
  store: ImageStore;
  /** The bounded queue in front of image work, when this process has one. */
  imageWork?: ImageWork;
  events: Pick<EventBus, 'dropped'>;
  log: Log;
}

const BREAKER_CODE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * This process's Prometheus metrics, in a registry of its own. Counters and histograms count what
 * this process did (Prometheus sums the processes); the queue and cover gauges are read from the
 * database at scrape time and are the same in every process (aggregate them with max, not sum).
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const { db, store, imageWork, events, log } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let breakers: (() => Record<string, BreakerState>) | null = null;
  const registers = [registry];

  const attempts = new Counter({
    name: 'covers_source_attempts_total',
    help: 'Source attempts of the cover fallback chain, by source and outcome (FOUND, NOT_FOUND, REJECTED, ERROR).',
    labelNames: ['source', 'outcome'] as const,
    registers,
  });
  const sourceDuration = new Histogram({
    name: 'covers_source_duration_seconds',
    help: 'How long one source attempt took.',
    labelNames: ['source'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'covers_job_duration_seconds',
    help: 'How long a job ran, by task and outcome (success, error: retried later, failed: out of attempts).',
    labelNames: ['task', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });

  // The image store and the event bus count for themselves; these mirror their counters at scrape time.
  const mirror = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  mirror('covers_image_cache_hits_total', 'Variant requests served from this process\'s in-memory LRU.', () => store.stats().hits);
  mirror('covers_image_cache_misses_total', 'Variant requests that missed the in-memory LRU (read from the database or rendered).', () => store.stats().misses);
  mirror('covers_image_cache_evictions_total', 'Variants evicted from the in-memory LRU to stay within its byte budget.', () => store.stats().evictions);
  mirror('covers_image_cache_rendered_total', 'Variants rendered from an original (not found stored).', () => store.stats().rendered);
  mirror('covers_event_bus_dropped_total', 'Live events dropped: outgoing queue full, too large for NOTIFY, or a subscriber that could not keep up.', () => events.dropped);

  mirror('covers_image_work_shed_total', 'Image requests (renders, uploads) refused with 503 because the image work queue was full.', () => imageWork?.stats().shed ?? 0);
  new Gauge({
    name: 'covers_image_work',
    help: 'Image work (sharp) in this process: running or waiting for a slot.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const s = imageWork?.stats() ?? { active: 0, queued: 0 };
      this.set({ state: 'running' }, s.active);
      this.set({ state: 'waiting' }, s.queued);
    },
  });
  new Gauge({
    name: 'covers_image_cache_bytes',
    help: 'Bytes held by this process\'s in-memory variant LRU.',
    registers,
    collect() {
      this.set(store.stats().bytes);
    },
  });
  new Gauge({
    name: 'covers_image_cache_entries',
    help: 'Variants held by this process\'s in-memory LRU.',
    registers,
    collect() {
      this.set(store.stats().entries);
    },
  });
  new Gauge({
    name: 'covers_breaker_state',
    help: 'Circuit breaker of each remote client in this process: 0 closed, 1 half open, 2 open.',
    labelNames: ['source'] as const,
    registers,
    collect() {
      this.reset();
      for (const [source, state] of Object.entries(breakers?.() ?? {})) this.set({ source }, BREAKER_CODE[state]);
    },
  });
  new Gauge({
    name: 'covers_queue_depth',
    help: 'Jobs in the queue (every process), by priority and state: queued (due now), running, scheduled (due later), failed (out of attempts).',
    labelNames: ['priority', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      const counts = await fromDb(() => loadQueueCounts(db), 'queue depth');
      for (const c of counts ?? []) for (const state of JOB_STATES) this.set({ priority: c.priority, state }, c[state]);
    },
  });
  new Gauge({
    name: 'covers_status',
    help: 'Covers (albums and artists, every process) by status.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      this.reset();
      const counts = await fromDb(() => loadCoverCounts(db), 'cover statuses');
      if (counts) for (const status of COVER_STATUSES) this.set({ status }, counts[status]);
    },
  });

  /** A database gauge that cannot be read is left out of this scrape rather than failing it. */
  async function fromDb<T>(read: () => Promise<T>, what: string): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      log.warn({ err }, `metrics: could not read ${what}`);
      return null;
    }
  }

  return {
    registry,
    recordTrace(trace) {
      for (const a of trace) {
        attempts.inc({ source: a.source, outcome: a.outcome });
        sourceDuration.observe({ source: a.source }, a.durationMs / 1000);
      }
    },
    watchWorker(workerEvents) {
      const started = new Map<string, number>();
      const failed = new Set<string>();
      workerEvents.on('job:start', ({ job }) => void started.set(job.id, performance.now()));
      workerEvents.on('job:failed', ({ job }) => void failed.add(job.id));
      workerEvents.on('job:complete', ({ job, error }) => {
        const t0 = started.get(job.id);
        started.delete(job.id);
        const outcome = failed.delete(job.id) ? 'failed' : error ? 'error' : 'success';
        if (t0 !== undefined) jobDuration.observe({ task: job.task_identifier, outcome }, (performance.now() - t0) / 1000);
      });
    },
    watchBreakers(read) {
      breakers = read;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

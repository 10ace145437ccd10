import type { Services } from './context.js';
import type { Config } from './env.js';
import { createEventBus, type EventBus } from './events.js';
import { createDatabase, type Db } from './db/database.js';
import { findRunningEmbedded, startEmbeddedPostgres } from './db/embedded.js';
import { migrateToLatest } from './db/migrate.js';
import { maintainCoversTask, MAINTENANCE_CRONTAB, resolveCoverTask } from './covers/cover.jobs.js';
import type { PublishCoverEvent } from './covers/cover.events.js';
import { postgresRateLimiter } from './covers/rate-limit.js';
import { createSourceRuntime } from './covers/sources/index.js';
import { configureSharp } from './images/image.pipeline.js';
import { createImageStore, type ImageStore } from './images/image.store.js';
import { createImageWork } from './images/image.work.js';
import { createJobQueue, type JobQueue } from './jobs/queue.js';
import { buildTaskList } from './jobs/task-list.js';
import { createWorker, type JobWorker } from './jobs/worker.js';
import { scanLibraryTask } from './library/library.jobs.js';
import { requestStartupScan } from './library/library.service.js';
import type { Log } from './logger.js';
import { createAlerter, type Alerter } from './monitoring/alerts.js';
import { createMetrics, type Metrics } from './monitoring/metrics.js';
import { attemptRecorder } from './monitoring/monitoring.service.js';
import { createServer, type AppServer } from './server.js';

export type Role = 'serve' | 'api' | 'worker';

export interface App {
  db: Db;
  queue: JobQueue;
  store: ImageStore;
  events: EventBus;
  server?: AppServer;
  worker?: JobWorker;
  metrics: Metrics;
  /** Evaluates the alert rules, in processes that run a worker. */
  alerter?: Alerter;
  /** Where the API listens, when this process serves it. */
  url?: string;
  stop(): Promise<void>;
}

export interface DatabaseHandle {
  url: string;
  db: Db;
  pool: import('pg').Pool;
  close(): Promise<void>;
}

/**
 * Opens the configured database: DATABASE_URL, or the embedded Postgres in DATA_DIR, which this
 * process starts (or, with `attach`, joins when another process of the service already runs it).
 */
export async function openDatabase(config: Config, log: Log, opts: { attach?: boolean } = {}): Promise<DatabaseHandle> {
  let url = config.databaseUrl;
  let stopEmbedded = async () => {};
  if (!url && opts.attach) url = (await findRunningEmbedded(config.dataDir)) ?? undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, settings: config.embeddedPostgresSettings, log: (m) => log.debug(m) });
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const { db, pool } = createDatabase(url, { poolSize: config.dbPoolSize });
  await migrateToLatest(db, pool);
  return {
    url,
    db,
    pool,
    async close() {
      await db.destroy();
      await stopEmbedded();
    },
  };
}

/** Composes the service for one role: `serve` = API + worker, `api`, or `worker`. */
export async function startApp(config: Config, role: Role, log: Log, handle?: DatabaseHandle): Promise<App> {
  const database = handle ?? (await openDatabase(config, log));
  const { db, pool } = database;
  const queue = createJobQueue(db);
  configureSharp({ concurrency: config.sharpConcurrency, cache: config.sharpCache });
  const imageWork = createImageWork(config.imageWork);
  const store = createImageStore(db, { cacheBytes: config.imageCacheBytes, work: imageWork });
  const events = createEventBus({ connectionString: database.url, log, listen: role !== 'worker' });
  await events.start();
  const publish: PublishCoverEvent = (e) => events.publish('cover', { ...e, at: new Date().toISOString() });
  const services: Services = { db, config, queue, store, imageWork, publish, events };
  const metrics = createMetrics({ db, store, imageWork, events, log });
  const stops: (() => Promise<void>)[] = [];
  const app: App = {
    db,
    queue,
    store,
    events,
    metrics,
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await events.stop();
      if (!handle) await database.close();
    },
  };
  try {
    if (role === 'serve' || role === 'worker') {
      const sources = createSourceRuntime(config, { musicbrainzLimiter: postgresRateLimiter(db, config.musicbrainzRatePerSec) });
      stops.push(() => sources.close());
      metrics.watchBreakers(() => sources.breakers());
      const taskList = buildTaskList({
        scan_library: scanLibraryTask(services, log),
        resolve_cover: resolveCoverTask({ db, config, queue, store, sources, publish, log, onResolved: attemptRecorder({ db, metrics, log }) }),
        maintain_covers: maintainCoversTask(services, log),
      });
      app.worker = createWorker({ db, pool, taskList, concurrency: config.workerConcurrency,
        log,
        crontab: MAINTENANCE_CRONTAB,
        heartbeatMs: config.workerHeartbeatMs,
        staleAfterMs: config.workerStaleMs,
      });
      metrics.watchWorker(app.worker.events);
      await app.worker.start();
      stops.push(() => app.worker!.stop());
      const alerter = createAlerter({ db, config, sources, events, log });
      app.alerter = alerter;
      alerter.start();
      stops.push(() => alerter.stop());
      if (config.scanOnStart) await requestStartupScan(services);
    }
    if (role === 'serve' || role === 'api') {
      app.server = createServer({ ...services, log, metrics });
      const { url } = await app.server.start();
      app.url = url;
      stops.push(() => app.server!.stop());
    }
  } catch (err) {
    await app.stop().catch(() => {});
    throw err;
  }
  return app;
}

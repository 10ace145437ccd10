import type { Services } from './context.js';
import type { Config } from './env.js';
import { createEventBus, type EventBus } from './events.js';
import { createDatabase, type Db } from './db/database.js';
import { findRunningEmbedded, startEmbeddedPostgres, type EmbeddedStatus } from './db/embedded.js';
import { createHealth } from './health.js';
import { migrateToLatest } from './db/migrate.js';
import type { ResolverDeps } from './covers/cover.chain.js';
import { maintainCoversTask, resolveCoverTask, upgradeCoverTask } from './covers/cover.jobs.js';
import { gatherAlbumImagesTask } from './album-images/album-images.jobs.js';
import { withAlbumImageHooks } from './album-images/album-images.library.js';
import { gatherCoverCandidatesTask } from './candidates/candidate.jobs.js';
import { coverLibraryHooks } from './covers/cover.library.js';
import { createCoverEventPublisher } from './covers/cover.events.js';
import { postgresRateLimiter } from './covers/remote/rate-limit.postgres.js';
import { createUrlClient } from './covers/remote/services.js';
import { MAX_UPLOAD_BYTES } from './covers/cover.service.js';
import { createSourceRuntime } from './covers/sources/registry.js';
import { configureSharp } from './images/image.pipeline.js';
import { createImageStore, type ImageStore } from './images/image.store.js';
import { createImageWork } from './images/image.work.js';
import { createJobQueue, type JobQueue } from './jobs/queue.js';
import { buildTaskList, CRONTAB } from './jobs/task-list.js';
import { createWorker, type JobWorker } from './jobs/worker.js';
import { scanLibraryTask } from './library/library.jobs.js';
import { requestStartupScan } from './library/library.service.js';
import type { Log } from './logger.js';
import { createAlerter, type Alerter } from './monitoring/alerts.js';
import { createMetrics, type Metrics } from './monitoring/metrics.js';
import { pruneMonitoringTask } from './monitoring/monitoring.jobs.js';
import { createAlertWebhook } from './monitoring/webhook.js';
import { createCoverWebhook } from './covers/cover.webhook.js';
import { attemptRecorder } from './monitoring/monitoring.service.js';
import { createServer, type AppServer } from './server.js';
import type { StatusLine } from './status-line.js';

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
  /** The supervised embedded server's state, when this process runs one. */
  embeddedStatus?: () => EmbeddedStatus;
  close(): Promise<void>;
}

/**
 * Opens the configured database: DATABASE_URL, or the embedded Postgres in DATA_DIR, which this
 * process starts (or, with `attach`, joins when another process of the service already runs it).
 */
export async function openDatabase(config: Config, log: Log, opts: { attach?: boolean } = {}): Promise<DatabaseHandle> {
  let url = config.databaseUrl;
  let stopEmbedded = async () => {};
  let embeddedStatus: (() => EmbeddedStatus) | undefined;
  if (!url && opts.attach) url = (await findRunningEmbedded(config.dataDir)) ?? undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      settings: config.embeddedPostgresSettings,
      log: (m) => log.debug(m),
      supervise: {},
      onStatus: (s) => {
        if (s.state === 'restarting') log.error({ lastExit: s.lastExit }, 'embedded postgres died; restarting it');
        else if (s.state === 'running') log.info({ restarts: s.restarts }, 'embedded postgres restarted');
        else if (s.state === 'failed') log.error({ lastExit: s.lastExit }, 'embedded postgres could not be restarted; /healthz reports it');
      },
    });
    url = embedded.url;
    embeddedStatus = () => embedded.status();
    stopEmbedded = async () => {
      await embedded.stop();
      log.info('embedded postgres stopped');
    };
  }
  const { db, pool } = createDatabase(url, { poolSize: config.dbPoolSize });
  await migrateToLatest(db, pool);
  return {
    url,
    db,
    pool,
    ...(embeddedStatus ? { embeddedStatus } : {}),
    async close() {
      await db.destroy();
      await stopEmbedded();
    },
  };
}

/** Composes the service for one role: `serve` = API + worker, `api`, or `worker`. */
/** `statusLine`: the terminal's live line, when stdout is one (a scan shows its progress there). */
export async function startApp(config: Config, role: Role, log: Log, handle?: DatabaseHandle, opts: { statusLine?: StatusLine } = {}): Promise<App> {
  const database = handle ?? (await openDatabase(config, log));
  const { db, pool } = database;
  const queue = createJobQueue(db);
  configureSharp({ concurrency: config.sharpConcurrency, cache: config.sharpCache });
  const imageWork = createImageWork(config.imageWork);
  const store = createImageStore(db, { cacheBytes: config.imageCacheBytes, work: imageWork });
  const events = createEventBus({ connectionString: database.url, log, listen: role !== 'worker' });
  await events.start();
  const publish = createCoverEventPublisher(events);
  const urlClient = createUrlClient(config, MAX_UPLOAD_BYTES);
  const services: Services = { db, config, queue, store, imageWork, publish, events, libraryHooks: withAlbumImageHooks(coverLibraryHooks({ db, queue }), db), urlClient };
  const metrics = createMetrics({ db, store, imageWork, events, log });
  // Stopped in reverse order of start, each saying so once (a quiet, truthful Ctrl-C).
  const stops: [part: string, stop: () => Promise<void>][] = [];
  const app: App = {
    db,
    queue,
    store,
    events,
    metrics,
    async stop() {
      for (const [part, stop] of stops.reverse()) {
        await stop();
        log.info(`${part} stopped`);
      }
      await urlClient.close(); // its idle sockets only: the requests it served ended with the http server
      await events.stop();
      log.info('event bus stopped');
      if (!handle) {
        await database.close();
        log.info('database connections closed');
      }
    },
  };
  try {
    if (role === 'serve' || role === 'worker') {
      const sources = createSourceRuntime(config, { sharedLimiter: (perSecond) => postgresRateLimiter(db, perSecond) });
      stops.push(['cover sources', () => sources.close()]);
      metrics.watchBreakers(() => sources.breakers());
      const webhook = createAlertWebhook({ url: config.alertWebhookUrl, db, queue, log });
      const coverWebhook = createCoverWebhook({ ...config.coverWebhook, db, queue, log });
      const recordAttempts = attemptRecorder({ db, metrics, log });
      const resolverDeps = { db, config, queue, store, sources, publish, log, onResolved: async (r: Parameters<NonNullable<ResolverDeps['onResolved']>>[0]) => {
        await recordAttempts(r);
        await coverWebhook.settled(r);
      } };
      const taskList = buildTaskList({
        scan_library: scanLibraryTask(services, log, services.libraryHooks, { statusLine: opts.statusLine }),
        resolve_cover: resolveCoverTask(resolverDeps),
        upgrade_cover: upgradeCoverTask(resolverDeps),
        gather_album_images: gatherAlbumImagesTask({ db, config, store, sources, log }),
        gather_cover_candidates: gatherCoverCandidatesTask({ db, config, store, sources, publish, log }),
        maintain_covers: maintainCoversTask(services, log),
        prune_monitoring: pruneMonitoringTask(db, log),
        send_alert_webhooks: webhook.task,
        send_cover_webhook: coverWebhook.task,
      });
      app.worker = createWorker({ db, pool, taskList, concurrency: config.workerConcurrency,
        log,
        crontab: CRONTAB,
        heartbeatMs: config.workerHeartbeatMs,
        staleAfterMs: config.workerStaleMs,
      });
      metrics.watchWorker(app.worker.events);
      await app.worker.start();
      stops.push(['job worker', () => app.worker!.stop()]);
      const alerter = createAlerter({ db, config, sources, events, log, webhook });
      app.alerter = alerter;
      alerter.start();
      stops.push(['alerter', () => alerter.stop()]);
      if (config.scanOnStart && config.librarySource === 'scan') await requestStartupScan(services);
      else if (config.librarySource === 'push') log.info('LIBRARY_SOURCE=push: no scan; the library is what SoniqueBay registers');
    }
    if (role === 'serve' || role === 'api') {
      app.server = createServer({ ...services, log, metrics, health: createHealth({ db, ...(database.embeddedStatus ? { embedded: database.embeddedStatus } : {}) }) });
      const { url } = await app.server.start();
      app.url = url;
      stops.push(['http server', () => app.server!.stop()]);
    }
  } catch (err) {
    await app.stop().catch(() => {});
    throw err;
  }
  return app;
}

import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { Logger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../db/database.js';
import type { Log } from '../logger.js';

export interface WorkerOptions {
  db: Db;
  pool: pg.Pool;
  taskList: TaskList;
  concurrency: number;
  log: Log;
  /** How often this process says it is alive, and how stale a silent worker may get before its jobs are freed. */
  heartbeatMs?: number;
  staleAfterMs?: number;
  pollIntervalMs?: number;
  /** graphile-worker crontab lines (periodic tasks). */
  crontab?: string;
  /** How long a stop lets running jobs finish before it fires their `helpers.abortSignal` (default 500 ms). */
  abortJobsAfterMs?: number;
}

/** How long a job's own release (completeJob/failJob) is given before the job counts as lost. */
const RELEASE_GRACE_MS = 5000;

export interface JobWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly events: WorkerEvents;
}

/**
 * The graphile-worker runner plus heartbeats. graphile-worker keeps a dead worker's lock for 4 h;
 * every live process records its workers' heartbeats and frees the jobs of workers that went
 * silent, so a job held by a killed process runs again within a minute.
 */
export function createWorker(opts: WorkerOptions): JobWorker {
  const heartbeatMs = opts.heartbeatMs ?? 10_000;
  const staleAfterMs = opts.staleAfterMs ?? 30_000;
  const processId = `${hostname()}:${process.pid}`;
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  const workerIds = new Set<string>();
  let runner: Runner | undefined;
  let utils: WorkerUtils | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Jobs this process runs right now.
  const running = new Set<string>();
  // When each job last finished here: its release may still be on its way, so it is not taken for lost yet.
  const finishedAt = new Map<string, number>();
  // 'down' from the first failed poll or heartbeat until the database answers; 'settling' while jobs
  // that finished around the outage may still have their release on its way.
  let outage: 'none' | 'down' | 'settling' = 'none';
  let ticking = false;
  let stopping = false;
  // A job our own stop aborted is not a failure worth a warning: it runs again (see library.jobs.ts).
  const interruptedByStop = (err: unknown) => stopping && err instanceof Error && err.name === 'AbortError';
  const logger = graphileLogger(opts.log, (meta) => interruptedByStop(meta?.error));

  // graphile-worker (0.16+) locks jobs with the id of the worker *pool* ('pool-…'), not of each
  // worker ('worker-…'): the pool id is what `locked_by` holds, so it is the one to keep alive.
  events.on('pool:create', ({ workerPool }) => {
    workerIds.add(workerPool.id);
    void beat().catch((err: unknown) => opts.log.warn({ err }, 'worker heartbeat failed'));
  });
  events.on('pool:release', ({ workerPool }) => workerIds.delete(workerPool.id));
  events.on('job:start', ({ job }) => running.add(job.id));
  events.on('job:complete', ({ job }) => {
    running.delete(job.id);
    finishedAt.set(job.id, Date.now());
  });
  // A failed poll is the first sign of an outage, often before a heartbeat is due.
  events.on('worker:getJob:error', () => {
    outage = 'down';
  });
  events.on('job:error', ({ job, error }) => {
    if (interruptedByStop(error)) opts.log.info({ task: job.task_identifier, jobId: job.id }, 'job interrupted by the stop; it runs again later');
    else opts.log.warn({ task: job.task_identifier, jobId: job.id, attempts: job.attempts, err: error }, 'job failed');
  });

  async function beat(): Promise<void> {
    if (workerIds.size === 0) return;
    const ids = [...workerIds];
    await sql`
      insert into worker_heartbeats (worker_id, process_id, last_seen)
      select id, ${processId}, now() from unnest(${ids}::text[]) as id
      on conflict (worker_id) do update set last_seen = now()`.execute(opts.db);
  }

  async function freeStaleWorkers(): Promise<void> {
    const { rows } = await sql<{ locked_by: string }>`
      select distinct j.locked_by from graphile_worker.jobs j
      where j.locked_by is not null
        -- A lock younger than the grace period cannot belong to a worker silent for longer.
        and j.locked_at < now() - make_interval(secs => ${staleAfterMs / 1000})
        and not exists (
          select 1 from worker_heartbeats h
          where h.worker_id = j.locked_by and h.last_seen > now() - make_interval(secs => ${staleAfterMs / 1000}))`.execute(opts.db);
    const stale = rows.map((r) => r.locked_by).filter((id) => !workerIds.has(id));
    if (stale.length > 0 && utils) {
      opts.log.warn({ workers: stale }, 'freeing jobs held by workers that stopped answering');
      await utils.forceUnlockWorkers(stale);
    }
    await sql`delete from worker_heartbeats where last_seen < now() - interval '1 day'`.execute(opts.db);
  }

  /**
   * graphile-worker releases a finished job (completeJob/failJob) without awaiting it: during a
   * database outage that release is lost and the job stays locked by this live pool for 4 h. Once
   * the database answers again, every job our pools hold but no worker of ours runs is released.
   */
  async function releaseLostJobs(): Promise<{ released: number; settling: number }> {
    const ids = [...workerIds];
    const recent: string[] = [];
    for (const [id, at] of finishedAt) {
      if (Date.now() - at < RELEASE_GRACE_MS) recent.push(id);
      else finishedAt.delete(id);
    }
    if (ids.length === 0) return { released: 0, settling: 0 };
    const { rows } = await sql<{ id: string }>`
      update graphile_worker._private_jobs set locked_by = null, locked_at = null
      where locked_by = any(${ids}::text[]) and not (id = any(${[...running, ...recent]}::bigint[]))
      returning id::text`.execute(opts.db);
    return { released: rows.length, settling: recent.length };
  }

  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      await beat();
      if (outage !== 'none') {
        const { released, settling } = await releaseLostJobs();
        // Said once, when the database answers again; jobs that finished just now are looked at
        // again at the next heartbeats, and any released then are said too.
        if (outage === 'down') opts.log.info({ released }, 'database reachable again: jobs interrupted by the outage are queued again');
        else if (released > 0) opts.log.info({ released }, 'jobs interrupted by the outage are queued again');
        outage = settling > 0 ? 'settling' : 'none';
      }
      await freeStaleWorkers();
    } catch (err) {
      if (outage !== 'down') opts.log.warn({ err }, 'worker heartbeat failed: database unreachable, jobs will resume when it answers');
      outage = 'down';
    } finally {
      ticking = false;
    }
  }

  return {
    events,
    async start() {
      utils = await makeWorkerUtils({ pgPool: opts.pool, logger });
      runner = await run({
        pgPool: opts.pool,
        taskList: opts.taskList,
        concurrency: opts.concurrency,
        noHandleSignals: true,
        // graphile-worker fires every running job's abortSignal this long after a stop begins
        // (5 s by default); the tasks pass it down and hand themselves back to the queue, so a stop
        // takes about this long, not a whole scan or a remote timeout.
        gracefulShutdownAbortTimeout: opts.abortJobsAfterMs ?? 500,
        pollInterval: opts.pollIntervalMs ?? 2000,
        logger,
        events,
        ...(opts.crontab ? { crontab: opts.crontab } : {}),
      });
      await tick();
      timer = setInterval(() => void tick(), heartbeatMs);
      timer.unref();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      // Read before stopping: the pool forgets its id when released.
      const ids = [...workerIds];
      await runner?.stop();
      runner = undefined;
      if (ids.length > 0) await sql`delete from worker_heartbeats where worker_id = any(${ids})`.execute(opts.db).catch(() => {});
      await utils?.release();
      utils = undefined;
    },
  };
}

function graphileLogger(log: Log, quiet: (meta: { error?: unknown } | undefined) => boolean): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = { task: scope.taskIdentifier, workerId: scope.workerId, jobId: scope.jobId };
    if (quiet(meta as { error?: unknown } | undefined)) log.debug(fields, message);
    else if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else log.debug(fields, message);
  });
}

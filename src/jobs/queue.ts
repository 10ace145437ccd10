import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { PRIORITY, TASKS, type PriorityName, type TaskName, type TaskPayload } from './task-list.js';

export interface JobSpec<N extends TaskName = TaskName> {
  task: N;
  payload: TaskPayload<N>;
  priority?: PriorityName;
  /** One job per key: adding again updates the queued job instead of adding a duplicate. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** graphile-worker named queue: its jobs run one at a time, in the order they were added. */
  queueName?: string;
}

/** A job spec of any task, discriminated by `task`: a payload must fit its own task, not any task's. */
export type AnyJobSpec = { [N in TaskName]: JobSpec<N> }[TaskName];

export interface QueuedJob {
  key: string;
  priority: number;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  locked: boolean;
  payload: unknown;
}

export interface JobQueue {
  /** Adds jobs in one statement, inside `trx` when given (so a job and the rows it needs commit together). */
  add(specs: AnyJobSpec[], trx?: Db): Promise<void>;
  /** Queued or running jobs by key, one query. */
  findByKeys(keys: string[], trx?: Db): Promise<Map<string, QueuedJob>>;
  /**
   * Whether a running job still holds its key. Adding a job under the key of a running one gives
   * the key to a new job (graphile-worker's add_jobs): the running one is then superseded.
   */
  holdsKey(jobId: string, key: string): Promise<boolean>;
}

/** Enqueues through graphile-worker's own SQL API, so it joins the caller's transaction. */
export function createJobQueue(db: Db): JobQueue {
  return {
    async add(specs, trx = db) {
      if (specs.length === 0) return;
      for (const s of specs) {
        // Own keys only: a name from outside the typed list (or 'toString') must not get past here.
        if (!Object.hasOwn(TASKS, s.task)) throw new Error(`unknown task "${String(s.task)}": every task is defined in TASKS (src/jobs/task-list.ts)`);
        TASKS[s.task].parse(s.payload);
      }
      const rows = specs.map((s) =>
        sql`(${s.task}, ${JSON.stringify(s.payload)}::json, ${s.queueName ?? null}::text, ${s.runAt ?? null}::timestamptz, ${s.maxAttempts ?? null}::int, ${s.jobKey ?? null}, ${PRIORITY[s.priority ?? 'NORMAL']}::int, null)::graphile_worker.job_spec`,
      );
      await sql`select 1 from graphile_worker.add_jobs(array[${sql.join(rows)}])`.execute(trx);
    },

    async holdsKey(jobId, key) {
      const { rows } = await sql<{ key: string | null }>`select key from graphile_worker.jobs where id = ${jobId}`.execute(db);
      return rows[0]?.key === key;
    },

    async findByKeys(keys, trx = db) {
      const found = new Map<string, QueuedJob>();
      if (keys.length === 0) return found;
      const { rows } = await sql<{ key: string; priority: number; run_at: Date; attempts: number; max_attempts: number; last_error: string | null; locked_at: Date | null; payload: unknown }>`
        select key, priority, run_at, attempts, max_attempts, last_error, locked_at, payload
        -- The table behind the jobs view, which leaves the payload out.
        from graphile_worker._private_jobs where key = any(${keys})`.execute(trx);
      for (const r of rows) {
        found.set(r.key, {
          key: r.key,
          priority: r.priority,
          runAt: r.run_at,
          attempts: r.attempts,
          maxAttempts: r.max_attempts,
          lastError: r.last_error,
          locked: r.locked_at !== null,
          payload: r.payload,
        });
      }
      return found;
    },
  };
}

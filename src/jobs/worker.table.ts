import type { Generated } from 'kysely';

/** One row per live worker pool: how a process tells the others which job locks are still held. */
export interface WorkerHeartbeatTable {
  worker_id: string;
  process_id: string;
  last_seen: Generated<Date>;
}

export interface JobTables {
  worker_heartbeats: WorkerHeartbeatTable;
}

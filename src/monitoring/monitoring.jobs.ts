import type { Db } from '../db/database.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import type { Log } from '../logger.js';
import { pruneSourceAttempts } from './monitoring.repository.js';
import { SOURCE_ATTEMPTS_RETENTION_MS } from './monitoring.service.js';

/** The periodic `prune_monitoring` task: monitoring keeps its own tables within their retention. */
export function pruneMonitoringTask(db: Db, log: Log): TaskHandlers['prune_monitoring'] {
  return async () => {
    const pruned = await pruneSourceAttempts(db, new Date(Date.now() - SOURCE_ATTEMPTS_RETENTION_MS));
    log.info({ prunedAttempts: pruned }, 'monitoring maintenance');
  };
}

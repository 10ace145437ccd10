import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Db } from './db/database.js';
import type { EmbeddedStatus } from './db/embedded.js';

/** What `/healthz` (is the process sound?) and `/readyz` (can it serve now?) answer. */
export interface Health {
  live(): HealthAnswer;
  ready(): Promise<HealthAnswer>;
}

export interface HealthAnswer {
  code: 200 | 503;
  body: { status: string; reason?: string; embeddedPostgres?: EmbeddedStatus };
}

/** A database that does not answer within this is as good as down for a probe. */
const READY_TIMEOUT_MS = 2000;

export function createHealth(opts: { db: Db; embedded?: () => EmbeddedStatus }): Health {
  const embeddedProblem = (): HealthAnswer | null => {
    const status = opts.embedded?.();
    if (!status || status.state === 'running') return null;
    const why = status.state === 'failed' ? 'embedded postgres could not be restarted' : `embedded postgres ${status.state}`;
    return { code: 503, body: { status: 'unhealthy', reason: status.lastExit ? `${why} (it ${status.lastExit})` : why, embeddedPostgres: status } };
  };
  return {
    live() {
      const status = opts.embedded?.();
      return embeddedProblem() ?? { code: 200, body: { status: 'ok', ...(status ? { embeddedPostgres: status } : {}) } };
    },
    async ready() {
      const problem = embeddedProblem();
      if (problem) return { code: 503, body: { status: 'database unavailable', reason: problem.body.reason } };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([sql`select 1 from graphile_worker.migrations limit 1`.execute(opts.db), timeout]);
        return { code: 200, body: { status: 'ready' } };
      } catch (err) {
        // pg's messages name the host and port at most, never the password.
        return { code: 503, body: { status: 'database unavailable', reason: String((err as Error).message ?? err) } };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Answers `/healthz` and `/readyz`; false for any other path. */
export async function serveHealth(health: Health, path: string, res: ServerResponse): Promise<boolean> {
  if (path !== '/healthz' && path !== '/readyz') return false;
  const { code, body } = path === '/healthz' ? health.live() : await health.ready();
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
  return true;
}

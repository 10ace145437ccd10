import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { CoverTables } from '../covers/cover.table.js';
import type { RateLimitTables } from '../covers/remote/rate-limit.table.js';
import type { LibraryTables } from '../library/library.table.js';
import type { MonitoringTables } from '../monitoring/monitoring.table.js';

export interface Database extends LibraryTables, CoverTables, RateLimitTables, MonitoringTables {}
export type Db = Kysely<Database>;

// Counts and sizes we store as bigint stay far below 2^53; numbers are easier on every caller.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseOptions {
  poolSize?: number;
  /** Called once per statement Kysely sends: how tests count SQL round trips. */
  onQuery?: (event: LogEvent) => void;
}

export function createDatabase(connectionString: string, opts: DatabaseOptions = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    application_name: 'soniquebay-covers',
  });
  // An idle client that loses its connection must not take the process down.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const onQuery = opts.onQuery;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event) } : {}),
  });
  return { db, pool };
}

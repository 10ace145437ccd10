import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { parseTimestamptz } from './timestamps.js';
import type { AlbumImageTables } from '../album-images/album-images.table.js';
import type { CandidateTables } from '../candidates/candidate.table.js';
import type { CoverTables } from '../covers/cover.table.js';
import type { RateLimitTables } from '../covers/remote/rate-limit.table.js';
import type { ImageTables } from '../images/image.table.js';
import type { JobTables } from '../jobs/worker.table.js';
import type { LibraryTables } from '../library/library.table.js';
import type { MonitoringTables } from '../monitoring/monitoring.table.js';

/** Each feature declares its own tables; the database is their sum. */
export interface Database extends LibraryTables, CoverTables, AlbumImageTables, CandidateTables, RateLimitTables, ImageTables, JobTables, MonitoringTables {}
export type Db = Kysely<Database>;

// Counts and sizes we store as bigint stay far below 2^53; numbers are easier on every caller.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

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

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);

/**
 * Whether `err` says the database could not be reached or went away (refused, reset, shut down,
 * starting up; SQLSTATE class 08), as opposed to a query that failed on its own.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection error and is not queryable|terminating connection|timeout exceeded when trying to connect/i.test(message);
}

import { Logger, runMigrations } from 'graphile-worker';
import { Migrator } from 'kysely';
import type pg from 'pg';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

const quietLogger = new Logger(() => () => {});

/** Brings both schemas up to date: ours (Kysely Migrator) and graphile-worker's. Idempotent. */
export async function migrateToLatest(db: Db, pool: pg.Pool): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  await runMigrations({ pgPool: pool, logger: quietLogger });
}

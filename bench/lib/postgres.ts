import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseOptions, type Db } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { childPids, cpuMs } from './proc.js';

export interface BenchDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  /** Closes this process's pool and drops the database. */
  drop(): Promise<void>;
}

export interface PgServer {
  /** Where it came from: "embedded" or "TEST_DATABASE_URL"/"DATABASE_URL". */
  kind: string;
  /** A fresh, migrated database (cloned from a template migrated once per run). */
  newDatabase(label: string, opts?: DatabaseOptions): Promise<BenchDatabase>;
  /** CPU time the Postgres server and its backends (live and exited) have used so far, in ms; null when it is not our child. */
  cpuMs(): Promise<number | null>;
  close(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * TEST_DATABASE_URL or DATABASE_URL when set (databases are created and dropped in it), else an
 * embedded Postgres in a temporary folder, started for the run.
 */
export async function startPgServer(): Promise<PgServer> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let adminUrl: string;
  let kind: string;
  let stop = async () => {};
  let postmasterPid: () => Promise<number | null> = async () => null;
  if (given) {
    adminUrl = given;
    kind = process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'DATABASE_URL';
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'covers-bench-pg-'));
    // As root, Postgres runs as the `postgres` user, which must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    adminUrl = embedded.url;
    kind = 'embedded (fsync off)';
    postmasterPid = async () => Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]) || null;
    stop = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const template = `bench_template_${process.pid}`;
  await admin(adminUrl, async (c) => {
    await c.query(`drop database if exists ${template}`);
    await c.query(`create database ${template}`);
  });
  {
    const { db, pool } = createDatabase(withDatabase(adminUrl, template));
    await migrateToLatest(db, pool);
    await db.destroy();
  }
  const created = new Set<string>();

  return {
    kind,
    async newDatabase(label, opts = {}) {
      const name = `bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
      await admin(adminUrl, (c) => c.query(`create database ${name} template ${template}`));
      created.add(name);
      const url = withDatabase(adminUrl, name);
      const { db, pool } = createDatabase(url, opts);
      let dropped = false;
      return {
        url,
        db,
        pool,
        async drop() {
          if (dropped) return;
          dropped = true;
          await db.destroy().catch(() => {});
          await admin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
          created.delete(name);
        },
      };
    },
    async cpuMs() {
      const pid = await postmasterPid();
      if (!pid) return null;
      // The postmaster's reaped children count too: a backend that exited took its CPU time with it.
      let total = (await cpuMs(pid, { reaped: true })) ?? 0;
      for (const p of await childPids(pid)) total += (await cpuMs(p)) ?? 0;
      return total;
    },
    async close() {
      await admin(adminUrl, async (c) => {
        for (const name of created) await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
        await c.query(`drop database if exists ${template} with (force)`).catch(() => {});
      }).catch(() => {});
      await stop();
    },
  };
}

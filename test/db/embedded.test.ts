import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedStatus } from '../../src/db/embedded.js';
import { waitFor } from '../helpers/wait.js';

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>('select 1 as n');
    return rows[0]!.n;
  } finally {
    await client.end().catch(() => {});
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const postmasterPid = async (dataDir: string) => Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);

describe('the embedded Postgres', () => {
  let dataDir: string;
  let running: EmbeddedPostgres | undefined;
  const bystanders: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'covers-embedded-'));
    await chmod(dataDir, 0o755);
    // A cluster to reuse: created once, stopped.
    await (await startEmbeddedPostgres({ dataDir, ephemeral: true })).stop();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    for (const b of bystanders) b.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  /** An unrelated live process (what a reused pid names after a crash). */
  function bystander(): ChildProcess {
    const child = spawn('sleep', ['300'], { stdio: 'ignore' });
    bystanders.push(child);
    return child;
  }

  it('is restarted when its postmaster is killed, and answers queries again', async () => {
    const seen: EmbeddedStatus[] = [];
    running = await startEmbeddedPostgres({ dataDir, ephemeral: true, supervise: { backoffMs: 200 }, onStatus: (s) => seen.push(s) });
    expect(await selectOne(running.url)).toBe(1);
    const first = running.pid!;
    process.kill(first, 'SIGKILL');
    // Noticed at once (the child's exit), not at the next query.
    await waitFor(() => seen.find((s) => s.state === 'restarting'), 2000, { message: 'the supervisor to notice the death' });
    expect(seen[0]).toMatchObject({ state: 'restarting', lastExit: 'killed by SIGKILL' });
    await waitFor(() => (running!.status().state === 'running' && running!.pid !== first ? true : undefined), 30_000, { message: 'the restart' });
    expect(running.status()).toEqual({ state: 'running', restarts: 1, lastExit: 'killed by SIGKILL' });
    expect(await selectOne(running.url)).toBe(1);
  });

  it('leaves alone a live process a stale postmaster.pid names, and starts', async () => {
    const other = bystander();
    await new Promise((r) => other.once('spawn', r));
    // A crash: our lock names a dead process, Postgres' pid file a pid now reused by `sleep`.
    await writeFile(join(dataDir, 'postgres.lock'), '999999\n');
    const pidFile = (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => `0\n${join(dataDir, 'postgres')}\n`)).split('\n');
    pidFile[0] = String(other.pid);
    await writeFile(join(dataDir, 'postgres', 'postmaster.pid'), pidFile.join('\n'));
    running = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    expect(await selectOne(running.url)).toBe(1);
    expect(isAlive(other.pid!)).toBe(true);
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
    expect(await postmasterPid(dataDir)).not.toBe(other.pid);
  });

  it('does not let a stale lock naming another live process block start-up', async () => {
    const other = bystander();
    await new Promise((r) => other.once('spawn', r));
    await writeFile(join(dataDir, 'postgres.lock'), `${other.pid}\n`);
    running = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    expect(await selectOne(running.url)).toBe(1);
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
  });

  it('fails at once on a corrupted password file, naming the file and not its content', async () => {
    const file = join(dataDir, 'postgres.password');
    const good = await readFile(file, 'utf8');
    try {
      await writeFile(file, 'secret-garbage\u0000\u00ff with spaces\n');
      const started = Date.now();
      const err = (await startEmbeddedPostgres({ dataDir, ephemeral: true }).then(() => null, (e: Error) => e))!;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/corrupted/);
      expect(err.message).not.toContain('secret-garbage');
      // A well-formed password that is not the cluster's: refused by the server, also at once.
      await writeFile(file, 'AAAAAAAAAAAAAAAAAAAAAAAA\n');
      const again = Date.now();
      const refused = (await startEmbeddedPostgres({ dataDir, ephemeral: true }).then(() => null, (e: Error) => e))!;
      expect(Date.now() - again).toBeLessThan(10_000);
      expect(refused.message).toContain(file);
      expect(refused.message).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAA');
    } finally {
      await writeFile(file, good);
    }
    // Nothing was left running or locked by the failed starts.
    running = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    expect(await selectOne(running.url)).toBe(1);
  });
});

describe.runIf(userInfo().uid === 0)('a DATA_DIR the postgres user cannot enter (running as root)', () => {
  it('names the folder and the permission it needs, and leaves nothing half-made', async () => {
    // What `mktemp -d` makes: mode 0700, owned by root.
    const dataDir = await mkdtemp(join(tmpdir(), 'covers-0700-'));
    try {
      await chmod(dataDir, 0o700);
      const err = (await startEmbeddedPostgres({ dataDir, ephemeral: true }).then(() => null, (e: Error) => e))!;
      expect(err).not.toBeNull();
      expect(err.message).toContain(`cannot enter ${dataDir} (mode 0700`);
      expect(err.message).toContain(`chmod o+x ${dataDir}`);
      expect(err.message).not.toMatch(/every parent folder/);
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

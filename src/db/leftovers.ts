import { open, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * What a crash leaves in DATA_DIR (our lock, Postgres' postmaster.pid) is judged, not trusted: a
 * pid in a file may since have been reused by any process, and the service often runs as root, so
 * signalling it blindly could stop an unrelated program.
 */

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** Linux: `/proc/<pid>/stat` field 22, the process' start time in clock ticks since boot. */
async function startTime(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

const hasProc = () => readFile('/proc/self/stat', 'utf8').then(() => true, () => false);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's text: our pid and its start time, so a reused pid is told from the owner. */
async function lockText(): Promise<string> {
  return `${process.pid}\n${(await startTime(process.pid)) ?? ''}\n`;
}

/** The live process that holds `file`, or null when the lock is stale (its owner gone, or the pid reused). */
export async function lockOwner(file: string): Promise<number | null> {
  const [pidText = '', started = ''] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  const pid = Number(pidText.trim());
  if (!pid || !isAlive(pid)) return null;
  if (!(await hasProc())) return pid;
  const now = await startTime(pid);
  if (started.trim()) return now === started.trim() ? pid : null;
  // A lock without a start time: only a node process can be this service.
  const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return /(^|\/)node(\0|$)/.test(cmd.split('\0')[0] ?? '') ? pid : null;
}

/**
 * One process per data directory. A lock whose owner is gone (or whose pid now names another
 * program) is taken over, after a postmaster that owner left running is shut down.
 */
export async function acquireLock(file: string, pgdata: string, log: (m: string) => void): Promise<{ release(): Promise<void> }> {
  for (let i = 0; i < 2; i++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(await lockText());
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
    const owner = await lockOwner(file);
    if (owner && owner !== process.pid) {
      throw new DataDirInUseError(`DATA_DIR ${join(file, '..')} is in use by another process (pid ${owner}); stop it first, or give this one its own DATA_DIR`);
    }
    await stopOrphanPostmaster(pgdata, log);
    await rm(file, { force: true });
  }
  throw new DataDirInUseError(`could not lock ${file}`);
}

/**
 * Whether `pid` is a postgres serving `pgdata`: its program is `postgres` and it runs in that data
 * directory (the postmaster changes into it) or names it after `-D`.
 */
export async function isPostmasterOf(pid: number, pgdata: string): Promise<boolean> {
  const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (basename(cmd[0] ?? '') !== 'postgres') return false;
  const want = await realpath(pgdata).catch(() => pgdata);
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => null);
  const d = cmd.indexOf('-D');
  const dir = d >= 0 ? await realpath(cmd[d + 1] ?? '').catch(() => cmd[d + 1]) : null;
  return cwd === want || dir === want;
}

/** Stops the postmaster a dead owner left running on `pgdata`, and only that. */
async function stopOrphanPostmaster(pgdata: string, log: (m: string) => void): Promise<void> {
  const pidText = await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidText.split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  if (!(await hasProc())) {
    // Without /proc nothing tells what the pid is now: leave it, Postgres judges its own pid file.
    log(`postmaster.pid names pid ${pid}; not signalling it (cannot check what it is here)`);
    return;
  }
  if (!(await isPostmasterOf(pid, pgdata))) {
    // Postgres would refuse to start while the file names a live process: the file is what goes.
    log(`postmaster.pid names pid ${pid}, which is not a postgres on ${pgdata}: process left alone, stale file removed`);
    await rm(join(pgdata, 'postmaster.pid'), { force: true });
    return;
  }
  log(`stopping the postgres (pid ${pid}) left running by a previous process`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new DataDirInUseError(`a postgres (pid ${pid}) is still running on ${pgdata}`);
}

import { readdir, readFile } from 'node:fs/promises';

/** Resident set size of a process from /proc (Linux), in bytes; null when it is gone. */
export async function rssBytes(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

/** Proportional set size (shared pages split between the processes that map them), in bytes. */
export async function pssBytes(pid: number): Promise<number | null> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => null);
  const kb = rollup?.match(/^Pss:\s+(\d+) kB/m)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

/** Direct children of a process (Postgres backends of the postmaster). */
export async function childPids(parent: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => null);
    if (status && Number(status.match(/^PPid:\s+(\d+)/m)?.[1]) === parent) out.push(Number(entry));
  }
  return out;
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux clock ticks are 10 ms); with
 * `reaped`, also that of its children that have exited and been waited for (cutime + cstime).
 */
export async function cpuMs(pid: number, opts: { reaped?: boolean } = {}): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  return (opts.reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * 10;
}

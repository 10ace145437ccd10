import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/env.js';
import { cpuMs } from './proc.js';

const run = promisify(execFile);
const AUTOCANNON = join(PROJECT_ROOT, 'node_modules/autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Mean requests per second over the run's one-second samples. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses by status class, and errors/timeouts (connection-level). */
  codes: Record<string, number>;
  errors: number;
}

/** One autocannon run, in its own process (so the client never shares a CPU queue with the server's event loop). */
export async function autocannon(opts: LoadOptions): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '--no-progress', '-c', String(opts.connections), '-d', String(opts.seconds), '-m', opts.method ?? 'GET'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (opts.body !== undefined) args.push('-b', opts.body);
  args.push(opts.url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 2 ** 20, timeout: (opts.seconds + 60) * 1000 });
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
  };
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    codes: { '2xx': r['2xx'], '3xx': r['3xx'], '4xx': r['4xx'], '5xx': r['5xx'] },
    errors: r.errors + r.timeouts,
  };
}

export interface ServerLoadResult extends LoadResult {
  /** CPU time the server process spent per request served (user + system), in microseconds. */
  cpuUsPerRequest: number;
}

/**
 * An autocannon run against a server process, with the server's own CPU time per request: a
 * figure the load generator cannot cap, since on a 2-core machine client and server share the CPU.
 */
export async function loadServer(pid: number, opts: LoadOptions): Promise<ServerLoadResult> {
  const before = await cpuMs(pid);
  const r = await autocannon(opts);
  const after = await cpuMs(pid);
  const cpuUsPerRequest = before === null || after === null || r.requests === 0 ? NaN : ((after - before) * 1000) / r.requests;
  return { ...r, cpuUsPerRequest };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/env.js';
import { rssBytes } from './proc.js';
import { sleep, waitUntil } from './stats.js';
import { freePort } from '../../src/db/embedded.js';

export interface MemorySample {
  /** ms since the process was spawned */
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The last few KB the process wrote (stdout and stderr). */
  tail(): string;
  /** process.memoryUsage() of the child every 250 ms, when started with `probe`. */
  probes: MemorySample[];
  stop(): Promise<void>;
}


/**
 * Spawns `node [nodeArgs] [--import tsx] <script> [args]` with exactly `env` (plus PATH and HOME),
 * and waits until `readyPath` answers 200 on the port it was given in PORT.
 */
export async function spawnServer(opts: {
  script: string;
  args?: string[];
  env: Record<string, string>;
  nodeArgs?: string[];
  readyPath?: string;
  /** Load bench/lib/memory-probe.mjs into the child, reporting process.memoryUsage() over IPC. */
  probe?: boolean;
  readyTimeoutMs?: number;
}): Promise<ChildServer> {
  const port = await freePort();
  // TypeScript sources run through tsx; the built service (dist/main.js) runs on plain node, as npm start does.
  const loader = opts.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const nodeArgs = [...(opts.nodeArgs ?? []), ...loader, ...(opts.probe ? ['--import', join(PROJECT_ROOT, 'bench/lib/memory-probe.mjs')] : [])];
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, opts.script), ...(opts.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(opts.probe ? (['ipc'] as const) : [])],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const probes: MemorySample[] = [];
  child.on('message', (m: Omit<MemorySample, 't'> & { probe?: boolean }) => {
    if (m && m.probe) probes.push({ t: Date.now() - started, rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers });
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    child,
    pid: child.pid!,
    url,
    tail: () => tail,
    probes,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntil(
      `${opts.script} to answer on ${url}${opts.readyPath ?? '/readyz'}`,
      async () => {
        if (gone) throw new Error(`${opts.script} exited while starting:\n${tail.slice(-3000)}`);
        const res = await fetch(`${url}${opts.readyPath ?? '/readyz'}`).catch(() => null);
        await res?.arrayBuffer();
        return res?.status === 200;
      },
      opts.readyTimeoutMs ?? 60_000,
      50,
    );
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** The service itself, as `npm start` runs it: `dist/main.js <role>`, built first. */
export async function spawnService(role: 'serve' | 'api' | 'worker', env: Record<string, string>, extra: { nodeArgs?: string[]; probe?: boolean; readyTimeoutMs?: number } = {}): Promise<ChildServer> {
  await buildOnce();
  return spawnServer({ script: 'dist/main.js', args: [role], env: { LOG_LEVEL: 'warn', ...env }, ...extra });
}

let built: Promise<void> | undefined;
/** `npm run build` (esbuild, well under a second), once per bench run, so the service is the current code. */
function buildOnce(): Promise<void> {
  built ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts/build.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (exit ${code})`))));
  });
  return built;
}

/** Samples a process's RSS from /proc every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 100): { samples: { t: number; rss: number }[]; stop(): Promise<void> } {
  const samples: { t: number; rss: number }[] = [];
  const t0 = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rss = await rssBytes(pid);
      if (rss !== null) samples.push({ t: Date.now() - t0, rss });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
    },
  };
}

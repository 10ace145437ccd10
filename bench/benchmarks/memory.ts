/**
 * 7. Memory: peak RSS of the service process (`dist/main.js serve`, built from src/, started with
 * the environment and node flags of its npm script) while it scans and resolves a library with every
 * remote source on (the fakes): the default profile (`npm start`) over the 2,000-album core, the
 * rpi4 profile (`npm run start:rpi4`) over the whole 5,000 albums (embedded art, folder images,
 * nothing). Each run starts its own embedded Postgres, as a user's first start does.
 * RSS is read from /proc every 100 ms; the process also reports process.memoryUsage() (heap vs
 * native) through a preloaded probe. The Postgres server's memory (PSS, shared pages split) is
 * reported apart, for information. Seed target: under 200 MB for the service process.
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase } from '../../src/db/database.js';
import { loadConfig, PROJECT_ROOT } from '../../src/env.js';
import type { LibraryAlbum } from '../lib/library.js';
import { childPids, cpuMs, pssBytes } from '../lib/proc.js';
import { benchRemotes } from '../lib/remotes.js';
import { sampleRss, spawnService, type MemorySample } from '../lib/service.js';
import { mb, median, num, sleep, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const TARGET = 200 * 2 ** 20;

/**
 * How an npm script runs the service: its leading `NAME=value` environment and its node flags
 * (everything between `node` and the script), so the benchmark starts the process exactly as
 * `npm start` / `npm run start:rpi4` do. A script may build first (`npm run -s build && …`): only
 * its last command is read.
 */
export async function npmScript(name: string): Promise<{ env: Record<string, string>; flags: string[] }> {
  const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts[name];
  if (!script) throw new Error(`package.json has no "${name}" script`);
  const words = script.split('&&').at(-1)!.trim().split(/\s+/);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=', 2) as [string, string]));
  const flags = words.slice(node + 1, words.findIndex((w) => /\.(ts|js)$/.test(w)));
  return { env, flags: flags.filter((f, i) => f !== '--import' && flags[i - 1] !== '--import') };
}

interface Progress {
  scans_open: number;
  scans_done: number;
  albums: number;
  artists: number;
  covers: number;
  settled: number;
  jobs: number;
}

export interface MemoryRun {
  profile: string;
  /** Why the run stopped before every cover settled (the figures cover the work done until then). */
  incomplete: string | null;
  albums: number;
  remotes: boolean;
  /** Requests the fakes answered. */
  remoteRequests: number;
  peakRss: number;
  steadyRss: number;
  idleRss: number;
  atPeak: MemorySample | undefined;
  peakHeapTotal: number;
  peakExternal: number;
  postgresPeak: number | null;
  /** The embedded server's settings the profile starts it with. */
  postgresSettings: string;
  scanSeconds: number;
  resolveSeconds: number;
  covers: number;
  cpuMsPerCover: number;
  bySource: Record<string, number>;
  /** RSS from /proc every 100 ms, ms since sampling started. */
  samples: { t: number; rss: number }[];
  probes: MemorySample[];
  /** The settle poll's counts every 500 ms, ms since sampling started. */
  progress: (Progress & { t: number })[];
}

export interface MemoryRunOptions {
  /** The folder the service scans (the whole library, or its 2,000-album core). */
  root: string;
  albums: readonly LibraryAlbum[];
  /** Every remote source on, answered by the fakes on loopback (bench/lib/remotes.ts). */
  remotes: boolean;
}

/**
 * How long the settle poll waits: the work itself sets the limit (a busy 2-core machine resolves
 * ~2 covers/s at worst when other work crowds it, plus the MusicBrainz turns), and a run fails early only when nothing has
 * settled for STALL_MS: a slow machine is not a hung service.
 */
export function settleLimitMs(covers: number, mbRequests: number, mbRate: number, floorMs: number): number {
  return Math.max(floorMs, 300_000 + covers * 600 + (mbRequests / mbRate) * 1000 * 1.5);
}
const STALL_MS = 180_000;
/** The fakes answer at once; MusicBrainz's 1 request/s would only stretch the run, not its memory. */
const BENCH_MB_RATE = 5;

export async function memoryRun(ctx: Parameters<typeof memory.run>[0], label: string, script: string, opts: MemoryRunOptions): Promise<MemoryRun> {
  const lib = await ctx.library();
  const how = await npmScript(script);
  // MEMORY_TRY='--max-semi-space-size=4 WORKER_CONCURRENCY=1': node flags and NAME=value settings
  // added to the script's own, to measure a change before putting it in package.json or a profile.
  for (const word of (process.env.MEMORY_TRY ?? '').split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-')) how.flags.push(word);
    else {
      const [k, v] = word.split('=', 2) as [string, string | undefined];
      if (v === undefined) throw new Error(`MEMORY_TRY: "${word}" is neither a node flag nor NAME=value`);
      how.env[k] = v;
    }
  }
  const profile = how.env.PROFILE ?? 'default';
  const artists = new Set(opts.albums.map((a) => a.artist)).size;
  const remotes = opts.remotes ? await benchRemotes(lib, opts.albums) : undefined;
  // The service starts its own embedded Postgres in DATA_DIR, as `npm start` does on a fresh
  // machine: the profile's own server settings (rpi4: shared_buffers=32MB) are the ones measured.
  const dataDir = await mkdtemp(join(tmpdir(), `bench-memory-${profile}-`));
  // Run as root, the service hands its Postgres to the "postgres" user, which must enter the folder.
  await chmod(dataDir, 0o711);
  try {
    const service = await spawnService(
      'serve',
      {
        DATA_DIR: dataDir,
        MUSIC_DIR: opts.root,
        SCAN_ON_START: 'true',
        LOG_LEVEL: 'info',
        ...(remotes ? { ...remotes.env, MUSICBRAINZ_RATE_PER_SEC: String(BENCH_MB_RATE) } : { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' }),
        ...how.env,
      },
      { probe: true, nodeArgs: how.flags, readyTimeoutMs: 180_000 },
    );
    const port = (await readFile(join(dataDir, 'postgres.port'), 'utf8')).trim();
    const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
    const database = createDatabase(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, { poolSize: 1 });
    const { db } = database;
    const rss = sampleRss(service.pid, 100);
    let postgresPeak: number | null = null;
    let pgTimer = true;
    const pgLoop = (async () => {
      while (pgTimer) {
        let total = 0;
        for (const postmaster of await childPids(service.pid)) {
          for (const p of [postmaster, ...(await childPids(postmaster))]) total += (await pssBytes(p)) ?? 0;
        }
        if (total > 0) postgresPeak = Math.max(postgresPeak ?? 0, total);
        await sleep(2000);
      }
    })();
    const none = opts.albums.filter((a) => a.kind === 'none').length;
    // A release search per album without art, an artist search per artist.
    const limitMs = settleLimitMs(opts.albums.length + artists, opts.remotes ? none + artists : 0, BENCH_MB_RATE, ctx.sizes.settleTimeoutMs);
    const t0 = performance.now();
    let scanDoneAt = NaN;
    let last: Progress | undefined;
    let lastChange = t0;
    let incomplete: string | null = null;
    const progress: (Progress & { t: number })[] = [];
    try {
      for (;;) {
        const { rows } = await sql<Progress>`
          select (select count(*)::int from scans where state in ('queued', 'running')) as scans_open,
                 (select count(*)::int from scans where state = 'done') as scans_done,
                 (select count(*)::int from albums) as albums,
                 (select count(*)::int from artists) as artists,
                 (select count(*)::int from covers) as covers,
                 (select count(*)::int from covers where status <> 'PENDING') as settled,
                 (select count(*)::int from graphile_worker.jobs where task_identifier in ('resolve_cover', 'scan_library')) as jobs`.execute(db);
        const now = rows[0]!;
        if (!last || now.settled !== last.settled || now.albums !== last.albums || now.jobs !== last.jobs) lastChange = performance.now();
        last = now;
        progress.push({ ...last, t: performance.now() - t0 });
        if (Number.isNaN(scanDoneAt) && last.scans_done > 0 && last.scans_open === 0) scanDoneAt = performance.now();
        if (!Number.isNaN(scanDoneAt) && last.albums === opts.albums.length && last.covers === last.albums + last.artists && last.settled === last.covers && last.jobs === 0) break;
        // Past the limit, or stalled, the run stops and says so: the memory held until then is still measured.
        if (performance.now() - t0 > limitMs) {
          incomplete = `not settled after ${Math.round(limitMs / 1000)} s (the limit for this work): ${last.settled} of ${last.covers} covers, ${last.jobs} jobs left`;
          break;
        }
        if (performance.now() - lastChange > STALL_MS) {
          incomplete = `nothing settled for ${STALL_MS / 1000} s: ${last.settled} of ${last.covers} covers, ${last.jobs} jobs left`;
          ctx.log(`${label}: ${incomplete}\n${service.tail().slice(-2000)}`);
          break;
        }
        await sleep(500);
      }
      const doneAt = performance.now();
      const cpu = (await cpuMs(service.pid)) ?? NaN;
      await sleep(ctx.smoke ? 1000 : 3000);
      await rss.stop();
      pgTimer = false;
      await pgLoop;
      const scanMs = scanDoneAt - t0;
      const resolving = rss.samples.filter((s) => s.t >= scanMs && s.t <= doneAt - t0).map((s) => s.rss);
      const idle = rss.samples.filter((s) => s.t > doneAt - t0).map((s) => s.rss);
      const probePeak = Math.max(0, ...service.probes.map((p) => p.rss));
      const sampledPeak = Math.max(0, ...rss.samples.map((s) => s.rss));
      const atPeak = service.probes.reduce<MemorySample | undefined>((best, p) => (!best || p.rss > best.rss ? p : best), undefined);
      const { rows: sources } = await sql<{ kind: string; n: number }>`
        select entity_type || ' ' || status || coalesce(' ' || source, '') as kind, count(*)::int as n from covers group by 1 order by 1`.execute(db);
      return {
        profile: label,
        incomplete,
        albums: opts.albums.length,
        remotes: opts.remotes,
        remoteRequests: remotes?.fake.requests.length ?? 0,
        peakRss: Math.max(probePeak, sampledPeak),
        steadyRss: median(resolving),
        idleRss: median(idle),
        atPeak,
        peakHeapTotal: Math.max(0, ...service.probes.map((p) => p.heapTotal)),
        peakExternal: Math.max(0, ...service.probes.map((p) => p.external)),
        postgresPeak,
        postgresSettings: JSON.stringify(loadConfig({ MUSIC_DIR: opts.root, PROFILE: profile }).embeddedPostgresSettings),
        scanSeconds: scanMs / 1000,
        resolveSeconds: (doneAt - scanDoneAt) / 1000,
        covers: last.covers,
        cpuMsPerCover: cpu / last.covers,
        bySource: Object.fromEntries(sources.map((s) => [s.kind, s.n])),
        samples: rss.samples,
        probes: service.probes,
        progress,
      };
    } finally {
      pgTimer = false;
      await rss.stop();
      await database.pool.end().catch(() => {});
      await service.stop();
    }
  } finally {
    await remotes?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'Memory: service RSS scanning and resolving a library, remotes on',
  async run(ctx) {
    const lib = await ctx.library();
    const core = lib.albums.filter((a) => a.part === 'core');
    const runs: MemoryRun[] = [];
    const rows: Row[] = [];
    // Both as a user starts them on a fresh machine: the npm script's environment and flags, the
    // profile's own embedded Postgres, a scan on start, and every remote source on (the fakes).
    // The smoke keeps one run (each starts a Postgres cluster from initdb): it must stay under a minute with the others.
    // MEMORY_PROFILES=default (or rpi4, or default,rpi4) runs only those: one profile while iterating on it.
    const only = process.env.MEMORY_PROFILES?.split(',').map((p) => p.trim()).filter(Boolean);
    const plan = [
      { profile: 'default', label: 'default (npm start)', script: 'start', opts: { root: lib.core, albums: core, remotes: true } },
      ...(ctx.smoke ? [] : [{ profile: 'rpi4', label: 'rpi4 (npm run start:rpi4)', script: 'start:rpi4', opts: { root: lib.root, albums: lib.albums, remotes: true } }]),
    ].filter((p) => !only || only.includes(p.profile));
    if (plan.length === 0) throw new Error(`MEMORY_PROFILES=${process.env.MEMORY_PROFILES}: no such profile (default, rpi4)`);
    for (const p of plan) {
      ctx.log(`memory: ${p.label}, ${p.opts.albums.length} albums, remotes on`);
      // One run failing does not lose the other's figures.
      try {
        runs.push(await memoryRun(ctx, process.env.MEMORY_TRY ? `${p.label} + ${process.env.MEMORY_TRY}` : p.label, p.script, p.opts));
      } catch (err) {
        if (plan.length === 1) throw err;
        ctx.log(`memory: ${p.label} failed: ${(err as Error).stack ?? String(err)}`);
        rows.push({ benchmark: this.title, case: `${p.label}: failed`, figure: 'n/a', baseline: '', ratio: '', values: { error: String(err) } });
      }
    }
    for (const r of runs) {
      const heap = r.atPeak?.heapTotal ?? NaN;
      const what = `${r.profile}, ${r.albums.toLocaleString('en-US')} albums${r.incomplete ? ' (INCOMPLETE)' : ''}`;
      rows.push({
        benchmark: this.title,
        case: `${what}: peak RSS`,
        figure: mb(r.peakRss),
        baseline: 'goal < 200 MB',
        ratio: times(r.peakRss / TARGET),
        values: { albums: r.albums, remotes: r.remotes, remoteRequests: r.remoteRequests, peakRss: r.peakRss, steadyRss: r.steadyRss, idleRss: r.idleRss, heapAtPeak: heap, externalAtPeak: r.atPeak?.external ?? null, peakHeapTotal: r.peakHeapTotal, peakExternal: r.peakExternal, postgresPeakPss: r.postgresPeak, ...Object.fromEntries(Object.entries(r.bySource).map(([k, v]) => [`covers ${k}`, v])) },
      });
      rows.push({
        benchmark: this.title,
        case: `${what}: steady / idle RSS; heap at peak`,
        figure: `${mb(r.steadyRss)} / ${mb(r.idleRss)}; ${mb(heap)}`,
        baseline: 'goal < 200 MB',
        ratio: times(r.steadyRss / TARGET),
        values: { steadyRss: r.steadyRss, idleRss: r.idleRss },
      });
      rows.push({
        benchmark: this.title,
        case: `${what}: its embedded Postgres (PSS, for information)`,
        figure: r.postgresPeak === null ? 'n/a' : mb(r.postgresPeak),
        baseline: r.postgresSettings === '{}' ? 'stock settings' : r.postgresSettings,
        ratio: '',
        values: { postgresPeakPss: r.postgresPeak, postgresSettings: r.postgresSettings },
      });
      rows.push({
        benchmark: this.title,
        case: `${what}: covers/s after the scan`,
        figure: `${num(r.covers / r.resolveSeconds)} covers/s (${num(r.cpuMsPerCover)} ms CPU)`,
        baseline: '',
        ratio: '',
        values: { covers: r.covers, scanSeconds: r.scanSeconds, resolveSeconds: r.resolveSeconds, remoteRequests: r.remoteRequests, incomplete: r.incomplete },
        ...(r.incomplete ? { note: `${r.profile}: ${r.incomplete}` } : {}),
      });
    }
    const how = `each run: the npm script's environment and node flags, its own embedded Postgres in a fresh DATA_DIR, SCAN_ON_START, the default source chains with every remote answered by the fakes on loopback (bench/lib/remotes.ts; MusicBrainz at ${BENCH_MB_RATE} requests/s instead of 1 to keep the run short); steady = median RSS while resolving, idle = 3 s after the last cover; heap = V8 heapTotal at the peak sample, the rest of RSS is native (libvips, glibc arenas, Buffers, code); ratio = RSS / 200 MB`;
    const last = rows.at(-1)!;
    last.note = [last.note, how].filter(Boolean).join('; ');
    return rows;
  },
};

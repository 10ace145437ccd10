/**
 * 7. Memory: peak RSS of the service process (`dist/main.js serve`, built from src/, started with the node flags of
 * `npm start`) while it scans and resolves the whole synthetic library (5,000 albums and their
 * artists: embedded art, folder images, nothing), with PROFILE=rpi4 and with the default profile.
 * RSS is read from /proc every 100 ms; the process also reports process.memoryUsage() (heap vs
 * native) through a preloaded probe. The Postgres server's memory (PSS, shared pages split) is
 * reported apart, for information. Seed target: under 200 MB for the service process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../../src/env.js';
import { cpuMs } from '../lib/proc.js';
import { sampleRss, spawnService, type MemorySample } from '../lib/service.js';
import { mb, median, num, sleep, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';
import type { PipelineMemory } from './pipeline.js';

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
  peakRss: number;
  steadyRss: number;
  idleRss: number;
  atPeak: MemorySample | undefined;
  peakHeapTotal: number;
  peakExternal: number;
  postgresPeak: number | null;
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

export async function memoryRun(ctx: Parameters<typeof memory.run>[0], label: string, script: string, extraEnv: Record<string, string> = {}): Promise<MemoryRun> {
  const lib = await ctx.library();
  const how = await npmScript(script);
  const profile = how.env.PROFILE ?? extraEnv.PROFILE ?? 'default';
  const database = await ctx.pg.newDatabase(`memory_${profile}`);
  const { db } = database;
  try {
    const service = await spawnService(
      'serve',
      {
        DATABASE_URL: database.url,
        MUSIC_DIR: lib.root,
        SCAN_ON_START: 'true',
        COVER_SOURCES: 'embedded,folder,placeholder',
        ARTIST_IMAGE_SOURCES: 'folder,placeholder',
        LOG_LEVEL: 'info',
        ...how.env,
        ...extraEnv,
      },
      { probe: true, nodeArgs: how.flags },
    );
    const rss = sampleRss(service.pid, 100);
    let postgresPeak: number | null = null;
    let pgTimer = true;
    const pgLoop = (async () => {
      while (pgTimer) {
        const m = await ctx.pg.memory();
        if (m !== null) postgresPeak = Math.max(postgresPeak ?? 0, m);
        await sleep(2000);
      }
    })();
    const t0 = performance.now();
    let scanDoneAt = NaN;
    let last: Progress | undefined;
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
        last = rows[0]!;
        progress.push({ ...last, t: performance.now() - t0 });
        if (Number.isNaN(scanDoneAt) && last.scans_done > 0 && last.scans_open === 0) scanDoneAt = performance.now();
        if (!Number.isNaN(scanDoneAt) && last.albums === lib.albums.length && last.covers === last.albums + last.artists && last.settled === last.covers && last.jobs === 0) break;
        if (performance.now() - t0 > ctx.sizes.settleTimeoutMs) throw new Error(`${profile}: not settled after ${ctx.sizes.settleTimeoutMs / 1000} s: ${JSON.stringify(last)}`);
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
        peakRss: Math.max(probePeak, sampledPeak),
        steadyRss: median(resolving),
        idleRss: median(idle),
        atPeak,
        peakHeapTotal: Math.max(0, ...service.probes.map((p) => p.heapTotal)),
        peakExternal: Math.max(0, ...service.probes.map((p) => p.external)),
        postgresPeak,
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
      await service.stop();
    }
  } finally {
    await database.drop();
  }
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'Memory: service RSS resolving the whole library',
  async run(ctx) {
    const lib = await ctx.library();
    const runs: MemoryRun[] = [];
    ctx.log(`memory: rpi4 (npm run start:rpi4), ${lib.albums.length} albums`);
    runs.push(await memoryRun(ctx, 'rpi4 (npm run start:rpi4)', 'start:rpi4'));
    // Resolving the whole library twice does not fit the 15-minute budget on 2 cores: when
    // benchmark 4 ran (the default profile, as npm start, over the 2,000-album core), its figures stand in.
    const fromPipeline = ctx.shared.get('pipeline-memory') as PipelineMemory | undefined;
    if (!fromPipeline) {
      ctx.log(`memory: default (npm start), ${lib.albums.length} albums`);
      runs.push(await memoryRun(ctx, 'default (npm start)', 'start'));
    }
    const rows: Row[] = [];
    for (const r of runs) {
      const heap = r.atPeak?.heapTotal ?? NaN;
      rows.push({
        benchmark: this.title,
        case: `${r.profile}: peak RSS`,
        figure: mb(r.peakRss),
        baseline: 'target 200 MB',
        ratio: times(r.peakRss / TARGET),
        values: { peakRss: r.peakRss, steadyRss: r.steadyRss, idleRss: r.idleRss, heapAtPeak: heap, externalAtPeak: r.atPeak?.external ?? null, peakHeapTotal: r.peakHeapTotal, peakExternal: r.peakExternal, postgresPeakPss: r.postgresPeak, ...Object.fromEntries(Object.entries(r.bySource).map(([k, v]) => [`covers ${k}`, v])) },
      });
      rows.push({
        benchmark: this.title,
        case: `${r.profile}: steady / idle RSS; heap at peak`,
        figure: `${mb(r.steadyRss)} / ${mb(r.idleRss)}; ${mb(heap)}`,
        baseline: 'target 200 MB',
        ratio: times(r.steadyRss / TARGET),
        values: { steadyRss: r.steadyRss, idleRss: r.idleRss },
      });
      rows.push({
        benchmark: this.title,
        case: `${r.profile}: Postgres (PSS, for information)`,
        figure: r.postgresPeak === null ? 'n/a (not our child)' : mb(r.postgresPeak),
        baseline: '',
        ratio: '',
        values: { postgresPeakPss: r.postgresPeak },
      });
    }
    if (fromPipeline) {
      const heap = fromPipeline.atPeak?.heapTotal ?? NaN;
      rows.push({
        benchmark: this.title,
        case: `default (npm start), ${fromPipeline.albums.toLocaleString('en-US')}-album core (benchmark 4's run): peak RSS`,
        figure: mb(fromPipeline.peakRss),
        baseline: 'target 200 MB',
        ratio: times(fromPipeline.peakRss / TARGET),
        values: { peakRss: fromPipeline.peakRss, steadyRss: fromPipeline.steadyRss, heapAtPeak: heap, albums: fromPipeline.albums, postgresPss: fromPipeline.postgres },
      });
      rows.push({
        benchmark: this.title,
        case: 'default: steady RSS; heap at peak',
        figure: `${mb(fromPipeline.steadyRss)}; ${mb(heap)}`,
        baseline: 'target 200 MB',
        ratio: times(fromPipeline.steadyRss / TARGET),
        values: { steadyRss: fromPipeline.steadyRss },
      });
    }
    const [pi, def] = runs as [MemoryRun, MemoryRun | undefined];
    const rate = (r: MemoryRun) => r.covers / r.resolveSeconds;
    if (!def) {
      rows.push({
        benchmark: this.title,
        case: 'rpi4: covers/s after the scan',
        figure: `${num(rate(pi))} covers/s (${num(pi.cpuMsPerCover)} ms CPU)`,
        baseline: '',
        ratio: '',
        values: { covers: pi.covers, scanSeconds: pi.scanSeconds, resolveSeconds: pi.resolveSeconds },
        note: `${lib.albums.length} albums + their artists, scanned then resolved; steady = median RSS while resolving, idle = 3 s after the last cover; heap = V8 heapTotal at the peak sample, the rest of RSS is native (libvips, glibc arenas, Buffers, code); ratio = RSS / 200 MB; the default profile's figures come from benchmark 4's run (resolving the whole library twice does not fit the 15-minute budget; \`npm run bench -- memory\` alone runs both profiles over all ${lib.albums.length} albums)`,
      });
      return rows;
    }
    rows.push({
      benchmark: this.title,
      case: 'covers/s after the scan: rpi4 vs default',
      figure: `${num(rate(pi))} covers/s (${num(pi.cpuMsPerCover)} ms CPU)`,
      baseline: `${num(rate(def))} covers/s (${num(def.cpuMsPerCover)} ms CPU)`,
      ratio: times(rate(pi) / rate(def)),
      values: { covers: pi.covers, rpi4ScanSeconds: pi.scanSeconds, rpi4ResolveSeconds: pi.resolveSeconds, defaultScanSeconds: def.scanSeconds, defaultResolveSeconds: def.resolveSeconds },
      note: `${lib.albums.length} albums + their artists, scan then covers; steady = median RSS while resolving, idle = 3 s after the last cover; heap = V8 heapTotal at the peak sample, the rest of RSS is native (libvips, glibc arenas, Buffers, code); ratios: RSS / 200 MB, rpi4 covers/s / default covers/s`,
    });
    return rows;
  },
};

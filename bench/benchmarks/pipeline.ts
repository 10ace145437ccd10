/**
 * 4. Cover pipeline: covers/s resolving the core library (2,000 albums, every one with embedded
 * art) from the audio files to a ready default variant (256 px webp), by the service as it runs
 * (`serve`, default profile: jobs through graphile-worker, music-metadata, validation, normalise,
 * store in Postgres, then the variant rendered on its first request). Baseline: a loop calling
 * sharp directly on the already-extracted pictures for the same output (the stored original webp,
 * its colour and thumbhash, the 256 px webp), as many at once as the worker runs jobs.
 */
import { cpus } from 'node:os';
import sharp from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { sql } from 'kysely';
import { enqueueAfterScan } from '../../src/covers/cover.service.js';
import { loadConfig } from '../../src/env.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { cpuMs } from '../lib/proc.js';
import { sampleRss, spawnService, type MemorySample } from '../lib/service.js';
import { mapLimit, median, num, times, waitUntil } from '../lib/stats.js';
import { npmScript } from './memory.js';
import type { Benchmark, Row } from '../lib/types.js';

/** What the pipeline run leaves for benchmark 7: the default profile's memory over 2,000 covers. */
export interface PipelineMemory {
  albums: number;
  peakRss: number;
  steadyRss: number;
  atPeak: MemorySample | undefined;
  postgres: number | null;
}

/** The same work as validate + normalise + renderVariant(256, webp), done the shortest way: one decode. */
async function bareCover(jpeg: Buffer): Promise<number> {
  const { data, info } = await sharp(jpeg, { failOn: 'error' }).rotate().resize(1500, 1500, { fit: 'inside', withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels as 3 | 4 } };
  const [original, variant, thumb] = await Promise.all([
    sharp(data, raw).webp({ quality: 90, effort: 4 }).toBuffer(),
    sharp(data, raw).resize(256, 256, { fit: 'cover' }).webp({ quality: 80, effort: 4 }).toBuffer(),
    sharp(data, raw).resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  ]);
  const stats = await sharp(thumb.data, { raw: { width: thumb.info.width, height: thumb.info.height, channels: 4 } }).stats();
  rgbaToThumbHash(thumb.info.width, thumb.info.height, thumb.data);
  return original.length + variant.length + stats.dominant.r;
}

export const pipeline: Benchmark = {
  name: 'pipeline',
  title: 'Cover pipeline: embedded art to a ready 256 px webp',
  async run(ctx) {
    const lib = await ctx.library();
    const albums = lib.albums.filter((a) => a.part === 'core');
    const concurrency = loadConfig({ MUSIC_DIR: lib.core }).workerConcurrency;

    // Baseline first: the pictures as the embedded source hands them over (bytes verified equal
    // to what music-metadata extracts when the library is generated). The first albums only: whole
    // cycles of the 50-picture pool, so the same mix of sizes as the 2,000 (covers/s compares).
    const sample = albums.slice(0, ctx.sizes.pipelineBaselineAlbums);
    const pictures = await Promise.all(sample.map((a) => lib.picture(a)));
    sharp.concurrency(0);
    await mapLimit(pictures.slice(0, 8), concurrency, bareCover); // warm-up
    const cpu0 = process.cpuUsage();
    const b0 = performance.now();
    await mapLimit(pictures, concurrency, bareCover);
    const baseSeconds = (performance.now() - b0) / 1000;
    const baseCpu = process.cpuUsage(cpu0);
    const baseCpuMsPerCover = (baseCpu.user + baseCpu.system) / 1000 / sample.length;
    pictures.length = 0;

    const database = await ctx.pg.newDatabase('pipeline');
    try {
      const { db } = database;
      const scanned = await scanLibrary(db, { root: lib.core });
      if (scanned.albumsAdded.length !== albums.length) throw new Error(`scan found ${scanned.albumsAdded.length} albums, expected ${albums.length}`);
      const start = await npmScript('start');
      const service = await spawnService(
        'serve',
        { DATABASE_URL: database.url, MUSIC_DIR: lib.core, SCAN_ON_START: 'false', COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder', ...start.env },
        { nodeArgs: start.flags, probe: true },
      );
      // The default profile's memory while it works through 2,000 covers: benchmark 7 reports it.
      const rss = sampleRss(service.pid, 100);
      try {
        const c0 = (await cpuMs(service.pid))!;
        const t0 = performance.now();
        await enqueueAfterScan({ db, queue: createJobQueue(db) }, scanned.albumsAdded.map((id) => ({ type: 'album' as const, id })), []);
        await waitUntil(
          'every album cover resolved',
          async () => {
            const { rows } = await sql<{ n: number }>`select count(*)::int as n from covers where entity_type = 'album' and status <> 'PENDING'`.execute(db);
            return rows[0]!.n >= albums.length;
          },
          ctx.sizes.settleTimeoutMs,
          200,
        );
        const resolvedSeconds = (performance.now() - t0) / 1000;
        const c1 = (await cpuMs(service.pid))!;
        const covers = await db.selectFrom('covers').select(['status', 'source', 'image_hash']).where('entity_type', '=', 'album').execute();
        const wrong = covers.filter((c) => c.status !== 'READY' || c.source !== 'EMBEDDED');
        if (wrong.length > 0) throw new Error(`${wrong.length} covers did not come from the embedded art: ${JSON.stringify(wrong[0])}`);
        const distinct = new Set(covers.map((c) => c.image_hash));
        // The default variant is rendered on its first request (the browser's, here ours).
        await mapLimit([...distinct], concurrency, async (hash) => {
          const res = await fetch(`${service.url}/covers/${hash}/256.webp`);
          if (res.status !== 200) throw new Error(`variant of ${hash}: HTTP ${res.status}`);
          await res.arrayBuffer();
        });
        const totalSeconds = (performance.now() - t0) / 1000;
        const c2 = (await cpuMs(service.pid))!;
        await rss.stop();
        const peak = Math.max(0, ...rss.samples.map((x) => x.rss), ...service.probes.map((p) => p.rss));
        const resolving = rss.samples.filter((x) => x.t <= resolvedSeconds * 1000).map((x) => x.rss);
        ctx.shared.set('pipeline-memory', {
          albums: albums.length,
          peakRss: peak,
          steadyRss: median(resolving),
          atPeak: service.probes.reduce<MemorySample | undefined>((best, p) => (!best || p.rss > best.rss ? p : best), undefined),
          postgres: await ctx.pg.memory(),
        } satisfies PipelineMemory);
        const rate = albums.length / totalSeconds;
        const baseRate = sample.length / baseSeconds;
        const cpuPerCover = (c2 - c0) / albums.length;
        const rows: Row[] = [
          {
            benchmark: this.title,
            case: `${albums.length} albums: covers/s`,
            figure: `${num(rate)} covers/s`,
            baseline: `${num(baseRate)} covers/s`,
            ratio: times(rate / baseRate),
            values: { albums: albums.length, distinctImages: distinct.size, seconds: totalSeconds, resolveSeconds: resolvedSeconds, variantSeconds: totalSeconds - resolvedSeconds, baselineSeconds: baseSeconds, baselineAlbums: sample.length, concurrency },
          },
          {
            benchmark: this.title,
            case: 'service CPU per cover',
            figure: `${num(cpuPerCover)} ms`,
            baseline: `${num(baseCpuMsPerCover)} ms`,
            ratio: times(cpuPerCover / baseCpuMsPerCover),
            values: { cpuMsPerCover: cpuPerCover, resolveCpuMsPerCover: (c1 - c0) / albums.length, variantCpuMsPerCover: (c2 - c1) / albums.length, baselineCpuMsPerCover: baseCpuMsPerCover },
            note: `resolve ${num(resolvedSeconds)} s + first variant requests ${num(totalSeconds - resolvedSeconds)} s; ${distinct.size} distinct images; baseline over the first ${sample.length} pictures (whole cycles of the pool: the same size mix); worker concurrency ${concurrency}, baseline ${concurrency} at once, sharp threads = ${cpus().length} cores; service CPU excludes Postgres`,
          },
        ];
        return rows;
      } finally {
        await rss.stop();
        await service.stop();
      }
    } finally {
      await database.drop();
    }
  },
};

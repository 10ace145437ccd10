/**
 * 4. Cover pipeline: covers/s resolving the core library (2,000 albums, every one with embedded
 * art) from the audio files to a ready default variant (256 px webp), by the service as it runs
 * (`serve`, default profile: jobs through graphile-worker, music-metadata, validation, normalise,
 * store in Postgres, then the variant rendered on its first request). Baseline: a loop calling
 * sharp directly on the already-extracted pictures for the same output (the stored original webp,
 * its colour and thumbhash, the 256 px webp), as many at once as the worker runs jobs.
 * The two take turns (`pipelineRuns`, 5): a baseline run, then the service resolving the next
 * slice of the library, and so on; figures are the runs' median and the least-contended run's
 * CPU per cover, beside the whole library's covers/s.
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
import { spawnService } from '../lib/service.js';
import { mapLimit, median, num, times, waitUntil } from '../lib/stats.js';
import { npmScript } from './memory.js';
import type { Benchmark, Row } from '../lib/types.js';

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

    // The baseline: the pictures as the embedded source hands them over (bytes verified equal to
    // what music-metadata extracts when the library is generated). The first albums only: whole
    // cycles of the 50-picture pool, so the same mix of sizes as the 2,000 (covers/s compares).
    const sample = albums.slice(0, ctx.sizes.pipelineBaselineAlbums);
    const pictures = await Promise.all(sample.map((a) => lib.picture(a)));
    sharp.concurrency(0);
    await mapLimit(pictures.slice(0, 8), concurrency, bareCover); // warm-up
    const baseline = async () => {
      const cpu0 = process.cpuUsage();
      const b0 = performance.now();
      await mapLimit(pictures, concurrency, bareCover);
      const seconds = (performance.now() - b0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      return { rate: sample.length / seconds, seconds, cpuMsPerCover: (cpu.user + cpu.system) / 1000 / sample.length };
    };

    const database = await ctx.pg.newDatabase('pipeline');
    try {
      const { db } = database;
      const scanned = await scanLibrary(db, { root: lib.core });
      if (scanned.albumsAdded.length !== albums.length) throw new Error(`scan found ${scanned.albumsAdded.length} albums, expected ${albums.length}`);
      const start = await npmScript('start');
      const service = await spawnService(
        'serve',
        { DATABASE_URL: database.url, MUSIC_DIR: lib.core, SCAN_ON_START: 'false', COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder', ...start.env },
        { nodeArgs: start.flags },
      );
      try {
        const queue = createJobQueue(db);
        const resolved = async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from covers where entity_type = 'album' and status <> 'PENDING'`.execute(db);
          return rows[0]!.n;
        };
        // The service and the baseline take turns, run after run: each service run resolves the
        // next slice of the library (the runs together resolve all of it), each baseline run its
        // sample, so both see the same moments of a shared machine.
        const runs = Math.max(1, ctx.sizes.pipelineRuns);
        const slice = Math.ceil(albums.length / runs);
        const service$: { rate: number; seconds: number; cpuMsPerCover: number; albums: number }[] = [];
        const base$: Awaited<ReturnType<typeof baseline>>[] = [];
        const c0 = (await cpuMs(service.pid))!;
        const t0 = performance.now();
        let resolvingMs = 0;
        for (let run = 0; run < runs; run++) {
          base$.push(await baseline());
          const batch = scanned.albumsAdded.slice(run * slice, (run + 1) * slice);
          if (batch.length === 0) continue;
          const done = await resolved();
          const r0 = performance.now();
          const rc0 = (await cpuMs(service.pid))!;
          await enqueueAfterScan({ db, queue }, batch.map((id) => ({ type: 'album' as const, id })), []);
          await waitUntil(`the covers of run ${run + 1} resolved`, async () => (await resolved()) >= done + batch.length, ctx.sizes.settleTimeoutMs, 200);
          const seconds = (performance.now() - r0) / 1000;
          resolvingMs += seconds * 1000;
          service$.push({ rate: batch.length / seconds, seconds, cpuMsPerCover: ((await cpuMs(service.pid))! - rc0) / batch.length, albums: batch.length });
        }
        pictures.length = 0;
        const resolvedSeconds = resolvingMs / 1000;
        const c1 = (await cpuMs(service.pid))!;
        const v0 = performance.now();
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
        const variantSeconds = (performance.now() - v0) / 1000;
        const totalSeconds = resolvedSeconds + variantSeconds;
        const c2 = (await cpuMs(service.pid))!;
        void t0;
        const rate = albums.length / totalSeconds;
        const baseRate = median(base$.map((b) => b.rate));
        const baseCpu = base$.map((b) => b.cpuMsPerCover);
        const svcCpu = service$.map((r) => r.cpuMsPerCover);
        const cpuPerCover = (c2 - c0) / albums.length;
        const runsNote = `${service$.length} service runs of ~${slice} albums alternated with ${base$.length} baseline runs of ${sample.length} pictures`;
        const rows: Row[] = [
          {
            benchmark: this.title,
            case: `${albums.length} albums: covers/s`,
            figure: `${num(rate)} covers/s`,
            baseline: `${num(baseRate)} covers/s`,
            ratio: times(rate / baseRate),
            values: { albums: albums.length, distinctImages: distinct.size, seconds: totalSeconds, resolveSeconds: resolvedSeconds, variantSeconds, baselineSeconds: median(base$.map((b) => b.seconds)), baselineAlbums: sample.length, concurrency },
          },
          {
            benchmark: this.title,
            case: 'resolve covers/s per run: median',
            figure: `${num(median(service$.map((r) => r.rate)))} covers/s`,
            baseline: `${num(baseRate)} covers/s`,
            ratio: times(median(service$.map((r) => r.rate)) / baseRate),
            values: { runs: service$.length, serviceRates: service$.map((r) => num(r.rate)).join(' '), baselineRates: base$.map((b) => num(b.rate)).join(' ') },
          },
          {
            benchmark: this.title,
            case: 'service CPU per cover: median of runs',
            figure: `${num(median(svcCpu))} ms`,
            baseline: `${num(median(baseCpu))} ms`,
            ratio: times(median(svcCpu) / median(baseCpu)),
            values: { cpuMsPerCover: median(svcCpu), baselineCpuMsPerCover: median(baseCpu), wholeRunCpuMsPerCover: cpuPerCover, resolveCpuMsPerCover: (c1 - c0) / albums.length, variantCpuMsPerCover: (c2 - c1) / albums.length },
          },
          {
            benchmark: this.title,
            case: 'service CPU per cover: least-contended run',
            figure: `${num(Math.min(...svcCpu))} ms`,
            baseline: `${num(Math.min(...baseCpu))} ms`,
            ratio: times(Math.min(...svcCpu) / Math.min(...baseCpu)),
            values: { cpuMsPerCover: Math.min(...svcCpu), baselineCpuMsPerCover: Math.min(...baseCpu), serviceRuns: svcCpu.map(num).join(' '), baselineRuns: baseCpu.map(num).join(' ') },
            note: `${runsNote}; resolve ${num(resolvedSeconds)} s + first variant requests ${num(variantSeconds)} s (the runs' figures are the jobs, which make the default variant with the cover; the requests then find it); ${distinct.size} distinct images; baseline over the first ${sample.length} pictures (whole cycles of the pool: the same size mix); worker concurrency ${concurrency}, baseline ${concurrency} at once, sharp threads = ${cpus().length} cores; service CPU excludes Postgres`,
          },
        ];
        return rows;
      } finally {
        await service.stop();
      }
    } finally {
      await database.drop();
    }
  },
};

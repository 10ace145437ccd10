/**
 * 8. Bursts of anonymous image work (issue 10 point 6): peak RSS of the API process while 20 cold
 * 1024 px AVIF variants are asked for at once, and while 30 uploads arrive at once; with the
 * default bounded queue (IMAGE_WORK_CONCURRENCY / IMAGE_WORK_QUEUE) against the same service with
 * the bound lifted. Counts answers by status (503 = shed, with Retry-After). Prints, never asserts.
 */
import sharp from 'sharp';
import { normalise } from '../../src/images/image.pipeline.js';
import { createImageStore } from '../../src/images/image.store.js';
import { encodeId } from '../../src/schema/builder.js';
import { seedLibrary } from '../lib/seed.js';
import { sampleRss, spawnService } from '../lib/service.js';
import { median } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';
import { npmScript } from './memory.js';

const UPLOAD = 'mutation($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename } }';

const noisy = (size: number, seed: number) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: seed % 255, g: (seed * 7) % 255, b: (seed * 13) % 255 }, noise: { type: 'gaussian', mean: 96 + (seed % 64), sigma: 10 } } })
    .jpeg({ quality: 92 })
    .toBuffer();

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

export const imageWork: Benchmark = {
  name: 'image-work',
  title: 'Bursts of image work: peak RSS',
  async run(ctx) {
    const renders = ctx.smoke ? 4 : 20;
    const uploads = ctx.smoke ? 4 : 30;
    const size = ctx.smoke ? 256 : 1024;
    const uploadPx = ctx.smoke ? 600 : 2400;
    // Alternated rounds (bounded, unbounded, bounded, …): the figure is the median peak of each.
    const rounds = ctx.smoke ? 1 : 3;
    const measured = new Map<string, { label: string; what: string; peak: number[]; idle: number[]; ok: number[]; shed: number[]; other: number[]; seconds: number[] }>();
    const cases = [
      { label: 'bounded (defaults)', env: {} as Record<string, string> },
      { label: 'unbounded', env: { IMAGE_WORK_CONCURRENCY: '64', IMAGE_WORK_QUEUE: '10000' } },
    ];
    for (let round = 0; round < rounds; round++) for (const c of cases) {
      const database = await ctx.pg.newDatabase('imagework');
      try {
        // Originals large enough for 1024 px, each its own hash, so every request is a cold render.
        const store = createImageStore(database.db, { cacheBytes: 0 });
        const hashes: string[] = [];
        for (let i = 0; i < renders; i++) {
          const img = await normalise(await noisy(ctx.smoke ? 400 : 1400, i + 1));
          await store.put(img);
          hashes.push(img.hash);
        }
        const albumIds = (await seedLibrary(database.db, { albums: uploads, prefix: 'Up' })).map((id) => encodeId('Album', id));
        const uploadBytes = await noisy(uploadPx, 99);
        // Started as `npm run start:api` starts it: its environment (MALLOC_ARENA_MAX) and node flags.
        const how = await npmScript('start:api');
        const service = await spawnService('api', { ...how.env, DATABASE_URL: database.url, SCAN_ON_START: 'false', ...c.env }, { nodeArgs: how.flags });
        try {
          const burst = async (what: string, requests: (() => Promise<Response>)[]) => {
            const rss = sampleRss(service.pid, 50);
            const t0 = performance.now();
            const statuses = await Promise.all(requests.map((r) => r().then(async (res) => (await res.arrayBuffer(), res.status), () => 0)));
            const seconds = (performance.now() - t0) / 1000;
            await new Promise((r) => setTimeout(r, 200));
            await rss.stop();
            const idle = rss.samples[0]?.rss ?? 0;
            const peak = Math.max(...rss.samples.map((s) => s.rss));
            const count = (s: number) => statuses.filter((x) => x === s).length;
            ctx.log(`round ${round + 1}/${rounds}, ${c.label}, ${what}: peak ${mb(peak)} (from ${mb(idle)}), ${count(200)} x 200, ${count(503)} x 503, ${statuses.length - count(200) - count(503)} other, ${seconds.toFixed(1)} s`);
            const key = `${c.label}: ${what}`;
            const m = measured.get(key) ?? { label: c.label, what, peak: [], idle: [], ok: [], shed: [], other: [], seconds: [] };
            m.peak.push(peak);
            m.idle.push(idle);
            m.ok.push(count(200));
            m.shed.push(count(503));
            m.other.push(statuses.length - count(200) - count(503));
            m.seconds.push(seconds);
            measured.set(key, m);
          };
          await burst(`${renders} cold ${size} px AVIF at once`, hashes.map((h) => () => fetch(`${service.url}/covers/${h}/${size}.avif`)));
          await burst(
            `${uploads} uploads of ${uploadPx} px at once`,
            albumIds.map((id) => () => {
              const form = new FormData();
              form.set('operations', JSON.stringify({ query: UPLOAD, variables: { id, file: null } }));
              form.set('map', JSON.stringify({ 0: ['variables.file'] }));
              form.set('0', new Blob([new Uint8Array(uploadBytes)], { type: 'image/jpeg' }), 'cover.jpg');
              return fetch(`${service.url}/graphql`, { method: 'POST', body: form, headers: { 'x-graphql-yoga-csrf': '1' } });
            }),
          );
        } finally {
          await service.stop();
        }
      } finally {
        await database.drop();
      }
    }
    const rows: Row[] = [...measured.entries()].map(([key, m]) => ({
      benchmark: this.title,
      case: key,
      figure: mb(median(m.peak)),
      baseline: `${mb(median(m.idle))} before`,
      ratio: `${median(m.ok)} ok / ${median(m.shed)} shed`,
      values: { peakRss: median(m.peak), idleRss: median(m.idle), ok: median(m.ok), shed: median(m.shed), other: median(m.other), seconds: median(m.seconds), peaks: m.peak.map(mb).join(', '), rounds },
    }));
    rows[rows.length - 1]!.note = `median of ${rounds} alternated round(s); peak RSS of the API process (started as \`npm run start:api\`) sampled every 50 ms from /proc; "shed" answers are 503 with Retry-After (counted in covers_image_work_shed_total); bounded = IMAGE_WORK_CONCURRENCY (2, rpi4: 1) running and IMAGE_WORK_QUEUE (64) waiting`;
    return rows;
  },
};

/**
 * Anonymous image work is bounded (issue 10 point 6): past the queue, cold renders and uploads get
 * 503 with Retry-After instead of piling up, and what was shed is counted in /metrics.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/schema/builder.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage, upload } from '../helpers/covers.js';
import { seedLibrary } from '../helpers/seed.js';

const noisy = (size: number) =>
  sharp({ create: { width: size, height: size, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();

let t: TestApp;
let ids: string[];

beforeAll(async () => {
  t = await startTestApp({ role: 'api', env: { IMAGE_WORK_CONCURRENCY: '1', IMAGE_WORK_QUEUE: '0' } });
  ids = (await seedLibrary(t.app.db, { albums: 4, prefix: 'Work' })).map((id) => encodeId('Album', id));
});
afterAll(() => t?.stop());

async function shedCount(): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return Number(/^covers_image_work_shed_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe('bounded image work', () => {
  it('sheds cold renders past the queue with 503 + Retry-After, and serves them on retry', async () => {
    const up = await upload(t, ids[0]!, { bytes: await noisy(700), name: 'n.jpg', type: 'image/jpeg' });
    expect(up.body.data?.uploadCover.__typename).toBe('CoverPayload');
    const hash = /\/covers\/([0-9a-f]{64})\//.exec(up.body.data!.uploadCover.cover.url)![1];
    const paths = [64, 128, 256, 512].flatMap((s) => ['webp', 'jpg', 'avif'].map((ext) => `/covers/${hash}/${s}.${ext}`));
    const before = await shedCount();
    const first = await Promise.all(paths.map((p) => fetchImage(t, p)));
    const busy = first.filter((r) => r.res.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(first.every((r) => r.res.status === 200 || r.res.status === 503)).toBe(true);
    for (const r of busy) expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await shedCount()) - before).toBe(busy.length);
    for (const p of paths) expect((await fetchImage(t, p)).res.status, p).toBe(200); // one at a time: all served
  }, 120_000);

  it('sheds concurrent uploads with a 503 SERVICE_UNAVAILABLE error, changing nothing for them', async () => {
    const bytes = await noisy(1600);
    const results = await Promise.all(ids.slice(1).map((id) => upload(t, id, { bytes, name: 'n.jpg', type: 'image/jpeg' })));
    const shed = results.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const r of shed) expect(r.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/busy/), extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(results.filter((r) => r.body.data?.uploadCover?.__typename === 'CoverPayload').length).toBe(results.length - shed.length);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from covers where source = 'UPLOAD'`);
    expect(rows[0].n).toBe(1 + results.length - shed.length);
  }, 120_000);
});

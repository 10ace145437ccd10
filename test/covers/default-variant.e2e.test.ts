import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { albumsByFolder, fetchImage, scan, upload, waitForCover } from '../helpers/covers.js';
import { solidJpeg } from '../helpers/images.js';

/** DESIGN.md: "The UI default size is made with the cover; the rest on first request." */
describe('the default variant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'placeholder' } });
    await scan(t, 'Amber Coast');
  });
  afterAll(() => t?.stop());

  it('is stored by the job that resolves the cover, so the first page view renders nothing', async () => {
    const cover = await waitForCover(t, 'Amber Coast/Harbour Lights', (c) => c.status === 'READY');
    const hash = /\/covers\/([0-9a-f]{64})\//.exec(cover.url!)![1]!;
    const variants = await t.app.db.selectFrom('image_variants').select(['size', 'format']).where('hash', '=', hash).execute();
    expect(variants).toEqual([{ size: 256, format: 'webp' }]);

    const rendered = () => t.app.store.stats().rendered;
    const before = rendered();
    const { res } = await fetchImage(t, cover.url!);
    expect(res.status).toBe(200);
    expect(rendered()).toBe(before); // served from the stored variant
    const { res: other } = await fetchImage(t, cover.url!.replace('/256.webp', '/128.jpg'));
    expect(other.status).toBe(200);
    expect(rendered()).toBe(before + 1); // other sizes: on first request
  });

  it('is stored with an uploaded cover too, by the same accept path as the chain', async () => {
    const albums = await albumsByFolder(t);
    const target = albums.get('Amber Coast/Harbour Lights')!;
    const res = await upload(t, target.id, { bytes: await solidJpeg('#224466', 400), name: 'mine.jpg', type: 'image/jpeg' });
    expect(res.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'UPLOAD' } });
    const url = res.body.data!.uploadCover.cover.url as string;
    const hash = /\/covers\/([0-9a-f]{64})\//.exec(url)![1]!;
    const variants = await t.app.db.selectFrom('image_variants').select(['size', 'format']).where('hash', '=', hash).execute();
    expect(variants).toEqual([{ size: 256, format: 'webp' }]);

    const before = t.app.store.stats().rendered;
    expect((await fetchImage(t, url)).res.status).toBe(200);
    expect(t.app.store.stats().rendered).toBe(before); // the first view renders nothing
  });
});

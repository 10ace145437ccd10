/**
 * Album.images end to end: the typed-images fixture library (pictures embedded by type, folder
 * files, a scans/ folder), the Cover Art Archive's listing from a loopback fake that redirects to
 * its image host, the real worker, and the bytes through the service's image route.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { deleteUnreferencedImages } from '../../src/images/image.repository.js';
import { graphql } from '../gql/index.js';
import type { AlbumImagesQuery } from '../gql/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage, parseUrl, scan } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg, solidPng } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

const TYPED_LIBRARY = resolve(PROJECT_ROOT, 'test/fixtures/typed');
const RELEASE = '5ca1ab1e-0000-4000-8000-00000000a11b';
const LINER = 'Paper Trail/Liner Notes';
const FLIP = 'Paper Trail/Flip Side';
const PACKAGE = 'Scan House/Full Package';
const CAA = { front: '2a9d8f', back: 'e76f51', booklet: 'f4a261', medium: '264653', tray: 'ff00ff', unapproved: '00ffff' };

const AlbumImages = graphql(`
  query AlbumImages($first: Int, $types: [AlbumImageType!]) {
    albums(first: $first) {
      edges {
        node {
          folder
          images(types: $types) { id type source detail url width height dominantColor thumbhash srcset jpeg: url(size: 1024, format: JPEG) }
        }
      }
    }
  }
`);
type Image = AlbumImagesQuery['albums']['edges'][number]['node']['images'][number];

let fake: FakeRemotes;
let t: TestApp;
let queries = 0;
let byFolder: Map<string, Image[]>;

async function imagesByFolder(types?: string[], first = 50): Promise<Map<string, Image[]>> {
  const res = await t.gql(AlbumImages, { first, types: (types ?? null) as never });
  if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
  return new Map(res.data.albums.edges.map((e) => [e.node.folder.replace(/\/+$/, ''), e.node.images]));
}

const summary = (images: Image[]) => images.map((i) => `${i.type} ${i.source} ${i.detail.replace(/image \d+/, 'image #')}`);

beforeAll(async () => {
  fake = await startFakeRemotes();
  const booklet = await solidPng(`#${CAA.booklet}`, 1200, 600);
  fake.caa.setListing(RELEASE, [
    { types: ['Front'], image: await solidJpeg(`#${CAA.front}`, 1200) },
    { types: ['Back', 'Spine'], image: await solidJpeg(`#${CAA.back}`, 1200) },
    { types: ['Booklet'], image: booklet },
    // The same page listed twice (a CAA edit duplicated it): one picture, stored and listed once.
    { types: ['Booklet'], image: booklet },
    { types: ['Medium'], image: await solidJpeg(`#${CAA.medium}`, 1200) },
    { types: ['Tray'], image: await solidJpeg(`#${CAA.tray}`, 1200) },
    { types: ['Back'], image: await solidJpeg(`#${CAA.unapproved}`, 1200), approved: false },
  ]);
  t = await startTestApp({
    env: { ...fake.env(), MUSIC_DIR: TYPED_LIBRARY, COVER_SOURCES: 'embedded,folder,placeholder', WORKER_CONCURRENCY: '2', REMOTE_TIMEOUT_MS: '3000' },
    db: { onQuery: () => void queries++ },
  });
  await scan(t);
  // The first read queues the gathering; the answer fills in once the worker is done.
  byFolder = await waitFor(
    async () => {
      const m = await imagesByFolder();
      return m.get(LINER)?.length && m.get(FLIP)?.length && (m.get(PACKAGE)?.filter((i) => i.source === 'COVER_ART_ARCHIVE').length ?? 0) > 0 ? m : undefined;
    },
    30_000,
    { intervalMs: 100, message: 'album images gathered' },
  );
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('Album.images', () => {
  it('reads embedded pictures by their FLAC picture type, front first, each served through the image route', async () => {
    const liner = byFolder.get(LINER)!;
    expect(summary(liner)).toEqual([
      'FRONT EMBEDDED 01 - Fold.flac: Cover (front)',
      'BACK EMBEDDED 01 - Fold.flac: Cover (back)',
      'BOOKLET EMBEDDED 01 - Fold.flac: Leaflet page',
      'MEDIUM EMBEDDED 01 - Fold.flac: Media (e.g. label side of CD)',
    ]);
    const colours = ['c03030', '3050c0', 'd0b020', '30a040'];
    for (const [i, image] of liner.entries()) {
      const { res, bytes } = await fetchImage(t, image.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      await expectColor(bytes, colours[i]!, 12);
    }
    // The booklet page keeps its shape (no squareness rule for what is not a front cover).
    expect(liner[2]).toMatchObject({ width: 300, height: 450 });
  });

  it('reads ID3 APIC types: the back cover that comes first in the file is the BACK, not the front', async () => {
    const flip = byFolder.get(FLIP)!;
    expect(summary(flip)).toEqual(['FRONT EMBEDDED 01 - Heads.mp3: Cover (front)', 'BACK EMBEDDED 01 - Heads.mp3: Cover (back)']);
    await expectColor((await fetchImage(t, flip[1]!.url)).bytes, '202080', 12);
    expect(flip[0]).toMatchObject({ width: 400, height: 400 });
  });

  it('classifies folder files by name, any case, with scans/ as booklet pages, then adds the Cover Art Archive typed images', async () => {
    const pkg = byFolder.get(PACKAGE)!;
    expect(summary(pkg)).toEqual([
      'FRONT FOLDER cover.jpg',
      `FRONT COVER_ART_ARCHIVE release ${RELEASE.slice(0, 8)}…: image # (Front)`,
      'BACK FOLDER Back.JPG',
      'BACK FOLDER scans/back.jpg',
      `BACK COVER_ART_ARCHIVE release ${RELEASE.slice(0, 8)}…: image # (Back, Spine)`,
      'BOOKLET FOLDER Booklet 02.png',
      'BOOKLET FOLDER booklet-01.jpg',
      'BOOKLET FOLDER scans/inlay.jpg',
      `BOOKLET COVER_ART_ARCHIVE release ${RELEASE.slice(0, 8)}…: image # (Booklet)`,
      'MEDIUM FOLDER CD.jpg',
      'MEDIUM FOLDER disc2.jpg',
      `MEDIUM COVER_ART_ARCHIVE release ${RELEASE.slice(0, 8)}…: image # (Medium)`,
    ]);
    const caa = pkg.filter((i) => i.source === 'COVER_ART_ARCHIVE');
    for (const [image, colour] of caa.map((i, n) => [i, [CAA.front, CAA.back, CAA.booklet, CAA.medium][n]!] as const)) await expectColor((await fetchImage(t, image.url)).bytes, colour, 12);
    // The 1200 px booklet spread, stored whole (2:1), not refused for its shape.
    expect(caa[2]).toMatchObject({ width: 1200, height: 600 });
    expect(pkg.find((i) => i.detail === 'booklet-01.jpg')).toMatchObject({ width: 600, height: 300 });
  });

  it("took the CAA listing's 1200 px thumbnails through CAA's redirect to its image host, never the originals", () => {
    const caaPaths = fake.requestsTo('caa').map((r) => r.path);
    expect(caaPaths).toContain(`/release/${RELEASE}`);
    const downloads = caaPaths.filter((p) => p.endsWith('.jpg'));
    expect(downloads).toHaveLength(5); // front, back, booklet twice, medium: not the Tray, not the unapproved back
    expect(downloads.every((p) => p.endsWith('-1200.jpg'))).toBe(true);
    expect(fake.requestsTo('images').filter((r) => r.path.includes(`mbid-${RELEASE}`) && r.path.endsWith('_thumb1200.jpg'))).toHaveLength(5);
  });

  it('filters by type', async () => {
    const backs = await imagesByFolder(['BACK']);
    expect(backs.get(LINER)!.map((i) => i.type)).toEqual(['BACK']);
    expect(backs.get(PACKAGE)!.map((i) => i.detail.replace(/image \d+/, 'image #'))).toEqual(['Back.JPG', 'scans/back.jpg', `release ${RELEASE.slice(0, 8)}…: image # (Back, Spine)`]);
    const some = await imagesByFolder(['BOOKLET', 'MEDIUM']);
    expect(new Set(some.get(PACKAGE)!.map((i) => i.type))).toEqual(new Set(['BOOKLET', 'MEDIUM']));
  });

  it('serves them like covers: variant ladder, formats, immutable caching, 304', async () => {
    const back = byFolder.get(FLIP)![1]!;
    expect(parseUrl(back.url)).toMatchObject({ size: 256, ext: 'webp' });
    expect(back.srcset).toBe(`/covers/${parseUrl(back.url).hash}/64.webp 64w, /covers/${parseUrl(back.url).hash}/128.webp 128w, /covers/${parseUrl(back.url).hash}/256.webp 256w, /covers/${parseUrl(back.url).hash}/300.webp 300w`);
    // 1024 asked of a 300 px original: its own size, never an upscale; JPEG on request.
    expect(parseUrl(back.jpeg)).toMatchObject({ size: 300, ext: 'jpg' });
    const first = await fetchImage(t, back.jpeg);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toBe('image/jpeg');
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetchImage(t, back.jpeg, { 'if-none-match': first.res.headers.get('etag')! });
    expect(again.res.status).toBe(304);
  });

  it('stores each picture once by content hash: the same page twice at CAA, the same pictures in every track', async () => {
    const rows = await t.database.db.selectFrom('album_images').select(['album_id', 'image_hash']).execute();
    expect(rows).toHaveLength(4 + 2 + 12);
    expect(new Set(rows.map((r) => r.image_hash)).size).toBe(rows.length);
  });

  it('are kept by the store maintenance although no cover points at them', async () => {
    await deleteUnreferencedImages(t.database.db, new Date(Date.now() + 60_000));
    const back = byFolder.get(FLIP)![1]!;
    const { res } = await fetchImage(t, back.url.replace('/256.', '/128.'));
    expect(res.status).toBe(200);
  });

  it('costs the same SQL round trips for a page of one album as for a page of three (DataLoader)', async () => {
    await imagesByFolder(undefined, 1); // warm: prepared statements, caches
    queries = 0;
    await imagesByFolder(undefined, 1);
    const one = queries;
    queries = 0;
    await imagesByFolder(undefined, 3);
    expect(queries).toBe(one);
  });
});

/**
 * The picture fixtures (test/fixtures/pictures) end to end: the real service on a real port, a real
 * scan, the worker resolving, every remote an empty local fake. What the README of that library
 * expects is asserted through GraphQL and the served bytes, decoded with sharp.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage, parseUrl, scan, steps, upload, waitForSettled, type AlbumNode } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidPng } from '../helpers/images.js';

const PICTURES = `${PROJECT_ROOT}/test/fixtures/pictures`;

/** test/fixtures/pictures/README.md: the albums whose cover is embedded. */
const EMBEDDED: Record<string, { color: string; width: number; height: number; detail: RegExp }> = {
  'Redmond/Media Center': { color: 'ffd700', width: 300, height: 300, detail: /^01 - Start\.wma: Cover \(front\), image\/jpeg, \d+ bytes$/ },
  'Stone Circle/Monolith': { color: '32cd32', width: 400, height: 400, detail: /^01 - Standing\.wv: Cover \(front\), image\/jpeg, \d+ bytes$/ },
  'Stone Circle/Obelisk': { color: 'dc143c', width: 400, height: 400, detail: /^01 - Pillar\.mpc: Cover \(front\), image\/jpeg, \d+ bytes$/ },
  'Spoken Word/Long Story': { color: 'dda0dd', width: 300, height: 300, detail: /^01 - Chapter One\.m4b: untyped, image\/jpeg, \d+ bytes$/ },
  'Odd Lot/Mixed Bag': { color: 'f4a460', width: 300, height: 300, detail: /^01 - Tagged One\.mp3: Cover \(front\), image\/jpeg, \d+ bytes$/ },
  'Old Tagger/Base Sixty-Four': { color: 'd2b48c', width: 300, height: 300, detail: /^01 - Encode\.ogg: untyped, image\/jpeg, \d+ bytes$/ },
  'Wide Angle/Panorama': { color: '4682b4', width: 500, height: 447, detail: /^01 - Horizon\.flac: Cover \(front\), image\/jpeg, \d+ bytes$/ },
  'Second Look/Backup Plan': {
    color: 'd2691e',
    width: 300,
    height: 300,
    detail: /^01 - Plan A\.mp3: Other, image\/jpeg, \d+ bytes \(after rejecting 01 - Plan A\.mp3: Cover \(front\), image\/jpeg, \d+ bytes: does not decode: .+\)$/,
  },
};

const PicturesScan = graphql(`
  query PicturesScan {
    latestScan { state filesSeen filesParsed filesFailed filesIgnored failures { path error } ignored { path reason } }
  }
`);

const PicturesAlbumsInFolder = graphql(`
  query PicturesAlbumsInFolder {
    albums(first: 100) { edges { node { folder title artist { name } tracks { path title } } } }
  }
`);

const CoverSizes = graphql(`
  query PicturesCoverSizes($id: ID!) {
    album(id: $id) {
      __typename
      ... on Album {
        cover {
          status width height
          url
          at512: url(size: 512)
          at1024: url(size: 1024)
          at200: url(size: 200)
          srcset
          jpegSrcset: srcset(format: JPEG)
          variants { size width height url }
        }
      }
    }
  }
`);

let fake: FakeRemotes;
let t: TestApp;
let albums: Map<string, AlbumNode>;

beforeAll(async () => {
  fake = await startFakeRemotes();
  // COVER_SELECTION=first: this file is about reading every kind of picture (which source finds it,
  // what is rejected and why); how the best one is chosen among sources is covers.selection.e2e's.
  t = await startTestApp({ env: { ...fake.env(), MUSIC_DIR: PICTURES, COVER_SELECTION: 'first', MUSICBRAINZ_RATE_PER_SEC: '50', WORKER_CONCURRENCY: '2', REMOTE_TIMEOUT_MS: '2000' } });
  await scan(t);
  albums = await waitForSettled(t, 30_000);
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

async function sizes(folder: string) {
  const res = await t.gql(CoverSizes, { id: albums.get(folder)!.id });
  expect(res.errors).toBeUndefined();
  const a = res.data!.album;
  if (a.__typename !== 'Album') throw new Error(`not an album: ${folder}`);
  return a.cover;
}

describe('embedded pictures of every kind, READY from EMBEDDED', () => {
  it.each(Object.entries(EMBEDDED))('%s', async (folder, want) => {
    const cover = albums.get(folder)?.cover;
    expect(cover, folder).toBeDefined();
    expect({ status: cover!.status, source: cover!.source, width: cover!.width, height: cover!.height }).toEqual({
      status: 'READY',
      source: 'EMBEDDED',
      width: want.width,
      height: want.height,
    });
    expect(steps(cover!)).toEqual(['EMBEDDED:FOUND']);
    expect(cover!.trace[0]!.detail).toMatch(want.detail);
    const { res, bytes } = await fetchImage(t, cover!.url!);
    expect(res.status).toBe(200);
    await expectColor(bytes, want.color, 12);
  });

  it('the WMA whose music-metadata MIME is "image/jpeg\\u0000\\u0000…" stores a trace without a NUL', async () => {
    const { rows } = await t.database.pool.query(`select trace::text as trace from covers c join albums a on a.id = c.entity_id and c.entity_type = 'album' where a.folder like 'Redmond/Media Center%'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].trace).not.toMatch(/\\u0000/);
  });
});

describe('a corrupt cover.jpg does not hide a good folder.jpg', () => {
  it('Safety Net/Spare Copy: cover.jpg (truncated) is rejected, folder.jpg is READY and served', async () => {
    const cover = albums.get('Safety Net/Spare Copy')!.cover;
    expect({ status: cover.status, source: cover.source, width: cover.width, height: cover.height }).toEqual({ status: 'READY', source: 'FOLDER', width: 300, height: 300 });
    expect(steps(cover)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:FOUND']);
    expect(cover.trace[1]!.detail).toMatch(/^folder\.jpg \(after rejecting cover\.jpg: does not decode: .+\)$/);
    const { res, bytes } = await fetchImage(t, cover.url!);
    expect(res.status).toBe(200);
    await expectColor(bytes, '2e8b57', 12);
  });
});

describe('junk and untagged files in a real scan (Odd Lot/Mixed Bag)', () => {
  it('the 5,000 random bytes named .mp3 are a failed file with the reason, and the scan goes on', async () => {
    const res = await t.gql(PicturesScan, {});
    expect(res.errors).toBeUndefined();
    const s = res.data!.latestScan!;
    expect(s.state).toBe('DONE');
    expect(s.failures).toEqual([{ path: 'Odd Lot/Mixed Bag/05 - Noise.mp3', error: 'no audio frames and no tags: not an audio file' }]);
    expect(s.filesFailed).toBe(1);
    expect(s.filesParsed).toBe(s.filesSeen - 1);
    // Read and refused, not passed over: ignored lists only what is not audio (the folder images).
    expect(s.ignored.map((i) => i.path)).not.toContain('Odd Lot/Mixed Bag/05 - Noise.mp3');
  });

  it('one album in the folder: the untagged MP3 and ADTS files join it, the junk is no track and no album', async () => {
    const res = await t.gql(PicturesAlbumsInFolder, {});
    expect(res.errors).toBeUndefined();
    const inFolder = res.data!.albums.edges.map((e) => e.node).filter((a) => a.folder === 'Odd Lot/Mixed Bag');
    expect(inFolder.map((a) => ({ artist: a.artist.name, title: a.title, tracks: a.tracks.map((tr) => tr.title) }))).toEqual([
      { artist: 'Odd Lot', title: 'Mixed Bag', tracks: ['Tagged One', 'Tagged Two', '03 - No Tags', '04 - Raw Stream'] },
    ]);
    expect(res.data!.albums.edges.filter((e) => e.node.artist.name === 'Unknown Artist')).toEqual([]);
  });
});

describe('what is not a cover at all', () => {
  it('rejects the 1x1 GIF as too small, and the album ends with the placeholder', async () => {
    const cover = albums.get('Pixel Dust/One Pixel')!.cover;
    expect({ status: cover.status, source: cover.source }).toEqual({ status: 'MISSING', source: 'PLACEHOLDER' });
    expect(steps(cover)[0]).toBe('EMBEDDED:REJECTED');
    expect(cover.trace[0]!.detail).toMatch(/^01 - Dot\.mp3: Cover \(front\), image\/gif, \d+ bytes: too small: 1x1, need at least 64 px$/);
    // What is served is the generated placeholder at the size asked, never the white pixel.
    const { res, bytes } = await fetchImage(t, cover.url!);
    expect(res.status).toBe(200);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 256, height: 256 });
  });
});

describe('served at the real size, aspect kept', () => {
  it('a 500x447 original asked at 512 or 1024 answers 500 px wide, 447 high; at 200, 256x229', async () => {
    const cover = await sizes('Wide Angle/Panorama');
    const { hash } = parseUrl(cover.url);
    expect(cover).toMatchObject({
      width: 500,
      height: 447,
      url: `/covers/${hash}/256.webp`,
      at512: `/covers/${hash}/500.webp`,
      at1024: `/covers/${hash}/500.webp`,
      at200: `/covers/${hash}/256.webp`,
    });
    for (const [path, w, h] of [[cover.at1024!, 500, 447], [cover.url!, 256, 229], [`/covers/${hash}/1024.webp`, 500, 447], [`/covers/${hash}/512.jpg`, 500, 447]] as const) {
      const { res, bytes } = await fetchImage(t, path);
      expect(res.status, path).toBe(200);
      expect(await sharp(bytes).metadata(), path).toMatchObject({ width: w, height: h });
    }
    // The 500 px variant is the one ETag, whether asked at 512, 1024 or 500.
    const etags = new Set(await Promise.all([512, 1024, 500].map(async (s) => (await fetchImage(t, `/covers/${hash}/${s}.webp`)).res.headers.get('etag'))));
    expect(etags.size).toBe(1);
  });

  it('srcset and variants list every size with its real width, and the bytes say the same', async () => {
    const cover = await sizes('Wide Angle/Panorama');
    const { hash } = parseUrl(cover.url);
    expect(cover.srcset).toBe(`/covers/${hash}/64.webp 64w, /covers/${hash}/128.webp 128w, /covers/${hash}/256.webp 256w, /covers/${hash}/500.webp 500w`);
    expect(cover.jpegSrcset).toBe(`/covers/${hash}/64.jpg 64w, /covers/${hash}/128.jpg 128w, /covers/${hash}/256.jpg 256w, /covers/${hash}/500.jpg 500w`);
    expect(cover.variants.map((v) => [v.size, v.width, v.height])).toEqual([[64, 64, 57], [128, 128, 114], [256, 256, 229], [500, 500, 447]]);
    for (const v of cover.variants) {
      const { res, bytes } = await fetchImage(t, v.url);
      expect(res.status, v.url).toBe(200);
      expect(await sharp(bytes).metadata(), v.url).toMatchObject({ width: v.width, height: v.height });
    }
    // A 400 px square cover tops out at its own size.
    const monolith = await sizes('Stone Circle/Monolith');
    expect(monolith.variants.map((v) => v.size)).toEqual([64, 128, 256, 400]);
    expect(monolith.at1024).toMatch(/\/400\.webp$/);
  });

  it('a non-square upload is the user\'s choice: accepted, its real width and height, no crop', async () => {
    const id = albums.get('Pixel Dust/One Pixel')!.id;
    const res = await upload(t, id, { bytes: await solidPng('#2a9d8f', 800, 400), name: 'wide.png', type: 'image/png' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'UPLOAD', width: 800, height: 400 } });
    const cover = await sizes('Pixel Dust/One Pixel');
    expect(cover.variants.map((v) => [v.size, v.width, v.height])).toEqual([[64, 64, 32], [128, 128, 64], [256, 256, 128], [512, 512, 256], [800, 800, 400]]);
    const { bytes } = await fetchImage(t, cover.url!);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 256, height: 128 });
    await expectColor(bytes, '2a9d8f', 12);
  });
});

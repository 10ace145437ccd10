/**
 * COVER_SELECTION end to end (issue 13, point 1): albums tagged by ffmpeg + mutagen with embedded
 * covers of known sizes, the Cover Art Archive and Deezer as loopback fakes serving candidates of
 * known sizes and matches, the real service and worker, read through GraphQL and the image route.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { CoverArtists, fetchImage, scan, steps, waitForSettled, type AlbumNode } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { placeholderLike } from '../helpers/placeholders.js';
import { writeTaggedMp3 } from '../helpers/tagged-mp3.js';

const SMALL = 'Upgrade Me/Small Front';
const BIG = 'Upgrade Me/Big Enough';
const FUZZY = 'Upgrade Me/Fuzzy Rival';
const WRONG = 'Wrong Title/Nearly There';
const TWIN = 'Upgrade Me/Same Look';
const OTHER = 'Upgrade Me/Other Look';
const MBID = {
  small: 'a1b2c3d4-0000-4000-8000-000000000001',
  big: 'a1b2c3d4-0000-4000-8000-000000000002',
  twin: 'a1b2c3d4-0000-4000-8000-000000000003',
  other: 'a1b2c3d4-0000-4000-8000-000000000004',
};

/** A cover with shapes (a plain one has no look to compare), as JPEG at `px`. */
const artwork = (variant: 'sun' | 'bars', px: number) =>
  sharp(
    Buffer.from(
      variant === 'sun'
        ? '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#1d3557"/><circle cx="300" cy="260" r="150" fill="#f4a261"/><rect y="430" width="600" height="170" fill="#2a9d8f"/></svg>'
        : '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#1d3557"/><rect x="60" width="120" height="600" fill="#f4a261"/><rect x="360" width="120" height="600" fill="#2a9d8f"/></svg>',
    ),
  )
    .resize(px, px)
    .jpeg({ quality: 85 })
    .toBuffer();
const COLORS = { small: 'cc2200', big: 'aa7700', fuzzy: '7700aa', caa: '2255cc', deezer: '22cc55' };

let dir: string;
let fake: FakeRemotes;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'covers-selection-'));
  const albums: [string, { color: string; px: number; mbid?: string; bytes?: Buffer } | null][] = [
    [TWIN, { color: 'sun', px: 300, mbid: MBID.twin, bytes: await artwork('sun', 300) }],
    [OTHER, { color: 'sun', px: 300, mbid: MBID.other, bytes: await artwork('sun', 300) }],
    [SMALL, { color: COLORS.small, px: 300, mbid: MBID.small }],
    [BIG, { color: COLORS.big, px: 600, mbid: MBID.big }],
    [FUZZY, { color: COLORS.fuzzy, px: 300 }],
    [WRONG, null],
  ];
  for (const [folder, art] of albums) {
    const [artist, album] = folder.split('/') as [string, string];
    let picture: string | undefined;
    if (art) {
      picture = join(dir, `${album}.jpg`);
      await writeFile(picture, art.bytes ?? (await solidJpeg(`#${art.color}`, art.px)));
    }
    await writeTaggedMp3(join(dir, folder, '01 - Track.mp3'), { title: 'Track', artist, album, ...(art?.mbid ? { mbReleaseId: art.mbid } : {}), ...(picture ? { picture } : {}) });
    if (picture) await rm(picture);
  }
  fake = await startFakeRemotes();
  // Exact-MBID candidates of 1200 px for both tagged albums; Deezer has every album by its exact names at 1000 px, but "Nearly There" only as a live album.
  fake.caa.setFront(MBID.small, await solidJpeg(`#${COLORS.caa}`, 1200));
  fake.caa.setFront(MBID.big, await solidJpeg(`#${COLORS.caa}`, 1200));
  // 500 px: not twice 300, so only the look can make these win. The same picture for "Same Look", another one for "Other Look".
  fake.caa.setFront(MBID.twin, await artwork('sun', 500));
  fake.caa.setFront(MBID.other, await artwork('bars', 500));
  for (const folder of [SMALL, BIG, FUZZY]) {
    const [artist, title] = folder.split('/') as [string, string];
    fake.deezer.addAlbum({ artist, title, cover: await solidJpeg(`#${COLORS.deezer}`, 1000) });
  }
  fake.deezer.addAlbum({ artist: 'Wrong Title', title: 'Nearly There (Live at the Roundhouse)', cover: await solidJpeg(`#${COLORS.deezer}`, 1000) });
});
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A service with this COVER_SELECTION, the library scanned and every cover settled; the caller stops `t`. */
async function resolveAll(selection: 'best' | 'first'): Promise<{ t: TestApp; albums: Map<string, AlbumNode>; deezerAsked: string[]; caaAsked: string[] }> {
  fake.reset();
  const t = await startTestApp({
    env: { ...fake.env(), MUSIC_DIR: dir, COVER_SELECTION: selection, ARTIST_IMAGE_SOURCES: 'folder,placeholder', MUSICBRAINZ_RATE_PER_SEC: '50', REMOTE_TIMEOUT_MS: '3000' },
  });
  await scan(t);
  const albums = await waitForSettled(t, 30_000);
  const deezerAsked = fake.requestsTo('deezer').map((r) => decodeURIComponent(r.path.replace(/\+/g, ' ')));
  return { t, albums, deezerAsked, caaAsked: fake.requestsTo('caa').map((r) => r.path) };
}

describe('COVER_SELECTION=best (the default)', () => {
  let run: Awaited<ReturnType<typeof resolveAll>>;
  let t: TestApp;
  beforeAll(async () => {
    run = await resolveAll('best');
    t = run.t;
  });
  afterAll(() => t?.stop());

  it('replaces a 300 px embedded cover by the 1200 px exact-MBID Cover Art Archive image, and says why in the trace', async () => {
    const cover = run.albums.get(SMALL)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'COVER_ART_ARCHIVE', width: 1200, height: 1200 });
    expect(steps(cover)).toEqual(['EMBEDDED:FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:FOUND']);
    expect(cover.trace[0]!.detail).toMatch(/\(300x300, local\); not chosen: COVER_ART_ARCHIVE ranked higher$/);
    expect(cover.trace[2]!.detail).toBe(`release ${MBID.small.slice(0, 8)}…: front-1200 (1200x1200, exact MBID)`);
    await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.caa, 12);
    // Its largest thumbnail, and no search after an exact match at the largest size served.
    expect(run.caaAsked).toContain(`/release/${MBID.small}/front-1200`);
    expect(run.deezerAsked.some((p) => p.includes('Small Front'))).toBe(false);
  });

  it('keeps an embedded cover of 600 px (not under COVER_UPGRADE_BELOW_PX) without asking any remote', async () => {
    const cover = run.albums.get(BIG)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 600 });
    expect(steps(cover)).toEqual(['EMBEDDED:FOUND', 'FOLDER:NOT_FOUND']);
    await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.big, 12);
    expect(run.caaAsked.some((p) => p.includes(MBID.big))).toBe(false);
    expect(run.deezerAsked.some((p) => p.includes('Big Enough'))).toBe(false);
  });

  it('never lets a search hit (Deezer, 1000 px, exact names) beat the user’s own 300 px picture: it is not even asked', async () => {
    const cover = run.albums.get(FUZZY)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 300 });
    await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.fuzzy, 12);
    expect(run.deezerAsked.some((p) => p.includes('Fuzzy Rival'))).toBe(false);
  });

  it('refuses a Deezer result whose title does not match: the placeholder stands', async () => {
    const cover = run.albums.get(WRONG)!.cover;
    expect(cover).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });
    const deezer = cover.trace.find((a) => a.source === 'DEEZER')!;
    expect(deezer).toMatchObject({ outcome: 'NOT_FOUND', detail: expect.stringMatching(/^search\/album: 1 results, none matching/) });
    expect(run.deezerAsked.some((p) => p.includes('Nearly There'))).toBe(true);
  });
});

describe('the same picture at two resolutions (by look)', () => {
  let run: Awaited<ReturnType<typeof resolveAll>>;
  beforeAll(async () => {
    run = await resolveAll('best');
  });
  afterAll(() => run?.t.stop());

  it('counts once, and the larger copy wins: a 500 px CAA copy of the 300 px embedded cover replaces it', () => {
    const cover = run.albums.get(TWIN)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'COVER_ART_ARCHIVE', width: 500 });
    expect(cover.trace.find((a) => a.source === 'COVER_ART_ARCHIVE')!.detail).toMatch(/\(500x500, exact MBID\); the same picture as EMBEDDED 01 - Track\.mp3: .*, larger$/);
  });

  it('keeps the 300 px embedded cover when the 500 px CAA picture is another one', () => {
    const cover = run.albums.get(OTHER)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 300 });
    expect(cover.trace.find((a) => a.source === 'COVER_ART_ARCHIVE')).toMatchObject({ outcome: 'FOUND', detail: expect.stringMatching(/not chosen: EMBEDDED ranked higher$/) });
  });
});

describe('provider placeholders by look', () => {
  it('refuses a re-encoded Last.fm star and Deezer’s empty artist at other sizes (other MD5s): the artist keeps its placeholder', async () => {
    fake.reset();
    fake.deezer.addArtist({ name: 'Wrong Title', picture: await placeholderLike('silhouette', 1000, 'jpeg', 70) });
    fake.lastfm.setArtist('Wrong Title', await placeholderLike('star', 600, 'jpeg', 60));
    const t = await startTestApp({ env: { ...fake.env(), MUSIC_DIR: dir, LASTFM_API_KEY: fake.lastfm.apiKey, COVER_SOURCES: 'placeholder', MUSICBRAINZ_RATE_PER_SEC: '50' } });
    try {
      await scan(t, 'Wrong Title');
      await waitForSettled(t, 30_000, { artists: true });
      const res = await t.gql(CoverArtists, { first: 100 });
      const image = res.data!.artists.edges.find((e) => e.node.name === 'Wrong Title')!.node.image;
      expect(image).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });
      const by = new Map(image.trace.map((a) => [a.source, a]));
      expect(by.get('DEEZER')).toMatchObject({ outcome: 'REJECTED', detail: expect.stringMatching(/known placeholder image \(looks like Deezer's empty artist, distance \d+\)/) });
      expect(by.get('LASTFM')).toMatchObject({ outcome: 'REJECTED', detail: expect.stringMatching(/known placeholder image \(looks like the Last\.fm star, distance \d+\)/) });
    } finally {
      await t.stop();
    }
  });
});

describe('COVER_SELECTION=first', () => {
  let run: Awaited<ReturnType<typeof resolveAll>>;
  beforeAll(async () => {
    run = await resolveAll('first');
  });
  afterAll(() => run?.t.stop());

  it('keeps the first valid hit: the 300 px embedded cover, CAA not asked', () => {
    const cover = run.albums.get(SMALL)!.cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 300 });
    expect(steps(cover)).toEqual(['EMBEDDED:FOUND']);
    expect(cover.trace[0]!.detail).not.toMatch(/not chosen|x300/);
    expect(run.caaAsked.some((p) => p.includes(MBID.small))).toBe(false);
  });

  it('still refuses the Deezer result whose title does not match', () => {
    const cover = run.albums.get(WRONG)!.cover;
    expect(cover).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });
    expect(cover.trace.find((a) => a.source === 'DEEZER')).toMatchObject({ outcome: 'NOT_FOUND' });
  });
});

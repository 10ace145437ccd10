/**
 * The remote part of the chain (Cover Art Archive, Last.fm, Deezer) end to end: the fixture
 * albums without local art, the remotes as programmable local fakes, the real service and worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  albumsByFolder,
  CoverArtists,
  fetchImage,
  RefreshCovers,
  scan,
  settled,
  steps,
  waitForCover,
  waitForSettled,
} from '../helpers/covers.js';
import { LASTFM_STAR_HASH, startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg, expectColor } from '../helpers/images.js';

const FULL_RELEASE = 'Quiet Signals/Full Release';
const GROUP_ONLY = 'Quiet Signals/Group Only';
const UNKNOWN = 'Nobody Knows/Unknown Quantity';
const FULL_RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';

const COLORS = { caa: '3366cc', deezer: 'cc6633', lastfm: '33cc66', deezerUnknown: '9933cc', deezerArtist: '66aa22' };

let fake: FakeRemotes;
const env = (fake: FakeRemotes, extra: Record<string, string> = {}) => ({
  ...fake.env(),
  LASTFM_API_KEY: fake.lastfm.apiKey,
  MUSICBRAINZ_RATE_PER_SEC: '50',
  WORKER_CONCURRENCY: '4',
  REMOTE_TIMEOUT_MS: '3000',
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeRemotes();
  // Full Release: CAA (by its tagged release id) and Deezer both have one; CAA comes first.
  fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg(`#${COLORS.caa}`, 600));
  fake.deezer.addAlbum({ artist: 'Quiet Signals', title: 'Full Release', cover: await solidJpeg(`#${COLORS.deezer}`, 600) });
  // Group Only: CAA has nothing for its release group, Last.fm has the album.
  fake.lastfm.setAlbum('Quiet Signals', 'Group Only', await solidJpeg(`#${COLORS.lastfm}`, 600));
  // Unknown Quantity: Last.fm answers with its grey star, Deezer has a real cover.
  fake.lastfm.setAlbum('Nobody Knows', 'Unknown Quantity', 'star');
  fake.deezer.addAlbum({ artist: 'Nobody Knows', title: 'Unknown Quantity', cover: await solidJpeg(`#${COLORS.deezerUnknown}`, 600) });
  // Artists: Deezer has a picture of Quiet Signals; Nobody Knows has an empty Deezer picture and the Last.fm star.
  fake.deezer.addArtist({ name: 'Quiet Signals', picture: await solidJpeg(`#${COLORS.deezerArtist}`, 500) });
  fake.deezer.addArtist({ name: 'Nobody Knows', picture: null });
  fake.lastfm.setArtist('Nobody Knows', 'star');
});
afterAll(() => fake?.close());

describe('remote sources in the configured order', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: env(fake) });
    await scan(t, 'Quiet Signals');
    await scan(t, 'Nobody Knows');
    await waitForSettled(t, 20_000, { artists: true });
  });
  afterAll(() => t?.stop());

  it('takes each album from the first remote that has it', async () => {
    const albums = await albumsByFolder(t);
    expect([...albums.keys()].sort()).toEqual([UNKNOWN, FULL_RELEASE, GROUP_ONLY].sort());

    const full = albums.get(FULL_RELEASE)!.cover;
    expect(full).toMatchObject({ status: 'READY', source: 'COVER_ART_ARCHIVE', width: 600 });
    expect(steps(full)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:FOUND']);
    await expectColor((await fetchImage(t, full.url!)).bytes, COLORS.caa, 12);

    const group = albums.get(GROUP_ONLY)!.cover;
    expect(group).toMatchObject({ status: 'READY', source: 'LASTFM' });
    // Last.fm's is a search hit: Deezer could still have had a larger one (COVER_SELECTION=best), so it was asked too.
    expect(steps(group)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:NOT_FOUND', 'LASTFM:FOUND', 'DEEZER:NOT_FOUND']);
    await expectColor((await fetchImage(t, group.url!)).bytes, COLORS.lastfm, 12);

    const unknown = albums.get(UNKNOWN)!.cover;
    expect(unknown).toMatchObject({ status: 'READY', source: 'DEEZER' });
    expect(steps(unknown)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:NOT_FOUND', 'LASTFM:NOT_FOUND', 'DEEZER:FOUND']);
    expect(unknown.trace[3]!.detail).toMatch(/star/);
    await expectColor((await fetchImage(t, unknown.url!)).bytes, COLORS.deezerUnknown, 12);

    // CAA won for Full Release by its release id: no search could beat that, so Deezer was never asked about it; the star was never downloaded.
    const deezerAsked = fake.requestsTo('deezer').map((r) => decodeURIComponent(r.path.replace(/\+/g, ' ')));
    expect(deezerAsked.some((p) => p.includes('Full Release'))).toBe(false);
    expect(deezerAsked.some((p) => p.includes('Unknown Quantity'))).toBe(true);
    expect(fake.requestsTo('images').some((r) => r.path.includes(LASTFM_STAR_HASH))).toBe(false);
    // Last.fm was asked with the key, for JSON.
    const lastfm = fake.requestsTo('lastfm').map((r) => new URL(r.path, 'http://x').searchParams);
    expect(lastfm.length).toBeGreaterThan(0);
    expect(lastfm.every((p) => p.get('api_key') === fake.lastfm.apiKey && p.get('format') === 'json')).toBe(true);
  });

  it('takes artist images from Deezer, and rejects an empty Deezer picture and the Last.fm star', async () => {
    const res = await t.gql(CoverArtists, { first: 100 });
    const byName = new Map(res.data!.artists.edges.map((e) => [e.node.name, e.node.image]));
    expect(byName.get('Quiet Signals')).toMatchObject({ status: 'READY', source: 'DEEZER' });
    await expectColor((await fetchImage(t, byName.get('Quiet Signals')!.url!)).bytes, COLORS.deezerArtist, 12);
    expect(byName.get('Nobody Knows')).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });
    expect(fake.requestsTo('images').some((r) => r.path.includes('/images/artist//'))).toBe(false);
  });

  it('rejects a too-small remote image (150 px) and moves on to the next source', async () => {
    const before = (await albumsByFolder(t)).get(FULL_RELEASE)!;
    fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg(`#${COLORS.caa}`, 150));
    try {
      const res = await t.gql(RefreshCovers, { ids: [before.id] });
      expect(res.data!.refreshCovers.__typename).toBe('CoversPayload');
      const cover = await waitForCover(t, FULL_RELEASE, (c) => settled(c) && c.trace[0]!.at !== before.cover.trace[0]!.at);
      expect(cover).toMatchObject({ status: 'READY', source: 'DEEZER' });
      expect(steps(cover)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:REJECTED', 'LASTFM:NOT_FOUND', 'DEEZER:FOUND']);
      expect(cover.trace[2]!.detail).toMatch(/too small: 150x150/);
      await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.deezer, 12);
    } finally {
      fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg(`#${COLORS.caa}`, 600));
    }
  });
});

describe('COVER_SOURCES', () => {
  it('a different order picks a different winner (Deezer before CAA), and skips sources not listed', async () => {
    // COVER_SELECTION=first: the order alone decides (with `best`, CAA's exact MBID match would win wherever it stands).
    const t = await startTestApp({ env: env(fake, { COVER_SOURCES: 'deezer, coverartarchive,placeholder', COVER_SELECTION: 'first' }) });
    try {
      fake.reset();
      await scan(t, FULL_RELEASE);
      const cover = (await waitForSettled(t)).get(FULL_RELEASE)!.cover;
      expect(cover).toMatchObject({ status: 'READY', source: 'DEEZER' });
      expect(steps(cover)).toEqual(['DEEZER:FOUND']);
      await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.deezer, 12);
      expect(fake.requestsTo('caa')).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });
});

describe('image hosts', () => {
  it('refuses CAA’s redirect to an unlisted port of its host: that candidate is an error and the chain goes on to Deezer', async () => {
    // A mirror configured by its base URL only: its images (the fake image host, same machine, another port) are not listed.
    const t = await startTestApp({ env: env(fake, { COVERARTARCHIVE_IMAGE_HOSTS: 'archive.org' }) });
    try {
      fake.reset();
      await scan(t, FULL_RELEASE);
      const cover = (await waitForSettled(t)).get(FULL_RELEASE)!.cover;
      expect(cover).toMatchObject({ status: 'READY', source: 'DEEZER' });
      expect(steps(cover)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:ERROR', 'LASTFM:NOT_FOUND', 'DEEZER:FOUND']);
      const images = new URL(fake.urls.images).host;
      expect(cover.trace[2]!.detail).toContain(`redirect to ${images}: host not allowed (neither ${fake.urls.caa} nor in COVERARTARCHIVE_IMAGE_HOSTS)`);
      expect(fake.requestsTo('images').filter((r) => r.path.startsWith('/download/'))).toHaveLength(0);
      await expectColor((await fetchImage(t, cover.url!)).bytes, COLORS.deezer, 12);
    } finally {
      await t.stop();
    }
  });
});

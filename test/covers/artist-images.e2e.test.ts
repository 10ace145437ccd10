/**
 * Artist images from fanart.tv, Wikidata/Commons and TheAudioDB end to end: artists registered
 * through the API (upsertLibrary), the default artist chain with fanart.tv keyed, the remotes as
 * local fakes answering like the real services, images read back through GraphQL and the image route.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import type { ArtistImageQuery } from '../gql/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage, RefreshCovers } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

const Register = graphql(`
  mutation RegisterArtists($input: LibraryBatchInput!) {
    upsertLibrary(input: $input) { __typename ... on ValidationError { message } }
  }
`);

const PushSummary = graphql(`
  mutation PushArtistsAgain($input: LibraryBatchInput!) {
    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged } }
  }
`);

const ArtistImage = graphql(`
  query ArtistImage($externalId: String!) {
    artist(externalId: $externalId) {
      __typename
      ... on Artist {
        id name musicbrainzId
        image {
          status source url width
          attribution { author license licenseUrl sourceUrl }
          trace { source outcome detail }
          job { state }
        }
      }
    }
  }
`);

const AlbumCover = graphql(`
  query FanartAlbumCover($externalId: String!) {
    album(externalId: $externalId) {
      __typename
      ... on Album { cover { status source url trace { source outcome detail } job { state } } }
    }
  }
`);

type Image = Extract<ArtistImageQuery['artist'], { __typename: 'Artist' }>['image'];
const steps = (image: Image) => image.trace.map((a) => `${a.source}:${a.outcome}`);
const settled = (image: Image) => image.status !== 'PENDING' && image.job === null;

let fake: FakeRemotes;
let t: TestApp;
let dir: string;
let seq = 0;

beforeAll(async () => {
  fake = await startFakeRemotes();
  dir = await mkdtemp(join(tmpdir(), 'covers-artist-images-'));
  t = await startTestApp({
    env: {
      ...fake.env(),
      MUSIC_DIR: dir,
      LIBRARY_SOURCE: 'push',
      FANARTTV_API_KEY: fake.fanarttv.apiKey,
      LASTFM_API_KEY: fake.lastfm.apiKey,
      COVER_SOURCES: 'fanarttv,placeholder',
      MUSICBRAINZ_RATE_PER_SEC: '50',
      WORKER_CONCURRENCY: '4',
      REMOTE_TIMEOUT_MS: '3000',
      RETRY_BASE_MS: '100',
    },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Registers one artist (with its MusicBrainz id when given) and waits for its image to settle. */
async function resolveArtist(name: string, mbid: string | null, done: (image: Image) => boolean = settled): Promise<Extract<ArtistImageQuery['artist'], { __typename: 'Artist' }>> {
  const externalId = `artist-${++seq}`;
  const res = await t.gql(Register, { input: { artists: [{ externalId, name, ...(mbid ? { musicbrainzId: mbid } : {}) }] } });
  expect(res.data?.upsertLibrary.__typename).toBe('UpsertLibraryPayload');
  return waitFor(
    async () => {
      const r = await t.gql(ArtistImage, { externalId });
      const artist = r.data?.artist;
      return artist?.__typename === 'Artist' && done(artist.image) ? artist : undefined;
    },
    20_000,
    { message: `image of ${name} settled` },
  );
}

describe('fanart.tv (keyed)', () => {
  it('found: the most liked artistthumb, by the tagged MusicBrainz id, with the API key', async () => {
    const mbid = randomUUID();
    fake.fanarttv.setArtist(mbid, { pictures: [await solidJpeg('#2255aa', 1000), await solidJpeg('#aa2255', 1000)] });
    const artist = await resolveArtist('Fanart Found', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'FANART_TV', width: 1000, attribution: null });
    // COVER_SELECTION=best: the exact-MBID sources after it are asked while one could serve a larger picture (1200 px); Deezer's search could not beat it.
    expect(steps(artist.image)).toEqual(['FOLDER:NOT_FOUND', 'FANART_TV:FOUND', 'WIKIDATA:NOT_FOUND', 'THEAUDIODB:NOT_FOUND']);
    await expectColor((await fetchImage(t, artist.image.url!)).bytes, '2255aa', 12);
    const asked = fake.requestsTo('fanarttv').find((r) => r.path.includes(mbid))!;
    expect(new URL(asked.path, 'http://x').searchParams.get('api_key')).toBe(fake.fanarttv.apiKey);
  });

  it('404: moves on to the next source', async () => {
    const mbid = randomUUID();
    fake.theaudiodb.setArtist(mbid, { name: 'Fanart Unknown', thumb: await solidJpeg('#33aa33', 500) });
    const artist = await resolveArtist('Fanart Unknown', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'THEAUDIODB' });
    expect(steps(artist.image)).toEqual(['FOLDER:NOT_FOUND', 'FANART_TV:NOT_FOUND', 'WIKIDATA:NOT_FOUND', 'THEAUDIODB:FOUND']);
    expect(artist.image.trace[1]!.detail).toMatch(/404/);
  });

  it('429 with Retry-After: a placeholder meanwhile, then the image on the retry', async () => {
    const mbid = randomUUID();
    fake.fanarttv.setArtist(mbid, { pictures: [await solidJpeg('#7722cc', 1000)] });
    fake.fault('fanarttv', { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '1' } }, { times: 1, path: mbid });
    const first = await resolveArtist('Fanart Busy', mbid, (i) => i.status === 'FALLBACK' || i.status === 'READY');
    expect(first.image).toMatchObject({ status: 'FALLBACK', source: 'PLACEHOLDER' });
    expect(first.image.trace[1]).toMatchObject({ source: 'FANART_TV', outcome: 'ERROR', detail: expect.stringMatching(/answered 429/) });
    const after = await waitFor(async () => {
      const r = await t.gql(ArtistImage, { externalId: `artist-${seq}` });
      return r.data?.artist.__typename === 'Artist' && r.data.artist.image.status === 'READY' ? r.data.artist : undefined;
    }, 15_000, { message: 'the retry' });
    expect(after.image.source).toBe('FANART_TV');
    expect(fake.requestsTo('fanarttv').filter((r) => r.path.includes(mbid))).toHaveLength(2);
  });

  it('follows a redirect of the picture to its image host (http to https on assets.fanart.tv)', async () => {
    const mbid = randomUUID();
    const target = fake.images.put(await solidJpeg('#cc7722', 1000));
    fake.fanarttv.setArtist(mbid, { pictures: [{ status: 301, headers: { location: target } }] });
    const artist = await resolveArtist('Fanart Redirected', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'FANART_TV' });
    await expectColor((await fetchImage(t, artist.image.url!)).bytes, 'cc7722', 12);
  });

  it('a lying answer (about another artist) is not taken', async () => {
    const mbid = randomUUID();
    fake.fanarttv.setArtist(mbid, { pictures: [await solidJpeg('#123456', 1000)], answerFor: randomUUID() });
    const artist = await resolveArtist('Fanart Liar', mbid);
    expect(artist.image).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER' });
    expect(artist.image.trace[1]).toMatchObject({ source: 'FANART_TV', outcome: 'NOT_FOUND', detail: expect.stringMatching(/answered for another artist/) });
  });

  it('album covers by release-group id', async () => {
    const group = randomUUID();
    fake.fanarttv.setAlbum(group, { pictures: [await solidJpeg('#5599dd', 1000)] });
    const res = await t.gql(Register, {
      input: {
        artists: [{ externalId: 'fanart-album-artist', name: 'Fanart Album Artist' }],
        albums: [{ externalId: 'fanart-album', artistExternalId: 'fanart-album-artist', title: 'Fanart Album', folder: 'nowhere', musicbrainzReleaseGroupId: group, tracks: [] }],
      },
    });
    expect(res.data?.upsertLibrary.__typename).toBe('UpsertLibraryPayload');
    const cover = await waitFor(async () => {
      const r = await t.gql(AlbumCover, { externalId: 'fanart-album' });
      const album = r.data?.album;
      return album?.__typename === 'Album' && album.cover.status !== 'PENDING' && album.cover.job === null ? album.cover : undefined;
    }, 20_000);
    expect(cover).toMatchObject({ status: 'READY', source: 'FANART_TV' });
    expect(cover.trace[0]!.detail).toMatch(/albumcover/);
    await expectColor((await fetchImage(t, cover.url!)).bytes, '5599dd', 12);
  });
});

describe('Wikidata P18 from Wikimedia Commons', () => {
  async function commonsArtist(name: string, opts: { file?: string; hex: string; redirect?: boolean; answerAs?: string; claimsMbid?: string }) {
    const mbid = randomUUID();
    const file = opts.file ?? `${name} live ${++seq}.jpg`;
    const picture = await solidJpeg(opts.hex, 800);
    fake.commons.setFile(file, {
      image: opts.redirect ? { status: 302, headers: { location: fake.images.put(picture) } } : picture,
      artist: '<a href="//commons.wikimedia.org/wiki/User:Jane_Doe" title="User:Jane Doe">Jane Doe</a> &amp; friends',
      license: 'CC BY-SA 4.0',
      licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0',
      ...(opts.answerAs ? { answerAs: opts.answerAs } : {}),
    });
    const qid = fake.wikidata.setItem(mbid, { image: file, ...(opts.claimsMbid ? { claimsMbid: opts.claimsMbid } : {}) });
    return { mbid, file, qid };
  }

  it('found: the item by P434, its P18 file from Commons, with author and licence as Cover.attribution', async () => {
    const { mbid, file, qid } = await commonsArtist('Commons Found', { hex: '#aa5500' });
    const artist = await resolveArtist('Commons Found', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'WIKIDATA' });
    // Commons said the thumbnail is 1200 px, the largest any artist source serves: no source after it is asked.
    expect(steps(artist.image)).toEqual(['FOLDER:NOT_FOUND', 'FANART_TV:NOT_FOUND', 'WIKIDATA:FOUND']);
    expect(artist.image.trace[2]!.detail).toContain(`${qid} P18`);
    expect(artist.image.attribution).toEqual({
      author: 'Jane Doe & friends',
      license: 'CC BY-SA 4.0',
      licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0',
      sourceUrl: `https://commons.wikimedia.org/wiki/${encodeURIComponent(`File:${file}`.replace(/ /g, '_'))}`,
    });
    await expectColor((await fetchImage(t, artist.image.url!)).bytes, 'aa5500', 12);
    // Wikimedia's etiquette: a descriptive User-Agent and maxlag on every API call.
    const calls = [...fake.requestsTo('wikidata'), ...fake.requestsTo('commons')];
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.every((r) => /^SoniqueBayCovers\/\d+\.\d+\.\d+ \( .+ \)$/.test(String(r.headers['user-agent'])))).toBe(true);
    expect(calls.every((r) => new URL(r.path, 'http://x').searchParams.get('maxlag') === '5')).toBe(true);
  });

  it('404 of the item search: moves on; an item without P18 too', async () => {
    const mbid = randomUUID();
    fake.wikidata.setItem(mbid, { image: null });
    fake.fault('wikidata', { status: 404, body: 'Not Found' }, { times: 1, path: 'haswbstatement' });
    const artist = await resolveArtist('Commons Nothing', mbid);
    expect(artist.image).toMatchObject({ status: 'MISSING' });
    expect(artist.image.trace[2]).toMatchObject({ source: 'WIKIDATA', outcome: 'NOT_FOUND', detail: expect.stringMatching(/404/) });
    const again = await resolveArtist('Commons No Image', mbid);
    expect(again.image.trace[2]).toMatchObject({ source: 'WIKIDATA', outcome: 'NOT_FOUND', detail: expect.stringMatching(/has no P18 image/) });
  });

  it('429 from Commons with Retry-After, and a lagged Wikidata (maxlag): both retried later, then found', async () => {
    const { mbid } = await commonsArtist('Commons Busy', { hex: '#22aa99' });
    fake.fault('commons', { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '1' } }, { times: 1, path: 'Commons+Busy' });
    const first = await resolveArtist('Commons Busy', mbid, (i) => i.status === 'FALLBACK' || i.status === 'READY');
    expect(first.image.status).toBe('FALLBACK');
    expect(first.image.trace[2]).toMatchObject({ source: 'WIKIDATA', outcome: 'ERROR', detail: expect.stringMatching(/commons: .* answered 429/) });
    await waitFor(async () => {
      const r = await t.gql(ArtistImage, { externalId: `artist-${seq}` });
      return r.data?.artist.__typename === 'Artist' && r.data.artist.image.status === 'READY' && r.data.artist.image.source === 'WIKIDATA';
    }, 15_000, { message: 'the retry after the 429' });

    const lagged = await commonsArtist('Wikidata Lagged', { hex: '#9922aa' });
    fake.fault('wikidata', { status: 200, body: { error: { code: 'maxlag', info: 'Waiting for 10.64.16.8: 6 seconds lagged.', host: 'db1', lag: 6 } }, headers: { 'retry-after': '5' } }, { times: 1, path: lagged.mbid });
    const second = await resolveArtist('Wikidata Lagged', lagged.mbid, (i) => i.status === 'FALLBACK' || i.status === 'READY');
    expect(second.image.status).toBe('FALLBACK');
    expect(second.image.trace[2]!.detail).toMatch(/error maxlag/);
  });

  it('follows Commons’ redirect to its image host', async () => {
    const { mbid } = await commonsArtist('Commons Redirect', { hex: '#5522aa', redirect: true });
    const artist = await resolveArtist('Commons Redirect', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'WIKIDATA' });
    await expectColor((await fetchImage(t, artist.image.url!)).bytes, '5522aa', 12);
  });

  it('lying answers are not taken: an item whose own P434 is another id, Commons answering about another file', async () => {
    const stale = await commonsArtist('Wikidata Stale Index', { hex: '#aa0000', claimsMbid: randomUUID() });
    const a = await resolveArtist('Wikidata Stale Index', stale.mbid);
    expect(a.image.trace[2]).toMatchObject({ source: 'WIKIDATA', outcome: 'NOT_FOUND', detail: expect.stringMatching(/does not carry this P434/) });
    expect(a.image.status).toBe('MISSING');
    const other = await commonsArtist('Commons Other File', { hex: '#00aa00', answerAs: 'File:Somebody else.jpg' });
    const b = await resolveArtist('Commons Other File', other.mbid);
    expect(b.image.trace[2]).toMatchObject({ source: 'WIKIDATA', outcome: 'NOT_FOUND', detail: expect.stringMatching(/answered about another file/) });
  });
});

describe('TheAudioDB (its free key)', () => {
  it('found by MusicBrainz id, with the documented free key in the path', async () => {
    const mbid = randomUUID();
    fake.theaudiodb.setArtist(mbid, { name: 'AudioDb Found', thumb: await solidJpeg('#aa8800', 700) });
    const artist = await resolveArtist('AudioDb Found', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'THEAUDIODB', attribution: null });
    expect(fake.requestsTo('theaudiodb').some((r) => r.path.startsWith(`/api/v1/json/123/artist-mb.php?i=${mbid}`))).toBe(true);
  });

  it('unknown ({"artists": null}), a 404 of its thumb, a lying answer: none taken', async () => {
    const unknown = await resolveArtist('AudioDb Unknown', randomUUID());
    expect(unknown.image.trace[3]).toMatchObject({ source: 'THEAUDIODB', outcome: 'NOT_FOUND', detail: expect.stringMatching(/unknown to TheAudioDB/) });
    const gone = randomUUID();
    fake.theaudiodb.setArtist(gone, { name: 'AudioDb Gone', thumb: { status: 404, body: 'Not Found' } });
    const g = await resolveArtist('AudioDb Gone', gone);
    // The thumb is a candidate (a URL): the one taken and not downloadable is REJECTED, with the reason.
    expect(g.image.trace[3]).toMatchObject({ source: 'THEAUDIODB', outcome: 'REJECTED', detail: expect.stringMatching(/strArtistThumb: image .*404/) });
    const liar = randomUUID();
    fake.theaudiodb.setArtist(liar, { name: 'Someone Else', thumb: await solidJpeg('#000099', 700), mbid: randomUUID() });
    const l = await resolveArtist('AudioDb Liar', liar);
    expect(l.image.trace[3]).toMatchObject({ source: 'THEAUDIODB', outcome: 'NOT_FOUND', detail: expect.stringMatching(/answered for another artist/) });
  });

  it('429 (30 calls a minute on the free key): retried after Retry-After', async () => {
    const mbid = randomUUID();
    fake.theaudiodb.setArtist(mbid, { name: 'AudioDb Busy', thumb: await solidJpeg('#0088aa', 700) });
    fake.fault('theaudiodb', { status: 429, body: '', headers: { 'retry-after': '1' } }, { times: 1, path: mbid });
    const first = await resolveArtist('AudioDb Busy', mbid, (i) => i.status === 'FALLBACK' || i.status === 'READY');
    expect(first.image.status).toBe('FALLBACK');
    await waitFor(async () => {
      const r = await t.gql(ArtistImage, { externalId: `artist-${seq}` });
      return r.data?.artist.__typename === 'Artist' && r.data.artist.image.status === 'READY' && r.data.artist.image.source === 'THEAUDIODB';
    }, 15_000, { message: 'the retry' });
  });

  it('follows the old www. picture path redirecting to its image host; refuses one to a host not listed', async () => {
    const mbid = randomUUID();
    const target = fake.images.put(await solidJpeg('#88aa00', 700));
    fake.theaudiodb.setArtist(mbid, { name: 'AudioDb Moved', thumb: { status: 301, headers: { location: target } } });
    const artist = await resolveArtist('AudioDb Moved', mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'THEAUDIODB' });
    await expectColor((await fetchImage(t, artist.image.url!)).bytes, '88aa00', 12);
    const away = randomUUID();
    fake.theaudiodb.setArtist(away, { name: 'AudioDb Away', thumb: { status: 302, headers: { location: 'http://127.0.0.2:9/x.jpg' } } });
    const refused = await resolveArtist('AudioDb Away', away);
    expect(refused.image.trace[3]).toMatchObject({ source: 'THEAUDIODB', outcome: 'REJECTED', detail: expect.stringMatching(/host not allowed/) });
  });
});

describe('a MusicBrainz id for an artist without one', () => {
  it('is taken from an exact-name search (case and diacritics aside), stored, and used by the id sources', async () => {
    const mbid = fake.musicbrainz.addArtist({ name: 'Émilie Sørensen' });
    fake.musicbrainz.addArtist({ name: 'Emilie Sorensen Band' });
    const file = `Emilie ${++seq}.jpg`;
    fake.commons.setFile(file, { image: await solidJpeg('#336699', 800), license: 'CC0' });
    fake.wikidata.setItem(mbid, { image: file });
    const artist = await resolveArtist('emilie sorensen', null);
    expect(artist.musicbrainzId).toBe(mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'WIKIDATA', attribution: { license: 'CC0', author: null } });
    expect(artist.image.trace[2]!.detail).toMatch(/from a MusicBrainz search/);
    // Earlier tests searched other names: this artist's search is the one naming it.
    const searches = fake.requestsTo('musicbrainz').filter((r) => r.path.startsWith('/ws/2/artist/') && /emilie/i.test(decodeURIComponent(r.path)));
    expect(searches).toHaveLength(1);
    const search = searches[0]!;
    expect(new URL(search.path, 'http://x').searchParams.get('query')).toBe('artist:"emilie sorensen"');
    expect(String(search.headers['user-agent'])).toMatch(/^SoniqueBayCovers\//);
  });

  it('a near name is not taken, and several artists of the exact name are ambiguous: no id, the id sources say why', async () => {
    const near = fake.musicbrainz.addArtist({ name: 'The Rolling Stones' });
    fake.wikidata.setItem(near, { image: null });
    const artist = await resolveArtist('The Rolling Stone', null);
    expect(artist.musicbrainzId).toBeNull();
    expect(artist.image.trace[1]).toMatchObject({ source: 'FANART_TV', outcome: 'NOT_FOUND', detail: expect.stringMatching(/no MusicBrainz id \(artist search: 1 results, none named exactly so\)/) });
    expect(fake.requestsTo('fanarttv').some((r) => r.path.includes(near))).toBe(false);
    // Searched once: searching again finds the "none" remembered (until MISSING_TTL_DAYS), not MusicBrainz.
    const searches = () => fake.requestsTo('musicbrainz').filter((r) => r.path.includes('Rolling')).length;
    expect(searches()).toBe(1);
    const before = artist.image.trace[0]!;
    expect((await t.gql(RefreshCovers, { ids: [artist.id] })).data?.refreshCovers.__typename).toBe('CoversPayload');
    const again = await waitFor(async () => {
      const r = await t.gql(ArtistImage, { externalId: `artist-${seq}` });
      const a = r.data?.artist;
      return a?.__typename === 'Artist' && settled(a.image) && a.image.trace[0]!.detail === before.detail && a.image.trace.length > 0 && JSON.stringify(a.image.trace) !== JSON.stringify(artist.image.trace) ? a : undefined;
    }, 15_000, { message: 'the refreshed image' });
    expect(again.image.trace[1]!.detail).toMatch(/artist search on \d{4}-\d{2}-\d{2} found none/);
    expect(searches()).toBe(1);

    fake.musicbrainz.addArtist({ name: 'Twin Name', disambiguation: 'US band' });
    fake.musicbrainz.addArtist({ name: 'Twin Name', disambiguation: 'UK band' });
    const twin = await resolveArtist('Twin Name', null);
    expect(twin.musicbrainzId).toBeNull();
    expect(twin.image.trace[2]!.detail).toMatch(/2 artists named exactly so, ambiguous/);
  });

  it('a later push that names no id keeps the searched one: the artist is unchanged, nothing is searched or queued again', async () => {
    const mbid = fake.musicbrainz.addArtist({ name: 'Searched Once' });
    fake.theaudiodb.setArtist(mbid, { name: 'Searched Once', thumb: await solidJpeg('#557799', 500) });
    const artist = await resolveArtist('Searched Once', null);
    expect(artist.musicbrainzId).toBe(mbid);
    expect(artist.image).toMatchObject({ status: 'READY', source: 'THEAUDIODB' });
    const externalId = `artist-${seq}`;
    const searches = () => fake.requestsTo('musicbrainz').filter((r) => new URL(r.path, 'http://x').searchParams.get('query')?.toLowerCase() === 'artist:"searched once"').length;
    expect(searches()).toBe(1);
    // The backend pushes the same artist again, as it does on every sync: it never knew the id.
    const again = await t.gql(PushSummary, { input: { artists: [{ externalId, name: 'Searched Once' }] } });
    expect(again.data?.upsertLibrary).toMatchObject({ __typename: 'UpsertLibraryPayload', artistsAdded: 0, artistsChanged: 0, artistsUnchanged: 1 });
    const after = await t.gql(ArtistImage, { externalId });
    expect(after.data?.artist).toMatchObject({ musicbrainzId: mbid, image: { status: 'READY', source: 'THEAUDIODB', job: null } });
    // A later job (a refresh here; a chain resumed after a remote's turn alike) reads the stored id and still says where it came from.
    const resolvedAt = async () => (await t.database.db.selectFrom('covers').select('resolved_at').where('entity_type', '=', 'artist').where('entity_id', '=', Number(decodeId(artist.id).id)).executeTakeFirstOrThrow()).resolved_at!.getTime();
    const before = await resolvedAt();
    expect((await t.gql(RefreshCovers, { ids: [artist.id] })).data?.refreshCovers.__typename).toBe('CoversPayload');
    const refreshed = await waitFor(async () => {
      const a = (await t.gql(ArtistImage, { externalId })).data?.artist;
      return a?.__typename === 'Artist' && settled(a.image) && (await resolvedAt()) > before ? a : undefined;
    }, 15_000, { message: 'the refreshed image' });
    expect(refreshed.image.trace.find((s) => s.source === 'THEAUDIODB')!.detail).toMatch(/from a MusicBrainz search/);
    // An id the backend does send wins over the searched one.
    const told = randomUUID();
    const corrected = await t.gql(PushSummary, { input: { artists: [{ externalId, name: 'Searched Once', musicbrainzId: told }] } });
    expect(corrected.data?.upsertLibrary).toMatchObject({ artistsChanged: 1 });
    expect((await t.gql(ArtistImage, { externalId })).data?.artist).toMatchObject({ musicbrainzId: told });
    expect(searches()).toBe(1);
  });
});

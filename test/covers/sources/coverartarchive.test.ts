import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coverArtArchive, lucene } from '../../../src/covers/sources/coverartarchive.js';
import { createServiceClient } from '../../../src/covers/remote/services.js';
import type { AlbumSubject, SourceContext } from '../../../src/covers/sources/source.js';
import { remoteTestConfig, useFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';
import { view } from '../../helpers/candidates.js';
import { garbageBytes, solidJpeg } from '../../helpers/images.js';

let fake: FakeRemotes;
const opened = useFakeRemotes((f) => (fake = f));

function context(env: Record<string, string> = {}): SourceContext {
  const config = remoteTestConfig(fake, env);
  const http = createServiceClient('coverartarchive', config);
  const musicbrainz = createServiceClient('musicbrainz', config);
  opened.push(http, musicbrainz);
  return { config, http, musicbrainz };
}

function album(over: Partial<AlbumSubject> = {}): AlbumSubject {
  return {
    kind: 'album', id: randomUUID(), title: `Album ${randomUUID().slice(0, 6)}`, artistName: 'Some Artist',
    folder: null, trackPaths: [], mbReleaseId: null, mbReleaseGroupId: null, ...over,
  };
}

const find = async (subject: AlbumSubject, ctx = context()) => view(await coverArtArchive.findAlbum!(subject, ctx));

describe('coverartarchive', () => {
  it('finds the front by release MBID: 307 to the image host, then the bytes', async () => {
    const mbid = randomUUID();
    const jpeg = await solidJpeg('#aa3300');
    fake.caa.setFront(mbid, jpeg);
    const result = await find(album({ mbReleaseId: mbid }));
    expect(result).toMatchObject({ outcome: 'FOUND', remote: true, detail: `release ${mbid.slice(0, 8)}…: front-1200`, candidates: [{ match: 'mbid', type: 'front' }] });
    expect(result.outcome === 'FOUND' && result.candidates[0]!.image!.equals(jpeg)).toBe(true);
    expect(fake.requestsTo('caa').map((r) => r.path)).toEqual([`/release/${mbid}/front-1200`]);
    expect(fake.requestsTo('images')[0]?.path).toMatch(new RegExp(`^/download/mbid-${mbid}/`));
    expect(fake.requestsTo('musicbrainz')).toHaveLength(0);
    expect(fake.requestsTo('caa')[0]?.headers['user-agent']).toMatch(/^SoniqueBayCovers\//);
  });

  it('asks for the 500 px thumbnail with COVER_SELECTION=first, as before scored selection', async () => {
    const mbid = randomUUID();
    fake.caa.setFront(mbid, await solidJpeg('#aa3301'));
    const result = await find(album({ mbReleaseId: mbid }), context({ COVER_SELECTION: 'first' }));
    expect(result).toMatchObject({ outcome: 'FOUND', detail: `release ${mbid.slice(0, 8)}…: front-500` });
    expect(fake.requestsTo('caa').map((r) => r.path)).toEqual([`/release/${mbid}/front-500`]);
  });

  it('refuses the 307 to an image host that COVERARTARCHIVE_IMAGE_HOSTS does not list (the base host on another port) as a permanent error naming it', async () => {
    const mbid = randomUUID();
    fake.caa.setFront(mbid, await solidJpeg('#aa3300'));
    const images = new URL(fake.urls.images).host;
    const result = await find(album({ mbReleaseId: mbid }), context({ COVERARTARCHIVE_IMAGE_HOSTS: 'archive.org' }));
    expect(result).toEqual({
      outcome: 'ERROR',
      transient: false,
      detail: `coverartarchive: ${images} redirect to ${images}: host not allowed (neither ${fake.urls.caa} nor in COVERARTARCHIVE_IMAGE_HOSTS)`,
    });
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('falls back to the release group when the release has no front', async () => {
    const release = randomUUID();
    const group = randomUUID();
    fake.caa.setGroupFront(group, await solidJpeg('#00aa33'));
    const result = await find(album({ mbReleaseId: release, mbReleaseGroupId: group }));
    expect(result).toMatchObject({ outcome: 'FOUND', detail: `release ${release.slice(0, 8)}…: 404; release-group ${group.slice(0, 8)}…: front-1200`, candidates: [{ match: 'release-group' }] });
  });

  it('searches MusicBrainz by title and artist when there is no MBID, trying the best-scored releases', async () => {
    const subject = album({ title: 'Back in Black', artistName: 'AC/DC' });
    fake.musicbrainz.addRelease({ title: subject.title, artist: subject.artistName, score: 80 }); // too low: never tried
    const noArt = fake.musicbrainz.addRelease({ title: subject.title, artist: subject.artistName, score: 100 });
    const withArt = fake.musicbrainz.addRelease({ title: subject.title, artist: subject.artistName, score: 95 });
    fake.caa.setFront(withArt, await solidJpeg('#123456'));
    const result = await find(subject);
    expect(result).toMatchObject({ outcome: 'FOUND', detail: `search: release ${withArt.slice(0, 8)}…: front-1200`, candidates: [{ match: 'search', similarity: expect.any(Number) }] });
    expect(fake.requestsTo('caa').map((r) => r.path)).toEqual([`/release/${noArt}/front-1200`, `/release/${withArt}/front-1200`]);
    const search = new URL(fake.requestsTo('musicbrainz')[0]!.path, fake.urls.musicbrainz);
    expect(search.pathname).toBe('/ws/2/release/');
    expect(search.searchParams.get('query')).toBe('release:"Back in Black" AND artist:"AC\\/DC"');
    expect([search.searchParams.get('fmt'), search.searchParams.get('limit')]).toEqual(['json', '5']);
  });

  it('escapes Lucene specials so quotes in a title do not break the query', async () => {
    expect(lucene('"Heroes" (Live) [2017] AC/DC: a+b')).toBe('\\"Heroes\\" \\(Live\\) \\[2017\\] AC\\/DC\\: a\\+b');
    const subject = album({ title: '"Heroes"', artistName: 'David Bowie' });
    const id = fake.musicbrainz.addRelease({ title: subject.title, artist: subject.artistName });
    fake.caa.setFront(id, await solidJpeg('#654321'));
    expect((await find(subject)).outcome).toBe('FOUND');
  });

  it('tries at most 3 candidates and says what it tried', async () => {
    const subject = album();
    for (let i = 0; i < 5; i++) fake.musicbrainz.addRelease({ title: subject.title, artist: subject.artistName, score: 100 - i });
    const result = await find(subject);
    expect(result).toEqual({ outcome: 'NOT_FOUND', detail: 'search: 3 candidates, none with front art' });
    expect(fake.requestsTo('caa')).toHaveLength(3);
  });

  it('is NOT_FOUND when every step answers 404 or the search finds nothing', async () => {
    const release = randomUUID();
    const result = await find(album({ mbReleaseId: release }));
    expect(result).toEqual({ outcome: 'NOT_FOUND', detail: `release ${release.slice(0, 8)}…: 404; search: 0 results, none scored >= 90` });
  });

  it('skips an MBID tag that is not one and searches instead', async () => {
    const result = await find(album({ mbReleaseId: '../../admin' }));
    expect(result).toMatchObject({ outcome: 'NOT_FOUND', detail: expect.stringMatching(/^release \.\.\/\.\.\/ad…: not an MBID; search:/) });
    expect(fake.requestsTo('caa')).toHaveLength(0);
  });

  it('is a transient error when CAA answers 503', async () => {
    const mbid = randomUUID();
    fake.caa.setFront(mbid, { status: 503 });
    const result = await find(album({ mbReleaseId: mbid }));
    expect(result).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/coverartarchive: 127\.0\.0\.1:\d+ answered 503$/) });
  });

  it('is a transient error when CAA answers past the timeout', async () => {
    const mbid = randomUUID();
    fake.caa.setFront(mbid, { delayMs: 1000, image: await solidJpeg('#777777') });
    const started = performance.now();
    const result = await find(album({ mbReleaseId: mbid }), context({ REMOTE_TIMEOUT_MS: '200' }));
    expect(result).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/timed out/) });
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('returns garbage image bytes as FOUND (the resolver validates them)', async () => {
    const mbid = randomUUID();
    const junk = garbageBytes(3000);
    fake.caa.setFront(mbid, junk);
    const result = await find(album({ mbReleaseId: mbid }));
    expect(result.outcome === 'FOUND' && result.candidates[0]!.image!.equals(junk)).toBe(true);
  });

  it('is a transient error when MusicBrainz answers invalid JSON or 503', async () => {
    fake.fault('musicbrainz', { invalidJson: true }, { times: 1 });
    expect(await find(album())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/musicbrainz: .* answered invalid JSON/) });
    fake.fault('musicbrainz', { status: 503, body: 'Your requests are exceeding the allowable rate limit.' }, { times: 1 });
    expect(await find(album())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/musicbrainz: .* answered 503/) });
  });

  it('treats a search answer of the wrong shape as transient, never a crash', async () => {
    fake.fault('musicbrainz', { status: 200, body: { releases: 'nope' } }, { times: 1 });
    expect((await find(album())).outcome).toBe('NOT_FOUND'); // 'releases' unusable: no candidates
    fake.fault('musicbrainz', { status: 200, body: [1, 2, 3] }, { times: 1 });
    expect(await find(album())).toMatchObject({ outcome: 'ERROR', transient: true });
  });

  it('keeps MusicBrainz searches to the configured rate', async () => {
    const ctx = context({ MUSICBRAINZ_RATE_PER_SEC: '10' });
    for (let i = 0; i < 3; i++) await find(album(), ctx);
    const at = fake.requestsTo('musicbrainz').map((r) => r.at);
    expect(at).toHaveLength(3);
    // Spaced 100 ms apart by the limiter (without it they would be a few ms apart); the first
    // request also pays for the connection, so allow some of the 200 ms to be eaten by that.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(150);
  });

  it('without a MusicBrainz client, stops after the MBIDs', async () => {
    const { config, http } = context();
    expect(await coverArtArchive.findAlbum!(album(), { config, http })).toEqual({ outcome: 'NOT_FOUND', detail: 'search: no MusicBrainz client' });
  });
});

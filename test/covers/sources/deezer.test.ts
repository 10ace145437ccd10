import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deezer } from '../../../src/covers/sources/deezer.js';
import { createServiceClient } from '../../../src/covers/remote/services.js';
import { memoryRateLimiter } from '../../../src/covers/remote/rate-limit.js';
import type { SourceContext, SourceResult } from '../../../src/covers/sources/source.js';
import { remoteAlbum, remoteArtist, remoteTestConfig, useFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';
import { garbageBytes, solidJpeg } from '../../helpers/images.js';

let fake: FakeRemotes;
const opened = useFakeRemotes((f) => (fake = f));

function context(env: Record<string, string> = {}): SourceContext {
  const config = remoteTestConfig(fake, env);
  // The fakes share 127.0.0.1, so image downloads count against the API's limit here; not in real life.
  const http = createServiceClient('deezer', config, { rateLimiter: memoryRateLimiter(200) });
  opened.push(http);
  return { config, http };
}

const album = remoteAlbum;
const artist = remoteArtist;
const unique = (s: string) => `${s} ${randomUUID().slice(0, 6)}`;
/** The first candidate's picture, downloaded the way the chain does it: through the source's own client. */
const bytesOf = async (r: SourceResult, ctx = context()) => (r.outcome === 'FOUND' && r.candidates[0]?.url ? ctx.http.getImage(r.candidates[0].url) : null);

describe('deezer albums', () => {
  it('offers the cover as a URL without downloading it; over REMOTE_MAX_BYTES (declared or streamed) the download is refused', async () => {
    const name = unique('Heavy');
    const big = garbageBytes(8192);
    fake.deezer.addAlbum({ artist: name, title: 'Huge', cover: big });
    const ctx = context({ REMOTE_MAX_BYTES: '4096' });
    const offered = await deezer.findAlbum!(album(name, 'Huge'), ctx);
    expect(offered).toMatchObject({ outcome: 'FOUND', candidates: [{ url: expect.stringMatching(/1000x1000/), width: 1000, height: 1000, match: 'search', similarity: 1, type: 'front' }] });
    expect(fake.requestsTo('images')).toHaveLength(0);
    expect(await bytesOf(offered, ctx).catch((e: unknown) => e)).toMatchObject({ tooLarge: true, message: expect.stringMatching(/answered 8192 bytes, over the 4096-byte cap$/) });
    const streamed = fake.images.put({ status: 200, body: big, chunked: true });
    const result = await context({ REMOTE_MAX_BYTES: '4096' }).http.getImage(streamed).catch((e: unknown) => e);
    expect(result).toMatchObject({ tooLarge: true, transient: false });
  });

  it('picks the result whose title and artist match, not just the first', async () => {
    const name = unique('Daft Punk');
    const live = await solidJpeg('#111111');
    const studio = await solidJpeg('#eeeeee');
    fake.deezer.addAlbum({ artist: name, title: 'Discovery (Live)', cover: live });
    fake.deezer.addAlbum({ artist: name, title: 'Discovery', cover: studio });
    const result = await deezer.findAlbum!(album(name.toUpperCase(), 'discovery'), context());
    expect(result).toMatchObject({ outcome: 'FOUND', candidates: [{ match: 'search', similarity: 1, detail: 'search/album: exact match' }] });
    expect(result.outcome === 'FOUND' && result.candidates).toHaveLength(1);
    expect((await bytesOf(result))?.equals(studio)).toBe(true);

    const search = new URL(fake.requestsTo('deezer')[0]!.path, fake.urls.deezer);
    expect(search.pathname).toBe('/search/album');
    expect(search.searchParams.get('q')).toBe(`artist:"${name.toUpperCase()}" album:"discovery"`);
    expect(search.searchParams.get('limit')).toBe('5');
    expect(fake.requestsTo('images')[0]?.path).toMatch(/^\/images\/cover\/[0-9a-f]{32}\/1000x1000-000000-80-0-0\.jpg$/);
    expect(fake.requestsTo('deezer')[0]?.headers['user-agent']).toMatch(/^SoniqueBayCovers\//);
  });

  it('never takes a result whose title or artist does not match (it used to take the first one)', async () => {
    const name = unique('Air');
    fake.deezer.addAlbum({ artist: name, title: 'Moon Safari (Deluxe)', cover: await solidJpeg('#336699') });
    fake.deezer.addAlbum({ artist: name, title: 'Moon Safari (Remastered)', cover: await solidJpeg('#993366') });
    expect(await deezer.findAlbum!(album(name, 'Moon Safari'), context())).toEqual({
      outcome: 'NOT_FOUND',
      detail: expect.stringMatching(/^search\/album: 2 results, none matching \(best similarity 0\.\d\d\)$/),
    });
    // Same title, another artist: the search matched on the title alone.
    const other = unique('Someone Else');
    fake.deezer.addAlbum({ artist: other, title: 'Unique Title', cover: await solidJpeg('#112233') });
    const wrongArtist = await deezer.findAlbum!(album(unique('Air'), 'Unique Title'), context());
    expect(wrongArtist.outcome).toBe('NOT_FOUND');
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('takes a hit that differs only by case or punctuation', async () => {
    const name = unique('Simon & Garfunkel');
    fake.deezer.addAlbum({ artist: name, title: 'Bridge Over Troubled Water!', cover: await solidJpeg('#445566') });
    const result = await deezer.findAlbum!(album(name, 'bridge over troubled water'), context());
    expect(result).toMatchObject({ outcome: 'FOUND', candidates: [{ similarity: 1, detail: 'search/album: exact match' }] });
  });

  it('is NOT_FOUND without results, or when the album has no cover', async () => {
    expect(await deezer.findAlbum!(album(unique('Nobody'), 'Nothing'), context())).toEqual({ outcome: 'NOT_FOUND', detail: 'search/album: no result' });
    const name = unique('Bare');
    fake.deezer.addAlbum({ artist: name, title: 'Plain', cover: null });
    expect(await deezer.findAlbum!(album(name, 'Plain'), context())).toEqual({ outcome: 'NOT_FOUND', detail: 'search/album: no picture' });
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('treats the 200-with-error quota answer as transient, then finds the cover once it passes', async () => {
    const name = unique('Throttled');
    fake.deezer.addAlbum({ artist: name, title: 'Later', cover: await solidJpeg('#00ffcc') });
    fake.deezer.throttle(1);
    const ctx = context();
    expect(await deezer.findAlbum!(album(name, 'Later'), ctx)).toEqual({
      outcome: 'ERROR', transient: true, detail: 'deezer: search/album error 4 (Quota limit exceeded)',
    });
    expect((await deezer.findAlbum!(album(name, 'Later'), ctx)).outcome).toBe('FOUND');
  });

  it('maps other error objects: 800 (no data) to NOT_FOUND, the rest to permanent', async () => {
    fake.fault('deezer', { status: 200, body: { error: { type: 'DataException', message: 'no data', code: 800 } } }, { times: 1 });
    expect((await deezer.findAlbum!(album('A', 'B'), context())).outcome).toBe('NOT_FOUND');
    fake.fault('deezer', { status: 200, body: { error: { type: 'ParameterException', message: 'Wrong parameter', code: 500 } } }, { times: 1 });
    expect(await deezer.findAlbum!(album('A', 'B'), context())).toMatchObject({ outcome: 'ERROR', transient: false, detail: expect.stringMatching(/error 500/) });
  });

  it('treats 503, invalid JSON and an answer past the timeout as transient', async () => {
    fake.fault('deezer', { status: 503 }, { times: 1 });
    expect(await deezer.findAlbum!(album('A', 'B'), context())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/answered 503$/) });
    fake.fault('deezer', { invalidJson: true }, { times: 1 });
    expect(await deezer.findAlbum!(album('A', 'B'), context())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/invalid JSON/) });
    fake.fault('deezer', { delayMs: 600 }, { times: 1 });
    expect(await deezer.findAlbum!(album('A', 'B'), context({ REMOTE_TIMEOUT_MS: '150' }))).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/timed out/) });
  });

  it('returns garbage cover bytes as FOUND (the resolver validates them)', async () => {
    const name = unique('Noise');
    const junk = garbageBytes(2000);
    fake.deezer.addAlbum({ artist: name, title: 'Static', cover: junk });
    expect((await bytesOf(await deezer.findAlbum!(album(name, 'Static'), context())))?.equals(junk)).toBe(true);
  });

  it('treats JSON of another shape as transient', async () => {
    fake.fault('deezer', { status: 200, body: { data: 'nope' } }, { times: 1 });
    expect(await deezer.findAlbum!(album('A', 'B'), context())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/unexpected shape/) });
  });
});

describe('deezer artists', () => {
  it('finds an artist picture', async () => {
    const name = unique('Massive Attack');
    const jpeg = await solidJpeg('#aa00aa');
    fake.deezer.addArtist({ name: `${name} Tribute`, picture: await solidJpeg('#00aa00') });
    fake.deezer.addArtist({ name, picture: jpeg });
    const result = await deezer.findArtist!(artist(name), context());
    expect(result).toMatchObject({ outcome: 'FOUND', candidates: [{ type: 'artist', match: 'search', similarity: 1 }] });
    expect(result.outcome === 'FOUND' && result.candidates).toHaveLength(1);
    expect((await bytesOf(result))?.equals(jpeg)).toBe(true);
    expect(new URL(fake.requestsTo('deezer')[0]!.path, fake.urls.deezer).searchParams.get('q')).toBe(name);
  });

  it('is NOT_FOUND for the /images/artist// no-picture URL, without downloading it', async () => {
    const name = unique('Faceless');
    fake.deezer.addArtist({ name, picture: null });
    expect(await deezer.findArtist!(artist(name), context())).toEqual({ outcome: 'NOT_FOUND', detail: 'search/artist: no picture' });
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('is transient when throttled', async () => {
    fake.deezer.throttle(5);
    expect(await deezer.findArtist!(artist('Anyone'), context())).toMatchObject({ outcome: 'ERROR', transient: true });
  });
});

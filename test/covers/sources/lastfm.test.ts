import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryRateLimiter } from '../../../src/covers/remote/rate-limit.js';
import { lastfm } from '../../../src/covers/sources/lastfm.js';
import { createServiceClient } from '../../../src/covers/remote/services.js';
import type { SourceContext } from '../../../src/covers/sources/source.js';
import { LASTFM_STAR_HASH, remoteAlbum, remoteArtist, remoteTestConfig, useFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';
import { view } from '../../helpers/candidates.js';
import { solidJpeg } from '../../helpers/images.js';

let fake: FakeRemotes;
const opened = useFakeRemotes((f) => (fake = f));

function context(env: Record<string, string> = {}): SourceContext {
  const config = remoteTestConfig(fake, env);
  // The fakes share 127.0.0.1, so image downloads count against the API's 5/s here; not in real life.
  const http = createServiceClient('lastfm', config, { rateLimiter: memoryRateLimiter(200) });
  opened.push(http);
  return { config, http };
}

const album = remoteAlbum;
const artist = remoteArtist;
const unique = (s: string) => `${s} ${randomUUID().slice(0, 6)}`;

describe('lastfm', () => {
  it('is disabled without an API key', () => {
    expect(lastfm.enabled!(remoteTestConfig(fake, { LASTFM_API_KEY: '' }))).toBe(false);
    expect(lastfm.enabled!(remoteTestConfig(fake))).toBe(true);
  });

  it('finds an album cover, asking the image server for a larger size than listed', async () => {
    const name = unique('Cher');
    const jpeg = await solidJpeg('#cc2255');
    const listed = fake.lastfm.setAlbum(name, 'Believe', jpeg)!;
    const result = view(await lastfm.findAlbum!(album(name, 'Believe'), context()));
    expect(result).toMatchObject({ outcome: 'FOUND', remote: true, detail: 'album.getinfo: image' });
    expect(result.outcome === 'FOUND' && result.candidates[0]!.image!.equals(jpeg)).toBe(true);

    const call = new URL(fake.requestsTo('lastfm')[0]!.path, fake.urls.lastfm);
    expect(call.pathname).toBe('/2.0/');
    expect(Object.fromEntries(call.searchParams)).toEqual({
      method: 'album.getinfo', api_key: fake.lastfm.apiKey, artist: name, album: 'Believe', format: 'json', autocorrect: '1',
    });
    expect(fake.requestsTo('images').map((r) => r.path)).toEqual([new URL(listed).pathname.replace('/300x300/', '/600x600/')]);
  });

  it('falls back to the listed size when the larger one is not served', async () => {
    const name = unique('Björk');
    const listed = fake.lastfm.setAlbum(name, 'Homogenic', await solidJpeg('#22cc55'))!;
    fake.images.put({ status: 404, body: 'Not Found' }, new URL(listed).pathname.replace('/300x300/', '/600x600/'));
    const result = await lastfm.findAlbum!(album(name, 'Homogenic'), context());
    expect(result.outcome).toBe('FOUND');
    expect(fake.requestsTo('images').map((r) => r.path.split('/')[3])).toEqual(['600x600', '300x300']);
  });

  it('offers a search match with its similarity, and refuses an album autocorrected to another one', async () => {
    const name = unique('Portishead');
    fake.lastfm.setAlbum(name, 'Dummy', await solidJpeg('#22cc56'));
    expect(await lastfm.findAlbum!(album(name, 'Dummy'), context())).toMatchObject({ outcome: 'FOUND', candidates: [{ match: 'search', similarity: 1, type: 'front' }] });
    fake.lastfm.setAlbum(name, 'Third', await solidJpeg('#22cc57'));
    fake.lastfm.autocorrectAlbum({ artist: name, album: 'Roseland NYC Live' }, { artist: name, album: 'Third' });
    expect(await lastfm.findAlbum!(album(name, 'Roseland NYC Live'), context())).toEqual({
      outcome: 'NOT_FOUND',
      detail: expect.stringMatching(/^album\.getinfo: autocorrected to another name \(similarity 0\.\d\d\)$/),
    });
    expect(fake.requestsTo('images')).toHaveLength(1);
  });

  it('maps error 6 (not found) to NOT_FOUND, whatever HTTP status carries it', async () => {
    const ctx = context();
    expect(await lastfm.findAlbum!(album(unique('Nobody'), 'Nothing'), ctx)).toEqual({
      outcome: 'NOT_FOUND', detail: 'lastfm: album.getinfo error 6 (Album not found)',
    });
    const name = unique('Someone');
    fake.lastfm.setAlbum(name, 'Gone', { error: 6, message: 'Album not found', status: 200 });
    expect((await lastfm.findAlbum!(album(name, 'Gone'), ctx)).outcome).toBe('NOT_FOUND');
    fake.lastfm.setAlbum(name, 'Gone', { error: 6, message: 'Album not found', status: 404 });
    expect((await lastfm.findAlbum!(album(name, 'Gone'), ctx)).outcome).toBe('NOT_FOUND');
  });

  it('maps rate limiting and service errors to transient, a bad key to permanent', async () => {
    const name = unique('Busy');
    fake.lastfm.setAlbum(name, 'A', { error: 29, message: 'Rate Limit Exceeded' });
    fake.lastfm.setAlbum(name, 'B', { error: 11, message: 'Service Offline' });
    const ctx = context();
    expect(await lastfm.findAlbum!(album(name, 'A'), ctx)).toEqual({ outcome: 'ERROR', transient: true, detail: 'lastfm: album.getinfo error 29 (Rate Limit Exceeded)' });
    expect(await lastfm.findAlbum!(album(name, 'B'), ctx)).toMatchObject({ outcome: 'ERROR', transient: true });
    const badKey = await lastfm.findAlbum!(album(name, 'A'), context({ LASTFM_API_KEY: 'wrong-key' }));
    expect(badKey).toMatchObject({ outcome: 'ERROR', transient: false, detail: expect.stringMatching(/error 10/) });
  });

  it('never puts the API key in an error detail', async () => {
    fake.fault('lastfm', { status: 502, body: 'Bad Gateway' });
    const result = await lastfm.findAlbum!(album('X', 'Y'), context());
    expect(result).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/^lastfm: 127\.0\.0\.1:\d+ answered 502$/) });
    expect(JSON.stringify(result)).not.toContain(fake.lastfm.apiKey);
  });

  it('treats invalid JSON and a hanging server as transient', async () => {
    fake.fault('lastfm', { invalidJson: true }, { times: 1 });
    expect(await lastfm.findAlbum!(album('X', 'Y'), context())).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/invalid JSON/) });
    fake.fault('lastfm', { hang: true });
    expect(await lastfm.findAlbum!(album('X', 'Y'), context({ REMOTE_TIMEOUT_MS: '150' }))).toMatchObject({ outcome: 'ERROR', transient: true, detail: expect.stringMatching(/timed out/) });
  });

  it('is NOT_FOUND when the album has no image', async () => {
    const name = unique('Bare');
    fake.lastfm.setAlbum(name, 'Plain', 'no-image');
    expect(await lastfm.findAlbum!(album(name, 'Plain'), context())).toEqual({ outcome: 'NOT_FOUND', detail: 'album.getinfo: no image' });
  });

  it('finds an artist image', async () => {
    const name = unique('Aphex Twin');
    const jpeg = await solidJpeg('#5522cc');
    fake.lastfm.setArtist(name, jpeg);
    const result = await lastfm.findArtist!(artist(name), context());
    expect(result.outcome === 'FOUND' && result.candidates[0]!.image!.equals(jpeg)).toBe(true);
    expect(new URL(fake.requestsTo('lastfm')[0]!.path, fake.urls.lastfm).searchParams.get('method')).toBe('artist.getinfo');
  });

  it('rejects the grey star placeholder without downloading it', async () => {
    const name = unique('Starred');
    expect(fake.lastfm.setArtist(name, 'star')).toContain(LASTFM_STAR_HASH);
    expect(await lastfm.findArtist!(artist(name), context())).toEqual({ outcome: 'NOT_FOUND', detail: 'artist.getinfo: grey star placeholder' });
    expect(fake.requestsTo('images')).toHaveLength(0);
  });

  it('is NOT_FOUND for an unknown artist', async () => {
    expect(await lastfm.findArtist!(artist(unique('Ghost')), context())).toMatchObject({ outcome: 'NOT_FOUND', detail: expect.stringMatching(/error 6/) });
  });
});

import { describe, expect, it } from 'vitest';
import { createServiceClient } from '../../../src/covers/remote/services.js';
import { artistNameKey, searchArtistMbid } from '../../../src/covers/sources/musicbrainz-artist.js';
import { remoteTestConfig, useFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';

let fake: FakeRemotes;
const opened = useFakeRemotes((f) => (fake = f));
const client = () => {
  const c = createServiceClient('musicbrainz', remoteTestConfig(fake));
  opened.push(c);
  return c;
};

describe('artistNameKey', () => {
  it('folds case, diacritics (also the undecomposed ones), compatibility forms and spaces, and nothing else', () => {
    expect(artistNameKey('  Sigur   Rós ')).toBe('sigur ros');
    expect(artistNameKey('MØ')).toBe('mo');
    expect(artistNameKey('Ｂｊörk')).toBe('bjork');
    expect(artistNameKey('Motörhead')).toBe(artistNameKey('MOTORHEAD'));
    expect(artistNameKey('The Rolling Stones')).not.toBe(artistNameKey('The Rolling Stone'));
    expect(artistNameKey('AC/DC')).not.toBe(artistNameKey('ACDC'));
  });
});

describe('searchArtistMbid', () => {
  it('takes the one exact name among the results, not the best-scored near one', async () => {
    fake.musicbrainz.addArtist({ name: 'Sigur Rós Tribute' });
    const id = fake.musicbrainz.addArtist({ name: 'Sigur Rós' });
    expect(await searchArtistMbid(client(), 'sigur ros')).toMatchObject({ outcome: 'FOUND', mbid: id });
  });

  it('a near name only: none', async () => {
    fake.musicbrainz.addArtist({ name: 'Portisheads' });
    expect(await searchArtistMbid(client(), 'Portishead')).toMatchObject({ outcome: 'NONE', detail: expect.stringMatching(/none named exactly so/) });
  });

  it('a transient failure is an ERROR the chain retries, not a "none" that would be remembered', async () => {
    fake.fault('musicbrainz', { status: 503, body: 'busy', headers: { 'retry-after': '2' } }, { times: 1 });
    expect(await searchArtistMbid(client(), 'Anyone')).toMatchObject({ outcome: 'ERROR', transient: true, retryAfterMs: 2000 });
  });
});

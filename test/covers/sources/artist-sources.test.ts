/**
 * fanart.tv, TheAudioDB and Wikidata/Commons answer with candidates: URLs (nothing downloaded until
 * one is chosen), their match (an exact MusicBrainz id, a release group), their type and the size
 * their service documents (fanart.tv 1000 px, Commons' thumbnail), attribution on the candidate.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateBytes } from '../../../src/covers/cover.selection.js';
import { createSourceRuntime, type SourceRuntime } from '../../../src/covers/sources/registry.js';
import { candidateId, type Candidate } from '../../../src/covers/sources/candidate.js';
import type { AlbumSubject, ArtistSubject, SourceResult } from '../../../src/covers/sources/source.js';
import { remoteAlbum, remoteArtist, remoteTestConfig, startFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../../helpers/images.js';

let fake: FakeRemotes;
let sources: SourceRuntime;

beforeAll(async () => {
  fake = await startFakeRemotes();
  sources = createSourceRuntime(remoteTestConfig(fake));
});
afterAll(async () => {
  await sources?.close();
  await fake?.close();
});

const artistWith = (mbid: string): ArtistSubject => ({ ...remoteArtist(`Artist ${mbid.slice(0, 6)}`), mbArtistId: mbid });
const candidates = (r: SourceResult): Candidate[] => (r.outcome === 'FOUND' ? r.candidates : []);

async function ask(name: 'fanarttv' | 'theaudiodb' | 'wikidata', subject: ArtistSubject | AlbumSubject): Promise<SourceResult> {
  const { source, ctx } = sources.get(name)!;
  return subject.kind === 'artist' ? source.findArtist!(subject, ctx) : source.findAlbum!(subject, ctx);
}

describe('artist sources offer candidates', () => {
  it('fanart.tv: its most liked artist thumbs as 1000 px exact-MBID URLs, none downloaded', async () => {
    const mbid = randomUUID();
    fake.fanarttv.setArtist(mbid, { pictures: [await solidJpeg('#2255aa', 1000), await solidJpeg('#aa2255', 1000)] });
    const before = fake.requestsTo('images').length;
    const offered = candidates(await ask('fanarttv', artistWith(mbid)));
    expect(offered).toEqual([
      expect.objectContaining({ url: expect.stringContaining('artistthumb'), width: 1000, height: 1000, match: 'mbid', type: 'artist', detail: expect.stringMatching(/artistthumb 100000$/) }),
      expect.objectContaining({ width: 1000, match: 'mbid', type: 'artist', detail: expect.stringMatching(/artistthumb 100001$/) }),
    ]);
    expect(offered.every((c) => c.image === undefined)).toBe(true);
    expect(fake.requestsTo('images').length).toBe(before);
    // The bytes come through fanart.tv's own client, only when asked for.
    const bytes = await candidateBytes(sources, 'fanarttv', offered[0]!, undefined);
    await expectColor(bytes as Buffer, '2255aa', 12);
  });

  it('fanart.tv: album covers by release group, 1000 px, matched by release group', async () => {
    const group = randomUUID();
    fake.fanarttv.setAlbum(group, { pictures: [await solidJpeg('#5599dd', 1000)] });
    const subject = { ...remoteAlbum('Fanart Artist', 'Fanart Album'), mbReleaseGroupId: group };
    expect(candidates(await ask('fanarttv', subject))).toEqual([
      expect.objectContaining({ width: 1000, height: 1000, match: 'release-group', type: 'front', detail: expect.stringMatching(/albumcover/) }),
    ]);
    const { source } = sources.get('fanarttv')!;
    expect(source.offers!(subject)).toEqual(['release-group']);
    expect(source.offers!(remoteAlbum('a', 'b'))).toEqual([]);
  });

  it('TheAudioDB: strArtistThumb as an exact-MBID URL of unknown size', async () => {
    const mbid = randomUUID();
    fake.theaudiodb.setArtist(mbid, { name: 'AudioDb Candidate', thumb: await solidJpeg('#aa8800', 700) });
    const [thumb, ...rest] = candidates(await ask('theaudiodb', artistWith(mbid)));
    expect(rest).toEqual([]);
    expect(thumb).toMatchObject({ url: expect.stringContaining('/images/media/artist/thumb/'), match: 'mbid', type: 'artist' });
    expect(thumb!.width).toBeUndefined();
    await expectColor((await candidateBytes(sources, 'theaudiodb', thumb!, undefined)) as Buffer, 'aa8800', 12);
  });

  it("Wikidata: the P18 file's Commons thumbnail, its size, downloaded through the Commons client, attribution on the candidate", async () => {
    const mbid = randomUUID();
    const file = `Candidate ${mbid.slice(0, 6)}.jpg`;
    fake.commons.setFile(file, { image: await solidJpeg('#aa5500', 1200), artist: '<a href="//commons.wikimedia.org/wiki/User:Jane">Jane Doe</a>', license: 'CC BY-SA 4.0', licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0' });
    fake.wikidata.setItem(mbid, { image: file });
    const [c, ...rest] = candidates(await ask('wikidata', artistWith(mbid)));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ via: 'commons', width: 1200, height: 1200, match: 'mbid', type: 'artist', attribution: { author: 'Jane Doe', license: 'CC BY-SA 4.0' } });
    const commonsBefore = fake.requestsTo('commons').length;
    await expectColor((await candidateBytes(sources, 'wikidata', c!, undefined)) as Buffer, 'aa5500', 12);
    // The picture is on Commons' image host, fetched with the Commons client (its limit and hosts), not Wikidata's.
    expect(fake.requestsTo('commons').length).toBe(commonsBefore);
    expect(fake.requestsTo('images').some((r) => r.path.includes('1200px-'))).toBe(true);
  });

  it('a candidate id is stable across answers and differs between pictures', async () => {
    const mbid = randomUUID();
    fake.fanarttv.setArtist(mbid, { pictures: [await solidJpeg('#123456', 1000), await solidJpeg('#654321', 1000)] });
    const once = candidates(await ask('fanarttv', artistWith(mbid))).map((c) => candidateId('fanarttv', c));
    const twice = candidates(await ask('fanarttv', artistWith(mbid))).map((c) => candidateId('fanarttv', c));
    expect(once).toEqual(twice);
    expect(new Set(once).size).toBe(2);
    expect(once[0]).toMatch(/^fanarttv:[0-9a-f]{20}$/);
  });
});

/**
 * The remote sources for a benchmark over the synthetic library: the test fakes of MusicBrainz, the
 * Cover Art Archive, Last.fm, Deezer, fanart.tv, TheAudioDB, Wikidata and Commons on loopback
 * (test/helpers/fake-remotes.ts, answering with the real services' paths and JSON shapes), planted
 * so that the default chains have real work to do:
 *
 *   albums without art      1/3 found by a MusicBrainz release search + its Cover Art Archive front,
 *                           1/3 by Deezer's album search, 1/3 nowhere (placeholder)
 *   artists (by name)       1/4 Wikidata P18 -> Commons, 1/4 TheAudioDB, 1/4 Deezer, 1/4 nowhere;
 *                           every one but the last known to the MusicBrainz artist search
 *
 * Pictures are the library's own pool pictures with their own quantisation nudge, so each remote
 * answer is a distinct, realistically sized JPEG the service must download, validate and store.
 */
import { startFakeRemotes, type FakeRemotes } from '../../test/helpers/fake-remotes.js';
import type { LibraryAlbum, SyntheticLibrary } from './library.js';

export interface BenchRemotes {
  fake: FakeRemotes;
  /** The service environment pointing every remote at the fakes, with their keys. */
  env: Record<string, string>;
  /** What was planted, for the benchmark's notes. */
  planted: { albumsRemote: number; albumsNowhere: number; artistsWithPicture: number; artistsNowhere: number };
  close(): Promise<void>;
}

const ARTIST_PLANS = ['wikidata', 'theaudiodb', 'deezer', 'nowhere'] as const;

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return h;
}

export async function benchRemotes(lib: SyntheticLibrary, albums: readonly LibraryAlbum[]): Promise<BenchRemotes> {
  const fake = await startFakeRemotes();
  const planted = { albumsRemote: 0, albumsNowhere: 0, artistsWithPicture: 0, artistsNowhere: 0 };
  for (const a of albums) {
    if (a.kind !== 'none') continue;
    const picture = await lib.picture(a);
    if (a.index % 3 === 0) fake.caa.setFront(fake.musicbrainz.addRelease({ title: a.title, artist: a.artist }), picture);
    else if (a.index % 3 === 1) fake.deezer.addAlbum({ artist: a.artist, title: a.title, cover: picture });
    if (a.index % 3 === 2) planted.albumsNowhere++;
    else planted.albumsRemote++;
  }
  const firstAlbum = new Map<string, LibraryAlbum>();
  for (const a of albums) if (!firstAlbum.has(a.artist)) firstAlbum.set(a.artist, a);
  for (const [name, a] of firstAlbum) {
    const plan = ARTIST_PLANS[hash(name) % ARTIST_PLANS.length]!;
    fake.lastfm.setArtist(name, 'star');
    if (plan === 'nowhere') {
      fake.deezer.addArtist({ name, picture: null });
      planted.artistsNowhere++;
      continue;
    }
    // Not the album's own picture: another quantisation of its pool picture.
    const picture = await lib.picture({ ...a, variant: a.variant + 50_000 });
    const mbid = fake.musicbrainz.addArtist({ name });
    if (plan === 'wikidata') {
      const file = `${name} (bench).jpg`;
      fake.commons.setFile(file, { image: picture, artist: 'Bench', license: 'CC BY-SA 4.0', licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0' });
      fake.wikidata.setItem(mbid, { image: file });
    }
    if (plan === 'theaudiodb') fake.theaudiodb.setArtist(mbid, { name, thumb: picture });
    fake.deezer.addArtist({ name, picture: plan === 'deezer' ? picture : null });
    planted.artistsWithPicture++;
  }
  return {
    fake,
    env: { ...fake.env(), LASTFM_API_KEY: fake.lastfm.apiKey, FANARTTV_API_KEY: fake.fanarttv.apiKey },
    planted,
    close: () => fake.close(),
  };
}

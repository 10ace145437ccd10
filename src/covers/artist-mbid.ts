import type { Config } from '../env.js';
import type { Db } from '../db/database.js';
import * as library from '../library/library.repository.js';
import { withWait } from './remote/client.js';
import type { AcquireOptions } from './remote/rate-limit.js';
import { sourceDeclaration } from './sources/catalog.js';
import { searchArtistMbid } from './sources/musicbrainz-artist.js';
import type { SourceRuntime } from './sources/registry.js';
import type { ArtistSubject } from './sources/source.js';

/**
 * Gives an artist whose tags carry no MusicBrainz id the one a MusicBrainz artist search finds
 * (exact name only), before a chain that holds a source finding artists by id (fanart.tv,
 * Wikidata, TheAudioDB). The id is stored on the artist; a search that found none is not run
 * again before MISSING_TTL_DAYS. The search goes through the MusicBrainz client, so its
 * 1 request/s holds with every other MusicBrainz call of every process.
 */
export async function withArtistMbid(
  deps: { db: Db; config: Config; sources: SourceRuntime },
  subject: ArtistSubject,
  signal?: AbortSignal,
  wait?: AcquireOptions,
): Promise<ArtistSubject> {
  const { db, config, sources } = deps;
  if (subject.mbArtistId) return subject;
  const needed = config.artistSources.some((name) => {
    if (!sourceDeclaration(name).byArtistMbid) return false;
    const enabled = sources.get(name)?.source.enabled;
    return !enabled || enabled(config);
  });
  if (!needed) return subject;
  const id = Number(subject.id);
  const [row] = await library.findArtistsByIds(db, [id]);
  const searchedAt = row?.mb_artist_searched_at;
  if (searchedAt && Date.now() - searchedAt.getTime() < config.missingTtlMs) {
    return { ...subject, mbArtistSearch: { outcome: 'NONE', detail: `artist search on ${searchedAt.toISOString().slice(0, 10)} found none` } };
  }
  const musicbrainz = sources.remote('musicbrainz');
  // A turn further than `wait` allows throws RateLimitWait: the chain gives its slot back and comes again.
  const { mbid, ...search } = await searchArtistMbid(wait ? withWait(musicbrainz, wait) : musicbrainz, subject.name, signal);
  if (search.outcome === 'ERROR') return { ...subject, mbArtistSearch: search };
  await library.recordArtistMbidSearch(db, id, mbid ?? null);
  return { ...subject, mbArtistId: mbid ?? null, mbArtistSearch: search };
}

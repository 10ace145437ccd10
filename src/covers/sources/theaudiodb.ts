import { z } from 'zod';
import { found } from './candidate.js';
import { artistMbid, fromRemoteError, mbidVia, notFound, transientError, type CoverSource } from './source.js';

const artist = z.object({
  idArtist: z.coerce.string().catch(''),
  strArtist: z.string().nullish().catch(null),
  strMusicBrainzID: z.string().nullish().catch(null),
  strArtistThumb: z.string().nullish().catch(null),
});
/** `{"artists": null}` when it knows no such artist. */
const answer = z.object({ artists: z.array(artist).nullable() });

/** Artist thumbs from TheAudioDB's v1 API by MusicBrainz id (its free key unless THEAUDIODB_API_KEY says otherwise). */
export const theaudiodb: CoverSource<'theaudiodb'> = {
  name: 'theaudiodb',
  offers: (subject) => (subject.kind === 'artist' && subject.mbArtistId ? ['mbid'] : []),

  async findArtist(subject, ctx) {
    const id = artistMbid(subject);
    if ('outcome' in id) return id;
    const what = mbidVia(subject, id.mbid);
    const url = new URL(`${ctx.http.baseUrl}/api/v1/json/${ctx.config.theaudiodbApiKey}/artist-mb.php`);
    url.searchParams.set('i', id.mbid);
    let body: unknown;
    try {
      const res = await ctx.http.getJson(url, { signal: ctx.signal });
      if (res.status === 404) return notFound(`${what}: 404`);
      body = res.body;
    } catch (err) {
      return fromRemoteError(err, `${what}: `);
    }
    const parsed = answer.safeParse(body);
    if (!parsed.success) return transientError(`theaudiodb: ${what}: artist-mb answered an unexpected shape`);
    const artists = parsed.data.artists ?? [];
    if (artists.length === 0) return notFound(`${what}: unknown to TheAudioDB`);
    // Only the artist asked for: an answer naming another MusicBrainz id is not taken.
    const match = artists.find((a) => a.strMusicBrainzID?.trim().toLowerCase() === id.mbid);
    if (!match) return notFound(`${what}: answered for another artist (${artists[0]!.strMusicBrainzID?.slice(0, 8) ?? 'no MusicBrainz id'})`);
    const thumb = match.strArtistThumb?.trim();
    if (!thumb) return notFound(`${what}: no strArtistThumb`);
    // Its size is not in the answer: the chain reads it from the bytes if it takes this one.
    return found({ url: thumb, match: 'mbid', type: 'artist', detail: `${what}: strArtistThumb` });
  },
};

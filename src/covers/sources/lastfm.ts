import { z } from 'zod';
import { RemoteError } from '../remote/errors.js';
import { found, MIN_SIMILARITY, similarity } from './candidate.js';
import { fromApiErrorCode, fromRemoteError, notFound, permanentError, transientError, type CoverSource, type SourceContext, type SourceResult } from './source.js';

/** The grey star Last.fm serves for most artists since 2019. */
export const LASTFM_STAR_HASH = '2a96cbd8b46e442fc41c2b86b821562f';

const SIZES = ['small', 'medium', 'large', 'extralarge', 'mega'];
/** 300x300 is the largest size the API lists; the image server makes larger ones on request. */
const LARGER_SIZE = '600x600';

const image = z.object({ '#text': z.string().catch(''), size: z.string().catch('') });
const apiError = z.object({ error: z.coerce.number(), message: z.string().catch('') });
const name = z.string().nullish().catch(null);
const albumAnswer = z.object({ album: z.object({ name, artist: name, image: z.array(image).catch([]) }) });
const artistAnswer = z.object({ artist: z.object({ name, image: z.array(image).catch([]) }) });

/** Album covers and artist images from Last.fm's `album.getInfo` / `artist.getInfo` (needs an API key). */
export const lastfm: CoverSource<'lastfm'> = {
  name: 'lastfm',
  offers: () => ['search'],
  enabled: (config) => Boolean(config.lastfmApiKey),

  findAlbum(subject, ctx) {
    return lookup(ctx, 'album.getinfo', { artist: subject.artistName, album: subject.title }, 'front', (body) => {
      const album = albumAnswer.safeParse(body).data?.album;
      return album && { images: album.image, similarity: Math.min(similarity(album.name ?? '', subject.title), similarity(album.artist ?? '', subject.artistName)) };
    });
  },

  findArtist(subject, ctx) {
    return lookup(ctx, 'artist.getinfo', { artist: subject.name }, 'artist', (body) => {
      const artist = artistAnswer.safeParse(body).data?.artist;
      return artist && { images: artist.image, similarity: similarity(artist.name ?? '', subject.name) };
    });
  },
};

/** The answer's images, and how alike the names it answers for (autocorrected) are to ours. */
type Answer = { images: z.infer<typeof image>[]; similarity: number } | undefined;

async function lookup(ctx: SourceContext, method: string, params: Record<string, string>, type: 'front' | 'artist', read: (body: unknown) => Answer): Promise<SourceResult> {
  const key = ctx.config.lastfmApiKey;
  if (!key) return permanentError('lastfm: no API key');
  const url = new URL(`${ctx.http.baseUrl}/2.0/`);
  for (const [k, v] of Object.entries({ method, api_key: key, ...params, format: 'json', autocorrect: '1' })) url.searchParams.set(k, v);

  let body: unknown;
  try {
    body = (await ctx.http.getJson(url, { signal: ctx.signal })).body;
  } catch (err) {
    if (!(err instanceof RemoteError)) throw err;
    // Last.fm answers many errors with a 4xx and its own code in the body, which says more.
    return fromApiError(err.body, method) ?? fromRemoteError(err);
  }
  const coded = fromApiError(body, method);
  if (coded) return coded;
  const answer = read(body);
  if (!answer) return transientError(`lastfm: ${method} answered an unexpected shape`);
  if (answer.similarity < MIN_SIMILARITY) return notFound(`${method}: autocorrected to another name (similarity ${answer.similarity.toFixed(2)})`);
  const picked = largest(answer.images);
  if (!picked) return notFound(`${method}: no image`);
  if (picked.includes(LASTFM_STAR_HASH)) return notFound(`${method}: grey star placeholder`);
  return download(ctx, method, type, picked, answer.similarity);
}

function fromApiError(body: unknown, method: string): SourceResult | null {
  const parsed = apiError.safeParse(body);
  if (!parsed.success) return null;
  const { error, message } = parsed.data;
  return fromApiErrorCode('lastfm', error, `lastfm: ${method} error ${error} (${message})`);
}

function largest(list: z.infer<typeof image>[]): string | undefined {
  const usable = list.filter((i) => i['#text'].trim() !== '');
  const rank = (size: string) => SIZES.indexOf(size); // '' and unknown sizes rank lowest
  return usable.sort((a, b) => rank(b.size) - rank(a.size))[0]?.['#text'];
}

async function download(ctx: SourceContext, method: string, type: 'front' | 'artist', url: string, similarity: number): Promise<SourceResult> {
  const larger = url.replace(/\/i\/u\/[^/]+\//, `/i/u/${LARGER_SIZE}/`);
  try {
    let bytes: Buffer;
    let from = larger;
    try {
      bytes = await ctx.http.getImage(larger, { signal: ctx.signal });
    } catch (err) {
      // The listed size is what Last.fm promises; the larger one is a bonus.
      if (larger === url || !(err instanceof RemoteError) || err.transient) throw err;
      bytes = await ctx.http.getImage(url, { signal: ctx.signal });
      from = url;
    }
    // The URL too: a chain that waits for a remote's turn carries the candidate by it.
    return found({ image: bytes, url: from, match: 'search', similarity, type, detail: `${method}: image` });
  } catch (err) {
    if (err instanceof RemoteError && err.status === 404) return notFound(`${method}: image ${err.message}`);
    return fromRemoteError(err);
  }
}

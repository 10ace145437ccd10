import { z } from 'zod';
import { found, MIN_SIMILARITY, similarity, type Candidate } from './candidate.js';
import { fromApiErrorCode, fromRemoteError, notFound, transientError, type CoverSource, type SourceContext, type SourceResult } from './source.js';

const text = z.string().nullish().catch(null);
const deezerError = z.object({
  error: z.object({ type: z.string().catch(''), message: z.string().catch(''), code: z.coerce.number().catch(0) }),
});
const albums = z.object({
  data: z.array(z.object({ title: text, cover_xl: text, cover_big: text, artist: z.object({ name: text }).nullish().catch(null) })),
});
const artists = z.object({ data: z.array(z.object({ name: text, picture_xl: text, picture_big: text })) });

/** Album covers and artist pictures from Deezer's public search API (no key). */
export const deezer: CoverSource<'deezer'> = {
  name: 'deezer',
  offers: () => ['search'],

  async findAlbum(subject, ctx) {
    const q = `artist:"${unquote(subject.artistName)}" album:"${unquote(subject.title)}"`;
    const answer = await search(ctx, 'album', q);
    if ('outcome' in answer) return answer;
    const parsed = albums.safeParse(answer.body);
    if (!parsed.success) return transientError('deezer: search/album answered an unexpected shape');
    const hits = parsed.data.data.map((a) => ({
      alike: Math.min(similarity(a.title ?? '', subject.title), similarity(a.artist?.name ?? '', subject.artistName)),
      xl: a.cover_xl,
      big: a.cover_big,
    }));
    return offer('album', hits);
  },

  async findArtist(subject, ctx) {
    const answer = await search(ctx, 'artist', subject.name);
    if ('outcome' in answer) return answer;
    const parsed = artists.safeParse(answer.body);
    if (!parsed.success) return transientError('deezer: search/artist answered an unexpected shape');
    return offer('artist', parsed.data.data.map((a) => ({ alike: similarity(a.name ?? '', subject.name), xl: a.picture_xl, big: a.picture_big })));
  },
};

type Hit = { alike: number; xl: string | null | undefined; big: string | null | undefined };

/**
 * The hits whose title and artist match (MIN_SIMILARITY), most alike first, as URLs the chain
 * downloads only when it takes one: `cover_xl` is 1000 px, `cover_big` 500. A search answers
 * something for almost any query: a hit that does not match is never offered.
 */
function offer(kind: 'album' | 'artist', hits: Hit[]): SourceResult {
  if (hits.length === 0) return notFound(`search/${kind}: no result`);
  const matching = hits.filter((h) => h.alike >= MIN_SIMILARITY).sort((a, b) => b.alike - a.alike);
  if (matching.length === 0) return notFound(`search/${kind}: ${hits.length} results, none matching (best similarity ${Math.max(...hits.map((h) => h.alike)).toFixed(2)})`);
  const candidates = matching.flatMap((h): Candidate[] => {
    const [url, px] = usable(h.xl) ? [h.xl, 1000] : usable(h.big) ? [h.big, 500] : [null, 0];
    if (!url) return [];
    const how = h.alike === 1 ? 'exact match' : `similarity ${h.alike.toFixed(2)}`;
    return [{ url, width: px, height: px, match: 'search', similarity: h.alike, type: kind === 'album' ? 'front' : 'artist', detail: `search/${kind}: ${how}` }];
  });
  return candidates.length > 0 ? found(...candidates) : notFound(`search/${kind}: no picture`);
}

async function search(ctx: SourceContext, kind: 'album' | 'artist', q: string): Promise<{ body: unknown } | SourceResult> {
  const url = new URL(`${ctx.http.baseUrl}/search/${kind}`);
  url.searchParams.set('q', q);
  url.searchParams.set('limit', '5');
  try {
    const res = await ctx.http.getJson(url, { signal: ctx.signal });
    if (res.status === 404) return notFound(`search/${kind}: 404`);
    // A throttled Deezer answers 200 with an error object.
    const err = deezerError.safeParse(res.body);
    if (!err.success) return { body: res.body };
    const { code, message } = err.data.error;
    return fromApiErrorCode('deezer', code, `deezer: search/${kind} error ${code} (${message})`);
  } catch (err) {
    return fromRemoteError(err);
  }
}

/** A missing picture is an empty hash in the URL: /images/artist//1000x1000-….jpg */
const usable = (url: string | null | undefined): url is string => Boolean(url) && !/\/images\/(artist|cover)\/\//.test(url!);

const unquote = (s: string) => s.replace(/"/g, ' ').trim();

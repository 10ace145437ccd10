import { z } from 'zod';
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

  async findAlbum(subject, ctx) {
    const q = `artist:"${unquote(subject.artistName)}" album:"${unquote(subject.title)}"`;
    const answer = await search(ctx, 'album', q);
    if ('outcome' in answer) return answer;
    const parsed = albums.safeParse(answer.body);
    if (!parsed.success) return transientError('deezer: search/album answered an unexpected shape');
    const list = parsed.data.data;
    const exact = list.find((a) => same(a.title, subject.title) && same(a.artist?.name, subject.artistName));
    const match = exact ?? list[0];
    if (!match) return notFound('search/album: no result');
    return download(ctx, 'album', match.cover_xl || match.cover_big, exact ? 'exact match' : `first of ${list.length} results`);
  },

  async findArtist(subject, ctx) {
    const answer = await search(ctx, 'artist', subject.name);
    if ('outcome' in answer) return answer;
    const parsed = artists.safeParse(answer.body);
    if (!parsed.success) return transientError('deezer: search/artist answered an unexpected shape');
    const list = parsed.data.data;
    const exact = list.find((a) => same(a.name, subject.name));
    const match = exact ?? list[0];
    if (!match) return notFound('search/artist: no result');
    return download(ctx, 'artist', match.picture_xl || match.picture_big, exact ? 'exact match' : `first of ${list.length} results`);
  },
};

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

async function download(ctx: SourceContext, kind: 'album' | 'artist', url: string | null | undefined, how: string): Promise<SourceResult> {
  // A missing picture is an empty hash in the URL: /images/artist//1000x1000-….jpg
  if (!url || /\/images\/(artist|cover)\/\//.test(url)) return notFound(`search/${kind}: no picture`);
  try {
    const image = await ctx.http.getImage(url, { signal: ctx.signal });
    return { outcome: 'FOUND', image, detail: `search/${kind}: ${how}`, remote: true };
  } catch (err) {
    return fromRemoteError(err, `search/${kind}: image `);
  }
}

const unquote = (s: string) => s.replace(/"/g, ' ').trim();
const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const same = (a: string | null | undefined, b: string) => a != null && norm(a) === norm(b);

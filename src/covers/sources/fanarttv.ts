import { z } from 'zod';
import { RemoteError } from '../remote/errors.js';
import { found, type ImageType, type MatchKind } from './candidate.js';
import {
  artistMbid,
  fromRemoteError,
  MBID,
  mbidVia,
  notFound,
  permanentError,
  transientError,
  type CoverSource,
  type SourceContext,
  type SourceResult,
} from './source.js';

/** fanart.tv lists many pictures per artist; the most liked few are offered, the first of them downloaded unless it fails. */
const MAX_OFFERED = 3;
/** fanart.tv's artist thumbs and album covers are 1000x1000 (its upload rules). */
const FANART_PX = 1000;

const picture = z.object({ id: z.coerce.string().catch(''), url: z.string().catch(''), likes: z.coerce.number().catch(0) });
const pictures = z.array(picture).catch([]);
const artistAnswer = z.object({
  mbid_id: z.string(),
  artistthumb: pictures.optional(),
  albums: z.record(z.string(), z.object({ albumcover: pictures.optional() }).catch({})).catch({}).optional(),
});
const albumAnswer = z.object({ albums: z.record(z.string(), z.object({ albumcover: pictures.optional() }).catch({})).catch({}) });
/** fanart.tv's error body: `{"status":"error","error message":"Not found"}` (with a 404, or 401 for a bad key). */
const errorAnswer = z.object({ status: z.literal('error'), 'error message': z.string().catch('') });

/** Artist thumbs (1000x1000) by the artist's MusicBrainz id, album covers by release-group id (needs FANARTTV_API_KEY). */
export const fanarttv: CoverSource<'fanarttv'> = {
  name: 'fanarttv',
  enabled: (config) => Boolean(config.fanarttvApiKey),
  offers: (subject) => (subject.kind === 'artist' ? (subject.mbArtistId ? ['mbid'] : []) : subject.mbReleaseGroupId ? ['release-group'] : []),

  async findArtist(subject, ctx) {
    const id = artistMbid(subject);
    if ('outcome' in id) return id;
    const what = mbidVia(subject, id.mbid);
    const answer = await call(ctx, `/v3/music/${id.mbid}`, what);
    if ('outcome' in answer) return answer;
    const parsed = artistAnswer.safeParse(answer.body);
    if (!parsed.success) return transientError(`fanarttv: ${what}: answered an unexpected shape`);
    // An answer about another artist is no answer (a merged or mistyped id, a misbehaving mirror).
    if (parsed.data.mbid_id.toLowerCase() !== id.mbid) return notFound(`${what}: answered for another artist (${parsed.data.mbid_id.slice(0, 8)}…)`);
    return offered(parsed.data.artistthumb ?? [], `${what}: artistthumb`, 'mbid', 'artist');
  },

  async findAlbum(subject, ctx) {
    const group = subject.mbReleaseGroupId?.toLowerCase();
    if (!group) return notFound('no release-group id');
    if (!MBID.test(group)) return notFound('release-group id is not an MBID');
    const what = `release-group ${group.slice(0, 8)}…`;
    const answer = await call(ctx, `/v3/music/albums/${group}`, what);
    if ('outcome' in answer) return answer;
    const parsed = albumAnswer.safeParse(answer.body);
    if (!parsed.success) return transientError(`fanarttv: ${what}: answered an unexpected shape`);
    const album = Object.entries(parsed.data.albums).find(([key]) => key.toLowerCase() === group)?.[1];
    if (!album) return notFound(`${what}: answered for another release group`);
    return offered(album.albumcover ?? [], `${what}: albumcover`, 'release-group', 'front');
  },
};

async function call(ctx: SourceContext, path: string, what: string): Promise<{ body: unknown } | SourceResult> {
  const key = ctx.config.fanarttvApiKey;
  if (!key) return permanentError('fanarttv: no API key');
  const url = new URL(`${ctx.http.baseUrl}${path}`);
  url.searchParams.set('api_key', key);
  try {
    const res = await ctx.http.getJson(url, { signal: ctx.signal });
    if (res.status === 404) return notFound(`${what}: 404`);
    const err = errorAnswer.safeParse(res.body);
    if (err.success) return permanentError(`fanarttv: ${what}: error (${err.data['error message']})`);
    return { body: res.body };
  } catch (err) {
    // A bad key is 401 with the error body: say so rather than only "answered 401".
    if (err instanceof RemoteError && !err.transient) {
      const body = errorAnswer.safeParse(err.body);
      if (body.success) return permanentError(`${err.message} (${body.data['error message']})`);
    }
    return fromRemoteError(err, `${what}: `);
  }
}

/** The most liked pictures as candidates (URLs, 1000 px): only the one chosen is downloaded. */
function offered(list: z.infer<typeof picture>[], what: string, match: MatchKind, type: ImageType): SourceResult {
  const usable = list.filter((p) => p.url.trim() !== '').sort((a, b) => b.likes - a.likes);
  if (usable.length === 0) return notFound(`${what}: none`);
  return found(...usable.slice(0, MAX_OFFERED).map((p) => ({ url: p.url.trim(), width: FANART_PX, height: FANART_PX, match, type, detail: `${what} ${p.id}` })));
}

import { z } from 'zod';
import type { RemoteClient } from '../remote/client.js';
import { RemoteError } from '../remote/errors.js';
import { found as offer, type MatchKind } from './candidate.js';
import { notFound, permanentError, transientError, type AlbumSubject, type CoverSource, type SourceResult } from './source.js';

const MIN_SCORE = 90;
const MAX_CANDIDATES = 3;
const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const searchAnswer = z.object({
  releases: z
    .array(z.object({ id: z.string(), score: z.coerce.number().catch(0) }))
    .catch([]),
});

type Front = { found: true; image: Buffer; url: string } | { found: false };

/** Album covers from the Cover Art Archive: by release MBID, release-group MBID, else a MusicBrainz search. */
export const coverArtArchive: CoverSource<'coverartarchive'> = {
  name: 'coverartarchive',
  offers: (subject) =>
    subject.kind !== 'album' ? [] : subject.mbReleaseId ? ['mbid', 'release-group', 'search'] : subject.mbReleaseGroupId ? ['release-group', 'search'] : ['search'],

  async findAlbum(subject, ctx) {
    const tried: string[] = [];
    try {
      const size = thumbnailSize(ctx.config.coverSelection);
      for (const [kind, mbid] of [['release', subject.mbReleaseId], ['release-group', subject.mbReleaseGroupId]] as const) {
        if (!mbid) continue;
        const what = `${kind} ${short(mbid)}`;
        if (!MBID.test(mbid)) {
          tried.push(`${what}: not an MBID`);
          continue;
        }
        const front = await fetchFront(ctx.http, kind, mbid, size, ctx.signal);
        if (front.found) return found(front, kind === 'release' ? 'mbid' : 'release-group', [...tried, `${what}: front-${size}`]);
        tried.push(`${what}: 404`);
      }
      return await bySearch(subject, ctx.http, ctx.musicbrainz, size, ctx.signal, tried);
    } catch (err) {
      return failure(err, tried);
    }
  },
};

async function bySearch(
  subject: AlbumSubject,
  caa: RemoteClient,
  mb: RemoteClient | undefined,
  size: Thumbnail,
  signal: AbortSignal | undefined,
  tried: string[],
): Promise<SourceResult> {
  if (!mb) return notFound([...tried, 'search: no MusicBrainz client'].join('; '));
  if (!subject.title.trim() || !subject.artistName.trim()) return notFound([...tried, 'search: no title or artist'].join('; '));
  const url = new URL(`${mb.baseUrl}/ws/2/release/`);
  url.searchParams.set('query', `release:"${lucene(subject.title)}" AND artist:"${lucene(subject.artistName)}"`);
  url.searchParams.set('fmt', 'json');
  url.searchParams.set('limit', '5');
  const res = await mb.getJson(url, { signal });
  if (res.status === 404) return notFound([...tried, 'search: 404'].join('; '));
  const parsed = searchAnswer.safeParse(res.body);
  if (!parsed.success) return transientError([...tried, 'search: musicbrainz answered an unexpected shape'].join('; '));
  const hits = parsed.data.releases.filter((r) => r.score >= MIN_SCORE && MBID.test(r.id)).sort((a, b) => b.score - a.score);
  const candidates = [...new Map(hits.map((r) => [r.id, r] as const)).values()].slice(0, MAX_CANDIDATES);
  for (const { id, score } of candidates) {
    const front = await fetchFront(caa, 'release', id, size, signal);
    // MusicBrainz's own score (0..100) is the hit's similarity.
    if (front.found) return found(front, 'search', [...tried, `search: release ${short(id)}: front-${size}`], score / 100);
  }
  const none = candidates.length === 0 ? `search: ${parsed.data.releases.length} results, none scored >= ${MIN_SCORE}` : `search: ${candidates.length} candidates, none with front art`;
  return notFound([...tried, none].join('; '));
}

/** CAA's thumbnail sizes: `first` keeps the 500 px one it always took; `best` takes the largest it serves (the original may be 5,000 px and 20 MB). */
type Thumbnail = 500 | 1200;
const thumbnailSize = (selection: 'best' | 'first'): Thumbnail => (selection === 'best' ? 1200 : 500);

async function fetchFront(caa: RemoteClient, kind: 'release' | 'release-group', mbid: string, size: Thumbnail, signal?: AbortSignal): Promise<Front> {
  const url = `${caa.baseUrl}/${kind}/${mbid.toLowerCase()}/front-${size}`;
  try {
    return { found: true, image: await caa.getImage(url, { signal }), url };
  } catch (err) {
    if (err instanceof RemoteError && err.status === 404) return { found: false };
    throw err;
  }
}

/** The bytes and their URL: a chain that waits for a remote's turn carries the candidate by its URL. */
function found(front: { image: Buffer; url: string }, match: MatchKind, tried: string[], similarity?: number): SourceResult {
  return offer({ image: front.image, url: front.url, match, type: 'front', detail: tried.join('; '), ...(similarity !== undefined ? { similarity } : {}) });
}

/** A 404 is expected (and handled) where it means "no art"; anywhere else a failed call ends the search. */
function failure(err: unknown, tried: string[]): SourceResult {
  if (!(err instanceof RemoteError)) throw err;
  const detail = [...tried, err.message].join('; ');
  if (err.tooLarge) return { outcome: 'REJECTED', detail };
  if (err.transient && err.retryAfterMs !== undefined) return { outcome: 'ERROR', transient: true, detail, retryAfterMs: err.retryAfterMs };
  return err.transient ? transientError(detail) : permanentError(detail);
}

const short = (mbid: string) => `${mbid.slice(0, 8)}…`;

/** Escapes Lucene's special characters (the quoted phrase would otherwise break on `"` or `\`). */
export function lucene(text: string): string {
  return text.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, '\\$&');
}

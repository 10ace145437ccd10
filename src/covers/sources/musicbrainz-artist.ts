/**
 * The MusicBrainz artist search (`/ws/2/artist/?query=artist:"…"`), for artists whose tags carry
 * no MusicBrainz id. Only an exact name is taken (case, diacritics and spacing aside): a near
 * name is another artist, and a wrong id means a stranger's photo.
 */
import { z } from 'zod';
import type { RemoteClient } from '../remote/client.js';
import { RemoteError } from '../remote/errors.js';
import { lucene } from './coverartarchive.js';
import { MBID, type ArtistMbidSearch } from './source.js';

const LIMIT = 10;

const answer = z.object({
  artists: z.array(z.object({ id: z.string(), name: z.string().catch(''), score: z.coerce.number().catch(0), disambiguation: z.string().optional().catch(undefined) })).catch([]),
});

/** Letters whose diacritic Unicode does not decompose (ø is not o + a mark), folded as MusicBrainz's search folds them. */
const UNDECOMPOSED: Record<string, string> = { ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ł: 'l', ŧ: 't', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe' };

/** A name as the exact-match rule compares it: compatibility forms folded, diacritics dropped, lower case, spaces folded. */
export function artistNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[øđðħłŧıßæœ]/gu, (c) => UNDECOMPOSED[c]!)
    .trim()
    .replace(/\s+/gu, ' ');
}

/**
 * The id of the one artist MusicBrainz lists under exactly this name. Several artists of that
 * exact name (two bands called the same) are ambiguous: none is taken.
 */
export async function searchArtistMbid(mb: RemoteClient, name: string, signal?: AbortSignal): Promise<ArtistMbidSearch & { mbid?: string }> {
  const key = artistNameKey(name);
  if (key === '') return { outcome: 'NONE', detail: 'no name to search' };
  const url = new URL(`${mb.baseUrl}/ws/2/artist/`);
  url.searchParams.set('query', `artist:"${lucene(name.trim())}"`);
  url.searchParams.set('fmt', 'json');
  url.searchParams.set('limit', String(LIMIT));
  let body: unknown;
  try {
    const res = await mb.getJson(url, { signal });
    if (res.status === 404) return { outcome: 'NONE', detail: 'artist search: 404' };
    body = res.body;
  } catch (err) {
    if (!(err instanceof RemoteError)) throw err;
    return { outcome: 'ERROR', transient: err.transient, detail: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) return { outcome: 'ERROR', transient: true, detail: 'musicbrainz: artist search answered an unexpected shape' };
  const list = parsed.data.artists;
  const exact = [...new Set(list.filter((a) => MBID.test(a.id) && artistNameKey(a.name) === key).map((a) => a.id.toLowerCase()))];
  if (exact.length === 1) return { outcome: 'FOUND', mbid: exact[0]!, detail: `artist search: exact name, ${exact[0]!.slice(0, 8)}…` };
  if (exact.length > 1) return { outcome: 'NONE', detail: `artist search: ${exact.length} artists named exactly so, ambiguous` };
  return { outcome: 'NONE', detail: `artist search: ${list.length} results, none named exactly so` };
}

import { z } from 'zod';
import type { RemoteClient } from '../remote/client.js';
import { commonsFile } from './commons.js';
import { found } from './candidate.js';
import { artistMbid, fromRemoteError, mbidVia, notFound, permanentError, transientError, type CoverSource, type SourceResult } from './source.js';
import { mediaWikiError } from './wikidata.api.js';

/** MusicBrainz artist ID, and image. */
const P434 = 'P434';
const P18 = 'P18';
const QID = /^Q\d+$/;
const MAX_ITEMS = 3;

const searchAnswer = z.object({ query: z.object({ search: z.array(z.object({ title: z.string() })) }) });
const claim = z.object({
  rank: z.enum(['preferred', 'normal', 'deprecated']).catch('normal'),
  mainsnak: z.object({ snaktype: z.string().catch(''), datavalue: z.object({ value: z.unknown() }).optional() }),
});
const entitiesAnswer = z.object({
  entities: z.record(z.string(), z.object({ id: z.string().optional(), missing: z.unknown().optional(), claims: z.record(z.string(), z.array(claim).catch([])).catch({}).optional() })),
});
type Claim = z.infer<typeof claim>;

const RANK = { preferred: 0, normal: 1, deprecated: 2 } as const;

/**
 * Artist pictures from Wikidata's P18 (image) on the item whose P434 is the artist's MusicBrainz
 * id, downloaded from Wikimedia Commons with the file's author and licence kept for attribution.
 */
export const wikidata: CoverSource<'wikidata'> = {
  name: 'wikidata',
  offers: (subject) => (subject.kind === 'artist' && subject.mbArtistId ? ['mbid'] : []),

  async findArtist(subject, ctx) {
    const id = artistMbid(subject);
    if ('outcome' in id) return id;
    const what = mbidVia(subject, id.mbid);
    const commons = ctx.clients?.commons;
    if (!commons) return permanentError('wikidata: no Commons client');

    const items = await itemsWithMbid(ctx.http, id.mbid, ctx.signal);
    if (!Array.isArray(items)) return withPrefix(items, `${what}: `);
    if (items.length === 0) return notFound(`${what}: no item with ${P434}`);
    const files = await imagesOf(ctx.http, items, id.mbid, ctx.signal);
    if (!Array.isArray(files)) return withPrefix(files, `${what}: `);
    if (files.length === 0) return notFound(`${what}: ${items.join(', ')} has no ${P18} image (or does not carry this ${P434})`);

    const file = files[0]!;
    const info = await commonsFile(commons, file.name, ctx.signal);
    if ('outcome' in info) return withPrefix(info, `${what}: ${file.item} ${P18}: `);
    return found({
      url: info.url,
      via: 'commons',
      ...(info.width && info.height ? { width: info.width, height: info.height } : {}),
      match: 'mbid',
      type: 'artist',
      detail: `${what}: ${file.item} ${P18} ${file.name.slice(0, 120)}`,
      attribution: info.attribution,
    });
  },
};

/** Items whose P434 statement is this id, by the search index (`haswbstatement`). */
async function itemsWithMbid(wd: RemoteClient, mbid: string, signal?: AbortSignal): Promise<string[] | SourceResult> {
  const url = apiUrl(wd, { action: 'query', list: 'search', srsearch: `haswbstatement:${P434}=${mbid}`, srlimit: String(MAX_ITEMS), srprop: '' });
  const body = await getJson(wd, url, 'search', signal);
  if (!('body' in body)) return body;
  const parsed = searchAnswer.safeParse(body.body);
  if (!parsed.success) return transientError(`wikidata: search answered an unexpected shape`);
  return parsed.data.query.search.map((s) => s.title).filter((t) => QID.test(t)).slice(0, MAX_ITEMS);
}

/**
 * The P18 files of those items, best rank first. The search index lags behind edits, so an item
 * is taken only if its own claims still hold this P434.
 */
async function imagesOf(wd: RemoteClient, items: string[], mbid: string, signal?: AbortSignal): Promise<{ item: string; name: string }[] | SourceResult> {
  const url = apiUrl(wd, { action: 'wbgetentities', ids: items.join('|'), props: 'claims' });
  const body = await getJson(wd, url, 'wbgetentities', signal);
  if (!('body' in body)) return body;
  const parsed = entitiesAnswer.safeParse(body.body);
  if (!parsed.success) return transientError(`wikidata: wbgetentities answered an unexpected shape`);
  const out: { item: string; name: string; rank: number }[] = [];
  for (const item of items) {
    const entity = parsed.data.entities[item];
    if (!entity || entity.missing !== undefined) continue;
    const claims = entity.claims ?? {};
    if (!(claims[P434] ?? []).some((c) => rankOk(c) && typeof value(c) === 'string' && (value(c) as string).toLowerCase() === mbid)) continue;
    for (const c of claims[P18] ?? []) {
      const name = value(c);
      if (rankOk(c) && typeof name === 'string' && name.trim() !== '') out.push({ item, name, rank: RANK[c.rank] });
    }
  }
  return out.sort((a, b) => a.rank - b.rank);
}

const rankOk = (c: Claim) => c.rank !== 'deprecated' && c.mainsnak.snaktype === 'value';
const value = (c: Claim) => c.mainsnak.datavalue?.value;

function apiUrl(wd: RemoteClient, params: Record<string, string>): URL {
  const url = new URL(`${wd.baseUrl}/w/api.php`);
  for (const [k, v] of Object.entries({ ...params, format: 'json', formatversion: '2', maxlag: '5' })) url.searchParams.set(k, v);
  return url;
}

async function getJson(wd: RemoteClient, url: URL, what: string, signal?: AbortSignal): Promise<{ body: unknown } | SourceResult> {
  try {
    const res = await wd.getJson(url, { signal });
    if (res.status === 404) return notFound(`${what}: 404`);
    return mediaWikiError('wikidata', res.body, what) ?? { body: res.body };
  } catch (err) {
    return fromRemoteError(err, `${what}: `);
  }
}

function withPrefix(result: SourceResult, prefix: string): SourceResult {
  return result.outcome === 'FOUND' ? result : { ...result, detail: `${prefix}${result.detail}` };
}

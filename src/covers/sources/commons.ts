/**
 * Wikimedia Commons: what one file is (its picture URL at a given width, size) and who may be
 * credited for it (`extmetadata` Artist, LicenseShortName, LicenseUrl), for the Wikidata source.
 */
import { z } from 'zod';
import type { RemoteClient } from '../remote/client.js';
import type { Attribution } from './candidate.js';
import { fromRemoteError, notFound, transientError, type SourceResult } from './source.js';
import { mediaWikiError } from './wikidata.api.js';

/** Asked as a thumbnail this wide: Commons originals can be 6000 px and 20 MB. */
export const COMMONS_WIDTH = 1200;

const meta = z.object({ value: z.union([z.string(), z.number()]).transform(String) }).optional().catch(undefined);
const imageinfo = z.object({
  url: z.string(),
  descriptionurl: z.string().nullish().catch(null),
  thumburl: z.string().nullish().catch(null),
  width: z.number().nullish().catch(null),
  height: z.number().nullish().catch(null),
  thumbwidth: z.number().nullish().catch(null),
  thumbheight: z.number().nullish().catch(null),
  mime: z.string().nullish().catch(null),
  extmetadata: z.object({ Artist: meta, LicenseShortName: meta, LicenseUrl: meta }).partial().catch({}).optional(),
});
const answer = z.object({
  query: z.object({
    normalized: z.array(z.object({ from: z.string(), to: z.string() })).optional().catch(undefined),
    pages: z.array(z.object({ title: z.string(), missing: z.boolean().optional(), invalid: z.boolean().optional(), imageinfo: z.array(imageinfo).optional() })),
  }),
});

export type CommonsFile = { url: string; width: number | null; height: number | null; attribution: Attribution };

/** The file page title as MediaWiki writes it: `File:`, spaces for underscores, first letter upper case. */
export function fileTitle(name: string): string {
  const bare = name.replace(/^(file|image):/i, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return `File:${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
}

/** imageinfo of one file; NOT_FOUND when Commons has no such file or answers about another one. */
export async function commonsFile(commons: RemoteClient, name: string, signal?: AbortSignal): Promise<CommonsFile | SourceResult> {
  const title = fileTitle(name);
  const url = new URL(`${commons.baseUrl}/w/api.php`);
  for (const [k, v] of Object.entries({
    action: 'query',
    titles: title,
    prop: 'imageinfo',
    iiprop: 'url|size|mime|extmetadata',
    iiurlwidth: String(COMMONS_WIDTH),
    iiextmetadatafilter: 'Artist|LicenseShortName|LicenseUrl',
    format: 'json',
    formatversion: '2',
    maxlag: '5',
  })) url.searchParams.set(k, v);
  let body: unknown;
  try {
    const res = await commons.getJson(url, { signal });
    if (res.status === 404) return notFound(`commons ${title}: 404`);
    body = res.body;
  } catch (err) {
    return fromRemoteError(err, `commons ${title}: `);
  }
  const coded = mediaWikiError('commons', body, `imageinfo of ${title}`);
  if (coded) return coded;
  const parsed = answer.safeParse(body);
  if (!parsed.success) return transientError(`commons: imageinfo of ${title} answered an unexpected shape`);
  const asked = parsed.data.query.normalized?.find((n) => n.from === title)?.to ?? title;
  const page = parsed.data.query.pages.find((p) => p.title === asked);
  if (!page) return notFound(`commons ${title}: answered about another file`);
  if (page.missing || page.invalid) return notFound(`commons ${title}: no such file`);
  const info = page.imageinfo?.[0];
  if (!info) return notFound(`commons ${title}: no imageinfo`);
  if (info.mime && !info.mime.startsWith('image/')) return notFound(`commons ${title}: not an image (${info.mime})`);
  const m = info.extmetadata ?? {};
  return {
    url: info.thumburl || info.url,
    // The size of the picture downloaded: the thumbnail's when there is one.
    width: (info.thumburl ? info.thumbwidth : info.width) ?? null,
    height: (info.thumburl ? info.thumbheight : info.height) ?? null,
    attribution: {
      author: m.Artist ? plainText(m.Artist.value) : null,
      license: m.LicenseShortName ? plainText(m.LicenseShortName.value) : null,
      licenseUrl: m.LicenseUrl && /^https?:\/\//.test(m.LicenseUrl.value) ? m.LicenseUrl.value.trim() : null,
      sourceUrl: info.descriptionurl ?? null,
    },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** extmetadata values are HTML (`<a href="…">Jane Doe</a>`): the text a credit line shows, capped. */
export function plainText(html: string): string | null {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text.slice(0, 500);
}

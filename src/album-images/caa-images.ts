import { z } from 'zod';
import type { RemoteClient } from '../covers/remote/client.js';
import { RemoteError } from '../covers/remote/errors.js';
import { MBID, type AlbumSubject } from '../covers/sources/source.js';
import type { AlbumImageType } from './album-images.table.js';
import { MAX_PICTURES_PER_PLACE, type FoundPicture } from './album-images.local.js';

/**
 * The Cover Art Archive's listing of a release (`GET /release/<mbid>`, or `/release-group/<mbid>`
 * for the release it chose), as documented at musicbrainz.org/doc/Cover_Art_Archive/API: each
 * image with its types and thumbnails (250, 500, 1200; `small`/`large` on older entries).
 */
const listing = z.object({
  images: z
    .array(
      z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        types: z.array(z.string()).catch([]),
        approved: z.boolean().optional(),
        image: z.string(),
        thumbnails: z.record(z.string(), z.string().nullable()).catch({}),
      }),
    )
    .catch([]),
});

/** CAA's types that are one of ours (`Liner` notes are booklet pages); Tray, Obi, Spine, Sticker… are not shown. */
const CAA_TYPES: Readonly<Record<string, AlbumImageType>> = { Front: 'FRONT', Back: 'BACK', Booklet: 'BOOKLET', Liner: 'BOOKLET', Medium: 'MEDIUM' };

/** The picture type an entry shows: its first type that is one of ours. */
export function caaImageType(types: readonly string[]): AlbumImageType | undefined {
  for (const t of types) if (CAA_TYPES[t]) return CAA_TYPES[t];
  return undefined;
}

/**
 * The thumbnail to download: 1200 px (the largest CAA serves under the original, which may be 5,000 px
 * and 20 MB), else the 500 px one, else the original. CAA lists its own URLs (http:// on older entries):
 * on this host they are fetched from the configured base URL, so a mirror or a test fake is used.
 */
export function caaImageUrl(entry: { image: string; thumbnails: Record<string, string | null> }, baseUrl: string): string {
  const t = entry.thumbnails;
  const chosen = t['1200'] ?? t['500'] ?? t.large ?? entry.image;
  const url = new URL(chosen, baseUrl);
  const base = new URL(baseUrl);
  return url.hostname === base.hostname ? `${base.origin}${url.pathname}${url.search}` : url.href;
}

/** What the Cover Art Archive gave: pictures, a note for the gather's detail, and whether a failure should be retried. */
export interface CaaPictures {
  pictures: FoundPicture[];
  note: string;
  /** A transient failure (timeout, 5xx, 429): the gather is tried again later. */
  retry: boolean;
}

/**
 * The typed images of the album's release (tagged release id), else of its release group; only by
 * an exact MusicBrainz id: a search hit's booklet could be another pressing's, or another album's.
 */
export async function caaPictures(subject: AlbumSubject, caa: RemoteClient, signal?: AbortSignal): Promise<CaaPictures> {
  const tried: string[] = [];
  for (const [kind, mbid] of [['release', subject.mbReleaseId], ['release-group', subject.mbReleaseGroupId]] as const) {
    if (!mbid || !MBID.test(mbid)) continue;
    const what = `${kind} ${mbid.slice(0, 8)}…`;
    let body: unknown;
    try {
      const res = await caa.getJson(`${caa.baseUrl}/${kind}/${mbid.toLowerCase()}`, { signal });
      if (res.status === 404) {
        tried.push(`${what}: 404`);
        continue;
      }
      body = res.body;
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err;
      return { pictures: [], note: `coverartarchive: ${[...tried, `${what}: ${err.message}`].join('; ')}`, retry: err.transient };
    }
    const entries = listing.parse(body).images.flatMap((e) => {
      const type = caaImageType(e.types);
      return type && e.approved !== false ? [{ ...e, type }] : [];
    });
    const pictures: FoundPicture[] = [];
    const problems: string[] = [];
    let retry = false;
    for (const e of entries.slice(0, MAX_PICTURES_PER_PLACE)) {
      try {
        const image = await caa.getImage(caaImageUrl(e, caa.baseUrl), { signal });
        pictures.push({ type: e.type, image, detail: `${what}: image ${e.id} (${e.types.join(', ')})` });
      } catch (err) {
        if (!(err instanceof RemoteError)) throw err;
        problems.push(`image ${e.id}: ${err.message}`);
        retry ||= err.transient;
      }
    }
    const skipped = problems.length > 0 ? `; ${problems.join('; ')}` : '';
    return { pictures, note: `coverartarchive: ${[...tried, `${what}: ${pictures.length} of ${entries.length} typed images${skipped}`].join('; ')}`, retry };
  }
  return { pictures: [], note: `coverartarchive: ${tried.length > 0 ? tried.join('; ') : 'no MusicBrainz release id'}`, retry: false };
}

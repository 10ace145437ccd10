import { basename, isAbsolute, relative, sep } from 'node:path';
import { parseFile, type IAudioMetadata, type IPicture } from 'music-metadata';
import { sniffImageType } from '../../images/image.pipeline.js';
import { cleanText } from '../../text.js';
import { readAsfPictures } from './asf-pictures.js';
import { found, type Candidate, type ImageType } from './candidate.js';
import { notFound, permanentError, type AlbumSubject, type CoverSource } from './source.js';

/** One picture embedded in an audio file, its strings cleaned (see cleanText). */
export interface EmbeddedPicture {
  data: Uint8Array;
  /** music-metadata's picture type name (`Cover (front)`…), or undefined for untyped pictures. */
  type?: string | undefined;
  description?: string | undefined;
  /** As declared by the tagger: shown, never trusted (the bytes are sniffed). */
  mime?: string | undefined;
}

/**
 * ID3 picture type names by number (music-metadata's names, shared by ID3, FLAC, Vorbis and
 * ASF); the APEv2 `Cover Art (…)` keys follow the same order.
 */
const PICTURE_TYPES = [
  'Other',
  "32x32 pixels 'file icon' (PNG only)",
  'Other file icon',
  'Cover (front)',
  'Cover (back)',
  'Leaflet page',
  'Media (e.g. label side of CD)',
  'Lead artist/lead performer/soloist',
  'Artist/performer',
  'Conductor',
  'Band/Orchestra',
  'Composer',
  'Lyricist/text writer',
  'Recording Location',
  'During recording',
  'During performance',
  'Movie/video screen capture',
  'A bright coloured fish',
  'Illustration',
  'Band/artist logotype',
  'Publisher/Studio logotype',
] as const;

/** The APEv2 item keys taggers write (foobar2000, Mp3tag, MediaMonkey), in ID3 type order. */
const APE_KEYS = [
  'Other', 'Icon', 'Other Icon', 'Front', 'Back', 'Leaflet', 'Media', 'Lead Artist', 'Artist', 'Conductor', 'Band',
  'Composer', 'Lyricist', 'Recording Location', 'During Recording', 'During Performance', 'Video Capture', 'Fish',
  'Illustration', 'Band Logotype', 'Publisher Logotype',
];

/** `Cover Art (Front)` -> `Cover (front)`; undefined for a key that names no known type. */
export function apeKeyType(key: string): string | undefined {
  const m = /^cover art \((.+)\)$/iu.exec(key.trim());
  if (!m) return undefined;
  const i = APE_KEYS.findIndex((k) => k.toLowerCase() === m[1]!.trim().toLowerCase());
  return i >= 0 ? PICTURE_TYPES[i] : undefined;
}

/**
 * Picture types by preference, best first. `undefined` is a picture without a type (MP4 `covr`,
 * Matroska attachments, an APEv2 key naming no type): almost always the cover. Types not listed
 * rank after these; the back cover and icons rank last.
 */
const PREFERENCE: readonly (string | undefined)[][] = [
  ['Cover (front)'],
  [undefined, 'Other'],
  ['Media (e.g. label side of CD)', 'Leaflet page', 'Illustration'],
];
const LAST: readonly string[] = ["32x32 pixels 'file icon' (PNG only)", 'Other file icon', 'Cover (back)'];

function tier(type: string | undefined): number {
  const t = PREFERENCE.findIndex((types) => types.includes(type));
  if (t >= 0) return t;
  const last = type === undefined ? -1 : LAST.indexOf(type);
  return last >= 0 ? PREFERENCE.length + 1 + last : PREFERENCE.length;
}

/** A description a tagger gives the cover (`cover`, `Front`, `folder.jpg`, `AlbumArt`), not a back or a booklet. */
const COVER_LIKE = /(^|[^a-z])(cover|front|folder|album ?art)([^a-z]|$)/iu;
const NOT_COVER = /(^|[^a-z])(back|rear|inlay|inside|booklet|cd|disc|tray)([^a-z]|$)/iu;

function coverLike(description: string | undefined): boolean {
  return !!description && COVER_LIKE.test(description) && !NOT_COVER.test(description);
}

/**
 * One track's pictures, best cover first: by type (a front cover beats any other type, see
 * PREFERENCE), then a cover-like description, then the largest, then file order. Drops empty
 * pictures, ID3 linked images (MIME `-->`: the data is a URL) and repeats of the same bytes. Pure.
 */
export function rankPictures(pictures: readonly EmbeddedPicture[]): EmbeddedPicture[] {
  const seen: Uint8Array[] = [];
  const kept = pictures.filter((p) => {
    if (p.data.length === 0 || p.mime === '-->') return false;
    if (seen.some((s) => Buffer.compare(s, p.data) === 0)) return false;
    seen.push(p.data);
    return true;
  });
  const key = (p: EmbeddedPicture, order: number) => [tier(p.type), coverLike(p.description) ? 0 : 1, -p.data.length, order];
  return kept
    .map((p, order) => ({ p, k: key(p, order) }))
    .sort((a, b) => compareKeys(a.k, b.k))
    .map(({ p }) => p);
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export type EmbeddedRead = { ok: true; pictures: EmbeddedPicture[] } | { ok: false; reason: string };

/**
 * Every picture embedded in one audio file, in file order, strings cleaned. Reads past
 * music-metadata's `common.picture` where it falls short: APEv2 pictures take their type from the
 * item key, old-style Vorbis `COVERART` (base64) is read, ASF pictures are read from the header
 * (asf-pictures.ts). A file music-metadata cannot identify (no container: it does not always
 * throw on garbage) is unreadable.
 */
export async function readEmbeddedPictures(path: string): Promise<EmbeddedRead> {
  let metadata: IAudioMetadata;
  try {
    metadata = await parseFile(path, { duration: false, skipPostHeaders: true });
  } catch (err) {
    return { ok: false, reason: cleanText((err as Error).message) };
  }
  if (!metadata.format.container) return { ok: false, reason: 'not an audio file' };
  let pictures: EmbeddedPicture[] = (metadata.common.picture ?? []).map(fromMusicMetadata);
  if (/^asf/iu.test(metadata.format.container)) {
    const asf = await readAsfPictures(path).catch(() => []);
    if (asf.length > 0) pictures = asf.map((p) => clean({ data: p.data, type: PICTURE_TYPES[p.typeId], description: p.description, mime: p.mime }));
  }
  return { ok: true, pictures: [...typedByApeKey(metadata, pictures), ...vorbisCoverArt(metadata)] };
}

function fromMusicMetadata(p: IPicture): EmbeddedPicture {
  return clean({ data: p.data, type: p.type, description: p.description, mime: p.format });
}

function clean(p: EmbeddedPicture): EmbeddedPicture {
  return {
    data: p.data,
    type: p.type,
    description: p.description === undefined ? undefined : cleanText(p.description),
    mime: p.mime === undefined ? undefined : cleanText(p.mime),
  };
}

/** music-metadata reports APEv2 pictures untyped; their item key (`Cover Art (Back)`) says the type. */
function typedByApeKey(metadata: IAudioMetadata, pictures: EmbeddedPicture[]): EmbeddedPicture[] {
  const items = (metadata.native.APEv2 ?? []).filter((t) => /^cover art/iu.test(t.id) && t.value && typeof t.value === 'object');
  if (items.length === 0) return pictures;
  return pictures.map((p) => {
    if (p.type !== undefined) return p;
    const item = items.find((t) => Buffer.compare((t.value as { data: Uint8Array }).data, p.data) === 0);
    return item ? { ...p, type: apeKeyType(item.id) } : p;
  });
}

/** Old-style Vorbis `COVERART` (base64 image bytes) with `COVERARTMIME`, before METADATA_BLOCK_PICTURE. */
function vorbisCoverArt(metadata: IAudioMetadata): EmbeddedPicture[] {
  const tags = metadata.native.vorbis ?? [];
  const mimes = tags.filter((t) => t.id.toUpperCase() === 'COVERARTMIME').map((t) => String(t.value));
  return tags
    .filter((t) => t.id.toUpperCase() === 'COVERART' && typeof t.value === 'string')
    .map((t, i) => clean({ data: Buffer.from(t.value as string, 'base64'), mime: mimes[i] }))
    .filter((p) => p.data.length > 0);
}

/** The picture the embedded source would try first in one file, if any. */
export async function readEmbeddedPicture(path: string): Promise<EmbeddedPicture | undefined> {
  const read = await readEmbeddedPictures(path);
  return read.ok ? rankPictures(read.pictures)[0] : undefined;
}

/**
 * Album covers embedded in the audio files: the pictures of the first track that has any, best
 * first, so the chain can take the next one when one does not decode. Tracks are read one at a
 * time, and only until one has a picture. Does not decode the images: the chain validates them.
 */
export const embedded: CoverSource<'embedded'> = {
  name: 'embedded',
  offers: () => ['local'],

  async findAlbum(subject) {
    const tracks = subject.trackPaths;
    if (tracks.length === 0) return notFound('no tracks');
    let unreadable = 0;
    for (const path of tracks) {
      const read = await readEmbeddedPictures(path);
      if (!read.ok) {
        unreadable++;
        continue;
      }
      const ranked = rankPictures(read.pictures);
      if (ranked.length === 0) continue;
      const track = trackName(subject, path);
      // Copies, so the parsed tag buffers the pictures point into can be collected.
      return found(
        ...ranked.map((p): Candidate => {
          const image = Buffer.from(p.data);
          return { image, match: 'local', type: imageType(p.type), detail: `${track}: ${describe(p, image)}` };
        }),
      );
    }
    if (unreadable === tracks.length) return permanentError(`embedded: none of the ${tracks.length} tracks could be read`);
    const skipped = unreadable > 0 ? ` (${unreadable} unreadable)` : '';
    return notFound(`no embedded picture in ${tracks.length} tracks${skipped}`);
  },
};

/** What an embedded picture shows, by its ID3 type; untyped pictures are almost always the front. */
function imageType(type: string | undefined): ImageType {
  if (type === 'Cover (back)') return 'back';
  if (type === 'Leaflet page') return 'booklet';
  if (type === 'Media (e.g. label side of CD)') return 'medium';
  if (type === 'Lead artist/lead performer/soloist' || type === 'Artist/performer' || type === 'Band/Orchestra') return 'artist';
  return 'front';
}

/** `Cover (front), image/jpeg, 1234 bytes`: the MIME type the bytes say, the declared one only when they say none. */
function describe(p: EmbeddedPicture, image: Buffer): string {
  const sniffed = sniffImageType(image);
  const mime = sniffed ? `image/${sniffed}` : `declared ${p.mime || 'no type'}, not an image`;
  return `${p.type ?? 'untyped'}, ${mime}, ${image.length} bytes`;
}

/** The track's path inside the album folder (`CD1/01 - Intro.flac`), else its file name. */
function trackName(subject: AlbumSubject, path: string): string {
  if (subject.folder) {
    const rel = relative(subject.folder, path);
    if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return cleanText(rel);
  }
  return cleanText(basename(path));
}

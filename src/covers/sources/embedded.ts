import { basename, isAbsolute, relative, sep } from 'node:path';
import { parseFile, type IPicture } from 'music-metadata';
import { notFound, permanentError, type AlbumSubject, type CoverSource } from './source.js';

/**
 * Picture types by preference, best first (music-metadata's names, shared by ID3, FLAC, Vorbis and
 * ASF). `undefined` is a picture without a type (MP4 `covr`, APEv2, Matroska attachments): almost
 * always the cover. Types not listed rank after these; the back cover and icons rank last.
 */
const PREFERENCE: readonly (string | undefined)[][] = [
  ['Cover (front)'],
  [undefined, 'Other'],
  ['Media (e.g. label side of CD)', 'Leaflet page', 'Illustration'],
];
const LAST: readonly string[] = ["32x32 pixels 'file icon' (PNG only)", 'Other file icon', 'Cover (back)'];

function rank(type: string | undefined): number {
  const tier = PREFERENCE.findIndex((types) => types.includes(type));
  if (tier >= 0) return tier;
  const last = type === undefined ? -1 : LAST.indexOf(type);
  return last >= 0 ? PREFERENCE.length + 1 + last : PREFERENCE.length;
}

/**
 * The best cover among one track's pictures: by type (see PREFERENCE), then file order. Ignores
 * empty pictures and ID3 linked images (MIME `-->`, the data is a URL). Pure.
 */
export function chooseCoverPicture(pictures: IPicture[]): IPicture | undefined {
  let best: IPicture | undefined;
  let bestRank = Infinity;
  for (const picture of pictures) {
    if (picture.data.length === 0 || picture.format === '-->') continue;
    const r = rank(picture.type);
    if (r < bestRank) {
      best = picture;
      bestRank = r;
    }
  }
  return best;
}

export type EmbeddedRead = { ok: true; pictures: IPicture[] } | { ok: false; reason: string };

/**
 * Every picture embedded in one audio file. A file music-metadata cannot identify (no container:
 * it does not always throw on garbage) is unreadable.
 */
export async function readEmbeddedPictures(path: string): Promise<EmbeddedRead> {
  try {
    const { format, common } = await parseFile(path, { duration: false, skipPostHeaders: true });
    if (!format.container) return { ok: false, reason: 'not an audio file' };
    return { ok: true, pictures: common.picture ?? [] };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** The picture the embedded source would take from one file, if any. */
export async function readEmbeddedPicture(path: string): Promise<IPicture | undefined> {
  const read = await readEmbeddedPictures(path);
  return read.ok ? chooseCoverPicture(read.pictures) : undefined;
}

/**
 * Album covers embedded in the audio files: the best picture of the first track that has any.
 * Tracks are read one at a time, and only until one has a picture. Does not decode the image: the
 * resolver validates it and moves on to the next source when it is corrupt.
 */
export const embedded: CoverSource<'embedded'> = {
  name: 'embedded',

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
      const picture = chooseCoverPicture(read.pictures);
      if (!picture) continue;
      // A copy, so the parsed tag buffer the picture points into can be collected.
      const image = Buffer.from(picture.data);
      const what = `${picture.type ?? 'untyped'}, ${picture.format}, ${image.length} bytes`;
      return { outcome: 'FOUND', image, detail: `${trackName(subject, path)}: ${what}`, remote: false };
    }
    if (unreadable === tracks.length) return permanentError(`embedded: none of the ${tracks.length} tracks could be read`);
    const skipped = unreadable > 0 ? ` (${unreadable} unreadable)` : '';
    return notFound(`no embedded picture in ${tracks.length} tracks${skipped}`);
  },
};

/** The track's path inside the album folder (`CD1/01 - Intro.flac`), else its file name. */
function trackName(subject: AlbumSubject, path: string): string {
  if (subject.folder) {
    const rel = relative(subject.folder, path);
    if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return rel;
  }
  return basename(path);
}

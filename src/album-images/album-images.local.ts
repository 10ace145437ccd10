import { basename, extname, join, relative } from 'node:path';
import { readEmbeddedPictures } from '../covers/sources/embedded.js';
import { libraryRoot, listFolder, readCapped } from '../covers/sources/folder.js';
import type { AlbumSubject } from '../covers/sources/source.js';
import { FOLDER_IMAGE_EXTENSIONS } from '../library/image-files.js';
import { cleanText } from '../text.js';
import type { AlbumImageType } from './album-images.table.js';

/** One picture found for an album, before it is validated and stored. */
export interface FoundPicture {
  type: AlbumImageType;
  image: Buffer;
  /** Where exactly, for the row's `detail`. */
  detail: string;
}

/** At most this many pictures, and bytes, per album and place: a folder of 200 scans is not read whole on a Pi. */
export const MAX_PICTURES_PER_PLACE = 24;
const MAX_BYTES_PER_PLACE = 40 * 1024 * 1024;

/** The embedded picture types (music-metadata's names, shared by ID3, FLAC, Vorbis, ASF, APEv2) that say what a picture shows. */
const EMBEDDED_TYPES: Readonly<Record<string, AlbumImageType>> = {
  'Cover (front)': 'FRONT',
  'Cover (back)': 'BACK',
  'Leaflet page': 'BOOKLET',
  'Media (e.g. label side of CD)': 'MEDIUM',
};

/**
 * What an embedded picture shows, by its picture type; an untyped one (MP4 `covr`, a Matroska
 * attachment) is the front cover. Others (icons, the artist, a fish) are none of these: undefined.
 */
export function embeddedPictureType(type: string | undefined): AlbumImageType | undefined {
  return type === undefined ? 'FRONT' : EMBEDDED_TYPES[type];
}

/**
 * The typed pictures embedded in the first track that has any (taggers write the same set into
 * every track), each picture's bytes once.
 */
export async function embeddedPictures(subject: AlbumSubject): Promise<{ pictures: FoundPicture[]; note: string }> {
  for (const path of subject.trackPaths) {
    const read = await readEmbeddedPictures(path);
    if (!read.ok || read.pictures.length === 0) continue;
    const track = subject.folder ? cleanText(relative(subject.folder, path)) : cleanText(basename(path));
    const seen: Buffer[] = [];
    const pictures: FoundPicture[] = [];
    for (const p of read.pictures) {
      const type = embeddedPictureType(p.type);
      if (!type || p.data.length === 0 || p.mime === '-->' || pictures.length >= MAX_PICTURES_PER_PLACE) continue;
      const image = Buffer.from(p.data);
      if (seen.some((s) => s.equals(image))) continue;
      seen.push(image);
      pictures.push({ type, image, detail: `${track}: ${p.type ?? 'untyped'}` });
    }
    return { pictures, note: `embedded: ${pictures.length} typed of ${read.pictures.length} in ${track}` };
  }
  return { pictures: [], note: `embedded: no picture in ${subject.trackPaths.length} tracks` };
}

const FRONT_WORDS = new Set(['cover', 'folder', 'front', 'album', 'albumart']);
const BACK_WORDS = new Set(['back', 'rear']);
const BOOKLET_WORDS = new Set(['booklet', 'leaflet', 'inlay', 'inside', 'insert', 'liner', 'page']);
const MEDIUM_WORDS = new Set(['cd', 'disc', 'disk', 'cdart', 'discart', 'medium', 'media', 'vinyl', 'label']);
/** Subfolders of scans (any case): each image there is a booklet page unless its name says otherwise. */
const SCAN_FOLDERS = new Set(['scans', 'scan', 'artwork']);
const IMAGE_EXTENSIONS: readonly string[] = FOLDER_IMAGE_EXTENSIONS.map((e) => `.${e}`);

/**
 * What a folder image shows, by the first or last word of its name (`back.jpg`, `Cover (Back).jpg`,
 * `Album - Back Cover.jpg`, `booklet-01.jpg`, `CD1.png`, `disc2.jpg`; not `Discovery.jpg`), or undefined when the name says
 * none of these. In a scans folder an image of no telling name is a booklet page. Pure.
 */
export function folderImageType(name: string, inScans = false): AlbumImageType | undefined {
  const ext = extname(name).toLowerCase();
  if (name.startsWith('.') || !IMAGE_EXTENSIONS.includes(ext)) return undefined;
  const words = name
    .slice(0, -ext.length)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
  const ends = [words[0], words.at(-1)];
  const says = (set: ReadonlySet<string>) => ends.some((w) => w !== undefined && set.has(w));
  if (says(BACK_WORDS) || words.some((w, i) => BACK_WORDS.has(w) && words[i + 1] === 'cover')) return 'BACK';
  if (says(MEDIUM_WORDS)) return 'MEDIUM';
  if (says(BOOKLET_WORDS)) return 'BOOKLET';
  if (says(FRONT_WORDS)) return 'FRONT';
  return inScans ? 'BOOKLET' : undefined;
}

/**
 * The typed image files of the album folder and of its scans subfolder (`scans/`, any case), in
 * name order; symlinks leading outside MUSIC_DIR are refused, as for the cover.
 */
export async function folderPictures(subject: AlbumSubject, musicDir: string): Promise<{ pictures: FoundPicture[]; note: string }> {
  if (!subject.folder) return { pictures: [], note: 'folder: none' };
  const root = await libraryRoot(musicDir);
  const top = await listFolder(subject.folder, root);
  if (!top.ok) return { pictures: [], note: `folder: unreadable (${top.reason})` };
  const found: { rel: string; type: AlbumImageType }[] = [];
  const add = (names: Iterable<string>, prefix: string, inScans: boolean) => {
    for (const name of [...names].sort(byName)) {
      const type = folderImageType(name, inScans);
      if (type) found.push({ rel: `${prefix}${name}`, type });
    }
  };
  add(top.images.keys(), '', false);
  for (const dir of top.dirs.filter((d) => SCAN_FOLDERS.has(d.toLowerCase())).sort(byName)) {
    const listing = await listFolder(join(subject.folder, dir), root);
    if (listing.ok) add(listing.images.keys(), `${dir}/`, true);
  }
  const pictures: FoundPicture[] = [];
  const problems: string[] = [];
  let bytes = 0;
  for (const f of found) {
    if (pictures.length >= MAX_PICTURES_PER_PLACE || bytes >= MAX_BYTES_PER_PLACE) break;
    const file = await readCapped(join(subject.folder, f.rel));
    if (!file.ok) {
      problems.push(`${f.rel}: ${file.reason}`);
      continue;
    }
    bytes += file.bytes.length;
    pictures.push({ type: f.type, image: file.bytes, detail: cleanText(f.rel) });
  }
  return { pictures, note: `folder: ${pictures.length} typed${problems.length > 0 ? `; ${problems.join('; ')}` : ''}` };
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

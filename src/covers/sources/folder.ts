import { open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { isDiscFolder } from '../../library/disc-folder.js';
import { FOLDER_IMAGE_EXTENSIONS } from '../../library/image-files.js';
import { found as offer, type Candidate as SourceCandidate, type ImageType } from './candidate.js';
import { notFound, permanentError, type CoverSource, type SourceResult } from './source.js';

/** Image extensions, best first when two files share a name (the list the scanner watches too). */
const IMAGE_EXTENSIONS: readonly string[] = FOLDER_IMAGE_EXTENSIONS.map((e) => `.${e}`);
/**
 * How many images of one folder are read for one resolution, and how many bytes at most: every
 * one is a candidate the chain may need (a corrupt `cover.jpg` must not hide `folder.jpg`), but a
 * folder of 200 scans must not be read whole into memory on a Raspberry Pi.
 */
export const MAX_FOLDER_CANDIDATES = 8;
const MAX_FOLDER_CANDIDATE_BYTES = 2 * 20 * 1024 * 1024;
const ALBUM_NAMES = ['cover', 'folder', 'front', 'album', 'albumart'];
const ARTIST_NAMES = ['artist', 'folder', 'photo', 'band', 'artist-image'];
/** First or last words that mark an image as something other than the front cover. */
const NOT_FRONT = new Set(['back', 'rear', 'inlay', 'tray', 'inside', 'booklet', 'cd', 'disc', 'disk', 'cdart', 'discart', 'artist']);
export const MAX_FOLDER_IMAGE_BYTES = 20 * 1024 * 1024;

type Kind = 'album' | 'artist';
/** 0: a well-known name exactly; 1: a name starting with one (`cover-front`, `Folder (1)`); 2: any other image (albums only). */
type Tier = 0 | 1 | 2;
interface Candidate {
  name: string;
  tier: Tier;
  word: number;
  extRank: number;
  size: number;
}

function classify(name: string, kind: Kind, size: number): Candidate | undefined {
  if (name.startsWith('.')) return undefined; // hidden files, and macOS `._cover.jpg` resource forks
  const ext = extname(name).toLowerCase();
  const extRank = IMAGE_EXTENSIONS.indexOf(ext);
  if (extRank < 0) return undefined;
  const stem = name.slice(0, -ext.length);
  if (suggestsNotFront(stem, kind)) return undefined;
  const base = stem.toLowerCase();
  const words = kind === 'album' ? ALBUM_NAMES : ARTIST_NAMES;
  const exact = words.indexOf(base);
  if (exact >= 0) return { name, tier: 0, word: exact, extRank, size };
  // A prefix ends at a non-letter, so `Folder (1)` and `AlbumArt_{GUID}_Large` match but `Frontier` does not.
  const prefix = words.findIndex((w) => base.startsWith(w) && !/[a-z]/.test(base.charAt(w.length)));
  if (prefix >= 0) return { name, tier: 1, word: prefix, extRank, size };
  // An artist folder often holds unrelated pictures: only well-known names count there.
  return kind === 'album' ? { name, tier: 2, word: 0, extRank, size } : undefined;
}

/** `back.jpg`, `CD1.png`, `Cover (Back).jpg`, `Album - Back Cover.jpg`, `cdart.png`; not `Discovery.jpg`. */
function suggestsNotFront(stem: string, kind: Kind): boolean {
  const words = stem
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
  const marks = (w: string | undefined) => w !== undefined && NOT_FRONT.has(w) && !(kind === 'artist' && w === 'artist');
  if (marks(words[0]) || marks(words.at(-1))) return true;
  return words.some((w, i) => (w === 'back' || w === 'rear') && words[i + 1] === 'cover');
}

/** Larger first (more likely the full-size scan), then the preferred extension, then by name. */
function compare(a: Candidate, b: Candidate): number {
  return a.tier - b.tier || a.word - b.word || b.size - a.size || a.extRank - b.extRank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The image file names worth trying in one folder, best first; names that are not images, or that
 * look like anything but a front cover, are left out. `sizes` (bytes by name) breaks ties. Pure.
 */
export function rankFolderImages(names: string[], kind: Kind, sizes?: ReadonlyMap<string, number>): string[] {
  return names
    .map((name) => classify(name, kind, sizes?.get(name) ?? 0))
    .filter((c): c is Candidate => c !== undefined)
    .sort(compare)
    .map((c) => c.name);
}

/**
 * Covers and artist images from files beside the music. Albums: a well-known name in the album
 * folder or its disc subfolders, else any image there; artists: well-known names only.
 */
export const folder: CoverSource<'folder'> = {
  name: 'folder',
  offers: () => ['local'],

  async findAlbum(subject, ctx) {
    if (!subject.folder) return notFound('no folder');
    const root = await libraryRoot(ctx.config.musicDir);
    const top = await listFolder(subject.folder, root);
    if (!top.ok) return notFound(`album folder unreadable (${top.reason})`);
    const found: Located[] = candidatesIn(top, '', 'album', 0);
    const discs = top.dirs.filter(isDiscFolder).sort(byNumber);
    const notes: string[] = [];
    // Disc subfolders are the album's folder too; read them only when the top has no well-known name.
    if (!found.some((c) => c.tier < 2)) {
      for (const [i, disc] of discs.entries()) {
        const listing = await listFolder(join(subject.folder, disc), root);
        if (listing.ok) found.push(...candidatesIn(listing, `${disc}/`, 'album', i + 1));
        else notes.push(`${disc} unreadable (${listing.reason})`);
      }
    }
    found.sort((a, b) => a.tier - b.tier || a.location - b.location || compare(a, b));
    const where = discs.length > 0 ? `the album folder or ${discs.join(', ')}` : 'the album folder';
    return readCandidates(subject.folder, found, 'front', `no image in ${where}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  },

  async findArtist(subject, ctx) {
    if (!subject.folder) return notFound('no folder');
    const listing = await listFolder(subject.folder, await libraryRoot(ctx.config.musicDir));
    if (!listing.ok) return notFound(`artist folder unreadable (${listing.reason})`);
    const found = candidatesIn(listing, '', 'artist', 0).sort(compare);
    return readCandidates(subject.folder, found, 'artist', `no artist image (${ARTIST_NAMES.join(', ')})`);
  },
};

interface Located extends Candidate {
  /** The path under the album folder: `cover.jpg`, `CD1/cover.jpg`. */
  rel: string;
  /** 0 for the album folder, then the disc subfolders in order. */
  location: number;
}

export type Listing = { ok: true; images: Map<string, number>; dirs: string[] } | { ok: false; reason: string };

/** The real path of the library root; symlinked images must lead inside it, as the scanner's do. */
export async function libraryRoot(musicDir: string): Promise<string> {
  return realpath(musicDir).catch(() => musicDir);
}

/** Whether a symlink's target is inside the library root; a broken link is not. */
async function linkInside(root: string, abs: string): Promise<boolean> {
  const target = await realpath(abs).catch(() => null);
  return target !== null && (target === root || target.startsWith(root + sep));
}

/**
 * The image files of a folder with their sizes, and its subfolders. Symlinks are followed only when
 * they lead inside the library: a `cover.jpg` linking to `/etc/...` is refused, as the scanner does.
 */
export async function listFolder(dir: string, root: string): Promise<Listing> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    return { ok: false, reason: errorCode(err) };
  }
  const images = new Map<string, number>();
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const image = IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase());
    if (entry.isDirectory()) dirs.push(entry.name);
    else if (entry.isFile() && !image) continue;
    else if (entry.isSymbolicLink() && !(await linkInside(root, join(dir, entry.name)))) continue;
    else if (entry.isFile() || entry.isSymbolicLink()) {
      const info = await stat(join(dir, entry.name)).catch(() => undefined);
      if (info?.isDirectory()) dirs.push(entry.name);
      else if (info?.isFile() && image) images.set(entry.name, info.size);
    }
  }
  return { ok: true, images, dirs };
}

function candidatesIn(listing: Extract<Listing, { ok: true }>, prefix: string, kind: Kind, location: number): Located[] {
  const out: Located[] = [];
  for (const [name, size] of listing.images) {
    const c = classify(name, kind, size);
    if (c) out.push({ ...c, rel: `${prefix}${name}`, location });
  }
  return out;
}

/**
 * Reads the candidates in order: every readable one is offered, best first, so the chain tries each
 * before giving up on the folder. FOUND does not mean it decodes.
 */
async function readCandidates(root: string, candidates: Located[], type: ImageType, none: string): Promise<SourceResult> {
  const problems: string[] = [];
  const read: SourceCandidate[] = [];
  let bytes = 0;
  for (const c of candidates) {
    if (read.length >= MAX_FOLDER_CANDIDATES || bytes >= MAX_FOLDER_CANDIDATE_BYTES) break;
    const file = await readCapped(join(root, c.rel));
    if (!file.ok) {
      problems.push(`${c.rel}: ${file.reason}`);
      continue;
    }
    // The first candidate's detail names the files skipped before it; later ones are traced by the chain.
    const notes = [...(c.tier === 2 ? ['no well-known name'] : []), ...(read.length === 0 ? problems.map((p) => `skipped ${p}`) : [])];
    read.push({ image: file.bytes, match: 'local', type, detail: notes.length > 0 ? `${c.rel} (${notes.join('; ')})` : c.rel });
    bytes += file.bytes.length;
  }
  if (read.length > 0) return offer(...read);
  return problems.length > 0 ? permanentError(`folder: ${problems.join('; ')}`) : notFound(none);
}

export async function readCapped(path: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_FOLDER_IMAGE_BYTES) return { ok: false, reason: `too large (${size} bytes > ${MAX_FOLDER_IMAGE_BYTES})` };
      if (size === 0) return { ok: false, reason: 'empty file' };
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, reason: errorCode(err) };
  }
}

/** The error's code only: fs messages carry absolute paths, which must not reach a client. */
function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'read error';
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

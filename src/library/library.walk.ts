import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDiscFolder } from './disc-folder.js';
import { FOLDER_IMAGE_EXTENSIONS } from './image-files.js';
import { PathOutsideLibraryError, ScanPathError } from './library.errors.js';

// The walk of a scan: where it looks, and one album folder (with its disc subfolders) at a time,
// never the whole tree in memory.

/**
 * Every audio container music-metadata 11 reads (its parsers' extensions, audio only: no `.mkv`,
 * `.mov`), and the names they go by in the wild: Musepack `.mp+`/`.mpp`, iTunes `.m4p`/`.m4b`,
 * WebM audio `.weba`, Broadcast Wave `.bwf`. A file with any other extension is ignored and
 * counted as such (`Scan.filesIgnored`), never silently.
 */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  ...['mp3', 'mp2', 'mp1', 'm2a', 'aac'],
  ...['flac', 'ogg', 'oga', 'opus', 'spx'],
  ...['m4a', 'm4b', 'm4p', 'mp4', 'alac'],
  ...['wav', 'bwf', 'aif', 'aiff', 'aifc'],
  ...['wma', 'asf', 'mka', 'webm', 'weba'],
  ...['ape', 'wv', 'mpc', 'mp+', 'mpp', 'tta', 'dsf', 'dff'],
]);
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(FOLDER_IMAGE_EXTENSIONS);

export interface ScanArea {
  /** Real path of the library root. */
  root: string;
  /** Real path of the folder to walk. */
  start: string;
  /** `start` relative to the root, forward slashes; '' for the root. */
  prefix: string;
  /** false when the folder is gone: everything stored under it has vanished. */
  exists: boolean;
}

export interface FileEntry {
  abs: string;
  /** Relative to the library root, forward slashes. */
  rel: string;
  size: number;
  mtimeMs: number;
}

/** A file of a walked folder that is not read, and why; relative to the root. */
export interface IgnoredFile {
  path: string;
  reason: string;
}

export interface AlbumFolderUnit {
  /** Relative to the root; disc subfolders are folded into their parent. */
  folder: string;
  audio: FileEntry[];
  ignored: IgnoredFile[];
  /** `name:size:mtime|...` of the images in the album folder and its disc subfolders. */
  imageSignature: string;
}

interface FolderListing {
  audio: FileEntry[];
  ignored: IgnoredFile[];
  images: { name: string; size: number; mtimeMs: number }[];
  dirs: { name: string; abs: string }[];
}

export async function resolveScanArea(root: string, subPath: string | undefined): Promise<ScanArea> {
  let realRoot: string;
  try {
    realRoot = await realpath(path.resolve(root));
  } catch (err) {
    throw new ScanPathError('the music library folder cannot be read', { cause: err });
  }
  if (subPath === undefined || subPath === '') return { root: realRoot, start: realRoot, prefix: '', exists: true };

  // Symlinks are resolved before the check, so a link inside the library cannot lead out of it.
  const start = await realpathOfNearestExisting(path.resolve(realRoot, subPath));
  const rel = path.relative(realRoot, start);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) throw new PathOutsideLibraryError();

  const info = await stat(start).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (info && !info.isDirectory()) throw new ScanPathError('the scan path is not a folder');
  return { root: realRoot, start, prefix: toPosix(rel), exists: info !== null };
}

/** realpath of p, or, when p does not exist, of its nearest existing ancestor joined with the rest. */
async function realpathOfNearestExisting(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const parent = path.dirname(p);
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === p) throw err;
    return path.join(await realpathOfNearestExisting(parent), path.basename(p));
  }
}

/** The album folders under the area in name order; stops with an AbortError once `signal` fires. */
export async function* walkAlbumFolders(
  area: ScanArea,
  onUnreadable: (absDir: string, err: unknown) => void,
  signal?: AbortSignal,
): AsyncGenerator<AlbumFolderUnit> {
  if (!area.exists) return;
  const stack = [area.start];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    let listing: FolderListing;
    try {
      listing = await listFolder(area.root, dir);
    } catch (err) {
      onUnreadable(dir, err);
      continue;
    }
    const rel = toPosix(path.relative(area.root, dir));
    const subdirs: string[] = [];
    let unit: AlbumFolderUnit;
    if (rel !== '' && isDiscFolder(path.basename(dir))) {
      // Reached directly (the scan starts here): the album is the parent, whose images we read apart.
      for (const d of listing.dirs) subdirs.push(d.abs);
      unit = { folder: parentFolder(rel), audio: listing.audio, ignored: listing.ignored, imageSignature: await albumImageSignature(area.root, path.dirname(dir)) };
    } else {
      const images = [...listing.images];
      const audio = [...listing.audio];
      const ignored = [...listing.ignored];
      for (const d of listing.dirs) {
        if (!isDiscFolder(d.name)) {
          subdirs.push(d.abs);
          continue;
        }
        try {
          const disc = await listFolder(area.root, d.abs);
          audio.push(...disc.audio);
          ignored.push(...disc.ignored);
          images.push(...disc.images.map((i) => ({ ...i, name: `${d.name}/${i.name}` })));
          for (const dd of disc.dirs) subdirs.push(dd.abs);
        } catch (err) {
          onUnreadable(d.abs, err);
        }
      }
      unit = { folder: rel, audio, ignored, imageSignature: imageSignature(images) };
    }
    // Reversed so the stack pops folders in name order: a stable, predictable scan.
    stack.push(...subdirs.reverse());
    yield unit;
  }
}

/**
 * How many audio files the walk will meet, by names alone (no stat, no symlink check): a quick
 * count beside the scan that gives progress its total. Unreadable folders count as empty.
 */
export async function countAudioFiles(area: ScanArea, signal?: AbortSignal): Promise<number> {
  if (!area.exists) return 0;
  let count = 0;
  const stack = [area.start];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) stack.push(path.join(dir, e.name));
      else if ((e.isFile() || e.isSymbolicLink()) && AUDIO_EXTENSIONS.has(path.extname(e.name).slice(1).toLowerCase())) count++;
    }
  }
  return count;
}

async function albumImageSignature(root: string, albumDir: string): Promise<string> {
  const listing = await listFolder(root, albumDir).catch(() => null);
  if (!listing) return '';
  const images = [...listing.images];
  for (const d of listing.dirs) {
    if (!isDiscFolder(d.name)) continue;
    const disc = await listFolder(root, d.abs).catch(() => null);
    if (disc) images.push(...disc.images.map((i) => ({ ...i, name: `${d.name}/${i.name}` })));
  }
  return imageSignature(images);
}

function imageSignature(images: { name: string; size: number; mtimeMs: number }[]): string {
  return images
    .map((i) => `${i.name}:${i.size}:${Math.trunc(i.mtimeMs)}`)
    .sort()
    .join('|');
}

/** Sorted audio files, images and subfolders of one folder; hidden entries and other files left out. */
async function listFolder(root: string, dir: string): Promise<FolderListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listing: FolderListing = { audio: [], ignored: [], images: [], dirs: [] };
  await Promise.all(entries.map((e) => addEntry(root, dir, e, listing)));
  listing.audio.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  listing.ignored.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return listing;
}

async function addEntry(root: string, dir: string, e: Dirent, listing: FolderListing): Promise<void> {
  if (e.name.startsWith('.')) return;
  const abs = path.join(dir, e.name);
  if (e.isDirectory()) {
    listing.dirs.push({ name: e.name, abs });
    return;
  }
  const ext = path.extname(e.name).slice(1).toLowerCase();
  const isAudio = AUDIO_EXTENSIONS.has(ext);
  const isImage = IMAGE_EXTENSIONS.has(ext);
  if (!e.isFile() && !e.isSymbolicLink()) return;
  const ignore = (reason: string) => listing.ignored.push({ path: toPosix(path.relative(root, abs)), reason });
  // A symlinked file counts when it stays inside the library. Symlinked folders are never entered:
  // those inside the library are scanned where they really are, those outside are off limits, and
  // loops cannot happen.
  if (e.isSymbolicLink() && !(await linkTargetInside(root, abs))) {
    if (isAudio || isImage) ignore('a symlink leading outside the library');
    return;
  }
  const info = await stat(abs).catch(() => null);
  if (!info?.isFile()) return;
  if (!isAudio && !isImage) {
    ignore(ext === '' ? 'no file extension: not read as audio' : `.${ext} is not an audio format the scanner reads`);
    return;
  }
  if (isAudio) listing.audio.push({ abs, rel: toPosix(path.relative(root, abs)), size: info.size, mtimeMs: info.mtimeMs });
  else listing.images.push({ name: e.name, size: info.size, mtimeMs: info.mtimeMs });
}

async function linkTargetInside(root: string, abs: string): Promise<boolean> {
  const target = await realpath(abs).catch(() => null);
  return target !== null && (target === root || target.startsWith(root + path.sep));
}

export function parentFolder(rel: string): string {
  const parent = path.posix.dirname(rel);
  return parent === '.' ? '' : parent;
}

/** The album folder a scan starting at `rel` lands in (a disc folder belongs to its parent). */
export function parentFolderIfDisc(rel: string): string {
  return rel !== '' && isDiscFolder(path.posix.basename(rel)) ? parentFolder(rel) : rel;
}

export function toPosix(rel: string): string {
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

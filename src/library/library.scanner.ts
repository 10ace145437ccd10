import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type IAudioMetadata, parseFile } from 'music-metadata';
import type { Db } from '../db/database.js';
import { normaliseKey } from './library.keys.js';
import {
  type AlbumUpsert,
  type ArtistUpsert,
  type ScanCounters,
  type StoredTrackState,
  type TrackUpsert,
  deleteEmptyAlbums,
  deleteEmptyArtists,
  deleteTracksByIds,
  findAlbumFolderImagesUnder,
  findAlbumFoldersByArtistIds,
  findTrackMapUnder,
  finishScan,
  markScanRunning,
  updateAlbumFolderImages,
  updateArtistFolders,
  updateScanProgress,
  upsertAlbums,
  upsertArtists,
  upsertTracks,
} from './library.repository.js';

export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(
  ['mp3', 'flac', 'm4a', 'mp4', 'aac', 'alac', 'ogg', 'oga', 'opus', 'wav', 'aif', 'aiff', 'wma', 'ape', 'wv', 'dsf'],
);
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp']);

/** `CD1`, `CD 2`, `Disc 1`, `disk3`, `Disc 1 - Name`: a disc of the album in the parent folder. */
const DISC_FOLDER = /^(?:cd|dis[ck])[\s._-]*\d{1,3}(?:[\s._\-–—:,([].*)?$/iu;

export function isDiscFolder(name: string): boolean {
  return DISC_FOLDER.test(name);
}

export class PathOutsideLibraryError extends Error {
  override name = 'PathOutsideLibraryError';
  constructor() {
    super('path is outside the music library');
  }
}

/** The library root cannot be read, or the scan path is not a folder. The message names no path. */
export class ScanPathError extends Error {
  override name = 'ScanPathError';
}

export interface ScanFailure {
  /** Relative to the library root (a file, or a folder that could not be listed). */
  path: string;
  error: string;
}

export interface ScanProgress {
  filesSeen: number;
  filesParsed: number;
  filesSkipped: number;
  filesFailed: number;
  albumsAdded: number;
  albumsChanged: number;
  albumsRemoved: number;
  done: boolean;
}

export interface ScanSummary {
  filesSeen: number;
  /** Read successfully (new or changed files). filesSeen = filesParsed + filesSkipped + filesFailed. */
  filesParsed: number;
  /** Unchanged size and mtime: not read. */
  filesSkipped: number;
  filesFailed: number;
  /** The first MAX_FAILURES failures. */
  failures: ScanFailure[];
  albumsAdded: number[];
  /** Existing albums whose tracks were added, changed or removed, or whose folder images changed. */
  albumsChanged: number[];
  albumsRemoved: number[];
  artistsAdded: number[];
  /** Existing artists whose folder changed. */
  artistsChanged: number[];
  tracksRemoved: number;
}

export interface ScanOptions {
  /** The library root, absolute. */
  root: string;
  /** A folder to scan instead of the whole library: absolute, or relative to the root. */
  subPath?: string;
  /** Files parsed at once (default 2). */
  concurrency?: number;
  /** Called at most every ~250 ms, and once at the end with done = true (also when the scan fails). */
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
  /** A `scans` row to keep up to date and finish. */
  scanId?: number;
}

const MAX_FAILURES = 200;
const PROGRESS_EVERY_MS = 250;
const SCAN_ROW_EVERY_MS = 1000;

/**
 * Brings artists/albums/tracks in line with the files under the root (or under subPath): new and
 * changed files are read, unchanged ones skipped by size and mtime, vanished ones removed along with
 * the albums and artists they leave empty. Returns what changed, by id, for the caller to act on.
 */
export async function scanLibrary(db: Db, opts: ScanOptions): Promise<ScanSummary> {
  const run = new ScanRun(db, opts);
  try {
    if (opts.scanId !== undefined) await markScanRunning(db, opts.scanId);
    const summary = await run.execute();
    if (opts.scanId !== undefined) {
      await finishScan(db, opts.scanId, { state: 'done', counters: run.counters(), failures: run.failures });
    }
    return summary;
  } catch (err) {
    if (opts.scanId !== undefined) {
      const error = run.describe(err);
      await finishScan(db, opts.scanId, { state: 'failed', counters: run.counters(), failures: run.failures, error }).catch(() => {});
    }
    throw err;
  } finally {
    opts.onProgress?.(run.progress(true));
  }
}

// ---------------------------------------------------------------------------------------------
// Where the scan looks

interface ScanArea {
  /** Real path of the library root. */
  root: string;
  /** Real path of the folder to walk. */
  start: string;
  /** `start` relative to the root, forward slashes; '' for the root. */
  prefix: string;
  /** false when the folder is gone: everything stored under it has vanished. */
  exists: boolean;
}

async function resolveScanArea(root: string, subPath: string | undefined): Promise<ScanArea> {
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

// ---------------------------------------------------------------------------------------------
// The walk: one album folder (with its disc subfolders) at a time, never the whole tree in memory

interface FileEntry {
  abs: string;
  /** Relative to the library root, forward slashes. */
  rel: string;
  size: number;
  mtimeMs: number;
}

interface AlbumFolderUnit {
  /** Relative to the root; disc subfolders are folded into their parent. */
  folder: string;
  audio: FileEntry[];
  /** `name:size:mtime|...` of the images in the album folder and its disc subfolders. */
  imageSignature: string;
}

interface FolderListing {
  audio: FileEntry[];
  images: { name: string; size: number; mtimeMs: number }[];
  dirs: { name: string; abs: string }[];
}

async function* walkAlbumFolders(area: ScanArea, onUnreadable: (absDir: string, err: unknown) => void): AsyncGenerator<AlbumFolderUnit> {
  if (!area.exists) return;
  const stack = [area.start];
  while (stack.length > 0) {
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
      unit = { folder: parentFolder(rel), audio: listing.audio, imageSignature: await albumImageSignature(area.root, path.dirname(dir)) };
    } else {
      const images = [...listing.images];
      const audio = [...listing.audio];
      for (const d of listing.dirs) {
        if (!isDiscFolder(d.name)) {
          subdirs.push(d.abs);
          continue;
        }
        try {
          const disc = await listFolder(area.root, d.abs);
          audio.push(...disc.audio);
          images.push(...disc.images.map((i) => ({ ...i, name: `${d.name}/${i.name}` })));
          for (const dd of disc.dirs) subdirs.push(dd.abs);
        } catch (err) {
          onUnreadable(d.abs, err);
        }
      }
      unit = { folder: rel, audio, imageSignature: imageSignature(images) };
    }
    // Reversed so the stack pops folders in name order: a stable, predictable scan.
    stack.push(...subdirs.reverse());
    yield unit;
  }
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
  const listing: FolderListing = { audio: [], images: [], dirs: [] };
  await Promise.all(entries.map((e) => addEntry(root, dir, e, listing)));
  listing.audio.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
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
  if (!isAudio && !isImage) return;
  if (!e.isFile() && !e.isSymbolicLink()) return;
  // A symlinked file counts when it stays inside the library. Symlinked folders are never entered:
  // those inside the library are scanned where they really are, those outside are off limits, and
  // loops cannot happen.
  if (e.isSymbolicLink() && !(await linkTargetInside(root, abs))) return;
  const info = await stat(abs).catch(() => null);
  if (!info?.isFile()) return;
  if (isAudio) listing.audio.push({ abs, rel: toPosix(path.relative(root, abs)), size: info.size, mtimeMs: info.mtimeMs });
  else listing.images.push({ name: e.name, size: info.size, mtimeMs: info.mtimeMs });
}

async function linkTargetInside(root: string, abs: string): Promise<boolean> {
  const target = await realpath(abs).catch(() => null);
  return target !== null && (target === root || target.startsWith(root + path.sep));
}

// ---------------------------------------------------------------------------------------------
// Reading tags

interface TrackTags {
  albumArtist: string;
  albumTitle: string;
  title: string;
  artist: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  mbReleaseId: string | null;
  mbReleaseGroupId: string | null;
  mbAlbumArtistId: string | null;
  mbTrackId: string | null;
  format: string | null;
}

type ParseResult =
  | { kind: 'ok'; file: FileEntry; previous: StoredTrackState | undefined; tags: TrackTags }
  | { kind: 'failed'; file: FileEntry; error: string }
  | { kind: 'aborted' };

async function readTrack(file: FileEntry, albumFolder: string, previous: StoredTrackState | undefined, root: string, signal?: AbortSignal): Promise<ParseResult> {
  if (signal?.aborted) return { kind: 'aborted' };
  try {
    const meta = await parseFile(file.abs, { skipCovers: true, duration: false });
    const problem = unreadableReason(meta);
    if (problem) return { kind: 'failed', file, error: problem };
    return { kind: 'ok', file, previous, tags: tagsOf(meta, file, albumFolder) };
  } catch (err) {
    return { kind: 'failed', file, error: shortError(err, root) };
  }
}

/**
 * music-metadata does not always throw on a broken file: random bytes come back with no format at
 * all, a FLAC cut inside its headers with STREAMINFO but not one byte of audio. Missing tags alone
 * are not a fault: an untagged file is named after its file and folder.
 */
function unreadableReason(meta: IAudioMetadata): string | null {
  if (!meta.format.container && !meta.format.codec) return 'not a recognised audio format';
  if (meta.format.bitrate !== undefined && meta.format.bitrate <= 0) return 'no audio data (truncated file?)';
  return null;
}

function tagsOf(meta: IAudioMetadata, file: FileEntry, albumFolder: string): TrackTags {
  const c = meta.common;
  const fileName = path.posix.basename(file.rel);
  return {
    albumArtist: text(c.albumartist) ?? text(c.artist) ?? 'Unknown Artist',
    albumTitle: text(c.album) ?? (albumFolder === '' ? 'Unknown Album' : path.posix.basename(albumFolder)),
    title: text(c.title) ?? fileName.slice(0, fileName.length - path.posix.extname(fileName).length),
    artist: text(c.artist) ?? null,
    trackNo: smallInt(c.track.no),
    discNo: smallInt(c.disk.no),
    year: smallInt(c.year),
    mbReleaseId: mbid(c.musicbrainz_albumid),
    mbReleaseGroupId: mbid(c.musicbrainz_releasegroupid),
    mbAlbumArtistId: mbid(c.musicbrainz_albumartistid?.[0]),
    mbTrackId: mbid(c.musicbrainz_recordingid) ?? mbid(c.musicbrainz_trackid),
    format: formatName(meta, fileName),
  };
}

/** A tag value fit for a text column: Postgres refuses NUL characters; blank means absent. */
function text(v: string | undefined | null): string | undefined {
  const s = v?.replace(/\u0000/g, '').trim();
  return s ? s : undefined;
}

/** Tags hold anything: keep numbers an integer column takes and a person would write. */
function smallInt(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 99_999 ? v : null;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first MusicBrainz id in a tag (some taggers join several with '/' or ';'). */
function mbid(v: string | undefined | null): string | null {
  return v?.match(UUID)?.[0].toLowerCase() ?? null;
}

const CODEC_NAMES: [RegExp, string][] = [
  [/layer 3/i, 'mp3'],
  [/layer 2/i, 'mp2'],
  [/flac/i, 'flac'],
  [/alac/i, 'alac'],
  [/aac|mp4a/i, 'aac'],
  [/opus/i, 'opus'],
  [/vorbis/i, 'vorbis'],
  [/wavpack/i, 'wavpack'],
  [/monkey|\bape\b/i, 'ape'],
  [/windows media|wma/i, 'wma'],
  [/dsd/i, 'dsd'],
  [/pcm|wave/i, 'pcm'],
];

/** A short codec name (`mp3`, `flac`, `aac`, `opus`...) from what the parser reports, else the extension. */
function formatName(meta: IAudioMetadata, fileName: string): string | null {
  const described = `${meta.format.codec ?? ''} ${meta.format.container ?? ''}`;
  for (const [re, name] of CODEC_NAMES) if (re.test(described)) return name;
  return text(meta.format.codec)?.toLowerCase() ?? text(meta.format.container)?.toLowerCase() ?? (path.extname(fileName).slice(1).toLowerCase() || null);
}

function shortError(err: unknown, root: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = (message.split('\n')[0] ?? '').split(root + path.sep).join('').split(root).join('').trim();
  return (line || 'unreadable').slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// The run

class ScanRun {
  readonly failures: ScanFailure[] = [];
  private filesSeen = 0;
  private filesParsed = 0;
  private filesSkipped = 0;
  private filesFailed = 0;
  private tracksRemoved = 0;
  private readonly albumsAdded = new Set<number>();
  private readonly albumsChanged = new Set<number>();
  private readonly albumsRemoved = new Set<number>();
  private readonly artistsAdded = new Set<number>();
  private readonly artistsChanged = new Set<number>();
  /** Albums that lost a track: removed at the end when none is left. */
  private readonly emptyCandidates = new Set<number>();
  /** Artists that gained or lost an album: their folder is recomputed. */
  private readonly touchedArtists = new Set<number>();
  private readonly unreadableDirs: string[] = [];
  private root = '';
  private lastProgressAt = 0;
  private lastScanRowAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly opts: ScanOptions,
  ) {}

  async execute(): Promise<ScanSummary> {
    const { db, opts } = this;
    const signal = opts.signal;
    signal?.throwIfAborted();
    const area = await resolveScanArea(opts.root, opts.subPath);
    this.root = area.root;
    // Only this map (path → size/mtime) is held for the whole run: a few MB for 50,000 tracks.
    const known = await findTrackMapUnder(db, area.prefix);
    const storedImages = await findAlbumFolderImagesUnder(db, area.prefix, parentFolderIfDisc(area.prefix));

    const concurrency = Math.max(1, opts.concurrency ?? 2);
    const limit = createLimiter(concurrency);
    // Parsing runs ahead of writing by a few album folders; writes go one folder at a time, in order.
    const maxAhead = Math.max(4, concurrency * 2);
    const pending: { unit: AlbumFolderUnit; results: Promise<ParseResult[]> }[] = [];
    const writeNext = async () => {
      const next = pending.shift()!;
      await this.writeUnit(next.unit, await next.results, storedImages);
      await this.tick();
    };

    try {
      for await (const unit of walkAlbumFolders(area, (dir, err) => this.unreadable(dir, err))) {
        signal?.throwIfAborted();
        const toRead: Promise<ParseResult>[] = [];
        for (const file of unit.audio) {
          this.filesSeen++;
          const stored = known.get(file.rel);
          known.delete(file.rel);
          if (stored && stored.size === file.size && stored.mtime_ms === file.mtimeMs) {
            this.filesSkipped++;
            continue;
          }
          toRead.push(limit(() => readTrack(file, unit.folder, stored, area.root, signal)));
        }
        pending.push({ unit, results: Promise.all(toRead) });
        while (pending.length > maxAhead) await writeNext();
        await this.tick();
      }
      while (pending.length > 0) {
        signal?.throwIfAborted();
        await writeNext();
      }
    } catch (err) {
      // Let queued parses drain (they stop early once aborted) so nothing outlives the scan.
      await Promise.allSettled(pending.map((p) => p.results));
      throw err;
    }

    signal?.throwIfAborted();
    // An unmounted drive or an emptied share looks like a library whose files were all deleted:
    // refuse to forget everything at once. Removing the tracks on purpose is a scan with files.
    if (area.exists && this.filesSeen === 0 && known.size > 0) {
      throw new ScanPathError(`no audio files found, but ${known.size} tracks are stored under this folder; nothing was removed (is the drive mounted?)`);
    }
    await this.removeVanished([...known.entries()].filter(([p]) => !this.underUnreadable(p)).map(([, t]) => t));
    await this.updateArtistFolders();
    return this.summary();
  }

  private async writeUnit(unit: AlbumFolderUnit, results: ParseResult[], storedImages: Map<string, Set<string>>): Promise<void> {
    const ok: Extract<ParseResult, { kind: 'ok' }>[] = [];
    for (const r of results) {
      if (r.kind === 'ok') ok.push(r);
      else if (r.kind === 'failed') this.fail(r.file.rel, r.error);
    }
    this.filesParsed += ok.length;
    const stored = storedImages.get(unit.folder);
    const imagesChanged = stored !== undefined && [...stored].some((s) => s !== unit.imageSignature);
    if (ok.length === 0 && !imagesChanged) return;

    await this.db.transaction().execute(async (trx) => {
      if (ok.length > 0) await this.writeTracks(trx, unit, ok);
      if (imagesChanged) {
        for (const id of await updateAlbumFolderImages(trx, unit.folder, unit.imageSignature)) {
          if (!this.albumsAdded.has(id)) this.albumsChanged.add(id);
        }
      }
    });
  }

  private async writeTracks(trx: Db, unit: AlbumFolderUnit, ok: Extract<ParseResult, { kind: 'ok' }>[]): Promise<void> {
    const artists = new Map<string, ArtistUpsert>();
    const albums = new Map<string, { artistKey: string; titleKey: string; first: TrackTags; tracks: typeof ok }>();
    for (const r of ok) {
      const artistKey = normaliseKey(r.tags.albumArtist);
      const artist = artists.get(artistKey);
      if (!artist) artists.set(artistKey, { name: r.tags.albumArtist, name_key: artistKey, mb_artist_id: r.tags.mbAlbumArtistId });
      else artist.mb_artist_id ??= r.tags.mbAlbumArtistId;
      const titleKey = normaliseKey(r.tags.albumTitle);
      const albumKey = `${artistKey}\u0000${titleKey}`;
      const album = albums.get(albumKey) ?? { artistKey, titleKey, first: r.tags, tracks: [] };
      album.tracks.push(r);
      albums.set(albumKey, album);
    }

    const artistIds = new Map<string, number>();
    for (const a of await upsertArtists(trx, [...artists.values()])) {
      artistIds.set(a.name_key, a.id);
      if (a.inserted) this.artistsAdded.add(a.id);
    }

    const albumRows: AlbumUpsert[] = [...albums.values()].map((a) => ({
      artist_id: artistIds.get(a.artistKey)!,
      title: a.first.albumTitle,
      title_key: a.titleKey,
      folder: unit.folder,
      year: firstOf(a.tracks, (t) => t.tags.year),
      mb_release_id: firstOf(a.tracks, (t) => t.tags.mbReleaseId),
      mb_release_group_id: firstOf(a.tracks, (t) => t.tags.mbReleaseGroupId),
      folder_images: unit.imageSignature,
    }));
    const albumIds = new Map<string, number>();
    for (const a of await upsertAlbums(trx, albumRows)) {
      albumIds.set(`${a.artist_id}\u0000${a.title_key}`, a.id);
      if (a.inserted) {
        this.albumsAdded.add(a.id);
        this.touchedArtists.add(a.artist_id);
      } else if (!this.albumsAdded.has(a.id)) {
        this.albumsChanged.add(a.id);
      }
    }

    const tracks: TrackUpsert[] = [];
    for (const a of albums.values()) {
      const albumId = albumIds.get(`${artistIds.get(a.artistKey)!}\u0000${a.titleKey}`)!;
      for (const r of a.tracks) {
        tracks.push(trackRow(r.file, r.tags, albumId));
        // A retagged file leaves its old album: that one changed, and may now be empty.
        if (r.previous && r.previous.album_id !== albumId) {
          this.albumsChanged.add(r.previous.album_id);
          this.emptyCandidates.add(r.previous.album_id);
        }
      }
    }
    await upsertTracks(trx, tracks);
  }

  private async removeVanished(vanished: StoredTrackState[]): Promise<void> {
    if (vanished.length === 0 && this.emptyCandidates.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const removed = await deleteTracksByIds(trx, vanished.map((t) => t.id));
      this.tracksRemoved += removed.length;
      for (const t of removed) {
        this.emptyCandidates.add(t.album_id);
        if (!this.albumsAdded.has(t.album_id)) this.albumsChanged.add(t.album_id);
      }
      const albums = await deleteEmptyAlbums(trx, [...this.emptyCandidates]);
      const artistCandidates = new Set<number>();
      for (const a of albums) {
        this.albumsRemoved.add(a.id);
        this.albumsChanged.delete(a.id);
        this.albumsAdded.delete(a.id);
        artistCandidates.add(a.artist_id);
        this.touchedArtists.add(a.artist_id);
      }
      for (const id of await deleteEmptyArtists(trx, [...artistCandidates])) {
        this.touchedArtists.delete(id);
        this.artistsAdded.delete(id);
      }
    });
  }

  /** artists.folder: the shared parent of the artist's album folders, when they all have the same one. */
  private async updateArtistFolders(): Promise<void> {
    const rows = await findAlbumFoldersByArtistIds(this.db, [...this.touchedArtists]);
    const byArtist = new Map<number, { stored: string | null; folders: string[] }>();
    for (const r of rows) {
      const a = byArtist.get(r.artist_id) ?? { stored: r.artist_folder, folders: [] };
      a.folders.push(r.album_folder);
      byArtist.set(r.artist_id, a);
    }
    const updates: { id: number; folder: string | null }[] = [];
    for (const [id, a] of byArtist) {
      const folder = artistFolder(a.folders);
      if (folder === a.stored) continue;
      updates.push({ id, folder });
      if (!this.artistsAdded.has(id)) this.artistsChanged.add(id);
    }
    await updateArtistFolders(this.db, updates);
  }

  private fail(rel: string, error: string): void {
    this.filesFailed++;
    if (this.failures.length < MAX_FAILURES) this.failures.push({ path: rel, error });
  }

  /** A folder that cannot be listed is reported, and what is stored under it is kept. */
  private unreadable(absDir: string, err: unknown): void {
    const rel = toPosix(path.relative(this.root, absDir));
    this.unreadableDirs.push(rel);
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (this.failures.length < MAX_FAILURES) this.failures.push({ path: rel, error: `folder cannot be read (${code})` });
  }

  private underUnreadable(rel: string): boolean {
    return this.unreadableDirs.some((d) => d === '' || rel.startsWith(`${d}/`));
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.opts.onProgress && now - this.lastProgressAt >= PROGRESS_EVERY_MS) {
      this.lastProgressAt = now;
      this.opts.onProgress(this.progress(false));
    }
    if (this.opts.scanId !== undefined && now - this.lastScanRowAt >= SCAN_ROW_EVERY_MS) {
      this.lastScanRowAt = now;
      await updateScanProgress(this.db, this.opts.scanId, this.counters());
    }
  }

  progress(done: boolean): ScanProgress {
    return {
      filesSeen: this.filesSeen,
      filesParsed: this.filesParsed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed,
      albumsAdded: this.albumsAdded.size,
      albumsChanged: this.albumsChanged.size,
      albumsRemoved: this.albumsRemoved.size,
      done,
    };
  }

  counters(): ScanCounters {
    const { done: _, ...p } = this.progress(false);
    return { ...p, tracksRemoved: this.tracksRemoved };
  }

  /**
   * The error recorded on the scans row, which clients may read: our own messages as they are,
   * anything else (a database or file-system error) reduced to its kind; the caller logs the rest.
   */
  describe(err: unknown): string {
    if (err instanceof PathOutsideLibraryError || err instanceof ScanPathError) return err.message;
    if (err instanceof Error && err.name === 'AbortError') return 'scan aborted';
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return code ? `scan failed (${code})` : 'scan failed (internal error)';
  }

  private summary(): ScanSummary {
    const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);
    return {
      filesSeen: this.filesSeen,
      filesParsed: this.filesParsed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed,
      failures: this.failures,
      albumsAdded: ids(this.albumsAdded),
      albumsChanged: ids(this.albumsChanged),
      albumsRemoved: ids(this.albumsRemoved),
      artistsAdded: ids(this.artistsAdded),
      artistsChanged: ids(this.artistsChanged),
      tracksRemoved: this.tracksRemoved,
    };
  }
}

function trackRow(file: FileEntry, tags: TrackTags, albumId: number): TrackUpsert {
  return {
    album_id: albumId,
    path: file.rel,
    size: file.size,
    mtime_ms: file.mtimeMs,
    title: tags.title,
    artist: tags.artist,
    track_no: tags.trackNo,
    disc_no: tags.discNo,
    format: tags.format,
    mb_track_id: tags.mbTrackId,
  };
}

function firstOf<T, V>(items: readonly T[], pick: (item: T) => V | null): V | null {
  for (const item of items) {
    const v = pick(item);
    if (v !== null) return v;
  }
  return null;
}

/** The folder holding every album folder, when they all sit directly in one; the root does not count. */
export function artistFolder(albumFolders: readonly string[]): string | null {
  let shared: string | null = null;
  for (const f of albumFolders) {
    if (f === '') return null;
    const parent = parentFolder(f);
    if (parent === '' || (shared !== null && parent !== shared)) return null;
    shared = parent;
  }
  return shared;
}

function parentFolder(rel: string): string {
  const parent = path.posix.dirname(rel);
  return parent === '.' ? '' : parent;
}

/** The album folder a scan starting at `rel` lands in (a disc folder belongs to its parent). */
function parentFolderIfDisc(rel: string): string {
  return rel !== '' && isDiscFolder(path.posix.basename(rel)) ? parentFolder(rel) : rel;
}

function toPosix(rel: string): string {
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** At most n calls of fn at once; a finishing call hands its slot straight to the next in line. */
function createLimiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active < n) active++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

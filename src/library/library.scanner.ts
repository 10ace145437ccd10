import path from 'node:path';
import type { Db } from '../db/database.js';
import type { LibraryChanges, LibraryHooks } from './library.changes.js';
import { PathOutsideLibraryError, ScanPathError } from './library.errors.js';
import { normaliseKey } from './library.keys.js';
import type { ScanProgress } from './library.progress.js';
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
  findMainAlbumOfFolder,
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
import { type ParseResult, type TrackTags, readTrack } from './library.tags.js';
import { type AlbumFolderUnit, type FileEntry, type IgnoredFile, type ScanArea, countAudioFiles, parentFolder, parentFolderIfDisc, resolveScanArea, toPosix, walkAlbumFolders } from './library.walk.js';

// The run of a scan and its bookkeeping: what was seen, written, removed, and the counters that
// progress reports. The walk is library.walk.ts, the tags library.tags.ts.

export interface ScanFailure {
  /** Relative to the library root (a file, or a folder that could not be listed). */
  path: string;
  error: string;
}

export interface ScanSummary extends LibraryChanges {
  filesSeen: number;
  /** Read successfully (new or changed files). filesSeen = filesParsed + filesSkipped + filesFailed. */
  filesParsed: number;
  /** Unchanged size and mtime: not read. */
  filesSkipped: number;
  filesFailed: number;
  /** The first MAX_FAILURES failures. */
  failures: ScanFailure[];
  /** Files of the scanned folders not read at all (not audio, a symlink out of the library). */
  filesIgnored: number;
  /** The first MAX_FAILURES of them, with the reason. */
  ignored: IgnoredFile[];
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
  /** Stops the walk and the reading of tags; the scan then rejects with an AbortError and removes nothing. */
  signal?: AbortSignal;
  /** A `scans` row to keep up to date and finish. */
  scanId?: number;
  /**
   * Told what the scan changed: `removed` inside the transaction that deletes albums and artists
   * whose files are gone, `changed` after each commit with what that commit changed (an album
   * folder's tracks, the removals, the artists' folders), so what follows (a cover job) starts
   * while the scan goes on; new artists at the end, once their folder is known. What a failed or
   * stopped scan wrote by then is told too.
   */
  hooks?: LibraryHooks;
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
      await finishScan(db, opts.scanId, { state: 'done', counters: run.counters(), failures: run.failures, ignored: run.ignored });
    }
    return summary;
  } catch (err) {
    if (opts.scanId !== undefined) {
      const error = run.describe(err);
      await finishScan(db, opts.scanId, { state: 'failed', counters: run.counters(), failures: run.failures, ignored: run.ignored, error }).catch(() => {});
    }
    // What was committed and not told yet (the new artists): the scan's own error is the one to report.
    await run.announce({ withArtists: true }).catch(() => {});
    throw err;
  } finally {
    opts.onProgress?.(run.progress(true));
  }
}

// ---------------------------------------------------------------------------------------------
// The run

class ScanRun {
  readonly failures: ScanFailure[] = [];
  readonly ignored: IgnoredFile[] = [];
  private filesIgnored = 0;
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
  private readonly artistsRemoved = new Set<number>();
  /** What was committed but not yet told to `hooks.changed`. */
  private fresh: LibraryChanges = noChanges();
  /** Albums that lost a track: removed at the end when none is left. */
  private readonly emptyCandidates = new Set<number>();
  /** Artists that gained or lost an album: their folder is recomputed. */
  private readonly touchedArtists = new Set<number>();
  private readonly unreadableDirs: string[] = [];
  private root = '';
  private filesTotal: number | null = null;
  private lastProgressAt = 0;
  private lastScanRowAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly opts: ScanOptions,
  ) {}

  async execute(): Promise<ScanSummary> {
    const { opts } = this;
    const signal = opts.signal;
    signal?.throwIfAborted();
    const area = await resolveScanArea(opts.root, opts.subPath);
    this.root = area.root;
    // The total, for progress, comes from a quick count beside the walk; it never fails the scan.
    const stopCounting = new AbortController();
    const counting = countAudioFiles(area, signal ? AbortSignal.any([signal, stopCounting.signal]) : stopCounting.signal).then(
      (n) => {
        this.filesTotal = n;
      },
      () => {},
    );
    try {
      return await this.walkAndWrite(area);
    } finally {
      stopCounting.abort();
      await counting;
    }
  }

  private async walkAndWrite(area: ScanArea): Promise<ScanSummary> {
    const { db, opts } = this;
    const signal = opts.signal;
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
      for await (const unit of walkAlbumFolders(area, (dir, err) => this.unreadable(dir, err), signal)) {
        signal?.throwIfAborted();
        this.filesIgnored += unit.ignored.length;
        this.ignored.push(...unit.ignored.slice(0, Math.max(0, MAX_FAILURES - this.ignored.length)));
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
          this.fresh.albumsChanged.push(id);
        }
      }
    });
    await this.announce();
  }

  /**
   * Tells `hooks.changed` what was committed since it was last told. New artists wait for the
   * end (`withArtists`): their folder, where their picture is, is known only once all their albums are.
   */
  async announce(opts: { withArtists?: boolean } = {}): Promise<void> {
    const fresh = this.fresh;
    this.fresh = noChanges();
    if (!opts.withArtists) {
      this.fresh.artistsAdded = fresh.artistsAdded;
      fresh.artistsAdded = [];
    }
    if (!Object.values(fresh).some((ids) => ids.length > 0)) return;
    const unique = (ids: number[]) => [...new Set(ids)];
    const added = new Set(fresh.albumsAdded);
    await this.opts.hooks?.changed?.({
      albumsAdded: unique(fresh.albumsAdded),
      albumsChanged: unique(fresh.albumsChanged).filter((id) => !added.has(id)),
      albumsRemoved: unique(fresh.albumsRemoved),
      artistsAdded: unique(fresh.artistsAdded),
      artistsChanged: unique(fresh.artistsChanged),
      artistsRemoved: unique(fresh.artistsRemoved),
    });
  }

  private async writeTracks(trx: Db, unit: AlbumFolderUnit, ok: Extract<ParseResult, { kind: 'ok' }>[]): Promise<void> {
    const artists = new Map<string, ArtistUpsert>();
    const albums = new Map<string, { artistKey: string; titleKey: string; first: TrackTags; tracks: typeof ok }>();
    const main = ok.some((r) => !r.tags.tagged.album || !r.tags.tagged.artist) ? await mainAlbumOfFolder(trx, unit.folder, ok) : undefined;
    for (const result of ok) {
      const r = main ? { ...result, tags: joinFolderAlbum(result.tags, main) } : result;
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
      if (a.inserted) {
        this.artistsAdded.add(a.id);
        this.fresh.artistsAdded.push(a.id);
      }
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
        this.fresh.albumsAdded.push(a.id);
        this.touchedArtists.add(a.artist_id);
      } else {
        // Added earlier in this scan and told already: new tracks (another folder's) may bring art, so it is told again as changed.
        if (!this.albumsAdded.has(a.id)) this.albumsChanged.add(a.id);
        this.fresh.albumsChanged.push(a.id);
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
          this.fresh.albumsChanged.push(r.previous.album_id);
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
        if (!this.albumsAdded.has(t.album_id)) {
          this.albumsChanged.add(t.album_id);
          this.fresh.albumsChanged.push(t.album_id);
        }
      }
      const albums = await deleteEmptyAlbums(trx, [...this.emptyCandidates]);
      const artistCandidates = new Set<number>();
      const gone = new Set(albums.map((a) => a.id));
      this.fresh.albumsChanged = this.fresh.albumsChanged.filter((id) => !gone.has(id));
      for (const a of albums) {
        this.albumsRemoved.add(a.id);
        this.fresh.albumsRemoved.push(a.id);
        this.albumsChanged.delete(a.id);
        this.albumsAdded.delete(a.id);
        artistCandidates.add(a.artist_id);
        this.touchedArtists.add(a.artist_id);
      }
      const artists = await deleteEmptyArtists(trx, [...artistCandidates]);
      for (const id of artists) {
        this.touchedArtists.delete(id);
        // Added and gone in one scan: nobody heard of it (the removed hook drops what it queued).
        if (!this.artistsAdded.delete(id)) this.artistsRemoved.add(id);
        this.fresh.artistsRemoved.push(id);
      }
      if (albums.length > 0 || artists.length > 0) await this.opts.hooks?.removed?.(trx, { albums: albums.map((a) => a.id), artists });
    });
    await this.announce();
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
      if (!this.artistsAdded.has(id)) {
        this.artistsChanged.add(id);
        this.fresh.artistsChanged.push(id);
      }
    }
    await updateArtistFolders(this.db, updates);
    await this.announce({ withArtists: true });
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
      filesTotal: this.filesTotal === null ? null : Math.max(this.filesTotal, this.filesSeen),
      filesParsed: this.filesParsed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed,
      filesIgnored: this.filesIgnored,
      artistsAdded: this.artistsAdded.size,
      albumsAdded: this.albumsAdded.size,
      albumsChanged: this.albumsChanged.size,
      albumsRemoved: this.albumsRemoved.size,
      done,
    };
  }

  counters(): ScanCounters {
    const { done: _, filesTotal: __, ...p } = this.progress(false);
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

  /** What the scan has committed so far, by id. */
  changes(): LibraryChanges {
    const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);
    return {
      albumsAdded: ids(this.albumsAdded),
      albumsChanged: ids(this.albumsChanged),
      albumsRemoved: ids(this.albumsRemoved),
      artistsAdded: ids(this.artistsAdded),
      artistsChanged: ids(this.artistsChanged),
      artistsRemoved: ids(this.artistsRemoved),
    };
  }

  private summary(): ScanSummary {
    return {
      filesSeen: this.filesSeen,
      filesParsed: this.filesParsed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed,
      failures: this.failures,
      filesIgnored: this.filesIgnored,
      ignored: this.ignored,
      ...this.changes(),
      tracksRemoved: this.tracksRemoved,
    };
  }
}

type FolderAlbum = Pick<TrackTags, 'albumArtist' | 'albumTitle'>;

/**
 * The album a folder's files without album tags join: the one most of its tagged files of this
 * scan name, else (only untagged files were read) the stored album holding most of its tracks.
 */
async function mainAlbumOfFolder(trx: Db, folder: string, ok: readonly Extract<ParseResult, { kind: 'ok' }>[]): Promise<FolderAlbum | undefined> {
  const votes = new Map<string, { album: FolderAlbum; n: number }>();
  for (const { tags } of ok) {
    if (!tags.tagged.album || !tags.tagged.artist) continue;
    const key = `${normaliseKey(tags.albumArtist)}\u0000${normaliseKey(tags.albumTitle)}`;
    const v = votes.get(key) ?? { album: { albumArtist: tags.albumArtist, albumTitle: tags.albumTitle }, n: 0 };
    v.n++;
    votes.set(key, v);
  }
  let best: { album: FolderAlbum; n: number } | undefined;
  for (const v of votes.values()) if (!best || v.n > best.n) best = v;
  if (best) return best.album;
  const stored = await findMainAlbumOfFolder(trx, folder, ok.map((r) => r.file.rel));
  return stored && { albumArtist: stored.artist_name, albumTitle: stored.title };
}

/**
 * A file without an album tag joins its folder's album; one with an album tag but no artist takes
 * the folder album's artist when it names the same album. A fully tagged file keeps its tags.
 */
function joinFolderAlbum(tags: TrackTags, main: FolderAlbum): TrackTags {
  if (!tags.tagged.album) return { ...tags, albumArtist: main.albumArtist, albumTitle: main.albumTitle };
  if (!tags.tagged.artist && normaliseKey(tags.albumTitle) === normaliseKey(main.albumTitle)) return { ...tags, albumArtist: main.albumArtist };
  return tags;
}

function noChanges(): LibraryChanges {
  return { albumsAdded: [], albumsChanged: [], albumsRemoved: [], artistsAdded: [], artistsChanged: [], artistsRemoved: [] };
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

import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { id3v23 } from '../../bench/lib/id3.js';
import { deleteCoversOfRemoved } from '../../src/covers/cover.library.js';
import type { Db } from '../../src/db/database.js';
import { findScanById, insertScan } from '../../src/library/library.repository.js';
import { PathOutsideLibraryError, ScanPathError } from '../../src/library/library.errors.js';
import type { ScanProgress } from '../../src/library/library.progress.js';
import { type ScanSummary, artistFolder, scanLibrary } from '../../src/library/library.scanner.js';
import { AUDIO_EXTENSIONS } from '../../src/library/library.walk.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/library', import.meta.url));

/** One row of the README's album table: the answers the scan must find. */
interface ExpectedAlbum {
  folder: string;
  albumArtist: string;
  title: string;
  year: number;
  format: string;
  tracks: string[];
  mbReleaseId: string | null;
  mbReleaseGroupId: string | null;
  mbAlbumArtistId: string | null;
}

async function readExpectedAlbums(): Promise<ExpectedAlbum[]> {
  const readme = await readFile(join(FIXTURE, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  return rows.map((line) => {
    const cells = line.split(' | ').map((c) => c.trim());
    const [, folder, albumArtist, title, year, format, tracks, mb] = cells;
    const id = (label: string) => mb!.match(new RegExp(`${label} \`([0-9a-f-]{36})\``))?.[1] ?? null;
    return {
      folder: folder!.replace(/`/g, '').replace(/\/$/, ''),
      albumArtist: albumArtist!,
      title: title!,
      year: Number(year),
      format: format!,
      tracks: tracks!.split('<br>').map((t) => t.match(/`([^`]+)`/)![1]!),
      mbReleaseId: id('release'),
      mbReleaseGroupId: id('release group'),
      mbAlbumArtistId: id('album artist'),
    };
  });
}

/** The short codec name the scanner stores, for the README's format column. */
const CODEC_OF: Record<string, string> = { mp3: 'mp3', flac: 'flac', m4a: 'aac', ogg: 'vorbis', opus: 'opus' };

describe('scanLibrary', () => {
  let t: TestDatabase;
  let db: Db;
  let expected: ExpectedAlbum[];
  let work: string;
  let lib: string;

  let statements = 0;
  beforeAll(async () => {
    t = await createTestDatabase({ onQuery: (e) => void (e.level === 'query' && statements++) });
    db = t.db;
    expected = await readExpectedAlbums();
    work = await mkdtemp(join(tmpdir(), 'scanner-test-'));
  });
  afterAll(async () => {
    await t.destroy();
    await rm(work, { recursive: true, force: true });
  });

  // Each test starts from empty tables and its own copy of the fixture library.
  let n = 0;
  beforeEach(async () => {
    await sql`truncate artists, albums, tracks, scans, covers restart identity cascade`.execute(db);
    lib = join(work, `lib${n++}`);
    await cp(FIXTURE, lib, { recursive: true });
  });

  const albumsWithArtists = () =>
    db
      .selectFrom('albums')
      .innerJoin('artists', 'artists.id', 'albums.artist_id')
      .select([
        'albums.id',
        'albums.title',
        'albums.folder',
        'albums.year',
        'albums.mb_release_id',
        'albums.mb_release_group_id',
        'albums.folder_images',
        'artists.name as artist',
        'artists.mb_artist_id',
        'artists.folder as artist_folder',
      ])
      .execute();

  const albumIdByFolder = async (folder: string) =>
    (await db.selectFrom('albums').select('id').where('folder', '=', folder).executeTakeFirstOrThrow()).id;

  it('finds every album of the fixture table with its artist, title, folder, year, tracks and MusicBrainz ids', async () => {
    const started = performance.now();
    const before = statements;
    const summary = await scanLibrary(db, { root: lib });
    const ms = performance.now() - started;
    const sent = statements - before;
    console.log(`fixture scan: ${summary.filesSeen} files, ${summary.albumsAdded.length} albums, ${sent} statements in ${ms.toFixed(0)} ms`);
    // Writes are batched per album folder (begin, artists, albums, tracks, commit), never per file.
    expect(sent).toBeLessThanOrEqual(5 * expected.length + 10);

    const audioInTable = expected.reduce((n, a) => n + a.tracks.length, 0);
    expect(summary.filesSeen).toBe(audioInTable + 2); // + the two broken files
    expect(summary.filesParsed).toBe(audioInTable);
    expect(summary.filesSkipped).toBe(0);
    expect(summary.albumsAdded).toHaveLength(expected.length);
    expect(summary.albumsChanged).toEqual([]);
    expect(summary.albumsRemoved).toEqual([]);
    expect(summary.artistsAdded).toHaveLength(new Set(expected.map((a) => a.albumArtist)).size);

    const albums = await albumsWithArtists();
    expect(albums).toHaveLength(expected.length);
    for (const e of expected) {
      const album = albums.find((a) => a.folder === e.folder);
      expect(album, e.folder).toMatchObject({
        title: e.title,
        artist: e.albumArtist,
        year: e.year,
        mb_release_id: e.mbReleaseId,
        mb_release_group_id: e.mbReleaseGroupId,
      });
      if (e.mbAlbumArtistId) expect(album!.mb_artist_id).toBe(e.mbAlbumArtistId);
      const tracks = await db.selectFrom('tracks').selectAll().where('album_id', '=', album!.id).orderBy('path').execute();
      expect(tracks.map((tr) => tr.path)).toEqual(e.tracks.map((f) => `${e.folder}/${f}`).sort());
      for (const tr of tracks) {
        expect(tr.format, tr.path).toBe(CODEC_OF[e.format]);
        expect(tr.track_no).toBeGreaterThan(0);
        // Fixture files are named "NN - Title.ext" and tagged with that title.
        expect(tr.title).toBe(tr.path.split('/').pop()!.replace(/^\d+ - /, '').replace(/\.[^.]+$/, ''));
      }
    }
  });

  it('keeps the album artist of a compilation, with each track artist on its track', async () => {
    await scanLibrary(db, { root: lib });
    const album = (await albumsWithArtists()).find((a) => a.folder === 'Various Artists/Summer Sampler')!;
    expect(album.artist).toBe('Various Artists');
    const tracks = await db.selectFrom('tracks').select(['title', 'artist']).where('album_id', '=', album.id).orderBy('track_no').execute();
    expect(tracks).toEqual([
      { title: 'Sunburn', artist: 'Amber Coast' },
      { title: 'Ice Cream Van', artist: 'Dusk Parade' },
      { title: 'Heatwave', artist: 'Guest Star' },
    ]);
    // The track artists did not become album artists of their own.
    const guest = await db.selectFrom('artists').select('id').where('name', '=', 'Guest Star').execute();
    expect(guest).toEqual([]);
  });

  it('keeps same-named albums in different folders apart', async () => {
    await scanLibrary(db, { root: lib });
    const live = (await albumsWithArtists()).filter((a) => a.artist === 'Echo Valley').sort((a, b) => a.year! - b.year!);
    expect(live.map((a) => [a.title, a.folder, a.year])).toEqual([
      ['Live', 'Echo Valley/Live 1999', 1999],
      ['Live', 'Echo Valley/Live 2004', 2004],
    ]);
    expect(live[0]!.id).not.toBe(live[1]!.id);
  });

  it('joins Disc 1 and Disc 2 into one album whose folder is their parent', async () => {
    await scanLibrary(db, { root: lib });
    const seasons = (await albumsWithArtists()).filter((a) => a.title === 'Seasons');
    expect(seasons).toHaveLength(1);
    expect(seasons[0]!.folder).toBe('Tidewater/Seasons');
    expect(seasons[0]!.folder_images).toMatch(/^front\.jpg:\d+:\d+$/);
    const tracks = await db
      .selectFrom('tracks')
      .select(['path', 'disc_no', 'track_no'])
      .where('album_id', '=', seasons[0]!.id)
      .orderBy('disc_no')
      .orderBy('track_no')
      .execute();
    expect(tracks).toEqual([
      { path: 'Tidewater/Seasons/Disc 1/01 - Spring.mp3', disc_no: 1, track_no: 1 },
      { path: 'Tidewater/Seasons/Disc 1/02 - Summer.mp3', disc_no: 1, track_no: 2 },
      { path: 'Tidewater/Seasons/Disc 2/01 - Autumn.mp3', disc_no: 2, track_no: 1 },
      { path: 'Tidewater/Seasons/Disc 2/02 - Winter.mp3', disc_no: 2, track_no: 2 },
    ]);
  });

  it('counts corrupt files as failed, with their relative paths, and goes on', async () => {
    const summary = await scanLibrary(db, { root: lib });
    expect(summary.filesFailed).toBe(2);
    expect(summary.failures.map((f) => f.path).sort()).toEqual(['Broken/Corrupt/01 - Corrupt.mp3', 'Broken/Corrupt/02 - Truncated.flac']);
    for (const f of summary.failures) {
      expect(f.error).not.toContain('\n');
      expect(f.error).not.toContain(lib);
    }
    const broken = await db.selectFrom('albums').select('id').where('folder', 'like', 'Broken%').execute();
    expect(broken).toEqual([]);
    expect(summary.albumsAdded).toHaveLength(expected.length);
  });

  it('records artist folders: the shared parent of the album folders', async () => {
    await scanLibrary(db, { root: lib });
    const artists = await db.selectFrom('artists').select(['name', 'folder']).execute();
    const folderOf = Object.fromEntries(artists.map((a) => [a.name, a.folder]));
    expect(folderOf['Northwind']).toBe('Northwind');
    expect(folderOf['Tidewater']).toBe('Tidewater');
    expect(folderOf['Various Artists']).toBe('Various Artists');
  });

  it('parses nothing on a second scan of an unchanged library', async () => {
    const first = await scanLibrary(db, { root: lib });
    const second = await scanLibrary(db, { root: lib });
    expect(second.filesSeen).toBe(first.filesSeen);
    expect(second.filesParsed).toBe(0);
    // The broken files have no stored row, so they are tried (and fail) again.
    expect(second.filesFailed).toBe(2);
    expect(second.filesSkipped).toBe(first.filesSeen - 2);
    expect(second).toMatchObject({ albumsAdded: [], albumsChanged: [], albumsRemoved: [], artistsAdded: [], artistsChanged: [], tracksRemoved: 0 });

    await rm(join(lib, 'Broken'), { recursive: true });
    const third = await scanLibrary(db, { root: lib });
    expect(third.filesSkipped).toBe(third.filesSeen);
    expect(third.filesParsed + third.filesFailed).toBe(0);
  });

  it('reparses only a touched file, and reports its album as changed', async () => {
    await scanLibrary(db, { root: lib });
    const later = new Date(Date.now() + 60_000);
    await utimes(join(lib, 'Birchwood/Green Room/02 - Fern.flac'), later, later);
    const summary = await scanLibrary(db, { root: lib });
    expect(summary.filesParsed).toBe(1);
    expect(summary.filesSkipped).toBe(summary.filesSeen - 1 - summary.filesFailed);
    expect(summary.albumsChanged).toEqual([await albumIdByFolder('Birchwood/Green Room')]);
    expect(summary.albumsAdded).toEqual([]);
    const track = await db.selectFrom('tracks').select('mtime_ms').where('path', '=', 'Birchwood/Green Room/02 - Fern.flac').executeTakeFirstOrThrow();
    expect(Math.round(track.mtime_ms / 1000)).toBe(Math.round(later.getTime() / 1000));
  });

  it('removes an album whose files are gone, then its artist when that was the last album, with their covers rows', async () => {
    await scanLibrary(db, { root: lib });
    const greenRoom = await albumIdByFolder('Birchwood/Green Room');
    const birchwood = (await db.selectFrom('artists').select('id').where('name', '=', 'Birchwood').executeTakeFirstOrThrow()).id;
    const artGallery = await albumIdByFolder('Northwind/Art Gallery');
    await db
      .insertInto('covers')
      .values([
        { entity_type: 'album', entity_id: greenRoom, status: 'PENDING', source: null, image_hash: null, upload_hash: null, trace: sql`'[]'::jsonb`, attempts: 0, next_retry_at: null, last_error: null, resolved_at: null },
        { entity_type: 'artist', entity_id: birchwood, status: 'PENDING', source: null, image_hash: null, upload_hash: null, trace: sql`'[]'::jsonb`, attempts: 0, next_retry_at: null, last_error: null, resolved_at: null },
        { entity_type: 'album', entity_id: artGallery, status: 'PENDING', source: null, image_hash: null, upload_hash: null, trace: sql`'[]'::jsonb`, attempts: 0, next_retry_at: null, last_error: null, resolved_at: null },
      ])
      .execute();

    await rm(join(lib, 'Birchwood/Green Room'), { recursive: true });
    await rm(join(lib, 'Northwind/Art Gallery/02 - Easel.flac'));
    // As the scan task runs it: covers removes its rows when the library announces the removal.
    const summary = await scanLibrary(db, { root: lib, hooks: { removed: deleteCoversOfRemoved } });

    expect(summary.albumsRemoved).toEqual([greenRoom]);
    expect(summary.albumsChanged).toEqual([artGallery]);
    expect(summary.tracksRemoved).toBe(3);
    expect(await db.selectFrom('artists').select('id').where('id', '=', birchwood).execute()).toEqual([]);
    const covers = await db.selectFrom('covers').select(['entity_type', 'entity_id']).execute();
    expect(covers).toEqual([{ entity_type: 'album', entity_id: artGallery }]);
    // Northwind keeps its other albums and its folder.
    expect(summary.artistsChanged).toEqual([]);
  });

  it('refuses to forget the whole library when its folder is suddenly empty (an unmounted drive)', async () => {
    const first = await scanLibrary(db, { root: lib });
    const stored = Number((await db.selectFrom('tracks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    for (const entry of await readdir(lib)) await rm(join(lib, entry), { recursive: true });
    await expect(scanLibrary(db, { root: lib })).rejects.toThrow(/no audio files found, but \d+ tracks are stored under this folder; nothing was removed/);
    const after = Number((await db.selectFrom('tracks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(stored);
    expect(first.filesParsed).toBeGreaterThan(0);
  });

  it('reports an album as changed when an image appears in its folder, without parsing anything', async () => {
    await scanLibrary(db, { root: lib });
    await writeFile(join(lib, 'Amber Coast/Harbour Lights/cover.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    await writeFile(join(lib, 'Tidewater/Seasons/Disc 2/scan.PNG'), Buffer.from('png'));
    const summary = await scanLibrary(db, { root: lib });
    expect(summary.filesParsed).toBe(0);
    expect(summary.albumsChanged).toEqual(
      [await albumIdByFolder('Amber Coast/Harbour Lights'), await albumIdByFolder('Tidewater/Seasons')].sort((a, b) => a - b),
    );
    const seasons = await db.selectFrom('albums').select('folder_images').where('folder', '=', 'Tidewater/Seasons').executeTakeFirstOrThrow();
    expect(seasons.folder_images).toMatch(/^Disc 2\/scan\.PNG:3:\d+\|front\.jpg:\d+:\d+$/);
  });

  it('moves a retagged or renamed folder: the old album goes, a new one comes', async () => {
    await scanLibrary(db, { root: lib });
    const old = await albumIdByFolder('Mirror Image/Left');
    await mkdir(join(lib, 'Mirror Image/Renamed'));
    await cp(join(lib, 'Mirror Image/Left'), join(lib, 'Mirror Image/Renamed'), { recursive: true });
    await rm(join(lib, 'Mirror Image/Left'), { recursive: true });
    const summary = await scanLibrary(db, { root: lib });
    expect(summary.albumsRemoved).toEqual([old]);
    expect(summary.albumsAdded).toEqual([await albumIdByFolder('Mirror Image/Renamed')]);
    expect(summary.filesParsed).toBe(2);
    expect(summary.tracksRemoved).toBe(2);
  });

  it('scans a sub-folder only, leaving the rest of the library alone', async () => {
    await scanLibrary(db, { root: lib });
    const before = await db.selectFrom('tracks').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await rm(join(lib, 'Amber Coast'), { recursive: true });
    const later = new Date(Date.now() + 60_000);
    await utimes(join(lib, 'Tidewater/Seasons/Disc 1/01 - Spring.mp3'), later, later);

    const summary = await scanLibrary(db, { root: lib, subPath: 'Tidewater/Seasons/Disc 1' });
    expect(summary).toMatchObject({ filesSeen: 2, filesParsed: 1, filesSkipped: 1, albumsRemoved: [], tracksRemoved: 0 });
    expect(summary.albumsChanged).toEqual([await albumIdByFolder('Tidewater/Seasons')]);
    // Amber Coast is outside the scanned folder: still there until a scan covers it.
    const after = await db.selectFrom('tracks').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const gone = await scanLibrary(db, { root: lib, subPath: join(lib, 'Amber Coast') });
    expect(gone.albumsRemoved).toHaveLength(1);
    expect(gone.tracksRemoved).toBe(2);
  });

  it('refuses a sub-path outside the library: ../, an absolute path elsewhere, a symlink pointing out', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-'));
    await cp(join(FIXTURE, 'Birchwood'), join(outside, 'Birchwood'), { recursive: true });
    await symlink(outside, join(lib, 'Escape'));
    try {
      for (const subPath of ['..', '../', '../../etc', 'Birchwood/../..', outside, '/etc', 'Escape', 'Escape/Birchwood']) {
        const err = await scanLibrary(db, { root: lib, subPath }).catch((e: unknown) => e);
        expect(err, subPath).toBeInstanceOf(PathOutsideLibraryError);
        expect((err as Error).message).toBe('path is outside the music library');
      }
      // Walking the whole library does not follow the link either.
      const summary = await scanLibrary(db, { root: lib });
      const escaped = await db.selectFrom('tracks').select('path').where('path', 'like', 'Escape%').execute();
      expect(escaped).toEqual([]);
      expect(summary.filesSeen).toBe(expected.reduce((n, a) => n + a.tracks.length, 0) + 2);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a missing root and a sub-path that is a file, naming no path', async () => {
    const missing = await scanLibrary(db, { root: join(work, 'no-such-library') }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ScanPathError);
    expect((missing as Error).message).toBe('the music library folder cannot be read');
    const file = await scanLibrary(db, { root: lib, subPath: 'Broken/Corrupt/notes.txt' }).catch((e: unknown) => e);
    expect(file).toBeInstanceOf(ScanPathError);
    expect((file as Error).message).toBe('the scan path is not a folder');
  });

  it('accepts a symlinked root and a sub-path given through it', async () => {
    const link = join(work, `link-${n}`);
    await symlink(lib, link);
    const summary = await scanLibrary(db, { root: link, subPath: join(link, 'Birchwood') });
    expect(summary.filesParsed).toBe(2);
    expect(await db.selectFrom('tracks').select('path').orderBy('path').execute()).toEqual([
      { path: 'Birchwood/Green Room/01 - Moss.flac' },
      { path: 'Birchwood/Green Room/02 - Fern.flac' },
    ]);
  });

  it('skips hidden files and folders and files that are not audio', async () => {
    await mkdir(join(lib, '.hidden'));
    await cp(join(FIXTURE, 'Birchwood/Green Room/01 - Moss.flac'), join(lib, '.hidden/01 - Moss.flac'));
    await cp(join(FIXTURE, 'Birchwood/Green Room/01 - Moss.flac'), join(lib, 'Birchwood/Green Room/._01 - Moss.flac'));
    await writeFile(join(lib, 'Birchwood/Green Room/playlist.m3u'), '01 - Moss.flac\n');
    const summary = await scanLibrary(db, { root: lib, subPath: '.' });
    expect(summary.filesSeen).toBe(expected.reduce((n, a) => n + a.tracks.length, 0) + 2);
    // Not audio is counted and named with the reason; hidden files are not the user's files at all.
    expect(summary.ignored).toContainEqual({ path: 'Birchwood/Green Room/playlist.m3u', reason: '.m3u is not an audio format the scanner reads' });
    expect(summary.ignored.map((i) => i.path).filter((p) => p.includes('.hidden') || p.includes('/._'))).toEqual([]);
    expect(summary.filesIgnored).toBe(summary.ignored.length);
  });

  it('indexes every audio container issue 9 lists, and reads real files under the other names their containers go by', async () => {
    const listed = ['mpc', 'mp+', 'm4b', 'm4p', 'mp1', 'mp2', 'spx', 'oga', 'mka', 'webm', 'weba', 'dff', 'dsf', 'asf', 'bwf', 'tta', 'wv', 'aif', 'aifc'];
    expect(listed.filter((ext) => !AUDIO_EXTENSIONS.has(ext))).toEqual([]);
    const pictures = fileURLToPath(new URL('../fixtures/pictures', import.meta.url));
    const dir = join(lib, 'Renamed/Other Names');
    await mkdir(dir, { recursive: true });
    await cp(join(pictures, 'Stone Circle/Obelisk/01 - Pillar.mpc'), join(dir, '01 - Pillar.mp+'));
    await cp(join(pictures, 'Spoken Word/Long Story/01 - Chapter One.m4b'), join(dir, '02 - Chapter One.m4p'));
    await cp(join(pictures, 'Redmond/Media Center/01 - Start.wma'), join(dir, '03 - Start.asf'));
    await cp(join(FIXTURE, 'Dusk Parade/Violet Hour/01 - Gloaming.ogg'), join(dir, '04 - Gloaming.oga'));
    const summary = await scanLibrary(db, { root: lib, subPath: 'Renamed' });
    expect(summary).toMatchObject({ filesSeen: 4, filesParsed: 4, filesFailed: 0, filesIgnored: 0 });
    const formats = await db.selectFrom('tracks').select(['path', 'format']).where('path', 'like', 'Renamed/%').orderBy('path').execute();
    expect(formats.map((f) => f.format)).toEqual(['musepack', 'aac', 'wma', 'vorbis']);
  });

  it('counts a symlinked audio file leading outside the library as ignored, with the reason', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'scan-outside-'));
    await cp(join(FIXTURE, 'Birchwood/Green Room/01 - Moss.flac'), join(outside, 'Moss.flac'));
    await symlink(join(outside, 'Moss.flac'), join(lib, 'Birchwood/Green Room/03 - Elsewhere.flac'));
    const summary = await scanLibrary(db, { root: lib, subPath: 'Birchwood' });
    expect(summary.ignored).toContainEqual({ path: 'Birchwood/Green Room/03 - Elsewhere.flac', reason: 'a symlink leading outside the library' });
    await rm(outside, { recursive: true, force: true });
  });

  it('reports progress and keeps the scans row up to date', async () => {
    const scan = await insertScan(db, { root: '', state: 'queued' });
    const progress: ScanProgress[] = [];
    const summary: ScanSummary = await scanLibrary(db, { root: lib, scanId: scan.id, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({
      filesSeen: summary.filesSeen,
      filesTotal: summary.filesSeen,
      filesParsed: summary.filesParsed,
      filesSkipped: summary.filesSkipped,
      filesFailed: summary.filesFailed,
      filesIgnored: summary.filesIgnored,
      artistsAdded: summary.artistsAdded.length,
      albumsAdded: summary.albumsAdded.length,
      albumsChanged: 0,
      albumsRemoved: 0,
      done: true,
    });
    expect(progress.filter((p) => p.done)).toHaveLength(1);
    const row = await findScanById(db, scan.id);
    expect(row).toMatchObject({
      state: 'done',
      files_seen: summary.filesSeen,
      files_parsed: summary.filesParsed,
      files_failed: 2,
      files_ignored: summary.filesIgnored,
      ignored: summary.ignored,
      artists_added: summary.artistsAdded.length,
      albums_added: summary.albumsAdded.length,
      error: null,
    });
    expect(row!.finished_at).toBeInstanceOf(Date);
    expect((row!.failures as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'Broken/Corrupt/01 - Corrupt.mp3',
      'Broken/Corrupt/02 - Truncated.flac',
    ]);
  });

  it('marks the scans row failed when the scan is refused or aborted, and removes nothing', async () => {
    const refused = await insertScan(db, { root: '..' });
    await expect(scanLibrary(db, { root: lib, subPath: '..', scanId: refused.id })).rejects.toBeInstanceOf(PathOutsideLibraryError);
    expect(await findScanById(db, refused.id)).toMatchObject({ state: 'failed', error: 'path is outside the music library' });

    await scanLibrary(db, { root: lib });
    await rm(join(lib, 'Birchwood'), { recursive: true });
    const controller = new AbortController();
    const aborted = await insertScan(db, { root: '' });
    const run = scanLibrary(db, { root: lib, scanId: aborted.id, signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toThrow();
    expect(await findScanById(db, aborted.id)).toMatchObject({ state: 'failed', error: 'scan aborted' });
    const birchwood = await db.selectFrom('albums').select('id').where('folder', '=', 'Birchwood/Green Room').execute();
    expect(birchwood).toHaveLength(1);
  });

  it('reads untagged files by their file and folder names', async () => {
    const dir = join(lib, 'Loose/Untagged Album');
    await mkdir(dir, { recursive: true });
    // A WAV without any tag: RIFF header and 0.1 s of silence.
    await writeFile(join(dir, 'Some Song.wav'), wav(8000, 800));
    await scanLibrary(db, { root: lib, subPath: 'Loose' });
    const album = (await albumsWithArtists()).find((a) => a.folder === 'Loose/Untagged Album')!;
    expect(album).toMatchObject({ title: 'Untagged Album', artist: 'Unknown Artist', artist_folder: 'Loose' });
    const track = await db.selectFrom('tracks').selectAll().where('album_id', '=', album.id).executeTakeFirstOrThrow();
    expect(track).toMatchObject({ title: 'Some Song', artist: null, track_no: null, format: 'pcm' });
  });

  describe('a folder of tagged files, untagged ones and random bytes named .mp3 (pictures fixture Odd Lot/Mixed Bag)', () => {
    const MIXED = fileURLToPath(new URL('../fixtures/pictures/Odd Lot/Mixed Bag', import.meta.url));
    const tracksOf = (folder: string) =>
      db
        .selectFrom('tracks')
        .innerJoin('albums', 'albums.id', 'tracks.album_id')
        .innerJoin('artists', 'artists.id', 'albums.artist_id')
        .where('albums.folder', '=', folder)
        .select(['tracks.path', 'tracks.title', 'albums.title as album', 'artists.name as albumArtist'])
        .orderBy('tracks.path')
        .execute();

    it('fails the random bytes with the reason, and the untagged files join the folder\'s album', async () => {
      await cp(MIXED, join(lib, 'Odd Lot/Mixed Bag'), { recursive: true });
      const summary = await scanLibrary(db, { root: lib, subPath: 'Odd Lot' });
      expect(summary).toMatchObject({
        filesSeen: 5,
        filesParsed: 4,
        filesFailed: 1,
        failures: [{ path: 'Odd Lot/Mixed Bag/05 - Noise.mp3', error: 'no audio frames and no tags: not an audio file' }],
      });
      expect(summary.albumsAdded).toHaveLength(1);
      expect(await tracksOf('Odd Lot/Mixed Bag')).toEqual([
        { path: 'Odd Lot/Mixed Bag/01 - Tagged One.mp3', title: 'Tagged One', album: 'Mixed Bag', albumArtist: 'Odd Lot' },
        { path: 'Odd Lot/Mixed Bag/02 - Tagged Two.mp3', title: 'Tagged Two', album: 'Mixed Bag', albumArtist: 'Odd Lot' },
        { path: 'Odd Lot/Mixed Bag/03 - No Tags.mp3', title: '03 - No Tags', album: 'Mixed Bag', albumArtist: 'Odd Lot' },
        { path: 'Odd Lot/Mixed Bag/04 - Raw Stream.aac', title: '04 - Raw Stream', album: 'Mixed Bag', albumArtist: 'Odd Lot' },
      ]);
      expect(await db.selectFrom('artists').select('name').execute()).toEqual([{ name: 'Odd Lot' }]);
    });

    it('an untagged file added later joins the stored album of its folder', async () => {
      const dir = join(lib, 'Odd Lot/Mixed Bag');
      await mkdir(dir, { recursive: true });
      for (const f of ['01 - Tagged One.mp3', '02 - Tagged Two.mp3']) await cp(join(MIXED, f), join(dir, f));
      await scanLibrary(db, { root: lib, subPath: 'Odd Lot' });
      await cp(join(MIXED, '03 - No Tags.mp3'), join(dir, '03 - Late Addition.mp3'));
      const later = await scanLibrary(db, { root: lib, subPath: 'Odd Lot' });
      expect(later).toMatchObject({ filesParsed: 1, filesSkipped: 2, albumsAdded: [], artistsAdded: [] });
      expect((await tracksOf('Odd Lot/Mixed Bag')).map((t) => [t.title, t.album, t.albumArtist])).toEqual([
        ['Tagged One', 'Mixed Bag', 'Odd Lot'],
        ['Tagged Two', 'Mixed Bag', 'Odd Lot'],
        ['03 - Late Addition', 'Mixed Bag', 'Odd Lot'],
      ]);
    });

    it('stores tags with the NULs music-metadata passes through removed (Postgres refuses them in text)', async () => {
      const dir = join(lib, 'Odd Lot/Mixed Bag');
      await mkdir(dir, { recursive: true });
      const audio = await readFile(join(MIXED, '03 - No Tags.mp3'));
      const tag = id3v23({ title: 'Nul\u0000Title', artist: 'Odd\u0000Lot', albumArtist: 'Odd\u0000Lot', album: 'Mixed Bag\u0000\u0000', track: '1/1', disc: '', year: '2022', padding: 0 });
      await writeFile(join(dir, '01 - Nul.mp3'), Buffer.concat([tag, audio]));
      const summary = await scanLibrary(db, { root: lib, subPath: 'Odd Lot' });
      expect(summary).toMatchObject({ filesParsed: 1, filesFailed: 0 });
      expect(await tracksOf('Odd Lot/Mixed Bag')).toEqual([{ path: 'Odd Lot/Mixed Bag/01 - Nul.mp3', title: 'NulTitle', album: 'Mixed Bag', albumArtist: 'OddLot' }]);
    });

    it('a file with an album tag but no artist takes the artist of the folder\'s album of that name', async () => {
      const dir = join(lib, 'Odd Lot/Mixed Bag');
      await mkdir(dir, { recursive: true });
      await cp(join(MIXED, '01 - Tagged One.mp3'), join(dir, '01 - Tagged One.mp3'));
      // The untagged encode with only an album tag (ID3v2.3 TALB), as some rippers leave a file.
      const audio = await readFile(join(MIXED, '03 - No Tags.mp3'));
      await writeFile(join(dir, '02 - Album Only.mp3'), Buffer.concat([id3v23({ title: '', artist: '', albumArtist: '', album: 'Mixed Bag', track: '', disc: '', year: '', padding: 0 }), audio]));
      await scanLibrary(db, { root: lib, subPath: 'Odd Lot' });
      expect((await tracksOf('Odd Lot/Mixed Bag')).map((t) => [t.title, t.album, t.albumArtist])).toEqual([
        ['Tagged One', 'Mixed Bag', 'Odd Lot'],
        ['02 - Album Only', 'Mixed Bag', 'Odd Lot'],
      ]);
    });
  });
});

describe('scanLibrary on the demo library', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.destroy());

  it('finds its seven albums, the CD1/CD2 one as a single album, without failures', async () => {
    const root = fileURLToPath(new URL('../../examples/demo-library', import.meta.url));
    const summary = await scanLibrary(t.db, { root });
    expect(summary).toMatchObject({ filesSeen: 19, filesParsed: 19, filesFailed: 0, failures: [] });
    const albums = await t.db.selectFrom('albums').select(['title', 'folder', 'folder_images']).orderBy('folder').execute();
    expect(albums.map((a) => a.folder)).toEqual([
      'Aurora Lines/Northern Drift',
      'Juniper Falls/Paper Boats',
      'Kite Orchestra/Open Fields',
      'Marble Harbour/Salt and Cedar',
      'Silverpine/Four Seasons',
      'The Lantern Choir/Quiet Weather',
      'Velvet Static/Night Bus',
    ]);
    expect(albums.find((a) => a.folder === 'Silverpine/Four Seasons')!.folder_images).toMatch(/^cover\.jpg:/);
  });
});

describe('artistFolder', () => {
  it('is the shared parent when every album folder sits directly in it', () => {
    expect(artistFolder(['A/One', 'A/Two'])).toBe('A');
    expect(artistFolder(['Rock/A/One'])).toBe('Rock/A');
    expect(artistFolder(['A/One', 'B/Two'])).toBeNull();
    expect(artistFolder(['A/One', 'A/Sub/Two'])).toBeNull();
    expect(artistFolder(['One'])).toBeNull(); // the library root is nobody's folder
    expect(artistFolder([''])).toBeNull();
  });
});

/** A PCM WAV file of `samples` silent 16-bit mono samples. */
function wav(rate: number, samples: number): Buffer {
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

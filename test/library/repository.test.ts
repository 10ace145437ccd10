import type { LogEvent } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteCoversOfRemoved } from '../../src/covers/cover.library.js';
import type { Db } from '../../src/db/database.js';
import { normaliseKey } from '../../src/library/library.keys.js';
import {
  countAlbums,
  countArtists,
  deleteEmptyAlbums,
  deleteEmptyArtists,
  deleteTracksByIds,
  findAlbumsByArtistIds,
  findAlbumsByIds,
  findArtistsByIds,
  findLatestScan,
  findScanById,
  findTrackMapUnder,
  findTracksByAlbumIds,
  findTracksByIds,
  finishScan,
  insertScan,
  pageAlbums,
  albumCursorOf,
  type AlbumCursor,
  pageArtists,
  updateScanProgress,
  upsertAlbums,
  upsertArtists,
  upsertTracks,
} from '../../src/library/library.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('library repository', () => {
  let t: TestDatabase;
  let db: Db;
  const queries: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ onQuery: (e: LogEvent) => e.level === 'query' && queries.push(e.query.sql) });
    db = t.db;
  });
  afterAll(() => t.destroy());
  beforeEach(async () => {
    await sql`truncate artists, albums, tracks, scans, covers restart identity cascade`.execute(db);
  });

  /** How many statements fn sends. */
  async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const before = queries.length;
    const result = await fn();
    return { result, queries: queries.length - before };
  }

  /** `artists` artists with `albumsEach` albums of `tracksEach` tracks; titles from `title(i)`. */
  async function seed(artists: number, albumsEach: number, tracksEach: number, title = (i: number) => `Album ${i}`) {
    const artistRows = await upsertArtists(
      db,
      Array.from({ length: artists }, (_, i) => ({ name: `Artist ${i}`, name_key: normaliseKey(`Artist ${i}`), mb_artist_id: null })),
    );
    const albumRows = await upsertAlbums(
      db,
      artistRows.flatMap((a, ai) =>
        Array.from({ length: albumsEach }, (_, j) => {
          const i = ai * albumsEach + j;
          return {
            artist_id: a.id,
            title: title(i),
            title_key: normaliseKey(title(i)),
            folder: `Artist ${ai}/${title(i)}`,
            year: 2000 + j,
            mb_release_id: null,
            mb_release_group_id: null,
            folder_images: '',
          };
        }),
      ),
    );
    await upsertTracks(
      db,
      albumRows.flatMap((al) =>
        Array.from({ length: tracksEach }, (_, k) => ({
          album_id: al.id,
          path: `${al.folder}/${String(tracksEach - k).padStart(2, '0')}.mp3`,
          size: 1000 + k,
          mtime_ms: 1_700_000_000_000.25 + k,
          title: `Track ${tracksEach - k}`,
          artist: null,
          track_no: tracksEach - k,
          disc_no: null,
          format: 'mp3',
          mb_track_id: null,
        })),
      ),
    );
    return { artists: artistRows, albums: albumRows };
  }

  describe('batched lookups: one statement for many ids', () => {
    it('findArtistsByIds, findAlbumsByIds, findTracksByIds', async () => {
      const { artists, albums } = await seed(30, 4, 3);
      const artistIds = artists.map((a) => a.id);
      const albumIds = albums.map((a) => a.id);

      const a = await countQueries(() => findArtistsByIds(db, [...artistIds, 99_999]));
      expect(a.queries).toBe(1);
      expect(a.result.map((r) => r.id).sort((x, y) => x - y)).toEqual(artistIds);

      const b = await countQueries(() => findAlbumsByIds(db, albumIds));
      expect(b.queries).toBe(1);
      expect(b.result).toHaveLength(120);

      const trackIds = (await db.selectFrom('tracks').select('id').execute()).map((r) => r.id);
      const c = await countQueries(() => findTracksByIds(db, trackIds));
      expect(c.queries).toBe(1);
      expect(c.result).toHaveLength(360);

      const none = await countQueries(() => findAlbumsByIds(db, []));
      expect(none).toEqual({ result: [], queries: 0 });
    });

    it('findAlbumsByArtistIds returns every album of every artist, ordered for grouping', async () => {
      const { artists } = await seed(25, 3, 1);
      const ids = artists.map((a) => a.id);
      const { result, queries: n } = await countQueries(() => findAlbumsByArtistIds(db, ids));
      expect(n).toBe(1);
      expect(result).toHaveLength(75);
      expect(result.map((r) => r.artist_id)).toEqual([...result.map((r) => r.artist_id)].sort((x, y) => x - y));
      expect(new Set(result.map((r) => r.artist_id))).toEqual(new Set(ids));
    });

    it('findTracksByAlbumIds returns tracks in play order', async () => {
      const { albums } = await seed(10, 2, 5);
      const { result, queries: n } = await countQueries(() => findTracksByAlbumIds(db, albums.map((a) => a.id)));
      expect(n).toBe(1);
      expect(result).toHaveLength(100);
      const first = result.filter((r) => r.album_id === albums[0]!.id);
      expect(first.map((r) => r.track_no)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  describe('pages', () => {
    it('pageAlbums visits every album exactly once, in (title_key, id) order, with and without search', async () => {
      // Duplicate titles (same key, ids decide), case variants, LIKE wildcards in titles.
      const titles = ['Live', 'live', 'LIVE', 'Alive', 'Zebra', '100% Live', 'Live_At', 'LiveXAt', 'Ålive', 'Blue', 'Red', 'Green'];
      await seed(3, titles.length, 0, (i) => titles[i % titles.length]!);
      const all = await db.selectFrom('albums').select(['id', 'title_key']).orderBy('title_key').orderBy('id').execute();
      expect(all).toHaveLength(36);

      for (const search of [undefined, 'live', 'LIVE', '%', '_', 'Live_', 'ålive', 'nothing']) {
        const seen: number[] = [];
        let after: AlbumCursor | undefined;
        for (let pages = 0; pages < 50; pages++) {
          const page = await pageAlbums(db, { filter: { search }, after, first: 4 });
          seen.push(...page.rows.map((r) => r.id));
          if (!page.hasNextPage) break;
          after = albumCursorOf(page.rows.at(-1)!, 'TITLE');
        }
        const key = search ? normaliseKey(search) : '';
        const expected = all.filter((a) => a.title_key.includes(key)).map((a) => a.id);
        expect(seen, `search ${search}`).toEqual(expected);
        expect(await countAlbums(db, { search }), `count ${search}`).toBe(expected.length);
      }
      // Wildcards match themselves only.
      expect((await pageAlbums(db, { filter: { search: '%' }, first: 100 })).rows.map((r) => r.title)).toEqual(['100% Live', '100% Live', '100% Live']);
      expect((await pageAlbums(db, { filter: { search: 'live_' }, first: 100 })).rows.every((r) => r.title === 'Live_At')).toBe(true);
    });

    it('pageAlbums: a page of exactly the remaining rows says there is no next page', async () => {
      await seed(1, 6, 0);
      const p1 = await pageAlbums(db, { first: 3 });
      expect(p1.hasNextPage).toBe(true);
      const last = p1.rows.at(-1)!;
      const p2 = await pageAlbums(db, { first: 3, after: albumCursorOf(last, 'TITLE') });
      expect(p2.rows).toHaveLength(3);
      expect(p2.hasNextPage).toBe(false);
    });

    it('pageArtists visits every artist exactly once with search; countArtists agrees', async () => {
      await seed(23, 1, 0);
      for (const search of [undefined, 'artist 1', '  ARTIST   2 ']) {
        const seen: number[] = [];
        let after: { key: string; id: number } | undefined;
        for (;;) {
          const page = await pageArtists(db, { search, after, first: 5 });
          seen.push(...page.rows.map((r) => r.id));
          if (!page.hasNextPage) break;
          after = { key: page.rows.at(-1)!.name_key, id: page.rows.at(-1)!.id };
        }
        const key = search ? normaliseKey(search) : '';
        const all = await db.selectFrom('artists').select(['id', 'name_key']).orderBy('name_key').orderBy('id').execute();
        const expected = all.filter((a) => a.name_key.includes(key)).map((a) => a.id);
        expect(seen).toEqual(expected);
        expect(new Set(seen).size).toBe(seen.length);
        expect(await countArtists(db, { search })).toBe(expected.length);
      }
    });
  });

  describe('scanner writes', () => {
    it('upsertArtists tells inserted from existing, keeps the name, fills a missing MusicBrainz id', async () => {
      const first = await upsertArtists(db, [{ name: 'The Band', name_key: 'the band', mb_artist_id: null }]);
      expect(first).toEqual([{ id: expect.any(Number), name_key: 'the band', inserted: true }]);
      const again = await upsertArtists(db, [
        { name: 'THE BAND', name_key: 'the band', mb_artist_id: 'f0e1d2c3-b4a5-4697-8899-aabbccddee03' },
        { name: 'Other', name_key: 'other', mb_artist_id: null },
      ]);
      expect(again.find((r) => r.name_key === 'the band')).toEqual({ id: first[0]!.id, name_key: 'the band', inserted: false });
      expect(again.find((r) => r.name_key === 'other')!.inserted).toBe(true);
      const [row] = await findArtistsByIds(db, [first[0]!.id]);
      expect(row).toMatchObject({ name: 'The Band', mb_artist_id: 'f0e1d2c3-b4a5-4697-8899-aabbccddee03' });
    });

    it('upsertAlbums keys on (artist, title key, folder) and keeps stored ids when tags drop them', async () => {
      const [artist] = await upsertArtists(db, [{ name: 'A', name_key: 'a', mb_artist_id: null }]);
      const base = { artist_id: artist!.id, title: 'Live', title_key: 'live', year: 1999, mb_release_id: 'r1', mb_release_group_id: null, folder_images: '' };
      const [one, two] = await upsertAlbums(db, [
        { ...base, folder: 'A/Live 1999' },
        { ...base, folder: 'A/Live 2004', year: 2004 },
      ]);
      expect(one!.inserted && two!.inserted).toBe(true);
      expect(one!.id).not.toBe(two!.id);
      const [again] = await upsertAlbums(db, [{ ...base, folder: 'A/Live 1999', year: null, mb_release_id: null, mb_release_group_id: 'g1' }]);
      expect(again).toMatchObject({ id: one!.id, inserted: false });
      expect((await findAlbumsByIds(db, [one!.id]))[0]).toMatchObject({ year: 1999, mb_release_id: 'r1', mb_release_group_id: 'g1' });
    });

    it('findTrackMapUnder takes the prefix literally and maps path to size and mtime', async () => {
      await seed(1, 1, 0);
      const [album] = await db.selectFrom('albums').select('id').execute();
      const track = (path: string) => ({ album_id: album!.id, path, size: 10, mtime_ms: 1.5, title: 't', artist: null, track_no: null, disc_no: null, format: null, mb_track_id: null });
      await upsertTracks(db, [track('A_b/1.mp3'), track('Axb/1.mp3'), track('A_b2/1.mp3'), track('100%/1.mp3'), track('1000/1.mp3')]);
      expect([...(await findTrackMapUnder(db, 'A_b')).keys()]).toEqual(['A_b/1.mp3']);
      expect([...(await findTrackMapUnder(db, '100%')).keys()]).toEqual(['100%/1.mp3']);
      expect((await findTrackMapUnder(db, '')).size).toBe(5);
      expect((await findTrackMapUnder(db, 'Axb')).get('Axb/1.mp3')).toEqual({ id: expect.any(Number), size: 10, mtime_ms: 1.5, album_id: album!.id });
    });

    it('deletes tracks, then only the albums and artists left empty, with their covers rows', async () => {
      const { artists, albums } = await seed(2, 2, 2);
      const [a0, a1] = artists;
      const cover = (entity_type: 'album' | 'artist', entity_id: number) => ({
        entity_type,
        entity_id,
        status: 'PENDING' as const,
        source: null,
        image_hash: null,
        upload_hash: null,
        trace: sql<never>`'[]'::jsonb`,
        attempts: 0,
        next_retry_at: null,
        last_error: null,
        resolved_at: null,
      });
      await db
        .insertInto('covers')
        .values([...albums.map((a) => cover('album', a.id)), cover('artist', a0!.id), cover('artist', a1!.id)])
        .execute();

      // Every track of artist 0, and one track of artist 1's first album.
      const artist0Albums = albums.filter((a) => a.artist_id === a0!.id).map((a) => a.id);
      const a1First = albums.find((a) => a.artist_id === a1!.id)!.id;
      const tracks = await findTracksByAlbumIds(db, [...artist0Albums, a1First]);
      const doomed = [...tracks.filter((tr) => tr.album_id !== a1First), tracks.find((tr) => tr.album_id === a1First)!];

      const coverCount = async () => Number((await db.selectFrom('covers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await coverCount();
      await db.transaction().execute(async (trx) => {
        const removed = await deleteTracksByIds(trx, doomed.map((tr) => tr.id));
        expect(removed).toHaveLength(5);
        const emptied = await deleteEmptyAlbums(trx, [...new Set(removed.map((r) => r.album_id))]);
        expect(emptied.map((r) => r.id).sort()).toEqual(artist0Albums.sort());
        const emptiedArtists = await deleteEmptyArtists(trx, [a0!.id, a1!.id]);
        expect(emptiedArtists).toEqual([a0!.id]);
        // The library leaves covers rows alone: covers removes its own, told in the same transaction.
        expect(Number((await trx.selectFrom('covers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
        await deleteCoversOfRemoved(trx, { albums: emptied.map((r) => r.id), artists: emptiedArtists });
      });

      const covers = await db.selectFrom('covers').select(['entity_type', 'entity_id']).orderBy('entity_type').orderBy('entity_id').execute();
      expect(covers).toEqual([
        ...albums.filter((a) => a.artist_id === a1!.id).map((a) => ({ entity_type: 'album', entity_id: a.id })),
        { entity_type: 'artist', entity_id: a1!.id },
      ]);
    });
  });

  describe('scans', () => {
    it('insertScan, updateScanProgress, finishScan, findScanById, findLatestScan', async () => {
      expect(await findLatestScan(db)).toBeUndefined();
      const first = await insertScan(db, { root: '' });
      const second = await insertScan(db, { root: 'Artist', state: 'queued' });
      expect(second).toMatchObject({ state: 'queued', files_seen: 0, failures: [], finished_at: null });
      expect((await findLatestScan(db))!.id).toBe(second.id);

      const counters = { filesSeen: 10, filesParsed: 7, filesSkipped: 2, filesFailed: 1, filesIgnored: 4, artistsAdded: 1, albumsAdded: 2, albumsChanged: 1, albumsRemoved: 0, tracksRemoved: 3 };
      await updateScanProgress(db, first.id, counters);
      expect(await findScanById(db, first.id)).toMatchObject({ state: 'running', files_seen: 10, files_failed: 1, files_ignored: 4, artists_added: 1, tracks_removed: 3 });

      await finishScan(db, first.id, { state: 'done', counters, failures: [{ path: 'a/b.mp3', error: 'not a recognised audio format' }], ignored: [{ path: 'a/notes.txt', reason: '.txt is not an audio format the scanner reads' }] });
      const done = await findScanById(db, first.id);
      expect(done).toMatchObject({ state: 'done', error: null, failures: [{ path: 'a/b.mp3', error: 'not a recognised audio format' }], ignored: [{ path: 'a/notes.txt', reason: '.txt is not an audio format the scanner reads' }] });
      expect(done!.finished_at).toBeInstanceOf(Date);
      expect(await findScanById(db, 12345)).toBeUndefined();
    });
  });
});

describe('normaliseKey', () => {
  it('lower-cases, applies NFKC, trims and folds inner whitespace', () => {
    expect(normaliseKey('  The   Beatles \t')).toBe('the beatles');
    expect(normaliseKey('ＡＢＣ')).toBe('abc'); // full-width letters
    expect(normaliseKey('Cafe\u0301')).toBe('café'); // combining accent composed
    expect(normaliseKey('Ǆ')).toBe('dž');
    expect(normaliseKey('a\u00a0b')).toBe('a b'); // no-break space
  });
});

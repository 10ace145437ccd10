/**
 * 9. Scale: what a page, a search and a rescan cost as the library grows (1k, 10k and 50k albums
 * in the full run). Per size: a database seeded in SQL (artists, albums, one track each, READY
 * covers) and an `api` service on it; the album folders exist on disk too (one hard-linked mp3 in
 * each), so the unchanged rescan reads real directories. Measured, alternating the sizes run after
 * run (so a busy minute on the shared machine hits every size alike), the median over the runs of
 * each run's median latency:
 *
 * - first page: the usual albums page (artist, tracks, cover) of 50, no totalCount;
 * - first page + totalCount: the same with totalCount (an exact count: grows with the library);
 * - cursor page: the same page from a cursor half-way through the library;
 * - search: `search:` a part of a title that matches one album (the pg_trgm index serves it);
 * - rescan: `scanLibrary` over the unchanged library (size and mtime compared, nothing read), files/s.
 *
 * The baseline of each figure is the smallest library's: flat with size means ratios near 1x.
 */
import { access, copyFile, link, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../../src/env.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { type BenchDatabase } from '../lib/postgres.js';
import { markAlbumCoversReady, storePoolImages } from '../lib/seed.js';
import { spawnService, type ChildServer } from '../lib/service.js';
import { median, ms, num, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const PAGE = 50;
/** Requests per case and run; the run's figure is their median. */
const REQUESTS = 15;
const ALBUMS_PER_ARTIST = 5;
const TRACK = join(PROJECT_ROOT, 'test/fixtures/library/Various Artists/Summer Sampler/01 - Sunburn.mp3');

const QUERY = `query ScalePage($first: Int!, $after: String, $search: String) {
  albums(first: $first, after: $after, search: $search) {
    pageInfo { hasNextPage endCursor }
    edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
  }
}`;
const COUNTED = `query ScalePageCounted($first: Int!) {
  albums(first: $first) {
    totalCount
    edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
  }
}`;

const folderOf = (i: number) => `Artist ${Math.floor(i / ALBUMS_PER_ARTIST)}/Album ${String(i).padStart(6, '0')}`;
const trackOf = (i: number) => `${folderOf(i)}/01.mp3`;

/** N album folders with one mp3 each (hard links of one fixture), made once and kept under bench/.data/. */
async function libraryOnDisk(albums: number): Promise<{ root: string; size: number; mtimeMs: number }> {
  const root = join(PROJECT_ROOT, 'bench/.data', `scale-${albums}`);
  const source = join(PROJECT_ROOT, 'bench/.data', 'scale-track.mp3');
  await mkdir(join(PROJECT_ROOT, 'bench/.data'), { recursive: true });
  await access(source).catch(() => copyFile(TRACK, source));
  const marker = join(root, '.complete');
  const exists = await access(marker).then(() => true, () => false);
  if (!exists) {
    for (let i = 0; i < albums; i++) {
      await mkdir(join(root, folderOf(i)), { recursive: true });
      await link(source, join(root, trackOf(i))).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    }
    await writeFile(marker, '');
  }
  const info = await stat(source);
  return { root, size: info.size, mtimeMs: info.mtimeMs };
}

/** The library in the tables, as a scan of `libraryOnDisk` would have left it, covers READY. */
async function seed(database: BenchDatabase, albums: number, file: { size: number; mtimeMs: number }, hashes: string[]): Promise<void> {
  const { db } = database;
  const artists = Math.ceil(albums / ALBUMS_PER_ARTIST);
  await sql`insert into artists (name, name_key, folder)
    select 'Artist ' || i, 'artist ' || i, 'Artist ' || i from generate_series(0, ${artists - 1}::int) i`.execute(db);
  await sql`insert into albums (artist_id, title, title_key, folder, year, folder_images)
    select r.id, 'Album ' || lpad(i::text, 6, '0'), 'album ' || lpad(i::text, 6, '0'),
           'Artist ' || (i / ${ALBUMS_PER_ARTIST}::int) || '/Album ' || lpad(i::text, 6, '0'), 1960 + i % 60, ''
    from generate_series(0, ${albums - 1}::int) i join artists r on r.name_key = 'artist ' || (i / ${ALBUMS_PER_ARTIST}::int)`.execute(db);
  await sql`insert into tracks (album_id, path, size, mtime_ms, title, track_no, disc_no, format)
    select a.id, a.folder || '/01.mp3', ${file.size}::bigint, ${file.mtimeMs}::double precision, 'Track of ' || a.title, 1, 1, 'MPEG'
    from albums a`.execute(db);
  const { rows } = await sql<{ id: number }>`select id from albums order by id`.execute(db);
  await markAlbumCoversReady(db, rows.map((r) => r.id), hashes);
}

interface Size {
  albums: number;
  database: BenchDatabase;
  service: ChildServer;
  root: string;
  middleCursor: string | null;
  search: string;
  figures: Record<Case, number[]>;
}

const CASES = ['first', 'counted', 'cursor', 'search', 'rescan'] as const;
type Case = (typeof CASES)[number];

async function gql(s: ChildServer, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: unknown[] }> {
  const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`scale: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body;
}

/** Median latency of REQUESTS sequential requests, ms. */
async function latency(s: ChildServer, query: string, variables: Record<string, unknown>, check: (data: any) => void): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const { data } = await gql(s, query, variables);
    out.push(performance.now() - t);
    check(data);
  }
  return median(out);
}

export const scale: Benchmark = {
  name: 'scale',
  title: 'Scale: page, search and rescan as the library grows',
  async run(ctx) {
    const sizes: Size[] = [];
    const runs = ctx.smoke ? 2 : 5;
    try {
      for (const albums of ctx.sizes.scaleAlbums) {
        const database = await ctx.pg.newDatabase(`scale_${albums}`);
        const disk = await libraryOnDisk(albums);
        await seed(database, albums, disk, await storePoolImages(database.db, 3));
        // A crowded machine may take a while to start three services: wait longer than the default.
        const service = await spawnService('api', { DATABASE_URL: database.url, SCAN_ON_START: 'false', MUSIC_DIR: disk.root }, { readyTimeoutMs: 180_000 }).catch(async (err: unknown) => {
          await database.drop();
          throw err;
        });
        // The same album (number 417, or the middle of a tiny library) in every size: one hit.
        const target = Math.min(417, Math.floor(albums / 2));
        const size: Size = { albums, database, service, root: disk.root, middleCursor: null, search: String(target).padStart(6, '0'), figures: { first: [], counted: [], cursor: [], search: [], rescan: [] } };
        // The cursor half-way through, taken from the service's own pages.
        let after: string | null = null;
        const step = Math.min(1000, Math.floor(albums / 2));
        for (let seen = 0; seen < albums / 2; seen += step) {
          const { data } = await gql(service, `query($first: Int!, $after: String) { albums(first: $first, after: $after) { pageInfo { endCursor } } }`, { first: step, after });
          after = data.albums.pageInfo.endCursor;
        }
        size.middleCursor = after;
        sizes.push(size);
        ctx.log(`scale: ${albums} albums seeded and served`);
        // Warm-up: the rescan that fills the page cache and checks that the seed is what a scan leaves.
        const s = await scanLibrary(database.db, { root: disk.root });
        if (s.filesSkipped !== albums) throw new Error(`scale: the rescan of ${albums} albums skipped ${s.filesSkipped} files of ${s.filesSeen} (parsed ${s.filesParsed})`);
        await latency(service, QUERY, { first: PAGE }, () => {});
      }
      const full = (data: any) => {
        if (data.albums.edges.length !== PAGE) throw new Error(`scale: a page of ${data.albums.edges.length} albums`);
      };
      for (let run = 0; run < runs; run++) {
        for (const size of sizes) {
          const { service, figures } = size;
          figures.first.push(await latency(service, QUERY, { first: PAGE }, full));
          figures.counted.push(await latency(service, COUNTED, { first: PAGE }, (d) => {
            if (d.albums.totalCount !== size.albums) throw new Error(`scale: totalCount ${d.albums.totalCount} of ${size.albums}`);
          }));
          figures.cursor.push(await latency(service, QUERY, { first: PAGE, after: size.middleCursor }, full));
          figures.search.push(await latency(service, QUERY, { first: PAGE, search: size.search }, (d) => {
            if (d.albums.edges.length !== 1) throw new Error(`scale: search "${size.search}" found ${d.albums.edges.length} albums`);
          }));
          const t = performance.now();
          const s = await scanLibrary(size.database.db, { root: size.root });
          if (s.filesSkipped !== size.albums) throw new Error(`scale: rescan skipped ${s.filesSkipped} of ${size.albums}`);
          figures.rescan.push(size.albums / ((performance.now() - t) / 1000));
        }
      }
      const smallest = sizes[0]!;
      const label: Record<Case, string> = {
        first: `first page (${PAGE}, artist, tracks, cover)`,
        counted: 'first page + totalCount',
        cursor: 'cursor page (half-way)',
        search: 'search (one hit)',
        rescan: 'unchanged rescan',
      };
      const rows: Row[] = [];
      for (const c of CASES) {
        for (const size of sizes) {
          const value = median(size.figures[c]);
          const base = median(smallest.figures[c]);
          const rate = c === 'rescan';
          rows.push({
            benchmark: this.title,
            case: `${label[c]}: ${num(size.albums)} albums`,
            figure: rate ? `${num(value)} files/s` : ms(value),
            baseline: rate ? `${num(base)} files/s (${num(smallest.albums)})` : `${ms(base)} (${num(smallest.albums)})`,
            ratio: times(value / base),
            values: { albums: size.albums, [rate ? 'filesPerSecond' : 'ms']: value, runs: size.figures[c].length, ...(rate ? {} : { requestsPerRun: REQUESTS }) },
          });
        }
      }
      rows.at(-1)!.note = `median over ${runs} alternated runs (sizes in turn) of each run's median of ${REQUESTS} sequential requests; baseline: the ${num(smallest.albums)}-album library, so flat with size reads ~1x; totalCount is an exact count and is expected to grow`;
      return rows;
    } finally {
      for (const s of sizes) {
        await s.service.stop();
        await s.database.drop();
      }
    }
  },
};

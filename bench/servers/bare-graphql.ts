/**
 * Baselines of benchmark 3, two hand-written handlers for the benchmark's albums page:
 *
 * - POST /graphql (the baseline): one SQL statement (page, artist, tracks, cover and image
 *   together), the rows shaped into the very JSON the GraphQL endpoint answers, JSON.stringify. No
 *   query parsing, validation or execution, no DataLoader: the least this machine does to answer
 *   the same page from the same tables.
 * - POST /repositories (the step between): the service's own repository functions, the same five
 *   statements its DataLoaders send (whole rows, through Kysely), shaped and stringified by hand.
 *   What separates it from the service is GraphQL execution; from the baseline, SQL and row parsing.
 *
 * Env: PORT, HOST, DATABASE_URL, POOL_SIZE.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { findCoversByKeys } from '../../src/covers/cover.repository.js';
import { createDatabase } from '../../src/db/database.js';
import { findImageInfoByHashes } from '../../src/images/image.repository.js';
import { snapSize } from '../../src/images/image.pipeline.js';
import { findArtistsByIds, findTracksByAlbumIds, pageAlbums } from '../../src/library/library.repository.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });

const PAGE = `
  select a.id, a.title, a.year, r.id as artist_id, r.name as artist_name,
         c.status, i.hash, i.width, i.height,
         coalesce(t.titles, '{}') as track_titles, coalesce(t.numbers, '{}') as track_numbers
  from (select * from albums order by title_key, id limit $1) a
  join artists r on r.id = a.artist_id
  left join covers c on c.entity_type = 'album' and c.entity_id = a.id
  left join images i on i.hash = c.image_hash
  left join lateral (
    select array_agg(title order by disc_no nulls first, track_no nulls last, path) as titles,
           array_agg(track_no order by disc_no nulls first, track_no nulls last, path) as numbers
    from tracks where album_id = a.id) t on true
  order by a.title_key, a.id`;

interface PageRow {
  id: number;
  title: string;
  year: number | null;
  artist_id: number;
  artist_name: string;
  status: string | null;
  hash: string | null;
  width: number | null;
  height: number | null;
  track_titles: string[];
  track_numbers: (number | null)[];
}

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

async function page(first: number): Promise<string> {
  const { rows } = await pool.query<PageRow>(PAGE, [first]);
  const edges = rows.map((r) => ({
    node: {
      id: globalId('Album', r.id),
      title: r.title,
      year: r.year,
      artist: { id: globalId('Artist', r.artist_id), name: r.artist_name },
      tracks: r.track_titles.map((title, i) => ({ title, trackNumber: r.track_numbers[i] ?? null })),
      cover: {
        status: r.status ?? 'PENDING',
        url: r.hash ? `/covers/${r.hash}/${snapSize(undefined, r.width!, r.height!)}.webp` : null,
      },
    },
  }));
  return JSON.stringify({ data: { albums: { edges } } });
}

const { db } = createDatabase(process.env.DATABASE_URL!, { poolSize: Number(process.env.POOL_SIZE ?? 10) });

/** The page the way the service's loaders fetch it: page, then artists + tracks + covers together, then images. */
async function pageThroughRepositories(first: number): Promise<string> {
  const { rows: albums } = await pageAlbums(db, { first });
  const [artists, tracks, covers] = await Promise.all([
    findArtistsByIds(db, [...new Set(albums.map((a) => a.artist_id))]),
    findTracksByAlbumIds(db, albums.map((a) => a.id)),
    findCoversByKeys(db, albums.map((a) => ({ type: 'album' as const, id: a.id }))),
  ]);
  const images = new Map((await findImageInfoByHashes(db, covers.flatMap((c) => (c.image_hash ? [c.image_hash] : [])))).map((i) => [i.hash, i]));
  const artistById = new Map(artists.map((a) => [a.id, a]));
  const coverByAlbum = new Map(covers.map((c) => [c.entity_id, c]));
  const tracksByAlbum = new Map<number, typeof tracks>();
  for (const t of tracks) tracksByAlbum.set(t.album_id, [...(tracksByAlbum.get(t.album_id) ?? []), t]);
  const edges = albums.map((a) => {
    const cover = coverByAlbum.get(a.id);
    const image = cover?.image_hash ? images.get(cover.image_hash) : undefined;
    const artist = artistById.get(a.artist_id)!;
    return {
      node: {
        id: globalId('Album', a.id),
        title: a.title,
        year: a.year,
        artist: { id: globalId('Artist', artist.id), name: artist.name },
        tracks: (tracksByAlbum.get(a.id) ?? []).map((t) => ({ title: t.title, trackNumber: t.track_no })),
        cover: { status: cover?.status ?? 'PENDING', url: image ? `/covers/${image.hash}/${snapSize(undefined, image.width, image.height)}.webp` : null },
      },
    };
  });
  return JSON.stringify({ data: { albums: { edges } } });
}

createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200).end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { variables?: { first?: number } };
    const answer = req.url === '/repositories' ? pageThroughRepositories : page;
    answer(body.variables?.first ?? 50).then(
      (json) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(json),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.on('SIGTERM', () => void Promise.all([pool.end(), db.destroy()]).finally(() => process.exit(0)));

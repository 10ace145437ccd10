import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAlbums, countArtists, pageAlbums } from '../../src/library/library.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedLibrary } from '../helpers/seed.js';

/** The plan Postgres picks for `query` when a sequential scan is off the table: which index serves it. */
async function planWithoutSeqScan(t: TestDatabase, query: string, params: unknown[]): Promise<string> {
  const client = await t.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const { rows } = await client.query(`explain ${query}`, params);
    await client.query('rollback');
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('search by a part of the title or name: a pg_trgm GIN index, not a scan of every row', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    // Enough rows that reading a whole btree costs more than the trigram lookup.
    await seedLibrary(t.db, { albums: 4000, artists: 4000, tracksPerAlbum: 1 });
    // What autovacuum does to a live table: moves GIN's pending list of fresh rows into the index.
    await t.pool.query('vacuum analyze albums, artists');
  });
  afterAll(() => t?.destroy());

  it('has pg_trgm installed by the migrations (the embedded Postgres ships it)', async () => {
    const { rows } = await t.pool.query(`select extname from pg_extension where extname = 'pg_trgm'`);
    expect(rows).toHaveLength(1);
    const { rows: indexes } = await t.pool.query(`select indexname from pg_indexes where indexname like '%trgm'`);
    expect(indexes.map((r: { indexname: string }) => r.indexname).sort()).toEqual(['albums_title_key_trgm', 'artists_name_key_trgm']);
  });

  it('serves an infix LIKE on albums.title_key and artists.name_key from the trigram indexes', async () => {
    expect(await planWithoutSeqScan(t, `select count(*) from albums where title_key like $1`, ['%album 0011%'])).toMatch(/Bitmap Index Scan on albums_title_key_trgm/);
    expect(await planWithoutSeqScan(t, `select count(*) from artists where name_key like $1`, ['%artist 79%'])).toMatch(/Bitmap Index Scan on artists_name_key_trgm/);
  });

  it('finds the same albums as before, escapes LIKE characters, and counts them', async () => {
    const page = await pageAlbums(t.db, { filter: { search: 'ALBUM 0011' }, first: 50 });
    expect(page.rows.map((a) => a.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Seed Album 0011${i}`));
    expect(await countAlbums(t.db, { search: 'album 0011' })).toBe(10);
    expect(await countAlbums(t.db, { search: '100%' })).toBe(0);
    expect(await countArtists(t.db, { search: 'artist 79' })).toBe(11); // 79, 790..799
  });
});

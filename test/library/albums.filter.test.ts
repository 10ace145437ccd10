import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import type { AlbumFilter, AlbumOrder, AlbumsOrderedQuery } from '../gql/graphql.js';
import { startTestApp, type GqlResult, type TestApp } from '../helpers/app.js';

const AlbumsOrdered = graphql(`
  query AlbumsOrdered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {
    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title year } }
    }
  }
`);

/**
 * A library with ties in every order: titles that fold to one key, albums sharing a year (and
 * some with none), several added in one transaction (one created_at), and covers of every kind.
 */
describe('albums: filter and orderBy', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  let artistA = 0;
  let artistB = 0;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    const db = t.app.db;
    const artists = await db
      .insertInto('artists')
      .values([
        { name: 'Alpha Band', name_key: 'alpha band', mb_artist_id: null, folder: null },
        { name: 'Beta Duo', name_key: 'beta duo', mb_artist_id: null, folder: null },
      ])
      .returning('id')
      .execute();
    artistA = artists[0]!.id;
    artistB = artists[1]!.id;
    // [name in this test, title, year, artist]
    const albums: [string, string, number | null, number][] = [
      ['live1', 'Live', 1999, artistA],
      ['live2', 'LIVE', 1999, artistB],
      ['live3', 'live', null, artistA],
      ['blue', 'Blue Night', 2004, artistA],
      ['red', 'Red Night', 2004, artistB],
      ['green', 'Green', null, artistB],
      ['amber', 'Amber', 1971, artistA],
      ['zed', 'Zed', 2020, artistB],
    ];
    // All in one statement: one created_at, so RECENTLY_ADDED ties everywhere and the id decides.
    const rows = await db
      .insertInto('albums')
      .values(albums.map(([, title, year, artist], i) => ({ artist_id: artist, title, title_key: title.toLowerCase(), folder: `f/${i}`, year, mb_release_id: null, mb_release_group_id: null, folder_images: '' })))
      .returning('id')
      .execute();
    albums.forEach(([name], i) => (ids[name] = rows[i]!.id));
    // Two added later, one microsecond apart (a JS Date could not tell them apart).
    await sql`update albums set created_at = created_at + interval '1 day' where id = ${ids.green}`.execute(db);
    await sql`update albums set created_at = created_at + interval '1 day 1 microsecond' where id = ${ids.amber}`.execute(db);
    const cover = (name: string, status: string, source: string | null) =>
      sql`insert into covers (entity_type, entity_id, status, source, trace) values ('album', ${ids[name]}, ${status}, ${source}, '[]')`.execute(db);
    await cover('live1', 'READY', 'FOLDER');
    await cover('live2', 'READY', 'EMBEDDED');
    await cover('blue', 'MISSING', 'PLACEHOLDER');
    await cover('red', 'FAILED', 'PLACEHOLDER');
    await cover('zed', 'PENDING', null);
    // live3, green and amber have no cover row: they read as PENDING.
  });
  afterAll(() => t?.stop());

  /** Every page of `first` albums, following endCursor; the ids in the order the API gave them. */
  async function walk(orderBy: AlbumOrder | undefined, first: number, filter?: AlbumFilter): Promise<{ ids: number[]; totals: number[] }> {
    const seen: number[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const res: GqlResult<AlbumsOrderedQuery> = await t.gql(AlbumsOrdered, { first, after, orderBy, filter });
      expect(res.errors).toBeUndefined();
      const page = res.data!.albums;
      totals.push(page.totalCount);
      seen.push(...page.edges.map((e) => Number(Buffer.from(e.node.id, 'base64url').toString().split(':')[1])));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    return { ids: seen, totals };
  }

  const expected = async (orderSql: string) =>
    (await sql<{ id: number }>`select id from albums order by ${sql.raw(orderSql)}`.execute(t.app.db)).rows.map((r) => r.id);

  it('pages through each order visiting every album once, ties broken by id, at any page size', async () => {
    const orders: [AlbumOrder | undefined, string][] = [
      [undefined, 'title_key, id'],
      ['TITLE', 'title_key, id'],
      ['YEAR', 'year asc nulls last, title_key, id'],
      ['RECENTLY_ADDED', 'created_at desc, id desc'],
    ];
    for (const [order, orderSql] of orders) {
      const want = await expected(orderSql);
      for (const first of [1, 2, 3, 8]) expect((await walk(order, first)).ids, `${order} by ${first}`).toEqual(want);
    }
    // The sorts do what their names say, not just what the SQL above says.
    const byYear = (await walk('YEAR', 3)).ids;
    expect(byYear[0]).toBe(ids.amber);
    expect(byYear.slice(-2)).toEqual([ids.green, ids.live3]); // no year: last, by title
    const recent = (await walk('RECENTLY_ADDED', 2)).ids;
    expect(recent.slice(0, 2)).toEqual([ids.amber, ids.green]);
  });

  it('keeps its place when albums are added before the cursor (keyset, not offset)', async () => {
    const first = await t.gql(AlbumsOrdered, { first: 3, orderBy: 'TITLE' });
    const page1 = first.data!.albums.edges.map((e) => e.node.title);
    expect(page1).toEqual(['Amber', 'Blue Night', 'Green']);
    const added = await t.app.db
      .insertInto('albums')
      .values({ artist_id: artistA, title: 'Aardvark', title_key: 'aardvark', folder: 'f/new', year: 1950, mb_release_id: null, mb_release_group_id: null, folder_images: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      const next = await t.gql(AlbumsOrdered, { first: 3, orderBy: 'TITLE', after: first.data!.albums.pageInfo.endCursor });
      expect(next.data!.albums.edges.map((e) => e.node.title)).toEqual(['Live', 'LIVE', 'live']);
    } finally {
      await t.app.db.deleteFrom('albums').where('id', '=', added.id).execute();
    }
  });

  it('refuses a cursor from another order, and one that is not a cursor, with BAD_USER_INPUT', async () => {
    const byTitle = await t.gql(AlbumsOrdered, { first: 2, orderBy: 'TITLE' });
    const cursor = byTitle.data!.albums.pageInfo.endCursor!;
    for (const orderBy of ['YEAR', 'RECENTLY_ADDED'] as const) {
      const res = await t.gql(AlbumsOrdered, { first: 2, orderBy, after: cursor });
      expect(res.errors?.[0]?.extensions?.code, orderBy).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(`orderBy TITLE, not ${orderBy}`);
    }
    const byYear = await t.gql(AlbumsOrdered, { first: 2, orderBy: 'YEAR' });
    expect((await t.gql(AlbumsOrdered, { first: 2, orderBy: 'TITLE', after: byYear.data!.albums.pageInfo.endCursor })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An old-style cursor ([key, id]) and garbage.
    for (const bad of [Buffer.from(JSON.stringify(['live', 1])).toString('base64url'), 'not a cursor', Buffer.from('["r","12.5",1]').toString('base64url')]) {
      expect((await t.gql(AlbumsOrdered, { first: 2, after: bad })).errors?.[0]?.extensions?.code, bad).toBe('BAD_USER_INPUT');
    }
  });

  it('filters by cover status (no cover row is PENDING), source, artist and title; totalCount agrees', async () => {
    const cases: [AlbumFilter, string[]][] = [
      [{ coverStatus: ['READY'] }, ['live1', 'live2']],
      [{ coverStatus: ['PENDING'] }, ['amber', 'green', 'live3', 'zed']],
      [{ coverStatus: ['MISSING', 'FAILED'] }, ['blue', 'red']],
      [{ source: ['FOLDER'] }, ['live1']],
      [{ source: ['PLACEHOLDER'], coverStatus: ['FAILED'] }, ['red']],
      [{ coverStatus: ['PENDING'], source: ['FOLDER'] }, []],
      [{ artistId: encodeId('Artist', artistB) }, ['green', 'live2', 'red', 'zed']],
      [{ artistId: encodeId('Artist', artistB), search: 'night' }, ['red']],
      [{ search: 'LIVE', coverStatus: ['READY', 'PENDING'] }, ['live1', 'live2', 'live3']],
      [{ coverStatus: [] }, []],
    ];
    for (const [filter, names] of cases) {
      const want = names.map((n) => ids[n]!).sort((a, b) => a - b);
      const { ids: got, totals } = await walk('TITLE', 2, filter);
      expect([...got].sort((a, b) => a - b), JSON.stringify(filter)).toEqual(want);
      expect(new Set(totals), JSON.stringify(filter)).toEqual(new Set([want.length]));
    }
    // Filters and orders combine: READY albums newest first.
    expect((await walk('RECENTLY_ADDED', 1, { coverStatus: ['READY'] })).ids).toEqual([ids.live2, ids.live1]);
  });

  it('refuses an artistId that is not an Artist id, and two different searches, with BAD_USER_INPUT', async () => {
    for (const artistId of [encodeId('Album', ids.live1!), 'nonsense']) {
      const res = await t.gql(AlbumsOrdered, { first: 2, filter: { artistId } });
      expect(res.errors?.[0]?.extensions?.code, artistId).toBe('BAD_USER_INPUT');
    }
    const res = await t.gql('query { albums(search: "live", filter: { search: "night" }) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const same = await t.gql('query { albums(search: "night", filter: { search: "night" }) { totalCount } }');
    expect(same.data?.albums.totalCount).toBe(2);
  });
});

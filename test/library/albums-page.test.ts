import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalise } from '../../src/images/image.pipeline.js';
import { createImageStore } from '../../src/images/image.store.js';
import { graphql } from '../gql/index.js';
import type { AlbumFilter, AlbumOrder } from '../gql/graphql.js';
import { encodeId } from '../../src/schema/builder.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { solidJpeg } from '../helpers/images.js';
import { seedLibrary } from '../helpers/seed.js';

// The usual page of a frontend: albums with their artist, tracks and cover.
const UsualPage = graphql(`
  query UsualAlbumsPage($first: Int!) {
    albums(first: $first) {
      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
    }
  }
`);

const UsualPageWithCount = graphql(`
  query UsualAlbumsPageWithCount($first: Int!) {
    albums(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title artist { id name } tracks { title trackNumber } cover { status url dominantColor } } }
    }
  }
`);

// The same selection through a named fragment, an inline fragment and aliases.
const UsualPageByFragments = graphql(`
  query UsualAlbumsPageByFragments($first: Int!) {
    albums(first: $first) { edges { node { ...PageAlbum cover { status url } } } }
  }
  fragment PageAlbum on Album { id title who: artist { id name } ... on Album { songs: tracks(first: 2) { title } } }
`);

// The usual page in any order and filter, first or next page.
const UsualPageFiltered = graphql(`
  query UsualAlbumsPageFiltered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {
    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      pageInfo { hasNextPage endCursor }
      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
    }
  }
`);

// The same fields read through `nodes`, which has no look-ahead: what the primed loaders must equal.
const SameAlbumsByNodes = graphql(`
  query SameAlbumsByNodes($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Album { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
  }
`);

describe('the albums page: a look-ahead fetches artist, tracks and cover in one statement', () => {
  let t: TestApp;
  let statements: string[] = [];
  let ids: number[] = [];
  let artistId = '';

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', db: { onQuery: (e) => statements.push(e.query.sql) } });
    ids = await seedLibrary(t.app.db, { albums: 130, artists: 25, tracksPerAlbum: 5 });
    // A library already resolved: READY covers with real stored images (all but the last ten albums).
    const store = createImageStore(t.app.db, { cacheBytes: 0 });
    const hashes: string[] = [];
    for (const hex of ['#3366cc', '#cc6633']) {
      const img = await normalise(await solidJpeg(hex, 300));
      await store.put(img);
      hashes.push(img.hash);
    }
    await t.app.db
      .insertInto('covers')
      .values(ids.slice(0, 120).map((id, i) => ({ entity_type: 'album' as const, entity_id: id, status: 'READY' as const, source: 'EMBEDDED' as const, image_hash: hashes[i % 2]!, upload_hash: null, trace: '[]', next_retry_at: null, last_error: null, resolved_at: new Date() })))
      .execute();
    await sql`analyze`.execute(t.app.db);
    const album = await t.app.db.selectFrom('albums').select('artist_id').where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    artistId = encodeId('Artist', album.artist_id);
  });
  afterAll(() => t?.stop());

  async function counted<T>(run: () => Promise<T>): Promise<{ count: number; result: T }> {
    statements = [];
    const result = await run();
    return { count: statements.length, result };
  }

  it('costs at most 3 statements for 10 and for 100 albums', async () => {
    const ten = await counted(() => t.gql(UsualPage, { first: 10 }));
    const hundred = await counted(() => t.gql(UsualPage, { first: 100 }));
    expect(ten.result.errors).toBeUndefined();
    expect(hundred.result.errors).toBeUndefined();
    const nodes = hundred.result.data!.albums.edges.map((e) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.every((n) => n.tracks.length === 5 && n.artist.name.startsWith('Seed Artist') && n.cover.status === 'READY' && n.cover.url?.startsWith('/covers/'))).toBe(true);
    expect(ten.count).toBeLessThanOrEqual(3);
    expect(hundred.count).toBeLessThanOrEqual(3);
    expect(hundred.count).toBe(ten.count);
    // totalCount is not selected: nothing counts the albums.
    expect(statements.some((q) => /count\(/i.test(q))).toBe(false);
  });

  it('stays at 3 with totalCount and pageInfo selected, and through fragments and aliases', async () => {
    const withCount = await counted(() => t.gql(UsualPageWithCount, { first: 100 }));
    expect(withCount.result.errors).toBeUndefined();
    expect(withCount.result.data!.albums.totalCount).toBe(130);
    expect(withCount.count).toBeLessThanOrEqual(3);
    expect(statements.filter((q) => /count\(/i.test(q))).toHaveLength(1);
    const byFragments = await counted(() => t.gql(UsualPageByFragments, { first: 100 }));
    expect(byFragments.result.errors).toBeUndefined();
    const node = byFragments.result.data!.albums.edges[0]!.node;
    expect(node.who.name).toMatch(/^Seed Artist/);
    expect(node.songs.map((s) => s.title)).toEqual(['Track 1', 'Track 2']);
    expect(byFragments.count).toBeLessThanOrEqual(2);
  });

  it('answers exactly what the loaders alone answer', async () => {
    const page = await t.gql(UsualPage, { first: 100 });
    const nodes = page.data!.albums.edges.map((e) => e.node);
    const alone = await t.gql(SameAlbumsByNodes, { ids: nodes.map((n) => n.id) });
    expect(alone.errors).toBeUndefined();
    expect(alone.data!.nodes).toEqual(nodes);
  });

  it('sends albums without a cover row through the loader: their rows are made and NORMAL jobs queued', async () => {
    // The last ten albums by title have no cover row.
    const all = await t.gql(UsualPage, { first: 130 });
    expect(all.errors).toBeUndefined();
    const last = all.data!.albums.edges.slice(120).map((e) => e.node);
    expect(last.every((n) => n.cover.status === 'PENDING' && n.cover.url === null)).toBe(true);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'resolve_cover' and priority = 0`);
    expect(rows[0].n).toBe(10);
  });

  it('primes the same way in every order and filter, on the first page and the next', async () => {
    const filters: AlbumFilter[] = [{}, { search: 'album 001' }, { coverStatus: ['READY'] }, { source: ['EMBEDDED'] }, { artistId }, { search: 'seed', coverStatus: ['READY', 'FAILED'] }];
    const orders: AlbumOrder[] = ['TITLE', 'YEAR', 'RECENTLY_ADDED'];
    let settledPages = 0;
    for (const orderBy of orders) {
      for (const filter of filters) {
        let after: string | null = null;
        for (const which of ['first', 'next']) {
          const page = await counted(() => t.gql(UsualPageFiltered, { first: 3, after, orderBy, filter }));
          const label = `${orderBy} ${JSON.stringify(filter)} ${which} page`;
          expect(page.result.errors, label).toBeUndefined();
          const nodes = page.result.data!.albums.edges.map((e) => e.node);
          expect(nodes.length, label).toBeGreaterThan(0);
          // A page of settled covers costs the page and the look-ahead, nothing else (the ten albums
          // without a READY cover go through the cover loader, which the PENDING test covers).
          if (nodes.every((n) => n.cover.status === 'READY')) {
            settledPages++;
            expect(page.count, label).toBeLessThanOrEqual(2);
          }
          const alone = await t.gql(SameAlbumsByNodes, { ids: nodes.map((n) => n.id) });
          expect(alone.data!.nodes, label).toEqual(nodes);
          after = page.result.data!.albums.pageInfo.endCursor ?? null;
        }
      }
    }
    expect(settledPages).toBeGreaterThanOrEqual(24);
  });

  it('answers a page of albums without cover rows (coverStatus PENDING) as the loaders do, rows made on the way', async () => {
    for (const orderBy of ['TITLE', 'YEAR', 'RECENTLY_ADDED'] as const) {
      const page = await t.gql(UsualPageFiltered, { first: 4, orderBy, filter: { coverStatus: ['PENDING'] } });
      expect(page.errors).toBeUndefined();
      const nodes = page.data!.albums.edges.map((e) => e.node);
      expect(nodes).toHaveLength(4);
      expect(nodes.every((n) => n.cover.status === 'PENDING' && n.tracks.length === 5)).toBe(true);
      const alone = await t.gql(SameAlbumsByNodes, { ids: nodes.map((n) => n.id) });
      expect(alone.data!.nodes).toEqual(nodes);
    }
  });
});

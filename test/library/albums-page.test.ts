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
import { findAlbumPageDetails } from '../../src/library/library.page.repository.js';
import { findArtistsByIds, findTrackViewsByAlbumIds } from '../../src/library/library.repository.js';
import { findCoversByKeys } from '../../src/covers/cover.repository.js';
import { TRACK_VIEW_COLUMNS } from '../../src/library/library.table.js';
import { trackColumnsFor } from '../../src/library/library.schema.js';
import { schema } from '../../src/schema/index.js';
import { GraphQLObjectType } from 'graphql';
import { findImageInfoByHashes } from '../../src/images/image.repository.js';

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

// The page's tracks with two columns, and the first album again with every track field: the
// look-ahead's partial tracks must not answer the second.
// (reached through the artist, so after the page has read its own).
const PageAndAlbumAgain = graphql(`
  query PageAndAlbumAgain($first: Int!) {
    albums(first: $first) {
      edges { node { id tracks { title } artist { albums(first: 10) { edges { node { id tracks(first: 5) { id title path format discNumber trackNumber artist album { id } } } } } } } }
    }
  }
`);

// The page's covers without their trace, and the same covers again with it (through the artist, so
// after the page has read its own): the look-ahead's trace-less rows must not answer the second.
const PageCoversAndAgainWithTrace = graphql(`
  query PageCoversAndAgainWithTrace($first: Int!) {
    albums(first: $first) {
      edges { node { id cover { status } artist { albums(first: 10) { edges { node { id cover { status trace { source outcome } } } } } } } }
    }
  }
`);

const PageWithTrace = graphql(`
  query PageWithTrace($first: Int!) {
    albums(first: $first) { edges { node { id cover { status updatedAt pinned trace { source outcome } } } } }
  }
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

const SameAlbumsByNodesWithTrace = graphql(`
  query SameAlbumsByNodesWithTrace($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Album { id cover { status updatedAt pinned trace { source outcome } } } }
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

  it('reads, as one JSON text, the very rows the loaders read (timestamps as the same Dates, jsonb as values)', async () => {
    const db = t.app.db;
    // Timestamps with microseconds and in other zones, a trace and an attribution to carry through.
    await sql`update artists set mb_artist_searched_at = timestamptz '2026-03-04 05:06:07.891234+02', updated_at = timestamptz '1999-12-31 23:59:59.999999+00' where id = (select artist_id from albums where id = ${ids[0]!})`.execute(db);
    await sql`update covers set next_retry_at = now() + interval '1 day 0.123456 s', trace = '[{"source":"EMBEDDED","outcome":"hit","ms":3}]' where entity_id = ${ids[1]!} and entity_type = 'album'`.execute(db);
    const someIds = ids.slice(0, 4).concat(ids.slice(125));
    const details = await findAlbumPageDetails(db, someIds, { artist: true, tracks: TRACK_VIEW_COLUMNS, cover: { trace: true } });
    expect(details.map((d) => d.albumId).sort()).toEqual([...someIds].sort());
    const albums = await db.selectFrom('albums').select(['id', 'artist_id']).where('id', 'in', someIds).execute();
    const artists = new Map((await findArtistsByIds(db, albums.map((a) => a.artist_id))).map((a) => [a.id, a]));
    const covers = new Map((await findCoversByKeys(db, someIds.map((id) => ({ type: 'album' as const, id })))).map((c) => [c.entity_id, c]));
    const tracks = await findTrackViewsByAlbumIds(db, someIds);
    const images = new Map((await findImageInfoByHashes(db, [...covers.values()].flatMap((c) => (c.image_hash ? [c.image_hash] : [])))).map((i) => [i.hash, i]));
    for (const d of details) {
      const album = albums.find((a) => a.id === d.albumId)!;
      expect(d.artist).toStrictEqual(artists.get(album.artist_id));
      expect(d.tracks).toStrictEqual(tracks.filter((x) => x.album_id === d.albumId));
      const cover = covers.get(d.albumId) ?? null;
      // Only the columns a cover view reads (CoverViewRow), with the same values.
      expect(d.cover).toStrictEqual(cover && { status: cover.status, source: cover.source, upload_hash: cover.upload_hash, attempts: cover.attempts, updated_at: cover.updated_at, trace: cover.trace });
      const image = cover?.image_hash ? images.get(cover.image_hash)! : null;
      expect(d.image).toStrictEqual(image && { hash: image.hash, width: image.width, height: image.height, dominant_color: image.dominant_color, thumbhash: image.thumbhash, attribution: image.attribution });
    }
    expect(details.filter((d) => d.cover === null)).toHaveLength(5);
  });

  it('reads a cover\'s trace only when the page selects it, and then answers it', async () => {
    const attempt = { source: 'EMBEDDED', outcome: 'FOUND', detail: 'front cover in 01.flac', durationMs: 3, at: '2026-12-03T08:00:00.000Z' };
    await sql`update covers set trace = ${JSON.stringify([attempt])}::jsonb where entity_id = ${ids[1]!} and entity_type = 'album'`.execute(t.app.db);
    const withTrace = await t.gql(PageWithTrace, { first: 120 });
    expect(withTrace.errors).toBeUndefined();
    const traced = withTrace.data!.albums.edges.filter((e) => e.node.cover.trace.length > 0);
    expect(traced.map((e) => e.node.cover.trace)).toEqual([[{ source: 'EMBEDDED', outcome: 'FOUND' }]]);
    const alone = await t.gql(SameAlbumsByNodesWithTrace, { ids: withTrace.data!.albums.edges.map((e) => e.node.id) });
    expect(alone.data!.nodes).toEqual(withTrace.data!.albums.edges.map((e) => e.node));
    const [bare] = await findAlbumPageDetails(t.app.db, [ids[1]!], { artist: false, tracks: false, cover: { trace: false } });
    expect(bare!.cover!.trace).toEqual([]);
    const [full] = await findAlbumPageDetails(t.app.db, [ids[1]!], { artist: false, tracks: false, cover: { trace: true } });
    expect(full!.cover!.trace).toEqual([attempt]);
  });

  it('keeps the page\'s trace-less covers to the page: the same cover reached again in the request gets its trace', async () => {
    const both = await t.gql(PageCoversAndAgainWithTrace, { first: 130 });
    expect(both.errors).toBeUndefined();
    const traced = both.data!.albums.edges.find((e) => e.node.artist.albums.edges.some((a) => a.node.cover.trace.length > 0));
    expect(traced, 'the album with a trace is reached again through its artist').toBeDefined();
    const again = traced!.node.artist.albums.edges.find((a) => a.node.cover.trace.length > 0)!.node;
    expect(again.cover.trace).toEqual([{ source: 'EMBEDDED', outcome: 'FOUND' }]);
  });

  it('reads only the track columns the page selects (track_no always), and every Track field says its columns', async () => {
    const [d] = await findAlbumPageDetails(t.app.db, ids.slice(0, 1), { artist: false, tracks: trackColumnsFor(new Set(['title', 'trackNumber'])), cover: false });
    expect(Object.keys(d!.tracks![0]!).sort()).toEqual(['title', 'track_no']);
    const [only] = await findAlbumPageDetails(t.app.db, ids.slice(0, 1), { artist: false, tracks: trackColumnsFor(new Set(['__typename'])), cover: false });
    expect(Object.keys(only!.tracks![0]!)).toEqual(['track_no']);
    // A field missing from the map reads every column: slower, never wrong.
    expect(trackColumnsFor(new Set(['title', 'someFieldAddedLater']))).toBe(TRACK_VIEW_COLUMNS);
    const track = schema.getType('Track') as GraphQLObjectType;
    for (const field of Object.keys(track.getFields())) expect(trackColumnsFor(new Set([field])), `Track.${field}`).not.toBe(TRACK_VIEW_COLUMNS);
  });

  it('keeps the page\'s partial tracks to the page: the same album reached again in the request gets every field', async () => {
    const both = await t.gql(PageAndAlbumAgain, { first: 5 });
    expect(both.errors).toBeUndefined();
    const first = both.data!.albums.edges[0]!.node;
    expect(first.tracks[0]).toEqual({ title: 'Track 1' });
    const again = first.artist.albums.edges.find((e) => e.node.id === first.id)!.node.tracks;
    expect(again).toHaveLength(5);
    expect(again.every((tr) => tr.path.length > 0 && tr.album.id === first.id && tr.trackNumber !== null && tr.id.length > 0)).toBe(true);
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

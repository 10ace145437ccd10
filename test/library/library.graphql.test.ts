import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { printedSchema } from '../../src/schema/index.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedLibrary } from '../helpers/seed.js';

const AlbumsPage = graphql(`
  query AlbumsPage($first: Int!, $after: String, $search: String) {
    albums(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }
    }
  }
`);

const AlbumsWithCovers = graphql(`
  query AlbumsWithCovers($first: Int!) {
    albums(first: $first) {
      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }
    }
  }
`);

const NodeLookup = graphql(`
  query NodeLookup($id: ID!, $ids: [ID!]!) {
    node(id: $id) { id ... on Album { title } }
    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }
  }
`);

const AlbumById = graphql(`
  query AlbumById($id: ID!) {
    album(id: $id) {
      __typename
      ... on Album { title }
      ... on NotFoundError { message id }
      ... on ValidationError { message field }
    }
  }
`);

describe('GraphQL over the library', () => {
  let t: TestApp;
  let queries = 0;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', db: { onQuery: () => queries++ } });
    await seedLibrary(t.app.db, { albums: 120, artists: 30, tracksPerAlbum: 4 });
  });
  afterAll(() => t?.stop());

  async function roundTrips<T>(run: () => Promise<T>): Promise<{ count: number; result: T }> {
    queries = 0;
    const result = await run();
    return { count: queries, result };
  }

  it('costs the same number of SQL round trips for 10 and 100 albums (no N+1)', async () => {
    const ten = await roundTrips(() => t.gql(AlbumsPage, { first: 10 }));
    const hundred = await roundTrips(() => t.gql(AlbumsPage, { first: 100 }));
    expect(ten.result.errors).toBeUndefined();
    expect(hundred.result.data?.albums.edges).toHaveLength(100);
    expect(hundred.result.data?.albums.edges.every((e) => e.node.tracks.length === 4 && e.node.artist.name.startsWith('Seed Artist'))).toBe(true);
    // page + totalCount + artists + tracks
    expect(hundred.count).toBe(ten.count);
    expect(hundred.count).toBeLessThanOrEqual(4);
  });

  it('resolves covers in a constant number of round trips too, queueing one NORMAL job per album', async () => {
    const ten = await roundTrips(() => t.gql(AlbumsWithCovers, { first: 10 }));
    // Albums 11..110: none has a cover row yet, like the first ten had not.
    const first = await t.gql(AlbumsPage, { first: 10 });
    const hundred = await roundTrips(() => t.gql(AlbumsWithCovers, { first: 100 }));
    expect(ten.result.errors).toBeUndefined();
    expect(first.errors).toBeUndefined();
    expect(hundred.count).toBe(ten.count);
    const nodes = hundred.result.data!.albums.edges.map((e) => e.node);
    expect(nodes.every((n) => n.cover.status === 'PENDING' && /^#[0-9a-f]{6}$/.test(n.cover.dominantColor) && n.cover.url === null)).toBe(true);
    expect(nodes.every((n) => n.cover.job?.priority === 'NORMAL' && n.cover.job.state === 'QUEUED')).toBe(true);
    const { rows } = await t.database.pool.query(`select count(*)::int as n, count(distinct key)::int as keys from graphile_worker.jobs where task_identifier = 'resolve_cover' and key like 'cover:album:%'`);
    expect(rows[0]).toEqual({ n: 100, keys: 100 });
  });

  it('pages with stable cursors: every album exactly once, and search narrows', async () => {
    const seen: string[] = [];
    let after: string | null | undefined = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof t.gql<any>>> = await t.gql(AlbumsPage, { first: 25, after });
      expect(page.errors).toBeUndefined();
      seen.push(...page.data.albums.edges.map((e: { node: { title: string } }) => e.node.title));
      if (!page.data.albums.pageInfo.hasNextPage) break;
      after = page.data.albums.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort());
    const found = await t.gql(AlbumsPage, { first: 50, search: 'ALBUM 0011' });
    expect(found.data?.albums.totalCount).toBe(10); // 00110..00119
    expect(found.data?.albums.edges.map((e) => e.node.title)).toContain('Seed Album 00115');
  });

  it('looks up by global id, and says plainly when an id is unknown or malformed', async () => {
    const page = await t.gql(AlbumsPage, { first: 2 });
    const [a, b] = page.data!.albums.edges.map((e) => e.node);
    const found = await t.gql(NodeLookup, { id: a!.id, ids: [a!.id, b!.artist.id] });
    expect(found.errors).toBeUndefined();
    expect(found.data?.node).toMatchObject({ id: a!.id, title: a!.title });
    expect(found.data?.nodes).toMatchObject([{ title: a!.title }, { name: b!.artist.name }]);

    const missing = Buffer.from('Album:999999').toString('base64url');
    const notFound = await t.gql(AlbumById, { id: missing });
    expect(notFound.data?.album).toMatchObject({ __typename: 'NotFoundError', id: missing });
    const malformed = await t.gql(AlbumById, { id: 'not-an-id' });
    expect(malformed.data?.album).toMatchObject({ __typename: 'ValidationError', field: 'id' });
    const wrongType = await t.gql(AlbumById, { id: b!.artist.id });
    expect(wrongType.data?.album).toMatchObject({ __typename: 'ValidationError' });

    const badNode = await t.gql(NodeLookup, { id: 'garbage!', ids: [] });
    expect(badNode.errors?.[0]?.message).toMatch(/invalid id/);
    expect(JSON.stringify(badNode.errors)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('follows the Relay rules: a missing node is null, nodes is null per missing or malformed id, no last/before', async () => {
    const page = await t.gql(AlbumsPage, { first: 1 });
    const a = page.data!.albums.edges[0]!.node;
    const missing = Buffer.from('Album:999999').toString('base64url');
    const res = await t.gql(NodeLookup, { id: missing, ids: [a.id, missing, 'not-an-id'] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toBeNull();
    expect(res.data?.nodes).toMatchObject([{ id: a.id, title: a.title }, null, null]);
    const sdl = printedSchema();
    expect(sdl).not.toMatch(/\b(last|before): /);
  });

  it('rejects malformed queries with a clear error and keeps serving', async () => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ albums(first: 1) { edges { node { nope } } } }"}' });
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/Cannot query field "nope"/);
    const garbage = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(garbage.status).toBe(400);
    const again = await t.gql(AlbumsPage, { first: 1 });
    expect(again.data?.albums.edges).toHaveLength(1);
  });

  it('answers health and readiness probes', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe('schema contract', () => {
  it('schema.graphql is the schema built from the code', async () => {
    const committed = await readFile(resolve(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});

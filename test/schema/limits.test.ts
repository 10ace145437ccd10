/**
 * Every list is priced, from literals and variables alike, and an operation past the limits is
 * refused with QUERY_TOO_COMPLEX before it runs (issue 10 point 1, issue 11 point 3).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { encodeId } from '../../src/schema/builder.js';
import { schema } from '../../src/schema/index.js';
import { LIMITS, operationCost } from '../../src/schema/limits.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedLibrary } from '../helpers/seed.js';

let t: TestApp;
let artistId: string;
let queries = 0;

/** POSTs like t.gql, and also answers the HTTP status. */
async function post(query: string, variables?: Record<string, unknown>, accept = 'application/graphql-response+json') {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
  // One artist with 150 albums of 3 tracks: the shape that took 1.4 GB when lists were free.
  await seedLibrary(t.app.db, { albums: 150, artists: 1, tracksPerAlbum: 3, prefix: 'Big' });
  const { rows } = await t.database.pool.query(`select id from artists limit 1`);
  artistId = encodeId('Artist', rows[0].id);
  t.database.pool.on('acquire', () => queries++);
});
afterAll(() => t?.stop());

describe('operation limits', () => {
  it('refuses the cyclic query on an artist with 150 albums before it runs', async () => {
    const cyclic = `{artist(id:"${artistId}"){...on Artist{albums{edges{node{tracks{album{tracks{album{artist{name}}}}}}}}}}}`;
    expect(cyclic.length).toBeLessThanOrEqual(120);
    queries = 0;
    const { status, body } = await post(cyclic);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query too complex: .*limit 50000/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(queries).toBe(0); // nothing ran
  });

  it('prices `first` given as a variable, like a literal', async () => {
    const q = 'query($n: Int!) { albums(first: $n) { edges { node { tracks(first: $n) { title } } } } }';
    const literal = await post('{ albums(first: 500) { edges { node { tracks(first: 500) { title } } } } }');
    const variable = await post(q, { n: 500 });
    for (const r of [literal, variable]) {
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
    const small = await post(q, { n: 10 });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.albums.edges).toHaveLength(10);
    // Costs are kept per document and variables: the same text with the big `first` again is still refused.
    expect((await post(q, { n: 500 })).body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(operationCost({ schema, document: parse(q), variableValues: { n: 500 } })).toBeGreaterThan(LIMITS.maxCost);
  });

  it('serves the artist’s albums as a connection, and bounds tracks', async () => {
    const q = `query($id: ID!, $after: String) { artist(id: $id) { ... on Artist { albums(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title artist { name } tracks(first: 2) { title } } } } } } }`;
    const page1 = await post(q, { id: artistId });
    expect(page1.body.errors).toBeUndefined();
    const albums = page1.body.data.artist.albums;
    expect(albums).toMatchObject({ totalCount: 150, pageInfo: { hasNextPage: true } });
    expect(albums.edges).toHaveLength(100);
    expect(albums.edges.every((e: any) => e.node.tracks.length === 2)).toBe(true);
    const page2 = await post(q, { id: artistId, after: albums.pageInfo.endCursor });
    expect(page2.body.data.artist.albums.edges).toHaveLength(50);
    expect(page2.body.data.artist.albums.pageInfo.hasNextPage).toBe(false);
    const titles = [...albums.edges, ...page2.body.data.artist.albums.edges].map((e: any) => e.node.title);
    expect(new Set(titles).size).toBe(150);
    const tooMany = await post(`{ albums(first: 1) { edges { node { tracks(first: 501) { title } } } } }`);
    expect(tooMany.body.errors?.[0]).toMatchObject({ message: 'first must be between 0 and 500', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('keeps a page of 100 albums with every cover field, and the README examples, inside the limits', async () => {
    const page = `{ albums(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title year folder musicbrainzReleaseId musicbrainzReleaseGroupId
      artist { id name musicbrainzId image { status source url(size: 128) width height dominantColor thumbhash updatedAt } }
      tracks(first: 30) { title trackNumber discNumber path format artist }
      cover { status source url(size: 512, format: WEBP) width height dominantColor thumbhash updatedAt
        trace { source outcome detail durationMs at } job { priority state runAt attempts lastError } } } } } }`;
    expect(operationCost({ schema, document: parse(page) })).toBeLessThanOrEqual(LIMITS.maxCost);
    const res = await post(page);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.albums.edges).toHaveLength(100);

    const md = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
    const examples = [...md.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split(/\n(?=query|mutation|subscription)/));
    expect(examples.length).toBeGreaterThan(3);
    for (const q of examples) expect(operationCost({ schema, document: parse(q) }), q.slice(0, 60)).toBeLessThanOrEqual(LIMITS.maxCost);
  });

  it('says which limit a too deep or too long query is over, with a code and a 4xx', async () => {
    const deep = `{ albums { edges { node { artist { albums { edges { node { artist { albums { edges { node { artist { name } } } } } } } } } } } } }`;
    const d = await post(deep);
    expect(d.status).toBe(400);
    expect(d.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query depth limit of 12 exceeded/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const aliases = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: latestScan { state }`).join(' ')} }`;
    expect((await post(aliases)).body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/aliases/i), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const tokens = `{ ${'latestScan { state } '.repeat(800)} }`;
    const tk = await post(tokens);
    expect(tk.status).toBe(400);
    expect(tk.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Token limit of 3000 exceeded/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    // Plain JSON clients get 200 with the same error, as the GraphQL-over-HTTP spec says.
    const plain = await post(deep, undefined, 'application/json');
    expect(plain.status).toBe(200);
    expect(plain.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('error codes', () => {
  it('gives every request error a code and a 4xx status', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['{ albums(first: 1) { edges { node { title } }', undefined, 'GRAPHQL_PARSE_FAILED'],
      ['{ albums { nope } }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
      ['query($n: Int!) { albums(first: $n) { totalCount } }', { n: 'ten' }, 'BAD_USER_INPUT'],
      ['{ albums(first: 5000) { totalCount } }', undefined, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, code] of cases) {
      const r = await post(query, variables);
      expect(r.body.errors?.[0]?.extensions?.code, query).toBe(code);
      if (code !== 'BAD_USER_INPUT' || variables) expect(r.status, query).toBe(400);
    }
  });

  it('answers out-of-range ids and NUL bytes as bad input, not as a database error', async () => {
    const huge = Buffer.from('Album:9999999999').toString('base64url');
    const album = await post(`query($id: ID!) { album(id: $id) { __typename ... on Error { message } } }`, { id: huge });
    expect(album.body.errors).toBeUndefined();
    expect(album.body.data.album).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/invalid id/) });
    const node = await post(`query($id: ID!) { node(id: $id) { id } }`, { id: huge });
    expect(node.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/invalid id/), extensions: { code: 'BAD_USER_INPUT' } });
    for (const r of [await post(`query($s: String) { albums(search: $s) { totalCount } }`, { s: 'a\u0000b' }), await post(`{ albums(search: "a\\u0000b") { totalCount } }`)]) {
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/NUL/), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});

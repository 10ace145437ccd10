import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { cacheExchange } from '@urql/exchange-graphcache';
import { Client as UrqlClient, fetchExchange, subscriptionExchange } from '@urql/core';
import { introspectionFromSchema, isAbstractType, OperationTypeNode } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { createLogger } from '../../src/logger.js';
import { schema } from '../../src/schema/index.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { untilLive, wsClient } from '../helpers/live.js';
import { waitFor } from '../helpers/wait.js';

// Issue 11 point 1: a normalising client cache (Apollo Client, urql's Graphcache) follows the live
// events by itself. The page's album query is watched; the subscription selects the event's
// subject; when the worker makes the cover READY, the watched query changes with no refetch:
// `Album:<id>` and `Cover:<id>` are the same cache entries in both answers.

const WatchedAlbum = graphql(`
  query CacheWatchedAlbum($id: ID!) {
    album(id: $id) {
      __typename
      ... on Album { id title cover { id status source url srcset } }
    }
  }
`);

const CoverReadySubject = graphql(`
  subscription CacheCoverEvents($ids: [ID!]) {
    coverEvents(ids: $ids) {
      __typename
      id
      ... on CoverReady { subject { __typename ... on Album { id cover { id status source url srcset } } } }
    }
  }
`);

const RequestCovers = graphql(`
  mutation CacheRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }
`);

const FindAlbum = graphql(`
  query CacheFindAlbum($search: String!) { albums(first: 1, search: $search) { edges { node { id } } } }
`);

type Watched = { album: { __typename: string; id?: string; cover?: { id: string; status: string; source: string | null; url: string | null; srcset: string | null } } };

/** The union and interface members, as a frontend's codegen (fragment matcher) would hand them to its cache. */
const possibleTypes = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .map((t) => [t.name, schema.getPossibleTypes(t).map((p) => p.name)]),
);

describe('normalising client caches follow coverEvents', () => {
  let t: TestApp;
  let worker: App | undefined;

  beforeAll(async () => {
    // The API alone: no cover settles until a test starts the worker, so each test sees its album
    // PENDING first and READY only through the subscription.
    t = await startTestApp({ role: 'api', env: { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
  }, 60_000);
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  afterAll(() => t?.stop());

  const idOf = async (title: string) => (await t.gql(FindAlbum, { search: title })).data!.albums.edges[0]!.node.id;
  const startWorker = async () => {
    worker = await startApp(t.config, 'worker', createLogger('silent'), { url: t.database.url, db: t.database.db, pool: t.database.pool, close: async () => {} });
  };
  /** The cover as the API answers now, read by plain HTTP (not through the client under test). */
  const coverNow = async (id: string) => ((await t.gql(WatchedAlbum, { id })).data as Watched).album.cover!;

  /** A fetch that counts the operations a client sends over HTTP. */
  function countingFetch(sent: string[]): typeof fetch {
    return (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { operationName?: string; query?: string }) : {};
      sent.push(body.operationName ?? body.query?.slice(0, 40) ?? '?');
      return fetch(input, init);
    };
  }

  it('Apollo Client: a watched album query turns READY when the subscription delivers CoverReady, with no refetch', async () => {
    const id = await idOf('Harbour Lights');
    const sent: string[] = [];
    const ws = wsClient(t.url);
    const link = ApolloLink.split(
      ({ query }) => {
        const def = getMainDefinition(query);
        return def.kind === 'OperationDefinition' && def.operation === OperationTypeNode.SUBSCRIPTION;
      },
      new GraphQLWsLink(ws),
      new HttpLink({ uri: `${t.url}/graphql`, fetch: countingFetch(sent) }),
    );
    const client = new ApolloClient({ link, cache: new InMemoryCache({ possibleTypes }) });

    const seen: Watched[] = [];
    const watching = client.watchQuery({ query: WatchedAlbum, variables: { id } }).subscribe((r) => r.data && seen.push(r.data as Watched));
    await waitFor(() => seen.length > 0, 15_000, { message: 'the first answer of the watched query' });
    const first = seen.at(-1)!.album;
    expect(first).toMatchObject({ __typename: 'Album', id, cover: { status: 'PENDING', url: null } });
    expect(first.cover!.id).toMatch(/\S/);

    const events: string[] = [];
    const live = client.subscribe({ query: CoverReadySubject, variables: { ids: [id] } }).subscribe({ next: (r) => r.data && events.push(r.data.coverEvents.__typename) });
    // No worker yet: requestCovers only queues (CoverQueued), which tells that the subscription is live.
    await untilLive(() => t.gql(RequestCovers, { ids: [id] }), () => events.length > 0);
    expect(seen.at(-1)!.album.cover!.status).toBe('PENDING');

    await startWorker();
    const ready = await waitFor(() => seen.find((d) => d.album.cover?.status === 'READY'), 30_000, { message: 'the watched query READY', last: () => ({ events, seen }) });
    const now = await coverNow(id);
    expect(ready.album).toEqual({ __typename: 'Album', id, title: 'Harbour Lights', cover: { ...now, __typename: 'Cover' } });
    expect(now).toMatchObject({ status: 'READY', source: 'EMBEDDED', url: expect.stringMatching(/^\/covers\//), srcset: expect.stringMatching(/ 64w/) });
    expect(events).toContain('CoverReady');
    // One HTTP operation in all: the first answer. The change came through the cache from the event.
    expect(sent).toEqual(['CacheWatchedAlbum']);
    // One cover entry, under the id the query and the event share.
    const cache = client.cache.extract() as Record<string, { __typename?: string; status?: string }>;
    const covers = Object.entries(cache).filter(([, v]) => v.__typename === 'Cover');
    expect(covers).toEqual([[`Cover:${first.cover!.id}`, expect.objectContaining({ status: 'READY' })]]);

    live.unsubscribe();
    watching.unsubscribe();
    client.stop();
    await ws.dispose();
  });

  it("urql's Graphcache: the same, with the schema given to the cache", async () => {
    const id = await idOf('Violet Hour');
    const sent: string[] = [];
    const ws = wsClient(t.url);
    const client = new UrqlClient({
      url: `${t.url}/graphql`,
      // urql sends short queries as GET by default; a GET needs the CSRF header (README, Security).
      preferGetMethod: false,
      fetch: countingFetch(sent),
      exchanges: [
        cacheExchange({ schema: introspectionFromSchema(schema) }),
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });

    const seen: Watched[] = [];
    const errors: unknown[] = [];
    const watching = client.query(WatchedAlbum, { id }).subscribe((r) => (r.error ? errors.push(r.error) : r.data && seen.push(r.data as Watched)));
    await waitFor(() => seen.length > 0, 15_000, { message: 'the first answer of the watched query', last: () => errors.map(String) });
    expect(seen.at(-1)!.album).toMatchObject({ __typename: 'Album', id, cover: { status: 'PENDING', url: null } });

    const events: string[] = [];
    const live = client.subscription(CoverReadySubject, { ids: [id] }).subscribe((r) => r.data && events.push(r.data.coverEvents.__typename));
    await untilLive(() => t.gql(RequestCovers, { ids: [id] }), () => events.length > 0);
    expect(seen.at(-1)!.album.cover!.status).toBe('PENDING');

    await startWorker();
    const ready = await waitFor(() => seen.find((d) => d.album.cover?.status === 'READY'), 30_000, { message: 'the watched query READY', last: () => ({ events, seen }) });
    const now = await coverNow(id);
    expect(ready.album).toMatchObject({ __typename: 'Album', id, title: 'Violet Hour', cover: now });
    expect(now).toMatchObject({ status: 'READY', source: 'EMBEDDED', url: expect.stringMatching(/^\/covers\//) });
    expect(sent).toEqual(['CacheWatchedAlbum']);

    live.unsubscribe();
    watching.unsubscribe();
    await ws.dispose();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { collect, quiet, sseSubscribe, untilLive, wsClient } from '../helpers/live.js';

const CoverEvents = graphql(`
  subscription CoverEvents($ids: [ID!]) {
    coverEvents(ids: $ids) {
      __typename
      id
      priority
      ... on CoverSourceTried { source outcome detail durationMs }
      ... on CoverReady { cover { status source url } }
      ... on CoverMissing { cover { status source } }
    }
  }
`);

const ScanProgress = graphql(`
  subscription ScanProgressLive { scanProgress { scanId filesSeen filesParsed filesFailed done } }
`);

const FindAlbum = graphql(`
  query FindAlbum($search: String!) { albums(first: 5, search: $search) { edges { node { id title } } } }
`);

const RequestCovers = graphql(`
  mutation RequestCoversLive($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }
`);

const RefreshCovers = graphql(`
  mutation RefreshCoversLive($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }
`);

const ScanLibraryLive = graphql(`
  mutation ScanLibraryLive { scanLibrary { __typename ... on Scan { id } } }
`);

type Ev = { coverEvents: { __typename: string; id: string; source?: string; outcome?: string; cover?: { status: string; source: string | null } } };

describe('live cover events', () => {
  let t: TestApp;
  let harbour: string; // "Harbour Lights": embedded front cover in mp3
  let violet: string; // "Violet Hour": embedded cover in ogg

  beforeAll(async () => {
    // COVER_SELECTION=first: one step per source, as found; the stream under `best` (a small
    // embedded picture kept while the folder is asked) is multiprocess.test.ts's.
    t = await startTestApp({ role: 'serve', env: { COVER_SELECTION: 'first', COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    const find = async (s: string) => (await t.gql(FindAlbum, { search: s })).data!.albums.edges[0]!.node.id;
    harbour = await find('Harbour Lights');
    violet = await find('Violet Hour');
  });
  afterAll(() => t?.stop());

  it('streams the whole sequence of a job, in order, to a graphql-ws client', async () => {
    const client = wsClient(t.url);
    const sub = collect(client, CoverEvents, { ids: [harbour, violet] });
    await untilLive(() => t.gql(RefreshCovers, { ids: [violet] }), () => sub.items.some((i) => i.coverEvents.id === violet));
    await t.gql(RequestCovers, { ids: [harbour] });
    const mine = () => sub.items.map((i) => (i as Ev).coverEvents).filter((e) => e.id === harbour);
    await sub.until(() => mine().some((e) => e.__typename === 'CoverReady'));
    const events = mine();
    sub.stop();
    await client.dispose();
    expect(events.map((e) => e.__typename)).toEqual(['CoverQueued', 'CoverStarted', 'CoverProcessing', 'CoverSourceTried', 'CoverReady']);
    expect(events.every((e) => e.id === harbour)).toBe(true);
    expect(events[3]).toMatchObject({ source: 'EMBEDDED', outcome: 'FOUND' });
    expect(events[4]!.cover).toMatchObject({ status: 'READY', source: 'EMBEDDED' });
  });

  it('streams the same over SSE, and a filtered subscription sees only its ids', async () => {
    const all = sseSubscribe<Ev>(t.url, 'subscription { coverEvents { __typename id } }');
    const onlyViolet = sseSubscribe<Ev>(t.url, 'subscription($ids: [ID!]) { coverEvents(ids: $ids) { __typename id } }', { ids: [violet] });
    await Promise.all([all.ready, onlyViolet.ready]);
    await untilLive(() => t.gql(RefreshCovers, { ids: [violet] }), () => onlyViolet.items.length > 0 && all.items.length > 0);
    await quiet(all.items);
    const [fromAll, fromOnly] = [all.items.length, onlyViolet.items.length];
    const ready = (i: Ev) => i.coverEvents.__typename === 'CoverReady';
    // Force both to run again so each produces a fresh sequence.
    await t.gql(RefreshCovers, { ids: [violet, harbour] });
    await onlyViolet.until((items) => items.slice(fromOnly).some(ready));
    await all.until((items) => items.slice(fromAll).filter(ready).length >= 2);
    all.stop();
    onlyViolet.stop();
    expect(onlyViolet.items.every((i) => i.coverEvents.id === violet)).toBe(true);
    expect(onlyViolet.items.slice(fromOnly).map((i) => i.coverEvents.__typename)).toEqual(['CoverQueued', 'CoverStarted', 'CoverProcessing', 'CoverSourceTried', 'CoverReady']);
    expect(new Set(all.items.slice(fromAll).map((i) => i.coverEvents.id))).toEqual(new Set([violet, harbour]));
  });

  it('survives a Postgres connection reset of the event bus', async () => {
    const { rows } = await t.database.pool.query(`select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'soniquebay-covers-listen' and datname = current_database()`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1000)); // reconnect backoff starts at 100 ms
    const client = wsClient(t.url);
    const sub = collect(client, CoverEvents, { ids: [harbour] });
    // Events reach a new subscriber through the reconnected LISTEN.
    await untilLive(() => t.gql(RefreshCovers, { ids: [harbour] }), () => sub.items.some((i) => (i as Ev).coverEvents.__typename === 'CoverReady'));
    sub.stop();
    await client.dispose();
  });

  it('streams scan progress', async () => {
    const client = wsClient(t.url);
    const sub = collect(client, ScanProgress, {});
    await untilLive(() => t.gql(ScanLibraryLive, {}), () => sub.items.some((p) => p.scanProgress.done));
    const items = sub.items;
    sub.stop();
    await client.dispose();
    const last = items.at(-1)!.scanProgress;
    expect(last).toMatchObject({ done: true, filesFailed: 2 });
    expect(last.filesSeen).toBeGreaterThan(40);
  });

  it('rejects a malformed subscription with a clear error', async () => {
    const client = wsClient(t.url);
    const sub = collect(client, 'subscription { coverEvents(ids: ["nope"]) { id } }');
    const err = await sub.error;
    await client.dispose();
    expect(JSON.stringify(err)).toMatch(/is not an album or artist id/);
  });
});

describe('graphql-ws with API_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { API_TOKEN: 'live-token-1234' } });
  });
  afterAll(() => t?.stop());

  it('closes the socket with 4403 on a bad token, and accepts the right one', async () => {
    const bad = wsClient(t.url, { authorization: 'Bearer wrong-token' });
    const denied = collect(bad, 'subscription { coverEvents { id } }');
    const err = (await denied.error) as { code?: number };
    expect(err.code).toBe(4403);
    await bad.dispose();

    const good = wsClient(t.url, { authorization: 'Bearer live-token-1234' });
    const ok = collect(good, 'subscription { coverEvents { id } }');
    const outcome = await Promise.race([ok.error.then(() => 'error'), new Promise((r) => setTimeout(() => r('open'), 800))]);
    expect(outcome).toBe('open');
    ok.stop();
    await good.dispose();
  });
});

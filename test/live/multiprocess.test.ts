import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { collect, untilLive, wsClient } from '../helpers/live.js';
import { startService, type ServiceProcess } from '../helpers/process.js';

const Events = graphql(`
  subscription MultiProcessEvents($ids: [ID!]) {
    coverEvents(ids: $ids) { __typename id ... on CoverSourceTried { source outcome } ... on CoverReady { cover { status source } } }
  }
`);

/** One `api` process and two `worker` processes on one Postgres, as the service scales out. */
describe('api and workers in separate processes', () => {
  let database: TestDatabase;
  let api: ServiceProcess;
  const workers: ServiceProcess[] = [];
  let url = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    await scanLibrary(database.db, { root: FIXTURE_LIBRARY });
    const env = {
      DATABASE_URL: database.url,
      MUSIC_DIR: FIXTURE_LIBRARY,
      SCAN_ON_START: 'false',
      COVER_SOURCES: 'embedded,folder,placeholder',
      ARTIST_IMAGE_SOURCES: 'folder,placeholder',
      WORKER_CONCURRENCY: '2',
    };
    api = startService(['api'], { ...env, PORT: '0' });
    workers.push(startService(['worker'], env), startService(['worker'], env));
    const line = await api.waitFor(/SoniqueBay Covers is running/, 60_000);
    url = (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');
    await Promise.all(workers.map((w) => w.waitFor(/SoniqueBay Covers is running/, 60_000)));
  });
  afterAll(async () => {
    for (const p of [api, ...workers]) p?.kill('SIGTERM');
    await Promise.all([api, ...workers].map((p) => p?.exited));
    await database?.destroy();
  });

  it('a subscriber on the API receives, in order, every event of a cover resolved by a worker process', async () => {
    const send = async (query: string, variables?: Record<string, unknown>) =>
      ((await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any).data;
    const idOf = async (title: string) => (await send(`query { albums(first: 1, search: "${title}") { edges { node { id } } } }`)).albums.edges[0].node.id as string;
    const id = await idOf('Harbour Lights');
    const probe = await idOf('Violet Hour');
    const client = wsClient(url);
    const sub = collect(client, Events, { ids: [id, probe] });
    const refresh = (ids: string[]) => send('mutation($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }', { ids });
    await untilLive(() => refresh([probe]), () => sub.items.some((e) => e.coverEvents.id === probe));
    await send('mutation($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }', { ids: [id] });
    const mine = () => sub.items.filter((e) => e.coverEvents.id === id);
    await sub.until(() => mine().some((e) => e.coverEvents.__typename === 'CoverReady'), 30_000);
    sub.stop();
    await client.dispose();
    const items = mine();
    const steps = items.map(({ coverEvents: e }) => ('outcome' in e ? `${e.__typename}:${e.source}:${e.outcome}` : e.__typename));
    // COVER_SELECTION=best: the embedded picture (under COVER_UPGRADE_BELOW_PX) is kept while the
    // folder is asked too; a source that offered candidates is told once the winner is known.
    expect(steps).toEqual(['CoverQueued', 'CoverStarted', 'CoverProcessing', 'CoverSourceTried:FOLDER:NOT_FOUND', 'CoverSourceTried:EMBEDDED:FOUND', 'CoverReady']);
    expect(items.at(-1)!.coverEvents).toMatchObject({ id, cover: { status: 'READY', source: 'EMBEDDED' } });
    // The API process runs no jobs: a worker process resolved it.
    expect(workers.map((w) => w.output()).join('')).toMatch(/"msg":"cover ready"/);
    expect(api.output()).not.toMatch(/"msg":"cover ready"/);
  });

  it('the two workers share the queue until every cover settles', async () => {
    const query = async () => {
      const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query { albums(first: 100) { edges { node { cover { status } } } } }' }) });
      return ((await r.json()) as any).data.albums.edges.map((e: any) => e.node.cover.status) as string[];
    };
    await query(); // touching the covers queues them (NORMAL)
    const deadline = Date.now() + 45_000;
    let statuses = await query();
    while (statuses.some((s) => s === 'PENDING') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      statuses = await query();
    }
    expect(statuses.every((s) => s === 'READY' || s === 'MISSING')).toBe(true);
    // A worker writes its outcome line after the cover's row commits, and its stdout reaches this
    // process through a pipe: the last lines can arrive after the last READY is read.
    const resolvedBy = () => workers.map((w) => (w.output().match(/"msg":"cover (ready|not found)"/g) ?? []).length);
    const total = () => resolvedBy().reduce((a, b) => a + b, 0);
    const logDeadline = Date.now() + 5_000;
    while (total() < statuses.length && Date.now() < logDeadline) await new Promise((r) => setTimeout(r, 100));
    expect(total()).toBeGreaterThanOrEqual(statuses.length);
    expect(resolvedBy().every((n) => n > 0)).toBe(true);
  });
});

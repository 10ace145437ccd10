/**
 * An alert end to end: the Cover Art Archive stand-in starts answering 503, the source's success
 * rate drops and `source_success_rate` fires; it comes back and the alert clears. Both transitions
 * reach a graphql-ws subscriber and a webhook on loopback, exactly once, although two processes
 * (the `serve` under test and a second `worker` on the same database) evaluate the rules.
 *
 * Recovery: the rate is taken over a source's latest ALERT_SOURCE_SAMPLE attempts within the
 * window, so the errors still inside the window stop counting once newer attempts succeed. Here the
 * sample is 2: two failed attempts fire it, two good ones clear it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';
import { collect, wsClient, type Collected } from '../helpers/live.js';
import { waitFor } from '../helpers/wait.js';

const AlertsLive = graphql(`
  subscription AlertsLive { alerts { rule subject severity firing message value at } }
`);

const AlertsNow = graphql(`
  query AlertsNow { alerts { rule subject severity firing message value at } }
`);

const AlertAlbums = graphql(`
  query AlertAlbums { albums(first: 100) { edges { node { id folder } } } }
`);

const AlertRequest = graphql(`
  mutation AlertRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }
`);

const AlertRefresh = graphql(`
  mutation AlertRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }
`);

const AlertCovers = graphql(`
  query AlertCovers($ids: [ID!]!) { nodes(ids: $ids) { ... on Album { cover { status source job { state } } } } }
`);

const FULL_RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
const GROUP_ONLY_RG_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee04';
const FOLDERS = ['Quiet Signals/Full Release', 'Quiet Signals/Group Only'];

type AlertPayload = { rule: string; subject: string; severity: string; firing: boolean; message: string; value: number | null; at: string };
const isCaa = (a: AlertPayload) => a.rule === 'source_success_rate' && a.subject === 'COVER_ART_ARCHIVE';

/** A webhook receiver on loopback that records every POST. */
async function startWebhook(): Promise<{ url: string; received: { contentType: string | undefined; body: AlertPayload }[]; close(): Promise<void> }> {
  const received: { contentType: string | undefined; body: AlertPayload }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') received.push({ contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertPayload });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('source_success_rate, from a failing remote to its recovery', () => {
  let fake: FakeRemotes;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let t: TestApp;
  let second: App;
  let ids: string[];
  let client: ReturnType<typeof wsClient>;
  let live: Collected<{ alerts: AlertPayload }>;

  beforeAll(async () => {
    fake = await startFakeRemotes();
    fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg('#3366cc', 600));
    fake.caa.setGroupFront(GROUP_ONLY_RG_MBID, await solidJpeg('#33cc66', 600));
    hook = await startWebhook();
    t = await startTestApp({
      env: {
        ...fake.env(),
        COVER_SOURCES: 'coverartarchive,placeholder',
        MUSICBRAINZ_RATE_PER_SEC: '50',
        // One try each: a failure is final (FAILED), so the breaker (5 failures) stays closed.
        RETRY_MAX_ATTEMPTS: '1',
        RETRY_BASE_MS: '50',
        ALERT_INTERVAL_MS: '200',
        ALERT_MIN_ATTEMPTS: '2',
        ALERT_SOURCE_SAMPLE: '2',
        ALERT_WINDOW_MINUTES: '5',
        ALERT_WEBHOOK_URL: hook.url,
      },
    });
    // A second process's worth of service on the same database: its alerter evaluates too.
    second = await startApp(t.config, 'worker', createLogger(t.config.logLevel), { url: t.database.url, db: t.database.db, pool: t.database.pool, close: async () => {} });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    const albums = (await t.gql(AlertAlbums, {})).data!.albums.edges.map((e) => e.node);
    ids = FOLDERS.map((f) => albums.find((a) => a.folder.replace(/\/+$/, '') === f)!.id);
    client = wsClient(t.url);
    live = collect(client, AlertsLive);
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
  });
  afterAll(async () => {
    live?.stop();
    await client?.dispose();
    await second?.stop();
    await t?.stop();
    await hook?.close();
    await fake?.close();
  });

  const coversAre = (status: string) =>
    waitFor(
      async () => {
        const nodes = (await t.gql(AlertCovers, { ids })).data?.nodes ?? [];
        return nodes.every((n) => n && 'cover' in n && n.cover.status === status && n.cover.job === null);
      },
      15_000,
      { message: `covers to be ${status}` },
    );

  it('fires when the Cover Art Archive starts failing: on the subscription, on the webhook, in Query.alerts', async () => {
    fake.fault('caa', { status: 503 });
    await t.gql(AlertRequest, { ids });
    await coversAre('FAILED');

    const items = await live.until((i) => i.some((x) => isCaa(x.alerts)), 10_000);
    const fired = items.map((i) => i.alerts).find(isCaa)!;
    expect(fired).toMatchObject({ firing: true, severity: 'WARNING', value: 0 });
    expect(fired.message).toMatch(/COVER_ART_ARCHIVE: 0% of its last 2 attempts succeeded \(under 50%\)/);

    await waitFor(() => hook.received.some((r) => isCaa(r.body)), 5000, { message: 'the webhook POST' });
    const posted = hook.received.find((r) => isCaa(r.body))!;
    expect(posted.contentType).toBe('application/json');
    expect(posted.body).toMatchObject({ rule: 'source_success_rate', subject: 'COVER_ART_ARCHIVE', severity: 'warning', firing: true, value: 0, at: fired.at });

    const now = (await t.gql(AlertsNow, {})).data!.alerts;
    expect(now.filter(isCaa)).toEqual([expect.objectContaining({ firing: true, at: fired.at })]);
  });

  it('clears once the latest attempts succeed again, although the failures are still inside the window', async () => {
    fake.fault('caa', null);
    await t.gql(AlertRefresh, { ids });
    await coversAre('READY');

    await live.until((i) => i.some((x) => isCaa(x.alerts) && !x.alerts.firing), 10_000);
    await waitFor(() => hook.received.some((r) => isCaa(r.body) && !r.body.firing), 5000, { message: 'the resolved webhook POST' });
    const resolved = live.items.map((i) => i.alerts).find((a) => isCaa(a) && !a.firing)!;
    // Resolved as soon as the sample stopped being mostly errors: one or both covers may be back by then.
    expect(resolved.firing).toBe(false);
    expect(resolved.value).toBeGreaterThanOrEqual(0.5);
    expect((await t.gql(AlertsNow, {})).data!.alerts.filter(isCaa)).toEqual([]);
  });

  it('announced each transition once, although two processes evaluate the rules', async () => {
    await new Promise((r) => setTimeout(r, 1000)); // several more evaluations in both processes
    const seen = live.items.map((i) => i.alerts).filter(isCaa).map((a) => a.firing);
    expect(seen).toEqual([true, false]);
    expect(hook.received.filter((r) => isCaa(r.body)).map((r) => r.body.firing)).toEqual([true, false]);
    // No other rule fired on the way: two FAILED covers stay under ALERT_JOB_FAILURES, the breaker closed.
    expect(live.items.map((i) => i.alerts.rule)).toEqual(['source_success_rate', 'source_success_rate']);
  });
});

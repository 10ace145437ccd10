/**
 * The alerts a home user sees, read as the console reads them (`alerts` with `coverStats`):
 *
 * - a server with no network (every remote's base URL on a closed loopback port: connection
 *   refused) and a small library shows one `remotes_unreachable` alert naming the remotes, and no
 *   success-rate or breaker alert per source, with the default thresholds;
 * - a remote that answers 500 to everything, while the others answer "nothing for this", still
 *   raises its own success-rate alert, and only its own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOTE_SERVICES } from '../../src/covers/sources/catalog.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { graphql } from '../gql/index.js';
import { DEMO_LIBRARY, FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { settledOrScheduled, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { waitFor } from '../helpers/wait.js';

const OfflineAlerts = graphql(`
  query OfflineAlerts {
    coverStats { sources { source attempts errors } }
    alerts { rule subject severity firing message value }
  }
`);

/** A loopback port nobody listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const alertsOf = async (t: TestApp) => (await t.gql(OfflineAlerts, {})).data!;

/** Some more evaluations of the rules (ALERT_INTERVAL_MS=100), so a late alert would be seen. */
const moreEvaluations = () => new Promise((r) => setTimeout(r, 800));

describe('a server with no network and the demo library', () => {
  let t: TestApp;

  beforeAll(async () => {
    const port = await closedPort();
    const nowhere = Object.fromEntries(Object.values(REMOTE_SERVICES).map((s) => [s.urlVariable, `http://127.0.0.1:${port}`]));
    // The default sources, thresholds and retry schedule: only the evaluation is made frequent.
    t = await startTestApp({ env: { ...nowhere, MUSIC_DIR: DEMO_LIBRARY, ALERT_INTERVAL_MS: '100' } });
    await scanLibrary(t.app.db, { root: DEMO_LIBRARY });
  });
  afterAll(() => t?.stop());

  it('shows one remotes_unreachable alert naming the remotes, no success-rate or breaker alerts', async () => {
    // Reading the albums and artists queues their covers; each waits for its retry with a placeholder.
    await waitForSettled(t, 30_000, { artists: true, done: settledOrScheduled });
    const first = await waitFor(async () => {
      const d = await alertsOf(t);
      return d.alerts.length > 0 && d;
    }, 10_000, { message: 'an alert' });
    await moreEvaluations();
    const { alerts, coverStats } = await alertsOf(t);

    // The sources did fail, every attempt (5 was ALERT_MIN_ATTEMPTS' default, which raised an alert for each)...
    const failing = coverStats.sources.filter((s) => s.errors >= 5 && s.errors === s.attempts).map((s) => s.source);
    expect(failing).toEqual(expect.arrayContaining(['DEEZER', 'THEAUDIODB', 'WIKIDATA']));
    // ...yet one alert says what happened.
    expect(alerts).toEqual([expect.objectContaining({ rule: 'remotes_unreachable', severity: 'WARNING', firing: true })]);
    expect(first.alerts.map((a) => a.rule)).toEqual(['remotes_unreachable']);
    const [alert] = alerts;
    expect(alert!.message).toMatch(/^remote sources unreachable: is this server offline\? .* failed with ECONNREFUSED/);
    for (const remote of ['musicbrainz', 'coverartarchive', 'deezer', 'theaudiodb', 'wikidata']) expect(alert!.message).toContain(remote);
    // Without keys Last.fm and fanart.tv were never called: nothing is said about them.
    expect(alert!.message).not.toMatch(/lastfm|fanarttv/);
  }, 60_000);
});

describe('a remote that answers 500 while the others have nothing for these albums', () => {
  let fake: FakeRemotes;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeRemotes();
    fake.fault('deezer', { status: 500 });
    // Default sources and thresholds; one try per cover so the library settles quickly.
    t = await startTestApp({ env: { ...fake.env(), MUSICBRAINZ_RATE_PER_SEC: '50', RETRY_MAX_ATTEMPTS: '1', ALERT_INTERVAL_MS: '100' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('raises the success-rate alert of that source alone', async () => {
    await waitForSettled(t, 60_000, { artists: true });
    await waitFor(async () => (await alertsOf(t)).alerts.some((a) => a.rule === 'source_success_rate'), 10_000, { message: 'a success-rate alert' });
    await moreEvaluations();
    const { alerts, coverStats } = await alertsOf(t);

    const deezer = coverStats.sources.find((s) => s.source === 'DEEZER')!;
    expect(deezer.attempts).toBeGreaterThanOrEqual(10); // ALERT_MIN_ATTEMPTS' default
    const rates = alerts.filter((a) => a.rule === 'source_success_rate');
    expect(rates).toEqual([expect.objectContaining({ subject: 'DEEZER', firing: true, value: 0 })]);
    expect(rates[0]!.message).toMatch(/^DEEZER: 0% of its last \d+ attempts succeeded \(under 50%\)$/);
    // Its breaker opened too (500 is a failure); the remotes answered, so no unreachable alert.
    expect(alerts.some((a) => a.rule === 'remotes_unreachable')).toBe(false);
    expect(alerts.filter((a) => a.rule === 'breaker_open').every((a) => a.subject.startsWith('deezer@'))).toBe(true);
  }, 90_000);
});

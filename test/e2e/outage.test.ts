import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded.js';
import { FIXTURE_LIBRARY } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';
import { startService, type ServiceProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';

/** Quiet Signals – Full Release: tagged with this release MBID and no local art (fixture README). */
const RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
const ALBUMS = '{ albums(first: 50) { edges { node { id title cover { status source } } } } }';

interface AlbumRow {
  id: string;
  title: string;
  cover: { status: string; source: string | null };
}

async function gql(url: string, query: string, variables?: unknown): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return res.json();
}

const albums = async (url: string) => ((await gql(url, ALBUMS)).data?.albums.edges as { node: AlbumRow }[] | undefined)?.map((e) => e.node);
const postmasterPid = async (dataDir: string) => Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);

/**
 * A real Postgres killed (SIGKILL to its postmaster) while cover jobs run: the service stays up,
 * says so in /readyz, and the jobs complete once the database is back.
 */
describe('a database outage during cover work', () => {
  let fake: FakeRemotes | undefined;
  let service: ServiceProcess | undefined;
  const dirs: string[] = [];
  const servers: EmbeddedPostgres[] = [];

  afterEach(async () => {
    service?.kill('SIGKILL');
    await service?.exited;
    for (const s of servers.splice(0)) await s.stop().catch(() => {});
    await fake?.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  async function tempDir(prefix: string) {
    const d = await mkdtemp(join(tmpdir(), prefix));
    await chmod(d, 0o755);
    dirs.push(d);
    return d;
  }

  /** Starts the service with one cover job hanging on the Cover Art Archive; returns its URL. */
  async function startWithJobInFlight(env: Record<string, string>): Promise<string> {
    fake = await startFakeRemotes();
    fake.caa.setFront(RELEASE_MBID, await solidJpeg('#3366cc', 500));
    fake.fault('caa', { hang: true }, { path: RELEASE_MBID });
    service = startService(['serve'], {
      ...fake.env(),
      ...env,
      PORT: '0',
      MUSIC_DIR: FIXTURE_LIBRARY,
      COVER_SOURCES: 'coverartarchive,placeholder',
      ARTIST_IMAGE_SOURCES: 'folder,placeholder',
      MUSICBRAINZ_RATE_PER_SEC: '50',
      WORKER_CONCURRENCY: '2',
      WORKER_HEARTBEAT_MS: '500',
      WORKER_STALE_MS: '2000',
      REMOTE_TIMEOUT_MS: '3000',
      RETRY_BASE_MS: '200',
      RETRY_MAX_DELAY_MS: '1000',
    });
    const line = await service.waitFor(/SoniqueBay Covers is running/, 60_000);
    const url = (JSON.parse(line) as { url: string }).url.replace(/\/graphql$/, '');
    const album = await waitFor(async () => (await albums(url))?.find((a) => a.title === 'Full Release'), 30_000, { message: 'the scan' });
    await gql(url, 'mutation ($ids: [ID!]!) { requestCovers(ids: $ids, priority: HIGH) { __typename } }', { ids: [album.id] });
    await waitFor(() => fake!.requestsTo('caa').some((r) => r.path.includes(RELEASE_MBID)), 20_000, { message: 'the job to ask the Cover Art Archive' });
    return url;
  }

  async function expectEverythingSettled(url: string) {
    let last: AlbumRow[] | undefined;
    const settled = await waitFor(
      async () => {
        const list = (last = await albums(url));
        return list && list.length > 0 && list.every((a) => a.cover.status !== 'PENDING') && list.find((a) => a.title === 'Full Release')?.cover.status === 'READY' ? list : undefined;
      },
      // Generous: a loaded 2-core machine runs these jobs slowly; a lost job would wait 4 h.
      120_000,
      { message: 'every cover to settle after the outage', last: () => ({ unsettled: last?.filter((a) => a.cover.status === 'PENDING' || a.title === 'Full Release'), log: service!.output().slice(-1500) }) },
    );
    expect(settled.find((a) => a.title === 'Full Release')!.cover).toEqual({ status: 'READY', source: 'COVER_ART_ARCHIVE' });
    expect(service!.child.exitCode).toBeNull();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  }

  it('of the DATABASE_URL server: /readyz says 503 with the reason, nothing is lost when it returns', async () => {
    const dbDir = await tempDir('covers-outage-url-');
    const first = await startEmbeddedPostgres({ dataDir: dbDir, ephemeral: true });
    servers.push(first);
    const url = await startWithJobInFlight({ DATABASE_URL: first.url, SCAN_ON_START: 'true' });

    process.kill(await postmasterPid(dbDir), 'SIGKILL');
    const ready = await waitFor(async () => {
      const res = await fetch(`${url}/readyz`);
      return res.status === 503 ? ((await res.json()) as { status: string; reason: string }) : undefined;
    }, 10_000, { message: '/readyz to report the outage' });
    expect(ready.status).toBe('database unavailable');
    expect(ready.reason).toMatch(/ECONNREFUSED|terminat|connect/i);
    expect(ready.reason).not.toContain(new URL(first.url).password);
    // The hung job gives up on the remote (3 s) while the database is gone, and fails to record it:
    // graphile-worker's unawaited failJob rejects. The process must outlive that.
    fake!.fault('caa', null);
    await service!.waitFor(/database unreachable: an operation was dropped/, 15_000);
    expect(service!.child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // The same server comes back on the same port and data.
    const second = await startEmbeddedPostgres({ dataDir: dbDir, port: first.port, ephemeral: true });
    servers.push(second);
    await expectEverythingSettled(url);
    // Said once at the first heartbeat that reaches the database (every 500 ms here).
    await service!.waitFor(/database reachable again: jobs interrupted by the outage are queued again/, 5_000);
  }, 240_000);

  it('of the embedded server: it is restarted, /healthz reports the restart, and the jobs complete', async () => {
    const dataDir = await tempDir('covers-outage-embedded-');
    const url = await startWithJobInFlight({ DATA_DIR: dataDir, SCAN_ON_START: 'true' });
    const before = await postmasterPid(dataDir);
    process.kill(before, 'SIGKILL');
    await service!.waitFor(/embedded postgres died; restarting it/, 5000);
    fake!.fault('caa', null);
    await service!.waitFor(/embedded postgres restarted/, 30_000);
    expect(await postmasterPid(dataDir)).not.toBe(before);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; embeddedPostgres: { state: string; restarts: number } };
    expect(health).toMatchObject({ status: 'ok', embeddedPostgres: { state: 'running', restarts: 1, lastExit: 'killed by SIGKILL' } });
    await expectEverythingSettled(url);
    service!.kill('SIGTERM');
    expect((await service!.exited).code).toBe(0);
  }, 240_000);
});

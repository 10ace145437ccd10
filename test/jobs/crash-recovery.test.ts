import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { encodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';
import { startService, type ServiceProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/wait.js';

const RequestCover = graphql(`
  mutation JobsCrashRequestCover($ids: [ID!]!) {
    requestCovers(ids: $ids, priority: HIGH) {
      __typename
      ... on CoversPayload { covers { status job { priority state } } }
    }
  }
`);

/** Quiet Signals – Full Release: tagged with this release MBID and no local art (fixture README). */
const RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';

interface LockRow {
  id: string;
  locked_by: string | null;
  attempts: number;
}

/** The worker ids a process said it freed, one list per log line. */
function freed(service: ServiceProcess): string[][] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.includes('freeing jobs held by workers that stopped answering'))
    .map((line) => (JSON.parse(line) as { workers: string[] }).workers);
}

describe('a worker process killed mid-job (SIGKILL)', () => {
  let fake: FakeRemotes;
  let t: TestApp;
  const children: ServiceProcess[] = [];
  let albumId: number;

  const workerEnv = () => ({
    ...fake.env(),
    DATABASE_URL: t.database.url,
    MUSIC_DIR: FIXTURE_LIBRARY,
    SCAN_ON_START: 'false',
    WORKER_CONCURRENCY: '1',
    WORKER_HEARTBEAT_MS: '500',
    WORKER_STALE_MS: '2000',
    COVER_SOURCES: 'coverartarchive,placeholder',
    REMOTE_TIMEOUT_MS: '120000',
    LOG_LEVEL: 'info',
  });

  async function startWorker(): Promise<ServiceProcess> {
    const child = startService(['worker'], workerEnv());
    children.push(child);
    await child.waitFor(/SoniqueBay Covers is running/, 20_000);
    return child;
  }

  async function job(): Promise<LockRow | undefined> {
    const { rows } = await sql<LockRow>`
      select id::text as id, locked_by, attempts from graphile_worker.jobs where key = ${`cover:album:${albumId}`}`.execute(t.app.db);
    return rows[0];
  }

  beforeAll(async () => {
    fake = await startFakeRemotes();
    // The API process (no worker): it takes the request and writes the job, as in production.
    t = await startTestApp({ role: 'api', env: { ...fake.env(), COVER_SOURCES: 'coverartarchive,placeholder' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    const album = await t.app.db.selectFrom('albums').select('id').where('mb_release_id', '=', RELEASE_MBID).executeTakeFirstOrThrow();
    albumId = album.id;
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await t?.stop();
    await fake?.close();
  });

  it('has its job freed through heartbeats and completed by the other worker process', async () => {
    // The Cover Art Archive never answers for this release: whichever worker takes the job blocks in it.
    fake.fault('caa', { hang: true }, { path: RELEASE_MBID });
    const workers = await Promise.all([startWorker(), startWorker()]);

    const res = await t.gql(RequestCover, { ids: [encodeId('Album', albumId)] });
    expect(res.data?.requestCovers).toMatchObject({ __typename: 'CoversPayload', covers: [{ status: 'PENDING' }] });

    const locked = await waitFor(
      async () => {
        const j = await job();
        const asked = fake.requestsTo('caa').some((r) => r.path.includes(RELEASE_MBID));
        return j?.locked_by && asked ? j : undefined;
      },
      15_000,
      { message: 'a worker to take the job and ask the Cover Art Archive', last: () => workers.map((w) => w.output().slice(-800)) },
    );
    // The holder says it is alive under the id it locks with; that is how the other tells when it stops.
    const beat = await t.app.db.selectFrom('worker_heartbeats').select('process_id').where('worker_id', '=', locked.locked_by!).executeTakeFirst();
    expect(beat).toBeDefined();
    const holder = workers.find((w) => beat!.process_id.endsWith(`:${w.child.pid}`));
    const survivor = workers.find((w) => w !== holder);
    expect(holder).toBeDefined();

    // Alive and busy past the stale limit (2 s), the holder keeps its job: the other process
    // neither frees it nor runs it a second time.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await job()).toEqual(locked);
    expect(workers.map(freed)).toEqual([[], []]);
    expect(fake.requestsTo('caa').filter((r) => r.path.includes(RELEASE_MBID))).toHaveLength(1);

    holder!.kill('SIGKILL');
    expect(await holder!.exited).toMatchObject({ signal: 'SIGKILL' });
    const killedAt = Date.now();
    // graphile-worker alone would keep this lock for 4 hours.
    expect(await job()).toMatchObject({ id: locked.id, locked_by: locked.locked_by });
    fake.fault('caa', null);
    fake.caa.setFront(RELEASE_MBID, await solidJpeg('#3366cc', 500));

    const cover = await waitFor(
      async () => {
        const row = await t.app.db
          .selectFrom('covers')
          .select(['status', 'source'])
          .where('entity_type', '=', 'album')
          .where('entity_id', '=', albumId)
          .executeTakeFirst();
        return row && row.status !== 'PENDING' ? row : undefined;
      },
      12_000,
      { message: 'the cover to leave PENDING after the kill', last: () => survivor!.output().slice(-1500) },
    );
    const recoveredMs = Date.now() - killedAt;
    expect(cover).toEqual({ status: 'READY', source: 'COVER_ART_ARCHIVE' });
    // Stale after 2 s, checked every 0.5 s, then picked up at the next poll (2 s): well under 10 s.
    expect(recoveredMs).toBeLessThan(10_000);
    // The survivor freed exactly the dead worker, and the job (same row) ran to completion.
    expect(freed(survivor!)).toEqual([[locked.locked_by]]);
    // graphile-worker removes the finished job a moment after the cover is written.
    await waitFor(async () => (await job()) === undefined, 5000, { message: 'the finished job removed' });
    // Taken once by each worker: the kill cost one attempt, nothing more.
    expect(fake.requestsTo('caa').filter((r) => r.path.includes(RELEASE_MBID))).toHaveLength(2);
  });
});

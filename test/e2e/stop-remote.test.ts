/**
 * Stopping is prompt: SIGTERM while cover jobs wait on a remote that never answers, or on the
 * MusicBrainz rate limit, ends the real process within 5 s (REMOTE_TIMEOUT_MS is 2 minutes), and
 * the jobs are left in the queue, unattempted, for the next worker.
 */
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

const RequestCovers = graphql(`
  mutation StopRequestCovers($ids: [ID!]!) {
    requestCovers(ids: $ids, priority: HIGH) {
      __typename
    }
  }
`);

/** Quiet Signals – Full Release: tagged with this release MBID (fixture README); Harbour Lights has no MBID, so CAA searches MusicBrainz. */
const RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';

interface JobRow {
  key: string;
  locked_at: Date | null;
  attempts: number;
  last_error: string | null;
  run_at: Date;
}

describe('SIGTERM while cover jobs wait on remotes', () => {
  let fake: FakeRemotes;
  let t: TestApp;
  const children: ServiceProcess[] = [];
  let tagged: number;
  let untagged: number;
  const keys = () => [`cover:album:${tagged}`, `cover:album:${untagged}`];

  const workerEnv = () => ({
    ...fake.env(),
    DATABASE_URL: t.database.url,
    MUSIC_DIR: FIXTURE_LIBRARY,
    SCAN_ON_START: 'false',
    WORKER_CONCURRENCY: '2',
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

  const jobs = async () =>
    (await sql<JobRow>`select key, locked_at, attempts, last_error, run_at from graphile_worker.jobs where key = any(${keys()}) order by key`.execute(t.app.db)).rows;

  const covers = () =>
    t.app.db.selectFrom('covers').select(['entity_id', 'status', 'attempts', 'trace', 'last_error']).where('entity_type', '=', 'album').where('entity_id', 'in', [tagged, untagged]).execute();

  beforeAll(async () => {
    fake = await startFakeRemotes();
    t = await startTestApp({ role: 'api', env: { ...fake.env(), COVER_SOURCES: 'coverartarchive,placeholder' } });
    await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
    tagged = (await t.app.db.selectFrom('albums').select('id').where('mb_release_id', '=', RELEASE_MBID).executeTakeFirstOrThrow()).id;
    untagged = (await t.app.db.selectFrom('albums').select('id').where('folder', '=', 'Amber Coast/Harbour Lights').executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await t?.stop();
    await fake?.close();
  });

  it('ends the process within 5 s and leaves both jobs queued, unattempted, for the next worker', async () => {
    fake.fault('caa', { hang: true }, { path: RELEASE_MBID });
    // The next MusicBrainz slot is 10 minutes away: the untagged album's search waits in the shared limiter.
    await sql`insert into rate_limits (key, next_at) values ('musicbrainz', now() + interval '10 minutes')`.execute(t.app.db);
    const worker = await startWorker();

    const res = await t.gql(RequestCovers, { ids: [encodeId('Album', tagged), encodeId('Album', untagged)] });
    expect(res.data?.requestCovers.__typename).toBe('CoversPayload');
    await waitFor(
      async () => {
        const both = (await jobs()).every((j) => j.locked_at !== null) && (await jobs()).length === 2;
        return both && fake.requestsTo('caa').some((r) => r.path.includes(RELEASE_MBID)) ? true : undefined;
      },
      15_000,
      { message: 'both jobs running: one blocked in CAA, one in the MusicBrainz limiter', last: () => worker.output().slice(-1500) },
    );
    // Give the second job time to reach the limiter's wait (it queries the limiter row first).
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requestsTo('musicbrainz')).toHaveLength(0);

    const signalledAt = Date.now();
    worker.kill('SIGTERM');
    const exit = await worker.exited;
    const stopMs = Date.now() - signalledAt;
    expect(exit.code, worker.output().slice(-2000)).toBe(0);
    expect(stopMs).toBeLessThan(5000);
    expect(worker.output()).not.toMatch(/"level":50/); // nothing logged at error level

    // Both jobs are still there, free, due now, with no failed attempt against them.
    const left = await jobs();
    expect(left).toHaveLength(2);
    for (const j of left) {
      expect(j).toMatchObject({ locked_at: null, attempts: 0, last_error: null });
      expect(j.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    }
    // And no cover was written: no FALLBACK, no trace, no retry counted.
    for (const c of await covers()) expect(c).toMatchObject({ status: 'PENDING', attempts: 0, trace: [], last_error: null });

    // The next worker takes them over as ordinary jobs.
    fake.fault('caa', null);
    fake.caa.setFront(RELEASE_MBID, await solidJpeg('#3366cc', 500));
    await sql`delete from rate_limits`.execute(t.app.db);
    await startWorker();
    const done = await waitFor(
      async () => {
        const rows = await covers();
        return rows.length === 2 && rows.every((r) => r.status !== 'PENDING') ? rows : undefined;
      },
      20_000,
      { message: 'the next worker to resolve both covers' },
    );
    expect(done.find((c) => c.entity_id === tagged)).toMatchObject({ status: 'READY' });
    // graphile-worker deletes a job once its task has returned, a moment after the cover is written.
    await waitFor(async () => ((await jobs()).length === 0 ? true : undefined), 10_000, { message: 'both jobs done and removed' });
  }, 120_000); // two worker processes start; only the stop itself is timed
});

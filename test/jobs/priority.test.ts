import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueAfterScan } from '../../src/covers/cover.service.js';
import type { Db } from '../../src/db/database.js';
import { PRIORITY } from '../../src/jobs/task-list.js';
import { decodeId, encodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { seedLibrary } from '../helpers/seed.js';

const RequestCovers = graphql(`
  mutation JobsRequestCovers($ids: [ID!]!, $priority: CoverPriority) {
    requestCovers(ids: $ids, priority: $priority) {
      __typename
      ... on CoversPayload { covers { status job { priority state } } }
      ... on Error { message }
    }
  }
`);

const AlbumCovers = graphql(`
  query JobsAlbumCovers($first: Int!) {
    albums(first: $first) {
      edges { node { id title cover { status job { priority state } } } }
    }
  }
`);

// Seeded albums have no audio files and no folder: embedded and folder find nothing, the
// placeholder stands in. Each job is short, but 1,000 of them take far longer than one request.
const QUICK_CHAIN = { COVER_SOURCES: 'embedded,folder,placeholder', WORKER_CONCURRENCY: '1' };

interface JobRow {
  id: string;
  priority: number;
  locked_at: Date | null;
}

// graphile-worker's public `jobs` view hides payloads; to count jobs per album whatever their key,
// read the table behind it.
const coverJobs = sql`(
  select j.id, j.key, j.priority, j.locked_at, (j.payload->>'entityId')::int as entity_id
  from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
  where t.identifier = 'resolve_cover' and j.payload->>'entityType' = 'album')`;

/** Jobs for one album: by key (unique in graphile-worker) and by payload (catches a key-cleared twin). */
async function jobsOf(db: Db, albumId: number): Promise<{ byKey: JobRow[]; byPayload: number }> {
  const { rows: byKey } = await sql<JobRow>`
    select id::text as id, priority, locked_at from graphile_worker.jobs where key = ${`cover:album:${albumId}`}`.execute(db);
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ${coverJobs} j where entity_id = ${albumId}`.execute(db);
  return { byKey, byPayload: Number(rows[0]!.n) };
}

async function coverStatus(db: Db, albumId: number): Promise<{ status: string; resolved_at: Date | null } | undefined> {
  return db.selectFrom('covers').select(['status', 'resolved_at']).where('entity_type', '=', 'album').where('entity_id', '=', albumId).executeTakeFirst();
}

async function resolvedCount(db: Db, ids: number[]): Promise<number> {
  const row = await db
    .selectFrom('covers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity_type', '=', 'album')
    .where('entity_id', 'in', ids)
    .where('status', '!=', 'PENDING')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const albumKeys = (ids: number[]) => ids.map((id) => ({ type: 'album' as const, id }));

let fake: FakeRemotes;
beforeAll(async () => {
  fake = await startFakeRemotes();
});
afterAll(() => fake?.close());

describe('a HIGH request behind 1,000 LOW jobs (worker running, concurrency 1)', () => {
  let t: TestApp;
  let ids: number[];

  beforeAll(async () => {
    t = await startTestApp({ role: 'serve', env: { ...fake.env(), ...QUICK_CHAIN } });
    ids = await seedLibrary(t.app.db, { albums: 1000, artists: 50, tracksPerAlbum: 1 });
    // What a scan does with the albums it added: PENDING rows and one LOW job each.
    await enqueueAfterScan(t.app, albumKeys(ids), []);
  });
  afterAll(() => t?.stop());

  it('runs next, without a second job, while most LOW jobs are still queued', async () => {
    const { db } = t.app;
    const { rows: queued } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs`.execute(db);
    expect(Number(queued[0]!.n)).toBeGreaterThan(900);

    // The worker is busy with the backfill before the user asks.
    await waitFor('the worker to resolve a few LOW covers', async () => (await resolvedCount(db, ids)) >= 3);

    const target = ids[990]!;
    const before = await jobsOf(db, target);
    expect(before.byKey).toHaveLength(1);
    expect(before.byKey[0]!.priority).toBe(PRIORITY.LOW);
    expect(before.byPayload).toBe(1);

    const res = await t.gql(RequestCovers, { ids: [encodeId('Album', target)], priority: 'HIGH' });
    const requestedAt = new Date();
    expect(res.errors).toBeUndefined();
    const payload = res.data?.requestCovers;
    expect(payload?.__typename).toBe('CoversPayload');
    if (payload?.__typename !== 'CoversPayload') return;
    const job = payload.covers[0]!.job;
    // Queued at HIGH, or already taken by the worker, or already done: never still LOW.
    if (job) expect(job.priority).toBe('HIGH');

    // Raised in place: the same job row, now HIGH (unless the worker already finished it).
    const raised = await jobsOf(db, target);
    expect(raised.byKey.length).toBeLessThanOrEqual(1);
    if (raised.byKey[0]) {
      expect(raised.byKey[0].id).toBe(before.byKey[0]!.id);
      expect(raised.byKey[0].priority).toBe(PRIORITY.HIGH);
    }

    const done = await waitFor('the requested cover to leave PENDING', async () => {
      const jobs = await jobsOf(db, target);
      expect(jobs.byKey.length).toBeLessThanOrEqual(1);
      expect(jobs.byPayload).toBeLessThanOrEqual(1);
      const cover = await coverStatus(db, target);
      return cover && cover.status !== 'PENDING' ? cover : undefined;
    });
    expect(done.status).toBe('MISSING');

    const resolvedLow = await resolvedCount(db, ids.filter((id) => id !== target));
    expect(resolvedLow).toBeLessThan(100);
    // With one worker, at most the LOW job that was running when the request landed finished in between.
    const overtook = await db
      .selectFrom('covers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('entity_type', '=', 'album')
      .where('entity_id', '!=', target)
      .where('resolved_at', '>', requestedAt)
      .where('resolved_at', '<', done.resolved_at!)
      .executeTakeFirstOrThrow();
    expect(Number(overtook.n)).toBeLessThanOrEqual(1);

    // The job is gone once done (graphile-worker removes it a moment after the cover is written),
    // and nothing re-queued it.
    const after = await waitFor('the finished job removed', async () => {
      const jobs = await jobsOf(db, target);
      return jobs.byKey.length === 0 ? jobs : undefined;
    });
    expect(after.byKey).toHaveLength(0);
    expect(after.byPayload).toBe(0);
  });
});

describe('raising priority without a worker (role api): the queue state is stable', () => {
  let t: TestApp;
  let ids: number[];

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { ...fake.env(), ...QUICK_CHAIN } });
    ids = await seedLibrary(t.app.db, { albums: 30, artists: 5, tracksPerAlbum: 1, prefix: 'Queue' });
    await enqueueAfterScan(t.app, albumKeys(ids), []);
  });
  afterAll(() => t?.stop());

  it('a NORMAL or LOW request does not lower a HIGH job, and requesting twice adds nothing', async () => {
    const { db } = t.app;
    const target = ids[25]!;
    const id = encodeId('Album', target);
    const before = await jobsOf(db, target);
    expect(before.byKey.map((j) => j.priority)).toEqual([PRIORITY.LOW]);

    for (let i = 0; i < 2; i++) {
      const res = await t.gql(RequestCovers, { ids: [id], priority: 'HIGH' });
      expect(res.errors).toBeUndefined();
      expect(res.data?.requestCovers).toMatchObject({ __typename: 'CoversPayload', covers: [{ status: 'PENDING', job: { priority: 'HIGH', state: 'QUEUED' } }] });
      const jobs = await jobsOf(db, target);
      expect(jobs.byKey).toHaveLength(1);
      expect(jobs.byKey[0]!.id).toBe(before.byKey[0]!.id);
      expect(jobs.byPayload).toBe(1);
    }

    for (const priority of ['NORMAL', 'LOW'] as const) {
      const res = await t.gql(RequestCovers, { ids: [id], priority });
      expect(res.data?.requestCovers).toMatchObject({ covers: [{ job: { priority: 'HIGH' } }] });
      const jobs = await jobsOf(db, target);
      expect(jobs.byKey.map((j) => j.priority)).toEqual([PRIORITY.HIGH]);
      expect(jobs.byPayload).toBe(1);
    }
  });

  it('a request for many albums at once, some repeated, leaves one job per album', async () => {
    const { db } = t.app;
    const some = ids.slice(0, 10);
    const globalIds = some.map((n) => encodeId('Album', n));
    const res = await t.gql(RequestCovers, { ids: [...globalIds, ...globalIds.slice(0, 5)], priority: 'NORMAL' });
    expect(res.errors).toBeUndefined();
    const { rows } = await sql<{ key: string; n: string; priority: number }>`
      select key, count(*) over (partition by entity_id) as n, priority from ${coverJobs} j
      where entity_id = any(${some})`.execute(db);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => Number(r.n) === 1 && r.priority === PRIORITY.NORMAL)).toBe(true);
  });

  it('a LOW request stays LOW: reading the answer back does not raise it', async () => {
    const { db } = t.app;
    // An album with no cover row and no job yet.
    const [target] = await seedLibrary(db, { albums: 1, artists: 1, tracksPerAlbum: 1, prefix: 'Lone' });
    const res = await t.gql(RequestCovers, { ids: [encodeId('Album', target!)], priority: 'LOW' });
    expect(res.data?.requestCovers).toMatchObject({ covers: [{ status: 'PENDING', job: { priority: 'LOW' } }] });
    expect((await jobsOf(db, target!)).byKey.map((j) => j.priority)).toEqual([PRIORITY.LOW]);
  });
});

describe('a page of albums (role api)', () => {
  let t: TestApp;
  let ids: number[];

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { ...fake.env(), ...QUICK_CHAIN } });
    ids = await seedLibrary(t.app.db, { albums: 30, artists: 5, tracksPerAlbum: 1, prefix: 'Page' });
    await enqueueAfterScan(t.app, albumKeys(ids), []);
  });
  afterAll(() => t?.stop());

  it('Album.cover raises LOW jobs of PENDING covers to NORMAL, and leaves a HIGH one HIGH', async () => {
    const { db } = t.app;
    const page = 10;
    // Seeded titles sort in id order: the first page is the first ten albums.
    const onPage = ids.slice(0, page);
    const offPage = ids.slice(page);
    const highOnPage = onPage[3]!;
    await t.gql(RequestCovers, { ids: [encodeId('Album', highOnPage)], priority: 'HIGH' });

    const res = await t.gql(AlbumCovers, { first: page });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.albums.edges.map((e) => e.node);
    const rowId = (globalId: string) => Number(decodeId(globalId).id);
    expect(nodes.map((n) => rowId(n.id))).toEqual(onPage);
    for (const node of nodes) {
      expect(node.cover.status).toBe('PENDING');
      expect(node.cover.job?.priority).toBe(rowId(node.id) === highOnPage ? 'HIGH' : 'NORMAL');
    }

    const { rows } = await sql<{ entity_id: number; priority: number; n: string }>`
      select entity_id, priority, count(*) over (partition by entity_id) as n from ${coverJobs} j`.execute(db);
    const priorities = new Map(rows.map((r) => [r.entity_id, r.priority]));
    expect(rows).toHaveLength(ids.length);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    for (const n of onPage) expect(priorities.get(n)).toBe(n === highOnPage ? PRIORITY.HIGH : PRIORITY.NORMAL);
    for (const n of offPage) expect(priorities.get(n)).toBe(PRIORITY.LOW);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverJobKey } from '../../src/covers/cover.keys.js';
import { encodeId } from '../../src/schema/builder.js';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { solidJpeg } from '../helpers/images.js';
import { RequestCovers, upload } from '../helpers/covers.js';
import { seedLibrary } from '../helpers/seed.js';

const RefreshWhere = graphql(`
  mutation RefreshWhere($filter: CoverFilter, $ids: [ID!]) {
    refreshCovers(filter: $filter, ids: $ids) {
      __typename
      ... on CoversPayload { queued covers { status } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

const TOKEN = 'refresh-filter-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

/**
 * The bulk form of refreshCovers, on an API process with no worker, so the jobs it queues stay in
 * graphile-worker's table to be looked at.
 */
describe('refreshCovers(filter)', () => {
  let t: TestApp;
  let albums: number[] = [];

  const setCover = (i: number, status: string, source: string | null, attempts = 0) =>
    sql`insert into covers (entity_type, entity_id, status, source, attempts, trace) values ('album', ${albums[i]}, ${status}, ${source}, ${attempts}, '[]')`.execute(t.app.db);
  const jobs = async () =>
    new Map(
      (await sql<{ key: string; priority: number }>`select key, priority from graphile_worker.jobs where task_identifier = 'resolve_cover'`.execute(t.app.db)).rows.map((r) => [r.key, r.priority]),
    );
  const albumKey = (i: number) => coverJobKey({ type: 'album', id: albums[i]! });

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { API_TOKEN: TOKEN } });
    albums = await seedLibrary(t.app.db, { albums: 20, artists: 4, tracksPerAlbum: 1 });
    for (const i of [0, 1, 2, 3, 4]) await setCover(i, 'MISSING', 'PLACEHOLDER');
    for (const i of [5, 6, 7]) await setCover(i, 'FAILED', 'PLACEHOLDER', 8);
    for (const i of [8, 9]) await setCover(i, 'READY', 'FOLDER');
    // Album 10: a picture set by hand, READY from UPLOAD and pinned.
    const up = await upload(t, encodeId('Album', albums[10]!), { bytes: await solidJpeg('#884422', 400), name: 'a.jpg', type: 'image/jpeg' }, AUTH);
    expect(up.body.data?.uploadCover.__typename).toBe('CoverPayload');
    // A user asked for album 0 first: its job is HIGH.
    expect((await t.gql(RequestCovers, { ids: [encodeId('Album', albums[0]!)] }, AUTH)).data?.requestCovers.__typename).toBe('CoversPayload');
  });
  afterAll(() => t?.stop());

  it('is write-protected like every mutation, and takes exactly one of ids and filter', async () => {
    const refused = await t.gql(RefreshWhere, { filter: { status: ['MISSING'] } });
    expect(refused.data?.refreshCovers).toMatchObject({ __typename: 'ForbiddenError' });
    for (const vars of [{}, { filter: { status: ['MISSING' as const] }, ids: [encodeId('Album', albums[1]!)] }]) {
      expect((await t.gql(RefreshWhere, vars, AUTH)).data?.refreshCovers, JSON.stringify(vars)).toMatchObject({ __typename: 'ValidationError', field: 'ids' });
    }
    expect((await jobs()).size).toBe(1); // only the user's request
  });

  it('queues every MISSING and FAILED cover at LOW, keeps a HIGH job HIGH, gives FAILED a fresh budget, and counts them', async () => {
    const res = await t.gql(RefreshWhere, { filter: { status: ['MISSING', 'FAILED'] } }, AUTH);
    expect(res.data?.refreshCovers).toEqual({ __typename: 'CoversPayload', queued: 8, covers: [] });
    const queued = await jobs();
    expect(queued.get(albumKey(0))).toBe(-10); // HIGH, as the user asked: a bulk refresh never lowers it
    for (const i of [1, 2, 3, 4, 5, 6, 7]) expect(queued.get(albumKey(i)), `album ${i}`).toBe(10); // LOW
    for (const i of [8, 9, 10, 11]) expect(queued.has(albumKey(i)), `album ${i}`).toBe(false);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from covers where entity_type = 'album' and status = 'FAILED' and attempts > 0`.execute(t.app.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('skips covers set by hand, matches by source, and takes never-seen albums and artists as PENDING', async () => {
    // READY: the two FOLDER covers; the uploaded one is pinned and not searched again.
    expect((await t.gql(RefreshWhere, { filter: { status: ['READY'] } }, AUTH)).data?.refreshCovers).toMatchObject({ queued: 2 });
    expect((await jobs()).has(albumKey(10))).toBe(false);
    expect((await t.gql(RefreshWhere, { filter: { source: ['FOLDER'] } }, AUTH)).data?.refreshCovers).toMatchObject({ queued: 2 });
    expect((await t.gql(RefreshWhere, { filter: { status: [] } }, AUTH)).data?.refreshCovers).toMatchObject({ queued: 0 });
    // Albums 11..19 and the 4 artists have no cover row: they read as PENDING, so they are taken.
    const pending = await t.gql(RefreshWhere, { filter: { status: ['PENDING'] } }, AUTH);
    expect(pending.errors).toBeUndefined();
    expect(pending.data?.refreshCovers).toMatchObject({ queued: 9 + 4 });
    const queued = await jobs();
    for (let i = 11; i < 20; i++) expect(queued.get(albumKey(i)), `album ${i}`).toBe(10);
    // Everything but the upload: 20 albums - 1 + 4 artists.
    expect((await t.gql(RefreshWhere, { filter: {} }, AUTH)).data?.refreshCovers).toMatchObject({ queued: 23 });
  });

  it('still answers the covers named by ids, at HIGH', async () => {
    const res = await t.gql(RefreshWhere, { ids: [encodeId('Album', albums[12]!)] }, AUTH);
    expect(res.data?.refreshCovers).toMatchObject({ __typename: 'CoversPayload', queued: 1, covers: [{ status: 'PENDING' }] });
    expect((await jobs()).get(albumKey(12))).toBe(-10);
  });
});

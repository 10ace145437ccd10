/**
 * API_TOKEN set: every mutation needs `Authorization: Bearer <token>` (a ForbiddenError in its
 * result union otherwise); queries and image bytes stay open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, fetchImage, RefreshCovers, RequestCovers, ResetCover, scan, settled, StartScan, upload, waitForCover, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';

const TOKEN = 'test-token-7f3a9c';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const FOLDER = 'Amber Coast/Harbour Lights';

let fake: FakeRemotes;
let t: TestApp;
let id: string;

beforeAll(async () => {
  fake = await startFakeRemotes();
  t = await startTestApp({ env: { ...fake.env(), API_TOKEN: TOKEN, MUSICBRAINZ_RATE_PER_SEC: '50', WORKER_CONCURRENCY: '2' } });
  await scan(t, 'Amber Coast', AUTH);
  id = (await waitForSettled(t)).get(FOLDER)!.id;
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('API_TOKEN', () => {
  it('answers ForbiddenError to every mutation without the token, or with a wrong one, and changes nothing', async () => {
    const before = (await album(t, FOLDER)).cover;
    // Settled covers may have their upgrade check scheduled already: a refused mutation adds no job.
    const jobs = async () => (await t.database.pool.query(`select id, task_identifier, key from graphile_worker.jobs order by id`)).rows;
    const jobsBefore = await jobs();
    const jpeg = await solidJpeg('#123456', 600);
    for (const headers of <Record<string, string>[]>[{}, { authorization: 'Bearer wrong-token-0000' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const what = JSON.stringify(headers);
      expect((await t.gql(StartScan, { path: null }, headers)).data?.scanLibrary, what).toMatchObject({ __typename: 'ForbiddenError' });
      expect((await t.gql(RequestCovers, { ids: [id] }, headers)).data?.requestCovers, what).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringMatching(/Authorization: Bearer/) });
      expect((await t.gql(RefreshCovers, { ids: [id] }, headers)).data?.refreshCovers, what).toMatchObject({ __typename: 'ForbiddenError' });
      expect((await t.gql(ResetCover, { id }, headers)).data?.resetCover, what).toMatchObject({ __typename: 'ForbiddenError' });
      const up = await upload(t, id, { bytes: jpeg, name: 'x.jpg', type: 'image/jpeg' }, headers);
      expect(up.body.data?.uploadCover, what).toMatchObject({ __typename: 'ForbiddenError' });
      const fromUrl = await t.gql('mutation($id: ID!) { setCoverFromUrl(id: $id, url: "http://127.0.0.1:9/x.jpg") { __typename } }', { id }, headers);
      expect(fromUrl.data?.setCoverFromUrl, what).toMatchObject({ __typename: 'ForbiddenError' });
      const bulk = await t.gql('mutation { refreshCovers(filter: { status: [READY] }) { __typename } }', {}, headers);
      expect(bulk.data?.refreshCovers, what).toMatchObject({ __typename: 'ForbiddenError' });
      const chosen = await t.gql('mutation($id: ID!) { chooseCover(id: $id, candidateId: "deezer:0") { __typename } }', { id }, headers);
      expect(chosen.data?.chooseCover, what).toMatchObject({ __typename: 'ForbiddenError' });
    }
    // A refused mutation says so before looking at its arguments.
    const unknown = Buffer.from('Album:999999').toString('base64url');
    expect((await t.gql(RequestCovers, { ids: [unknown] })).data?.requestCovers).toMatchObject({ __typename: 'ForbiddenError' });
    expect((await album(t, FOLDER)).cover).toEqual(before);
    expect(await jobs()).toEqual(jobsBefore);
  });

  it('lets mutations through with the token', async () => {
    const before = (await album(t, FOLDER)).cover;
    const refreshed = await t.gql(RefreshCovers, { ids: [id] }, AUTH);
    expect(refreshed.data?.refreshCovers.__typename).toBe('CoversPayload');
    const after = await waitForCover(t, FOLDER, (c) => settled(c) && c.trace[0]!.at !== before.trace[0]!.at);
    expect(after).toMatchObject({ status: 'READY', source: 'EMBEDDED' });

    const up = await upload(t, id, { bytes: await solidJpeg('#123456', 600), name: 'x.jpg', type: 'image/jpeg' }, AUTH);
    expect(up.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { source: 'UPLOAD' } });
    expect((await t.gql(ResetCover, { id }, AUTH)).data?.resetCover.__typename).toBe('CoverPayload');
    expect(await waitForCover(t, FOLDER, (c) => settled(c) && c.source !== 'UPLOAD')).toMatchObject({ status: 'READY', source: 'EMBEDDED' });
    expect((await t.gql(RequestCovers, { ids: [id] }, AUTH)).data?.requestCovers.__typename).toBe('CoversPayload');
  });

  it('keeps queries and image bytes open', async () => {
    const cover = (await album(t, FOLDER)).cover; // no header
    expect(cover.status).toBe('READY');
    expect((await fetchImage(t, cover.url!)).res.status).toBe(200);
  });
});

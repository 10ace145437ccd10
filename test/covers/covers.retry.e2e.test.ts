/**
 * When remotes misbehave: transient failures leave a placeholder (FALLBACK) and a scheduled retry
 * that picks up the real cover once the remote is back; a retry budget ends in FAILED; hangs,
 * garbage and broken JSON end the job without touching anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, albumsByFolder, fetchImage, RefreshCovers, scan, settled, settledOrScheduled, steps, waitForCover, waitForSettled, type CoverView } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { garbageBytes, solidJpeg, expectColor } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

const FULL_RELEASE = 'Quiet Signals/Full Release';
const GROUP_ONLY = 'Quiet Signals/Group Only';
const UNKNOWN = 'Nobody Knows/Unknown Quantity';
const AMBER = 'Amber Coast/Harbour Lights';
const FULL_RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
const GROUP_ONLY_RG_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee04';

let fake: FakeRemotes;
const env = (extra: Record<string, string>) => ({ ...fake.env(), MUSICBRAINZ_RATE_PER_SEC: '50', WORKER_CONCURRENCY: '2', ...extra });
const caaStep = (c: CoverView) => c.trace.find((a) => a.source === 'COVER_ART_ARCHIVE');

beforeAll(async () => {
  fake = await startFakeRemotes();
});
afterAll(() => fake?.close());

describe('a remote that fails, then recovers', () => {
  let t: TestApp;
  beforeAll(async () => {
    fake.reset();
    fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg('#3366cc', 600));
    fake.fault('caa', { status: 503 }, { path: `/release/${FULL_RELEASE_MBID}/` });
    t = await startTestApp({ env: env({ RETRY_BASE_MS: '200' }) });
  });
  afterAll(() => t?.stop());

  it('shows a placeholder (FALLBACK) with a scheduled retry, then the real cover once CAA answers again', async () => {
    await scan(t, FULL_RELEASE);
    // Poll quickly: with RETRY_BASE_MS=200 the first retry is due 100-300 ms after the attempt.
    const fallback = await waitForCover(t, FULL_RELEASE, (c) => c.status === 'FALLBACK' && c.job?.state === 'SCHEDULED', 15_000, 10);
    fake.fault('caa', null); // CAA is back
    const recoveredAt = Date.now();

    expect(fallback).toMatchObject({ status: 'FALLBACK', source: 'PLACEHOLDER', job: { state: 'SCHEDULED', priority: 'LOW' } });
    expect(Date.parse(fallback.job!.runAt)).toBeGreaterThan(Date.parse(fallback.updatedAt) - 1000);
    expect(steps(fallback)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:ERROR', 'LASTFM:NOT_FOUND', 'DEEZER:NOT_FOUND', 'PLACEHOLDER:FOUND']);
    expect(caaStep(fallback)!.detail).toMatch(/coverartarchive: 127\.0\.0\.1:\d+ answered 503/);
    const placeholder = await fetchImage(t, fallback.url!);
    expect(placeholder.res.status).toBe(200);
    expect(placeholder.res.headers.get('content-type')).toBe('image/webp');

    // graphile-worker removes the finished job a moment after the cover is written: wait for both.
    const ready = await waitForCover(t, FULL_RELEASE, (c) => c.status === 'READY' && c.job === null, 8_000);
    expect(Date.now() - recoveredAt).toBeLessThan(8_000);
    expect(ready).toMatchObject({ status: 'READY', source: 'COVER_ART_ARCHIVE', job: null });
    expect(steps(ready)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:FOUND']);
    expect(ready.url).not.toBe(fallback.url);
    await expectColor((await fetchImage(t, ready.url!)).bytes, '3366cc', 12);
  });
});

describe('a remote that keeps failing', () => {
  let t: TestApp;
  beforeAll(async () => {
    fake.reset();
    fake.fault('caa', { status: 503 }, { path: `/release-group/${GROUP_ONLY_RG_MBID}/` });
    t = await startTestApp({ env: env({ RETRY_BASE_MS: '200', RETRY_MAX_ATTEMPTS: '2' }) });
  });
  afterAll(() => t?.stop());

  it('ends FAILED after RETRY_MAX_ATTEMPTS, still serving the placeholder, with no job left', async () => {
    await scan(t, GROUP_ONLY);
    // graphile-worker removes the finished job a moment after the cover is written: wait for both.
    // A job left behind would time this out.
    const failed = await waitForCover(t, GROUP_ONLY, (c) => c.status === 'FAILED' && c.job === null, 15_000);
    expect(failed).toMatchObject({ source: 'PLACEHOLDER', job: null });
    expect(caaStep(failed)).toMatchObject({ outcome: 'ERROR', detail: expect.stringMatching(/503/) });
    const attempts = fake.requestsTo('caa').filter((r) => r.path.includes(GROUP_ONLY_RG_MBID));
    expect(attempts).toHaveLength(2);
    const { res, bytes } = await fetchImage(t, failed.url!);
    expect(res.status).toBe(200);
    expect(bytes.length).toBeGreaterThan(0);
    // And it stays FAILED: nothing retries it behind the scenes.
    await new Promise((r) => setTimeout(r, 600));
    expect((await album(t, GROUP_ONLY)).cover).toMatchObject({ status: 'FAILED', job: null });
  });

  it('gives a FAILED cover a fresh retry budget when a user asks for it again', async () => {
    const before = fake.requestsTo('caa').filter((r) => r.path.includes(GROUP_ONLY_RG_MBID)).length;
    const { id } = await album(t, GROUP_ONLY);
    await t.gql('mutation($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }', { ids: [id] });
    // Two more tries (the whole budget again), not one: the count was reset.
    await waitFor(async () => fake.requestsTo('caa').filter((r) => r.path.includes(GROUP_ONLY_RG_MBID)).length === before + 2, 15_000, { message: 'two new CAA attempts' });
    // As above: the last retry's job is removed a moment after it writes FAILED; wait for both.
    const again = await waitForCover(t, GROUP_ONLY, (c) => c.status === 'FAILED' && c.job === null, 15_000);
    expect(again).toMatchObject({ source: 'PLACEHOLDER', job: null });
  });
});

describe('bad input loses nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    fake.reset();
    t = await startTestApp({ env: env({ REMOTE_TIMEOUT_MS: '300' }) });
  });
  afterAll(() => t?.stop());

  it('ends each job despite a hanging remote, garbage bytes and invalid JSON, and touches nothing else', async () => {
    await scan(t, 'Amber Coast');
    const amberBefore = (await waitForSettled(t)).get(AMBER)!;
    expect(amberBefore.cover.status).toBe('READY');

    fake.fault('caa', { hang: true }, { path: `/release/${FULL_RELEASE_MBID}/` }); // Full Release: CAA never answers
    fake.caa.setGroupFront(GROUP_ONLY_RG_MBID, garbageBytes(4096)); // Group Only: CAA serves garbage as the image
    fake.fault('deezer', { invalidJson: true }, { path: 'Nobody' }); // Unknown Quantity: Deezer answers broken JSON
    const started = Date.now();
    await scan(t, 'Quiet Signals');
    await scan(t, 'Nobody Knows');
    const albums = await waitForSettled(t, 15_000, { artists: true, done: settledOrScheduled });
    expect(Date.now() - started).toBeLessThan(10_000);

    const full = albums.get(FULL_RELEASE)!.cover;
    expect(full).toMatchObject({ status: 'FALLBACK', source: 'PLACEHOLDER', job: { state: 'SCHEDULED' } });
    expect(caaStep(full)).toMatchObject({ outcome: 'ERROR', detail: expect.stringMatching(/timed out/) });
    expect(caaStep(full)!.durationMs).toBeLessThan(3_000);

    const group = albums.get(GROUP_ONLY)!.cover;
    expect(group).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER', job: null });
    expect(caaStep(group)).toMatchObject({ outcome: 'REJECTED', detail: expect.stringMatching(/not an image/) });
    expect(steps(group).slice(-2)).toEqual(['DEEZER:NOT_FOUND', 'PLACEHOLDER:FOUND']);

    const unknown = albums.get(UNKNOWN)!.cover;
    expect(unknown).toMatchObject({ status: 'FALLBACK', source: 'PLACEHOLDER', job: { state: 'SCHEDULED' } });
    expect(unknown.trace.find((a) => a.source === 'DEEZER')).toMatchObject({ outcome: 'ERROR', detail: expect.stringMatching(/invalid JSON/) });

    // Everything else as it was, every url served, the service answering.
    expect((await album(t, AMBER)).cover).toEqual(amberBefore.cover);
    for (const [folder, a] of await albumsByFolder(t)) {
      const { res, bytes } = await fetchImage(t, a.cover.url!);
      expect(res.status, folder).toBe(200);
      expect(bytes.length, folder).toBeGreaterThan(0);
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});

describe('a refresh while the job runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    fake.reset();
    // CAA takes 1.5 s to answer with red: the job is still running when the user asks again.
    fake.caa.setFront(FULL_RELEASE_MBID, { delayMs: 1500, image: await solidJpeg('#ff0000', 600) });
    t = await startTestApp({ env: env({}) });
  });
  afterAll(() => t?.stop());

  it('is not lost, and the older answer does not overwrite the newer one', async () => {
    await scan(t, FULL_RELEASE);
    const running = await waitForCover(t, FULL_RELEASE, (c) => c.job?.state === 'RUNNING' && fake.requestsTo('caa').length > 0, 10_000, 20);
    expect(running.status).toBe('PENDING');
    fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg('#0000ff', 600)); // the archive now has a blue front
    const res = await t.gql(RefreshCovers, { ids: [(await album(t, FULL_RELEASE)).id] });
    expect(res.data!.refreshCovers).toMatchObject({ __typename: 'CoversPayload', covers: [{ job: { priority: 'HIGH' } }] });

    const ready = await waitForCover(t, FULL_RELEASE, (c) => c.status === 'READY' && settled(c), 10_000);
    // Wait out the first job's slow answer: it must not replace the newer cover.
    await new Promise((r) => setTimeout(r, 1_800));
    const final = (await album(t, FULL_RELEASE)).cover;
    expect(final).toMatchObject({ status: 'READY', source: 'COVER_ART_ARCHIVE', url: ready.url, job: null });
    await expectColor((await fetchImage(t, final.url!)).bytes, '0000ff', 12);
  });
});

/**
 * Upgrades later (issue 13, point 2) end to end: albums tagged by ffmpeg + mutagen with 300 px
 * embedded covers, the Cover Art Archive and Deezer as loopback fakes, the real service and worker.
 * The Cover Art Archive has nothing at first; once it has a 1200 px front for the exact release,
 * the background check (`upgrade_cover`, LOW) replaces the small cover under a new hash and a
 * live client sees CoverReady with it. A fuzzy match never replaces local art; an upload is never
 * replaced.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { album, fetchImage, parseUrl, RequestCovers, scan, steps, upload, waitForCover, waitForSettled } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, solidJpeg } from '../helpers/images.js';
import { collect, quiet, untilLive, wsClient } from '../helpers/live.js';
import { writeTaggedMp3 } from '../helpers/tagged-mp3.js';
import { waitFor } from '../helpers/wait.js';

const SMALL = 'Upgrade Later/Small Front';
const FUZZY = 'Upgrade Later/Only Fuzzy';
const UPLOADED = 'Upgrade Later/Uploaded Front';
const MBID = { small: 'c13c13c1-0000-4000-8000-000000000001', uploaded: 'c13c13c1-0000-4000-8000-000000000003' };
const COLORS = { embedded: 'cc2200', caa: '2255cc', deezer: '22cc55', upload: 'aa22aa' };

const Upgraded = graphql(`
  subscription CoverUpgraded($ids: [ID!]) {
    coverEvents(ids: $ids) {
      __typename
      ... on CoverReady { subject { ... on Album { id cover { id status source url width } } ... on Artist { id } } }
    }
  }
`);

let dir: string;
let fake: FakeRemotes;
let t: TestApp;

/** The queued upgrade checks, due now: the test does not wait COVER_UPGRADE_AFTER_MS. */
async function upgradeChecksDueNow(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker.reschedule_jobs(
      array(select id from graphile_worker.jobs where task_identifier = 'upgrade_cover' and locked_at is null), run_at := now())`.execute(t.database.db);
  return rows[0]!.n;
}
async function queuedUpgradeChecks(): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`select key from graphile_worker.jobs where task_identifier = 'upgrade_cover' order by key`.execute(t.database.db);
  return rows.map((r) => r.key);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'covers-upgrade-'));
  for (const [folder, mbid] of [[SMALL, MBID.small], [FUZZY, null], [UPLOADED, MBID.uploaded]] as const) {
    const [artist, title] = folder.split('/') as [string, string];
    const picture = join(dir, `${title}.jpg`);
    await writeFile(picture, await solidJpeg(`#${COLORS.embedded}`, 300));
    await writeTaggedMp3(join(dir, folder, '01 - Track.mp3'), { title: 'Track', artist, album: title, ...(mbid ? { mbReleaseId: mbid } : {}), picture });
    await rm(picture);
  }
  fake = await startFakeRemotes();
  // Deezer knows "Only Fuzzy" by its exact names, at 1000 px: a search match, never above local art.
  fake.deezer.addAlbum({ artist: 'Upgrade Later', title: 'Only Fuzzy', cover: await solidJpeg(`#${COLORS.deezer}`, 1000) });
  t = await startTestApp({
    env: {
      ...fake.env(),
      MUSIC_DIR: dir,
      ARTIST_IMAGE_SOURCES: 'folder,placeholder',
      MUSICBRAINZ_RATE_PER_SEC: '50',
      REMOTE_TIMEOUT_MS: '3000',
      // A day, as by default: the test brings the checks forward itself.
      COVER_UPGRADE_AFTER_MS: '86400000',
    },
  });
  await scan(t);
  await waitForSettled(t, 30_000);
}, 90_000);

afterAll(async () => {
  await t?.stop();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('upgrades later', () => {
  it('every small local cover is READY from its 300 px picture, with an upgrade check queued under its own key (Cover.job stays null)', async () => {
    for (const folder of [SMALL, FUZZY, UPLOADED]) {
      const a = await album(t, folder);
      expect(a.cover, folder).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 300, job: null });
    }
    expect(await queuedUpgradeChecks()).toHaveLength(3);
  });

  it('replaces the 300 px embedded cover by the 1200 px exact-MBID CAA image found later, under a new hash; a live client sees CoverReady; a fuzzy match and an upload stay', async () => {
    const small = await album(t, SMALL);
    const fuzzy = await album(t, FUZZY);
    const uploaded = await album(t, UPLOADED);
    const before = { small: parseUrl(small.cover.url).hash, fuzzy: parseUrl(fuzzy.cover.url).hash };

    // The user uploads a cover for one album; then the Cover Art Archive gets 1200 px fronts for both tagged releases.
    const up = await upload(t, uploaded.id, { bytes: await solidJpeg(`#${COLORS.upload}`, 400), name: 'mine.jpg', type: 'image/jpeg' });
    expect(up.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { source: 'UPLOAD' } });
    const uploadedHash = parseUrl(up.body.data!.uploadCover.cover.url).hash;
    fake.caa.setFront(MBID.small, await solidJpeg(`#${COLORS.caa}`, 1200));
    fake.caa.setFront(MBID.uploaded, await solidJpeg(`#${COLORS.caa}`, 1200));

    const client = wsClient(t.url);
    // The albums' artist is the probe: asking for its image (a placeholder here) makes events that prove the subscription live.
    const live = collect(client, Upgraded, { ids: [small.id, fuzzy.id, uploaded.id, small.artist.id] });
    try {
      await untilLive(() => t.gql(RequestCovers, { ids: [small.artist.id], priority: 'HIGH' }), () => live.items.length > 0);
      fake.reset();
      expect(await upgradeChecksDueNow()).toBe(3);
      await waitFor(async () => (await queuedUpgradeChecks()).length === 0, 30_000, { message: 'the upgrade checks to run' });

      const albumIds = [small.id, fuzzy.id, uploaded.id];
      const isAlbumReady = (e: (typeof live.items)[number]) =>
        e.coverEvents.__typename === 'CoverReady' && albumIds.includes((e.coverEvents.subject as { id?: string }).id ?? '');
      const got = await live.until((items) => items.some(isAlbumReady), 15_000);
      await quiet(live.items);
      const ready = got.filter(isAlbumReady);
      expect(ready).toHaveLength(1);
      const event = ready[0]!.coverEvents as Extract<(typeof ready)[number]['coverEvents'], { __typename: 'CoverReady' }>;
      expect(event.subject).toMatchObject({ id: small.id, cover: { status: 'READY', source: 'COVER_ART_ARCHIVE', width: 1200 } });
      const eventUrl = (event.subject as { cover: { url: string } }).cover.url;
      expect(parseUrl(eventUrl).hash).not.toBe(before.small);
    } finally {
      live.stop();
      await client.dispose();
    }

    const upgraded = await waitForCover(t, SMALL, (c) => c.source === 'COVER_ART_ARCHIVE');
    expect(upgraded).toMatchObject({ status: 'READY', width: 1200, height: 1200 });
    await expectColor((await fetchImage(t, upgraded.url!)).bytes, COLORS.caa, 12);
    // The trace says why.
    const caa = upgraded.trace.find((a) => a.source === 'COVER_ART_ARCHIVE')!;
    expect(caa).toMatchObject({ outcome: 'FOUND', detail: expect.stringMatching(/upgrade: replaces EMBEDDED 300x300 \(local\)/) });
    expect(steps(upgraded)).toContain('EMBEDDED:FOUND');

    // Looked at again, the untagged album could only get search matches, which never rank above local art:
    // Deezer (which has it by its exact names at 1000 px) is not even asked, and the local picture stays.
    expect(fake.requestsTo('deezer')).toEqual([]);
    const stayed = await album(t, FUZZY);
    expect(stayed.cover).toMatchObject({ status: 'READY', source: 'EMBEDDED', width: 300 });
    expect(parseUrl(stayed.cover.url).hash).toBe(before.fuzzy);

    // The upload stays, though a 1200 px exact-MBID picture now exists for its release.
    const kept = await album(t, UPLOADED);
    expect(kept.cover).toMatchObject({ status: 'READY', source: 'UPLOAD', width: 400 });
    expect(parseUrl(kept.cover.url).hash).toBe(uploadedHash);
    expect(fake.requestsTo('caa').some((r) => r.path.includes(MBID.uploaded))).toBe(false);

    // An exact-MBID 1200 px cover needs no further look; the ones kept get none either until they settle again.
    expect(await queuedUpgradeChecks()).toEqual([]);
  });
});

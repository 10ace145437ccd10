import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { parseUrl, upload } from '../helpers/covers.js';
import { solidJpeg } from '../helpers/images.js';
import { collect, quiet, untilLive, wsClient } from '../helpers/live.js';
import { waitFor } from '../helpers/wait.js';

// Issue 14, what the 2,000-album test (library.push.test.ts) leaves open, on a small pushed
// library: coverEvents(externalIds:) follows entities the backend registers after it subscribed,
// an upload tells the webhook like a cover the chain found, and the images of removed entities are
// collected while the ones still used stay.

const TOKEN = 'push-live-token-0123';
const SECRET = 'push-live-secret-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

const Upsert = graphql(`
  mutation PushLiveUpsert($input: LibraryBatchInput!) {
    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded albumsAdded } ... on Error { message } }
  }
`);

const Remove = graphql(`
  mutation PushLiveRemove($ids: LibraryExternalIds!) {
    removeFromLibrary(externalIds: $ids) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } }
  }
`);

const ByExternalId = graphql(`
  query PushLiveAlbum($externalId: String!) {
    album(externalId: $externalId) { __typename ... on Album { id cover { status source url job { state } } } }
  }
`);

const ArtistByExternalId = graphql(`
  query PushLiveArtist($externalId: String!) {
    artist(externalId: $externalId) { __typename ... on Artist { id image { status source url job { state } } } }
  }
`);

const Refresh = graphql(`
  mutation PushLiveRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }
`);

const Events = graphql(`
  subscription PushLiveEvents($externalIds: LibraryExternalIds) {
    coverEvents(externalIds: $externalIds) { __typename id subject { ... on Album { externalId } ... on Artist { externalId } } }
  }
`);

interface Delivery {
  body: string;
  signature: string | undefined;
  payload: { entityType: string; externalId: string; status: string; source: string | null; imageUrl: string | null };
}

/** One album of the pushed library: its folder holds `picture` as cover.jpg. */
const album = (externalId: string, artistExternalId: string, folder: string) => ({
  externalId,
  artistExternalId,
  title: externalId.replace(/-/g, ' '),
  folder,
  tracks: [{ path: `${folder}/01 - One.mp3`, title: 'One', trackNumber: 1 }],
});

let root: string;
let t: TestApp;
let receiver: Server;
const deliveries: Delivery[] = [];

async function albumNow(externalId: string) {
  const r = await t.gql(ByExternalId, { externalId }, auth);
  const a = r.data!.album;
  if (a.__typename !== 'Album') throw new Error(`${externalId}: ${a.__typename}`);
  return a;
}
const settled = async (externalId: string) => {
  const a = await albumNow(externalId);
  return a.cover.status !== 'PENDING' && a.cover.job === null ? a : null;
};
async function artistNow(externalId: string) {
  const r = await t.gql(ArtistByExternalId, { externalId }, auth);
  const a = r.data!.artist;
  if (a.__typename !== 'Artist') throw new Error(`${externalId}: ${a.__typename}`);
  return a;
}
async function push(input: { artists?: { externalId: string; name: string }[]; albums?: ReturnType<typeof album>[] }) {
  const r = await t.gql(Upsert, { input }, auth);
  expect(r.data?.upsertLibrary.__typename).toBe('UpsertLibraryPayload');
}
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.database.db)).rows[0]!.n;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'covers-push-live-'));
  const pictures: Record<string, Buffer> = {
    'Ember/First Light': await solidJpeg('#c0392b', 400),
    'Ember/Late Arrival': await solidJpeg('#27ae60', 400),
    'Ember/Not Watched': await solidJpeg('#8e44ad', 400),
    'Ember/Only Mine': await solidJpeg('#2980b9', 400),
    // The same bytes in two folders: one image, two covers.
    'Ember/Shared One': await solidJpeg('#f39c12', 400),
    'Keeper/Shared Two': await solidJpeg('#f39c12', 400),
  };
  for (const [folder, bytes] of Object.entries(pictures)) {
    await mkdir(join(root, folder), { recursive: true });
    await writeFile(join(root, folder, 'cover.jpg'), bytes);
  }
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ body, signature: req.headers['x-covers-signature'] as string | undefined, payload: JSON.parse(body) as Delivery['payload'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t = await startTestApp({
    env: {
      MUSIC_DIR: root,
      LIBRARY_SOURCE: 'push',
      API_TOKEN: TOKEN,
      COVER_SOURCES: 'folder,placeholder',
      ARTIST_IMAGE_SOURCES: 'folder,placeholder',
      COVER_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/covers`,
      COVER_WEBHOOK_SECRET: SECRET,
    },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  receiver?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a pushed library, live', () => {
  it('coverEvents(externalIds:) follows an album registered before it subscribed, and the album and artist pushed after', async () => {
    await push({ artists: [{ externalId: 'ember', name: 'Ember' }], albums: [album('first-light', 'ember', 'Ember/First Light')] });
    const first = await waitFor(() => settled('first-light'), 20_000, { message: 'first-light settled' });

    const client = wsClient(t.url, auth);
    const sub = collect(client, Events, { externalIds: { albums: ['first-light', 'late-arrival'], artists: ['late-artist'] } });
    await untilLive(() => t.gql(Refresh, { ids: [first.id] }, auth), () => sub.items.length > 0);

    // Registered after the subscription started: one followed, one not.
    await push({
      artists: [{ externalId: 'late-artist', name: 'Late Artist' }],
      albums: [album('late-arrival', 'ember', 'Ember/Late Arrival'), album('not-watched', 'late-artist', 'Ember/Not Watched')],
    });
    const late = await waitFor(() => settled('late-arrival'), 20_000, { message: 'late-arrival settled' });
    const notWatched = await waitFor(() => settled('not-watched'), 20_000, { message: 'not-watched settled' });
    const lateArtist = (await artistNow('late-artist')).id;
    await sub.until((items) => items.some((i) => i.coverEvents.id === late.id && i.coverEvents.__typename === 'CoverReady'));
    await sub.until((items) => items.some((i) => i.coverEvents.id === lateArtist && ['CoverReady', 'CoverMissing'].includes(i.coverEvents.__typename)));
    await quiet(sub.items);
    sub.stop();
    await client.dispose();

    const events = sub.items.map((i) => i.coverEvents);
    const of = (id: string) => events.filter((e) => e.id === id).map((e) => e.__typename);
    expect(of(late.id)).toEqual(['CoverStarted', 'CoverProcessing', 'CoverSourceTried', 'CoverReady']);
    expect(of(lateArtist).at(0)).toBe('CoverStarted');
    expect(of(notWatched.id)).toEqual([]);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([first.id, late.id, lateArtist]));
    // Each event's subject names it in SoniqueBay's ids.
    expect(new Set(events.map((e) => e.subject.externalId))).toEqual(new Set(['first-light', 'late-arrival', 'late-artist']));
  });

  it('an upload is told to the webhook like a cover the chain found, signed', async () => {
    const target = await albumNow('first-light');
    await waitFor(() => deliveries.some((d) => d.payload.externalId === 'first-light' && d.payload.source === 'FOLDER'), 15_000, { message: 'the chain’s delivery' });
    const before = deliveries.length;
    const res = await upload(t, target.id, { bytes: await solidJpeg('#16a085', 500), name: 'mine.jpg', type: 'image/jpeg' }, auth);
    expect(res.body.data?.uploadCover.__typename).toBe('CoverPayload');
    const url = res.body.data!.uploadCover.cover.url as string;
    const d = await waitFor(() => deliveries.slice(before).find((x) => x.payload.externalId === 'first-light'), 15_000, { message: 'the upload’s delivery' });
    expect(d.payload).toMatchObject({ entityType: 'album', status: 'READY', source: 'UPLOAD', imageUrl: `/covers/${parseUrl(url).hash}/256.webp` });
    expect(d.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(d.body).digest('hex')}`);
    // A cover settled MISSING is told too: the artist has no picture, so the placeholder stands.
    const missing = await waitFor(() => deliveries.find((x) => x.payload.externalId === 'ember'), 15_000, { message: 'the artist’s delivery' });
    expect(missing.payload).toMatchObject({ entityType: 'artist', status: 'MISSING', source: 'PLACEHOLDER', imageUrl: expect.stringMatching(/^\/covers\//) });
  });

  it('removal leaves the images it no longer uses to be collected; images still used stay', async () => {
    await push({
      artists: [{ externalId: 'gone-artist', name: 'Gone Artist' }, { externalId: 'keeper', name: 'Keeper' }],
      albums: [album('only-mine', 'gone-artist', 'Ember/Only Mine'), album('shared-one', 'gone-artist', 'Ember/Shared One'), album('shared-two', 'keeper', 'Keeper/Shared Two')],
    });
    const ready = (x: string) => waitFor(() => settled(x), 20_000, { message: `${x} settled` });
    const [mine, one, two] = await Promise.all([ready('only-mine'), ready('shared-one'), ready('shared-two')]);
    const hash = (a: typeof mine) => parseUrl(a.cover.url).hash;
    expect(hash(one)).toBe(hash(two));
    const stored = (h: string) => count(sql<{ n: number }>`select count(*)::int as n from images where hash = ${h}`);
    const variants = (h: string) => count(sql<{ n: number }>`select count(*)::int as n from image_variants where hash = ${h}`);
    expect(await stored(hash(mine))).toBe(1);
    expect(await variants(hash(mine))).toBeGreaterThan(0);

    // Images are collected an hour after they were stored at the earliest (one being stored now is
    // not used by any cover yet): make every image that old, as if the hour had passed.
    await sql`update images set created_at = now() - interval '2 hours'`.execute(t.database.db);
    let run = 0;
    const maintain = async () => {
      const key = `test-maintain-${++run}`;
      await t.app.queue.add([{ task: 'maintain_covers', payload: {}, jobKey: key }]);
      await waitFor(async () => (await count(sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${key}`)) === 0, 20_000, { message: 'maintain_covers done' });
    };
    // While the albums are in the library, nothing they use is collected.
    await maintain();
    expect(await stored(hash(mine))).toBe(1);

    // The artist goes, with its two albums; the image only it used goes at the next maintenance.
    const removed = await t.gql(Remove, { ids: { artists: ['gone-artist'] } }, auth);
    expect(removed.data?.removeFromLibrary).toEqual({ __typename: 'RemoveFromLibraryPayload', albumsRemoved: 2, artistsRemoved: 1 });
    expect(await stored(hash(mine))).toBe(1);
    await maintain();
    expect(await stored(hash(mine))).toBe(0);
    expect(await variants(hash(mine))).toBe(0);
    const gone = await fetch(`${t.url}/covers/${hash(mine)}/128.webp`);
    expect(gone.status).toBe(404);
    // The image the remaining album shares stays, and is still served.
    expect(await stored(hash(two))).toBe(1);
    expect((await albumNow('shared-two')).cover).toMatchObject({ status: 'READY', url: two.cover.url });
    expect((await fetch(`${t.url}${two.cover.url}`)).status).toBe(200);
  });
});

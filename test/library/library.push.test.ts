import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id3v23, stripId3v2 } from '../../bench/lib/id3.js';
import { startApp, type App } from '../../src/app.js';
import { DEMO_LIBRARY } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';

// The library as SoniqueBay's backend pushes it: a batch of albums in one call, covers from
// embedded and folder art with no scan, idempotent batches, the signed webhook back.

const ARTISTS = 4;
const PER_ARTIST = 50;
const ALBUMS = ARTISTS * PER_ARTIST;
const TOKEN = 'push-test-token-0123';
const SECRET = 'push-test-secret-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const pad = (n: number) => String(n).padStart(4, '0');

interface Delivery {
  body: string;
  signature: string | undefined;
  payload: { entityType: string; externalId: string; status: string; source: string | null; imageUrl: string | null };
}

let root: string;
let t: TestApp;
let worker: App | undefined;
let receiver: Server;
const deliveries: Delivery[] = [];
/** The first delivery of this album is answered 500: the job must retry it. */
const FAIL_ONCE = 'album-0001';
let failedOnce = false;

const UPSERT = `mutation($input: LibraryBatchInput!) { upsertLibrary(input: $input) {
  __typename
  ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged albumsAdded albumsChanged albumsUnchanged }
  ... on ValidationError { message field }
  ... on ForbiddenError { message } } }`;

async function picture(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(300 * 300 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed * 2654435761) >>> 24;
  return sharp(raw, { raw: { width: 300, height: 300, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

/** Album n: even ones carry embedded art, odd ones a cover.jpg in their folder. */
function batch() {
  const artists = Array.from({ length: ARTISTS }, (_, a) => ({ externalId: `artist-${pad(a + 1)}`, name: `Pushed Artist ${a + 1}` }));
  const albums = Array.from({ length: ARTISTS * PER_ARTIST }, (_, i) => {
    const n = i + 1;
    const folder = `A${pad(Math.floor(i / PER_ARTIST) + 1)}/Album ${pad(n)}`;
    return {
      externalId: `album-${pad(n)}`,
      artistExternalId: `artist-${pad(Math.floor(i / PER_ARTIST) + 1)}`,
      title: `Pushed Album ${n}`,
      year: 2001,
      folder,
      tracks: [{ path: `${folder}/01 - One.mp3`, title: 'One', trackNumber: 1 }],
    };
  });
  return { artists, albums };
}

async function count(query: ReturnType<typeof sql<{ n: string }>>): Promise<number> {
  const { rows } = await query.execute(t.database.db);
  return Number(rows[0]!.n);
}
const lowAlbumJobs = () => count(sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'resolve_cover' and key like 'cover:album:%' and priority = 10`);
const jobRevisions = () => count(sql<{ n: string }>`select coalesce(sum(revision + 1), 0) as n from graphile_worker.jobs`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'covers-push-'));
  const audio = stripId3v2(await readFile(join(DEMO_LIBRARY, 'Juniper Falls/Paper Boats/01 - Folded Sails.mp3')));
  const [embedded, folderArt, other] = await Promise.all([picture(3), picture(7), picture(11)]);
  const { albums } = batch();
  for (const [i, a] of albums.entries()) {
    await mkdir(join(root, a.folder), { recursive: true });
    const tag = id3v23({ title: 'One', artist: 'x', albumArtist: 'x', album: a.title, track: '1/1', disc: '1/1', year: '2001', padding: 0, ...(i % 2 === 0 ? {} : { picture: embedded }) });
    await writeFile(join(root, a.tracks[0]!.path), Buffer.concat([tag, audio]));
    if (i % 2 === 0) await writeFile(join(root, a.folder, 'cover.jpg'), folderArt);
  }
  await mkdir(join(root, 'Moved'), { recursive: true });
  await writeFile(join(root, 'Moved/cover.jpg'), other);

  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(body) as Delivery['payload'];
      if (payload.externalId === FAIL_ONCE && !failedOnce) {
        failedOnce = true;
        res.writeHead(500).end();
        return;
      }
      deliveries.push({ body, signature: req.headers['x-covers-signature'] as string | undefined, payload });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const env = {
    MUSIC_DIR: root,
    LIBRARY_SOURCE: 'push',
    SCAN_ON_START: 'true',
    API_TOKEN: TOKEN,
    COVER_SOURCES: 'embedded,folder,placeholder',
    ARTIST_IMAGE_SOURCES: 'folder,placeholder',
    COVER_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/covers`,
    COVER_WEBHOOK_SECRET: SECRET,
  };
  // The API alone first, so the queued jobs can be counted before any worker takes one.
  t = await startTestApp({ role: 'api', env });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await t?.stop();
  receiver?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('upsertLibrary (LIBRARY_SOURCE=push)', () => {
  it('refuses a scan: no startup scan ran, and scanLibrary says why', async () => {
    expect(await count(sql<{ n: string }>`select count(*) as n from scans`)).toBe(0);
    const res = await t.gql(`mutation { scanLibrary { __typename ... on ValidationError { message } } }`, {}, auth);
    expect(res.data.scanLibrary).toEqual({ __typename: 'ValidationError', message: expect.stringContaining('LIBRARY_SOURCE=push') });
  });

  it('needs the API token like every mutation', async () => {
    const res = await t.gql(UPSERT, { input: { artists: [{ externalId: 'x', name: 'X' }] } });
    expect(res.data.upsertLibrary.__typename).toBe('ForbiddenError');
    expect(await count(sql<{ n: string }>`select count(*) as n from artists`)).toBe(0);
  });

  it.each([
    ['a path outside MUSIC_DIR', (b: ReturnType<typeof batch>) => (b.albums[7]!.folder = '../elsewhere'), 'album "album-0008"', 'albums[7].folder'],
    ['a track path outside MUSIC_DIR', (b: ReturnType<typeof batch>) => (b.albums[9]!.tracks[0]!.path = '/etc/passwd'), 'album "album-0010"', 'albums[9].tracks[0].path'],
    ['a duplicate external id', (b: ReturnType<typeof batch>) => (b.albums[12]!.externalId = 'album-0005'), 'album "album-0005" appears twice', 'albums[12].externalId'],
    ['an oversized batch', (b: ReturnType<typeof batch>) => b.albums.push(...Array.from({ length: 5001 - ARTISTS - ALBUMS }, (_, i) => ({ ...b.albums[0]!, externalId: `extra-${i}` }))), `album "extra-${5000 - ARTISTS - ALBUMS}" is entity 5001`, 'input'],
  ])('refuses %s naming the first offending entity, and writes nothing of the batch', async (_what, spoil, message, field) => {
    const b = batch();
    spoil(b);
    const res = await t.gql(UPSERT, { input: b }, auth);
    expect(res.data.upsertLibrary).toEqual({ __typename: 'ValidationError', message: expect.stringContaining(message), field });
    expect(await count(sql<{ n: string }>`select count(*) as n from albums`)).toBe(0);
    expect(await count(sql<{ n: string }>`select count(*) as n from artists`)).toBe(0);
  });

  it('refuses unknown fields (GraphQL validation)', async () => {
    const res = await t.gql(UPSERT, { input: { albums: [{ ...batch().albums[0], colour: 'red' }] } }, auth);
    expect(res.errors?.[0]?.message).toMatch(/colour/);
  });

  it(`registers ${ALBUMS} albums in one call and queues ${ALBUMS} LOW cover jobs; the same batch again queues nothing`, async () => {
    const first = await t.gql(UPSERT, { input: batch() }, auth);
    expect(first.data.upsertLibrary).toEqual({ __typename: 'UpsertLibraryPayload', artistsAdded: ARTISTS, artistsChanged: 0, artistsUnchanged: 0, albumsAdded: ALBUMS, albumsChanged: 0, albumsUnchanged: 0 });
    expect(await lowAlbumJobs()).toBe(ALBUMS);
    const revisions = await jobRevisions();
    const again = await t.gql(UPSERT, { input: batch() }, auth);
    expect(again.data.upsertLibrary).toMatchObject({ artistsAdded: 0, artistsChanged: 0, artistsUnchanged: ARTISTS, albumsAdded: 0, albumsChanged: 0, albumsUnchanged: ALBUMS });
    expect(await jobRevisions()).toBe(revisions);
    const byExternal = await t.gql(`{ album(externalId: "album-0002") { ... on Album { externalId title folder artist { externalId } } } }`, {}, auth);
    expect(byExternal.data.album).toEqual({ externalId: 'album-0002', title: 'Pushed Album 2', folder: 'A0001/Album 0002', artist: { externalId: 'artist-0001' } });
  }, 60_000);

  it('resolves every cover from embedded and folder art with no scan, and posts each one signed, retrying a failed delivery', async () => {
    worker = await startApp(t.config, 'worker', createLogger('silent'), { url: t.database.url, db: t.database.db, pool: t.database.pool, close: async () => {} });
    // Where it stood, said if it never gets there: album covers by status, jobs by task and state, deliveries.
    let where: unknown;
    const settled = async () => {
      const covers = await sql<{ status: string; n: string }>`select status, count(*) as n from covers where entity_type = 'album' group by status`.execute(t.database.db);
      const jobs = await sql<{ task: string; state: string; n: string }>`
        select task_identifier as task, case when locked_at is not null then 'running' when attempts > 0 then 'retrying' when run_at > now() then 'scheduled' else 'due' end as state, count(*) as n
        from graphile_worker.jobs group by 1, 2`.execute(t.database.db);
      where = { covers: Object.fromEntries(covers.rows.map((r) => [r.status, Number(r.n)])), jobs: jobs.rows.map((r) => `${r.task}/${r.state}: ${r.n}`), deliveries: deliveries.length };
      return Number(covers.rows.find((r) => r.status === 'READY')?.n ?? 0);
    };
    await waitFor(async () => (await settled()) === ALBUMS, 300_000, { intervalMs: 500, message: `${ALBUMS} READY album covers`, last: () => where });
    const { rows } = await sql<{ source: string; n: string }>`select source, count(*) as n from covers where entity_type = 'album' group by source order by source`.execute(t.database.db);
    expect(rows.map((r) => [r.source, Number(r.n)])).toEqual([['EMBEDDED', ALBUMS / 2], ['FOLDER', ALBUMS / 2]]);
    expect(await count(sql<{ n: string }>`select count(*) as n from scans`)).toBe(0);

    await waitFor(() => deliveries.filter((d) => d.payload.entityType === 'album').length >= ALBUMS && failedOnce, 120_000, { intervalMs: 500, message: 'a webhook per album' });
    for (const d of deliveries) expect(d.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(d.body).digest('hex')}`);
    const albumIds = new Set(deliveries.filter((d) => d.payload.entityType === 'album').map((d) => d.payload.externalId));
    expect(albumIds.size).toBe(ALBUMS);
    // Refused once with a 500, then delivered by the job's retry.
    expect(albumIds.has(FAIL_ONCE)).toBe(true);
    const one = deliveries.find((d) => d.payload.externalId === 'album-0002')!.payload;
    expect(one).toMatchObject({ status: 'READY', source: 'EMBEDDED', imageUrl: expect.stringMatching(/^\/covers\/[0-9a-f]+\/\d+\.webp$/) });
  }, 600_000);

  it('re-resolves a changed album, and removal deletes its cover row', async () => {
    const b = batch();
    const changed = b.albums[1]!; // album-0002, embedded art until now
    changed.folder = 'Moved';
    changed.tracks = [];
    const res = await t.gql(UPSERT, { input: { artists: b.artists.slice(0, 1), albums: [changed] } }, auth);
    expect(res.data.upsertLibrary).toMatchObject({ artistsUnchanged: 1, albumsChanged: 1, albumsUnchanged: 0 });
    const cover = async () => (await t.gql(`{ album(externalId: "album-0002") { ... on Album { cover { status source } } } }`, {}, auth)).data.album.cover;
    await waitFor(async () => (await cover()).source === 'FOLDER', 60_000, { intervalMs: 200, message: 'album-0002 re-resolved from its new folder' });

    const removed = await t.gql(`mutation { removeFromLibrary(externalIds: { albums: ["album-0003", "no-such-album"] }) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } } }`, {}, auth);
    expect(removed.data.removeFromLibrary).toEqual({ __typename: 'RemoveFromLibraryPayload', albumsRemoved: 1, artistsRemoved: 0 });
    const gone = await t.gql(`{ album(externalId: "album-0003") { __typename } }`, {}, auth);
    expect(gone.data.album.__typename).toBe('NotFoundError');
    expect(await count(sql<{ n: string }>`select count(*) as n from covers where entity_type = 'album'`)).toBe(ALBUMS - 1);
  }, 120_000);
});

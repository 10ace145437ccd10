/**
 * The cover chain end to end on the fixture library: the real service on a real port, a real scan,
 * the worker resolving in the background, the remotes as empty local fakes (every remote says no).
 * Tests run in order and share one app: each reads the state the earlier ones left.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  album,
  AlbumCoverUrls,
  albumsByFolder,
  CoverArtists,
  fetchImage,
  parseUrl,
  RefreshCovers,
  RequestCovers,
  scan,
  settled,
  steps,
  type AlbumNode,
  upload,
  waitForCover,
  waitForSettled,
} from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { expectColor, flatPng, meanColor, solidJpeg } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

/** test/fixtures/library/README.md, "Expected cover source" and "Expected colour". */
const EXPECTED: Record<string, { source: 'EMBEDDED' | 'FOLDER'; color: string; detail?: string }> = {
  'Amber Coast/Harbour Lights': { source: 'EMBEDDED', color: 'ff8000', detail: '.mp3' },
  'Birchwood/Green Room': { source: 'EMBEDDED', color: '00ff00', detail: '.flac' },
  'Citrus Club/Yellow Cab': { source: 'EMBEDDED', color: 'ffff00', detail: '.m4a' },
  'Dusk Parade/Violet Hour': { source: 'EMBEDDED', color: 'ff00ff', detail: '.ogg' },
  'Ember Sky/Cyan Tides': { source: 'EMBEDDED', color: '00ffff', detail: '.opus' },
  'Prism Hall/Two Sides': { source: 'EMBEDDED', color: 'ff0000', detail: 'Cover (front)' },
  'Late Bloom/Second Chance': { source: 'EMBEDDED', color: '800080', detail: '02 - Now.flac' },
  'Various Artists/Summer Sampler': { source: 'EMBEDDED', color: 'ff8080' },
  'Mirror Image/Left': { source: 'EMBEDDED', color: '404040' },
  'Mirror Image/Right': { source: 'EMBEDDED', color: '404040' },
  'Glass Theory/Shattered': { source: 'FOLDER', color: '808080', detail: 'cover.jpg' },
  'Northwind/Capital Letters': { source: 'FOLDER', color: '008000', detail: 'Folder.JPG' },
  'Northwind/Art Gallery': { source: 'FOLDER', color: 'ffc0cb', detail: 'AlbumArt.png' },
  'Northwind/Loose Scans': { source: 'FOLDER', color: '8b4513', detail: 'scan_01.jpg' },
  'Tidewater/Seasons': { source: 'FOLDER', color: '008080', detail: 'front.jpg' },
  'Echo Valley/Live 1999': { source: 'FOLDER', color: '800000', detail: 'cover.jpg' },
  'Echo Valley/Live 2004': { source: 'FOLDER', color: '808000', detail: 'cover.jpg' },
};
const NO_ART = ['Quiet Signals/Full Release', 'Quiet Signals/Group Only', 'Nobody Knows/Unknown Quantity'];
const FULL_RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
const GROUP_ONLY_RG_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee04';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const snapshot = (albums: Map<string, AlbumNode>) =>
  Object.fromEntries([...albums].map(([folder, a]) => [folder, { status: a.cover.status, source: a.cover.source, url: a.cover.url, updatedAt: a.cover.updatedAt }]));

let fake: FakeRemotes;
let t: TestApp;
let settledAlbums: Map<string, AlbumNode>;

beforeAll(async () => {
  fake = await startFakeRemotes();
  t = await startTestApp({ env: { ...fake.env(), MUSICBRAINZ_RATE_PER_SEC: '50', WORKER_CONCURRENCY: '4', REMOTE_TIMEOUT_MS: '2000' } });
  await scan(t);
  settledAlbums = await waitForSettled(t, 30_000, { artists: true });
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('the fallback chain on the fixture library (every remote says no)', () => {
  it('ends every album with art READY from the source the fixture README expects', async () => {
    expect(settledAlbums.size).toBe(Object.keys(EXPECTED).length + NO_ART.length);
    for (const [folder, want] of Object.entries(EXPECTED)) {
      const cover = settledAlbums.get(folder)?.cover;
      expect(cover, folder).toBeDefined();
      expect({ folder, status: cover!.status, source: cover!.source }).toEqual({ folder, status: 'READY', source: want.source });
      expect(cover!.job, folder).toBeNull();
      const found = cover!.trace.find((a) => a.source === want.source)!;
      expect(found.outcome).toBe('FOUND');
      if (want.detail) expect(found.detail, folder).toContain(want.detail);
      // No remote was asked: none could beat a local picture of an album without MusicBrainz ids (COVER_SELECTION=best).
      expect(cover!.trace.map((a) => a.source)).not.toContain('COVER_ART_ARCHIVE');
    }
  });

  it('serves each READY cover with the colour of the picture the README names', async () => {
    for (const [folder, want] of Object.entries(EXPECTED)) {
      const cover = settledAlbums.get(folder)!.cover;
      const { res, bytes } = await fetchImage(t, cover.url!);
      expect(res.status, folder).toBe(200);
      // Lossy JPEG in, lossy WebP out: a few units per channel either way.
      await expectColor(bytes, want.color, 12);
      expect(cover.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(cover.thumbhash).toBeTruthy();
    }
  });

  it('takes the front cover of "Two Sides", not the back cover that comes first in each file', async () => {
    const cover = settledAlbums.get('Prism Hall/Two Sides')!.cover;
    expect(cover.width).toBe(400); // the red front is 400 px, the blue back 300 px
    const { bytes } = await fetchImage(t, cover.url!.replace(/\.webp$/, '.jpg'));
    const [r, g, b] = await meanColor(bytes);
    expect(r).toBeGreaterThan(240);
    expect(g).toBeLessThan(15);
    expect(b).toBeLessThan(15);
  });

  it('rejects the corrupt embedded picture of "Shattered" and moves on to its cover.jpg', async () => {
    const cover = settledAlbums.get('Glass Theory/Shattered')!.cover;
    expect(steps(cover)).toEqual(['EMBEDDED:REJECTED', 'FOLDER:FOUND']);
    expect(cover.trace[0]!.detail).toMatch(/not an image|does not decode/);
    expect(cover.trace[1]!.detail).toBe('cover.jpg');
  });

  it('finds folder images by name case-insensitively, any image as a last resort, and beside disc folders', async () => {
    expect(settledAlbums.get('Northwind/Capital Letters')!.cover.trace.at(-1)!.detail).toBe('Folder.JPG');
    expect(settledAlbums.get('Northwind/Art Gallery')!.cover.trace.at(-1)!.detail).toBe('AlbumArt.png');
    expect(settledAlbums.get('Northwind/Loose Scans')!.cover.trace.at(-1)!.detail).toMatch(/^scan_01\.jpg/);
    expect(settledAlbums.get('Tidewater/Seasons')!.cover.trace.at(-1)!.detail).toBe('front.jpg');
    // The two "Live" albums of Echo Valley are two albums with two covers.
    expect(settledAlbums.get('Echo Valley/Live 1999')!.cover.url).not.toBe(settledAlbums.get('Echo Valley/Live 2004')!.cover.url);
  });

  it('gives albums with no art a generated placeholder (MISSING), after trying every source in order', async () => {
    for (const folder of NO_ART) {
      const cover = settledAlbums.get(folder)!.cover;
      expect({ folder, status: cover.status, source: cover.source }).toEqual({ folder, status: 'MISSING', source: 'PLACEHOLDER' });
      expect(cover.job).toBeNull();
      expect(steps(cover)).toEqual([
        'EMBEDDED:NOT_FOUND',
        'FOLDER:NOT_FOUND',
        'COVER_ART_ARCHIVE:NOT_FOUND',
        'LASTFM:NOT_FOUND',
        'DEEZER:NOT_FOUND',
        'PLACEHOLDER:FOUND',
      ]);
      expect(cover.trace[3]!.detail).toMatch(/skipped/);
      const { res, bytes } = await fetchImage(t, cover.url!);
      expect(res.status).toBe(200);
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });
    }
    // CAA was asked by release id, then release-group id (its largest thumbnail: COVER_SELECTION=best); MusicBrainz was searched politely; Last.fm never (no key).
    const caa = fake.requestsTo('caa').map((r) => r.path);
    expect(caa).toContain(`/release/${FULL_RELEASE_MBID}/front-1200`);
    expect(caa).toContain(`/release-group/${GROUP_ONLY_RG_MBID}/front-1200`);
    const searches = fake.requestsTo('musicbrainz');
    expect(searches.length).toBeGreaterThanOrEqual(1);
    expect(searches.every((r) => /^SoniqueBayCovers\/\d+\.\d+\.\d+ \( .+ \)$/.test(String(r.headers['user-agent'])))).toBe(true);
    expect(fake.requestsTo('lastfm')).toHaveLength(0);
  });

  it('resolves artist images too: folder images where there are some, placeholders elsewhere', async () => {
    const res = await t.gql(CoverArtists, { first: 100 });
    const byName = new Map(res.data!.artists.edges.map((e) => [e.node.name, e.node.image]));
    expect(byName.get('Amber Coast')).toMatchObject({ status: 'READY', source: 'FOLDER' });
    expect(byName.get('Birchwood')).toMatchObject({ status: 'READY', source: 'FOLDER' });
    await expectColor((await fetchImage(t, byName.get('Amber Coast')!.url!)).bytes, 'a0522d', 12);
    for (const [name, image] of byName) {
      if (name === 'Amber Coast' || name === 'Birchwood') continue;
      expect({ name, status: image.status, source: image.source }).toEqual({ name, status: 'MISSING', source: 'PLACEHOLDER' });
    }
  });
});

describe('identical pictures are stored once', () => {
  it('gives "Left" and "Right" (same embedded bytes) one image hash and one images row', async () => {
    const left = parseUrl(settledAlbums.get('Mirror Image/Left')!.cover.url).hash;
    const right = parseUrl(settledAlbums.get('Mirror Image/Right')!.cover.url).hash;
    expect(left).toBe(right);
    const { rows } = await t.database.pool.query('select count(*)::int as n from images where hash = $1', [left]);
    expect(rows[0].n).toBe(1);
    // The two albums of one colour share it; every other picture has its own.
    const hashes = [...settledAlbums.values()].filter((a) => a.cover.status === 'READY').map((a) => parseUrl(a.cover.url).hash);
    expect(new Set(hashes).size).toBe(hashes.length - 1);
  });
});

describe('GET /covers/<hash>/<size>.<ext>', () => {
  let big: string; // the hash of a 1200 px picture, uploaded as an artist image

  beforeAll(async () => {
    const artists = await t.gql(CoverArtists, { first: 100 });
    const echo = artists.data!.artists.edges.find((e) => e.node.name === 'Echo Valley')!.node;
    const res = await upload(t, echo.id, { bytes: await solidJpeg('#2255aa', 1200), name: 'band.jpg', type: 'image/jpeg' });
    expect(res.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'UPLOAD', width: 1200 } });
    big = parseUrl(res.body.data!.uploadCover.cover.url).hash;
  });

  it('serves immutable bytes with a strong ETag, and 304 when the client has them', async () => {
    const url = settledAlbums.get('Amber Coast/Harbour Lights')!.cover.url!;
    const { res, bytes } = await fetchImage(t, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/); // strong: quoted, no W/
    for (const inm of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const again = await fetchImage(t, url, { 'if-none-match': inm });
      expect(again.res.status, inm).toBe(304);
      expect(again.bytes.length).toBe(0);
      expect(again.res.headers.get('etag')).toBe(etag);
      expect(again.res.headers.get('cache-control')).toBe(IMMUTABLE);
    }
    expect((await fetchImage(t, url, { 'if-none-match': '"something-else"' })).res.status).toBe(200);
    // The same bytes every time (content-addressed).
    expect((await fetchImage(t, url)).bytes.equals(bytes)).toBe(true);
    const head = await fetch(`${t.url}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
  });

  it('renders webp, jpeg and avif at 64, 256 and 1024 px', async () => {
    const cases = [
      { size: 64, ext: 'webp', type: 'image/webp', format: 'webp' },
      { size: 256, ext: 'jpg', type: 'image/jpeg', format: 'jpeg' },
      { size: 256, ext: 'avif', type: 'image/avif', format: 'heif' },
      { size: 1024, ext: 'webp', type: 'image/webp', format: 'webp' },
      { size: 64, ext: 'jpg', type: 'image/jpeg', format: 'jpeg' },
    ];
    const etags = new Set<string>();
    for (const c of cases) {
      const { res, bytes } = await fetchImage(t, `/covers/${big}/${c.size}.${c.ext}`);
      expect(res.status, `${c.size}.${c.ext}`).toBe(200);
      expect(res.headers.get('content-type')).toBe(c.type);
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      etags.add(res.headers.get('etag')!);
      expect(await sharp(bytes).metadata(), `${c.size}.${c.ext}`).toMatchObject({ format: c.format, width: c.size, height: c.size });
      await expectColor(bytes, '2255aa', 12);
    }
    expect(etags.size).toBe(cases.length); // one ETag per variant
  });

  it('snaps sizes up to the ladder, and never above the original', async () => {
    const snapped = await fetchImage(t, `/covers/${big}/100.webp`);
    expect(await sharp(snapped.bytes).metadata()).toMatchObject({ width: 128, height: 128 });
    const exact = await fetchImage(t, `/covers/${big}/128.webp`);
    expect(snapped.res.headers.get('etag')).toBe(exact.res.headers.get('etag'));
    expect(snapped.bytes.equals(exact.bytes)).toBe(true);

    // A 300 px original asked above its size (512, 1024, above the ladder) serves its own 300 px.
    const amber = settledAlbums.get('Amber Coast/Harbour Lights')!;
    const hash = parseUrl(amber.cover.url).hash;
    for (const size of [512, 1024, 4096, 300]) {
      const { res, bytes } = await fetchImage(t, `/covers/${hash}/${size}.webp`);
      expect(res.status).toBe(200);
      expect(await sharp(bytes).metadata(), `${size}`).toMatchObject({ width: 300, height: 300 });
    }

    // The API hands out the snapped urls.
    const urls = await t.gql(AlbumCoverUrls, { id: amber.id });
    expect(urls.errors).toBeUndefined();
    const cover = urls.data!.album.__typename === 'Album' ? urls.data!.album.cover : undefined;
    expect(cover).toMatchObject({
      url: `/covers/${hash}/256.webp`,
      small: `/covers/${hash}/64.webp`,
      snapped: `/covers/${hash}/128.webp`,
      large: `/covers/${hash}/300.webp`,
      jpeg: `/covers/${hash}/256.jpg`,
      avif: `/covers/${hash}/256.avif`,
    });
    for (const path of [cover!.small, cover!.snapped, cover!.jpeg]) {
      const { res, bytes } = await fetchImage(t, path!);
      expect(res.status).toBe(200);
      expect((await sharp(bytes).metadata()).width).toBe(parseUrl(path).size);
    }
  });

  it('answers 404 for an unknown hash and 400 for a bad size or format', async () => {
    const hash = parseUrl(settledAlbums.get('Amber Coast/Harbour Lights')!.cover.url).hash;
    const status = async (path: string) => (await fetchImage(t, path)).res.status;
    expect(await status(`/covers/${'0'.repeat(64)}/256.webp`)).toBe(404);
    expect(await status(`/covers/not-a-hash/256.webp`)).toBe(404);
    expect(await status(`/covers/${hash.toUpperCase()}/256.webp`)).toBe(404);
    expect(await status(`/covers/${hash}/256`)).toBe(404);
    for (const bad of ['0.webp', '5000.webp', '99999.webp', 'abc.webp', '-1.webp', '1.5.webp', '256.png', '256.gif', '256.svg']) {
      const { res } = await fetchImage(t, `/covers/${hash}/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect((await fetch(`${t.url}/covers/${hash}/256.webp`, { method: 'POST' })).status).toBe(405);
    // Through the API, a size off the range is a clear client error, not a masked internal one.
    const amber = settledAlbums.get('Amber Coast/Harbour Lights')!;
    for (const size of [0, 5000]) {
      const res = await t.gql(
        graphql(`query CoverUrlSize($id: ID!, $size: Int) { album(id: $id) { ... on Album { cover { status url(size: $size) } } } }`),
        { id: amber.id, size },
      );
      expect(res.errors?.[0]).toMatchObject({ message: 'size must be from 1 to 4096', extensions: { code: 'BAD_USER_INPUT' } });
    }
    // Still serving.
    expect((await fetchImage(t, `/covers/${hash}/256.webp`)).res.status).toBe(200);
  });
});

describe('requestCovers / refreshCovers', () => {
  it('refreshCovers re-runs a READY embedded album (new trace times) and it stays READY', async () => {
    const before = settledAlbums.get('Birchwood/Green Room')!;
    const res = await t.gql(RefreshCovers, { ids: [before.id] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.refreshCovers.__typename).toBe('CoversPayload');
    const after = await waitForCover(t, 'Birchwood/Green Room', (c) => settled(c) && c.trace[0]!.at !== before.cover.trace[0]!.at);
    expect(after).toMatchObject({ status: 'READY', source: 'EMBEDDED', url: before.cover.url });
    // The embedded picture is 300 px: a larger folder image would have won (COVER_SELECTION=best), so the folder was looked at too.
    expect(steps(after)).toEqual(['EMBEDDED:FOUND', 'FOLDER:NOT_FOUND']);
    expect(Date.parse(after.trace[0]!.at)).toBeGreaterThan(Date.parse(before.cover.trace[0]!.at));
  });

  it('requestCovers leaves a READY cover alone and re-runs a MISSING one', async () => {
    const ready = settledAlbums.get('Citrus Club/Yellow Cab')!;
    const res = await t.gql(RequestCovers, { ids: [ready.id] });
    expect(res.data!.requestCovers).toMatchObject({ __typename: 'CoversPayload', covers: [{ status: 'READY', source: 'EMBEDDED', job: null }] });

    const missing = settledAlbums.get('Quiet Signals/Group Only')!;
    const asked = await t.gql(RequestCovers, { ids: [missing.id] });
    expect(asked.data!.requestCovers.__typename).toBe('CoversPayload');
    const after = await waitForCover(t, 'Quiet Signals/Group Only', (c) => settled(c) && c.trace[0]!.at !== missing.cover.trace[0]!.at);
    expect(after).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER', url: missing.cover.url });
    expect((await album(t, 'Citrus Club/Yellow Cab')).cover.updatedAt).toBe(ready.cover.updatedAt);
  });

  it('answers NotFoundError for an unknown id and ValidationError for a malformed or empty list', async () => {
    const unknown = Buffer.from('Album:999999').toString('base64url');
    const nf = await t.gql(RequestCovers, { ids: [unknown] });
    expect(nf.data!.requestCovers).toMatchObject({ __typename: 'NotFoundError', id: unknown });
    const mixed = await t.gql(RefreshCovers, { ids: [settledAlbums.get('Amber Coast/Harbour Lights')!.id, unknown] });
    expect(mixed.data!.refreshCovers).toMatchObject({ __typename: 'NotFoundError', id: unknown });

    for (const ids of [['not-an-id!'], [Buffer.from('Track:1').toString('base64url')], []]) {
      const bad = await t.gql(RequestCovers, { ids });
      expect(bad.errors, JSON.stringify(ids)).toBeUndefined();
      expect(bad.data!.requestCovers, JSON.stringify(ids)).toMatchObject({ __typename: 'ValidationError', field: 'ids' });
    }
    // The unknown album got no cover row or job.
    const { rows } = await t.database.pool.query(`select count(*)::int as n from graphile_worker.jobs where key = 'cover:album:999999'`);
    expect(rows[0].n).toBe(0);
  });
});

describe('uploadCover / resetCover', () => {
  const target = 'Nobody Knows/Unknown Quantity';
  let before: ReturnType<typeof snapshot>;
  let id: string;

  beforeAll(async () => {
    before = snapshot(await albumsByFolder(t));
    id = (await album(t, target)).id;
  });

  it('rejects bad files as ValidationError, keeps serving, and changes nothing', async () => {
    const good = await solidJpeg('#aa3355', 600);
    const huge = Buffer.concat([good, Buffer.alloc(10 * 1024 * 1024 + 1 - good.length)]);
    const truncated = good.subarray(0, Math.floor(good.length * 0.6));
    const cases = [
      { why: /too large/, file: { bytes: huge, name: 'huge.jpg', type: 'image/jpeg' } },
      { why: /not an image/, file: { bytes: Buffer.from('just some text, not a picture\n'.repeat(40)), name: 'notes.jpg', type: 'image/jpeg' } },
      { why: /too small/, file: { bytes: await solidJpeg('#aa3355', 100), name: 'tiny.jpg', type: 'image/jpeg' } },
      { why: /decode|could not be processed/, file: { bytes: truncated, name: 'broken.jpg', type: 'image/jpeg' } },
      { why: /not a cover: a single flat colour/, file: { bytes: await flatPng('#aa3355', 600), name: 'blank.png', type: 'image/png' } },
    ];
    for (const c of cases) {
      const res = await upload(t, id, c.file);
      expect(res.status, c.file.name).toBe(200);
      expect(res.body.errors, c.file.name).toBeUndefined();
      expect(res.body.data?.uploadCover, c.file.name).toMatchObject({ __typename: 'ValidationError', field: 'file' });
      expect(res.body.data!.uploadCover.message, c.file.name).toMatch(c.why);
      expect((await albumsByFolder(t)).size).toBe(Object.keys(before).length); // the service still answers
    }
    // Past the body limit (server.ts), the request itself is refused with a 413 before any resolver
    // runs: refused all the same, but not as a ValidationError (issue 11: code PAYLOAD_TOO_LARGE).
    const bigger = await upload(t, id, { bytes: Buffer.concat([good, Buffer.alloc(12 * 1024 * 1024)]), name: 'bigger.jpg', type: 'image/jpeg' });
    expect(bigger.status).toBe(413);
    expect(bigger.body.errors?.[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    // A "file" sent as a plain JSON value, not a multipart file part.
    const plain = await t.gql(
      graphql(`mutation CoversUploadPlain($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename ... on ValidationError { message field } } }`),
      { id, file: 'data:image/jpeg;base64,AAAA' as unknown as File },
    );
    // The File scalar refuses it while coercing variables: a request error that says why.
    expect(plain.data).toBeUndefined();
    expect(plain.errors?.[0]?.message).toMatch(/expected a file sent as a multipart request part/);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(snapshot(await albumsByFolder(t))).toEqual(before);
  });

  it('takes a valid 600 px JPEG as the cover (UPLOAD), and keeps it through refreshCovers', async () => {
    const res = await upload(t, id, { bytes: await solidJpeg('#aa3355', 600), name: 'mine.jpg', type: 'image/jpeg' });
    expect(res.body.data?.uploadCover).toMatchObject({ __typename: 'CoverPayload', cover: { status: 'READY', source: 'UPLOAD', width: 600, height: 600 } });
    const url: string = res.body.data!.uploadCover.cover.url;
    await expectColor((await fetchImage(t, url)).bytes, 'aa3355', 12);

    const refreshed = await t.gql(RefreshCovers, { ids: [id] });
    expect(refreshed.data!.refreshCovers.__typename).toBe('CoversPayload');
    const jobs = async () => (await t.database.pool.query(`select count(*)::int as n from graphile_worker.jobs where key like 'cover:%'`)).rows[0].n as number;
    await waitFor(async () => (await jobs()) === 0, 10_000, { message: 'the refresh job to run' });
    const cover = (await album(t, target)).cover;
    expect(cover).toMatchObject({ status: 'READY', source: 'UPLOAD', url });
    expect(Date.parse(cover.updatedAt)).toBeGreaterThan(Date.parse(res.body.data!.uploadCover.cover.updatedAt ?? 0));

    // Only the target changed.
    const now = snapshot(await albumsByFolder(t));
    expect({ ...now, [target]: null }).toEqual({ ...before, [target]: null });
  });

  it('resetCover forgets the upload and runs the chain again', async () => {
    const reset = await t.gql(
      graphql(`
        mutation CoversResetOne($id: ID!) {
          resetCover(id: $id) { __typename ... on CoverPayload { cover { status source } } ... on Error { message } }
        }
      `),
      { id },
    );
    expect(reset.data!.resetCover.__typename).toBe('CoverPayload');
    const cover = await waitForCover(t, target, (c) => settled(c) && c.source !== 'UPLOAD');
    expect(cover).toMatchObject({ status: 'MISSING', source: 'PLACEHOLDER', url: before[target]!.url });
  });
});

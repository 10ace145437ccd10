/**
 * The demo library (what `npm start` serves without MUSIC_DIR) with every remote unreachable:
 * everything settles on a local cover or a placeholder, nothing is left PENDING or FAILED, and
 * every url serves an image.
 */
import { createServer } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { CoverArtists, fetchImage, scan, settledOrScheduled, steps, waitForSettled, type AlbumNode } from '../helpers/covers.js';

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const EXPECTED: Record<string, { status: string; source: string }> = {
  'Aurora Lines/Northern Drift': { status: 'READY', source: 'EMBEDDED' },
  'Marble Harbour/Salt and Cedar': { status: 'READY', source: 'EMBEDDED' },
  'Velvet Static/Night Bus': { status: 'READY', source: 'EMBEDDED' },
  'The Lantern Choir/Quiet Weather': { status: 'READY', source: 'FOLDER' },
  'Juniper Falls/Paper Boats': { status: 'READY', source: 'FOLDER' },
  'Silverpine/Four Seasons': { status: 'READY', source: 'FOLDER' },
  // Tagged MusicBrainz ids, no local art, the archive unreachable: a placeholder while it retries.
  'Kite Orchestra/Open Fields': { status: 'FALLBACK', source: 'PLACEHOLDER' },
};

describe('the demo library with unreachable remotes', () => {
  let t: TestApp;
  let albums: Map<string, AlbumNode>;

  beforeAll(async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    t = await startTestApp({
      env: {
        MUSIC_DIR: DEMO_LIBRARY,
        MUSICBRAINZ_URL: down,
        COVERARTARCHIVE_URL: down,
        LASTFM_URL: down,
        DEEZER_URL: down,
        LASTFM_API_KEY: 'demo-key-that-goes-nowhere',
        MUSICBRAINZ_RATE_PER_SEC: '50',
        REMOTE_TIMEOUT_MS: '1000',
        WORKER_CONCURRENCY: '4',
      },
    });
    await scan(t);
    albums = await waitForSettled(t, 20_000, { artists: true, done: settledOrScheduled });
  });
  afterAll(() => t?.stop());

  it('settles every album on READY, FALLBACK or MISSING', async () => {
    expect(Object.fromEntries([...albums].map(([f, a]) => [f, { status: a.cover.status, source: a.cover.source }]))).toEqual(EXPECTED);
    const kite = albums.get('Kite Orchestra/Open Fields')!.cover;
    expect(kite.job).toMatchObject({ state: 'SCHEDULED', priority: 'LOW' });
    expect(steps(kite)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:ERROR', 'LASTFM:ERROR', 'DEEZER:ERROR', 'PLACEHOLDER:FOUND']);
    expect(kite.trace[2]!.detail).toMatch(/connection failed|circuit open/);
  });

  it('settles every artist too, none PENDING or FAILED', async () => {
    const res = await t.gql(CoverArtists, { first: 100 });
    const images = res.data!.artists.edges.map((e) => e.node);
    expect(images.length).toBeGreaterThanOrEqual(7);
    for (const a of images) expect(['READY', 'FALLBACK', 'MISSING'], a.name).toContain(a.image.status);
    expect(images.find((a) => a.name === 'Aurora Lines')!.image).toMatchObject({ status: 'READY', source: 'FOLDER' });
  });

  it('serves bytes at every url', async () => {
    const res = await t.gql(CoverArtists, { first: 100 });
    const urls = [...[...albums.values()].map((a) => a.cover.url), ...res.data!.artists.edges.map((e) => e.node.image.url)];
    for (const url of urls) {
      expect(url).toBeTruthy();
      const { res: image, bytes } = await fetchImage(t, url!);
      expect(image.status, url!).toBe(200);
      expect(await sharp(bytes).metadata(), url!).toMatchObject({ format: 'webp' });
    }
  });
});

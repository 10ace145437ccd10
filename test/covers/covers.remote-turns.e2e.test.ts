/**
 * Remote etiquette never delays a local cover (issue 12): a cover job whose MusicBrainz turn is
 * far away gives its worker slot back and comes again with the turn, its trace and events carried
 * on; a user's HIGH request still takes the next turn; covers are queued as each album folder
 * commits during a scan; a cover settled meanwhile (a page view) is not queued again. The real
 * service and worker on a real Postgres, MusicBrainz and the Cover Art Archive as loopback fakes,
 * MusicBrainz held to its rate by the service's own shared limiter.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverLibraryHooks } from '../../src/covers/cover.library.js';
import { coverJobKey } from '../../src/covers/cover.keys.js';
import type { LibraryHooks } from '../../src/library/library.changes.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { encodeId } from '../../src/schema/builder.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { generateLibrary } from '../helpers/generated-library.js';
import { solidJpeg } from '../helpers/images.js';
import { collect, quiet, untilLive, wsClient, type Collected } from '../helpers/live.js';
import { waitFor } from '../helpers/wait.js';

const COVER = `query TurnsCover($id: ID!) { album(id: $id) { __typename ... on Album { cover { status source trace { source outcome } job { state priority } } } } }`;
const EVENTS = `subscription TurnsEvents { coverEvents { __typename id ... on CoverSourceTried { source outcome } } }`;
const REQUEST = `mutation TurnsRequest($ids: [ID!]!) { requestCovers(ids: $ids, priority: HIGH) { __typename } }`;
const REFRESH = `mutation TurnsRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }`;

type Cover = { status: string; source: string | null; trace: { source: string; outcome: string }[]; job: { state: string; priority: string } | null };
type Event = { coverEvents: { __typename: string; id: string; source?: string; outcome?: string } };

async function cover(t: TestApp, albumId: number): Promise<Cover> {
  const res = await t.gql<{ album: { __typename: string; cover: Cover } }>(COVER, { id: encodeId('Album', albumId) });
  if (res.data?.album.__typename !== 'Album') throw new Error(`album ${albumId}: ${JSON.stringify(res)}`);
  return res.data.album.cover;
}

const waitForCover = (t: TestApp, albumId: number, ok: (c: Cover) => boolean, timeoutMs = 30_000) => {
  let last: Cover | undefined;
  return waitFor(
    async () => {
      last = await cover(t, albumId);
      return ok(last) ? last : undefined;
    },
    timeoutMs,
    { intervalMs: 50, message: `cover of album ${albumId}`, last: () => last },
  );
};

/** The titles MusicBrainz was searched for (Lucene escapes undone), in the order the searches arrived, with when. */
function searches(fake: FakeRemotes): { title: string; at: number }[] {
  return fake.requestsTo('musicbrainz').map((r) => ({ title: /release:"([^"]+)"/.exec(new URL(r.path, 'http://x').searchParams.get('query') ?? '')?.[1]?.replace(/\\(.)/g, '$1') ?? '', at: r.at }));
}

/** Generated albums `Artist NN/Album NN` (titled `Album NN-NN`), one track each, no art; `withArt` get a cover.jpg. */
async function library(root: string, artists: number, albumsPerArtist: number, withArt: string[]): Promise<void> {
  await generateLibrary(root, { artists, albumsPerArtist, tracksPerAlbum: 1 });
  for (const folder of withArt) await writeFile(join(root, folder, 'cover.jpg'), await solidJpeg('#3366cc', 400));
}

/** Every cover event, from a subscription shown to be live (a probe album's refresh came through it). */
async function liveEvents(t: TestApp, probeAlbumId: number): Promise<{ events: Collected<Event>; stop(): Promise<void> }> {
  const client = wsClient(t.url);
  const events = collect<Event, Record<string, never>>(client, EVENTS);
  await untilLive(() => t.gql(REFRESH, { ids: [encodeId('Album', probeAlbumId)] }), () => events.items.length > 0);
  return {
    events,
    async stop() {
      events.stop();
      await client.dispose();
    },
  };
}

const of = (events: Collected<Event>, albumId: number) => events.items.map((i) => i.coverEvents).filter((e) => e.id === encodeId('Album', albumId));

let fake: FakeRemotes;
beforeAll(async () => {
  fake = await startFakeRemotes();
});
afterAll(() => fake?.close());

describe('a cover job waiting for a MusicBrainz turn', () => {
  let t: TestApp;
  let root: string;
  let hooks: LibraryHooks;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-turns-'));
    // Artist 01: two albums only a MusicBrainz search finds; Artist 02: two with a folder image.
    await library(root, 2, 2, ['Artist 02/Album 01', 'Artist 02/Album 02']);
    for (const title of ['Album 01-01', 'Album 01-02']) fake.caa.setFront(fake.musicbrainz.addRelease({ title, artist: 'Artist 01' }), await solidJpeg('#cc6633', 600));
    t = await startTestApp({
      env: {
        ...fake.env(),
        MUSIC_DIR: root,
        COVER_SOURCES: 'embedded,folder,coverartarchive,placeholder',
        // The artists' sources would search MusicBrainz too: here the turns are the albums'.
        ARTIST_IMAGE_SOURCES: 'folder,placeholder',
        // One turn every 10 s, and one worker slot: a job sleeping for its turn would hold the only slot.
        MUSICBRAINZ_RATE_PER_SEC: '0.1',
        WORKER_CONCURRENCY: '1',
      },
    });
    hooks = coverLibraryHooks({ db: t.app.db, queue: t.app.queue });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('gives its worker slot back: a local cover comes READY meanwhile, and the remote one resumes where it stopped', async () => {
    const [probe] = (await scanLibrary(t.app.db, { root, subPath: 'Artist 02/Album 01', hooks })).albumsAdded;
    await waitForCover(t, probe!, (c) => c.status === 'READY');
    const live = await liveEvents(t, probe!);
    try {
      fake.reset();
      const remote = (await scanLibrary(t.app.db, { root, subPath: 'Artist 01', hooks })).albumsAdded;
      expect(remote).toHaveLength(2);
      // The first search takes the turn; the second album's job waits for the next one, scheduled.
      const [first, second] = await waitFor(
        async () => {
          const covers = await Promise.all(remote.map(async (id) => ({ id, c: await cover(t, id) })));
          const ready = covers.find((x) => x.c.status === 'READY');
          const waiting = covers.find((x) => x.c.status === 'PENDING' && x.c.job?.state === 'SCHEDULED');
          return ready && waiting ? [ready.id, waiting.id] : undefined;
        },
        30_000,
        { message: 'one remote cover READY and the other waiting for its turn' },
      );

      const [local] = (await scanLibrary(t.app.db, { root, subPath: 'Artist 02/Album 02', hooks })).albumsAdded;
      const localCover = await waitForCover(t, local!, (c) => c.status === 'READY');
      expect(localCover.source).toBe('FOLDER');
      // Still waiting for its turn, in the queue rather than in the only worker slot.
      expect(await cover(t, second!)).toMatchObject({ status: 'PENDING', job: { state: 'SCHEDULED' } });
      expect(searches(fake)).toHaveLength(1);

      const done = await waitForCover(t, second!, (c) => c.status === 'READY', 60_000);
      expect(done.source).toBe('COVER_ART_ARCHIVE');
      // One trace across both jobs: the local steps of the first, the remote step of the second.
      expect(done.trace.map((a) => `${a.source}:${a.outcome}`)).toEqual(['EMBEDDED:NOT_FOUND', 'FOLDER:NOT_FOUND', 'COVER_ART_ARCHIVE:FOUND']);
      await live.events.until(() => of(live.events, second!).some((e) => e.__typename === 'CoverReady'));
      // One resolution streamed once: started once, each step once, in order.
      expect(of(live.events, second!).map((e) => (e.source ? `${e.__typename}:${e.source}:${e.outcome ?? ''}` : e.__typename))).toEqual([
        'CoverStarted',
        'CoverSourceTried:EMBEDDED:NOT_FOUND',
        'CoverSourceTried:FOLDER:NOT_FOUND',
        'CoverProcessing',
        'CoverSourceTried:COVER_ART_ARCHIVE:FOUND',
        'CoverReady',
      ]);
      expect(searches(fake).map((s) => s.title).sort()).toEqual(['Album 01-01', 'Album 01-02']);
      expect(first).not.toBe(second);
    } finally {
      await live.stop();
    }
  }, 120_000);
});

describe('a HIGH request among LOW jobs waiting for MusicBrainz', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-turns-high-'));
    await library(root, 1, 6, []);
    for (let b = 1; b <= 6; b++) fake.caa.setFront(fake.musicbrainz.addRelease({ title: `Album 01-0${b}`, artist: 'Artist 01' }), await solidJpeg('#33cc66', 600));
    t = await startTestApp({
      env: { ...fake.env(), MUSIC_DIR: root, COVER_SOURCES: 'embedded,folder,coverartarchive,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder', MUSICBRAINZ_RATE_PER_SEC: '0.25', WORKER_CONCURRENCY: '2' },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('takes the next turn, before any LOW job queued ahead of it', async () => {
    fake.reset();
    const ids = (await scanLibrary(t.app.db, { root, hooks: coverLibraryHooks({ db: t.app.db, queue: t.app.queue }) })).albumsAdded;
    expect(ids).toHaveLength(6);
    // Right after a search went out, so the next turn is a whole interval away.
    const seen = (await waitFor(() => searches(fake).length >= 1 && searches(fake), 30_000, { message: 'a first search' })).length;
    await waitFor(() => searches(fake).length > seen, 30_000, { message: 'a second search' });
    // The LOW jobs that gave their wait up come back one at a time, each at its own place in the
    // line (one 4 s turn apart), not all at the next turn to find it taken and give it up again.
    const keys = ids.map((id) => coverJobKey({ type: 'album', id }));
    const { rows: scheduled } = await sql<{ run_at: Date }>`
      select run_at from graphile_worker.jobs where key = any(${keys}) and locked_at is null and run_at > now() order by run_at`.execute(t.app.db);
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < scheduled.length; i++) expect(scheduled[i]!.run_at.getTime() - scheduled[i - 1]!.run_at.getTime()).toBeGreaterThan(1000);
    const searched = new Set(searches(fake).map((s) => s.title));
    const titles = await t.app.db.selectFrom('albums').select(['id', 'title']).where('id', 'in', ids).orderBy('id', 'desc').execute();
    const wanted = titles.find((x) => !searched.has(x.title))!;
    const asked = performance.now();
    const res = await t.gql<{ requestCovers: { __typename: string } }>(REQUEST, { ids: [encodeId('Album', wanted.id)] });
    expect(res.data?.requestCovers.__typename).toBe('CoversPayload');

    const done = await waitForCover(t, wanted.id, (c) => c.status === 'READY');
    expect(done.source).toBe('COVER_ART_ARCHIVE');
    const after = searches(fake).filter((s) => s.at > asked);
    // The user's album took the first turn after the request; the LOW backlog waited.
    expect(after[0]?.title).toBe(wanted.title);
    // And the backlog still waits in the queue, not in worker slots.
    const waiting = await Promise.all(ids.filter((id) => id !== wanted.id).map((id) => cover(t, id)));
    expect(waiting.some((c) => c.status === 'PENDING' && c.job?.state === 'SCHEDULED')).toBe(true);
  }, 90_000);
});

describe('covers during a scan', () => {
  let t: TestApp;
  let root: string;
  let hooks: LibraryHooks;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-turns-scan-'));
    // Artist 01: two albums with folder art; Artist 02: two with no art at all (a placeholder, MISSING).
    await library(root, 2, 2, ['Artist 01/Album 01', 'Artist 01/Album 02']);
    t = await startTestApp({ env: { MUSIC_DIR: root, COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder', WORKER_CONCURRENCY: '2' } });
    hooks = coverLibraryHooks({ db: t.app.db, queue: t.app.queue });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('queues each album’s cover as its folder commits: the first is READY before the scan has written the next', async () => {
    const seenDuringScan: { albumId: number; status: string; albumsWritten: number }[] = [];
    const summary = await scanLibrary(t.app.db, {
      root,
      subPath: 'Artist 01',
      hooks: {
        ...hooks,
        async changed(changes) {
          await hooks.changed!(changes);
          const [albumId] = changes.albumsAdded;
          if (albumId === undefined || seenDuringScan.length > 0) return;
          // The scan waits here, mid-way: the worker resolves the cover meanwhile, or never did before the end.
          const c = await waitForCover(t, albumId, (x) => x.status === 'READY', 20_000);
          const written = await t.app.db.selectFrom('albums').select((eb) => eb.fn.countAll<string>().as('n')).where('folder', 'like', 'Artist 01/%').executeTakeFirstOrThrow();
          seenDuringScan.push({ albumId, status: c.status, albumsWritten: Number(written.n) });
        },
      },
    });
    expect(summary.albumsAdded).toHaveLength(2);
    expect(seenDuringScan).toEqual([{ albumId: summary.albumsAdded[0], status: 'READY', albumsWritten: 1 }]);
  });

  it('does not queue again a cover a page view settled while the scan ran', async () => {
    // Artist 01's albums, scanned by the test above, serve to show the subscription is live.
    const probe = (await t.app.db.selectFrom('albums').select('id').where('folder', '=', 'Artist 01/Album 01').executeTakeFirstOrThrow()).id;
    const live = await liveEvents(t, probe);
    try {
      let settledByPage: number | undefined;
      const summary = await scanLibrary(t.app.db, {
        root,
        subPath: 'Artist 02',
        hooks: {
          ...hooks,
          async changed(changes) {
            const [albumId] = changes.albumsAdded;
            if (albumId !== undefined && settledByPage === undefined) {
              // A page shows the album between its commit and the covers' hook: its cover is resolved by that view.
              settledByPage = albumId;
              await waitForCover(t, albumId, (c) => c.status === 'MISSING' && c.job === null, 20_000);
            }
            await hooks.changed!(changes);
            if (albumId !== undefined && albumId === settledByPage) {
              const jobs = await t.app.queue.findByKeys([coverJobKey({ type: 'album', id: albumId })]);
              expect(jobs.size).toBe(0);
            }
          },
        },
      });
      expect(summary.albumsAdded).toContain(settledByPage);
      const other = summary.albumsAdded.find((id) => id !== settledByPage)!;
      // The other album of the scan is queued and settles as usual.
      await waitForCover(t, other, (c) => c.status === 'MISSING' && c.job === null);
      await quiet(live.events.items);
      expect(of(live.events, settledByPage!).filter((e) => e.__typename === 'CoverStarted')).toHaveLength(1);
      expect(await cover(t, settledByPage!)).toMatchObject({ status: 'MISSING', job: null });
    } finally {
      await live.stop();
    }
  });
});

describe('artist pictures and the MusicBrainz artist search', () => {
  const ARTIST = `query TurnsArtist($id: ID!) { artist(id: $id) { __typename ... on Artist { name image { status source trace { source outcome } job { state } } } } }`;
  type Image = { status: string; source: string | null; trace: { source: string; outcome: string }[]; job: { state: string } | null };
  let t: TestApp;
  let root: string;
  const image = async (artistId: number): Promise<Image> => {
    const res = await t.gql<{ artist: { __typename: string; image: Image } }>(ARTIST, { id: encodeId('Artist', artistId) });
    if (res.data?.artist.__typename !== 'Artist') throw new Error(`artist ${artistId}: ${JSON.stringify(res)}`);
    return res.data.artist.image;
  };
  /** The names MusicBrainz's artist search was asked for. */
  const artistSearches = () =>
    fake
      .requestsTo('musicbrainz')
      .filter((r) => r.path.startsWith('/ws/2/artist'))
      .map((r) => /artist:"([^"]+)"/.exec(new URL(r.path, 'http://x').searchParams.get('query') ?? '')?.[1]?.toLowerCase() ?? '');
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-turns-artists-'));
    // Artist 01 has a picture in its folder, large enough that no remote one could replace it
    // (COVER_UPGRADE_BELOW_PX is 500); Artists 02 and 03 have none and no MusicBrainz id in their tags.
    await generateLibrary(root, { artists: 3, albumsPerArtist: 1, tracksPerAlbum: 1 });
    await writeFile(join(root, 'Artist 01', 'artist.jpg'), await solidJpeg('#aa3366', 600));
    t = await startTestApp({
      env: {
        ...fake.env(),
        MUSIC_DIR: root,
        COVER_SOURCES: 'embedded,folder,placeholder',
        // Wikidata finds artists by MusicBrainz id: without one in the tags, a MusicBrainz artist search first.
        ARTIST_IMAGE_SOURCES: 'folder,wikidata,placeholder',
        MUSICBRAINZ_RATE_PER_SEC: '0.1',
        WORKER_CONCURRENCY: '1',
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('a local picture needs no search; an artist waiting for its search turn waits in the queue, not in the only worker slot', async () => {
    fake.reset();
    await scanLibrary(t.app.db, { root, hooks: coverLibraryHooks({ db: t.app.db, queue: t.app.queue }) });
    const artists = await t.app.db.selectFrom('artists').select(['id', 'name']).orderBy('name').execute();
    expect(artists.map((a) => a.name)).toEqual(['Artist 01', 'Artist 02', 'Artist 03']);
    const [withPicture, ...without] = artists;

    const local = await waitFor(async () => {
      const i = await image(withPicture!.id);
      return i.status === 'READY' && i;
    }, 30_000, { message: 'the folder picture READY' });
    expect(local.source).toBe('FOLDER');

    // One of the two took the turn; the other's job waits for the next one (10 s away), scheduled.
    const [searched, waiting] = await waitFor(
      async () => {
        const images = await Promise.all(without.map(async (a) => ({ a, i: await image(a.id) })));
        const done = images.find((x) => x.i.status === 'MISSING' && x.i.job === null);
        const queued = images.find((x) => x.i.status === 'PENDING' && x.i.job?.state === 'SCHEDULED');
        return done && queued ? [done.a, queued.a] : undefined;
      },
      30_000,
      { message: 'one artist searched and settled, the other waiting for its turn' },
    );
    expect(artistSearches()).toEqual([searched!.name.toLowerCase()]);
    // Meanwhile the only slot runs the albums' (local) chains: every album settles before that turn.
    const albums = await t.app.db.selectFrom('albums').select('id').execute();
    for (const { id } of albums) await waitForCover(t, id, (c) => c.status === 'MISSING' && c.job === null);
    expect(await image(waiting!.id)).toMatchObject({ status: 'PENDING', job: { state: 'SCHEDULED' } });

    const done = await waitFor(async () => {
      const i = await image(waiting!.id);
      return i.status === 'MISSING' && i.job === null && i;
    }, 60_000, { message: 'the waiting artist settled after its turn' });
    // One resolution across both jobs: the folder step of the first, the Wikidata step after the search of the second.
    expect(done.trace.map((a) => `${a.source}:${a.outcome}`)).toEqual(['FOLDER:NOT_FOUND', 'WIKIDATA:NOT_FOUND', 'PLACEHOLDER:FOUND']);
    // Artist 01 was never searched: its folder picture came first.
    expect(artistSearches().sort()).toEqual([searched!.name, waiting!.name].map((n) => n.toLowerCase()).sort());
  }, 120_000);
});

/**
 * COVER_SELECTION=best (issue 13) across a wait for a remote's turn: the candidates offered before
 * the wait are carried to the job that resumes, a local one read again from its file, a remote one
 * by its URL. Without them, the resumed chain would pick among the later sources alone.
 */
describe('the best picture across a wait for a MusicBrainz turn', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'covers-turns-best-'));
    // No MusicBrainz id in any tag: Wikidata needs one, so each artist's chain searches MusicBrainz
    // for it (one turn every 10 s), and Wikidata has no item for the id found.
    await generateLibrary(root, { artists: 4, albumsPerArtist: 1, tracksPerAlbum: 1 });
    // Artists 01 and 02: a small folder picture (300 px, under COVER_UPGRADE_BELOW_PX): an exact-MBID
    // picture twice as large would replace it, so the chain goes on to Wikidata.
    for (const name of ['Artist 01', 'Artist 02']) {
      await writeFile(join(root, name, 'artist.jpg'), await solidJpeg('#6633cc', 300));
      fake.musicbrainz.addArtist({ name });
    }
    // Artists 03 and 04: no folder picture, a Deezer picture found by name.
    for (const name of ['Artist 03', 'Artist 04']) {
      fake.deezer.addArtist({ name, picture: await solidJpeg('#33aa66', 1000) });
      fake.musicbrainz.addArtist({ name });
    }
    t = await startTestApp({
      env: {
        ...fake.env(),
        MUSIC_DIR: root,
        COVER_SELECTION: 'best',
        // The turns are the artists'.
        COVER_SOURCES: 'embedded,folder,placeholder',
        ARTIST_IMAGE_SOURCES: 'folder,deezer,wikidata,placeholder',
        MUSICBRAINZ_RATE_PER_SEC: '0.1',
        WORKER_CONCURRENCY: '1',
      },
    });
    fake.reset();
    await scanLibrary(t.app.db, { root, hooks: coverLibraryHooks({ db: t.app.db, queue: t.app.queue }) });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const TRACE = `query BestTrace($id: ID!) { artist(id: $id) { ... on Artist { image { status source trace { source outcome detail } job { state } } } } }`;
  type Traced = { status: string; source: string | null; trace: { source: string; outcome: string; detail: string }[]; job: { state: string } | null };
  const traced = async (id: string): Promise<Traced> => {
    const res = await t.gql<{ artist: { image?: Traced } }>(TRACE, { id });
    if (!res.data?.artist.image) throw new Error(JSON.stringify(res));
    return res.data.artist.image;
  };
  /** The image of whichever of `names` waited, scheduled, for its MusicBrainz turn, once it settled. */
  const oneDeferred = async (names: string[]): Promise<Traced> => {
    const artists = await t.app.db.selectFrom('artists').select('id').where('name', 'in', names).execute();
    expect(artists).toHaveLength(names.length);
    const ids = artists.map((a) => encodeId('Artist', a.id));
    let last: unknown;
    const waiting = await waitFor(
      async () => {
        const all = await Promise.all(ids.map(async (id) => ({ id, c: await traced(id) })));
        last = all;
        return all.find((x) => x.c.status === 'PENDING' && x.c.job?.state === 'SCHEDULED')?.id;
      },
      60_000,
      { message: 'one of them waiting for its MusicBrainz turn', last: () => last },
    );
    return waitFor(async () => {
      const c = await traced(waiting);
      return c.status !== 'PENDING' && c;
    }, 90_000, { message: 'the waiting one settled' });
  };

  it('keeps the local picture found before the wait: the resumed chain ranks it against what came after', async () => {
    const done = await oneDeferred(['Artist 01', 'Artist 02']);
    // Wikidata had nothing: the folder picture, read again from its file after the wait, wins.
    expect(done).toMatchObject({ status: 'READY', source: 'FOLDER' });
    expect(done.trace.map((a) => `${a.source}:${a.outcome}`)).toEqual(['FOLDER:FOUND', 'WIKIDATA:NOT_FOUND']);
    expect(done.trace[0]!.detail).toMatch(/^artist\.jpg/);
  }, 180_000);

  it('keeps the remote candidate offered before the wait, by its URL, and downloads it when it wins', async () => {
    const done = await oneDeferred(['Artist 03', 'Artist 04']);
    expect(done).toMatchObject({ status: 'READY', source: 'DEEZER' });
    expect(done.trace.map((a) => `${a.source}:${a.outcome}`)).toEqual(['FOLDER:NOT_FOUND', 'DEEZER:FOUND', 'WIKIDATA:NOT_FOUND']);
  }, 180_000);
});

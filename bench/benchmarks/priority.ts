/**
 * 6. Priority: the time from `requestCovers(HIGH)` to the `CoverReady` event (graphql-ws, a real
 * socket) for an album with embedded art, one request at a time, while 10,000 LOW jobs wait in the
 * queue and the worker is busy with them. The backlog is the one a first run has: albums whose
 * covers only the remotes can answer, every remote on (the loopback fakes of
 * test/helpers/fake-remotes.ts, Last.fm keyed), so each LOW job needs a MusicBrainz search, held
 * at 1 request/s by the service. Baseline: the same for other albums with the queue empty,
 * measured first, in the same service. Goal (issue 12): p95 under 1 s; seed target: under 5 s.
 */
import { createClient } from 'graphql-ws';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { enqueueAfterScan } from '../../src/covers/cover.service.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { loadConfig } from '../../src/env.js';
import { encodeId } from '../../src/schema/builder.js';
import { startFakeRemotes } from '../../test/helpers/fake-remotes.js';
import { seedLibrary } from '../lib/seed.js';
import { spawnService } from '../lib/service.js';
import { ms, quantile, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const EVENTS = `subscription BenchPriority($ids: [ID!]) { coverEvents(ids: $ids) { __typename id ... on CoverReady { cover { status source } } } }`;
const REQUEST = `mutation BenchRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids, priority: HIGH) { __typename } }`;

export const priority: Benchmark = {
  name: 'priority',
  title: 'Priority: requestCovers(HIGH) to CoverReady',
  async run(ctx) {
    const { sizes } = ctx;
    const lib = await ctx.library();
    const database = await ctx.pg.newDatabase('priority');
    const { db } = database;
    try {
      // Albums with embedded art, scanned (rows only: no cover rows, no jobs), whole artist folders at a time.
      const wanted = 2 * sizes.prioritySamples;
      const artists = [...new Set(lib.albums.filter((a) => a.part === 'core').map((a) => a.folder.split('/')[1]!))];
      let albumIds: number[] = [];
      for (const artist of artists) {
        if (albumIds.length >= wanted) break;
        albumIds = albumIds.concat((await scanLibrary(db, { root: lib.core, subPath: artist })).albumsAdded);
      }
      albumIds = albumIds.slice(0, wanted);
      // Every remote on; they know none of the backlog's albums, so each of its jobs searches MusicBrainz, Last.fm and Deezer.
      const fake = await startFakeRemotes();
      const service = await spawnService('serve', {
        DATABASE_URL: database.url,
        MUSIC_DIR: lib.core,
        SCAN_ON_START: 'false',
        ...fake.env(),
        LASTFM_API_KEY: fake.lastfm.apiKey,
        MUSICBRAINZ_RATE_PER_SEC: '1',
      });
      const ready = new Map<string, number>();
      const waiters = new Map<string, () => void>();
      const client = createClient({ url: `${service.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      try {
        const ids = albumIds.map((id) => encodeId('Album', id));
        const unsubscribe = client.subscribe<{ coverEvents: { __typename: string; id: string } }>(
          { query: EVENTS, variables: { ids } },
          {
            next: ({ data }) => {
              if (data?.coverEvents.__typename !== 'CoverReady') return;
              ready.set(data.coverEvents.id, performance.now());
              waiters.get(data.coverEvents.id)?.();
            },
            error: (err) => console.error('coverEvents failed:', err),
            complete: () => {},
          },
        );
        await new Promise((r) => setTimeout(r, 500)); // the subscription is registered server-side
        const ask = async (id: string): Promise<number> => {
          const arrived = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no CoverReady for ${id} within 60 s`)), 60_000);
            waiters.set(id, () => {
              clearTimeout(timer);
              resolve();
            });
          });
          const t0 = performance.now();
          const res = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: REQUEST, variables: { ids: [id] } }) });
          const answer = (await res.json()) as { data?: { requestCovers: { __typename: string } } };
          if (answer.data?.requestCovers.__typename !== 'CoversPayload') throw new Error(`requestCovers answered ${JSON.stringify(answer)}`);
          await arrived;
          return ready.get(id)! - t0;
        };

        const idle: number[] = [];
        for (const id of ids.slice(0, sizes.prioritySamples)) idle.push(await ask(id));

        // The backlog: albums without files or art anywhere (each LOW job searches every remote, MusicBrainz at 1/s, then ends in a placeholder).
        // In parts: one multi-row insert per part must stay under Postgres' 65,535 parameters.
        const queued: number[] = [];
        for (let i = 0; i * 2500 < sizes.priorityQueued; i++) {
          queued.push(...(await seedLibrary(db, { albums: Math.min(2500, sizes.priorityQueued - i * 2500), tracksPerAlbum: 1, prefix: `Backlog${i}x` })));
        }
        await enqueueAfterScan({ db, queue: createJobQueue(db) }, queued.map((id) => ({ type: 'album' as const, id })), []);
        const depth = async () => Number((await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'resolve_cover' and priority > 0`.execute(db)).rows[0]!.n);
        const before = await depth();
        const busy: number[] = [];
        for (const id of ids.slice(sizes.prioritySamples)) busy.push(await ask(id));
        const after = await depth();
        unsubscribe();

        const row = (label: string, q: number): Row => ({
          benchmark: this.title,
          case: `${sizes.priorityQueued.toLocaleString('en-US')} LOW queued: ${label}`,
          figure: ms(quantile(busy, q)),
          baseline: `${ms(quantile(idle, q))} (queue empty)`,
          ratio: times(quantile(busy, q) / quantile(idle, q)),
          values: { ms: quantile(busy, q), baselineMs: quantile(idle, q), samples: busy.length, queuedBefore: before, queuedAfter: after, targetMs: 5000, goalMs: 1000, musicbrainzRequests: fake.requestsTo('musicbrainz').length },
        });
        const rows = [row('p50', 0.5), row('p95', 0.95)];
        rows[1]!.note = `${busy.length} requests one after another; LOW jobs waiting (each needing a MusicBrainz search, 1 request/s, every remote on): ${before} when the first was sent, ${after} after the last; MusicBrainz searched ${fake.requestsTo('musicbrainz').length} times; worker concurrency ${loadConfig({ MUSIC_DIR: lib.core }).workerConcurrency} (default profile, sized to the cores); goal p95 < 1 s, seed target < 5 s`;
        return rows;
      } finally {
        await client.dispose();
        await service.stop();
        await fake.close();
      }
    } finally {
      await database.drop();
    }
  },
};

/**
 * 1. SQL round trips per page: `albums(first: N)` with artist, tracks and cover, N = 10, 100, 1000.
 * The count must not grow with N (DataLoader batching); the baseline is the count at N = 10.
 * Two cases: a library already resolved (every cover READY), and a first visit, where no cover has
 * a row yet and the page creates them and queues their jobs. The page asks for the 3 tracks each album
 * has (`tracks(first: 3)`): with the default of 100 a 1,000-album page is refused as too complex.
 */
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { markAlbumCoversReady, seedLibrary, storePoolImages } from '../lib/seed.js';
import { times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const PAGE = `query BenchRoundTrips($first: Int!, $search: String) {
  albums(first: $first, search: $search) {
    edges { node { id title artist { name } tracks(first: 3) { title } cover { status url } } }
  }
}`;

export const roundTrips: Benchmark = {
  name: 'round-trips',
  title: 'SQL round trips per page',
  async run(ctx) {
    let counting = 0;
    const database = await ctx.pg.newDatabase('round_trips', { onQuery: () => counting++ });
    const pages = ctx.sizes.roundTripPages;
    const largest = Math.max(...pages);
    try {
      const warm = await seedLibrary(database.db, { albums: largest, tracksPerAlbum: 3, prefix: 'Warm' });
      await markAlbumCoversReady(database.db, warm, await storePoolImages(database.db, 3));
      // First visits: one separate set of albums per page size, so each page meets covers with no row.
      for (const n of pages) await seedLibrary(database.db, { albums: n, tracksPerAlbum: 3, prefix: `Fresh${n}x` });

      const config = loadConfig({ DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: '0', SCAN_ON_START: 'false', LOG_LEVEL: 'silent' });
      const app = await startApp(config, 'api', createLogger('silent'), { url: database.url, db: database.db, pool: database.pool, close: async () => {} });
      const count = async (first: number, search: string) => {
        const body = JSON.stringify({ query: PAGE, variables: { first, search } });
        const post = () => fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json() as Promise<{ data?: { albums: { edges: unknown[] } }; errors?: unknown }>);
        counting = 0;
        const res = await post();
        const n = counting;
        if (res.errors || res.data?.albums.edges.length !== first) throw new Error(`round trips: unexpected answer ${JSON.stringify(res).slice(0, 300)}`);
        return n;
      };
      const rows: Row[] = [];
      try {
        for (const [label, search] of [['covers READY', 'warm'], ['first visit: covers created + queued', null]] as const) {
          const counts = new Map<number, number>();
          for (const n of pages) counts.set(n, await count(n, search ?? `fresh${n}x`));
          const base = counts.get(pages[0]!)!;
          for (const n of pages) {
            const c = counts.get(n)!;
            rows.push({
              benchmark: this.title,
              case: `N=${n}, ${label}`,
              figure: `${c} queries`,
              baseline: `${base} at N=${pages[0]}`,
              ratio: times(c / base),
              values: { n, queries: c, baselineQueries: base },
            });
          }
        }
      } finally {
        await app.stop();
      }
      rows[rows.length - 1]!.note = 'baseline: the same page at N=10; the hand-written handler of benchmark 3 needs 1 statement';
      return rows;
    } finally {
      await database.drop();
    }
  },
};

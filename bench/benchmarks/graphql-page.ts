/**
 * 3. GraphQL page: requests/s of `albums(first: 100)` with artist, tracks and `cover { status url }`
 * against a hand-written handler that runs the minimal SQL and JSON.stringifies the same data
 * (bench/servers/bare-graphql.ts). Both answer from the same database, as child processes, with
 * the same pool size; autocannon is the client; the answers are checked equal before timing.
 * The targets take turns run after run (alternated), and every figure is the median of the runs;
 * CPU per request is also given for the least-contended run (its minimum), the steadiest figure
 * on a shared machine.
 *
 * `GRAPHQL_PAGE_COMPARE=<path to another build's main.js>` (relative to the project) adds that
 * build as one more target, alternated with the others: how a change is measured before/after.
 * It runs without NODE_ENV (as `npm start` ran before it set production) unless
 * `GRAPHQL_PAGE_COMPARE_NODE_ENV` says otherwise.
 */
import { isDeepStrictEqual } from 'node:util';
import { loadServer, type ServerLoadResult } from '../lib/load.js';
import { markAlbumCoversReady, seedLibrary, storePoolImages } from '../lib/seed.js';
import { spawnServer, spawnService, type ChildServer } from '../lib/service.js';
import { cpuMs } from '../lib/proc.js';
import { mapLimit, median, ms, num, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const FIRST = 100;
const QUERY = `query BenchGraphqlPage($first: Int!) {
  albums(first: $first) {
    edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }
  }
}`;
const TRACKS_PER_ALBUM = 10;
/** Requests per run of the fixed-count CPU measurement. */
const FIXED_REQUESTS = 30;
/** The default profile's pool; the baseline gets the same. */
const POOL_SIZE = '10';

export const graphqlPage: Benchmark = {
  name: 'graphql-page',
  title: 'GraphQL page: albums(first: 100)',
  async run(ctx) {
    const { sizes } = ctx;
    const database = await ctx.pg.newDatabase('graphql_page');
    const servers: ChildServer[] = [];
    try {
      const ids = await seedLibrary(database.db, { albums: sizes.graphqlAlbums, tracksPerAlbum: TRACKS_PER_ALBUM });
      await markAlbumCoversReady(database.db, ids, await storePoolImages(database.db, 3));
      const service = await spawnService('api', { DATABASE_URL: database.url, SCAN_ON_START: 'false' });
      servers.push(service);
      const bare = await spawnServer({ script: 'bench/servers/bare-graphql.ts', env: { DATABASE_URL: database.url, POOL_SIZE } });
      servers.push(bare);
      const compareScript = process.env.GRAPHQL_PAGE_COMPARE;
      const compare = compareScript ? await spawnServer({ script: compareScript, args: ['api'], env: { LOG_LEVEL: 'warn', ...(process.env.GRAPHQL_PAGE_COMPARE_NODE_ENV ? { NODE_ENV: process.env.GRAPHQL_PAGE_COMPARE_NODE_ENV } : {}), DATABASE_URL: database.url, SCAN_ON_START: 'false' } }) : undefined;
      if (compare) servers.push(compare);

      const body = JSON.stringify({ query: QUERY, variables: { first: FIRST } });
      const post = async (s: ChildServer, path: string) => {
        const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: res.status, text: await res.text() };
      };
      const a = await post(service, '/graphql');
      for (const [other, path] of [[bare, '/graphql'], [bare, '/repositories'], ...(compare ? [[compare, '/graphql'] as const] : [])] as const) {
        const b = await post(other, path);
        if (a.status !== 200 || !isDeepStrictEqual(JSON.parse(a.text), JSON.parse(b.text))) {
          throw new Error(`the baseline ${path} does not answer what the service answers:\nservice ${a.text.slice(0, 400)}\nbare    ${b.text.slice(0, 400)}`);
        }
      }

      const load = (s: ChildServer, path: string, seconds: number) =>
        loadServer(s.pid, { url: `${s.url}${path}`, method: 'POST', headers: { 'content-type': 'application/json' }, body, seconds, connections: sizes.connections });
      const targets = [
        { s: service, path: '/graphql', out: [] as ServerLoadResult[], pg: [] as number[] },
        { s: bare, path: '/graphql', out: [] as ServerLoadResult[], pg: [] as number[] },
        { s: bare, path: '/repositories', out: [] as ServerLoadResult[], pg: [] as number[] },
        ...(compare ? [{ s: compare, path: '/graphql', out: [] as ServerLoadResult[], pg: [] as number[] }] : []),
      ];
      const [svc, base, repos, other] = targets.map((t) => t.out) as [ServerLoadResult[], ServerLoadResult[], ServerLoadResult[], ServerLoadResult[] | undefined];
      if (sizes.loadWarmupSeconds > 0) for (const t of targets) await load(t.s, t.path, sizes.loadWarmupSeconds);
      for (let run = 0; run < sizes.loadRuns; run++) {
        for (const { out, pg, s, path } of targets) {
          // Postgres' own CPU per request too: its backends share the cores with the server and the client.
          const pgBefore = await ctx.pg.cpuMs();
          const r = await load(s, path, sizes.loadSeconds);
          const pgAfter = await ctx.pg.cpuMs();
          if (r.errors > 0 || r.codes['2xx'] !== r.requests) throw new Error(`graphql page: errors or non-200 answers (${JSON.stringify(r.codes)}, errors ${r.errors})`);
          out.push(r);
          if (pgBefore !== null && pgAfter !== null && r.requests > 0) pg.push(((pgAfter - pgBefore) * 1000) / r.requests);
        }
      }
      // CPU per request over a fixed number of requests, alternated the same way: a timed run on a
      // crowded machine may complete too few requests to say anything; this count always completes.
      const cpu = targets.map(() => [] as number[]);
      for (let run = 0; run < sizes.loadRuns; run++) {
        for (const [i, t] of targets.entries()) {
          const before = await cpuMs(t.s.pid);
          await mapLimit(Array.from({ length: FIXED_REQUESTS }), 4, async () => {
            const r = await post(t.s, t.path);
            if (r.status !== 200) throw new Error(`graphql page: status ${r.status}`);
          });
          const after = await cpuMs(t.s.pid);
          if (before !== null && after !== null) cpu[i]!.push(((after - before) * 1000) / FIXED_REQUESTS);
        }
      }
      const [cpuSvc, cpuBase, cpuRepos, cpuOther] = cpu as [number[], number[], number[], number[] | undefined];
      const [pgSvc, pgBase, pgRepos] = targets.map((t) => t.pg) as [number[], number[], number[]];
      const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));
      const m = (rs: ServerLoadResult[], k: 'rps' | 'p99' | 'cpuUsPerRequest') => median(finite(rs.map((r) => r[k])));
      const least = (xs: number[]) => Math.min(...finite(xs));
      const rows: Row[] = [
        {
          benchmark: this.title,
          case: 'req/s',
          figure: `${num(m(svc, 'rps'))} req/s`,
          baseline: `${num(m(base, 'rps'))} req/s`,
          ratio: times(m(svc, 'rps') / m(base, 'rps')),
          values: { rps: m(svc, 'rps'), baselineRps: m(base, 'rps'), responseBytes: a.text.length },
        },
        {
          benchmark: this.title,
          case: 'p99 latency',
          figure: ms(m(svc, 'p99')),
          baseline: ms(m(base, 'p99')),
          ratio: times(m(svc, 'p99') / m(base, 'p99')),
          values: { p99: m(svc, 'p99'), baselineP99: m(base, 'p99') },
        },
        {
          benchmark: this.title,
          case: 'server CPU per request',
          figure: `${num(m(svc, 'cpuUsPerRequest') / 1000)} ms`,
          baseline: `${num(m(base, 'cpuUsPerRequest') / 1000)} ms`,
          ratio: times(m(svc, 'cpuUsPerRequest') / m(base, 'cpuUsPerRequest')),
          values: { cpuUsPerRequest: m(svc, 'cpuUsPerRequest'), baselineCpuUsPerRequest: m(base, 'cpuUsPerRequest') },
        },
        {
          benchmark: this.title,
          case: `server CPU per request, ${FIXED_REQUESTS} requests: median`,
          figure: `${num(median(cpuSvc) / 1000)} ms`,
          baseline: `${num(median(cpuBase) / 1000)} ms`,
          ratio: times(median(cpuSvc) / median(cpuBase)),
          values: { cpuUsPerRequest: median(cpuSvc), baselineCpuUsPerRequest: median(cpuBase), betweenCpuUsPerRequest: median(cpuRepos), runs: cpuSvc.length },
        },
        {
          benchmark: this.title,
          case: `server CPU per request, ${FIXED_REQUESTS} requests: least-contended run`,
          figure: `${num(least(cpuSvc) / 1000)} ms`,
          baseline: `${num(least(cpuBase) / 1000)} ms`,
          ratio: times(least(cpuSvc) / least(cpuBase)),
          values: { cpuUsPerRequest: least(cpuSvc), baselineCpuUsPerRequest: least(cpuBase), betweenCpuUsPerRequest: least(cpuRepos), serviceRuns: cpuSvc.join(' '), baselineRuns: cpuBase.join(' ') },
        },
        ...(pgSvc.length > 0
          ? [
              {
                benchmark: this.title,
                case: 'Postgres CPU per request (its backends, under load)',
                figure: `${num(median(pgSvc) / 1000)} ms`,
                baseline: `${num(median(pgBase) / 1000)} ms`,
                ratio: times(median(pgSvc) / median(pgBase)),
                values: { pgCpuUsPerRequest: median(pgSvc), baselinePgCpuUsPerRequest: median(pgBase), betweenPgCpuUsPerRequest: median(pgRepos) },
              },
            ]
          : []),
        ...(other
          ? [
              {
                benchmark: this.title,
                case: `compared build (${compareScript})`,
                figure: `${num(m(other, 'rps'))} req/s; CPU per request ${num(median(cpuOther!) / 1000)} ms (least ${num(least(cpuOther!) / 1000)} ms)`,
                baseline: `${num(m(base, 'rps'))} req/s; CPU per request ${num(median(cpuBase) / 1000)} ms (least ${num(least(cpuBase) / 1000)} ms)`,
                ratio: times(least(cpuOther!) / least(cpuBase)),
                values: { rps: m(other, 'rps'), cpuUsPerRequest: median(cpuOther!), leastCpuUsPerRequest: least(cpuOther!), p99: m(other, 'p99'), runs: cpuOther!.join(' ') },
              },
            ]
          : []),
        {
          benchmark: this.title,
          case: 'between: repositories + JSON, no GraphQL',
          figure: `${num(m(repos, 'rps'))} req/s, ${num(m(repos, 'cpuUsPerRequest') / 1000)} ms CPU`,
          baseline: `${num(m(base, 'rps'))} req/s, ${num(m(base, 'cpuUsPerRequest') / 1000)} ms CPU`,
          ratio: times(m(repos, 'rps') / m(base, 'rps')),
          values: { rps: m(repos, 'rps'), cpuUsPerRequest: m(repos, 'cpuUsPerRequest'), p99: m(repos, 'p99') },
          note: `${FIRST} albums x ${TRACKS_PER_ALBUM} tracks, ${(a.text.length / 1024).toFixed(0)} KB of JSON per answer; ${sizes.connections} connections, median of ${sizes.loadRuns} x ${sizes.loadSeconds} s runs; the service sends 2 SQL statements (the page, then artist, tracks and cover together), the baseline 1; 'between' runs the service's repository functions (5 statements, whole rows, as the loaders alone would) without GraphQL`,
        },
      ];
      return rows;
    } finally {
      for (const s of servers) await s.stop();
      await database.drop();
    }
  },
};

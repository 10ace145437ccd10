/**
 * 2. Serving a cached cover: requests/s and p99 of a 256 px webp from the image route, against a
 * bare node:http server answering the same bytes from memory; and the 304 path (If-None-Match).
 * autocannon is the client, in its own process; the two servers run as child processes too, and
 * their runs alternate so drift on a shared machine hits both alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServer, type ServerLoadResult } from '../lib/load.js';
import { storePoolImages } from '../lib/seed.js';
import { spawnServer, spawnService, type ChildServer } from '../lib/service.js';
import { median, ms, num, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

export const imageServing: Benchmark = {
  name: 'image-serving',
  title: 'Serving a cached cover (256 px webp)',
  async run(ctx) {
    const { sizes } = ctx;
    const database = await ctx.pg.newDatabase('serving');
    const dir = await mkdtemp(join(tmpdir(), 'covers-bench-img-'));
    const servers: ChildServer[] = [];
    try {
      const [hash] = await storePoolImages(database.db, 1);
      const service = await spawnService('api', { DATABASE_URL: database.url, SCAN_ON_START: 'false' });
      servers.push(service);
      const path = `/covers/${hash}/256.webp`;
      // The first request renders the variant and stores it; from then on it is served from the LRU.
      const first = await fetch(`${service.url}${path}`);
      if (first.status !== 200) throw new Error(`image route answered ${first.status}`);
      const bytes = Buffer.from(await first.arrayBuffer());
      const etag = first.headers.get('etag')!;
      await writeFile(join(dir, 'variant.webp'), bytes);
      const bare = await spawnServer({
        script: 'bench/servers/bare-image.ts',
        env: { BENCH_FILE: join(dir, 'variant.webp'), BENCH_ETAG: etag, BENCH_TYPE: 'image/webp' },
        readyPath: path,
      });
      servers.push(bare);

      const cases = [
        { label: '200, body', headers: {} as Record<string, string>, status: '2xx' },
        { label: '304, If-None-Match', headers: { 'if-none-match': etag }, status: '3xx' },
      ];
      const load = (server: ChildServer, headers: Record<string, string>, seconds: number) =>
        loadServer(server.pid, { url: `${server.url}${path}`, seconds, connections: sizes.connections, headers });
      if (sizes.loadWarmupSeconds > 0) for (const c of cases) for (const s of [service, bare]) await load(s, c.headers, sizes.loadWarmupSeconds);

      const results = new Map<string, ServerLoadResult[]>();
      for (let run = 0; run < sizes.loadRuns; run++) {
        for (const c of cases) {
          for (const [name, s] of [['service', service], ['bare', bare]] as const) {
            const r = await load(s, c.headers, sizes.loadSeconds);
            const bad = r.errors + Object.entries(r.codes).filter(([k]) => k !== c.status).reduce((n, [, v]) => n + v, 0);
            if (bad > 0) throw new Error(`${name} ${c.label}: ${bad} unexpected answers or errors (${JSON.stringify(r.codes)}, errors ${r.errors})`);
            results.set(`${name} ${c.label}`, [...(results.get(`${name} ${c.label}`) ?? []), r]);
          }
        }
      }
      const rows: Row[] = [];
      for (const c of cases) {
        const svc = results.get(`service ${c.label}`)!;
        const base = results.get(`bare ${c.label}`)!;
        const rps = median(svc.map((r) => r.rps));
        const baseRps = median(base.map((r) => r.rps));
        const p99 = median(svc.map((r) => r.p99));
        const baseP99 = median(base.map((r) => r.p99));
        rows.push({
          benchmark: this.title,
          case: `${c.label}: req/s`,
          figure: `${num(rps)} req/s`,
          baseline: `${num(baseRps)} req/s`,
          ratio: times(rps / baseRps),
          values: { rps, baselineRps: baseRps, runs: svc.length, connections: sizes.connections, seconds: sizes.loadSeconds, bytes: bytes.length },
        });
        rows.push({
          benchmark: this.title,
          case: `${c.label}: p99 latency`,
          figure: ms(p99),
          baseline: ms(baseP99),
          ratio: times(p99 / baseP99),
          values: { p99, baselineP99: baseP99, p50: median(svc.map((r) => r.p50)), baselineP50: median(base.map((r) => r.p50)) },
        });
        const cpu = median(svc.map((r) => r.cpuUsPerRequest));
        const baseCpu = median(base.map((r) => r.cpuUsPerRequest));
        rows.push({
          benchmark: this.title,
          case: `${c.label}: server CPU per request`,
          figure: `${num(cpu)} µs`,
          baseline: `${num(baseCpu)} µs`,
          ratio: times(cpu / baseCpu),
          values: { cpuUsPerRequest: cpu, baselineCpuUsPerRequest: baseCpu },
        });
      }
      rows[rows.length - 1]!.note = `${bytes.length} bytes, ${sizes.connections} connections, median of ${sizes.loadRuns} x ${sizes.loadSeconds} s runs; ratios are service / bare (req/s: below 1 is slower; p99 and CPU: above 1 is costlier); CPU per request is the server process's own user+system time, which the load generator cannot cap`;
      return rows;
    } finally {
      for (const s of servers) await s.stop();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

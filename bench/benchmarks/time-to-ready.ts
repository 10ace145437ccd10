/**
 * 9. Time to READY on a first run: local covers must not wait behind remote etiquette (issue 12).
 * A library of 1,000 albums (smoke: 20), 30 % without any art, spread through it; the service as
 * `npm start` runs it, scanning through the `scanLibrary` mutation. With the remote sources on,
 * every remote is a loopback fake answering like the real service, planted as bench/lib/remotes.ts
 * says (albums: a MusicBrainz search + Cover Art Archive, Deezer or nowhere; artists: Wikidata/Commons,
 * TheAudioDB, Deezer or nowhere, most known to the MusicBrainz artist search; Last.fm and fanart.tv
 * keyed); MusicBrainz is held at 1 request/s by the service's own shared limiter. Figure: p50 / p95 from the scan's start to READY (the cover row's `resolved_at`) of the
 * albums with embedded or folder art. Baseline: the same run with the remote sources off
 * (`COVER_SOURCES=embedded,folder,placeholder`). Runs alternate (on, off, on, off, …), each on a
 * fresh database and a fresh service; the figures are the medians of the runs. Goal: p95 within 1.2x.
 */
import { sql } from 'kysely';
import { syntheticLibrary } from '../lib/library.js';
import { benchRemotes } from '../lib/remotes.js';
import { spawnService } from '../lib/service.js';
import { median, ms, quantile, sleep, times } from '../lib/stats.js';
import type { Benchmark, Row } from '../lib/types.js';

const SCAN = `mutation BenchScan { scanLibrary { __typename ... on Scan { id } } }`;
const LOCAL = ['EMBEDDED', 'FOLDER'];

interface RunResult {
  p50: number;
  p95: number;
  /** Scan start to the scan's end, ms. */
  scanMs: number;
  /** Covers READY from a remote source when the last local one was READY. */
  remoteReady: number;
}

export const timeToReady: Benchmark = {
  name: 'time-to-ready',
  title: 'Time to READY: local covers, remotes on vs off',
  async run(ctx) {
    const { sizes } = ctx;
    const lib = await syntheticLibrary({ coreAlbums: 0, extraAlbums: sizes.ttrAlbums, tracksPerAlbum: sizes.tracksPerAlbum, noArtPercent: 30 }, ctx.log);
    const local = lib.albums.filter((a) => a.kind !== 'none');
    const none = lib.albums.filter((a) => a.kind === 'none');
    const remotes = await benchRemotes(lib, lib.albums);
    try {
      const remotesOn = { ...remotes.env, MUSICBRAINZ_RATE_PER_SEC: '1' };
      const remotesOff = { COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' };

      const once = async (label: 'on' | 'off', run: number): Promise<RunResult> => {
        const database = await ctx.pg.newDatabase(`ttr_${label}_${run}`);
        const { db } = database;
        const service = await spawnService('serve', { DATABASE_URL: database.url, MUSIC_DIR: lib.root, SCAN_ON_START: 'false', ...(label === 'on' ? remotesOn : remotesOff) });
        try {
          const t0 = Date.now();
          const res = await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SCAN }) });
          const answer = (await res.json()) as { data?: { scanLibrary: { __typename: string } } };
          if (answer.data?.scanLibrary.__typename !== 'Scan') throw new Error(`scanLibrary answered ${JSON.stringify(answer)}`);
          const deadline = Date.now() + sizes.settleTimeoutMs;
          for (;;) {
            const { rows } = await sql<{ n: string }>`select count(*) as n from covers where entity_type = 'album' and status = 'READY' and source = any(${LOCAL})`.execute(db);
            if (Number(rows[0]!.n) >= local.length) break;
            if (Date.now() > deadline) throw new Error(`remotes ${label}: ${rows[0]!.n} of ${local.length} local covers READY after ${sizes.settleTimeoutMs / 1000} s\n${service.tail().slice(-2000)}`);
            await sleep(250);
          }
          const ready = await db.selectFrom('covers').select('resolved_at').where('entity_type', '=', 'album').where('status', '=', 'READY').where('source', 'in', LOCAL as never[]).execute();
          const latencies = ready.map((r) => r.resolved_at!.getTime() - t0);
          const { rows: remote } = await sql<{ n: string }>`select count(*) as n from covers where entity_type = 'album' and status = 'READY' and not (source = any(${LOCAL}))`.execute(db);
          const scanRow = await db.selectFrom('scans').select(['finished_at']).orderBy('id', 'desc').executeTakeFirst();
          const scanMs = scanRow?.finished_at ? scanRow.finished_at.getTime() - t0 : NaN;
          return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), scanMs, remoteReady: Number(remote[0]!.n) };
        } finally {
          await service.stop();
          await database.drop();
        }
      };

      const on: RunResult[] = [];
      const off: RunResult[] = [];
      for (let run = 0; run < sizes.ttrRuns; run++) {
        on.push(await once('on', run));
        ctx.log(`time-to-ready run ${run + 1}/${sizes.ttrRuns} remotes on: p95 ${ms(on.at(-1)!.p95)}`);
        off.push(await once('off', run));
        ctx.log(`time-to-ready run ${run + 1}/${sizes.ttrRuns} remotes off: p95 ${ms(off.at(-1)!.p95)}`);
      }
      const med = (rs: RunResult[], k: keyof RunResult) => median(rs.map((r) => r[k]));
      const row = (q: 'p50' | 'p95'): Row => ({
        benchmark: this.title,
        case: `${lib.albums.length} albums, ${none.length} without art: ${q} scan start -> READY (local art)`,
        figure: ms(med(on, q)),
        baseline: `${ms(med(off, q))} (remotes off)`,
        ratio: times(med(on, q) / med(off, q)),
        values: { ms: med(on, q), baselineMs: med(off, q), runs: on.length, albums: lib.albums.length, localAlbums: local.length, ...(q === 'p95' ? { goalRatio: 1.2 } : {}) },
      });
      const rows = [row('p50'), row('p95')];
      rows[1]!.note =
        `median of ${on.length} alternated runs each (on, off, …)${on.length < 5 ? ` (fewer than 5: ${ctx.smoke ? 'smoke run' : 'sizes'})` : ''}; ` +
        `scan itself ${ms(med(on, 'scanMs'))} on / ${ms(med(off, 'scanMs'))} off; remote covers READY by then: ${med(on, 'remoteReady')}; ` +
        `per-run p95 on: ${on.map((r) => ms(r.p95)).join(', ')}; off: ${off.map((r) => ms(r.p95)).join(', ')}; MusicBrainz 1 request/s; goal p95 ratio <= 1.2x`;
      return rows;
    } finally {
      await remotes.close();
    }
  },
};

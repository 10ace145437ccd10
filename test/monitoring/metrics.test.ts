/**
 * /metrics and coverStats end to end: the real service (serve) resolves covers for a few fixture
 * albums through local stand-ins of the remotes, then both surfaces are read and compared with
 * each other and with the covers' traces.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOTE_NAMES } from '../../src/covers/sources/catalog.js';
import { PROJECT_ROOT } from '../../src/env.js';
import { scanLibrary } from '../../src/library/library.scanner.js';
import { graphql } from '../gql/index.js';
import { FIXTURE_LIBRARY, startTestApp, type TestApp } from '../helpers/app.js';
import { fetchImage } from '../helpers/covers.js';
import { startFakeRemotes, type FakeRemotes } from '../helpers/fake-remotes.js';
import { solidJpeg } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';
import { parsePrometheusText, sumOf, type Family } from './prom-text.js';

const MonitoringAlbums = graphql(`
  query MonitoringAlbums { albums(first: 100) { edges { node { id folder } } } }
`);

const MonitoringRequest = graphql(`
  mutation MonitoringRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }
`);

const MonitoringCovers = graphql(`
  query MonitoringCovers($ids: [ID!]!) {
    nodes(ids: $ids) { id ... on Album { cover { status source url trace { source outcome } job { state } } } }
  }
`);

const MonitoringStats = graphql(`
  query MonitoringStats($since: DateTime) {
    coverStats(since: $since) {
      since
      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }
      cache { hits misses hitRate bytes entries evictions rendered storedImages storedImageBytes storedVariants storedVariantBytes }
      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }
      covers { ready pending fallback missing failed total }
    }
  }
`);

const FULL_RELEASE_MBID = 'f0e1d2c3-b4a5-4697-8899-aabbccddee01';
/** Embedded, embedded-rejected-then-folder, CAA, Last.fm, Deezer after the Last.fm star. */
const FOLDERS = ['Amber Coast/Harbour Lights', 'Glass Theory/Shattered', 'Quiet Signals/Full Release', 'Quiet Signals/Group Only', 'Nobody Knows/Unknown Quantity'];

const METRICS: Record<string, Family['type']> = {
  covers_source_attempts_total: 'counter',
  covers_source_duration_seconds: 'histogram',
  covers_image_cache_hits_total: 'counter',
  covers_image_cache_misses_total: 'counter',
  covers_image_cache_evictions_total: 'counter',
  covers_image_cache_bytes: 'gauge',
  covers_image_cache_entries: 'gauge',
  covers_queue_depth: 'gauge',
  covers_status: 'gauge',
  covers_job_duration_seconds: 'histogram',
  covers_breaker_state: 'gauge',
  covers_event_bus_dropped_total: 'counter',
};

const OUTCOMES = { FOUND: 'found', NOT_FOUND: 'notFound', REJECTED: 'rejected', ERROR: 'errors' } as const;

let fake: FakeRemotes;
let t: TestApp;
let albumIds: string[];

async function scrape(): Promise<{ res: Response; families: Map<string, Family> }> {
  const res = await fetch(`${t.url}/metrics`);
  return { res, families: parsePrometheusText(await res.text()) };
}

async function stats() {
  const res = await t.gql(MonitoringStats, {});
  if (!res.data) throw new Error(`coverStats failed: ${JSON.stringify(res.errors)}`);
  return res.data.coverStats;
}

beforeAll(async () => {
  fake = await startFakeRemotes();
  fake.caa.setFront(FULL_RELEASE_MBID, await solidJpeg('#3366cc', 600));
  fake.lastfm.setAlbum('Quiet Signals', 'Group Only', await solidJpeg('#33cc66', 600));
  fake.lastfm.setAlbum('Nobody Knows', 'Unknown Quantity', 'star');
  fake.deezer.addAlbum({ artist: 'Nobody Knows', title: 'Unknown Quantity', cover: await solidJpeg('#9933cc', 600) });
  // COVER_SELECTION=first: the counts per source as each is found, and a queue that empties (under
  // `best`, covers from small pictures keep an upgrade check scheduled, covers.upgrade.e2e's subject).
  t = await startTestApp({ env: { ...fake.env(), COVER_SELECTION: 'first', LASTFM_API_KEY: fake.lastfm.apiKey, MUSICBRAINZ_RATE_PER_SEC: '50', REMOTE_TIMEOUT_MS: '3000' } });
  // Scanned straight into the tables: no job runs until the test asks for covers.
  await scanLibrary(t.app.db, { root: FIXTURE_LIBRARY });
  const albums = (await t.gql(MonitoringAlbums, {})).data!.albums.edges.map((e) => e.node);
  albumIds = FOLDERS.map((f) => albums.find((a) => a.folder.replace(/\/+$/, '') === f)!.id);
  await t.gql(MonitoringRequest, { ids: albumIds });
  // Settled: every requested cover has its answer, and no job is left anywhere.
  await waitFor(
    async () => {
      const covers = (await t.gql(MonitoringCovers, { ids: albumIds })).data?.nodes ?? [];
      const s = await stats();
      const idle = s.queue.queued + s.queue.running + s.queue.scheduled === 0 && s.covers.pending === 0;
      return idle && covers.every((n) => n && 'cover' in n && n.cover.status !== 'PENDING' && n.cover.job === null);
    },
    20_000,
    { intervalMs: 100, message: 'covers to settle' },
  );
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('/metrics', () => {
  it('answers in the Prometheus text format, with a # TYPE for every metric of the service', async () => {
    const { res, families } = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, type] of Object.entries(METRICS)) expect(families.get(name)?.type, name).toBe(type);
    // Default process metrics come along.
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(families.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
    // Remote breakers of this process: all closed.
    const breakers = families.get('covers_breaker_state')!.samples;
    // One per remote service the catalog declares.
    expect(breakers.map((s) => s.labels.source).sort()).toEqual([...REMOTE_NAMES].sort());
    expect(REMOTE_NAMES).toEqual(expect.arrayContaining(['coverartarchive', 'deezer', 'lastfm', 'musicbrainz', 'fanarttv', 'theaudiodb', 'wikidata', 'commons']));
    expect(breakers.every((s) => s.value === 0)).toBe(true);
  });

  it('counts every source tried, per outcome, as the covers\' traces list them', async () => {
    const rows = await t.database.db.selectFrom('covers').select(['trace']).execute();
    const expected = new Map<string, number>();
    for (const row of rows) for (const a of row.trace) expected.set(`${a.source}:${a.outcome}`, (expected.get(`${a.source}:${a.outcome}`) ?? 0) + 1);
    // The chain ran as the fixtures say (and reached every kind of outcome).
    const covers = (await t.gql(MonitoringCovers, { ids: albumIds })).data!.nodes.map((n) => (n && 'cover' in n ? n.cover : null));
    expect(covers.map((c) => c?.source)).toEqual(['EMBEDDED', 'FOLDER', 'COVER_ART_ARCHIVE', 'LASTFM', 'DEEZER']);
    expect([...expected.keys()]).toEqual(expect.arrayContaining(['EMBEDDED:FOUND', 'EMBEDDED:REJECTED', 'FOLDER:NOT_FOUND', 'LASTFM:NOT_FOUND', 'DEEZER:FOUND']));

    const { families } = await scrape();
    const counted = families.get('covers_source_attempts_total')!.samples;
    expect(new Map(counted.map((s) => [`${s.labels.source}:${s.labels.outcome}`, s.value]))).toEqual(expected);
    // One latency observation per attempt.
    for (const source of new Set(counted.map((s) => s.labels.source!))) {
      expect(sumOf(families, 'covers_source_duration_seconds_count', { source })).toBe(sumOf(families, 'covers_source_attempts_total', { source }));
    }
  });

  it('times every job, by task and outcome', async () => {
    const jobs = (await t.database.db.selectFrom('covers').select(['entity_id']).execute()).length;
    // job:complete is emitted just after the job row is gone: give it a moment.
    await waitFor(async () => sumOf((await scrape()).families, 'covers_job_duration_seconds_count', { task: 'resolve_cover', outcome: 'success' }) === jobs, 5000);
    const { families } = await scrape();
    expect(sumOf(families, 'covers_job_duration_seconds_count', { outcome: 'error' })).toBe(0);
    expect(sumOf(families, 'covers_job_duration_seconds_bucket', { task: 'resolve_cover', outcome: 'success', le: '+Inf' })).toBe(jobs);
  });
});

describe('coverStats', () => {
  it('agrees with /metrics: sources, cache, queue and covers', async () => {
    // Two reads of one variant: a miss, then a hit.
    const url = (await t.gql(MonitoringCovers, { ids: [albumIds[0]!] })).data!.nodes.map((n) => (n && 'cover' in n ? n.cover.url : null))[0]!;
    expect((await fetchImage(t, url)).res.status).toBe(200);
    expect((await fetchImage(t, url)).res.status).toBe(200);

    const s = await stats();
    const { families } = await scrape();

    expect(s.since).toBeNull();
    expect(s.sources.map((x) => x.source).sort()).toEqual([...new Set(families.get('covers_source_attempts_total')!.samples.map((x) => x.labels.source))].sort());
    for (const src of s.sources) {
      expect(src.attempts, src.source).toBe(sumOf(families, 'covers_source_attempts_total', { source: src.source }));
      for (const [outcome, field] of Object.entries(OUTCOMES)) {
        expect(src[field], `${src.source} ${outcome}`).toBe(sumOf(families, 'covers_source_attempts_total', { source: src.source, outcome }));
      }
      expect(src.successRate).toBeCloseTo(src.found / src.attempts, 10);
      expect(src.p95Ms).toBeGreaterThanOrEqual(src.p50Ms);
    }

    // The first read misses the in-memory LRU but finds the variant the job stored with the cover:
    // nothing is rendered on request, every stored variant was rendered by the jobs (one per image).
    expect(s.cache).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5 });
    expect(s.cache.rendered).toBe(s.cache.storedVariants);
    expect(s.cache.storedVariants).toBe(s.cache.storedImages);
    expect(s.cache.rendered).toBe(sumOf(families, 'covers_image_cache_rendered_total'));
    expect(s.cache.hits).toBe(sumOf(families, 'covers_image_cache_hits_total'));
    expect(s.cache.misses).toBe(sumOf(families, 'covers_image_cache_misses_total'));
    expect(s.cache.evictions).toBe(sumOf(families, 'covers_image_cache_evictions_total'));
    expect(s.cache.bytes).toBe(sumOf(families, 'covers_image_cache_bytes'));
    expect(s.cache.entries).toBe(sumOf(families, 'covers_image_cache_entries'));
    expect(s.cache.storedImages).toBeGreaterThanOrEqual(5);
    expect(s.cache.storedImageBytes).toBeGreaterThan(0);

    expect(s.covers).toMatchObject({ pending: 0, failed: 0 });
    expect(s.covers.ready).toBeGreaterThanOrEqual(5);
    expect(s.covers.total).toBe(s.covers.ready + s.covers.missing + s.covers.fallback);
    for (const status of ['READY', 'PENDING', 'FALLBACK', 'MISSING', 'FAILED'] as const) {
      expect(s.covers[status.toLowerCase() as 'ready'], status).toBe(sumOf(families, 'covers_status', { status }));
    }

    expect(s.queue.byPriority.map((p) => p.priority)).toEqual(['HIGH', 'NORMAL', 'LOW']);
    for (const p of s.queue.byPriority) {
      for (const state of ['queued', 'running', 'scheduled', 'failed'] as const) {
        expect(p[state], `${p.priority} ${state}`).toBe(sumOf(families, 'covers_queue_depth', { priority: p.priority, state }));
      }
    }
  });

  it('counts only the attempts since the given time', async () => {
    const res = await t.gql(MonitoringStats, { since: new Date(Date.now() + 60_000).toISOString() });
    expect(res.data!.coverStats.sources).toEqual([]);
    expect(res.data!.coverStats.since).not.toBeNull();
  });

  it('the queue figures follow the jobs', async () => {
    await t.app.queue.add([{ task: 'maintain_covers', payload: {}, priority: 'LOW', runAt: new Date(Date.now() + 3600_000) }]);
    const s = await stats();
    expect(s.queue.scheduled).toBe(1);
    expect(s.queue.byPriority.find((p) => p.priority === 'LOW')).toMatchObject({ scheduled: 1, queued: 0 });
    expect(sumOf((await scrape()).families, 'covers_queue_depth', { priority: 'LOW', state: 'scheduled' })).toBe(1);
  });
});

describe('source_attempts retention', () => {
  it('prune_monitoring prunes attempts older than 7 days and keeps the rest', async () => {
    const old = async () =>
      (await sql<{ over7: number; over5: number }>`
        select count(*) filter (where at < now() - interval '7 days')::int as over7,
               count(*) filter (where at < now() - interval '5 days')::int as over5
        from source_attempts`.execute(t.app.db)).rows[0]!;
    await sql`insert into source_attempts (source, outcome, entity_type, duration_ms, at)
              values ('DEEZER', 'FOUND', 'album', 12, now() - interval '8 days'), ('DEEZER', 'ERROR', 'album', 5, now() - interval '6 days')`.execute(t.app.db);
    expect(await old()).toEqual({ over7: 1, over5: 2 });
    await t.app.queue.add([{ task: 'prune_monitoring', payload: {}, priority: 'HIGH' }]);
    await waitFor(async () => (await old()).over7 === 0, 10_000, { message: 'the old attempt to be pruned' });
    expect(await old()).toEqual({ over7: 0, over5: 1 });
  });
});

describe('monitoring/alerts.rules.yml', () => {
  it('names only metrics the service exposes', async () => {
    const rules = await readFile(resolve(PROJECT_ROOT, 'monitoring/alerts.rules.yml'), 'utf8');
    const used = new Set([...rules.matchAll(/\b(covers_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThanOrEqual(4);
    const { families } = await scrape();
    for (const name of used) expect(families.has(name), name).toBe(true);
  });
});

describe('an api process', () => {
  it('serves /metrics too: the database gauges, no worker metrics, no breakers', async () => {
    const api = await startTestApp({ role: 'api' });
    try {
      const res = await fetch(`${api.url}/metrics`);
      expect(res.status).toBe(200);
      const families = parsePrometheusText(await res.text());
      expect(families.get('covers_queue_depth')!.samples).toHaveLength(12); // 3 priorities x 4 states
      expect(families.get('covers_status')!.samples.map((s) => s.labels.status).sort()).toEqual(['FAILED', 'FALLBACK', 'MISSING', 'PENDING', 'READY']);
      expect(families.get('covers_breaker_state')!.samples).toEqual([]);
      expect(families.get('covers_source_attempts_total')!.samples).toEqual([]);
      expect(api.app.alerter).toBeUndefined();
    } finally {
      await api.stop();
    }
  });
});

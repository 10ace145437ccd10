import { accessSync, constants, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseImageHost } from './covers/remote/hosts.js';
import { ALBUM_SOURCE_NAMES, ARTIST_SOURCE_NAMES, REMOTE_SERVICES, sourceDeclaration, type RemoteName, type SourceName } from './covers/sources/catalog.js';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEMO_LIBRARY = resolve(PROJECT_ROOT, 'examples/demo-library');
export const VERSION = '0.1.0';

/**
 * Tuning per profile. `rpi4` trades throughput for a small, steady footprint (see BENCHMARKS.md);
 * each value can still be overridden by its own variable.
 */
const CORES = availableParallelism();
const DEFAULT_WORKERS = Math.max(2, Math.min(4, CORES));
const PROFILES = {
  // Sized to the machine: up to 4 covers at once (2 on 2 cores), and libvips threads sharing the
  // cores between them rather than each job taking every core (each thread brings its own buffers
  // and, under glibc, its own malloc arena). libvips' operation cache: a cover service
  // processes each picture once, so a cache only holds memory: off, as on the Pi (measured: 208 ->
  // 181 MB peak with the young generation capped in package.json, BENCHMARKS.md "Memory").
  default: {
    workerConcurrency: DEFAULT_WORKERS,
    sharpConcurrency: Math.max(1, Math.floor(CORES / DEFAULT_WORKERS)),
    sharpCache: false,
    imageCacheMb: 64,
    dbPoolSize: 10,
    imageWork: 2,
    embeddedPostgres: {},
  },
  // Postgres' 128 MB default shared_buffers is a good part of a 1-4 GB Pi; the working set here is small.
  rpi4: { workerConcurrency: 2, sharpConcurrency: 1, sharpCache: false, imageCacheMb: 16, dbPoolSize: 5, imageWork: 1, embeddedPostgres: { shared_buffers: '32MB', max_connections: '50' } },
} as const;

/** A comma-separated chain of sources, each one of `allowed` (the catalog's sources for that entity). */
const sourceList = <N extends string>(allowed: readonly N[]) =>
  z
    .string()
    .default(allowed.join(','))
    .transform((s) => s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean))
    .superRefine((list, ctx) => {
      for (const name of list) {
        if (!(allowed as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', message: `unknown source "${name}" (known: ${allowed.join(', ')})` });
        }
      }
      if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one source' });
      if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', message: 'lists a source twice' });
    })
    .transform((list) => list as N[]);

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));
const optionalInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const bool = (fallback: 'true' | 'false') => z.enum(['true', 'false', '1', '0']).default(fallback).transform((v) => v === 'true' || v === '1');
const commaList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** `https://app.example` (scheme, host and port, nothing else), as browsers send it in `Origin`. */
const origins = commaList.superRefine((list, ctx) => {
  for (const o of list) {
    let url: URL | undefined;
    try {
      url = new URL(o);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== o.replace(/\/+$/, '')) {
      ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin like https://app.example or http://localhost:5173` });
    }
  }
});

/** Host names (optionally with :port), or `*` for any. */
const hosts = commaList
  .transform((list) => list.map((h) => h.toLowerCase()))
  .superRefine((list, ctx) => {
    for (const h of list) {
      if (h !== '*' && !/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/.test(h)) ctx.addIssue({ code: 'custom', message: `"${h}" is not a host name (name or name:port)` });
    }
  });

/** Where a remote service's image hosts are configured: `COVERARTARCHIVE_URL` → `COVERARTARCHIVE_IMAGE_HOSTS`. */
export const imageHostsVariable = (name: RemoteName): string => REMOTE_SERVICES[name].urlVariable.replace(/_URL$/, '_IMAGE_HOSTS');

/**
 * The hosts a service's image downloads and redirects may reach besides its base URL's origin
 * (`name` with its subdomains or an IP literal, on the scheme's default port unless `:port` is
 * given); unset or empty, the catalog's. A mirror or a test fake sets it with its base URL.
 */
const imageHosts = (name: RemoteName) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(REMOTE_SERVICES[name].imageHosts.join(','))
      .transform((s) => s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean))
      .superRefine((list, ctx) => {
        for (const h of list) {
          if (!parseImageHost(h)) {
            ctx.addIssue({ code: 'custom', message: `"${h}" is not an image host (name, name:port or [v6]:port; a name covers its subdomains, no wildcards)` });
          }
        }
      }),
  );

/** Every variable the service reads (the README's configuration table lists each: test/readme.test.ts). */
const variables = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  DATA_DIR: z.string().default('./data'),
  MUSIC_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  COVER_SOURCES: sourceList(ALBUM_SOURCE_NAMES),
  ARTIST_IMAGE_SOURCES: sourceList(ARTIST_SOURCE_NAMES),
  COVER_SELECTION: z.enum(['best', 'first']).default('best'),
  COVER_UPGRADE_BELOW_PX: z.coerce.number().int().min(0).max(10_000).default(500),
  COVER_UPGRADE_AFTER_MS: z.coerce.number().int().min(0).max(365 * 86_400_000).default(86_400_000),
  COVER_CANDIDATES_TTL_MS: z.coerce.number().int().min(0).max(365 * 86_400_000).default(86_400_000),
  LASTFM_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  MUSICBRAINZ_URL: httpUrl.default(REMOTE_SERVICES.musicbrainz.defaultUrl),
  COVERARTARCHIVE_URL: httpUrl.default(REMOTE_SERVICES.coverartarchive.defaultUrl),
  LASTFM_URL: httpUrl.default(REMOTE_SERVICES.lastfm.defaultUrl),
  DEEZER_URL: httpUrl.default(REMOTE_SERVICES.deezer.defaultUrl),
  FANARTTV_URL: httpUrl.default(REMOTE_SERVICES.fanarttv.defaultUrl),
  THEAUDIODB_URL: httpUrl.default(REMOTE_SERVICES.theaudiodb.defaultUrl),
  WIKIDATA_URL: httpUrl.default(REMOTE_SERVICES.wikidata.defaultUrl),
  COMMONS_URL: httpUrl.default(REMOTE_SERVICES.commons.defaultUrl),
  FANARTTV_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  // TheAudioDB's documented free key for its v1 API (30 calls a minute); a Patreon key replaces it.
  THEAUDIODB_API_KEY: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9]+$/, 'letters and digits only').default('123')),
  MUSICBRAINZ_IMAGE_HOSTS: imageHosts('musicbrainz'),
  COVERARTARCHIVE_IMAGE_HOSTS: imageHosts('coverartarchive'),
  LASTFM_IMAGE_HOSTS: imageHosts('lastfm'),
  DEEZER_IMAGE_HOSTS: imageHosts('deezer'),
  FANARTTV_IMAGE_HOSTS: imageHosts('fanarttv'),
  THEAUDIODB_IMAGE_HOSTS: imageHosts('theaudiodb'),
  WIKIDATA_IMAGE_HOSTS: imageHosts('wikidata'),
  COMMONS_IMAGE_HOSTS: imageHosts('commons'),
  CONTACT: z.string().min(3).default('https://github.com/soniquebay/covers'),
  REMOTE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  REMOTE_MAX_BYTES: z.coerce.number().int().min(1024).default(15 * 1024 * 1024),
  MUSICBRAINZ_RATE_PER_SEC: z.coerce.number().positive().max(50).default(1),
  WORKER_CONCURRENCY: optionalInt(1, 64),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(10_000),
  WORKER_STALE_MS: z.coerce.number().int().min(500).default(30_000),
  RETRY_BASE_MS: z.coerce.number().int().min(10).default(60_000),
  RETRY_MAX_DELAY_MS: z.coerce.number().int().min(10).default(6 * 3600 * 1000),
  RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  MISSING_TTL_DAYS: z.coerce.number().min(0).default(7),
  IMAGE_CACHE_MB: optionalInt(0, 4096),
  SHARP_CACHE_MB: optionalInt(0, 1024),
  IMAGE_STORE_MB: z.coerce.number().int().min(1).default(2048),
  SCAN_ON_START: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  SCAN_PROGRESS_EVERY_MS: z.coerce.number().int().min(50).default(10_000),
  PROFILE: z.enum(['default', 'rpi4']).default('default'),
  API_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
  API_TOKEN_READS: bool('false'),
  CORS_ORIGINS: origins,
  ALLOWED_HOSTS: hosts,
  IMAGE_WORK_CONCURRENCY: optionalInt(1, 64),
  IMAGE_WORK_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  ALERT_WEBHOOK_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  COVER_URL_ALLOW_PRIVATE: bool('false'),
  LIBRARY_SOURCE: z.enum(['scan', 'push']).default('scan'),
  COVER_WEBHOOK_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  COVER_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  ALERT_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  ALERT_WINDOW_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(15),
  ALERT_MIN_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  ALERT_SOURCE_SAMPLE: z.coerce.number().int().min(1).default(20),
  ALERT_SOURCE_SUCCESS_MIN: z.coerce.number().min(0).max(1).default(0.5),
  ALERT_QUEUE_GROWTH_CHECKS: z.coerce.number().int().min(1).max(1000).default(4),
  ALERT_QUEUE_MIN: z.coerce.number().int().min(0).default(100),
  ALERT_JOB_FAILURES: z.coerce.number().int().min(0).default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export const CONFIG_VARIABLES = Object.keys(variables.shape);

const schema = variables
  .refine((e) => !e.API_TOKEN_READS || e.API_TOKEN, { path: ['API_TOKEN_READS'], message: 'needs API_TOKEN' })
  .refine((e) => !e.COVER_WEBHOOK_SECRET || e.COVER_WEBHOOK_URL, { path: ['COVER_WEBHOOK_SECRET'], message: 'needs COVER_WEBHOOK_URL' });

export type Config = Readonly<ReturnType<typeof buildConfig>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function buildConfig(e: z.infer<typeof schema>) {
  const profile = PROFILES[e.PROFILE];
  const musicDir = resolve(e.MUSIC_DIR ?? DEMO_LIBRARY);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    musicDir,
    host: e.HOST,
    port: e.PORT,
    albumSources: e.COVER_SOURCES,
    artistSources: e.ARTIST_IMAGE_SOURCES,
    /** `best`: every source's candidates, scored (candidate.ts); `first`: the first valid hit, as before issue 13. */
    coverSelection: e.COVER_SELECTION,
    coverUpgradeBelowPx: e.COVER_UPGRADE_BELOW_PX,
    /** How long after a cover settles from a small local picture, a fuzzy match or a placeholder after transient failures it is looked at again (LOW). */
    coverUpgradeAfterMs: e.COVER_UPGRADE_AFTER_MS,
    /** How long gathered coverCandidates / imageCandidates are kept before a read gathers them again (0: every read after a gather). */
    coverCandidatesTtlMs: e.COVER_CANDIDATES_TTL_MS,
    lastfmApiKey: e.LASTFM_API_KEY,
    fanarttvApiKey: e.FANARTTV_API_KEY,
    theaudiodbApiKey: e.THEAUDIODB_API_KEY,
    // Typed by the catalog: a remote service declared there without its variable here does not compile.
    remotes: {
      musicbrainz: e.MUSICBRAINZ_URL,
      coverartarchive: e.COVERARTARCHIVE_URL,
      lastfm: e.LASTFM_URL,
      deezer: e.DEEZER_URL,
      fanarttv: e.FANARTTV_URL,
      theaudiodb: e.THEAUDIODB_URL,
      wikidata: e.WIKIDATA_URL,
      commons: e.COMMONS_URL,
    } satisfies Record<RemoteName, string>,
    /** Keyed like `remotes`; each variable's name is `imageHostsVariable(name)` (a test holds them together). */
    imageHosts: {
      musicbrainz: e.MUSICBRAINZ_IMAGE_HOSTS,
      coverartarchive: e.COVERARTARCHIVE_IMAGE_HOSTS,
      lastfm: e.LASTFM_IMAGE_HOSTS,
      deezer: e.DEEZER_IMAGE_HOSTS,
      fanarttv: e.FANARTTV_IMAGE_HOSTS,
      theaudiodb: e.THEAUDIODB_IMAGE_HOSTS,
      wikidata: e.WIKIDATA_IMAGE_HOSTS,
      commons: e.COMMONS_IMAGE_HOSTS,
    } satisfies Record<RemoteName, string[]>,
    userAgent: `SoniqueBayCovers/${VERSION} ( ${e.CONTACT} )`,
    remoteTimeoutMs: e.REMOTE_TIMEOUT_MS,
    remoteMaxBytes: e.REMOTE_MAX_BYTES,
    /** setCoverFromUrl may fetch from loopback, LAN and link-local addresses (off: only public ones). */
    coverUrlAllowPrivate: e.COVER_URL_ALLOW_PRIVATE,
    musicbrainzRatePerSec: e.MUSICBRAINZ_RATE_PER_SEC,
    workerConcurrency: e.WORKER_CONCURRENCY ?? profile.workerConcurrency,
    workerHeartbeatMs: e.WORKER_HEARTBEAT_MS,
    workerStaleMs: e.WORKER_STALE_MS,
    retryMaxAttempts: e.RETRY_MAX_ATTEMPTS,
    retryBaseMs: e.RETRY_BASE_MS,
    retryMaxDelayMs: e.RETRY_MAX_DELAY_MS,
    missingTtlMs: e.MISSING_TTL_DAYS * 24 * 3600 * 1000,
    imageCacheBytes: (e.IMAGE_CACHE_MB ?? profile.imageCacheMb) * 1024 * 1024,
    imageStoreBytes: e.IMAGE_STORE_MB * 1024 * 1024,
    sharpConcurrency: profile.sharpConcurrency,
    sharpCache: e.SHARP_CACHE_MB === undefined ? profile.sharpCache : e.SHARP_CACHE_MB === 0 ? false : { memory: e.SHARP_CACHE_MB, files: 0, items: 64 },
    dbPoolSize: profile.dbPoolSize,
    embeddedPostgresSettings: profile.embeddedPostgres as Record<string, string>,
    scanOnStart: e.SCAN_ON_START,
    /** How often a scan writes a progress log line when stdout is not a terminal. */
    scanProgressEveryMs: e.SCAN_PROGRESS_EVERY_MS,
    profile: e.PROFILE,
    apiToken: e.API_TOKEN,
    apiTokenReads: e.API_TOKEN_READS,
    corsOrigins: e.CORS_ORIGINS.map((o) => new URL(o).origin),
    allowedHosts: e.ALLOWED_HOSTS,
    imageWork: { concurrency: e.IMAGE_WORK_CONCURRENCY ?? profile.imageWork, queue: e.IMAGE_WORK_QUEUE },
    alertWebhookUrl: e.ALERT_WEBHOOK_URL,
    /** scan: the service scans MUSIC_DIR; push: SoniqueBay's backend registers its library (upsertLibrary) and nothing is scanned. */
    librarySource: e.LIBRARY_SOURCE,
    coverWebhook: { url: e.COVER_WEBHOOK_URL, secret: e.COVER_WEBHOOK_SECRET },
    alerts: {
      intervalMs: e.ALERT_INTERVAL_MS,
      windowMinutes: e.ALERT_WINDOW_MINUTES,
      minAttempts: e.ALERT_MIN_ATTEMPTS,
      sourceSample: e.ALERT_SOURCE_SAMPLE,
      sourceSuccessMin: e.ALERT_SOURCE_SUCCESS_MIN,
      queueGrowthChecks: e.ALERT_QUEUE_GROWTH_CHECKS,
      queueMin: e.ALERT_QUEUE_MIN,
      jobFailures: e.ALERT_JOB_FAILURES,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Reads and validates the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = buildConfig(withoutUnkeyedDefaults(parsed.data, env));
  checkMusicDir(config.musicDir);
  return Object.freeze(config);
}

/**
 * A source that needs a key (fanart.tv) is left out of a default chain while its key is unset;
 * listed by hand it stays, and says "skipped: not configured".
 */
function withoutUnkeyedDefaults(e: z.infer<typeof schema>, env: Record<string, string | undefined>): z.infer<typeof schema> {
  const keyed = (name: SourceName) => {
    const variable = sourceDeclaration(name).keyVariable;
    return !variable || Boolean(e[variable as keyof typeof e]);
  };
  const unset = (variable: string) => !env[variable]?.trim();
  return {
    ...e,
    COVER_SOURCES: unset('COVER_SOURCES') ? e.COVER_SOURCES.filter(keyed) : e.COVER_SOURCES,
    ARTIST_IMAGE_SOURCES: unset('ARTIST_IMAGE_SOURCES') ? e.ARTIST_IMAGE_SOURCES.filter(keyed) : e.ARTIST_IMAGE_SOURCES,
  };
}

function checkMusicDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.R_OK | constants.X_OK);
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  MUSIC_DIR: cannot read ${dir} (${(err as Error).message})`);
  }
}

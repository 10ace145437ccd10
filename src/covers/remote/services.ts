import type { Config } from '../../env.js';
import { REMOTE_NAMES, remoteService, type RemoteName } from '../sources/catalog.js';
import type { BreakerState } from './breaker.js';
import { createRemoteClient, type Reach, type RemoteClient, type RemoteClientOptions } from './client.js';
import { memoryRateLimiter } from './rate-limit.js';

type ClientExtras = Pick<RemoteClientOptions, 'rateLimiter' | 'breaker'>;

/**
 * The client of one remote service, as its catalog entry describes it (base URL and image hosts
 * from the config, whose defaults are the catalog's; rate limit). Without a limiter MusicBrainz is
 * spaced in this process only; pass a shared one so MUSICBRAINZ_RATE_PER_SEC holds across every
 * worker process.
 */
export function createServiceClient(name: RemoteName, config: Config, extras: ClientExtras = {}): RemoteClient {
  const perSecond = servicePerSecond(name, config);
  return createRemoteClient({
    source: name,
    config,
    baseUrl: config.remotes[name],
    imageHosts: config.imageHosts[name],
    ...extras,
    rateLimiter: extras.rateLimiter ?? (perSecond ? memoryRateLimiter(perSecond) : undefined),
  });
}

/** Makes the limiter of one service from its calls per second: `postgresRateLimiter` shares it between processes. */
export type SharedLimiter = (perSecond: number) => ClientExtras['rateLimiter'];

/** Calls per second a service allows (MusicBrainz's from MUSICBRAINZ_RATE_PER_SEC), or null for none. */
export const servicePerSecond = (name: RemoteName, config: Config): number | null =>
  name === 'musicbrainz' ? config.musicbrainzRatePerSec : remoteService(name).ratePerSec;

/**
 * The client of the URLs users give (setCoverFromUrl): any public http(s) host, answers capped at
 * `maxBytes` (an upload's limit), private addresses only with COVER_URL_ALLOW_PRIVATE.
 */
export function createUrlClient(config: Config, maxBytes: number): RemoteClient {
  return createRemoteClient({
    source: 'url',
    config: { ...config, remoteMaxBytes: Math.min(config.remoteMaxBytes, maxBytes) },
    baseUrl: '',
    imageHosts: [],
    allowPrivate: config.coverUrlAllowPrivate,
  });
}

export interface RemoteClients {
  get(name: RemoteName): RemoteClient;
  /** Breaker state of each service, for metrics and alerts. */
  breakers(): Record<RemoteName, BreakerState>;
  /** Whether each service answered its latest call or could not be reached, for alerts. */
  reach(): Record<RemoteName, Reach>;
  close(): Promise<void>;
}

/**
 * One client per remote service per process (each owns its pool and circuit breaker), shared by
 * every job. With `sharedLimiter` every rate-limited service's limit holds across all processes
 * together (each service's etiquette is per client, and every worker process together is one).
 */
export function createRemoteClients(config: Config, opts: { sharedLimiter?: SharedLimiter } = {}): RemoteClients {
  const limiterOf = (name: RemoteName): ClientExtras => {
    const perSecond = servicePerSecond(name, config);
    return opts.sharedLimiter && perSecond ? { rateLimiter: opts.sharedLimiter(perSecond) } : {};
  };
  const clients = new Map(REMOTE_NAMES.map((name) => [name, createServiceClient(name, config, limiterOf(name))]));
  return {
    get: (name) => clients.get(name)!,
    breakers: () => Object.fromEntries([...clients].map(([name, c]) => [name, c.breakerState])) as Record<RemoteName, BreakerState>,
    reach: () => Object.fromEntries([...clients].map(([name, c]) => [name, c.reach])) as Record<RemoteName, Reach>,
    close: async () => {
      await Promise.all([...clients.values()].map((c) => c.close()));
    },
  };
}

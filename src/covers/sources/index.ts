import type { Config, SourceName } from '../../env.js';
import { coverArtArchive, createCoverArtArchiveClient, createMusicBrainzClient } from './coverartarchive.js';
import { createDeezerClient, deezer } from './deezer.js';
import { embedded } from './embedded.js';
import { folder } from './folder.js';
import type { BreakerState, RateLimiter, RemoteClient } from './http.js';
import { createLastfmClient, lastfm } from './lastfm.js';
import { placeholder } from './placeholder.js';
import type { CoverSource, SourceContext } from './source.js';

/** Every source by its configured name: the one place a new source is registered. */
export const SOURCES: Record<SourceName, CoverSource> = { embedded, folder, coverartarchive: coverArtArchive, lastfm, deezer, placeholder };

export interface SourceRuntime {
  get(name: SourceName): { source: CoverSource; ctx: SourceContext } | undefined;
  /** Breaker state of each remote client, for metrics and alerts. */
  breakers(): Record<string, BreakerState>;
  close(): Promise<void>;
}

/**
 * One HTTP client per remote service per process (each owns its pool and circuit breaker), shared
 * by every job. `musicbrainzLimiter` makes the 1 request/s rule hold across processes.
 */
export function createSourceRuntime(config: Config, opts: { musicbrainzLimiter?: RateLimiter } = {}): SourceRuntime {
  const caa = createCoverArtArchiveClient(config);
  const musicbrainz = createMusicBrainzClient(config, opts.musicbrainzLimiter ? { rateLimiter: opts.musicbrainzLimiter } : {});
  const remotes: Partial<Record<SourceName, RemoteClient>> = {
    coverartarchive: caa,
    lastfm: createLastfmClient(config),
    deezer: createDeezerClient(config),
  };
  const noHttp = undefined as unknown as RemoteClient; // local sources never call it
  const contexts = new Map<SourceName, SourceContext>();
  for (const name of Object.keys(SOURCES) as SourceName[]) {
    contexts.set(name, { config, http: remotes[name] ?? noHttp, ...(name === 'coverartarchive' ? { musicbrainz } : {}) });
  }
  return {
    get(name) {
      const source = SOURCES[name];
      const ctx = contexts.get(name);
      return source && ctx ? { source, ctx } : undefined;
    },
    breakers: () => ({
      musicbrainz: musicbrainz.breakerState,
      ...Object.fromEntries(Object.entries(remotes).map(([n, c]) => [n, c!.breakerState])),
    }),
    async close() {
      await Promise.all([musicbrainz, ...Object.values(remotes)].map((c) => c!.close()));
    },
  };
}

import type { Config } from '../../env.js';
import type { BreakerState } from '../remote/breaker.js';
import type { RateLimiter } from '../remote/rate-limit.js';
import { createRemoteClients } from '../remote/services.js';
import { SOURCE_DECLARATIONS, SOURCE_NAMES, type RemoteName, type SourceName } from './catalog.js';
import { coverArtArchive } from './coverartarchive.js';
import { deezer } from './deezer.js';
import { embedded } from './embedded.js';
import { folder } from './folder.js';
import { lastfm } from './lastfm.js';
import { placeholder } from './placeholder.js';
import type { CoverSource, SourceContext } from './source.js';

/** The module of every source declared in the catalog; the type makes a declared source without one a compile error. */
export const SOURCES: { [N in SourceName]: CoverSource<N> } = { embedded, folder, coverartarchive: coverArtArchive, lastfm, deezer, placeholder };

export interface SourceRuntime {
  get(name: SourceName): { source: CoverSource; ctx: SourceContext } | undefined;
  /** Breaker state of each remote client, for metrics and alerts. */
  breakers(): Record<RemoteName, BreakerState>;
  close(): Promise<void>;
}

/**
 * The sources with the remote clients their catalog entries name, shared by every job.
 * `musicbrainzLimiter` makes the 1 request/s rule hold across processes.
 */
export function createSourceRuntime(config: Config, opts: { musicbrainzLimiter?: RateLimiter } = {}): SourceRuntime {
  const remotes = createRemoteClients(config, opts);
  const contexts = new Map<SourceName, SourceContext>();
  for (const name of SOURCE_NAMES) {
    const uses: readonly RemoteName[] = SOURCE_DECLARATIONS[name].remotes;
    const own = uses[0];
    contexts.set(name, {
      config,
      // Local sources never call it.
      http: own ? remotes.get(own) : (undefined as unknown as SourceContext['http']),
      ...(uses.includes('musicbrainz') ? { musicbrainz: remotes.get('musicbrainz') } : {}),
    });
  }
  return {
    get(name) {
      const source = SOURCES[name] as CoverSource | undefined;
      const ctx = contexts.get(name);
      return source && ctx ? { source, ctx } : undefined;
    },
    breakers: () => remotes.breakers(),
    close: () => remotes.close(),
  };
}

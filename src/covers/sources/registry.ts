import type { Config } from '../../env.js';
import type { BreakerState } from '../remote/breaker.js';
import type { Reach, RemoteClient } from '../remote/client.js';
import { createRemoteClients, type SharedLimiter } from '../remote/services.js';
import { SOURCE_DECLARATIONS, SOURCE_NAMES, type RemoteName, type SourceName } from './catalog.js';
import { coverArtArchive } from './coverartarchive.js';
import { deezer } from './deezer.js';
import { embedded } from './embedded.js';
import { fanarttv } from './fanarttv.js';
import { folder } from './folder.js';
import { lastfm } from './lastfm.js';
import { placeholder } from './placeholder.js';
import { theaudiodb } from './theaudiodb.js';
import { wikidata } from './wikidata.js';
import type { CoverSource, SourceContext } from './source.js';

/** The module of every source declared in the catalog; the type makes a declared source without one a compile error. */
export const SOURCES: { [N in SourceName]: CoverSource<N> } = {
  embedded,
  folder,
  coverartarchive: coverArtArchive,
  fanarttv,
  wikidata,
  theaudiodb,
  lastfm,
  deezer,
  placeholder,
};

export interface SourceRuntime {
  get(name: SourceName): { source: CoverSource; ctx: SourceContext } | undefined;
  /** The client of one remote service (the MusicBrainz artist search before an artist's chain uses it). */
  remote(name: RemoteName): RemoteClient;
  /** Breaker state of each remote client, for metrics and alerts. */
  breakers(): Record<RemoteName, BreakerState>;
  /** Whether each remote service answered its latest call or could not be reached, for alerts. */
  reach(): Record<RemoteName, Reach>;
  close(): Promise<void>;
}

/**
 * The sources with the remote clients their catalog entries name, shared by every job.
 * `sharedLimiter` makes each service's rate limit (MusicBrainz's 1 request/s, TheAudioDB's 30 a
 * minute, …) hold across processes.
 */
export function createSourceRuntime(config: Config, opts: { sharedLimiter?: SharedLimiter } = {}): SourceRuntime {
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
      clients: Object.fromEntries(uses.map((r) => [r, remotes.get(r)])),
    });
  }
  return {
    get(name) {
      const source = SOURCES[name] as CoverSource | undefined;
      const ctx = contexts.get(name);
      return source && ctx ? { source, ctx } : undefined;
    },
    remote: (name) => remotes.get(name),
    breakers: () => remotes.breakers(),
    reach: () => remotes.reach(),
    close: () => remotes.close(),
  };
}

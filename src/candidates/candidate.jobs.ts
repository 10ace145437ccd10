import type { JobHelpers } from 'graphile-worker';
import { withArtistMbid } from '../covers/artist-mbid.js';
import { acceptImage } from '../covers/cover.accept.js';
import { loadSubject, trySource, type ResolverDeps } from '../covers/cover.chain.js';
import { candidateBytes } from '../covers/cover.selection.js';
import { candidateId, isLocal } from '../covers/sources/candidate.js';
import type { TaskHandlers } from '../jobs/task-list.js';
import { finishCandidateGather, upsertCandidate } from './candidate.repository.js';

/** At most this many candidates per source are previewed: a search may list dozens. */
const MAX_PER_SOURCE = 8;

/**
 * The `gather_cover_candidates` task: every source of the entity's chain (not the placeholder) is
 * asked, and each candidate it offers is downloaded through that source's client (rate limit, host
 * rules), validated like a cover of its origin and stored as its preview. Each is written and
 * announced (CoverCandidateFound) as soon as it is found; candidates no source offers any more are
 * forgotten at the end. Sources that fail are skipped: what they would offer is missing this time.
 */
export function gatherCoverCandidatesTask(deps: Pick<ResolverDeps, 'db' | 'config' | 'store' | 'sources' | 'publish' | 'log'>): TaskHandlers['gather_cover_candidates'] {
  return async (payload, helpers: JobHelpers) => {
    const key = { type: payload.entityType, id: payload.entityId };
    const signal = helpers.abortSignal;
    const loaded = await loadSubject(deps.db, deps.config, key);
    if (!loaded) return;
    const subject = loaded.kind === 'artist' ? await withArtistMbid(deps, loaded, signal) : loaded;
    const chain = (key.type === 'album' ? deps.config.albumSources : deps.config.artistSources).filter((n) => n !== 'placeholder');
    const kept: string[] = [];
    for (const name of chain) {
      const result = await trySource(deps as ResolverDeps, name, subject, signal);
      if (result.outcome !== 'FOUND') continue;
      for (const c of result.candidates.slice(0, MAX_PER_SOURCE)) {
        signal?.throwIfAborted();
        const id = candidateId(name, c);
        if (kept.includes(id)) continue;
        const bytes = await candidateBytes(deps.sources, name, c, signal);
        if (!Buffer.isBuffer(bytes)) continue;
        const accepted = await acceptImage(deps.store, bytes, { kind: key.type, origin: isLocal(c) ? 'local' : 'remote', ...(c.attribution ? { attribution: c.attribution } : {}) });
        if (!accepted.accepted) continue;
        await upsertCandidate(deps.db, {
          entity_type: key.type,
          entity_id: key.id,
          candidate_id: id,
          source: name,
          match: c.match,
          type: c.type,
          similarity: c.similarity ?? null,
          width: c.width ?? accepted.image.width,
          height: c.height ?? accepted.image.height,
          detail: c.detail.slice(0, 500),
          image_hash: accepted.image.hash,
        });
        kept.push(id);
        deps.publish({ kind: 'CANDIDATE_FOUND', entityType: key.type, entityId: key.id, priority: 'HIGH', candidateId: id });
      }
    }
    await finishCandidateGather(deps.db, key, kept);
    deps.log.info({ entity: `${key.type}:${key.id}`, candidates: kept.length }, 'cover candidates gathered');
  };
}

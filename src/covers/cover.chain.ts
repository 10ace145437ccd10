import { join } from 'node:path';
import type { Config } from '../env.js';
import type { Db } from '../db/database.js';
import { normalise, type NormalisedImage } from '../images/image.pipeline.js';
import type { ImageStore } from '../images/image.store.js';
import type { JobQueue } from '../jobs/queue.js';
import type { PriorityName, TaskPayload } from '../jobs/task-list.js';
import * as library from '../library/library.repository.js';
import type { Log } from '../logger.js';
import { cleanText } from '../text.js';
import { withArtistMbid } from './artist-mbid.js';
import { acceptImage, storeImage } from './cover.accept.js';
import type { PublishCoverEvent } from './cover.events.js';
import * as repo from './cover.repository.js';
import type { CoverStatus, SourceAttemptRecord } from './cover.table.js';
import { coverJobKey } from './cover.keys.js';
import { withWait, type RemoteClient } from './remote/client.js';
import { RateLimitWait, type AcquireOptions } from './remote/rate-limit.js';
import { sourceDeclaration, sourceValue, type SourceName } from './sources/catalog.js';
import type { SourceRuntime } from './sources/registry.js';
import { candidatesOf, type AlbumSubject, type ArtistSubject, type SourceContext, type SourceResult, type Subject } from './sources/source.js';

export interface ResolverDeps {
  db: Db;
  config: Config;
  queue: JobQueue;
  store: ImageStore;
  sources: SourceRuntime;
  publish: PublishCoverEvent;
  log: Log;
  /** Called once per resolved cover with its whole trace, before the outcome is published: how monitoring stores attempts in one insert. */
  onResolved?: (resolved: { key: repo.EntityKey; status: CoverStatus; trace: SourceAttemptRecord[] }) => Promise<void>;
  random?: () => number;
}

export interface ResolveRequest {
  key: repo.EntityKey;
  force?: boolean;
  priority: PriorityName;
  /** Whether a newer job for this entity was queued while this one ran: then that one writes the result. */
  superseded?: () => Promise<boolean>;
  /** The job's abort signal (the worker is stopping): every remote call and wait ends, and nothing is written. */
  signal?: AbortSignal;
  /** Where an earlier job of this resolution stopped to wait for a remote's turn: the chain goes on from there. */
  resume?: ChainResume;
  /**
   * How the chain hands itself back to the queue instead of sleeping in a rate limiter: given,
   * a remote call whose turn is more than DEFER_AFTER_MS away ends the job, and this queues the
   * rest of the chain, due at its place in that remote's line (RateLimitWait). Not given (or HIGH: a user waits, and the
   * shared limiter lets that caller go first), the chain waits for its turn.
   */
  defer?: (resume: ChainResume, waitMs: number) => Promise<void>;
}

export type ChainResume = NonNullable<TaskPayload<'resolve_cover'>['resume']>;
/** What the chain has gathered so far: one object, carried whole across a deferral. */
export type ChainState = ChainResume['state'];

/**
 * A turn this close is waited for in the job; a longer wait gives the worker slot back. About
 * what a trip through the queue costs, and less than one MusicBrainz interval, so the next in
 * line waits and the others give way.
 */
export const DEFER_AFTER_MS = 250;

/**
 * ABORTED: the worker stopped mid-chain; the cover row is as it was, for the next job to resolve.
 * DEFERRED: the chain waits for a remote's turn in a job of its own (ResolveRequest.defer).
 */
export type ChainOutcome = CoverStatus | 'GONE' | 'SUPERSEDED' | 'ABORTED' | 'DEFERRED';

/**
 * Runs the fallback chain for one album or artist: each source in the configured order, first
 * valid candidate wins. A transient remote failure leaves a placeholder (FALLBACK) and schedules a
 * retry with exponential backoff; when every source said no, the placeholder stands (MISSING).
 */
export async function resolveCover(deps: ResolverDeps, req: ResolveRequest): Promise<ChainOutcome> {
  const { db, config, publish } = deps;
  const { key, priority } = req;
  const base = { entityType: key.type, entityId: key.id, priority };
  const jobStarted = Date.now();
  const finished = (status: ChainOutcome, source: string | null, extra: Record<string, unknown> = {}) =>
    logOutcome(deps, { entity: repo.keyString(key), status, source, ms: Date.now() - jobStarted, ...extra });
  let cover = await repo.findCover(db, key);
  if (!cover) [cover] = await repo.insertPendingCovers(db, [key]);
  if (!cover) cover = await repo.findCover(db, key);
  if (!cover) throw new Error(`cover row for ${repo.keyString(key)} could not be created`);

  if (cover.upload_hash) {
    // An upload overrides the chain until resetCover.
    await repo.updateCover(db, key, { status: 'READY', source: 'UPLOAD', image_hash: cover.upload_hash, next_retry_at: null, last_error: null, resolved_at: new Date() });
    finished('READY', 'UPLOAD');
    publish({ ...base, kind: 'READY', source: 'UPLOAD' });
    return 'READY';
  }
  if (!req.force && cover.status === 'READY') {
    finished('READY', cover.source, { unchanged: true });
    return 'READY';
  }

  const loaded = await loadSubject(db, config, key);
  if (!loaded) {
    await repo.deleteCoversOf(db, [key]);
    finished('GONE', null);
    return 'GONE';
  }
  const chain: readonly SourceName[] = key.type === 'album' ? config.albumSources : config.artistSources;
  // A resumed chain is the same resolution: its first steps were streamed already, STARTED too.
  const resumeAt = req.resume ? chain.indexOf(req.resume.at) : -1;
  const resumed = resumeAt >= 0 ? req.resume! : null;
  if (!resumed) publish({ ...base, kind: 'STARTED' });

  let subject: Subject = loaded;
  const state: ChainState = resumed ? structuredClone(resumed.state) : { trace: [], transient: null, retryAfterMs: 0 };
  const { trace } = state;
  let placeholderImage: Buffer | null = null;
  // Every remote call of the chain (the MusicBrainz artist search too) waits by one rule: a turn
  // further than DEFER_AFTER_MS ends the job (below), except for a user's HIGH request.
  const wait: AcquireOptions = { urgent: priority === 'HIGH', ...(req.defer ? { maxWaitMs: DEFER_AFTER_MS, ...(resumed?.line ? { inLine: resumed.line } : {}) } : {}) };
  let artistSearched = false;

  const aborted = () => {
    finished('ABORTED', null);
    return 'ABORTED' as const;
  };
  /** The remote's turn is far: the rest of the chain, from `at`, goes back to the queue with what it has gathered. */
  const defer = async (at: SourceName, turn: RateLimitWait): Promise<ChainOutcome> => {
    if (await req.superseded?.()) {
      finished('SUPERSEDED', null);
      return 'SUPERSEDED';
    }
    const waitMs = turn.waitMs;
    await req.defer!({ at, line: turn.key, state }, waitMs);
    finished('DEFERRED', null, { at, waitMs: Math.round(waitMs) });
    return 'DEFERRED';
  };
  for (const [index, name] of chain.entries()) {
    if (req.signal?.aborted) return aborted();
    if (name === 'placeholder') {
      // Generated last, only when nothing real was found.
      placeholderImage = await findPlaceholder(deps, subject);
      continue;
    }
    if (index < resumeAt) continue;
    const started = Date.now();
    // An artist without a MusicBrainz id is searched for one only when the chain reaches a source
    // that needs it: the local sources before it never wait for MusicBrainz.
    const needsId = !artistSearched && subject.kind === 'artist' && sourceDeclaration(name).byArtistMbid === true;
    const searched = needsId && subject.kind === 'artist' ? await searchArtist(deps, subject, req.signal, wait) : null;
    if (searched instanceof RateLimitWait) {
      if (req.signal?.aborted) return aborted();
      return defer(name, searched);
    }
    if (searched) {
      subject = searched;
      artistSearched = true;
    }
    const result = await trySource(deps, name, subject, req.signal, wait);
    // What a source says while the worker stops is about the stop, not about the source.
    if (req.signal?.aborted) return aborted();
    if (result.outcome === 'WAIT') return defer(name, result.turn);
    let attempt = record(name, result.outcome, result.detail, started);
    if (result.outcome === 'ERROR' && result.transient) {
      state.transient = withSource(name, result.detail);
      if (result.retryAfterMs !== undefined) state.retryAfterMs = Math.max(state.retryAfterMs, result.retryAfterMs);
    }
    if (result.outcome === 'FOUND') {
      publish({ ...base, kind: 'PROCESSING', source: sourceValue(name) });
      const processed = await firstAccepted(deps, key, result);
      if (typeof processed === 'string') {
        attempt = record(name, 'REJECTED', processed, started);
      } else {
        attempt = record(name, 'FOUND', processed.detail, started);
        if (await req.superseded?.()) {
          finished('SUPERSEDED', null);
          return 'SUPERSEDED';
        }
        trace.push(attempt);
        publish({ ...base, kind: 'SOURCE_TRIED', source: attempt.source, outcome: 'FOUND', detail: attempt.detail, durationMs: attempt.durationMs });
        await repo.updateCover(db, key, {
          status: 'READY',
          source: sourceValue(name),
          image_hash: processed.image.hash,
          trace,
          attempts: 0,
          next_retry_at: null,
          last_error: null,
          resolved_at: new Date(),
        });
        await deps.onResolved?.({ key, status: 'READY', trace });
        finished('READY', sourceValue(name), { hash: processed.image.hash.slice(0, 12) });
        publish({ ...base, kind: 'READY', source: sourceValue(name) });
        return 'READY';
      }
    }
    trace.push(attempt);
    publish({ ...base, kind: 'SOURCE_TRIED', source: attempt.source, outcome: attempt.outcome, detail: attempt.detail, durationMs: attempt.durationMs });
  }

  // Nothing real: the placeholder stands in, and a transient failure earns a retry.
  let imageHash: string | null = null;
  if (req.signal?.aborted) return aborted();
  if (placeholderImage) {
    const started = Date.now();
    const img = await normalise(placeholderImage);
    await storeImage(deps.store, img);
    imageHash = img.hash;
    const attempt = record('placeholder', 'FOUND', 'generated from the name', started);
    trace.push(attempt);
    publish({ ...base, kind: 'SOURCE_TRIED', source: 'PLACEHOLDER', outcome: 'FOUND', detail: attempt.detail, durationMs: attempt.durationMs });
  }
  if (await req.superseded?.()) {
    finished('SUPERSEDED', null);
    return 'SUPERSEDED';
  }
  const { transient, retryAfterMs } = state;
  const attempts = transient ? cover.attempts + 1 : 0;
  const canRetry = transient !== null && attempts < config.retryMaxAttempts;
  const status: CoverStatus = transient === null ? 'MISSING' : canRetry ? 'FALLBACK' : 'FAILED';
  const retryAt = canRetry ? new Date(Date.now() + retryDelayMs(config, attempts, retryAfterMs, deps.random ?? Math.random)) : null;
  if (retryAt) {
    await deps.queue.add([{ task: 'resolve_cover', payload: { entityType: key.type, entityId: key.id }, priority: 'LOW', jobKey: coverJobKey(key), runAt: retryAt }]);
  }
  await repo.updateCover(db, key, {
    status,
    source: imageHash ? 'PLACEHOLDER' : null,
    image_hash: imageHash,
    trace,
    attempts,
    next_retry_at: retryAt,
    last_error: transient,
    resolved_at: new Date(),
  });
  await deps.onResolved?.({ key, status, trace });
  finished(status, imageHash ? 'PLACEHOLDER' : null, { attempts, retryAt, ...(transient ? { error: transient.slice(0, 300) } : {}) });
  publish({
    ...base,
    kind: status,
    ...(retryAt ? { retryAt: retryAt.toISOString() } : {}),
    ...(transient ? { error: transient.slice(0, 300) } : {}),
  });
  return status;
}

/**
 * Tries a source's candidates in order until one is accepted: a broken first picture must not
 * hide a good second one. Returns the accepted image with its trace detail (naming the ones
 * rejected before it), or, when none passes, every candidate's rejection in one line.
 */
async function firstAccepted(
  deps: ResolverDeps,
  key: repo.EntityKey,
  result: Extract<SourceResult, { outcome: 'FOUND' }>,
): Promise<{ image: NormalisedImage; detail: string } | string> {
  const rejections: string[] = [];
  for (const candidate of candidatesOf(result)) {
    const processed = await acceptImage(deps.store, candidate.image, { kind: key.type, origin: result.remote ? 'remote' : 'local', attribution: candidate.attribution });
    if (processed.accepted) {
      const after = rejections.length > 0 ? ` (after rejecting ${rejections.join('; ')})` : '';
      return { image: processed.image, detail: `${candidate.detail}${after}` };
    }
    rejections.push(`${candidate.detail}: ${processed.reason}`);
  }
  return rejections.join('; ');
}

/** Exponential backoff with jitter in [0.5, 1.5) of the step; the cap applies after the jitter, so no delay passes RETRY_MAX_DELAY_MS. */
export function backoffMs(config: Pick<Config, 'retryBaseMs' | 'retryMaxDelayMs'>, attempt: number, random: () => number): number {
  const step = Math.min(config.retryMaxDelayMs, config.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(config.retryMaxDelayMs, Math.round(step * (0.5 + random())));
}

/** The backoff, or the remote's own Retry-After when that is longer; RETRY_MAX_DELAY_MS caps both. */
export function retryDelayMs(config: Pick<Config, 'retryBaseMs' | 'retryMaxDelayMs'>, attempt: number, retryAfterMs: number, random: () => number): number {
  return Math.min(config.retryMaxDelayMs, Math.max(backoffMs(config, attempt, random), retryAfterMs));
}

/**
 * `source: detail`, naming the source once: a remote error's message (quoted in the detail, maybe
 * after the steps tried before it) already names its service, which is mostly the source itself.
 */
export function withSource(name: SourceName, detail: string): string {
  return detail.includes(`${name}: `) ? detail : `${name}: ${detail}`;
}

/** A remote's turn is further than the job waits (`turn` says when to come back): the source has not answered. */
type SourceTry = SourceResult | { outcome: 'WAIT'; turn: RateLimitWait };

/** The artist with the MusicBrainz id a search finds (artist-mbid.ts), or the wait for MusicBrainz's turn. */
async function searchArtist(deps: ResolverDeps, subject: ArtistSubject, signal: AbortSignal | undefined, wait: AcquireOptions): Promise<ArtistSubject | RateLimitWait> {
  try {
    return await withArtistMbid(deps, subject, signal, wait);
  } catch (err) {
    if (err instanceof RateLimitWait) return err;
    throw err;
  }
}

/** A source's context whose every remote client waits for its rate limiter as `wait` says: one rule for every remote. */
function waitingContext(ctx: SourceContext, wait: AcquireOptions): SourceContext {
  const clients = Object.fromEntries(Object.entries(ctx.clients ?? {}).map(([name, client]) => [name, withWait(client, wait)]));
  const bound = (client: RemoteClient | undefined) => (client ? (clients[client.source] ?? withWait(client, wait)) : client);
  return { ...ctx, http: bound(ctx.http)!, ...(ctx.musicbrainz ? { musicbrainz: bound(ctx.musicbrainz) } : {}), clients };
}

async function trySource(deps: ResolverDeps, name: SourceName, subject: Subject, signal?: AbortSignal, wait?: AcquireOptions): Promise<SourceTry> {
  const runtime = deps.sources.get(name);
  if (!runtime) return { outcome: 'NOT_FOUND', detail: 'unknown source' };
  const { source } = runtime;
  const ctx = { ...(wait ? waitingContext(runtime.ctx, wait) : runtime.ctx), ...(signal ? { signal } : {}) };
  if (source.enabled && !source.enabled(deps.config)) return { outcome: 'NOT_FOUND', detail: 'skipped: not configured' };
  try {
    if (subject.kind === 'album') return source.findAlbum ? await source.findAlbum(subject, ctx) : { outcome: 'NOT_FOUND', detail: 'not for albums' };
    return source.findArtist ? await source.findArtist(subject, ctx) : { outcome: 'NOT_FOUND', detail: 'not for artists' };
  } catch (err) {
    if (err instanceof RateLimitWait) return { outcome: 'WAIT', turn: err };
    // A source that throws is a bug or a surprise, never a reason to lose the job.
    deps.log.warn({ source: name, err }, 'source threw');
    return { outcome: 'ERROR', transient: false, detail: `failed: ${(err as Error).message}`.slice(0, 300) };
  }
}

async function findPlaceholder(deps: ResolverDeps, subject: Subject): Promise<Buffer | null> {
  const result = await trySource(deps, 'placeholder', subject);
  return result.outcome === 'FOUND' ? result.image : null;
}

function record(name: SourceName, outcome: SourceAttemptRecord['outcome'], detail: string, started: number): SourceAttemptRecord {
  // Cleaned after the cut, which can split a surrogate pair: jsonb refuses NULs and lone surrogates.
  return { source: sourceValue(name), outcome, detail: cleanText(detail.slice(0, 500)), durationMs: Date.now() - started, at: new Date().toISOString() };
}

const OUTCOME_MESSAGE: Record<string, string> = {
  READY: 'cover ready',
  GONE: 'cover gone',
  SUPERSEDED: 'cover superseded',
  ABORTED: 'cover left for the next worker',
  DEFERRED: 'cover waits for a remote turn',
};

/** The one log line of every job outcome: entity, status, source (the winner, or null), ms. */
function logOutcome(deps: ResolverDeps, line: { entity: string; status: string; source: string | null; ms: number }): void {
  const message = OUTCOME_MESSAGE[line.status] ?? 'cover not found'; // MISSING, FALLBACK, FAILED
  // A deferral is a pause in one resolution, at most about once a turn per waiting cover: not news.
  if (line.status === 'DEFERRED') deps.log.debug(line, message);
  else if (line.status === 'FAILED') deps.log.warn(line, message);
  else deps.log.info(line, message);
}

/** What the sources need to know about an entity, read from the library tables. */
async function loadSubject(db: Db, config: Config, key: repo.EntityKey): Promise<Subject | null> {
  const root = config.musicDir;
  if (key.type === 'artist') {
    const [artist] = await library.findArtistsByIds(db, [key.id]);
    if (!artist) return null;
    const subject: ArtistSubject = {
      kind: 'artist',
      id: String(artist.id),
      name: artist.name,
      folder: artist.folder !== null ? join(root, artist.folder) : null,
      mbArtistId: artist.mb_artist_id,
      // An id an earlier job's artist search stored (a refresh, or a chain resumed after waiting
      // for a remote's turn): the trace still says where it came from.
      ...(artist.mb_artist_id !== null && artist.mb_artist_searched_at !== null
        ? { mbArtistSearch: { outcome: 'FOUND' as const, detail: `found by an artist search on ${artist.mb_artist_searched_at.toISOString().slice(0, 10)}` } }
        : {}),
    };
    return subject;
  }
  const [album] = await library.findAlbumsByIds(db, [key.id]);
  if (!album) return null;
  const [[artist], tracks] = await Promise.all([library.findArtistsByIds(db, [album.artist_id]), library.findTracksByAlbumIds(db, [album.id])]);
  const subject: AlbumSubject = {
    kind: 'album',
    id: String(album.id),
    title: album.title,
    artistName: artist?.name ?? '',
    folder: join(root, album.folder),
    trackPaths: tracks.map((t) => join(root, t.path)),
    mbReleaseId: album.mb_release_id,
    mbReleaseGroupId: album.mb_release_group_id,
  };
  return subject;
}

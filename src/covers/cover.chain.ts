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
import { storeImage } from './cover.accept.js';
import type { CoverEventInput, PublishCoverEvent } from './cover.events.js';
import * as repo from './cover.repository.js';
import type { Cover, CoverStatus, CoverWinner, SourceAttemptRecord } from './cover.table.js';
import { coverJobKey, upgradeJobKey } from './cover.keys.js';
import { describeWinner, pinned, replaces, upgradeReason } from './cover.upgrade.js';
import { withWait, type RemoteClient } from './remote/client.js';
import { RateLimitWait, type AcquireOptions } from './remote/rate-limit.js';
import { candidateId, type Candidate } from './sources/candidate.js';
import { sourceDeclaration, sourceValue, type SourceName } from './sources/catalog.js';
import type { SourceRuntime } from './sources/registry.js';
import { Selection } from './cover.selection.js';
import type { AlbumSubject, ArtistSubject, SourceContext, SourceResult, Subject } from './sources/source.js';

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
  /**
   * An upgrade check (`upgrade_cover`): the chain runs as COVER_SELECTION=best, silently, and its
   * winner replaces the served cover only when it ranks first against it (cover.upgrade.ts);
   * otherwise nothing is written or published. Never for an uploaded or chosen cover.
   */
  upgrade?: boolean;
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
 * UNCHANGED: an upgrade check kept the served cover.
 */
export type ChainOutcome = CoverStatus | 'GONE' | 'SUPERSEDED' | 'ABORTED' | 'DEFERRED' | 'UNCHANGED';

/**
 * Runs the fallback chain for one album or artist: each source in the configured order. With
 * COVER_SELECTION=first the first valid candidate wins; with `best` (the default) the sources are
 * asked while one could still offer something better, and the best-ranked valid candidate wins
 * (cover.selection.ts). A transient remote failure leaves a placeholder (FALLBACK) and schedules a
 * retry with exponential backoff; when every source said no, the placeholder stands (MISSING).
 */
export async function resolveCover(deps: ResolverDeps, req: ResolveRequest): Promise<ChainOutcome> {
  const { db, config } = deps;
  const { key, priority } = req;
  const upgrade = req.upgrade === true;
  // An upgrade check is background work on a settled cover: clients hear of it only when it replaces the cover.
  const publish = upgrade ? silentBut('READY', deps.publish) : deps.publish;
  const best = upgrade || config.coverSelection === 'best';
  const base = { entityType: key.type, entityId: key.id, priority };
  const jobStarted = Date.now();
  const finished = (status: ChainOutcome, source: string | null, extra: Record<string, unknown> = {}) =>
    logOutcome(deps, { entity: repo.keyString(key), status, source, ms: Date.now() - jobStarted, ...extra });
  let cover = await repo.findCover(db, key);
  if (!cover && upgrade) {
    finished('GONE', null, { upgrade: true });
    return 'GONE';
  }
  if (!cover) [cover] = await repo.insertPendingCovers(db, [key]);
  if (!cover) cover = await repo.findCover(db, key);
  if (!cover) throw new Error(`cover row for ${repo.keyString(key)} could not be created`);

  if (upgrade && (pinned(cover) || !cover.image_hash || (cover.status !== 'READY' && cover.status !== 'FAILED'))) {
    // Uploaded or chosen, or being resolved again meanwhile: nothing to upgrade.
    finished('UNCHANGED', cover.source, { upgrade: true });
    return 'UNCHANGED';
  }
  if (cover.upload_hash) {
    // An upload (or a chosen candidate) overrides the chain until resetCover. A chosen candidate
    // keeps the source that offered it (pinCover wrote both); anything else pinned is the user's upload.
    const source = cover.source !== null && cover.image_hash === cover.upload_hash ? cover.source : 'UPLOAD';
    await repo.updateCover(db, key, { status: 'READY', source, image_hash: cover.upload_hash, next_retry_at: null, last_error: null, resolved_at: new Date() });
    finished('READY', source);
    publish({ ...base, kind: 'READY', source });
    return 'READY';
  }
  if (!req.force && !upgrade && cover.status === 'READY') {
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
  const noteTransient = (name: SourceName, failure: { detail: string; retryAfterMs?: number | undefined }) => {
    state.transient = withSource(name, failure.detail);
    if (failure.retryAfterMs !== undefined) state.retryAfterMs = Math.max(state.retryAfterMs, failure.retryAfterMs);
  };
  let placeholderImage: Buffer | null = null;
  // Every remote call of the chain (the MusicBrainz artist search too) waits by one rule: a turn
  // further than DEFER_AFTER_MS ends the job (below), except for a user's HIGH request.
  const wait: AcquireOptions = { urgent: priority === 'HIGH', ...(req.defer ? { maxWaitMs: DEFER_AFTER_MS, ...(resumed?.line ? { inLine: resumed.line } : {}) } : {}) };
  let artistSearched = false;
  const selection = new Selection(deps, subject, req.signal, noteTransient, trace);
  // The candidates offered before the wait: a local source's are read again from the files.
  if (best && resumed?.state.selection) await selection.restore(resumed.state.selection, (name) => trySource(deps, name, subject, req.signal));

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
    await req.defer!({ at, line: turn.key, state: best ? { ...state, selection: selection.carry() } : state }, waitMs);
    finished('DEFERRED', null, { at, waitMs: Math.round(waitMs), ...(upgrade ? { upgrade: true } : {}) });
    return 'DEFERRED';
  };
  const ready = async (name: SourceName, image: NormalisedImage, candidate: Candidate) => {
    const winner = winnerOf(name, image, candidate);
    let why: string | null = null;
    if (upgrade) {
      const served = servedWinner(cover, config);
      if (image.hash === cover.image_hash || !replaces(winner, served, selection.rules)) {
        finished('UNCHANGED', cover.source, { upgrade: true, found: describeWinner(winner) });
        return 'UNCHANGED' as const;
      }
      why = `upgrade: replaces ${describeWinner(served)}${cover.status === 'FAILED' ? ' shown after transient failures' : ''}`;
      const at = trace.findLastIndex((a) => a.source === winner.source && a.outcome === 'FOUND');
      if (at >= 0) trace[at] = { ...trace[at]!, detail: cleanText(`${trace[at]!.detail.slice(0, 300)}; ${why}`.slice(0, 500)) };
    }
    if (await req.superseded?.()) {
      finished('SUPERSEDED', null);
      return 'SUPERSEDED' as const;
    }
    const changes = {
      status: 'READY' as const,
      source: winner.source,
      image_hash: image.hash,
      winner: JSON.stringify(winner),
      trace,
      attempts: 0,
      next_retry_at: null,
      last_error: null,
      resolved_at: new Date(),
    };
    // An upgrade writes only over the cover it examined: a resolve, upload or reset meanwhile wins.
    const written = upgrade ? await repo.replaceServedCover(db, key, cover.image_hash!, changes) : await repo.updateCover(db, key, changes);
    if (upgrade && !written) {
      finished('SUPERSEDED', null, { upgrade: true });
      return 'SUPERSEDED' as const;
    }
    await deps.onResolved?.({ key, status: 'READY', trace });
    await scheduleUpgrade(deps, key, { status: 'READY', winner });
    finished('READY', winner.source, { hash: image.hash.slice(0, 12), ...(why ? { upgrade: why } : {}) });
    publish({ ...base, kind: 'READY', source: winner.source });
    return 'READY' as const;
  };
  const tried = (attempt: SourceAttemptRecord) => {
    trace.push(attempt);
    publish({ ...base, kind: 'SOURCE_TRIED', source: attempt.source, outcome: attempt.outcome, detail: attempt.detail, durationMs: attempt.durationMs });
  };

  for (const [index, name] of chain.entries()) {
    if (req.signal?.aborted) return aborted();
    if (name === 'placeholder') {
      // Generated last, only when nothing real was found (an upgrade check keeps the one served).
      if (!upgrade) placeholderImage = await findPlaceholder(deps, subject);
      continue;
    }
    if (index < resumeAt) continue;
    // COVER_SELECTION=best asks a source only while it could still offer a better candidate than the best one in hand
    // (skipped, not the end: a later source may offer a match this one cannot, an exact MBID after a release-group-only one).
    // An artist whose MusicBrainz id is still to be searched for is judged as if it had one.
    const needsId = !artistSearched && subject.kind === 'artist' && sourceDeclaration(name).byArtistMbid === true;
    const probe = needsId && subject.kind === 'artist' && !subject.mbArtistId ? { ...subject, mbArtistId: 'to be searched' } : subject;
    if (best && (await selection.settledBefore(name, probe))) continue;
    if (req.signal?.aborted) return aborted();
    const started = Date.now();
    // An artist without a MusicBrainz id is searched for one only when the chain reaches a source
    // that needs it: the local sources before it never wait for MusicBrainz.
    const searched = needsId && subject.kind === 'artist' ? await searchArtist(deps, subject, req.signal, wait) : null;
    if (searched instanceof RateLimitWait) {
      if (req.signal?.aborted) return aborted();
      return defer(name, searched);
    }
    if (searched) {
      subject = searched;
      selection.subject = searched;
      artistSearched = true;
    }
    const result = await askSource(deps, name, subject, req.signal, wait);
    // What a source says while the worker stops is about the stop, not about the source.
    if (req.signal?.aborted) return aborted();
    if (result.outcome === 'WAIT') return defer(name, result.turn);
    if (result.outcome === 'ERROR' && result.transient) noteTransient(name, result);
    if (result.outcome !== 'FOUND') {
      tried(record(name, result.outcome, result.detail, started));
      continue;
    }
    publish({ ...base, kind: 'PROCESSING', source: sourceValue(name) });
    if (best) {
      const attempt = record(name, 'FOUND', '', started);
      // In the trace now, to keep the chain's order; its outcome and detail once the winner is known.
      trace.push(attempt);
      await selection.offer(name, result.candidates, trace.length - 1);
      continue;
    }
    const taken = await selection.firstOf(name, result.candidates);
    if (req.signal?.aborted) return aborted();
    if ('image' in taken) {
      tried(record(name, 'FOUND', taken.detail, started));
      return ready(name, taken.image, taken.candidate);
    }
    tried(record(name, 'REJECTED', taken.rejected, started));
  }

  if (best) {
    const winner = await selection.best();
    if (req.signal?.aborted) return aborted();
    // The sources that offered candidates are told now, knowing which one won.
    for (const a of selection.attempts(winner)) {
      publish({ ...base, kind: 'SOURCE_TRIED', source: a.source, outcome: a.outcome, detail: a.detail, durationMs: a.durationMs });
    }
    if (winner) return ready(winner.source, winner.image, winner.candidate);
  }

  if (upgrade) {
    // Nothing better now; a source that failed for a while gets another look later.
    const { transient } = state;
    if (transient !== null) await scheduleUpgrade(deps, key, { status: 'FAILED', winner: null });
    finished('UNCHANGED', cover.source, { upgrade: true, ...(transient ? { error: transient.slice(0, 300) } : {}) });
    return 'UNCHANGED';
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
    winner: null,
    trace,
    attempts,
    next_retry_at: retryAt,
    last_error: transient,
    resolved_at: new Date(),
  });
  await deps.onResolved?.({ key, status, trace });
  if (imageHash) await scheduleUpgrade(deps, key, { status, winner: null });
  finished(status, imageHash ? 'PLACEHOLDER' : null, { attempts, retryAt, ...(transient ? { error: transient.slice(0, 300) } : {}) });
  publish({
    ...base,
    kind: status,
    ...(retryAt ? { retryAt: retryAt.toISOString() } : {}),
    ...(transient ? { error: transient.slice(0, 300) } : {}),
  });
  return status;
}

/** A publisher that passes on only events of one kind. */
function silentBut(kind: CoverEventInput['kind'], publish: PublishCoverEvent): PublishCoverEvent {
  const only = ((e: CoverEventInput) => (e.kind === kind ? publish(e) : undefined)) as PublishCoverEvent;
  only.inTransaction = (trx, events) => publish.inTransaction(trx, events.filter((e) => e.kind === kind));
  return only;
}

/** The served candidate as the `winner` column keeps it, at the size it was stored. */
function winnerOf(name: SourceName, image: NormalisedImage, c: Candidate): CoverWinner {
  return {
    id: candidateId(name, c),
    source: sourceValue(name),
    match: c.match,
    ...(c.similarity !== undefined ? { similarity: c.similarity } : {}),
    type: c.type,
    width: image.width,
    height: image.height,
  };
}

/** What an upgrade has to beat: the stored winner, or for a cover resolved before it was kept, a local picture at its stored size; null for a placeholder. */
function servedWinner(cover: Cover, config: Config): CoverWinner | null {
  if (cover.winner) return cover.winner;
  if (cover.source !== 'EMBEDDED' && cover.source !== 'FOLDER') return null;
  // Unknown size ranks as 0 px: an exact-MBID picture of any size replaces it only under the threshold rule's terms.
  const px = config.coverUpgradeBelowPx > 0 ? config.coverUpgradeBelowPx - 1 : 0;
  return { id: '', source: cover.source, match: 'local', type: cover.entity_type === 'album' ? 'front' : 'artist', width: px, height: px };
}

/** Queues the upgrade check of a cover that just settled, when it deserves one (cover.upgrade.ts): LOW, COVER_UPGRADE_AFTER_MS later, under its own key. */
async function scheduleUpgrade(deps: ResolverDeps, key: repo.EntityKey, settled: { status: CoverStatus; winner: CoverWinner | null }): Promise<void> {
  if (!upgradeReason(deps.config, settled)) return;
  const runAt = new Date(Date.now() + deps.config.coverUpgradeAfterMs);
  await deps.queue.add([{ task: 'upgrade_cover', payload: { entityType: key.type, entityId: key.id }, priority: 'LOW', jobKey: upgradeJobKey(key), runAt }]);
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

/** The answer of a source asked with no wait limit (a local one, read again): it never says WAIT. */
function withoutWait(result: SourceTry): SourceResult {
  return result.outcome === 'WAIT' ? { outcome: 'ERROR', transient: true, detail: 'waited for a remote turn' } : result;
}

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

/** One source's answer for a subject, with no wait limit: how candidates are gathered outside the chain (candidates/). */
export async function trySource(deps: ResolverDeps, name: SourceName, subject: Subject, signal?: AbortSignal): Promise<SourceResult> {
  return withoutWait(await askSource(deps, name, subject, signal));
}

async function askSource(deps: ResolverDeps, name: SourceName, subject: Subject, signal?: AbortSignal, wait?: AcquireOptions): Promise<SourceTry> {
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
  return result.outcome === 'FOUND' ? (result.candidates[0]?.image ?? null) : null;
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
  UNCHANGED: 'cover kept',
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
export async function loadSubject(db: Db, config: Config, key: repo.EntityKey): Promise<Subject | null> {
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

import type { Services } from '../context.js';
import type { Db } from '../db/database.js';
import { placeholderColor, sniffImageType } from '../images/image.pipeline.js';
import { findImageInfoByHashes } from '../images/image.repository.js';
import type { ImageAttribution } from '../images/image.table.js';
import type { JobQueue } from '../jobs/queue.js';
import { PRIORITY, priorityName, TASKS, type PriorityName, type TaskPayload } from '../jobs/task-list.js';
import { acceptImage } from './cover.accept.js';
import { RemoteError } from './remote/errors.js';
import { coverJobKey } from './cover.keys.js';
import { queueCoverWebhook } from './cover.webhook.js';
import * as library from '../library/library.repository.js';
import * as repo from './cover.repository.js';
import type { Cover, CoverSourceName } from './cover.table.js';
import type { Image } from '../images/image.table.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface CoverKey extends repo.EntityKey {
  /** The album title or artist name: a PENDING cover answers with its placeholder colour. */
  name: string;
}

/**
 * The cover columns a view reads: the Cover type's fields and the read path (`readIsSettled`). A
 * field that reads another column is a compile error until it is added here, so a page that reads
 * only these (library.page.repository.ts) cannot serve a view short of one.
 */
export type CoverViewRow = Pick<Cover, 'status' | 'source' | 'upload_hash' | 'attempts' | 'updated_at' | 'trace'>;

/** What the API shows of a cover: the row, its image's metadata, and the name for placeholders. */
export interface CoverView {
  key: CoverKey;
  row: CoverViewRow;
  image: { hash: string; width: number; height: number; dominantColor: string; thumbhash: string; attribution: ImageAttribution | null } | null;
}

/**
 * The DataLoader's batch function: every cover a response needs, in a constant number of round
 * trips. Entities with no cover row get one (PENDING) and a NORMAL job in one batched call;
 * PENDING covers still waiting at LOW priority are raised to NORMAL, since a page needs them now.
 */
export async function loadCoverViews(services: Pick<Services, 'db' | 'queue'>, keys: readonly CoverKey[], opts: { raise?: boolean } = {}): Promise<CoverView[]> {
  const { db, queue } = services;
  let rows = await repo.findCoversByKeys(db, keys);
  const have = new Set(rows.map((r) => `${r.entity_type}:${r.entity_id}`));
  const missing = keys.filter((k) => !have.has(repo.keyString(k)));
  if (missing.length > 0) {
    const created = await repo.insertPendingCovers(db, missing);
    rows = rows.concat(created);
    // A row another request created meanwhile: read it back rather than guess.
    if (created.length < missing.length) rows = await repo.findCoversByKeys(db, keys);
  }
  const pending = rows.filter((r) => !readIsSettled(r)).map((r) => ({ type: r.entity_type, id: r.entity_id }));
  if (opts.raise !== false) await raisePriority(queue, db, pending, 'NORMAL');

  const images = new Map((await findImageInfoByHashes(db, rows.flatMap((r) => (r.image_hash ? [r.image_hash] : [])))).map((i) => [i.hash, i]));
  const byKey = new Map(rows.map((r) => [`${r.entity_type}:${r.entity_id}`, r]));
  return keys.map((key) => {
    const row = byKey.get(repo.keyString(key));
    if (!row) throw new Error(`no cover row for ${repo.keyString(key)}`);
    return coverView(key, row, row.image_hash ? images.get(row.image_hash) : undefined);
  });
}

/**
 * Whether reading this cover row asks nothing more of the queue: anything but a PENDING cover no
 * job has tried yet. A cover whose jobs have thrown waits for its retry: a read must not make it due
 * now (nor reset its attempts). Rows for which this is false go through `loadCoverViews`.
 */
export function readIsSettled(row: Pick<Cover, 'status' | 'attempts'>): boolean {
  return !(row.status === 'PENDING' && row.attempts === 0);
}

export type ImageInfo = Pick<Image, 'hash' | 'width' | 'height' | 'dominant_color' | 'thumbhash' | 'attribution'>;

/** The view of a cover row and its image's metadata (undefined: no image, or not found). */
export function coverView(key: CoverKey, row: CoverViewRow, info: ImageInfo | undefined): CoverView {
  return {
    key,
    row,
    image: info
      ? { hash: info.hash, width: info.width, height: info.height, dominantColor: info.dominant_color, thumbhash: info.thumbhash, attribution: info.attribution ?? null }
      : null,
  };
}

/** The colour a client can paint while a cover has no image yet. */
export function pendingColor(view: CoverView): string {
  return view.image?.dominantColor ?? placeholderColor(view.key.name);
}

/**
 * Makes sure each entity has a job at `priority` or better, due now. A queued job is updated in
 * place (same key: never a duplicate); a running one is left alone; a better priority is kept.
 */
export async function raisePriority(queue: JobQueue, db: Db, keys: readonly repo.EntityKey[], priority: PriorityName, opts: { force?: boolean } = {}): Promise<void> {
  if (keys.length === 0) return;
  const jobKeys = keys.map(coverJobKey);
  const existing = await queue.findByKeys(jobKeys, db);
  const now = Date.now();
  const wanted = PRIORITY[priority];
  const specs = keys.flatMap((key, i) => {
    const job = existing.get(jobKeys[i]!);
    // A running job is left alone, unless this asks to search again: graphile-worker then queues a
    // new job under the key and the running one, superseded, does not write its older answer.
    if (job?.locked && !opts.force) return [];
    // A job that has thrown is waiting for its retry: adding under its key would make it due now
    // with its attempts reset (graphile-worker's add_job replaces it), so it could never give up.
    if (job && job.attempts > 0 && !opts.force) return [];
    // A chain waiting for a remote's turn keeps its place: its payload (where it resumes) and its
    // due time, since sooner it would only wait again; a user's request (HIGH) makes it due now,
    // and the job then waits for the turn itself, ahead of the backlog.
    const resumed = job && !opts.force ? resumedPayload(job.payload) : null;
    if (job && job.priority <= wanted && (job.runAt.getTime() <= now || resumed) && !opts.force) return [];
    const best = priorityName(job ? Math.min(job.priority, wanted) : wanted);
    const payload = resumed ?? { entityType: key.type, entityId: key.id, ...(opts.force ? { force: true } : {}) };
    const runAt = resumed && best !== 'HIGH' ? job!.runAt : undefined;
    return [{ task: 'resolve_cover' as const, payload, priority: best, jobKey: jobKeys[i]!, ...(runAt ? { runAt } : {}) }];
  });
  await queue.add(specs, db);
}

/** The payload of a cover job whose chain waits for a remote's turn, else null. */
function resumedPayload(payload: unknown): TaskPayload<'resolve_cover'> | null {
  const parsed = TASKS.resolve_cover.safeParse(payload);
  return parsed.success && parsed.data.resume ? parsed.data : null;
}

/**
 * requestCovers: a user asked. Covers that are not READY get a job at `priority` (HIGH by default),
 * due now. Returns how many got one.
 */
export async function requestCovers(services: Services, keys: readonly repo.EntityKey[], priority: PriorityName): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    await repo.insertPendingCovers(trx, keys);
    const rows = await repo.findCoversByKeys(trx, keys);
    const notReady = rows.filter((r) => r.status !== 'READY').map((r) => ({ type: r.entity_type, id: r.entity_id }));
    // A user asking again gives a cover that gave up a fresh retry budget.
    await repo.resetAttempts(trx, rows.filter((r) => r.status === 'FAILED').map((r) => ({ type: r.entity_type, id: r.entity_id })));
    await raisePriority(services.queue, trx, notReady, priority);
    await publishQueued(services, trx, notReady, priority);
    return notReady.length;
  });
}

/**
 * refreshCovers: search again even when a cover is READY or MISSING (an upload still wins), at
 * `priority` (HIGH: a user named these covers); a job already queued at a higher one keeps it.
 */
export async function refreshCovers(services: Services, keys: readonly repo.EntityKey[], trx?: Db, priority: PriorityName = 'HIGH'): Promise<void> {
  const run = async (db: Db) => {
    await repo.insertPendingCovers(db, keys);
    await repo.resetAttempts(db, keys);
    await raisePriority(services.queue, db, keys, priority, { force: true });
    await publishQueued(services, db, keys, priority);
  };
  await (trx ? run(trx) : services.db.transaction().execute(run));
}

/** Covers queued per transaction by a bulk refresh. */
const BULK_CHUNK = 1000;

/**
 * refreshCovers by filter: every matching cover searched again at LOW priority, behind what users
 * and pages ask for, a thousand per transaction. Covers set by hand are not searched again.
 * Returns how many were queued.
 */
export async function refreshCoversWhere(services: Services, filter: repo.CoverFilter): Promise<number> {
  // An album or artist nobody has looked at yet has no row, but reads as PENDING: give it its row.
  if ((!filter.status || filter.status.includes('PENDING')) && !filter.source) await repo.insertMissingPendingCovers(services.db);
  let queued = 0;
  let after: repo.EntityKey | null = null;
  for (;;) {
    const keys = await repo.pageCoverKeys(services.db, filter, after, BULK_CHUNK);
    if (keys.length === 0) return queued;
    await refreshCovers(services, keys, undefined, 'LOW');
    queued += keys.length;
    after = keys.at(-1)!;
  }
}

/** QUEUED goes out with the job's own commit, so no worker can be seen starting before it. */
function publishQueued(services: Services, trx: Db, keys: readonly repo.EntityKey[], priority: PriorityName): Promise<void> {
  return services.publish.inTransaction(trx, keys.map((k) => ({ kind: 'QUEUED' as const, entityType: k.type, entityId: k.id, priority })));
}

export class UploadRejectedError extends Error {
  override name = 'UploadRejectedError';
}

/** uploadCover: validated as an upload (big enough, any shape); overrides the chain until resetCover. */
export async function uploadCover(services: Services, key: repo.EntityKey, file: Blob): Promise<void> {
  if (file.size > MAX_UPLOAD_BYTES) throw new UploadRejectedError(`file is too large: ${file.size} bytes (at most ${MAX_UPLOAD_BYTES})`);
  await setCoverByHand(services, key, Buffer.from(await file.arrayBuffer()));
}

/** The longest URL setCoverFromUrl takes. */
const MAX_URL_LENGTH = 2048;

/**
 * setCoverFromUrl, first half: the bytes at a URL a user gave, through the guarded client (http(s)
 * only, private addresses refused unless COVER_URL_ALLOW_PRIVATE, each redirect hop checked again,
 * REMOTE_TIMEOUT_MS, at most an upload's 10 MB). No sharp work: it runs outside the image queue.
 * The second half is setCoverByHand, as for an upload.
 */
export async function fetchCoverUrl(services: Pick<Services, 'urlClient'>, url: string, signal?: AbortSignal): Promise<Buffer> {
  if (url.length > MAX_URL_LENGTH) throw new UploadRejectedError(`url is too long (at most ${MAX_URL_LENGTH} characters)`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UploadRejectedError('url must be an absolute http:// or https:// URL');
  try {
    return await services.urlClient.getImage(url, { signal });
  } catch (err) {
    // The message names the host and what happened, never the path or query (they may hold a key).
    if (err instanceof RemoteError) throw new UploadRejectedError(`could not fetch the image: ${err.message.replace(/^url: /, '')}`);
    throw err;
  }
}

/**
 * The picture a user chose (an upload, a URL's bytes), through the one accept path: judged as the
 * user's own choice (no squareness, no remote minimum size), stored with its default variant, and
 * pinned over the chain (`upload_hash`) until resetCover.
 */
export async function setCoverByHand(services: Services, key: repo.EntityKey, bytes: Buffer): Promise<void> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadRejectedError(`file is too large (at most ${MAX_UPLOAD_BYTES} bytes)`);
  if (!sniffImageType(bytes)) throw new UploadRejectedError('not an image: the bytes are not JPEG, PNG, WebP, GIF, AVIF or TIFF');
  const result = await acceptImage(services.store, bytes, { kind: key.type, origin: 'upload' });
  if (!result.accepted) throw new UploadRejectedError(result.unprocessable ? 'image could not be processed' : `image rejected: ${result.reason}`);
  await pinCover(services, key, result.image.hash, 'UPLOAD');
}

/**
 * Pins a stored image as the cover, over the chain until resetCover (`upload_hash`): an upload, a
 * URL's bytes, or a candidate chosen with chooseCover (`source` says which source offered it).
 */
export async function pinCover(services: Services, key: repo.EntityKey, hash: string, source: CoverSourceName): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await repo.insertPendingCovers(trx, [key]);
    await repo.updateCover(trx, key, {
      status: 'READY',
      source,
      image_hash: hash,
      upload_hash: hash,
      attempts: 0,
      next_retry_at: null,
      last_error: null,
      resolved_at: new Date(),
    });
    // Settled by hand: SoniqueBay's backend is told like for a cover the chain found.
    await queueCoverWebhook({ db: trx, queue: services.queue, url: services.config.coverWebhook.url }, { key, status: 'READY' });
  });
  services.publish({ kind: 'READY', entityType: key.type, entityId: key.id, priority: 'HIGH', source });
}

/** resetCover: forget the upload and run the chain again. */
export async function resetCover(services: Services, key: repo.EntityKey): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await repo.insertPendingCovers(trx, [key]);
    await repo.updateCover(trx, key, { upload_hash: null });
    await refreshCovers(services, [key], trx);
  });
}

/**
 * As a scan commits: new albums and artists are queued LOW (backfill); albums whose folder image
 * or audio files changed are re-resolved (force), also LOW, so user requests go first. A new
 * entity whose cover row exists already was asked for meanwhile (a page view during the scan):
 * settled, it is not searched again; still pending, it keeps its job (raised to LOW at least).
 */
export async function enqueueAfterScan(services: Pick<Services, 'db' | 'queue'>, added: repo.EntityKey[], changed: repo.EntityKey[]): Promise<void> {
  const { db, queue } = services;
  for (let i = 0; i < added.length; i += 1000) {
    const chunk = added.slice(i, i + 1000);
    // The row and its job commit together: whoever sees the row sees its job, and raises it rather than racing it.
    const created = await db.transaction().execute(async (trx) => {
      const rows = await repo.insertPendingCovers(trx, chunk);
      const keys = rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
      await queue.add(keys.map((key) => ({ task: 'resolve_cover' as const, payload: { entityType: key.type, entityId: key.id }, priority: 'LOW' as const, jobKey: coverJobKey(key) })), trx);
      return new Set(keys.map(repo.keyString));
    });
    const seen = chunk.filter((k) => !created.has(repo.keyString(k)));
    if (seen.length === 0) continue;
    const pending = (await repo.findCoversByKeys(db, seen)).filter((r) => r.status === 'PENDING' && r.attempts === 0);
    await raisePriority(queue, db, pending.map((r) => ({ type: r.entity_type, id: r.entity_id })), 'LOW');
  }
  for (let i = 0; i < changed.length; i += 1000) {
    const chunk = changed.slice(i, i + 1000);
    await repo.insertPendingCovers(db, chunk);
    await raisePriority(queue, db, chunk, 'LOW', { force: true });
  }
}

/** Album titles and artist names by `type:id`, two queries at most. */
export async function loadEntityNames(db: Db, keys: readonly repo.EntityKey[]): Promise<Map<string, string>> {
  const albumIds = keys.filter((k) => k.type === 'album').map((k) => k.id);
  const artistIds = keys.filter((k) => k.type === 'artist').map((k) => k.id);
  const [albums, artists] = await Promise.all([
    albumIds.length ? library.findAlbumsByIds(db, albumIds) : [],
    artistIds.length ? library.findArtistsByIds(db, artistIds) : [],
  ]);
  return new Map([...albums.map((a) => [`album:${a.id}`, a.title] as const), ...artists.map((a) => [`artist:${a.id}`, a.name] as const)]);
}

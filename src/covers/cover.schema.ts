import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { type ImageFormat as Format, type VariantSize } from '../images/image.pipeline.js';
import { imagePath, imageVariants, srcsetOf } from '../images/image.urls.js';
import { type QueuedJob } from '../jobs/queue.js';
import { priorityName } from '../jobs/task-list.js';
import * as library from '../library/library.repository.js';
import { AlbumRef, ArtistRef } from '../library/library.schema.js';
import { expectId } from '../schema/ids.js';
import { builder, encodeId } from '../schema/builder.js';
import { listCost } from '../schema/limits.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { coverJobKey } from './cover.keys.js';
import type { EntityKey } from './cover.repository.js';
import * as service from './cover.service.js';
import { CoverSource, CoverStatus } from '../schema/cover-enums.js';
import type { CoverSourceName, SourceAttemptRecord } from './cover.table.js';
import type { ImageAttribution } from '../images/image.table.js';
import { coverLoader, loadCoverOf } from './cover.loader.js';
import { pinned } from './cover.upgrade.js';

export const AttemptOutcome = builder.enumType('AttemptOutcome', {
  description: 'What one source of the fallback chain answered.',
  values: {
    FOUND: { description: 'A picture that passed validation: the chain stops here.' },
    NOT_FOUND: { description: 'It has none: the chain goes on.' },
    REJECTED: { description: 'It had one that failed validation (too small, a provider placeholder, not an image…).' },
    ERROR: { description: 'It failed (timeout, 5xx, 429, circuit open): the chain goes on and the cover is retried later.' },
  } as const,
});
export const CoverPriority = builder.enumType('CoverPriority', {
  description: 'How soon a cover job runs; a job keeps the highest priority anyone asked for.',
  values: {
    HIGH: { description: 'A user asked: runs before anything else.' },
    NORMAL: { description: 'A page needs it now.' },
    LOW: { description: 'Background backfill.' },
  } as const,
});
export const ImageFormat = builder.enumType('ImageFormat', {
  description: 'The format of an image URL.',
  values: {
    WEBP: { value: 'webp', description: 'WebP (the default): small, read by every current browser.' },
    JPEG: { value: 'jpeg', description: 'JPEG, for clients without WebP.' },
    AVIF: { value: 'avif', description: 'AVIF: smaller still, slower to make (made on first request).' },
  } as const,
});
const CoverJobState = builder.enumType('CoverJobState', {
  description: 'Where a cover job stands.',
  values: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'A worker is on it.' },
    SCHEDULED: { description: 'A retry, due at runAt.' },
  } as const,
});

const SourceAttempt = builder.objectRef<SourceAttemptRecord>('SourceAttempt').implement({
  description: 'One step of the fallback chain, as last run.',
  fields: (t) => ({
    source: t.field({ type: CoverSource, description: 'The source asked.', resolve: (a) => a.source }),
    outcome: t.field({ type: AttemptOutcome, description: 'What it answered.', resolve: (a) => a.outcome }),
    detail: t.exposeString('detail', { description: 'Why, in words (the URL host, the status, the reason a candidate was rejected).' }),
    durationMs: t.exposeInt('durationMs', { description: 'How long it took.' }),
    at: t.field({ type: 'DateTime', description: 'When it was asked.', resolve: (a) => a.at }),
  }),
});

export const CoverVariant = builder.objectRef<VariantSize & { url: string }>('CoverVariant').implement({
  description: 'One size a cover is served at: its path and real pixel dimensions (fit inside size x size, aspect kept).',
  fields: (t) => ({
    size: t.exposeInt('size', { description: 'The size in the path: the long side of the variant.' }),
    width: t.exposeInt('width', { description: 'Its real width in pixels.' }),
    height: t.exposeInt('height', { description: 'Its real height in pixels.' }),
    url: t.exposeString('url', { description: 'Its path, cached forever by browsers: /covers/<hash>/<size>.<ext>.' }),
  }),
});

/** Every variant of a cover in one format, smallest first: one list behind both `variants` and `srcset`. */
function coverVariants(v: service.CoverView, format: Format | null | undefined): (VariantSize & { url: string })[] {
  return v.image ? imageVariants(v.image, format) : [];
}

const CoverJob = builder.objectRef<QueuedJob>('CoverJob').implement({
  description: 'The background job that searches for a cover.',
  fields: (t) => ({
    priority: t.field({ type: CoverPriority, description: 'Its priority now.', resolve: (j) => priorityName(j.priority) }),
    state: t.field({ type: CoverJobState, description: 'Where it stands.', resolve: (j) => (j.locked ? 'RUNNING' : j.runAt.getTime() > Date.now() ? 'SCHEDULED' : 'QUEUED') }),
    attempts: t.exposeInt('attempts', { description: 'Times a worker has taken it so far.' }),
    runAt: t.expose('runAt', { type: 'DateTime', description: 'When it is (or was) due.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why it last threw, when it did.' }),
  }),
});

const jobLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, QueuedJob | null>(async (keys) => {
      const found = await ctx.queue.findByKeys([...keys], ctx.db);
      return keys.map((k) => found.get(k) ?? null);
    }),
);

const CoverAttribution = builder.objectRef<ImageAttribution>('CoverAttribution').implement({
  description: "Who made the picture and under which licence, as its source states it (a Wikimedia Commons file's author and licence): show it with the image.",
  fields: (t) => ({
    author: t.exposeString('author', { nullable: true, description: 'The author as Commons credits them (plain text).' }),
    license: t.exposeString('license', { nullable: true, description: 'Short licence name, e.g. "CC BY-SA 4.0".' }),
    licenseUrl: t.exposeString('licenseUrl', { nullable: true, description: 'The licence text\'s URL, when the source gives one.' }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: "The file's description page." }),
  }),
});

export const CoverRef = builder.objectRef<service.CoverView>('Cover').implement({
  description: 'The picture of an album or artist, and how its search is going.',
  fields: (t) => ({
    // One cover per entity, so the entity names it: a normalised cache (Apollo, urql) keeps one
    // Cover per album or artist, and an event's cover and the album's cover are the same object.
    id: t.id({ description: 'Stable: one cover per album or artist, for client caches.', resolve: (v) => encodeId(v.key.type === 'album' ? 'AlbumCover' : 'ArtistImage', v.key.id) }),
    status: t.field({ type: CoverStatus, description: 'Where the search stands.', resolve: (v) => v.row.status }),
    source: t.field({ type: CoverSource, nullable: true, description: 'Where the picture came from; null before a first search settled.', resolve: (v) => v.row.source }),
    pinned: t.boolean({
      description: 'Set by hand (uploadCover, setCoverFromUrl or chooseCover): kept over the sources, and never upgraded, until resetCover.',
      resolve: (v) => pinned(v.row),
    }),
    url: t.string({
      nullable: true,
      description:
        "Path of the image bytes. Sizes snap up to 64, 128, 256, 512 or 1024 px, never above the original: asked above it, the original's own size is served (a 500 px cover at 512 or 1024 answers 500). Default 256 webp.",
      args: {
        size: t.arg.int({ required: false, description: 'The size wanted in pixels (1 to 4096), snapped as above; 256 by default.' }),
        format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }),
      },
      resolve: (v, args) => (v.image ? imagePath(v.image, args.size, args.format as Format | null | undefined) : null),
    }),
    srcset: t.string({
      nullable: true,
      description: 'Every size the cover is served at with its real pixel width, for <img srcset>: "/covers/<hash>/64.webp 64w, …, /covers/<hash>/500.webp 500w".',
      args: { format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }) },
      resolve: (v, args) => (v.image ? srcsetOf(v.image, args.format) : null),
    }),
    variants: t.field({
      type: [CoverVariant],
      description: 'The sizes in srcset, with their paths and real dimensions; empty without an image.',
      args: { format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }) },
      resolve: (v, args) => coverVariants(v, args.format),
    }),
    width: t.int({ nullable: true, description: "The original's real width in pixels (non-square covers keep their shape).", resolve: (v) => v.image?.width ?? null }),
    height: t.int({ nullable: true, description: "The original's real height in pixels.", resolve: (v) => v.image?.height ?? null }),
    dominantColor: t.string({ description: "'#rrggbb': the image's dominant colour, or the placeholder colour while PENDING.", resolve: (v) => service.pendingColor(v) }),
    thumbhash: t.string({ nullable: true, description: 'A base64 ThumbHash, to paint a blurred preview at once.', resolve: (v) => v.image?.thumbhash ?? null }),
    attribution: t.field({
      type: CoverAttribution,
      nullable: true,
      description: 'Author and licence of the image shown, when its source gives them (Wikidata/Commons pictures); null otherwise.',
      resolve: (v) => v.image?.attribution ?? null,
    }),
    updatedAt: t.field({ type: 'DateTime', description: 'When its row last changed.', resolve: (v) => v.row.updated_at }),
    trace: t.field({ type: [SourceAttempt], extensions: listCost(8), description: "The last search: each source asked, in order, with its outcome (why this cover).", resolve: (v) => v.row.trace ?? [] }),
    job: t.field({
      type: CoverJob,
      nullable: true,
      description: 'The queued, running or scheduled job for this cover, if any.',
      resolve: (v, _args, ctx) => jobLoader(ctx).load(coverJobKey(v.key)),
    }),
  }),
});

builder.objectField(AlbumRef, 'cover', (t) =>
  t.field({ type: CoverRef, description: "The album's cover (asking for it queues its search when it has none yet).", resolve: (album, _args, ctx) => loadCoverOf(ctx, album, { type: 'album', id: album.id, name: album.title }) }),
);
builder.objectField(ArtistRef, 'image', (t) =>
  t.field({ type: CoverRef, description: "The artist's picture (asking for it queues its search when it has none yet).", resolve: (artist, _args, ctx) => coverLoader(ctx).load({ type: 'artist', id: artist.id, name: artist.name }) }),
);

const CoversPayload = builder.objectRef<{ covers: service.CoverView[]; queued: number }>('CoversPayload').implement({
  description: 'What a mutation on several covers did.',
  fields: (t) => ({
    covers: t.field({
      type: [CoverRef],
      description: 'The covers named by `ids`, as they are now; empty when a `filter` chose them (there may be thousands).',
      resolve: (p) => p.covers,
    }),
    queued: t.exposeInt('queued', { description: 'How many covers got a job queued (or raised) by this call.' }),
  }),
});

const CoverFilter = builder.inputType('CoverFilter', {
  description: 'Which covers of albums and artists, by status and source; absent fields match any.',
  fields: (t) => ({
    status: t.field({ type: [CoverStatus], description: 'Any of these statuses (an album or artist whose cover was never asked for is PENDING).' }),
    source: t.field({ type: [CoverSource], description: 'Any of these sources.' }),
  }),
});
export const CoverPayload = builder.objectRef<{ cover: service.CoverView }>('CoverPayload').implement({
  description: 'What a mutation on one cover did.',
  fields: (t) => ({ cover: t.field({ type: CoverRef, description: 'The cover as it is now.', resolve: (p) => p.cover }) }),
});

/** Album or Artist global ids -> entity keys with names; unknown entities are a NotFoundError. */
export async function entityKeys(ctx: Context, ids: readonly string[]): Promise<service.CoverKey[]> {
  if (ids.length === 0) throw new ValidationError('ids must not be empty', 'ids');
  if (ids.length > 1000) throw new ValidationError('at most 1000 ids at once', 'ids');
  const parsed = ids.map((id) => {
    try {
      return { id, type: 'album' as const, n: expectId(id, 'Album') };
    } catch {
      try {
        return { id, type: 'artist' as const, n: expectId(id, 'Artist') };
      } catch {
        throw new ValidationError(`"${id.slice(0, 80)}" is not an album or artist id`, 'ids');
      }
    }
  });
  const albums = new Map((await library.findAlbumsByIds(ctx.db, parsed.filter((p) => p.type === 'album').map((p) => p.n))).map((a) => [a.id, a.title]));
  const artists = new Map((await library.findArtistsByIds(ctx.db, parsed.filter((p) => p.type === 'artist').map((p) => p.n))).map((a) => [a.id, a.name]));
  return parsed.map((p) => {
    const name = (p.type === 'album' ? albums : artists).get(p.n);
    if (name === undefined) throw new NotFoundError(p.id, p.type);
    return { type: p.type, id: p.n, name };
  });
}

export function authorize(ctx: Context): void {
  if (!ctx.authorized) throw new ForbiddenError('this mutation needs Authorization: Bearer <API_TOKEN>');
}

/** The covers a mutation just changed, read again; reading them must not change their jobs' priority. */
export async function freshViews(ctx: Context, keys: service.CoverKey[]): Promise<service.CoverView[]> {
  const views = await service.loadCoverViews(ctx, keys, { raise: false });
  const loader = coverLoader(ctx);
  views.forEach((v, i) => loader.clear(keys[i]!).prime(keys[i]!, v));
  return views;
}

export const errorTypes = [ValidationError, NotFoundError, ForbiddenError];
const toEntity = (k: service.CoverKey): EntityKey => ({ type: k.type, id: k.id });

builder.mutationFields((t) => ({
  requestCovers: t.field({
    type: CoversPayload,
    description: 'Asks for these albums/artists now: a queued job has its priority raised and runs next; no duplicate is ever added.',
    errors: { types: errorTypes },
    args: {
      ids: t.arg.idList({ required: true, description: 'Album or Artist global ids (at most 1000).' }),
      priority: t.arg({ type: CoverPriority, defaultValue: 'HIGH', description: 'The priority their jobs get (a higher one already queued is kept).' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const keys = await entityKeys(ctx, args.ids);
      const queued = await service.requestCovers(ctx, keys.map(toEntity), args.priority ?? 'HIGH');
      return { covers: await freshViews(ctx, keys), queued };
    },
  }),
  refreshCovers: t.field({
    type: CoversPayload,
    description:
      'Searches again, even for READY or MISSING covers (an uploaded image still wins): the covers named by `ids` at HIGH priority, or every cover matching `filter` at LOW priority, behind what users and pages ask for (a job already queued higher keeps its priority; covers set by hand are skipped). Exactly one of `ids` and `filter`.',
    errors: { types: errorTypes },
    args: {
      ids: t.arg.idList({ required: false, description: 'Album or Artist global ids (at most 1000).' }),
      filter: t.arg({ type: CoverFilter, description: 'Every cover matching it, e.g. `{ status: [MISSING, FAILED] }`.' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      if ((args.ids == null) === (args.filter == null)) throw new ValidationError('give exactly one of ids and filter', 'ids');
      if (args.filter) {
        const queued = await service.refreshCoversWhere(ctx, { status: args.filter.status ?? null, source: (args.filter.source as CoverSourceName[] | null | undefined) ?? null });
        return { covers: [], queued };
      }
      const keys = await entityKeys(ctx, args.ids!);
      await service.refreshCovers(ctx, keys.map(toEntity));
      return { covers: await freshViews(ctx, keys), queued: keys.length };
    },
  }),
  uploadCover: t.field({
    type: CoverPayload,
    description: 'Sets the picture by hand (JPEG, PNG, WebP, GIF, AVIF or TIFF, at most 10 MB); it overrides the sources until resetCover.',
    errors: { types: errorTypes },
    args: {
      id: t.arg.id({ required: true, description: 'The Album or Artist global id.' }),
      file: t.arg({ type: 'File', required: true, description: 'The image, as a part of a GraphQL multipart request.' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const [key] = await entityKeys(ctx, [args.id]);
      try {
        // Decoding an upload is sharp work: it waits for a slot, or is shed with a 503 (images/image.work.ts).
        await ctx.imageWork.run(() => service.uploadCover(ctx, toEntity(key!), args.file));
      } catch (err) {
        if (err instanceof service.UploadRejectedError) throw new ValidationError(err.message, 'file');
        throw err;
      }
      return { cover: (await freshViews(ctx, [key!]))[0]! };
    },
  }),
  setCoverFromUrl: t.field({
    type: CoverPayload,
    description:
      'Sets the picture from an image at a URL, validated like an upload (JPEG, PNG, WebP, GIF, AVIF or TIFF, at most 10 MB) and kept over the sources until resetCover. Fetched by the service through its guarded client: http(s) only, public addresses only unless COVER_URL_ALLOW_PRIVATE, each redirect checked, REMOTE_TIMEOUT_MS. A URL that fails is a ValidationError naming the host and the reason.',
    errors: { types: errorTypes },
    args: {
      id: t.arg.id({ required: true, description: 'The Album or Artist global id.' }),
      url: t.arg.string({ required: true, description: 'An absolute http:// or https:// URL of the image (at most 2048 characters).' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const [key] = await entityKeys(ctx, [args.id]);
      try {
        const bytes = await service.fetchCoverUrl(ctx, args.url);
        // Like an upload: the fetch waits for nothing, the decoding for a slot of the image work queue.
        await ctx.imageWork.run(() => service.setCoverByHand(ctx, toEntity(key!), bytes));
      } catch (err) {
        if (err instanceof service.UploadRejectedError) throw new ValidationError(err.message, 'url');
        throw err;
      }
      return { cover: (await freshViews(ctx, [key!]))[0]! };
    },
  }),
  resetCover: t.field({
    type: CoverPayload,
    description: 'Forgets a pinned picture (an upload, a URL or a chosen candidate) and runs the sources again.',
    errors: { types: errorTypes },
    args: { id: t.arg.id({ required: true, description: 'The Album or Artist global id.' }) },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const [key] = await entityKeys(ctx, [args.id]);
      await service.resetCover(ctx, toEntity(key!));
      return { cover: (await freshViews(ctx, [key!]))[0]! };
    },
  }),
}));

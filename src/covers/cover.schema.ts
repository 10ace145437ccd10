import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { snapSize, variantSizes, type ImageFormat as Format, type VariantSize } from '../images/image.pipeline.js';
import { variantPath } from '../images/image.routes.js';
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
import { coverLoader } from './cover.loader.js';
import { COVER_SOURCE_VALUES } from './sources/catalog.js';
import type { SourceAttemptRecord } from './cover.table.js';

const CoverStatus = builder.enumType('CoverStatus', {
  values: {
    READY: { description: 'A real image.' },
    PENDING: { description: 'Queued or running; nothing yet (dominantColor is the placeholder colour).' },
    FALLBACK: { description: 'A placeholder is shown while a remote source that failed is retried.' },
    MISSING: { description: 'Every source said no: a generated placeholder. Re-checked after a TTL.' },
    FAILED: { description: 'Gave up after the retry budget; placeholder shown.' },
  } as const,
});
export const CoverSource = builder.enumType('CoverSource', { values: COVER_SOURCE_VALUES });
export const AttemptOutcome = builder.enumType('AttemptOutcome', { values: ['FOUND', 'NOT_FOUND', 'REJECTED', 'ERROR'] as const });
export const CoverPriority = builder.enumType('CoverPriority', {
  values: {
    HIGH: { description: 'A user asked: runs before anything else.' },
    NORMAL: { description: 'A page needs it now.' },
    LOW: { description: 'Background backfill.' },
  } as const,
});
const ImageFormat = builder.enumType('ImageFormat', { values: { WEBP: { value: 'webp' }, JPEG: { value: 'jpeg' }, AVIF: { value: 'avif' } } as const });
const CoverJobState = builder.enumType('CoverJobState', {
  values: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'A worker is on it.' },
    SCHEDULED: { description: 'A retry, due at runAt.' },
  } as const,
});

const SourceAttempt = builder.objectRef<SourceAttemptRecord>('SourceAttempt').implement({
  description: 'One step of the fallback chain, as last run.',
  fields: (t) => ({
    source: t.field({ type: CoverSource, resolve: (a) => a.source }),
    outcome: t.field({ type: AttemptOutcome, resolve: (a) => a.outcome }),
    detail: t.exposeString('detail'),
    durationMs: t.exposeInt('durationMs'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
  }),
});

const CoverVariant = builder.objectRef<VariantSize & { url: string }>('CoverVariant').implement({
  description: 'One size a cover is served at: its path and real pixel dimensions (fit inside size x size, aspect kept).',
  fields: (t) => ({
    size: t.exposeInt('size', { description: 'The size in the path: the long side of the variant.' }),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
    url: t.exposeString('url'),
  }),
});

/** Every variant of a cover in one format, smallest first: one list behind both `variants` and `srcset`. */
function coverVariants(v: service.CoverView, format: Format | null | undefined): (VariantSize & { url: string })[] {
  if (!v.image) return [];
  const { hash, width, height } = v.image;
  return variantSizes(width, height).map((s) => ({ ...s, url: variantPath(hash, s.size, format ?? 'webp') }));
}

const CoverJob = builder.objectRef<QueuedJob>('CoverJob').implement({
  fields: (t) => ({
    priority: t.field({ type: CoverPriority, resolve: (j) => priorityName(j.priority) }),
    state: t.field({ type: CoverJobState, resolve: (j) => (j.locked ? 'RUNNING' : j.runAt.getTime() > Date.now() ? 'SCHEDULED' : 'QUEUED') }),
    attempts: t.exposeInt('attempts'),
    runAt: t.expose('runAt', { type: 'DateTime' }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

const jobLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, QueuedJob | null>(async (keys) => {
      const found = await ctx.queue.findByKeys([...keys], ctx.db);
      return keys.map((k) => found.get(k) ?? null);
    }),
);

export const CoverRef = builder.objectRef<service.CoverView>('Cover').implement({
  description: 'The picture of an album or artist, and how its search is going.',
  fields: (t) => ({
    // One cover per entity, so the entity names it: a normalised cache (Apollo, urql) keeps one
    // Cover per album or artist, and an event's cover and the album's cover are the same object.
    id: t.id({ description: 'Stable: one cover per album or artist, for client caches.', resolve: (v) => encodeId(v.key.type === 'album' ? 'AlbumCover' : 'ArtistImage', v.key.id) }),
    status: t.field({ type: CoverStatus, resolve: (v) => v.row.status }),
    source: t.field({ type: CoverSource, nullable: true, resolve: (v) => v.row.source }),
    url: t.string({
      nullable: true,
      description:
        "Path of the image bytes. Sizes snap up to 64, 128, 256, 512 or 1024 px, never above the original: asked above it, the original's own size is served (a 500 px cover at 512 or 1024 answers 500). Default 256 webp.",
      args: {
        size: t.arg.int({ required: false }),
        format: t.arg({ type: ImageFormat, required: false }),
      },
      resolve: (v, args) => {
        if (!v.image) return null;
        // Not in an error union: a plain ValidationError would be masked as "Unexpected error.".
        if (args.size != null && (args.size < 1 || args.size > 4096)) throw new GraphQLError('size must be from 1 to 4096', { extensions: { code: 'BAD_USER_INPUT' } });
        return variantPath(v.image.hash, snapSize(args.size ?? undefined, v.image.width, v.image.height), (args.format ?? 'webp') as Format);
      },
    }),
    srcset: t.string({
      nullable: true,
      description: 'Every size the cover is served at with its real pixel width, for <img srcset>: "/covers/<hash>/64.webp 64w, …, /covers/<hash>/500.webp 500w".',
      args: { format: t.arg({ type: ImageFormat, required: false }) },
      resolve: (v, args) => (v.image ? coverVariants(v, args.format).map((s) => `${s.url} ${s.width}w`).join(', ') : null),
    }),
    variants: t.field({
      type: [CoverVariant],
      description: 'The sizes in srcset, with their paths and real dimensions; empty without an image.',
      args: { format: t.arg({ type: ImageFormat, required: false }) },
      resolve: (v, args) => coverVariants(v, args.format),
    }),
    width: t.int({ nullable: true, description: "The original's real width in pixels (non-square covers keep their shape).", resolve: (v) => v.image?.width ?? null }),
    height: t.int({ nullable: true, description: "The original's real height in pixels.", resolve: (v) => v.image?.height ?? null }),
    dominantColor: t.string({ description: "'#rrggbb': the image's dominant colour, or the placeholder colour while PENDING.", resolve: (v) => service.pendingColor(v) }),
    thumbhash: t.string({ nullable: true, description: 'A base64 ThumbHash, to paint a blurred preview at once.', resolve: (v) => v.image?.thumbhash ?? null }),
    updatedAt: t.field({ type: 'DateTime', resolve: (v) => v.row.updated_at }),
    trace: t.field({ type: [SourceAttempt], extensions: listCost(8), resolve: (v) => v.row.trace ?? [] }),
    job: t.field({
      type: CoverJob,
      nullable: true,
      description: 'The queued, running or scheduled job for this cover, if any.',
      resolve: (v, _args, ctx) => jobLoader(ctx).load(coverJobKey(v.key)),
    }),
  }),
});

builder.objectField(AlbumRef, 'cover', (t) =>
  t.field({ type: CoverRef, resolve: (album, _args, ctx) => coverLoader(ctx).load({ type: 'album', id: album.id, name: album.title }) }),
);
builder.objectField(ArtistRef, 'image', (t) =>
  t.field({ type: CoverRef, resolve: (artist, _args, ctx) => coverLoader(ctx).load({ type: 'artist', id: artist.id, name: artist.name }) }),
);

const CoversPayload = builder.objectRef<{ covers: service.CoverView[] }>('CoversPayload').implement({
  fields: (t) => ({ covers: t.field({ type: [CoverRef], resolve: (p) => p.covers }) }),
});
const CoverPayload = builder.objectRef<{ cover: service.CoverView }>('CoverPayload').implement({
  fields: (t) => ({ cover: t.field({ type: CoverRef, resolve: (p) => p.cover }) }),
});

/** Album or Artist global ids -> entity keys with names; unknown entities are a NotFoundError. */
async function entityKeys(ctx: Context, ids: readonly string[]): Promise<service.CoverKey[]> {
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

function authorize(ctx: Context): void {
  if (!ctx.authorized) throw new ForbiddenError('this mutation needs Authorization: Bearer <API_TOKEN>');
}

/** The covers a mutation just changed, read again; reading them must not change their jobs' priority. */
async function freshViews(ctx: Context, keys: service.CoverKey[]): Promise<service.CoverView[]> {
  const views = await service.loadCoverViews(ctx, keys, { raise: false });
  const loader = coverLoader(ctx);
  views.forEach((v, i) => loader.clear(keys[i]!).prime(keys[i]!, v));
  return views;
}

const errorTypes = [ValidationError, NotFoundError, ForbiddenError];
const toEntity = (k: service.CoverKey): EntityKey => ({ type: k.type, id: k.id });

builder.mutationFields((t) => ({
  requestCovers: t.field({
    type: CoversPayload,
    description: 'Asks for these albums/artists now: a queued job has its priority raised and runs next; no duplicate is ever added.',
    errors: { types: errorTypes },
    args: {
      ids: t.arg.idList({ required: true }),
      priority: t.arg({ type: CoverPriority, defaultValue: 'HIGH' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const keys = await entityKeys(ctx, args.ids);
      await service.requestCovers(ctx, keys.map(toEntity), args.priority ?? 'HIGH');
      return { covers: await freshViews(ctx, keys) };
    },
  }),
  refreshCovers: t.field({
    type: CoversPayload,
    description: 'Searches again, even for READY or MISSING covers (an uploaded image still wins).',
    errors: { types: errorTypes },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const keys = await entityKeys(ctx, args.ids);
      await service.refreshCovers(ctx, keys.map(toEntity));
      return { covers: await freshViews(ctx, keys) };
    },
  }),
  uploadCover: t.field({
    type: CoverPayload,
    description: 'Sets the picture by hand (JPEG, PNG, WebP, GIF, AVIF or TIFF, at most 10 MB); it overrides the sources until resetCover.',
    errors: { types: errorTypes },
    args: { id: t.arg.id({ required: true }), file: t.arg({ type: 'File', required: true }) },
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
  resetCover: t.field({
    type: CoverPayload,
    description: 'Forgets an uploaded picture and runs the sources again.',
    errors: { types: errorTypes },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const [key] = await entityKeys(ctx, [args.id]);
      await service.resetCover(ctx, toEntity(key!));
      return { cover: (await freshViews(ctx, [key!]))[0]! };
    },
  }),
}));

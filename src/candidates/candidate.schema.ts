import { createContextCache } from '@pothos/core';
import { resolveArrayConnection } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { CoverEventRef } from '../covers/cover-events.schema.js';
import type { EntityKey } from '../covers/cover.repository.js';
import { authorize, CoverPayload, entityKeys, errorTypes, freshViews, ImageFormat } from '../covers/cover.schema.js';
import { pinCover } from '../covers/cover.service.js';
import { rankCandidates, scoreCandidate, type ImageType } from '../covers/sources/candidate.js';
import { sourceValue } from '../covers/sources/catalog.js';
import { NotFoundError } from '../errors.js';
import { groupBy } from '../group-by.js';
import type { ImageFormat as Format } from '../images/image.pipeline.js';
import { findImageInfoByHashes } from '../images/image.repository.js';
import { imagePath } from '../images/image.urls.js';
import { AlbumRef, ArtistRef } from '../library/library.schema.js';
import { builder, encodeId } from '../schema/builder.js';
import { CoverSource } from '../schema/cover-enums.js';
import { listCost } from '../schema/limits.js';
import { claimCandidateGathers, findCandidate, findCandidatesByKeys } from './candidate.repository.js';
import type { CoverCandidateRow } from './candidate.table.js';

interface CandidateView extends CoverCandidateRow {
  /** The preview's stored size (what the URL ladder is cut from). */
  preview: { width: number; height: number };
}

const CandidateMatch = builder.enumType('CandidateMatch', {
  description: 'How a candidate was matched to the album or artist, most certain first.',
  values: {
    MBID: { value: 'mbid', description: 'By the exact MusicBrainz release (or artist) id.' },
    RELEASE_GROUP: { value: 'release-group', description: 'By the MusicBrainz release group id.' },
    SEARCH: { value: 'search', description: 'By an artist + title search (see similarity).' },
    LOCAL: { value: 'local', description: 'A picture beside the music (embedded or in the folder).' },
  } as const,
});
const CandidateType = builder.enumType('CandidateType', {
  description: 'What a candidate picture shows.',
  values: {
    FRONT: { value: 'front', description: 'An album front cover.' },
    BACK: { value: 'back', description: 'A back cover.' },
    BOOKLET: { value: 'booklet', description: 'A booklet page.' },
    MEDIUM: { value: 'medium', description: 'The disc itself.' },
    ARTIST: { value: 'artist', description: 'An artist picture.' },
    BACKGROUND: { value: 'background', description: 'An artist background (fanart.tv).' },
  } as const,
});

/** The score tuple (type, confidence, local, resolution, squareness) as one number that sorts the same way. */
const scoreNumber = (s: [number, number, number, number, number]) => s[0] * 1e9 + s[1] * 1e8 + s[2] * 1e5 + s[3] * 10 + s[4] * 9;
const wantedOf = (row: CoverCandidateRow): ImageType => (row.entity_type === 'album' ? 'front' : 'artist');
const asCandidate = (r: CoverCandidateRow) => ({ match: r.match, type: r.type, width: r.width, height: r.height, detail: r.detail, ...(r.similarity !== null ? { similarity: r.similarity } : {}) });

const CoverCandidate = builder.objectRef<CandidateView>('CoverCandidate').implement({
  description: 'One picture a source offers for a cover, with its preview served by this service (the browser never loads the remote host). chooseCover pins it.',
  fields: (t) => ({
    id: t.id({ description: 'Global id, stable for this entity and picture.', resolve: (c) => encodeId('CoverCandidate', `${c.entity_type}:${c.entity_id}:${c.candidate_id}`) }),
    candidateId: t.exposeString('candidate_id', { description: 'What chooseCover takes: the same every time the source offers this picture.' }),
    source: t.field({ type: CoverSource, description: 'The source that offered it.', resolve: (c) => sourceValue(c.source) }),
    match: t.field({ type: CandidateMatch, description: 'How it was matched.', resolve: (c) => c.match }),
    type: t.field({ type: CandidateType, description: 'What it shows.', resolve: (c) => c.type }),
    similarity: t.float({ nullable: true, description: 'For a search match: how alike its title and artist are, 0..1.', resolve: (c) => c.similarity }),
    width: t.exposeInt('width', { description: 'Its width in pixels, as the source gives it (else the preview).' }),
    height: t.exposeInt('height', { description: 'Its height in pixels.' }),
    score: t.float({
      description: 'The selection score (the wanted type, then match confidence, local over remote, resolution up to 1200 px, squareness), as one number: higher ranks first, except that an exact-MBID remote picture at least twice as large goes ahead of a local one under COVER_UPGRADE_BELOW_PX (the upgrade rule), so the list order is the selection order and can differ from this number\'s.',
      resolve: (c) => scoreNumber(scoreCandidate(asCandidate(c), wantedOf(c))),
    }),
    detail: t.exposeString('detail', { description: 'What the source said about it.' }),
    previewUrl: t.string({
      description: 'The picture on this service, sizes snapped like Cover.url (default 256 webp).',
      args: {
        size: t.arg.int({ required: false, description: 'The size wanted in pixels (1 to 4096).' }),
        format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }),
      },
      resolve: (c, args) => imagePath({ hash: c.image_hash, ...c.preview }, args.size, args.format as Format | null | undefined),
    }),
  }),
});

builder.objectRef<{ candidateId?: string }>('CoverCandidateFound').implement({
  description: 'A source offered a candidate (while coverCandidates / imageCandidates are gathered); read it there by candidateId.',
  interfaces: [CoverEventRef as never],
  fields: (t) => ({ candidateId: t.string({ description: 'The candidate found.', resolve: (e) => e.candidateId ?? '' }) }),
});

/**
 * One loader per request: a page's candidates in two queries (rows, preview sizes); entities never
 * gathered, or gathered longer ago than COVER_CANDIDATES_TTL_MS (config.coverCandidatesTtlMs), get a HIGH job in one transaction.
 */
const candidatesLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<EntityKey, CandidateView[], string>(
      async (keys) => {
        const rows = await findCandidatesByKeys(ctx.db, keys);
        const sizes = new Map((await findImageInfoByHashes(ctx.db, rows.map((r) => r.image_hash))).map((i) => [i.hash, { width: i.width, height: i.height }]));
        await ctx.db.transaction().execute(async (trx) => {
          const due = await claimCandidateGathers(trx, keys, new Date(Date.now() - ctx.config.coverCandidatesTtlMs));
          await ctx.queue.add(
            due.map((k) => ({ task: 'gather_cover_candidates' as const, payload: { entityType: k.type, entityId: k.id }, priority: 'HIGH' as const, jobKey: `candidates:${k.type}:${k.id}`, maxAttempts: 3 })),
            trx,
          );
        });
        const byKey = groupBy(rows, (r) => `${r.entity_type}:${r.entity_id}`);
        return keys.map((k) => {
          const mine = (byKey.get(`${k.type}:${k.id}`) ?? []).filter((r) => sizes.has(r.image_hash)).map((r) => ({ ...r, preview: sizes.get(r.image_hash)! }));
          const ranked = rankCandidates(mine.map((r) => ({ ...asCandidate(r), row: r })), { wanted: k.type === 'album' ? 'front' : 'artist', upgradeBelowPx: ctx.config.coverUpgradeBelowPx });
          return ranked.map((c) => c.row);
        });
      },
      { cacheKeyFn: (k) => `${k.type}:${k.id}` },
    ),
);

const CoverCandidatesConnection = builder.connectionObject(
  { type: CoverCandidate, name: 'CoverCandidatesConnection', description: 'The candidates of a cover, best first (the selection rules of COVER_SELECTION=best).' },
  { name: 'CoverCandidatesConnectionEdge', description: 'One candidate and its cursor.' },
);

const LIST = 'Every picture the sources of the chain offer, best first, with previews served here. Asking queues their gathering at HIGH priority when they were never gathered or are older than COVER_CANDIDATES_TTL_MS (a day by default; coverEvents streams CoverCandidateFound as each is found); until then the list is what was kept.';

for (const [ref, field, type] of [[AlbumRef, 'coverCandidates', 'album'], [ArtistRef, 'imageCandidates', 'artist']] as const) {
  builder.objectField(ref as typeof AlbumRef, field, (t) =>
    t.field({
      type: CoverCandidatesConnection,
      description: LIST,
      extensions: listCost(20),
      args: { first: t.arg.int({ description: 'How many (at most 100).' }), after: t.arg.string({ description: 'The cursor of the last one seen.' }) },
      resolve: async (entity, args, ctx) => {
        const all = await candidatesLoader(ctx).load({ type, id: entity.id });
        return resolveArrayConnection({ args: { first: Math.min(args.first ?? 20, 100), after: args.after ?? undefined } }, all);
      },
    }),
  );
}

builder.mutationFields((t) => ({
  chooseCover: t.field({
    type: CoverPayload,
    description: 'Pins one of coverCandidates / imageCandidates as the cover, like an upload: kept over the sources until resetCover.',
    errors: { types: errorTypes },
    args: {
      id: t.arg.id({ required: true, description: 'The Album or Artist global id.' }),
      candidateId: t.arg.string({ required: true, description: 'CoverCandidate.candidateId.' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx);
      const [key] = await entityKeys(ctx, [args.id]);
      const candidate = await findCandidate(ctx.db, { type: key!.type, id: key!.id }, args.candidateId);
      if (!candidate) throw new NotFoundError(args.candidateId.slice(0, 80), 'candidate');
      await pinCover(ctx, { type: key!.type, id: key!.id }, candidate.image_hash, sourceValue(candidate.source));
      return { cover: (await freshViews(ctx, [key!]))[0]! };
    },
  }),
}));

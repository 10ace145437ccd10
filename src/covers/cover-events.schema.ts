import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { filter, pipe } from 'graphql-yoga';
import type { Context } from '../context.js';
import { encodeId } from '../schema/builder.js';
import { builder } from '../schema/builder.js';
import { expectId } from '../schema/ids.js';
import type { CoverEvent } from './cover.events.js';
import { AlbumRef, ArtistRef } from '../library/library.schema.js';
import type { Album, Artist } from '../library/library.table.js';
import { AttemptOutcome, CoverPriority, CoverRef } from './cover.schema.js';
import { coverLoader } from './cover.loader.js';
import { CoverSource } from '../schema/cover-enums.js';
import { loadEntityNames } from './cover.service.js';
import { followExternalIds } from '../library/library.push.js';
import { ExternalIdsInput } from '../library/library.push.schema.js';
import type { CoverSourceName } from './cover.table.js';

const globalId = (e: CoverEvent) => encodeId(e.entityType === 'album' ? 'Album' : 'Artist', e.entityId);

/** Names for placeholder colours, batched like everything else. */
const nameLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, string>(async (keys) => {
      const parsed = keys.map((k) => {
        const [type, id] = k.split(':');
        return { type: type as 'album' | 'artist', id: Number(id) };
      });
      const names = await loadEntityNames(ctx.db, parsed);
      return keys.map((k) => names.get(k) ?? '');
    }),
);

/**
 * The cover as it is now. A subscription keeps one context for its whole life, so the loaders'
 * caches are cleared for this entity first: every event re-reads the row.
 */
async function currentCover(e: CoverEvent, ctx: Context) {
  const k = `${e.entityType}:${e.entityId}`;
  nameLoader(ctx).clear(k);
  const name = await nameLoader(ctx).load(k);
  const key = { type: e.entityType, id: e.entityId, name };
  coverLoader(ctx).clear(key);
  return coverLoader(ctx).load(key);
}

/**
 * The album or artist itself, read through the request's loaders (the bus carries ids only). Its
 * cover is cleared from the loader first, so `subject { ... on Album { cover { status } } }` is the
 * cover as it is now, and a normalised client cache updates the album from the event alone.
 */
async function subject(e: CoverEvent, ctx: Context): Promise<Album | Artist> {
  const id = String(e.entityId);
  let row: Album | Artist;
  if (e.entityType === 'album') row = await AlbumRef.getDataloader(ctx).clear(id).load(id);
  else row = await ArtistRef.getDataloader(ctx).clear(id).load(id);
  coverLoader(ctx).clear({ type: e.entityType, id: e.entityId, name: '' });
  return row;
}

const CoverSubject = builder.unionType('CoverSubject', {
  description: 'What a cover belongs to: an Album (its cover) or an Artist (its image).',
  types: [AlbumRef, ArtistRef],
});

export const CoverEventRef = builder.interfaceRef<CoverEvent>('CoverEvent').implement({
  description: 'One step of a cover being resolved. `id` is the Album or Artist id; `subject` is that node.',
  resolveType: (e) => TYPE_OF[e.kind],
  fields: (t) => ({
    id: t.id({ description: 'The global id of the Album or Artist this event is about.', resolve: globalId }),
    subject: t.field({ type: CoverSubject, description: 'The Album or Artist this event is about, as it is now.', resolve: (e, _a, ctx) => subject(e, ctx) }),
    priority: t.field({ type: CoverPriority, description: 'The priority of the job this event belongs to.', resolve: (e) => e.priority }),
    at: t.field({ type: 'DateTime', description: 'When the event was sent.', resolve: (e) => e.at }),
  }),
});

const COVER_NOW = 'The cover as it is now (the same object as the subject\'s cover or image).';

const TYPE_OF: Record<CoverEvent['kind'], string> = {
  QUEUED: 'CoverQueued',
  STARTED: 'CoverStarted',
  SOURCE_TRIED: 'CoverSourceTried',
  PROCESSING: 'CoverProcessing',
  READY: 'CoverReady',
  FALLBACK: 'CoverFallback',
  MISSING: 'CoverMissing',
  FAILED: 'CoverFailed',
  CANDIDATE_FOUND: 'CoverCandidateFound',
};

const simple = (name: string, description: string) =>
  builder.objectRef<CoverEvent>(name).implement({ description, interfaces: [CoverEventRef], fields: () => ({}) });

simple('CoverQueued', 'A job was queued or raised for this cover.');
simple('CoverStarted', 'A worker started on it.');

builder.objectRef<CoverEvent>('CoverSourceTried').implement({
  description: 'One source of the fallback chain answered.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    source: t.field({ type: CoverSource, description: 'The source that answered.', resolve: (e) => e.source as CoverSourceName }),
    outcome: t.field({ type: AttemptOutcome, description: 'What it answered.', resolve: (e) => e.outcome! }),
    detail: t.string({ description: 'Why, in words (the URL host, the status, the reason a candidate was rejected).', resolve: (e) => e.detail ?? '' }),
    durationMs: t.int({ description: 'How long the source took.', resolve: (e) => e.durationMs ?? 0 }),
  }),
});

builder.objectRef<CoverEvent>('CoverProcessing').implement({
  description: 'A candidate was found and is being validated and processed.',
  interfaces: [CoverEventRef],
  // Non-null like CoverSourceTried.source: the same field name has one type in every event.
  fields: (t) => ({ source: t.field({ type: CoverSource, description: 'The source whose candidate is being processed.', resolve: (e) => e.source as CoverSourceName }) }),
});

builder.objectRef<CoverEvent>('CoverReady').implement({
  description: 'A real image is ready.',
  interfaces: [CoverEventRef],
  fields: (t) => ({ cover: t.field({ type: CoverRef, description: COVER_NOW, resolve: (e, _a, ctx) => currentCover(e, ctx) }) }),
});

builder.objectRef<CoverEvent>('CoverFallback').implement({
  description: 'A placeholder is shown; a remote source failed and is retried at retryAt.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    cover: t.field({ type: CoverRef, description: COVER_NOW, resolve: (e, _a, ctx) => currentCover(e, ctx) }),
    retryAt: t.field({ type: 'DateTime', nullable: true, description: 'When the failed source is tried again.', resolve: (e) => e.retryAt ?? null }),
  }),
});

builder.objectRef<CoverEvent>('CoverMissing').implement({
  description: 'Every source said no: a generated placeholder.',
  interfaces: [CoverEventRef],
  fields: (t) => ({ cover: t.field({ type: CoverRef, description: COVER_NOW, resolve: (e, _a, ctx) => currentCover(e, ctx) }) }),
});

builder.objectRef<CoverEvent>('CoverFailed').implement({
  description: 'Gave up after the retry budget; placeholder shown.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    cover: t.field({ type: CoverRef, description: COVER_NOW, resolve: (e, _a, ctx) => currentCover(e, ctx) }),
    error: t.string({ description: 'The last error, in words.', resolve: (e) => e.error ?? '' }),
  }),
});

function entityKeys(ids: readonly string[]): Set<string> {
  return new Set(
    ids.map((id) => {
      for (const [typename, type] of [['Album', 'album'], ['Artist', 'artist']] as const) {
        try {
          return `${type}:${expectId(id, typename)}`;
        } catch {
          // try the next type
        }
      }
      throw new GraphQLError(`"${id.slice(0, 80)}" is not an album or artist id`, { extensions: { code: 'BAD_USER_INPUT' } });
    }),
  );
}

builder.subscriptionFields((t) => ({
  coverEvents: t.field({
    type: CoverEventRef,
    description: "How covers are coming along: for the given albums/artists (by id, or by SoniqueBay's ids in `externalIds`), or all when neither is given.",
    args: {
      ids: t.arg.idList({ required: false, description: 'Album or Artist global ids; every cover when neither this nor externalIds is given.' }),
      externalIds: t.arg({ type: ExternalIdsInput, required: false, description: "SoniqueBay's own ids of the albums and artists to follow." }),
    },
    subscribe: async (_root, args, ctx) => {
      const byId = args.ids ? entityKeys(args.ids) : null;
      // External ids are followed as the backend registers them, not only those known now.
      const byExternalId = args.externalIds ? await followExternalIds(ctx, args.externalIds) : null;
      const wanted = (e: CoverEvent) => {
        if (byId === null && byExternalId === null) return true;
        if (byId?.has(`${e.entityType}:${e.entityId}`)) return true;
        return byExternalId?.({ type: e.entityType, id: e.entityId }) ?? false;
      };
      // yoga's filter awaits each answer in turn: the events keep their order.
      return pipe(ctx.events.pubsub.subscribe('cover'), filter(wanted));
    },
    resolve: (e) => e,
  }),
}));

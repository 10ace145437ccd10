import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { filter, pipe } from 'graphql-yoga';
import type { Context } from '../context.js';
import { encodeId } from '../schema/builder.js';
import { builder } from '../schema/builder.js';
import { expectId } from '../schema/ids.js';
import type { CoverEvent } from './cover.events.js';
import { AttemptOutcome, CoverPriority, CoverRef, CoverSource, coverLoader } from './cover.schema.js';
import { loadEntityNames } from './cover.service.js';
import { keysOfExternalIds } from '../library/library.push.js';
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

const CoverEventRef = builder.interfaceRef<CoverEvent>('CoverEvent').implement({
  description: 'One step of a cover being resolved. `id` is the Album or Artist id.',
  resolveType: (e) => TYPE_OF[e.kind],
  fields: (t) => ({
    id: t.id({ resolve: globalId }),
    priority: t.field({ type: CoverPriority, resolve: (e) => e.priority }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
  }),
});

const TYPE_OF: Record<CoverEvent['kind'], string> = {
  QUEUED: 'CoverQueued',
  STARTED: 'CoverStarted',
  SOURCE_TRIED: 'CoverSourceTried',
  PROCESSING: 'CoverProcessing',
  READY: 'CoverReady',
  FALLBACK: 'CoverFallback',
  MISSING: 'CoverMissing',
  FAILED: 'CoverFailed',
};

const simple = (name: string, description: string) =>
  builder.objectRef<CoverEvent>(name).implement({ description, interfaces: [CoverEventRef], fields: () => ({}) });

simple('CoverQueued', 'A job was queued or raised for this cover.');
simple('CoverStarted', 'A worker started on it.');

builder.objectRef<CoverEvent>('CoverSourceTried').implement({
  description: 'One source of the fallback chain answered.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    source: t.field({ type: CoverSource, resolve: (e) => e.source as CoverSourceName }),
    outcome: t.field({ type: AttemptOutcome, resolve: (e) => e.outcome! }),
    detail: t.string({ resolve: (e) => e.detail ?? '' }),
    durationMs: t.int({ resolve: (e) => e.durationMs ?? 0 }),
  }),
});

builder.objectRef<CoverEvent>('CoverProcessing').implement({
  description: 'A candidate was found and is being validated and processed.',
  interfaces: [CoverEventRef],
  fields: (t) => ({ source: t.field({ type: CoverSource, nullable: true, resolve: (e) => e.source ?? null }) }),
});

builder.objectRef<CoverEvent>('CoverReady').implement({
  description: 'A real image is ready.',
  interfaces: [CoverEventRef],
  fields: (t) => ({ cover: t.field({ type: CoverRef, resolve: (e, _a, ctx) => currentCover(e, ctx) }) }),
});

builder.objectRef<CoverEvent>('CoverFallback').implement({
  description: 'A placeholder is shown; a remote source failed and is retried at retryAt.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    cover: t.field({ type: CoverRef, resolve: (e, _a, ctx) => currentCover(e, ctx) }),
    retryAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.retryAt ?? null }),
  }),
});

builder.objectRef<CoverEvent>('CoverMissing').implement({
  description: 'Every source said no: a generated placeholder.',
  interfaces: [CoverEventRef],
  fields: (t) => ({ cover: t.field({ type: CoverRef, resolve: (e, _a, ctx) => currentCover(e, ctx) }) }),
});

builder.objectRef<CoverEvent>('CoverFailed').implement({
  description: 'Gave up after the retry budget; placeholder shown.',
  interfaces: [CoverEventRef],
  fields: (t) => ({
    cover: t.field({ type: CoverRef, resolve: (e, _a, ctx) => currentCover(e, ctx) }),
    error: t.string({ resolve: (e) => e.error ?? '' }),
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
    args: { ids: t.arg.idList({ required: false }), externalIds: t.arg({ type: ExternalIdsInput, required: false }) },
    subscribe: async (_root, args, ctx) => {
      let wanted = args.ids ? entityKeys(args.ids) : null;
      if (args.externalIds) {
        wanted ??= new Set();
        for (const k of await keysOfExternalIds(ctx, args.externalIds)) wanted.add(`${k.type}:${k.id}`);
      }
      return pipe(
        ctx.events.pubsub.subscribe('cover'),
        filter((e: CoverEvent) => wanted === null || wanted.has(`${e.entityType}:${e.entityId}`)),
      );
    },
    resolve: (e) => e,
  }),
}));

import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { builder, decodeId } from '../schema/builder.js';
import { AlbumRef, ArtistRef, TrackRef } from './library.schema.js';

/**
 * Relay's `node` and `nodes`. An id that decodes but names nothing (deleted, or another type's
 * number) is null, as Relay clients expect; in `nodes` a malformed id is null too, so one stale id
 * never fails the whole list.
 */
const LOADABLE = { Album: AlbumRef, Artist: ArtistRef, Track: TrackRef } as const;

async function loadNode(ctx: Context, typename: string, id: string): Promise<object | null> {
  const ref = LOADABLE[typename as keyof typeof LOADABLE];
  if (!ref) return null;
  try {
    return (await ref.getDataloader(ctx).load(id)) as object;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

function tryDecode(globalId: string): { typename: string; id: string } | null {
  try {
    return decodeId(globalId);
  } catch {
    return null;
  }
}

const NodeRef = builder.nodeInterfaceRef();

builder.queryFields((t) => ({
  node: t.field({
    type: NodeRef,
    nullable: true,
    description: 'The Album, Artist or Track with this global id; null when it no longer exists. A malformed id is BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true, description: 'A global id, as read from an `id` field.' }) },
    resolve: async (_root, args, ctx) => {
      const decoded = decodeId(args.id);
      return loadNode(ctx, decoded.typename, decoded.id);
    },
  }),
  nodes: t.field({
    type: [NodeRef],
    nullable: { list: false, items: true },
    description: 'The nodes with these global ids, in order; null for each id that is malformed or names nothing.',
    args: { ids: t.arg.idList({ required: true, description: 'Global ids, as read from `id` fields (at most 1000).' }) },
    // A list as long as the ids asked for: priced like any other list (schema/limits.ts).
    extensions: { complexity: ({ args, childComplexity }: { args: { ids?: unknown[] }; childComplexity: number }) => 1 + (args.ids?.length ?? 1) * Math.max(1, childComplexity) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > 1000) throw new GraphQLError('at most 1000 ids at once', { extensions: { code: 'BAD_USER_INPUT' } });
      return Promise.all(args.ids.map((globalId) => {
        const decoded = tryDecode(globalId);
        return decoded ? loadNode(ctx, decoded.typename, decoded.id) : null;
      }));
    },
  }),
}));

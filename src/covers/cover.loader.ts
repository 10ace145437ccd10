import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import * as service from './cover.service.js';

/**
 * One loader per request for all covers (albums and artists alike): one batch per tick. Apart from
 * cover.schema.ts so that a page resolver (library.schema.ts) can prime it without a cycle.
 */
export const coverLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<service.CoverKey, service.CoverView, string>((keys) => service.loadCoverViews(ctx, keys), {
      cacheKeyFn: (k) => `${k.type}:${k.id}`,
    }),
);

/**
 * The covers a page read along with its own entity objects (the albums page's look-ahead), by
 * object: kept apart from the loader because such a row has only the columns that page's selection
 * reads (no trace unless selected), and the same cover reached another way may select more.
 */
const pageCovers = createContextCache((_ctx: Context) => new WeakMap<object, service.CoverView>());

/**
 * Keeps covers read along with a page for the page's own objects. Only rows a read would leave alone
 * are kept (`readIsSettled`): a missing or untried PENDING cover still goes through the loader, which
 * creates its row and queues its job at NORMAL, as any read does.
 */
export function keepPageCovers(ctx: Context, covers: readonly { owner: object; key: service.CoverKey; row: service.CoverViewRow | null; image: service.ImageInfo | undefined }[]): void {
  const kept = pageCovers(ctx);
  for (const c of covers) if (c.row && service.readIsSettled(c.row)) kept.set(c.owner, service.coverView(c.key, c.row, c.image));
}

/** The cover of an entity object: the one its page read with it, else through the loader. */
export function loadCoverOf(ctx: Context, owner: object, key: service.CoverKey): Promise<service.CoverView> {
  const kept = pageCovers(ctx).get(owner);
  return kept ? Promise.resolve(kept) : coverLoader(ctx).load(key);
}

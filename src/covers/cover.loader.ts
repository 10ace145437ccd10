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
 * Primes the loader with covers read along with a page. Only rows a read would leave alone are
 * primed (`readIsSettled`): a missing or untried PENDING cover still goes through the batch, which
 * creates its row and queues its job at NORMAL, as any read does.
 */
export function primeCovers(ctx: Context, covers: readonly { key: service.CoverKey; row: service.CoverView['row'] | null; image: service.ImageInfo | undefined }[]): void {
  const loader = coverLoader(ctx);
  for (const c of covers) if (c.row && service.readIsSettled(c.row)) loader.prime(c.key, service.coverView(c.key, c.row, c.image));
}

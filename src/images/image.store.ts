import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.js';
import { DEFAULT_VARIANT, renderVariant, snapSize, type ImageFormat, type NormalisedImage } from './image.pipeline.js';
import * as repo from './image.repository.js';
import type { ImageWork } from './image.work.js';
import type { ImageAttribution } from './image.table.js';

export interface VariantRequest {
  hash: string;
  /** Already snapped to the ladder, or undefined for the default size. */
  size?: number;
  format: ImageFormat;
}

export interface ImageStoreStats {
  hits: number;
  misses: number;
  rendered: number;
  evictions: number;
  entries: number;
  bytes: number;
}

export interface ImageStore {
  /** Stores a normalised original (deduplicated by hash). */
  put(img: NormalisedImage): Promise<void>;
  /** Records a stored original's author and licence (Cover.attribution). */
  attribute(hash: string, attribution: ImageAttribution): Promise<void>;
  /** Renders and stores the default variant (256 px webp, or smaller originals' size) unless it is stored. */
  prepareDefault(img: NormalisedImage): Promise<void>;
  /** The variant's bytes and the size it was snapped to; undefined when the hash is unknown. */
  variant(req: VariantRequest): Promise<{ data: Buffer; size: number } | undefined>;
  stats(): ImageStoreStats;
}

/**
 * Variants live in Postgres (shared by every process) behind a byte-bounded in-memory LRU.
 * Concurrent requests for the same variant share one render.
 */
export function createImageStore(db: Db, opts: { cacheBytes: number; work?: ImageWork }): ImageStore {
  // Without a limiter (scripts, benches' seeding) work runs at once.
  const work: ImageWork = opts.work ?? { run: (fn) => fn(), stats: () => ({ active: 0, queued: 0, shed: 0 }) };
  const counters = { hits: 0, misses: 0, rendered: 0, evictions: 0 };
  const cache = new LRUCache<string, Buffer>({
    maxSize: Math.max(1, opts.cacheBytes),
    sizeCalculation: (b) => Math.max(1, b.length),
    dispose: (_v, _k, reason) => {
      if (reason === 'evict') counters.evictions++;
    },
  });
  const inflight = new Map<string, Promise<{ data: Buffer; size: number } | undefined>>();
  const dims = new LRUCache<string, { width: number; height: number }>({ max: 10_000 });

  async function originalSize(hash: string): Promise<{ width: number; height: number } | undefined> {
    const known = dims.get(hash);
    if (known) return known;
    const [info] = await repo.findImageInfoByHashes(db, [hash]);
    if (!info) return undefined;
    const d = { width: info.width, height: info.height };
    dims.set(hash, d);
    return d;
  }

  async function load(req: VariantRequest, size: number, key: string): Promise<{ data: Buffer; size: number } | undefined> {
    const stored = await repo.takeVariant(db, req.hash, size, req.format);
    if (stored) {
      remember(key, stored);
      return { data: stored, size };
    }
    const data = await render(req.hash, size, req.format);
    if (data) remember(key, data);
    return data && { data, size };
  }

  async function render(hash: string, size: number, format: ImageFormat): Promise<Buffer | undefined> {
    // The original is read inside the slot: a queue of waiting requests holds no image bytes.
    const data = await work.run(async () => {
      const original = await repo.findImageOriginal(db, hash);
      return original && renderVariant(original.data, size, format);
    });
    if (!data) return undefined;
    counters.rendered++;
    await repo.insertVariant(db, hash, size, format, data);
    return data;
  }

  function remember(key: string, data: Buffer) {
    if (opts.cacheBytes > 0 && data.length <= opts.cacheBytes) cache.set(key, data);
  }

  return {
    async put(img) {
      await repo.insertImage(db, img);
      dims.set(img.hash, { width: img.width, height: img.height });
    },
    attribute: (hash, attribution) => repo.setImageAttribution(db, hash, attribution),
    async prepareDefault(img) {
      // From the original in hand: no need to read back the bytes just stored.
      const size = snapSize(undefined, img.width, img.height);
      if (await repo.hasVariant(db, img.hash, size, DEFAULT_VARIANT.format)) return;
      const data = await work.run(() => renderVariant(img.data, size, DEFAULT_VARIANT.format), { wait: true });
      counters.rendered++;
      await repo.insertVariant(db, img.hash, size, DEFAULT_VARIANT.format, data);
    },
    async variant(req) {
      const d = await originalSize(req.hash);
      if (!d) return undefined;
      const size = snapSize(req.size, d.width, d.height);
      const key = `${req.hash}/${size}.${req.format}`;
      const hit = cache.get(key);
      if (hit) {
        counters.hits++;
        return { data: hit, size };
      }
      counters.misses++;
      let pending = inflight.get(key);
      if (!pending) {
        pending = load(req, size, key).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    stats: () => ({ ...counters, entries: cache.size, bytes: cache.calculatedSize }),
  };
}

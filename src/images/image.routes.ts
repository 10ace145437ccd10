import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidRequestedSize, type ImageFormat } from './image.pipeline.js';
import type { ImageStore } from './image.store.js';
import { BusyError } from './image.work.js';

/** Any page may draw a cover (on a canvas too): public bytes, no credentials. */
const PUBLIC = { 'access-control-allow-origin': '*' };

const ROUTE = /^\/covers\/([^/]+)\/([^/]+)\.([A-Za-z0-9]+)$/;
const HASH = /^[0-9a-f]{64}$/;
const EXTENSIONS: Record<string, { format: ImageFormat; type: string }> = {
  webp: { format: 'webp', type: 'image/webp' },
  jpg: { format: 'jpeg', type: 'image/jpeg' },
  jpeg: { format: 'jpeg', type: 'image/jpeg' },
  avif: { format: 'avif', type: 'image/avif' },
};
export const FORMAT_EXTENSION: Record<ImageFormat, string> = { webp: 'webp', jpeg: 'jpg', avif: 'avif' };

/** The public path of a variant: content-addressed, so it can be cached forever. */
export function variantPath(hash: string, size: number, format: ImageFormat): string {
  return `/covers/${hash}/${size}.${FORMAT_EXTENSION[format]}`;
}

export function isImageRoute(path: string): boolean {
  return path.startsWith('/covers/');
}

/** GET /covers/<hash>/<size>.<webp|jpg|avif>: immutable bytes, strong ETag, 304 on If-None-Match. */
export async function serveImage(store: ImageStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...PUBLIC, 'access-control-allow-methods': 'GET, HEAD', 'access-control-max-age': '86400', 'content-length': '0' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed', { allow: 'GET, HEAD, OPTIONS' });
  const m = ROUTE.exec(path);
  if (!m) return text(res, 404, 'not found');
  const [, hash = '', sizeText = '', ext = ''] = m;
  const kind = EXTENSIONS[ext.toLowerCase()];
  if (!kind) return text(res, 400, `unsupported format "${ext.slice(0, 10)}" (webp, jpg or avif)`);
  const size = /^\d{1,5}$/.test(sizeText) ? Number(sizeText) : NaN;
  if (!isValidRequestedSize(size)) return text(res, 400, 'size must be a whole number of pixels from 1 to 4096');
  if (!HASH.test(hash)) return text(res, 404, 'no such image');

  let found;
  try {
    found = await store.variant({ hash, size, format: kind.format });
  } catch (err) {
    // Too many cold renders at once: the client may come back (images/image.work.ts).
    if (err instanceof BusyError) return text(res, 503, err.message, { 'retry-after': String(err.retryAfterSeconds) });
    throw err;
  }
  if (!found) return text(res, 404, 'no such image');
  const etag = `"${hash.slice(0, 32)}-${found.size}-${kind.format}"`;
  const headers = {
    ...PUBLIC,
    'content-type': kind.type,
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (matches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(found.data.length) });
  res.end(req.method === 'HEAD' ? undefined : found.data);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function text(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...PUBLIC, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../env.js';
import { GRAPHIQL_CSP, GRAPHIQL_PREFIX, GRAPHIQL_VERSION, graphiqlAsset } from './graphiql.js';

/** Where scripts/build.mjs writes the console (web/), run by `prestart` and the test setup. */
export const CONSOLE_DIR = join(PROJECT_ROOT, 'dist', 'console');
const CONSOLE_PREFIX = '/console/';

/** The console talks to /graphql, loads /console/ and /covers/ images and thumbhash data: URLs only. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};
const ASSET_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** `/` (the console), `/console/*` (its built files) and `/graphiql/*` (GraphiQL's bundled assets). */
export function isConsoleRoute(path: string): boolean {
  return path === '/' || path === '/index.html' || path.startsWith(CONSOLE_PREFIX) || path.startsWith(GRAPHIQL_PREFIX);
}

export async function serveConsole(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  if (path.startsWith(GRAPHIQL_PREFIX)) return serveGraphiqlAsset(req, res, path.slice(GRAPHIQL_PREFIX.length));
  const name = path.startsWith(CONSOLE_PREFIX) ? path.slice(CONSOLE_PREFIX.length) : 'index.html';
  const type = TYPES[extname(name)];
  if (!ASSET_NAME.test(name) || !type) return text(res, 404, 'not found');
  let body: Buffer;
  try {
    body = await readFile(join(CONSOLE_DIR, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (name === 'index.html') return text(res, 503, 'the console is not built: run `npm run build`');
    return text(res, 404, 'not found');
  }
  res.writeHead(200, {
    'content-type': type,
    // Rebuilt in place by `npm start`: revalidate rather than cache.
    'cache-control': 'no-cache',
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function serveGraphiqlAsset(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const etag = `"graphiql-${GRAPHIQL_VERSION}-${name.replace(/[^a-z0-9.]/gi, '')}"`;
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const asset = await graphiqlAsset(name, acceptsGzip);
  if (!asset) return text(res, 404, 'not found');
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=86400',
    etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  if (asset.gzip) headers['content-encoding'] = 'gzip';
  res.writeHead(200, { ...headers, 'content-length': String(asset.body.length) });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

/** A yoga plugin: the GraphiQL page (text/html from /graphql) gets the same-origin-only CSP. */
export function useGraphiqlCsp(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) response.headers.set('content-security-policy', GRAPHIQL_CSP);
    },
  };
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

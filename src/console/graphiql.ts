import { createRequire } from 'node:module';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL without a CDN: yoga's own bundled build (@graphql-yoga/render-graphiql, the same
 * version as graphql-yoga) served as separate files from /graphiql/, so the page's CSP can allow
 * the service's own origin and nothing else (yoga's default page loads unpkg; render-graphiql's
 * page inlines 9 MB of script, which a strict CSP refuses).
 */
export const GRAPHIQL_PREFIX = '/graphiql/';

/** Only the service's own origin; Monaco injects <style> elements, hence 'unsafe-inline' for styles. */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Sets the editor workers to same-origin URLs (render-graphiql makes blob: URLs of inlined
// strings) and starts GraphiQL with yoga's options, read from inert JSON in the page.
const BOOT = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_id, label) => '${GRAPHIQL_PREFIX}' + ({ json: 'json', graphql: 'graphql' }[label] || 'editor') + '.worker.js',
};
YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), JSON.parse(document.getElementById('graphiql-options').textContent));
`;

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Promise<Buffer>;
}

let assets: Promise<Map<string, Asset>> | undefined;

/** Loaded on the first GraphiQL request only: the bundle is ~9 MB of strings a Pi need not hold otherwise. */
function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= (async () => {
    const a: typeof import('@graphql-yoga/render-graphiql/graphiql') = await import('@graphql-yoga/render-graphiql/graphiql');
    const js = 'text/javascript; charset=utf-8';
    const favicon = Buffer.from(a.favicon.slice(a.favicon.indexOf(',') + 1), 'base64');
    return new Map<string, Asset>([
      ['graphiql.js', { type: js, body: Buffer.from(a.js) }],
      ['graphiql.css', { type: 'text/css; charset=utf-8', body: Buffer.from(a.css) }],
      ['boot.js', { type: js, body: Buffer.from(BOOT) }],
      ['editor.worker.js', { type: js, body: Buffer.from(a.editorWorkerService) }],
      ['json.worker.js', { type: js, body: Buffer.from(a.jsonWorker) }],
      ['graphql.worker.js', { type: js, body: Buffer.from(a.graphqlWorker) }],
      ['favicon.ico', { type: 'image/x-icon', body: favicon }],
    ]);
  })();
  return assets;
}

/** yoga's `renderGraphiQL`: the page itself, referring only to /graphiql/ assets. */
export function renderOfflineGraphiQL(opts?: GraphiQLOptions): string {
  const title = escapeHtml(opts?.title ?? 'GraphiQL');
  // JSON in a non-script type is inert (allowed by the CSP); `<` escaped so it cannot close the tag.
  const options = JSON.stringify(opts ?? {}).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${GRAPHIQL_PREFIX}favicon.ico">
<link rel="stylesheet" href="${GRAPHIQL_PREFIX}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root"></div>
<script type="application/json" id="graphiql-options">${options}</script>
<script src="${GRAPHIQL_PREFIX}graphiql.js"></script>
<script src="${GRAPHIQL_PREFIX}boot.js"></script>
</body>
</html>
`;
}

/** The asset at /graphiql/<name>, gzipped when the client takes it; undefined when there is none. */
export async function graphiqlAsset(name: string, acceptsGzip: boolean): Promise<{ type: string; body: Buffer; gzip: boolean } | undefined> {
  const asset = (await loadAssets()).get(name);
  if (!asset) return undefined;
  if (!acceptsGzip || asset.body.length < 1024) return { type: asset.type, body: asset.body, gzip: false };
  asset.gzipped ??= gzipAsync(asset.body);
  return { type: asset.type, body: await asset.gzipped, gzip: true };
}

const gzipAsync = promisify(gzip);

export const GRAPHIQL_VERSION: string = (createRequire(import.meta.url)('@graphql-yoga/render-graphiql/package.json') as { version: string }).version;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
